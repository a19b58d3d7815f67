/*
 * HTML to plain text on libxml2's HTML parser. libxml2 reads the mail's
 * markup into a tree, recovering from broken tags the way browsers do
 * and decoding character references; a walk over that tree lays the
 * text out for a terminal. The walk is a loop over the children, next
 * and parent pointers, so no nesting can exhaust the stack, and it
 * reads only the finished tree, never the parser's state. Nothing is
 * fetched: the HTML parser loads no DTD or external entity, and NONET
 * forbids the network besides.
 *
 * A pass before the parser rewrites what libxml2 2.9 reads differently
 * from a browser (html_clean): invalid UTF-8, NUL and control bytes,
 * numeric references to C1 codes or nothing, legacy names without
 * their ';', and bogus comments such as Word's "<![if ...]>". Control
 * characters the text should keep travel through the parser as the
 * noncharacters U+FDD0..U+FDEF (which libxml2 does not drop) and turn back into
 * controls on the way out.
 *
 * The page is read as the content of a <body> (HTML_BODY is put before
 * it): text before any element is then no paragraph libxml2 made up,
 * and a document's own <html>, <head> and <body> tags are ignored
 * while what they hold is kept.
 *
 * libxml2 stops building a tree deeper than 256 elements, and without
 * that limit it would take quadratic time over stray end tags (it looks
 * each one up through all the open elements). So a deeper page is read
 * again without the limit only when it is small (HTML_HUGE_MAX); a
 * bigger one shows its text up to where the parser stopped, then says
 * that the rest is not shown.
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
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "mime/html.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define HTML_DEPTH_MAX 8    /* quote and list levels drawn; deeper not */
#define HTML_SNIFF_MAX 4096 /* where a <meta> charset may be */
#define HTML_NAME_MAX 32    /* longer reference names are none */
#define HTML_NO_MARK ((size_t)-1)
#define HTML_MARK_BASE 0xfdd0	   /* control c travels as U+FDD0 + c */
#define HTML_HUGE_MAX (128u << 10) /* deeper than 256 read again up to */
#define HTML_NEST_LIBXML 256	   /* libxml2's nesting limit for trees */
#define HTML_BODY "<body>"

/*
 * The parser's options: recover, stay quiet, never fetch, trust the
 * UTF-8 we say the input is (a <meta> charset changes nothing), no
 * default document type node.
 */
#define HTML_OPTIONS                                                           \
	(HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |      \
	    HTML_PARSE_NONET | HTML_PARSE_NODEFDTD | HTML_PARSE_IGNORE_ENC)

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
	struct buf *out;
	struct buf text;    /* a text node with its marks turned back */
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

/*
 * A bogus comment at p ("<!" opening no comment or document type, as
 * in Word's "<![if !supportLists]>"): browsers drop it up to the first
 * '>', libxml2 2.9 shows it as text. Returns the bytes to drop, or 0.
 * It is dropped only when no '<' comes first and no '-' stands just
 * before the '>', so it never swallows the end of a comment ("-->") or
 * of a script or style ("</script>") it happens to sit in.
 */
static size_t
html_clean_bogus(const char *p, const char *end)
{
	const char *q;

	if (end - p < 3 || p[1] != '!' || p[2] == '-' ||
	    (end - p >= 9 && strncasecmp(p + 2, "doctype", 7) == 0))
		return 0;
	for (q = p + 2; q < end && *q != '>' && *q != '<'; q++)
		;
	if (q == end || *q == '<' || q[-1] == '-')
		return 0;
	return (size_t)(q - p) + 1;
}

/* Whether the byte c may need a rewrite: anything but plain ASCII. */
static int
html_suspect(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 0x80 || c == '&' || c == '<' ||
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
	if (c == '<') {
		n = html_clean_bogus(p, end);
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
 * in[0..len) appended to b with what libxml2 would read differently
 * from a browser rewritten (see the top of the file). in may be NULL
 * when len is 0.
 */
static void
html_clean(const char *in, size_t len, struct buf *b)
{
	const char *p = in, *end, *kept = in;
	size_t n;

	if (len == 0)
		return;
	end = in + len;
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

/*
 * What an element does when the walk enters and leaves it (NULL:
 * nothing). The content of a skipped element is not text to read.
 */
struct html_elem {
	const char *name;
	int brk;  /* blocks: 1 on lines of their own, 2 a paragraph */
	int skip; /* title, script, style ...: its content is dropped */
	void (*start)(struct html *h, const struct html_elem *e, xmlNode *node);
	void (*end)(struct html *h, const struct html_elem *e);
};

/*
 * The element's attribute name, its marks turned back and its ends
 * trimmed; the caller frees it. NULL when there is none.
 */
static char *
html_attr(xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
	struct buf b = BUF_INIT;
	size_t i;

	if (v == NULL)
		return NULL;
	html_unmark(&b, (const char *)v, strlen((const char *)v));
	xmlFree(v);
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
html_link_start(struct html *h, const struct html_elem *e, xmlNode *node)
{
	char *href = html_attr(node, "href");

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
html_image(struct html *h, const struct html_elem *e, xmlNode *node)
{
	char *alt = html_attr(node, "alt");

	if (alt != NULL && *alt != '\0') {
		html_emit(h, "[", 1);
		html_emit(h, alt, strlen(alt));
		html_emit(h, "]", 1);
	}
	free(alt);
}

static void
html_list_start(struct html *h, const struct html_elem *e, xmlNode *node)
{
	html_break(h, h->nlists > 0 ? 1 : 2);
	if (h->nlists < HTML_DEPTH_MAX) {
		h->lists[h->nlists].ordered = e->name[0] == 'o';
		h->lists[h->nlists].n = 0;
	}
	h->nlists++;
}

static void
html_item(struct html *h, const struct html_elem *e, xmlNode *node)
{
	html_break(h, 1);
	if (h->nlists > 0 && h->nlists <= HTML_DEPTH_MAX)
		h->lists[h->nlists - 1].n++;
	h->item = 1;
}

static void
html_rule(struct html *h, const struct html_elem *e, xmlNode *node)
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
html_block(struct html *h, const struct html_elem *e, xmlNode *node)
{
	html_break(h, e->brk);
}

static void
html_block_end(struct html *h, const struct html_elem *e)
{
	html_break(h, e->brk);
}

static void
html_br(struct html *h, const struct html_elem *e, xmlNode *node)
{
	html_break(h, html_min(h->brk + 1, 2));
}

static void
html_quote(struct html *h, const struct html_elem *e, xmlNode *node)
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
html_pre(struct html *h, const struct html_elem *e, xmlNode *node)
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
html_cell(struct html *h, const struct html_elem *e, xmlNode *node)
{
	h->space = 1;
}

static void
html_cell_end(struct html *h, const struct html_elem *e)
{
	h->space = 1;
}

#define HTML_BLOCK(name, brk)                                                  \
	{                                                                      \
		name, brk, 0, html_block, html_block_end                       \
	}
#define HTML_SKIP(name)                                                        \
	{                                                                      \
		name, 0, 1, NULL, NULL                                         \
	}

/* What elements do; the others nothing but show their content. */
/* clang-format off */
static const struct html_elem html_elems[] = {
	{ "a", 0, 0, html_link_start, html_link_close },
	HTML_BLOCK("address", 1),
	HTML_BLOCK("article", 1),
	HTML_BLOCK("aside", 1),
	{ "blockquote", 2, 0, html_quote, html_quote_end },
	{ "br", 0, 0, html_br, NULL },
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
	{ "hr", 1, 0, html_rule, NULL },
	{ "img", 0, 0, html_image, NULL },
	{ "li", 1, 0, html_item, html_block_end },
	HTML_BLOCK("main", 1),
	HTML_BLOCK("nav", 1),
	{ "ol", 0, 0, html_list_start, html_list_end },
	HTML_BLOCK("p", 2),
	{ "pre", 2, 0, html_pre, html_pre_end },
	HTML_SKIP("script"),
	HTML_BLOCK("section", 1),
	HTML_SKIP("style"),
	HTML_BLOCK("summary", 1),
	HTML_BLOCK("table", 1),
	{ "td", 0, 0, html_cell, html_cell_end },
	HTML_SKIP("template"),
	{ "th", 0, 0, html_cell, html_cell_end },
	HTML_SKIP("title"),
	HTML_BLOCK("tr", 1),
	{ "ul", 0, 0, html_list_start, html_list_end },
	HTML_SKIP("xml"),
	{ NULL, 0, 0, NULL, NULL },
};
/* clang-format on */

static const struct html_elem *
html_elem_find(const xmlChar *name)
{
	const struct html_elem *e;

	for (e = html_elems; name != NULL && e->name != NULL; e++)
		if (strcmp(e->name, (const char *)name) == 0)
			return e;
	return NULL;
}

/*
 * The walk over the tree
 */

static void
html_text(struct html *h, const xmlNode *node)
{
	const char *s = (const char *)node->content;

	if (s == NULL)
		return;
	buf_reset(&h->text);
	html_unmark(&h->text, s, strlen(s));
	html_emit(h, h->text.data, h->text.len);
}

/* Entering a node: returns whether the walk goes into its children. */
static int
html_enter(struct html *h, xmlNode *node)
{
	const struct html_elem *e;

	if (node->type == XML_TEXT_NODE) {
		html_text(h, node);
		return 0;
	}
	if (node->type != XML_ELEMENT_NODE)
		return 0; /* comments, processing instructions, script text */
	e = html_elem_find(node->name);
	if (e != NULL && e->start != NULL)
		e->start(h, e, node);
	return e == NULL || !e->skip;
}

static void
html_leave(struct html *h, const xmlNode *node)
{
	const struct html_elem *e;

	if (node->type != XML_ELEMENT_NODE)
		return;
	e = html_elem_find(node->name);
	if (e != NULL && e->end != NULL)
		e->end(h, e);
}

/*
 * Every node under doc in document order, each left after its
 * children: a loop, not recursion, however deep the tree. Stops when
 * out is full, since nothing more can come of the rest.
 */
static void
html_walk(struct html *h, xmlDoc *doc)
{
	xmlNode *top = (xmlNode *)doc, *n = doc->children;

	while (n != NULL && !h->err) {
		if (html_enter(h, n) && n->children != NULL) {
			n = n->children;
			continue;
		}
		for (;;) {
			html_leave(h, n);
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (n == NULL || n == top) {
				n = NULL;
				break;
			}
		}
	}
}

/*
 * The parser
 */

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

/* Why the parser stopped before the end of its input. */
enum html_stop {
	HTML_STOP_NONE,
	HTML_STOP_DEEP,	 /* more than 256 elements deep */
	HTML_STOP_OTHER, /* another fatal error: its message in why */
};

/*
 * The fatal error that stopped the parser, if any. The only one libxml2
 * raises as an internal error while reading HTML into a tree is the
 * nesting limit; the others (out of memory, a text node past its size
 * limit) are passed on with libxml2's own words.
 */
static enum html_stop
html_stopped(htmlParserCtxtPtr ctxt, struct buf *why)
{
	const xmlError *e = xmlCtxtGetLastError(ctxt);
	size_t n;

	if (e == NULL || e->level != XML_ERR_FATAL)
		return HTML_STOP_NONE;
	if (e->code == XML_ERR_INTERNAL_ERROR)
		return HTML_STOP_DEEP;
	if (e->message != NULL) {
		n = strlen(e->message);
		while (n > 0 && html_space(e->message[n - 1]))
			n--;
		buf_add(why, e->message, n);
	}
	return HTML_STOP_OTHER;
}

/*
 * in[0..len) read into a tree (NULL when libxml2 could not even begin
 * one); *stop_r says whether and why it stopped early. The caller frees
 * the tree with xmlFreeDoc.
 */
static xmlDoc *
html_read(const char *in, size_t len, int options, enum html_stop *stop_r,
    struct buf *why)
{
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	xmlDoc *doc;

	if (ctxt == NULL)
		abort(); /* out of memory, as xmalloc would */
	doc = htmlCtxtReadMemory(ctxt, in, len > INT_MAX ? INT_MAX : (int)len,
	    NULL, "UTF-8", options);
	buf_reset(why);
	*stop_r = html_stopped(ctxt, why);
	htmlFreeParserCtxt(ctxt);
	return doc;
}

/*
 * The tree of the cleaned page in[0..len). One deeper than libxml2's
 * limit is read again without it when it is small enough for the
 * quadratic worst case to stay well under a second.
 */
static xmlDoc *
html_parse(const char *in, size_t len, enum html_stop *stop_r, struct buf *why)
{
	xmlDoc *doc;

	pthread_once(&html_once, html_init);
	doc = html_read(in, len, HTML_OPTIONS, stop_r, why);
	if (*stop_r != HTML_STOP_DEEP || len > HTML_HUGE_MAX)
		return doc;
	xmlFreeDoc(doc);
	return html_read(in, len, HTML_OPTIONS | XML_PARSE_HUGE, stop_r, why);
}

/* Say, on a line of its own, why the text ends before the page does. */
static void
html_note_stop(struct html *h, enum html_stop stop, const struct buf *why)
{
	struct buf note = BUF_INIT;

	if (stop == HTML_STOP_NONE)
		return;
	html_link_end(h);
	html_break(h, 2);
	h->quote = h->nlists = h->pre = 0;
	if (stop == HTML_STOP_DEEP)
		buf_addf(&note,
		    _("[the rest of this HTML is nested more than %d elements "
		      "deep and is not shown]"),
		    HTML_NEST_LIBXML);
	else
		buf_addf(&note, _("[the rest of this HTML is not shown: %s]"),
		    why->len > 0 ? why->data : _("the parser stopped"));
	html_emit(h, note.data, note.len);
	buf_release(&note);
}

int
html_to_text(const char *in, size_t len, struct buf *out)
{
	struct html h = {
		.out = out, .text = BUF_INIT, .link_at = HTML_NO_MARK
	};
	struct buf clean = BUF_INIT, why = BUF_INIT;
	enum html_stop stop;
	xmlDoc *doc;

	if (len >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0) {
		in +=
		    3; /* a byte order mark: after HTML_BODY it would be text */
		len -= 3;
	}
	buf_adds(&clean, HTML_BODY);
	html_clean(in, len, &clean);
	doc = html_parse(clean.data, clean.len, &stop, &why);
	buf_release(&clean);
	if (doc != NULL)
		html_walk(&h, doc);
	else
		stop = HTML_STOP_OTHER;
	xmlFreeDoc(doc);
	html_link_end(&h);
	html_note_stop(&h, stop, &why);
	if (h.started && h.trail == 0)
		html_put(&h, "\n", 1);
	free(h.href);
	buf_release(&h.text);
	buf_release(&why);
	return h.err ? -1 : 0;
}

/*
 * A scan of its own rather than the parser: it looks at the raw bytes
 * before they are decoded (the parser wants them as UTF-8 already) and
 * at a few kilobytes only, and it never builds a tree for a page whose
 * text is converted in full later anyway.
 */
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
