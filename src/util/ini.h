/*
 * An INI tokenizer: splits text into section headers and key = value
 * pairs, with line numbers, and reports malformed lines. It knows no key
 * names; the meaning of sections and keys is config.c's business.
 *
 * Format: LF or CRLF line endings, an optional UTF-8 byte order mark,
 * blank lines, comment lines whose first non-blank character is '#' or
 * ';', "[name argument]" headers and "key = value" pairs. A value that
 * starts with '"' ends at the next unescaped '"'; inside it, \" is a
 * quote and \\ a backslash. Comments are only recognised on their own
 * line. Each line must be at most INI_LINE_MAX bytes of valid UTF-8
 * without NUL bytes or control characters other than tab.
 */
#ifndef TERN_UTIL_INI_H
#define TERN_UTIL_INI_H

#include <stddef.h>

#include "util/buf.h"

#define INI_LINE_MAX 4096

enum ini_kind {
	INI_SECTION, /* "[name arg]" */
	INI_PAIR,    /* "key = value" */
	INI_ERROR,   /* a line that is neither; error says why */
};

struct ini_item {
	enum ini_kind kind;
	unsigned line;	   /* 1-based line number */
	const char *name;  /* section: first word; pair: the key */
	const char *arg;   /* section: the rest, trimmed ("" if none) */
	const char *value; /* pair: trimmed, quotes and escapes removed */
	const char *error; /* error: translated message, no location */
};

struct ini_iter {
	const char *data;
	size_t len;
	size_t pos;
	unsigned line;
	char *text;	/* copy of the current line; items point in it */
	struct buf msg; /* the current error message */
};

/* Start walking data[0..len); data is borrowed until ini_iter_deinit. */
void ini_iter_init(struct ini_iter *it, const char *data, size_t len);
/*
 * Fill *item with the next header, pair or error, skipping blank and
 * comment lines. Returns 1, or 0 at the end of the text. The strings in
 * *item belong to the iterator and last until the next call.
 */
int ini_iter_next(struct ini_iter *it, struct ini_item *item);
/* Free what the iterator holds. */
void ini_iter_deinit(struct ini_iter *it);

#endif
