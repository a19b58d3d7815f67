#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

void
err_clear(struct err *err)
{
	if (err == NULL)
		return;
	err->cls = ERR_NONE;
	err->msg[0] = '\0';
}

static void
err_vset(struct err *err, enum err_class cls, const char *fmt, va_list ap)
{
	err->cls = cls;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

int
err_set(struct err *err, enum err_class cls, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	err_vset(err, cls, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_sys(struct err *err, enum err_class cls, const char *fmt, ...)
{
	int saved = errno;
	size_t len;
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	err_vset(err, cls, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	snprintf(
	    err->msg + len, sizeof err->msg - len, ": %s", strerror(saved));
	errno = saved;
	return -1;
}

int
err_prefix(struct err *err, const char *fmt, ...)
{
	char old[ERR_MSG_MAX];
	size_t len;
	va_list ap;

	if (err == NULL)
		return -1;
	memcpy(old, err->msg, sizeof old);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof err->msg - len, ": %s", old);
	return -1;
}

enum err_class
err_class_errno(int errnum)
{
	switch (errnum) {
	case EINTR:
	case EAGAIN:
		return ERR_TEMP;
	case ETIMEDOUT:
	case ECONNREFUSED:
	case ENETUNREACH:
	case EHOSTUNREACH:
		return ERR_WAIT;
	default:
		return ERR_FINAL;
	}
}
