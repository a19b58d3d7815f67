#include <config.h>

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <wchar.h>

#include "ui/draw.h"
#include "ui/prompt.h"
#include "ui/theme.h"
#include "ui/width.h"
#include "util/buf.h"

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

/* One key: 1 accepted, 0 cancelled, -1 go on. */
static int
prompt_key(struct ui *ui, struct buf *in, int k, wint_t wc)
{
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
prompt_read(struct ui *ui, const char *label, char **answer_r)
{
	struct buf in = BUF_INIT;
	wint_t wc;
	int k, r = -1;

	nodelay(stdscr, FALSE);
	curs_set(1);
	while (r < 0) {
		prompt_draw(label, &in);
		refresh();
		k = get_wch(&wc);
		if (k != ERR)
			r = prompt_key(ui, &in, k, wc);
		else if (errno != EINTR)
			r = 0; /* the terminal is gone */
	}
	curs_set(0);
	nodelay(stdscr, TRUE);
	if (r == 1)
		*answer_r = buf_detach(&in, NULL);
	buf_release(&in);
	return r;
}
