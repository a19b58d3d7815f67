/* Charsets: bytes in a declared charset to UTF-8, through GMime's iconv. */
#ifndef TERN_MIME_CHARSET_H
#define TERN_MIME_CHARSET_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Append in[0..len), written in charset, to out as UTF-8. No text is
 * dropped silently: a byte that does not convert becomes U+FFFD. When
 * charset is NULL, empty, us-ascii or unknown, the bytes are taken as
 * UTF-8 if they are valid UTF-8 and as windows-1252 otherwise;
 * iso-8859-1 is read as its superset windows-1252. Bytes labelled UTF-8
 * are copied unchanged (text_sanitize later replaces invalid ones).
 * The result may hold control characters: sanitize before display.
 * Returns 0, or -1 when out's cap is reached.
 */
int charset_to_utf8(
    const char *charset, const char *in, size_t len, struct buf *out);
/*
 * Whether charset_to_utf8 reads text labelled charset as UTF-8 or
 * windows-1252 anyway (NULL, us-ascii, iso-8859-1, utf-8 ...).
 */
int charset_is_plain(const char *charset);

#endif
