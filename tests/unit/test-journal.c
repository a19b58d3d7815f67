/*
 * The pieces of the store the sync engine builds on: server UIDs in file
 * names, the action journal's file (records, a torn last line, a bad
 * line, keeping the rest), a folder scan by UID, and Message-IDs.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/folderscan.h"
#include "store/journal.h"
#include "store/maildir.h"
#include "store/rawmsg.h"
#include "tests/tap.h"
#include "tests/unit/store-scratch.h"
#include "util/path.h"
#include "util/xalloc.h"

static void
test_names(void)
{
	char *s;

	is_int(maildir_name_uid("1.M2P3.tern,U=42:2,FS"), 42, "UID in a name");
	is_int(maildir_name_uid("/a/cur/x,U=7"), 7, "in a path, no info");
	is_int(maildir_name_uid("x.tern:2,S"), 0, "no UID");
	is_int(maildir_name_uid("x,U=:2,S"), 0, "an empty UID is none");
	is_int(maildir_name_uid("x,U=12a:2,"), 0, "digits only");
	is_int(maildir_name_uid("x,U=99999999999:2,"), 0, "too big is none");
	is_int(maildir_name_uid("x:2,S,U=5"), 0, "only before the info part");
	s = maildir_name_with_uid("/f/cur/x,U=3:2,FS", 9);
	is_str(s, "x,U=9:2,FS", "replace a UID, keep the flags");
	free(s);
	s = maildir_name_with_uid("x:2,S", 5);
	is_str(s, "x,U=5:2,S", "add one");
	free(s);
	s = maildir_name_with_uid("x,U=3:2,", 0);
	is_str(s, "x:2,", "remove it");
	free(s);
}

static void
test_journal(const char *root)
{
	struct journal j;
	struct err err;
	char *path = xasprintf("%s/.tern/journal/acct.journal", root), *dir;
	static const char text[] = "F\tINBOX\t3\tF\t\n"
				   "M\tLists/dev\t4\tArchive\t1.tern\n"
				   "X\tINBOX\t5\n"
				   "A\tSent\t0\to1.tern\t-\n"
				   "F\tINBOX\t6\tS"; /* torn by a crash */

	ok(journal_load(root, "acct", &j, &err) == 0 && j.n == 0,
	    "no journal is an empty one");
	dir = path_dirname(path);
	path_mkdir_p(dir, 0700, NULL);
	free(dir);
	put_file(path, text, sizeof text - 1);
	ok(journal_load(root, "acct", &j, &err) == 0, "load a journal");
	is_int(j.n, 4, "four records, the torn line left out");
	ok(j.v[0].op == JOURNAL_FLAGS && j.v[0].uid == 3 &&
		strcmp(j.v[0].a, "F") == 0 && strcmp(j.v[0].b, "") == 0,
	    "a flag record");
	ok(j.v[1].op == JOURNAL_MOVE &&
		strcmp(j.v[1].folder, "Lists/dev") == 0 &&
		strcmp(j.v[1].a, "Archive") == 0 &&
		strcmp(j.v[1].b, "1.tern") == 0,
	    "a move record");
	ok(j.v[2].op == JOURNAL_EXPUNGE && j.v[2].uid == 5, "an expunge");
	ok(j.v[3].op == JOURNAL_APPEND && j.v[3].uid == 0 &&
		strcmp(j.v[3].folder, "Sent") == 0 &&
		strcmp(j.v[3].a, "o1.tern") == 0,
	    "an append (of a new local file)");
	ok(journal_keep(root, "acct", &j, 2, &err) == 0, "keep the last two");
	journal_release(&j);
	ok(journal_load(root, "acct", &j, &err) == 0 && j.n == 2 &&
		j.v[1].op == JOURNAL_APPEND && strcmp(j.v[1].a, "o1.tern") == 0,
	    "an append record is written back as it was read");
	ok(journal_keep(root, "acct", &j, 1, &err) == 0, "keep the last one");
	journal_release(&j);
	ok(journal_load(root, "acct", &j, &err) == 0 && j.n == 1 &&
		j.v[0].uid == 0,
	    "only it is left");
	ok(journal_keep(root, "acct", &j, 1, &err) == 0 &&
		access(path, F_OK) < 0,
	    "keeping none removes the file");
	journal_release(&j);
	put_file(path, "X\tINBOX\t0\n", 10);
	ok(journal_load(root, "acct", &j, &err) < 0,
	    "UID 0 is only allowed in an append record");
	put_file(path, "F\tINBOX\tzero\tF\t\n", 16);
	ok(journal_load(root, "acct", &j, &err) < 0 &&
		strstr(err.msg, "acct.journal:1: not a journal record") != NULL,
	    "a bad line is an error naming file and line");
	free(path);
}

static void
test_scan(const char *root)
{
	struct folder_scan fs;
	struct err err;
	const char *names[] = { "cur/b,U=20:2,S", "cur/a,U=3:2,", "new/c",
		"cur/d,U=20:2,FS" };
	char *p;
	size_t i;

	for (i = 0; i < 4; i++) {
		p = xasprintf("%s/acct/F/%s", root, names[i]);
		if (i == 0) {
			char *d = xasprintf("%s/acct/F", root);
			maildir_create(root, "acct/F", NULL);
			free(d);
		}
		put_file(p, "x", 1);
		free(p);
	}
	ok(folder_scan(root, "acct/F", &fs, &err) == 0, "scan a folder");
	is_int(fs.n, 4, "every file");
	is_int(fs.nuid, 3, "three with a UID");
	ok(fs.v[0].uid == 3 && fs.v[1].uid == 20 && fs.v[2].uid == 20,
	    "sorted by UID");
	ok(folder_scan_uid(&fs, 20) == &fs.v[1], "the first file of a UID");
	ok(folder_scan_uid(&fs, 4) == NULL, "no such UID");
	ok(folder_scan_base(&fs, "c") != NULL &&
		folder_scan_base(&fs, "c")->uid == 0,
	    "a local-only file by its base name");
	is_str(fs.v[0].flags, "", "no flags");
	folder_scan_release(&fs);
	ok(folder_scan(root, "acct/none", &fs, &err) == 0 && fs.n == 0,
	    "a missing folder is empty");
}

static void
test_message_id(void)
{
	static const char m1[] = "From: a\nMessage-ID: <x@y>\n\nbody\n";
	static const char m2[] = "From: a\nmessage-id:\n <folded@y>\n\nb\n";
	static const char m3[] = "From: a\n\nMessage-ID: <body@y>\n";
	char *s;

	s = rawmsg_message_id(m1, sizeof m1 - 1);
	is_str(s, "x@y", "a Message-ID");
	free(s);
	s = rawmsg_message_id(m2, sizeof m2 - 1);
	is_str(s, "folded@y", "folded, any case");
	free(s);
	ok(rawmsg_message_id(m3, sizeof m3 - 1) == NULL, "not from the body");
}

int
main(void)
{
	const char *root = scratch_new();

	plan(36);
	test_names();
	test_journal(root);
	test_scan(root);
	test_message_id();
	return exit_status();
}
