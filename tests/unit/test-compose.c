/*
 * Composing mail: messages built and parsed back with GMime (every
 * header, the body and the attachments must come back as they went in),
 * what is refused, address lists as typed, the SMTP envelope, the 7bit
 * form and mailto: URLs.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "mime/compose.h"
#include "mime/mime.h"
#include "tests/tap.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/xalloc.h"

#define JM "J\xc3\xbcrgen M\xc3\xbcller"	       /* Jürgen Müller */
#define NIHONGO "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" /* 日本語 */
#define UNICODE                                                                \
	"\xc3\x9cn\xc3\xaf"                                                    \
	"c\xc3\xb6"                                                            \
	"d\xc3\xa9"		 /* Ünïcödé */
#define AE "a\xc3\xa9"		 /* aé */
#define SMILE "\xf0\x9f\x98\x80" /* U+1F600 */
#define WHEN 1700000000
#define ORDER                                                                  \
	"Date,From,To,Cc,Bcc,Subject,Message-ID,In-Reply-To,References,"       \
	"User-Agent,MIME-Version,Content-Type,Content-Transfer-Encoding"

static char tmpdir[] = "/tmp/tern-compose.XXXXXX";

static const struct compose base = {
	.from_name = JM,
	.from_addr = "jm@example.org",
	.to = "b@example.org",
	.subject = "Hello",
	.body = "Hi.\n",
	.body_len = 4,
	.date = WHEN,
};

static GMimeMessage *
parse(const char *s, size_t len)
{
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(s, len);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);

	g_object_unref(p);
	g_object_unref(st);
	return m;
}

/* Build c into out and parse it back; NULL (and a failed test) if not. */
static GMimeMessage *
build(const struct compose *c, struct buf *out, const char *what)
{
	struct err err;

	buf_reset(out);
	if (compose_build(c, out, &err) < 0) {
		ok(0, "%s: builds (%s)", what, err.msg);
		return NULL;
	}
	return parse(out->data, out->len);
}

/* "Name <addr>, <addr>, group: <a>;" with names decoded. */
static void
list_str(struct buf *b, InternetAddressList *l)
{
	InternetAddress *ia;
	int i, n = l != NULL ? internet_address_list_length(l) : 0;

	for (i = 0; i < n; i++) {
		ia = internet_address_list_get_address(l, i);
		if (i > 0)
			buf_adds(b, ", ");
		if (internet_address_get_name(ia) != NULL &&
		    internet_address_get_name(ia)[0] != '\0')
			buf_addf(b, "%s ", internet_address_get_name(ia));
		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			buf_addf(b, "<%s>",
			    internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(ia)));
			continue;
		}
		buf_adds(b, ":");
		list_str(b,
		    internet_address_group_get_members(
			INTERNET_ADDRESS_GROUP(ia)));
		buf_adds(b, ";");
	}
}

static char *
addrs(GMimeMessage *m, GMimeAddressType type)
{
	struct buf b = BUF_INIT;

	list_str(&b, g_mime_message_get_addresses(m, type));
	return buf_detach(&b, NULL);
}

/* The message IDs of a header value, "a@x b@y". */
static char *
refs(const char *value)
{
	GMimeReferences *r = g_mime_references_parse(NULL, value);
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; r != NULL && i < g_mime_references_length(r); i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "",
		    g_mime_references_get_message_id(r, i));
	if (r != NULL)
		g_mime_references_free(r);
	return buf_detach(&b, NULL);
}

/* The names of the header fields of msg, in order, joined by ",". */
static char *
header_names(const char *msg)
{
	struct buf b = BUF_INIT;
	const char *p = msg;

	while (*p != '\0' && *p != '\n') {
		if (*p != ' ' && *p != '\t')
			buf_addf(&b, "%s%.*s", b.len > 0 ? "," : "",
			    (int)strcspn(p, ":"), p);
		p += strcspn(p, "\n");
		if (*p == '\n')
			p++;
	}
	return buf_detach(&b, NULL);
}

/* The header block of msg (up to the blank line). */
static size_t
header_len(const char *msg)
{
	const char *blank = strstr(msg, "\n\n");

	return blank != NULL ? (size_t)(blank - msg + 1) : strlen(msg);
}

/* The longest encoded word in s[0..len). */
static size_t
longest_word(const char *s, size_t len)
{
	const char *p = s, *end = s + len, *q, *e;
	size_t max = 0;

	while ((p = g_strstr_len(p, end - p, "=?")) != NULL) {
		q = p + 2 + strcspn(p + 2, "?");
		e = q[0] == '?' && q[1] != '\0' && q[2] == '?'
		    ? g_strstr_len(q + 3, end - q - 3, "?=")
		    : NULL;
		if (e == NULL) {
			p += 2;
			continue;
		}
		if ((size_t)(e + 2 - p) > max)
			max = (size_t)(e + 2 - p);
		p = e + 2;
	}
	return max;
}

/* The longest line in s, without its end. */
static size_t
longest_line(const char *s, size_t len)
{
	size_t i, col = 0, max = 0;

	for (i = 0; i < len; i++) {
		col = s[i] == '\n' ? 0 : col + 1;
		if (col > max)
			max = col;
	}
	return max;
}

/* The decoded content of the leaf part obj (a new string, and *len_r). */
static char *
content(GMimeObject *obj, size_t *len_r)
{
	GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(obj));
	GMimeStream *s = g_mime_stream_mem_new();
	GByteArray *a;
	char *r;

	if (w != NULL)
		g_mime_data_wrapper_write_to_stream(w, s);
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
	r = xmalloc(a->len + 1);
	if (a->len > 0)
		memcpy(r, a->data, a->len);
	r[a->len] = '\0';
	*len_r = a->len;
	g_object_unref(s);
	return r;
}

static const char *
cte(GMimeObject *obj)
{
	return g_mime_content_encoding_to_string(
	    g_mime_part_get_content_encoding(GMIME_PART(obj)));
}

static char *
type_of(GMimeObject *obj)
{
	return g_mime_content_type_get_mime_type(
	    g_mime_object_get_content_type(obj));
}

/* Whether the part has the content want[0..len). */
static int
same_content(GMimeObject *obj, const char *want, size_t len)
{
	size_t got_len;
	char *got = content(obj, &got_len);
	int same = got_len == len && memcmp(got, want, len) == 0;

	free(got);
	return same;
}

static void
is_free(char *got, const char *want, const char *what)
{
	is_str(got, want, "%s", what);
	g_free(got);
}

static void
test_headers(void)
{
	struct compose c = base;
	struct buf out = BUF_INIT, again = BUF_INIT;
	GMimeMessage *m, *m2;
	GMimeObject *top;
	const char *id, *id2;

	c.to = "\"Doe, John\" <jd@example.org>, \"Say \\\"hi\\\"\" "
	       "<q@example.org>, b@example.org";
	c.cc = JM " <jm2@example.org>, undisclosed-recipients:;";
	c.bcc = "hidden@example.org";
	c.subject = "Re: " NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO
	    NIHONGO NIHONGO NIHONGO NIHONGO;
	c.in_reply_to = "<a1@x.example>";
	c.references = "<r0@x.example> garbage <a1@x.example>";
	if ((m = build(&c, &out, "headers")) == NULL)
		return;
	is_free(header_names(out.data), ORDER, "headers in mutt's order");
	ok(!compose_is_8bit(out.data, out.len) &&
		strchr(out.data, '\r') == NULL,
	    "ASCII only, LF line ends");
	is_free(addrs(m, GMIME_ADDRESS_TYPE_FROM), JM " <jm@example.org>",
	    "From: non-ASCII name decodes");
	is_free(addrs(m, GMIME_ADDRESS_TYPE_TO),
	    "Doe, John <jd@example.org>, Say \"hi\" <q@example.org>, "
	    "<b@example.org>",
	    "To: names with a comma and quotes decode");
	is_free(addrs(m, GMIME_ADDRESS_TYPE_CC),
	    JM " <jm2@example.org>, undisclosed-recipients :;",
	    "Cc: a name and an empty group");
	is_free(addrs(m, GMIME_ADDRESS_TYPE_BCC), "<hidden@example.org>",
	    "Bcc is kept");
	is_str(g_mime_message_get_subject(m), c.subject,
	    "a CJK subject of %zu bytes decodes", strlen(c.subject));
	ok(longest_word(out.data, out.len) <= 75,
	    "encoded words are at most 75 characters (longest %zu)",
	    longest_word(out.data, out.len));
	id = g_mime_message_get_message_id(m);
	ok(id != NULL && strlen(id) == 32 + strlen("@example.org") &&
		strspn(id, "0123456789abcdef") == 32 &&
		strcmp(id + 32, "@example.org") == 0,
	    "Message-ID: 32 hex digits @ the sender's domain (%s)", id);
	ok(strstr(out.data, "\nMessage-ID: <") != NULL, "named Message-ID");
	is_free(refs(g_mime_object_get_header(GMIME_OBJECT(m), "In-Reply-To")),
	    "a1@x.example", "In-Reply-To");
	is_free(refs(g_mime_object_get_header(GMIME_OBJECT(m), "References")),
	    "r0@x.example a1@x.example", "References");
	is_int(g_date_time_to_unix(g_mime_message_get_date(m)), WHEN, "Date");
	is_str(g_mime_object_get_header(GMIME_OBJECT(m), "User-Agent"),
	    "tern/" PACKAGE_VERSION, "User-Agent");
	top = g_mime_message_get_mime_part(m);
	ok(GMIME_IS_PART(top), "without attachments, not multipart");
	is_free(type_of(top), "text/plain", "text/plain");
	is_str(g_mime_object_get_content_type_parameter(top, "charset"),
	    "utf-8", "charset=utf-8");
	is_str(cte(top), "7bit", "ASCII text is 7bit");
	ok(same_content(top, "Hi.\n", 4), "body");
	if ((m2 = build(&c, &again, "again")) != NULL) {
		id2 = g_mime_message_get_message_id(m2);
		ok(id2 != NULL && strcmp(id, id2) != 0,
		    "each message gets a new Message-ID");
		g_object_unref(m2);
	}
	g_object_unref(m);
	buf_release(&out);
	buf_release(&again);
}

/* Long address lists are folded between addresses. */
static void
test_folding(void)
{
	struct compose c = base;
	struct buf out = BUF_INIT, to = BUF_INIT, want = BUF_INIT;
	GMimeMessage *m;
	int i;

	for (i = 0; i < 12; i++) {
		buf_addf(&to, "%sPerson Number %d <person%d@example.org>",
		    i > 0 ? ", " : "", i, i);
		buf_addf(&want, "%sPerson Number %d <person%d@example.org>",
		    i > 0 ? ", " : "", i, i);
	}
	buf_adds(&to,
	    ", " NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO
	    " <n@example.org>");
	buf_adds(&want,
	    ", " NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO
	    " <n@example.org>");
	c.to = to.data;
	if ((m = build(&c, &out, "folding")) != NULL) {
		is_free(addrs(m, GMIME_ADDRESS_TYPE_TO), want.data,
		    "13 addresses come back");
		ok(longest_line(out.data, header_len(out.data)) <= 78,
		    "header lines of at most 78 characters (longest %zu)",
		    longest_line(out.data, header_len(out.data)));
		g_object_unref(m);
	}
	buf_release(&out);
	buf_release(&to);
	buf_release(&want);
}

static const char *const subjects[] = {
	"plain ASCII subject that is long enough to be folded by the "
	"writer, which is fine, as long as it comes back",
	NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO
	    NIHONGO NIHONGO NIHONGO,
	UNICODE UNICODE UNICODE UNICODE UNICODE UNICODE UNICODE UNICODE UNICODE
	    UNICODE " x",
	"Gr\xc3\xbc\xc3\x9f"
	"e aus K\xc3\xb6ln, with some words in "
	"between \xc3\xa4\xc3\xb6\xc3\xbc and more words after them too",
	AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE AE
	    AE AE AE AE AE AE,
	SMILE SMILE SMILE SMILE SMILE SMILE SMILE SMILE SMILE SMILE SMILE SMILE
	    SMILE SMILE SMILE SMILE,
	"=?utf-8?q?not_encoded?= looks like a word",
	"tab\tinside",
	NULL,
};

/* Subjects long and short, in scripts that GMime encodes differently. */
static void
test_subjects(void)
{
	struct compose c = base;
	struct buf out = BUF_INIT;
	GMimeMessage *m;
	size_t i;

	for (i = 0; subjects[i] != NULL; i++) {
		c.subject = subjects[i];
		if ((m = build(&c, &out, subjects[i])) == NULL)
			continue;
		is_str(g_mime_message_get_subject(m), subjects[i],
		    "subject %zu decodes", i);
		ok(longest_word(out.data, header_len(out.data)) <= 75,
		    "subject %zu: encoded words of at most 75 characters", i);
		g_object_unref(m);
	}
	buf_release(&out);
}

static const char *const names[] = {
	"Doe, John",
	"Say \"hi\"",
	"back\\slash",
	"a (not a comment)",
	"=?utf-8?q?not_encoded?= as it looks",
	"J. R. \"Bob\" Dobbs, Jr.",
	"M\xc3\xbcller, J\xc3\xbcrgen",
	NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO NIHONGO
	    NIHONGO,
	"x",
	NULL,
};

/* From names come back as given. */
static void
test_names(void)
{
	struct compose c = base;
	struct buf out = BUF_INIT, want = BUF_INIT;
	GMimeMessage *m;
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		c.from_name = names[i];
		if ((m = build(&c, &out, names[i])) == NULL)
			continue;
		buf_reset(&want);
		buf_addf(&want, "%s <jm@example.org>", names[i]);
		is_free(addrs(m, GMIME_ADDRESS_TYPE_FROM), want.data,
		    "From name round trip");
		g_object_unref(m);
	}
	c.from_name = NULL;
	if ((m = build(&c, &out, "no name")) != NULL) {
		is_free(addrs(m, GMIME_ADDRESS_TYPE_FROM), "<jm@example.org>",
		    "From without a name");
		g_object_unref(m);
	}
	buf_release(&out);
	buf_release(&want);
}

struct body_case {
	const char *name;
	const char *body;
	size_t len;
	const char *want;
	size_t want_len;
	const char *cte;
};

#define B(name, body, want, cte)                                               \
	{                                                                      \
		name, body, sizeof(body) - 1, want, sizeof(want) - 1, cte      \
	}

/* clang-format off */
static const struct body_case bodies[] = {
	B("empty", "", "", "7bit"),
	B("ASCII", "Hello,\nworld\n", "Hello,\nworld\n", "7bit"),
	B("no final newline", "Hello", "Hello\n", "7bit"),
	B("CRLF made LF", "a\r\nb\r\n", "a\nb\n", "7bit"),
	B("UTF-8", "Gr\xc3\xbc\xc3\x9f" "e\n", "Gr\xc3\xbc\xc3\x9f" "e\n",
	    "8bit"),
	B("From and dot lines", "From me\n.\n..\n", "From me\n.\n..\n",
	    "7bit"),
	B("bare CR", "a\rb\n", "a\rb\n", "quoted-printable"),
	B("NUL", "a\0b\n", "a\0b\n", "quoted-printable"),
	{ NULL, NULL, 0, NULL, 0, NULL },
};
/* clang-format on */

static void
test_body(const char *name, const char *body, size_t len, const char *want,
    size_t want_len, const char *want_cte)
{
	struct compose c = base;
	struct buf out = BUF_INIT;
	GMimeMessage *m;
	GMimeObject *top;

	c.body = body;
	c.body_len = len;
	if ((m = build(&c, &out, name)) == NULL)
		return;
	top = g_mime_message_get_mime_part(m);
	is_str(cte(top), want_cte, "%s: %s", name, want_cte);
	ok(same_content(top, want, want_len), "%s: the text comes back", name);
	ok(longest_line(out.data, out.len) <= 998, "%s: lines of <= 998 bytes",
	    name);
	g_object_unref(m);
	buf_release(&out);
}

static void
test_bodies(void)
{
	const struct body_case *b;
	struct buf body = BUF_INIT;
	int i;

	for (b = bodies; b->name != NULL; b++)
		test_body(
		    b->name, b->body, b->len, b->want, b->want_len, b->cte);
	for (i = 0; i < 998; i++)
		buf_addc(&body, 'x');
	buf_addc(&body, '\n');
	test_body("a 998-byte line", body.data, body.len, body.data, body.len,
	    "7bit");
	buf_reset(&body);
	for (i = 0; i < 2000; i++)
		buf_addc(&body, (char)('a' + i % 26));
	buf_adds(&body, "\n");
	test_body("a 2000-byte line", body.data, body.len, body.data, body.len,
	    "quoted-printable");
	buf_reset(&body);
	for (i = 0; i < 1000; i++)
		buf_adds(&body, "\xc3\xa9");
	buf_adds(&body, "\n");
	test_body("a 2000-byte UTF-8 line", body.data, body.len, body.data,
	    body.len, "quoted-printable");
	buf_reset(&body);
	buf_adds(&body, "space at the end  \ntab at the end\t\n \n");
	for (i = 0; i < 1200; i++)
		buf_addc(&body, i % 7 == 6 ? ' ' : 'y');
	buf_adds(&body, " \nlast\n");
	test_body("trailing white space in quoted-printable", body.data,
	    body.len, body.data, body.len, "quoted-printable");
	buf_release(&body);
}

static char *
write_file(const char *name, const void *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	struct err err;

	if (file_replace(path, data, len, 0600, &err) < 0)
		diag("%s", err.msg);
	return path;
}

/* Check part: attached, named name, of type, sent as enc, holding data. */
static void
check_att(GMimeObject *part, const char *name, const char *type,
    const char *enc, const char *data, size_t len)
{
	GMimeContentDisposition *d =
	    g_mime_object_get_content_disposition(part);

	ok(d != NULL && g_mime_content_disposition_is_attachment(d),
	    "%s: Content-Disposition: attachment", name);
	is_str(g_mime_part_get_filename(GMIME_PART(part)), name,
	    "%s: its file name decodes", name);
	if (type != NULL)
		is_free(type_of(part), type, "type");
	is_str(cte(part), enc, "%s: %s", name, enc);
	ok(same_content(part, data, len), "%s: the %zu bytes are identical",
	    name, len);
}

static void
test_attachments(void)
{
	static const char text[] = "line one\nline two\n";
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01"
				  "\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";
	char bytes[256], *bin, *txt, *empty, *pixel;
	struct compose c = base;
	struct compose_att att[5] = {
		{ NULL,
		    "Pr\xc3\xbc"
		    "fbericht M\xc3\xa4rz.bin",
		    NULL },
		{ NULL, NULL, NULL },
		{ NULL, "image.png", "image/png" },
		{ NULL, NULL, NULL },
		{ NULL, NULL, NULL },
	};
	struct buf out = BUF_INIT;
	GMimeMessage *m;
	GMimeMultipart *mp;
	int i;

	for (i = 0; i < 256; i++)
		bytes[i] = (char)i;
	att[0].path = att[2].path = bin = write_file("data", bytes, 256);
	att[1].path = txt = write_file("notes.txt", text, sizeof text - 1);
	att[3].path = empty = write_file("empty", "", 0);
	att[4].path = pixel = write_file("pixel.png", png, sizeof png - 1);
	c.att = att;
	c.natt = 5;
	if ((m = build(&c, &out, "attachments")) == NULL)
		goto out;
	ok(!compose_is_8bit(out.data, out.len), "the message is 7bit");
	ok(strcasestr(out.data,
	       "filename*=utf-8''Pr%C3%BCfbericht%20M%C3%A4rz.bin") != NULL,
	    "the non-ASCII file name in RFC 2231 form");
	mp = GMIME_IS_MULTIPART(g_mime_message_get_mime_part(m))
	    ? GMIME_MULTIPART(g_mime_message_get_mime_part(m))
	    : NULL;
	ok(mp != NULL && g_mime_multipart_get_count(mp) == 6,
	    "multipart/mixed: the text and 5 attachments");
	if (mp == NULL || g_mime_multipart_get_count(mp) != 6)
		goto out;
	is_free(type_of(GMIME_OBJECT(mp)), "multipart/mixed", "mixed");
	ok(same_content(g_mime_multipart_get_part(mp, 0), "Hi.\n", 4),
	    "the text first");
	check_att(g_mime_multipart_get_part(mp, 1), att[0].name, NULL, "base64",
	    bytes, 256);
	check_att(g_mime_multipart_get_part(mp, 2), "notes.txt", "text/plain",
	    "7bit", text, sizeof text - 1);
	is_str(g_mime_object_get_content_type_parameter(
		   g_mime_multipart_get_part(mp, 2), "charset"),
	    "us-ascii", "text found by libmagic has its charset");
	check_att(g_mime_multipart_get_part(mp, 3), "image.png", "image/png",
	    "base64", bytes, 256);
	check_att(g_mime_multipart_get_part(mp, 4), "empty",
	    "application/octet-stream", "base64", "", 0);
	check_att(g_mime_multipart_get_part(mp, 5), "pixel.png", "image/png",
	    "base64", png, sizeof png - 1);
out:
	if (m != NULL)
		g_object_unref(m);
	free(bin);
	free(txt);
	free(empty);
	free(pixel);
	buf_release(&out);
}

struct refusal {
	const char *name;
	const char *field; /* of struct compose */
	const char *value;
	const char *want; /* in the error message */
};

/* clang-format off */
static const struct refusal refusals[] = {
	{ "CR LF in To", "to", "a@example.org\r\nBcc: x@example.org",
	    "To: bad address 'a@example.org\\r\\nBcc: x@example.org': "
	    "control characters" },
	{ "LF in a To name", "to", "Bob\n <b@example.org>",
	    "To: bad address 'Bob\\n <b@example.org>'" },
	{ "CR in Cc", "cc", "c@example.org\r", "Cc: bad address" },
	{ "control in Cc", "cc", "\x01" "c@example.org", "Cc: bad address" },
	{ "DEL in Bcc", "bcc", "b@example.org\x7f", "Bcc: bad address" },
	{ "LF in Bcc", "bcc", "x@example.org,\ny@example.org",
	    "Bcc: bad address" },
	{ "tab in To", "to", "a@exa\tmple.org", "control characters" },
	{ "CR LF in From", "from_addr", "jm@example.org\r\nBcc: x@y.org",
	    "From: 'jm@example.org\\r\\nBcc: x@y.org' contains a control" },
	{ "LF in the From name", "from_name", "J\nM",
	    "From: 'J\\nM' contains a control character" },
	{ "C1 control in the From name", "from_name", "a\xc2\x85" "b",
	    "contains a control character" },
	{ "From name not UTF-8", "from_name", "M\xfcller",
	    "is not valid UTF-8" },
	{ "From without @", "from_addr", "jm", "From: bad address 'jm'" },
	{ "no From", "from_addr", NULL, "sender's address is missing" },
	{ "a@", "to", "a@", "bad address 'a@': the domain after '@' is "
	    "missing" },
	{ "@b", "to", "@example.org", "the part before '@' is missing" },
	{ "no @", "to", "ab", "'@' and the domain are missing" },
	{ "empty angle", "to", "Bob <>", "'@' and the domain are missing" },
	{ "<> inside the address", "to", "x <a<b@example.org>>",
	    "'<' or '>' inside the address" },
	{ "<a@b> inside an addr-spec", "to", "<a@b.example>@example.org",
	    "unexpected text after '>'" },
	{ "quoted <a@b> local part", "to", "\"<a@b.example>\"@example.org",
	    "'<' or '>' inside the address" },
	{ "> alone", "to", "a>b@example.org", "'>' without '<'" },
	{ "< not closed", "to", "Bob <b@example.org",
	    "'<' is not closed by '>'" },
	{ "quote not closed", "to", "\"Bob <b@example.org>",
	    "a quote or comment is not closed" },
	{ "non-ASCII address", "to", "j\xc3\xbcrgen@example.org",
	    "only ASCII" },
	{ "space in the address", "to", "a b@example.org",
	    "the part before '@' is not valid" },
	{ "bad domain", "to", "a@b..example", "the domain after '@' is not" },
	{ "the second address is named", "to", "a@example.org, c@",
	    "To: bad address 'c@'" },
	{ "no recipient", "to", NULL, "no recipient" },
	{ "empty To", "to", "", "no recipient" },
	{ "only commas", "to", " , ,", "no recipient" },
	{ "only an empty group", "to", "undisclosed-recipients:;",
	    "no recipient" },
	{ "LF in the subject", "subject", "hi\nBcc: x@example.org",
	    "Subject: 'hi\\nBcc: x@example.org' contains a control" },
	{ "CR LF in In-Reply-To", "in_reply_to", "<a@b>\r\nBcc: x@y",
	    "In-Reply-To: '<a@b>\\r\\nBcc: x@y' contains a control" },
	{ "LF in References", "references", "<a@b>\n<c@d>",
	    "References: '<a@b>\\n<c@d>' contains a control" },
	{ "no message ID", "in_reply_to", "garbage",
	    "In-Reply-To: 'garbage' holds no message ID" },
	{ "no good message ID", "references", "<a b@c> <> <\xc3\xa9@x>",
	    "References: '<a b@c> <> <\xc3\xa9@x>' holds no message ID" },
	{ "body not UTF-8", "body", "caf\xe9\n", "not valid UTF-8" },
	{ NULL, NULL, NULL, NULL },
};
/* clang-format on */

static void
set_field(struct compose *c, const char *field, const char *value)
{
	if (strcmp(field, "to") == 0)
		c->to = value;
	else if (strcmp(field, "cc") == 0)
		c->cc = value;
	else if (strcmp(field, "bcc") == 0)
		c->bcc = value;
	else if (strcmp(field, "from_addr") == 0)
		c->from_addr = value;
	else if (strcmp(field, "from_name") == 0)
		c->from_name = value;
	else if (strcmp(field, "subject") == 0)
		c->subject = value;
	else if (strcmp(field, "in_reply_to") == 0)
		c->in_reply_to = value;
	else if (strcmp(field, "references") == 0)
		c->references = value;
	else if (strcmp(field, "body") == 0) {
		c->body = value;
		c->body_len = strlen(value);
	}
}

/* Build c; it must fail with want in the message. */
static void
refused(const struct compose *c, const char *name, const char *want)
{
	struct buf out = BUF_INIT;
	struct err err;
	int rc;

	err.cls = ERR_NONE;
	err.msg[0] = '\0';
	rc = compose_build(c, &out, &err);
	if (!ok(rc == -1 && err.cls == ERR_FINAL && out.len == 0 &&
		    strstr(err.msg, want) != NULL,
		"refused: %s", name))
		diag("  rc %d, error '%s', want '%s'", rc, err.msg, want);
	buf_release(&out);
}

static void
test_refusals(void)
{
	const struct refusal *r;
	struct compose c;
	struct compose_att att = { NULL, NULL, NULL };
	struct buf out = BUF_INIT;
	char *want, *path;

	for (r = refusals; r->name != NULL; r++) {
		c = base;
		set_field(&c, r->field, r->value);
		refused(&c, r->name, r->want);
	}
	c = base;
	c.to = NULL;
	c.cc = "c@example.org";
	is_int(compose_build(&c, &out, NULL), 0, "Cc alone is enough");
	buf_release(&out);
	c = base;
	c.att = &att;
	c.natt = 1;
	att.path = path = xasprintf("%s/no-such-file", tmpdir);
	want = xasprintf("'%s': %s", path, strerror(ENOENT));
	refused(&c, "a missing attachment", want);
	free(want);
	free(path);
	att.path = tmpdir;
	want = xasprintf("'%s': %s", tmpdir, strerror(EISDIR));
	refused(&c, "a folder as attachment", want);
	free(want);
	att.path = path = write_file("x", "x", 1);
	att.type = "no type\r\n";
	refused(&c, "a bad MIME type", "'no type\\r\\n' is not a MIME type");
	free(path);
}

struct addr_case {
	const char *in;
	const char *want; /* addresses joined by " "; NULL: refused */
};

/* clang-format off */
static const struct addr_case addr_cases[] = {
	{ "", "" },
	{ "   ", "" },
	{ "a@example.org", "a@example.org" },
	{ " a@example.org , b@example.org ,", "a@example.org b@example.org" },
	{ "a@x.example; b@x.example", "a@x.example b@x.example" },
	{ JM " <jm@example.org>", "jm@example.org" },
	{ "\"Doe, John\" <jd@example.org>, b@x.example",
	    "jd@example.org b@x.example" },
	{ "jd@example.org (John Doe, at work)", "jd@example.org" },
	{ "John (the one) Doe <jd@example.org> (work)", "jd@example.org" },
	{ "(only a comment)", "" },
	{ "undisclosed-recipients:;", "" },
	{ "friends: a@x.example, B <b@x.example>;, c@x.example",
	    "a@x.example b@x.example c@x.example" },
	{ "\"john doe\"@example.org", "\"john doe\"@example.org" },
	{ "\"a,b\"@example.org, c@example.org",
	    "\"a,b\"@example.org c@example.org" },
	{ "a@[192.0.2.1]", "a@[192.0.2.1]" },
	{ "A@Example.org, a@example.org", "A@Example.org a@example.org" },
	{ "<a@example.org>", "a@example.org" },
	{ "first.last+tag@sub.example.org", "first.last+tag@sub.example.org" },
	{ "a@localhost", "a@localhost" },
	{ "g1: g2: a@x.example;;", NULL },
	{ "a@x.example <b@x.example>", "b@x.example" },
	{ "<a@x.example> <b@x.example>", NULL },
	{ "a@x.example b@x.example", NULL },
	{ "a@.example", NULL },
	{ "a@example.", NULL },
	{ "a@[1.2.3.4", NULL },
	{ "a@b\x1b[31m", NULL },
	{ NULL, NULL },
};
/* clang-format on */

static void
test_addresses(void)
{
	const struct addr_case *a;
	struct buf got = BUF_INIT;
	struct err err;
	char **v;
	size_t n, i;
	int rc;

	for (a = addr_cases; a->in != NULL; a++) {
		rc = compose_addresses(a->in, &v, &n, &err);
		if (a->want == NULL) {
			ok(rc == -1 && v == NULL && n == 0 &&
				strstr(err.msg, "bad address") != NULL,
			    "'%s' refused (%s)", a->in, err.msg);
			continue;
		}
		buf_reset(&got);
		for (i = 0; rc == 0 && i < n; i++)
			buf_addf(&got, "%s%s", i > 0 ? " " : "", v[i]);
		if (rc < 0)
			ok(0, "'%s': %s", a->in, err.msg);
		else
			is_str(got.data, a->want, "'%s'", a->in);
		compose_addresses_free(v, n);
	}
	is_int(compose_addresses(NULL, &v, &n, &err), 0, "NULL is no address");
	is_int(n, 0, "none");
	compose_addresses(
	    "\"Doe, John\" <jd@example.org>, x@y\r\n", &v, &n, &err);
	is_str(err.msg,
	    "bad address 'x@y\\r\\n': control characters (such as CR or LF) "
	    "are not allowed",
	    "the error quotes the bad address, with CR and LF escaped");
	buf_release(&got);
}

struct env_case {
	const char *name;
	const char *msg;
	const char *wire;
	const char *from;
	const char *rcpt;
};

/* clang-format off */
static const struct env_case env_cases[] = {
	{ "Bcc removed, also folded and in any case",
	    "From: J\xc3\xbcrgen <jm@example.org>\n"
	    "To: \"Doe, John\" <jd@example.org>, b@example.org\n"
	    "Cc: B@Example.org,\n\tc@example.org\n"
	    "Bcc: hidden@example.org,\n other@example.org\n"
	    "Subject: x\n"
	    "BCC: third@example.org\n"
	    "X-Keep: Bcc: not a field\n"
	    "\n"
	    "Bcc: in the body\n",
	    "From: J\xc3\xbcrgen <jm@example.org>\n"
	    "To: \"Doe, John\" <jd@example.org>, b@example.org\n"
	    "Cc: B@Example.org,\n\tc@example.org\n"
	    "Subject: x\n"
	    "X-Keep: Bcc: not a field\n"
	    "\n"
	    "Bcc: in the body\n",
	    "jm@example.org",
	    "jd@example.org b@example.org c@example.org hidden@example.org "
	    "other@example.org third@example.org" },
	{ "CRLF, Sender, Bcc last and folded",
	    "From: a@example.org, b@example.org\r\n"
	    "Sender: s@example.org\r\n"
	    "To: t@example.org\r\n"
	    "Bcc :\r\n\tu@example.org\r\n"
	    "\r\n"
	    "body\r\n",
	    "From: a@example.org, b@example.org\r\n"
	    "Sender: s@example.org\r\n"
	    "To: t@example.org\r\n"
	    "\r\n"
	    "body\r\n",
	    "s@example.org", "t@example.org u@example.org" },
	{ "only Bcc, no body",
	    "From: =?utf-8?q?J=C3=BCrgen?= <jm@example.org>\nBcc: u@example.org",
	    "From: =?utf-8?q?J=C3=BCrgen?= <jm@example.org>\n",
	    "jm@example.org", "u@example.org" },
	{ "groups",
	    "From: a@example.org\nTo: undisclosed-recipients:;\n"
	    "Cc: list: m@example.org, n@example.org;\n\n",
	    "From: a@example.org\nTo: undisclosed-recipients:;\n"
	    "Cc: list: m@example.org, n@example.org;\n\n",
	    "a@example.org", "m@example.org n@example.org" },
	{ "no From", "To: t@example.org\n\nx\n", NULL, NULL,
	    "no From address" },
	{ "a From group only", "From: x:;\nTo: t@example.org\n\nx\n", NULL,
	    NULL, "no From address" },
	{ "no recipient", "From: a@example.org\n\nTo: t@example.org\n", NULL,
	    NULL, "no recipient" },
	{ "a control character in To",
	    "From: a@example.org\nTo: t@example.org\x01\n\n", NULL, NULL,
	    "To: bad address" },
	{ "a CR inside Bcc", "From: a@example.org\nBcc: t@example.org\r"
	    "u@example.org\n\n", NULL, NULL, "Bcc: bad address" },
	{ "a bad From", "From: a@\nTo: t@example.org\n\n", NULL, NULL,
	    "From: bad address 'a@'" },
	{ NULL, NULL, NULL, NULL, NULL },
};
/* clang-format on */

static void
test_envelope_case(const struct env_case *e)
{
	struct buf wire = BUF_INIT, got = BUF_INIT;
	char *from, **rcpt;
	size_t n, i;
	struct err err;
	int rc;

	buf_adds(&wire, "kept:");
	rc = compose_envelope(
	    e->msg, strlen(e->msg), &from, &rcpt, &n, &wire, &err);
	if (e->wire == NULL) {
		ok(rc == -1 && from == NULL && rcpt == NULL && n == 0 &&
			strcmp(wire.data, "kept:") == 0 &&
			strstr(err.msg, e->rcpt) != NULL,
		    "%s: refused (%s)", e->name, err.msg);
		buf_release(&wire);
		return;
	}
	if (!ok(rc == 0, "%s: envelope", e->name)) {
		diag("  %s", err.msg);
		buf_release(&wire);
		return;
	}
	ok(wire.len == 5 + strlen(e->wire) &&
		memcmp(wire.data + 5, e->wire, wire.len - 5) == 0,
	    "%s: the rest byte for byte", e->name);
	is_str(from, e->from, "%s: from", e->name);
	for (i = 0; i < n; i++)
		buf_addf(&got, "%s%s", i > 0 ? " " : "", rcpt[i]);
	is_str(got.data, e->rcpt, "%s: recipients", e->name);
	free(from);
	compose_addresses_free(rcpt, n);
	buf_release(&wire);
	buf_release(&got);
}

/* The envelope of a message compose_build wrote. */
static void
test_envelope_built(void)
{
	struct compose c = base;
	struct buf out = BUF_INIT, wire = BUF_INIT, want = BUF_INIT;
	const char *bcc, *end;
	char *from, **rcpt;
	size_t n;
	struct err err;

	c.to = "\"Doe, John\" <jd@example.org>, b@example.org";
	c.cc = "Other <B@example.org>";
	c.bcc = "h1@example.org, h2@example.org, h3@example.org, "
		"h4@example.org, h5@example.org, h6@example.org";
	if (compose_build(&c, &out, &err) < 0 ||
	    compose_envelope(out.data, out.len, &from, &rcpt, &n, &wire, &err) <
		0) {
		ok(0, "envelope of a built message: %s", err.msg);
		buf_release(&out);
		return;
	}
	bcc = strstr(out.data, "\nBcc: ") + 1;
	for (end = bcc; *end != '\n' || end[1] == ' ' || end[1] == '\t'; end++)
		;
	buf_add(&want, out.data, (size_t)(bcc - out.data));
	buf_adds(&want, end + 1);
	ok(strchr(bcc, '\n') < end, "the built Bcc is folded");
	is_str(wire.data, want.data, "built: all but Bcc byte for byte");
	is_str(from, "jm@example.org", "built: from");
	is_int(n, 8, "built: 8 recipients, B@ once");
	ok(n == 8 && strcmp(rcpt[2], "h1@example.org") == 0 &&
		strcmp(rcpt[7], "h6@example.org") == 0,
	    "built: in order");
	free(from);
	compose_addresses_free(rcpt, n);
	buf_release(&out);
	buf_release(&wire);
	buf_release(&want);
}

static void
test_envelope(void)
{
	const struct env_case *e;

	for (e = env_cases; e->name != NULL; e++)
		test_envelope_case(e);
	test_envelope_built();
}

static void
test_8bit(void)
{
	ok(!compose_is_8bit("", 0), "empty is 7bit");
	ok(!compose_is_8bit("abc\r\n", 5), "ASCII is 7bit");
	ok(compose_is_8bit("a\x80", 2), "0x80 is 8bit");
	ok(compose_is_8bit("a\0b", 3), "NUL is 8bit");
	ok(compose_is_8bit("\xff", 1), "0xff is 8bit");
}

/* The leaves of obj, decoded, with their types, in order. */
static void
leaves(struct buf *b, GMimeObject *obj)
{
	GMimeMessage *inner;
	size_t len;
	char *s, *t;
	int i;

	if (GMIME_IS_MULTIPART(obj)) {
		for (i = 0;
		     i < g_mime_multipart_get_count(GMIME_MULTIPART(obj)); i++)
			leaves(b,
			    g_mime_multipart_get_part(GMIME_MULTIPART(obj), i));
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		inner =
		    g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		buf_addf(b, "[message %s]",
		    g_mime_message_get_subject(inner) != NULL
			? g_mime_message_get_subject(inner)
			: "");
		leaves(b, g_mime_message_get_mime_part(inner));
	} else if (GMIME_IS_PART(obj)) {
		s = content(obj, &len);
		t = type_of(obj);
		buf_addf(b, "[%s %zu]", t, len);
		buf_add(b, s, len);
		g_free(t);
		free(s);
	}
}

/* compose_7bit of msg: 7bit, and every leaf decodes as before. */
static void
check_7bit(const char *name, const char *msg, size_t len, const char *text_cte)
{
	struct buf out = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	GMimeMessage *m0, *m1 = NULL;
	struct err err;
	GMimeObject *first;

	if (compose_7bit(msg, len, &out, &err) < 0) {
		ok(0, "%s: %s", name, err.msg);
		goto out;
	}
	ok(!compose_is_8bit(
	       out.data + header_len(out.data), out.len - header_len(out.data)),
	    "%s: no 8-bit byte left in the body", name);
	m0 = parse(msg, len);
	m1 = parse(out.data, out.len);
	leaves(&before, g_mime_message_get_mime_part(m0));
	leaves(&after, g_mime_message_get_mime_part(m1));
	ok(before.len == after.len &&
		memcmp(before.data, after.data, before.len) == 0,
	    "%s: every part decodes as before", name);
	first = g_mime_message_get_mime_part(m1);
	while (GMIME_IS_MULTIPART(first))
		first = g_mime_multipart_get_part(GMIME_MULTIPART(first), 0);
	is_str(cte(first), text_cte, "%s: text is %s", name, text_cte);
	g_object_unref(m0);
out:
	if (m1 != NULL)
		g_object_unref(m1);
	buf_release(&out);
	buf_release(&before);
	buf_release(&after);
}

static const char raw8[] = "From: a@example.org\n"
			   "To: b@example.org\n"
			   "Subject: K\xc3\xb6ln raw in the header\n"
			   "MIME-Version: 1.0\n"
			   "Content-Type: multipart/mixed; boundary=XX\n"
			   "\n"
			   "--XX\n"
			   "Content-Type: text/plain; charset=utf-8\n"
			   "Content-Transfer-Encoding: 8bit\n"
			   "\n"
			   "K\xc3\xb6ln  \n"
			   "--XX\n"
			   "Content-Type: application/octet-stream\n"
			   "Content-Transfer-Encoding: binary\n"
			   "\n"
			   "\x80\x81\x82\x00\x83\n"
			   "--XX\n"
			   "Content-Type: message/rfc822\n"
			   "Content-Transfer-Encoding: 8bit\n"
			   "\n"
			   "Subject: inner\n"
			   "Content-Type: text/plain; charset=utf-8\n"
			   "Content-Transfer-Encoding: 8bit\n"
			   "\n"
			   "\xc3\xa9t\xc3\xa9\n"
			   "--XX\n"
			   "Content-Type: text/plain; charset=iso-8859-1\n"
			   "\n"
			   "labelled 7bit, but caf\xe9\n"
			   "--XX--\n";

static void
test_7bit(void)
{
	static const char ascii[] = "From: a@b\nTo: c@d\n\nplain\n";
	struct compose c = base;
	struct compose_att att = { NULL, NULL, NULL };
	struct buf out = BUF_INIT, seven = BUF_INIT;
	char bytes[256], *path;
	struct err err;
	int i;

	for (i = 0; i < 256; i++)
		bytes[i] = (char)(255 - i);
	att.path = path = write_file("bytes", bytes, 256);
	c.body = "Gr\xc3\xbc\xc3\x9f"
		 "e aus K\xc3\xb6ln, mit Leerzeichen  \n"
		 "und Tab\t\n";
	c.body_len = strlen(c.body);
	c.att = &att;
	c.natt = 1;
	if (compose_build(&c, &out, &err) == 0) {
		ok(compose_is_8bit(out.data, out.len), "built: 8bit text");
		check_7bit("built", out.data, out.len, "quoted-printable");
		compose_7bit(out.data, out.len, &seven, &err);
		ok(seven.len > 0 &&
			header_len(out.data) == header_len(seven.data) &&
			memcmp(out.data, seven.data, header_len(out.data)) == 0,
		    "built: the header is untouched");
	} else
		ok(0, "build: %s", err.msg);
	check_7bit("binary, nested message, mislabelled", raw8, sizeof raw8 - 1,
	    "quoted-printable");
	buf_reset(&seven);
	compose_7bit(raw8, sizeof raw8 - 1, &seven, &err);
	ok(strstr(seven.data, "Subject: K\xc3\xb6ln raw in the header\n") !=
		NULL,
	    "8-bit header text is left alone");
	ok(strstr(seven.data,
	       "Content-Type: message/rfc822\n"
	       "Content-Transfer-Encoding: 7bit\n") != NULL,
	    "the attached message is labelled 7bit");
	buf_reset(&seven);
	is_int(compose_7bit(ascii, sizeof ascii - 1, &seven, &err), 0,
	    "7bit message");
	is_str(seven.data, ascii, "is copied as it is");
	free(path);
	buf_release(&out);
	buf_release(&seven);
}

struct mailto_case {
	const char *url;
	const char *to, *cc, *bcc, *subject, *body, *in_reply_to;
};

/* clang-format off */
static const struct mailto_case mailto_cases[] = {
	{ "mailto:a@b?subject=Hello%20W%C3%B6rld&cc=c@d&body=x%0Ay",
	    "a@b", "c@d", NULL, "Hello W\xc3\xb6rld", "x\ny", NULL },
	{ "mailto:?to=a@b", "a@b", NULL, NULL, NULL, NULL, NULL },
	{ "MAILTO:a@b?To=c@d&to=e%40f", "a@b, c@d, e@f", NULL, NULL, NULL,
	    NULL, NULL },
	{ "mailto:a@b,c@d", "a@b,c@d", NULL, NULL, NULL, NULL, NULL },
	{ "mailto:a@b?body=line1%0D%0Aline2&subject=first&subject=second"
	    "&bcc=x@y&bcc=z@w",
	    "a@b", NULL, "x@y, z@w", "first", "line1\nline2", NULL },
	{ "mailto:a@b?In-Reply-To=%3C1234@local.example%3E&x-other=1&novalue",
	    "a@b", NULL, NULL, NULL, NULL, "<1234@local.example>" },
	{ "mailto:a@b?subject=&body=", "a@b", NULL, NULL, "", "", NULL },
	{ "mailto:a@b#fragment", "a@b", NULL, NULL, NULL, NULL, NULL },
	{ "mailto:", NULL, NULL, NULL, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};

static const char *const mailto_bad[] = {
	"http://example.org/",
	"mail:a@b",
	"mailto:a@b?subject=%zz",
	"mailto:a@b?subject=%4",
	"mailto:a%",
	"mailto:a@b?subject=%00",
	"mailto:a@b?subject=%FF",
	"mailto:a@b?body=ok&sub%ject=x",
	NULL,
};
/* clang-format on */

static void
test_mailto(void)
{
	const struct mailto_case *t;
	const char *const *bad;
	struct compose_mailto m;
	struct err err;

	for (t = mailto_cases; t->url != NULL; t++) {
		if (compose_mailto(t->url, &m, &err) < 0) {
			ok(0, "%s: %s", t->url, err.msg);
			continue;
		}
		is_str(m.to, t->to, "%s: to", t->url);
		is_str(m.cc, t->cc, "%s: cc", t->url);
		is_str(m.bcc, t->bcc, "%s: bcc", t->url);
		is_str(m.subject, t->subject, "%s: subject", t->url);
		is_str(m.body, t->body, "%s: body", t->url);
		is_str(
		    m.in_reply_to, t->in_reply_to, "%s: in-reply-to", t->url);
		compose_mailto_free(&m);
		ok(m.to == NULL && m.body == NULL, "freed fields are NULL");
	}
	for (bad = mailto_bad; *bad != NULL; bad++)
		ok(compose_mailto(*bad, &m, &err) == -1 && m.to == NULL &&
			m.subject == NULL && err.cls == ERR_FINAL &&
			strstr(err.msg, "bad mailto: URL") != NULL,
		    "%s refused (%s)", *bad, err.msg);
}

int
main(void)
{
	char *cmd;

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	mime_init();
	test_headers();
	test_folding();
	test_subjects();
	test_names();
	test_bodies();
	test_attachments();
	test_refusals();
	test_addresses();
	test_envelope();
	test_8bit();
	test_7bit();
	test_mailto();
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		diag("cleanup failed");
	free(cmd);
	done_testing();
	return exit_status();
}
