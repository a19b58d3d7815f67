#include <config.h>

#include "tests/tap.h"
#include "util/buf.h"
#include "util/text.h"

static const struct {
	const char *in, *want;
	int flags;
	const char *what;
} cases[] = {
	{ "", "", 0, "empty" },
	{ "plain", "plain", 0, "plain ASCII" },
	{ "a\nb\tc", "a b c", 0, "newline and tab become spaces" },
	{ "a\nb\tc", "a\nb\tc", TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS,
	    "kept on request" },
	{ "a\r\nb", "a\nb", TEXT_KEEP_NEWLINES, "CR dropped" },
	{ "x\x1b[31mred\x1b[0m", "xred", 0, "CSI colour removed" },
	{ "x\x1b]0;title\x07y", "xy", 0, "OSC title removed" },
	{ "x\x1b]8;;http://e\x1b\\y", "xy", 0, "OSC hyperlink removed" },
	{ "x\x1b", "x", 0, "lone ESC at the end removed" },
	{ "\x01\x02\x7f", "", 0, "C0 and DEL removed" },
	{ "caf\xc3\xa9", "caf\xc3\xa9", 0, "valid UTF-8 kept" },
	{ "caf\xe9", "caf\xef\xbf\xbd", 0, "invalid byte becomes U+FFFD" },
	{ "\xc2\x9b"
	  "1m",
	    "1m", 0, "C1 CSI removed" },
	{ "\xe2\x80\xae"
	  "abc",
	    "abc", 0, "bidi override removed" },
	{ "\xf0\x9f\x98\x82", "\xf0\x9f\x98\x82", 0, "emoji kept" },
	{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 0,
	    "surrogate rejected" },
	{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", 0, "overlong rejected" },
};

int
main(void)
{
	size_t i;

	plan((int)(sizeof cases / sizeof cases[0]) + 3);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT;

		text_sanitize(
		    &b, cases[i].in, strlen(cases[i].in), cases[i].flags);
		is_str(b.data, cases[i].want, "%s", cases[i].what);
		buf_release(&b);
	}
	ok(text_valid_utf8("caf\xc3\xa9", 5), "valid UTF-8 detected");
	ok(!text_valid_utf8("caf\xe9", 4), "latin-1 is not UTF-8");
	ok(!text_valid_utf8("\xe6\x97", 2), "truncated sequence is not UTF-8");
	return exit_status();
}
