/*
 * Colours and attributes of each element on screen. The default scheme
 * keeps the terminal's own background and uses foreground colours that
 * read on dark and light backgrounds (search matches alone are black on
 * yellow); it needs 8 colours and uses a grey from 256 when there is one.
 * Without colours, or with NO_COLOR set, it falls back to bold, reverse and
 * dim. The "color" lines of the config's [ui] section change elements; a colour
 * the terminal lacks falls back to the default scheme's.
 */
#ifndef TERN_UI_THEME_H
#define TERN_UI_THEME_H

enum theme_elem {
	THEME_NORMAL,
	THEME_TITLE,   /* the key hints on the top line */
	THEME_STATUS,  /* the status bar */
	THEME_CURSOR,  /* the selected index line */
	THEME_UNREAD,  /* an index line with unread mail */
	THEME_FLAGGED, /* an index line with flagged mail */
	THEME_TAGS,    /* tags in the index */
	THEME_HEADER,  /* header lines in the pager */
	THEME_QUOTE1,  /* quoted lines, by level */
	THEME_QUOTE2,
	THEME_QUOTE3,
	THEME_NOTE,	   /* "[-- Attachment ... --]" lines */
	THEME_ERROR,	   /* an error on the message line */
	THEME_KEY,	   /* key names in the help */
	THEME_SIGNATURE,   /* a signature, after "-- " in the pager */
	THEME_MARKED,	   /* an index line marked for a tag-prefix action */
	THEME_SIDEBAR,	   /* the sidebar */
	THEME_SIDEBAR_NEW, /* a sidebar line with unread mail */
	THEME_SEARCH,	   /* a match of the pager's search */
	THEME_COUNT_
};

/*
 * Take the "color" lines of cfg (before the screen starts). Returns 0,
 * or -1 with err naming the file and line of a bad element, colour or
 * attribute.
 */
struct config;
struct err;
int theme_configure(const struct config *cfg, struct err *err);
/* Set up the colour pairs; call once after initscr(). */
void theme_init(void);
/* The curses attributes (colour pair included) of elem. */
int theme_attr(enum theme_elem elem);

#endif
