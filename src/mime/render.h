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
#define RENDER_MAX_PART ((size_t)256 << 20) /* a part's content */

/*
 * How an HTML part becomes text when the caller may have a better
 * converter than html_to_text (a viewer the user configured):
 * html[0..len) is the part as UTF-8. Append its text to out and return
 * 0; or return 1 to leave it to html_to_text; or return -1 with err
 * saying why it failed (html_to_text is then used, under a note with
 * that reason).
 */
typedef int (*render_html_fn)(
    void *arg, const char *html, size_t len, struct buf *out, struct err *err);

/* Limits of one rendering, so that hostile mail costs little (0: default). */
struct render_opts {
	size_t max_output;  /* bytes of text; past it, a note ends it */
	unsigned max_depth; /* nested multiparts and attached messages */
};

/* What a reader chose to see (zero or NULL members: the default). */
struct render_view {
	/* The header fields shown, in this order (names in any case, each
	 * shown as usually spelled, else as the message spells it); NULL:
	 * From, To, Cc, Date, Subject. Address fields (From, To, Cc, Bcc,
	 * Reply-To ...) join every instance. */
	char *const *headers;
	size_t nheaders;
	int all_headers;     /* every field instead, in the message's order */
	render_html_fn html; /* NULL: html_to_text */
	void *html_arg;
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
/*
 * render_message as view says (NULL: the default view). Does no I/O
 * itself; view->html may.
 */
int render_message_view(const char *data, size_t len,
    const struct render_opts *opts, const struct render_view *view,
    struct buf *out, struct err *err);

/*
 * A leaf part of a message, numbered as the rendering's "#N": the parts
 * an attachment list shows.
 */
struct render_part {
	unsigned no;	/* from 1, in document order */
	unsigned depth; /* 0 for the message's own body, more when nested */
	char *type;	/* "type/subtype" in lower case */
	char *name;	/* the file name (RFC 2047/2231 decoded), or NULL */
	size_t size;	/* bytes once the transfer encoding is undone */
};

/*
 * The leaf parts of the message data[0..len) in *parts_r (free with
 * render_parts_free) and their number in *nparts_r (0 for input that is
 * no message). Does no I/O.
 */
void render_parts(const char *data, size_t len, struct render_part **parts_r,
    size_t *nparts_r);
/* Free what render_parts made; accepts NULL, leaves NULL. */
void render_parts_free(struct render_part **parts, size_t nparts);
/*
 * Append the content of leaf part no of the message data[0..len) to out,
 * with its transfer encoding undone (the bytes a sender attached).
 * Returns 0, or -1 with err set when there is no such part or it is
 * larger than out's cap (RENDER_MAX_PART when out has none); out may
 * then hold a part of it. Does no I/O.
 */
int render_part_data(const char *data, size_t len, unsigned no, struct buf *out,
    struct err *err);

/* A size as people read it: "532 B", "120 KB", "2.1 MB" (rounded). */
void render_size(size_t n, char *s, size_t size);

#endif
