/* Maildir folders and files: names, flags, delivery, tmp/ cleaning. */
#include <config.h>

#include <errno.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/maildir.h"
#include "tests/tap.h"
#include "tests/unit/store-scratch.h"
#include "util/path.h"

static const char *root;

static void
test_names(void)
{
	char *a = maildir_unique_name(), *b = maildir_unique_name(), *p;
	char host[256] = "";

	ok(strcmp(a, b) != 0, "two unique names differ");
	gethostname(host, sizeof host);
	ok(strstr(a, ".tern") != NULL &&
		(host[0] == '\0' || strstr(a, host) == NULL),
	    "a unique name does not carry the host "
	    "name: %s",
	    a);
	ok(strchr(a, '/') == NULL && strchr(a, ':') == NULL,
	    "and has no '/' or ':'");
	is_str(maildir_name_flags("x/cur/abc"), NULL, "no info: no flags");
	is_str(maildir_name_flags("x/cur/abc:2,"), "", "empty flags");
	is_str(maildir_name_flags("x/cur/abc:2,FS"), "FS", "flags FS");
	is_str(maildir_name_flags("x:2,S/cur/abc"), NULL,
	    "a ':2,' in a folder name is not the file's info");
	p = maildir_name_base("x/cur/abc:2,FS");
	is_str(p, "abc", "base name without info");
	free(p);
	p = maildir_flags_normalise("SFaxS!F");
	is_str(p, "FSax", "flags sorted, once each, letters only");
	free(p);
	p = maildir_flags_normalise(NULL);
	is_str(p, "", "no flags normalise to empty");
	free(p);
	p = maildir_path_with_flags("/m/a/INBOX/new/abc", "S");
	is_str(p, "/m/a/INBOX/cur/abc:2,S", "new/ to cur/ with a flag");
	free(p);
	p = maildir_path_with_flags("/m/a/INBOX/cur/abc:2,RS", "");
	is_str(p, "/m/a/INBOX/cur/abc:2,", "all flags removed");
	free(p);
	free(a);
	free(b);
}

static const struct {
	const char *rel;
	int valid;
} folders[] = {
	{ "", 0 },
	{ "a", 1 },
	{ "a/", 0 },
	{ "/a", 0 },
	{ "a//b", 0 },
	{ ".", 0 },
	{ "..", 0 },
	{ "a/../b", 0 },
	{ ".hidden", 0 },
	{ "a/cur", 0 },
	{ "new", 0 },
	{ "tmp/x", 0 },
	{ "curry", 1 },
	{ "a\tb", 0 },
	{ "Lists/dev", 1 },
	{ "local/INBOX", 1 },
	{ "caf\xc3\xa9", 1 },
};

static void
test_folder_valid(void)
{
	size_t i;

	for (i = 0; i < sizeof folders / sizeof *folders; i++)
		is_int(maildir_folder_valid(folders[i].rel), folders[i].valid,
		    "folder name '%s' %s", folders[i].rel,
		    folders[i].valid ? "accepted" : "refused");
}

static int
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static void
test_create(void)
{
	struct err err;
	char *dir = path_join(root, "acc/Lists/dev"), *p;

	is_int(maildir_create(root, "acc/Lists/dev", &err), 0,
	    "create a nested folder");
	ok(maildir_is_maildir(dir), "it is a Maildir");
	p = path_join(dir, "tmp");
	is_int(mode_of(p), 0700, "tmp/ is 0700");
	free(p);
	p = path_join(root, "acc/Lists");
	is_int(mode_of(p), 0700, "the parent is 0700");
	ok(!maildir_is_maildir(p), "the parent is no Maildir");
	free(p);
	is_int(maildir_create(root, "acc/Lists/dev", &err), 0,
	    "creating it again is fine");
	p = path_join(root, "file");
	put_file(p, "x", 1);
	is_int(maildir_create(root, "file/sub", &err), -1,
	    "a folder below a file fails");
	ok(strstr(err.msg, "file") != NULL &&
		strstr(err.msg, "Not a directory") != NULL,
	    "naming it: %s", err.msg);
	free(p);
	free(dir);
}

static const char msg[] = "From: a@example.org\r\nSubject: hi\r\n\r\nbody\0"
			  "with a NUL and no final newline";

static void
test_deliver(void)
{
	char *dir = path_join(root, "acc/INBOX"), *path = NULL, *p, *data;
	struct err err;
	size_t len;

	maildir_create(root, "acc/INBOX", &err);
	is_int(maildir_deliver(
		   dir, "one.tern", msg, sizeof msg - 1, NULL, &path, &err),
	    0, "deliver without flags");
	p = path_join(dir, "new/one.tern");
	is_str(path, p, "lands in new/ under its name");
	free(p);
	is_int(mode_of(path), 0600, "the file is 0600");
	data = get_file(path, &len);
	ok(data != NULL && len == sizeof msg - 1 && memcmp(data, msg, len) == 0,
	    "byte-identical");
	free(data);
	free(path);
	p = path_join(dir, "tmp");
	is_int(count_entries(p), 0, "nothing left in tmp/");
	free(p);
	is_int(maildir_deliver(dir, "two.tern", "x", 1, "SF", &path, &err), 0,
	    "deliver with flags");
	p = path_join(dir, "cur/two.tern:2,FS");
	is_str(path, p, "lands in cur/ with sorted flags");
	free(p);
	free(path);
	is_int(maildir_deliver(dir, "three.tern", "x", 1, "", &path, &err), 0,
	    "deliver with empty flags");
	ok(strstr(path, "/cur/three.tern:2,") != NULL, "lands in cur/ as %s",
	    path);
	free(path);
	free(dir);
}

static void
test_deliver_fail(void)
{
	char *dir = path_join(root, "missing"), *path = NULL;
	struct err err;

	is_int(maildir_deliver(dir, "x.tern", "x", 1, NULL, &path, &err), -1,
	    "delivery into a missing folder fails");
	ok(strstr(err.msg, "missing/tmp/") != NULL, "naming the file: %s",
	    err.msg);
	ok(path == NULL, "and returns no path");
	free(dir);
}

/* A file in tmp/ named like one of ours, from process pid. */
static char *
tmp_file(const char *dir, long pid, const char *name, time_t age)
{
	char *p = xasprintf("%s/tmp/tern.%ld.%s", dir, pid, name);
	struct timeval tv[2];

	put_file(p, "x", 1);
	tv[0].tv_sec = tv[1].tv_sec = time(NULL) - age;
	tv[0].tv_usec = tv[1].tv_usec = 0;
	utimes(p, tv);
	return p;
}

static void
test_clean_tmp(void)
{
	char *dir = path_join(root, "acc/clean"), *dead, *mine, *live, *old;
	char *foreign;
	struct err err;
	pid_t child = fork();

	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0); /* now a pid that is surely dead */
	maildir_create(root, "acc/clean", &err);
	dead = tmp_file(dir, (long)child, "a", 0);
	mine = tmp_file(dir, (long)getpid(), "b", 0);
	live = tmp_file(dir, (long)getppid(), "c", 0);
	old = tmp_file(dir, (long)getppid(), "d", 40 * 3600);
	foreign = xasprintf("%s/tmp/other-client-file", dir);
	put_file(foreign, "x", 1);
	is_int(maildir_clean_tmp(dir, &err), 2, "two stale files removed");
	ok(access(dead, F_OK) < 0, "a dead writer's file is gone");
	ok(access(old, F_OK) < 0, "a file older than 36 hours is gone");
	ok(access(mine, F_OK) == 0, "this process's own file stays");
	ok(access(live, F_OK) == 0, "a live process's file stays");
	ok(access(foreign, F_OK) == 0, "another client's new file stays");
	free(dead);
	free(mine);
	free(live);
	free(old);
	free(foreign);
	free(dir);
}

int
main(void)
{
	root = scratch_new();
	umask(022);
	test_names();
	test_folder_valid();
	test_create();
	test_deliver();
	test_deliver_fail();
	test_clean_tmp();
	done_testing();
	return exit_status();
}
