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
#include <unistd.h>

#include "store/store.h"
#include "ui/action.h"
#include "ui/draw.h"
#include "ui/index.h"
#include "ui/keys.h"
#include "ui/pager.h"
#include "ui/theme.h"
#include "ui/ui-int.h"
#include "ui/ui.h"
#include "ui/width.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define UI_REFRESH_MS 2000 /* how often to look for changes in the store */
#define UI_ESCDELAY 25

static volatile sig_atomic_t ui_signalled; /* SIGINT, SIGTERM, SIGHUP */

int
ui_can_start(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

int
ui_rows(void)
{
	return LINES > 3 ? LINES - 3 : 0;
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

/* The key table of the view on top. */
static const struct keys_entry *
ui_keys(const struct ui *ui)
{
	return ui->help != NULL || ui->pager != NULL ? pager_keys : index_keys;
}

void
ui_cmd_help(struct ui *ui)
{
	struct buf text = BUF_INIT;

	if (ui->help != NULL) {
		pager_free(&ui->help);
		return;
	}
	keys_help(ui_keys(ui), &text); /* the keys of the view below */
	ui->help = pager_new(ui->pager != NULL ? _("keys of the pager")
					       : _("keys of the index"));
	pager_add(ui->help, text.data, text.len, 0);
	buf_release(&text);
}

void
ui_worker_wake(struct ui *ui, const char *account)
{
	(void)ui;
	(void)account;
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
	const char *hints = ui->help != NULL || ui->pager != NULL
	    ? _("q:Back  Space:Next page  -:Previous page  ?:Help")
	    : _("q:Quit  Enter:Read  /:Search  ?:Help");

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
	else if (ui->pager != NULL)
		pager_draw(ui->pager, 1, rows);
	else
		index_draw(ui->index, 1, rows);
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
}

static void
ui_key(struct ui *ui, int key)
{
	const struct keys_entry *e = keys_find(ui_keys(ui), key);
	char name[32];

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

/* What the loop waits on besides the keyboard (pfd[0]). */
enum { UI_FD_KEYS, UI_FD_ACTIONS, UI_FD_COUNT_ };

static void
ui_loop(struct ui *ui)
{
	struct pollfd pfd[UI_FD_COUNT_];
	int r;

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
		r = poll(pfd, UI_FD_COUNT_, UI_REFRESH_MS);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0) {
			if (r == 0)
				ui_refresh(ui);
			continue;
		}
		if (pfd[UI_FD_ACTIONS].revents != 0 && actions_collect(ui))
			ui_refresh(ui);
		if ((pfd[UI_FD_KEYS].revents & (POLLHUP | POLLERR)) != 0)
			ui->quit = 1;
		else if (pfd[UI_FD_KEYS].revents != 0)
			ui_read_keys(ui);
	}
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

	if (cfg->naccounts == 0)
		return xstrdup("*");
	name = cfg->accounts[0].name;
	if (strpbrk(name, " \"()") != NULL)
		return xasprintf("folder:\"%s/INBOX\"", name);
	return xasprintf("folder:%s/INBOX", name);
}

int
ui_run(const struct config *cfg, struct err *err)
{
	struct ui ui = { .cfg = cfg, .msg = BUF_INIT };
	char *query = ui_default_query(cfg);
	SCREEN *scr = NULL;
	int r;

	keys_view("index", index_keys);
	keys_view("pager", pager_keys);
	r = keys_load(cfg, err);
	if (r >= 0)
		r = theme_configure(cfg, err);
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
		ui_loop(&ui);
		ui_screen_stop(scr);
		r = 0;
	}
	actions_free(&ui.actions); /* waits for the changes to be written */
	pager_free(&ui.help);
	pager_free(&ui.pager);
	index_free(&ui.index);
	store_close(&ui.store);
	buf_release(&ui.msg);
	free(query);
	return r;
}
