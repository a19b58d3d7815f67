#include <config.h>

#include <stdlib.h>

#include <gmime/gmime.h>

#include "mime/part.h"
#include "util/xalloc.h"

#define PART_CHUNK 65536

char *
part_type(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *s, *low;

	if (ct == NULL || (s = g_mime_content_type_get_mime_type(ct)) == NULL)
		return g_strdup("application/octet-stream");
	low = g_ascii_strdown(s, -1);
	g_free(s);
	return low;
}

int
part_is(GMimeObject *obj, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);

	return ct != NULL && g_mime_content_type_is_type(ct, type, subtype);
}

int
part_is_attached(GMimeObject *obj)
{
	GMimeContentDisposition *d = g_mime_object_get_content_disposition(obj);

	return d != NULL && g_mime_content_disposition_is_attachment(d);
}

/* A stream that reads w's content with its transfer encoding undone. */
static GMimeStream *
part_decoder(GMimeDataWrapper *w)
{
	GMimeContentEncoding enc = g_mime_data_wrapper_get_encoding(w);
	GMimeStream *src = g_mime_data_wrapper_get_stream(w), *f;
	GMimeFilter *dec;

	if (src == NULL)
		return NULL;
	g_mime_stream_reset(src);
	f = g_mime_stream_filter_new(src);
	if (enc == GMIME_CONTENT_ENCODING_BASE64 ||
	    enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
	    enc == GMIME_CONTENT_ENCODING_UUENCODE) {
		dec = g_mime_filter_basic_new(enc, FALSE);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(f), dec);
		g_object_unref(dec);
	}
	return f;
}

size_t
part_decode(GMimePart *part, struct buf *out, size_t max)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *f = w != NULL ? part_decoder(w) : NULL;
	char *chunk;
	size_t total = 0, n;
	ssize_t got;

	if (f == NULL)
		return 0;
	chunk = xmalloc(PART_CHUNK);
	while ((out == NULL || total <= max) &&
	    (got = g_mime_stream_read(f, chunk, PART_CHUNK)) > 0) {
		n = (size_t)got;
		if (out != NULL)
			buf_add(out, chunk, n < max - total ? n : max - total);
		total += n;
	}
	free(chunk);
	g_object_unref(f);
	return out != NULL && total > max ? max + 1 : total;
}
