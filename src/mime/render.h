/*
 * A message as the pager shows it, as sanitized UTF-8 text:
 *
 *   From: Carl Worth <cworth@cworth.org>
 *   To: ...                       (every From, To and Cc header, joined)
 *   Cc: ...
 *   Date: Tue, 17 Nov 2009 18:21:38 +0000
 *   Subject: ...
 *                                 (a blank line)
 *   the body as text ...
 *
 *   [-- Attachment #2: report.pdf (application/pdf, 120 KB) --]
 *
 * Header values are RFC 2047 decoded (raw 8-bit bytes that are not UTF-8
 * are read as windows-1252), unfolded, with runs of white space made one
 * space; absent or empty headers are left out. Date is shown normalised
 * ("Tue, 17 Nov 2009 18:21:38 +0000", in the sender's zone) when it
 * parses, else as written.
 *
 * The body: multipart/alternative shows its text/plain part, else its
 * HTML turned into text; multipart/mixed shows its inline text parts in
 * order (each after the first under a "[-- Part #N ... --]" line) and a
 * "[-- Attachment #N: NAME (TYPE, SIZE) --]" line for each other part;
 * multipart/related shows its root part; an attached message
 * (message/rfc822) is shown nested between "[-- Attached message --]"
 * and "[-- End of attached message --]"; multipart/signed shows the
 * signed content and a line about the unverified signature; encrypted
 * parts, message/partial and message/external-body get one line saying
 * what they are. N counts the leaf parts of the whole message in
 * document order, from 1, whether shown or not. Uuencoded files inside
 * text become a line too. Text is converted to UTF-8 from its declared
 * charset (unknown or missing: UTF-8 if valid, else windows-1252; bytes
 * that do not convert: U+FFFD). Escape sequences and control characters
 * other than newline and tab never reach the output.
 *
 * Input that does not start with a header is shown as plain text.
 */
#ifndef TERN_MIME_RENDER_H
#define TERN_MIME_RENDER_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define RENDER_MAX_OUTPUT ((size_t)16 << 20)
#define RENDER_MAX_DEPTH 20u

/* Limits of one rendering, so that hostile mail costs little (0: default). */
struct render_opts {
	size_t max_output;  /* bytes of text; past it, a note ends it */
	unsigned max_depth; /* nested multiparts and attached messages */
};

/*
 * Render the message data[0..len) (the bytes of one message file) and
 * append the text to out. opts NULL means RENDER_MAX_OUTPUT and
 * RENDER_MAX_DEPTH. Malformed mail is rendered as well as it goes, never
 * refused. Returns 0, or -1 with err set when out's own cap is reached.
 * Does no I/O.
 */
int render_message(const char *data, size_t len, const struct render_opts *opts,
    struct buf *out, struct err *err);

#endif
