#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/text.h"

const struct cli_command cli_commands[] = {
	{ "check-config", cmd_check_config, "" },
	{ "delete", cmd_delete, "[--expunge] -- QUERY" },
	{ "import", cmd_import, "[--account NAME] PATH..." },
	{ "move", cmd_move, "FOLDER -- QUERY" },
	{ "outbox", cmd_outbox, "[--flush | --drop ID]" },
	{ "search", cmd_search,
	    "[--output=threads|messages|files] [--limit N] QUERY" },
	{ "send", cmd_send,
	    "[-A ACCOUNT] [-s SUBJECT] [-c ADDR]... [-b ADDR]... [-a FILE]... "
	    "[--queue] ADDR... < BODY | --raw [-A ACCOUNT] [--queue] [FILE]" },
	{ "show", cmd_show, "[--raw] ID | [--raw] --file PATH..." },
	{ "sync", cmd_sync, "[--watch] [ACCOUNT...]" },
	{ "tag", cmd_tag, "+TAG|-TAG... -- QUERY" },
	{ NULL, NULL, NULL },
};

const struct cli_command *
cli_find(const char *name)
{
	const struct cli_command *c;

	for (c = cli_commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("tern: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_print_text(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	text_sanitize(&b, s, len, TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
	fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
}

struct config *
cli_config(struct cli *cli)
{
	struct err err;
	size_t i;
	int r;

	if (cli->config != NULL)
		return cli->config;
	r = config_load(cli->config_path, &cli->config, &err);
	for (i = 0; cli->config != NULL && i < cli->config->nwarnings; i++)
		fprintf(
		    stderr, _("tern: warning: %s\n"), cli->config->warnings[i]);
	if (r == 0)
		return cli->config;
	if (cli->config == NULL || cli->config->nerrors == 0)
		cli_error("%s", err.msg);
	for (i = 0; cli->config != NULL && i < cli->config->nerrors; i++)
		cli_error("%s", cli->config->errors[i]);
	config_free(&cli->config);
	return NULL;
}

char *
cli_join_words(int argc, char **argv)
{
	struct buf q = BUF_INIT;
	int i;

	for (i = 0; i < argc; i++) {
		if (i > 0)
			buf_addc(&q, ' ');
		buf_adds(&q, argv[i]);
	}
	return buf_detach(&q, NULL);
}
