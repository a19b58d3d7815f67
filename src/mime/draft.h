/*
 * A message being written: what the compose screen holds between editor
 * runs, the text the editor sees (header lines, a blank line, the body,
 * as mutt's edit_headers), the signature, and the stored form of a
 * postponed draft in the Drafts folder. No I/O but reading a signature
 * file.
 */
#ifndef TERN_MIME_DRAFT_H
#define TERN_MIME_DRAFT_H

#include <stddef.h>

#include "mime/compose.h"
#include "util/buf.h"
#include "util/err.h"

/* Largest signature file draft_add_signature reads. */
#define DRAFT_MAX_SIGNATURE ((size_t)64 << 10)
/* Largest editor text draft_parse_edit reads. */
#define DRAFT_MAX_TEXT ((size_t)64 << 20)

/* An attachment: a file read when the message is built, or bytes. */
struct draft_att {
	char *path; /* the file, or NULL when data holds the bytes */
	char *data; /* data[0..len): the bytes (decoded), when path is NULL */
	size_t len;
	char *name; /* file name shown, UTF-8; NULL: path's base name (or,
		       for bytes, none: shown inline) */
	char *type; /* MIME type; NULL: found with libmagic */
};

/*
 * Every string is UTF-8 and never NULL in a draft made here ("" when
 * absent); functions taking a draft treat NULL as "". The address lists
 * are as a user types them ("Jürgen Müller <jm@example.org>, b@x").
 */
struct draft {
	char *account; /* name of the account whose identity sends it */
	char *from_name, *from_addr;
	char *to, *cc, *bcc, *reply_to;
	char *subject;
	char *in_reply_to; /* "<id@host>" */
	char *references;  /* "<a@x> <b@y>" */
	char *body;	   /* LF line ends */
	struct draft_att *att;
	size_t natt;
};

/* A new empty draft (every string ""); free it with draft_free. */
struct draft *draft_new(void);
/* A deep copy of d, to compare with draft_changed after editing. */
struct draft *draft_dup(const struct draft *d);
/* Free d and everything in it; accepts NULL, leaves NULL. */
void draft_free(struct draft **d);
/* Replace the string *field of a draft with a copy of value (NULL: ""). */
void draft_set(char **field, const char *value);
/*
 * Add an attachment: the file path (read when built), or with path NULL
 * a copy of data[0..len). name and type may be NULL (see draft_att).
 */
void draft_attach(struct draft *d, const char *path, const char *data,
    size_t len, const char *name, const char *type);
/* Remove attachment i (< d->natt), keeping the order of the others. */
void draft_detach(struct draft *d, size_t i);

/*
 * Append a mailbox as a user types it: "name <addr>", the name quoted
 * when it holds specials (',', '.', '"', ...); addr alone when name is
 * NULL or "".
 */
void draft_mailbox(struct buf *out, const char *name, const char *addr);

/*
 * Fill c with the draft's fields for compose_build: c's strings point
 * into d (borrowed: keep d alive and unchanged while c is used), the
 * attachments in *att_r and *mem_r (new arrays: free them), file
 * attachments first. c->date is 0 and c->draft 0.
 */
void draft_compose(const struct draft *d, struct compose *c,
    struct compose_att **att_r, struct compose_mem **mem_r);

/*
 * The text the editor sees, appended to out:
 *
 *   From: Jürgen Müller <jm@example.org>
 *   To: ...
 *   Cc: ...
 *   Bcc: ...
 *   Subject: ...
 *   Reply-To: ...        (only when with_reply_to or d has one)
 *                        (a blank line)
 *   the body
 */
void draft_edit_text(const struct draft *d, int with_reply_to, struct buf *out);

/*
 * Read the editor's text[0..len) back into d: From, To, Cc, Bcc,
 * Subject, Reply-To and the body; account, the IDs and the attachments
 * stay. Field names are matched in any case; a line beginning with space
 * or tab continues the field above; the same address field twice is
 * joined; a field line that is deleted empties the field; CRLF counts as
 * LF. The header ends at the first empty line, or, when that line is
 * missing, at the first line that is no "Name: value" line. Returns 0,
 * or -1 with err set (ERR_FINAL, "line N: ...") and d unchanged for: a
 * NUL byte, text that is not UTF-8, a field tern does not know (named,
 * with the fields it knows), Subject or From twice, a From that is not
 * exactly one valid address, or text longer than DRAFT_MAX_TEXT.
 */
int draft_parse_edit(
    const char *text, size_t len, struct draft *d, struct err *err);

/*
 * Whether after differs from before in anything the user writes: the
 * addresses, subject, body or attachments. 1 changed, 0 the same. (A new
 * message left unchanged is discarded by the compose screen.)
 */
int draft_changed(const struct draft *before, const struct draft *after);

/*
 * Append "\n-- \n" and the signature in the file path to d's body (the
 * file's own leading "-- " line and final newlines are not doubled; a
 * newline ends it). This reads the file: at most DRAFT_MAX_SIGNATURE
 * bytes of UTF-8 text without NUL. Returns 0, or -1 with err set (the
 * path and why) and the body unchanged.
 */
int draft_add_signature(struct draft *d, const char *path, struct err *err);

/*
 * The stored form of d for the Drafts folder, appended to out: the
 * message compose_build makes (with every attachment; recipients may be
 * missing) after an "X-Tern-Draft:" header holding what resuming needs
 * that the message does not say: the account, whether the body ends
 * without a newline, and address fields as typed when they are not
 * valid addresses yet (those are left out of the message's own header).
 * Reads the files attached by path. Returns 0, or -1 with err set as
 * compose_build sets it (an unreadable file, a From that is no valid
 * address, text that is not UTF-8).
 */
int draft_store(const struct draft *d, struct buf *out, struct err *err);

/*
 * Read a stored draft msg[0..len) (a draft_store result, or any message
 * in the Drafts folder) back: a new draft (draft_free it) with the
 * decoded names, subject, body and attachments (as bytes, with their
 * names and types). Returns NULL with err set (ERR_FINAL) when msg is no
 * message or its X-Tern-Draft header is malformed. Does no I/O.
 */
struct draft *draft_resume(const char *msg, size_t len, struct err *err);

#endif
