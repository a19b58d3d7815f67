#include <config.h>

#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include "ui/draw.h"
#include "ui/prompt.h"
#include "ui/theme.h"
#include "ui/width.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define PROMPT_MAX 4096 /* bytes of input */

/* Draw label and the end of the input that fits; cursor after it. */
static void
prompt_draw(const char *label, const struct buf *in)
{
	int y = LINES - 1, x, room, w;
	size_t skip = 0, n;
	unsigned cp;

	move(y, 0);
	clrtoeol();
	x = draw_str(y, 0, COLS - 1, label, theme_attr(THEME_NORMAL));
	room = COLS - 1 - x;
	w = width_of(in->data, in->len);
	while (w > room && skip < in->len) {
		int c;

		n = width_next(in->data + skip, in->len - skip, &cp, &c);
		skip += n;
		w -= c;
	}
	x += draw_text(y, x, room, in->data + skip, in->len - skip,
	    theme_attr(THEME_NORMAL));
	move(y, x < COLS ? x : COLS - 1);
}

/* Remove the last character of in. */
static void
prompt_backspace(struct buf *in)
{
	size_t n = in->len;

	while (n > 0 && ((unsigned char)in->data[n - 1] & 0xc0) == 0x80)
		n--;
	buf_truncate(in, n > 0 ? n - 1 : 0);
}

static void
prompt_insert(struct buf *in, wint_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t ms = { 0 };
	size_t n;

	if (wc < 0x20 || wc == 0x7f || (wc >= 0x80 && wc < 0xa0))
		return;
	n = wcrtomb(mb, (wchar_t)wc, &ms);
	if (n != (size_t)-1 && in->len + n <= PROMPT_MAX)
		buf_add(in, mb, n);
}

/* The input and, while Tab cycles, the candidates it goes through. */
struct prompt_state {
	struct buf in;
	prompt_complete_fn complete;
	void *arg;
	struct buf cands; /* NUL-terminated candidates */
	size_t ncands, next;
	int cycling;
};

/* The n-th candidate (n < ncands). */
static const char *
prompt_cand(const struct prompt_state *ps, size_t n)
{
	const char *c = ps->cands.data;

	while (n-- > 0)
		c += strlen(c) + 1;
	return c;
}

/* How many bytes every candidate shares with the first, whole chars. */
static size_t
prompt_common(const struct prompt_state *ps)
{
	const char *first = prompt_cand(ps, 0), *c;
	size_t len = strlen(first), i, j;

	for (i = 1; i < ps->ncands; i++) {
		c = prompt_cand(ps, i);
		for (j = 0; j < len && c[j] == first[j]; j++)
			;
		len = j;
	}
	while (len > 0 && ((unsigned char)first[len] & 0xc0) == 0x80)
		len--;
	return len;
}

static void
prompt_set(struct buf *in, const char *s, size_t len)
{
	buf_reset(in);
	buf_add(in, s, len);
}

/* Tab: grow the input to what the candidates share, or cycle them. */
static void
prompt_tab(struct prompt_state *ps)
{
	const char *p, *end;
	size_t common;

	if (ps->complete == NULL)
		return;
	if (ps->cycling) {
		p = prompt_cand(ps, ps->next++ % ps->ncands);
		prompt_set(&ps->in, p, strlen(p));
		return;
	}
	buf_reset(&ps->cands);
	ps->complete(ps->arg, ps->in.data, &ps->cands);
	ps->ncands = 0;
	for (p = ps->cands.data, end = p + ps->cands.len; p < end;
	     p += strlen(p) + 1)
		ps->ncands++;
	if (ps->ncands == 0) {
		beep();
		return;
	}
	common = prompt_common(ps);
	if (ps->ncands == 1 || common > ps->in.len) {
		prompt_set(&ps->in, prompt_cand(ps, 0), common);
		return;
	}
	ps->cycling = 1;
	ps->next = 1;
	p = prompt_cand(ps, 0);
	prompt_set(&ps->in, p, strlen(p));
}

/* One key: 1 accepted, 0 cancelled, -1 go on. */
static int
prompt_key(struct ui *ui, struct prompt_state *ps, int k, wint_t wc)
{
	struct buf *in = &ps->in;

	if (k != KEY_CODE_YES && wc == '\t') {
		prompt_tab(ps);
		return -1;
	}
	if (!(k == KEY_CODE_YES && wc == KEY_RESIZE))
		ps->cycling = 0;
	if (k == KEY_CODE_YES) {
		if (wc == KEY_RESIZE)
			ui_draw(ui);
		else if (wc == KEY_BACKSPACE)
			prompt_backspace(in);
		else if (wc == KEY_ENTER)
			return 1;
		return -1;
	}
	if (wc == '\n' || wc == '\r')
		return 1;
	if (wc == 0x1b || wc == KEYS_CTRL('G'))
		return 0;
	if (wc == 0x7f || wc == KEYS_CTRL('H'))
		prompt_backspace(in);
	else if (wc == KEYS_CTRL('U'))
		buf_reset(in);
	else
		prompt_insert(in, wc);
	return -1;
}

int
prompt_read_complete(struct ui *ui, const char *label, const char *initial,
    prompt_complete_fn complete, void *arg, char **answer_r)
{
	struct prompt_state ps = { .in = BUF_INIT,
		.complete = complete,
		.arg = arg,
		.cands = BUF_INIT };
	wint_t wc;
	int k, r = -1;

	if (initial != NULL)
		buf_adds(&ps.in, initial);
	nodelay(stdscr, FALSE);
	curs_set(1);
	while (r < 0) {
		prompt_draw(label, &ps.in);
		refresh();
		k = get_wch(&wc);
		if (k != ERR)
			r = prompt_key(ui, &ps, k, wc);
		else if (errno != EINTR)
			r = 0; /* the terminal is gone */
	}
	curs_set(0);
	nodelay(stdscr, TRUE);
	if (r == 1)
		*answer_r = buf_detach(&ps.in, NULL);
	buf_release(&ps.in);
	buf_release(&ps.cands);
	return r;
}

int
prompt_read(struct ui *ui, const char *label, char **answer_r)
{
	return prompt_read_complete(ui, label, NULL, NULL, NULL, answer_r);
}

static int
prompt_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
prompt_complete_path(void *arg, const char *input, struct buf *out)
{
	const char *slash = strrchr(input, '/'), *base, *home;
	char *dir, **names = NULL, *full;
	size_t typed, n = 0, i, blen;
	struct dirent *de;
	struct stat st;
	DIR *d;

	(void)arg;
	typed = slash != NULL ? (size_t)(slash - input) + 1 : 0;
	base = input + typed;
	blen = strlen(base);
	home = getenv("HOME");
	if (strncmp(input, "~/", 2) == 0 && home != NULL)
		dir = xasprintf("%s/%.*s", home, (int)(typed - 2), input + 2);
	else if (typed > 0)
		dir = xstrndup(input, typed);
	else
		dir = xstrdup(".");
	d = opendir(dir);
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strncmp(de->d_name, base, blen) != 0 ||
		    (de->d_name[0] == '.' && base[0] != '.'))
			continue;
		full = xasprintf("%s/%s", dir, de->d_name);
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] =
		    xasprintf("%.*s%s%s", (int)typed, input, de->d_name,
			stat(full, &st) == 0 && S_ISDIR(st.st_mode) ? "/" : "");
		free(full);
	}
	if (d != NULL)
		closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, prompt_cmp);
	for (i = 0; i < n; i++) {
		buf_add(out, names[i], strlen(names[i]) + 1);
		free(names[i]);
	}
	free(names);
	free(dir);
}

/*
 * Ask question on the bottom row (label as given) and wait for one key:
 * its character, or 0 for Escape, ^G, a function key or a lost terminal.
 */
static wint_t
prompt_one_key(struct ui *ui, const char *label)
{
	wint_t wc, r = WEOF;
	int k;

	nodelay(stdscr, FALSE);
	curs_set(1);
	while (r == WEOF) {
		prompt_draw(label, &(struct buf)BUF_INIT);
		refresh();
		k = get_wch(&wc);
		if (k == ERR && errno != EINTR)
			r = 0; /* the terminal is gone */
		else if (k == KEY_CODE_YES && wc == KEY_RESIZE)
			ui_draw(ui);
		else if (k == OK)
			r = wc == 27 || wc == 7 ? 0 : wc;
		else if (k != ERR)
			r = 0;
	}
	curs_set(0);
	nodelay(stdscr, TRUE);
	return r;
}

int
ui_confirm(struct ui *ui, const char *question)
{
	struct buf label = BUF_INIT;
	wint_t wc;

	buf_addf(&label, "%s %s ", question, _("(y/n)"));
	wc = prompt_one_key(ui, label.data);
	buf_release(&label);
	return wc == 'y' || wc == 'Y'; /* anything but y: no */
}

int
ui_choose(struct ui *ui, const char *question, const char *keys)
{
	wint_t wc = prompt_one_key(ui, question);

	return wc > 0 && wc < 128 && strchr(keys, (int)wc) != NULL ? (int)wc
								   : 0;
}
