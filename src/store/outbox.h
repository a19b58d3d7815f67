/*
 * The outbox: messages waiting to be sent, safe on disk from the moment
 * the user sends them until the server has accepted them and their copy
 * is in the Sent folder.
 *
 * Directory: mail_root/.tern/outbox/. One entry per message, named by an
 * ID that sorts in the order queued ("20261128T231500-1a2b3c4d"):
 *
 *   ID.info   what the sender needs: "key value" lines (account, queued,
 *             attempts, next, failed, error, to, subject); replaced
 *             atomically after every attempt
 *   ID.msg    the message as built (LF line ends, Bcc still in it);
 *             written last, so its arrival makes the entry exist, and
 *             removed first, so its removal makes the entry go
 *   ID.sent   present once the server accepted the message (one fsync
 *             of the directory): a later run only makes the Sent copy
 *
 * A crash at any moment loses nothing. A message is sent twice only when
 * the crash fell between the server's acceptance and the creation of
 * ID.sent. One process sends at a time (outbox_lock).
 */
#ifndef TERN_STORE_OUTBOX_H
#define TERN_STORE_OUTBOX_H

#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/err.h"

struct outbox_entry {
	char *id;
	char *account;
	char *to;      /* the recipients, for listings (may be "") */
	char *subject; /* for listings (may be "") */
	char *error;   /* the last attempt's error, or NULL */
	time_t queued;
	time_t next; /* no automatic attempt before; 0: at once */
	unsigned attempts;
	int failed; /* refused for good: waits for the user */
	int sent;   /* accepted by the server: only the Sent copy is left */
};

/*
 * Queue msg (len bytes) for account, durably, before any network use;
 * to and subject are shown in listings. Sets *id_r (new string) when
 * not NULL. Returns 0, or -1 with err set (nothing queued).
 */
int outbox_add(const char *mail_root, const char *account, const char *msg,
    size_t len, const char *to, const char *subject, char **id_r,
    struct err *err);

/*
 * The entries, oldest first (*v_r freed with outbox_free). Entries
 * half-written or half-removed by a crash are tidied away. Returns 0 or
 * -1 with err set.
 */
int outbox_list(const char *mail_root, struct outbox_entry **v_r, size_t *n_r,
    struct err *err);
void outbox_free(struct outbox_entry *v, size_t n);

/* The entry called id, or NULL. */
struct outbox_entry *outbox_find(
    struct outbox_entry *v, size_t n, const char *id);

/* Append entry e's message to out. */
int outbox_read(const char *mail_root, const struct outbox_entry *e,
    struct buf *out, struct err *err);

/*
 * Record a failed attempt with its error: ERR_FINAL marks the entry
 * failed (no more automatic attempts), other classes count the attempt
 * and set the next one after a growing delay (1 minute doubling to 1
 * hour). Updates e too.
 */
int outbox_attempt_failed(const char *mail_root, struct outbox_entry *e,
    const struct err *why, struct err *err);

/*
 * Clear e's failed mark and wait, for an attempt now (the user asked).
 */
int outbox_retry(
    const char *mail_root, struct outbox_entry *e, struct err *err);

/* Record that the server accepted e (ID.sent, one fsync). */
int outbox_mark_sent(
    const char *mail_root, struct outbox_entry *e, struct err *err);

/* Remove entry e for good (sent and copied, or dropped by the user). */
int outbox_remove(
    const char *mail_root, const struct outbox_entry *e, struct err *err);

/*
 * Remove the entries v[idx[0..n)] for good, with one fsync for them all.
 * Returns 0, or -1 with err set (entries not removed stay whole).
 */
int outbox_remove_all(const char *mail_root, const struct outbox_entry *v,
    const size_t *idx, size_t n, struct err *err);

/*
 * Take the outbox's sending lock, so two processes never submit the same
 * message: returns a descriptor to pass to outbox_unlock, or -1 with err
 * set (ERR_WAIT when another process holds it).
 */
int outbox_lock(const char *mail_root, struct err *err);
void outbox_unlock(int fd);

#endif
