/*
 * tern tag +TAG|-TAG... [--] QUERY...: add and remove tags on every
 * message matching QUERY (notmuch syntax, "*" for everything). The tag
 * changes come first, each starting with '+' or '-'; "--" ends them (and
 * must be used when the query itself starts with '-'). Changing unread,
 * flagged, replied, passed or draft renames the files so their Maildir
 * flags follow.
 *
 * Prints nothing on success. Exit 0 (also when nothing matched, and when
 * the store has no database yet, which is not created for this), 1 when
 * the store cannot be changed or the query is refused, 64 on bad usage
 * (no change, no query, an empty tag or one with spaces or control
 * characters), 78 on a bad configuration.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "store/tag.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/text.h"
#include "util/xalloc.h"

/* Print the bad tag argument safely. */
static int
bad_tag(const char *arg)
{
	struct buf b = BUF_INIT;

	text_sanitize(&b, arg, strlen(arg), 0);
	cli_error(_("invalid tag '%s': tags must not be empty or contain "
		    "spaces or control characters"),
	    b.data);
	buf_release(&b);
	return -1;
}

/* Collect the changes; sets *first_r to the first query word. */
static int
parse_changes(int argc, char **argv, struct tag_change **changes_r, size_t *n_r,
    int *first_r)
{
	struct tag_change *c = xcalloc((size_t)argc, sizeof *c);
	size_t n = 0;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (argv[i][0] != '+' && argv[i][0] != '-')
			break;
		if (!tag_valid(argv[i] + 1)) {
			free(c);
			return bad_tag(argv[i]);
		}
		c[n].add = argv[i][0] == '+';
		c[n++].tag = argv[i] + 1;
	}
	*changes_r = c;
	*n_r = n;
	*first_r = i;
	return 0;
}

static int
tag_store(const char *root, const char *query, const struct tag_change *changes,
    size_t n)
{
	struct store *store;
	unsigned long count;
	struct err err;
	int r;

	r = store_exists(root, &err);
	if (r == 0)
		return CLI_OK; /* an empty store: nothing matches */
	if (r < 0 || store_open(root, STORE_WRITE, &store, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	r = tag_apply(store, query, changes, n, &count, &err);
	if (r == 0)
		r = store_commit(store, &err);
	if (r < 0)
		cli_error("%s", err.msg);
	store_close(&store);
	return r < 0 ? CLI_FAIL : CLI_OK;
}

int
cmd_tag(struct cli *cli, int argc, char **argv)
{
	const struct config *cfg;
	struct tag_change *changes;
	size_t n;
	char *query;
	int first, r;

	if (parse_changes(argc, argv, &changes, &n, &first) < 0)
		return CLI_USAGE;
	if (n == 0 || first >= argc) {
		free(changes);
		cli_error(_("usage: tern tag +TAG|-TAG... -- QUERY"));
		return CLI_USAGE;
	}
	cfg = cli_config(cli);
	if (cfg == NULL) {
		free(changes);
		return CLI_CONFIG;
	}
	query = cli_join_words(argc - first, argv + first);
	r = tag_store(cfg->mail_root, query, changes, n);
	free(query);
	free(changes);
	return r;
}
