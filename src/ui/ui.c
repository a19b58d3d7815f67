#include <config.h>

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/search.h"
#include "store/store.h"
#include "ui/action.h"
#include "ui/attach.h"
#include "ui/compose.h"
#include "ui/draw.h"
#include "ui/index.h"
#include "ui/keys.h"
#include "ui/lists.h"
#include "ui/pager.h"
#include "ui/sidebar.h"
#include "ui/theme.h"
#include "ui/ui-int.h"
#include "ui/ui.h"
#include "ui/width.h"
#include "ui/worker.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define UI_REFRESH_MS 2000 /* how often to look for changes in the store */
#define UI_ESCDELAY 25
#define UI_WORKER_STOP_MS 1000 /* a sync's time to end before SIGKILL */

static volatile sig_atomic_t ui_signalled; /* SIGINT, SIGTERM, SIGHUP */

int
ui_can_start(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

/* Rows of the accounts line: 1 when there are background syncs. */
static int ui_accounts_rows;

int
ui_rows(void)
{
	int fixed = 3 + ui_accounts_rows;

	return LINES > fixed ? LINES - fixed : 0;
}

static void
ui_vmessage(struct ui *ui, int error, const char *fmt, va_list ap)
{
	buf_reset(&ui->msg);
	buf_vaddf(&ui->msg, fmt, ap);
	ui->msg_error = error;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vmessage(ui, 0, fmt, ap);
	va_end(ap);
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vmessage(ui, 1, fmt, ap);
	va_end(ap);
}

/* The key table of the view on top (under the help: the help's). */
static const struct keys_entry *
ui_keys(const struct ui *ui)
{
	if (ui->help != NULL)
		return pager_keys;
	if (ui->compose != NULL)
		return compose_keys;
	if (ui->list != NULL)
		return lists_keys(ui->list);
	if (ui->pager != NULL)
		return pager_key_table(ui->pager);
	return index_keys;
}

/* Whether the view on top is the index or the pager (reading mail). */
static int
ui_reading(const struct ui *ui)
{
	return ui->help == NULL && ui->compose == NULL && ui->list == NULL;
}

/* The name of the view on top, for the help and the status bar. */
static const char *
ui_view_name(const struct ui *ui)
{
	if (ui->compose != NULL)
		return _("compose");
	if (ui->list != NULL)
		return lists_title(ui->list);
	if (ui->pager != NULL)
		return _("pager");
	return _("index");
}

void
ui_cmd_help(struct ui *ui)
{
	struct buf text = BUF_INIT;
	char *title;

	if (ui->help != NULL) {
		pager_free(&ui->help);
		return;
	}
	keys_help(ui_keys(ui), &text); /* the keys of the view below */
	if (ui_reading(ui)) {
		buf_addf(&text, "\n%s\n", _("Writing:"));
		keys_help(write_keys, &text);
		buf_addf(&text, "\n%s\n", _("The sidebar:"));
		keys_help(sidebar_keys, &text);
	}
	title = xasprintf(_("keys of the %s"), ui_view_name(ui));
	ui->help = pager_new(title);
	free(title);
	pager_add(ui->help, text.data, text.len, 0);
	buf_release(&text);
}

void
ui_worker_wake(struct ui *ui, const char *account)
{
	workers_wake(ui->workers, account);
}

void
ui_cmd_redraw(struct ui *ui)
{
	(void)ui;
	clearok(curscr, TRUE);
}

static void
ui_draw_title(const struct ui *ui)
{
	const char *hints;

	if (ui->help != NULL || (ui->pager != NULL && ui_reading(ui)))
		hints = _("q:Back  Space:Next page  -:Previous page  ?:Help");
	else if (ui->compose != NULL)
		hints = _("y:Send  P:Postpone  e:Edit  a:Attach  t:To  "
			  "s:Subject  q:Cancel  ?:Help");
	else if (ui->list != NULL)
		hints = _("Enter:Open  d:Delete  q:Back  ?:Help");
	else
		hints = _("q:Quit  Enter:Read  /:Search  m:Mail  r:Reply  "
			  "?:Help");

	draw_fill(0, 0, COLS, theme_attr(THEME_TITLE));
	draw_str(0, 0, COLS, hints, theme_attr(THEME_TITLE));
}

/* The status bar: the view's name and subject, its position on the right. */
static void
ui_draw_status(const struct ui *ui, int y)
{
	const char *name, *what;
	char pos[64];
	int attr = theme_attr(THEME_STATUS), right, x;

	if (ui->help != NULL) {
		name = _("help");
		what = pager_title(ui->help);
		pager_position(ui->help, pos, sizeof pos);
	} else if (ui->compose != NULL) {
		name = _("compose");
		what = compose_title(ui->compose);
		pos[0] = '\0';
	} else if (ui->list != NULL) {
		name = lists_title(ui->list);
		what = "";
		pos[0] = '\0';
	} else if (ui->pager != NULL) {
		name = _("thread");
		what = pager_title(ui->pager);
		pager_position(ui->pager, pos, sizeof pos);
	} else {
		name = _("index");
		what = index_query(ui->index);
		index_position(ui->index, 1, pos, sizeof pos);
		if (width_of(pos, strlen(pos)) > COLS / 2) /* a narrow screen */
			index_position(ui->index, 0, pos, sizeof pos);
	}
	draw_fill(y, 0, COLS, attr);
	right = COLS - width_of(pos, strlen(pos)) - 1;
	if (right > 0)
		draw_str(y, right, COLS - right, pos, attr);
	x = 1 + draw_str(y, 1, right - 2, name, attr) + 2;
	draw_str(y, x, right - x - 2, what, attr);
}

/* One account's part of the accounts line, in out. */
static void
ui_account_state(const struct ui *ui, size_t i, struct buf *out)
{
	struct worker_status st;
	long left;

	workers_status(ui->workers, i, &st);
	buf_addf(out, "%s: ", st.account);
	switch (st.state) {
	case WORKER_STARTING:
		buf_adds(out, _("starting"));
		break;
	case WORKER_SYNCING:
		if (st.folder != NULL && st.total > 0)
			buf_addf(out, _("syncing %s %zu/%zu"), st.folder,
			    st.done, st.total);
		else
			buf_adds(out, _("syncing"));
		break;
	case WORKER_IDLE:
		buf_adds(out, _("idle"));
		break;
	case WORKER_OFFLINE:
	case WORKER_ERROR:
	case WORKER_STOPPED:
		buf_adds(out,
		    st.state == WORKER_OFFLINE ? _("offline") : _("error"));
		left = st.retry_at > 0 ? (long)(st.retry_at - time(NULL)) : -1;
		if (left >= 0)
			buf_addf(out, _(", retrying in %ld s"), left);
		if (st.reason != NULL)
			buf_addf(out, " (%s)", st.reason);
		break;
	}
	if (ui->unread != NULL && ui->unread[i] > 0)
		buf_addf(out, _(", %u new"), ui->unread[i]);
}

/* The accounts line: each background sync's state, and new mail. */
static void
ui_draw_accounts(const struct ui *ui, int y)
{
	struct buf line = BUF_INIT;
	size_t i, n = workers_count(ui->workers);
	int attr = theme_attr(THEME_NORMAL), err = 0;
	struct worker_status st;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&line, " | ");
		ui_account_state(ui, i, &line);
		workers_status(ui->workers, i, &st);
		if (st.state == WORKER_ERROR || st.state == WORKER_STOPPED)
			err = 1;
	}
	if (err)
		attr = theme_attr(THEME_ERROR);
	draw_fill(y, 0, COLS, attr);
	draw_str(y, 1, COLS - 2, line.data, attr);
	buf_release(&line);
}

static void
ui_draw_message(const struct ui *ui, int y)
{
	const char *err = index_error(ui->index);

	if (ui->msg.len > 0)
		draw_str(y, 0, COLS - 1, ui->msg.data,
		    theme_attr(ui->msg_error ? THEME_ERROR : THEME_NORMAL));
	else if (err != NULL)
		draw_str(y, 0, COLS - 1, err, theme_attr(THEME_ERROR));
}

void
ui_draw(struct ui *ui)
{
	int rows = ui_rows();

	erase();
	ui_draw_title(ui);
	if (ui->help != NULL)
		pager_draw(ui->help, 1, rows);
	else if (ui->compose != NULL)
		compose_draw(ui->compose, 1, rows);
	else if (ui->list != NULL)
		lists_draw(ui->list, 1, rows);
	else if (ui->pager != NULL)
		pager_draw(ui->pager, 1, rows);
	else {
		int side = sidebar_cols(ui->sidebar);

		sidebar_draw(ui->sidebar, 1, rows, index_query(ui->index));
		draw_view(side, COLS - side);
		index_draw(ui->index, 1, rows);
		draw_view(0, -1);
	}
	if (ui_accounts_rows > 0)
		ui_draw_accounts(ui, LINES - 3);
	ui_draw_status(ui, LINES - 2);
	ui_draw_message(ui, LINES - 1);
	refresh();
}

/* Open the store when it has a database: 1 opened, 0 none yet, -1 error. */
static int
ui_open_store(struct ui *ui, struct err *err)
{
	int r = store_exists(ui->cfg->mail_root, err);

	if (r <= 0)
		return r;
	if (store_open(ui->cfg->mail_root, STORE_READ, &ui->store, err) < 0)
		return -1;
	return 1;
}

/* The query for account's INBOX, new string. */
static char *
ui_inbox_query(const char *account)
{
	struct buf q = BUF_INIT;
	const char *p;

	/* A phrase, quotes doubled: as the sidebar writes it. */
	buf_adds(&q, "folder:\"");
	for (p = account; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(&q, '"');
		buf_addc(&q, *p);
	}
	buf_adds(&q, "/INBOX\"");
	return buf_detach(&q, NULL);
}

/* Count each account's unread mail in its INBOX, for the accounts line. */
static void
ui_count_unread(struct ui *ui)
{
	size_t i, n = workers_count(ui->workers);
	struct err err;
	char *q, *inbox;

	if (n == 0 || ui->store == NULL)
		return;
	if (ui->unread == NULL)
		ui->unread = xcalloc(n, sizeof *ui->unread);
	for (i = 0; i < n; i++) {
		inbox = ui_inbox_query(ui->cfg->accounts[i].name);
		q = xasprintf("tag:unread and (%s)", inbox);
		free(inbox);
		if (search_count(ui->store, q, SEARCH_MESSAGES, &ui->unread[i],
			&err) < 0)
			ui->unread[i] = 0;
		free(q);
	}
}

/* Look at the store again; run the query again when it changed. */
static void
ui_refresh(struct ui *ui)
{
	struct err err;
	int r;

	if (ui->store == NULL)
		r = ui_open_store(ui, &err);
	else
		r = store_refresh(ui->store, &err);
	if (r == 1 && index_reload(ui->index, ui->store, &err) < 0)
		r = -1;
	if (r < 0)
		ui_error(ui, "%s", err.msg);
	if (r == 1 || ui->unread == NULL)
		ui_count_unread(ui);
	if (r == 1 && sidebar_cols(ui->sidebar) > 0)
		sidebar_reload(ui->sidebar, ui->store);
	if (r == 1)
		lists_reload(ui); /* the drafts list follows the store */
}

/*
 * The index's actions that the pager passes on, as mutt's pager does:
 * they change the thread (or message) shown, the index's current line.
 */
static const char *const ui_pager_actions[] = { "toggle-unread",
	"toggle-flagged", "tag", "delete", "archive", "move", "undo" };

/* The index action key runs when the pager is read, or NULL. */
static const struct keys_entry *
ui_pager_action(const struct ui *ui, int key)
{
	const struct keys_entry *e, *k;
	size_t i;

	if (ui->pager == NULL || !ui_reading(ui) ||
	    pager_list(ui->pager) != NULL ||
	    (e = keys_find(index_keys, key)) == NULL)
		return NULL;
	for (k = index_keys; k->run != NULL; k++) /* e may be an alias */
		for (i = 0; k->name != NULL && k->run == e->run &&
		     i < sizeof ui_pager_actions / sizeof *ui_pager_actions;
		     i++)
			if (strcmp(k->name, ui_pager_actions[i]) == 0)
				return e;
	return NULL;
}

/* Run the index's action e from the pager; close it if the mail left. */
static void
ui_pager_run(struct ui *ui, const struct keys_entry *e)
{
	const char *subject, *shown = index_thread(ui->index, &subject);
	char *before = shown != NULL ? xstrdup(shown) : NULL;

	e->run(ui);
	shown = index_thread(ui->index, &subject);
	if (before != NULL && (shown == NULL || strcmp(shown, before) != 0))
		pager_free(&ui->pager); /* moved away: back to the index */
	free(before);
}

static void
ui_key(struct ui *ui, int key)
{
	const struct keys_entry *e = keys_find(ui_keys(ui), key);
	char name[32];

	if (e == NULL && ui_reading(ui))
		e = keys_find(write_keys, key);
	if (e == NULL && (e = ui_pager_action(ui, key)) != NULL) {
		buf_reset(&ui->msg);
		ui_pager_run(ui, e);
		return;
	}
	if (e == NULL && ui_reading(ui))
		e = keys_find(sidebar_keys, key);
	buf_reset(&ui->msg);
	if (e == NULL) {
		ui_error(ui,
		    _("the key %s does nothing here; ? shows the keys"),
		    keys_name(key, name, sizeof name));
		return;
	}
	e->run(ui);
}

/* Answer every key waiting; resizes are redrawn at the loop's top. */
static void
ui_read_keys(struct ui *ui)
{
	wint_t wc;
	int k;

	while (!ui->quit && (k = get_wch(&wc)) != ERR) {
		if (k == KEY_CODE_YES && wc == KEY_RESIZE)
			continue;
		ui_key(ui, k == KEY_CODE_YES ? KEYS_FN((int)wc) : (int)wc);
	}
}

void
ui_sending(struct ui *ui, const char *id, const char *subject)
{
	ui->sending =
	    xreallocarray(ui->sending, ui->nsending + 1, sizeof *ui->sending);
	ui->sending[ui->nsending].id = xstrdup(id);
	ui->sending[ui->nsending++].subject =
	    xstrdup(subject != NULL ? subject : "");
	if (ui->workers == NULL)
		ui_message(ui,
		    _("queued: the message is in the outbox, to be sent by "
		      "the next sync ('tern sync')"));
	else
		ui_message(ui, "%s", _("sending..."));
}

static void
ui_sending_clear(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->nsending; i++) {
		free(ui->sending[i].id);
		free(ui->sending[i].subject);
	}
	xfree(&ui->sending);
	ui->nsending = 0;
}

/* Say what the syncs did with the messages sent from here. */
static void
ui_outbox_events(struct ui *ui)
{
	struct worker_event ev;
	size_t i;

	while (workers_event(ui->workers, &ev)) {
		for (i = 0; i < ui->nsending; i++)
			if (strcmp(ui->sending[i].id, ev.id) == 0)
				break;
		if (ev.kind == WORKER_EVENT_SENT)
			ui_message(ui, _("sent: %s"),
			    i < ui->nsending ? ui->sending[i].subject : ev.id);
		else if (ev.kind == WORKER_EVENT_FAILED)
			ui_error(ui,
			    _("not sent, the server refused it: %s (O: the "
			      "outbox, to fix it)"),
			    ev.reason);
		else
			ui_error(ui,
			    _("not sent yet: %s; it stays in the outbox and "
			      "is tried again"),
			    ev.reason);
		if (i < ui->nsending && ev.kind != WORKER_EVENT_DEFERRED) {
			free(ui->sending[i].id);
			free(ui->sending[i].subject);
			ui->sending[i] = ui->sending[--ui->nsending];
		}
		worker_event_release(&ev);
	}
	lists_reload(ui);
}

const char *
ui_account_hint(const struct ui *ui)
{
	const char *q = index_query(ui->index);
	size_t i, len;

	if (q == NULL)
		return NULL;
	if (strncmp(q, "folder:\"", 8) == 0)
		q += 8;
	else if (strncmp(q, "path:\"", 6) == 0)
		q += 6;
	else
		return NULL;
	for (i = 0; i < ui->cfg->naccounts; i++) {
		len = strlen(ui->cfg->accounts[i].name);
		if (strncmp(q, ui->cfg->accounts[i].name, len) == 0 &&
		    q[len] == '/')
			return ui->cfg->accounts[i].name;
	}
	return NULL;
}

/* What the loop waits on: the keyboard, the actions, then the workers. */
enum { UI_FD_KEYS, UI_FD_ACTIONS, UI_FD_WORKERS };

/* Read what the workers said: 1 when a sync ended (the store changed). */
static int
ui_read_workers(struct ui *ui, const struct pollfd *pfd, size_t n)
{
	int synced = 0, bits;
	size_t i;

	for (i = 0; i < n; i++) {
		if (pfd[i].fd < 0 || pfd[i].revents == 0)
			continue;
		bits = workers_read(ui->workers, i);
		if ((bits & WORKER_SYNCED) != 0)
			synced = 1;
		if ((bits & WORKER_OUTBOX) != 0)
			ui_outbox_events(ui);
	}
	return synced;
}

static void
ui_loop(struct ui *ui)
{
	size_t nw = workers_count(ui->workers), i;
	struct pollfd *pfd = xcalloc(UI_FD_WORKERS + nw, sizeof *pfd);
	time_t last_refresh = time(NULL);
	int r, refresh;

	while (!ui->quit && !ui_signalled) {
		ui_draw(ui);
		if (index_needs_count(ui->index)) {
			index_count(ui->index); /* after the first screen */
			continue;
		}
		pfd[UI_FD_KEYS] =
		    (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		pfd[UI_FD_ACTIONS] =
		    (struct pollfd){ .fd = actions_fd(ui->actions),
			    .events = POLLIN };
		for (i = 0; i < nw; i++)
			pfd[UI_FD_WORKERS + i] =
			    (struct pollfd){ .fd = workers_fd(ui->workers, i),
				    .events = POLLIN };
		/* Each second while syncs run: their countdowns move. */
		r = poll(
		    pfd, UI_FD_WORKERS + nw, nw > 0 ? 1000 : UI_REFRESH_MS);
		if (r < 0 && errno != EINTR)
			break;
		refresh = time(NULL) - last_refresh >= UI_REFRESH_MS / 1000;
		workers_tick(ui->workers);
		if (r > 0) {
			if (ui_read_workers(ui, pfd + UI_FD_WORKERS, nw))
				refresh = 1;
			if (pfd[UI_FD_ACTIONS].revents != 0 &&
			    actions_collect(ui))
				refresh = 1;
			if ((pfd[UI_FD_KEYS].revents & (POLLHUP | POLLERR)) !=
			    0)
				ui->quit = 1;
			else if (pfd[UI_FD_KEYS].revents != 0)
				ui_read_keys(ui);
		}
		if (refresh) {
			ui_refresh(ui);
			last_refresh = time(NULL);
		}
	}
	free(pfd);
}

/*
 * Quitting: stop the syncs (so that the store's write lock is free),
 * then let the user's last changes be written, saying so.
 */
static void
ui_finish(struct ui *ui)
{
	size_t n = actions_pending(ui->actions);

	if (n > 0) {
		ui_message(ui,
		    ngettext(
			"saving %zu change...", "saving %zu changes...", n),
		    n);
		ui_draw(ui);
	}
	workers_stop(&ui->workers, UI_WORKER_STOP_MS);
	actions_free(&ui->actions);
}

static void
ui_on_signal(int sig)
{
	(void)sig;
	ui_signalled = 1;
}

/* Quit cleanly on ^C and friends: the terminal must be given back. */
static void
ui_catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = ui_on_signal };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaction(sigs[i], &sa, NULL);
}

static SCREEN *
ui_screen_start(struct err *err)
{
	SCREEN *scr;

	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		err_set(err, ERR_FINAL, _("cannot use the terminal '%s'"),
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		return NULL;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(UI_ESCDELAY);
	curs_set(0);
	theme_init();
	ui_catch_signals();
	return scr;
}

static void
ui_screen_stop(SCREEN *scr)
{
	endwin();
	delscreen(scr);
}

/* The first account's INBOX, or everything when there is no account. */
static char *
ui_default_query(const struct config *cfg)
{
	const char *name;

	if (cfg->ui_start != NULL)
		return xstrdup(cfg->ui_start);
	if (cfg->naccounts == 0)
		return xstrdup("*");
	name = cfg->accounts[0].name;
	return ui_inbox_query(name);
}

/* Start the background syncs: one per account, this same program. */
static void
ui_start_workers(struct ui *ui)
{
	char exe[4096];
	ssize_t n;

	if (ui->offline)
		return;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0) {
		ui_error(ui,
		    _("cannot find this program to start the syncs: %s"),
		    strerror(errno));
		return;
	}
	exe[n] = '\0';
	ui->workers = workers_start(ui->cfg, exe);
	ui_accounts_rows = ui->workers != NULL;
}

int
ui_check_config(const struct config *cfg, struct err *err)
{
	keys_view("index", index_keys);
	keys_view("pager", pager_keys);
	keys_view("sidebar", sidebar_keys);
	keys_view("attach", attach_keys);
	keys_view("urls", attach_url_keys);
	keys_view("compose", compose_keys);
	keys_view("write", write_keys);
	keys_view("outbox", outbox_keys);
	keys_view("drafts", drafts_keys);
	if (keys_load(cfg, err) < 0 || theme_configure(cfg, err) < 0)
		return -1;
	return 0;
}

int
ui_run(const struct config *cfg, const struct ui_opts *opts, struct err *err)
{
	struct ui ui = {
		.cfg = cfg, .msg = BUF_INIT, .offline = opts->offline
	};
	char *query = ui_default_query(cfg);
	SCREEN *scr = NULL;
	int r;

	r = ui_check_config(cfg, err);
	if (r >= 0)
		r = ui_open_store(&ui, err);
	if (r >= 0)
		r = index_new(ui.store, query, &ui.index, err);
	if (r >= 0 && (scr = ui_screen_start(err)) == NULL)
		r = -1;
	if (r >= 0) {
		if (ui.store == NULL)
			ui_message(&ui,
			    _("the mail store '%s' is empty; bring mail in "
			      "with 'tern import'"),
			    cfg->mail_root);
		ui.actions = actions_new(cfg);
		ui.sidebar = sidebar_new(cfg);
		if (cfg->ui_sidebar)
			sidebar_show(ui.sidebar, ui.store);
		compose_recover(&ui);
		ui_start_workers(&ui);
		ui_count_unread(&ui);
		ui_loop(&ui);
		ui_finish(&ui);
		ui_screen_stop(scr);
		r = 0;
	}
	actions_free(&ui.actions);
	sidebar_free(&ui.sidebar);
	compose_free(&ui.compose);
	lists_free(&ui.list);
	ui_sending_clear(&ui);
	free(ui.unread);
	pager_free(&ui.help);
	pager_free(&ui.pager);
	index_free(&ui.index);
	store_close(&ui.store);
	buf_release(&ui.msg);
	free(query);
	return r;
}
