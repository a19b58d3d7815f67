/* RFC 2047 encoded words: repairs before GMime decodes a header. */
#ifndef TERN_MIME_RFC2047_H
#define TERN_MIME_RFC2047_H

/*
 * GMime decodes a run of adjacent B-encoded words of one charset as one
 * base64 stream, so a word that ends in "=" padding (as Python's email
 * package writes them) cuts off the words after it. Return raw (a raw
 * header value) with each such run merged into one word, as a new string
 * to g_free, or NULL when raw has no such run.
 */
char *rfc2047_merge(const char *raw);

#endif
