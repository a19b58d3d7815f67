#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <gmime/gmime.h>
#include <magic.h>

#include "mime/compose.h"
#include "mime/mime.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/text.h"
#include "util/xalloc.h"

#define COMPOSE_LINE_MAX 998 /* bytes in a line without its end (RFC 5322) */
#define COMPOSE_QUOTE_MAX 80 /* bytes of a bad text quoted in a message */
#define COMPOSE_DEPTH_MAX 64 /* nested parts compose_7bit walks into */
#define COMPOSE_ID_BYTES 16  /* random bytes in a Message-ID */
#define COMPOSE_SCAN_CHUNK 4096

/* Characters of a MIME token (RFC 2045) besides letters and digits. */
#define COMPOSE_TOKEN "!#$%&'*+-.^_`|~"
/* Characters of an atom (RFC 5322) besides letters and digits. */
#define COMPOSE_ATEXT "!#$%&'*+-/=?^_`{|}~"

/*
 * Append s[0..len) to b for a message to the user: control characters
 * and bytes that are not UTF-8 escaped (a bad address may hold CR and
 * LF), cut after about COMPOSE_QUOTE_MAX bytes.
 */
static void
compose_quote(struct buf *b, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, j;
	unsigned cp;

	while (i < len && i < COMPOSE_QUOTE_MAX) {
		n = text_utf8_len(u + i, len - i, &cp);
		if (n > 0 && cp >= 0x20 && (cp < 0x7f || cp > 0x9f))
			buf_add(b, s + i, n);
		else if (u[i] == '\r' || u[i] == '\n')
			buf_adds(b, u[i] == '\r' ? "\\r" : "\\n");
		else
			for (j = 0; j < (n > 0 ? n : 1); j++)
				buf_addf(b, "\\x%02x", u[i + j]);
		i += n > 0 ? n : 1;
	}
	if (i < len)
		buf_adds(b, "...");
}

/* err_set with fmt taking a field name and then s[0..len) quoted. */
static int
compose_fail(struct err *err, const char *fmt, const char *field, const char *s,
    size_t len)
{
	struct buf q = BUF_INIT;

	compose_quote(&q, s, len);
	err_set(err, ERR_FINAL, fmt, field, q.data);
	buf_release(&q);
	return -1;
}

/*
 * 0 when s is valid UTF-8 without control characters (tab allowed when
 * tab is set), else -1 with err saying so about field.
 */
static int
compose_text_check(const char *field, const char *s, int tab, struct err *err)
{
	size_t i, n, len = strlen(s);
	unsigned cp;

	for (i = 0; i < len; i += n) {
		n = text_utf8_len((const unsigned char *)s + i, len - i, &cp);
		if (n == 0)
			return compose_fail(err,
			    _("%s: '%s' is not valid UTF-8"), field, s, len);
		if ((cp < 0x20 && !(tab && cp == '\t')) ||
		    (cp >= 0x7f && cp <= 0x9f))
			return compose_fail(err,
			    _("%s: '%s' contains a control character"), field,
			    s, len);
	}
	return 0;
}

/* Addresses ---------------------------------------------------------- */

enum addr_kind {
	ADDR_MAILBOX,
	ADDR_GROUP,	/* a group starts: name */
	ADDR_GROUP_END, /* the group ends */
};

struct addr {
	enum addr_kind kind;
	char *name; /* display name, unquoted, or NULL */
	char *spec; /* addr-spec of a mailbox */
};

struct addr_list {
	struct addr *v;
	size_t n, alloc;
};

/* Append an item; l takes name and spec. */
static void
addr_list_add(struct addr_list *l, enum addr_kind kind, char *name, char *spec)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc != 0 ? 2 * l->alloc : 8;
		l->v = xreallocarray(l->v, l->alloc, sizeof *l->v);
	}
	l->v[l->n].kind = kind;
	l->v[l->n].name = name;
	l->v[l->n].spec = spec;
	l->n++;
}

static void
addr_list_release(struct addr_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].spec);
	}
	xfree(&l->v);
	l->n = l->alloc = 0;
}

static int
addr_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether c is in stops (NUL never is). */
static int
addr_stop(const char *stops, char c)
{
	return c != '\0' && strchr(stops, c) != NULL;
}

/* p at '"', '(' or '[': the byte after its matching close, or NULL. */
static const char *
addr_skip(const char *p, const char *end)
{
	char close = *p == '"' ? '"' : *p == '(' ? ')' : ']';
	int comment = *p == '(', depth = 1;

	for (p++; p < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				break;
		} else if (comment && *p == '(')
			depth++;
		else if (*p == close && --depth == 0)
			return p + 1;
	}
	return NULL;
}

/*
 * The first of stops in [p, end) outside quoted strings, comments and
 * domain literals: end when there is none, NULL when a quote, comment
 * or literal is not closed.
 */
static const char *
addr_find(const char *p, const char *end, const char *stops)
{
	const char *start = p;

	while (p < end && !addr_stop(stops, *p)) {
		if (*p == '"' || *p == '(' ||
		    (*p == '[' && p > start && p[-1] == '@')) {
			if ((p = addr_skip(p, end)) == NULL)
				return NULL;
		} else
			p++;
	}
	return p;
}

/* Set err to "bad address" quoting the address that starts at p. */
static int
addr_fail(struct err *err, const char *p, const char *end, const char *why)
{
	const char *e;
	struct buf q = BUF_INIT;

	while (p < end && (addr_wsp(*p) || *p == ','))
		p++;
	e = addr_find(p, end, ",");
	compose_quote(&q, p, (size_t)((e != NULL ? e : end) - p));
	err_set(err, ERR_FINAL, _("bad address '%s': %s"), q.data, why);
	buf_release(&q);
	return -1;
}

/* Refuse any control character, naming the address that holds it. */
static int
addr_controls(const char *p, const char *end, struct err *err)
{
	const char *e, *q;

	for (; p < end; p = e + 1) {
		e = addr_find(p, end, ",");
		if (e == NULL)
			e = end;
		for (q = p; q < e; q++)
			if ((unsigned char)*q < 0x20 || *q == 0x7f)
				return addr_fail(err, p, end,
				    _("control characters (such as CR or LF) "
				      "are not allowed"));
		if (e == end)
			break;
	}
	return 0;
}

/* Append the content of the quoted string at p; returns what follows. */
static const char *
addr_unquote(struct buf *b, const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
		buf_addc(b, *p);
	}
	return p < end ? p + 1 : end;
}

/*
 * The words of [p, end) as a person reads them: quotes removed,
 * comments dropped, runs of white space made one space. A new string,
 * or NULL when nothing is left.
 */
static char *
addr_phrase(const char *p, const char *end)
{
	struct buf b = BUF_INIT;
	const char *q;
	int space = 0;

	while (p < end) {
		if (addr_wsp(*p) || *p == '(') {
			q = *p == '(' ? addr_skip(p, end) : p + 1;
			p = q != NULL ? q : end;
			space = 1;
			continue;
		}
		if (space && b.len > 0)
			buf_addc(&b, ' ');
		space = 0;
		if (*p == '"')
			p = addr_unquote(&b, p, end);
		else
			buf_addc(&b, *p++);
	}
	if (b.len == 0)
		return NULL;
	return buf_detach(&b, NULL);
}

/* The text of the first comment in [p, end), or NULL. */
static char *
addr_comment(const char *p, const char *end)
{
	const char *open = addr_find(p, end, "("), *close;

	if (open == NULL || open == end ||
	    (close = addr_skip(open, end)) == NULL)
		return NULL;
	return addr_phrase(open + 1, close - 1);
}

/*
 * [p, end) as an addr-spec: comments removed, white space at either end
 * trimmed, everything else as written. A new string.
 */
static char *
addr_spec(const char *p, const char *end)
{
	struct buf b = BUF_INIT;
	const char *q;

	while (p < end && addr_wsp(*p))
		p++;
	while (p < end) {
		if (*p == '"' || *p == '(' ||
		    (*p == '[' && b.len > 0 && b.data[b.len - 1] == '@')) {
			q = addr_skip(p, end);
			q = q != NULL ? q : end;
			if (*p != '(')
				buf_add(&b, p, (size_t)(q - p));
			p = q;
		} else
			buf_addc(&b, *p++);
	}
	while (b.len > 0 && addr_wsp(b.data[b.len - 1]))
		buf_truncate(&b, b.len - 1);
	return buf_detach(&b, NULL);
}

/* Whether local[0..at) is a dot-atom or one quoted string. */
static int
addr_local_ok(const char *p, const char *at)
{
	if (*p == '"') {
		for (p++; p < at && *p != '"'; p++)
			if (*p == '\\' && p + 1 < at)
				p++;
		return p + 1 == at;
	}
	for (; p < at; p++)
		if (!g_ascii_isalnum(*p) && *p != '.' &&
		    !addr_stop(COMPOSE_ATEXT, *p))
			return 0;
	return 1;
}

/* Whether d is a host name (dot-separated labels) or a [literal]. */
static int
addr_domain_ok(const char *d)
{
	size_t len = strlen(d), i;

	if (d[0] == '[')
		return len >= 3 && d[len - 1] == ']' &&
		    strcspn(d + 1, "[]\\") == len - 2;
	for (i = 0; i < len; i++) {
		if (d[i] == '.') {
			if (i == 0 || d[i - 1] == '.' || i + 1 == len)
				return 0;
		} else if (!g_ascii_isalnum(d[i]) && d[i] != '-' && d[i] != '_')
			return 0;
	}
	return 1;
}

/* NULL when spec is a valid addr-spec, else why it is not. */
static const char *
addr_check(const char *spec)
{
	const char *at = strrchr(spec, '@'), *p;

	for (p = spec; *p != '\0'; p++) {
		if ((unsigned char)*p >= 0x80)
			return _("only ASCII is allowed in the address itself");
		if (*p == '<' || *p == '>')
			return _("'<' or '>' inside the address");
	}
	if (at == NULL)
		return _("'@' and the domain are missing");
	if (at == spec)
		return _("the part before '@' is missing");
	if (at[1] == '\0')
		return _("the domain after '@' is missing");
	if (!addr_local_ok(spec, at))
		return _("the part before '@' is not valid");
	if (!addr_domain_ok(at + 1))
		return _("the domain after '@' is not valid");
	return NULL;
}

/* Add the mailbox spec and name after checking spec (both taken). */
static int
addr_add(struct addr_list *l, char *name, char *spec, const char *p,
    const char *end, struct err *err)
{
	const char *why = addr_check(spec);

	if (why != NULL) {
		free(name);
		free(spec);
		return addr_fail(err, p, end, why);
	}
	addr_list_add(l, ADDR_MAILBOX, name, spec);
	return 0;
}

/* A bare addr-spec [p, d), perhaps with its name in a comment. */
static const char *
addr_bare(struct addr_list *l, const char *p, const char *d, const char *end,
    struct err *err)
{
	char *spec = addr_spec(p, d);

	if (spec[0] == '\0') { /* nothing, or only a comment */
		free(spec);
		return d;
	}
	if (addr_add(l, addr_comment(p, d), spec, p, end, err) < 0)
		return NULL;
	return d;
}

/* "name <spec>": the name in [p, lt), then lt at '<'. */
static const char *
addr_angle(struct addr_list *l, const char *p, const char *lt, const char *end,
    struct err *err)
{
	const char *gt = addr_find(lt + 1, end, "<>"), *d;
	char *rest;
	int junk;

	if (gt == NULL || gt == end || *gt == '<') {
		addr_fail(err, p, end,
		    gt == NULL	    ? _("a quote or comment is not closed")
			: gt == end ? _("'<' is not closed by '>'")
				    : _("'<' or '>' inside the address"));
		return NULL;
	}
	if ((d = addr_find(gt + 1, end, ",;")) == NULL)
		d = end;
	rest = addr_spec(gt + 1, d);
	junk = rest[0] != '\0';
	free(rest);
	if (junk) {
		addr_fail(err, p, end, _("unexpected text after '>'"));
		return NULL;
	}
	if (addr_add(
		l, addr_phrase(p, lt), addr_spec(lt + 1, gt), p, end, err) < 0)
		return NULL;
	return d;
}

/*
 * The element at p: the start of a group, an angle address or a bare
 * addr-spec. Returns where the next one starts, or NULL with err set.
 */
static const char *
addr_one(struct addr_list *l, const char *p, const char *end, int *group,
    struct err *err)
{
	const char *d = addr_find(p, end, ",;:<>");

	if (d == NULL) {
		addr_fail(err, p, end, _("a quote or comment is not closed"));
		return NULL;
	}
	if (d == end || *d == ',' || *d == ';')
		return addr_bare(l, p, d, end, err);
	if (*d == '<')
		return addr_angle(l, p, d, end, err);
	if (*d == '>' || *group) {
		addr_fail(err, p, end,
		    *d == '>' ? _("'>' without '<'")
			      : _("a group cannot be inside a group"));
		return NULL;
	}
	addr_list_add(l, ADDR_GROUP, addr_phrase(p, d), NULL);
	*group = 1;
	return d + 1;
}

/* Parse the address list text[0..len) into l; -1 with err set. */
static int
addr_parse(const char *text, size_t len, struct addr_list *l, struct err *err)
{
	const char *p = text, *end = text + len;
	int group = 0;

	if (addr_controls(p, end, err) < 0)
		return -1;
	for (;;) {
		while (p < end &&
		    (addr_wsp(*p) || *p == ',' || (*p == ';' && !group)))
			p++;
		if (p == end)
			break;
		if (*p == ';') {
			addr_list_add(l, ADDR_GROUP_END, NULL, NULL);
			group = 0;
			p++;
		} else if ((p = addr_one(l, p, end, &group, err)) == NULL)
			return -1;
	}
	if (group)
		addr_list_add(l, ADDR_GROUP_END, NULL, NULL);
	return 0;
}

/* Add the addr-specs of l to v[0..*n) unless there already. */
static void
addr_collect(const struct addr_list *l, char ***v, size_t *n)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].kind != ADDR_MAILBOX)
			continue;
		for (j = 0; j < *n; j++)
			if (strcasecmp((*v)[j], l->v[i].spec) == 0)
				break;
		if (j < *n)
			continue;
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = xstrdup(l->v[i].spec);
	}
}

int
compose_addresses(
    const char *text, char ***addrs_r, size_t *n_r, struct err *err)
{
	struct addr_list l = { NULL, 0, 0 };
	char **v = NULL;
	size_t i, n = 0;

	*addrs_r = NULL;
	*n_r = 0;
	if (text != NULL && addr_parse(text, strlen(text), &l, err) < 0) {
		addr_list_release(&l);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		if (l.v[i].kind != ADDR_MAILBOX)
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = l.v[i].spec;
		l.v[i].spec = NULL;
	}
	addr_list_release(&l);
	*addrs_r = v;
	*n_r = n;
	return 0;
}

void
compose_addresses_free(char **addrs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(addrs[i]);
	free(addrs);
}

int
compose_mailbox(const char *field, const char *text, char **name_r,
    char **addr_r, struct err *err)
{
	struct addr_list l = { NULL, 0, 0 };
	int rc = -1;

	*name_r = *addr_r = NULL;
	err_clear(err);
	if (addr_parse(text, strlen(text), &l, err) < 0) {
		err_prefix(err, "%s", field);
		goto out;
	}
	if (l.n != 1 || l.v[0].kind != ADDR_MAILBOX) {
		compose_fail(err, _("%s: '%s' is not exactly one address"),
		    field, text, strlen(text));
		goto out;
	}
	if (l.v[0].name != NULL &&
	    compose_text_check(field, l.v[0].name, 0, err) < 0)
		goto out;
	*name_r = l.v[0].name;
	*addr_r = l.v[0].spec;
	l.v[0].name = l.v[0].spec = NULL;
	rc = 0;
out:
	addr_list_release(&l);
	return rc;
}

/* Building ----------------------------------------------------------- */

/* libmagic, opened when the first attachment needs it. */
struct compose_magic {
	magic_t cookie;
	int tried;
};

/* How to send s[0..len): 7bit, 8bit or quoted-printable. */
static GMimeContentEncoding
compose_encoding(const char *s, size_t len)
{
	size_t i, col = 0;
	int eight = 0;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '\n') {
			col = 0;
			continue;
		}
		if (c == '\0' || c == '\r' || ++col > COMPOSE_LINE_MAX)
			return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
		if (c >= 0x80)
			eight = 1;
	}
	return eight ? GMIME_CONTENT_ENCODING_8BIT
		     : GMIME_CONTENT_ENCODING_7BIT;
}

/* A leaf part of the given type holding data[0..len), sent as enc. */
static GMimePart *
compose_part(
    const char *type, const char *data, size_t len, GMimeContentEncoding enc)
{
	GMimeContentType *ct = g_mime_content_type_parse(NULL, type);
	GMimePart *part = g_mime_part_new();
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(data, len);
	GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(
	    s, GMIME_CONTENT_ENCODING_DEFAULT);

	g_mime_object_set_content_type(GMIME_OBJECT(part), ct);
	g_mime_part_set_content(part, w);
	g_mime_part_set_content_encoding(part, enc);
	g_object_unref(w);
	g_object_unref(s);
	g_object_unref(ct);
	return part;
}

/* The text/plain part: the body with LF line ends and a final newline. */
static GMimeObject *
compose_text(const struct compose *c, struct err *err)
{
	struct buf b = BUF_INIT;
	GMimePart *part = NULL;
	size_t i;

	for (i = 0; i < c->body_len; i++)
		if (c->body[i] != '\r' || i + 1 == c->body_len ||
		    c->body[i + 1] != '\n')
			buf_addc(&b, c->body[i]);
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	if (!text_valid_utf8(b.data, b.len))
		err_set(err, ERR_FINAL,
		    _("the text of the message is not valid UTF-8"));
	else
		part = compose_part("text/plain; charset=utf-8", b.data, b.len,
		    compose_encoding(b.data, b.len));
	buf_release(&b);
	return (GMimeObject *)part;
}

/* Whether type is "type/subtype", maybe with parameters, in ASCII. */
static int
compose_type_ok(const char *type)
{
	const char *p;
	size_t t, s;

	for (p = type; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			return 0;
	for (t = 0;
	     g_ascii_isalnum(type[t]) || addr_stop(COMPOSE_TOKEN, type[t]); t++)
		;
	if (t == 0 || type[t] != '/')
		return 0;
	p = type + t + 1;
	for (s = 0; g_ascii_isalnum(p[s]) || addr_stop(COMPOSE_TOKEN, p[s]);
	     s++)
		;
	return s > 0 && (p[s] == '\0' || p[s] == ';' || p[s] == ' ');
}

/*
 * The type libmagic finds for data[0..len), with the charset of text:
 * a new string; application/octet-stream when it finds nothing.
 */
static char *
compose_magic_type(struct compose_magic *m, const char *data, size_t len)
{
	const char *r = NULL, *cs;
	size_t t;

	if (!m->tried) {
		m->tried = 1;
		m->cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_MIME_ENCODING);
		if (m->cookie != NULL && magic_load(m->cookie, NULL) != 0) {
			magic_close(m->cookie);
			m->cookie = NULL;
		}
	}
	if (m->cookie != NULL && len > 0)
		r = magic_buffer(m->cookie, data, len);
	if (r == NULL || !compose_type_ok(r) ||
	    g_ascii_strncasecmp(r, "inode/", 6) == 0)
		return xstrdup("application/octet-stream");
	t = strcspn(r, "; ");
	cs = strstr(r, "charset=");
	if (g_ascii_strncasecmp(r, "text/", 5) != 0 || cs == NULL ||
	    strcmp(cs + 8, "binary") == 0 ||
	    strcmp(cs + 8, "unknown-8bit") == 0)
		return xstrndup(r, t);
	return xasprintf("%.*s; charset=%s", (int)t, r, cs + 8);
}

/*
 * How to send an attachment of *type with data[0..len) so its bytes
 * arrive unchanged: plain ASCII text as 7bit, a message as 7bit or 8bit
 * (it may not be encoded), anything else base64; a message or multipart
 * that cannot go so becomes application/octet-stream.
 */
static GMimeContentEncoding
compose_att_encoding(char **type, const char *data, size_t len)
{
	GMimeContentEncoding enc = compose_encoding(data, len);

	if (g_ascii_strncasecmp(*type, "text/", 5) == 0)
		return enc == GMIME_CONTENT_ENCODING_7BIT && len > 0 &&
			data[len - 1] == '\n'
		    ? enc
		    : GMIME_CONTENT_ENCODING_BASE64;
	if (g_ascii_strncasecmp(*type, "message/", 8) == 0 &&
	    enc != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE)
		return enc;
	if (g_ascii_strncasecmp(*type, "message/", 8) == 0 ||
	    g_ascii_strncasecmp(*type, "multipart/", 10) == 0) {
		free(*type);
		*type = xstrdup("application/octet-stream");
	}
	return GMIME_CONTENT_ENCODING_BASE64;
}

/* Encode the parameter in UTF-8 (GMime would pick Latin-1 if it can). */
static void
compose_utf8_param(GMimeParamList *list, const char *name)
{
	GMimeParam *p = g_mime_param_list_get_parameter(list, name);

	if (p != NULL)
		g_mime_param_set_charset(p, "UTF-8");
}

/*
 * Content-Disposition: attachment with the file name src; with src NULL,
 * inline and without a name (a forwarded message shown in place).
 */
static void
compose_att_name(GMimePart *part, const char *src)
{
	GMimeContentDisposition *d = g_mime_content_disposition_new();
	struct buf name = BUF_INIT;

	g_mime_content_disposition_set_disposition(d,
	    src != NULL ? GMIME_DISPOSITION_ATTACHMENT
			: GMIME_DISPOSITION_INLINE);
	g_mime_object_set_content_disposition(GMIME_OBJECT(part), d);
	if (src == NULL) {
		g_object_unref(d);
		return;
	}
	text_sanitize(&name, src, strlen(src), 0);
	if (name.len == 0)
		buf_adds(&name, "attachment");
	g_mime_part_set_filename(part, name.data);
	compose_utf8_param(
	    g_mime_content_disposition_get_parameters(d), "filename");
	compose_utf8_param(
	    g_mime_content_type_get_parameters(
		g_mime_object_get_content_type(GMIME_OBJECT(part))),
	    "name");
	g_object_unref(d);
	buf_release(&name);
}

/*
 * The part holding data[0..len) as type (NULL: libmagic's guess) named
 * name (see compose_att_name); what names it in errors. NULL with err.
 */
static GMimeObject *
compose_att_part(const char *data, size_t len, const char *type,
    const char *name, const char *what, struct compose_magic *m,
    struct err *err)
{
	GMimeContentEncoding enc;
	GMimePart *part;
	char *t;

	if (type != NULL && !compose_type_ok(type)) {
		compose_fail(err, _("attachment '%s': '%s' is not a MIME type"),
		    what, type, strlen(type));
		return NULL;
	}
	t = type != NULL ? xstrdup(type) : compose_magic_type(m, data, len);
	enc = compose_att_encoding(&t, data, len);
	part = compose_part(t, data, len, enc);
	compose_att_name(part, name);
	free(t);
	return (GMimeObject *)part;
}

/* The part for attachment a, its file read whole now; NULL with err. */
static GMimeObject *
compose_att(
    const struct compose_att *a, struct compose_magic *m, struct err *err)
{
	GMimeObject *part = NULL;
	const char *name = a->name, *slash;
	struct buf data;

	if (name == NULL)
		name = (slash = strrchr(a->path, '/')) != NULL ? slash + 1
							       : a->path;
	buf_init(&data, COMPOSE_MAX_ATT);
	if (file_read(a->path, &data, 0, err) == 0)
		part = compose_att_part(
		    data.data, data.len, a->type, name, a->path, m, err);
	buf_release(&data);
	return part;
}

/* The part for the attachment p given in memory; NULL with err. */
static GMimeObject *
compose_mem(
    const struct compose_mem *p, struct compose_magic *m, struct err *err)
{
	const char *what = p->name != NULL ? p->name : p->type;

	if (p->len > COMPOSE_MAX_ATT) {
		err_set(err, ERR_FINAL,
		    _("attachment '%s' is larger than %zu MB"), what,
		    COMPOSE_MAX_ATT >> 20);
		return NULL;
	}
	return compose_att_part(
	    p->data, p->len, p->type, p->name, what, m, err);
}

/* Add the part for attachment i (files first, then those in memory). */
static int
compose_add_att(GMimeMultipart *mixed, const struct compose *c, size_t i,
    struct compose_magic *m, struct err *err)
{
	GMimeObject *part = i < c->natt
	    ? compose_att(&c->att[i], m, err)
	    : compose_mem(&c->mem[i - c->natt], m, err);

	if (part == NULL)
		return -1;
	g_mime_multipart_add(mixed, part);
	g_object_unref(part);
	return 0;
}

/* The text part, alone or in multipart/mixed with the attachments. */
static GMimeObject *
compose_body(const struct compose *c, struct err *err)
{
	struct compose_magic m = { NULL, 0 };
	GMimeObject *text = compose_text(c, err);
	GMimeMultipart *mixed;
	size_t i;

	if (text == NULL || c->natt + c->nmem == 0)
		return text;
	mixed = g_mime_multipart_new_with_subtype("mixed");
	g_mime_multipart_add(mixed, text);
	g_object_unref(text);
	for (i = 0; i < c->natt + c->nmem; i++)
		if (compose_add_att(mixed, c, i, &m, err) < 0) {
			g_clear_object(&mixed);
			break;
		}
	if (m.cookie != NULL)
		magic_close(m.cookie);
	return (GMimeObject *)mixed;
}

/*
 * Header text. GMime 3.2 is not trusted to encode: it writes a long run
 * of non-ASCII text as one encoded word, longer than the 75 characters
 * RFC 2047 allows; it pads B words in the middle of a run, which its own
 * decoder (and so notmuch) then cuts short; and it leaves text that looks
 * like an encoded word as it is, so readers decode what was never
 * encoded. So the address headers and a subject that needs encoding are
 * written here: text that needs it becomes B words of at most 45 bytes
 * of whole UTF-8 characters, a multiple of 3 bytes but for the last, so
 * no padding comes before the end; a piece that cannot be cut so becomes
 * a Q word. GMime still holds the addresses and subject, and writes the
 * rest.
 */

#define HDR_B_MAX 45 /* bytes in a B word: 60 characters of base64 */
#define HDR_Q_MAX 63 /* characters of Q text: 75 with "=?UTF-8?Q??=" */
#define HDR_FOLD 78  /* fold address lists before this column */

/* Whether s must be encoded: non-ASCII, or it looks encoded already. */
static int
hdr_needs_encoding(const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			return 1;
	return strstr(s, "=?") != NULL;
}

/* Length of the UTF-8 character at s, as its first byte says. */
static size_t
hdr_char_len(const unsigned char *s, size_t avail)
{
	size_t n = s[0] < 0xc0 ? 1 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;

	return n < avail ? n : avail;
}

/* Whether c stands for itself in a Q word inside a phrase. */
static int
hdr_q_plain(unsigned char c)
{
	return g_ascii_isalnum(c) || addr_stop("!*+-/", (char)c);
}

/* Append a Q word of the first characters of s; returns their bytes. */
static size_t
hdr_q(struct buf *out, const unsigned char *s, size_t len)
{
	size_t i = 0, j, n, cost, used = 0;

	buf_adds(out, "=?UTF-8?Q?");
	while (i < len) {
		n = hdr_char_len(s + i, len - i);
		for (cost = 0, j = i; j < i + n; j++)
			cost += hdr_q_plain(s[j]) || s[j] == ' ' ? 1 : 3;
		if (used + cost > HDR_Q_MAX)
			break;
		for (j = i; j < i + n; j++)
			if (s[j] == ' ')
				buf_addc(out, '_');
			else if (hdr_q_plain(s[j]))
				buf_addc(out, (char)s[j]);
			else
				buf_addf(out, "=%02X", s[j]);
		used += cost;
		i += n;
	}
	buf_adds(out, "?=");
	return i;
}

/* Append s as encoded words, folded between them. */
static void
hdr_encode(struct buf *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), k;
	gchar *b64;

	while (len > 0) {
		k = len <= HDR_B_MAX ? len : HDR_B_MAX / 3 * 3;
		while (k < len && k > 0 && (s[k] & 0xc0) == 0x80)
			k -= 3;
		if (k > 0) {
			b64 = g_base64_encode(s, k);
			buf_addf(out, "=?UTF-8?B?%s?=", b64);
			g_free(b64);
		} else
			k = hdr_q(out, s, len);
		s += k;
		len -= k;
		if (len > 0)
			buf_adds(out, "\n ");
	}
}

void
compose_quoted(struct buf *out, const char *s)
{
	const char *p;

	buf_addc(out, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(out, '\\');
		buf_addc(out, *p);
	}
	buf_addc(out, '"');
}

/* Append a display name: as it is, quoted, or encoded. */
static void
hdr_phrase(struct buf *out, const char *name)
{
	const char *p;
	size_t len = strlen(name);

	if (hdr_needs_encoding(name)) {
		hdr_encode(out, name);
		return;
	}
	for (p = name;
	     g_ascii_isalnum(*p) || *p == ' ' || addr_stop(COMPOSE_ATEXT, *p);
	     p++)
		;
	if (*p == '\0' && len > 0 && name[0] != ' ' && name[len - 1] != ' ' &&
	    strstr(name, "  ") == NULL) {
		buf_adds(out, name);
		return;
	}
	compose_quoted(out, name);
}

/* Append a mailbox: "name <spec>" or "spec". */
static void
hdr_mailbox(struct buf *out, const char *name, const char *spec)
{
	if (name == NULL) {
		buf_adds(out, spec);
		return;
	}
	hdr_phrase(out, name);
	buf_addf(out, " <%s>", spec);
}

/* Append item i of l, a group with its members; returns the next. */
static size_t
hdr_item(struct buf *out, const struct addr_list *l, size_t i)
{
	size_t first;

	if (l->v[i].kind == ADDR_MAILBOX) {
		hdr_mailbox(out, l->v[i].name, l->v[i].spec);
		return i + 1;
	}
	hdr_phrase(out, l->v[i].name != NULL ? l->v[i].name : "");
	buf_addc(out, ':');
	for (first = ++i; i < l->n && l->v[i].kind == ADDR_MAILBOX; i++) {
		buf_adds(out, i == first ? " " : ", ");
		hdr_mailbox(out, l->v[i].name, l->v[i].spec);
	}
	buf_addc(out, ';');
	return i < l->n && l->v[i].kind == ADDR_GROUP_END ? i + 1 : i;
}

/* The column at the end of b, whose first line follows indent bytes. */
static size_t
hdr_column(const struct buf *b, size_t indent)
{
	const char *nl = memrchr(b->data, '\n', b->len);

	return nl != NULL ? (size_t)(b->data + b->len - nl - 1)
			  : indent + b->len;
}

/* Write the field's header of msg as value (with the space after the colon). */
static void
hdr_set(GMimeMessage *msg, const char *field, struct buf *value)
{
	GMimeHeader *h = g_mime_header_list_get_header(
	    g_mime_object_get_header_list(GMIME_OBJECT(msg)), field);

	buf_addc(value, '\n');
	if (h != NULL)
		g_mime_header_set_raw_value(h, value->data);
}

/* Write the address header field of msg from l, folded between items. */
static void
hdr_list(GMimeMessage *msg, const char *field, const struct addr_list *l)
{
	struct buf raw = BUF_INIT, item = BUF_INIT;
	size_t i = 0, col;

	while (i < l->n) {
		buf_reset(&item);
		i = hdr_item(&item, l, i);
		if (raw.len > 0)
			buf_addc(&raw, ',');
		col = hdr_column(&raw, strlen(field) + 1) + 1;
		if (raw.len > 0 && col + strcspn(item.data, "\n") > HDR_FOLD)
			buf_adds(&raw, "\n\t");
		else
			buf_addc(&raw, ' ');
		buf_add(&raw, item.data, item.len);
	}
	hdr_set(msg, field, &raw);
	buf_release(&raw);
	buf_release(&item);
}

/* Put the items of l into dst: mailboxes, and groups with theirs. */
static void
compose_addr_list(const struct addr_list *l, InternetAddressList *dst)
{
	InternetAddressGroup *group = NULL;
	InternetAddress *ia;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].kind == ADDR_GROUP_END) {
			group = NULL;
			continue;
		}
		if (l->v[i].kind == ADDR_GROUP)
			ia = internet_address_group_new(l->v[i].name);
		else
			ia = internet_address_mailbox_new(
			    l->v[i].name, l->v[i].spec);
		if (group != NULL)
			internet_address_group_add_member(group, ia);
		else
			internet_address_list_add(dst, ia);
		if (l->v[i].kind == ADDR_GROUP)
			group = INTERNET_ADDRESS_GROUP(ia); /* dst holds it */
		g_object_unref(ia);
	}
}

/* The mailboxes in l. */
static size_t
compose_count(const struct addr_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].kind == ADDR_MAILBOX;
	return n;
}

/* Parse text into the field's header of msg; add its mailboxes to *n. */
static int
compose_list(GMimeMessage *msg, GMimeAddressType type, const char *field,
    const char *text, size_t *n, struct err *err)
{
	struct addr_list l = { NULL, 0, 0 };
	size_t i;
	int rc = -1;

	if (text == NULL)
		return 0;
	if (addr_parse(text, strlen(text), &l, err) < 0) {
		err_prefix(err, "%s", field);
		goto out;
	}
	for (i = 0; i < l.n; i++)
		if (l.v[i].name != NULL &&
		    compose_text_check(field, l.v[i].name, 0, err) < 0)
			goto out;
	if (l.n > 0) {
		compose_addr_list(&l, g_mime_message_get_addresses(msg, type));
		hdr_list(msg, field, &l);
	}
	*n += compose_count(&l);
	rc = 0;
out:
	addr_list_release(&l);
	return rc;
}

static int
compose_from(const struct compose *c, GMimeMessage *msg, struct err *err)
{
	const char *addr = c->from_addr, *name = c->from_name, *why;
	struct buf raw = BUF_INIT;
	InternetAddress *ia;

	if ((addr == NULL || addr[0] == '\0') && c->draft)
		return 0;
	if (addr == NULL || addr[0] == '\0')
		return err_set(
		    err, ERR_FINAL, _("From: the sender's address is missing"));
	if (compose_text_check("From", addr, 0, err) < 0)
		return -1;
	if ((why = addr_check(addr)) != NULL) {
		addr_fail(err, addr, addr + strlen(addr), why);
		return err_prefix(err, "From");
	}
	if (name != NULL && compose_text_check("From", name, 0, err) < 0)
		return -1;
	if (name != NULL && name[0] == '\0')
		name = NULL;
	ia = internet_address_mailbox_new(name, addr);
	internet_address_list_add(g_mime_message_get_from(msg), ia);
	g_object_unref(ia);
	buf_addc(&raw, ' ');
	hdr_mailbox(&raw, name, addr);
	hdr_set(msg, "From", &raw);
	buf_release(&raw);
	return 0;
}

static void
compose_date(GMimeMessage *msg, time_t t)
{
	GDateTime *dt = t != 0 ? g_date_time_new_from_unix_local(t) : NULL;

	if (dt == NULL)
		dt = g_date_time_new_now_local();
	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);
}

/* Fill r[0..n) with random bytes from the kernel. */
static int
compose_random(unsigned char *r, size_t n, struct err *err)
{
	size_t have = 0;
	ssize_t got;

	while (have < n) {
		got = getrandom(r + have, n - have, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return err_sys(
			    err, ERR_TEMP, _("cannot make a Message-ID"));
		have += (size_t)got;
	}
	return 0;
}

/*
 * Message-ID: 128 random bits @ the sender's domain (not our host's);
 * a draft without a sender gets the reserved domain "invalid".
 */
static int
compose_msgid(GMimeMessage *msg, const char *from, struct err *err)
{
	const char *at = from != NULL ? strrchr(from, '@') : NULL;
	unsigned char r[COMPOSE_ID_BYTES];
	struct buf id = BUF_INIT;
	size_t i;

	if (compose_random(r, sizeof r, err) < 0)
		return -1;
	buf_addc(&id, '<');
	for (i = 0; i < sizeof r; i++)
		buf_addf(&id, "%02x", r[i]);
	buf_addf(&id, "@%s>", at != NULL ? at + 1 : "invalid");
	g_mime_object_set_header(
	    GMIME_OBJECT(msg), "Message-ID", id.data, NULL);
	buf_release(&id);
	return 0;
}

/* Whether id (without its angle brackets) can be written as one. */
static int
compose_id_ok(const char *id)
{
	const char *p;

	for (p = id; *p > ' ' && *p < 0x7f && *p != '<' && *p != '>'; p++)
		;
	return p > id && *p == '\0';
}

/*
 * In-Reply-To or References: the message IDs in text, written as "<a@x>
 * <b@y>"; what is no message ID is left out.
 */
static int
compose_ids(
    GMimeMessage *msg, const char *field, const char *text, struct err *err)
{
	GMimeReferences *refs;
	struct buf b = BUF_INIT;
	const char *id;
	int i, n, rc = -1;

	if (text == NULL || text[0] == '\0')
		return 0;
	if (compose_text_check(field, text, 1, err) < 0)
		return -1;
	refs = g_mime_references_parse(NULL, text);
	n = refs != NULL ? g_mime_references_length(refs) : 0;
	for (i = 0; i < n; i++) {
		id = g_mime_references_get_message_id(refs, i);
		if (compose_id_ok(id))
			buf_addf(&b, "%s<%s>", b.len > 0 ? " " : "", id);
	}
	if (refs != NULL)
		g_mime_references_free(refs);
	if (b.len > 0) {
		g_mime_object_set_header(
		    GMIME_OBJECT(msg), field, b.data, NULL);
		rc = 0;
	} else
		compose_fail(err, _("%s: '%s' holds no message ID"), field,
		    text, strlen(text));
	buf_release(&b);
	return rc;
}

/* Write a subject that needs encoding (GMime folds plain ones well). */
static void
compose_subject(GMimeMessage *msg, const char *subject)
{
	struct buf raw = BUF_INIT;

	if (!hdr_needs_encoding(subject))
		return;
	buf_addc(&raw, ' ');
	hdr_encode(&raw, subject);
	hdr_set(msg, "Subject", &raw);
	buf_release(&raw);
}

/* Every header but the MIME ones, in the order mutt writes them. */
static int
compose_headers(const struct compose *c, GMimeMessage *msg, struct err *err)
{
	size_t n = 0, nreply = 0;

	compose_date(msg, c->date);
	if (compose_from(c, msg, err) < 0 ||
	    compose_list(msg, GMIME_ADDRESS_TYPE_TO, "To", c->to, &n, err) <
		0 ||
	    compose_list(msg, GMIME_ADDRESS_TYPE_CC, "Cc", c->cc, &n, err) <
		0 ||
	    compose_list(msg, GMIME_ADDRESS_TYPE_BCC, "Bcc", c->bcc, &n, err) <
		0 ||
	    compose_list(msg, GMIME_ADDRESS_TYPE_REPLY_TO, "Reply-To",
		c->reply_to, &nreply, err) < 0)
		return -1;
	if (n == 0 && !c->draft)
		return err_set(err, ERR_FINAL,
		    _("the message has no recipient: To, Cc and Bcc are "
		      "empty"));
	if (c->subject != NULL && c->subject[0] != '\0') {
		if (compose_text_check("Subject", c->subject, 1, err) < 0)
			return -1;
		g_mime_message_set_subject(msg, c->subject, "utf-8");
		compose_subject(msg, c->subject);
	}
	if (compose_msgid(msg, c->from_addr, err) < 0 ||
	    compose_ids(msg, "In-Reply-To", c->in_reply_to, err) < 0 ||
	    compose_ids(msg, "References", c->references, err) < 0)
		return -1;
	g_mime_object_set_header(
	    GMIME_OBJECT(msg), "User-Agent", "tern/" PACKAGE_VERSION, NULL);
	return 0;
}

/* Append obj with LF line ends and RFC 2231 parameters to out. */
static int
compose_write(GMimeObject *obj, struct buf *out, struct err *err)
{
	GMimeFormatOptions *fo = g_mime_format_options_new();
	GMimeStream *s = g_mime_stream_mem_new();
	GByteArray *a;
	int rc = 0;

	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	g_mime_format_options_set_param_encoding_method(
	    fo, GMIME_PARAM_ENCODING_METHOD_RFC2231);
	if (g_mime_object_write_to_stream(obj, fo, s) < 0)
		rc = err_set(err, ERR_FINAL, _("cannot write the message"));
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
	if (rc == 0 && buf_add(out, a->data, a->len) < 0)
		rc = err_set(err, ERR_FINAL, _("the message is too large"));
	g_object_unref(s);
	g_mime_format_options_free(fo);
	return rc;
}

int
compose_build(const struct compose *c, struct buf *out, struct err *err)
{
	GMimeMessage *msg;
	GMimeObject *body;
	int rc = -1;

	mime_init();
	err_clear(err);
	msg = g_mime_message_new(FALSE);
	if (compose_headers(c, msg, err) == 0 &&
	    (body = compose_body(c, err)) != NULL) {
		g_mime_message_set_mime_part(msg, body);
		g_object_unref(body);
		rc = compose_write(GMIME_OBJECT(msg), out, err);
	}
	g_object_unref(msg);
	return rc;
}

/* The envelope ---------------------------------------------------------- */

enum env_kind { ENV_OTHER, ENV_FROM, ENV_SENDER, ENV_TO, ENV_CC, ENV_BCC };

static const char *const env_names[] = {
	[ENV_FROM] = "From",
	[ENV_SENDER] = "Sender",
	[ENV_TO] = "To",
	[ENV_CC] = "Cc",
	[ENV_BCC] = "Bcc",
};

/* What the envelope takes from the header fields read so far. */
struct env {
	char *from, *sender; /* addr-specs of the first mailbox */
	char **rcpt;
	size_t nrcpt;
};

/* Whether the line at p is empty: the end of the header. */
static int
env_blank(const char *p, const char *end)
{
	return *p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n');
}

/* The end of the field at p: after its line and continuation lines. */
static const char *
env_field_end(const char *p, const char *end)
{
	const char *nl;

	do {
		nl = memchr(p, '\n', (size_t)(end - p));
		p = nl != NULL ? nl + 1 : end;
	} while (p < end && addr_wsp(*p));
	return p;
}

/* Which field [p, e) is; *value_r its value after the colon. */
static enum env_kind
env_kind(const char *p, const char *e, const char **value_r)
{
	size_t n = 0, i;
	int k;

	while (p + n < e && p[n] > ' ' && p[n] < 0x7f && p[n] != ':')
		n++;
	for (i = n; p + i < e && addr_wsp(p[i]); i++)
		;
	if (n == 0 || p + i == e || p[i] != ':')
		return ENV_OTHER;
	*value_r = p + i + 1;
	for (k = ENV_FROM; k <= ENV_BCC; k++)
		if (strlen(env_names[k]) == n &&
		    strncasecmp(p, env_names[k], n) == 0)
			return (enum env_kind)k;
	return ENV_OTHER;
}

/* The first mailbox of l, as a new string, or NULL. */
static char *
env_first(const struct addr_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].kind == ADDR_MAILBOX)
			return xstrdup(l->v[i].spec);
	return NULL;
}

/* Take the addresses of a field of this kind with value [p, e). */
static int
env_add(struct env *env, enum env_kind kind, const char *p, const char *e,
    struct err *err)
{
	struct addr_list l = { NULL, 0, 0 };
	struct buf v = BUF_INIT;
	int rc = 0;

	for (; p < e; p++) /* unfold; a tab there is white space */
		if (*p == '\t')
			buf_addc(&v, ' ');
		else if (*p != '\n' &&
		    (*p != '\r' || p + 1 == e || p[1] != '\n'))
			buf_addc(&v, *p);
	if (addr_parse(v.data, v.len, &l, err) < 0)
		rc = err_prefix(err, "%s", env_names[kind]);
	else if (kind == ENV_FROM && env->from == NULL)
		env->from = env_first(&l);
	else if (kind == ENV_SENDER && env->sender == NULL)
		env->sender = env_first(&l);
	else if (kind == ENV_TO || kind == ENV_CC || kind == ENV_BCC)
		addr_collect(&l, &env->rcpt, &env->nrcpt);
	addr_list_release(&l);
	buf_release(&v);
	return rc;
}

static void
env_release(struct env *env)
{
	xfree(&env->from);
	xfree(&env->sender);
	compose_addresses_free(env->rcpt, env->nrcpt);
	env->rcpt = NULL;
	env->nrcpt = 0;
}

/* Read the header of msg into env, copying all but Bcc to wire. */
static int
env_read(struct env *env, const char *msg, size_t len, struct buf *wire,
    struct err *err)
{
	const char *p = msg, *end = msg + len, *e, *value = NULL;
	enum env_kind kind;

	for (; p < end && !env_blank(p, end); p = e) {
		e = env_field_end(p, end);
		kind = env_kind(p, e, &value);
		if (kind != ENV_BCC && buf_add(wire, p, (size_t)(e - p)) < 0)
			break;
		if (kind != ENV_OTHER && env_add(env, kind, value, e, err) < 0)
			return -1;
	}
	if (p < end && buf_add(wire, p, (size_t)(end - p)) < 0)
		return err_set(err, ERR_FINAL, _("the message is too large"));
	if (env->from == NULL && env->sender == NULL)
		return err_set(err, ERR_FINAL,
		    _("the message has no sender: no From address"));
	if (env->nrcpt == 0)
		return err_set(err, ERR_FINAL,
		    _("the message has no recipient: To, Cc and Bcc are "
		      "empty"));
	return 0;
}

int
compose_envelope(const char *msg, size_t len, char **from_r, char ***rcpt_r,
    size_t *nrcpt_r, struct buf *wire_r, struct err *err)
{
	struct env env = { NULL, NULL, NULL, 0 };
	size_t keep = wire_r->len;

	*from_r = NULL;
	*rcpt_r = NULL;
	*nrcpt_r = 0;
	if (env_read(&env, msg, len, wire_r, err) < 0) {
		buf_truncate(wire_r, keep);
		env_release(&env);
		return -1;
	}
	if (env.sender != NULL) {
		*from_r = env.sender;
		env.sender = NULL;
	} else {
		*from_r = env.from;
		env.from = NULL;
	}
	*rcpt_r = env.rcpt;
	*nrcpt_r = env.nrcpt;
	env.rcpt = NULL;
	env.nrcpt = 0;
	env_release(&env);
	return 0;
}

int
compose_is_8bit(const char *msg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (msg[i] == '\0' || (unsigned char)msg[i] >= 0x80)
			return 1;
	return 0;
}

/* 7bit ------------------------------------------------------------------ */

/* Whether part's content as it stands has a byte >= 0x80 or NUL. */
static int
seven_content_8bit(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *s = w != NULL ? g_mime_data_wrapper_get_stream(w) : NULL;
	char chunk[COMPOSE_SCAN_CHUNK];
	ssize_t n;
	int eight = 0;

	if (s == NULL)
		return 0;
	g_mime_stream_reset(s);
	while (!eight && (n = g_mime_stream_read(s, chunk, sizeof chunk)) > 0)
		eight = compose_is_8bit(chunk, (size_t)n);
	g_mime_stream_reset(s);
	return eight;
}

/* Re-encode an 8bit or binary leaf: text quoted-printable, else base64. */
static void
seven_part(GMimePart *part)
{
	GMimeContentEncoding enc = g_mime_part_get_content_encoding(part);

	if (enc == GMIME_CONTENT_ENCODING_BASE64 ||
	    enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
	    enc == GMIME_CONTENT_ENCODING_UUENCODE)
		return;
	if (enc != GMIME_CONTENT_ENCODING_8BIT &&
	    enc != GMIME_CONTENT_ENCODING_BINARY && !seven_content_8bit(part))
		return;
	g_mime_part_set_content_encoding(part,
	    g_mime_content_type_is_type(
		g_mime_object_get_content_type(GMIME_OBJECT(part)), "text", "*")
		? GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE
		: GMIME_CONTENT_ENCODING_BASE64);
}

/* A multipart or message labelled 8bit or binary is 7bit once inside is. */
static void
seven_label(GMimeObject *obj)
{
	const char *cte =
	    g_mime_object_get_header(obj, "Content-Transfer-Encoding");

	if (cte != NULL &&
	    g_mime_content_encoding_from_string(cte) !=
		GMIME_CONTENT_ENCODING_7BIT)
		g_mime_object_set_header(
		    obj, "Content-Transfer-Encoding", "7bit", NULL);
}

/* Make obj and everything inside it 7bit; -1 when nested too deeply. */
static int
seven_object(GMimeObject *obj, int depth)
{
	GMimeMessage *inner;
	int i, n;

	if (depth > COMPOSE_DEPTH_MAX)
		return -1;
	if (GMIME_IS_PART(obj)) {
		seven_part(GMIME_PART(obj));
		return 0;
	}
	seven_label(obj);
	if (GMIME_IS_MULTIPART(obj)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n; i++)
			if (seven_object(g_mime_multipart_get_part(
					     GMIME_MULTIPART(obj), i),
				depth + 1) < 0)
				return -1;
		return 0;
	}
	if (GMIME_IS_MESSAGE_PART(obj) &&
	    (inner = g_mime_message_part_get_message(
		 GMIME_MESSAGE_PART(obj))) != NULL &&
	    g_mime_message_get_mime_part(inner) != NULL)
		return seven_object(
		    g_mime_message_get_mime_part(inner), depth + 1);
	return 0;
}

static GMimeMessage *
seven_parse(const char *msg, size_t len)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(msg, len);
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);

	g_object_unref(p);
	g_object_unref(s);
	return m;
}

char *
compose_header_subject(const char *msg, size_t len)
{
	GMimeMessage *m;
	const char *subject;
	char *r;

	mime_init();
	m = seven_parse(msg, len);
	subject = m != NULL ? g_mime_message_get_subject(m) : NULL;
	r = subject != NULL ? xstrdup(subject) : NULL;
	if (m != NULL)
		g_object_unref(m);
	return r;
}

int
compose_7bit(const char *msg, size_t len, struct buf *out, struct err *err)
{
	GMimeMessage *m;
	GMimeObject *top;
	int rc;

	if (!compose_is_8bit(msg, len)) {
		if (buf_add(out, msg, len) < 0)
			return err_set(
			    err, ERR_FINAL, _("the message is too large"));
		return 0;
	}
	mime_init();
	if ((m = seven_parse(msg, len)) == NULL)
		return err_set(err, ERR_FINAL,
		    _("cannot re-encode the message for the server: it does "
		      "not parse"));
	top = g_mime_message_get_mime_part(m);
	if (top != NULL && seven_object(top, 0) < 0)
		rc = err_set(err, ERR_FINAL,
		    _("cannot re-encode the message for the server: its "
		      "parts are nested too deeply"));
	else
		rc = compose_write(GMIME_OBJECT(m), out, err);
	g_object_unref(m);
	return rc;
}

/* mailto: ---------------------------------------------------------------- */

/* Percent-decode s[0..len) into *r; NULL, or why it cannot be. */
static const char *
mailto_decode(const char *s, size_t len, char **r)
{
	struct buf b = BUF_INIT;
	const char *why = NULL;
	size_t i;
	int hi, lo;

	for (i = 0; i < len && why == NULL; i++) {
		if (s[i] != '%') {
			buf_addc(&b, s[i]);
			continue;
		}
		hi = i + 1 < len ? g_ascii_xdigit_value(s[i + 1]) : -1;
		lo = i + 2 < len ? g_ascii_xdigit_value(s[i + 2]) : -1;
		if (hi < 0 || lo < 0)
			why = _("a percent escape is broken");
		else if (hi == 0 && lo == 0)
			why = _("an escape gives a NUL byte");
		else
			buf_addc(&b, (char)(hi << 4 | lo));
		i += 2;
	}
	if (why == NULL && !text_valid_utf8(b.data, b.len))
		why = _("the text is not valid UTF-8");
	if (why != NULL)
		buf_release(&b);
	else
		*r = buf_detach(&b, NULL);
	return why;
}

/* *field, and value after ", " when both are there (value is taken). */
static void
mailto_join(char **field, char *value)
{
	char *joined;

	if (value[0] == '\0')
		free(value);
	else if (*field == NULL)
		*field = value;
	else {
		joined = xasprintf("%s, %s", *field, value);
		free(*field);
		free(value);
		*field = joined;
	}
}

/* Store the field name=value in m (value is taken). */
static void
mailto_set(struct compose_mailto *m, const char *name, char *value)
{
	static const char *const joined[] = { "to", "cc", "bcc" };
	static const char *const single[] = { "subject", "body",
		"in-reply-to" };
	char **join[] = { &m->to, &m->cc, &m->bcc };
	char **first[] = { &m->subject, &m->body, &m->in_reply_to };
	char *p, *q;
	size_t i;

	for (i = 0; i < 3; i++)
		if (g_ascii_strcasecmp(name, joined[i]) == 0) {
			mailto_join(join[i], value);
			return;
		}
	for (i = 0; i < 3 && g_ascii_strcasecmp(name, single[i]) != 0; i++)
		;
	if (i == 3 || *first[i] != NULL) {
		free(value);
		return;
	}
	for (p = q = value; *p != '\0'; p++) /* CRLF to LF */
		if (p[0] != '\r' || p[1] != '\n')
			*q++ = *p;
	*q = '\0';
	*first[i] = value;
}

/* Decode and store the hfield p[0..n) ("name=value"); NULL or why not. */
static const char *
mailto_field(struct compose_mailto *m, const char *p, size_t n)
{
	const char *eq = memchr(p, '=', n), *why;
	char *name, *value;

	if (eq == NULL)
		return NULL; /* not a field: ignored, like unknown ones */
	if ((why = mailto_decode(p, (size_t)(eq - p), &name)) != NULL)
		return why;
	why = mailto_decode(eq + 1, n - (size_t)(eq + 1 - p), &value);
	if (why == NULL)
		mailto_set(m, name, value);
	free(name);
	return why;
}

/* Set err about url: why it is no mailto: URL one can use. */
static int
mailto_fail(struct err *err, const char *url, const char *why)
{
	struct buf q = BUF_INIT;

	compose_quote(&q, url, strlen(url));
	err_set(err, ERR_FINAL, _("bad mailto: URL '%s': %s"), q.data, why);
	buf_release(&q);
	return -1;
}

int
compose_mailto(const char *url, struct compose_mailto *m, struct err *err)
{
	const char *p, *why = NULL;
	char *to;
	size_t n;

	memset(m, 0, sizeof *m);
	if (g_ascii_strncasecmp(url, "mailto:", 7) != 0)
		return mailto_fail(
		    err, url, _("it does not start with mailto:"));
	p = url + 7;
	n = strcspn(p, "?#");
	if (n > 0 && (why = mailto_decode(p, n, &to)) == NULL)
		mailto_join(&m->to, to);
	p += n;
	if (*p == '?')
		p++;
	else
		p += strlen(p); /* no fields; a fragment means nothing */
	while (why == NULL && *p != '\0' && *p != '#') {
		n = strcspn(p, "&#");
		why = mailto_field(m, p, n);
		p += n;
		if (*p == '&')
			p++;
	}
	if (why == NULL)
		return 0;
	compose_mailto_free(m);
	return mailto_fail(err, url, why);
}

void
compose_mailto_free(struct compose_mailto *m)
{
	xfree(&m->to);
	xfree(&m->cc);
	xfree(&m->bcc);
	xfree(&m->subject);
	xfree(&m->body);
	xfree(&m->in_reply_to);
}
