/*
 * Sending the outbox (store/outbox.h): the worker between the queue and
 * the accounts' SMTP servers.
 *
 * For each entry that is due, in the order queued, one connection per
 * account: the envelope comes from the message's own From, To, Cc and
 * Bcc; the Bcc header is removed from what goes out; a message with
 * 8-bit content goes to a server without 8BITMIME re-encoded to 7 bit.
 * After the server's final 250 the entry is marked sent (one fsync), its
 * copy goes to the account's Sent folder (unless sent_copy = no; for an
 * IMAP account it is also uploaded through the action journal, at once
 * when the server can be reached, else at the next sync), and only then
 * does the entry leave the outbox.
 *
 * A temporary failure (no network, 4xx, a dropped connection) keeps the
 * entry for a later attempt after a growing delay; a permanent one (5xx,
 * over the SIZE limit, a bad address) marks it failed with the server's
 * reason until the user retries or drops it. A refused login or a
 * certificate problem is the account's fault, not the message's: the
 * entry keeps waiting.
 *
 * Crash-test steps (store_step): before each message is sent, after the
 * server accepted it, after it was marked sent, after its Sent copy.
 */
#ifndef TERN_ACCOUNT_SUBMIT_H
#define TERN_ACCOUNT_SUBMIT_H

#include <stddef.h>

#include "store/outbox.h"
#include "store/store.h"
#include "util/config.h"
#include "util/err.h"

struct submit_opts {
	int timeout_s;	/* per network read or write */
	int now;	/* ignore the wait between attempts; retry failed */
	const char *id; /* only this entry (NULL: all) */
	const char *account; /* only this account's entries (NULL: all) */
	/* Told about each entry sent, or not sent (why says why). */
	void (*report)(
	    void *arg, const struct outbox_entry *e, const struct err *why);
	void *arg;
};

struct submit_stats {
	size_t sent;	/* accepted by a server in this run */
	size_t failed;	/* refused for good in this run */
	size_t waiting; /* still queued for a later attempt */
};

/*
 * Send what is due in the outbox of store (STORE_WRITE). Returns 0 when
 * every entry tried was sent, else -1 with err set to the first failure
 * (ERR_WAIT when all failures were temporary); st counts what happened.
 */
int submit_outbox(const struct config *cfg, struct store *store,
    const struct submit_opts *o, struct submit_stats *st, struct err *err);

/*
 * When the next automatic attempt for account is due: 0 when an entry of
 * it is due now, else seconds until the earliest, or -1 when it has no
 * entry waiting for an automatic attempt (failed ones wait for the
 * user). Reads the outbox directory only.
 */
long submit_due_in(const char *mail_root, const char *account);

#endif
