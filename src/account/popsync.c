/*
 * Downloading a POP3 account into its local INBOX, exactly once.
 *
 * Order, so that no message is lost: a message is durable and indexed in
 * ACCOUNT/INBOX, then its UIDL is recorded durably in the folder's sync
 * state ("uidl:UID" = the time it was downloaded), and only then may it
 * be deleted on the server (pop3_delete). A file is named after a hash
 * of the UIDL ("pUIDLHASH.tern"), so a download that a crash cut off
 * between the file and the record is recognised instead of repeated.
 * The record forgets UIDLs the server no longer lists. A failed QUIT
 * means no deletion was made: they are made again next time.
 *
 * Everything else is local: each sync first makes sure the account has
 * its INBOX and local Sent, Drafts, Trash and Archive folders (named as
 * sync_role_folder() says), where moves, deletions and sent copies go.
 * Files are named without a server UID, so moving or removing them
 * writes nothing to the journal.
 */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/pop3.h"
#include "account/sync.h"
#include "store/batch.h"
#include "store/folderscan.h"
#include "store/maildir.h"
#include "store/syncstate.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Messages written before the index catches up with them. */
#define POP_FLUSH_MSGS 500

/* The roles of the local folders a POP3 account has besides INBOX. */
static const char *const local_roles[] = { "sent", "drafts", "trash",
	"archive" };

/* The file base name of a UIDL: FNV-1a, 64 bits. */
static char *
uid_name(const char *uid)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *uid != '\0'; uid++) {
		h ^= (unsigned char)*uid;
		h *= 0x100000001b3ull;
	}
	return xasprintf("p%016" PRIx64 ".tern", h);
}

static int
delete_due(const struct config_account *a, const char *when, time_t now)
{
	switch (a->pop3_delete) {
	case CONFIG_POP3_DELETE_NEVER:
		return 0;
	case CONFIG_POP3_DELETE_AFTER_DAYS:
		return now - (time_t)strtoll(when, NULL, 10) >=
		    (time_t)a->pop3_delete_days * 86400;
	case CONFIG_POP3_DELETE_AFTER_DOWNLOAD:
	default:
		return 1;
	}
}

/*
 * Create ACCOUNT/INBOX and the local role folders, durably; those that
 * exist are left alone. 0, or -1 with err set.
 */
static int
local_folders(
    const struct config_account *acct, const char *root, struct err *err)
{
	char *name, *rel = xasprintf("%s/INBOX", acct->name);
	size_t i;
	int r = maildir_create(root, rel, err);

	free(rel);
	for (i = 0; r == 0 && i < sizeof local_roles / sizeof *local_roles;
	     i++) {
		name = sync_role_folder(acct, root, local_roles[i]);
		rel = xasprintf("%s/%s", acct->name, name);
		if (!maildir_folder_valid(rel))
			r = err_set(err, ERR_FINAL,
			    _("[account %s] has %s_folder = %s, which is not "
			      "a folder name tern can use"),
			    acct->name, local_roles[i], name);
		else
			r = maildir_create(root, rel, err);
		free(rel);
		free(name);
	}
	return r;
}

struct pop_run {
	const struct config_account *acct;
	struct store *store;
	struct pop3 *pop3;
	struct syncstate ss;
	struct pop3_msg *v;
	size_t n;
	char *rel; /* ACCOUNT/INBOX */
};

static int
to_writer(void *arg, const char *data, size_t len, struct err *err)
{
	return batch_write(arg, data, len, err);
}

/* RETR message i straight into a file of the batch. */
static int
fetch_one(struct pop_run *pr, struct batch *batch, size_t i, const char *name,
    const char *origin, struct err *err)
{
	struct batch_writer *w;

	if (batch_open(batch, pr->rel, name, origin, &w, err) < 0)
		return -1;
	if (pop3_retr(pr->pop3, pr->v[i].num, to_writer, w, err) < 0) {
		batch_abort(&w);
		return -1;
	}
	return batch_close(&w, NULL, err);
}

/* Progress on stderr (a terminal) and to the caller's callback. */
static void
pop_progress(const struct sync_opts *o, const char *rel, size_t done,
    size_t total, int last)
{
	if (o->on_progress != NULL)
		o->on_progress(o->arg, rel, done, total);
	if (o->progress)
		fprintf(stderr, "\r%s: %zu/%zu %s%s", rel, done, total,
		    _("messages"), last ? "\n" : "");
}

/* Download every message not recorded yet; record them once durable. */
static int
download(struct pop_run *pr, const struct sync_opts *o, struct err *err)
{
	struct batch *batch = batch_new(pr->store, NULL);
	struct folder_scan fs;
	char **fresh = xcalloc(pr->n + 1, sizeof *fresh), *key, *name;
	char origin[96], now[32];
	size_t i, nfresh = 0, total = 0, done = 0;
	struct scan_file *f;
	int r;

	r = folder_scan(store_root(pr->store), pr->rel, &fs, err);
	for (i = 0; r == 0 && i < pr->n; i++) {
		key = xasprintf("uidl:%s", pr->v[i].uid);
		if (syncstate_get(&pr->ss, key) == NULL)
			total++;
		free(key);
	}
	for (i = 0; r == 0 && i < pr->n; i++) {
		key = xasprintf("uidl:%s", pr->v[i].uid);
		if (syncstate_get(&pr->ss, key) != NULL) {
			free(key);
			continue;
		}
		free(key);
		name = uid_name(pr->v[i].uid);
		snprintf(origin, sizeof origin, "UIDL %.70s", pr->v[i].uid);
		f = folder_scan_base(&fs, name);
		if (f != NULL) {
			/* Downloaded before a crash: make sure it is indexed.
			 */
			batch_add_present(batch, pr->rel, f->path, origin);
		} else
			r = fetch_one(pr, batch, i, name, origin, err);
		free(name);
		if (r < 0)
			break;
		fresh[nfresh++] = pr->v[i].uid;
		if (++done % 10 == 0)
			pop_progress(o, pr->rel, done, total, 0);
		if (batch_pending(batch) >= POP_FLUSH_MSGS)
			r = batch_flush(batch, err);
	}
	if (total > 0)
		pop_progress(o, pr->rel, done, total, 1);
	/* What arrived whole is kept even when the rest failed. */
	if (batch_commit(batch, r < 0 ? NULL : err) < 0)
		r = -1;
	else {
		snprintf(now, sizeof now, "%lld", (long long)time(NULL));
		for (i = 0; i < nfresh; i++) {
			key = xasprintf("uidl:%s", fresh[i]);
			syncstate_set(&pr->ss, key, now);
			free(key);
		}
	}
	free(fresh);
	folder_scan_release(&fs);
	batch_free(&batch);
	return r;
}

/* Forget recorded UIDLs the server no longer lists. */
static void
forget_gone(struct pop_run *pr)
{
	size_t i, j;
	int listed;

	for (i = 0; i < pr->ss.n;) {
		const char *k = pr->ss.entries[i].key;
		if (strncmp(k, "uidl:", 5) != 0) {
			i++;
			continue;
		}
		for (listed = 0, j = 0; !listed && j < pr->n; j++)
			listed = strcmp(pr->v[j].uid, k + 5) == 0;
		if (listed)
			i++;
		else
			syncstate_del(&pr->ss, k);
	}
}

/*
 * After a refusal on a connection that still works, take back what DELE
 * marked and end the session with QUIT rather than a dropped connection.
 */
static void
end_refused(struct pop3 **pop3)
{
	struct err ignored;

	if (*pop3 == NULL || pop3_broken(*pop3))
		return;
	if (pop3_rset(*pop3, &ignored) == 0)
		pop3_quit(pop3, &ignored);
}

int
sync_pop3(const struct config_account *acct, struct store *store,
    const struct sync_opts *o, struct err *err)
{
	struct pop_run pr = { .acct = acct, .store = store };
	const char *when;
	time_t now = time(NULL);
	char *key;
	size_t i, ndel = 0;
	int r;

	if (local_folders(acct, store_root(store), err) < 0)
		return -1;
	pr.rel = xasprintf("%s/INBOX", acct->name);
	syncstate_init(&pr.ss);
	r = syncstate_load(&pr.ss, store_root(store), pr.rel, err);
	if (r == 0)
		r = pop3_open(acct, o->timeout_s, &pr.pop3, err);
	if (r == 0)
		r = pop3_list(pr.pop3, &pr.v, &pr.n, err);
	if (r == 0) {
		r = download(&pr, o, err);
		forget_gone(&pr);
		/* Record what is durable even when the download stopped. */
		if (syncstate_save(&pr.ss, store_root(store), pr.rel,
			r < 0 ? NULL : err) < 0)
			r = -1;
		store_step();
	}
	for (i = 0; r == 0 && i < pr.n; i++) {
		key = xasprintf("uidl:%s", pr.v[i].uid);
		when = syncstate_get(&pr.ss, key);
		free(key);
		if (when == NULL || !delete_due(acct, when, now))
			continue;
		r = pop3_dele(pr.pop3, pr.v[i].num, err);
		ndel++;
		store_step();
	}
	if (r == 0 && pr.pop3 != NULL)
		r = pop3_quit(&pr.pop3, err);
	if (r < 0) {
		end_refused(&pr.pop3);
		err_prefix(err, "%s", pr.rel);
	}
	log_debug(
	    "pop3: %s: %zu on the server, %zu deleted", pr.rel, pr.n, ndel);
	pop3_close(&pr.pop3);
	pop3_msgs_free(pr.v, pr.n);
	syncstate_release(&pr.ss);
	free(pr.rel);
	return r;
}
