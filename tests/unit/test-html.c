/*
 * The HTML to text converter: a table of HTML and the text it gives,
 * then what the parser must never do (load a file, use the network,
 * overflow the stack, take its time) on hostile input.
 */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "mime/html.h"
#include "tests/tap.h"
#include "util/buf.h"

static const struct html_case {
	const char *name, *in, *want;
} cases[] = {
	{ "empty input", "", "" },
	{ "only white space", " \n\t ", "" },
	{ "text only", "plain", "plain\n" },
	{ "white space collapses", "  a \n\t b  ", "a b\n" },
	{ "paragraphs", "<p>a</p><p>b</p>", "a\n\nb\n" },
	{ "br", "a<br>b<BR/>c", "a\nb\nc\n" },
	{ "two br make a blank line", "a<br><br>b", "a\n\nb\n" },
	{ "many br make one blank line", "a<br><br><br><br>b", "a\n\nb\n" },
	{ "divs", "<div>a</div><div>b</div>", "a\nb\n" },
	{ "headings", "<h1>Title</h1>text", "Title\n\ntext\n" },
	{ "unknown and inline tags", "<span>a</span><font color=red>b</font>",
	    "ab\n" },
	{ "upper-case tags", "<P>a</P><UL><LI>b</UL>", "a\n\n* b\n" },
	{ "markup entities", "&amp;&lt;&gt;&quot;&apos;", "&<>\"'\n" },
	{ "named entities", "caf&eacute; &euro;5 &mdash; &Omega;&tau;",
	    "caf\xc3\xa9 \xe2\x82\xac"
	    "5 \xe2\x80\x94 \xce\xa9\xcf\x84\n" },
	{ "numeric references", "&#65;&#x42;&#X43;&#100", "ABCd\n" },
	{ "references to windows-1252", "&#150;&#128;",
	    "\xe2\x80\x93\xe2\x82\xac\n" },
	{ "invalid numbers", "&#0;&#xD800;&#x110000;&#99999999999;",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\n" },
	{ "what is no reference stays", "&bogus; & x &#; &#x;",
	    "&bogus; & x &#; &#x;\n" },
	{ "names without semicolon", "AT&T &copy 2024 &amp",
	    "AT&T \xc2\xa9 2024 &\n" },
	{ "nbsp is a space", "a&nbsp;&nbsp;b", "a b\n" },
	{ "head, title, style and script dropped",
	    "<html><head><title>T</title><style>p{color:red}</style></head>"
	    "<body><script>if (a<b) x();</script>text</body></html>",
	    "text\n" },
	{ "script end tag in any case", "<SCRIPT>x</Script >y", "y\n" },
	{ "unclosed script", "a<script>b", "a\n" },
	{ "comments", "a<!-- <p>x</p> -->b<!--[if mso]>c<![endif]-->d",
	    "abd\n" },
	{ "unclosed comment", "a<!-- b", "a\n" },
	{ "declarations", "<!DOCTYPE html><?xml version=\"1.0\"?>a", "a\n" },
	{ "lone less-than signs", "1 < 2 and 3<4 <", "1 < 2 and 3<4 <\n" },
	{ "> inside a quoted attribute", "<input value=\"a>b\">c", "c\n" },
	{ "unordered list", "<ul><li>one<li>two</ul>", "* one\n* two\n" },
	{ "ordered list", "<ol><li>a</li><li>b</li></ol>", "1. a\n2. b\n" },
	{ "nested list", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>",
	    "* a\n  * b\n* c\n" },
	{ "list item on two lines", "<ul><li>a<br>b</li></ul>", "* a\n  b\n" },
	{ "text around a list", "x<ul><li>a</li></ul>y", "x\n\n* a\n\ny\n" },
	{ "link", "<a href=\"http://x.org/?a=1&amp;b=2\">site</a>",
	    "site <http://x.org/?a=1&b=2>\n" },
	{ "link in a sentence", "see <a href=x.html>this</a>, then",
	    "see this <x.html>, then\n" },
	{ "link that is its own text",
	    "<a href=\"http://x.org\">http://x.org</a>", "http://x.org\n" },
	{ "mailto links",
	    "<a href=\"mailto:a@b.org\">a@b.org</a> "
	    "<a href='mailto:a@b.org'>mail me</a>",
	    "a@b.org mail me <mailto:a@b.org>\n" },
	{ "anchors and scripts are no links",
	    "<a href=\"#top\">top</a> <a href=\"javascript:x()\">run</a> "
	    "<a name=x>n</a>",
	    "top run n\n" },
	{ "link without text", "<a href=\"http://x\"></a>b", "b\n" },
	{ "image alt text", "<img src=\"x.png\" alt=\"Logo\"> text<img src=y>",
	    "[Logo] text\n" },
	{ "blockquote",
	    "<p>hi</p><blockquote>quoted<br>two<p>para</p>"
	    "</blockquote><p>after</p>",
	    "hi\n\n> quoted\n> two\n>\n> para\n\nafter\n" },
	{ "quote depth is capped",
	    "<blockquote><blockquote><blockquote><blockquote><blockquote>"
	    "<blockquote><blockquote><blockquote><blockquote><blockquote>x",
	    "> > > > > > > > x\n" },
	{ "pre keeps white space", "<pre>\n  a\n   b</pre>x",
	    "  a\n   b\n\nx\n" },
	{ "table",
	    "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr>"
	    "</table>",
	    "a b\nc\n" },
	{ "horizontal rule", "a<hr>b", "a\n----\nb\n" },
	{ "control characters are left to the sanitizer", "a&#27;b",
	    "a\x1b"
	    "b\n" },
	{ "UTF-8 passes", "\xe6\x97\xa5\xe6\x9c\xac <b>\xe8\xaa\x9e</b>",
	    "\xe6\x97\xa5\xe6\x9c\xac \xe8\xaa\x9e\n" },
	{ "unclosed tags", "<div><b>a<p>b<div>c", "a\n\nb\n\nc\n" },
	{ "stray end tags", "a</div>b</p>c</li>d</blockquote>e", "abcde\n" },
	{ "misnested inline tags", "<b>bold <i>both</b> italic</i> plain",
	    "bold both italic plain\n" },
	{ "unclosed paragraphs and items", "<p>one<p>two<ul><li>a<li>b",
	    "one\n\ntwo\n\n* a\n* b\n" },
	{ "attributes without quotes",
	    "<a href=http://x.org/a?b=1&c=2 title=t>x</a> <img alt=Logo src=y>",
	    "x <http://x.org/a?b=1&c=2> [Logo]\n" },
	{ "text before a block is no paragraph", "a<div>b</div>c",
	    "a\nb\nc\n" },
	{ "text after the end of the document",
	    "<html><body><p>a</p></body></html>footer", "a\n\nfooter\n" },
	{ "entities", "&amp; &nbsp; &#x1F600; &eacute; &lt;p&gt;",
	    "& \xf0\x9f\x98\x80 \xc3\xa9 <p>\n" },
	{ "entities in attributes",
	    "<a href=\"?a=1&amp;b=&#50;&copy=3\">q</a><img "
	    "alt=\"&lt;&eacute;\">",
	    "q <?a=1&b=2&copy=3>[<\xc3\xa9]\n" },
	{ "pre keeps spaces and tabs", "<pre>a  b\n\tc\n</pre>after",
	    "a  b\n\tc\n\nafter\n" },
	{ "nested lists", "<ol><li>a<ul><li>b<ol><li>c</ol></ul><li>d</ol>",
	    "1. a\n  * b\n    1. c\n2. d\n" },
	{ "nested quotes",
	    "<blockquote>a<blockquote>b</blockquote>c</blockquote>d",
	    "> a\n>\n> > b\n>\n> c\n\nd\n" },
	{ "table cells and rows without end tags",
	    "<table><tr><th>h1<th>h2<tr><td>a<td>b</table>after",
	    "h1 h2\na b\nafter\n" },
	{ "table inside a table",
	    "<table><tr><td>a<table><tr><td>b</table><td>c</table>",
	    "a\nb\nc\n" },
	{ "script, style and template dropped, noscript kept",
	    "<style>p{}</style><script>x<p>y</script>z<noscript>n</noscript>"
	    "<template><p>t</template>w",
	    "znw\n" },
	{ "a meta charset does not re-decode UTF-8",
	    "<meta charset=\"iso-8859-1\"><p>caf\xc3\xa9</p>",
	    "caf\xc3\xa9\n" },
	{ "an http-equiv charset does not either",
	    "<meta http-equiv=Content-Type content='text/html; "
	    "charset=windows-1251'>\xd0\xb4\xd0\xb0",
	    "\xd0\xb4\xd0\xb0\n" },
	{ "invalid UTF-8 is replaced, the rest stays UTF-8",
	    "caf\xe9 ol\xc3\xa9 \xc3 \xf0\x9f\x98 \xed\xa0\x80",
	    "caf\xef\xbf\xbd ol\xc3\xa9 \xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\n" },
	{ "escape sequences are left to the sanitizer",
	    "&#27;[31mred <a href='x&#x1b;y'>z</a>",
	    "\x1b[31mred z <x\x1by>\n" },
	{ "raw control characters stay",
	    "a\x1b"
	    "b\x7f",
	    "a\x1b"
	    "b\x7f\n" },
	{ "the noncharacters used inside are no controls",
	    "&#xFDD0;\xef\xb7\x9b", "\xef\xbf\xbd\xef\xbf\xbd\n" },
	{ "bogus comments dropped",
	    "<p><![if !supportLists]>1.<![endif]> item</p>a<!VR>b<!>c"
	    "<![CDATA[x]]>d",
	    "1. item\n\nabcd\n" },
	{ "a bogus comment never swallows an end",
	    "<script>a<!x </script>b<!-- <!y -->c<style>d<!e</style>f",
	    "bcf\n" },
	{ "a byte order mark is no text", "\xef\xbb\xbf<p>a</p>", "a\n" },
	{ "a DOCTYPE and a document's own head and body",
	    "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\">"
	    "<html><head><meta charset=utf-8><title>T</title></head>"
	    "<body bgcolor=white>text</body></html>",
	    "text\n" },
	{ NULL, NULL, NULL },
};

static const struct charset_case {
	const char *name, *in, *want; /* want NULL: none found */
} charset_cases[] = {
	{ "no meta", "<p>charset=koi8-r</p>", NULL },
	{ "http-equiv",
	    "<html><head><meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=EUC-KR\"></head>",
	    "EUC-KR" },
	{ "meta charset", "<META CHARSET=\"utf-8\">", "utf-8" },
	{ "unquoted", "<meta charset=iso-8859-2 >", "iso-8859-2" },
	{ "charset without a value", "<meta charset=>", NULL },
	{ NULL, NULL, NULL },
};

static void
test_cases(void)
{
	const struct html_case *c;
	struct buf out = BUF_INIT;

	for (c = cases; c->name != NULL; c++) {
		buf_reset(&out);
		if (html_to_text(c->in, strlen(c->in), &out) < 0)
			ok(0, "%s: converts", c->name);
		else
			is_str(out.data, c->want, "%s", c->name);
	}
	buf_release(&out);
}

static void
test_charsets(void)
{
	const struct charset_case *c;
	char name[32];
	int r;

	for (c = charset_cases; c->name != NULL; c++) {
		r = html_charset(c->in, strlen(c->in), name, sizeof name);
		is_str(r ? name : NULL, c->want, "charset: %s", c->name);
	}
	r = html_charset("<meta charset=windows-1251>", 27, name, 5);
	is_int(r, 0, "charset: a name longer than the buffer is none");
}

/* Only the first few kilobytes are searched. */
static void
test_charset_far(void)
{
	struct buf in = BUF_INIT;
	char name[32];
	size_t i;

	for (i = 0; i < 5000; i++)
		buf_addc(&in, ' ');
	buf_adds(&in, "<meta charset=utf-8>");
	is_int(html_charset(in.data, in.len, name, sizeof name), 0,
	    "charset: a meta tag far down is not looked at");
	buf_release(&in);
}

static void
test_cap(void)
{
	struct buf out;

	buf_init(&out, 4);
	is_int(html_to_text("<p>hello world</p>", 18, &out), -1,
	    "a full output buffer is an error");
	ok(out.len <= 4, "and the cap holds");
	buf_release(&out);
}

/* Every prefix of a page converts: cut markup never fails or overruns. */
static void
test_prefixes(void)
{
	static const char page[] =
	    "<html><head><style>a{}</style></head><body><!-- c -->"
	    "<p class=\"x\">T&eacute;l &#233;&#x20AC; <a href='u?a=1&amp;b'>"
	    "link</a><ul><li>one<ol><li>two</ol></ul><blockquote>q<pre>p\n"
	    " re</pre></blockquote><img alt=\"i\"><table><tr><td>c</td></tr>"
	    "</table><script>x</script></body></html>";
	struct buf out = BUF_INIT;
	size_t n, failed = 0;

	for (n = 0; n <= sizeof page - 1; n++) {
		buf_reset(&out);
		if (html_to_text(page, n, &out) < 0)
			failed++;
	}
	is_int(failed, 0, "every prefix of a page converts");
	buf_release(&out);
}

/*
 * A NUL byte, which a table of C strings cannot hold, is U+FFFD; the
 * input ends at len, not at a NUL; no input at all is no text.
 */
static void
test_nul_and_empty(void)
{
	struct buf out = BUF_INIT;

	is_int(html_to_text("a\0b<p>\0</p>", 11, &out), 0, "NUL: converts");
	is_str(out.data,
	    "a\xef\xbf\xbd"
	    "b\n\n\xef\xbf\xbd\n",
	    "NUL: shown as U+FFFD");
	buf_reset(&out);
	html_to_text("<p>ab</p>cd", 9, &out);
	is_str(out.data, "ab\n", "nothing past len is read");
	buf_reset(&out);
	is_int(html_to_text(NULL, 0, &out), 0, "no input: converts");
	is_int((long)out.len, 0, "no input: no text");
	html_to_text("<html><head></head><body></body></html>", 39, &out);
	is_int((long)out.len, 0, "an empty document: no text");
	buf_release(&out);
}

static int entity_loads;

/* Counts what libxml2 would load; the converter must never ask. */
static xmlParserInputPtr
count_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	entity_loads++;
	return NULL;
}

/* A listening socket on 127.0.0.1; its port in *port_r. */
static int
listen_local(int *port_r)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t sl = sizeof sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0 ||
	    listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) < 0)
		abort();
	*port_r = ntohs(sin.sin_port);
	return fd;
}

/* Whether anybody connected to the listening socket fd. */
static int
connected(int fd)
{
	int c;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	c = accept(fd, NULL, NULL);
	if (c >= 0) {
		close(c);
		return 1;
	}
	return errno != EAGAIN && errno != EWOULDBLOCK;
}

/*
 * A document type and entities naming a local file and a port on
 * 127.0.0.1: neither the file's text nor a connection may result.
 */
static void
test_no_loading(void)
{
	char dir[] = "test-html.XXXXXX", path[4096], html[16384];
	char *abs;
	struct buf out = BUF_INIT;
	int fd, lfd, port;

	xmlSetExternalEntityLoader(count_loader);
	if (mkdtemp(dir) == NULL || (abs = realpath(dir, NULL)) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/secret", abs);
	free(abs);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	if (fd < 0 || write(fd, "SECRET", 6) != 6 || close(fd) < 0)
		abort();
	lfd = listen_local(&port);
	snprintf(html, sizeof html,
	    "<!DOCTYPE html SYSTEM \"file://%s\" [<!ENTITY x SYSTEM "
	    "\"file://%s\"><!ENTITY y SYSTEM \"http://127.0.0.1:%d/y\">]>"
	    "<p>&x;&y;<img src=\"http://127.0.0.1:%d/i.png\" alt=img>"
	    "<iframe src=\"file://%s\"></iframe>end",
	    path, path, port, port, path);
	is_int(html_to_text(html, strlen(html), &out), 0,
	    "external entities: converts");
	ok(strstr(out.data, "SECRET") == NULL, "the file is not read");
	ok(strstr(out.data, "end") != NULL, "the text after is shown");
	is_int(entity_loads, 0, "nothing is asked of the entity loader");
	ok(!connected(lfd), "nobody connects to 127.0.0.1");
	close(lfd);
	unlink(path);
	rmdir(dir);
	buf_release(&out);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * head, then unit n times, then tail, converted into out: returns the
 * seconds it took (1e9 when it failed).
 */
static double
time_page(const char *head, const char *unit, size_t n, const char *tail,
    struct buf *out)
{
	struct buf in = BUF_INIT;
	struct timespec t0;
	double took;

	buf_adds(&in, head);
	while (n-- > 0)
		buf_adds(&in, unit);
	buf_adds(&in, tail);
	buf_reset(out);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	took =
	    html_to_text(in.data, in.len, out) < 0 ? 1e9 : seconds_since(&t0);
	buf_release(&in);
	return took;
}

static size_t
count(const struct buf *b, const char *needle)
{
	const char *p = b->data;
	size_t n = 0;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/*
 * Deep nesting: the walk is a loop, so no depth can exhaust the stack.
 * A small page deeper than libxml2's limit of 256 is shown in full; a
 * big one up to that depth, then a note says the rest is not shown.
 */
static void
test_deep(void)
{
	struct buf out = BUF_INIT;
	double took;

	took = time_page("", "<div>", 100000, "x", &out);
	ok(took < 20, "100000 nested div in %.2f s", took);
	ok(strstr(out.data, "nested more than 256") != NULL,
	    "and a note says the rest is not shown");
	took = time_page("<p>top", "<blockquote>", 100000, "x", &out);
	ok(took < 20, "100000 nested blockquote in %.2f s", took);
	ok(strncmp(out.data, "top\n\n[", 6) == 0,
	    "the text before is out, then the note");
	time_page("", "<blockquote>", 200, "x", &out);
	is_str(out.data, "> > > > > > > > x\n",
	    "200 nested blockquote: the quote marks stop at 8");
	took = time_page("", "<div>a", 20000, "</div>end", &out);
	ok(took < 20, "20000 nested div (100 KB) in %.2f s", took);
	is_int((long)count(&out, "a\n"), 20000, "and every line is out");
	ok(strstr(out.data, "\nend\n") != NULL, "with the text after");
	took = time_page("", "<div><span>a</p>", 8000, "", &out);
	ok(took < 20, "125 KB of nesting and stray end tags in %.2f s", took);
	is_int((long)count(&out, "a\n"), 8000, "and every line is out");
	time_page("", "<div>x", 300, "</div>after", &out);
	ok(strstr(out.data, "x\nafter\n") != NULL,
	    "300 levels: the text after them is shown");
	buf_release(&out);
}

/*
 * Big and hostile input: 5 MB of mail markup, and 5 MB of ever deeper
 * nesting with stray end tags (which libxml2 looks up through every
 * open element).
 */
static void
test_big(void)
{
	struct buf out = BUF_INIT, head = BUF_INIT;
	double took;
	int i;

	took = time_page("",
	    "<p class=x>caf&eacute; <b>b<i>i</b> <a href=u>l</a>"
	    "<ul><li>x<li>y</ul></div><td>c&copy 1<br>\n",
	    5u << 20 >> 7, "", &out);
	ok(took < 20, "5 MB of markup in %.2f s", took);
	ok(count(&out, "\n") > 100000, "and its lines are out");
	took = time_page("", "<div><span>a</p>", 5u << 20 >> 4, "", &out);
	ok(took < 20, "5 MB of deep nesting in %.2f s", took);
	ok(strstr(out.data, "is not shown]") != NULL,
	    "and what is too deep is said");
	for (i = 0; i < 250; i++)
		buf_adds(&head, "<div>");
	took = time_page(head.data, "</p>", 1u << 20 >> 2, "x", &out);
	ok(took < 20, "1 MB of stray end tags 250 deep in %.2f s", took);
	is_str(out.data, "x\n", "and the text after them is out");
	buf_release(&head);
	buf_release(&out);
}

int
main(void)
{
	test_cases();
	test_charsets();
	test_charset_far();
	test_cap();
	test_prefixes();
	test_nul_and_empty();
	test_no_loading();
	test_deep();
	test_big();
	done_testing();
	return exit_status();
}
