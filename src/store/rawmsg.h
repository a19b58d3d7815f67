/*
 * A first look at bytes that should be one mail message, before they are
 * stored: is this mail at all, and where does it start.
 */
#ifndef TERN_STORE_RAWMSG_H
#define TERN_STORE_RAWMSG_H

#include <stddef.h>

/* Bytes of the header searched (longer headers are not looked at). */
#define RAWMSG_HEAD_MAX 65536

/*
 * Whether data[0..len) looks like a message: after an optional UTF-8
 * byte-order mark and lines of nothing but blanks (which some tools put
 * in front, and which would hide the header from every parser), a header
 * field line; no NUL byte in the header; a From, To or Subject field
 * (notmuch indexes nothing without one). Returns 1 and sets *start_r to
 * the offset of the first header line, or 0 and sets *why_r to a
 * translated reason ("not a mail message (...)").
 */
int rawmsg_check(
    const char *data, size_t len, size_t *start_r, const char **why_r);

/*
 * The Message-ID of the message data[0..len), without its angle
 * brackets, as a new string; NULL when the header has none.
 */
char *rawmsg_message_id(const char *data, size_t len);

#endif
