/*
 * Key tables: the registry of views and the user's "bind" lines over
 * them, finding what a key does, naming keys both ways ("Down" <->
 * KEY_DOWN) and listing a view's keys for the help.
 *
 * The tables of the views stay constant; the user's bindings live beside
 * them, per view, and are looked at first. A bound key hides what the
 * table gave it, so keys_find and keys_help agree on every key.
 */
#include <config.h>

#include <assert.h>
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "ui/keys.h"
#include "ui/width.h"
#include "util/err.h"
#include "util/intl.h"
#include "util/text.h"
#include "util/xalloc.h"

#define KEYS_NAME_COLS 24 /* keys column of the help */
#define KEYS_VIEWS_MAX 16
#define KEYS_FKEYS 12	  /* F1 to F12 have names */
#define KEYS_HELP_COLS 76 /* the list of action names wraps here */

/* clang-format off */
static const struct {
	int key;
	const char *name;
} keys_names[] = {
	{ KEYS_FN(KEY_UP), "Up" },
	{ KEYS_FN(KEY_DOWN), "Down" },
	{ KEYS_FN(KEY_LEFT), "Left" },
	{ KEYS_FN(KEY_RIGHT), "Right" },
	{ KEYS_FN(KEY_NPAGE), "PageDown" },
	{ KEYS_FN(KEY_PPAGE), "PageUp" },
	{ KEYS_FN(KEY_HOME), "Home" },
	{ KEYS_FN(KEY_END), "End" },
	{ '\n', "Enter" },
	{ '\r', "Enter" },
	{ KEYS_FN(KEY_ENTER), "Enter" },
	{ ' ', "Space" },
	{ 0x1b, "Escape" },
	{ '\t', "Tab" },
	{ KEYS_FN(KEY_BTAB), "BackTab" },
	{ 0x7f, "Backspace" },
	{ KEYS_FN(KEY_BACKSPACE), "Backspace" },
};
/* clang-format on */

/* One "bind" line taken: key (canonical) runs entry; NULL: nothing. */
struct keys_bind {
	int key;
	const struct keys_entry *entry;
};

struct keys_view {
	const char *name;
	const struct keys_entry *table;
	struct keys_bind *binds;
	size_t nbinds;
};

static struct keys_view keys_views[KEYS_VIEWS_MAX];
static size_t keys_nviews;

/*
 * The one code of keys that are the same key to the user: Enter comes as
 * LF, CR or KEY_ENTER, Backspace as DEL or KEY_BACKSPACE.
 */
static int
keys_canon(int key)
{
	if (key == '\r' || key == KEYS_FN(KEY_ENTER))
		return '\n';
	if (key == KEYS_FN(KEY_BACKSPACE))
		return 0x7f;
	return key;
}

static struct keys_view *
keys_view_named(const char *name)
{
	size_t i;

	for (i = 0; i < keys_nviews; i++)
		if (strcmp(keys_views[i].name, name) == 0)
			return &keys_views[i];
	return NULL;
}

static const struct keys_view *
keys_view_of(const struct keys_entry *table)
{
	size_t i;

	for (i = 0; i < keys_nviews; i++)
		if (keys_views[i].table == table)
			return &keys_views[i];
	return NULL;
}

void
keys_view(const char *name, const struct keys_entry *table)
{
	struct keys_view *v = keys_view_named(name);

	if (v == NULL) {
		assert(keys_nviews < KEYS_VIEWS_MAX);
		v = &keys_views[keys_nviews++];
		v->name = name;
	}
	v->table = table;
}

/* The user's binding of key (canonical) in v, or NULL. */
static const struct keys_bind *
keys_bind_find(const struct keys_view *v, int key)
{
	size_t i;

	for (i = 0; v != NULL && i < v->nbinds; i++)
		if (v->binds[i].key == key)
			return &v->binds[i];
	return NULL;
}

/* Bind key in v to entry (NULL: to nothing); a later line wins. */
static void
keys_bind_add(struct keys_view *v, int key, const struct keys_entry *entry)
{
	struct keys_bind *b = (struct keys_bind *)keys_bind_find(v, key);

	if (b == NULL) {
		v->binds =
		    xreallocarray(v->binds, v->nbinds + 1, sizeof *v->binds);
		b = &v->binds[v->nbinds++];
		b->key = key;
	}
	b->entry = entry;
}

/* The function key F1 to F12 called s, or -1. */
static int
keys_parse_fkey(const char *s)
{
	char *end;
	long n;

	if ((s[0] != 'F' && s[0] != 'f') || s[1] < '1' || s[1] > '9')
		return -1;
	n = strtol(s + 1, &end, 10);
	if (*end != '\0' || n > KEYS_FKEYS)
		return -1;
	return KEYS_FN(KEY_F((int)n));
}

/* "^X": a control key; "^?" is DEL. Returns -1 for anything else. */
static int
keys_parse_ctrl(const char *s)
{
	int c;

	if (s[0] != '^' || s[1] == '\0' || s[2] != '\0')
		return -1;
	if (s[1] == '?')
		return 0x7f;
	c = s[1] >= 'a' && s[1] <= 'z' ? s[1] - 'a' + 'A' : s[1];
	return c >= '@' && c <= '_' ? KEYS_CTRL(c) : -1;
}

/*
 * The key written s in a bind line, canonical: one character (UTF-8),
 * ^X, or a name keys_name gives (Down, PageUp, F1 ...). -1 if none.
 */
static int
keys_parse(const char *s)
{
	size_t len = strlen(s), i;
	unsigned cp;
	int key;

	for (i = 0; i < sizeof keys_names / sizeof *keys_names; i++)
		if (strcasecmp(s, keys_names[i].name) == 0)
			return keys_canon(keys_names[i].key);
	if ((key = keys_parse_fkey(s)) >= 0 || (key = keys_parse_ctrl(s)) >= 0)
		return key;
	if (text_utf8_len((const unsigned char *)s, len, &cp) == len &&
	    len > 0 && cp >= 0x20 && cp != 0x7f && (cp < 0x80 || cp >= 0xa0))
		return (int)cp;
	return -1;
}

/* The entry of v's table whose action is called name, or NULL. */
static const struct keys_entry *
keys_action(const struct keys_view *v, const char *name)
{
	const struct keys_entry *e;

	for (e = v->table; e->run != NULL; e++)
		if (e->name != NULL && strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* The names of the registered views, "index or pager", new string. */
static char *
keys_view_list(void)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < keys_nviews; i++)
		buf_addf(&b, "%s%s",
		    i == 0		       ? ""
			: i + 1 == keys_nviews ? _(" or ")
					       : ", ",
		    keys_views[i].name);
	return buf_detach(&b, NULL);
}

/* Take one bind line; -1 with err naming its line when it is bad. */
static int
keys_load_bind(const char *file, const struct config_bind *cb, struct err *err)
{
	struct keys_view *v = keys_view_named(cb->view);
	const struct keys_entry *e = NULL;
	char *views;
	int key;

	if (v == NULL) {
		views = keys_view_list();
		err_set(err, ERR_FINAL,
		    _("%s:%u: unknown view '%s' in bind; use %s"), file,
		    cb->line, cb->view, views);
		free(views);
		return -1;
	}
	key = keys_parse(cb->key);
	if (key < 0)
		return err_set(err, ERR_FINAL,
		    _("%s:%u: unknown key '%s'; write one character, ^X for a "
		      "control key, or a name such as Down, PageUp, Enter, "
		      "Space, Tab, Escape or F1"),
		    file, cb->line, cb->key);
	if (strcmp(cb->action, "noop") != 0 &&
	    (e = keys_action(v, cb->action)) == NULL)
		return err_set(err, ERR_FINAL,
		    _("%s:%u: unknown action '%s' for the %s; see the keys "
		      "with ?"),
		    file, cb->line, cb->action, v->name);
	keys_bind_add(v, key, e);
	return 0;
}

int
keys_load(const struct config *cfg, struct err *err)
{
	size_t i;

	for (i = 0; i < keys_nviews; i++) {
		xfree(&keys_views[i].binds);
		keys_views[i].nbinds = 0;
	}
	for (i = 0; i < cfg->nbinds; i++)
		if (keys_load_bind(cfg->path, &cfg->binds[i], err) < 0)
			return -1;
	return 0;
}

const struct keys_entry *
keys_find(const struct keys_entry *table, int key)
{
	const struct keys_bind *b =
	    keys_bind_find(keys_view_of(table), keys_canon(key));

	if (b != NULL)
		return b->entry;
	for (; table->run != NULL; table++)
		if (table->key == key)
			return table;
	return NULL;
}

const char *
keys_name(int key, char *buf, size_t size)
{
	size_t i;
	mbstate_t ms = { 0 };
	char mb[MB_LEN_MAX + 1];
	size_t n;

	for (i = 0; i < sizeof keys_names / sizeof *keys_names; i++)
		if (keys_names[i].key == key)
			return keys_names[i].name;
	if (key >= KEYS_FN(KEY_F(1)) && key <= KEYS_FN(KEY_F(KEYS_FKEYS)))
		snprintf(buf, size, "F%d", key - KEYS_FN(KEY_F(0)));
	else if (key < 0x20)
		snprintf(buf, size, "^%c", key + '@');
	else if ((n = wcrtomb(mb, (wchar_t)key, &ms)) != (size_t)-1) {
		mb[n] = '\0';
		snprintf(buf, size, "%s", mb);
	} else
		snprintf(buf, size, "U+%04X", (unsigned)key);
	return buf;
}

/* The entries from e on that share its action: how many. */
static size_t
keys_group(const struct keys_entry *e)
{
	size_t n = 1;

	while (e[n].run != NULL && e[n].help == NULL && e[n].run == e->run)
		n++;
	return n;
}

/* Add the name of key to the keys column col, unless it is there. */
static void
keys_col_add(struct buf *col, int key)
{
	char name[32], *word, *line;
	const char *s = keys_name(key, name, sizeof name);

	word = xasprintf(" %s ", s);
	line = xasprintf(" %s ", col->data);
	if (strstr(line, word) == NULL)
		buf_addf(col, "%s%s", col->len > 0 ? " " : "", s);
	free(word);
	free(line);
}

/*
 * The keys column of the n entries at e, an action of view v: the
 * table's keys the user did not bind elsewhere, then the user's.
 */
static void
keys_col(const struct keys_view *v, const struct keys_entry *e, size_t n,
    struct buf *col)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (keys_bind_find(v, keys_canon(e[i].key)) == NULL)
			keys_col_add(col, e[i].key);
	for (i = 0; v != NULL && i < v->nbinds; i++)
		if (v->binds[i].entry == e)
			keys_col_add(col, v->binds[i].key);
}

/* The action names of v for bind lines, wrapped, after the keys. */
static void
keys_help_actions(const struct keys_view *v, struct buf *out)
{
	const struct keys_entry *e;
	size_t col = 2;

	buf_addf(out,
	    _("\n  Names for 'bind = %s KEY ACTION' in [ui]; noop unbinds a "
	      "key:\n "),
	    v->name);
	for (e = v->table; e->run != NULL; e++) {
		if (e->name == NULL)
			continue;
		if (col + 1 + strlen(e->name) > KEYS_HELP_COLS) {
			buf_adds(out, "\n ");
			col = 2;
		}
		buf_addf(out, " %s", e->name);
		col += 1 + strlen(e->name);
	}
	buf_addc(out, '\n');
}

void
keys_help(const struct keys_entry *table, struct buf *out)
{
	const struct keys_view *v = keys_view_of(table);
	const struct keys_entry *e = table;
	struct buf col = BUF_INIT;
	int w;

	for (; e->run != NULL; e += keys_group(e)) {
		buf_reset(&col);
		keys_col(v, e, keys_group(e), &col);
		if (col.len == 0 || e->help == NULL)
			continue; /* all keys unbound, or a key kept quiet */
		buf_addf(out, "  %s", col.data);
		w = width_of(col.data, col.len);
		do
			buf_addc(out, ' ');
		while (++w < KEYS_NAME_COLS - 2);
		buf_addf(out, "%s\n", _(e->help));
	}
	buf_release(&col);
	if (v != NULL)
		keys_help_actions(v, out);
}
