/*
 * tern move FOLDER -- QUERY...: move every message matching QUERY into
 * FOLDER of its own account ("Archive", "Lists/dev").
 *
 * tern delete [--expunge] -- QUERY...: move every message matching QUERY
 * to the Trash folder of its account (the folder with the Trash role on
 * the server, or trash_folder); a message already in Trash, or every
 * message with --expunge, is removed for good.
 *
 * A message can have files in several folders (the same Message-ID). When
 * QUERY names folders with folder:ACCOUNT/FOLDER terms, only the files in
 * those folders are moved or removed; otherwise all of them are.
 *
 * Both change the local store at once and record the change in the
 * account's journal, so the next tern sync makes it on the server too.
 * Prints how many files changed. Exit 0 (also when nothing matched), 1
 * when the store cannot be changed or the query is refused, 64 on bad
 * usage, 78 on a bad configuration.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/move.h"
#include "cli/cli.h"
#include "store/maildir.h"
#include "store/store.h"
#include "util/intl.h"
#include "util/xalloc.h"

/* Run the job on the store, committed; sets *changed_r. */
static int
run(struct store *store, const struct config *cfg, const char *query,
    const struct move_spec *spec, unsigned long *changed_r, struct err *err)
{
	struct move_result res = { 0 };
	int r;

	r = move_run(store, cfg, query, spec, &res, err);
	*changed_r = res.n;
	move_result_release(&res);
	if (r == 0)
		r = store_commit(store, err);
	return r;
}

static void
print_changed(unsigned long n)
{
	printf(ngettext_("%lu message file changed\n",
		   "%lu message files changed\n", n),
	    n);
}

static int
move_or_delete(struct cli *cli, struct move_spec *spec, int argc, char **argv)
{
	const struct config *cfg = cli_config(cli);
	struct store *store;
	unsigned long changed = 0;
	struct err err;
	char *query;
	int r;

	if (cfg == NULL)
		return CLI_CONFIG;
	r = store_exists(cfg->mail_root, &err);
	if (r == 0) {
		print_changed(0);
		return CLI_OK;
	}
	if (r < 0 ||
	    store_open(cfg->mail_root, STORE_WRITE, &store, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	query = cli_join_words(argc, argv);
	move_only_from_query(spec, query);
	r = run(store, cfg, query, spec, &changed, &err);
	free(query);
	if (r < 0)
		cli_error("%s", err.msg);
	else
		print_changed(changed);
	store_close(&store);
	move_spec_release(spec);
	return r < 0 ? CLI_FAIL : CLI_OK;
}

int
cmd_move(struct cli *cli, int argc, char **argv)
{
	struct move_spec j = { .kind = MOVE_FOLDER };
	char *rel;
	int first = 2, ok;

	if (argc > first && strcmp(argv[first], "--") == 0)
		first++;
	if (argc <= first || argv[1][0] == '-') {
		cli_error(_("usage: tern move FOLDER -- QUERY"));
		return CLI_USAGE;
	}
	rel = xasprintf("account/%s", argv[1]);
	ok = maildir_folder_valid(rel);
	free(rel);
	if (!ok) {
		cli_error(_("invalid folder name '%s'"), argv[1]);
		return CLI_USAGE;
	}
	j.folder = argv[1];
	return move_or_delete(cli, &j, argc - first, argv + first);
}

int
cmd_delete(struct cli *cli, int argc, char **argv)
{
	struct move_spec j = { .kind = MOVE_TRASH };
	int first = 1;

	if (argc > first && strcmp(argv[first], "--expunge") == 0) {
		j.kind = MOVE_EXPUNGE;
		first++;
	}
	if (argc > first && strcmp(argv[first], "--") == 0)
		first++;
	if (argc <= first || (first == 1 && argv[1][0] == '-')) {
		cli_error(_("usage: tern delete [--expunge] -- QUERY"));
		return CLI_USAGE;
	}
	return move_or_delete(cli, &j, argc - first, argv + first);
}
