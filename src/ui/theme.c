/*
 * The colours and attributes of the elements on screen: the default
 * scheme, and the user's "color" lines from the [ui] section of the
 * config, read before the screen starts and applied once the terminal
 * tells how many colours it has.
 */
#include <config.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/theme.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/err.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define THEME_GREY256 244 /* mid grey: reads on black and on white */

/* How each element looks: with colour, and on a terminal without. */
struct theme_spec {
	short fg; /* -1: the terminal's own colour */
	short bg; /* -1: the terminal's own background */
	int attr; /* added to the colour */
	int mono; /* used instead when there is no colour */
};

/* clang-format off */
static const struct theme_spec theme_specs[THEME_COUNT_] = {
	[THEME_NORMAL]  = { -1, -1, A_NORMAL, A_NORMAL },
	[THEME_TITLE]   = { COLOR_CYAN, -1, A_NORMAL, A_BOLD },
	[THEME_STATUS]  = { -1, -1, A_REVERSE, A_REVERSE },
	[THEME_CURSOR]  = { -1, -1, A_REVERSE, A_REVERSE },
	[THEME_UNREAD]  = { -1, -1, A_BOLD, A_BOLD },
	[THEME_FLAGGED] = { COLOR_RED, -1, A_NORMAL, A_UNDERLINE },
	[THEME_TAGS]    = { COLOR_CYAN, -1, A_NORMAL, A_DIM },
	[THEME_HEADER]  = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[THEME_QUOTE1]  = { COLOR_CYAN, -1, A_NORMAL, A_DIM },
	[THEME_QUOTE2]  = { COLOR_GREEN, -1, A_NORMAL, A_DIM },
	[THEME_QUOTE3]  = { COLOR_MAGENTA, -1, A_NORMAL, A_DIM },
	[THEME_NOTE]    = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[THEME_ERROR]   = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[THEME_KEY]     = { -1, -1, A_BOLD, A_BOLD },
	[THEME_SIGNATURE] = { -1, -1, A_DIM, A_DIM },
	[THEME_MARKED]  = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[THEME_SIDEBAR] = { -1, -1, A_NORMAL, A_NORMAL },
	[THEME_SIDEBAR_NEW] = { -1, -1, A_BOLD, A_BOLD },
	/* black on yellow reads on dark and light backgrounds alike */
	[THEME_SEARCH]  = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
};
/* clang-format on */

/* The names of the elements in "color" lines. */
static const char *const theme_names[THEME_COUNT_] = {
	[THEME_NORMAL] = "normal",
	[THEME_TITLE] = "title",
	[THEME_STATUS] = "status",
	[THEME_CURSOR] = "cursor",
	[THEME_UNREAD] = "unread",
	[THEME_FLAGGED] = "flagged",
	[THEME_TAGS] = "tags",
	[THEME_HEADER] = "header",
	[THEME_QUOTE1] = "quote1",
	[THEME_QUOTE2] = "quote2",
	[THEME_QUOTE3] = "quote3",
	[THEME_NOTE] = "note",
	[THEME_ERROR] = "error",
	[THEME_KEY] = "key",
	[THEME_SIGNATURE] = "signature",
	[THEME_MARKED] = "marked",
	[THEME_SIDEBAR] = "sidebar",
	[THEME_SIDEBAR_NEW] = "sidebar-new",
	[THEME_SEARCH] = "search",
};

/* The eight colours of curses, by number; "brightX" adds 8. */
static const char *const theme_colours[] = {
	"black",
	"red",
	"green",
	"yellow",
	"blue",
	"magenta",
	"cyan",
	"white",
};

#define THEME_NCOLOURS (sizeof theme_colours / sizeof *theme_colours)
#define THEME_COLOUR_MAX 255

static const struct {
	const char *name;
	int attr;
} theme_attrs[] = {
	{ "bold", A_BOLD },
	{ "dim", A_DIM },
	{ "underline", A_UNDERLINE },
	{ "reverse", A_REVERSE },
	{ "standout", A_STANDOUT },
	{ "italic", A_ITALIC },
	{ "normal", A_NORMAL },
};

/* An element as a "color" line set it. */
struct theme_user {
	int set;
	short fg, bg; /* -1: the terminal's own; else 0-255 */
	int attr;
};

static struct theme_user theme_user[THEME_COUNT_];
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

/* The element called name, or -1. */
static int
theme_elem_find(const char *name)
{
	int i;

	for (i = 0; i < THEME_COUNT_; i++)
		if (strcmp(theme_names[i], name) == 0)
			return i;
	return -1;
}

/* A number of 0 to THEME_COLOUR_MAX in decimal digits, or -1. */
static int
theme_number(const char *s)
{
	int n = 0;

	if (*s == '\0' || strlen(s) > 3)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (*s - '0');
	return *s == '\0' && n <= THEME_COLOUR_MAX ? n : -1;
}

/* The colour s: default, black ... white, brightX, colorN; 0 or -1. */
static int
theme_colour_parse(const char *s, short *r)
{
	int bright = strncasecmp(s, "bright", 6) == 0, n;
	size_t i;

	if (strcasecmp(s, "default") == 0) {
		*r = -1;
		return 0;
	}
	for (i = 0; i < THEME_NCOLOURS; i++)
		if (strcasecmp(s + (bright ? 6 : 0), theme_colours[i]) == 0) {
			*r = (short)(i + (bright ? THEME_NCOLOURS : 0));
			return 0;
		}
	if (strncasecmp(s, "color", 5) != 0 || (n = theme_number(s + 5)) < 0)
		return -1;
	*r = (short)n;
	return 0;
}

/* The attributes named in the words of s (NULL: none); 0 or -1. */
static int
theme_attr_parse(const char *s, int *attr_r, char **bad_r)
{
	char *copy = xstrdup(s != NULL ? s : ""), *save = NULL, *w;
	size_t i, n = sizeof theme_attrs / sizeof *theme_attrs;

	*attr_r = A_NORMAL;
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	     w = strtok_r(NULL, " \t", &save)) {
		for (i = 0; i < n; i++)
			if (strcasecmp(w, theme_attrs[i].name) == 0)
				break;
		if (i == n) {
			*bad_r = xstrdup(w);
			free(copy);
			return -1;
		}
		*attr_r |= theme_attrs[i].attr;
	}
	free(copy);
	return 0;
}

/* The element names, "normal, title, ...", new string. */
static char *
theme_elem_list(void)
{
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; i < THEME_COUNT_; i++)
		buf_addf(&b, "%s%s", i > 0 ? ", " : "", theme_names[i]);
	return buf_detach(&b, NULL);
}

static int
theme_colour_error(const char *file, const struct config_color *c,
    const char *word, struct err *err)
{
	return err_set(err, ERR_FINAL,
	    _("%s:%u: unknown colour '%s'; use default, black, red, green, "
	      "yellow, blue, magenta, cyan, white, the same with bright "
	      "before them (brightred), or color0 to color255"),
	    file, c->line, word);
}

/* Take one "color" line; -1 with err naming its line when it is bad. */
static int
theme_configure_one(
    const char *file, const struct config_color *c, struct err *err)
{
	struct theme_user u = { .set = 1, .bg = -1 };
	int elem = theme_elem_find(c->elem);
	char *s = NULL;

	if (elem < 0) {
		s = theme_elem_list();
		err_set(err, ERR_FINAL,
		    _("%s:%u: unknown element '%s' in color; use %s"), file,
		    c->line, c->elem, s);
		free(s);
		return -1;
	}
	if (theme_colour_parse(c->fg, &u.fg) < 0)
		return theme_colour_error(file, c, c->fg, err);
	if (c->bg != NULL && theme_colour_parse(c->bg, &u.bg) < 0)
		return theme_colour_error(file, c, c->bg, err);
	if (theme_attr_parse(c->attrs, &u.attr, &s) < 0) {
		err_set(err, ERR_FINAL,
		    _("%s:%u: unknown attribute '%s'; use bold, dim, "
		      "underline, reverse, standout, italic or normal"),
		    file, c->line, s);
		free(s);
		return -1;
	}
	theme_user[elem] = u; /* a later line for the element wins */
	return 0;
}

int
theme_configure(const struct config *cfg, struct err *err)
{
	size_t i;

	memset(theme_user, 0, sizeof theme_user);
	for (i = 0; i < cfg->ncolors; i++)
		if (theme_configure_one(cfg->path, &cfg->colors[i], err) < 0)
			return -1;
	return 0;
}

/*
 * The foreground of elem's colour pair: the user's colour when the
 * terminal has it, else the default scheme's.
 */
static short
theme_pair_fg(enum theme_elem elem)
{
	const struct theme_user *u = &theme_user[elem];

	if (u->set && u->fg < COLORS)
		return u->fg;
	return theme_fg(elem);
}

/*
 * The background of elem's pair: the user's when the terminal has it,
 * else the default scheme's (the terminal's own but for search matches).
 */
static short
theme_pair_bg(enum theme_elem elem)
{
	const struct theme_user *u = &theme_user[elem];

	if (u->set && u->bg < COLORS)
		return u->bg;
	return theme_specs[elem].bg;
}

void
theme_init(void)
{
	int i, r;

	if (theme_no_color() || !has_colors() || start_color() == ERR)
		return;
	/*
	 * The terminal's own colours, unless the user gave "normal" some:
	 * a forced background would not suit every terminal.
	 */
	if (theme_user[THEME_NORMAL].set)
		r = assume_default_colors(
		    theme_pair_fg(THEME_NORMAL), theme_pair_bg(THEME_NORMAL));
	else
		r = use_default_colors();
	if (r == ERR)
		return;
	for (i = 1; i < THEME_COUNT_; i++)
		init_pair((short)i, theme_pair_fg(i), theme_pair_bg(i));
	theme_colour = 1;
}

int
theme_attr(enum theme_elem elem)
{
	const struct theme_user *u = &theme_user[elem];

	if (!theme_colour)
		return theme_specs[elem].mono | (u->set ? u->attr : 0);
	if (u->set)
		return u->attr |
		    (elem != THEME_NORMAL ? (int)COLOR_PAIR(elem) : 0);
	if (theme_specs[elem].fg < 0 && theme_specs[elem].bg < 0)
		return theme_specs[elem].attr;
	return theme_specs[elem].attr | (int)COLOR_PAIR(elem);
}
