/*
 * Rendering messages as text: a table of small messages and the text
 * each gives, then hostile shapes built in code (many parts, deep
 * nesting, long lines, big parts) and every prefix of one message.
 */
#include <config.h>

#include <string.h>

#include "mime/render.h"
#include "tests/tap.h"
#include "util/buf.h"
#include "util/text.h"

struct render_case {
	const char *name;
	const char *in;
	size_t len;
	const char *want;
};

#define T(name, in, want)                                                      \
	{                                                                      \
		name, in, sizeof(in) - 1, want                                 \
	}

#define FFFD "\xef\xbf\xbd"
#define LINE32 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define LINE64 LINE32 LINE32
#define MIXED(b) "Content-Type: multipart/mixed; boundary=" b "\n\n"

/* clang-format off */
static const struct render_case cases[] = {
	/* Degenerate input. */
	T("empty input", "", ""),
	T("only a newline", "\n", ""),
	T("headers only", "Subject: hi\n", "Subject: hi\n\n"),
	T("headers without a final newline", "Subject: hi", "Subject: hi\n\n"),
	T("body only", "just text\nmore\n", "just text\nmore\n"),
	T("no blank line after the headers", "Subject: x\nHello,\nworld\n",
	    "Subject: x\n\nHello,\nworld\n"),
	T("a stray line inside the headers",
	    "Subject: x\ngarbage\nFrom: a@b\n\nbody\n",
	    "From: a@b\nSubject: x\n\nbody\n"),
	T("CRLF", "Subject: x\r\n\r\nline1\r\nline2\r\n",
	    "Subject: x\n\nline1\nline2\n"),
	T("CRLF and LF mixed", "Subject: x\r\nTo: y@z\n\r\na\r\nb\n",
	    "To: y@z\nSubject: x\n\na\nb\n"),
	T("NUL bytes", "Subject: x\n\na\0b\n", "Subject: x\n\nab\n"),
	T("an mbox From_ line", "From a@b Mon Jan  1 00:00:00 2001\n"
	    "Subject: x\n\nbody\n", "Subject: x\n\nbody\n"),
	T("trailing blank lines", "Subject: s\n\nbody\n\n\n \n",
	    "Subject: s\n\nbody\n"),

	/* Header lines. */
	T("two From headers", "From: a@b.org\nFrom: C <c@d.org>\n\nx\n",
	    "From: a@b.org, C <c@d.org>\n\nx\n"),
	T("order, and empty or other headers left out",
	    "Subject: s\nCc:\nTo: t@x\nFrom: f@x\nX-Other: o\n\n",
	    "From: f@x\nTo: t@x\nSubject: s\n\n"),
	T("folded header", "Subject: a\n  long\n\tsubject\n\n",
	    "Subject: a long subject\n\n"),
	T("date normalised", "Date: Tue, 17 Nov 2009 18:21:38 -0500 (EST)\n\n",
	    "Date: Tue, 17 Nov 2009 18:21:38 -0500\n\n"),
	T("date without weekday and seconds", "Date: 17 Nov 2009 18:21 GMT\n\n",
	    "Date: Tue, 17 Nov 2009 18:21:00 +0000\n\n"),
	T("date that does not parse", "Date: someday soon\n\n",
	    "Date: someday soon\n\n"),
	T("RFC 2047 Q, ISO-8859-1",
	    "Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?=\n\n",
	    "Subject: Caf\xc3\xa9 cr\xc3\xa8me\n\n"),
	T("RFC 2047 B, UTF-8", "Subject: =?UTF-8?B?w6lsw6h2ZQ==?=\n\n",
	    "Subject: \xc3\xa9l\xc3\xa8ve\n\n"),
	T("RFC 2047 adjacent words",
	    "Subject: =?UTF-8?Q?a?= =?UTF-8?Q?b?=  c\n\n", "Subject: ab c\n\n"),
	T("RFC 2047 B words with padding inside a run",
	    "Subject: =?utf-8?b?R3LDvMOfZQ==?=\n =?UTF-8?B?IGF1cw==?= "
	    "=?utf-8?q?_K=C3=B6ln?=\n\n",
	    "Subject: Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln\n\n"),
	T("RFC 2047 padded B words in an address",
	    "To: =?utf-8?b?SsO2cg==?= =?utf-8?b?Zw==?= <j@x.de>, b@x\n\n",
	    "To: J\xc3\xb6rg <j@x.de>, b@x\n\n"),
	T("RFC 2047 ISO-2022-JP",
	    "Subject: =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=\n\n",
	    "Subject: \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n\n"),
	T("RFC 2047 display name", "From: =?ISO-8859-1?Q?J=F6rg?= <j@x.de>\n\n",
	    "From: J\xc3\xb6rg <j@x.de>\n\n"),
	T("raw 8-bit latin-1 header", "Subject: caf\xe9 \x80\n\n",
	    "Subject: caf\xc3\xa9 \xe2\x82\xac\n\n"),
	T("raw 8-bit header in the body's charset",
	    "Subject: \xf0\xd2\xc9\xd7\xc5\xd4\n"
	    "Content-Type: text/plain; charset=koi8-r\n\n"
	    "\xf0\xd2\xc9\xd7\xc5\xd4\n",
	    "Subject: \xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n\n"
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n"),
	T("raw UTF-8 header", "Subject: Gr\xc3\xbc\xc3\x9f" "e\n\n",
	    "Subject: Gr\xc3\xbc\xc3\x9f" "e\n\n"),

	/* Transfer encodings and charsets. */
	T("quoted-printable latin-1",
	    "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "caf=E9 =\nsoft break=3D\n", "caf\xc3\xa9 soft break=\n"),
	T("base64 UTF-8",
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: base64\n\nR3LDvMOfZSBhdXMgS8O2bG4K\n",
	    "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln\n"),
	T("windows-1252", "Content-Type: text/plain; charset=windows-1252\n\n"
	    "\x80 5 \x93q\x94\n", "\xe2\x82\xac 5 \xe2\x80\x9cq\xe2\x80\x9d\n"),
	T("iso-8859-1 read as windows-1252",
	    "Content-Type: text/plain; charset=iso-8859-1\n\n\x80\n",
	    "\xe2\x82\xac\n"),
	T("KOI8-R", "Content-Type: text/plain; charset=KOI8-R\n\n"
	    "\xf0\xd2\xc9\xd7\xc5\xd4\n",
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n"),
	T("Shift_JIS", "Content-Type: text/plain; charset=Shift_JIS\n\n"
	    "\x93\xfa\x96{\x8c\xea\n",
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n"),
	T("ISO-2022-JP body: its escapes are charset, not terminal",
	    "Content-Type: text/plain; charset=iso-2022-jp\n\n"
	    "\x1b$BF|K\\8l\x1b(B\n", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n"),
	T("unknown charset, latin-1 bytes",
	    "Content-Type: text/plain; charset=x-unknown-thing\n\ncaf\xe9\n",
	    "caf\xc3\xa9\n"),
	T("unknown charset, UTF-8 bytes",
	    "Content-Type: text/plain; charset=bogus\n\ncaf\xc3\xa9\n",
	    "caf\xc3\xa9\n"),
	T("no charset, 8-bit bytes", "Subject: s\n\ncaf\xe9\n",
	    "Subject: s\n\ncaf\xc3\xa9\n"),
	T("invalid bytes in UTF-8",
	    "Content-Type: text/plain; charset=utf-8\n\na\xff" "b\n",
	    "a" FFFD "b\n"),
	T("a byte the charset lacks",
	    "Content-Type: text/plain; charset=windows-1252\n\na\x81" "b\n",
	    "a" FFFD "b\n"),

	/* Structure. */
	T("alternative prefers text/plain",
	    "Content-Type: multipart/alternative; boundary=b\n\n"
	    "--b\nContent-Type: text/html\n\n<p>html</p>\n"
	    "--b\nContent-Type: text/plain\n\nplain\n--b--\n", "plain\n"),
	T("alternative without text/plain shows the HTML",
	    "Content-Type: multipart/alternative; boundary=b\n\n"
	    "--b\nContent-Type: image/png\n\nxx\n"
	    "--b\nContent-Type: text/html\n\n<b>bold</b>\n--b--\n", "bold\n"),
	T("HTML only", "Content-Type: text/html; charset=utf-8\n\n"
	    "<p>Tom &amp; Jerry</p><p><a href=\"http://x.org/\">site</a></p>\n",
	    "Tom & Jerry\n\nsite <http://x.org/>\n"),
	T("HTML charset from its meta tag", "Content-Type: text/html\n\n"
	    "<meta charset=\"koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>",
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n"),
	T("attachments with RFC 2231 and RFC 2047 names",
	    "MIME-Version: 1.0\n" MIXED("XX")
	    "--XX\nContent-Type: text/plain\n\nSee attached.\n"
	    "--XX\nContent-Type: application/pdf\n"
	    "Content-Disposition: attachment; "
	    "filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\n"
	    "Content-Transfer-Encoding: base64\n\nSGVsbG8sIHdvcmxkIQo=\n"
	    "--XX\nContent-Type: text/plain; "
	    "name=\"=?UTF-8?Q?=C3=A9t=C3=A9.txt?=\"\n"
	    "Content-Disposition: attachment\n\nabc\n"
	    "--XX\nContent-Type: image/png\nContent-Disposition: attachment; "
	    "filename*0*=UTF-8''a%C3%A9; filename*1=b.png\n\nxy\n--XX--\n",
	    "See attached.\n\n"
	    "[-- Attachment #2: r\xc3\xa9sum\xc3\xa9.pdf "
	    "(application/pdf, 14 B) --]\n"
	    "[-- Attachment #3: \xc3\xa9t\xc3\xa9.txt (text/plain, 3 B) --]\n"
	    "[-- Attachment #4: a\xc3\xa9" "b.png (image/png, 2 B) --]\n"),
	T("sizes in KB",
	    MIXED("b") "--b\nContent-Type: application/octet-stream\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    LINE64 "\n"
	    "--b--\n",
	    "[-- Attachment #1 (application/octet-stream, 1 KB) --]\n"),
	T("a second inline text part gets a line",
	    MIXED("b") "--b\n\nfirst\n--b\nContent-Type: text/x-diff\n"
	    "Content-Disposition: inline; filename=fix.diff\n\n+x\n--b--\n",
	    "first\n\n[-- Part #2: fix.diff (text/x-diff) --]\n+x\n"),
	T("attached message",
	    "From: a@x\nSubject: outer\n" MIXED("b")
	    "--b\n\nsee below\n--b\nContent-Type: message/rfc822\n\n"
	    "From: b@y\nSubject: inner\n\ninner body\n--b--\n",
	    "From: a@x\nSubject: outer\n\nsee below\n\n"
	    "[-- Attached message (message/rfc822) --]\n"
	    "From: b@y\nSubject: inner\n\ninner body\n\n"
	    "[-- End of attached message --]\n"),
	T("attached message in base64",
	    "Content-Type: message/rfc822\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "U3ViamVjdDogaW4KCmhlbGxvCg==\n",
	    "[-- Attached message (message/rfc822) --]\n"
	    "Subject: in\n\nhello\n\n"
	    "[-- End of attached message --]\n"),
	T("signed", "Content-Type: multipart/signed; "
	    "protocol=\"application/pgp-signature\"; micalg=pgp-sha256; "
	    "boundary=s\n\n--s\nContent-Type: text/plain\n\nsigned text\n"
	    "--s\nContent-Type: application/pgp-signature\n\n"
	    "-----BEGIN PGP SIGNATURE-----\nxx\n-----END PGP SIGNATURE-----\n"
	    "--s--\n",
	    "signed text\n\n"
	    "[-- Signature (application/pgp-signature) not verified --]\n"),
	T("encrypted", "Content-Type: multipart/encrypted; "
	    "protocol=\"application/pgp-encrypted\"; boundary=e\n\n"
	    "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
	    "--e\nContent-Type: application/octet-stream\n\n"
	    "-----BEGIN PGP MESSAGE-----\nxx\n-----END PGP MESSAGE-----\n"
	    "--e--\n",
	    "[-- Encrypted part (multipart/encrypted), not shown --]\n"),
	T("S/MIME encrypted", "Content-Type: application/pkcs7-mime; "
	    "smime-type=enveloped-data; name=smime.p7m\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "MIAGCSqGSIb3DQEHA6CAMIACAQA=\n",
	    "[-- Encrypted part (application/pkcs7-mime), not shown --]\n"),
	T("message/partial", "Content-Type: message/partial; id=\"abc@x\"; "
	    "number=2; total=3\n\npiece\n",
	    "[-- Message fragment 2 of 3 (message/partial, id \"abc@x\"), "
	    "not shown --]\n"),
	T("message/external-body", "Content-Type: message/external-body; "
	    "access-type=URL; URL=\"http://x.org/f\"\n\n"
	    "Content-Type: text/plain\n\n",
	    "[-- External body (URL: http://x.org/f), not fetched --]\n"),
	T("related shows its root part",
	    "Content-Type: multipart/related; boundary=r; "
	    "start=\"<root@x>\"\n\n"
	    "--r\nContent-Type: image/png\nContent-ID: <img@x>\n\nPNG\n"
	    "--r\nContent-Type: text/html\nContent-ID: <root@x>\n\n"
	    "<p>root</p>\n"
	    "--r--\n", "[-- Attachment #1 (image/png, 3 B) --]\nroot\n"),
	T("uuencoded file in text",
	    "Subject: s\n\nhere:\nbegin 644 hi.txt\n#:&D*\n`\nend\nbye\n",
	    "Subject: s\n\nhere:\n\n"
	    "[-- uuencoded file: hi.txt (3 B) --]\nbye\n"),
	T("not quite uuencode", "Subject: s\n\nbegin 644 x\nno end here\n",
	    "Subject: s\n\nbegin 644 x\nno end here\n"),
	T("text/enriched", "Content-Type: text/enriched\n\n"
	    "<bold>Hi</bold> there\n\nagain\n", "Hi there\nagain\n"),
	T("multipart without its boundary shows its text",
	    MIXED("zz") "no parts here\n", "no parts here\n"),
	T("empty multipart", MIXED("zz") "--zz--\n", ""),

	/* The terminal is safe. */
	T("escape sequences stripped",
	    "Subject: \x1b[31mred\x1b[0m alert\x07\n\n"
	    "body \x1b]0;title\x07" "end\x1b[2J\n",
	    "Subject: red alert\n\nbody end\n"),
	T("controls inside an encoded word",
	    "Subject: =?UTF-8?B?YRtbMW1iDQpj?=\n\n", "Subject: ab c\n\n"),
	T("controls in an attachment name", MIXED("b")
	    "--b\nContent-Type: application/x-y; name=\"=?UTF-8?Q?a=1B]0;t=07"
	    "b=0Ac?=\"\n\nx\n--b--\n",
	    "[-- Attachment #1: ab c (application/x-y, 1 B) --]\n"),
	{ NULL, NULL, 0, NULL },
};
/* clang-format on */

/* Valid UTF-8 with no control characters but newline and tab. */
static int
safe_text(const char *s, size_t len)
{
	size_t i, n;
	unsigned cp;

	for (i = 0; i < len; i += n) {
		n = text_utf8_len((const unsigned char *)s + i, len - i, &cp);
		if (n == 0 || (cp < 0x20 && cp != '\n' && cp != '\t') ||
		    (cp >= 0x7f && cp <= 0x9f))
			return 0;
	}
	return 1;
}

static void
test_cases(void)
{
	const struct render_case *c;
	struct buf out = BUF_INIT;
	struct err err;

	for (c = cases; c->name != NULL; c++) {
		buf_reset(&out);
		if (render_message(c->in, c->len, NULL, &out, &err) < 0)
			ok(0, "%s: renders (%s)", c->name, err.msg);
		else
			is_str(out.data, c->want, "%s", c->name);
	}
	buf_release(&out);
}

static char *
render_str(const char *in, size_t len, const struct render_opts *opts)
{
	struct buf out = BUF_INIT;
	struct err err;

	if (render_message(in, len, opts, &out, &err) < 0)
		diag("render_message: %s", err.msg);
	return buf_detach(&out, NULL);
}

static void
test_limits(void)
{
	static const char nested[] = MIXED(
	    "a") "--a\n"
		 "Content-Type: multipart/mixed; boundary=b\n\n--b\n\ndeep\n"
		 "--b--\n--a--\n";
	struct render_opts shallow = { 0, 2 }, enough = { 0, 3 };
	struct render_opts small = { 40, 0 };
	struct buf in = BUF_INIT;
	char *s;
	int i;

	s = render_str(nested, sizeof nested - 1, &shallow);
	is_str(s, "[-- Part nested too deeply, not shown --]\n",
	    "past max_depth, a note");
	free(s);
	s = render_str(nested, sizeof nested - 1, &enough);
	is_str(s, "deep\n", "within max_depth, the text");
	free(s);
	buf_adds(&in, "Subject: s\n\n");
	for (i = 0; i < 100; i++)
		buf_addc(&in, 'x');
	s = render_str(in.data, in.len, &small);
	is_str(s,
	    "Subject: s\n\nxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\n"
	    "[-- Rest not shown: the text is longer than 40 B --]\n",
	    "past max_output, the text is cut with a note");
	free(s);
	buf_release(&in);
}

static void
test_out_cap(void)
{
	struct buf out;
	struct err err;

	buf_init(&out, 8);
	is_int(
	    render_message("Subject: a long subject\n\n", 25, NULL, &out, &err),
	    -1, "a full output buffer is an error");
	is_str(err.msg, "the rendered message is too large", "which says so");
	buf_release(&out);
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_many_attachments(void)
{
	struct buf in = BUF_INIT;
	char *s;
	int i;

	buf_adds(&in, MIXED("b") "--b\n\ntext\n");
	for (i = 0; i < 328; i++)
		buf_addf(&in,
		    "--b\nContent-Type: image/png; name=a%d.png\n\n"
		    "x\n",
		    i);
	buf_adds(&in, "--b--\n");
	s = render_str(in.data, in.len, NULL);
	is_int(count(s, "[-- Attachment #"), 328, "328 attachments listed");
	ok(strstr(s, "[-- Attachment #329: a327.png (image/png, 1 B) --]\n") !=
		NULL,
	    "the last one numbered 329");
	free(s);
	buf_release(&in);
}

static void
test_deep(void)
{
	struct buf in = BUF_INIT;
	char *s;
	int i;

	for (i = 0; i < 2000; i++)
		buf_addf(&in,
		    "Content-Type: multipart/mixed; boundary=b%d\n\n"
		    "--b%d\n",
		    i, i);
	buf_adds(&in, "\nbottom\n");
	s = render_str(in.data, in.len, NULL);
	is_str(s, "[-- Part nested too deeply, not shown --]\n",
	    "2000 nested multiparts: a note");
	free(s);
	buf_reset(&in);
	for (i = 0; i < 2000; i++)
		buf_addf(&in,
		    "Subject: %d\n"
		    "Content-Type: message/rfc822\n\n",
		    i);
	buf_adds(&in, "Subject: last\n\nbottom\n");
	s = render_str(in.data, in.len, NULL);
	is_int(count(s, "[-- Attached message"), RENDER_MAX_DEPTH,
	    "2000 nested messages: shown to the depth limit");
	free(s);
	buf_release(&in);
}

static void
test_long(void)
{
	struct buf in = BUF_INIT, line = BUF_INIT, bound = BUF_INIT;
	char *s;
	int i;

	for (i = 0; i < 7000; i++)
		buf_addc(&line, (char)('a' + i % 26));
	for (i = 0; i < 28000; i++)
		buf_addc(&bound, 'q');
	buf_addf(&in,
	    "Content-Type: multipart/mixed; boundary=\"%s\"\n\n"
	    "--%s\n\n%s\n--%s--\n",
	    bound.data, bound.data, line.data, bound.data);
	/* GMime cannot match so long a boundary: the text is shown raw. */
	s = render_str(in.data, in.len, NULL);
	ok(strstr(s, line.data) != NULL && safe_text(s, strlen(s)),
	    "a 7 kB line inside a 28 kB boundary is not lost");
	free(s);
	buf_reset(&in);
	buf_adds(&in, "To: ");
	for (i = 0; i < 3000; i++)
		buf_addf(&in, "%s=?UTF-8?Q?N=C3=A9_%d?= <n%d@x>",
		    i ? ",\n " : "", i, i);
	buf_adds(&in, "\n\n");
	s = render_str(in.data, in.len, NULL);
	ok(count(s, "\n") == 2 && strstr(s, "N\xc3\xa9 2999 <n2999@x>\n") &&
		strncmp(
		    s, "To: N\xc3\xa9 0 <n0@x>, N\xc3\xa9 1 <n1@x>, ", 30) == 0,
	    "a To: of 3000 encoded words is one decoded line");
	free(s);
	buf_release(&in);
	buf_release(&line);
	buf_release(&bound);
}

static void
test_big_base64(void)
{
	struct buf in = BUF_INIT;
	char *s;
	int i;

	buf_adds(&in,
	    MIXED("b") "--b\nContent-Type: application/octet-stream;"
		       " name=big.bin\nContent-Transfer-Encoding: base64\n\n");
	for (i = 0; i < 2 * 1024 * 1024 / 64; i++)
		buf_adds(&in, LINE64 "\n");
	buf_adds(&in, "--b--\n");
	s = render_str(in.data, in.len, NULL);
	is_str(s,
	    "[-- Attachment #1: big.bin (application/octet-stream, "
	    "1.5 MB) --]\n",
	    "a 2 MB base64 part");
	free(s);
	buf_release(&in);
}

/* Every prefix of a message renders to safe text. */
static void
test_prefixes(void)
{
	static const char msg[] =
	    "From: =?UTF-8?Q?J=C3=B6rg?= <j@x>\r\nSubject: caf\xe9\r\n"
	    "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
	    "--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n"
	    "--c\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\n"
	    "\x1b$BF|K\\8l\x1b(B\r\n--c\r\nContent-Type: text/html\r\n\r\n"
	    "<p>x &amp; <a href=\"u\">y</a>\r\n--c--\r\n"
	    "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: in\r\n\r\n"
	    "inner \x1b[31m\r\n--b\r\nContent-Type: application/pdf; "
	    "name*=UTF-8''%C3%A9.pdf\r\nContent-Transfer-Encoding: base64\r\n"
	    "\r\nSGVsbG8=\r\n--b--\r\n";
	struct buf out = BUF_INIT;
	struct err err;
	size_t n, bad = 0;

	for (n = 0; n <= sizeof msg - 1; n++) {
		buf_reset(&out);
		if (render_message(msg, n, NULL, &out, &err) < 0 ||
		    !safe_text(out.data, out.len) ||
		    (out.len > 0 && out.data[out.len - 1] != '\n'))
			bad++;
	}
	is_int(bad, 0, "every prefix of a message renders to safe lines");
	buf_release(&out);
}

int
main(void)
{
	test_cases();
	test_limits();
	test_out_cap();
	test_many_attachments();
	test_deep();
	test_long();
	test_big_base64();
	test_prefixes();
	done_testing();
	return exit_status();
}
