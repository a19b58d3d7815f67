#include <config.h>

#include <string.h>

#include "util/text.h"

size_t
text_utf8_len(const unsigned char *s, size_t avail, unsigned *cp_r)
{
	unsigned cp, min;
	size_t n, i;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80) {
		n = 1, cp = s[0], min = 0;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2, cp = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, cp = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, cp = s[0] & 0x07, min = 0x10000;
	} else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp_r != NULL)
		*cp_r = cp;
	return n;
}

int
text_valid_utf8(const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, n;

	while (i < len) {
		n = text_utf8_len(p + i, len - i, NULL);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* Length of the escape sequence starting with ESC at p (at least 1). */
static size_t
escape_len(const unsigned char *p, size_t avail)
{
	size_t i = 1;

	if (avail < 2)
		return 1;
	if (p[1] == '[') { /* CSI: parameters, then a final byte */
		for (i = 2; i < avail; i++)
			if (p[i] >= 0x40 && p[i] <= 0x7e)
				return i + 1;
		return avail;
	}
	if (p[1] == ']' || p[1] == 'P' || p[1] == '_' || p[1] == '^') {
		/* OSC, DCS, APC, PM: until BEL or ESC \ */
		for (i = 2; i < avail; i++) {
			if (p[i] == 0x07)
				return i + 1;
			if (p[i] == 0x1b && i + 1 < avail && p[i + 1] == '\\')
				return i + 2;
		}
		return avail;
	}
	return 2;
}

static int
add_control(struct buf *out, unsigned char c, int flags)
{
	if (c == '\n')
		return buf_addc(out, flags & TEXT_KEEP_NEWLINES ? '\n' : ' ');
	if (c == '\t')
		return buf_addc(out, flags & TEXT_KEEP_TABS ? '\t' : ' ');
	return 0; /* CR, NUL and the rest: dropped */
}

int
text_sanitize(struct buf *out, const char *in, size_t len, int flags)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		if (p[i] == 0x1b) {
			i += escape_len(p + i, len - i);
			continue;
		}
		if (p[i] < 0x20 || p[i] == 0x7f) {
			if (add_control(out, p[i++], flags) < 0)
				return -1;
			continue;
		}
		n = text_utf8_len(p + i, len - i, &cp);
		if (n == 0) {
			if (buf_adds(out, "\xef\xbf\xbd") < 0)
				return -1;
			i++;
			continue;
		}
		/* C1 controls, and bidi overrides that reorder what follows. */
		if ((cp >= 0x80 && cp <= 0x9f) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069)) {
			i += n;
			continue;
		}
		if (buf_add(out, p + i, n) < 0)
			return -1;
		i += n;
	}
	return 0;
}
