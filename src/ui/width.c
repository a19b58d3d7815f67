#include <config.h>

#include <wchar.h>

#include "ui/width.h"
#include "util/text.h"

#define WIDTH_ZWJ 0x200d
#define WIDTH_VS16 0xfe0f
#define WIDTH_REPLACEMENT 0xfffd

size_t
width_next(const char *s, size_t len, unsigned *cp_r, int *cols_r)
{
	unsigned cp = WIDTH_REPLACEMENT;
	size_t n;
	int w;

	n = text_utf8_len((const unsigned char *)s, len, &cp);
	if (n == 0) {
		n = 1;
		cp = WIDTH_REPLACEMENT;
	}
	if (cp == WIDTH_ZWJ || cp == WIDTH_VS16) {
		*cp_r = 0;
		*cols_r = 0;
		return n;
	}
	w = wcwidth((wchar_t)cp);
	if (w < 0) {
		cp = WIDTH_REPLACEMENT;
		w = 1;
	}
	*cp_r = cp;
	*cols_r = w;
	return n;
}

size_t
width_fit(const char *s, size_t len, int cols, int *used_r)
{
	size_t i = 0, n;
	unsigned cp;
	int used = 0, w;

	while (i < len) {
		n = width_next(s + i, len - i, &cp, &w);
		if (used + w > cols)
			break;
		used += w;
		i += n;
	}
	if (used_r != NULL)
		*used_r = used;
	return i;
}

int
width_of(const char *s, size_t len)
{
	int used;

	width_fit(s, len, 1 << 30, &used);
	return used;
}
