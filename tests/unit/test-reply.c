/*
 * Replies, forwards and "edit as new": subjects, quoting, the identity
 * that answers, who a reply goes to (Reply-To, Mail-Reply-To,
 * Mail-Followup-To, List-Post, the user's own mail), message IDs, the
 * attribution, HTML-only and multipart originals, attachments carried
 * by a forward, non-ASCII everywhere, and malformed input (every prefix
 * of a message too). Every draft made must build with compose_build.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "mime/compose.h"
#include "mime/draft.h"
#include "mime/reply.h"
#include "tests/tap.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/xalloc.h"

#define JM "J\xc3\xbcrgen M\xc3\xbcller"	       /* Jürgen Müller */
#define ZOE "Zo\xc3\xab"			       /* Zoë */
#define GRUSS "Gr\xc3\xbc\xc3\x9f"		       /* Grüß */
#define NIHONGO "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" /* 日本語 */

static const struct reply_identity ids[] = {
	{ "work", JM, "jm@work.example" },
	{ "home", "J\xc3\xbcrgen", "juergen@home.example" },
	{ "home", NULL, "jm@alias.example" },
};
#define NIDS (sizeof ids / sizeof ids[0])

/* A plain message from Alice to the user's work address and others. */
static const char plain[] =
    "Return-Path: <alice@example.org>\n"
    "Delivered-To: jm@work.example\n"
    "From: Alice Example <alice@example.org>\n"
    "To: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <JM@Work.Example>, "
    "bob@example.org\n"
    "Cc: \"Carol, C.\" <carol@example.org>, juergen@home.example,\n"
    " Bob <BOB@example.org>\n"
    "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus Berlin\n"
    "Date: Mon, 4 Mar 2024 09:00:00 +0100\n"
    "Message-ID: <m1@example.org>\n"
    "References: <r1@example.org>\n"
    " <r2@example.org>\n"
    "In-Reply-To: <r2@example.org>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=iso-8859-1\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Hallo J=FCrgen,\n"
    "\n"
    "> you wrote this\n"
    ">> and this\n"
    "\tindented\n"
    "\n"
    "Alice\n"
    "\n"
    "-- \n"
    "Alice Example, Berlin\n";

/* Make a draft of kind from msg; NULL (and a failed test) when it fails. */
static struct draft *
make(enum reply_kind kind, const char *msg, const char *hint, const char *what)
{
	struct err err;
	struct draft *d =
	    reply_make(kind, msg, strlen(msg), ids, NIDS, hint, &err);

	if (d == NULL)
		ok(0, "%s: made (%s)", what, err.msg);
	return d;
}

/* Whether d builds as a message (its typed addresses are valid). */
static void
builds(const struct draft *d, const char *what)
{
	struct compose_att *att;
	struct compose_mem *mem;
	struct compose c;
	struct buf out = BUF_INIT;
	struct err err;
	int rc;

	draft_compose(d, &c, &att, &mem);
	c.draft = 1;
	rc = compose_build(&c, &out, &err);
	if (!ok(rc == 0, "%s: builds", what))
		diag("  %s", err.msg);
	free(att);
	free(mem);
	buf_release(&out);
}

/* The error reply_make gives for kind and msg[0..len), or "" for none. */
static void
refused(enum reply_kind kind, const char *msg, size_t len, const char *want,
    const char *what)
{
	struct err err;
	struct draft *d = reply_make(kind, msg, len, ids, NIDS, NULL, &err);

	ok(d == NULL && strstr(err.msg, want) != NULL, "%s: refused", what);
	if (d != NULL)
		diag("  made a draft");
	else if (strstr(err.msg, want) == NULL)
		diag("  got '%s', want '%s'", err.msg, want);
	draft_free(&d);
}

static void
test_subjects(void)
{
	static const char *const re[][2] = {
		{ NULL, "Re: " },
		{ "", "Re: " },
		{ "Hello", "Re: Hello" },
		{ "Re: Hello", "Re: Hello" },
		{ "RE: Re: Aw: Hello", "Re: Hello" },
		{ "re:Hello", "Re: Hello" },
		{ "Re[2]: Hello", "Re: Hello" },
		{ "Re(3): AW: Hello", "Re: Hello" },
		{ "AW: SV: Antw: Sv: Hello", "Re: Hello" },
		{ "Re : Hello", "Re: Hello" },
		{ "  Re:   Re: Hello", "Re: Hello" },
		{ "Re: Fwd: Hello", "Re: Fwd: Hello" },
		{ "Reply: Hello", "Re: Reply: Hello" },
		{ "Antwort: Hello", "Re: Antwort: Hello" },
		{ "Re[x]: Hello", "Re: Re[x]: Hello" },
		{ "Re: " GRUSS, "Re: " GRUSS },
	};
	static const char *const fwd[][2] = {
		{ NULL, "Fwd: " },
		{ "Hello", "Fwd: Hello" },
		{ "Fwd: Hello", "Fwd: Hello" },
		{ "FW: Fwd: fw: Hello", "Fwd: Hello" },
		{ "Fwd: Re: Hello", "Fwd: Re: Hello" },
		{ "Re: Fwd: Hello", "Fwd: Re: Fwd: Hello" },
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof re / sizeof re[0]; i++) {
		s = reply_subject(re[i][0]);
		is_str(s, re[i][1], "reply subject of '%s'",
		    re[i][0] != NULL ? re[i][0] : "(null)");
		free(s);
	}
	for (i = 0; i < sizeof fwd / sizeof fwd[0]; i++) {
		s = reply_forward_subject(fwd[i][0]);
		is_str(s, fwd[i][1], "forward subject of '%s'",
		    fwd[i][0] != NULL ? fwd[i][0] : "(null)");
		free(s);
	}
}

static void
test_quote(void)
{
	static const char *const cases[][2] = {
		{ "", "" },
		{ "\n\n", "" },
		{ "one", "> one\n" },
		{ "one\ntwo\n", "> one\n> two\n" },
		{ "one\n\ntwo\n", "> one\n>\n> two\n" },
		{ "> q\n>> qq\n>\nx\n", ">> q\n>>> qq\n>>\n> x\n" },
		{ "\tx\n", "> \tx\n" },
		{ "text\n\n-- \nsig\n", "> text\n" },
		{ "text\n-- \n", "> text\n" },
		{ "-- \nonly a signature\n", "" },
		{ "a\n-- \nb\n-- \nc\n", "> a\n> -- \n> b\n" },
		{ "a\n--\nb\n", "> a\n> --\n> b\n" },
		{ "a\n--  \nb\n", "> a\n> --  \n> b\n" },
		{ "a\n> -- \nb\n", "> a\n>> -- \n> b\n" },
		{ "x\n\n\n", "> x\n" },
		{ NIHONGO "\n", "> " NIHONGO "\n" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&b);
		reply_quote(&b, cases[i][0], strlen(cases[i][0]));
		is_str(b.data, cases[i][1], "quote case %zu", i);
	}
	buf_release(&b);
}

static void
test_identity(void)
{
	char *a1[] = { "someone@x.example", "JM@ALIAS.example",
		"juergen@home.example" };
	char *a2[] = { "someone@x.example" };

	ok(reply_identity_pick(ids, NIDS, a1, 3, "work") == &ids[2],
	    "identity: the first address of the user's wins over the hint");
	ok(reply_identity_pick(ids, NIDS, a2, 1, "home") == &ids[1],
	    "identity: else the first of the hint's account");
	ok(reply_identity_pick(ids, NIDS, a2, 1, "nosuch") == &ids[0],
	    "identity: else the first");
	ok(reply_identity_pick(ids, NIDS, NULL, 0, NULL) == &ids[0],
	    "identity: no addresses, no hint");
	ok(reply_identity_pick(ids, 0, a1, 3, NULL) == NULL,
	    "identity: none configured");
}

/* Mail through a list: only Delivered-To or X-Original-To says whose. */
static void
test_identity_delivered(void)
{
	static const char *const fields[] = { "Delivered-To", "X-Original-To" };
	struct draft *d;
	char *m;
	size_t i;

	for (i = 0; i < 2; i++) {
		m = xasprintf("Return-Path: <list-bounces@example.org>\n"
			      "%s: Juergen@Home.Example\n"
			      "From: a@example.org\n"
			      "To: list@example.org\n"
			      "Subject: s\n"
			      "\n"
			      "x\n",
		    fields[i]);
		if ((d = make(REPLY_SENDER, m, "work", fields[i])) != NULL) {
			is_str(d->account, "home", "%s: its identity answers",
			    fields[i]);
			is_str(d->from_addr, "juergen@home.example",
			    "%s: its address", fields[i]);
		}
		draft_free(&d);
		free(m);
	}
}

static void
test_reply(void)
{
	struct draft *d = make(REPLY_SENDER, plain, "home", "reply");

	if (d == NULL)
		return;
	is_str(d->to, "Alice Example <alice@example.org>", "reply: To is From");
	is_str(d->cc, "", "reply: no Cc");
	is_str(d->account, "work", "reply: the identity of the To address");
	is_str(d->from_name, JM, "reply: its name");
	is_str(d->from_addr, "jm@work.example", "reply: its address");
	is_str(d->subject,
	    "Re: Gr\xc3\xbc\xc3\x9f"
	    "e aus Berlin",
	    "reply: subject decoded from ISO-8859-1");
	is_str(d->in_reply_to, "<m1@example.org>", "reply: In-Reply-To");
	is_str(d->references,
	    "<r1@example.org> <r2@example.org> "
	    "<m1@example.org>",
	    "reply: References");
	is_str(d->body,
	    "On Mon, 4 Mar 2024 at 09:00, Alice Example wrote:\n"
	    "> Hallo J\xc3\xbcrgen,\n"
	    ">\n"
	    ">> you wrote this\n"
	    ">>> and this\n"
	    "> \tindented\n"
	    ">\n"
	    "> Alice\n",
	    "reply: attribution in the sender's zone, quoted, no signature");
	is_int(d->natt, 0, "reply: no attachment");
	builds(d, "reply");
	draft_free(&d);
}

static void
test_reply_to(void)
{
	static const char rt[] = "From: Dan <dan@example.org>\n"
				 "Reply-To: =?UTF-8?B?Wm/Dqw==?= "
				 "<zoe@example.org>, team@example.org\n"
				 "To: jm@alias.example\n"
				 "Subject: x\n"
				 "\n"
				 "hi\n";
	static const char mrt[] =
	    "From: Dan <dan@example.org>\n"
	    "Reply-To: list@example.org\n"
	    "Mail-Reply-To: Dan Private <dan@home.example>\n"
	    "To: list@example.org\n"
	    "Subject: x\n"
	    "\n"
	    "hi\n";
	struct draft *d = make(REPLY_SENDER, rt, NULL, "Reply-To");

	if (d != NULL) {
		is_str(d->to, ZOE " <zoe@example.org>, team@example.org",
		    "Reply-To: both addresses, the name decoded");
		is_str(d->account, "home", "Reply-To: identity of To");
		is_str(d->from_addr, "jm@alias.example",
		    "Reply-To: the alias answers");
		is_str(d->from_name, "", "Reply-To: the alias has no name");
		is_str(d->in_reply_to, "", "no Message-ID: no In-Reply-To");
		is_str(d->references, "", "no Message-ID: no References");
		is_str(d->body, "Dan wrote:\n> hi\n",
		    "no Date: attribution without one");
		builds(d, "Reply-To");
	}
	draft_free(&d);
	if ((d = make(REPLY_SENDER, mrt, NULL, "Mail-Reply-To")) != NULL)
		is_str(d->to, "Dan Private <dan@home.example>",
		    "Mail-Reply-To wins over Reply-To");
	draft_free(&d);
}

static void
test_reply_all(void)
{
	static const char mft[] =
	    "From: Dan <dan@example.org>\n"
	    "To: list@example.org\n"
	    "Cc: jm@work.example, eve@example.org\n"
	    "Mail-Followup-To: list@example.org, Dan <dan@example.org>,\n"
	    " JM@work.example\n"
	    "Subject: Re: Re: plans\n"
	    "Message-ID: <m2@example.org>\n"
	    "In-Reply-To: <p1@example.org> (Dan's message)\n"
	    "\n"
	    "ok\n";
	struct draft *d = make(REPLY_ALL, plain, NULL, "reply all");

	if (d != NULL) {
		is_str(d->to, "Alice Example <alice@example.org>",
		    "reply all: To is the sender");
		is_str(d->cc,
		    "bob@example.org, \"Carol, C.\" "
		    "<carol@example.org>",
		    "reply all: Cc without the user's addresses and doubles");
		builds(d, "reply all");
	}
	draft_free(&d);
	if ((d = make(REPLY_ALL, mft, NULL, "followup")) != NULL) {
		is_str(d->to, "list@example.org, Dan <dan@example.org>",
		    "Mail-Followup-To: exactly those, but the user");
		is_str(d->cc, "", "Mail-Followup-To: no Cc");
		is_str(d->subject, "Re: plans", "Re: Re: made one");
		is_str(d->references, "<p1@example.org> <m2@example.org>",
		    "References from In-Reply-To when there are none");
	}
	draft_free(&d);
	if ((d = make(REPLY_SENDER, mft, NULL, "sender, followup")) != NULL)
		is_str(d->to, "Dan <dan@example.org>",
		    "Mail-Followup-To does not change a reply to the sender");
	draft_free(&d);
}

static void
test_own_message(void)
{
	static const char own[] = "From: " JM " <jm@work.example>\n"
				  "To: Alice <alice@example.org>\n"
				  "Cc: bob@example.org, juergen@home.example\n"
				  "Subject: mine\n"
				  "Date: Sat, 30 Nov 2024 23:59:00 -0800\n"
				  "\n"
				  "text\n";
	static const char self[] = "From: jm@work.example\n"
				   "To: jm@work.example\n"
				   "Subject: note to self\n"
				   "\n"
				   "text\n";
	struct draft *d = make(REPLY_SENDER, own, NULL, "own message");

	if (d != NULL) {
		is_str(d->to, "Alice <alice@example.org>",
		    "own message: reply goes to its To");
		is_str(d->account, "work", "own message: its account");
		is_str(d->body,
		    "On Sat, 30 Nov 2024 at 23:59, " JM " wrote:\n> text\n",
		    "own message: attribution keeps the -0800 date");
	}
	draft_free(&d);
	if ((d = make(REPLY_ALL, own, NULL, "own message, all")) != NULL) {
		is_str(
		    d->to, "Alice <alice@example.org>", "own message, all: To");
		is_str(d->cc, "bob@example.org",
		    "own message, all: Cc without the user");
	}
	draft_free(&d);
	if ((d = make(REPLY_ALL, self, NULL, "note to self")) != NULL)
		is_str(d->to, "jm@work.example",
		    "note to self: back to the user rather than no one");
	draft_free(&d);
}

static void
test_list(void)
{
	static const char no[] = "From: a@example.org\n"
				 "List-Post: NO (posting not allowed)\n"
				 "\n"
				 "x\n";
	static const char q[] =
	    "From: a@example.org\n"
	    "List-Post: <https://example.org/post>,\n"
	    "  <mailto:dev%2Blist@lists.example.org?subject=hi>\n"
	    "\n"
	    "x\n";
	static const char bad[] = "From: a@example.org\n"
				  "List-Post: <https://example.org/post>\n"
				  "\n"
				  "x\n";
	char *path = xasprintf("%s/tests/data/reply/list-signed.eml",
	    getenv("top_srcdir") != NULL ? getenv("top_srcdir") : ".");
	static const char want[] =
	    "On Tue, 17 Nov 2009 at 15:33, Lars Kellogg-Stedman wrote:\n"
	    ">> See the patch just posted here.\n>\n> Is the list archived";
	struct buf msg = BUF_INIT;
	struct err err;
	struct draft *d;

	refused(REPLY_LIST, plain, strlen(plain), "no List-Post",
	    "list reply without List-Post");
	refused(REPLY_LIST, no, strlen(no), "does not accept posts",
	    "List-Post: NO");
	refused(REPLY_LIST, bad, strlen(bad),
	    "no mailto:", "List-Post without mailto:");
	if ((d = make(REPLY_LIST, q, NULL, "mailto with a query")) != NULL)
		is_str(d->to, "dev+list@lists.example.org",
		    "List-Post: the mailto: address, unescaped, no query");
	draft_free(&d);
	if (file_read(path, &msg, 0, &err) < 0) {
		ok(0, "read %s: %s", path, err.msg);
		free(path);
		return;
	}
	d = reply_make(REPLY_LIST, msg.data, msg.len, ids, NIDS, "home", &err);
	if (ok(d != NULL, "list reply to a signed list message")) {
		is_str(d->to, "notmuch@notmuchmail.org", "list: To");
		is_str(d->account, "home", "list: the hint's identity");
		is_str(d->subject,
		    "Re: [notmuch] Working with Maildir storage?",
		    "list: subject");
		is_str(d->references,
		    "<20091117190054.GU3165@dottiness.seas.harvard.edu> "
		    "<87iqd9rn3l.fsf@vertex.dottedmag> "
		    "<20091117203301.GV3165@dottiness.seas.harvard.edu>",
		    "list: folded References and the Message-ID");
		ok(strncmp(d->body, want, strlen(want)) == 0,
		    "list: attribution and quoted text");
		ok(strstr(d->body, "> -- Lars\n") != NULL &&
			strstr(d->body, "Senior Technologist") == NULL &&
			strstr(d->body, "PGP") == NULL &&
			strstr(d->body, "mailing list") == NULL,
		    "list: signature, PGP part and list footer left out");
		builds(d, "list reply");
	}
	draft_free(&d);
	buf_release(&msg);
	free(path);
}

static void
test_references_cap(void)
{
	struct buf m = BUF_INIT;
	struct draft *d;
	int i;

	buf_adds(&m, "From: a@example.org\nMessage-ID: <last@x>\nReferences:");
	for (i = 0; i < 30; i++)
		buf_addf(&m, "\n <id%d@x>", i);
	buf_adds(&m, "\n\nbody\n");
	if ((d = make(REPLY_SENDER, m.data, NULL, "30 references")) != NULL) {
		const char *r = d->references, *p = r;
		int n = 0;

		while ((p = strchr(p, '<')) != NULL)
			n++, p++;
		is_int(n, REPLY_MAX_REFS, "References capped");
		ok(strncmp(r, "<id0@x> <id12@x> <id13@x>", 25) == 0,
		    "References keep the first and the last ones");
		ok(strlen(r) > 17 &&
			strcmp(r + strlen(r) - 17, "<id29@x> <last@x>") == 0,
		    "References end with the message's own ID");
	}
	draft_free(&d);
	buf_release(&m);
}

static void
test_html(void)
{
	static const char html[] =
	    "From: News <news@example.org>\n"
	    "To: jm@work.example\n"
	    "Subject: Weekly\n"
	    "Content-Type: text/html; charset=utf-8\n"
	    "\n"
	    "<html><head><style>p{color:red}</style></head><body>\n"
	    "<p>Hello <b>" ZOE "</b></p><blockquote>cited</blockquote>"
	    "<ul><li>one</li></ul></body></html>\n";
	static const char alt[] =
	    "From: a@example.org\n"
	    "Subject: alt\n"
	    "Content-Type: multipart/alternative; boundary=b\n"
	    "\n"
	    "--b\n"
	    "Content-Type: text/html\n"
	    "\n"
	    "<p>the HTML one</p>\n"
	    "--b\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: base64\n"
	    "\n"
	    "dGhlIHBsYWluIG9uZSDDqQo=\n"
	    "--b--\n";
	struct draft *d = make(REPLY_SENDER, html, NULL, "HTML only");

	if (d != NULL) {
		ok(strstr(d->body, "> Hello " ZOE "\n") != NULL &&
			strstr(d->body, ">> cited\n") != NULL &&
			strstr(d->body, "> * one\n") != NULL &&
			strstr(d->body, "color") == NULL &&
			strchr(d->body, '<') == NULL,
		    "HTML only: quoted as text");
	}
	draft_free(&d);
	if ((d = make(REPLY_SENDER, alt, NULL, "alternative")) != NULL)
		is_str(d->body,
		    "a@example.org wrote:\n> the plain one \xc3\xa9\n",
		    "alternative: the plain part, decoded");
	draft_free(&d);
}

/* A mixed message: text, a PDF with a non-ASCII name, a message. */
static const char mixed[] =
    "From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\n"
    "To: jm@work.example\n"
    "Cc: team@example.org\n"
    "Subject: =?UTF-8?B?5pel5pys6Kqe?= report\n"
    "Date: Tue, 5 Mar 2024 17:45:10 +0000\n"
    "Message-ID: <mixed@example.org>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
    "\n"
    "--outer\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "\n"
    "See the " NIHONGO " report.\n"
    "--outer\n"
    "Content-Type: application/pdf\n"
    "Content-Disposition: attachment;\n"
    " filename*=UTF-8''Bericht%20f%C3%BCr%20M%C3%A4rz.pdf\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "JVBERi0xLjQKJcOkw7zDtgo=\n"
    "--outer\n"
    "Content-Type: text/csv; charset=iso-8859-1; name=\"data.csv\"\n"
    "Content-Disposition: attachment\n"
    "\n"
    "a;b\n"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "From: inner@example.org\n"
    "Subject: inner\n"
    "\n"
    "inner text\n"
    "--outer--\n";

static void
test_forward(void)
{
	struct draft *d = make(REPLY_FORWARD, mixed, NULL, "forward");

	if (d == NULL)
		return;
	is_str(d->subject, "Fwd: " NIHONGO " report", "forward: subject");
	is_str(d->to, "", "forward: no To");
	is_str(d->in_reply_to, "", "forward: no In-Reply-To");
	is_str(d->body,
	    "\n---------- Forwarded message ----------\n"
	    "From: " ZOE " <zoe@example.org>\n"
	    "Date: Tue, 5 Mar 2024 17:45:10 +0000\n"
	    "Subject: " NIHONGO " report\n"
	    "To: jm@work.example\n"
	    "Cc: team@example.org\n"
	    "\n"
	    "See the " NIHONGO " report.\n",
	    "forward: the summary and the text");
	is_int(d->natt, 3, "forward: three attachments");
	if (d->natt == 3) {
		is_str(d->att[0].name, "Bericht f\xc3\xbcr M\xc3\xa4rz.pdf",
		    "forward: RFC 2231 name decoded");
		is_str(d->att[0].type, "application/pdf", "forward: type");
		ok(d->att[0].path == NULL && d->att[0].len == 17 &&
			memcmp(d->att[0].data,
			    "%PDF-1.4\n%\xc3\xa4\xc3\xbc\xc3\xb6\n", 17) == 0,
		    "forward: the decoded bytes");
		is_str(d->att[1].name, "data.csv", "forward: name from type");
		is_str(d->att[1].type, "text/csv; charset=iso-8859-1",
		    "forward: text keeps its charset");
		is_str(d->att[2].type, "message/rfc822",
		    "forward: the attached message");
		ok(d->att[2].name == NULL &&
			strstr(d->att[2].data, "Subject: inner\n") != NULL &&
			strstr(d->att[2].data, "\ninner text") != NULL,
		    "forward: the attached message's bytes");
	}
	builds(d, "forward");
	draft_free(&d);
}

static void
test_forward_attach(void)
{
	static const char crlf[] = "From: a@example.org\r\n"
				   "Subject: Fw: crlf\r\n"
				   "\r\n"
				   "line\r\n";
	struct draft *d =
	    make(REPLY_FORWARD_ATTACH, mixed, "work", "forward attached");

	if (d != NULL)
		is_int(d->natt, 1, "attached: one part");
	if (d != NULL && d->natt == 1) {
		is_str(d->att[0].type, "message/rfc822", "attached: type");
		ok(d->att[0].name == NULL, "attached: no file name");
		ok(d->att[0].len == strlen(mixed) &&
			memcmp(d->att[0].data, mixed, d->att[0].len) == 0,
		    "attached: the message exactly");
		is_str(d->body, "", "attached: empty body");
		is_str(
		    d->subject, "Fwd: " NIHONGO " report", "attached: subject");
		builds(d, "forward attached");
	}
	draft_free(&d);
	d = make(REPLY_FORWARD_ATTACH, crlf, NULL, "forward CRLF");
	if (d != NULL && d->natt == 1)
		is_str(d->att[0].data,
		    "From: a@example.org\nSubject: Fw: crlf\n\nline\n",
		    "attached: CRLF made LF");
	if (d != NULL)
		is_str(d->subject, "Fwd: crlf", "attached: Fw: not stacked");
	draft_free(&d);
}

static void
test_edit_new(void)
{
	struct draft *d = make(REPLY_EDIT_NEW, mixed, NULL, "edit as new");

	if (d == NULL)
		return;
	is_str(d->from_name, ZOE, "edit: From name");
	is_str(d->from_addr, "zoe@example.org", "edit: From address");
	is_str(d->to, "jm@work.example", "edit: To");
	is_str(d->cc, "team@example.org", "edit: Cc");
	is_str(d->subject, NIHONGO " report", "edit: subject as it was");
	is_str(d->body, "See the " NIHONGO " report.\n", "edit: body");
	is_str(d->in_reply_to, "", "edit: no In-Reply-To");
	is_int(d->natt, 3, "edit: attachments kept");
	draft_free(&d);
	if ((d = make(REPLY_EDIT_NEW, plain, "home", "edit own")) != NULL) {
		is_str(d->account, "home",
		    "edit: a sender that is no identity: the hint's account");
		is_str(d->cc,
		    "\"Carol, C.\" <carol@example.org>, juergen@home.example, "
		    "Bob <BOB@example.org>",
		    "edit: Cc as typed");
	}
	draft_free(&d);
}

static void
test_malformed(void)
{
	static const char nofrom[] = "To: jm@work.example\n"
				     "Subject: who?\n"
				     "\n"
				     "text\n";
	static const char badids[] =
	    "From: a@example.org\n"
	    "Date: yesterday\n"
	    "Message-ID: not an id\n"
	    "In-Reply-To: <@x>\n"
	    "References: <a b> <@> <x@> (c <d) <ok@x>\n"
	    "\n"
	    "x\n";
	static const char junkfrom[] = "From: <<>>, @, \"unclosed\n"
				       "To: ;;;\n"
				       "\n"
				       "x\n";
	struct err err;
	struct draft *d;

	refused(
	    REPLY_SENDER, "", 0, "does not begin with a header", "empty input");
	refused(REPLY_SENDER, "\x01\x02garbage\n", 10,
	    "does not begin with a header", "garbage");
	refused(REPLY_SENDER, nofrom, strlen(nofrom), "no sender address",
	    "no From");
	d = reply_make(REPLY_SENDER, plain, strlen(plain), ids, 0, NULL, &err);
	ok(d == NULL && strstr(err.msg, "no address of yours") != NULL,
	    "no identity: refused");
	if ((d = make(REPLY_FORWARD, nofrom, NULL, "forward without From"))) {
		ok(strstr(d->body, "From:") == NULL &&
			strstr(d->body, "Subject: who?\n") != NULL,
		    "forward without From: the other lines");
		builds(d, "forward without From");
	}
	draft_free(&d);
	refused(REPLY_SENDER, junkfrom, strlen(junkfrom), "no sender address",
	    "From without an address");
	if ((d = make(REPLY_SENDER, badids, NULL, "bad IDs")) != NULL) {
		is_str(d->in_reply_to, "", "bad Message-ID: no In-Reply-To");
		is_str(
		    d->references, "<ok@x>", "bad IDs left out, not the rest");
		is_str(d->body, "a@example.org wrote:\n> x\n",
		    "bad Date: no date in the attribution");
	}
	draft_free(&d);
}

/* Every prefix of a message, for every kind: no crash, no leak. */
static void
test_prefixes(void)
{
	static const enum reply_kind kinds[] = { REPLY_SENDER, REPLY_ALL,
		REPLY_LIST, REPLY_FORWARD, REPLY_FORWARD_ATTACH,
		REPLY_EDIT_NEW };
	size_t len = strlen(mixed), n, k, made = 0;
	struct err err;
	struct draft *d;

	for (n = 0; n <= len; n++)
		for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			d = reply_make(
			    kinds[k], mixed, n, ids, NIDS, NULL, &err);
			made += d != NULL;
			if (d == NULL && err.msg[0] == '\0')
				ok(0, "prefix %zu kind %zu: no error", n, k);
			draft_free(&d);
		}
	ok(made > len, "every prefix: %zu drafts made, none crashed", made);
}

int
main(void)
{
	test_subjects();
	test_quote();
	test_identity();
	test_identity_delivered();
	test_reply();
	test_reply_to();
	test_reply_all();
	test_own_message();
	test_list();
	test_references_cap();
	test_html();
	test_forward();
	test_forward_attach();
	test_edit_new();
	test_malformed();
	test_prefixes();
	done_testing();
	return exit_status();
}
