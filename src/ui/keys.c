#include <config.h>

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "ui/keys.h"
#include "ui/width.h"
#include "util/intl.h"

#define KEYS_NAME_COLS 24 /* keys column of the help */

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
	{ KEYS_FN(KEY_ENTER), "Enter" },
	{ '\n', "Enter" },
	{ '\r', "Enter" },
	{ ' ', "Space" },
	{ 0x1b, "Escape" },
};
/* clang-format on */

void
keys_view(const char *name, const struct keys_entry *table)
{
	(void)name;
	(void)table;
}

int
keys_load(const struct config *cfg, struct err *err)
{
	(void)cfg;
	(void)err;
	return 0;
}

const struct keys_entry *
keys_find(const struct keys_entry *table, int key)
{
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
	if (key < 0x20)
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

/* Whether key has the name of one of the n keys before it in e. */
static int
keys_named_before(const struct keys_entry *e, size_t n, const char *name)
{
	char other[32];
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(keys_name(e[i].key, other, sizeof other), name) == 0)
			return 1;
	return 0;
}

void
keys_help(const struct keys_entry *table, struct buf *out)
{
	char name[32];
	const char *s;
	size_t n, i, start;

	while (table->run != NULL) {
		n = keys_group(table);
		start = out->len;
		buf_adds(out, "  ");
		for (i = 0; i < n; i++) {
			s = keys_name(table[i].key, name, sizeof name);
			if (!keys_named_before(table, i, s))
				buf_addf(out, "%s%s", i > 0 ? " " : "", s);
		}
		i = (size_t)width_of(out->data + start, out->len - start);
		do
			buf_addc(out, ' ');
		while (++i < KEYS_NAME_COLS);
		buf_addf(out, "%s\n", _(table->help));
		table += n;
	}
}
