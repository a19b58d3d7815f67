#include <config.h>

#include <curses.h>
#include <stdlib.h>

#include "ui/theme.h"

#define THEME_GREY256 244 /* mid grey: reads on black and on white */

/* How each element looks: with colour, and on a terminal without. */
struct theme_spec {
	short fg; /* -1: the terminal's own colour */
	int attr; /* added to the colour */
	int mono; /* used instead when there is no colour */
};

/* clang-format off */
static const struct theme_spec theme_specs[THEME_COUNT_] = {
	[THEME_NORMAL]  = { -1, A_NORMAL, A_NORMAL },
	[THEME_TITLE]   = { COLOR_CYAN, A_NORMAL, A_BOLD },
	[THEME_STATUS]  = { -1, A_REVERSE, A_REVERSE },
	[THEME_CURSOR]  = { -1, A_REVERSE, A_REVERSE },
	[THEME_UNREAD]  = { -1, A_BOLD, A_BOLD },
	[THEME_FLAGGED] = { COLOR_RED, A_NORMAL, A_UNDERLINE },
	[THEME_TAGS]    = { COLOR_CYAN, A_NORMAL, A_DIM },
	[THEME_HEADER]  = { COLOR_GREEN, A_BOLD, A_BOLD },
	[THEME_QUOTE1]  = { COLOR_CYAN, A_NORMAL, A_DIM },
	[THEME_QUOTE2]  = { COLOR_GREEN, A_NORMAL, A_DIM },
	[THEME_QUOTE3]  = { COLOR_MAGENTA, A_NORMAL, A_DIM },
	[THEME_NOTE]    = { COLOR_MAGENTA, A_BOLD, A_BOLD },
	[THEME_ERROR]   = { COLOR_RED, A_BOLD, A_BOLD },
	[THEME_KEY]     = { -1, A_BOLD, A_BOLD },
	[THEME_SIGNATURE] = { -1, A_DIM, A_DIM },
	[THEME_MARKED]  = { COLOR_YELLOW, A_BOLD, A_BOLD | A_UNDERLINE },
	[THEME_SIDEBAR] = { -1, A_NORMAL, A_NORMAL },
	[THEME_SIDEBAR_NEW] = { -1, A_BOLD, A_BOLD },
};
/* clang-format on */

static int theme_colour; /* colour pairs are set up */

/* NO_COLOR (no-color.org): present and not empty means no colour. */
static int
theme_no_color(void)
{
	const char *v = getenv("NO_COLOR");

	return v != NULL && *v != '\0';
}

static short
theme_fg(enum theme_elem elem)
{
	if (elem == THEME_TAGS && COLORS >= 256)
		return THEME_GREY256;
	return theme_specs[elem].fg;
}

int
theme_configure(const struct config *cfg, struct err *err)
{
	(void)cfg;
	(void)err;
	return 0;
}

void
theme_init(void)
{
	int i;

	if (theme_no_color() || !has_colors() || start_color() == ERR)
		return;
	if (use_default_colors() == ERR)
		return; /* a forced background would not suit every terminal */
	for (i = 1; i < THEME_COUNT_; i++)
		init_pair((short)i, theme_fg(i), -1);
	theme_colour = 1;
}

int
theme_attr(enum theme_elem elem)
{
	if (!theme_colour)
		return theme_specs[elem].mono;
	if (theme_specs[elem].fg < 0)
		return theme_specs[elem].attr;
	return theme_specs[elem].attr | (int)COLOR_PAIR(elem);
}
