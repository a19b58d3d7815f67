#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account/account.h"
#include "tests/tap.h"
#include "util/xalloc.h"

static struct config *
load(const char *dir, const char *text)
{
	char *path = xasprintf("%s/config", dir);
	struct config *cfg;
	struct err err;
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	chmod(path, 0600);
	if (config_load(path, &cfg, &err) < 0)
		diag("config: %s", err.msg);
	free(path);
	return cfg;
}

int
main(void)
{
	char tmpl[] = "/tmp/tern-account.XXXXXX", *cmd;
	const struct config_account *a;
	struct config *cfg;
	struct err err;

	plan(6);
	if (mkdtemp(tmpl) == NULL)
		return 1;
	cfg = load(tmpl, "[general]\n");
	a = account_select(cfg, NULL, &err);
	ok(a == NULL && strstr(err.msg, "no account is configured") != NULL,
	    "no accounts: a clear error");
	config_free(&cfg);

	cfg = load(tmpl,
	    "[account work]\naddress = a@example.org\n"
	    "host = imap.example.org\n"
	    "[account home]\naddress = b@example.org\nhost = h.example\n");
	a = account_select(cfg, NULL, &err);
	is_str(a ? a->name : NULL, "work", "no name: the first account");
	a = account_select(cfg, "home", &err);
	is_str(a ? a->name : NULL, "home", "by name");
	a = account_select(cfg, "hme", &err);
	ok(a == NULL, "an unknown name fails");
	ok(strstr(err.msg, "no account 'hme'") != NULL, "naming it");
	ok(strstr(err.msg, "accounts: work, home") != NULL,
	    "and listing the accounts there are");
	config_free(&cfg);
	cmd = xasprintf("rm -rf '%s'", tmpl);
	if (system(cmd) != 0)
		diag("cleanup failed");
	free(cmd);
	return exit_status();
}
