#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/ini.h"
#include "util/intl.h"
#include "util/text.h"
#include "util/xalloc.h"

void
ini_iter_init(struct ini_iter *it, const char *data, size_t len)
{
	*it = (struct ini_iter){ .data = data, .len = len };
	buf_init(&it->msg, 0);
	/* Some editors start UTF-8 files with a byte order mark. */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		it->pos = 3;
}

void
ini_iter_deinit(struct ini_iter *it)
{
	xfree(&it->text);
	buf_release(&it->msg);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Cut blanks from both ends of s in place; returns the new start. */
static char *
trim(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* The next raw line without its LF or CRLF; returns 0 at the end. */
static int
next_line(struct ini_iter *it, const char **s_r, size_t *n_r)
{
	const char *s = it->data + it->pos, *nl;
	size_t n;

	if (it->pos >= it->len)
		return 0;
	nl = memchr(s, '\n', it->len - it->pos);
	n = nl != NULL ? (size_t)(nl - s) : it->len - it->pos;
	it->pos += n + (nl != NULL);
	if (n > 0 && s[n - 1] == '\r')
		n--;
	it->line++;
	*s_r = s;
	*n_r = n;
	return 1;
}

static int set_error(struct ini_iter *it, struct ini_item *item,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
set_error(struct ini_iter *it, struct ini_item *item, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&it->msg);
	va_start(ap, fmt);
	buf_vaddf(&it->msg, fmt, ap);
	va_end(ap);
	item->kind = INI_ERROR;
	item->error = it->msg.data;
	return 1;
}

/* Report a line that cannot be read as text; returns 1 if it is bad. */
static int
check_line(struct ini_iter *it, const char *s, size_t n, struct ini_item *item)
{
	size_t i;

	if (n > INI_LINE_MAX)
		return set_error(
		    it, item, _("line longer than %d bytes"), INI_LINE_MAX);
	if (memchr(s, '\0', n) != NULL)
		return set_error(it, item, _("NUL byte in line"));
	if (!text_valid_utf8(s, n))
		return set_error(it, item, _("line is not valid UTF-8"));
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return set_error(it, item,
			    _("control character 0x%02X in line; only tabs are "
			      "allowed"),
			    c);
	}
	return 0;
}

static int
scan_section(struct ini_iter *it, char *t, struct ini_item *item)
{
	size_t n = strlen(t);
	char *inner, *sp;

	if (t[n - 1] != ']')
		return set_error(it, item,
		    _("section header must end with ']'; comments go on their "
		      "own line"));
	t[n - 1] = '\0';
	inner = trim(t + 1);
	sp = inner + strcspn(inner, " \t");
	item->arg = "";
	if (*sp != '\0') {
		*sp = '\0';
		item->arg = trim(sp + 1);
	}
	item->kind = INI_SECTION;
	item->name = inner;
	return 1;
}

/*
 * Remove the quotes and escapes of the quoted value at v (v[0] is '"')
 * in place. Returns the end of the closing quote, or NULL if there is
 * none.
 */
static char *
unquote(char *v)
{
	char *r = v + 1, *w = v;

	for (; *r != '\0'; r++) {
		if (*r == '"') {
			*w = '\0';
			return r + 1;
		}
		if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
			r++;
		*w++ = *r;
	}
	return NULL;
}

static int
scan_pair(struct ini_iter *it, char *t, struct ini_item *item)
{
	char *eq = strchr(t, '='), *key, *value, *end;

	if (eq == NULL) {
		t[strcspn(t, " \t")] = '\0';
		return set_error(it, item,
		    _("missing '=' after '%s'; write 'key = value'"), t);
	}
	*eq = '\0';
	key = trim(t);
	value = trim(eq + 1);
	if (*key == '\0')
		return set_error(it, item, _("missing key before '='"));
	if (*value == '"') {
		end = unquote(value);
		if (end == NULL)
			return set_error(it, item,
			    _("unterminated quote in the value of '%s'"), key);
		if (*end != '\0')
			return set_error(it, item,
			    _("text after the closing quote in the value of "
			      "'%s'; quote the whole value or none of it"),
			    key);
	}
	item->kind = INI_PAIR;
	item->name = key;
	item->value = value;
	return 1;
}

int
ini_iter_next(struct ini_iter *it, struct ini_item *item)
{
	const char *s;
	size_t n;
	char *t;

	while (next_line(it, &s, &n)) {
		*item = (struct ini_item){ .line = it->line };
		if (check_line(it, s, n, item))
			return 1;
		free(it->text);
		it->text = xstrndup(s, n);
		t = trim(it->text);
		if (*t == '\0' || *t == '#' || *t == ';')
			continue;
		if (*t == '[')
			return scan_section(it, t, item);
		return scan_pair(it, t, item);
	}
	return 0;
}
