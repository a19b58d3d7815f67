/*
 * Errors: a class that tells the caller what to do next, and a message
 * for a human that says what failed, and where. Functions that can fail
 * take a last parameter struct err *err (which may be NULL) and return -1.
 */
#ifndef TERN_UTIL_ERR_H
#define TERN_UTIL_ERR_H

enum err_class {
	ERR_NONE = 0,
	ERR_TEMP,   /* temporary: retry now (a dropped connection) */
	ERR_WAIT,   /* retry later (no network, server busy) */
	ERR_AUTH,   /* credentials refused: ask the user */
	ERR_FINAL,  /* the user must fix configuration or data */
	ERR_CANCEL, /* the user cancelled */
};

#define ERR_MSG_MAX 1024

struct err {
	enum err_class cls;
	char msg[ERR_MSG_MAX];
};

/* Empty err (may be NULL). */
void err_clear(struct err *err);
/* Set class and message; returns -1 so callers can "return err_set(...)". */
int err_set(struct err *err, enum err_class cls, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Like err_set, and append ": " and strerror(errno). */
int err_sys(struct err *err, enum err_class cls, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Put "context: " in front of the message already set; returns -1. */
int err_prefix(struct err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The class an errno value belongs to (ENOSPC and EIO are final). */
enum err_class err_class_errno(int errnum);

#endif
