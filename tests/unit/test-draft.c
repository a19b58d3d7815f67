/*
 * Drafts: the text the editor sees and how it is read back (folded
 * lines, CRLF, a missing blank line, fields tern does not know, NUL and
 * bad UTF-8 with their line numbers, every prefix of a text), whether
 * the user changed anything, the signature file, and drafts stored for
 * the Drafts folder and resumed with non-ASCII names, subject, body and
 * attachment names intact.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mime/compose.h"
#include "mime/draft.h"
#include "mime/reply.h"
#include "tests/tap.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/xalloc.h"

#define JM "J\xc3\xbcrgen M\xc3\xbcller"	       /* Jürgen Müller */
#define ZOE "Zo\xc3\xab"			       /* Zoë */
#define NIHONGO "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" /* 日本語 */
#define SMILE "\xf0\x9f\x98\x80"		       /* U+1F600 */

static char tmpdir[] = "/tmp/tern-draft.XXXXXX";

/* A draft with something non-ASCII in every field. */
static struct draft *
sample(void)
{
	struct draft *d = draft_new();

	draft_set(&d->account, "Arbeit " SMILE);
	draft_set(&d->from_name, JM);
	draft_set(&d->from_addr, "jm@work.example");
	draft_set(&d->to,
	    "\"M\xc3\xbcller, Zo\xc3\xab\" <zoe@example.org>, "
	    "bob@example.org");
	draft_set(&d->cc, NIHONGO " <n@example.jp>");
	draft_set(&d->bcc, "archive@example.org");
	draft_set(&d->subject,
	    "Re: " NIHONGO " und Gr\xc3\xbc\xc3\x9f"
	    "e " SMILE);
	draft_set(&d->in_reply_to, "<m1@example.org>");
	draft_set(&d->references, "<r1@example.org> <m1@example.org>");
	draft_set(&d->body, "Hallo " ZOE ",\n\n> quoted\n\n-- \n" JM "\n");
	return d;
}

/* Write data to the file name in tmpdir; returns its path (free it). */
static char *
put_file(const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	struct err err;

	if (file_replace(path, data, len, 0600, &err) < 0)
		ok(0, "write %s: %s", path, err.msg);
	return path;
}

static void
test_edit_text(void)
{
	struct draft *d = sample();
	struct buf b = BUF_INIT;

	draft_edit_text(d, 0, &b);
	is_str(b.data,
	    "From: " JM " <jm@work.example>\n"
	    "To: \"M\xc3\xbcller, Zo\xc3\xab\" <zoe@example.org>, "
	    "bob@example.org\n"
	    "Cc: " NIHONGO " <n@example.jp>\n"
	    "Bcc: archive@example.org\n"
	    "Subject: Re: " NIHONGO " und Gr\xc3\xbc\xc3\x9f"
	    "e " SMILE "\n"
	    "\n"
	    "Hallo " ZOE ",\n\n> quoted\n\n-- \n" JM "\n",
	    "editor text");
	buf_reset(&b);
	draft_set(&d->from_name, "Doe, J.");
	draft_set(&d->subject, "two\nlines");
	draft_edit_text(d, 1, &b);
	ok(strncmp(b.data, "From: \"Doe, J.\" <jm@work.example>\n", 34) == 0,
	    "editor text: a name with specials is quoted");
	ok(strstr(b.data, "Subject: two lines\nReply-To: \n\n") != NULL,
	    "editor text: one line per field, Reply-To when asked");
	buf_release(&b);
	draft_free(&d);
}

static void
test_round_trip(void)
{
	struct draft *d = sample(), *e = draft_dup(d);
	struct buf b = BUF_INIT;
	struct err err;

	draft_attach(e, NULL, "x", 1, "x.txt", "text/plain");
	draft_attach(d, NULL, "x", 1, "x.txt", "text/plain");
	draft_edit_text(d, 0, &b);
	if (ok(draft_parse_edit(b.data, b.len, e, &err) == 0,
		"round trip: parsed"))
		ok(!draft_changed(d, e), "round trip: nothing changed");
	is_str(e->from_name, JM, "round trip: From name");
	is_str(e->account, d->account, "round trip: the account stays");
	is_int(e->natt, 1, "round trip: the attachment stays");
	draft_set(&e->subject, "other");
	ok(draft_changed(d, e), "changed: the subject");
	draft_set(&e->subject, d->subject);
	draft_set(&e->body, "Hallo");
	ok(draft_changed(d, e), "changed: the body");
	draft_set(&e->body, d->body);
	draft_detach(e, 0);
	ok(draft_changed(d, e), "changed: an attachment removed");
	draft_attach(e, NULL, "y", 1, "x.txt", "text/plain");
	ok(draft_changed(d, e), "changed: an attachment's bytes");
	buf_release(&b);
	draft_free(&d);
	draft_free(&e);
}

struct parse_case {
	const char *name, *text;
	/* what comes back, or the error's text */
	const char *to, *subject, *body, *error;
};

/* clang-format off */
static const struct parse_case parse_cases[] = {
	{ "plain", "From: a@x.example\nTo: b@y.example\nSubject: s\n\nbody\n",
	  "b@y.example", "s", "body\n", NULL },
	{ "CRLF", "From: a@x.example\r\nTo: b@y.example\r\nSubject: s\r\n"
	  "\r\nline 1\r\nline 2\r\n",
	  "b@y.example", "s", "line 1\nline 2\n", NULL },
	{ "folded To", "From: a@x.example\nTo: b@y.example,\n  c@y.example\n"
	  "\tD <d@y.example>\nSubject: long\n subject\n\nx",
	  "b@y.example, c@y.example D <d@y.example>", "long subject", "x",
	  NULL },
	{ "names in any case", "FROM: a@x.example\nto: b@y.example\n"
	  "SUBJECT:s\n\nx\n", "b@y.example", "s", "x\n", NULL },
	{ "To twice", "From: a@x.example\nTo: b@y.example\nTo: c@y.example\n"
	  "\nx\n", "b@y.example, c@y.example", "", "x\n", NULL },
	{ "no blank line", "From: a@x.example\nTo: b@y.example\nHi Bob,\n"
	  "text\n", "b@y.example", "", "Hi Bob,\ntext\n", NULL },
	{ "only headers", "From: a@x.example\nTo: b@y.example",
	  "b@y.example", "", "", NULL },
	{ "empty fields", "From: a@x.example\nTo:\nCc: \nSubject:\n\n",
	  "", "", "", NULL },
	{ "blank lines in the body", "From: a@x.example\n\n\n\nx\n\n",
	  "", "", "\n\nx\n\n", NULL },
	{ "a deleted To line", "From: a@x.example\nSubject: s\n\nx\n",
	  "", "s", "x\n", NULL },
	{ "unknown field", "From: a@x.example\nTo: b@y.example\n"
	  "X-Mailer: me\n\nx\n", NULL, NULL, NULL,
	  "line 3: tern does not know this header field" },
	{ "a body line like a field", "From: a@x.example\nNote: call me\n",
	  NULL, NULL, NULL, "'Note: call me'" },
	{ "Subject twice", "From: a@x.example\nSubject: a\nSubject: b\n\nx\n",
	  NULL, NULL, NULL, "line 3: the field is there twice" },
	{ "no From", "To: b@y.example\n\nx\n", NULL, NULL, NULL,
	  "the From line is missing" },
	{ "empty From", "From: \nTo: b@y.example\n\nx\n", NULL, NULL, NULL,
	  "the From line is missing" },
	{ "empty text", "", NULL, NULL, NULL, "the From line is missing" },
	{ "two senders", "From: a@x.example, b@x.example\n\nx\n", NULL, NULL,
	  NULL, "From: 'a@x.example, b@x.example' is not exactly one" },
	{ "a bad sender", "From: Jo <jo@>\n\nx\n", NULL, NULL, NULL,
	  "From: " },
	{ "NUL", "From: a@x.example\n\nline\nNUL\0here\n", NULL, NULL, NULL,
	  "line 4: the text holds a NUL byte" },
	{ "bad UTF-8", "From: a@x.example\nSubject: caf\xe9\n\nx\n", NULL,
	  NULL, NULL, "line 2: the text is not valid UTF-8" },
	{ "bad UTF-8 in the body", "From: a@x.example\n\nok\n\xc3(\n", NULL,
	  NULL, NULL, "line 4: the text is not valid UTF-8" },
};
/* clang-format on */

/* Length of a case's text: up to the NUL that ends the C string. */
static size_t
case_len(const struct parse_case *c)
{
	return strcmp(c->name, "NUL") == 0 ? 33 : strlen(c->text);
}

static void
test_parse(void)
{
	const struct parse_case *c;
	struct draft *d, *orig = sample();
	struct err err;
	size_t i;
	int rc;

	for (i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
		c = &parse_cases[i];
		d = sample();
		rc = draft_parse_edit(c->text, case_len(c), d, &err);
		if (c->error != NULL) {
			if (!ok(rc < 0 && strstr(err.msg, c->error) != NULL,
				"parse %s: refused", c->name))
				diag(
				    "  got %d '%s'", rc, rc < 0 ? err.msg : "");
			ok(!draft_changed(orig, d), "parse %s: draft unchanged",
			    c->name);
		} else if (ok(rc == 0, "parse %s: read", c->name)) {
			is_str(d->to, c->to, "parse %s: To", c->name);
			is_str(d->subject, c->subject, "parse %s: Subject",
			    c->name);
			is_str(d->body, c->body, "parse %s: body", c->name);
			is_str(d->from_addr, "a@x.example", "parse %s: From",
			    c->name);
		} else
			diag("  %s", err.msg);
		draft_free(&d);
	}
	draft_free(&orig);
}

/* Every prefix of an editor text is read or refused, never crashes. */
static void
test_parse_prefixes(void)
{
	struct draft *d = sample(), *e;
	struct buf b = BUF_INIT;
	struct err err;
	size_t n, good = 0, bad = 0;

	draft_edit_text(d, 1, &b);
	for (n = 0; n <= b.len; n++) {
		e = sample();
		if (draft_parse_edit(b.data, n, e, &err) == 0)
			good++;
		else if (err.msg[0] != '\0' && !draft_changed(d, e))
			bad++;
		draft_free(&e);
	}
	ok(good + bad == b.len + 1 && good > 0 && bad > 0,
	    "every prefix: %zu read, %zu refused with the draft unchanged",
	    good, bad);
	buf_release(&b);
	draft_free(&d);
}

static void
test_signature(void)
{
	char *plain = put_file("sig", JM "\nBerlin\n\n", strlen(JM) + 9);
	char *dashed = put_file("dashed", "-- \r\nJo\r\n", 9);
	char *latin = put_file("latin", "M\xfcller\n", 8);
	char *nul = put_file("nul", "a\0b\n", 4);
	char *big = xasprintf("%s/big", tmpdir);
	char *missing = xasprintf("%s/missing", tmpdir);
	struct buf huge = BUF_INIT;
	struct draft *d = draft_new();
	struct err err;

	buf_grow(&huge, DRAFT_MAX_SIGNATURE + 1);
	memset(huge.data, 'x', DRAFT_MAX_SIGNATURE + 1);
	free(put_file("big", huge.data, DRAFT_MAX_SIGNATURE + 1));
	ok(draft_add_signature(d, plain, &err) == 0, "signature: added");
	is_str(d->body, "\n-- \n" JM "\nBerlin\n",
	    "signature: after an empty body, final newlines trimmed");
	draft_set(&d->body, "Hello");
	ok(draft_add_signature(d, dashed, &err) == 0, "signature: dashed");
	is_str(d->body, "Hello\n\n-- \nJo\n",
	    "signature: its own '-- ' line not doubled, CRLF made LF");
	ok(draft_add_signature(d, latin, &err) < 0 &&
		strstr(err.msg, "not UTF-8") != NULL &&
		strstr(err.msg, latin) != NULL,
	    "signature: Latin-1 refused, naming the file");
	ok(draft_add_signature(d, nul, &err) < 0 &&
		strstr(err.msg, "not UTF-8") != NULL,
	    "signature: NUL refused");
	ok(draft_add_signature(d, big, &err) < 0 &&
		strstr(err.msg, big) != NULL,
	    "signature: too large refused (%s)", err.msg);
	ok(draft_add_signature(d, missing, &err) < 0 &&
		strstr(err.msg, missing) != NULL,
	    "signature: a missing file refused (%s)", err.msg);
	is_str(d->body, "Hello\n\n-- \nJo\n", "signature: body unchanged");
	draft_free(&d);
	buf_release(&huge);
	free(plain);
	free(dashed);
	free(latin);
	free(nul);
	free(big);
	free(missing);
}

/* Store d and resume it; NULL (a failed test) when either fails. */
static struct draft *
store_resume(const struct draft *d, struct buf *out, const char *what)
{
	struct err err;
	struct draft *r;

	buf_reset(out);
	if (draft_store(d, out, &err) < 0) {
		ok(0, "%s: stored (%s)", what, err.msg);
		return NULL;
	}
	if ((r = draft_resume(out->data, out->len, &err)) == NULL)
		ok(0, "%s: resumed (%s)", what, err.msg);
	return r;
}

/* Every field of r as in d. */
static void
same_draft(const struct draft *d, const struct draft *r, const char *what)
{
	is_str(r->account, d->account, "%s: account", what);
	is_str(r->from_name, d->from_name, "%s: From name", what);
	is_str(r->from_addr, d->from_addr, "%s: From address", what);
	is_str(r->to, d->to, "%s: To", what);
	is_str(r->cc, d->cc, "%s: Cc", what);
	is_str(r->bcc, d->bcc, "%s: Bcc", what);
	is_str(r->reply_to, d->reply_to, "%s: Reply-To", what);
	is_str(r->subject, d->subject, "%s: Subject", what);
	is_str(r->in_reply_to, d->in_reply_to, "%s: In-Reply-To", what);
	is_str(r->references, d->references, "%s: References", what);
	is_str(r->body, d->body, "%s: body", what);
}

static void
test_store(void)
{
	static const unsigned char bin[] = { 0, 1, 2, 0xff, '\n', '\r', 0x80 };
	char *file = put_file("Pl\xc3\xa4ne " SMILE ".pdf", "%PDF-1.4\n", 9);
	struct draft *d = sample(), *r;
	struct buf out = BUF_INIT;

	draft_set(&d->reply_to, ZOE " <zoe@example.org>");
	draft_attach(d, NULL, (const char *)bin, sizeof bin,
	    NIHONGO " \xc3\xbc.bin", "application/octet-stream");
	draft_attach(d, file, NULL, 0, NULL, "application/pdf");
	if ((r = store_resume(d, &out, "draft")) != NULL) {
		ok(strncmp(out.data, "X-Tern-Draft: v=1;\n account=Arbeit",
		       34) == 0,
		    "draft: X-Tern-Draft comes first");
		same_draft(d, r, "draft");
		is_int(r->natt, 2, "draft: two attachments");
		if (r->natt == 2) {
			is_str(r->att[0].name, "Pl\xc3\xa4ne " SMILE ".pdf",
			    "draft: the file first, with its name");
			ok(r->att[0].path == NULL && r->att[0].len == 9 &&
				memcmp(r->att[0].data, "%PDF-1.4\n", 9) == 0,
			    "draft: the file's bytes");
			is_str(r->att[1].name, NIHONGO " \xc3\xbc.bin",
			    "draft: the non-ASCII name");
			ok(r->att[1].len == sizeof bin &&
				memcmp(r->att[1].data, bin, sizeof bin) == 0,
			    "draft: the binary bytes");
			is_str(r->att[1].type, "application/octet-stream",
			    "draft: the type");
		}
	}
	draft_free(&r);
	draft_free(&d);
	free(file);
	buf_release(&out);
}

static void
test_store_incomplete(void)
{
	struct draft *d = draft_new(), *r;
	struct buf out = BUF_INIT;

	draft_set(&d->account, "home");
	draft_set(&d->from_addr, "jm@home.example");
	draft_set(&d->body, "no newline at the end, " SMILE);
	if ((r = store_resume(d, &out, "no recipient")) != NULL)
		same_draft(d, r, "no recipient");
	draft_free(&r);
	draft_set(&d->to, "bob@, \"Carol <carol@example.org>, " ZOE);
	draft_set(&d->cc, "ok@example.org");
	draft_set(&d->from_addr, "");
	draft_set(&d->body, "");
	if ((r = store_resume(d, &out, "bad addresses")) != NULL) {
		same_draft(d, r, "bad addresses");
		ok(strstr(out.data, "\nTo:") == NULL &&
			strstr(out.data, "\nCc: ok@example.org\n") != NULL,
		    "bad addresses: kept out of the header, the good ones in");
	}
	draft_free(&r);
	draft_free(&d);
	buf_release(&out);
}

static void
test_store_forward(void)
{
	static const char orig[] = "From: " ZOE " <zoe@example.org>\n"
				   "To: jm@work.example\n"
				   "Subject: =?UTF-8?B?5pel5pys6Kqe?=\n"
				   "Message-ID: <f@example.org>\n"
				   "\n"
				   "text " SMILE "\n";
	static const struct reply_identity id = { "work", JM,
		"jm@work.example" };
	struct buf out = BUF_INIT;
	struct draft *d, *r;
	struct err err;

	d = reply_make(
	    REPLY_FORWARD_ATTACH, orig, strlen(orig), &id, 1, NULL, &err);
	if (!ok(d != NULL, "forward attached: made"))
		return;
	draft_set(&d->to, "bob@example.org");
	if ((r = store_resume(d, &out, "forward attached")) != NULL) {
		same_draft(d, r, "forward attached");
		is_int(r->natt, 1, "forward attached: the message");
		if (r->natt == 1) {
			is_str(r->att[0].type, "message/rfc822",
			    "forward attached: type");
			ok(r->att[0].name == NULL &&
				strstr(r->att[0].data, "\ntext " SMILE) !=
				    NULL &&
				strstr(r->att[0].data,
				    "Message-ID: "
				    "<f@example.org>") != NULL,
			    "forward attached: the message's bytes");
		}
	}
	draft_free(&r);
	draft_free(&d);
	buf_release(&out);
}

static void
test_resume_other(void)
{
	static const char foreign[] =
	    "From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\n"
	    "To: a@example.org, B <b@example.org>\n"
	    "Subject: from another program\n"
	    "In-Reply-To: <x@y>\n"
	    "Content-Type: multipart/alternative; boundary=b\n"
	    "\n"
	    "--b\n"
	    "Content-Type: text/html\n"
	    "\n"
	    "<p>hello</p>\n"
	    "--b--\n";
	static const char badmeta[] = "X-Tern-Draft: v=1; to=%ZZ\n"
				      "From: a@example.org\n"
				      "\n"
				      "x\n";
	static const char newer[] = "X-Tern-Draft: v=2; account=a; future=1\n"
				    "From: a@example.org\n"
				    "\n"
				    "x\n";
	struct draft *r;
	struct err err;

	if (ok((r = draft_resume(foreign, strlen(foreign), &err)) != NULL,
		"another program's draft: read")) {
		is_str(r->from_name, ZOE, "another program's: From name");
		is_str(r->to, "a@example.org, B <b@example.org>",
		    "another program's: To");
		is_str(r->in_reply_to, "<x@y>", "another program's: ID");
		is_str(r->body, "hello\n", "another program's: HTML as text");
		is_str(r->account, "", "another program's: no account");
	}
	draft_free(&r);
	r = draft_resume(badmeta, strlen(badmeta), &err);
	ok(r == NULL && strstr(err.msg, "X-Tern-Draft") != NULL,
	    "a malformed X-Tern-Draft refused");
	draft_free(&r);
	if (ok((r = draft_resume(newer, strlen(newer), &err)) != NULL,
		"unknown X-Tern-Draft keys ignored"))
		is_str(r->account, "a", "known keys still read");
	draft_free(&r);
	r = draft_resume("", 0, &err);
	ok(r == NULL && strstr(err.msg, "does not begin with a header"),
	    "an empty file refused");
	draft_free(&r);
}

static void
cleanup(void)
{
	static const char *const names[] = { "sig", "dashed", "latin", "nul",
		"big", "Pl\xc3\xa4ne " SMILE ".pdf" };
	size_t i;
	char *p;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		p = xasprintf("%s/%s", tmpdir, names[i]);
		unlink(p);
		free(p);
	}
	rmdir(tmpdir);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		skip_all("cannot make a temporary directory");
	test_edit_text();
	test_round_trip();
	test_parse();
	test_parse_prefixes();
	test_signature();
	test_store();
	test_store_incomplete();
	test_store_forward();
	test_resume_other();
	cleanup();
	done_testing();
	return exit_status();
}
