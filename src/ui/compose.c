#include <config.h>

#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mime/compose.h"
#include "mime/draft.h"
#include "mime/render.h"
#include "mime/reply.h"
#include "account/move.h"
#include "store/outbox.h"
#include "store/search.h"
#include "ui/action.h"
#include "ui/address.h"
#include "ui/compose.h"
#include "ui/draw.h"
#include "ui/index.h"
#include "ui/lists.h"
#include "ui/editor.h"
#include "ui/pager.h"
#include "ui/prompt.h"
#include "ui/theme.h"
#include "ui/width.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

#define COMPOSE_MAX_MSG ((size_t)256 << 20) /* a message read back */
#define COMPOSE_LABEL_COLS 10

struct compose_view {
	struct draft *d;
	struct draft *before; /* as made, to tell whether it changed */
	int kind;	      /* COMPOSE_NEW or an enum reply_kind */
	char *dir;	      /* mail_root/.tern/compose */
	char *id;	      /* its files there: ID.draft, ID.txt */
	char *resumed;	      /* the Drafts file it came from, or NULL */
	char *resumed_id;     /* its Message-ID */
	char *resumed_only;   /* its folder, "ACCOUNT/FOLDER" */
	char *outbox_id;      /* the outbox entry it came from, or NULL */
	size_t cursor;	      /* the attachment under the cursor */
};

/* ---- the files that keep a message being written ---- */

static char *
compose_dir(const struct config *cfg)
{
	return xasprintf("%s/.tern/compose", cfg->mail_root);
}

static char *
compose_file(const struct compose_view *cv, const char *ext)
{
	return xasprintf("%s/%s.%s", cv->dir, cv->id, ext);
}

/* A new id: the time and random bits, sorting in the order made. */
static char *
compose_new_id(void)
{
	char stamp[32];
	time_t now = time(NULL);
	unsigned r = 0;
	FILE *f = fopen("/dev/urandom", "rb");

	if (f != NULL) {
		if (fread(&r, sizeof r, 1, f) != 1)
			r = (unsigned)getpid();
		fclose(f);
	}
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", gmtime(&now));
	return xasprintf("%s-%08x", stamp, r);
}

/* Keep the draft safe on disk (ID.draft). */
static int
compose_keep(const struct compose_view *cv, struct err *err)
{
	struct buf out = BUF_INIT;
	char *path = compose_file(cv, "draft");
	int r;

	r = path_mkdir_p(cv->dir, 0700, err);
	if (r == 0)
		r = draft_store(cv->d, &out, err);
	if (r == 0)
		r = file_replace(path, out.data, out.len, 0600, err);
	buf_release(&out);
	free(path);
	return r;
}

/* Remove the files of a message no longer being written. */
static void
compose_forget(const struct compose_view *cv)
{
	char *p = compose_file(cv, "txt");

	unlink(p);
	free(p);
	p = compose_file(cv, "draft");
	unlink(p);
	free(p);
	file_sync_dir(cv->dir, NULL);
}

void
compose_free(struct compose_view **cvp)
{
	struct compose_view *cv = *cvp;

	if (cv == NULL)
		return;
	draft_free(&cv->d);
	draft_free(&cv->before);
	free(cv->dir);
	free(cv->id);
	free(cv->resumed);
	free(cv->resumed_id);
	free(cv->resumed_only);
	free(cv->outbox_id);
	free(cv);
	*cvp = NULL;
}

/* ---- identities: the accounts' addresses ---- */

static struct reply_identity *
compose_identities(const struct config *cfg, size_t *n_r)
{
	struct reply_identity *ids =
	    xcalloc(cfg->naccounts > 0 ? cfg->naccounts : 1, sizeof *ids);
	size_t i;

	for (i = 0; i < cfg->naccounts; i++) {
		ids[i].account = cfg->accounts[i].name;
		ids[i].name = cfg->accounts[i].real_name;
		ids[i].addr = cfg->accounts[i].address;
	}
	*n_r = cfg->naccounts;
	return ids;
}

static const struct config_account *
compose_account(const struct config *cfg, const char *name)
{
	return name != NULL ? config_account(cfg, name) : NULL;
}

/* Make d's From the identity of account acct. */
static void
compose_set_from(struct draft *d, const struct config_account *acct)
{
	draft_set(&d->account, acct->name);
	draft_set(&d->from_name, acct->real_name);
	draft_set(&d->from_addr, acct->address);
}

/* ---- the editor ---- */

/*
 * Run the editor on the draft (headers at the top), then read it back.
 * Returns 0, or -1 with err set (the draft as it was before).
 */
static int
compose_edit(struct ui *ui, struct compose_view *cv, struct err *err)
{
	struct buf text = BUF_INIT;
	char *path = compose_file(cv, "txt");
	struct err ed_err;
	int r, ed = 0;

	/* Both files exist while the editor runs: a crash of the
	 * interface or the terminal leaves the text recoverable. */
	draft_edit_text(cv->d, 0, &text);
	r = compose_keep(cv, err);
	if (r == 0)
		r = file_replace(path, text.data, text.len, 0600, err);
	if (r == 0)
		ed = editor_run(ui, path, &ed_err);
	/* What the editor saved counts even when it failed afterwards. */
	buf_reset(&text);
	if (r == 0)
		r = file_read(path, &text, DRAFT_MAX_TEXT, err);
	if (r == 0)
		r = draft_parse_edit(text.data, text.len, cv->d, err);
	if (r == 0 && compose_keep(cv, err) == 0 && ed == 0)
		unlink(path); /* the draft file holds it now */
	if (r == 0 && ed < 0) {
		*err = ed_err;
		r = -1;
	}
	buf_release(&text);
	free(path);
	return r;
}

/*
 * A new message whose text the user left as it was, with nothing in it:
 * nothing to keep.
 */
static int
compose_untouched(const struct compose_view *cv)
{
	return cv->kind == COMPOSE_NEW && cv->resumed == NULL &&
	    cv->outbox_id == NULL && !draft_changed(cv->before, cv->d);
}

/* After the editor: show the compose screen, or drop an untouched one. */
static void
compose_open(struct ui *ui, struct compose_view *cv)
{
	struct err err;

	if (compose_edit(ui, cv, &err) < 0) {
		ui_error(ui, _("the message is kept (e edits it again): %s"),
		    err.msg);
	} else if (compose_untouched(cv) &&
	    ui_confirm(ui, _("The message is empty. Discard it?")) == 1) {
		compose_forget(cv);
		compose_free(&cv);
		ui_message(ui, "%s", _("nothing written: discarded"));
		return;
	}
	compose_free(&ui->compose);
	ui->compose = cv;
}

static struct compose_view *
compose_view_new(struct ui *ui, struct draft *d, int kind)
{
	struct compose_view *cv = xcalloc(1, sizeof *cv);

	cv->d = d;
	cv->before = draft_dup(d);
	cv->kind = kind;
	cv->dir = compose_dir(ui->cfg);
	cv->id = compose_new_id();
	return cv;
}

/* The account whose store folder holds the file path, or NULL. */
static char *
compose_account_of(struct ui *ui, const char *path)
{
	char *account = NULL, *folder = NULL;

	if (ui->store == NULL ||
	    store_file_place(ui->store, path, &account, &folder) < 0)
		return NULL;
	free(folder);
	return account;
}

void
compose_start(struct ui *ui, int kind, const char *msg_path)
{
	struct reply_identity *ids;
	struct buf msg = BUF_INIT;
	struct draft *d = NULL;
	char *hint = NULL;
	const struct config_account *acct;
	struct err err;
	size_t n;

	if (ui->cfg->naccounts == 0) {
		ui_error(ui, "%s",
		    _("no account to send from: add one to the configuration "
		      "(see tern.conf(5))"));
		return;
	}
	ids = compose_identities(ui->cfg, &n);
	if (kind == COMPOSE_NEW) {
		d = draft_new();
		acct = compose_account(ui->cfg, ui_account_hint(ui));
		compose_set_from(
		    d, acct != NULL ? acct : &ui->cfg->accounts[0]);
	} else if (file_read(msg_path, &msg, COMPOSE_MAX_MSG, &err) == 0) {
		hint = compose_account_of(ui, msg_path);
		d = reply_make((enum reply_kind)kind, msg.data, msg.len, ids, n,
		    hint, &err);
	}
	free(ids);
	free(hint);
	buf_release(&msg);
	if (d == NULL) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	acct = compose_account(ui->cfg, d->account);
	if (acct != NULL && acct->signature_file != NULL &&
	    kind != REPLY_EDIT_NEW &&
	    draft_add_signature(d, acct->signature_file, &err) < 0)
		ui_error(ui, "%s", err.msg);
	compose_open(ui, compose_view_new(ui, d, kind));
}

/* A draft read back from msg, made to be written on. */
static struct compose_view *
compose_from_bytes(struct ui *ui, const struct buf *msg, struct err *err)
{
	struct draft *d = draft_resume(msg->data, msg->len, err);
	const struct config_account *acct;

	if (d == NULL)
		return NULL;
	acct = compose_account(ui->cfg, d->account);
	if (acct == NULL && ui->cfg->naccounts > 0) {
		acct = &ui->cfg->accounts[0];
		draft_set(&d->account, acct->name);
	}
	if (*d->from_addr == '\0' && acct != NULL)
		compose_set_from(d, acct);
	return compose_view_new(ui, d, COMPOSE_NEW);
}

void
compose_resume(
    struct ui *ui, const char *path, const char *id, const char *only)
{
	struct buf msg = BUF_INIT;
	struct compose_view *cv = NULL;
	struct err err;

	if (file_read(path, &msg, COMPOSE_MAX_MSG, &err) == 0)
		cv = compose_from_bytes(ui, &msg, &err);
	buf_release(&msg);
	if (cv == NULL) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	cv->resumed = xstrdup(path);
	cv->resumed_id = xstrdup(id);
	cv->resumed_only = xstrdup(only);
	if (compose_keep(cv, &err) < 0)
		ui_error(ui, "%s", err.msg);
	compose_free(&ui->compose);
	ui->compose = cv;
}

void
compose_outbox(struct ui *ui, const char *id)
{
	struct outbox_entry *v = NULL, *e;
	struct compose_view *cv = NULL;
	struct buf msg = BUF_INIT;
	struct err err;
	size_t n = 0;

	if (outbox_list(ui->cfg->mail_root, &v, &n, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	e = outbox_find(v, n, id);
	if (e == NULL)
		err_set(&err, ERR_FINAL, _("the outbox has no message %s"), id);
	else if (e->sent)
		err_set(&err, ERR_FINAL,
		    _("message %s was sent already; only its copy is left "
		      "to make"),
		    id);
	else if (outbox_read(ui->cfg->mail_root, e, &msg, &err) == 0)
		cv = compose_from_bytes(ui, &msg, &err);
	outbox_free(v, n);
	buf_release(&msg);
	if (cv == NULL) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	cv->outbox_id = xstrdup(id);
	if (compose_keep(cv, &err) < 0)
		ui_error(ui, "%s", err.msg);
	compose_free(&ui->compose);
	ui->compose = cv;
}

/* ---- sending, postponing, cancelling ---- */

/* Build the message of cv into out. */
static int
compose_build_msg(
    const struct compose_view *cv, struct buf *out, struct err *err)
{
	struct compose c;
	struct compose_att *att = NULL;
	struct compose_mem *mem = NULL;
	int r;

	draft_compose(cv->d, &c, &att, &mem);
	r = compose_build(&c, out, err);
	free(att);
	free(mem);
	return r;
}

/* The Drafts file cv came from goes: the message lives on elsewhere. */
static void
compose_drop_resumed(struct ui *ui, const struct compose_view *cv)
{
	struct move_spec spec = { .kind = MOVE_EXPUNGE,
		.only = (char **)&cv->resumed_only,
		.nonly = 1 };
	char *q;

	if (cv->resumed == NULL)
		return;
	q = actions_id_query((char **)&cv->resumed_id, 1);
	actions_move(ui->actions, q, &spec);
	free(q);
}

static void
compose_cmd_send(struct ui *ui)
{
	struct compose_view *cv = ui->compose;
	struct outbox_entry *v = NULL, *e;
	struct buf msg = BUF_INIT;
	struct err err;
	char *id = NULL;
	size_t n = 0;

	if (compose_build_msg(cv, &msg, &err) < 0 ||
	    outbox_add(ui->cfg->mail_root, cv->d->account, msg.data, msg.len,
		cv->d->to, cv->d->subject, &id, &err) < 0) {
		ui_error(ui, _("not sent: %s"), err.msg);
		buf_release(&msg);
		return;
	}
	buf_release(&msg);
	/* The new entry is safe: the one it replaces can go. */
	if (cv->outbox_id != NULL &&
	    outbox_list(ui->cfg->mail_root, &v, &n, &err) == 0) {
		e = outbox_find(v, n, cv->outbox_id);
		if (e != NULL)
			outbox_remove(ui->cfg->mail_root, e, &err);
		outbox_free(v, n);
	}
	compose_drop_resumed(ui, cv);
	compose_forget(cv);
	ui_sending(ui, id, cv->d->subject);
	ui_worker_wake(ui, cv->d->account);
	free(id);
	compose_free(&ui->compose);
}

static void
compose_cmd_postpone(struct ui *ui)
{
	struct compose_view *cv = ui->compose;
	struct buf msg = BUF_INIT;
	struct err err;

	if (draft_store(cv->d, &msg, &err) < 0) {
		ui_error(ui, _("cannot postpone: %s"), err.msg);
		buf_release(&msg);
		return;
	}
	actions_store(
	    ui->actions, cv->d->account, "drafts", msg.data, msg.len, "DS");
	buf_release(&msg);
	compose_drop_resumed(ui, cv);
	compose_forget(cv);
	ui_message(ui, "%s", _("postponed: the message is in Drafts"));
	compose_free(&ui->compose);
}

static void
compose_cmd_cancel(struct ui *ui)
{
	struct compose_view *cv = ui->compose;

	if (!compose_untouched(cv) &&
	    ui_confirm(ui,
		_("Cancel this message and lose what was "
		  "written?")) != 1)
		return;
	compose_forget(cv);
	compose_free(&ui->compose);
	ui_message(ui, "%s", _("cancelled"));
}

static void
compose_cmd_edit(struct ui *ui)
{
	struct err err;

	if (compose_edit(ui, ui->compose, &err) < 0)
		ui_error(ui, "%s", err.msg);
}

/* Ask for a new value of *field (an address list when addresses). */
static void
compose_ask(struct ui *ui, const char *label, char **field, int addresses)
{
	char *answer = NULL, **addrs = NULL;
	struct err err;
	size_t n = 0;

	if (prompt_read_complete(ui, label, *field,
		addresses ? address_complete : NULL, ui, &answer) <= 0)
		return;
	if (addresses && compose_addresses(answer, &addrs, &n, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		free(answer);
		return;
	}
	compose_addresses_free(addrs, n);
	draft_set(field, answer);
	free(answer);
	if (compose_keep(ui->compose, &err) < 0)
		ui_error(ui, "%s", err.msg);
}

static void
compose_cmd_to(struct ui *ui)
{
	compose_ask(ui, _("To: "), &ui->compose->d->to, 1);
}

static void
compose_cmd_cc(struct ui *ui)
{
	compose_ask(ui, _("Cc: "), &ui->compose->d->cc, 1);
}

static void
compose_cmd_bcc(struct ui *ui)
{
	compose_ask(ui, _("Bcc: "), &ui->compose->d->bcc, 1);
}

static void
compose_cmd_subject(struct ui *ui)
{
	compose_ask(ui, _("Subject: "), &ui->compose->d->subject, 0);
}

/* Completion over the identities: "Name <address>". */
static void
compose_complete_from(void *arg, const char *input, struct buf *out)
{
	struct ui *ui = arg;
	struct buf one = BUF_INIT;
	size_t i, len = strlen(input);

	for (i = 0; i < ui->cfg->naccounts; i++) {
		buf_reset(&one);
		draft_mailbox(&one, ui->cfg->accounts[i].real_name,
		    ui->cfg->accounts[i].address);
		if (strncasecmp(one.data, input, len) == 0)
			buf_add(out, one.data, one.len + 1);
	}
	buf_release(&one);
}

static void
compose_cmd_from(struct ui *ui)
{
	struct compose_view *cv = ui->compose;
	struct buf cur = BUF_INIT;
	char *answer = NULL, **addrs = NULL;
	struct err err;
	size_t n = 0, i;

	draft_mailbox(&cur, cv->d->from_name, cv->d->from_addr);
	if (prompt_read_complete(ui, _("From: "), cur.data,
		compose_complete_from, ui, &answer) <= 0) {
		buf_release(&cur);
		return;
	}
	buf_release(&cur);
	if (compose_addresses(answer, &addrs, &n, &err) < 0 || n != 1) {
		ui_error(ui, "%s",
		    n != 1 ? _("From must be exactly one address") : err.msg);
		compose_addresses_free(addrs, n);
		free(answer);
		return;
	}
	for (i = 0; i < ui->cfg->naccounts; i++)
		if (strcasecmp(ui->cfg->accounts[i].address, addrs[0]) == 0)
			break;
	if (i == ui->cfg->naccounts)
		ui_error(ui,
		    _("%s is no account's address: choose one with Tab"),
		    addrs[0]);
	else
		compose_set_from(cv->d, &ui->cfg->accounts[i]);
	compose_addresses_free(addrs, n);
	free(answer);
	if (compose_keep(cv, &err) < 0)
		ui_error(ui, "%s", err.msg);
}

static void
compose_cmd_attach(struct ui *ui)
{
	struct compose_view *cv = ui->compose;
	char *path = NULL, *full;
	struct stat st;
	struct err err;

	if (prompt_read_complete(ui, _("Attach file: "), NULL,
		prompt_complete_path, NULL, &path) <= 0)
		return;
	full = path_expand(path, &err);
	if (full == NULL) {
		ui_error(ui, "%s", err.msg);
	} else if (stat(full, &st) < 0) {
		ui_error(
		    ui, _("cannot attach '%s': %s"), path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		ui_error(ui, _("cannot attach '%s': not a file"), path);
	} else if ((size_t)st.st_size > COMPOSE_MAX_ATT) {
		ui_error(ui, _("cannot attach '%s': larger than %zu MB"), path,
		    COMPOSE_MAX_ATT >> 20);
	} else {
		draft_attach(cv->d, full, NULL, 0, NULL, NULL);
		cv->cursor = cv->d->natt - 1;
		if (compose_keep(cv, &err) < 0)
			ui_error(ui, "%s", err.msg);
	}
	free(full);
	free(path);
}

static void
compose_cmd_detach(struct ui *ui)
{
	struct compose_view *cv = ui->compose;
	struct err err;

	if (cv->d->natt == 0) {
		ui_error(ui, "%s", _("there is no attachment"));
		return;
	}
	draft_detach(cv->d, cv->cursor);
	if (cv->cursor > 0 && cv->cursor >= cv->d->natt)
		cv->cursor--;
	if (compose_keep(cv, &err) < 0)
		ui_error(ui, "%s", err.msg);
}

/* The file name an attachment is shown and sent with. */
static const char *
compose_att_name(const struct draft_att *a)
{
	const char *slash;

	if (a->name != NULL && *a->name != '\0')
		return a->name;
	if (a->path != NULL) {
		slash = strrchr(a->path, '/');
		return slash != NULL ? slash + 1 : a->path;
	}
	return "";
}

static void
compose_cmd_rename(struct ui *ui)
{
	struct compose_view *cv = ui->compose;
	struct draft_att *a;
	char *answer = NULL;
	struct err err;

	if (cv->d->natt == 0) {
		ui_error(ui, "%s", _("there is no attachment"));
		return;
	}
	a = &cv->d->att[cv->cursor];
	if (prompt_read_complete(
		ui, _("Name: "), compose_att_name(a), NULL, NULL, &answer) <= 0)
		return;
	if (*answer == '\0' || strchr(answer, '/') != NULL)
		ui_error(ui, "%s",
		    _("a file name must not be empty or contain '/'"));
	else {
		free(a->name);
		a->name = xstrdup(answer);
		if (compose_keep(cv, &err) < 0)
			ui_error(ui, "%s", err.msg);
	}
	free(answer);
}

static void
compose_cmd_down(struct ui *ui)
{
	if (ui->compose->cursor + 1 < ui->compose->d->natt)
		ui->compose->cursor++;
}

static void
compose_cmd_up(struct ui *ui)
{
	if (ui->compose->cursor > 0)
		ui->compose->cursor--;
}

/* ---- drawing ---- */

static void
compose_field(int y, const char *label, const char *value)
{
	int w = width_of(label, strlen(label));

	draw_str(y, COMPOSE_LABEL_COLS - w > 0 ? COMPOSE_LABEL_COLS - w : 0,
	    COMPOSE_LABEL_COLS, label, theme_attr(THEME_HEADER));
	draw_str(y, COMPOSE_LABEL_COLS + 1,
	    draw_cols() - COMPOSE_LABEL_COLS - 1, value,
	    theme_attr(THEME_NORMAL));
}

void
compose_draw(struct compose_view *cv, int y, int rows)
{
	struct buf from = BUF_INIT, line = BUF_INIT;
	const struct draft_att *a;
	struct stat st;
	char size[32];
	size_t i, lines = 0;
	const char *p;
	int row = y, end = y + rows, attr;

	draft_mailbox(&from, cv->d->from_name, cv->d->from_addr);
	if (row < end)
		compose_field(row++, _("From:"), from.data);
	if (row < end)
		compose_field(row++, _("To:"), cv->d->to);
	if (row < end)
		compose_field(row++, _("Cc:"), cv->d->cc);
	if (row < end)
		compose_field(row++, _("Bcc:"), cv->d->bcc);
	if (row < end)
		compose_field(row++, _("Subject:"), cv->d->subject);
	row++;
	for (p = cv->d->body; *p != '\0'; p++)
		lines += *p == '\n';
	if (row < end) {
		buf_addf(&line,
		    ngettext("  text  %zu line", "  text  %zu lines", lines),
		    lines);
		draw_str(
		    row++, 0, draw_cols(), line.data, theme_attr(THEME_NOTE));
	}
	for (i = 0; i < cv->d->natt && row < end; i++) {
		a = &cv->d->att[i];
		if (a->path != NULL && stat(a->path, &st) == 0)
			render_size((size_t)st.st_size, size, sizeof size);
		else
			render_size(a->len, size, sizeof size);
		buf_reset(&line);
		buf_addf(&line, "%3zu  %-8s %s  %s", i + 1, size,
		    compose_att_name(a), a->type != NULL ? a->type : "");
		attr =
		    theme_attr(i == cv->cursor ? THEME_CURSOR : THEME_NORMAL);
		draw_fill(row, 0, draw_cols(), attr);
		draw_str(row++, 0, draw_cols(), line.data, attr);
	}
	buf_release(&from);
	buf_release(&line);
}

const char *
compose_title(const struct compose_view *cv)
{
	return cv->d->subject;
}

/* ---- after a crash ---- */

void
compose_recover(struct ui *ui)
{
	char *dir = compose_dir(ui->cfg), *base, *txt;
	struct compose_view *cv;
	struct buf msg = BUF_INIT;
	struct dirent *de;
	struct err err;
	size_t len, saved = 0;
	DIR *d = opendir(dir);

	while (d != NULL && (de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 7 || strcmp(de->d_name + len - 6, ".draft") != 0)
			continue;
		base = xasprintf("%s/%s", dir, de->d_name);
		buf_reset(&msg);
		cv = NULL;
		if (file_read(base, &msg, COMPOSE_MAX_MSG, &err) == 0)
			cv = compose_from_bytes(ui, &msg, &err);
		if (cv != NULL) {
			free(cv->id);
			cv->id = xstrndup(de->d_name, len - 6);
			/* The editor's text, when it got further. */
			txt = compose_file(cv, "txt");
			buf_reset(&msg);
			if (file_read(txt, &msg, DRAFT_MAX_TEXT, NULL) == 0)
				draft_parse_edit(
				    msg.data, msg.len, cv->d, &err);
			free(txt);
			buf_reset(&msg);
			if (draft_store(cv->d, &msg, &err) == 0) {
				actions_store(ui->actions, cv->d->account,
				    "drafts", msg.data, msg.len, "DS");
				compose_forget(cv);
				saved++;
			}
			compose_free(&cv);
		}
		free(base);
	}
	if (d != NULL)
		closedir(d);
	buf_release(&msg);
	free(dir);
	if (saved > 0)
		ui_message(ui,
		    ngettext("%zu unfinished message was put into Drafts",
			"%zu unfinished messages were put into Drafts", saved),
		    saved);
}

/* ---- the keys that start writing, in the index and the pager ---- */

/*
 * The file of the newest message of thread (not_mine: that none of the
 * accounts sent), a new string, or NULL.
 */
static char *
compose_newest(struct ui *ui, const char *thread, int not_mine)
{
	struct buf q = BUF_INIT;
	struct search *s;
	struct search_item it;
	struct err err;
	char *path = NULL;
	size_t i;

	buf_addf(&q, "thread:%s", thread);
	for (i = 0; not_mine && i < ui->cfg->naccounts; i++)
		buf_addf(
		    &q, " and not from:\"%s\"", ui->cfg->accounts[i].address);
	if (search_new(ui->store, q.data, SEARCH_MESSAGES, &s, &err) == 0) {
		if (search_next(s, &it, &err) > 0)
			path = xstrdup(it.path);
		search_free(&s);
	}
	buf_release(&q);
	return path;
}

/*
 * The file of the message to answer: in the pager, the message at the
 * top of the screen; in the index, the newest of the thread under the
 * cursor that the user did not send (else the newest). A new string, or
 * NULL with a message shown.
 */
static char *
compose_target(struct ui *ui)
{
	const char *thread, *subject, *p;
	char *path;

	if (ui->pager != NULL) {
		p = pager_message_path(
		    ui->pager, pager_message_at_top(ui->pager));
		if (p != NULL)
			return xstrdup(p);
	}
	thread = index_thread(ui->index, &subject);
	if (thread == NULL || ui->store == NULL) {
		ui_error(ui, "%s", _("no message here to answer"));
		return NULL;
	}
	/* The newest message not from the user, else the newest. */
	path = compose_newest(ui, thread, 1);
	if (path == NULL)
		path = compose_newest(ui, thread, 0);
	if (path == NULL)
		ui_error(ui, "%s", _("this thread is no longer in the store"));
	return path;
}

static void
compose_answer(struct ui *ui, int kind)
{
	char *path = compose_target(ui);

	if (path != NULL)
		compose_start(ui, kind, path);
	free(path);
}

static void
write_cmd_new(struct ui *ui)
{
	compose_start(ui, COMPOSE_NEW, NULL);
}

static void
write_cmd_reply(struct ui *ui)
{
	compose_answer(ui, REPLY_SENDER);
}

static void
write_cmd_group(struct ui *ui)
{
	compose_answer(ui, REPLY_ALL);
}

static void
write_cmd_list(struct ui *ui)
{
	compose_answer(ui, REPLY_LIST);
}

static void
write_cmd_forward(struct ui *ui)
{
	compose_answer(ui, REPLY_FORWARD);
}

static void
write_cmd_forward_attach(struct ui *ui)
{
	compose_answer(ui, REPLY_FORWARD_ATTACH);
}

static void
write_cmd_edit_new(struct ui *ui)
{
	compose_answer(ui, REPLY_EDIT_NEW);
}

static void
write_cmd_drafts(struct ui *ui)
{
	lists_drafts(ui);
}

static void
write_cmd_outbox(struct ui *ui)
{
	lists_outbox(ui);
}

/* clang-format off */
const struct keys_entry write_keys[] = {
	{ 'm', write_cmd_new, N_("write a new message"), "mail" },
	{ 'r', write_cmd_reply, N_("reply to the sender"), "reply" },
	{ 'g', write_cmd_group, N_("reply to all"), "group-reply" },
	{ 'L', write_cmd_list, N_("reply to the mailing list"),
	    "list-reply" },
	{ 'f', write_cmd_forward, N_("forward the message"), "forward" },
	{ KEYS_CTRL('F'), write_cmd_forward_attach,
	    N_("forward it as an attachment"), "forward-attached" },
	{ 'E', write_cmd_edit_new, N_("edit the message as a new one"),
	    "edit-as-new" },
	{ 'R', write_cmd_drafts, N_("resume a postponed draft"), "drafts" },
	{ 'O', write_cmd_outbox, N_("the outbox: messages not sent yet"),
	    "outbox" },
	{ 0, NULL, NULL, NULL },
};
/* clang-format on */

/* clang-format off */
const struct keys_entry compose_keys[] = {
	{ 'y', compose_cmd_send, N_("send the message"), "send" },
	{ 'P', compose_cmd_postpone, N_("postpone: keep it in Drafts"),
	    "postpone" },
	{ 'q', compose_cmd_cancel, N_("cancel (asks before losing text)"),
	    "cancel" },
	{ 'e', compose_cmd_edit, N_("edit the message in the editor"),
	    "edit" },
	{ 'f', compose_cmd_from, N_("change From (Tab: the accounts)"),
	    "edit-from" },
	{ 't', compose_cmd_to, N_("change To (Tab completes addresses)"),
	    "edit-to" },
	{ 'c', compose_cmd_cc, N_("change Cc"), "edit-cc" },
	{ 'b', compose_cmd_bcc, N_("change Bcc"), "edit-bcc" },
	{ 's', compose_cmd_subject, N_("change the subject"),
	    "edit-subject" },
	{ 'a', compose_cmd_attach, N_("attach a file (Tab completes)"),
	    "attach" },
	{ 'D', compose_cmd_detach, N_("remove the attachment"), "detach" },
	{ 'R', compose_cmd_rename, N_("rename the attachment"), "rename" },
	{ 'j', compose_cmd_down, N_("next attachment"), "next" },
	{ KEYS_FN(KEY_DOWN), compose_cmd_down, NULL, NULL },
	{ 'k', compose_cmd_up, N_("previous attachment"), "previous" },
	{ KEYS_FN(KEY_UP), compose_cmd_up, NULL, NULL },
	{ '?', ui_cmd_help, N_("show these keys"), "help" },
	{ KEYS_CTRL('L'), ui_cmd_redraw, N_("redraw the screen"), "redraw" },
	{ 0, NULL, NULL, NULL },
};
/* clang-format on */
