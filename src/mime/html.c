/*
 * HTML to plain text on libxml2's HTML parser. libxml2 tokenizes the
 * mail's markup, recovers from broken tags the way browsers do and
 * decodes character references; its SAX events drive a small writer
 * here that lays the text out for a terminal. No tree is built: the
 * memory used is one copy of the input besides the text. Nothing is
 * fetched: the HTML parser loads no DTD or external entity, and NONET
 * forbids the network besides.
 *
 * A pass before the parser rewrites what libxml2 2.9 reads differently
 * from a browser (html_clean): invalid UTF-8, NUL and control bytes,
 * numeric references to C1 codes or nothing, and legacy names without
 * their ';'. Control characters the text should keep travel through
 * the parser as the noncharacters U+FDD1..U+FDEF (which libxml2 does
 * not drop) and turn back into controls on the way out. A page nested
 * deeper than any real mail is parsed in pieces (html_too_deep), so
 * hostile markup costs linear time.
 */
#include <config.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "mime/html.h"
#include "util/xalloc.h"

#define HTML_DEPTH_MAX 8    /* quote and list levels drawn; deeper not */
#define HTML_SNIFF_MAX 4096 /* where a <meta> charset may be */
#define HTML_NAME_MAX 32    /* longer reference names are none */
#define HTML_NO_MARK ((size_t)-1)
#define HTML_NEST_MAX 256     /* open elements the parser may hold */
#define HTML_MARK_BASE 0xfdd0 /* control c travels as U+FDD0 + c */

/* The parser's options: recover, stay quiet, never fetch, trust UTF-8. */
#define HTML_OPTIONS                                                           \
	(HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |          \
	    HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC)

/* &#128; to &#159; mean windows-1252 characters (0: none there). */
/* clang-format off */
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
	htmlParserCtxtPtr ctxt;
	size_t resume; /* where to parse again in this piece, or 0 */
	struct buf *out;
	struct buf text;    /* a text chunk with its marks turned back */
	int err;	    /* out's cap was reached */
	int started;	    /* some text is out */
	int col;	    /* the current line has begun */
	int space;	    /* collapsed whitespace waits */
	int brk;	    /* line breaks wait: 1 or 2 */
	int brk_quote;	    /* the quote depth their blank line shows */
	int trail;	    /* newlines at the end of out */
	int pre, pre_start; /* inside <pre>; just after it */
	int skip;	    /* inside title, script, style ...: dropped */
	int implied;	    /* a paragraph the parser made up is open */
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
html_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
html_namechar(char c)
{
	return html_alnum(c) || c == '-' || c == ':' || c == '_';
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

/*
 * Before the parser
 */

/* A code point as the parser should see it: controls as marks. */
static void
html_clean_cp(struct buf *b, unsigned cp)
{
	char s[4];

	if (cp == '\f')
		cp = ' ';
	else if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
		cp = cp == 0 ? 0xfffd : HTML_MARK_BASE + cp;
	else if (cp >= HTML_MARK_BASE && cp < HTML_MARK_BASE + 0x20)
		cp = 0xfffd; /* a mark in the input would come out wrong */
	buf_add(b, s, html_utf8(cp, s));
}

/* The valid UTF-8 sequence at p: its length and code point, or 0. */
static size_t
html_utf8_decode(const unsigned char *p, const unsigned char *end, unsigned *cp)
{
	size_t n, i;
	unsigned min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, min = 0x80, *cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, min = 0x800, *cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, min = 0x10000, *cp = p[0] & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (p[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

/* What a numeric reference's number stands for, as a browser reads it. */
static unsigned
html_numeric(unsigned v)
{
	if (v >= 0x80 && v <= 0x9f)
		v = html_c1[v - 0x80];
	if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0xfffd;
	return v;
}

/* Whether cp means markup when written out: the parser decodes those. */
static int
html_markup_char(unsigned cp)
{
	return cp == '<' || cp == '>' || cp == '&' || cp == '"' || cp == '\'';
}

/*
 * The numeric reference at p ("&#"), rewritten into b: every one but
 * those for markup characters becomes the character itself, so the
 * browser's reading of C1 codes, zero and out-of-range numbers holds.
 * Returns the bytes it replaces; "&#" with no digits is a plain '&'.
 */
static size_t
html_clean_number(const char *p, const char *end, struct buf *b)
{
	const char *q = p + 2;
	int hex = q < end && (*q == 'x' || *q == 'X');
	unsigned v = 0, d;
	size_t digits = 0;

	for (q += hex; q < end; q++, digits++) {
		if (*q >= '0' && *q <= '9')
			d = (unsigned)(*q - '0');
		else if (hex && ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'f'))
			d = (unsigned)((*q | 0x20) - 'a' + 10);
		else
			break;
		v = v > 0x10ffff ? v : v * (hex ? 16 : 10) + d;
	}
	if (digits == 0) {
		buf_adds(b, "&amp;");
		return 1;
	}
	v = html_numeric(v);
	if (html_markup_char(v))
		buf_addf(b, "&#%u;", v);
	else
		html_clean_cp(b, v);
	return (size_t)(q - p) + (q < end && *q == ';');
}

/*
 * The named reference at p ('&'): a known name without its ';' (as in
 * "&copy 2024") is decoded as a browser does, unless '=' or a letter or
 * digit follows (as in a URL's "&copy=1"). Returns the bytes it
 * replaces in b, or 0 when the parser may have them as they are.
 */
static size_t
html_clean_name(const char *p, const char *end, struct buf *b)
{
	char name[HTML_NAME_MAX + 1];
	const htmlEntityDesc *e;
	const char *q = p + 1;
	size_t n;

	while (q < end && q - p <= HTML_NAME_MAX && html_alnum(*q))
		q++;
	n = (size_t)(q - p - 1);
	if (n == 0 || n > HTML_NAME_MAX ||
	    (q < end && (*q == ';' || *q == '=' || html_alnum(*q))))
		return 0;
	memcpy(name, p + 1, n);
	name[n] = '\0';
	if ((e = htmlEntityLookup((const xmlChar *)name)) == NULL)
		return 0;
	if (html_markup_char(e->value))
		buf_addf(b, "&#%u;", e->value);
	else
		html_clean_cp(b, e->value);
	return n + 1;
}

/* Whether the byte c may need a rewrite: anything but plain ASCII. */
static int
html_suspect(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 0x80 || c == '&' ||
	    (u < 0x20 && c != '\t' && c != '\n' && c != '\r');
}

/*
 * The input at p rewritten into b: returns 1 and the bytes it replaces
 * in n_r, or 0 and the bytes that stay as they are.
 */
static int
html_clean_at(const char *p, const char *end, struct buf *b, size_t *n_r)
{
	unsigned char c = (unsigned char)*p;
	unsigned cp = 0xfffd;
	size_t n;

	if (c == '&') {
		n = p + 1 < end && p[1] == '#' ? html_clean_number(p, end, b)
					       : html_clean_name(p, end, b);
		*n_r = n > 0 ? n : 1;
		return n > 0;
	}
	*n_r = 1;
	if (c < 0x80) {
		html_clean_cp(b, c);
		return 1;
	}
	n = html_utf8_decode(
	    (const unsigned char *)p, (const unsigned char *)end, &cp);
	*n_r = n > 0 ? n : 1;
	if (n > 0 && (cp < HTML_MARK_BASE || cp >= HTML_MARK_BASE + 0x20))
		return 0;
	html_clean_cp(b, n > 0 ? cp : 0xfffd);
	return 1;
}

/*
 * in[0..len) into b with what libxml2 would read differently from a
 * browser rewritten (see the top of the file). The copy also gives the
 * parser the NUL after the end that it relies on.
 */
static void
html_clean(const char *in, size_t len, struct buf *b)
{
	const char *p = in, *end = in + len, *kept = in;
	size_t n;

	while (p < end) {
		if (!html_suspect(*p)) {
			p++;
			continue;
		}
		buf_add(b, kept, (size_t)(p - kept));
		if (!html_clean_at(p, end, b, &n))
			buf_add(b, p, n);
		p += n;
		kept = p;
	}
	buf_add(b, kept, (size_t)(end - kept));
}

/*
 * After the parser
 */

/* Text from the parser into b: marks back to controls, U+00A0 a space. */
static void
html_unmark(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, from = 0;
	char c;

	while (i < n) {
		if (u[i] == 0xc2 && i + 1 < n && u[i + 1] == 0xa0) {
			c = ' ';
			buf_add(b, s + from, i - from);
			buf_add(b, &c, 1);
			from = i += 2;
		} else if (u[i] == 0xef && i + 2 < n && u[i + 1] == 0xb7 &&
		    u[i + 2] >= 0x90 && u[i + 2] <= 0xaf) {
			c = (char)(u[i + 2] - 0x90);
			buf_add(b, s + from, i - from);
			buf_add(b, &c, 1);
			from = i += 3;
		} else
			i++;
	}
	buf_add(b, s + from, n - from);
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

/* What an element does at its start and end (NULL: nothing). */
struct html_elem {
	const char *name;
	int brk; /* blocks: 1 on lines of their own, 2 a paragraph */
	void (*start)(
	    struct html *h, const struct html_elem *e, const xmlChar **atts);
	void (*end)(struct html *h, const struct html_elem *e);
};

/*
 * The attribute name's value, its marks turned back and its ends
 * trimmed; the caller frees it. NULL when there is none.
 */
static char *
html_attr(const xmlChar **atts, const char *name)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (; atts != NULL && atts[0] != NULL; atts += 2)
		if (strcmp((const char *)atts[0], name) == 0 && atts[1] != NULL)
			break;
	if (atts == NULL || atts[0] == NULL)
		return NULL;
	html_unmark(&b, (const char *)atts[1], strlen((const char *)atts[1]));
	for (i = 0; i < b.len && html_space(b.data[i]); i++)
		;
	while (b.len > i && html_space(b.data[b.len - 1]))
		b.len--;
	b.data[b.len] = '\0';
	memmove(b.data, b.data + i, b.len - i + 1);
	b.len -= i;
	return buf_detach(&b, NULL);
}

static void
html_link_start(struct html *h, const struct html_elem *e, const xmlChar **atts)
{
	char *href = html_attr(atts, "href");

	html_link_end(h);
	if (href == NULL)
		return;
	if (*href == '\0' || *href == '#' ||
	    strncasecmp(href, "javascript:", 11) == 0) {
		free(href);
		return;
	}
	h->href = href;
	h->link_at = HTML_NO_MARK;
}

static void
html_image(struct html *h, const struct html_elem *e, const xmlChar **atts)
{
	char *alt = html_attr(atts, "alt");

	if (alt != NULL && *alt != '\0') {
		html_emit(h, "[", 1);
		html_emit(h, alt, strlen(alt));
		html_emit(h, "]", 1);
	}
	free(alt);
}

static void
html_list_start(struct html *h, const struct html_elem *e, const xmlChar **atts)
{
	html_break(h, h->nlists > 0 ? 1 : 2);
	if (h->nlists < HTML_DEPTH_MAX) {
		h->lists[h->nlists].ordered = e->name[0] == 'o';
		h->lists[h->nlists].n = 0;
	}
	h->nlists++;
}

static void
html_item(struct html *h, const struct html_elem *e, const xmlChar **atts)
{
	html_break(h, 1);
	if (h->nlists > 0 && h->nlists <= HTML_DEPTH_MAX)
		h->lists[h->nlists - 1].n++;
	h->item = 1;
}

static void
html_rule(struct html *h, const struct html_elem *e, const xmlChar **atts)
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
html_block(struct html *h, const struct html_elem *e, const xmlChar **atts)
{
	html_break(h, e->brk);
}

static void
html_block_end(struct html *h, const struct html_elem *e)
{
	html_break(h, e->brk);
}

static void
html_br(struct html *h, const struct html_elem *e, const xmlChar **atts)
{
	html_break(h, html_min(h->brk + 1, 2));
}

static void
html_quote(struct html *h, const struct html_elem *e, const xmlChar **atts)
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
html_pre(struct html *h, const struct html_elem *e, const xmlChar **atts)
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

/* A table cell, at either end: a space from its neighbours. */
static void
html_cell(struct html *h, const struct html_elem *e, const xmlChar **atts)
{
	h->space = 1;
}

static void
html_cell_end(struct html *h, const struct html_elem *e)
{
	h->space = 1;
}

/* Elements whose content is not text to read: counted, then dropped. */
static void
html_raw(struct html *h, const struct html_elem *e, const xmlChar **atts)
{
	h->skip++;
}

static void
html_raw_end(struct html *h, const struct html_elem *e)
{
	h->skip -= h->skip > 0;
}

#define HTML_BLOCK(name, brk)                                                  \
	{                                                                      \
		name, brk, html_block, html_block_end                          \
	}
#define HTML_RAW(name)                                                         \
	{                                                                      \
		name, 0, html_raw, html_raw_end                                \
	}

/* What elements do at their start and end; the others nothing. */
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
	HTML_RAW("script"),
	HTML_BLOCK("section", 1),
	HTML_RAW("style"),
	HTML_BLOCK("summary", 1),
	HTML_BLOCK("table", 1),
	{ "td", 0, html_cell, html_cell_end },
	HTML_RAW("template"),
	{ "th", 0, html_cell, html_cell_end },
	HTML_RAW("title"),
	HTML_BLOCK("tr", 1),
	{ "ul", 0, html_list_start, html_list_end },
	HTML_RAW("xml"),
	{ NULL, 0, NULL, NULL },
};
/* clang-format on */

static const struct html_elem *
html_elem_find(const xmlChar *name)
{
	const struct html_elem *e;

	for (e = html_elems; e->name != NULL; e++)
		if (strcmp(e->name, (const char *)name) == 0)
			return e;
	return NULL;
}

/*
 * The parser's events. Its user data is the parser context, whose
 * _private field holds our state.
 */

static struct html *
html_of(void *ctx)
{
	return ((htmlParserCtxtPtr)ctx)->_private;
}

/* Once out is full, nothing more can come of the rest: stop there. */
static void
html_check(struct html *h)
{
	if (h->err)
		xmlStopParser(h->ctxt);
}

/* Inside a dropped element only the dropped ones count (they nest). */
static int
html_counts(const struct html *h, const struct html_elem *e)
{
	return e != NULL && (h->skip == 0 || e->start == html_raw);
}

/*
 * Whether the parser made this <p> up: libxml2 wraps text that comes
 * before any element in a paragraph, which would end it with a blank
 * line. At a real start tag the input stands at its '>' (or "/>", or
 * the end of a cut tag), and the last '<' before it opens a "p".
 */
static int
html_implied(const struct html *h, const xmlChar *name)
{
	xmlParserInputPtr in = h->ctxt->input;
	const xmlChar *p;

	if (strcmp((const char *)name, "p") != 0 || in == NULL)
		return 0;
	if (in->cur < in->end && *in->cur != '>' && *in->cur != '/')
		return 1;
	for (p = in->cur; p > in->base && p[-1] != '<'; p--)
		;
	return p == in->base || (*p | 0x20) != 'p' || html_namechar(p[1]);
}

/*
 * A page nested deeper than HTML_NEST_MAX is parsed in pieces, each
 * with a fresh stack: libxml2 looks a stray end tag up through all the
 * open elements, so a few megabytes of "<div><span></p>" would take
 * minutes. Stop here and say where the next piece starts: past this
 * tag's '>' (or "/>").
 */
static int
html_too_deep(struct html *h)
{
	xmlParserInputPtr in = h->ctxt->input;

	if (h->ctxt->nameNr <= HTML_NEST_MAX || in == NULL)
		return 0;
	h->resume = in->consumed + (size_t)(in->cur - in->base);
	if (in->cur < in->end && *in->cur == '/')
		h->resume++;
	if (in->cur < in->end)
		h->resume++;
	xmlStopParser(h->ctxt);
	return 1;
}

static void
html_on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct html *h = html_of(ctx);
	const struct html_elem *e = html_elem_find(name);

	if (html_too_deep(h))
		return;
	if (html_implied(h, name))
		h->implied = 1;
	else if (html_counts(h, e) && e->start != NULL)
		e->start(h, e, atts);
	html_check(h);
}

static void
html_on_end(void *ctx, const xmlChar *name)
{
	struct html *h = html_of(ctx);
	const struct html_elem *e = html_elem_find(name);

	if (h->implied && strcmp((const char *)name, "p") == 0)
		h->implied = 0; /* paragraphs do not nest: it is that one */
	else if (html_counts(h, e) && e->end != NULL)
		e->end(h, e);
	html_check(h);
}

static void
html_on_text(void *ctx, const xmlChar *s, int len)
{
	struct html *h = html_of(ctx);

	if (h->skip > 0 || len <= 0)
		return;
	buf_reset(&h->text);
	html_unmark(&h->text, (const char *)s, (size_t)len);
	html_emit(h, h->text.data, h->text.len);
	html_check(h);
}

/* The content of script and style: never shown. */
static void
html_on_raw(void *ctx, const xmlChar *s, int len)
{
}

/*
 * No handler for the document type, entity declarations or external
 * subsets: the parser loads nothing, and errors are not reported.
 */
static const htmlSAXHandler html_sax = {
	.startElement = html_on_start,
	.endElement = html_on_end,
	.characters = html_on_text,
	.ignorableWhitespace = html_on_text,
	.cdataBlock = html_on_raw,
};

static pthread_once_t html_once = PTHREAD_ONCE_INIT;

/*
 * libxml2's global tables, made once for every thread. They live as
 * long as the process: xmlCleanupParser is never called, as another
 * thread or library may still use the parser.
 */
static void
html_init(void)
{
	xmlInitParser();
}

/*
 * Run the parser over in[0..len) with h's events; when it stops early
 * (html_too_deep), h->resume says where. The parser reads the bytes
 * in place, declared UTF-8: no copy, no conversion; in[len] is a NUL.
 */
static void
html_parse_piece(struct html *h, const char *in, size_t len)
{
	htmlParserCtxtPtr ctxt;
	xmlParserInputBufferPtr buf;
	xmlParserInputPtr stream;

	h->resume = 0;
	ctxt = htmlNewParserCtxt();
	if (ctxt == NULL)
		abort(); /* out of memory, as xmalloc would */
	memcpy(ctxt->sax, &html_sax, sizeof html_sax);
	ctxt->_private = h;
	h->ctxt = ctxt;
	htmlCtxtUseOptions(ctxt, HTML_OPTIONS);
	buf = xmlParserInputBufferCreateStatic(
	    in, len > INT_MAX ? INT_MAX : (int)len, XML_CHAR_ENCODING_UTF8);
	stream = buf != NULL
	    ? xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_UTF8)
	    : NULL;
	if (stream == NULL)
		abort(); /* out of memory, as xmalloc would */
	inputPush(ctxt, stream);
	htmlParseDocument(ctxt);
	if (ctxt->myDoc != NULL)
		xmlFreeDoc(ctxt->myDoc);
	h->ctxt = NULL;
	htmlFreeParserCtxt(ctxt);
}

static void
html_parse(struct html *h, const char *in, size_t len)
{
	size_t from = 0;

	pthread_once(&html_once, html_init);
	while (from < len && !h->err) {
		html_parse_piece(h, in + from, len - from);
		if (h->resume == 0)
			break;
		from += h->resume;
	}
}

int
html_to_text(const char *in, size_t len, struct buf *out)
{
	struct html h = {
		.out = out, .text = BUF_INIT, .link_at = HTML_NO_MARK
	};
	struct buf clean = BUF_INIT;

	html_clean(in, len, &clean);
	html_parse(&h, clean.data, clean.len);
	buf_release(&clean);
	html_link_end(&h);
	if (h.started && h.trail == 0)
		html_put(&h, "\n", 1);
	free(h.href);
	buf_release(&h.text);
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
