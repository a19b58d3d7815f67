#include <config.h>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/tap.h"
#include "util/file.h"
#include "util/xalloc.h"

int
main(void)
{
	char tmpl[] = "/tmp/tern-file.XXXXXX", *path, *cmd;
	struct buf b = BUF_INIT;
	struct err err;
	struct stat st;

	plan(10);
	if (mkdtemp(tmpl) == NULL)
		return 1;
	path = xasprintf("%s/state", tmpl);
	is_int(file_replace(path, "one", 3, 0600, &err), 0, "create a file");
	is_int(file_read(path, &b, 0, &err), 0, "read it back");
	is_str(b.data, "one", "content is there");
	buf_reset(&b);
	is_int(file_replace(path, "second", 6, 0600, &err), 0, "replace it");
	file_read(path, &b, 0, &err);
	is_str(b.data, "second", "new content replaces the old");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "mode is 0600");
	buf_reset(&b);
	is_int(file_read(path, &b, 3, &err), -1,
	    "a cap smaller than the file fails");
	ok(strstr(err.msg, "too large") != NULL, "saying it is too large");

	free(path);
	path = xasprintf("%s/no/such/dir/state", tmpl);
	is_int(file_replace(path, "x", 1, 0600, &err), -1,
	    "replacing in a missing folder fails");
	ok(strstr(err.msg, "cannot create") != NULL && strstr(err.msg, path),
	    "naming the file");
	free(path);
	buf_release(&b);
	cmd = xasprintf("rm -rf '%s'", tmpl);
	if (system(cmd) != 0)
		diag("cleanup failed");
	free(cmd);
	return exit_status();
}
