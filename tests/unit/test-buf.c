#include <config.h>

#include "tests/tap.h"
#include "util/buf.h"

int
main(void)
{
	struct buf b = BUF_INIT, c;
	char *s;
	size_t len;
	int i;

	plan(13);
	ok(b.data != NULL && b.data[0] == '\0' && b.len == 0,
	    "an empty buffer is a valid empty string");
	buf_release(&b);
	ok(b.data != NULL && b.len == 0, "releasing an empty buffer is fine");
	buf_adds(&b, "abc");
	buf_addc(&b, 'd');
	buf_addf(&b, "-%d-%s", 42, "x");
	is_str(b.data, "abcd-42-x", "add, addc and addf append");
	is_int(b.len, 9, "length follows the content");
	buf_add(&b, "\0z", 2);
	is_int(b.len, 11, "binary data with NUL is kept");
	ok(b.data[11] == '\0', "always NUL-terminated");
	buf_truncate(&b, 3);
	is_str(b.data, "abc", "truncate");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, 'x');
	is_int(b.len, 10003, "grows across many reallocations");
	s = buf_detach(&b, &len);
	is_int(len, 10003, "detach gives the length");
	ok(b.data != NULL && b.len == 0, "detach leaves an empty buffer");
	free(s);

	buf_init(&c, 4);
	is_int(buf_adds(&c, "abcd"), 0, "a capped buffer fills to its cap");
	is_int(buf_addc(&c, 'e'), -1, "crossing the cap is an error");
	is_str(c.data, "abcd", "and leaves the content unchanged");
	buf_release(&c);
	return exit_status();
}
