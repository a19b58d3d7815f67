/*
 * tern search [--output=threads|messages|files] [--limit N] QUERY...:
 * what in the store matches QUERY (its words joined with spaces, notmuch
 * query syntax, "*" for everything), newest first.
 *
 * Output, one line each, made safe for the terminal:
 *   threads (default)  DATE [MATCHED/TOTAL] AUTHORS; SUBJECT (TAGS)
 *   messages           id:MESSAGE-ID
 *   files              the path of each file of each message
 * DATE is the newest message's day, YYYY-MM-DD in local time.
 *
 * Exit status: 0 also when nothing matches. 0 as well, with a note on
 * stderr, when the store has no database yet (nothing imported or
 * synced): an empty store is a normal state, and scripts that count
 * results should see zero, not an error. 1 when the store cannot be read
 * or notmuch refuses the query (its message is shown), 64 on bad usage,
 * 78 on a bad configuration.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "store/search.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/text.h"

struct search_opts {
	enum search_output output;
	long limit; /* -1: no limit */
};

static const struct {
	const char *name;
	enum search_output output;
} outputs[] = {
	{ "threads", SEARCH_THREADS },
	{ "messages", SEARCH_MESSAGES },
	{ "files", SEARCH_FILES },
};

/* Append s (may be NULL) to line as one-line terminal-safe text. */
static void
add_text(struct buf *line, const char *s)
{
	if (s != NULL)
		text_sanitize(line, s, strlen(s), 0);
}

static void
format_thread(struct buf *line, const struct search_item *it)
{
	char day[32] = "";
	struct tm tm;
	time_t t = it->date;

	if (localtime_r(&t, &tm) != NULL)
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
	buf_addf(line, "%s [%d/%d] ", day, it->matched, it->total);
	add_text(line, it->authors);
	buf_adds(line, "; ");
	add_text(line, it->subject);
	buf_adds(line, " (");
	add_text(line, it->tags);
	buf_addc(line, ')');
}

static void
format_item(
    struct buf *line, enum search_output output, const struct search_item *it)
{
	buf_reset(line);
	if (output == SEARCH_THREADS) {
		format_thread(line, it);
	} else if (output == SEARCH_MESSAGES) {
		buf_adds(line, "id:");
		add_text(line, it->id);
	} else {
		add_text(line, it->path);
	}
	buf_addc(line, '\n');
}

static int
print_results(
    struct store *store, const char *query, const struct search_opts *o)
{
	struct search *s;
	struct search_item it;
	struct buf line = BUF_INIT;
	unsigned long n = 0;
	struct err err;
	int r = 0;

	if (search_new(store, query, o->output, &s, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	/* Stop early when stdout is gone (a closed pipe: tern search | head).
	 */
	while ((o->limit < 0 || (long)n < o->limit) && !ferror(stdout) &&
	    (r = search_next(s, &it, &err)) > 0) {
		format_item(&line, o->output, &it);
		cli_print_text(line.data, line.len);
		n++;
	}
	buf_release(&line);
	search_free(&s);
	if (r < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int
parse_output(const char *arg, enum search_output *output_r)
{
	size_t i;

	for (i = 0; i < sizeof outputs / sizeof *outputs; i++) {
		if (strcmp(arg, outputs[i].name) == 0) {
			*output_r = outputs[i].output;
			return 0;
		}
	}
	return -1;
}

static int
parse_limit(const char *arg, long *limit_r)
{
	char *end;

	if (*arg < '0' || *arg > '9')
		return -1;
	errno = 0;
	*limit_r = strtol(arg, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

static int
parse_opts(int argc, char **argv, struct search_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if (c == 'o' && parse_output(optarg, &o->output) == 0)
			continue;
		if (c == 'n' && parse_limit(optarg, &o->limit) == 0)
			continue;
		return -1;
	}
	return optind < argc ? 0 : -1;
}

static int
search_store(const char *root, const char *query, const struct search_opts *o)
{
	struct store *store;
	struct err err;
	int r;

	r = store_exists(root, &err);
	if (r < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	if (r == 0) {
		cli_error(_("the mail store '%s' is empty; bring mail in "
			    "with 'tern import'"),
		    root);
		return CLI_OK;
	}
	if (store_open(root, STORE_READ, &store, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	r = print_results(store, query, o);
	store_close(&store);
	return r;
}

int
cmd_search(struct cli *cli, int argc, char **argv)
{
	struct search_opts o = { .output = SEARCH_THREADS, .limit = -1 };
	const struct config *cfg;
	char *query;
	int r;

	if (parse_opts(argc, argv, &o) < 0) {
		cli_error(_("usage: tern search [--output=threads|messages|"
			    "files] [--limit N] QUERY..."));
		return CLI_USAGE;
	}
	cfg = cli_config(cli);
	if (cfg == NULL)
		return CLI_CONFIG;
	query = cli_join_words(argc - optind, argv + optind);
	r = search_store(cfg->mail_root, query, &o);
	free(query);
	return r;
}
