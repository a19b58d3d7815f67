#include <config.h>

#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "mime/charset.h"
#include "mime/html.h"
#include "mime/message.h"
#include "mime/mime.h"
#include "mime/part.h"
#include "util/buf.h"
#include "util/text.h"

#define MESSAGE_SNIFF 4096   /* bytes of HTML searched for a charset */
#define MESSAGE_HINT_DEPTH 8 /* how deep to look for a text part */

/* What a line in a header block is. */
enum message_hline {
	MESSAGE_HLINE_OTHER, /* no header line */
	MESSAGE_HLINE_CONT,  /* a continuation */
	MESSAGE_HLINE_FIELD, /* "Name:" (obsolete "Name :" too) */
};

/* Fields that show a header block goes on past a stray line. */
static const char *const message_fields[] = {
	"bcc",
	"cc",
	"content-disposition",
	"content-transfer-encoding",
	"content-type",
	"date",
	"delivered-to",
	"dkim-signature",
	"from",
	"in-reply-to",
	"message-id",
	"mime-version",
	"received",
	"references",
	"reply-to",
	"return-path",
	"sender",
	"subject",
	"to",
	NULL,
};

/* The line at p (before end): its kind, and where the next one starts. */
static enum message_hline
message_hline(const char *p, const char *end, const char **next_r)
{
	const unsigned char *u = (const unsigned char *)p;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = (size_t)((nl != NULL ? nl : end) - p), i = 0;

	*next_r = nl != NULL ? nl + 1 : end;
	if (n > 0 && (p[0] == ' ' || p[0] == '\t'))
		return MESSAGE_HLINE_CONT;
	while (i < n && u[i] > ' ' && u[i] != 0x7f && u[i] != ':')
		i++;
	if (i == 0)
		return MESSAGE_HLINE_OTHER;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i < n && p[i] == ':' ? MESSAGE_HLINE_FIELD : MESSAGE_HLINE_OTHER;
}

static int
message_blank_line(const char *p, const char *end)
{
	return *p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n');
}

static int
message_known_field(const char *p, const char *end)
{
	const char *const *f;
	size_t n;

	for (f = message_fields; *f != NULL; f++) {
		n = strlen(*f);
		if ((size_t)(end - p) > n && strncasecmp(p, *f, n) == 0 &&
		    strchr(": \t", p[n]) != NULL)
			return 1;
	}
	return 0;
}

/* The next well-known field line before a blank line, or NULL. */
static const char *
message_next_field(const char *p, const char *end)
{
	const char *next;

	for (; p < end && !message_blank_line(p, end); p = next)
		if (message_hline(p, end, &next) == MESSAGE_HLINE_FIELD &&
		    message_known_field(p, end))
			return p;
	return NULL;
}

/*
 * Where the body starts when the blank line after the headers is
 * missing, or 0. GMime skips a line that is no header and drops all text
 * up to the next blank line, so a message without the blank line loses
 * its body. A stray line with well-known fields after it stays skipped
 * (a header block mangled on the way); else it starts the body, and the
 * blank line is put back before it.
 */
static size_t
message_missing_blank(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *next, *field = data;

	if (len >= 5 && strncmp(data, "From ", 5) == 0)
		message_hline(data, end, &p); /* an mbox From_ line */
	for (; p < end && !message_blank_line(p, end); p = next) {
		if (message_hline(p, end, &next) != MESSAGE_HLINE_OTHER ||
		    p < field)
			continue;
		if (p == data)
			return 0;
		if ((field = message_next_field(next, end)) == NULL)
			return (size_t)(p - data);
	}
	return 0;
}

static GMimeMessage *
message_parse_with(GMimeParserOptions *opts, const char *data, size_t len)
{
	GMimeStream *s = g_mime_stream_mem_new();
	size_t body = message_missing_blank(data, len);
	GMimeParser *p;
	GMimeMessage *msg;

	if (body > 0) {
		g_mime_stream_write(s, data, body);
		g_mime_stream_write(s, "\n", 1);
	}
	g_mime_stream_write(s, data + body, len - body);
	g_mime_stream_reset(s);
	p = g_mime_parser_new_with_stream(s);
	g_mime_parser_set_format(p, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(p, opts);
	g_object_unref(p);
	g_object_unref(s);
	return msg;
}

/* The charset of the first text part, to read raw headers by; g_free. */
static char *
message_hint(GMimeObject *obj, unsigned depth)
{
	GMimeMultipart *mp;
	struct buf raw = BUF_INIT;
	char sniffed[64], *hint = NULL;
	const char *cs;
	int i;

	if (depth == 0)
		return NULL;
	if (GMIME_IS_MULTIPART(obj)) {
		mp = GMIME_MULTIPART(obj);
		for (i = 0; hint == NULL && i < g_mime_multipart_get_count(mp);
		     i++)
			hint = message_hint(
			    g_mime_multipart_get_part(mp, i), depth - 1);
		return hint;
	}
	if (!GMIME_IS_PART(obj) || !part_is(obj, "text", "*"))
		return NULL;
	cs = g_mime_object_get_content_type_parameter(obj, "charset");
	if (cs != NULL || !part_is(obj, "text", "html"))
		return g_strdup(cs);
	part_decode(GMIME_PART(obj), &raw, MESSAGE_SNIFF);
	if (html_charset(raw.data, raw.len, sniffed, sizeof sniffed))
		hint = g_strdup(sniffed);
	buf_release(&raw);
	return hint;
}

/* Whether some header has 8-bit bytes that are not UTF-8. */
static int
message_raw_8bit(GMimeMessage *msg)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	const char *raw;
	int i;

	for (i = 0; hl != NULL && i < g_mime_header_list_get_count(hl); i++) {
		raw = g_mime_header_get_raw_value(
		    g_mime_header_list_get_header_at(hl, i));
		if (raw != NULL && !text_valid_utf8(raw, strlen(raw)))
			return 1;
	}
	return 0;
}

/*
 * Raw 8-bit headers are most likely in the charset of the body: when the
 * message has both, parse it again with that charset as a fallback
 * before windows-1252.
 */
static GMimeMessage *
message_reparse(GMimeMessage *msg, const char *data, size_t len)
{
	const char *fallback[] = { "utf-8", NULL, "windows-1252", NULL };
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	GMimeParserOptions *opts;
	char *hint;

	if (body == NULL || !message_raw_8bit(msg))
		return msg;
	hint = message_hint(body, MESSAGE_HINT_DEPTH);
	if (hint != NULL && !charset_is_plain(hint)) {
		fallback[1] = hint;
		opts = g_mime_parser_options_new();
		g_mime_parser_options_set_fallback_charsets(opts, fallback);
		g_object_unref(msg);
		msg = message_parse_with(opts, data, len);
		g_mime_parser_options_free(opts);
	}
	g_free(hint);
	return msg;
}

GMimeMessage *
message_parse(const char *data, size_t len)
{
	const char *fallback[] = { "utf-8", "windows-1252", NULL };
	GMimeParserOptions *opts;
	GMimeMessage *msg;

	mime_init();
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	msg = message_parse_with(opts, data, len);
	g_mime_parser_options_free(opts);
	return msg != NULL ? message_reparse(msg, data, len) : NULL;
}
