/*
 * tern send [-A ACCOUNT] [-s SUBJECT] [-c ADDR]... [-b ADDR]...
 *     [-a FILE]... [--queue] ADDR|mailto:URL... < BODY
 * tern send --raw [-A ACCOUNT] [--queue] [FILE]
 * tern outbox [--flush | --drop ID]
 *
 * send builds a message from the account's name and address (the first
 * account without -A; with --raw the account whose address is the
 * message's From, else the first) and the body read from stdin, queues
 * it durably in the outbox (store/outbox.h), and, unless --queue, sends
 * it at once (account/submit.h). Exit 0 when the server accepted it (or
 * it was queued with --queue), 75 when it could only be queued (the
 * server could not be reached or said "try later"), 1 when it was
 * refused (it stays in the outbox, marked failed), 64 on bad usage, 78
 * on a bad configuration.
 *
 * outbox lists the queued and failed messages with their last error;
 * --flush sends every one now (exit 0 when all went, 75 when some could
 * only wait, 1 when one was refused); --drop ID discards one.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account/account.h"
#include "account/submit.h"
#include "cli/cli.h"
#include "mime/compose.h"
#include "store/outbox.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/xalloc.h"

/* Largest message or body read from stdin or a file, in bytes. */
#define INPUT_MAX (256u * 1024 * 1024)

static const char send_usage[] =
    N_("usage: tern send [-A ACCOUNT] [-s SUBJECT] [-c ADDR]... "
       "[-b ADDR]... [-a FILE]... [--queue] ADDR... < BODY\n"
       "       tern send --raw [-A ACCOUNT] [--queue] [FILE]");

/* Append text to a comma-separated list. */
static void
list_add(struct buf *b, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	if (b->len > 0)
		buf_adds(b, ", ");
	buf_adds(b, text);
}

/* Read all of fd 0 into out. */
static int
read_stdin(struct buf *out, struct err *err)
{
	return file_read("/dev/stdin", out, INPUT_MAX, err);
}

/* CRLF line ends made LF (the store's form), in place. */
static void
to_lf(struct buf *b)
{
	size_t i, j = 0;

	for (i = 0; i < b->len; i++) {
		if (b->data[i] == '\r' && i + 1 < b->len &&
		    b->data[i + 1] == '\n')
			continue;
		b->data[j++] = b->data[i];
	}
	b->len = j;
	if (b->data != NULL)
		b->data[j] = '\0';
}

/* Print how one outbox entry went (the report of a flush). */
static void
report(void *arg, const struct outbox_entry *e, const struct err *why)
{
	(void)arg;
	if (why == NULL)
		return;
	cli_error(_("message %s (to %s): %s"), e->id, e->to, why->msg);
}

static int
exit_for(int r, const struct err *err)
{
	if (r == 0)
		return CLI_OK;
	return err->cls == ERR_WAIT || err->cls == ERR_TEMP ? CLI_TEMPFAIL
							    : CLI_FAIL;
}

/*
 * Send what is due in the outbox (only id when not NULL) now. Returns
 * an exit status; *st says what happened.
 */
static int
flush(const struct config *cfg, const char *id, struct submit_stats *st)
{
	struct submit_opts o = { .timeout_s = 60,
		.now = 1,
		.id = id,
		.report = id == NULL ? report : NULL };
	struct store *store;
	struct err err;
	int r;

	memset(st, 0, sizeof *st);
	if (cfg->naccounts > 0)
		o.timeout_s = (int)cfg->accounts[0].timeout;
	if (store_open(cfg->mail_root, STORE_WRITE, &store, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	r = submit_outbox(cfg, store, &o, st, &err);
	if (r < 0 && id != NULL)
		cli_error("%s", err.msg);
	if (store_commit(store, r < 0 ? NULL : &err) < 0 && r == 0) {
		cli_error("%s", err.msg);
		r = -1;
	}
	store_close(&store);
	return exit_for(r, &err);
}

/* Queue msg for acct and, unless queue_only, send it now. */
static int
queue_and_send(const struct config *cfg, const struct config_account *acct,
    const struct buf *msg, const char *to, const char *subject, int queue_only)
{
	struct submit_stats st;
	struct err err;
	char *id = NULL;
	int r;

	if (outbox_add(cfg->mail_root, acct->name, msg->data, msg->len, to,
		subject, &id, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	if (queue_only) {
		free(id);
		return CLI_OK;
	}
	r = flush(cfg, id, &st);
	/* Not sent, not refused: the account's fault (login, TLS) or none. */
	if (r == CLI_TEMPFAIL ||
	    (r != CLI_OK && st.failed == 0 && st.sent == 0))
		cli_error(_("the message is queued in the outbox as %s; "
			    "'tern outbox --flush' sends it"),
		    id);
	else if (r != CLI_OK && st.failed > 0)
		cli_error(_("the message stays in the outbox as %s, marked "
			    "failed; 'tern outbox --flush' tries again, "
			    "'tern outbox --drop %s' discards it"),
		    id, id);
	free(id);
	return r;
}

/* The account whose address is from, else the first one. */
static const struct config_account *
account_of_sender(const struct config *cfg, const char *from)
{
	size_t i;

	for (i = 0; from != NULL && i < cfg->naccounts; i++)
		if (strcasecmp(cfg->accounts[i].address, from) == 0)
			return &cfg->accounts[i];
	return cfg->naccounts > 0 ? &cfg->accounts[0] : NULL;
}

static int
send_raw(const struct config *cfg, const char *account, const char *file,
    int queue_only)
{
	const struct config_account *acct;
	struct buf msg = BUF_INIT, wire = BUF_INIT, to = BUF_INIT;
	char *from = NULL, **rcpt = NULL, *subject;
	struct err err;
	size_t n = 0, i;
	int r;

	r = file != NULL ? file_read(file, &msg, INPUT_MAX, &err)
			 : read_stdin(&msg, &err);
	if (r == 0) {
		to_lf(&msg);
		r = compose_envelope(
		    msg.data, msg.len, &from, &rcpt, &n, &wire, &err);
	}
	if (r < 0) {
		cli_error("%s", err.msg);
		buf_release(&msg);
		return CLI_DATAERR;
	}
	acct = account != NULL ? account_select(cfg, account, &err)
			       : account_of_sender(cfg, from);
	if (acct == NULL) {
		if (account == NULL)
			account_select(cfg, NULL, &err);
		cli_error("%s", err.msg);
		r = account != NULL ? CLI_USAGE : CLI_CONFIG;
	} else {
		for (i = 0; i < n; i++)
			list_add(&to, rcpt[i]);
		subject = compose_header_subject(msg.data, msg.len);
		r = queue_and_send(cfg, acct, &msg, to.data,
		    subject != NULL ? subject : "", queue_only);
		free(subject);
	}
	compose_addresses_free(rcpt, n);
	free(from);
	buf_release(&to);
	buf_release(&wire);
	buf_release(&msg);
	return r;
}

int
cmd_send(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "account", required_argument, NULL, 'A' },
		{ "subject", required_argument, NULL, 's' },
		{ "cc", required_argument, NULL, 'c' },
		{ "bcc", required_argument, NULL, 'b' },
		{ "attach", required_argument, NULL, 'a' },
		{ "queue", no_argument, NULL, 'q' },
		{ "raw", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct buf to = BUF_INIT, cc = BUF_INIT, bcc = BUF_INIT,
		   body = BUF_INIT, msg = BUF_INIT;
	struct compose_att *att = NULL;
	struct compose c = { 0 };
	struct compose_mailto m;
	const struct config_account *acct;
	const struct config *cfg;
	const char *account = NULL, *subject = NULL, *mbody = NULL,
		   *in_reply_to = NULL;
	char *mailto_subject = NULL, *mailto_body = NULL, *mailto_irt = NULL;
	size_t natt = 0;
	int opt, raw = 0, queue_only = 0, r = CLI_USAGE, i;
	struct err err;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+A:s:c:b:a:", longopts, NULL)) !=
	    -1) {
		switch (opt) {
		case 'A':
			account = optarg;
			break;
		case 's':
			subject = optarg;
			break;
		case 'c':
			list_add(&cc, optarg);
			break;
		case 'b':
			list_add(&bcc, optarg);
			break;
		case 'a':
			att = xreallocarray(att, natt + 1, sizeof *att);
			att[natt++] = (struct compose_att){ .path = optarg };
			break;
		case 'q':
			queue_only = 1;
			break;
		case 'r':
			raw = 1;
			break;
		default:
			cli_error("%s", _(send_usage));
			goto out;
		}
	}
	if (raw &&
	    (subject != NULL || cc.len > 0 || bcc.len > 0 || natt > 0 ||
		argc - optind > 1)) {
		cli_error("%s", _(send_usage));
		goto out;
	}
	cfg = cli_config(cli);
	if (cfg == NULL) {
		r = CLI_CONFIG;
		goto out;
	}
	if (raw) {
		r = send_raw(cfg, account, optind < argc ? argv[optind] : NULL,
		    queue_only);
		goto out;
	}
	for (i = optind; i < argc; i++) {
		if (strncasecmp(argv[i], "mailto:", 7) != 0) {
			list_add(&to, argv[i]);
			continue;
		}
		if (compose_mailto(argv[i], &m, &err) < 0) {
			cli_error("%s", err.msg);
			r = CLI_USAGE;
			goto out;
		}
		list_add(&to, m.to);
		list_add(&cc, m.cc);
		list_add(&bcc, m.bcc);
		if (m.subject != NULL && mailto_subject == NULL)
			mailto_subject = xstrdup(m.subject);
		if (m.body != NULL && mailto_body == NULL)
			mailto_body = xstrdup(m.body);
		if (m.in_reply_to != NULL && mailto_irt == NULL)
			mailto_irt = xstrdup(m.in_reply_to);
		compose_mailto_free(&m);
	}
	if (to.len == 0 && cc.len == 0 && bcc.len == 0) {
		cli_error("%s", _(send_usage));
		goto out;
	}
	acct = account_select(cfg, account, &err);
	if (acct == NULL) {
		cli_error("%s", err.msg);
		r = account != NULL ? CLI_USAGE : CLI_CONFIG;
		goto out;
	}
	if (subject == NULL)
		subject = mailto_subject;
	in_reply_to = mailto_irt;
	if (mailto_body != NULL && isatty(STDIN_FILENO))
		mbody = mailto_body;
	else if (read_stdin(&body, &err) < 0) {
		cli_error("%s", err.msg);
		r = CLI_FAIL;
		goto out;
	}
	c.from_name = acct->real_name;
	c.from_addr = acct->address;
	c.to = to.data;
	c.cc = cc.data;
	c.bcc = bcc.data;
	c.subject = subject;
	c.in_reply_to = in_reply_to;
	c.body = mbody != NULL ? mbody : body.data != NULL ? body.data : "";
	c.body_len = mbody != NULL ? strlen(mbody) : body.len;
	c.att = att;
	c.natt = natt;
	if (compose_build(&c, &msg, &err) < 0) {
		cli_error("%s", err.msg);
		r = CLI_DATAERR;
		goto out;
	}
	list_add(&to, cc.data);
	list_add(&to, bcc.data);
	r = queue_and_send(cfg, acct, &msg, to.data,
	    subject != NULL ? subject : "", queue_only);
out:
	free(att);
	free(mailto_subject);
	free(mailto_body);
	free(mailto_irt);
	buf_release(&to);
	buf_release(&cc);
	buf_release(&bcc);
	buf_release(&body);
	buf_release(&msg);
	return r;
}

static void
print_entry(const struct outbox_entry *e)
{
	struct buf line = BUF_INIT;
	const char *state;

	if (e->sent)
		state = _("sent, copy to Sent pending");
	else if (e->failed)
		state = _("failed");
	else
		state = _("queued");
	buf_addf(&line, "%s  %s  [%s]  %s %s", e->id, state, e->account,
	    _("to:"), e->to);
	if (e->subject[0] != '\0')
		buf_addf(&line, "  %s %s", _("subject:"), e->subject);
	buf_addc(&line, '\n');
	if (e->error != NULL) {
		buf_adds(&line, "    ");
		buf_addf(&line,
		    ngettext_("last error (%u attempt):",
			"last error (%u attempts):", e->attempts),
		    e->attempts);
		buf_addf(&line, " %s\n", e->error);
	}
	cli_print_text(line.data, line.len);
	buf_release(&line);
}

int
cmd_outbox(struct cli *cli, int argc, char **argv)
{
	const struct config *cfg;
	struct outbox_entry *v, *e;
	struct submit_stats st;
	struct err err;
	size_t n, i;
	int r = CLI_OK, lock;

	if (argc > 3 || (argc == 2 && strcmp(argv[1], "--flush") != 0) ||
	    (argc == 3 && strcmp(argv[1], "--drop") != 0) ||
	    (argc == 2 && strcmp(argv[1], "--drop") == 0)) {
		cli_error(_("usage: tern outbox [--flush | --drop ID]"));
		return CLI_USAGE;
	}
	cfg = cli_config(cli);
	if (cfg == NULL)
		return CLI_CONFIG;
	if (argc == 2) {
		r = flush(cfg, NULL, &st);
		if (st.sent > 0 || st.failed > 0 || st.waiting > 0)
			printf(_("sent %zu, failed %zu, waiting %zu\n"),
			    st.sent, st.failed, st.waiting);
		return r;
	}
	if (outbox_list(cfg->mail_root, &v, &n, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	if (argc == 3) {
		e = outbox_find(v, n, argv[2]);
		lock = e != NULL ? outbox_lock(cfg->mail_root, &err) : -1;
		if (e != NULL && lock < 0) {
			cli_error("%s", err.msg);
			r = CLI_TEMPFAIL;
		} else if (e == NULL) {
			cli_error(_("no message %s in the outbox"), argv[2]);
			r = CLI_FAIL;
		} else if (outbox_remove(cfg->mail_root, e, &err) < 0) {
			cli_error("%s", err.msg);
			r = CLI_FAIL;
		}
		outbox_unlock(lock);
	} else {
		for (i = 0; i < n; i++)
			print_entry(&v[i]);
	}
	outbox_free(v, n);
	return r;
}
