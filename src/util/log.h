/*
 * The debug log: a file named with -d FILE. Internals (errno, protocol
 * lines with passwords masked) go here, never to the terminal. Without
 * log_open, logging costs one branch.
 */
#ifndef TERN_UTIL_LOG_H
#define TERN_UTIL_LOG_H

#include "util/err.h"

/* Append to path (created 0600); returns 0 or -1 with err set. */
int log_open(const char *path, struct err *err);
/* Whether a log is open (to skip building expensive messages). */
int log_enabled(void);
/* Write one time-stamped line; thread-safe. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Flush and close the log. */
void log_close(void);

#endif
