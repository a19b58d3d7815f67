#include <config.h>

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "account/mutf7.h"
#include "util/xalloc.h"

static char *
convert(const char *to, const char *from, const char *in)
{
	size_t inlen = strlen(in), cap = inlen * 4 + 16, outlen = cap, r;
	char *out = xmalloc(cap + 1), *o = out, *i = (char *)in;
	iconv_t cd = iconv_open(to, from);

	if (cd == (iconv_t)-1) {
		free(out);
		return NULL;
	}
	r = iconv(cd, &i, &inlen, &o, &outlen);
	/* Flush the shift state: a name may end inside "&...-". */
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &o, &outlen);
	iconv_close(cd);
	if (r == (size_t)-1 || inlen != 0 ||
	    memchr(out, '\0', (size_t)(o - out)) != NULL) {
		free(out);
		return NULL;
	}
	*o = '\0';
	return out;
}

char *
mutf7_decode(const char *raw)
{
	return convert("UTF-8", "UTF-7-IMAP", raw);
}

char *
mutf7_encode(const char *name)
{
	return convert("UTF-7-IMAP", "UTF-8", name);
}
