#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "account/imap.h"
#include "account/sync.h"
#include "store/batch.h"
#include "store/folderscan.h"
#include "store/journal.h"
#include "store/mailfile.h"
#include "store/maildir.h"
#include "store/nameset.h"
#include "store/rawmsg.h"
#include "store/syncstate.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Messages and bytes asked for in one UID FETCH of bodies. */
#define FETCH_MAX_MSGS 500
#define FETCH_MAX_BYTES (16u * 1024 * 1024)
/* Messages and bytes written before the index catches up with them. */
#define FLUSH_MSGS 1000
#define FLUSH_BYTES (64u * 1024 * 1024)
/* Largest message tern uploads, in bytes. */
#define UPLOAD_MAX (256u * 1024 * 1024)
/* The Maildir flag letters IMAP knows; others are local only. */
#define IMAP_LETTERS "DFPRST"
#define ALL_FLAGS                                                              \
	(IMAP_SEEN | IMAP_ANSWERED | IMAP_FLAGGED | IMAP_DELETED |             \
	    IMAP_DRAFT | IMAP_FORWARDED)
/* The state "folder" that holds what the account as a whole learned. */
#define ACCOUNT_STATE ".account"

struct sync {
	const struct config_account *acct;
	struct store *store;  /* NULL until need_store (o->open_store) */
	int store_failed;     /* need_store failed: the sync stops */
	struct err store_err; /* why */
	const char *root;
	const struct sync_opts *o;
	struct imap *imap;
	struct imap_folder *folders;
	size_t nfolders;
	char *selected; /* raw name of the selected folder */
	struct imap_selected sel;
	/* STATUS of folders[0..nstatus) asked before their sync, or NULL. */
	struct imap_status *status;
	size_t nstatus;
	/* INBOX's STATUS, asked along with the LIST; stale after a replay. */
	struct imap_status inbox;
	uint32_t saved_uidvalidity; /* of the selected folder, 0: none */
	int failed;
};

static char *
rel_of(const struct sync *s, const char *name)
{
	return xasprintf("%s/%s", s->acct->name, name);
}

static void
warn(struct sync *s, const struct err *err)
{
	s->failed = 1;
	if (s->o->warn != NULL)
		s->o->warn(s->o->arg, err->msg);
}

/*
 * Open the store for writing if that was left until something has to be
 * written (sync_opts.open_store). Returns 0, or -1 with err set; a
 * store that cannot be opened ends the sync.
 */
static int
need_store(struct sync *s, struct err *err)
{
	if (s->store != NULL)
		return 0;
	if (s->store_failed) {
		if (err != NULL)
			*err = s->store_err;
		return -1;
	}
	if (s->o->open_store(s->o->store_arg, &s->store, &s->store_err) < 0) {
		s->store = NULL;
		s->store_failed = 1;
		if (err != NULL)
			*err = s->store_err;
		return -1;
	}
	store_journal(s->store, 0);
	return 0;
}

static uint64_t
state_u64(const struct syncstate *ss, const char *key)
{
	const char *v = syncstate_get(ss, key);

	return v != NULL ? strtoull(v, NULL, 10) : 0;
}

static void
state_set_u64(struct syncstate *ss, const char *key, uint64_t v)
{
	char num[32];

	snprintf(num, sizeof num, "%" PRIu64, v);
	syncstate_set(ss, key, num);
}

static const struct imap_folder *
folder_named(const struct sync *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nfolders; i++)
		if (strcmp(s->folders[i].name, name) == 0)
			return &s->folders[i];
	return NULL;
}

/* SELECT raw unless it is selected already; loads its saved UIDVALIDITY. */
static int
select_folder(
    struct sync *s, const char *name, const char *raw, struct err *err)
{
	struct syncstate ss;
	char *rel;

	if (s->selected != NULL && strcmp(s->selected, raw) == 0)
		return 0;
	xfree(&s->selected);
	rel = rel_of(s, name);
	syncstate_init(&ss);
	if (syncstate_load(&ss, s->root, rel, err) < 0) {
		free(rel);
		return -1;
	}
	s->saved_uidvalidity = (uint32_t)state_u64(&ss, "uidvalidity");
	syncstate_release(&ss);
	free(rel);
	if (imap_select(s->imap, raw, &s->sel, err) < 0)
		return err_prefix(err, "%s/%s", s->acct->name, name);
	s->selected = xstrdup(raw);
	return 0;
}

/* The server name of local folder name, creating the folder if need be. */
static const char *
ensure_folder(struct sync *s, const char *name, struct err *err)
{
	const struct imap_folder *f = folder_named(s, name);
	struct imap_folder nf = { 0 };

	if (f != NULL)
		return f->raw;
	nf.raw = imap_raw_name(s->imap, name);
	if (nf.raw == NULL) {
		err_set(err, ERR_FINAL,
		    _("folder name '%s' cannot be used on %s"), name,
		    imap_host(s->imap));
		return NULL;
	}
	if (imap_create(s->imap, nf.raw, err) < 0) {
		free(nf.raw);
		err_prefix(err, "%s/%s", s->acct->name, name);
		return NULL;
	}
	nf.name = xstrdup(name);
	s->folders =
	    xreallocarray(s->folders, s->nfolders + 1, sizeof *s->folders);
	s->folders[s->nfolders++] = nf;
	return nf.raw;
}

/* ---- uploading a local file ---- */

/* data with every bare LF made CRLF, into out. */
static void
to_crlf(const char *data, size_t len, struct buf *out)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++)
		if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) {
			buf_add(out, data + start, i - start);
			buf_add(out, "\r\n", 2);
			start = i + 1;
		}
	buf_add(out, data + start, len - start);
}

/*
 * Whether the server holds f's message in folder name already (a crash
 * came after the server moved or stored it, before tern recorded it): if
 * so, f takes its UID, or goes when another local file has that UID.
 * 1 when settled, 0 when f must be uploaded, -1 on error.
 */
static int
adopt(struct sync *s, const struct scan_file *f, const char *name,
    const char *raw, const char *mid, struct err *err)
{
	struct folder_scan fs;
	uint32_t uid;
	char *rel, *path = NULL;
	int r, present;

	if (select_folder(s, name, raw, err) < 0 ||
	    imap_find_message_id(s->imap, mid, &uid, err) < 0)
		return -1;
	if (uid == 0)
		return 0;
	rel = rel_of(s, name);
	r = folder_scan(s->root, rel, &fs, err);
	free(rel);
	if (r < 0)
		return -1;
	present = folder_scan_uid(&fs, uid) != NULL;
	folder_scan_release(&fs);
	log_debug("sync: '%s' is UID %u on the server already", f->path,
	    (unsigned)uid);
	if (present)
		r = mailfile_remove(s->store, f->path, err);
	else
		r = mailfile_set_uid(s->store, f->path, uid, &path, err);
	free(path);
	return r < 0 ? -1 : 1;
}

/*
 * Put the local file f into folder name (server name raw) unless the
 * server has its message there already; the file then carries the new
 * UID (or, when the server does not say it, goes: the next fetch brings
 * the message back).
 */
static int
upload(struct sync *s, const struct scan_file *f, const char *name,
    const char *raw, struct err *err)
{
	struct buf data = BUF_INIT, wire = BUF_INIT;
	uint32_t uid = 0;
	char *path = NULL, *mid = NULL;
	int r;

	r = file_read(f->path, &data, UPLOAD_MAX, err);
	if (r == 0 &&
	    (s->o->fresh == NULL ||
		nameset_get(s->o->fresh, f->base) == NULL) &&
	    (mid = rawmsg_message_id(data.data, data.len)) != NULL)
		r = adopt(s, f, name, raw, mid, err);
	if (r == 0) {
		to_crlf(data.data, data.len, &wire);
		r = imap_append(s->imap, raw, wire.data, wire.len,
		    imap_flags_from_maildir(f->flags), &uid, err);
	}
	free(mid);
	buf_release(&data);
	buf_release(&wire);
	if (r != 0)
		return r < 0 ? -1 : 0;
	log_debug("sync: uploaded '%s' as UID %u", f->path, (unsigned)uid);
	if (uid == 0)
		return mailfile_remove(s->store, f->path, err);
	r = mailfile_set_uid(s->store, f->path, uid, &path, err);
	free(path);
	return r;
}

/* ---- replaying the journal ---- */

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Whether records a and b can go to the server in one command. */
static int
same_group(const struct journal_rec *a, const struct journal_rec *b)
{
	if (a->op != b->op || a->op == JOURNAL_MOVE ||
	    a->op == JOURNAL_APPEND || strcmp(a->folder, b->folder) != 0)
		return 0;
	return a->op == JOURNAL_EXPUNGE ||
	    (strcmp(a->a, b->a) == 0 && strcmp(a->b, b->b) == 0);
}

/*
 * Whether a file called base already carries its new UID in the folder
 * scanned (the move was made before a crash). A crash may also have left
 * the file's old name beside the new one: it is folded into the new name.
 * Sets *ret to the result of that.
 */
static int
settled_twin(struct sync *s, const struct folder_scan *fs, const char *base,
    int *ret, struct err *err)
{
	uint32_t uid = 0;
	char *path;
	size_t i;

	for (i = 0; i < fs->nuid && uid == 0; i++)
		if (strcmp(fs->v[i].base, base) == 0)
			uid = fs->v[i].uid;
	if (uid == 0)
		return 0;
	*ret = 0;
	for (i = fs->nuid; i < fs->n && *ret == 0; i++)
		if (strcmp(fs->v[i].base, base) == 0) {
			*ret = mailfile_set_uid(
			    s->store, fs->v[i].path, uid, &path, err);
			if (*ret == 0)
				free(path);
		}
	return 1;
}

static int
replay_move(
    struct sync *s, const struct journal_rec *r, int src_ok, struct err *err)
{
	struct folder_scan fs;
	struct scan_file *f;
	const char *dest;
	char *rel = rel_of(s, r->a), *path = NULL;
	uint32_t newuid = 0;
	unsigned flags;
	int ret = 0;

	if (folder_scan(s->root, rel, &fs, err) < 0) {
		free(rel);
		return -1;
	}
	free(rel);
	f = folder_scan_base(&fs, r->b);
	if (f == NULL) {
		/* Removed here after the move: remove it there too. */
		if (src_ok)
			ret = imap_expunge(s->imap, &r->uid, 1, err);
		goto out;
	}
	if (settled_twin(s, &fs, r->b, &ret, err))
		goto out; /* done before a crash */
	dest = ensure_folder(s, r->a, err);
	if (dest == NULL) {
		ret = -1;
		goto out;
	}
	if (src_ok) {
		flags = imap_flags_from_maildir(f->flags);
		if (imap_store(s->imap, &r->uid, 1, flags, ALL_FLAGS & ~flags,
			err) < 0 ||
		    imap_move(s->imap, r->uid, dest, &newuid, err) < 0) {
			ret = -1;
			goto out;
		}
		if (newuid != 0) {
			ret = mailfile_set_uid(
			    s->store, f->path, newuid, &path, err);
			goto out;
		}
		if (!imap_has(s->imap, "UIDPLUS")) {
			ret = mailfile_remove(s->store, f->path, err);
			goto out;
		}
		/* The server no longer had it: upload this copy. */
	}
	ret = upload(s, f, r->a, dest, err);
out:
	free(path);
	folder_scan_release(&fs);
	return ret;
}

/*
 * New local files (sent messages' copies) of records v[i..k), all in one
 * folder, go to the server, unless removed here meanwhile or already
 * carrying a UID.
 */
static int
replay_append(struct sync *s, const struct journal *j, size_t i, size_t k,
    struct err *err)
{
	struct folder_scan fs;
	struct scan_file *f;
	const char *dest = NULL, *base;
	char *rel = rel_of(s, j->v[i].folder);
	int ret = 0;

	if (folder_scan(s->root, rel, &fs, err) < 0) {
		free(rel);
		return -1;
	}
	free(rel);
	for (; ret == 0 && i < k; i++) {
		base = j->v[i].a;
		if (settled_twin(s, &fs, base, &ret, err))
			continue; /* uploaded before a crash */
		f = folder_scan_base(&fs, base);
		if (f == NULL || f->uid != 0)
			continue;
		if (dest == NULL)
			dest = ensure_folder(s, j->v[i].folder, err);
		ret =
		    dest == NULL ? -1 : upload(s, f, j->v[i].folder, dest, err);
	}
	folder_scan_release(&fs);
	return ret;
}

/* Replay records v[i..k) (one group) of the journal. */
static int
replay_group(struct sync *s, const struct journal *j, size_t i, size_t k,
    struct err *err)
{
	const struct journal_rec *r = &j->v[i];
	const struct imap_folder *f = folder_named(s, r->folder);
	uint32_t *uids;
	size_t n = 0, x;
	int src_ok = 0, ret;

	if (r->op == JOURNAL_APPEND)
		return replay_append(s, j, i, k, err);
	if (f != NULL && !f->noselect) {
		if (select_folder(s, f->name, f->raw, err) < 0)
			return -1;
		/* UIDs of an older UIDVALIDITY name other messages. */
		src_ok = s->saved_uidvalidity == s->sel.uidvalidity;
	}
	if (!src_ok)
		log_debug("sync: %s/%s: journal records for UIDs that no "
			  "longer exist there",
		    s->acct->name, r->folder);
	if (r->op == JOURNAL_MOVE)
		return replay_move(s, r, src_ok, err);
	if (!src_ok)
		return 0;
	uids = xreallocarray(NULL, k - i, sizeof *uids);
	for (x = i; x < k; x++)
		uids[n++] = j->v[x].uid;
	if (n > 0)
		qsort(uids, n, sizeof *uids, cmp_u32);
	for (x = 1, k = n > 0 ? 1 : 0; x < n; x++)
		if (uids[x] != uids[k - 1])
			uids[k++] = uids[x];
	n = k;
	if (r->op == JOURNAL_FLAGS)
		ret =
		    imap_store(s->imap, uids, n, imap_flags_from_maildir(r->a),
			imap_flags_from_maildir(r->b), err);
	else
		ret = imap_expunge(s->imap, uids, n, err);
	free(uids);
	return ret;
}

static int
replay(struct sync *s, struct err *err)
{
	struct journal j;
	size_t i = 0, k;
	int r = 0;

	if (journal_load(s->root, s->acct->name, &j, err) < 0)
		return -1;
	if (j.n > 0)
		s->inbox.known = 0; /* the replay may change INBOX */
	if (j.n > 0 && need_store(s, err) < 0) {
		journal_release(&j);
		return -1;
	}
	while (i < j.n) {
		for (k = i + 1; k < j.n && same_group(&j.v[i], &j.v[k]); k++)
			;
		if (replay_group(s, &j, i, k, err) < 0) {
			if (imap_broken(s->imap)) {
				r = -1;
				break;
			}
			/* The server refused it for good: say so, go on. */
			warn(s, err);
		}
		store_step();
		i = k;
	}
	if (j.n > 0 && store_commit(s->store, r < 0 ? NULL : err) < 0)
		r = -1;
	if (j.n > 0 && (r == 0 || i > 0) &&
	    journal_keep(s->root, s->acct->name, &j, i, r < 0 ? NULL : err) < 0)
		r = -1;
	journal_release(&j);
	return r;
}

/* ---- one folder ---- */

struct change {
	uint32_t uid;
	unsigned flags;
};

struct folder_run {
	struct sync *s;
	const char *rel;
	struct change *changes; /* flags from the server */
	size_t nchanges;
	uint32_t *gone; /* VANISHED */
	size_t ngone;
	struct batch *batch;
	struct nameset *fetched_ids; /* Message-IDs fetched (for orphans) */
	uint32_t maxuid;
	size_t done, total;
	uint64_t bytes;
	time_t shown;
};

static void
on_flags(void *arg, uint32_t uid, unsigned flags)
{
	struct folder_run *fr = arg;

	fr->changes =
	    xreallocarray(fr->changes, fr->nchanges + 1, sizeof *fr->changes);
	fr->changes[fr->nchanges].uid = uid;
	fr->changes[fr->nchanges++].flags = flags;
}

static void
on_vanished(void *arg, uint32_t uid)
{
	struct folder_run *fr = arg;

	fr->gone = xreallocarray(fr->gone, fr->ngone + 1, sizeof *fr->gone);
	fr->gone[fr->ngone++] = uid;
}

/* f's letters with the IMAP ones replaced by flags. */
static char *
merged_letters(const char *local, unsigned flags)
{
	char imap[8], *out = xmalloc(strlen(local) + sizeof imap);
	char *o = out;

	for (; *local != '\0'; local++)
		if (strchr(IMAP_LETTERS, *local) == NULL)
			*o++ = *local;
	imap_flags_to_maildir(flags, imap);
	strcpy(o, imap);
	o = maildir_flags_normalise(out);
	free(out);
	return o;
}

/* Give every file of uid the server's flags. */
static int
apply_flags(struct sync *s, struct folder_scan *fs, uint32_t uid,
    unsigned flags, struct err *err)
{
	struct scan_file *f = folder_scan_uid(fs, uid);
	char *want, *path;

	for (; f != NULL && f < fs->v + fs->nuid && f->uid == uid; f++) {
		if (imap_flags_from_maildir(f->flags) == flags)
			continue;
		want = merged_letters(f->flags, flags);
		if (mailfile_set_flags(s->store, f->path, want, &path, err) <
		    0) {
			free(want);
			return -1;
		}
		free(f->path);
		f->path = path;
		free(f->flags);
		f->flags = want;
		store_step();
	}
	return 0;
}

static int
remove_uid(
    struct sync *s, struct folder_scan *fs, uint32_t uid, struct err *err)
{
	struct scan_file *f = folder_scan_uid(fs, uid);

	for (; f != NULL && f < fs->v + fs->nuid && f->uid == uid; f++) {
		if (f->path[0] == '\0')
			continue;
		if (mailfile_remove(s->store, f->path, err) < 0)
			return -1;
		f->path[0] = '\0';
		store_step();
	}
	return 0;
}

/* Flags and expunges of the messages known before (UID < next). */
static int
known_messages(struct folder_run *fr, struct folder_scan *fs, uint32_t next,
    uint64_t hms, struct err *err)
{
	struct sync *s = fr->s;
	uint64_t since = hms != 0 && imap_has(s->imap, "QRESYNC") ? hms : 0;
	size_t i, c = 0;

	if (next <= 1 || fs->nuid == 0)
		return 0;
	if (imap_fetch_flags(
		s->imap, next, since, on_flags, on_vanished, fr, err) < 0)
		return -1;
	for (i = 0; i < fr->nchanges; i++)
		if (apply_flags(s, fs, fr->changes[i].uid, fr->changes[i].flags,
			err) < 0)
			return -1;
	for (i = 0; i < fr->ngone; i++)
		if (remove_uid(s, fs, fr->gone[i], err) < 0)
			return -1;
	if (since != 0)
		return 0;
	/* A full listing: what it did not name is gone. */
	if (fr->nchanges > 0)
		qsort(fr->changes, fr->nchanges, sizeof *fr->changes, cmp_u32);
	for (i = 0; i < fs->nuid; i++) {
		uint32_t uid = fs->v[i].uid;
		if (uid >= next || fs->v[i].path[0] == '\0')
			continue;
		while (c < fr->nchanges && fr->changes[c].uid < uid)
			c++;
		if (c < fr->nchanges && fr->changes[c].uid == uid)
			continue;
		if (remove_uid(s, fs, uid, err) < 0)
			return -1;
	}
	return 0;
}

static void
show_progress(struct folder_run *fr, int last)
{
	time_t now = time(NULL);
	const struct sync_opts *o = fr->s->o;

	if ((!o->progress && o->on_progress == NULL) || fr->total == 0 ||
	    (!last && now == fr->shown))
		return;
	fr->shown = now;
	if (o->on_progress != NULL)
		o->on_progress(o->arg, fr->rel, fr->done, fr->total);
	if (!o->progress)
		return;
	fprintf(stderr, "\r%s: %zu/%zu %s, %.1f MB%s", fr->rel, fr->done,
	    fr->total, _("messages"), (double)fr->bytes / (1024.0 * 1024.0),
	    last ? "\n" : "");
	fflush(stderr);
}

static int
on_body(void *arg, uint32_t uid, unsigned flags, const char *data, size_t len,
    struct err *err)
{
	struct folder_run *fr = arg;
	char *unique = maildir_unique_name(), *name, letters[8], *mid;
	char origin[64];
	int r;

	name = xasprintf("%s,U=%u", unique, (unsigned)uid);
	imap_flags_to_maildir(flags, letters);
	snprintf(origin, sizeof origin, "UID %u", (unsigned)uid);
	r = batch_add(
	    fr->batch, fr->rel, name, data, len, letters, origin, err);
	free(unique);
	free(name);
	if (r < 0)
		return err_prefix(err, "%s", fr->rel);
	if (fr->fetched_ids != NULL &&
	    (mid = rawmsg_message_id(data, len)) != NULL) {
		nameset_put(fr->fetched_ids, mid, "");
		free(mid);
	}
	if (uid > fr->maxuid)
		fr->maxuid = uid;
	fr->done++;
	fr->bytes += len;
	show_progress(fr, 0);
	return 0;
}

static int
new_messages(struct folder_run *fr, struct folder_scan *fs, uint32_t next,
    struct err *err)
{
	struct sync *s = fr->s;
	struct imap_msg *m = NULL;
	uint32_t *want;
	size_t n = 0, i, nwant = 0, lo, hi;
	uint64_t bytes;
	struct scan_file *f;
	int r = 0;

	if (imap_list_from(s->imap, next, &m, &n, err) < 0)
		return -1;
	want = xreallocarray(NULL, n + 1, sizeof *want);
	for (i = 0; i < n; i++) {
		if (m[i].uid > fr->maxuid)
			fr->maxuid = m[i].uid;
		f = folder_scan_uid(fs, m[i].uid);
		if (f == NULL) {
			want[nwant++] = m[i].uid;
			fr->total++;
			continue;
		}
		/* Written before a crash: make sure it is indexed. */
		batch_add_present(fr->batch, fr->rel, f->path, f->path);
		if (apply_flags(s, fs, m[i].uid, m[i].flags, err) < 0) {
			r = -1;
			goto out;
		}
	}
	for (lo = 0, i = 0; lo < nwant && r == 0; lo = hi) {
		bytes = 0;
		for (hi = lo; hi < nwant && hi - lo < FETCH_MAX_MSGS &&
		     (hi == lo || bytes < FETCH_MAX_BYTES);
		     hi++) {
			while (m[i].uid != want[hi])
				i++;
			bytes += m[i].size;
		}
		r = imap_fetch_bodies(
		    s->imap, want + lo, hi - lo, on_body, fr, err);
		if (r == 0 &&
		    (batch_pending(fr->batch) >= FLUSH_MSGS ||
			batch_pending_bytes(fr->batch) >= FLUSH_BYTES))
			r = batch_flush(fr->batch, err);
	}
	if (r == 0)
		r = batch_commit(fr->batch, err);
	else
		/* Keep what arrived whole: the next sync finds it by UID. */
		batch_commit(fr->batch, NULL);
	show_progress(fr, 1);
out:
	free(want);
	free(m);
	return r;
}

/*
 * After a UIDVALIDITY change: each old file whose message the server
 * still has (by Message-ID) goes; the others are uploaded.
 */
static int
settle_orphans(
    struct folder_run *fr, const char *name, const char *raw, struct err *err)
{
	struct folder_scan fs;
	struct buf data = BUF_INIT;
	char *mid;
	size_t i;
	int r = 0;

	if (folder_scan(fr->s->root, fr->rel, &fs, err) < 0)
		return -1;
	for (i = fs.nuid; i < fs.n && r == 0; i++) {
		buf_reset(&data);
		if (file_read(fs.v[i].path, &data, UPLOAD_MAX, err) < 0) {
			r = -1;
			break;
		}
		mid = rawmsg_message_id(data.data, data.len);
		if (mid != NULL && nameset_get(fr->fetched_ids, mid) != NULL)
			r = mailfile_remove(fr->s->store, fs.v[i].path, err);
		else
			r = upload(fr->s, &fs.v[i], name, raw, err);
		free(mid);
	}
	buf_release(&data);
	folder_scan_release(&fs);
	return r;
}

/* Strip the UIDs of every file: they belong to an old UIDVALIDITY. */
static int
orphan_all(struct sync *s, const char *rel, struct err *err)
{
	struct folder_scan fs;
	char *path;
	size_t i;
	int r = 0;

	if (folder_scan(s->root, rel, &fs, err) < 0)
		return -1;
	for (i = 0; i < fs.nuid && r == 0; i++) {
		r = mailfile_set_uid(s->store, fs.v[i].path, 0, &path, err);
		if (r == 0)
			free(path);
	}
	folder_scan_release(&fs);
	return r < 0 ? -1 : store_commit(s->store, err);
}

/*
 * Whether the saved state of a folder describes the server's folder
 * still: same UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and number of
 * messages. Every new message moves UIDNEXT; every flag change (and,
 * with QRESYNC, every expunge) moves HIGHESTMODSEQ; the count catches
 * an expunge on a server with CONDSTORE alone. Without a saved count
 * (a state from an older tern) only QRESYNC's word is taken.
 */
static int
state_current(struct sync *s, const struct syncstate *ss, uint32_t uidvalidity,
    uint32_t uidnext, uint64_t hms, uint32_t messages)
{
	const char *count = syncstate_get(ss, "messages");

	if (hms == 0 || state_u64(ss, "uidvalidity") != uidvalidity ||
	    state_u64(ss, "uidnext") != uidnext ||
	    state_u64(ss, "highestmodseq") != hms)
		return 0;
	if (count == NULL)
		return imap_has(s->imap, "QRESYNC");
	return strtoull(count, NULL, 10) == messages;
}

/* The STATUS asked for f before, or NULL. */
static const struct imap_status *
status_of(const struct sync *s, const struct imap_folder *f)
{
	size_t i = (size_t)(f - s->folders);

	if (s->status == NULL || f < s->folders || i >= s->nstatus ||
	    !s->status[i].known)
		return NULL;
	return &s->status[i];
}

/*
 * Ask the state of every selectable folder at once (one round trip), so
 * that folders in which nothing changed need no SELECT. Only with
 * CONDSTORE (without it HIGHESTMODSEQ, which tells flag changes, is not
 * there); the selected folder is left to its SELECT. Only a broken
 * connection fails here; a folder the server would not describe is
 * simply selected.
 */
static int
ask_status(struct sync *s, struct err *err)
{
	const char **raws;
	struct imap_status *got;
	size_t *at, i, n = 0;
	int r;

	if (s->nfolders == 0 || !imap_has(s->imap, "CONDSTORE"))
		return 0;
	raws = xreallocarray(NULL, s->nfolders, sizeof *raws);
	at = xreallocarray(NULL, s->nfolders, sizeof *at);
	s->status = xcalloc(s->nfolders, sizeof *s->status);
	s->nstatus = s->nfolders;
	for (i = 0; i < s->nfolders; i++) {
		if (s->folders[i].noselect ||
		    (s->selected != NULL &&
			strcmp(s->selected, s->folders[i].raw) == 0))
			continue;
		if (s->inbox.known &&
		    strcasecmp(s->folders[i].raw, "INBOX") == 0) {
			s->status[i] = s->inbox; /* asked with the LIST */
			continue;
		}
		at[n] = i;
		raws[n++] = s->folders[i].raw;
	}
	got = xreallocarray(NULL, n + 1, sizeof *got);
	r = imap_status_many(s->imap, raws, n, got, err);
	for (i = 0; r == 0 && i < n; i++)
		s->status[at[i]] = got[i];
	free(got);
	free(at);
	free(raws);
	return r;
}

static int
sync_folder(struct sync *s, const struct imap_folder *f, struct err *err)
{
	struct folder_run fr = { .s = s };
	struct folder_scan fs = { 0 };
	struct syncstate ss;
	const struct imap_status *st;
	uint32_t uv, next;
	uint64_t hms;
	char *rel = rel_of(s, f->name);
	int r = -1, orphans = 0;

	fr.rel = rel;
	syncstate_init(&ss);
	if (syncstate_load(&ss, s->root, rel, err) < 0 ||
	    maildir_create(s->root, rel, err) < 0)
		goto out;
	if ((st = status_of(s, f)) != NULL &&
	    syncstate_get(&ss, "messages") != NULL &&
	    state_current(s, &ss, st->uidvalidity, st->uidnext,
		st->highestmodseq, st->messages)) {
		log_debug("sync: %s: unchanged (STATUS, HIGHESTMODSEQ %" PRIu64
			  ")",
		    rel, st->highestmodseq);
		r = 0;
		goto out;
	}
	xfree(&s->selected); /* always a fresh SELECT: new counters */
	if (select_folder(s, f->name, f->raw, err) < 0)
		goto out;
	uv = (uint32_t)state_u64(&ss, "uidvalidity");
	next = (uint32_t)state_u64(&ss, "uidnext");
	hms = state_u64(&ss, "highestmodseq");
	if (next == 0)
		next = 1;
	if (uv != 0 && uv != s->sel.uidvalidity) {
		log_debug("sync: %s: UIDVALIDITY %u is now %u", rel,
		    (unsigned)uv, (unsigned)s->sel.uidvalidity);
		if (need_store(s, err) < 0 || orphan_all(s, rel, err) < 0)
			goto out;
		orphans = 1;
		next = 1;
		hms = 0;
	} else if (uv != 0 &&
	    state_current(s, &ss, s->sel.uidvalidity, s->sel.uidnext,
		s->sel.highestmodseq, s->sel.exists)) {
		log_debug("sync: %s: unchanged (HIGHESTMODSEQ %" PRIu64 ")",
		    rel, hms);
		r = 0; /* nothing changed on the server */
		if (syncstate_get(&ss, "messages") == NULL) {
			/* Saved once, so that STATUS can tell next time. */
			state_set_u64(&ss, "messages", s->sel.exists);
			r = syncstate_save(&ss, s->root, rel, err);
		}
		goto out;
	}
	if (need_store(s, err) < 0 || folder_scan(s->root, rel, &fs, err) < 0 ||
	    known_messages(&fr, &fs, next, hms, err) < 0)
		goto out;
	fr.batch = batch_new(s->store, NULL);
	if (orphans)
		fr.fetched_ids = nameset_new();
	if (new_messages(&fr, &fs, next, err) < 0)
		goto out;
	if (orphans && settle_orphans(&fr, f->name, f->raw, err) < 0)
		goto out;
	if (store_commit(s->store, err) < 0)
		goto out;
	state_set_u64(&ss, "uidvalidity", s->sel.uidvalidity);
	next = fr.maxuid >= next ? fr.maxuid + 1 : next;
	if (s->sel.uidnext > next)
		next = s->sel.uidnext;
	state_set_u64(&ss, "uidnext", next);
	state_set_u64(&ss, "highestmodseq", s->sel.highestmodseq);
	state_set_u64(&ss, "messages", s->sel.exists);
	r = syncstate_save(&ss, s->root, rel, err);
	store_step();
out:
	if (r < 0 && strncmp(err->msg, rel, strlen(rel)) != 0)
		err_prefix(err, "%s", rel);
	batch_free(&fr.batch);
	nameset_free(&fr.fetched_ids);
	free(fr.changes);
	free(fr.gone);
	folder_scan_release(&fs);
	syncstate_release(&ss);
	free(rel);
	return r;
}

/* ---- folders gone from the server ---- */

static void
remove_local_folder(struct sync *s, const char *name)
{
	struct folder_scan fs;
	struct err err;
	char *rel = rel_of(s, name), *state, *dir;
	size_t i;
	static const char *const subs[] = { "tmp", "cur", "new" };

	log_debug("sync: %s is gone from the server", rel);
	if (need_store(s, &err) < 0 ||
	    folder_scan(s->root, rel, &fs, &err) < 0) {
		warn(s, &err);
		free(rel);
		return;
	}
	for (i = 0; i < fs.nuid; i++)
		if (mailfile_remove(s->store, fs.v[i].path, &err) < 0) {
			warn(s, &err);
			break;
		}
	if (i == fs.nuid && store_commit(s->store, &err) == 0) {
		state = syncstate_path(s->root, rel);
		unlink(state);
		free(state);
		if (fs.n == fs.nuid) {
			for (i = 0; i < 3; i++) {
				dir = xasprintf(
				    "%s/%s/%s", s->root, rel, subs[i]);
				rmdir(dir);
				free(dir);
			}
			dir = xasprintf("%s/%s", s->root, rel);
			rmdir(dir);
			free(dir);
		}
	}
	folder_scan_release(&fs);
	free(rel);
}

static const char *const role_names[] = {
	[IMAP_ROLE_SENT] = "sent",
	[IMAP_ROLE_DRAFTS] = "drafts",
	[IMAP_ROLE_TRASH] = "trash",
	[IMAP_ROLE_JUNK] = "junk",
	[IMAP_ROLE_ARCHIVE] = "archive",
};

static int
same_state(const struct syncstate *a, const struct syncstate *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	int same;

	syncstate_format(a, &x);
	syncstate_format(b, &y);
	same = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
	buf_release(&x);
	buf_release(&y);
	return same;
}

/* Remember the folder list and roles; drop folders gone since last time. */
static int
update_folders(struct sync *s, struct err *err)
{
	struct syncstate st, next;
	char *rel = rel_of(s, ACCOUNT_STATE), key[64];
	size_t i;
	int r;

	syncstate_init(&st);
	syncstate_init(&next);
	r = syncstate_load(&st, s->root, rel, err);
	for (i = 0; r == 0 && i < st.n; i++)
		if (strncmp(st.entries[i].key, "folder:", 7) == 0 &&
		    folder_named(s, st.entries[i].key + 7) == NULL)
			remove_local_folder(s, st.entries[i].key + 7);
	for (i = 0; r == 0 && i < s->nfolders; i++) {
		char *k = xasprintf("folder:%s", s->folders[i].name);
		syncstate_set(&next, k, s->folders[i].raw);
		free(k);
		if (s->folders[i].role != IMAP_ROLE_NONE) {
			snprintf(key, sizeof key, "role:%s",
			    role_names[s->folders[i].role]);
			if (syncstate_get(&next, key) == NULL)
				syncstate_set(&next, key, s->folders[i].name);
		}
	}
	if (r == 0 && !same_state(&st, &next))
		r = syncstate_save(&next, s->root, rel, err);
	syncstate_release(&st);
	syncstate_release(&next);
	free(rel);
	return r;
}

static void
stderr_warn(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "tern: %s\n", msg);
}

int
sync_account(const struct config_account *acct, struct store *store,
    const struct sync_opts *o, struct err *err)
{
	struct sync s = { .acct = acct, .store = store, .o = o };
	struct sync_opts dflt = { .timeout_s = 60 };
	enum err_class cls = ERR_FINAL;
	struct err ferr;
	size_t i, nfailed = 0;
	int r;

	if (o == NULL) {
		dflt.warn = stderr_warn;
		s.o = &dflt;
	}
	if (store == NULL &&
	    (s.o->open_store == NULL || s.o->mail_root == NULL))
		return err_set(err, ERR_FINAL,
		    _("[account %s] has no store to sync into"), acct->name);
	/* POP3 always writes what it downloads: open the store now. */
	if (store == NULL && acct->receive == CONFIG_RECEIVE_POP3 &&
	    s.o->open_store(s.o->store_arg, &store, err) < 0)
		return -1;
	if (acct->receive == CONFIG_RECEIVE_POP3)
		return sync_pop3(acct, store, s.o, err);
	s.root = store != NULL ? store_root(store) : s.o->mail_root;
	if (imap_open(acct, s.o->timeout_s, &s.imap, err) < 0)
		return -1;
	if (store != NULL)
		store_journal(store, 0);
	/* INBOX's STATUS goes with the LIST: see imap_list_status. */
	r = s.o->journal_only ? imap_list(s.imap, &s.folders, &s.nfolders, err)
			      : imap_list_status(s.imap, "INBOX", &s.inbox,
				    &s.folders, &s.nfolders, err);
	/*
	 * Every server has an INBOX (RFC 3501, 5.1). A list without one is
	 * broken, not a sign that folders are gone: neither the journal's
	 * records for missing folders nor any local folder are dropped on
	 * its word; the folders it names are still synced.
	 */
	if (r == 0 && folder_named(&s, "INBOX") == NULL) {
		err_set(&ferr, ERR_TEMP,
		    _("%s listed its folders without INBOX; tern removes no "
		      "local folder on the word of that list"),
		    imap_host(s.imap));
		warn(&s, &ferr);
	} else {
		if (r == 0)
			r = replay(&s, err);
		if (r == 0 && !s.o->journal_only)
			r = update_folders(&s, err);
	}
	if (r == 0 && !s.o->journal_only)
		r = ask_status(&s, err);
	for (i = 0; r == 0 && !s.o->journal_only && i < s.nfolders; i++) {
		if (s.folders[i].noselect)
			continue;
		err_clear(&ferr);
		if (sync_folder(&s, &s.folders[i], &ferr) == 0)
			continue;
		if (imap_broken(s.imap) || s.store_failed) {
			if (err != NULL)
				*err = ferr;
			r = -1;
		} else {
			if (!s.failed)
				cls = ferr.cls;
			warn(&s, &ferr);
			nfailed++;
		}
	}
	if (s.store != NULL)
		store_journal(s.store, 1);
	imap_folders_free(s.folders, s.nfolders);
	free(s.status);
	free(s.selected);
	imap_close(&s.imap);
	if (r == 0 && s.failed)
		return err_set(err, cls,
		    ngettext_("%zu folder of [account %s] did not sync",
			"%zu folders of [account %s] did not sync", nfailed),
		    nfailed, acct->name);
	return r;
}

int
sync_idle(const struct config_account *acct, int wake_fd, int renew_s,
    int timeout_s, struct err *err)
{
	struct imap_selected sel;
	struct imap *imap;
	int r;

	if (imap_open(acct, timeout_s, &imap, err) < 0)
		return -1;
	r = imap_select(imap, "INBOX", &sel, err);
	if (r == 0)
		r = imap_idle(imap, wake_fd, renew_s, err);
	imap_close(&imap);
	return r;
}

char *
sync_role_folder(
    const struct config_account *acct, const char *mail_root, const char *role)
{
	static const char *const defaults[] = { "Sent", "Drafts", "Trash",
		"Junk", "Archive" };
	const char *const overrides[] = { acct->sent_folder,
		acct->drafts_folder, acct->trash_folder, acct->junk_folder,
		acct->archive_folder };
	struct syncstate st;
	char *rel, *key, *out = NULL;
	const char *v;
	size_t i;

	for (i = 0; i < 5; i++)
		if (strcmp(role, role_names[i + 1]) == 0)
			break;
	if (i == 5)
		return NULL;
	if (overrides[i] != NULL)
		return xstrdup(overrides[i]);
	rel = xasprintf("%s/%s", acct->name, ACCOUNT_STATE);
	key = xasprintf("role:%s", role);
	syncstate_init(&st);
	if (syncstate_load(&st, mail_root, rel, NULL) == 0 &&
	    (v = syncstate_get(&st, key)) != NULL)
		out = xstrdup(v);
	syncstate_release(&st);
	free(rel);
	free(key);
	return out != NULL ? out : xstrdup(defaults[i]);
}
