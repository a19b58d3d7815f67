/*
 * Drafts made from a message the user has: a reply (to the sender, to
 * all, to the list), a forward (inline or as an attachment) and "edit
 * as new", with the rules mutt follows (RFC 5322 3.6.4 for the IDs,
 * Mail-Followup-To and Mail-Reply-To, List-Post of RFC 2369). No I/O.
 */
#ifndef TERN_MIME_REPLY_H
#define TERN_MIME_REPLY_H

#include <stddef.h>

#include "mime/draft.h"
#include "util/buf.h"
#include "util/err.h"

/* Message IDs kept in References: the first and the last ones. */
#define REPLY_MAX_REFS 20
/* Largest decoded text quoted or forwarded. */
#define REPLY_MAX_TEXT ((size_t)16 << 20)

/* One of the user's addresses, and the account it belongs to. */
struct reply_identity {
	const char *account; /* the account's name */
	const char *name;    /* real name, UTF-8, or NULL */
	const char *addr;    /* addr-spec */
};

enum reply_kind {
	REPLY_SENDER,	      /* mutt r */
	REPLY_ALL,	      /* mutt g */
	REPLY_LIST,	      /* mutt L */
	REPLY_FORWARD,	      /* mutt f: inline, attachments carried over */
	REPLY_FORWARD_ATTACH, /* the whole message as message/rfc822 */
	REPLY_EDIT_NEW,	      /* the message as a fresh draft */
};

/*
 * The draft of kind made from the message msg[0..len) (its bytes as
 * stored in Maildir) for the user with the identities ids[0..nids) (at
 * least one). hint names the account the message was stored under (may
 * be NULL). The identity that answers: the first of the message's From
 * (the user's own mail), To, Cc, Delivered-To and X-Original-To
 * addresses that is one of ids, else
 * the first identity of account hint, else ids[0]; it gives from_name,
 * from_addr and account (for REPLY_EDIT_NEW the message's own From is
 * kept, and the account is that of the identity whose address it is).
 *
 * REPLY_SENDER: To is Mail-Reply-To, else Reply-To, else From; when the
 * message is from the user, its To instead (Cc too for REPLY_ALL). REPLY_ALL:
 * To is Mail-Followup-To when there is one, else as REPLY_SENDER with every To
 * and Cc address in Cc; never one of the user's addresses, never one
 * twice (addr-specs compared in any case). REPLY_LIST: To is the mailto:
 * address of List-Post. Replies get "Re: " before the subject without
 * its Re:/Aw:/Sv:/Antw: prefixes, In-Reply-To the Message-ID,
 * References the message's References (or In-Reply-To) and its
 * Message-ID (at most REPLY_MAX_REFS), and the text quoted after "On
 * DATE, AUTHOR wrote:", its signature left out. Forwards get "Fwd: "
 * before the subject: inline, an empty line to write in, the "----------
 * Forwarded message ----------" line, the From, Date, Subject, To and Cc
 * of the message, a blank line and its text, plus its attachments in
 * d->att as bytes (see reply_text); attached, one message/rfc822 part
 * without a name, the message exactly as stored (CRLF made LF, no mbox
 * From_ line), and an empty body. REPLY_EDIT_NEW: the message's From,
 * To, Cc, Bcc, Reply-To, subject, text and attachments, no IDs.
 *
 * Returns a new draft (draft_free it), or NULL with err set (ERR_FINAL)
 * when msg is no message, there is no address to reply to, the message
 * has no List-Post or the list takes no posts, or an attachment is
 * larger than COMPOSE_MAX_ATT.
 */
struct draft *reply_make(enum reply_kind kind, const char *msg, size_t len,
    const struct reply_identity *ids, size_t nids, const char *hint,
    struct err *err);

/*
 * The identity that answers a message (see reply_make) given its
 * addresses: the first of addrs[0..naddrs) that is one of ids, else the
 * first identity of account hint, else ids[0]. Borrowed from ids.
 */
const struct reply_identity *reply_identity_pick(
    const struct reply_identity *ids, size_t nids, char *const *addrs,
    size_t naddrs, const char *hint);

/*
 * "Re: " + subject without the reply prefixes it has ("Re:", "RE:",
 * "Re[2]:", "Re(2):", "Aw:", "Sv:", "Antw:" in any case, repeated);
 * subject may be NULL. A new string.
 */
char *reply_subject(const char *subject);
/* "Fwd: " + subject without its "Fwd:" and "Fw:" prefixes; a new string. */
char *reply_forward_subject(const char *subject);

/*
 * Append text[0..len) quoted to out: "> " before each line, ">" alone
 * before an empty one and before one already quoted; the signature (from
 * the last "-- " line on) and trailing empty lines are left out.
 */
void reply_quote(struct buf *out, const char *text, size_t len);

/*
 * The message's text, as quoting and forwarding take it, appended to out
 * as UTF-8 without control characters but newline and tab: its inline
 * text/plain parts (in order, a blank line between), the HTML one turned
 * to text when an alternative has no plain text, the root of a
 * multipart/related; input that is no message is taken as text. With
 * att, the other parts (but the unchosen alternatives, the related
 * parts and signatures) are added to att's attachments as bytes, with
 * their file names and types; an attached message as message/rfc822.
 * Returns 0, or -1 with err set when an attachment is larger than
 * COMPOSE_MAX_ATT. Malformed mail gives what can be read. No I/O.
 */
int reply_text(const char *msg, size_t len, struct buf *out, struct draft *att,
    struct err *err);

#endif
