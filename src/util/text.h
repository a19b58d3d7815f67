/* Text for the terminal: valid UTF-8 with no control or escape sequences. */
#ifndef TERN_UTIL_TEXT_H
#define TERN_UTIL_TEXT_H

#include <stddef.h>

#include "util/buf.h"

enum text_flags {
	TEXT_KEEP_NEWLINES = 1 << 0, /* keep \n (else it becomes a space) */
	TEXT_KEEP_TABS = 1 << 1,     /* keep \t (else it becomes a space) */
};

/*
 * Append in[0..len) to out as safe text: invalid UTF-8 becomes U+FFFD,
 * escape sequences (CSI, OSC, other ESC x) and C0/C1 controls are removed,
 * CR is dropped, and \n and \t are kept or turned into spaces per flags.
 * Returns -1 only when out's cap is reached.
 */
int text_sanitize(struct buf *out, const char *in, size_t len, int flags);
/* Whether in[0..len) is valid UTF-8. */
int text_valid_utf8(const char *in, size_t len);
/* Length in bytes of the valid UTF-8 sequence at s, or 0 when invalid. */
size_t text_utf8_len(const unsigned char *s, size_t avail, unsigned *cp_r);

#endif
