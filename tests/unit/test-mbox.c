/* mbox splitting on tricky input, and flags from Status headers. */
#include <config.h>

#include <stdio.h>

#include "store/mbox.h"
#include "tests/tap.h"
#include "util/xalloc.h"

#define MAXMSG 4

static const struct {
	const char *what;
	const char *in;
	const char *out[MAXMSG + 1]; /* NULL-terminated */
} cases[] = {
	{ "an empty file has no message", "", { NULL } },
	{ "an envelope alone has no message",
	    "From a@b Mon Jan  1 00:00:00 2024\n", { NULL } },
	{ "one message",
	    "From a@b Mon Jan  1 00:00:00 2024\nSubject: x\n\nbody\n",
	    { "Subject: x\n\nbody\n", NULL } },
	{ "two messages; the blank line before From is dropped",
	    "From a@b Mon Jan  1 00:00:00 2024\nSubject: 1\n\none\n\n"
	    "From c@d Tue Jan  2 10:20:30 2024\nSubject: 2\n\ntwo\n\n",
	    { "Subject: 1\n\none\n", "Subject: 2\n\ntwo\n", NULL } },
	{ "no trailing newline",
	    "From a@b Mon Jan  1 00:00:00 2024\nSubject: 1\n\nlast line",
	    { "Subject: 1\n\nlast line", NULL } },
	{ "CRLF line ends are kept, the CRLF separator line dropped",
	    "From a@b Mon Jan  1 00:00:00 2024\r\nSubject: 1\r\n\r\none\r\n\r\n"
	    "From a@b Mon Jan  1 00:00:01 2024\r\nSubject: 2\r\n\r\ntwo\r\n",
	    { "Subject: 1\r\n\r\none\r\n", "Subject: 2\r\n\r\ntwo\r\n",
		NULL } },
	{ ">From quoting is undone by one level",
	    "From a@b Mon Jan  1 00:00:00 2024\nSubject: q\n\n>From here\n"
	    ">>From there\n> From not quoted\n>Fromage\n",
	    { "Subject: q\n\nFrom here\n>From there\n> From not quoted\n"
	      ">Fromage\n",
		NULL } },
	{ "an unquoted From line in a body does not split",
	    "From -\nSubject: film\n\nFrom Russia with love\nYear: 1963\n\n"
	    "From -\nSubject: next\n\nbody\n",
	    { "Subject: film\n\nFrom Russia with love\nYear: 1963\n",
		"Subject: next\n\nbody\n", NULL } },
	{ "a From line not followed by a header does not split",
	    "From a@b Mon Jan  1 00:00:00 2024\nSubject: 1\n\n"
	    "From a@b Mon Jan  1 00:00:00 2024\nnot a header\n",
	    { "Subject: 1\n\nFrom a@b Mon Jan  1 00:00:00 2024\nnot a header\n",
		NULL } },
	{ "a byte-order mark before the first envelope is skipped",
	    "\xef\xbb\xbf"
	    "From -\nSubject: bom\n\nx\n",
	    { "Subject: bom\n\nx\n", NULL } },
	{ "empty messages are skipped",
	    "From a@b 1:00:00\n\nFrom c@d 2:00:00\nSubject: 2\n\nx\n",
	    { "Subject: 2\n\nx\n", NULL } },
	{ "a patch attached inside a multipart does not split",
	    "From a@b Mon Jan  1 00:00:00 2024\nSubject: p\n"
	    "Content-Type: multipart/mixed;\n boundary=\"=-=\"\n\n--=-=\n\n"
	    "From 0123abcd Mon Sep 17 00:00:00 2001\nFrom: x@y\n\n--=-=--\n\n"
	    "From a@b Mon Jan  1 00:00:01 2024\nSubject: q\n\nz\n",
	    { "Subject: p\nContent-Type: multipart/mixed;\n "
	      "boundary=\"=-=\"\n\n"
	      "--=-=\n\nFrom 0123abcd Mon Sep 17 00:00:00 2001\nFrom: x@y\n\n"
	      "--=-=--\n",
		"Subject: q\n\nz\n", NULL } },
	{ "git format-patch output is an mbox like any other",
	    "From 0123abcd Mon Sep 17 00:00:00 2001\nFrom: a@b\nSubject: "
	    "1/2\n\n"
	    "diff\n\nFrom 4567ef01 Mon Sep 17 00:00:00 2001\nFrom: a@b\n"
	    "Subject: 2/2\n\ndiff\n",
	    { "From: a@b\nSubject: 1/2\n\ndiff\n",
		"From: a@b\nSubject: 2/2\n\ndiff\n", NULL } },
};

static void
test_case(size_t c)
{
	const char *in = cases[c].in, *data;
	FILE *fp = fmemopen((void *)in, strlen(in), "r");
	struct mbox *mb;
	struct err err;
	size_t len, n = 0;
	int r, same = 1;

	if (strlen(in) == 0) /* fmemopen refuses an empty buffer */
		fp = fopen("/dev/null", "r");
	mb = mbox_new(fp, "test");
	while ((r = mbox_next(mb, &data, &len, &err)) > 0) {
		const char *want = n < MAXMSG ? cases[c].out[n] : NULL;

		if (want == NULL || strlen(want) != len ||
		    memcmp(want, data, len) != 0) {
			same = 0;
			diag("message %zu: got '%.*s'", n + 1, (int)len, data);
		}
		n++;
	}
	while (n < MAXMSG && cases[c].out[n] != NULL)
		n++, same = 0;
	ok(r == 0 && same, "%s", cases[c].what);
	mbox_free(&mb);
	ok(mb == NULL, "mbox_free leaves NULL");
}

static void
test_flags(void)
{
	static const struct {
		const char *msg, *flags;
	} t[] = {
		{ "Subject: x\n\nStatus: RO\n", NULL },
		{ "Subject: x\nStatus: O\n\n", "" },
		{ "Subject: x\nStatus: RO\n\n", "S" },
		{ "status: R\r\nX-Status: AF\r\n\r\n", "FRS" },
		{ "X-Status: F\n\n", "F" },
	};
	size_t i;
	char *f;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		f = mbox_flags(t[i].msg, strlen(t[i].msg));
		is_str(f, t[i].flags, "flags of message %zu", i + 1);
		free(f);
	}
}

static void
test_looks_like(void)
{
	ok(mbox_looks_like("From x", 6), "\"From \" starts an mbox");
	ok(mbox_looks_like("\xef\xbb\xbf"
			   "From x",
	       9),
	    "also after a BOM");
	ok(!mbox_looks_like("From: x", 7), "\"From:\" does not");
	ok(!mbox_looks_like("From", 4), "nor a short file");
}

static void
test_too_large(void)
{
	static const char head[] = "From a@b 1:00:00\nSubject: big\n\n";
	size_t len = sizeof head - 1 + MBOX_MESSAGE_MAX + 2;
	char *big = xmalloc(len);
	const char *data;
	struct mbox *mb;
	struct err err;
	size_t n;

	memcpy(big, head, sizeof head - 1);
	memset(big + sizeof head - 1, 'x', len - (sizeof head - 1));
	big[len - 1] = '\n';
	mb = mbox_new(fmemopen(big, len, "r"), "big.mbox");
	is_int(mbox_next(mb, &data, &n, &err), -1,
	    "a message over the size cap is an error");
	ok(strstr(err.msg, "big.mbox") != NULL, "naming the file: %s", err.msg);
	mbox_free(&mb);
	free(big);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		test_case(i);
	test_flags();
	test_looks_like();
	test_too_large();
	done_testing();
	return exit_status();
}
