#include <config.h>

#include <locale.h>
#include <string.h>

#include "tests/tap.h"
#include "ui/width.h"

/* How many bytes of in fit in cols columns, and the columns they take. */
static const struct {
	const char *in;
	int cols;
	size_t bytes;
	int used;
	const char *what;
} cases[] = {
	{ "", 10, 0, 0, "empty" },
	{ "abc", 0, 0, 0, "no room" },
	{ "abc", 2, 2, 2, "ASCII cut" },
	{ "abc", 10, 3, 3, "ASCII fits" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", 4, 6, 4, "CJK: two columns each" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", 3, 3, 2,
	    "a CJK character never crosses the limit" },
	{ "\xe6\x97\xa5", 1, 0, 0, "nor goes alone into one column" },
	{ "e\xcc\x81x", 1, 3, 1, "a combining mark stays with its letter" },
	{ "\xf0\x9f\x8e\x89!", 2, 4, 2, "an emoji: two columns" },
	{ "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", 4, 11, 4,
	    "a ZWJ sequence: its parts, the joiner dropped" },
	{ "\xe2\x9d\xa4\xef\xb8\x8f", 1, 6, 1,
	    "the emoji variation selector takes no column" },
	{ "a\xff"
	  "b",
	    3, 3, 3, "an invalid byte: one column (U+FFFD)" },
	{ "a\tb", 3, 3, 3, "a control character: one column (U+FFFD)" },
};

int
main(void)
{
	size_t i, n;
	unsigned cp;
	int used, w;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		skip_all("no C.UTF-8 locale");
	plan((int)(sizeof cases / sizeof cases[0]) + 4);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = width_fit(
		    cases[i].in, strlen(cases[i].in), cases[i].cols, &used);
		ok(n == cases[i].bytes && used == cases[i].used,
		    "%s (%zu bytes, %d columns)", cases[i].what, n, used);
	}
	is_int(width_of("\xe5\xb1\xb1\xe7\x94\xb0 x", 8), 6,
	    "width_of: CJK and ASCII");
	n = width_next("\x1b", 1, &cp, &w);
	ok(n == 1 && cp == 0xfffd && w == 1, "ESC is shown as U+FFFD");
	n = width_next("\xe2\x80\x8d", 3, &cp, &w);
	ok(n == 3 && cp == 0 && w == 0, "the joiner is dropped");
	n = width_next("\xc3", 1, &cp, &w);
	ok(n == 1 && cp == 0xfffd && w == 1, "a cut sequence: one byte");
	return exit_status();
}
