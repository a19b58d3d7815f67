#include <config.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/tap.h"
#include "util/path.h"
#include "util/xalloc.h"

int
main(void)
{
	struct err err;
	char *s, tmpl[] = "/tmp/tern-path.XXXXXX", *deep;
	struct stat st;

	plan(14);
	setenv("HOME", "/home/u", 1);
	setenv("TV", "val", 1);
	unsetenv("TERN_UNSET_VAR");
	s = path_expand("~/mail", &err);
	is_str(s, "/home/u/mail", "~/ expands to HOME");
	free(s);
	s = path_expand("~", &err);
	is_str(s, "/home/u", "a lone ~ expands");
	free(s);
	s = path_expand("a~b", &err);
	is_str(s, "a~b", "~ inside a word stays");
	free(s);
	s = path_expand("$TV/x/${TV}y", &err);
	is_str(s, "val/x/valy", "$VAR and ${VAR} expand");
	free(s);
	s = path_expand("$TERN_UNSET_VAR/x", &err);
	ok(s == NULL && strstr(err.msg, "TERN_UNSET_VAR") != NULL,
	    "an unset variable is an error naming it");
	s = path_expand("${TV", &err);
	ok(s == NULL, "an unterminated ${ is an error");

	s = path_join("/a/", "/b");
	is_str(s, "/a/b", "join drops doubled slashes");
	free(s);
	s = path_dirname("/a/b/c");
	is_str(s, "/a/b", "dirname");
	free(s);
	s = path_dirname("c");
	is_str(s, ".", "dirname of a bare name");
	free(s);

	unsetenv("XDG_DATA_HOME");
	s = path_xdg(XDG_DATA, "mail");
	is_str(s, "/home/u/.local/share/tern/mail", "XDG data default");
	free(s);
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	s = path_xdg(XDG_CONFIG, "config");
	is_str(s, "/x/cfg/tern/config", "XDG_CONFIG_HOME honoured");
	free(s);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	s = path_xdg(XDG_CONFIG, NULL);
	is_str(s, "/home/u/.config/tern", "a relative XDG value is ignored");
	free(s);

	if (mkdtemp(tmpl) == NULL)
		return 1;
	deep = xasprintf("%s/a/b/c", tmpl);
	ok(path_mkdir_p(deep, 0700, &err) == 0 && stat(deep, &st) == 0 &&
		S_ISDIR(st.st_mode),
	    "mkdir -p creates parents");
	ok(path_mkdir_p(deep, 0700, &err) == 0, "and is happy when it exists");
	free(deep);
	deep = xasprintf("rm -rf '%s'", tmpl);
	if (system(deep) != 0)
		diag("cleanup failed");
	free(deep);
	return exit_status();
}
