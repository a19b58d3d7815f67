/* Allocation that aborts on out-of-memory, so callers never check. */
#ifndef TERN_UTIL_XALLOC_H
#define TERN_UTIL_XALLOC_H

#include <stddef.h>

/* Like malloc/calloc/realloc, but never return NULL: print and abort. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Allocate n elements of size bytes each, aborting on overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
/* Copy a string (or its first n bytes); the caller frees the copy. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Free *p and set it to NULL. */
#define xfree(p)                                                               \
	do {                                                                   \
		free(*(p));                                                    \
		*(p) = NULL;                                                   \
	} while (0)

#endif
