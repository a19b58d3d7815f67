#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mime/html.h"
#include "util/xalloc.h"

#define HTML_NAME_MAX 15    /* longer element names are unknown anyway */
#define HTML_DEPTH_MAX 8    /* quote and list levels drawn; deeper not */
#define HTML_SNIFF_MAX 4096 /* where a <meta> charset may be */
#define HTML_NO_MARK ((size_t)-1)

/* Named character references: runs of code points, then single ones. */
/* clang-format off */
static const char *const html_latin1[96] = {
	"nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
	"uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
	"deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
	"cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34",
	"iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring",
	"AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave",
	"Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
	"Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute",
	"Ucirc", "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute",
	"acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave",
	"eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth",
	"ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
	"oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn",
	"yuml",
};

static const char *const html_greek_upper[25] = {
	"Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta",
	"Iota", "Kappa", "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rho",
	"", "Sigma", "Tau", "Upsilon", "Phi", "Chi", "Psi", "Omega",
};

static const char *const html_greek_lower[25] = {
	"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
	"iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho",
	"sigmaf", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
};

static const struct html_run {
	unsigned first;
	const char *const *names;
	size_t n;
} html_runs[] = {
	{ 0xa0, html_latin1, 96 },
	{ 0x391, html_greek_upper, 25 },
	{ 0x3b1, html_greek_lower, 25 },
	{ 0, NULL, 0 },
};

static const struct html_entity {
	const char *name;
	unsigned cp;
} html_entities[] = {
	{ "quot", 0x22 }, { "amp", 0x26 }, { "apos", 0x27 }, { "lt", 0x3c },
	{ "gt", 0x3e }, { "OElig", 0x152 }, { "oelig", 0x153 },
	{ "Scaron", 0x160 }, { "scaron", 0x161 }, { "Yuml", 0x178 },
	{ "fnof", 0x192 }, { "circ", 0x2c6 }, { "tilde", 0x2dc },
	{ "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
	{ "zwnj", 0x200c }, { "zwj", 0x200d }, { "lrm", 0x200e },
	{ "rlm", 0x200f }, { "ndash", 0x2013 }, { "mdash", 0x2014 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "sbquo", 0x201a },
	{ "ldquo", 0x201c }, { "rdquo", 0x201d }, { "bdquo", 0x201e },
	{ "dagger", 0x2020 }, { "Dagger", 0x2021 }, { "bull", 0x2022 },
	{ "hellip", 0x2026 }, { "permil", 0x2030 }, { "prime", 0x2032 },
	{ "Prime", 0x2033 }, { "lsaquo", 0x2039 }, { "rsaquo", 0x203a },
	{ "euro", 0x20ac }, { "trade", 0x2122 }, { "larr", 0x2190 },
	{ "uarr", 0x2191 }, { "rarr", 0x2192 }, { "darr", 0x2193 },
	{ "harr", 0x2194 }, { "minus", 0x2212 }, { "infin", 0x221e },
	{ "ne", 0x2260 }, { "le", 0x2264 }, { "ge", 0x2265 },
	{ NULL, 0 },
};

/* &#128; to &#159; mean windows-1252 characters (0: none there). */
static const unsigned short html_c1[32] = {
	0x20ac, 0, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0, 0x17d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0, 0x17e, 0x178,
};
/* clang-format on */

struct html_list {
	int ordered;
	unsigned n;
};

struct html {
	const char *p, *end; /* input still to read */
	struct buf *out;
	int err;	    /* out's cap was reached */
	int started;	    /* some text is out */
	int col;	    /* the current line has begun */
	int space;	    /* collapsed whitespace waits */
	int brk;	    /* line breaks wait: 1 or 2 */
	int brk_quote;	    /* the quote depth their blank line shows */
	int trail;	    /* newlines at the end of out */
	int pre, pre_start; /* inside <pre>; just after it */
	int quote;	    /* blockquote depth */
	int item;	    /* a list item's marker waits */
	int nlists;
	struct html_list lists[HTML_DEPTH_MAX];
	char *href;	/* the open link's address, or NULL */
	size_t link_at; /* where its text starts in out */
};

static int
html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
html_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
html_namechar(char c)
{
	return html_alpha(c) || (c >= '0' && c <= '9') || c == '-' ||
	    c == ':' || c == '_';
}

static int
html_min(int a, int b)
{
	return a < b ? a : b;
}

static size_t
html_utf8(unsigned cp, char *s)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		s[0] = (char)(0xe0 | cp >> 12);
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	s[0] = (char)(0xf0 | cp >> 18);
	s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	s[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Find needle (lower case) in [p, end) ignoring case, or NULL. */
static const char *
html_find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t)(end - p) >= n; p++)
		if (strncasecmp(p, needle, n) == 0)
			return p;
	return NULL;
}

static unsigned
html_numeric(unsigned v)
{
	if (v >= 0x80 && v <= 0x9f)
		v = html_c1[v - 0x80];
	if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0xfffd;
	return v;
}

/* &#NNN; or &#xHH; at p; returns its length, 0 if it is not one. */
static size_t
html_entity_number(const char *p, const char *end, unsigned *cp_r)
{
	const char *q = p + 2;
	int hex = q < end && (*q == 'x' || *q == 'X');
	unsigned v = 0, d;
	size_t digits = 0;

	q += hex;
	for (; q < end; q++, digits++) {
		if (*q >= '0' && *q <= '9')
			d = (unsigned)(*q - '0');
		else if (hex && ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'f'))
			d = (unsigned)((*q | 0x20) - 'a' + 10);
		else
			break;
		v = v > 0x10ffff ? v : v * (hex ? 16 : 10) + d;
	}
	if (digits == 0)
		return 0;
	*cp_r = html_numeric(v);
	return (size_t)(q - p) + (q < end && *q == ';');
}

static int
html_name_is(const char *known, const char *name, size_t n)
{
	return strlen(known) == n && strncmp(known, name, n) == 0;
}

static unsigned
html_entity_lookup(const char *name, size_t n)
{
	const struct html_run *run;
	size_t i;

	for (run = html_runs; run->names != NULL; run++)
		for (i = 0; i < run->n; i++)
			if (html_name_is(run->names[i], name, n))
				return run->first + (unsigned)i;
	for (i = 0; html_entities[i].name != NULL; i++)
		if (html_name_is(html_entities[i].name, name, n))
			return html_entities[i].cp;
	return 0;
}

/*
 * The character reference at p ('&'): returns its length and the code
 * point, or 0 when it is none. A name without ';' counts only in text,
 * not in attributes (where "&copy=1" is part of a URL).
 */
static size_t
html_entity(const char *p, const char *end, int attr, unsigned *cp_r)
{
	const char *q = p + 1;
	unsigned cp;
	int semi;

	if (q < end && *q == '#')
		return html_entity_number(p, end, cp_r);
	while (q < end && q - p <= 8 && html_namechar(*q))
		q++;
	semi = q < end && *q == ';';
	if (q == p + 1 || (!semi && attr))
		return 0;
	cp = html_entity_lookup(p + 1, (size_t)(q - p - 1));
	if (cp == 0)
		return 0;
	*cp_r = cp;
	return (size_t)(q - p) + semi;
}

static void
html_put(struct html *h, const char *s, size_t n)
{
	if (h->err == 0 && buf_add(h->out, s, n) < 0)
		h->err = 1;
}

/*
 * Ask for n line breaks before the next text. A blank line between a
 * quote and the text around it belongs to neither: it shows the smaller
 * quote depth.
 */
static void
html_break(struct html *h, int n)
{
	h->brk_quote =
	    h->brk == 0 ? h->quote : html_min(h->brk_quote, h->quote);
	if (h->brk < n)
		h->brk = n;
}

/* End the line; an empty line inside a quote shows quote marks. */
static void
html_newline(struct html *h, int quote)
{
	int i;

	if (!h->col)
		for (i = 0; i < html_min(quote, HTML_DEPTH_MAX); i++)
			html_put(h, ">", 1);
	html_put(h, "\n", 1);
	h->col = 0;
	h->trail++;
}

static void
html_marker(struct html *h, int depth)
{
	char num[16];
	int n;

	if (depth > 0 && h->lists[depth - 1].ordered) {
		n = snprintf(num, sizeof num, "%u. ", h->lists[depth - 1].n);
		html_put(h, num, (size_t)n);
	} else
		html_put(h, "* ", 2);
}

/* Quote marks, list indentation and a waiting item marker. */
static void
html_prefix(struct html *h)
{
	static const char spaces[] = "                ";
	int i, depth = html_min(h->nlists, HTML_DEPTH_MAX);

	for (i = 0; i < html_min(h->quote, HTML_DEPTH_MAX); i++)
		html_put(h, "> ", 2);
	if (depth > 0)
		html_put(h, spaces, 2 * (size_t)(depth - 1));
	if (h->item)
		html_marker(h, depth);
	else if (depth > 0)
		html_put(h, spaces, 2);
	h->item = 0;
	h->col = 1;
}

/* Before text: waiting line breaks, the line prefix, a collapsed space. */
static void
html_text_begin(struct html *h)
{
	if (!h->started)
		h->brk = 0;
	while (h->trail < h->brk)
		html_newline(h, h->brk_quote);
	h->brk = 0;
	if (!h->col)
		html_prefix(h);
	else if (h->space)
		html_put(h, " ", 1);
	h->space = 0;
	h->started = 1;
	h->trail = 0;
	if (h->href != NULL && h->link_at == HTML_NO_MARK)
		h->link_at = h->out->len;
}

static int
html_white(const struct html *h, char c)
{
	return h->pre ? c == '\n' || c == '\r' : html_space(c);
}

static void
html_whitespace(struct html *h, char c)
{
	if (!h->pre) {
		h->space = 1;
		return;
	}
	if (c == '\r')
		return;
	if (h->pre_start)
		h->pre_start = 0;
	else if (h->started)
		html_newline(h, h->quote);
}

/* Text: whitespace collapses (outside pre); the rest goes out as is. */
static void
html_emit(struct html *h, const char *s, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		if (html_white(h, s[i])) {
			html_whitespace(h, s[i++]);
			continue;
		}
		for (j = i; j < n && !html_white(h, s[j]); j++)
			;
		h->pre_start = 0;
		html_text_begin(h);
		html_put(h, s + i, j - i);
		i = j;
	}
}

static void
html_emit_cp(struct html *h, unsigned cp)
{
	char s[4];

	if (cp == 0xa0) /* nbsp: plain text has no use for it */
		cp = ' ';
	html_emit(h, s, html_utf8(cp, s));
}

/* An attribute value with its references decoded and ends trimmed. */
static char *
html_attr(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	char u[4];
	size_t i = 0, k;
	unsigned cp;

	while (i < n) {
		k = s[i] == '&' ? html_entity(s + i, s + n, 1, &cp) : 0;
		if (k > 0) {
			buf_add(&b, u, html_utf8(cp, u));
			i += k;
		} else
			buf_addc(&b, s[i++]);
	}
	for (i = 0; i < b.len && html_space(b.data[i]); i++)
		;
	while (b.len > i && html_space(b.data[b.len - 1]))
		b.len--;
	b.data[b.len] = '\0';
	memmove(b.data, b.data + i, b.len - i + 1);
	b.len -= i;
	return buf_detach(&b, NULL);
}

/* A start or end tag, with the attributes we use. */
struct html_tag {
	char name[HTML_NAME_MAX + 1];
	int end;
	const char *href, *alt;
	size_t href_len, alt_len;
};

/* What an element does at its start and end tags (NULL: nothing). */
struct html_elem {
	const char *name;
	int brk; /* blocks: 1 on lines of their own, 2 a paragraph */
	void (*start)(struct html *h, const struct html_elem *e,
	    const struct html_tag *t);
	void (*end)(struct html *h, const struct html_elem *e);
};

static const char *
html_attr_value(const char *p, const char *end, const char **v_r, size_t *n_r)
{
	char q;

	while (p < end && html_space(*p))
		p++;
	if (p < end && (*p == '"' || *p == '\'')) {
		q = *p++;
		*v_r = p;
		while (p < end && *p != q)
			p++;
		*n_r = (size_t)(p - *v_r);
		return p < end ? p + 1 : p;
	}
	*v_r = p;
	while (p < end && !html_space(*p) && *p != '>')
		p++;
	*n_r = (size_t)(p - *v_r);
	return p;
}

static void
html_tag_keep(
    struct html_tag *t, const char *name, size_t n, const char *v, size_t vn)
{
	if (n == 4 && strncasecmp(name, "href", 4) == 0 && t->href == NULL) {
		t->href = v;
		t->href_len = vn;
	} else if (n == 3 && strncasecmp(name, "alt", 3) == 0 &&
	    t->alt == NULL) {
		t->alt = v;
		t->alt_len = vn;
	}
}

static const char *
html_tag_attrs(const char *p, const char *end, struct html_tag *t)
{
	const char *name, *v;
	size_t n, vn;

	while (p < end && *p != '>') {
		if (html_space(*p) || *p == '/') {
			p++;
			continue;
		}
		name = p;
		while (p < end && !html_space(*p) && *p != '=' && *p != '>' &&
		    *p != '/')
			p++;
		n = (size_t)(p - name);
		while (p < end && html_space(*p))
			p++;
		if (p < end && *p == '=') {
			p = html_attr_value(p + 1, end, &v, &vn);
			html_tag_keep(t, name, n, v, vn);
		}
	}
	return p < end ? p + 1 : p;
}

/* Parse the tag at p ('<' then a letter, or "</"); returns its end. */
static const char *
html_tag_parse(const char *p, const char *end, struct html_tag *t)
{
	size_t n = 0;

	memset(t, 0, sizeof *t);
	p++;
	if (*p == '/') {
		t->end = 1;
		p++;
	}
	for (; p < end && html_namechar(*p); p++)
		if (n < HTML_NAME_MAX)
			t->name[n++] = (char)(*p | (html_alpha(*p) ? 0x20 : 0));
		else
			t->name[0] = '\0'; /* too long: unknown */
	t->name[n] = '\0';
	return html_tag_attrs(p, end, t);
}

/* Skip the content of a raw text element up to its end tag. */
static void
html_skip_raw(struct html *h, const char *name)
{
	size_t n = strlen(name);
	const char *p = h->p;

	while ((p = memchr(p, '<', (size_t)(h->end - p))) != NULL) {
		if ((size_t)(h->end - p) > n + 2 && p[1] == '/' &&
		    strncasecmp(p + 2, name, n) == 0 &&
		    !html_namechar(p[n + 2])) {
			p = memchr(p, '>', (size_t)(h->end - p));
			h->p = p != NULL ? p + 1 : h->end;
			return;
		}
		p++;
	}
	h->p = h->end;
}

/* Whether the link's text already says where it goes. */
static int
html_link_same(struct html *h)
{
	const char *text = h->out->data + h->link_at;
	size_t n = h->out->len - h->link_at;

	while (n > 0 && html_space(text[n - 1]))
		n--;
	if (strlen(h->href) == n && strncmp(h->href, text, n) == 0)
		return 1;
	return strncasecmp(h->href, "mailto:", 7) == 0 &&
	    strlen(h->href + 7) == n && strncmp(h->href + 7, text, n) == 0;
}

static void
html_link_end(struct html *h)
{
	if (h->href == NULL)
		return;
	if (h->link_at != HTML_NO_MARK && !h->err && !html_link_same(h)) {
		h->space = 1;
		html_text_begin(h);
		html_put(h, "<", 1);
		html_put(h, h->href, strlen(h->href));
		html_put(h, ">", 1);
	}
	xfree(&h->href);
	h->link_at = HTML_NO_MARK;
}

static void
html_link_start(
    struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	char *href;

	html_link_end(h);
	if (t->href == NULL)
		return;
	href = html_attr(t->href, t->href_len);
	if (*href == '\0' || *href == '#' ||
	    strncasecmp(href, "javascript:", 11) == 0) {
		free(href);
		return;
	}
	h->href = href;
	h->link_at = HTML_NO_MARK;
}

static void
html_image(struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	char *alt;

	if (t->alt == NULL)
		return;
	alt = html_attr(t->alt, t->alt_len);
	if (*alt != '\0') {
		html_emit(h, "[", 1);
		html_emit(h, alt, strlen(alt));
		html_emit(h, "]", 1);
	}
	free(alt);
}

static void
html_list_start(
    struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	html_break(h, h->nlists > 0 ? 1 : 2);
	if (h->nlists < HTML_DEPTH_MAX) {
		h->lists[h->nlists].ordered = e->name[0] == 'o';
		h->lists[h->nlists].n = 0;
	}
	h->nlists++;
}

static void
html_item(struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	html_break(h, 1);
	if (h->nlists > 0 && h->nlists <= HTML_DEPTH_MAX)
		h->lists[h->nlists - 1].n++;
	h->item = 1;
}

static void
html_rule(struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	html_break(h, 1);
	html_emit(h, "----", 4);
	html_break(h, 1);
}

static void
html_link_close(struct html *h, const struct html_elem *e)
{
	html_link_end(h);
}

static void
html_list_end(struct html *h, const struct html_elem *e)
{
	h->nlists -= h->nlists > 0;
	html_break(h, h->nlists > 0 ? 1 : 2);
}

static void
html_block(struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	html_break(h, e->brk);
}

static void
html_block_end(struct html *h, const struct html_elem *e)
{
	html_break(h, e->brk);
}

static void
html_br(struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	html_break(h, html_min(h->brk + 1, 2));
}

static void
html_quote(struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	html_break(h, 2);
	h->quote++;
}

static void
html_quote_end(struct html *h, const struct html_elem *e)
{
	h->quote -= h->quote > 0;
	html_break(h, 2);
}

static void
html_pre(struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	html_break(h, 2);
	h->pre++;
	h->pre_start = 1;
}

static void
html_pre_end(struct html *h, const struct html_elem *e)
{
	h->pre -= h->pre > 0;
	html_break(h, 2);
}

/* A table cell, either tag: a space from its neighbours. */
static void
html_cell(struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	h->space = 1;
}

static void
html_cell_end(struct html *h, const struct html_elem *e)
{
	h->space = 1;
}

static void
html_raw(struct html *h, const struct html_elem *e, const struct html_tag *t)
{
	html_skip_raw(h, e->name);
}

#define HTML_BLOCK(name, brk)                                                  \
	{                                                                      \
		name, brk, html_block, html_block_end                          \
	}

/* What elements do at their start and end tags; the others nothing. */
/* clang-format off */
static const struct html_elem html_elems[] = {
	{ "a", 0, html_link_start, html_link_close },
	HTML_BLOCK("address", 1),
	HTML_BLOCK("article", 1),
	HTML_BLOCK("aside", 1),
	{ "blockquote", 2, html_quote, html_quote_end },
	{ "br", 0, html_br, NULL },
	HTML_BLOCK("caption", 1),
	HTML_BLOCK("center", 1),
	HTML_BLOCK("dd", 1),
	HTML_BLOCK("details", 1),
	HTML_BLOCK("div", 1),
	HTML_BLOCK("dl", 1),
	HTML_BLOCK("dt", 1),
	HTML_BLOCK("fieldset", 1),
	HTML_BLOCK("figcaption", 1),
	HTML_BLOCK("figure", 1),
	HTML_BLOCK("footer", 1),
	HTML_BLOCK("form", 1),
	HTML_BLOCK("h1", 2),
	HTML_BLOCK("h2", 2),
	HTML_BLOCK("h3", 2),
	HTML_BLOCK("h4", 2),
	HTML_BLOCK("h5", 2),
	HTML_BLOCK("h6", 2),
	HTML_BLOCK("header", 1),
	{ "hr", 1, html_rule, NULL },
	{ "img", 0, html_image, NULL },
	{ "li", 1, html_item, html_block_end },
	HTML_BLOCK("main", 1),
	HTML_BLOCK("nav", 1),
	{ "ol", 0, html_list_start, html_list_end },
	HTML_BLOCK("p", 2),
	{ "pre", 2, html_pre, html_pre_end },
	{ "script", 0, html_raw, NULL },
	HTML_BLOCK("section", 1),
	{ "style", 0, html_raw, NULL },
	HTML_BLOCK("summary", 1),
	HTML_BLOCK("table", 1),
	{ "td", 0, html_cell, html_cell_end },
	{ "template", 0, html_raw, NULL },
	{ "th", 0, html_cell, html_cell_end },
	{ "title", 0, html_raw, NULL },
	HTML_BLOCK("tr", 1),
	{ "ul", 0, html_list_start, html_list_end },
	{ "xml", 0, html_raw, NULL },
	{ NULL, 0, NULL, NULL },
};
/* clang-format on */

static const struct html_elem *
html_elem_find(const char *name)
{
	const struct html_elem *e;

	for (e = html_elems; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* Skip past the first "until" from p, or to the end. */
static const char *
html_skip_past(const char *p, const char *end, const char *until)
{
	const char *q = html_find(p, end, until);

	return q != NULL ? q + strlen(until) : end;
}

/* At '<': a tag, a comment, a declaration, or a plain '<'. */
static void
html_markup(struct html *h)
{
	const char *p = h->p + 1, *end = h->end;
	const struct html_elem *e;
	struct html_tag t;

	if (p < end && *p == '!' && end - p >= 3 && p[1] == '-' && p[2] == '-')
		h->p = html_skip_past(p + 3, end, "-->");
	else if (p < end && (*p == '!' || *p == '?'))
		h->p = html_skip_past(p, end, ">");
	else if (p < end &&
	    (html_alpha(*p) ||
		(*p == '/' && p + 1 < end && html_alpha(p[1])))) {
		h->p = html_tag_parse(h->p, end, &t);
		e = html_elem_find(t.name);
		if (e != NULL && t.end && e->end != NULL)
			e->end(h, e);
		else if (e != NULL && !t.end && e->start != NULL)
			e->start(h, e, &t);
	} else {
		html_emit(h, "<", 1);
		h->p++;
	}
}

static void
html_reference(struct html *h)
{
	unsigned cp;
	size_t n = html_entity(h->p, h->end, 0, &cp);

	if (n == 0) {
		html_emit(h, "&", 1);
		h->p++;
		return;
	}
	html_emit_cp(h, cp);
	h->p += n;
}

int
html_to_text(const char *in, size_t len, struct buf *out)
{
	struct html h = {
		.p = in, .end = in + len, .out = out, .link_at = HTML_NO_MARK
	};
	const char *q;

	while (h.p < h.end && !h.err) {
		if (*h.p == '<')
			html_markup(&h);
		else if (*h.p == '&')
			html_reference(&h);
		else {
			for (q = h.p; q < h.end && *q != '<' && *q != '&'; q++)
				;
			html_emit(&h, h.p, (size_t)(q - h.p));
			h.p = q;
		}
	}
	html_link_end(&h);
	if (h.started && h.trail == 0)
		html_put(&h, "\n", 1);
	free(h.href);
	return h.err ? -1 : 0;
}

int
html_charset(const char *in, size_t len, char *name, size_t size)
{
	const char *p = in,
		   *end = in + (len < HTML_SNIFF_MAX ? len : HTML_SNIFF_MAX),
		   *tag, *c;
	size_t n;

	while ((p = html_find(p, end, "<meta")) != NULL) {
		tag = memchr(p, '>', (size_t)(end - p));
		tag = tag != NULL ? tag : end;
		c = html_find(p, tag, "charset");
		p = tag;
		if (c == NULL)
			continue;
		for (c += 7; c < tag && html_space(*c); c++)
			;
		if (c == tag || *c++ != '=')
			continue;
		while (c < tag && (html_space(*c) || *c == '"' || *c == '\''))
			c++;
		for (n = 0; c + n < tag && (html_namechar(c[n]) || c[n] == '.');
		     n++)
			;
		if (n > 0 && n < size) {
			memcpy(name, c, n);
			name[n] = '\0';
			return 1;
		}
	}
	return 0;
}
