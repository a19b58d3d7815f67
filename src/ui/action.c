/*
 * The writer of the interface's changes. The interface queues changes
 * under a mutex; one thread takes everything queued, opens the store
 * for writing (waiting while a sync holds it), applies the changes in
 * order, commits, closes the store again (so a sync can have it), and
 * writes a byte to a pipe that the event loop polls. The event loop then
 * takes the outcomes (actions_collect): errors for the message line, the
 * accounts to sync, and the changes to drop from the index's overlay.
 *
 * The writer keeps what it did for the last changes (the tag changes,
 * the files moved and where to), so that an undo queued later can be
 * turned into its inverse there, after the change itself was written.
 */
#include <config.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account/keep.h"
#include "store/search.h"
#include "ui/action.h"
#include "ui/index.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/xalloc.h"

#define ACTIONS_HISTORY 64 /* changes the writer remembers for undo */

enum change_kind {
	CHANGE_TAG,
	CHANGE_MOVE,
	CHANGE_UNDO,
	CHANGE_STORE,
};

/* One queued change, and once applied, what it did. */
struct change {
	unsigned long seq;
	enum change_kind kind;
	char *query;
	struct tag_change *tags; /* CHANGE_TAG: tag strings owned */
	size_t ntags;
	struct move_spec spec; /* CHANGE_MOVE: folder and only owned */
	unsigned long undo_of; /* CHANGE_UNDO */
	char *account;	       /* CHANGE_STORE: a new message for the */
	char *role;	       /* folder with role of account, */
	struct buf data;       /* its text */
	char *flags;	       /* and its Maildir flags */
	/* outcome */
	struct move_result moved; /* the files moved (moves and undos) */
	char **accounts;	  /* the accounts whose mail changed */
	size_t naccounts;
	char *error; /* NULL: done */
};

/* A list of changes, in order. */
struct changes {
	struct change **v;
	size_t n;
};

/* What the interface learns of a change written: a copy, its own. */
struct outcome {
	unsigned long seq;
	char *error;
	char **accounts;
	size_t naccounts;
};

struct outcomes {
	struct outcome *v;
	size_t n;
};

struct actions {
	const struct config *cfg;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	int started;
	int quitting;		 /* under lock */
	struct changes queued;	 /* under lock: to write */
	struct outcomes results; /* under lock: written, not collected */
	size_t busy;		 /* under lock: being written */
	struct changes history;	 /* the writer's own: the last written */
	unsigned long next_seq;	 /* the interface's own */
	unsigned long done;	 /* the interface's own: last collected */
	int pipe[2];
};

static void
changes_push(struct changes *l, struct change *c)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = c;
}

static struct change *
change_new(enum change_kind kind)
{
	struct change *c = xcalloc(1, sizeof *c);

	c->kind = kind;
	buf_init(&c->data, 0);
	return c;
}

static void
change_free(struct change *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->query);
	for (i = 0; i < c->ntags; i++)
		free((char *)c->tags[i].tag);
	free(c->tags);
	free((char *)c->spec.folder);
	move_spec_release(&c->spec);
	move_result_release(&c->moved);
	for (i = 0; i < c->naccounts; i++)
		free(c->accounts[i]);
	free(c->accounts);
	free(c->error);
	free(c->account);
	free(c->role);
	buf_release(&c->data);
	free(c->flags);
	free(c);
}

static void
changes_clear(struct changes *l)
{
	while (l->n > 0)
		change_free(l->v[--l->n]);
	xfree(&l->v);
}

static void
outcomes_add(struct outcomes *l, const struct change *c)
{
	struct outcome *o;
	size_t i;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	o = &l->v[l->n++];
	o->seq = c->seq;
	o->error = c->error != NULL ? xstrdup(c->error) : NULL;
	o->accounts = xcalloc(c->naccounts + 1, sizeof *o->accounts);
	for (i = 0; i < c->naccounts; i++)
		o->accounts[i] = xstrdup(c->accounts[i]);
	o->naccounts = c->naccounts;
}

static void
outcomes_clear(struct outcomes *l)
{
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].error);
		for (k = 0; k < l->v[i].naccounts; k++)
			free(l->v[i].accounts[k]);
		free(l->v[i].accounts);
	}
	xfree(&l->v);
	l->n = 0;
}

/* Remember account as one whose mail the change touched. */
static void
change_account(struct change *c, const char *account)
{
	size_t i;

	for (i = 0; i < c->naccounts; i++)
		if (strcmp(c->accounts[i], account) == 0)
			return;
	c->accounts =
	    xreallocarray(c->accounts, c->naccounts + 1, sizeof *c->accounts);
	c->accounts[c->naccounts++] = xstrdup(account);
}

/* The accounts of the files of the messages matching the change's query. */
static int
change_find_accounts(struct store *store, struct change *c, struct err *err)
{
	struct search *s;
	struct search_item it;
	char *account, *folder;
	int r;

	if (search_new(store, c->query, SEARCH_FILES, &s, err) < 0)
		return -1;
	while ((r = search_next(s, &it, err)) > 0)
		if (store_file_place(store, it.path, &account, &folder) == 0) {
			change_account(c, account);
			free(account);
			free(folder);
		}
	search_free(&s);
	return r;
}

static int
apply_tag(struct store *store, struct change *c, struct err *err)
{
	unsigned long count;

	if (change_find_accounts(store, c, err) < 0)
		return -1;
	return tag_apply(store, c->query, c->tags, c->ntags, &count, err);
}

static int
apply_move(
    struct actions *a, struct store *store, struct change *c, struct err *err)
{
	size_t i;
	int r;

	r = move_run(store, a->cfg, c->query, &c->spec, &c->moved, err);
	for (i = 0; i < c->moved.n; i++)
		change_account(c, c->moved.v[i].account);
	return r;
}

/* The change numbered seq among those written, or NULL. */
static struct change *
history_find(struct actions *a, unsigned long seq)
{
	size_t i;

	for (i = 0; i < a->history.n; i++)
		if (a->history.v[i]->seq == seq)
			return a->history.v[i];
	return NULL;
}

/* Move one file back where it came from. */
static int
undo_file(struct actions *a, struct store *store, struct change *c,
    const struct move_file *f, struct err *err)
{
	char *ids[1] = { f->id }, *query = actions_id_query(ids, 1);
	char *only = xasprintf("%s/%s", f->account, f->to);
	struct move_spec spec = { .kind = MOVE_FOLDER,
		.folder = f->from,
		.only = &only,
		.nonly = 1 };
	int r;

	r = move_run(store, a->cfg, query, &spec, &c->moved, err);
	change_account(c, f->account);
	free(only);
	free(query);
	return r;
}

static int
undo_moves(struct actions *a, struct store *store, struct change *c,
    const struct change *orig, struct err *err)
{
	size_t i, lost = 0;

	for (i = 0; i < orig->moved.n; i++) {
		if (orig->moved.v[i].to == NULL)
			lost++;
		else if (undo_file(a, store, c, &orig->moved.v[i], err) < 0)
			return -1;
	}
	if (lost > 0)
		return err_set(err, ERR_FINAL,
		    ngettext_("%zu message was removed for good and cannot be "
			      "restored",
			"%zu messages were removed for good and cannot be "
			"restored",
			lost),
		    lost);
	return 0;
}

static int
undo_tags(struct store *store, struct change *c, const struct change *orig,
    struct err *err)
{
	struct tag_change *inv = xcalloc(orig->ntags, sizeof *inv);
	unsigned long count;
	size_t i, k;
	int r;

	/* The inverse of a list of changes: each undone, last first. */
	for (i = 0, k = orig->ntags; k-- > 0; i++) {
		inv[i].tag = orig->tags[k].tag;
		inv[i].add = !orig->tags[k].add;
	}
	for (i = 0; i < orig->naccounts; i++)
		change_account(c, orig->accounts[i]);
	r = tag_apply(store, orig->query, inv, orig->ntags, &count, err);
	free(inv);
	return r;
}

static int
apply_undo(
    struct actions *a, struct store *store, struct change *c, struct err *err)
{
	const struct change *orig = history_find(a, c->undo_of);

	if (orig == NULL || orig->error != NULL)
		return err_set(err, ERR_FINAL, "%s",
		    _("the change to undo was not made, or is too old"));
	if (orig->kind == CHANGE_STORE || orig->kind == CHANGE_UNDO)
		return err_set(
		    err, ERR_FINAL, "%s", _("this change cannot be undone"));
	if (orig->kind == CHANGE_TAG)
		return undo_tags(store, c, orig, err);
	return undo_moves(a, store, c, orig, err);
}

static int
apply_store(
    struct actions *a, struct store *store, struct change *c, struct err *err)
{
	const struct config_account *acct = config_account(a->cfg, c->account);

	if (acct == NULL)
		return err_set(err, ERR_FINAL,
		    _("there is no account '%s' in the configuration"),
		    c->account);
	change_account(c, c->account);
	return keep_in_role(
	    store, acct, c->role, c->data.data, c->data.len, c->flags, err);
}

static int
apply_one(
    struct actions *a, struct store *store, struct change *c, struct err *err)
{
	switch (c->kind) {
	case CHANGE_TAG:
		return apply_tag(store, c, err);
	case CHANGE_MOVE:
		return apply_move(a, store, c, err);
	case CHANGE_UNDO:
		return apply_undo(a, store, c, err);
	case CHANGE_STORE:
		return apply_store(a, store, c, err);
	}
	return err_set(err, ERR_FINAL, "bad change %d", (int)c->kind);
}

/* Keep c for a later undo, forgetting the oldest beyond the limit. */
static void
history_keep(struct actions *a, struct change *c)
{
	changes_push(&a->history, c);
	if (a->history.n > ACTIONS_HISTORY) {
		change_free(a->history.v[0]);
		memmove(a->history.v, a->history.v + 1,
		    --a->history.n * sizeof *a->history.v);
	}
}

/*
 * Apply a batch to the store; each change gets its outcome. A failed
 * change leaves the others be; a failed commit fails them all.
 */
static void
write_batch(struct actions *a, struct changes *batch)
{
	struct store *store = NULL;
	struct err err;
	size_t i;
	int r;

	r = store_open(a->cfg->mail_root, STORE_WRITE, &store, &err);
	for (i = 0; r == 0 && i < batch->n; i++)
		if (apply_one(a, store, batch->v[i], &err) < 0)
			batch->v[i]->error = xstrdup(err.msg);
	if (r == 0)
		r = store_commit(store, &err);
	store_close(&store);
	for (i = 0; r < 0 && i < batch->n; i++)
		if (batch->v[i]->error == NULL)
			batch->v[i]->error = xstrdup(err.msg);
}

/* Hand the outcomes over to the interface, and wake its event loop. */
static void
write_done(struct actions *a, struct changes *batch)
{
	size_t i;
	char one = 1;

	pthread_mutex_lock(&a->lock);
	for (i = 0; i < batch->n; i++) {
		outcomes_add(&a->results, batch->v[i]);
		history_keep(a, batch->v[i]);
	}
	a->busy = 0;
	pthread_mutex_unlock(&a->lock);
	batch->n = 0;
	if (write(a->pipe[1], &one, 1) < 0)
		log_debug("actions: cannot wake the interface");
}

static void *
actions_writer(void *arg)
{
	struct actions *a = arg;
	struct changes batch = { 0 };

	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (a->queued.n == 0 && !a->quitting)
			pthread_cond_wait(&a->cond, &a->lock);
		if (a->queued.n == 0)
			break;
		batch = a->queued;
		a->queued = (struct changes){ 0 };
		a->busy = batch.n;
		pthread_mutex_unlock(&a->lock);
		write_batch(a, &batch);
		write_done(a, &batch);
		free(batch.v);
		pthread_mutex_lock(&a->lock);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

struct actions *
actions_new(const struct config *cfg)
{
	struct actions *a = xcalloc(1, sizeof *a);

	a->cfg = cfg;
	a->pipe[0] = a->pipe[1] = -1;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	return a;
}

/* Start the writer with the first change: no thread when none is made. */
static void
actions_start(struct actions *a)
{
	if (a->started)
		return;
	if (pipe(a->pipe) < 0)
		abort(); /* out of file descriptors: like out of memory */
	fcntl(a->pipe[0], F_SETFL, O_NONBLOCK);
	if (pthread_create(&a->thread, NULL, actions_writer, a) != 0)
		abort();
	a->started = 1;
}

void
actions_free(struct actions **actions)
{
	struct actions *a = *actions;

	if (a == NULL)
		return;
	if (a->started) {
		pthread_mutex_lock(&a->lock);
		a->quitting = 1;
		pthread_cond_signal(&a->cond);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->thread, NULL);
		close(a->pipe[0]);
		close(a->pipe[1]);
	}
	changes_clear(&a->queued);
	outcomes_clear(&a->results);
	changes_clear(&a->history);
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->cond);
	free(a);
	*actions = NULL;
}

int
actions_fd(const struct actions *actions)
{
	return actions != NULL ? actions->pipe[0] : -1;
}

size_t
actions_pending(const struct actions *actions)
{
	struct actions *a = (struct actions *)actions;
	size_t n;

	if (a == NULL)
		return 0;
	pthread_mutex_lock(&a->lock);
	n = a->queued.n + a->busy;
	pthread_mutex_unlock(&a->lock);
	return n;
}

unsigned long
actions_done(const struct actions *actions)
{
	return actions != NULL ? actions->done : 0;
}

/* Take the outcomes written so far. */
static struct outcomes
actions_take(struct actions *a)
{
	struct outcomes got;
	char drain[64];

	while (read(a->pipe[0], drain, sizeof drain) == (ssize_t)sizeof drain)
		;
	pthread_mutex_lock(&a->lock);
	got = a->results;
	a->results = (struct outcomes){ 0 };
	pthread_mutex_unlock(&a->lock);
	return got;
}

int
actions_collect(struct ui *ui)
{
	struct actions *a = ui->actions;
	struct outcomes got;
	struct err err;
	int reload = 0;
	size_t i, k;

	if (a == NULL || !a->started)
		return 0;
	got = actions_take(a);
	for (i = 0; i < got.n; i++) {
		const struct outcome *c = &got.v[i];

		if (c->error != NULL)
			ui_error(ui, "%s", c->error);
		for (k = 0; c->error == NULL && k < c->naccounts; k++)
			ui_worker_wake(ui, c->accounts[k]);
		a->done = c->seq;
		reload |=
		    index_overlay_done(ui->index, c->seq, c->error != NULL);
	}
	k = got.n;
	outcomes_clear(&got);
	if (reload && ui->store != NULL &&
	    index_reload(ui->index, ui->store, &err) < 0)
		ui_error(ui, "%s", err.msg);
	return k > 0;
}

/* Queue c and wake the writer; returns c's number. */
static unsigned long
actions_queue(struct actions *a, struct change *c)
{
	actions_start(a);
	c->seq = ++a->next_seq;
	pthread_mutex_lock(&a->lock);
	changes_push(&a->queued, c);
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->lock);
	return c->seq;
}

unsigned long
actions_tag(struct actions *actions, const char *query,
    const struct tag_change *changes, size_t n)
{
	struct change *c = change_new(CHANGE_TAG);
	size_t i;

	c->query = xstrdup(query);
	c->tags = xcalloc(n, sizeof *c->tags);
	for (i = 0; i < n; i++) {
		c->tags[i].tag = xstrdup(changes[i].tag);
		c->tags[i].add = changes[i].add;
	}
	c->ntags = n;
	return actions_queue(actions, c);
}

unsigned long
actions_move(
    struct actions *actions, const char *query, const struct move_spec *spec)
{
	struct change *c = change_new(CHANGE_MOVE);
	size_t i;

	c->query = xstrdup(query);
	c->spec.kind = spec->kind;
	if (spec->folder != NULL)
		c->spec.folder = xstrdup(spec->folder);
	c->spec.only = xcalloc(spec->nonly + 1, sizeof *c->spec.only);
	for (i = 0; i < spec->nonly; i++)
		c->spec.only[i] = xstrdup(spec->only[i]);
	c->spec.nonly = spec->nonly;
	return actions_queue(actions, c);
}

unsigned long
actions_undo(struct actions *actions, unsigned long seq)
{
	struct change *c = change_new(CHANGE_UNDO);

	c->undo_of = seq;
	return actions_queue(actions, c);
}

unsigned long
actions_store(struct actions *actions, const char *account, const char *role,
    const char *data, size_t len, const char *flags)
{
	struct change *c = change_new(CHANGE_STORE);

	c->account = xstrdup(account);
	c->role = xstrdup(role);
	buf_add(&c->data, data, len);
	c->flags = flags != NULL ? xstrdup(flags) : NULL;
	return actions_queue(actions, c);
}

char *
actions_id_query(char *const *ids, size_t n)
{
	struct buf q = BUF_INIT;
	const char *p;
	size_t i;

	for (i = 0; i < n; i++) {
		buf_adds(&q, i > 0 ? " or id:\"" : "id:\"");
		for (p = ids[i]; *p != '\0'; p++) {
			if (*p == '"')
				buf_addc(&q, '"');
			buf_addc(&q, *p);
		}
		buf_addc(&q, '"');
	}
	return buf_detach(&q, NULL);
}
