/*
 * What a reader chooses to see of a message (render_message_view): the
 * header fields in the order given, every field, HTML through a
 * converter of the caller's; and the leaf parts an attachment list shows
 * (render_parts, render_part_data).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "mime/render.h"
#include "tests/tap.h"
#include "util/buf.h"

static const char plain[] = "Received: from mx.example.org\n"
			    "From: =?utf-8?q?Zo=C3=AB?= <zoe@example.org>\n"
			    "To: a@example.org\n"
			    "Subject: Hello\n"
			    "X-Mailer: Test   Mailer\n"
			    "To: b@example.org\n"
			    "Date: Wed, 3 Apr 2024 09:00:00 +0000\n"
			    "MIME-Version: 1.0\n"
			    "Content-Type: text/plain; charset=utf-8\n"
			    "\n"
			    "Body.\n";

static const char html[] = "From: a@example.org\n"
			   "Subject: HTML\n"
			   "MIME-Version: 1.0\n"
			   "Content-Type: text/html; charset=iso-8859-1\n"
			   "\n"
			   "<p>Caf\xe9</p>\n";

/* base64 of "\0\1\2\377bytes" */
static const char mixed[] = "From: a@example.org\n"
			    "Subject: Parts\n"
			    "MIME-Version: 1.0\n"
			    "Content-Type: multipart/mixed; boundary=A\n"
			    "\n"
			    "--A\n"
			    "Content-Type: text/plain\n"
			    "\n"
			    "Text.\n"
			    "--A\n"
			    "Content-Type: application/octet-stream\n"
			    "Content-Disposition: attachment;\n"
			    " filename*=utf-8''r%C3%A9sum%C3%A9.bin\n"
			    "Content-Transfer-Encoding: base64\n"
			    "\n"
			    "AAEC/2J5dGVz\n"
			    "--A\n"
			    "Content-Type: message/rfc822\n"
			    "\n"
			    "Subject: Inner\n"
			    "Content-Type: multipart/alternative; boundary=B\n"
			    "\n"
			    "--B\n"
			    "Content-Type: text/plain\n"
			    "\n"
			    "inner plain\n"
			    "--B\n"
			    "Content-Type: text/html; name=inner.html\n"
			    "\n"
			    "<p>inner</p>\n"
			    "--B--\n"
			    "--A--\n";

static char *
view(const char *in, const struct render_view *v)
{
	struct buf out = BUF_INIT;
	struct err err;

	if (render_message_view(in, strlen(in), NULL, v, &out, &err) < 0)
		diag("render_message_view: %s", err.msg);
	return buf_detach(&out, NULL);
}

static void
test_headers(void)
{
	char *fields[] = { "subject", "x-mailer", "From", "to", "Bcc" };
	struct render_view v = { .headers = fields, .nheaders = 5 };
	char *s;

	s = view(plain, NULL);
	is_str(s,
	    "From: Zo\xc3\xab <zoe@example.org>\n"
	    "To: a@example.org, b@example.org\n"
	    "Date: Wed, 03 Apr 2024 09:00:00 +0000\n"
	    "Subject: Hello\n\nBody.\n",
	    "no view: the default fields");
	free(s);
	s = view(plain, &v);
	is_str(s,
	    "Subject: Hello\n"
	    "X-Mailer: Test Mailer\n"
	    "From: Zo\xc3\xab <zoe@example.org>\n"
	    "To: a@example.org, b@example.org\n\nBody.\n",
	    "the fields given, in their order, usually spelled; an absent "
	    "one left out");
	free(s);
	v.all_headers = 1;
	s = view(plain, &v);
	is_str(s,
	    "Received: from mx.example.org\n"
	    "From: Zo\xc3\xab <zoe@example.org>\n"
	    "To: a@example.org\n"
	    "Subject: Hello\n"
	    "X-Mailer: Test Mailer\n"
	    "To: b@example.org\n"
	    "Date: Wed, 3 Apr 2024 09:00:00 +0000\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n\nBody.\n",
	    "all fields: each as the message has it, decoded");
	free(s);
}

/* Converters: one that works, one that declines, one that fails. */
static int
conv_ok(void *arg, const char *in, size_t len, struct buf *out, struct err *err)
{
	(void)err;
	buf_adds(out, arg);
	buf_add(out, in, len);
	return 0;
}

static int
conv_decline(
    void *arg, const char *in, size_t len, struct buf *out, struct err *err)
{
	(void)arg;
	(void)in;
	(void)len;
	(void)err;
	buf_adds(out, "dropped");
	return 1;
}

static int
conv_fail(
    void *arg, const char *in, size_t len, struct buf *out, struct err *err)
{
	(void)arg;
	(void)in;
	(void)len;
	buf_adds(out, "dropped");
	return err_set(err, ERR_FINAL, "'viewer' exited with status 2");
}

static void
test_html(void)
{
	struct render_view v = { .html = conv_ok, .html_arg = (void *)"CONV " };
	char *s;

	s = view(html, &v);
	is_str(s,
	    "From: a@example.org\nSubject: HTML\n\nCONV <p>Caf\xc3\xa9</p>\n",
	    "HTML through the caller's converter, as UTF-8");
	free(s);
	v.html = conv_decline;
	s = view(html, &v);
	is_str(s, "From: a@example.org\nSubject: HTML\n\nCaf\xc3\xa9\n",
	    "declined: the built-in converter, nothing of the other");
	free(s);
	v.html = conv_fail;
	s = view(html, &v);
	is_str(s,
	    "From: a@example.org\nSubject: HTML\n\n"
	    "[-- 'viewer' exited with status 2; shown by the built-in "
	    "converter --]\nCaf\xc3\xa9\n",
	    "failed: the built-in converter under a note saying why");
	free(s);
}

static void
test_parts(void)
{
	struct render_part *parts = NULL;
	struct buf out = BUF_INIT;
	struct err err;
	size_t n;

	render_parts(mixed, strlen(mixed), &parts, &n);
	is_int((int)n, 4, "parts: every leaf, nested ones too");
	if (n != 4)
		return;
	ok(parts[0].no == 1 && strcmp(parts[0].type, "text/plain") == 0 &&
		parts[0].name == NULL && parts[0].size == 5,
	    "parts: the text, no name, 5 bytes");
	ok(parts[1].no == 2 &&
		strcmp(parts[1].type, "application/octet-stream") == 0 &&
		strcmp(parts[1].name, "r\xc3\xa9sum\xc3\xa9.bin") == 0 &&
		parts[1].size == 9,
	    "parts: the file, its RFC 2231 name, its decoded size");
	ok(parts[2].no == 3 && parts[3].no == 4 &&
		strcmp(parts[3].type, "text/html") == 0 &&
		strcmp(parts[3].name, "inner.html") == 0 &&
		parts[3].depth > parts[1].depth,
	    "parts: inside the attached message, deeper");
	render_parts_free(&parts, n);
	ok(parts == NULL, "parts: freed");
	ok(render_part_data(mixed, strlen(mixed), 2, &out, &err) == 0 &&
		out.len == 9 && memcmp(out.data, "\0\1\2\377bytes", 9) == 0,
	    "part data: decoded, byte for byte");
	buf_reset(&out);
	ok(render_part_data(mixed, strlen(mixed), 5, &out, &err) < 0 &&
		strstr(err.msg, "#5") != NULL,
	    "part data: no such part (%s)", err.msg);
	buf_release(&out);
	buf_init(&out, 4);
	ok(render_part_data(mixed, strlen(mixed), 2, &out, &err) < 0,
	    "part data: larger than the cap (%s)", err.msg);
	buf_release(&out);
	render_parts("no message", 10, &parts, &n);
	ok(n == 0 && parts == NULL, "parts: none in text that is no message");
}

int
main(void)
{
	test_headers();
	test_html();
	test_parts();
	done_testing();
	return exit_status();
}
