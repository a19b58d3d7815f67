/* The HTML to text converter: a table of HTML and the text it gives. */
#include <config.h>

#include <string.h>

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

int
main(void)
{
	test_cases();
	test_charsets();
	test_charset_far();
	test_cap();
	test_prefixes();
	done_testing();
	return exit_status();
}
