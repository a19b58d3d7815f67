/*
 * The attachment list and the link list of a message, shown over the
 * pager's text. Parts are decoded through GMime (mime/render.h) from the
 * message file, never from the rendered text. Nothing from the mail
 * reaches a shell: viewers get a file name we made (mailcap.c), a link
 * goes to the browser as one argument without a shell, and a saved
 * file's default name is the part's name made safe.
 */
#include <config.h>

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mime/charset.h"
#include "mime/render.h"
#include "ui/attach.h"
#include "ui/draw.h"
#include "ui/mailcap.h"
#include "ui/pager.h"
#include "ui/prompt.h"
#include "ui/theme.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/text.h"
#include "util/xalloc.h"

#define ATTACH_MAX_FILE ((size_t)256 << 20) /* as the thread reads */
#define ATTACH_NAME_MAX 200		    /* bytes of a default file name */
#define ATTACH_TYPE_COLS 32
#define ATTACH_SIZE_COLS 8

struct attach {
	int urls;    /* a link list, else an attachment list */
	char *title; /* for the status bar */
	char *path;  /* the message file (attachments) */
	struct render_part *parts;
	char **links;
	size_t n; /* entries */
	size_t cursor, top;
};

/* The list the keys act on: the one over the thread (never NULL). */
static struct attach *
attach_of(struct ui *ui)
{
	return pager_list(ui->pager);
}

static struct attach *
attach_new(int urls, char *title)
{
	struct attach *a = xcalloc(1, sizeof *a);

	a->urls = urls;
	a->title = title;
	return a;
}

struct attach *
attach_new_parts(struct pager *p, size_t msg, struct err *err)
{
	struct buf data = BUF_INIT;
	struct attach *a;

	if (file_read(pager_message_path(p, msg), &data, ATTACH_MAX_FILE, err) <
	    0)
		return NULL;
	a = attach_new(0,
	    xasprintf(_("attachments of message %zu of %zu"), msg + 1,
		pager_messages(p)));
	a->path = xstrdup(pager_message_path(p, msg));
	render_parts(data.data, data.len, &a->parts, &a->n);
	buf_release(&data);
	if (a->n == 0) {
		attach_free(&a);
		err_set(err, ERR_FINAL, "%s",
		    _("the message at the top has no MIME parts"));
	}
	return a;
}

void
attach_free(struct attach **list)
{
	struct attach *a = *list;
	size_t i;

	if (a == NULL)
		return;
	render_parts_free(&a->parts, a->urls ? 0 : a->n);
	for (i = 0; a->urls && i < a->n; i++)
		free(a->links[i]);
	free(a->links);
	free(a->title);
	free(a->path);
	free(a);
	*list = NULL;
}

const char *
attach_title(const struct attach *a)
{
	return a->title;
}

const struct keys_entry *
attach_table(const struct attach *a)
{
	return a->urls ? attach_url_keys : attach_keys;
}

void
attach_position(const struct attach *a, char *buf, size_t size)
{
	snprintf(buf, size, "%zu/%zu", a->n > 0 ? a->cursor + 1 : 0, a->n);
}

/* One attachment: number, type (indented by nesting), size, name. */
static void
attach_draw_part(const struct attach *a, size_t i, int y, int attr)
{
	const struct render_part *part = &a->parts[i];
	unsigned depth = part->depth, min = part->depth;
	char no[16], size[32];
	size_t k;
	int x;

	for (k = 0; k < a->n; k++)
		if (a->parts[k].depth < min)
			min = a->parts[k].depth;
	snprintf(no, sizeof no, "%4u  ", part->no);
	x = draw_str(y, 0, COLS, no, attr);
	x += 2 * (int)(depth - min > 4 ? 4 : depth - min);
	draw_str(y, x, ATTACH_TYPE_COLS - 1, part->type, attr);
	x += ATTACH_TYPE_COLS;
	render_size(part->size, size, sizeof size);
	draw_str(y, x + ATTACH_SIZE_COLS - (int)strlen(size), (int)strlen(size),
	    size, attr);
	x += ATTACH_SIZE_COLS + 2;
	if (x < COLS)
		draw_str(y, x, COLS - x, part->name, attr);
}

static void
attach_draw_url(const struct attach *a, size_t i, int y, int attr)
{
	char no[32];
	int x;

	snprintf(no, sizeof no, "%4zu  ", i + 1);
	x = draw_str(y, 0, COLS, no, attr);
	draw_str(y, x, COLS - x, a->links[i], attr);
}

/* Keep the selected entry among the rows rows shown. */
static void
attach_clamp(struct attach *a, int rows)
{
	size_t r = rows > 0 ? (size_t)rows : 1;

	if (a->cursor < a->top)
		a->top = a->cursor;
	else if (a->cursor >= a->top + r)
		a->top = a->cursor - r + 1;
}

void
attach_draw(struct attach *a, int y, int rows)
{
	size_t i;
	int k, attr;

	attach_clamp(a, rows);
	for (k = 0; k < rows; k++) {
		i = a->top + (size_t)k;
		if (i >= a->n)
			break;
		attr = theme_attr(i == a->cursor ? THEME_CURSOR : THEME_NORMAL);
		if (i == a->cursor)
			draw_fill(y + k, 0, COLS, attr);
		if (a->urls)
			attach_draw_url(a, i, y + k, attr);
		else
			attach_draw_part(a, i, y + k, attr);
	}
}

/* Where a link that starts at s ends: white space, quotes, brackets. */
static size_t
attach_url_len(const char *s, const char *end)
{
	const char *p = s;
	size_t n, open = 0, close = 0;

	while (p < end && strchr(" \t\n<>\"'`{}|\\^", *p) == NULL)
		p++;
	n = (size_t)(p - s);
	for (p = s; p < s + n; p++) {
		open += *p == '(';
		close += *p == ')';
	}
	/* Punctuation after a link belongs to the sentence. */
	while (n > 0 &&
	    (strchr(".,;:!?]", s[n - 1]) != NULL ||
		(s[n - 1] == ')' && close > open))) {
		close -= s[n - 1] == ')';
		n--;
	}
	return n;
}

/* The length of a link's scheme at s ("https://" ...), or 0. */
static size_t
attach_scheme(const char *s, const char *end, const char *prev)
{
	static const char *const schemes[] = { "http://", "https://",
		"mailto:" };
	size_t i, n;

	if (prev != NULL &&
	    (strchr("+-.", *prev) != NULL ||
		((*prev | 0x20) >= 'a' && (*prev | 0x20) <= 'z')))
		return 0; /* inside a word: "xhttp://" is no link */
	for (i = 0; i < sizeof schemes / sizeof *schemes; i++) {
		n = strlen(schemes[i]);
		if ((size_t)(end - s) > n && strncasecmp(s, schemes[i], n) == 0)
			return n;
	}
	return 0;
}

static void
attach_add_link(struct attach *a, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strlen(a->links[i]) == n && memcmp(a->links[i], s, n) == 0)
			return;
	a->links = xreallocarray(a->links, a->n + 1, sizeof *a->links);
	a->links[a->n++] = xstrndup(s, n);
}

struct attach *
attach_new_urls(struct pager *p, size_t msg, struct err *err)
{
	const char *text, *s, *end;
	struct attach *a;
	size_t len, scheme, n;

	pager_message_text(p, msg, &text, &len);
	a = attach_new(1,
	    xasprintf(
		_("links of message %zu of %zu"), msg + 1, pager_messages(p)));
	for (s = text, end = text + len; s < end; s++) {
		scheme = attach_scheme(s, end, s > text ? s - 1 : NULL);
		if (scheme == 0)
			continue;
		n = attach_url_len(s, end);
		if (n > scheme)
			attach_add_link(a, s, n);
		s += n > 0 ? n - 1 : 0;
	}
	if (a->n == 0) {
		attach_free(&a);
		err_set(err, ERR_FINAL, "%s",
		    _("the message at the top has no links"));
	}
	return a;
}

/* Move the selection by delta entries, within the list. */
static void
attach_move(struct ui *ui, long delta)
{
	struct attach *a = attach_of(ui);
	long to = (long)a->cursor + delta;

	if (to >= (long)a->n)
		to = (long)a->n - 1;
	a->cursor = to < 0 ? 0 : (size_t)to;
}

static void
attach_cmd_next(struct ui *ui)
{
	attach_move(ui, 1);
}

static void
attach_cmd_previous(struct ui *ui)
{
	attach_move(ui, -1);
}

static void
attach_cmd_next_page(struct ui *ui)
{
	attach_move(ui, ui_rows() > 1 ? ui_rows() - 1 : 1);
}

static void
attach_cmd_previous_page(struct ui *ui)
{
	attach_move(ui, ui_rows() > 1 ? -(ui_rows() - 1) : -1);
}

static void
attach_cmd_first(struct ui *ui)
{
	attach_of(ui)->cursor = 0;
}

static void
attach_cmd_last(struct ui *ui)
{
	attach_move(ui, (long)attach_of(ui)->n);
}

static void
attach_cmd_close(struct ui *ui)
{
	pager_set_list(ui->pager, NULL);
}

/* Give the terminal to a program, and take it back after. */
static void
attach_leave_screen(void)
{
	def_prog_mode();
	endwin();
}

static void
attach_back_screen(void)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

/* Let the user read what a command wrote before the screen comes back. */
static void
attach_wait_enter(void)
{
	char c;
	ssize_t n;

	fputs(_("Press Enter to go back to tern."), stdout);
	fflush(stdout);
	do
		n = read(STDIN_FILENO, &c, 1);
	while ((n == 1 && c != '\n') || (n < 0 && errno == EINTR));
}

/* The selected attachment's content, decoded, in out; 0 or -1 with err. */
static int
attach_data(const struct attach *a, struct buf *out, struct err *err)
{
	struct buf msg = BUF_INIT;
	int r;

	r = file_read(a->path, &msg, ATTACH_MAX_FILE, err);
	if (r == 0)
		r = render_part_data(
		    msg.data, msg.len, a->parts[a->cursor].no, out, err);
	buf_release(&msg);
	return r;
}

/*
 * The selected attachment's content in a private temporary file named
 * for entry (NULL: by the part's extension); 0 with *path_r, or -1.
 */
static int
attach_temp(const struct attach *a, const struct mailcap_entry *entry,
    char **path_r, struct err *err)
{
	struct buf data = BUF_INIT;
	char *name = mailcap_file_name(entry, a->parts[a->cursor].name);
	int r = attach_data(a, &data, err);

	if (r == 0)
		r = mailcap_temp(name, data.data, data.len, path_r, err);
	free(name);
	buf_release(&data);
	return r;
}

/*
 * The part's name made safe as a file name in the current folder: no
 * slash, no control character, no leading dot or dash, at most
 * ATTACH_NAME_MAX bytes; "attachment-N" when nothing is left.
 */
static char *
attach_safe_name(const struct render_part *part)
{
	struct buf b = BUF_INIT;
	const char *s = part->name != NULL ? part->name : "";
	size_t i, start = 0, n, k;
	unsigned cp;

	text_sanitize(&b, s, strlen(s), 0);
	for (i = 0; i < b.len; i++)
		if (b.data[i] == '/' || b.data[i] == '\\')
			b.data[i] = '_';
	while (start < b.len && strchr(".- ", b.data[start]) != NULL)
		start++;
	for (n = i = start; i < b.len; i += k) { /* whole characters */
		k = text_utf8_len((unsigned char *)b.data + i, b.len - i, &cp);
		k = k > 0 ? k : 1;
		if (i + k - start > ATTACH_NAME_MAX)
			break;
		n = i + k;
	}
	while (n > start && b.data[n - 1] == ' ')
		n--;
	s = n > start ? xstrndup(b.data + start, n - start)
		      : xasprintf("attachment-%u", part->no);
	buf_release(&b);
	return (char *)s;
}

/*
 * Where to save: answer with a leading "~/" expanded, and name added
 * when it is a folder. A new string.
 */
static char *
attach_target(const char *answer, const char *name)
{
	struct stat st;
	char *path;

	if (strncmp(answer, "~/", 2) == 0)
		path = path_join(path_home(), answer + 2);
	else
		path = xstrdup(answer);
	if (path[strlen(path) - 1] == '/' ||
	    (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
		char *in = path_join(path, name);

		free(path);
		path = in;
	}
	return path;
}

/* Whether path may be written: its folder exists, and if it is there, the
 * user said so. Says why not. */
static int
attach_may_write(struct ui *ui, const char *path)
{
	char *dir = path_dirname(path), *q;
	struct stat st;
	int ok = 1;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		ui_error(
		    ui, _("not saved: the folder '%s' does not exist"), dir);
		ok = 0;
	} else if (lstat(path, &st) == 0) {
		q = xasprintf(_("'%s' exists; replace it?"), path);
		ok = ui_confirm(ui, q);
		free(q);
		if (!ok)
			ui_message(ui, "%s", _("not saved"));
	}
	free(dir);
	return ok;
}

/* s: save the selected attachment where the user says. */
static void
attach_cmd_save(struct ui *ui)
{
	struct attach *a = attach_of(ui);
	const struct render_part *part = &a->parts[a->cursor];
	char *name = attach_safe_name(part), *answer = NULL, *path = NULL;
	struct buf data = BUF_INIT;
	struct err err;

	if (prompt_read_complete(ui, _("Save to: "), name, prompt_complete_path,
		NULL, &answer) != 1 ||
	    *answer == '\0') {
		ui_message(ui, "%s", _("not saved"));
		goto out;
	}
	path = attach_target(answer, name);
	if (!attach_may_write(ui, path))
		goto out;
	if (attach_data(a, &data, &err) < 0 ||
	    file_replace(path, data.data, data.len, 0600, &err) < 0)
		ui_error(ui, _("not saved: %s"), err.msg);
	else
		ui_message(ui, _("attachment #%u saved to '%s' (%zu bytes)"),
		    part->no, path, data.len);
out:
	buf_release(&data);
	free(path);
	free(answer);
	free(name);
}

/* A copiousoutput viewer: its output in a pager over the list. */
static void
attach_view_output(
    struct ui *ui, const struct attach *a, const char *cmd, const char *input)
{
	struct buf out = BUF_INIT, text = BUF_INIT;
	struct pager *o;
	struct err err;
	char *title;
	int r;

	r = mailcap_capture(
	    cmd, input, MAILCAP_MAX_OUTPUT, MAILCAP_TIMEOUT, &out, &err);
	if (r < 0 && out.len == 0) {
		ui_error(ui, "%s", err.msg);
		goto out;
	}
	charset_to_utf8(NULL, out.data, out.len, &text);
	title = xasprintf(
	    _("attachment #%u through '%s'"), a->parts[a->cursor].no, cmd);
	o = pager_new(title);
	free(title);
	pager_add(o, text.data, text.len, 0);
	pager_set_output(ui->pager, o);
	if (r < 0)
		ui_error(ui, "%s", err.msg);
out:
	buf_release(&out);
	buf_release(&text);
}

/* Say how a program that had the terminal ended. */
static void
attach_report(struct ui *ui, int r, const char *what, const struct err *err)
{
	if (r < 0)
		ui_error(ui, "%s", err->msg);
	else if (r > 0)
		ui_error(ui, _("'%s' exited with status %d"), what, r);
}

/* Run the viewer of entry on the selected attachment. */
static void
attach_view(
    struct ui *ui, const struct attach *a, const struct mailcap_entry *e)
{
	const char *type = a->parts[a->cursor].type;
	char *path = NULL, *cmd = NULL;
	const char *input;
	struct err err;
	int r;

	if (attach_temp(a, e, &path, &err) < 0 ||
	    (cmd = mailcap_expand(e->command, type, path, &err)) == NULL) {
		ui_error(ui, "%s", err.msg);
		goto out;
	}
	input = mailcap_uses_file(e->command) ? NULL : path;
	if (e->copiousoutput) {
		attach_view_output(ui, a, cmd, input);
		goto out;
	}
	attach_leave_screen();
	r = mailcap_run_shell(cmd, input, &err);
	attach_back_screen();
	attach_report(ui, r, cmd, &err);
out:
	mailcap_temp_remove(&path);
	free(cmd);
}

/* Enter or o: open the selected attachment with its mailcap viewer. */
static void
attach_cmd_open(struct ui *ui)
{
	struct attach *a = attach_of(ui);
	const struct render_part *part = &a->parts[a->cursor];
	struct mailcap_entry *e = NULL;
	char *q, *cmd;
	struct err err;

	if (!mailcap_find(part->type, 0, &e, &err)) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	cmd = mailcap_expand(e->command, part->type, "FILE", &err);
	if (cmd == NULL) {
		ui_error(ui, "%s (%s)", err.msg, e->where);
		mailcap_entry_free(&e);
		return;
	}
	free(cmd);
	q = xasprintf(_("Open attachment #%u (%s) with '%s'?"), part->no,
	    part->type, e->command);
	if (ui_confirm(ui, q))
		attach_view(ui, a, e);
	else
		ui_message(ui, "%s", _("not opened"));
	free(q);
	mailcap_entry_free(&e);
}

/* |: pipe the selected attachment to a shell command the user gives. */
static void
attach_cmd_pipe(struct ui *ui)
{
	struct attach *a = attach_of(ui);
	char *label, *cmd = NULL, *path = NULL;
	struct err err;
	int r;

	label =
	    xasprintf(_("Pipe attachment #%u to: "), a->parts[a->cursor].no);
	if (prompt_read(ui, label, &cmd) != 1 || *cmd == '\0') {
		ui_message(ui, "%s", _("not piped"));
		goto out;
	}
	if (attach_temp(a, NULL, &path, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		goto out;
	}
	attach_leave_screen();
	r = mailcap_run_shell(cmd, path, &err);
	attach_wait_enter();
	attach_back_screen();
	attach_report(ui, r, cmd, &err);
	if (r == 0)
		ui_message(ui, _("attachment #%u piped to '%s'"),
		    a->parts[a->cursor].no, cmd);
out:
	mailcap_temp_remove(&path);
	free(label);
	free(cmd);
}

/* Enter: open the selected link in $BROWSER (else xdg-open), asked first. */
static void
attach_cmd_open_url(struct ui *ui)
{
	struct attach *a = attach_of(ui);
	const char *browser = getenv("BROWSER");
	char *url = a->links[a->cursor], *q, *argv[3];
	struct err err;
	int r;

	if (browser == NULL || *browser == '\0')
		browser = "xdg-open";
	q = xasprintf(_("Open %s with %s?"), url, browser);
	r = ui_confirm(ui, q);
	free(q);
	if (!r) {
		ui_message(ui, "%s", _("not opened"));
		return;
	}
	argv[0] = (char *)browser;
	argv[1] = url;
	argv[2] = NULL;
	attach_leave_screen();
	r = mailcap_run(argv, NULL, &err);
	attach_back_screen();
	attach_report(ui, r, browser, &err);
	if (r == 0)
		ui_message(ui, _("opened %s"), url);
}

/* clang-format off */
const struct keys_entry attach_keys[] = {
	{ 'j', attach_cmd_next, N_("next attachment"), "next" },
	{ KEYS_FN(KEY_DOWN), attach_cmd_next, NULL, NULL },
	{ 'k', attach_cmd_previous, N_("previous attachment"), "previous" },
	{ KEYS_FN(KEY_UP), attach_cmd_previous, NULL, NULL },
	{ ' ', attach_cmd_next_page, N_("next page"), "next-page" },
	{ KEYS_FN(KEY_NPAGE), attach_cmd_next_page, NULL, NULL },
	{ '-', attach_cmd_previous_page, N_("previous page"),
	    "previous-page" },
	{ KEYS_FN(KEY_PPAGE), attach_cmd_previous_page, NULL, NULL },
	{ 'g', attach_cmd_first, N_("first attachment"), "first" },
	{ KEYS_FN(KEY_HOME), attach_cmd_first, NULL, NULL },
	{ 'G', attach_cmd_last, N_("last attachment"), "last" },
	{ KEYS_FN(KEY_END), attach_cmd_last, NULL, NULL },
	{ 's', attach_cmd_save, N_("save it to a file (Tab completes the "
		"name)"), "save" },
	{ 'o', attach_cmd_open, N_("open it with its mailcap viewer, "
		"asked first"), "open" },
	{ '\n', attach_cmd_open, NULL, NULL },
	{ '\r', attach_cmd_open, NULL, NULL },
	{ KEYS_FN(KEY_ENTER), attach_cmd_open, NULL, NULL },
	{ '|', attach_cmd_pipe, N_("pipe it to a shell command"), "pipe" },
	{ 'q', attach_cmd_close, N_("back to the message"), "close" },
	{ '?', ui_cmd_help, N_("show these keys (again: close them)"),
	    "help" },
	{ KEYS_CTRL('L'), ui_cmd_redraw, N_("redraw the screen"), "redraw" },
	{ 0, NULL, NULL, NULL },
};

const struct keys_entry attach_url_keys[] = {
	{ 'j', attach_cmd_next, N_("next link"), "next" },
	{ KEYS_FN(KEY_DOWN), attach_cmd_next, NULL, NULL },
	{ 'k', attach_cmd_previous, N_("previous link"), "previous" },
	{ KEYS_FN(KEY_UP), attach_cmd_previous, NULL, NULL },
	{ ' ', attach_cmd_next_page, N_("next page"), "next-page" },
	{ KEYS_FN(KEY_NPAGE), attach_cmd_next_page, NULL, NULL },
	{ '-', attach_cmd_previous_page, N_("previous page"),
	    "previous-page" },
	{ KEYS_FN(KEY_PPAGE), attach_cmd_previous_page, NULL, NULL },
	{ 'g', attach_cmd_first, N_("first link"), "first" },
	{ KEYS_FN(KEY_HOME), attach_cmd_first, NULL, NULL },
	{ 'G', attach_cmd_last, N_("last link"), "last" },
	{ KEYS_FN(KEY_END), attach_cmd_last, NULL, NULL },
	{ '\n', attach_cmd_open_url, N_("open it in $BROWSER (else "
		"xdg-open), asked first"), "open" },
	{ '\r', attach_cmd_open_url, NULL, NULL },
	{ KEYS_FN(KEY_ENTER), attach_cmd_open_url, NULL, NULL },
	{ 'o', attach_cmd_open_url, NULL, NULL },
	{ 'q', attach_cmd_close, N_("back to the message"), "close" },
	{ '?', ui_cmd_help, N_("show these keys (again: close them)"),
	    "help" },
	{ KEYS_CTRL('L'), ui_cmd_redraw, N_("redraw the screen"), "redraw" },
	{ 0, NULL, NULL, NULL },
};
/* clang-format on */
