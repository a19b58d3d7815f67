#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/password.h"
#include "tests/tap.h"
#include "util/xalloc.h"

/* A command and the password it gives, or NULL when it must fail. */
struct password_case {
	const char *cmd;
	const char *want;
	const char *what;
};

static const struct password_case cases[] = {
	{ "true", NULL, "empty output is an error" },
	{ "printf '\\n'", NULL, "an empty first line is an error" },
	{ "printf '\\r\\nx\\n'", NULL, "an empty CRLF first line is an error" },
	{ "printf 'secret\\nsecond\\n'", "secret", "first line of two" },
	{ "printf 'secret\\r\\nsecond\\r\\n'", "secret", "CRLF output" },
	{ "printf 'secret'", "secret", "no trailing newline" },
	{ "printf 'a b\\tc\\n'", "a b\tc", "spaces and tabs are kept" },
	{ "yes x | head -c 65536", "x", "output of exactly the cap" },
};

/* A fresh cache for each case, so each command really runs. */
static void
test_cases(void)
{
	char *pw;
	struct err err;
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		password_forget_all();
		err_clear(&err);
		rc = password_get("t", cases[i].cmd, &pw, &err);
		if (cases[i].want == NULL) {
			ok(rc == -1 && pw == NULL && err.msg[0] != '\0', "%s",
			    cases[i].what);
			continue;
		}
		is_str(pw, cases[i].want, "%s", cases[i].what);
		password_free(&pw);
	}
}

/* Run cmd for account, expect failure, return the message. */
static const char *
fail_msg(const char *account, const char *cmd, int timeout_ms)
{
	static struct err err;
	char *pw = (char *)"unset";
	int rc;

	err_clear(&err);
	rc = password_get_timeout(account, cmd, timeout_ms, &pw, &err);
	ok(rc == -1 && pw == NULL, "'%s' fails", cmd);
	diag("%s", err.msg);
	return err.msg;
}

static void
test_failures(void)
{
	const char *msg;

	msg = fail_msg("work", "echo leaky; exit 3", 5000);
	ok(strstr(msg, "[account work]") != NULL, "message names the account");
	ok(strstr(msg, "exit status 3") != NULL, "message names the status");
	ok(strstr(msg, "leaky") == NULL, "message lacks the output");
	msg = fail_msg("sig", "echo leaky; kill -9 $$", 5000);
	ok(strstr(msg, "signal 9") != NULL, "killed by a signal");
	ok(strstr(msg, "leaky") == NULL, "... message lacks the output");
	msg = fail_msg("nf", "/nonexistent/tern-pw-cmd 2>/dev/null", 5000);
	ok(strstr(msg, "exit status 127") != NULL, "missing command: 127");
	msg = fail_msg("big", "yes x | head -c 65537", 5000);
	ok(strstr(msg, "more than") != NULL, "output larger than the cap");
	msg = fail_msg("huge", "yes leaky", 5000);
	ok(strstr(msg, "leaky") == NULL, "endless output stops at the cap");
	msg = fail_msg("slow", "echo pw; exec sleep 10", 300);
	ok(strstr(msg, "did not finish") != NULL, "a timeout is an error");
	msg = fail_msg("stdin", "read x && echo \"$x\"", 5000);
	ok(strstr(msg, "exit status 1") != NULL, "stdin is /dev/null");
}

/* Lines in path, or -1 when it cannot be read. */
static int
count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int c, n = 0;

	if (f == NULL)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static void
test_cache(const char *dir)
{
	char *count = xasprintf("%s/count", dir), *cmd, *pw;
	struct err err;

	cmd = xasprintf("echo run >>'%s'; echo pw1", count);
	password_forget_all();
	is_int(password_get("a", cmd, &pw, &err), 0, "first call runs");
	password_free(&pw);
	is_int(password_get("a", cmd, &pw, &err), 0, "second call succeeds");
	is_str(pw, "pw1", "second call returns the password");
	password_free(&pw);
	ok(pw == NULL, "password_free leaves NULL");
	password_free(&pw);
	ok(pw == NULL, "password_free accepts NULL");
	is_int(count_lines(count), 1, "same account runs the command once");
	is_int(password_get("b", cmd, &pw, &err), 0, "another account runs");
	password_free(&pw);
	is_int(count_lines(count), 2, "different accounts run separately");
	password_forget_all();
	password_get("a", cmd, &pw, &err);
	password_free(&pw);
	is_int(count_lines(count), 3, "password_forget_all empties the cache");
	password_forget_all();
	unlink(count);
	free(count);
	free(cmd);
}

int
main(void)
{
	char tmpl[] = "/tmp/tern-password.XXXXXX";
	int r;

	plan(35);
	if (mkdtemp(tmpl) == NULL)
		return 1;
	test_cases();
	test_failures();
	test_cache(tmpl);
	rmdir(tmpl);
	r = waitpid(-1, NULL, WNOHANG);
	ok(r == -1 && errno == ECHILD, "no zombie left");
	password_forget_all();
	return exit_status();
}
