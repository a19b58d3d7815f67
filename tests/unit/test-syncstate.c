/* Per-folder sync state: set/get, save/load round trip, corrupt files. */
#include <config.h>

#include <sys/stat.h>

#include "store/syncstate.h"
#include "tests/tap.h"
#include "tests/unit/store-scratch.h"
#include "util/path.h"

static const char *root;

static void
test_empty(void)
{
	struct syncstate ss;
	struct err err;

	syncstate_init(&ss);
	is_int(syncstate_load(&ss, root, "acc/INBOX", &err), 0,
	    "a missing file loads as an empty state");
	is_int((int)ss.n, 0, "with no entries");
	is_str(syncstate_get(&ss, "uidvalidity"), NULL, "get: absent");
	is_int(syncstate_del(&ss, "x"), 0, "del of an absent key: 0");
	syncstate_release(&ss);
}

static void
test_set_get(void)
{
	struct syncstate ss;
	char key[16];
	int i, sorted = 1;

	syncstate_init(&ss);
	for (i = 999; i >= 0; i--) {
		snprintf(key, sizeof key, "uidl.%03d", i);
		syncstate_set(&ss, key, key + 5);
	}
	syncstate_set(&ss, "uidl.500", "replaced");
	is_int((int)ss.n, 1000, "1000 keys set, one replaced");
	is_str(syncstate_get(&ss, "uidl.500"), "replaced", "replaced value");
	is_str(syncstate_get(&ss, "uidl.007"), "007", "another value");
	for (i = 1; i < (int)ss.n; i++)
		sorted &= strcmp(ss.entries[i - 1].key, ss.entries[i].key) < 0;
	ok(sorted, "entries stay sorted by key");
	is_int(syncstate_del(&ss, "uidl.007"), 1, "del: present");
	is_str(syncstate_get(&ss, "uidl.007"), NULL, "and gone");
	syncstate_release(&ss);
	is_int((int)ss.n, 0, "release empties the state");
}

static void
test_round_trip(void)
{
	static const char *const kv[][2] = {
		{ "uidvalidity", "1700000000" },
		{ "a=b", "c=d%e" },
		{ "with space", "tab\there\nnewline" },
		{ "caf\xc3\xa9", "\xe6\x97\xa5" },
		{ "empty", "" },
	};
	struct syncstate ss, back;
	struct err err;
	struct stat st;
	char *path;
	size_t i;
	int same = 1;

	syncstate_init(&ss);
	syncstate_init(&back);
	for (i = 0; i < 5; i++)
		syncstate_set(&ss, kv[i][0], kv[i][1]);
	is_int(syncstate_save(&ss, root, "acc/Lists/dev", &err), 0,
	    "save the state of a nested folder");
	path = syncstate_path(root, "acc/Lists/dev");
	is_int(strstr(path, "/.tern/state/acc/Lists/dev.state") != NULL, 1,
	    "kept under .tern/state");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "the file is 0600");
	is_int(syncstate_load(&back, root, "acc/Lists/dev", &err), 0,
	    "load it back");
	for (i = 0; i < 5; i++)
		same &= syncstate_get(&back, kv[i][0]) != NULL &&
		    strcmp(syncstate_get(&back, kv[i][0]), kv[i][1]) == 0;
	ok(same && back.n == 5,
	    "every key and value survives, even '=', "
	    "'%%', blanks, newlines and UTF-8");
	syncstate_set(&ss, "uidvalidity", "2");
	is_int(
	    syncstate_save(&ss, root, "acc/Lists/dev", &err), 0, "save again");
	syncstate_load(&back, root, "acc/Lists/dev", &err);
	is_str(syncstate_get(&back, "uidvalidity"), "2",
	    "the new value replaced the old");
	free(path);
	path = path_join(root, ".tern/state/acc/Lists");
	is_int(count_entries(path), 1, "no temporary file is left behind");
	free(path);
	syncstate_release(&ss);
	syncstate_release(&back);
}

static const struct {
	const char *what, *text;
	int line;
} corrupt[] = {
	{ "an empty file", "", 1 },
	{ "another file's magic", "tern-syncstate 2\n", 1 },
	{ "a line without '='", "tern-syncstate 1\na=1\nnonsense\n", 3 },
	{ "an empty key", "tern-syncstate 1\n=1\n", 2 },
	{ "a truncated last line", "tern-syncstate 1\na=1\nb=2", 3 },
	{ "a bad escape", "tern-syncstate 1\na=%zz\n", 2 },
	{ "a short escape", "tern-syncstate 1\na=%4\n", 2 },
	{ "an escaped NUL", "tern-syncstate 1\na=%00\n", 2 },
	{ "a raw blank", "tern-syncstate 1\na=b c\n", 2 },
	{ "a key given twice", "tern-syncstate 1\na=1\na=2\n", 3 },
};

static void
test_corrupt(void)
{
	struct syncstate ss;
	struct err err;
	char *path = syncstate_path(root, "acc/bad"), *want;
	size_t i;

	syncstate_init(&ss);
	syncstate_save(&ss, root, "acc/bad", &err);
	for (i = 0; i < sizeof corrupt / sizeof *corrupt; i++) {
		put_file(path, corrupt[i].text, strlen(corrupt[i].text));
		syncstate_set(&ss, "stale", "x");
		is_int(syncstate_load(&ss, root, "acc/bad", &err), -1,
		    "corrupt: %s", corrupt[i].what);
		want = xasprintf(
		    "'%s' is corrupt at line %d", path, corrupt[i].line);
		ok(strstr(err.msg, want) != NULL && ss.n == 0,
		    "names file and line, leaves an empty state: %s", err.msg);
		free(want);
	}
	put_file(path, "tern-syncstate 1\n", 17);
	is_int(syncstate_load(&ss, root, "acc/bad", &err), 0,
	    "a file with no entries is fine");
	free(path);
	syncstate_release(&ss);
}

static void
test_unwritable(void)
{
	struct syncstate ss;
	struct err err;
	char *file = path_join(root, "plainfile");

	put_file(file, "x", 1);
	syncstate_init(&ss);
	is_int(syncstate_save(&ss, file, "acc/INBOX", &err), -1,
	    "saving below a regular file fails");
	ok(strstr(err.msg, "plainfile") != NULL, "naming where: %s", err.msg);
	free(file);
}

int
main(void)
{
	root = scratch_new();
	test_empty();
	test_set_get();
	test_round_trip();
	test_corrupt();
	test_unwritable();
	done_testing();
	return exit_status();
}
