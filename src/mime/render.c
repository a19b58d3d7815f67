#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "mime/charset.h"
#include "mime/html.h"
#include "mime/message.h"
#include "mime/part.h"
#include "mime/render.h"
#include "mime/rfc2047.h"
#include "util/intl.h"
#include "util/text.h"
#include "util/xalloc.h"

#define RENDER_NL (TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS)

struct render {
	struct buf text; /* the rendering, capped at max_output */
	const struct render_view *view;
	unsigned max_depth;
	unsigned depth;	  /* of the object being rendered */
	unsigned part_no; /* leaf parts so far, in document order */
	unsigned shown;	  /* text parts shown of the current message */
	int after_text;	  /* the output ends with body text */
	int truncated;	  /* max_output was reached */
};

static void render_date(struct buf *value);

/* Header fields shown in a special way; the others are shown as text. */
static const struct render_field {
	const char *name;
	int addresses;			/* a list: every instance, joined */
	void (*fix)(struct buf *value); /* or NULL */
} render_fields[] = {
	{ "From", 1, NULL },
	{ "To", 1, NULL },
	{ "Cc", 1, NULL },
	{ "Bcc", 1, NULL },
	{ "Reply-To", 1, NULL },
	{ "Sender", 1, NULL },
	{ "Mail-Followup-To", 1, NULL },
	{ "Resent-From", 1, NULL },
	{ "Resent-To", 1, NULL },
	{ "Resent-Cc", 1, NULL },
	{ "Date", 0, render_date },
	{ "Resent-Date", 0, render_date },
	{ "Subject", 0, NULL },
	{ NULL, 0, NULL },
};

/* The header fields shown when the caller names none. */
static const char *const render_default_fields[] = { "From", "To", "Cc", "Date",
	"Subject" };

/* Types shown as text although not all are text/ (when not attached). */
static const struct render_inline {
	const char *type, *subtype;
} render_inline_types[] = {
	{ "text", "*" },
	{ "message", "delivery-status" },
	{ "message", "disposition-notification" },
	{ "message", "feedback-report" },
	{ NULL, NULL },
};

static void render_object(struct render *r, GMimeObject *obj);
static void render_nested(
    struct render *r, GMimeObject *obj, GMimeMessage *msg);

/* Append safe text; past the cap, remember the cut and add nothing. */
static void
render_add(struct render *r, const char *s, size_t n, int flags)
{
	if (r->truncated)
		return;
	if (text_sanitize(&r->text, s, n, flags) < 0)
		r->truncated = 1;
}

static void
render_eol(struct render *r)
{
	if (r->text.len > 0 && r->text.data[r->text.len - 1] != '\n')
		render_add(r, "\n", 1, RENDER_NL);
}

/* Body text, which a following note keeps apart with a blank line. */
static void
render_text(struct render *r, const char *s, size_t n)
{
	if (n == 0)
		return;
	render_add(r, s, n, RENDER_NL);
	r->after_text = 1;
}

/* A "[-- ... --]" line of its own. */
static void __attribute__((format(printf, 2, 3)))
render_note(struct render *r, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	render_eol(r);
	if (r->after_text)
		render_add(r, "\n", 1, RENDER_NL);
	render_add(r, "[-- ", 4, 0);
	render_add(r, b.data, b.len, 0);
	render_add(r, " --]\n", 5, RENDER_NL);
	r->after_text = 0;
	buf_release(&b);
}

void
render_size(size_t n, char *s, size_t size)
{
	if (n < 1024)
		snprintf(s, size, "%zu B", n);
	else if (n < 1024 * 1024 - 512)
		snprintf(s, size, "%zu KB", (n + 512) / 1024);
	else
		snprintf(s, size, "%.1f MB", (double)n / (1024 * 1024));
}

/* Leaf parts in obj, down to depth levels. */
static unsigned
render_count(GMimeObject *obj, unsigned depth)
{
	GMimeMultipart *mp;
	GMimeMessage *msg;
	unsigned n = 0;
	int i;

	if (depth == 0)
		return 0;
	if (GMIME_IS_MULTIPART(obj)) {
		mp = GMIME_MULTIPART(obj);
		for (i = 0; i < g_mime_multipart_get_count(mp); i++)
			n += render_count(
			    g_mime_multipart_get_part(mp, i), depth - 1);
		return n;
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		msg = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (msg == NULL || g_mime_message_get_mime_part(msg) == NULL)
			return 0;
		return render_count(
		    g_mime_message_get_mime_part(msg), depth - 1);
	}
	return GMIME_IS_PART(obj) ? 1 : 0;
}

/* Count the leaf parts of obj, which is not shown. */
static void
render_skip(struct render *r, GMimeObject *obj)
{
	r->part_no += render_count(obj, r->max_depth - r->depth);
}

/* The data length a uuencoded line gives, or -1 if it is not one. */
static long
render_uu_line(const char *s, size_t n)
{
	size_t i;

	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x60)
			return -1;
	return n == 0 ? 0 : (s[0] - 0x20) & 0x3f;
}

/* Whether s[0..n) is "begin MODE NAME". */
static int
render_uu_begin(const char *s, size_t n)
{
	size_t i = 6;

	if (n < 11 || strncmp(s, "begin ", 6) != 0)
		return 0;
	while (i < n && i < 10 && s[i] >= '0' && s[i] <= '7')
		i++;
	return i >= 9 && i + 1 < n && s[i] == ' ';
}

/*
 * If the line at s starts a uuencoded file ("begin MODE NAME", lines of
 * data, "end"), return where it stops and its size in *size_r; else NULL.
 */
static const char *
render_uu(const char *s, const char *end, size_t *size_r)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s)), *line;
	size_t n;
	long k;

	if (nl == NULL || !render_uu_begin(s, (size_t)(nl - s)))
		return NULL;
	*size_r = 0;
	for (line = nl + 1; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		n = (size_t)((nl != NULL ? nl : end) - line);
		if (n >= 3 && strncmp(line, "end", 3) == 0 &&
		    render_uu_line(line + 3, n - 3) == 0)
			return nl != NULL ? nl + 1 : end;
		if ((k = render_uu_line(line, n)) < 0 || nl == NULL)
			return NULL;
		*size_r += (size_t)k;
	}
	return NULL;
}

static void
render_uu_note(struct render *r, const char *begin, size_t size)
{
	const char *name = (const char *)memchr(begin + 6, ' ', 5) + 1;
	int n = (int)strcspn(name, "\r\n");
	char s[32];

	render_size(size, s, sizeof s);
	render_note(r, _("uuencoded file: %.*s (%s)"), n, name, s);
}

/* Plain text, each uuencoded file in it replaced by a note. */
static void
render_plain(struct render *r, const char *s, size_t n)
{
	const char *end = s + n, *from = s, *line = s, *after, *nl;
	size_t size;

	while (line < end) {
		after = *line == 'b' ? render_uu(line, end, &size) : NULL;
		if (after != NULL) {
			render_text(r, from, (size_t)(line - from));
			render_uu_note(r, line, size);
			from = line = after;
			continue;
		}
		nl = memchr(line, '\n', (size_t)(end - line));
		line = nl != NULL ? nl + 1 : end;
	}
	render_text(r, from, (size_t)(end - from));
}

/* A body: trailing blank lines dropped, one newline at the end. */
static void
render_body(struct render *r, const char *s, size_t n)
{
	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		n--;
	render_plain(r, s, n);
	render_eol(r);
}

static void
render_enriched(const struct buf *in, int richtext, struct buf *out)
{
	GMimeStream *mem = g_mime_stream_mem_new();
	GMimeStream *f = g_mime_stream_filter_new(mem);
	GMimeFilter *e;
	GByteArray *a;

	e = g_mime_filter_enriched_new(
	    richtext ? GMIME_FILTER_ENRICHED_IS_RICHTEXT : 0);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(f), e);
	g_object_unref(e);
	g_mime_stream_write(f, in->data, in->len);
	g_mime_stream_flush(f);
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	html_to_text((const char *)a->data, a->len, out);
	g_object_unref(f);
	g_object_unref(mem);
}

/*
 * HTML (as UTF-8) as text: through the caller's converter when there is
 * one, else (or when it fails, saying why) through html_to_text.
 */
static void
render_html(struct render *r, const struct buf *html, struct buf *out)
{
	size_t mark = out->len;
	struct err err;
	int rc = 1;

	if (r->view->html != NULL) {
		err_clear(&err);
		rc = r->view->html(
		    r->view->html_arg, html->data, html->len, out, &err);
	}
	if (rc == 0)
		return;
	buf_truncate(out, mark);
	if (rc < 0)
		render_note(
		    r, _("%s; shown by the built-in converter"), err.msg);
	html_to_text(html->data, html->len, out);
}

/* A text part's bytes as UTF-8 plain text. */
static void
render_text_utf8(
    struct render *r, GMimeObject *obj, const struct buf *raw, struct buf *out)
{
	const char *charset;
	char sniffed[64];
	struct buf u = BUF_INIT;
	int html = part_is(obj, "text", "html");
	int rich = part_is(obj, "text", "richtext");

	charset = g_mime_object_get_content_type_parameter(obj, "charset");
	if (html && charset == NULL &&
	    html_charset(raw->data, raw->len, sniffed, sizeof sniffed))
		charset = sniffed;
	charset_to_utf8(charset, raw->data, raw->len, &u);
	if (html)
		render_html(r, &u, out);
	else if (rich || part_is(obj, "text", "enriched"))
		render_enriched(&u, rich, out);
	else
		buf_add(out, u.data, u.len);
	buf_release(&u);
}

/* The line above a text part that is not the first shown. */
static void
render_part_note(struct render *r, GMimePart *part, unsigned no)
{
	const char *name = g_mime_part_get_filename(part);
	char *type = part_type(GMIME_OBJECT(part));

	if (name != NULL && *name != '\0')
		render_note(r, _("Part #%u: %s (%s)"), no, name, type);
	else
		render_note(r, _("Part #%u (%s)"), no, type);
	g_free(type);
}

static void
render_text_part(struct render *r, GMimePart *part, unsigned no)
{
	struct buf raw = BUF_INIT, text = BUF_INIT;
	size_t max = r->text.max;
	int cut;

	if (r->shown++ > 0)
		render_part_note(r, part, no);
	cut = part_decode(part, &raw, max) > max;
	render_text_utf8(r, GMIME_OBJECT(part), &raw, &text);
	render_body(r, text.data, text.len);
	if (cut)
		r->truncated = 1;
	buf_release(&raw);
	buf_release(&text);
}

static void
render_attachment(struct render *r, GMimePart *part, unsigned no)
{
	const char *name = g_mime_part_get_filename(part);
	char *type = part_type(GMIME_OBJECT(part));
	char size[32];

	render_size(part_decode(part, NULL, 0), size, sizeof size);
	if (name != NULL && *name != '\0')
		render_note(
		    r, _("Attachment #%u: %s (%s, %s)"), no, name, type, size);
	else
		render_note(r, _("Attachment #%u (%s, %s)"), no, type, size);
	g_free(type);
}

static void
render_external(struct render *r, GMimeObject *obj)
{
	const char *access, *where;

	access = g_mime_object_get_content_type_parameter(obj, "access-type");
	where = g_mime_object_get_content_type_parameter(obj, "url");
	if (where == NULL)
		where = g_mime_object_get_content_type_parameter(obj, "name");
	if (where != NULL)
		render_note(r, _("External body (%s: %s), not fetched"),
		    access != NULL ? access : "?", where);
	else
		render_note(r, _("External body (%s), not fetched"),
		    access != NULL ? access : "?");
}

static int
render_inline(GMimeObject *obj)
{
	const struct render_inline *t;

	if (part_is_attached(obj))
		return 0;
	for (t = render_inline_types; t->type != NULL; t++)
		if (part_is(obj, t->type, t->subtype))
			return 1;
	return 0;
}

/* A message/rfc822 part that GMime left unparsed (it was encoded). */
static int
render_encoded_msg(struct render *r, GMimePart *part)
{
	struct buf raw = BUF_INIT;
	GMimeMessage *msg;

	part_decode(part, &raw, r->text.max);
	msg = message_parse(raw.data, raw.len);
	buf_release(&raw);
	if (msg == NULL)
		return 0;
	render_nested(r, GMIME_OBJECT(part), msg);
	g_object_unref(msg);
	return 1;
}

static void
render_leaf(struct render *r, GMimeObject *obj)
{
	unsigned no = ++r->part_no;

	if (part_is(obj, "message", "external-body"))
		render_external(r, obj);
	else if (part_is(obj, "message", "rfc822") &&
	    render_encoded_msg(r, GMIME_PART(obj)))
		return;
	else if (render_inline(obj))
		render_text_part(r, GMIME_PART(obj), no);
	else
		render_attachment(r, GMIME_PART(obj), no);
}

static void
render_pkcs7(struct render *r, GMimeObject *obj)
{
	GMimeApplicationPkcs7Mime *p = GMIME_APPLICATION_PKCS7_MIME(obj);
	char *type;

	if (g_mime_application_pkcs7_mime_get_smime_type(p) !=
	    GMIME_SECURE_MIME_TYPE_ENVELOPED_DATA) {
		render_leaf(r, obj);
		return;
	}
	r->part_no++;
	type = part_type(obj);
	render_note(r, _("Encrypted part (%s), not shown"), type);
	g_free(type);
}

static void
render_partial(struct render *r, GMimeObject *obj)
{
	GMimeMessagePartial *p = GMIME_MESSAGE_PARTIAL(obj);
	const char *id = g_mime_message_partial_get_id(p);
	int number = g_mime_message_partial_get_number(p);
	int total = g_mime_message_partial_get_total(p);

	r->part_no++;
	if (id == NULL)
		id = "";
	if (total > 0)
		render_note(r,
		    _("Message fragment %d of %d (message/partial, "
		      "id \"%s\"), not shown"),
		    number, total, id);
	else
		render_note(r,
		    _("Message fragment %d (message/partial, "
		      "id \"%s\"), not shown"),
		    number, id);
}

static void
render_message_part(struct render *r, GMimeObject *obj)
{
	GMimeMessage *msg;
	char *type;

	msg = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
	if (msg != NULL) {
		render_nested(r, obj, msg);
		return;
	}
	type = part_type(obj);
	render_note(r, _("Empty attached message (%s)"), type);
	g_free(type);
}

static void
render_encrypted(struct render *r, GMimeObject *obj)
{
	char *type = part_type(obj);

	render_skip(r, obj);
	render_note(r, _("Encrypted part (%s), not shown"), type);
	g_free(type);
}

/* A multipart without parts: its text before the (missing) boundary. */
static void
render_prologue(struct render *r, GMimeMultipart *mp)
{
	const char *s = g_mime_multipart_get_prologue(mp);
	struct buf u = BUF_INIT;

	if (s == NULL || s[strspn(s, " \t\r\n")] == '\0')
		return;
	if (r->shown++ > 0 && r->after_text) {
		render_eol(r);
		render_add(r, "\n", 1, RENDER_NL);
	}
	charset_to_utf8(NULL, s, strlen(s), &u);
	render_body(r, u.data, u.len);
	buf_release(&u);
}

static void
render_mixed(struct render *r, GMimeMultipart *mp)
{
	int i, n = g_mime_multipart_get_count(mp);

	if (n == 0)
		render_prologue(r, mp);
	for (i = 0; i < n; i++)
		render_object(r, g_mime_multipart_get_part(mp, i));
}

/* How much an alternative is preferred: plain text, HTML, the rest. */
static int
render_alt_rank(GMimeObject *obj)
{
	if (GMIME_IS_MULTIPART(obj))
		return 1;
	if (!GMIME_IS_PART(obj) || part_is_attached(obj))
		return 0;
	if (part_is(obj, "text", "plain"))
		return 3;
	return part_is(obj, "text", "*") ? 2 : 0;
}

static void
render_alternative(struct render *r, GMimeMultipart *mp)
{
	int i, best = 0, rank, best_rank = -1;
	int n = g_mime_multipart_get_count(mp);

	for (i = 0; i < n; i++) {
		rank = render_alt_rank(g_mime_multipart_get_part(mp, i));
		if (rank > best_rank) {
			best = i;
			best_rank = rank;
		}
	}
	for (i = 0; i < n; i++)
		if (i == best)
			render_object(r, g_mime_multipart_get_part(mp, i));
		else
			render_skip(r, g_mime_multipart_get_part(mp, i));
}

/* The part the start parameter names, else the first of the type. */
static GMimeObject *
render_related_root(GMimeMultipart *mp)
{
	GMimeObject *obj = GMIME_OBJECT(mp), *part;
	const char *start, *type, *cid;
	char *t;
	int i, found;

	start = g_mime_object_get_content_type_parameter(obj, "start");
	type = g_mime_object_get_content_type_parameter(obj, "type");
	start += start != NULL && *start == '<';
	for (i = 0; start != NULL && i < g_mime_multipart_get_count(mp); i++) {
		part = g_mime_multipart_get_part(mp, i);
		cid = g_mime_object_get_content_id(part);
		if (cid != NULL && strncmp(cid, start, strlen(cid)) == 0 &&
		    strchr(">", start[strlen(cid)]) != NULL)
			return part;
	}
	for (i = 0; type != NULL && i < g_mime_multipart_get_count(mp); i++) {
		part = g_mime_multipart_get_part(mp, i);
		t = part_type(part);
		found = g_ascii_strcasecmp(t, type) == 0;
		g_free(t);
		if (found)
			return part;
	}
	return g_mime_multipart_get_part(mp, 0);
}

/* The root shown; the other parts (images, style) only listed. */
static void
render_related(struct render *r, GMimeMultipart *mp)
{
	GMimeObject *root = render_related_root(mp), *part;
	int i;

	for (i = 0; i < g_mime_multipart_get_count(mp); i++) {
		part = g_mime_multipart_get_part(mp, i);
		if (part == root || !GMIME_IS_PART(part))
			render_object(r, part);
		else
			render_attachment(r, GMIME_PART(part), ++r->part_no);
	}
}

static void
render_multipart(struct render *r, GMimeObject *obj)
{
	GMimeMultipart *mp = GMIME_MULTIPART(obj);

	if (g_mime_multipart_get_count(mp) == 0)
		render_prologue(r, mp);
	else if (part_is(obj, "multipart", "alternative"))
		render_alternative(r, mp);
	else if (part_is(obj, "multipart", "related"))
		render_related(r, mp);
	else
		render_mixed(r, mp);
}

static void
render_signed(struct render *r, GMimeObject *obj)
{
	GMimeMultipart *mp = GMIME_MULTIPART(obj);
	int i, n = g_mime_multipart_get_count(mp);
	GMimeObject *sig;
	char *type;

	if (n < 2) {
		render_mixed(r, mp);
		return;
	}
	render_object(r, g_mime_multipart_get_part(mp, 0));
	for (i = 1; i < n; i++) {
		sig = g_mime_multipart_get_part(mp, i);
		render_skip(r, sig);
		type = part_type(sig);
		render_note(r, _("Signature (%s) not verified"), type);
		g_free(type);
	}
}

/* How each kind of GMime object is rendered; subclasses come first. */
static const struct render_kind {
	GType (*type)(void);
	void (*render)(struct render *r, GMimeObject *obj);
} render_kinds[] = {
	{ g_mime_multipart_signed_get_type, render_signed },
	{ g_mime_multipart_encrypted_get_type, render_encrypted },
	{ g_mime_multipart_get_type, render_multipart },
	{ g_mime_message_part_get_type, render_message_part },
	{ g_mime_message_partial_get_type, render_partial },
	{ g_mime_application_pkcs7_mime_get_type, render_pkcs7 },
	{ g_mime_part_get_type, render_leaf },
	{ NULL, NULL },
};

static void
render_object(struct render *r, GMimeObject *obj)
{
	const struct render_kind *k;

	if (r->depth >= r->max_depth) {
		render_note(r, _("Part nested too deeply, not shown"));
		return;
	}
	r->depth++;
	for (k = render_kinds; k->type != NULL; k++)
		if (G_TYPE_CHECK_INSTANCE_TYPE(obj, k->type())) {
			k->render(r, obj);
			break;
		}
	r->depth--;
}

/* Normalise a date that parses; leave the others as written. */
static void
render_date(struct buf *value)
{
	GDateTime *dt = g_mime_utils_header_decode_date(value->data);
	char *s;

	if (dt == NULL)
		return;
	s = g_mime_utils_header_format_date(dt);
	buf_reset(value);
	buf_adds(value, s);
	g_free(s);
	g_date_time_unref(dt);
}

/* Append s with each run of white space made one space, and trimmed. */
static void
render_squeeze(struct buf *b, const char *s)
{
	size_t start = b->len;
	int space = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			space = b->len > start;
			continue;
		}
		if (space)
			buf_addc(b, ' ');
		space = 0;
		buf_addc(b, *s);
	}
}

/* Addresses decoded from raw, or NULL; g_free it. */
static char *
render_addresses(const char *raw)
{
	InternetAddressList *list = internet_address_list_parse(NULL, raw);
	char *s;

	if (list == NULL)
		return NULL;
	s = internet_address_list_to_string(list, NULL, FALSE);
	g_object_unref(list);
	return s;
}

/* h's value decoded by GMime, repaired first if need be; g_free it. */
static char *
render_value(GMimeHeader *h, int addresses)
{
	const char *raw = g_mime_header_get_raw_value(h);
	char *fixed = raw != NULL ? rfc2047_merge(raw) : NULL, *v = NULL;

	if (fixed == NULL)
		return g_strdup(g_mime_header_get_value(h));
	if (addresses)
		v = render_addresses(fixed);
	if (v == NULL)
		v = g_mime_utils_header_decode_text(NULL, fixed);
	g_free(fixed);
	return v;
}

/* How the field called name is shown (a plain text field if unknown). */
static const struct render_field *
render_field(const char *name)
{
	static const struct render_field plain = { NULL, 0, NULL };
	const struct render_field *f;

	for (f = render_fields; f->name != NULL; f++)
		if (strcasecmp(f->name, name) == 0)
			return f;
	return &plain;
}

/*
 * The value of the field name: address lists joined, else the first.
 * *spelled_r is the name as the message writes it (borrowed from hl).
 */
static void
render_header_value(GMimeHeaderList *hl, const char *name,
    const struct render_field *f, struct buf *v, const char **spelled_r)
{
	int i, n = g_mime_header_list_get_count(hl);
	GMimeHeader *h;
	size_t before, mark;
	char *value;

	for (i = 0; i < n; i++) {
		h = g_mime_header_list_get_header_at(hl, i);
		if (strcasecmp(g_mime_header_get_name(h), name) != 0 ||
		    (value = render_value(h, f->addresses)) == NULL)
			continue;
		before = v->len;
		if (v->len > 0)
			buf_adds(v, ", ");
		mark = v->len;
		render_squeeze(v, value);
		g_free(value);
		if (v->len == mark) {
			buf_truncate(v, before);
			continue;
		}
		if (before == 0)
			*spelled_r = g_mime_header_get_name(h);
		if (!f->addresses)
			break;
	}
}

/* One "Name: value" line. */
static void
render_header_line(struct render *r, const char *name, const struct buf *v)
{
	render_add(r, name, strlen(name), 0);
	render_add(r, ": ", 2, 0);
	render_add(r, v->data, v->len, 0);
	render_add(r, "\n", 1, RENDER_NL);
}

/* The chosen header lines of a message; returns how many there were. */
static int
render_header_lines(struct render *r, GMimeHeaderList *hl)
{
	const struct render_view *o = r->view;
	const char *const *names = render_default_fields;
	size_t i, n = sizeof render_default_fields / sizeof *names;
	const struct render_field *f;
	const char *spelled = NULL;
	struct buf v = BUF_INIT;
	int lines = 0;

	if (o->headers != NULL) {
		names = (const char *const *)o->headers;
		n = o->nheaders;
	}
	for (i = 0; i < n; i++) {
		f = render_field(names[i]);
		buf_reset(&v);
		render_header_value(hl, names[i], f, &v, &spelled);
		if (v.len == 0)
			continue;
		if (f->fix != NULL)
			f->fix(&v);
		render_header_line(r, f->name != NULL ? f->name : spelled, &v);
		lines++;
	}
	buf_release(&v);
	return lines;
}

/* Whether hl has a field called name. */
static int
render_has_field(GMimeHeaderList *hl, const char *name)
{
	return hl != NULL && g_mime_header_list_contains(hl, name);
}

/* The lines of the fields in hl (values decoded), except those in skip. */
static int
render_field_lines(struct render *r, GMimeHeaderList *hl, GMimeHeaderList *skip)
{
	int i, lines = 0, n = g_mime_header_list_get_count(hl);
	struct buf v = BUF_INIT;
	const char *name;
	GMimeHeader *h;
	char *value;

	for (i = 0; i < n; i++) {
		h = g_mime_header_list_get_header_at(hl, i);
		name = g_mime_header_get_name(h);
		if (render_has_field(skip, name))
			continue;
		value = render_value(h, render_field(name)->addresses);
		buf_reset(&v);
		if (value != NULL)
			render_squeeze(&v, value);
		g_free(value);
		render_header_line(r, name, &v);
		lines++;
	}
	buf_release(&v);
	return lines;
}

/*
 * Every header field of msg, as it has them. GMime keeps the Content-
 * fields of a message with its body part: they come last.
 */
static int
render_all_header_lines(struct render *r, GMimeMessage *msg)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	int lines = hl != NULL ? render_field_lines(r, hl, NULL) : 0;

	if (body != NULL && g_mime_object_get_header_list(body) != NULL)
		lines += render_field_lines(
		    r, g_mime_object_get_header_list(body), hl);
	return lines;
}

static void
render_msg(struct render *r, GMimeMessage *msg)
{
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	GMimeHeaderList *hl;
	unsigned shown = r->shown;

	hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	if (r->view->all_headers ? render_all_header_lines(r, msg) > 0
				 : hl != NULL && render_header_lines(r, hl) > 0)
		render_add(r, "\n", 1, RENDER_NL);
	r->shown = 0;
	r->after_text = 0;
	if (body != NULL)
		render_object(r, body);
	r->shown = shown;
}

/* An attached message, between two notes. */
static void
render_nested(struct render *r, GMimeObject *obj, GMimeMessage *msg)
{
	char *type = part_type(obj);

	render_note(r, _("Attached message (%s)"), type);
	render_msg(r, msg);
	render_note(r, _("End of attached message"));
	g_free(type);
}

/* Bytes that are no message at all: shown as text. */
static void
render_raw(struct render *r, const char *data, size_t len)
{
	struct buf u = BUF_INIT;
	size_t max = r->text.max;

	charset_to_utf8(NULL, data, len < max ? len : max, &u);
	render_body(r, u.data, u.len);
	if (len > max)
		r->truncated = 1;
	buf_release(&u);
}

/* End with a newline, and say so when the text was cut. */
static void
render_finish(struct render *r)
{
	char size[32];

	render_eol(r);
	if (!r->truncated)
		return;
	render_size(r->text.max, size, sizeof size);
	r->truncated = 0;
	r->text.max = 0;
	render_eol(r);
	r->after_text = 1;
	render_note(r, _("Rest not shown: the text is longer than %s"), size);
}

int
render_message_view(const char *data, size_t len,
    const struct render_opts *opts, const struct render_view *view,
    struct buf *out, struct err *err)
{
	static const struct render_view defaults = { 0 };
	struct render r = { .max_depth = RENDER_MAX_DEPTH };
	GMimeMessage *msg;
	int rc = 0;

	r.view = view != NULL ? view : &defaults;
	buf_init(&r.text, RENDER_MAX_OUTPUT);
	if (opts != NULL && opts->max_output > 0)
		r.text.max = opts->max_output;
	if (opts != NULL && opts->max_depth > 0)
		r.max_depth = opts->max_depth;
	msg = message_parse(data, len);
	if (msg != NULL) {
		render_msg(&r, msg);
		g_object_unref(msg);
	} else
		render_raw(&r, data, len);
	render_finish(&r);
	if (buf_add(out, r.text.data, r.text.len) < 0)
		rc = err_set(
		    err, ERR_FINAL, "the rendered message is too large");
	buf_release(&r.text);
	return rc;
}

int
render_message(const char *data, size_t len, const struct render_opts *opts,
    struct buf *out, struct err *err)
{
	return render_message_view(data, len, opts, NULL, out, err);
}

/*
 * A walk over the leaf parts of a message, numbered as render_count
 * counts them: collecting each (want 0) or looking for number want.
 */
struct render_walk {
	unsigned no;	  /* leaf parts so far */
	unsigned want;	  /* the part sought, or 0 */
	GMimePart *found; /* borrowed from the message */
	struct render_part *parts;
	size_t nparts;
};

static void
render_walk_leaf(struct render_walk *w, GMimePart *part, unsigned depth)
{
	const char *name = g_mime_part_get_filename(part);
	struct render_part *p;
	char *type;

	if (++w->no == w->want)
		w->found = part;
	if (w->want != 0)
		return;
	w->parts = xreallocarray(w->parts, w->nparts + 1, sizeof *w->parts);
	p = &w->parts[w->nparts++];
	type = part_type(GMIME_OBJECT(part));
	p->no = w->no;
	p->depth = depth;
	p->type = xstrdup(type);
	p->name = name != NULL && *name != '\0' ? xstrdup(name) : NULL;
	p->size = part_decode(part, NULL, 0);
	g_free(type);
}

static void
render_walk(
    struct render_walk *w, GMimeObject *obj, unsigned depth, unsigned left)
{
	GMimeMultipart *mp;
	GMimeMessage *msg;
	int i;

	if (left == 0 || w->found != NULL)
		return;
	if (GMIME_IS_MULTIPART(obj)) {
		mp = GMIME_MULTIPART(obj);
		for (i = 0; i < g_mime_multipart_get_count(mp); i++)
			render_walk(w, g_mime_multipart_get_part(mp, i),
			    depth + 1, left - 1);
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		msg = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (msg != NULL && g_mime_message_get_mime_part(msg) != NULL)
			render_walk(w, g_mime_message_get_mime_part(msg),
			    depth + 1, left - 1);
	} else if (GMIME_IS_PART(obj)) {
		render_walk_leaf(w, GMIME_PART(obj), depth);
	}
}

/* Walk the message data[0..len), if it is one; returns it or NULL. */
static GMimeMessage *
render_walk_message(const char *data, size_t len, struct render_walk *w)
{
	GMimeMessage *msg = message_parse(data, len);

	if (msg != NULL && g_mime_message_get_mime_part(msg) != NULL)
		render_walk(
		    w, g_mime_message_get_mime_part(msg), 0, RENDER_MAX_DEPTH);
	return msg;
}

void
render_parts(const char *data, size_t len, struct render_part **parts_r,
    size_t *nparts_r)
{
	struct render_walk w = { 0 };
	GMimeMessage *msg = render_walk_message(data, len, &w);

	if (msg != NULL)
		g_object_unref(msg);
	*parts_r = w.parts;
	*nparts_r = w.nparts;
}

void
render_parts_free(struct render_part **parts, size_t nparts)
{
	size_t i;

	if (*parts == NULL)
		return;
	for (i = 0; i < nparts; i++) {
		free((*parts)[i].type);
		free((*parts)[i].name);
	}
	free(*parts);
	*parts = NULL;
}

int
render_part_data(
    const char *data, size_t len, unsigned no, struct buf *out, struct err *err)
{
	struct render_walk w = { .want = no };
	GMimeMessage *msg = render_walk_message(data, len, &w);
	size_t room = out->max > 0 ? out->max - out->len : RENDER_MAX_PART;
	int rc = 0;

	if (w.found == NULL)
		rc = err_set(
		    err, ERR_FINAL, _("the message has no part #%u"), no);
	else if (part_decode(w.found, out, room) > room)
		rc = err_set(err, ERR_FINAL,
		    _("part #%u is larger than %zu bytes"), no, room);
	if (msg != NULL)
		g_object_unref(msg);
	return rc;
}
