/*
 * Mailcap files: parsing entries, matching types, expanding commands
 * without letting mail text into a shell, temporary file names, finding
 * the entry in $MAILCAPS (tests, continuation lines, copiousoutput), and
 * running viewers with a timeout and an output cap.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tests/tap.h"
#include "ui/mailcap.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Lines and what mailcap_parse makes of them. */
static const struct {
	const char *line;
	int r;
	const char *type, *command, *test, *nametemplate;
	int copious, terminal;
	const char *what;
} parse_cases[] = {
	{ "", 0, NULL, NULL, NULL, NULL, 0, 0, "an empty line" },
	{ "   \t", 0, NULL, NULL, NULL, NULL, 0, 0, "a blank line" },
	{ "# text/html; w3m %s", 0, NULL, NULL, NULL, NULL, 0, 0, "a comment" },
	{ "text/html", -1, NULL, NULL, NULL, NULL, 0, 0, "no command" },
	{ "text/html;  ", -1, NULL, NULL, NULL, NULL, 0, 0,
	    "an empty command" },
	{ "text/html; w3m -dump -T text/html %s; copiousoutput", 1, "text/html",
	    "w3m -dump -T text/html %s", NULL, NULL, 1, 0,
	    "a copiousoutput entry" },
	{ "  image/* ;xv %s ; needsterminal ; test=test -n \"$DISPLAY\" ", 1,
	    "image/*", "xv %s", "test -n \"$DISPLAY\"", NULL, 0, 1,
	    "spaces around fields, a test" },
	{ "text/x-foo; a \\; b %s; NameTemplate=%s.foo; CopiousOutput", 1,
	    "text/x-foo", "a \\; b %s", NULL, "%s.foo", 1, 0,
	    "an escaped semicolon stays in the command; flags in any case" },
	{ "text; less %s; description=Text; x-unknown", 1, "text", "less %s",
	    NULL, NULL, 0, 0, "unknown flags are skipped" },
	{ "text/plain; cat; test=", 1, "text/plain", "cat", NULL, NULL, 0, 0,
	    "an empty test is no test" },
};

static void
test_parse(void)
{
	struct mailcap_entry *e;
	size_t i;
	int r;

	for (i = 0; i < sizeof parse_cases / sizeof *parse_cases; i++) {
		e = NULL;
		r = mailcap_parse(parse_cases[i].line, &e);
		if (parse_cases[i].r != 1) {
			ok(r == parse_cases[i].r && e == NULL, "parse: %s",
			    parse_cases[i].what);
			continue;
		}
		ok(r == 1 && e != NULL &&
			strcmp(e->type, parse_cases[i].type) == 0 &&
			strcmp(e->command, parse_cases[i].command) == 0 &&
			(e->test == NULL) == (parse_cases[i].test == NULL) &&
			(e->test == NULL ||
			    strcmp(e->test, parse_cases[i].test) == 0) &&
			(e->nametemplate == NULL) ==
			    (parse_cases[i].nametemplate == NULL) &&
			(e->nametemplate == NULL ||
			    strcmp(e->nametemplate,
				parse_cases[i].nametemplate) == 0) &&
			e->copiousoutput == parse_cases[i].copious &&
			e->needsterminal == parse_cases[i].terminal,
		    "parse: %s", parse_cases[i].what);
		mailcap_entry_free(&e);
	}
}

static const struct {
	const char *entry, *type;
	int matches;
} match_cases[] = {
	{ "text/html", "text/html", 1 },
	{ "Text/HTML", "text/html", 1 },
	{ "text/html", "text/plain", 0 },
	{ "text/*", "text/plain", 1 },
	{ "text", "text/enriched", 1 },
	{ "text", "textual/x", 0 },
	{ "image/*", "text/plain", 0 },
	{ "text/htm", "text/html", 0 },
};

static void
test_match(void)
{
	struct mailcap_entry e = { 0 };
	size_t i;

	for (i = 0; i < sizeof match_cases / sizeof *match_cases; i++) {
		e.type = (char *)match_cases[i].entry;
		is_int(mailcap_matches(&e, match_cases[i].type),
		    match_cases[i].matches, "match: '%s' for %s",
		    match_cases[i].entry, match_cases[i].type);
	}
}

/* Commands, the type and path given, and the shell command (NULL: refused). */
static const struct {
	const char *command, *type, *path, *want;
} expand_cases[] = {
	{ "w3m -dump %s", "text/html", "/tmp/tern-AbC123/tern-part.html",
	    "w3m -dump /tmp/tern-AbC123/tern-part.html" },
	{ "view %s", "text/html", "/tmp/my dir/it's",
	    "view '/tmp/my dir/it'\\''s'" },
	{ "w3m -T %t %s", "text/html", "/t/f", "w3m -T text/html /t/f" },
	{ "x %t", "application/vnd.ms-excel+xml", NULL,
	    "x application/vnd.ms-excel+xml" },
	{ "x %t", "text/h;rm -rf ~", NULL, NULL },
	{ "x %t", "text/$(reboot)", NULL, NULL },
	{ "iconv -f %{charset} %s", "text/plain", "/t/f", NULL },
	{ "x %n", "text/plain", "/t/f", NULL },
	{ "x %F", "text/plain", "/t/f", NULL },
	{ "x %s", "text/plain", NULL, NULL },
	{ "printf '100%%' \\%s", "text/plain", "/t/f", "printf '100%' %s" },
	{ "a \\; b", "text/plain", NULL, "a ; b" },
	{ "x %", "text/plain", NULL, NULL },
};

static void
test_expand(void)
{
	struct err err;
	size_t i;
	char *got;

	for (i = 0; i < sizeof expand_cases / sizeof *expand_cases; i++) {
		err.msg[0] = '\0';
		got = mailcap_expand(expand_cases[i].command,
		    expand_cases[i].type, expand_cases[i].path, &err);
		if (expand_cases[i].want == NULL)
			ok(got == NULL && err.msg[0] != '\0',
			    "expand: '%s' with %s is refused (%s)",
			    expand_cases[i].command, expand_cases[i].type,
			    err.msg);
		else
			is_str(got, expand_cases[i].want, "expand: '%s'",
			    expand_cases[i].command);
		free(got);
	}
}

static const struct {
	const char *template, *mail_name, *want;
} name_cases[] = {
	{ NULL, NULL, "tern-part" },
	{ NULL, "report.pdf", "tern-part.pdf" },
	{ NULL, "r\xc3\xa9sum\xc3\xa9.TXT", "tern-part.TXT" },
	{ NULL, "evil.$(reboot)", "tern-part" },
	{ NULL, "../../.bashrc", "tern-part.bashrc" },
	{ NULL, "a.verylongextension", "tern-part" },
	{ NULL, "noext", "tern-part" },
	{ NULL, ".hidden", "tern-part" },
	{ "%s.html", "x.pdf", "tern-part.html" },
	{ "../%s", "x.pdf", "tern-part.pdf" },
	{ "%s;rm", "x.pdf", "tern-part.pdf" },
	{ "%s.%s", NULL, "tern-part" },
	{ "plain", NULL, "tern-part" },
};

static void
test_file_name(void)
{
	struct mailcap_entry e = { 0 };
	size_t i;
	char *got;

	for (i = 0; i < sizeof name_cases / sizeof *name_cases; i++) {
		e.nametemplate = (char *)name_cases[i].template;
		got = mailcap_file_name(&e, name_cases[i].mail_name);
		is_str(got, name_cases[i].want, "file name: template %s, %s",
		    name_cases[i].template ? name_cases[i].template : "none",
		    name_cases[i].mail_name ? name_cases[i].mail_name
					    : "no name");
		free(got);
	}
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		diag("cannot write %s", path);
}

/* The command of the entry found for type, or "" when none. */
static char *
found(const char *type, unsigned flags, struct err *err)
{
	struct mailcap_entry *e = NULL;
	char *s;

	if (mailcap_find(type, flags, &e, err) != 1)
		return xstrdup("");
	s = xasprintf("%s @%s", e->command, strrchr(e->where, '/') + 1);
	mailcap_entry_free(&e);
	return s;
}

static void
test_find(const char *dir)
{
	char *a = xasprintf("%s/a", dir), *b = xasprintf("%s/b", dir);
	char *env = xasprintf("%s:%s/missing:%s", a, dir, b), *s;
	struct err err;

	write_file(a,
	    "# first file\n"
	    "text/html; never %s; test=false\n"
	    "text/html; firefox %s\n"
	    "image/*; display \\\n"
	    "  %s; needsterminal\n"
	    "\n"
	    "broken line\n"
	    "text/plain; pager %s; test=test %t = text/plain\n");
	write_file(b,
	    "text/html; w3m -dump %s; copiousoutput\r\n"
	    "application/pdf; pdftotext %s -; copiousoutput\n");
	setenv("MAILCAPS", env, 1);
	s = found("text/html", 0, &err);
	is_str(s, "firefox %s @a:3", "find: a failing test is skipped");
	free(s);
	s = found("text/html", MAILCAP_COPIOUS, &err);
	is_str(s, "w3m -dump %s @b:1",
	    "find: copiousoutput asked for, in the next file (CRLF)");
	free(s);
	s = found("image/png", 0, &err);
	is_str(s, "display   %s @a:4", "find: a wildcard, a continued line");
	free(s);
	s = found("text/plain", 0, &err);
	is_str(s, "pager %s @a:8", "find: a test with %%t that passes");
	free(s);
	s = found("video/mp4", 0, &err);
	ok(strcmp(s, "") == 0 && strstr(err.msg, "'video/mp4'") != NULL &&
		strstr(err.msg, "/missing") != NULL,
	    "find: none, and the message names the files (%s)", err.msg);
	free(s);
	unsetenv("MAILCAPS");
	free(a);
	free(b);
	free(env);
}

static void
test_temp(void)
{
	struct stat st, dst;
	char *path = NULL, *dir;
	struct err err;
	FILE *f;
	char got[16] = "";

	ok(mailcap_temp("tern-part.txt", "hello\n", 6, &path, &err) == 0,
	    "temp: written");
	if (path == NULL)
		return;
	dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "temp: the file is 0600");
	ok(stat(dir, &dst) == 0 && (dst.st_mode & 0777) == 0700,
	    "temp: its folder is 0700");
	is_str(strrchr(path, '/') + 1, "tern-part.txt", "temp: our name");
	f = fopen(path, "r");
	if (f != NULL) {
		if (fgets(got, sizeof got, f) == NULL)
			got[0] = '\0';
		fclose(f);
	}
	is_str(got, "hello\n", "temp: the content");
	mailcap_temp_remove(&path);
	ok(path == NULL && stat(dir, &dst) < 0,
	    "temp: removed with its folder");
	free(dir);
}

static void
test_capture(const char *dir)
{
	struct buf out = BUF_INIT;
	struct timespec t0, t1;
	char *in = xasprintf("%s/in", dir);
	char *argv[] = { "sh", "-c", "exit 4", NULL };
	struct err err;
	int r;

	write_file(in, "from a file\n");
	r = mailcap_capture(
	    "printf 'out\\n'; echo err >&2", NULL, 100, 5, &out, &err);
	ok(r == 0 && strcmp(out.data, "out\n") == 0, "capture: stdout only");
	buf_reset(&out);
	r = mailcap_capture("cat", in, 100, 5, &out, &err);
	ok(r == 0 && strcmp(out.data, "from a file\n") == 0,
	    "capture: stdin from the file");
	buf_reset(&out);
	r = mailcap_capture("exit 3", NULL, 100, 5, &out, &err);
	ok(r < 0 && strstr(err.msg, "status 3") != NULL,
	    "capture: an exit status (%s)", err.msg);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = mailcap_capture("sleep 30 & sleep 20", NULL, 100, 1, &out, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ok(r < 0 && strstr(err.msg, "longer than 1 s") != NULL &&
		t1.tv_sec - t0.tv_sec < 5,
	    "capture: stopped after the timeout, with its children (%s)",
	    err.msg);
	r = mailcap_capture("yes", NULL, 1000, 5, &out, &err);
	ok(r < 0 && strstr(err.msg, "more than 1000 bytes") != NULL,
	    "capture: stopped past the cap (%s)", err.msg);
	is_int(mailcap_run(argv, NULL, &err), 4, "run: the exit status");
	argv[0] = "/nonexistent/viewer";
	err.msg[0] = '\0';
	r = mailcap_run(argv, NULL, &err);
	/* Some posix_spawn emulations report a failed exec as status 127. */
	ok((r < 0 && strstr(err.msg, "/nonexistent/viewer") != NULL) ||
		r == 127,
	    "run: a program that is not there (%s)", err.msg);
	is_int(mailcap_run_shell("test \"$(cat)\" = 'from a file'", in, &err),
	    0, "run: sh -c, stdin from the file");
	unlink(in);
	free(in);
	buf_release(&out);
}

int
main(void)
{
	char dir[] = "/tmp/test-mailcap.XXXXXX";
	const char *tmp = getenv("TMPDIR");
	char *d;

	if (tmp != NULL && *tmp != '\0')
		d = xasprintf("%s/test-mailcap.XXXXXX", tmp);
	else
		d = xstrdup(dir);
	if (mkdtemp(d) == NULL)
		skip_all("cannot make a temporary folder");
	test_parse();
	test_match();
	test_expand();
	test_file_name();
	test_find(d);
	test_temp();
	test_capture(d);
	{
		char *a = xasprintf("%s/a", d), *b = xasprintf("%s/b", d);

		unlink(a);
		unlink(b);
		free(a);
		free(b);
	}
	rmdir(d);
	free(d);
	done_testing();
	return exit_status();
}
