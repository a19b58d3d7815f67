/*
 * tern show [--raw] ID: one message from the store, rendered as text (or
 * its file's exact bytes with --raw). ID is id:MSGID, <MSGID> or MSGID.
 * tern show [--raw] --file PATH...: message files read directly, without
 * the store, one after the other.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mime/render.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define SHOW_MAX_FILE ((size_t)256 << 20) /* bigger files are refused */

struct show {
	int raw;
	char **files; /* --file arguments (borrowed from argv) */
	size_t nfiles;
};

static void
show_usage(FILE *out)
{
	fprintf(out,
	    _("usage: tern show [--raw] ID\n"
	      "       tern show [--raw] --file PATH...\n"));
}

/* Write to stdout; a reader that went away (| head) is no error to tell. */
static int
show_write(const char *s, size_t n)
{
	if (fwrite(s, 1, n, stdout) == n && fflush(stdout) == 0)
		return CLI_OK;
	if (errno != EPIPE)
		cli_error(_("cannot write the message: %s"), strerror(errno));
	return CLI_FAIL;
}

/* Print the message in the file at path, rendered or raw. */
static int
show_file(const char *path, int raw)
{
	struct buf data = BUF_INIT, out = BUF_INIT;
	struct err err;
	int rc = CLI_FAIL;

	if (file_read(path, &data, SHOW_MAX_FILE, &err) < 0)
		cli_error("%s", err.msg);
	else if (raw)
		rc = show_write(data.data, data.len);
	else if (render_message(data.data, data.len, NULL, &out, &err) < 0)
		cli_error(_("cannot show '%s': %s"), path, err.msg);
	else
		rc = show_write(out.data, out.len);
	buf_release(&data);
	buf_release(&out);
	return rc;
}

/* "id:MSGID" for any form of ID, to name it in messages; new string. */
static char *
show_query(const char *id)
{
	size_t n = strlen(id);

	if (strncmp(id, "id:", 3) == 0)
		return xstrdup(id);
	if (n >= 2 && id[0] == '<' && id[n - 1] == '>')
		return xasprintf("id:%.*s", (int)(n - 2), id + 1);
	return xasprintf("id:%s", id);
}

/* The file of the message id in the store: CLI_OK and a new *path_r. */
static int
show_find(struct cli *cli, const char *id, char **path_r)
{
	struct config *cfg = cli_config(cli);
	struct store *store = NULL;
	struct err err;
	char *query;
	int r;

	if (cfg == NULL)
		return CLI_CONFIG;
	if (store_open(cfg->mail_root, STORE_READ, &store, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	r = store_find_file(store, id, path_r, &err);
	store_close(&store);
	if (r < 0)
		cli_error("%s", err.msg);
	if (r == 0) {
		query = show_query(id);
		cli_error(_("no message matches '%s'"), query);
		free(query);
	}
	return r > 0 ? CLI_OK : CLI_FAIL;
}

/* Parse the options into s: -1 to go on, else the exit status. */
static int
show_options(struct show *s, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "raw", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "f:hr", longopts, NULL)) != -1) {
		if (c == 'f') {
			s->files = xreallocarray(
			    s->files, s->nfiles + 1, sizeof *s->files);
			s->files[s->nfiles++] = optarg;
		} else if (c == 'r')
			s->raw = 1;
		else if (c == 'h') {
			show_usage(stdout);
			return CLI_OK;
		} else
			return CLI_USAGE;
	}
	if (s->nfiles > 0 ? optind != argc : optind + 1 != argc)
		return CLI_USAGE;
	return -1;
}

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	struct show s = { 0 };
	char *path = NULL;
	size_t i;
	int rc;

	rc = show_options(&s, argc, argv);
	if (rc == CLI_USAGE)
		show_usage(stderr);
	if (rc >= 0)
		goto out;
	if (s.nfiles == 0) {
		rc = show_find(cli, argv[optind], &path);
		if (rc == CLI_OK)
			rc = show_file(path, s.raw);
		goto out;
	}
	rc = CLI_OK;
	for (i = 0; i < s.nfiles; i++)
		if (show_file(s.files[i], s.raw) != CLI_OK)
			rc = CLI_FAIL;
out:
	free(s.files);
	free(path);
	return rc;
}
