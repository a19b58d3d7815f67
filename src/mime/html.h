/*
 * HTML to plain text on libxml2's HTML parser, offline: nothing is
 * fetched, nothing is run. Good enough to read HTML-only mail in a
 * terminal, not a layout engine.
 */
#ifndef TERN_MIME_HTML_H
#define TERN_MIME_HTML_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Append the text of the UTF-8 HTML in[0..len) to out. The content of
 * title, script and style is dropped; block elements start new
 * lines and paragraphs a blank line; whitespace collapses outside pre;
 * list items begin with "* " (or "N. " in ordered lists), nested ones
 * indented; blockquote lines begin with "> "; a link shows as
 * "text <url>" unless its text already is the address; an image shows
 * its alt text in brackets; character references are decoded, and
 * invalid UTF-8 and NUL become U+FFFD. Broken markup never fails. A big
 * page nested deeper than the parser goes (256 elements) shows its text
 * up to there, then a bracketed note that the rest is not shown. The
 * text may hold control characters (from &#27; and the like): sanitize
 * it before display. Returns 0, or -1 when out's cap is reached. Does
 * not block; safe to call from several threads at once.
 */
int html_to_text(const char *in, size_t len, struct buf *out);

/*
 * The charset a <meta> tag in the first few kilobytes of in[0..len)
 * declares, copied into name (size bytes, NUL-terminated): returns 1, or
 * 0 when there is none.
 */
int html_charset(const char *in, size_t len, char *name, size_t size);

#endif
