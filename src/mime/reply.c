/*
 * Replies, forwards and "edit as new" made from a stored message: who
 * the draft goes to, its subject and message IDs, and its text (quoted,
 * or under a forward's header summary), as mutt's r, g, L, f and e do.
 * The message is read with GMime; text parts are decoded to UTF-8 and
 * HTML turned to text with html_to_text. The attribution and forward
 * lines are written in English, as mail to other people, not translated
 * like the interface.
 */
#include <config.h>

#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "mime/charset.h"
#include "mime/compose.h"
#include "mime/draft.h"
#include "mime/html.h"
#include "mime/message.h"
#include "mime/mime.h"
#include "mime/part.h"
#include "mime/reply.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/intl.h"
#include "util/text.h"
#include "util/xalloc.h"

#define REPLY_MAX_DEPTH 20u /* nested parts walked into */
#define REPLY_SNIFF 4096    /* bytes of HTML searched for a charset */
#define REPLY_TEXT_FLAGS (TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS)
#define REPLY_FORWARD_LINE "---------- Forwarded message ----------"

/* Mailboxes: addr-specs with their display names, each addr-spec once. */
struct addrs {
	char **spec;
	char **name; /* NULL when there is none */
	size_t n;
};

/* What a reply is made from. */
struct reply_ctx {
	GMimeMessage *msg;
	const struct reply_identity *ids;
	size_t nids;
	const struct reply_identity *me; /* the identity that answers */
};

/* Addresses ---------------------------------------------------------- */

static int
addrs_has(const struct addrs *a, const char *spec)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcasecmp(a->spec[i], spec) == 0)
			return 1;
	return 0;
}

/* Whether spec could be an address at all (nothing that breaks a list). */
static int
addrs_spec_ok(const char *spec)
{
	const unsigned char *p;

	if (spec == NULL || spec[0] == '\0')
		return 0;
	for (p = (const unsigned char *)spec; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("<>,;", *p) != NULL)
			return 0;
	return 1;
}

/* Add a mailbox unless its addr-spec is there already (or is junk). */
static void
addrs_add(struct addrs *a, const char *name, const char *spec)
{
	struct buf clean = BUF_INIT;

	if (!addrs_spec_ok(spec) || addrs_has(a, spec))
		return;
	if (name != NULL)
		text_sanitize(&clean, name, strlen(name), 0);
	g_strstrip(clean.data);
	a->spec = xreallocarray(a->spec, a->n + 1, sizeof *a->spec);
	a->name = xreallocarray(a->name, a->n + 1, sizeof *a->name);
	a->spec[a->n] = xstrdup(spec);
	a->name[a->n] = clean.data[0] != '\0' && strcasecmp(clean.data, spec)
	    ? xstrdup(clean.data)
	    : NULL;
	a->n++;
	buf_release(&clean);
}

static void
addrs_release(struct addrs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->spec[i]);
		free(a->name[i]);
	}
	xfree(&a->spec);
	xfree(&a->name);
	a->n = 0;
}

/* Add every mailbox of l, those inside groups too. */
static void
addrs_add_list(struct addrs *a, InternetAddressList *l, unsigned depth)
{
	InternetAddress *ia;
	int i, n = l != NULL ? internet_address_list_length(l) : 0;

	for (i = 0; i < n; i++) {
		ia = internet_address_list_get_address(l, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			addrs_add(a, internet_address_get_name(ia),
			    internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(ia)));
		else if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 2)
			addrs_add_list(a,
			    internet_address_group_get_members(
				INTERNET_ADDRESS_GROUP(ia)),
			    depth + 1);
	}
}

/* Add the addresses of every header field named field in msg. */
static void
addrs_add_field(struct addrs *a, GMimeMessage *msg, const char *field)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	InternetAddressList *l;
	GMimeHeader *h;
	int i, n = g_mime_header_list_get_count(hl);

	for (i = 0; i < n; i++) {
		h = g_mime_header_list_get_header_at(hl, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), field) != 0)
			continue;
		l = internet_address_list_parse(
		    NULL, g_mime_header_get_raw_value(h));
		addrs_add_list(a, l, 0);
		if (l != NULL)
			g_object_unref(l);
	}
}

/* Add the addresses of msg's field of type. */
static void
addrs_add_type(struct addrs *a, GMimeMessage *msg, GMimeAddressType type)
{
	addrs_add_list(a, g_mime_message_get_addresses(msg, type), 0);
}

/* Whether spec is one of the user's addresses (none when x is NULL). */
static int
reply_is_mine(const struct reply_ctx *x, const char *spec)
{
	size_t i;

	for (i = 0; x != NULL && i < x->nids; i++)
		if (x->ids[i].addr != NULL &&
		    strcasecmp(x->ids[i].addr, spec) == 0)
			return 1;
	return 0;
}

/* Move to dst the mailboxes of src that are not the user's nor in skip. */
static void
addrs_filter(struct addrs *dst, const struct addrs *src,
    const struct reply_ctx *x, const struct addrs *skip)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		if (!reply_is_mine(x, src->spec[i]) &&
		    (skip == NULL || !addrs_has(skip, src->spec[i])))
			addrs_add(dst, src->name[i], src->spec[i]);
}

/* The list as typed ("Name <a@b>, c@d"): a new string. */
static char *
addrs_text(const struct addrs *a)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < a->n; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		draft_mailbox(&b, a->name[i], a->spec[i]);
	}
	return buf_detach(&b, NULL);
}

/* The identity ---------------------------------------------------------- */

const struct reply_identity *
reply_identity_pick(const struct reply_identity *ids, size_t nids,
    char *const *addrs, size_t naddrs, const char *hint)
{
	size_t i, j;

	if (nids == 0)
		return NULL;
	for (i = 0; i < naddrs; i++)
		for (j = 0; j < nids; j++)
			if (ids[j].addr != NULL &&
			    strcasecmp(ids[j].addr, addrs[i]) == 0)
				return &ids[j];
	for (j = 0; hint != NULL && j < nids; j++)
		if (ids[j].account != NULL && strcmp(ids[j].account, hint) == 0)
			return &ids[j];
	return &ids[0];
}

/*
 * The identity that answers msg: see reply_make. Its From comes first:
 * it is the user's only in the user's own mail, which the identity
 * that wrote it answers.
 */
static const struct reply_identity *
reply_pick(const struct reply_ctx *x, const char *hint)
{
	const struct reply_identity *me;
	struct addrs a = { NULL, NULL, 0 };

	addrs_add_type(&a, x->msg, GMIME_ADDRESS_TYPE_FROM);
	addrs_add_type(&a, x->msg, GMIME_ADDRESS_TYPE_TO);
	addrs_add_type(&a, x->msg, GMIME_ADDRESS_TYPE_CC);
	addrs_add_field(&a, x->msg, "Delivered-To");
	addrs_add_field(&a, x->msg, "X-Original-To");
	me = reply_identity_pick(x->ids, x->nids, a.spec, a.n, hint);
	addrs_release(&a);
	return me;
}

/* Subjects --------------------------------------------------------------- */

/*
 * Where s goes on after one prefix of words[] ("Re:", "re[2]:", "AW :"),
 * or NULL when it does not begin with one.
 */
static const char *
reply_prefix(const char *s, const char *const *words)
{
	const char *p;
	size_t i, n;

	for (i = 0; words[i] != NULL; i++) {
		n = strlen(words[i]);
		if (g_ascii_strncasecmp(s, words[i], n) != 0)
			continue;
		p = s + n;
		if (*p == '[' || *p == '(') {
			for (p++; g_ascii_isdigit(*p); p++)
				;
			if (*p != ']' && *p != ')')
				continue;
			p++;
		}
		while (*p == ' ')
			p++;
		if (*p == ':')
			return p + 1;
	}
	return NULL;
}

/* prefix + subject without any of the prefixes words[], a new string. */
static char *
reply_subject_with(
    const char *prefix, const char *subject, const char *const *words)
{
	const char *p = subject != NULL ? subject : "", *next;
	struct buf b = BUF_INIT;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if ((next = reply_prefix(p, words)) == NULL)
			break;
		p = next;
	}
	buf_adds(&b, prefix);
	buf_adds(&b, p);
	return buf_detach(&b, NULL);
}

char *
reply_subject(const char *subject)
{
	static const char *const words[] = { "re", "aw", "sv", "antw", NULL };

	return reply_subject_with("Re: ", subject, words);
}

char *
reply_forward_subject(const char *subject)
{
	static const char *const words[] = { "fwd", "fw", NULL };

	return reply_subject_with("Fwd: ", subject, words);
}

/* The message's subject, decoded and on one line: a new string. */
static char *
reply_orig_subject(GMimeMessage *msg)
{
	const char *s = g_mime_message_get_subject(msg);
	struct buf b = BUF_INIT;

	if (s != NULL)
		text_sanitize(&b, s, strlen(s), 0);
	g_strstrip(b.data);
	return buf_detach(&b, NULL);
}

/* Message IDs ------------------------------------------------------------ */

/*
 * Whether id[0..n) (without angle brackets) can be written as a message
 * ID: printable ASCII without space or brackets, something on both
 * sides of an '@'.
 */
static int
reply_id_ok(const char *id, size_t n)
{
	const char *at = memchr(id, '@', n);
	size_t i;

	for (i = 0; i < n; i++)
		if (id[i] <= ' ' || id[i] >= 0x7f || id[i] == '<' ||
		    id[i] == '>')
			return 0;
	return at != NULL && at > id && at + 1 < id + n;
}

/*
 * Add the message IDs in the field's value ("<a@x> <b@y>", comments
 * and junk between them allowed) to v[0..*n); malformed ones are left
 * out, not the ones after them.
 */
static void
reply_ids_add(GMimeMessage *msg, const char *field, char ***v, size_t *n)
{
	const char *p = g_mime_object_get_header(GMIME_OBJECT(msg), field);
	const char *gt;

	while (p != NULL && (p = strchr(p, '<')) != NULL &&
	    (gt = strchr(p + 1, '>')) != NULL) {
		if (memchr(p + 1, '<', (size_t)(gt - p - 1)) != NULL) {
			p = memchr(p + 1, '<', (size_t)(gt - p - 1));
			continue;
		}
		if (reply_id_ok(p + 1, (size_t)(gt - p - 1))) {
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[(*n)++] = xstrndup(p + 1, (size_t)(gt - p - 1));
		}
		p = gt + 1;
	}
}

/* The message's Message-ID without angle brackets, or NULL. */
static const char *
reply_msgid(GMimeMessage *msg)
{
	const char *id = g_mime_message_get_message_id(msg);

	return id != NULL && reply_id_ok(id, strlen(id)) ? id : NULL;
}

/*
 * In-Reply-To and References of a reply (RFC 5322 3.6.4): the parent's
 * References (or else its In-Reply-To) and its Message-ID, at most
 * REPLY_MAX_REFS of them: the first and the last ones.
 */
static void
reply_set_ids(struct draft *d, GMimeMessage *msg)
{
	const char *id = reply_msgid(msg);
	struct buf b = BUF_INIT;
	char **v = NULL;
	size_t n = 0, i;

	reply_ids_add(msg, "References", &v, &n);
	if (n == 0)
		reply_ids_add(msg, "In-Reply-To", &v, &n);
	if (id != NULL) {
		buf_addf(&b, "<%s>", id);
		draft_set(&d->in_reply_to, b.data);
		buf_reset(&b);
		if (n == 0 || strcmp(v[n - 1], id) != 0) {
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n++] = xstrdup(id);
		}
	}
	for (i = 0; i < n; i++)
		if (i == 0 || n - i < REPLY_MAX_REFS)
			buf_addf(&b, "%s<%s>", b.len > 0 ? " " : "", v[i]);
	draft_set(&d->references, b.data);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	buf_release(&b);
}

/* The text ---------------------------------------------------------------- */

/* A walk through the parts: the text, and the attachments when att. */
struct walk {
	struct buf text;
	struct draft *att; /* NULL: attachments are not wanted */
	struct err *err;
	int failed;
};

static void walk_object(struct walk *w, GMimeObject *obj, unsigned depth);

/* Append the text of a text/plain or text/html part. */
static void
walk_text(struct walk *w, GMimePart *part, int html)
{
	const char *cs = g_mime_object_get_content_type_parameter(
	    GMIME_OBJECT(part), "charset");
	struct buf raw, utf = BUF_INIT, conv = BUF_INIT;
	char sniffed[64];

	buf_init(&raw, REPLY_MAX_TEXT + 1);
	part_decode(part, &raw, REPLY_MAX_TEXT);
	if (html && cs == NULL &&
	    html_charset(raw.data,
		raw.len < REPLY_SNIFF ? raw.len : REPLY_SNIFF, sniffed,
		sizeof sniffed))
		cs = sniffed;
	charset_to_utf8(cs, raw.data, raw.len, &utf);
	if (html)
		html_to_text(utf.data, utf.len, &conv);
	if (w->text.len > 0 && w->text.data[w->text.len - 1] != '\n')
		buf_addc(&w->text, '\n');
	if (w->text.len > 0)
		buf_addc(&w->text, '\n');
	if (html)
		text_sanitize(&w->text, conv.data, conv.len, REPLY_TEXT_FLAGS);
	else
		text_sanitize(&w->text, utf.data, utf.len, REPLY_TEXT_FLAGS);
	buf_release(&raw);
	buf_release(&utf);
	buf_release(&conv);
}

/* The MIME type of a part to attach: with its charset when it is text. */
static char *
walk_att_type(GMimeObject *obj)
{
	char *t = part_type(obj), *r;
	const char *cs =
	    g_mime_object_get_content_type_parameter(obj, "charset");

	if (strncmp(t, "text/", 5) == 0 && cs != NULL && cs[0] != '\0' &&
	    strspn(cs,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789-_.:") == strlen(cs))
		r = xasprintf("%s; charset=%s", t, cs);
	else
		r = xstrdup(t);
	g_free(t);
	return r;
}

/* The bytes of an attached message, with LF line ends. */
static void
walk_message_bytes(GMimeMessagePart *mp, struct buf *out)
{
	GMimeMessage *m = g_mime_message_part_get_message(mp);
	GMimeFormatOptions *fo = g_mime_format_options_new();
	GMimeStream *s = g_mime_stream_mem_new();
	GByteArray *a;

	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	if (m != NULL)
		g_mime_object_write_to_stream(GMIME_OBJECT(m), fo, s);
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
	buf_add(out, a->data, a->len);
	g_object_unref(s);
	g_mime_format_options_free(fo);
}

/* The file name of a part, RFC 2231/2047 decoded and sanitized, or NULL. */
static char *
walk_att_name(GMimeObject *obj)
{
	const char *n = GMIME_IS_PART(obj)
	    ? g_mime_part_get_filename(GMIME_PART(obj))
	    : g_mime_object_get_content_disposition_parameter(obj, "filename");
	struct buf b = BUF_INIT;

	if (n == NULL)
		return NULL;
	text_sanitize(&b, n, strlen(n), 0);
	if (b.len == 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* Carry obj over as an attachment, its bytes decoded. */
static void
walk_att(struct walk *w, GMimeObject *obj)
{
	struct buf data;
	char *type, *name;

	if (w->att == NULL || w->failed)
		return;
	buf_init(&data, COMPOSE_MAX_ATT + 1);
	if (GMIME_IS_MESSAGE_PART(obj))
		walk_message_bytes(GMIME_MESSAGE_PART(obj), &data);
	else if (part_decode(GMIME_PART(obj), &data, COMPOSE_MAX_ATT) >
	    COMPOSE_MAX_ATT)
		data.len = COMPOSE_MAX_ATT + 1;
	name = walk_att_name(obj);
	type = GMIME_IS_MESSAGE_PART(obj) ? xstrdup("message/rfc822")
					  : walk_att_type(obj);
	if (data.len > COMPOSE_MAX_ATT) {
		w->failed = err_set(w->err, ERR_FINAL,
		    _("attachment '%s' is larger than %zu MB"),
		    name != NULL ? name : type, COMPOSE_MAX_ATT >> 20);
	} else
		draft_attach(w->att, NULL, data.data, data.len, name, type);
	free(name);
	free(type);
	buf_release(&data);
}

/* The child of multipart/alternative to show: plain text, else HTML. */
static GMimeObject *
walk_choose(GMimeMultipart *mp)
{
	GMimeObject *c, *html = NULL, *other = NULL;
	int i, n = g_mime_multipart_get_count(mp);

	for (i = 0; i < n; i++) {
		c = g_mime_multipart_get_part(mp, i);
		if (part_is(c, "text", "plain") && !part_is_attached(c))
			return c;
		if (html == NULL && part_is(c, "text", "html"))
			html = c;
		if (other == NULL && GMIME_IS_MULTIPART(c))
			other = c;
	}
	return html != NULL ? html : other;
}

/* Walk a multipart: one child of alternative, related and signed ones. */
static void
walk_multipart(struct walk *w, GMimeMultipart *mp, unsigned depth)
{
	GMimeObject *obj = GMIME_OBJECT(mp), *c;
	int i, n = g_mime_multipart_get_count(mp);

	if (part_is(obj, "multipart", "alternative")) {
		if ((c = walk_choose(mp)) != NULL)
			walk_object(w, c, depth + 1);
		return;
	}
	if (part_is(obj, "multipart", "encrypted"))
		return;
	if (part_is(obj, "multipart", "related") ||
	    part_is(obj, "multipart", "signed"))
		n = n > 0 ? 1 : 0;
	for (i = 0; i < n; i++)
		walk_object(w, g_mime_multipart_get_part(mp, i), depth + 1);
}

/* Take the text of obj, or carry it over as an attachment. */
static void
walk_object(struct walk *w, GMimeObject *obj, unsigned depth)
{
	int plain, html;

	if (obj == NULL || depth > REPLY_MAX_DEPTH)
		return;
	plain = part_is(obj, "text", "plain");
	html = part_is(obj, "text", "html");
	if (GMIME_IS_MULTIPART(obj))
		walk_multipart(w, GMIME_MULTIPART(obj), depth);
	else if (GMIME_IS_PART(obj) && (plain || html) &&
	    !part_is_attached(obj))
		walk_text(w, GMIME_PART(obj), html);
	else if (GMIME_IS_PART(obj) || GMIME_IS_MESSAGE_PART(obj))
		walk_att(w, obj);
}

/*
 * Walk msg's body: its text into w->text (ending in a newline, which the
 * boundary after a part takes), attachments when w->att.
 */
static void
walk_message(struct walk *w, GMimeMessage *msg)
{
	buf_init(&w->text, REPLY_MAX_TEXT);
	walk_object(w, g_mime_message_get_mime_part(msg), 0);
	if (w->text.len > 0 && w->text.data[w->text.len - 1] != '\n')
		buf_addc(&w->text, '\n');
}

int
reply_text(const char *msg, size_t len, struct buf *out, struct draft *att,
    struct err *err)
{
	struct walk w = { BUF_INIT, att, err, 0 };
	GMimeMessage *m;

	mime_init();
	err_clear(err);
	if ((m = message_parse(msg, len)) == NULL) {
		text_sanitize(out, msg, len, REPLY_TEXT_FLAGS);
		return 0;
	}
	walk_message(&w, m);
	buf_add(out, w.text.data, w.text.len);
	buf_release(&w.text);
	g_object_unref(m);
	return w.failed ? -1 : 0;
}

/* Quoting ---------------------------------------------------------------- */

/* Where the text ends: before its last "-- " line and trailing blanks. */
static size_t
reply_quote_end(const char *text, size_t len)
{
	size_t i, end = len;

	for (i = 0; i + 3 <= len; i++)
		if ((i == 0 || text[i - 1] == '\n') &&
		    memcmp(text + i, "-- ", 3) == 0 &&
		    (i + 3 == len || text[i + 3] == '\n'))
			end = i;
	while (end > 0 &&
	    (text[end - 1] == '\n' || text[end - 1] == ' ' ||
		text[end - 1] == '\t'))
		end--;
	return end;
}

void
reply_quote(struct buf *out, const char *text, size_t len)
{
	size_t end = reply_quote_end(text, len), i = 0, n;
	const char *nl;

	while (i < end) {
		nl = memchr(text + i, '\n', end - i);
		n = (nl != NULL ? (size_t)(nl - text) : end) - i;
		if (n == 0 || text[i] == '>')
			buf_addc(out, '>');
		else
			buf_adds(out, "> ");
		buf_add(out, text + i, n);
		buf_addc(out, '\n');
		i += n + 1;
	}
}

/* The attribution --------------------------------------------------------- */

/* Append "Mon, 4 Mar 2024 at 09:00" in the zone the date was written in. */
static int
reply_date(struct buf *out, GMimeMessage *msg)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
		"Sat", "Sun" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	GDateTime *dt = g_mime_message_get_date(msg);
	int wd, mo;

	if (dt == NULL)
		return 0;
	wd = g_date_time_get_day_of_week(dt);
	mo = g_date_time_get_month(dt);
	if (wd < 1 || wd > 7 || mo < 1 || mo > 12)
		return 0;
	buf_addf(out, "%s, %d %s %d at %02d:%02d", days[wd - 1],
	    g_date_time_get_day_of_month(dt), months[mo - 1],
	    g_date_time_get_year(dt), g_date_time_get_hour(dt),
	    g_date_time_get_minute(dt));
	return 1;
}

/* "On DATE, AUTHOR wrote:" (or "AUTHOR wrote:") and a newline. */
static void
reply_attribution(struct buf *out, GMimeMessage *msg)
{
	struct addrs from = { NULL, NULL, 0 };
	struct buf date = BUF_INIT;
	const char *who;

	addrs_add_type(&from, msg, GMIME_ADDRESS_TYPE_FROM);
	who = from.n == 0	   ? "the sender"
	    : from.name[0] != NULL ? from.name[0]
				   : from.spec[0];
	if (reply_date(&date, msg))
		buf_addf(out, "On %s, %s wrote:\n", date.data, who);
	else if (from.n == 0)
		buf_adds(out, "The sender wrote:\n");
	else
		buf_addf(out, "%s wrote:\n", who);
	buf_release(&date);
	addrs_release(&from);
}

/* The draft's body: the attribution and the quoted text. */
static void
reply_body(struct draft *d, GMimeMessage *msg)
{
	struct walk w = { BUF_INIT, NULL, NULL, 0 };
	struct buf b = BUF_INIT;

	walk_message(&w, msg);
	reply_attribution(&b, msg);
	reply_quote(&b, w.text.data, w.text.len);
	draft_set(&d->body, b.data);
	buf_release(&b);
	buf_release(&w.text);
}

/* Recipients ----------------------------------------------------------------
 */

/* Whether msg comes from the user (its first From is one of ids). */
static int
reply_from_me(const struct reply_ctx *x)
{
	struct addrs from = { NULL, NULL, 0 };
	int mine;

	addrs_add_type(&from, x->msg, GMIME_ADDRESS_TYPE_FROM);
	mine = from.n > 0 && reply_is_mine(x, from.spec[0]);
	addrs_release(&from);
	return mine;
}

/*
 * Who a reply to the sender goes to: the user's own message goes back to
 * its To, others to Mail-Reply-To, Reply-To or From, the first present.
 */
static void
reply_sender(const struct reply_ctx *x, struct addrs *to)
{
	if (reply_from_me(x))
		addrs_add_type(to, x->msg, GMIME_ADDRESS_TYPE_TO);
	if (to->n == 0)
		addrs_add_field(to, x->msg, "Mail-Reply-To");
	if (to->n == 0)
		addrs_add_type(to, x->msg, GMIME_ADDRESS_TYPE_REPLY_TO);
	if (to->n == 0)
		addrs_add_type(to, x->msg, GMIME_ADDRESS_TYPE_FROM);
}

/*
 * Reply to all: Mail-Followup-To when present, else the sender and
 * every To and Cc in Cc; the user's own addresses left out (unless that
 * leaves no one to write to) and no address twice.
 */
static void
reply_all(const struct reply_ctx *x, struct addrs *to, struct addrs *cc)
{
	struct addrs all = { NULL, NULL, 0 }, others = { NULL, NULL, 0 };

	addrs_add_field(&all, x->msg, "Mail-Followup-To");
	if (all.n == 0) {
		reply_sender(x, &all);
		addrs_add_type(&others, x->msg, GMIME_ADDRESS_TYPE_TO);
		addrs_add_type(&others, x->msg, GMIME_ADDRESS_TYPE_CC);
	}
	addrs_filter(to, &all, x, NULL);
	if (to->n == 0)
		addrs_filter(to, &all, NULL, NULL);
	addrs_filter(cc, &others, x, to);
	addrs_release(&all);
	addrs_release(&others);
}

/* Decode the %XX escapes of a mailto: address, in place. */
static void
reply_unescape(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && g_ascii_isxdigit(s[1]) &&
		    g_ascii_isxdigit(s[2])) {
			*w++ = (char)(g_ascii_xdigit_value(s[1]) * 16 +
			    g_ascii_xdigit_value(s[2]));
			s += 2;
		} else
			*w++ = *s;
	}
	*w = '\0';
}

/* The List-Post address (RFC 2369) of msg into *to_r; -1 with err. */
static int
reply_list(GMimeMessage *msg, char **to_r, struct err *err)
{
	const char *v =
	    g_mime_object_get_header(GMIME_OBJECT(msg), "List-Post");
	const char *p, *end;
	char *to;

	if (v == NULL)
		return err_set(err, ERR_FINAL,
		    _("the message has no List-Post header: it does not say "
		      "which mailing list to reply to"));
	while (*v == ' ' || *v == '\t')
		v++;
	if (g_ascii_strncasecmp(v, "NO", 2) == 0 &&
	    (v[2] == '\0' || v[2] == ' ' || v[2] == '\t' || v[2] == '('))
		return err_set(err, ERR_FINAL,
		    _("the mailing list does not accept posts (List-Post: "
		      "NO)"));
	for (p = v; (p = strchr(p, '<')) != NULL; p++)
		if (g_ascii_strncasecmp(p + 1, "mailto:", 7) == 0)
			break;
	if (p == NULL || (end = strpbrk(p + 8, "?>")) == NULL || end == p + 8)
		return err_set(err, ERR_FINAL,
		    _("List-Post: '%.200s' holds no mailto: address"), v);
	to = xstrndup(p + 8, (size_t)(end - p - 8));
	reply_unescape(to);
	*to_r = to;
	return 0;
}

/* Replies ----------------------------------------------------------------- */

/* The draft's sender: the identity that answers. */
static void
reply_set_from(struct draft *d, const struct reply_identity *me)
{
	draft_set(&d->account, me->account);
	draft_set(&d->from_name, me->name);
	draft_set(&d->from_addr, me->addr);
}

/* To and Cc of a reply of kind to the sender or to all. */
static int
reply_recipients(const struct reply_ctx *x, enum reply_kind kind,
    struct draft *d, struct err *err)
{
	struct addrs to = { NULL, NULL, 0 }, cc = { NULL, NULL, 0 };
	char *s;

	if (kind == REPLY_ALL)
		reply_all(x, &to, &cc);
	else
		reply_sender(x, &to);
	if (to.n == 0) {
		addrs_release(&to);
		addrs_release(&cc);
		return err_set(err, ERR_FINAL,
		    _("the message has no sender address to reply to (no "
		      "From, Reply-To or Mail-Reply-To)"));
	}
	free(d->to);
	d->to = addrs_text(&to);
	s = addrs_text(&cc);
	draft_set(&d->cc, s);
	free(s);
	addrs_release(&to);
	addrs_release(&cc);
	return 0;
}

/* A reply of kind (REPLY_SENDER, REPLY_ALL or REPLY_LIST) into d. */
static int
reply_reply(const struct reply_ctx *x, enum reply_kind kind, struct draft *d,
    struct err *err)
{
	char *s = NULL;

	if (kind == REPLY_LIST) {
		if (reply_list(x->msg, &s, err) < 0)
			return -1;
		free(d->to);
		d->to = s;
	} else if (reply_recipients(x, kind, d, err) < 0)
		return -1;
	reply_set_from(d, x->me);
	s = reply_orig_subject(x->msg);
	free(d->subject);
	d->subject = reply_subject(s);
	free(s);
	reply_set_ids(d, x->msg);
	reply_body(d, x->msg);
	return 0;
}

/* Forwards ------------------------------------------------------------------
 */

/* Append "Name: value" for a forward's summary unless value is empty. */
static void
forward_line(struct buf *out, const char *name, const char *value)
{
	struct buf v = BUF_INIT;

	if (value != NULL)
		text_sanitize(&v, value, strlen(value), 0);
	g_strstrip(v.data);
	if (v.data[0] != '\0')
		buf_addf(out, "%s: %s\n", name, v.data);
	buf_release(&v);
}

/* Append an address field of msg, decoded, for the summary. */
static void
forward_addrs(
    struct buf *out, GMimeMessage *msg, const char *name, GMimeAddressType type)
{
	struct addrs a = { NULL, NULL, 0 };
	char *s;

	addrs_add_type(&a, msg, type);
	s = addrs_text(&a);
	forward_line(out, name, s);
	free(s);
	addrs_release(&a);
}

/* The body of an inline forward: the summary, then the text. */
static void
forward_body(struct draft *d, GMimeMessage *msg, const char *text, size_t len)
{
	struct buf b = BUF_INIT;
	char *subject = reply_orig_subject(msg);

	buf_adds(&b, "\n" REPLY_FORWARD_LINE "\n");
	forward_addrs(&b, msg, "From", GMIME_ADDRESS_TYPE_FROM);
	forward_line(
	    &b, "Date", g_mime_object_get_header(GMIME_OBJECT(msg), "Date"));
	forward_line(&b, "Subject", subject);
	forward_addrs(&b, msg, "To", GMIME_ADDRESS_TYPE_TO);
	forward_addrs(&b, msg, "Cc", GMIME_ADDRESS_TYPE_CC);
	buf_addc(&b, '\n');
	buf_add(&b, text, len);
	if (b.data[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	draft_set(&d->body, b.data);
	free(subject);
	buf_release(&b);
}

/* The message as it was stored, as the bytes of a message/rfc822 part. */
static void
forward_raw(struct draft *d, const char *msg, size_t len)
{
	struct buf b = BUF_INIT;
	const char *nl;
	size_t i = 0;

	if (len >= 5 && memcmp(msg, "From ", 5) == 0 &&
	    (nl = memchr(msg, '\n', len)) != NULL)
		i = (size_t)(nl - msg) + 1;
	for (; i < len; i++)
		if (msg[i] != '\r' || i + 1 == len || msg[i + 1] != '\n')
			buf_addc(&b, msg[i]);
	draft_attach(d, NULL, b.data, b.len, NULL, "message/rfc822");
	buf_release(&b);
}

/* A forward (inline or attached) into d. */
static int
reply_forward(const struct reply_ctx *x, enum reply_kind kind, const char *msg,
    size_t len, struct draft *d, struct err *err)
{
	struct walk w = { BUF_INIT, NULL, err, 0 };
	char *s = reply_orig_subject(x->msg);

	reply_set_from(d, x->me);
	free(d->subject);
	d->subject = reply_forward_subject(s);
	free(s);
	if (kind == REPLY_FORWARD_ATTACH) {
		forward_raw(d, msg, len);
		return 0;
	}
	w.att = d;
	walk_message(&w, x->msg);
	if (!w.failed)
		forward_body(d, x->msg, w.text.data, w.text.len);
	buf_release(&w.text);
	return w.failed ? -1 : 0;
}

/* Edit as new -------------------------------------------------------------- */

/* Set *field to the addresses of msg's field of type, as typed. */
static void
edit_addrs(char **field, GMimeMessage *msg, GMimeAddressType type)
{
	struct addrs a = { NULL, NULL, 0 };

	addrs_add_type(&a, msg, type);
	free(*field);
	*field = addrs_text(&a);
	addrs_release(&a);
}

/* The message as a fresh draft: its own sender, recipients and text. */
static int
reply_edit(const struct reply_ctx *x, const char *hint, struct draft *d,
    struct err *err)
{
	struct addrs from = { NULL, NULL, 0 };
	struct walk w = { BUF_INIT, d, err, 0 };

	addrs_add_type(&from, x->msg, GMIME_ADDRESS_TYPE_FROM);
	reply_set_from(d,
	    from.n > 0
		? reply_identity_pick(x->ids, x->nids, from.spec, 1, hint)
		: x->me);
	if (from.n > 0) {
		draft_set(&d->from_name, from.name[0]);
		draft_set(&d->from_addr, from.spec[0]);
	}
	addrs_release(&from);
	edit_addrs(&d->to, x->msg, GMIME_ADDRESS_TYPE_TO);
	edit_addrs(&d->cc, x->msg, GMIME_ADDRESS_TYPE_CC);
	edit_addrs(&d->bcc, x->msg, GMIME_ADDRESS_TYPE_BCC);
	edit_addrs(&d->reply_to, x->msg, GMIME_ADDRESS_TYPE_REPLY_TO);
	free(d->subject);
	d->subject = reply_orig_subject(x->msg);
	walk_message(&w, x->msg);
	draft_set(&d->body, w.text.data);
	buf_release(&w.text);
	return w.failed ? -1 : 0;
}

/* The draft -----------------------------------------------------------------
 */

struct draft *
reply_make(enum reply_kind kind, const char *msg, size_t len,
    const struct reply_identity *ids, size_t nids, const char *hint,
    struct err *err)
{
	struct reply_ctx x = { NULL, ids, nids, NULL };
	struct draft *d = NULL;
	int rc;

	mime_init();
	err_clear(err);
	if (nids == 0) {
		err_set(err, ERR_FINAL,
		    _("no address of yours is configured to write from"));
		return NULL;
	}
	if ((x.msg = message_parse(msg, len)) == NULL) {
		err_set(err, ERR_FINAL,
		    _("the message cannot be read: it does not begin with a "
		      "header"));
		return NULL;
	}
	x.me = reply_pick(&x, hint);
	d = draft_new();
	if (kind == REPLY_EDIT_NEW)
		rc = reply_edit(&x, hint, d, err);
	else if (kind == REPLY_FORWARD || kind == REPLY_FORWARD_ATTACH)
		rc = reply_forward(&x, kind, msg, len, d, err);
	else
		rc = reply_reply(&x, kind, d, err);
	if (rc < 0)
		draft_free(&d);
	g_object_unref(x.msg);
	return d;
}
