#include <config.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

static FILE *log_file;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

int
log_open(const char *path, struct err *err)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_sys(err, ERR_FINAL, "cannot open log '%s'", path);
	log_file = fdopen(fd, "a");
	if (log_file == NULL) {
		close(fd);
		return err_sys(err, ERR_FINAL, "cannot open log '%s'", path);
	}
	setvbuf(log_file, NULL, _IOLBF, 0);
	return 0;
}

int
log_enabled(void)
{
	return log_file != NULL;
}

void
log_debug(const char *fmt, ...)
{
	struct timeval tv;
	struct tm tm;
	char stamp[32];
	va_list ap;

	if (log_file == NULL)
		return;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
	pthread_mutex_lock(&log_lock);
	fprintf(log_file, "%s.%03ld [%ld] ", stamp, (long)tv.tv_usec / 1000,
	    (long)getpid());
	va_start(ap, fmt);
	vfprintf(log_file, fmt, ap);
	va_end(ap);
	fputc('\n', log_file);
	pthread_mutex_unlock(&log_lock);
}

void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
}
