/*
 * A growable byte buffer. data is never NULL and always NUL-terminated,
 * so it can be handed to string functions at any time. A buffer with a
 * non-zero max refuses to grow past it: input from the network or a file
 * is capped, and crossing the cap is an error, not a realloc.
 */
#ifndef TERN_UTIL_BUF_H
#define TERN_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t max; /* 0: no cap */
};

extern char buf_empty[];
#define BUF_INIT                                                               \
	{                                                                      \
		buf_empty, 0, 0, 0                                             \
	}

/* Start an empty buffer that may hold at most max bytes (0: no cap). */
void buf_init(struct buf *b, size_t max);
/* Append bytes; returns 0, or -1 (buffer unchanged) past the cap. */
int buf_add(struct buf *b, const void *data, size_t len);
/* Append a NUL-terminated string; same return as buf_add. */
int buf_adds(struct buf *b, const char *s);
/* Append one byte; same return as buf_add. */
int buf_addc(struct buf *b, char c);
/* Append printf output; same return as buf_add. */
int buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Make room for len more bytes without changing the content. */
int buf_grow(struct buf *b, size_t len);
/* Shorten to len bytes (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);
/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Free the memory; the buffer is empty and usable again. */
void buf_release(struct buf *b);
/* Hand the string to the caller, who frees it; the buffer is reset. */
char *buf_detach(struct buf *b, size_t *len_r);

#endif
