/*
 * The store with a real notmuch index: open and create, delivery with
 * tags, flags and tags in both directions, removal and moves, search,
 * import with deduplication and recovery of unindexed files.
 */
#include <config.h>

#include <errno.h>
#include <sys/stat.h>

#include "store/batch.h"
#include "store/import.h"
#include "store/mailfile.h"
#include "store/maildir.h"
#include "store/nameset.h"
#include "store/rawmsg.h"
#include "store/search.h"
#include "store/store.h"
#include "store/tag.h"
#include "tests/tap.h"
#include "tests/unit/store-scratch.h"
#include "util/path.h"

static const char *scratch;
static char *root;

static const char msg1[] = "From: Ann <ann@example.org>\nTo: bob@example.org\n"
			   "Subject: first\nMessage-ID: <one@example.org>\n"
			   "Date: Mon, 1 Jan 2024 10:00:00 +0000\n\nhello\n";
static const char msg2[] = "From: Bob <bob@example.org>\nTo: ann@example.org\n"
			   "Subject: Re: first\nMessage-ID: <two@example.org>\n"
			   "In-Reply-To: <one@example.org>\n"
			   "Date: Tue, 2 Jan 2024 10:00:00 +0000\n\nhi back\n";

/* The tags of the message with id, space-separated, as a new string. */
static char *
tags_of(struct store *s, const char *id)
{
	struct search *q;
	struct search_item it;
	struct err err;
	char *query = xasprintf("id:%s", id), *tags = NULL;

	if (search_new(s, query, SEARCH_MESSAGES, &q, &err) == 0) {
		if (search_next(q, &it, &err) > 0)
			tags = xstrdup(it.tags);
		search_free(&q);
	}
	free(query);
	return tags;
}

/* How many results a query has. */
static int
count(struct store *s, const char *query, enum search_output out)
{
	struct search *q;
	struct search_item it;
	struct err err;
	int n = 0;

	if (search_new(s, query, out, &q, &err) < 0)
		return -1;
	while (search_next(q, &it, &err) > 0)
		n++;
	search_free(&q);
	return n;
}

static void
test_open(void)
{
	struct store *s = NULL;
	struct err err;
	char *file, *below;

	ok(store_exists(root, &err) == 0, "no store yet");
	is_int(store_open(root, STORE_READ, &s, &err), -1,
	    "reading a missing store fails");
	ok(s == NULL && strstr(err.msg, root) != NULL, "naming it: %s",
	    err.msg);
	is_int(store_open(root, STORE_WRITE, &s, &err), 0,
	    "opening for writing creates it");
	ok(store_exists(root, &err) == 1, "now it exists");
	store_close(&s);
	ok(s == NULL, "store_close leaves NULL");
	store_close(&s);
	ok(1, "and accepts NULL");
	file = path_join(scratch, "afile");
	put_file(file, "x", 1);
	below = path_join(file, "mail");
	is_int(store_exists(below, &err), -1,
	    "store_exists below a regular file: an error, not 'missing'");
	is_int(store_exists(file, &err), -1, "nor is a file a store");
	ok(strstr(err.msg, "Not a directory") != NULL, "saying why: %s",
	    err.msg);
	is_int(store_open(below, STORE_WRITE, &s, &err), -1,
	    "a mail_root below a regular file fails");
	ok(strstr(err.msg, "afile") != NULL &&
		strstr(err.msg, "Not a directory") != NULL,
	    "clearly: %s", err.msg);
	free(below);
	free(file);
}

static void
test_deliver(void)
{
	struct store *s;
	struct err err;
	char *path = NULL, *path2 = NULL, *found = NULL, *tags;
	struct stat st;

	store_open(root, STORE_WRITE, &s, &err);
	is_int(batch_deliver(
		   s, "acc/INBOX", msg1, sizeof msg1 - 1, NULL, &path, &err),
	    0, "deliver a message to acc/INBOX");
	ok(path != NULL && strstr(path, "/acc/INBOX/new/") != NULL &&
		stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "a 0600 file in new/: %s", path);
	is_int(batch_deliver(
		   s, "acc/Archive", msg2, sizeof msg2 - 1, "S", &path2, &err),
	    0, "deliver a seen reply to acc/Archive");
	ok(strstr(path2, "/acc/Archive/cur/") != NULL &&
		strstr(path2, ":2,S") != NULL,
	    "in cur/ with :2,S");
	tags = tags_of(s, "one@example.org");
	is_str(tags, "inbox unread", "INBOX mail without S: inbox unread");
	free(tags);
	tags = tags_of(s, "two@example.org");
	is_str(tags, "", "Archive mail with S: no tags");
	free(tags);
	is_int(store_find_file(s, "id:one@example.org", &found, &err), 1,
	    "find by id:");
	is_str(found, path, "its file");
	free(found);
	is_int(store_find_file(s, "<two@example.org>", &found, &err), 1,
	    "find by <id>");
	free(found);
	is_int(store_find_file(s, "nosuch@example.org", &found, &err), 0,
	    "an unknown id: 0");
	is_int(count(s, "folder:acc/INBOX", SEARCH_MESSAGES), 1,
	    "folder:acc/INBOX finds one");
	is_int(count(s, "path:acc/**", SEARCH_MESSAGES), 2,
	    "path:acc/** finds both");
	is_int(count(s, "*", SEARCH_THREADS), 1, "they are one thread");
	is_int(batch_deliver(s, "acc/INBOX", "Content-Type: text/plain\n\nx\n",
		   27, NULL, NULL, &err),
	    -1, "the index refuses a header-only part");
	ok(strstr(err.msg, "not a mail message") != NULL, "saying so: %s",
	    err.msg);
	found = path_join(root, "acc/INBOX/new");
	is_int(count_entries(found), 1, "and its file is gone again");
	free(found);
	store_close(&s);
	free(path);
	free(path2);
}

/* The one file of message id, new string. */
static char *
file_of(struct store *s, const char *id)
{
	struct err err;
	char *path = NULL;

	store_find_file(s, id, &path, &err);
	return path;
}

static void
test_flags_to_tags(struct store *s)
{
	struct err err;
	char *old = file_of(s, "one@example.org"), *path = NULL, *tags;

	is_int(mailfile_set_flags(s, old, "FS", &path, &err), 0,
	    "set flags FS on a file");
	ok(strstr(path, "/cur/") != NULL && strstr(path, ":2,FS") != NULL,
	    "renamed to cur/...:2,FS");
	tags = tags_of(s, "one@example.org");
	is_str(tags, "flagged inbox", "tags follow: flagged, no unread");
	free(tags);
	ok(access(old, F_OK) == 0, "the old name stays until the commit");
	is_int(store_commit(s, &err), 0, "commit");
	ok(access(old, F_OK) < 0 && access(path, F_OK) == 0,
	    "then only the new name is left");
	free(old);
	old = path;
	is_int(mailfile_set_flags(s, old, "FS", &path, &err), 0,
	    "the same flags again");
	is_str(path, old, "change nothing");
	free(path);
	free(old);
}

static void
test_tags_to_flags(struct store *s)
{
	static const struct tag_change reply[] = {
		{ "replied", 1 },
		{ "flagged", 0 },
		{ "work", 1 },
	};
	static const struct tag_change unread[] = { { "unread", 1 } };
	static const struct tag_change plain[] = { { "later", 1 } };
	struct err err;
	unsigned long n;
	char *path, *before;

	is_int(tag_apply(s, "id:one@example.org", reply, 3, &n, &err), 0,
	    "+replied -flagged +work");
	is_int((int)n, 1, "one message changed");
	store_commit(s, &err);
	path = file_of(s, "one@example.org");
	ok(path != NULL && strstr(path, ":2,RS") != NULL, "file now :2,RS: %s",
	    path ? path : "(none)");
	free(path);
	tag_apply(s, "id:one@example.org", unread, 1, &n, &err);
	store_commit(s, &err);
	path = file_of(s, "one@example.org");
	ok(path != NULL && strstr(path, ":2,R") != NULL &&
		strstr(path, ":2,RS") == NULL,
	    "+unread drops S: %s", path ? path : "(none)");
	before = path;
	tag_apply(s, "id:one@example.org", plain, 1, &n, &err);
	store_commit(s, &err);
	path = file_of(s, "one@example.org");
	is_str(path, before, "a tag that is no flag renames nothing");
	free(path);
	free(before);
	path = path_join(root, "acc/INBOX/cur");
	is_int(count_entries(path), 1, "one file left in INBOX/cur");
	free(path);
	is_int(tag_apply(s, "tag:nosuchtag", plain, 1, &n, &err), 0,
	    "a query matching nothing is fine");
	is_int((int)n, 0, "and changes nothing");
	is_int(tag_apply(s, "date:garbage..", plain, 1, &n, &err), -1,
	    "a bad query fails");
	ok(strstr(err.msg, "garbage") != NULL, "with notmuch's words: %s",
	    err.msg);
}

static void
test_move_remove(struct store *s)
{
	struct err err;
	char *path = file_of(s, "one@example.org"), *moved = NULL;

	is_int(mailfile_move(s, path, "acc/Lists/dev", &moved, &err), 0,
	    "move a message to a new nested folder");
	store_commit(s, &err);
	ok(access(path, F_OK) < 0 && access(moved, F_OK) == 0,
	    "the file moved: %s", moved);
	is_int(count(s, "folder:acc/Lists/dev", SEARCH_MESSAGES), 1,
	    "folder:acc/Lists/dev finds it");
	is_int(count(s, "folder:acc/INBOX", SEARCH_MESSAGES), 0,
	    "folder:acc/INBOX no longer does");
	is_int(mailfile_remove(s, moved, &err), 0, "remove it");
	ok(access(moved, F_OK) == 0, "the file stays until the commit");
	store_commit(s, &err);
	ok(access(moved, F_OK) < 0, "then it is gone");
	is_int(count(s, "id:one@example.org", SEARCH_MESSAGES), 0,
	    "and so is the message");
	is_int(count(s, "*", SEARCH_MESSAGES), 1, "the other one remains");
	free(path);
	free(moved);
}

static void
test_changes(void)
{
	struct store *s, *r;
	struct err err;
	char *path = NULL;

	store_open(root, STORE_WRITE, &s, &err);
	test_flags_to_tags(s);
	test_tags_to_flags(s);
	test_move_remove(s);
	store_close(&s);
	store_open(root, STORE_READ, &r, &err);
	is_int(mailfile_set_flags(r, "/x", "S", &path, &err), -1,
	    "a reader cannot change flags");
	ok(strstr(err.msg, "read-only") != NULL, "saying so: %s", err.msg);
	store_close(&r);
}

static void
make_source(const char *src)
{
	static const char mbox[] = "From a 1:00:00\nSubject: t\n\nsame\n\n"
				   "From a 1:00:00\nSubject: t\n\nsame\n";
	char *p;

	p = path_join(src, "box/new");
	path_mkdir_p(p, 0700, NULL);
	free(p);
	p = path_join(src, "box/cur");
	path_mkdir_p(p, 0700, NULL);
	free(p);
	p = path_join(src, "box/new/1");
	put_file(p, msg1, sizeof msg1 - 1);
	free(p);
	p = path_join(src, "box/cur/2:2,S");
	put_file(p, msg2, sizeof msg2 - 1);
	free(p);
	p = path_join(src, "twice.mbox");
	put_file(p, mbox, strlen(mbox));
	free(p);
	p = path_join(src, "notes.txt");
	put_file(p, "just some notes\n", 16);
	free(p);
}

struct skips {
	int n;
	char last[512];
};

static void
on_skip(void *arg, const char *origin, const char *why)
{
	struct skips *sk = arg;

	sk->n++;
	snprintf(sk->last, sizeof sk->last, "%s: %s", origin, why);
}

/* Import src into the store at r; the stats, by value. */
static struct import_stats
import_into(const char *r, const char *src, struct skips *sk)
{
	struct import_hooks hooks = { .skip = on_skip, .arg = sk };
	struct import_stats st = { 0 };
	struct import *imp;
	struct store *s;
	struct err err;

	if (store_open(r, STORE_WRITE, &s, &err) < 0)
		return st;
	imp = import_new(s, "local", &hooks);
	if (import_path(imp, src, &err) < 0 || import_finish(imp, &err) < 0)
		diag("import: %s", err.msg);
	st = *import_stats(imp);
	import_free(&imp);
	store_close(&s);
	return st;
}

static void
test_import(void)
{
	char *src = path_join(scratch, "src"), *r2 = path_join(scratch, "r2");
	char *r3 = path_join(scratch, "r3"), *cmd;
	struct skips sk = { 0 };
	struct import_stats st;
	struct store *s;
	struct err err;

	make_source(src);
	st = import_into(r2, src, &sk);
	is_int((int)st.imported, 3, "import: 3 messages");
	is_int((int)st.present, 1, "the mbox's second copy is present");
	is_int((int)st.skipped, 1, "one file skipped");
	ok(sk.n == 1 &&
		strstr(sk.last, "notes.txt: not a mail message") != NULL,
	    "reported: %s", sk.last);
	st = import_into(r2, src, &sk);
	ok(st.imported == 0 && st.present == 4,
	    "again: nothing imported, 4 "
	    "present (%lu, %lu)",
	    st.imported, st.present);
	store_open(r2, STORE_READ, &s, &err);
	is_int(count(s, "folder:local/box", SEARCH_FILES), 2,
	    "the Maildir became folder local/box");
	is_int(count(s, "folder:local/twice", SEARCH_FILES), 1,
	    "the mbox became folder local/twice");
	is_int(
	    count(s, "id:two@example.org and not tag:unread", SEARCH_MESSAGES),
	    1, "the :2,S flag was kept");
	store_close(&s);
	/* A crash after the rename, before the index: files, no index. */
	store_open(r3, STORE_WRITE, &s, &err);
	store_close(&s);
	cmd = xasprintf("cp -a '%s/local' '%s/'", r2, r3);
	ok(system(cmd) == 0, "files present in a store without their index");
	st = import_into(r3, src, &sk);
	is_int((int)st.imported, 3, "the import indexes them");
	store_open(r3, STORE_READ, &s, &err);
	is_int(count(s, "*", SEARCH_FILES), 3, "without copying them again");
	store_close(&s);
	free(cmd);
	free(src);
	free(r2);
	free(r3);
}

static const struct {
	const char *in;
	int ok;
	size_t start;
} rawmsgs[] = {
	{ "", 0, 0 },
	{ "\n\n", 0, 0 },
	{ "hello world\n", 0, 0 },
	{ "Content-Type: text/plain\n\nno address\n", 0, 0 },
	{ "Subject: x\n\nbody\n", 1, 0 },
	{ "subject : x\r\n\r\nbody\r\n", 1, 0 },
	{ "\xef\xbb\xbf"
	  "From: a@b\n\nbom\n",
	    1, 3 },
	{ "   \t\nTo: a@b\n\nleading blank line\n", 1, 5 },
	{ "From: a@b\nX: \x01\0\x02\n\nbinary header\n", 0, 0 },
	{ "From: a@b\n\nNUL in the body\0 is fine\n", 1, 0 },
};

static void
test_rawmsg(void)
{
	const char *why = NULL;
	size_t i, start, len;
	int r;

	for (i = 0; i < sizeof rawmsgs / sizeof *rawmsgs; i++) {
		start = 99;
		len = strlen(rawmsgs[i].in);
		if (i == 8 || i == 9)
			len += strlen(rawmsgs[i].in + len + 1) + 1;
		r = rawmsg_check(rawmsgs[i].in, len, &start, &why);
		ok(r == rawmsgs[i].ok && (!r || start == rawmsgs[i].start),
		    "rawmsg %zu: %s", i, r ? "mail" : why);
	}
}

static void
test_nameset(void)
{
	struct nameset *set = nameset_new();
	char key[32];
	int i, good = 1;

	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		nameset_put(set, key, key + 1);
	}
	nameset_put(set, "k7", "seven");
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		good &= i == 7 || strcmp(nameset_get(set, key), key + 1) == 0;
	}
	ok(good && nameset_count(set) == 5000, "5000 names stored and found");
	is_str(nameset_get(set, "k7"), "seven", "a replaced value");
	is_str(nameset_get(set, "k5000"), NULL, "an absent name");
	nameset_free(&set);
	ok(set == NULL, "nameset_free leaves NULL");
}

static void
test_corrupt_db(void)
{
	char *r = path_join(scratch, "broken"), *x, *f, *data;
	struct store *s = NULL;
	struct err err;
	size_t len;

	x = path_join(r, ".notmuch/xapian");
	path_mkdir_p(x, 0700, NULL);
	f = path_join(x, "docdata.glass");
	put_file(f, "garbage", 7);
	is_int(store_open(r, STORE_WRITE, &s, &err), -1,
	    "a corrupt database is not opened for writing");
	ok(strstr(err.msg, ".notmuch") != NULL, "the message names it: %s",
	    err.msg);
	is_int(store_open(r, STORE_READ, &s, &err), -1, "nor for reading");
	data = get_file(f, &len);
	ok(data != NULL && len == 7 && memcmp(data, "garbage", 7) == 0,
	    "and it is left as it was");
	free(data);
	free(f);
	free(x);
	free(r);
}

int
main(void)
{
	scratch = scratch_new();
	root = path_join(scratch, "mail");
	test_open();
	test_deliver();
	test_changes();
	test_import();
	test_rawmsg();
	test_nameset();
	test_corrupt_db();
	free(root);
	done_testing();
	return exit_status();
}
