/*
 * One IMAP connection, on libetpan's IMAP engine over tern's transport
 * (net/tls.h): connect, TLS, log in, list folders, select, fetch, store
 * flags, move, append, expunge. Every call blocks (each read or write for
 * at most the connection's timeout). Errors name the server and carry
 * its own words; after a connection error (dropped, timed out, a reply
 * that cannot be parsed, BYE) imap_broken() is true and the connection
 * must be closed.
 */
#ifndef TERN_ACCOUNT_IMAP_H
#define TERN_ACCOUNT_IMAP_H

#include <stddef.h>
#include <stdint.h>

#include "util/config.h"
#include "util/err.h"

struct imap;

/* Message flags, as a bit set. */
enum {
	IMAP_SEEN = 1 << 0,
	IMAP_ANSWERED = 1 << 1,
	IMAP_FLAGGED = 1 << 2,
	IMAP_DELETED = 1 << 3,
	IMAP_DRAFT = 1 << 4,
	IMAP_FORWARDED = 1 << 5, /* the $Forwarded keyword */
};

/* Folder roles, from SPECIAL-USE attributes (RFC 6154). */
enum imap_role {
	IMAP_ROLE_NONE,
	IMAP_ROLE_SENT,
	IMAP_ROLE_DRAFTS,
	IMAP_ROLE_TRASH,
	IMAP_ROLE_JUNK,
	IMAP_ROLE_ARCHIVE,
};

struct imap_folder {
	char *name; /* UTF-8, levels separated by '/' ("INBOX", "Lists/dev") */
	char *raw;  /* the server's name (modified UTF-7) */
	enum imap_role role;
	int noselect; /* \Noselect or \NonExistent: holds no messages */
};

struct imap_selected {
	uint32_t uidvalidity;
	uint32_t uidnext; /* 0 when the server did not say */
	uint32_t exists;
	uint64_t highestmodseq; /* 0 without CONDSTORE */
};

/* What STATUS says of a folder. */
struct imap_status {
	int known; /* 0: the server did not answer all four */
	uint32_t uidvalidity;
	uint32_t uidnext;
	uint32_t messages;
	uint64_t highestmodseq;
};

/* A message on the server: its UID, flags and size. */
struct imap_msg {
	uint32_t uid;
	unsigned flags;
	uint32_t size;
};

/*
 * Connect to the account's IMAP server as its configuration says (TLS
 * mode, CA, pin, plaintext rules), log in with the password from its
 * password_cmd (run while the TLS handshake goes on), and enable QRESYNC
 * where offered (sent with the first SELECT, so a session that selects
 * nothing does not wait for it). Returns 0
 * and a connection in *imap_r, or -1 with err set: ERR_WAIT when the
 * server cannot be reached, ERR_AUTH for refused credentials (with the
 * server's text), ERR_FINAL for certificates, missing STARTTLS and
 * configuration.
 */
int imap_open(const struct config_account *acct, int timeout_s,
    struct imap **imap_r, struct err *err);

/* Log out (when the connection still works) and free; NULL is fine. */
void imap_close(struct imap **imap);

/* Whether the connection is unusable after an error. */
int imap_broken(const struct imap *imap);

/* Whether the server offers capability name ("MOVE", "QRESYNC"...). */
int imap_has(struct imap *imap, const char *name);

/* The server's host, for messages. */
const char *imap_host(const struct imap *imap);

/*
 * Every folder on the server (LIST "" "*"), names converted to UTF-8 and
 * roles taken from SPECIAL-USE attributes. Folders whose names tern
 * cannot store (invalid modified UTF-7, a '/' inside a level, a level
 * starting with '.') are left out with a warning in the debug log.
 * Sets *v_r (free with imap_folders_free) and *n_r.
 */
int imap_list(
    struct imap *imap, struct imap_folder **v_r, size_t *n_r, struct err *err);
void imap_folders_free(struct imap_folder *v, size_t n);

/*
 * imap_list, with the STATUS of raw (as imap_status_many asks it) sent
 * in front of the LIST, in the same round trip, when the server offers
 * CONDSTORE; *st is left unknown otherwise.
 */
int imap_list_status(struct imap *imap, const char *raw, struct imap_status *st,
    struct imap_folder **v_r, size_t *n_r, struct err *err);

/* The server name of folder name (UTF-8, '/'), new string; NULL if bad. */
char *imap_raw_name(struct imap *imap, const char *name);

/* CREATE the folder raw. */
int imap_create(struct imap *imap, const char *raw, struct err *err);

/*
 * SELECT raw (with CONDSTORE where offered, after ENABLE QRESYNC the
 * first time); fills *sel.
 */
int imap_select(struct imap *imap, const char *raw, struct imap_selected *sel,
    struct err *err);

/*
 * STATUS (UIDVALIDITY UIDNEXT MESSAGES HIGHESTMODSEQ) of the folders
 * raws[0..n) into out[0..n), the commands pipelined so that they cost
 * about one round trip together. Only for servers that offer CONDSTORE;
 * the selected folder should not be among them (RFC 3501). A folder the
 * server did not describe (it refused, or its name needs a literal) has
 * known == 0. Returns -1 with err set only when the connection failed.
 */
int imap_status_many(struct imap *imap, const char *const *raws, size_t n,
    struct imap_status *out, struct err *err);

/*
 * UID, flags and size of every message with UID >= from in the selected
 * folder, sorted by UID. Sets *v_r (free it) and *n_r.
 */
int imap_list_from(struct imap *imap, uint32_t from, struct imap_msg **v_r,
    size_t *n_r, struct err *err);

/*
 * Flags of the messages with UIDs below uidnext. With since > 0 (and
 * CONDSTORE), only those changed after modseq since; with QRESYNC the
 * UIDs expunged since then are passed to vanished as well. With
 * since == 0 every message is reported, and a missing one is expunged.
 * flag is called once per message; vanished (may be NULL) once per
 * expunged UID.
 */
int imap_fetch_flags(struct imap *imap, uint32_t uidnext, uint64_t since,
    void (*flag)(void *arg, uint32_t uid, unsigned flags),
    void (*vanished)(void *arg, uint32_t uid), void *arg, struct err *err);

/*
 * Fetch the whole messages uids[0..n) (BODY.PEEK[], so \Seen stays as it
 * was) with their flags; body is called once per message, as it arrives,
 * with bytes that are valid only during the call. body returns 0, or -1
 * with err set to stop (the connection is then broken).
 */
int imap_fetch_bodies(struct imap *imap, const uint32_t *uids, size_t n,
    int (*body)(void *arg, uint32_t uid, unsigned flags, const char *data,
	size_t len, struct err *err),
    void *arg, struct err *err);

/*
 * The UID of a message in the selected folder whose Message-ID is mid
 * (without angle brackets), or 0 in *uid_r when there is none.
 */
int imap_find_message_id(
    struct imap *imap, const char *mid, uint32_t *uid_r, struct err *err);

/* UID STORE +FLAGS.SILENT add, then -FLAGS.SILENT del, on uids[0..n). */
int imap_store(struct imap *imap, const uint32_t *uids, size_t n, unsigned add,
    unsigned del, struct err *err);

/*
 * Move uid of the selected folder to dest_raw (MOVE where offered, else
 * COPY, \Deleted and UID EXPUNGE). *newuid_r is the message's UID in the
 * destination when the server says it (UIDPLUS), else 0 (also when uid
 * no longer exists).
 */
int imap_move(struct imap *imap, uint32_t uid, const char *dest_raw,
    uint32_t *newuid_r, struct err *err);

/* Remove uids[0..n) of the selected folder for good. */
int imap_expunge(
    struct imap *imap, const uint32_t *uids, size_t n, struct err *err);

/*
 * APPEND data to folder raw with flags; *uid_r is its new UID when the
 * server says it (UIDPLUS), else 0. data must use CRLF line ends.
 */
int imap_append(struct imap *imap, const char *raw, const char *data,
    size_t len, unsigned flags, uint32_t *uid_r, struct err *err);

/*
 * IDLE until the server reports a change, wake_fd becomes readable
 * (-1: none) or timeout_s passes. Returns 1 when the server reported
 * something, 0 otherwise, -1 with err set.
 */
int imap_idle(struct imap *imap, int wake_fd, int timeout_s, struct err *err);

/* Maildir flag letters for IMAP flags, into buf (at least 8 bytes). */
void imap_flags_to_maildir(unsigned flags, char *buf);
/* IMAP flags for Maildir flag letters. */
unsigned imap_flags_from_maildir(const char *letters);

#endif
