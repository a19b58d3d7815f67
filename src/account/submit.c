#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/smtp.h"
#include "account/submit.h"
#include "account/sync.h"
#include "mime/compose.h"
#include "store/batch.h"
#include "store/folderscan.h"
#include "store/journal.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/xalloc.h"

struct run {
	const struct config *cfg;
	struct store *store;
	const struct submit_opts *o;
	struct submit_stats *st;
	const char *root;
	struct err first; /* the first failure */
	int failures;
	int all_temp; /* every failure so far was temporary */
};

/* One account's part of the run. */
struct acct_run {
	const struct config_account *a;
	struct smtp *smtp;
	struct err down; /* why the server cannot be used, when cls set */
	struct batch *batch;
	size_t *done; /* entries sent and copied, to remove after commit */
	size_t ndone;
	int journal;	       /* Sent copies recorded for upload */
	struct nameset *fresh; /* their base names */
};

static void
failed(struct run *r, const struct outbox_entry *e, const struct err *why)
{
	if (r->failures++ == 0)
		r->first = *why;
	if (why->cls != ERR_WAIT && why->cls != ERR_TEMP)
		r->all_temp = 0;
	if (r->o->report != NULL && e != NULL)
		r->o->report(r->o->arg, e, why);
}

/*
 * Record a failed attempt on e. A failure of the account (login,
 * certificates, no connection) is not the message's: it waits.
 */
static void
attempt_failed(struct run *r, struct outbox_entry *e, const struct err *why,
    int account_fault)
{
	struct err rec = *why, werr;

	if (account_fault && rec.cls == ERR_FINAL)
		rec.cls = ERR_AUTH;
	if (outbox_attempt_failed(r->root, e, &rec, &werr) < 0)
		log_debug("outbox: %s", werr.msg);
	if (e->failed)
		r->st->failed++;
	else
		r->st->waiting++;
	failed(r, e, why);
}

/*
 * Submit e's message (in msg) on ar's connection, opened when needed.
 * Returns 0 once the server accepted it and that is recorded, 1 when it
 * failed because of the account, -1 when because of the message or the
 * connection; why says why.
 */
static int
submit_one(struct run *r, struct acct_run *ar, struct outbox_entry *e,
    const struct buf *msg, struct err *why)
{
	struct buf wire = BUF_INIT, seven = BUF_INIT;
	const struct buf *out = &wire;
	char *from = NULL, **rcpt = NULL;
	size_t nrcpt = 0;
	int ret = -1;

	if (compose_envelope(
		msg->data, msg->len, &from, &rcpt, &nrcpt, &wire, why) < 0)
		goto out;
	if (ar->down.cls != ERR_NONE) {
		*why = ar->down;
		ret = 1;
		goto out;
	}
	if (ar->smtp == NULL &&
	    smtp_open(ar->a, r->o->timeout_s, &ar->smtp, why) < 0) {
		ar->down = *why;
		ret = 1;
		goto out;
	}
	if (!smtp_8bitmime(ar->smtp) && compose_is_8bit(wire.data, wire.len)) {
		if (compose_7bit(wire.data, wire.len, &seven, why) < 0)
			goto out;
		out = &seven;
	}
	store_step();
	if (smtp_send(ar->smtp, from, rcpt, nrcpt, out->data, out->len, why) <
	    0) {
		if (smtp_broken(ar->smtp))
			smtp_close(&ar->smtp);
		goto out;
	}
	/* Accepted: from here until it is recorded, a crash sends twice. */
	store_step();
	if (outbox_mark_sent(r->root, e, why) < 0) {
		err_prefix(why,
		    _("the server accepted message %s, but tern could not "
		      "record it, so it may be sent again"),
		    e->id);
		goto out;
	}
	store_step();
	ret = 0;
out:
	compose_addresses_free(rcpt, nrcpt);
	free(from);
	buf_release(&wire);
	buf_release(&seven);
	return ret;
}

/*
 * Put e's copy into the account's Sent folder, once whatever crashes: an
 * entry already marked sent by an earlier run (recheck) may have its
 * copy made already, named after the entry.
 */
static int
sent_copy(struct run *r, struct acct_run *ar, const struct outbox_entry *e,
    const struct buf *msg, int recheck, struct err *err)
{
	struct folder_scan fs;
	char *folder, *rel, *base;
	int have = 0, ret = 0;

	if (!ar->a->sent_copy)
		return 0;
	folder = sync_role_folder(ar->a, r->root, "sent");
	rel = xasprintf("%s/%s", ar->a->name, folder);
	base = xasprintf("o%s", e->id);
	if (recheck && (ret = folder_scan(r->root, rel, &fs, err)) == 0) {
		have = folder_scan_base(&fs, base) != NULL;
		folder_scan_release(&fs);
	}
	if (ret == 0 && !have) {
		if (ar->batch == NULL)
			ar->batch = batch_new(r->store, NULL);
		ret = batch_add(
		    ar->batch, rel, base, msg->data, msg->len, "S", e->id, err);
		if (ret == 0 && ar->a->receive == CONFIG_RECEIVE_IMAP) {
			ret = journal_note_append(
			    r->store, ar->a->name, folder, base, err);
			ar->journal = 1;
			if (ar->fresh == NULL)
				ar->fresh = nameset_new();
			nameset_put(ar->fresh, base, "");
		}
	}
	if (ret < 0)
		err_prefix(err, _("the copy of message %s in %s"), e->id, rel);
	free(base);
	free(rel);
	free(folder);
	return ret;
}

/* Commit the Sent copies, then remove the entries sent from the outbox. */
static void
finish_account(struct run *r, struct acct_run *ar, struct outbox_entry *v)
{
	struct sync_opts so = { .timeout_s = r->o->timeout_s,
		.journal_only = 1,
		.fresh = ar->fresh };
	struct err err;
	int ok = 1;

	smtp_close(&ar->smtp);
	if (ar->batch != NULL) {
		if (batch_commit(ar->batch, &err) < 0) {
			failed(r, ar->ndone > 0 ? &v[ar->done[0]] : NULL, &err);
			ok = 0;
		}
		store_step();
		batch_free(&ar->batch);
	}
	if (ok && outbox_remove_all(r->root, v, ar->done, ar->ndone, &err) < 0)
		failed(r, &v[ar->done[0]], &err);
	/* Upload the copies now when the server can be reached. */
	if (ok && ar->journal && sync_account(ar->a, r->store, &so, &err) < 0)
		log_debug("outbox: the Sent copies of [account %s] reach the "
			  "server at its next sync: %s",
		    ar->a->name, err.msg);
	nameset_free(&ar->fresh);
	free(ar->done);
}

static int
due(const struct run *r, const struct outbox_entry *e)
{
	if (r->o->now || e->sent)
		return 1;
	return !e->failed && (e->next == 0 || e->next <= time(NULL));
}

static void
run_account(
    struct run *r, struct outbox_entry *v, size_t n, size_t first, char *seen)
{
	struct acct_run ar = { 0 };
	struct outbox_entry *e;
	struct buf msg = BUF_INIT;
	struct err why;
	size_t i;
	int s, recheck;

	ar.a = config_account(r->cfg, v[first].account);
	for (i = first; i < n; i++) {
		e = &v[i];
		if (seen[i] || strcmp(e->account, v[first].account) != 0)
			continue;
		seen[i] = 1;
		if ((r->o->id != NULL && strcmp(e->id, r->o->id) != 0) ||
		    (r->o->account != NULL &&
			strcmp(e->account, r->o->account) != 0))
			continue;
		if (!due(r, e)) {
			r->st->waiting++;
			continue;
		}
		err_clear(&why);
		if (ar.a == NULL) {
			err_set(&why, ERR_FINAL,
			    _("[account %s] of message %s is not in the "
			      "configuration"),
			    e->account, e->id);
			attempt_failed(r, e, &why, 1);
			continue;
		}
		if (r->o->now && outbox_retry(r->root, e, &why) < 0) {
			failed(r, e, &why);
			continue;
		}
		buf_reset(&msg);
		if (outbox_read(r->root, e, &msg, &why) < 0) {
			failed(r, e, &why);
			continue;
		}
		recheck = e->sent;
		if (!e->sent) {
			s = submit_one(r, &ar, e, &msg, &why);
			if (s != 0) {
				attempt_failed(r, e, &why, s > 0);
				continue;
			}
			r->st->sent++;
			if (r->o->report != NULL)
				r->o->report(r->o->arg, e, NULL);
		}
		if (sent_copy(r, &ar, e, &msg, recheck, &why) < 0) {
			failed(r, e, &why);
			continue;
		}
		store_step();
		ar.done = xreallocarray(ar.done, ar.ndone + 1, sizeof *ar.done);
		ar.done[ar.ndone++] = i;
	}
	buf_release(&msg);
	finish_account(r, &ar, v);
}

int
submit_outbox(const struct config *cfg, struct store *store,
    const struct submit_opts *o, struct submit_stats *st, struct err *err)
{
	struct run r = { .cfg = cfg,
		.store = store,
		.o = o,
		.st = st,
		.root = store_root(store),
		.all_temp = 1 };
	struct outbox_entry *v;
	size_t n, i;
	char *seen;
	int lock;

	memset(st, 0, sizeof *st);
	lock = outbox_lock(r.root, err);
	if (lock < 0)
		return -1;
	if (outbox_list(r.root, &v, &n, err) < 0) {
		outbox_unlock(lock);
		return -1;
	}
	seen = xcalloc(n > 0 ? n : 1, 1);
	for (i = 0; i < n; i++)
		if (!seen[i])
			run_account(&r, v, n, i, seen);
	free(seen);
	outbox_free(v, n);
	outbox_unlock(lock);
	if (r.failures == 0)
		return 0;
	if (err != NULL) {
		*err = r.first;
		if (r.all_temp)
			err->cls = ERR_WAIT;
	}
	return -1;
}

long
submit_due_in(const char *root, const char *account)
{
	struct outbox_entry *v;
	time_t now = time(NULL);
	long best = -1, in;
	size_t n, i;
	struct err err;

	if (outbox_list(root, &v, &n, &err) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].account, account) != 0 || v[i].failed)
			continue;
		in =
		    v[i].sent || v[i].next <= now ? 0 : (long)(v[i].next - now);
		if (best < 0 || in < best)
			best = in;
	}
	outbox_free(v, n);
	return best;
}
