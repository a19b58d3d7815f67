/*
 * Building mail to send: the message itself (with GMime), the address
 * lists a user types, the SMTP envelope of a finished message, its 7bit
 * form for servers without 8BITMIME, and mailto: URLs. No I/O except
 * reading the files to attach.
 */
#ifndef TERN_MIME_COMPOSE_H
#define TERN_MIME_COMPOSE_H

#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/err.h"

/* Largest file compose_build attaches. */
#define COMPOSE_MAX_ATT ((size_t)256 << 20)

struct compose_att {
	const char *path; /* file to attach (read when building) */
	const char *name; /* file name shown; NULL: the base name of path */
	/*
	 * MIME type; NULL: found with libmagic (MAGIC_MIME_TYPE), falling
	 * back to application/octet-stream.
	 */
	const char *type;
};

/* An attachment whose bytes are in memory (a forwarded message or part). */
struct compose_mem {
	const char *data; /* the bytes as they arrive: data[0..len) */
	size_t len;
	/*
	 * File name shown (UTF-8); NULL: none, and the part is marked
	 * inline (message/rfc822 shown in place).
	 */
	const char *name;
	const char *type; /* MIME type; NULL: found with libmagic */
};

struct compose {
	const char *from_name; /* display name, UTF-8, may be NULL */
	const char *from_addr; /* required: local@domain */
	/*
	 * Address lists as a user types them ("Jürgen Müller
	 * <jm@example.org>, b@example.org"); NULL or "" for none.
	 */
	const char *to, *cc, *bcc;
	const char *subject;	 /* UTF-8; NULL: none */
	const char *in_reply_to; /* "<id@host>" or NULL */
	const char *references;	 /* "<a@x> <b@y>" or NULL */
	const char *body;	 /* UTF-8 text, LF line ends */
	size_t body_len;
	const struct compose_att *att;
	size_t natt;
	time_t date;	      /* 0: now */
	const char *reply_to; /* address list as typed, NULL or "": none */
	/* Attachments given as bytes, added after those of att. */
	const struct compose_mem *mem;
	size_t nmem;
	/*
	 * A draft to store, not to send: no recipient and no From are
	 * fine (every other rule holds).
	 */
	int draft;
};

/*
 * Build the message (LF line ends, as stored in Maildir) and append it to
 * out. Headers in this order: Date, From, To, Cc, Bcc, Subject,
 * Message-ID (128 random bits @ the domain of from_addr), In-Reply-To,
 * References, User-Agent, MIME-Version, Content-Type,
 * Content-Transfer-Encoding; non-ASCII names and subject in RFC 2047
 * encoded words of at most 75 characters (written by tern: GMime's are
 * too long and cut short by its own decoder). Bcc is kept as a header
 * (the outbox and the Sent copy keep it; compose_envelope removes it
 * before sending). Reply-To, when given, follows Bcc. The body is text/plain in
 * UTF-8 (CRLF made LF, a final newline added): 7bit when it is ASCII with lines
 * of at most 998 bytes, 8bit when it has non-ASCII text in such lines, else
 * quoted-printable. With attachments the message is multipart/mixed: each file
 * is read whole, its name is given in RFC 2231 form, and its bytes arrive
 * unchanged (base64, or 7bit for plain ASCII text); then the parts in
 * mem likewise (a message/rfc822 7bit or 8bit, as it is). Returns 0, or -1 with
 * err set (ERR_FINAL) naming what is wrong: a bad address (which field,
 * which text), a subject, name or body that is not UTF-8 text,
 * In-Reply-To or References without a message ID, an unreadable
 * attachment (path and strerror), no recipient at all. Does no I/O but
 * reading the attached files.
 */
int compose_build(const struct compose *c, struct buf *out, struct err *err);

/*
 * Parse and validate an address list as typed: "Name <a@b>", "a@b
 * (Name)", "\"Doe, John\" <jd@x>", groups; commas (or semicolons outside
 * a group) between addresses. *addrs_r gets the bare addr-specs (new
 * strings: free them with compose_addresses_free), *n_r their count,
 * which may be 0. Refuses (-1, err says which address and why) CR, LF or
 * any control character anywhere in text, '<' or '>' inside an addr-spec,
 * a missing or empty local part or domain, non-ASCII in an addr-spec,
 * unclosed quotes, comments or angle brackets. Groups
 * ("undisclosed-recipients:;") give the addresses inside them, if any.
 */
int compose_addresses(
    const char *text, char ***addrs_r, size_t *n_r, struct err *err);
/*
 * Parse text as exactly one mailbox as typed ("Jürgen Müller
 * <jm@example.org>", "jm@example.org"): *name_r its display name or NULL,
 * *addr_r its addr-spec (new strings, free them). Returns 0, or -1 with
 * err set (ERR_FINAL, beginning with field, both set to NULL) when text
 * is no valid address, or holds none or more than one.
 */
int compose_mailbox(const char *field, const char *text, char **name_r,
    char **addr_r, struct err *err);
/* Append s as an RFC 5322 quoted-string: in quotes, '"' and '\\' escaped. */
void compose_quoted(struct buf *out, const char *s);
/* Free what compose_addresses returned (addrs may be NULL). */
void compose_addresses_free(char **addrs, size_t n);

/*
 * The SMTP envelope of a complete message msg[0..len) (LF or CRLF line
 * ends): *from_r the addr-spec of Sender or else of the first From
 * address (a new string); *rcpt_r every To, Cc and Bcc addr-spec,
 * de-duplicated case-insensitively, in order (free with
 * compose_addresses_free); *wire_r gets appended the message exactly as
 * given but without any Bcc header field (with its continuation lines):
 * every other byte stays as it was, so signatures survive. Every address
 * is validated as in compose_addresses (a tab in a folded field counts as
 * white space). Returns 0, or -1 with err set (ERR_FINAL; nothing
 * returned, wire_r as before) when there is no From, no recipient, or an
 * address is bad.
 */
int compose_envelope(const char *msg, size_t len, char **from_r, char ***rcpt_r,
    size_t *nrcpt_r, struct buf *wire_r, struct err *err);

/* The decoded Subject of msg[0..len), new string, or NULL. */
char *compose_header_subject(const char *msg, size_t len);

/* Whether msg[0..len) has any byte >= 0x80 or NUL. */
int compose_is_8bit(const char *msg, size_t len);

/*
 * Append msg[0..len) to out fit for a server without 8BITMIME: every
 * 8bit or binary part (or one labelled 7bit that is not) re-encoded, text
 * parts quoted-printable and others base64, also inside attached
 * messages; headers untouched. A message without 8-bit bytes is copied
 * as it is; else the result has LF line ends. Returns 0, or -1 with err
 * set when GMime cannot parse msg or out's cap is reached.
 */
int compose_7bit(const char *msg, size_t len, struct buf *out, struct err *err);

/*
 * The fields of a mailto: URL (RFC 6068), percent-decoded: new UTF-8
 * strings, or NULL when absent. to joins the path and any to= fields with
 * ", " (cc and bcc likewise when repeated); of subject, body and
 * in-reply-to the first counts; body has LF line ends. Other fields are
 * ignored.
 */
struct compose_mailto {
	char *to, *cc, *bcc, *subject, *body, *in_reply_to;
};

/*
 * Fill m from url. Returns 0, or -1 with err set (ERR_FINAL, m empty)
 * when url is not a mailto: URL, a percent escape is broken, or a field
 * decodes to NUL or to text that is not UTF-8.
 */
int compose_mailto(const char *url, struct compose_mailto *m, struct err *err);
/* Free m's strings and set them to NULL. */
void compose_mailto_free(struct compose_mailto *m);

#endif
