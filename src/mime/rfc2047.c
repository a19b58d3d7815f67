#include <config.h>

#include <string.h>
#include <strings.h>

#include <glib.h>

#include "mime/rfc2047.h"

/* One encoded word: =?charset?B?text?= */
struct rfc2047_word {
	const char *start, *end; /* the whole word */
	const char *charset;
	size_t charset_len;
	const char *text;
	size_t text_len;
	int base64;
};

/* Parse the encoded word at p; returns 0 when there is none. */
static int
rfc2047_word(const char *p, struct rfc2047_word *w)
{
	const char *q, *end;

	if (p[0] != '=' || p[1] != '?')
		return 0;
	q = p + 2 + strcspn(p + 2, "? \t\r\n");
	if (*q != '?' || q == p + 2 || strchr("BbQq", q[1]) == NULL ||
	    q[1] == '\0' || q[2] != '?')
		return 0;
	end = q + 3 + strcspn(q + 3, "? \t\r\n");
	if (end[0] != '?' || end[1] != '=')
		return 0;
	w->start = p;
	w->end = end + 2;
	w->charset = p + 2;
	w->charset_len = (size_t)(q - p - 2);
	w->text = q + 3;
	w->text_len = (size_t)(end - q - 3);
	w->base64 = q[1] == 'B' || q[1] == 'b';
	return 1;
}

/* The word after w, if only white space parts them and it is like w. */
static int
rfc2047_next(const struct rfc2047_word *w, struct rfc2047_word *next)
{
	const char *p = w->end + strspn(w->end, " \t\r\n");

	return rfc2047_word(p, next) && next->base64 &&
	    next->charset_len == w->charset_len &&
	    strncasecmp(next->charset, w->charset, w->charset_len) == 0;
}

/*
 * The run of B words like first: returns where it ends, and whether a
 * word before its last one has padding (which GMime mishandles).
 */
static const char *
rfc2047_run(const struct rfc2047_word *first, int *padded_r)
{
	struct rfc2047_word w = *first, next;

	*padded_r = 0;
	while (rfc2047_next(&w, &next)) {
		if (memchr(w.text, '=', w.text_len) != NULL)
			*padded_r = 1;
		w = next;
	}
	return w.end;
}

/* Append the run from first to end as one word. */
static void
rfc2047_append_run(
    GString *out, const struct rfc2047_word *first, const char *end)
{
	struct rfc2047_word w = *first, next;
	GByteArray *bytes = g_byte_array_new();
	gint state;
	guint save;
	gsize n;
	gchar *b64;

	for (;;) {
		n = bytes->len; /* room as g_base64_decode_step asks */
		g_byte_array_set_size(bytes, n + w.text_len / 4 * 3 + 3);
		state = 0;
		save = 0;
		n += g_base64_decode_step(
		    w.text, w.text_len, bytes->data + n, &state, &save);
		g_byte_array_set_size(bytes, n);
		if (w.end >= end || !rfc2047_next(&w, &next))
			break;
		w = next;
	}
	b64 = g_base64_encode(bytes->data, bytes->len);
	g_string_append_printf(
	    out, "=?%.*s?B?%s?=", (int)first->charset_len, first->charset, b64);
	g_free(b64);
	g_byte_array_free(bytes, TRUE);
}

char *
rfc2047_merge(const char *raw)
{
	GString *out = NULL;
	const char *p = raw, *copied = raw, *end;
	struct rfc2047_word w;
	int padded;

	while ((p = strstr(p, "=?")) != NULL) {
		if (!rfc2047_word(p, &w) || !w.base64) {
			p += 2;
			continue;
		}
		end = rfc2047_run(&w, &padded);
		if (padded) {
			if (out == NULL)
				out = g_string_new(NULL);
			g_string_append_len(out, copied, p - copied);
			rfc2047_append_run(out, &w, end);
			copied = end;
		}
		p = end;
	}
	if (out == NULL)
		return NULL;
	g_string_append(out, copied);
	return g_string_free(out, FALSE);
}
