/* tern check-config: report every mistake in the configuration. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "util/intl.h"

static void
print_account(struct buf *out, const struct config_account *a)
{
	buf_addf(out, _("account %s: %s %s:%u %s, smtp %s:%u %s\n"), a->name,
	    config_receive_name(a->receive), a->host, a->port,
	    config_tls_name(a->tls), a->smtp_host, a->smtp_port,
	    config_tls_name(a->smtp_tls));
}

/* The summary: where the settings came from, mail_root, the accounts. */
static void
print_summary(const struct config *cfg)
{
	struct buf out = BUF_INIT;
	char *def;
	size_t i;

	if (cfg->path != NULL) {
		buf_addf(&out, _("config: %s\n"), cfg->path);
	} else {
		def = config_default_path();
		buf_addf(
		    &out, _("config: %s (not found; using defaults)\n"), def);
		free(def);
	}
	buf_addf(&out, _("mail_root: %s\n"), cfg->mail_root);
	if (cfg->naccounts == 0)
		buf_adds(&out, _("no accounts\n"));
	for (i = 0; i < cfg->naccounts; i++)
		print_account(&out, &cfg->accounts[i]);
	for (i = 0; i < cfg->nsearches; i++)
		buf_addf(&out, _("search %s: %s\n"), cfg->searches[i].name,
		    cfg->searches[i].query);
	cli_print_text(out.data, out.len);
	buf_release(&out);
}

int
cmd_check_config(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ NULL, 0, NULL, 0 },
	};
	const struct config *cfg;
	struct err err;

	optind = 0;
	if (getopt_long(argc, argv, "+", longopts, NULL) != -1 ||
	    optind != argc) {
		cli_error(_("usage: tern check-config"));
		return CLI_USAGE;
	}
	cfg = cli_config(cli);
	if (cfg == NULL)
		return CLI_CONFIG;
	/* The interface's part: views, keys, actions, colour names. */
	if (cli->check_ui != NULL && cli->check_ui(cfg, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_CONFIG;
	}
	print_summary(cfg);
	return CLI_OK;
}
