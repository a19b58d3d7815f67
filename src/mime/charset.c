#include <config.h>

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "mime/charset.h"
#include "util/text.h"

#define CHARSET_REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */
#define CHARSET_FALLBACK "windows-1252"

/* Labels that say nothing reliable: guess between UTF-8 and windows-1252. */
static const char *const charset_vague[] = {
	"us-ascii",
	"ascii",
	"ansi_x3.4-1968",
	"iso-8859-1",
	"iso_8859-1",
	"iso8859-1",
	"latin1",
	"l1",
	"windows-1252",
	"cp1252",
	"x-unknown",
	"unknown",
	"none",
	"default",
	NULL,
};

static const char *const charset_utf8[] = { "utf-8", "utf8", NULL };

static int
charset_in(const char *charset, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcasecmp(charset, *list) == 0)
			return 1;
	return 0;
}

/* Convert with cd; what does not convert becomes U+FFFD. */
static int
charset_iconv(iconv_t cd, const char *in, size_t len, struct buf *out)
{
	char chunk[4096], *ip = (char *)in, *op;
	size_t il = len, ol, r;
	int saved;

	while (il > 0) {
		op = chunk;
		ol = sizeof chunk;
		r = iconv(cd, &ip, &il, &op, &ol);
		saved = errno;
		if (buf_add(out, chunk, (size_t)(op - chunk)) < 0)
			return -1;
		if (r != (size_t)-1 || (saved == E2BIG && op != chunk))
			continue;
		/* EILSEQ, EINVAL (cut at the end), no progress: skip a byte */
		if (buf_adds(out, CHARSET_REPLACEMENT) < 0)
			return -1;
		ip++;
		il--;
	}
	op = chunk;
	ol = sizeof chunk;
	iconv(cd, NULL, NULL, &op, &ol); /* back to the initial state */
	return buf_add(out, chunk, (size_t)(op - chunk));
}

static int
charset_convert(
    const char *charset, const char *in, size_t len, struct buf *out)
{
	iconv_t cd;
	int r;

	cd = g_mime_iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return 1;
	r = charset_iconv(cd, in, len, out);
	g_mime_iconv_close(cd);
	return r;
}

static int
charset_guess(const char *in, size_t len, struct buf *out)
{
	int r;

	if (text_valid_utf8(in, len))
		return buf_add(out, in, len);
	r = charset_convert(CHARSET_FALLBACK, in, len, out);
	return r > 0 ? buf_add(out, in, len) : r;
}

int
charset_is_plain(const char *charset)
{
	return charset == NULL || *charset == '\0' ||
	    charset_in(charset, charset_vague) ||
	    charset_in(charset, charset_utf8);
}

int
charset_to_utf8(
    const char *charset, const char *in, size_t len, struct buf *out)
{
	int r;

	if (charset == NULL || *charset == '\0' ||
	    charset_in(charset, charset_vague))
		return charset_guess(in, len, out);
	if (charset_in(charset, charset_utf8))
		return buf_add(out, in, len);
	r = charset_convert(charset, in, len, out);
	if (r > 0)
		return charset_guess(in, len, out);
	return r;
}
