/*
 * tern import [--account NAME] PATH...: bring mail the user already has
 * (Maildir folders, mbox files, folders of message files) into the store
 * under mail_root, one folder per source, and index it. See
 * store/import.h for how sources are found and folders named.
 *
 * Output: "skipping 'PATH': why" on stderr for every file that is not mail
 * or cannot be read; progress on stderr when it is a terminal; one
 * summary line on stdout. Exit 0 when everything that is mail was
 * imported (non-mail files skipped are fine), 1 when something could not
 * be read or the import stopped (disk full ...), 64 on bad usage, 78 on a
 * bad configuration.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/import.h"
#include "store/maildir.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/text.h"

#define IMPORT_DEFAULT_ACCOUNT "local"

struct import_ui {
	int tty; /* stderr is a terminal: show progress */
	int progress_shown;
};

static void
clear_progress(struct import_ui *ui)
{
	if (ui->progress_shown)
		fputs("\r\033[K", stderr);
	ui->progress_shown = 0;
}

static void
on_skip(void *arg, const char *origin, const char *why)
{
	struct buf o = BUF_INIT, w = BUF_INIT;

	clear_progress(arg);
	text_sanitize(&o, origin, strlen(origin), 0);
	text_sanitize(&w, why, strlen(why), 0);
	cli_error(_("skipping '%s': %s"), o.data, w.data);
	buf_release(&o);
	buf_release(&w);
}

static void
on_progress(void *arg, const struct import_stats *st)
{
	struct import_ui *ui = arg;

	if (!ui->tty)
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("importing: %lu imported, %lu already present"),
	    st->imported, st->present);
	ui->progress_shown = 1;
}

static void
print_summary(const struct import_stats *st)
{
	struct buf out = BUF_INIT;

	buf_addf(&out, _("%lu imported, %lu already present, %lu skipped"),
	    st->imported, st->present, st->skipped);
	if (st->failed > 0)
		buf_addf(&out, _(", %lu could not be read"), st->failed);
	buf_addc(&out, '\n');
	cli_print_text(out.data, out.len);
	buf_release(&out);
}

/* Import every path; 0, or -1 after printing why the import stopped. */
static int
run(struct store *store, const char *account, char **paths, int n,
    struct import_ui *ui, const struct import_stats **stats_r,
    struct import **imp_r)
{
	struct import_hooks hooks = {
		.skip = on_skip,
		.progress = on_progress,
		.arg = ui,
	};
	struct import *imp = import_new(store, account, &hooks);
	struct err err;
	int i, r = 0;

	for (i = 0; r == 0 && i < n; i++)
		r = import_path(imp, paths[i], &err);
	if (r == 0)
		r = import_finish(imp, &err);
	clear_progress(ui);
	if (r < 0)
		cli_error("%s", err.msg);
	*stats_r = import_stats(imp);
	*imp_r = imp;
	return r;
}

static int
import_all(const char *root, const char *account, char **paths, int n)
{
	struct import_ui ui = { .tty = isatty(STDERR_FILENO) };
	const struct import_stats *st;
	struct import *imp = NULL;
	struct store *store;
	struct err err;
	int r;

	if (store_open(root, STORE_WRITE, &store, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	r = run(store, account, paths, n, &ui, &st, &imp);
	print_summary(st);
	if (r == 0 && st->failed > 0)
		r = -1;
	import_free(&imp);
	if (store_commit(store, &err) < 0) {
		cli_error("%s", err.msg);
		r = -1;
	}
	store_close(&store);
	return r < 0 ? CLI_FAIL : CLI_OK;
}

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "account", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *account = IMPORT_DEFAULT_ACCOUNT;
	const struct config *cfg;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+a:", longopts, NULL)) != -1) {
		if (c != 'a')
			goto usage;
		account = optarg;
	}
	if (optind >= argc)
		goto usage;
	if (strchr(account, '/') != NULL || !maildir_folder_valid(account)) {
		cli_error(_("invalid account name '%s'"), account);
		return CLI_USAGE;
	}
	cfg = cli_config(cli);
	if (cfg == NULL)
		return CLI_CONFIG;
	return import_all(
	    cfg->mail_root, account, argv + optind, argc - optind);
usage:
	cli_error(_("usage: tern import [--account NAME] PATH..."));
	return CLI_USAGE;
}
