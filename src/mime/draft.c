/*
 * The draft being written: its fields, the text the editor sees and how
 * it is read back (mutt's edit_headers), the signature, and the stored
 * form for the Drafts folder: the message compose_build makes, with an
 * X-Tern-Draft header for what the message itself cannot say.
 */
#include <config.h>

#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "mime/compose.h"
#include "mime/draft.h"
#include "mime/message.h"
#include "mime/mime.h"
#include "mime/reply.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/text.h"
#include "util/xalloc.h"

#define DRAFT_META "X-Tern-Draft"
#define DRAFT_META_FOLD 72 /* characters of meta data on one header line */
#define DRAFT_QUOTE_MAX 60 /* bytes of a bad line quoted in an error */

/* The fields of the editor's header, in the order it shows them. */
enum draft_field {
	DRAFT_FROM,
	DRAFT_TO,
	DRAFT_CC,
	DRAFT_BCC,
	DRAFT_SUBJECT,
	DRAFT_REPLY_TO,
	DRAFT_NFIELDS,
};

static const char *const draft_names[DRAFT_NFIELDS] = {
	[DRAFT_FROM] = "From",
	[DRAFT_TO] = "To",
	[DRAFT_CC] = "Cc",
	[DRAFT_BCC] = "Bcc",
	[DRAFT_SUBJECT] = "Subject",
	[DRAFT_REPLY_TO] = "Reply-To",
};

/* Where field f of d lives (From: its address). */
static char **
draft_field_ptr(struct draft *d, enum draft_field f)
{
	char **const v[DRAFT_NFIELDS] = {
		[DRAFT_FROM] = &d->from_addr,
		[DRAFT_TO] = &d->to,
		[DRAFT_CC] = &d->cc,
		[DRAFT_BCC] = &d->bcc,
		[DRAFT_SUBJECT] = &d->subject,
		[DRAFT_REPLY_TO] = &d->reply_to,
	};

	return v[f];
}

/* s, or "" for NULL. */
static const char *
str(const char *s)
{
	return s != NULL ? s : "";
}

/* The draft itself ------------------------------------------------------ */

void
draft_set(char **field, const char *value)
{
	char *copy = xstrdup(str(value));

	free(*field);
	*field = copy;
}

struct draft *
draft_new(void)
{
	struct draft *d = xcalloc(1, sizeof *d);

	draft_set(&d->account, NULL);
	draft_set(&d->from_name, NULL);
	draft_set(&d->from_addr, NULL);
	draft_set(&d->to, NULL);
	draft_set(&d->cc, NULL);
	draft_set(&d->bcc, NULL);
	draft_set(&d->reply_to, NULL);
	draft_set(&d->subject, NULL);
	draft_set(&d->in_reply_to, NULL);
	draft_set(&d->references, NULL);
	draft_set(&d->body, NULL);
	return d;
}

/* Copy src's strings and attachments into the empty draft d. */
static void
draft_copy(struct draft *d, const struct draft *src)
{
	size_t i;

	draft_set(&d->account, src->account);
	draft_set(&d->from_name, src->from_name);
	draft_set(&d->from_addr, src->from_addr);
	draft_set(&d->to, src->to);
	draft_set(&d->cc, src->cc);
	draft_set(&d->bcc, src->bcc);
	draft_set(&d->reply_to, src->reply_to);
	draft_set(&d->subject, src->subject);
	draft_set(&d->in_reply_to, src->in_reply_to);
	draft_set(&d->references, src->references);
	draft_set(&d->body, src->body);
	for (i = 0; i < src->natt; i++)
		draft_attach(d, src->att[i].path, src->att[i].data,
		    src->att[i].len, src->att[i].name, src->att[i].type);
}

struct draft *
draft_dup(const struct draft *src)
{
	struct draft *d = draft_new();

	draft_copy(d, src);
	return d;
}

static void
draft_att_release(struct draft_att *a)
{
	free(a->path);
	free(a->data);
	free(a->name);
	free(a->type);
}

void
draft_free(struct draft **dp)
{
	struct draft *d = *dp;
	size_t i;

	if (d == NULL)
		return;
	free(d->account);
	free(d->from_name);
	free(d->from_addr);
	free(d->to);
	free(d->cc);
	free(d->bcc);
	free(d->reply_to);
	free(d->subject);
	free(d->in_reply_to);
	free(d->references);
	free(d->body);
	for (i = 0; i < d->natt; i++)
		draft_att_release(&d->att[i]);
	free(d->att);
	xfree(dp);
}

void
draft_attach(struct draft *d, const char *path, const char *data, size_t len,
    const char *name, const char *type)
{
	struct draft_att *a;

	d->att = xreallocarray(d->att, d->natt + 1, sizeof *d->att);
	a = &d->att[d->natt++];
	memset(a, 0, sizeof *a);
	a->path = path != NULL ? xstrdup(path) : NULL;
	if (path == NULL) {
		a->data = xmalloc(len + 1);
		if (len > 0)
			memcpy(a->data, data, len);
		a->data[len] = '\0';
		a->len = len;
	}
	a->name = name != NULL ? xstrdup(name) : NULL;
	a->type = type != NULL ? xstrdup(type) : NULL;
}

void
draft_detach(struct draft *d, size_t i)
{
	draft_att_release(&d->att[i]);
	memmove(&d->att[i], &d->att[i + 1], (d->natt - i - 1) * sizeof *d->att);
	d->natt--;
}

void
draft_mailbox(struct buf *out, const char *name, const char *addr)
{
	if (name == NULL || name[0] == '\0') {
		buf_adds(out, str(addr));
		return;
	}
	if (strpbrk(name, "()<>[]:;@\\,.\"") == NULL)
		buf_adds(out, name);
	else
		compose_quoted(out, name);
	buf_addf(out, " <%s>", str(addr));
}

void
draft_compose(const struct draft *d, struct compose *c,
    struct compose_att **att_r, struct compose_mem **mem_r)
{
	struct compose_att *att = xcalloc(d->natt + 1, sizeof *att);
	struct compose_mem *mem = xcalloc(d->natt + 1, sizeof *mem);
	size_t i;

	memset(c, 0, sizeof *c);
	c->from_name = d->from_name;
	c->from_addr = d->from_addr;
	c->to = d->to;
	c->cc = d->cc;
	c->bcc = d->bcc;
	c->reply_to = d->reply_to;
	c->subject = d->subject;
	c->in_reply_to = d->in_reply_to;
	c->references = d->references;
	c->body = str(d->body);
	c->body_len = strlen(c->body);
	for (i = 0; i < d->natt; i++)
		if (d->att[i].path != NULL)
			att[c->natt++] =
			    (struct compose_att){ .path = d->att[i].path,
				    .name = d->att[i].name,
				    .type = d->att[i].type };
		else
			mem[c->nmem++] =
			    (struct compose_mem){ .data = d->att[i].data,
				    .len = d->att[i].len,
				    .name = d->att[i].name,
				    .type = d->att[i].type };
	c->att = *att_r = att;
	c->mem = *mem_r = mem;
}

/* The editor's text ------------------------------------------------------- */

/* Append "Name: value" and a newline, line breaks in value made spaces. */
static void
draft_line(struct buf *out, const char *name, const char *value)
{
	const char *p;

	buf_addf(out, "%s: ", name);
	for (p = str(value); *p != '\0'; p++)
		buf_addc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
	buf_addc(out, '\n');
}

void
draft_edit_text(const struct draft *d, int with_reply_to, struct buf *out)
{
	struct buf from = BUF_INIT;

	draft_mailbox(&from, d->from_name, d->from_addr);
	draft_line(out, "From", from.data);
	draft_line(out, "To", d->to);
	draft_line(out, "Cc", d->cc);
	draft_line(out, "Bcc", d->bcc);
	draft_line(out, "Subject", d->subject);
	if (with_reply_to || str(d->reply_to)[0] != '\0')
		draft_line(out, "Reply-To", d->reply_to);
	buf_addc(out, '\n');
	buf_adds(out, str(d->body));
	buf_release(&from);
}

/* Reading the editor's text back: one line at a time. */
struct edit {
	const char *p, *end; /* what is left */
	const char *line;    /* the current line, without its end */
	size_t len;
	unsigned no; /* its number, from 1 */
	struct buf field[DRAFT_NFIELDS];
	int seen[DRAFT_NFIELDS];
	int cur; /* the field a continuation line adds to, or -1 */
	struct err *err;
};

/* Take the next line (CRLF or LF); 0 at the end of the text. */
static int
edit_next(struct edit *e)
{
	const char *nl;

	if (e->p >= e->end)
		return 0;
	e->line = e->p;
	nl = memchr(e->p, '\n', (size_t)(e->end - e->p));
	e->len = (size_t)((nl != NULL ? nl : e->end) - e->p);
	e->p = nl != NULL ? nl + 1 : e->end;
	if (e->len > 0 && e->line[e->len - 1] == '\r')
		e->len--;
	e->no++;
	return 1;
}

/* err_set with "line N: " and the line quoted after fmt's text. */
static int
edit_fail(struct edit *e, const char *why)
{
	struct buf q = BUF_INIT;

	text_sanitize(&q, e->line,
	    e->len < DRAFT_QUOTE_MAX ? e->len : DRAFT_QUOTE_MAX, 0);
	err_set(e->err, ERR_FINAL, _("line %u: %s: '%s%s'"), e->no, why, q.data,
	    e->len > DRAFT_QUOTE_MAX ? "..." : "");
	buf_release(&q);
	return -1;
}

/* Refuse NUL bytes and text that is not UTF-8, naming the first line. */
static int
edit_check(const char *text, size_t len, struct err *err)
{
	struct edit e = { text, text + len, NULL, 0, 0, { BUF_INIT }, { 0 }, -1,
		err };

	while (edit_next(&e)) {
		if (memchr(e.line, '\0', e.len) != NULL)
			return err_set(err, ERR_FINAL,
			    _("line %u: the text holds a NUL byte"), e.no);
		if (!text_valid_utf8(e.line, e.len))
			return err_set(err, ERR_FINAL,
			    _("line %u: the text is not valid UTF-8"), e.no);
	}
	return 0;
}

/* The field named line[0..n), or -1 when tern does not know it. */
static int
edit_field(const char *line, size_t n)
{
	int f;

	for (f = 0; f < DRAFT_NFIELDS; f++)
		if (strlen(draft_names[f]) == n &&
		    g_ascii_strncasecmp(line, draft_names[f], n) == 0)
			return f;
	return -1;
}

/* Add line[0..n) with its white space trimmed to field f, after sep. */
static void
edit_add(struct edit *e, int f, const char *line, size_t n, const char *sep)
{
	while (n > 0 && (*line == ' ' || *line == '\t'))
		line++, n--;
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (n > 0 && e->field[f].len > 0)
		buf_adds(&e->field[f], sep);
	buf_add(&e->field[f], line, n);
}

/*
 * One "Name: value" line; returns 1, or 0 when the line is no such line
 * (the body begins), or -1 with err set.
 */
static int
edit_header(struct edit *e)
{
	size_t n = 0;
	int f;

	while (n < e->len && e->line[n] > ' ' && e->line[n] < 0x7f &&
	    e->line[n] != ':')
		n++;
	if (n == 0 || n == e->len || e->line[n] != ':')
		return 0;
	if ((f = edit_field(e->line, n)) < 0)
		return edit_fail(e,
		    _("tern does not know this header field (it knows From, "
		      "To, Cc, Bcc, Subject and Reply-To; an empty line must "
		      "come before the text)"));
	if (e->seen[f] && (f == DRAFT_FROM || f == DRAFT_SUBJECT))
		return edit_fail(e, _("the field is there twice"));
	edit_add(e, f, e->line + n + 1, e->len - n - 1, ", ");
	e->seen[f] = 1;
	e->cur = f;
	return 1;
}

/* Read the header lines; e->line is then the first line of the body. */
static int
edit_headers(struct edit *e, const char **body_r)
{
	int r;

	*body_r = e->end;
	while (edit_next(e)) {
		if (e->len == 0) {
			*body_r = e->p;
			return 0;
		}
		if ((e->line[0] == ' ' || e->line[0] == '\t') && e->cur >= 0) {
			edit_add(e, e->cur, e->line, e->len, " ");
			continue;
		}
		if ((r = edit_header(e)) < 0)
			return -1;
		if (r == 0) {
			*body_r = e->line;
			return 0;
		}
	}
	return 0;
}

/* The body from p on, with LF line ends. */
static char *
edit_body(const char *p, const char *end)
{
	struct buf b = BUF_INIT;

	for (; p < end; p++)
		if (*p != '\r' || p + 1 == end || p[1] != '\n')
			buf_addc(&b, *p);
	return buf_detach(&b, NULL);
}

/* Move the fields read into d (From split into name and address). */
static int
edit_apply(struct edit *e, struct draft *d, const char *body)
{
	char *name, *addr;
	int f;

	if (!e->seen[DRAFT_FROM] || e->field[DRAFT_FROM].len == 0)
		return err_set(e->err, ERR_FINAL,
		    _("the From line is missing or empty: write one as "
		      "\"From: Name <address>\""));
	if (compose_mailbox(
		"From", e->field[DRAFT_FROM].data, &name, &addr, e->err) < 0)
		return -1;
	free(d->from_name);
	d->from_name = name != NULL ? name : xstrdup("");
	free(d->from_addr);
	d->from_addr = addr;
	for (f = DRAFT_TO; f < DRAFT_NFIELDS; f++)
		draft_set(draft_field_ptr(d, f), e->field[f].data);
	free(d->body);
	d->body = edit_body(body, e->end);
	return 0;
}

int
draft_parse_edit(const char *text, size_t len, struct draft *d, struct err *err)
{
	struct edit e = { text, text + len, NULL, 0, 0, { BUF_INIT }, { 0 }, -1,
		err };
	const char *body;
	int f, rc = -1;

	err_clear(err);
	if (len > DRAFT_MAX_TEXT)
		return err_set(err, ERR_FINAL,
		    _("the text is larger than %zu MB"), DRAFT_MAX_TEXT >> 20);
	if (edit_check(text, len, err) < 0)
		return -1;
	if (edit_headers(&e, &body) == 0)
		rc = edit_apply(&e, d, body);
	for (f = 0; f < DRAFT_NFIELDS; f++)
		buf_release(&e.field[f]);
	return rc;
}

/* Whether a and b are the same text, NULL counting as "". */
static int
same(const char *a, const char *b)
{
	return strcmp(str(a), str(b)) == 0;
}

/* Whether the attachments a and b are the same. */
static int
same_att(const struct draft_att *a, const struct draft_att *b)
{
	if ((a->path == NULL) != (b->path == NULL) || a->len != b->len ||
	    (a->name == NULL) != (b->name == NULL))
		return 0;
	if (a->path != NULL && strcmp(a->path, b->path) != 0)
		return 0;
	if (a->path == NULL && a->len > 0 && memcmp(a->data, b->data, a->len))
		return 0;
	return same(a->name, b->name) && same(a->type, b->type);
}

int
draft_changed(const struct draft *a, const struct draft *b)
{
	size_t i;

	if (!same(a->from_name, b->from_name) ||
	    !same(a->from_addr, b->from_addr) || !same(a->to, b->to) ||
	    !same(a->cc, b->cc) || !same(a->bcc, b->bcc) ||
	    !same(a->reply_to, b->reply_to) || !same(a->subject, b->subject) ||
	    !same(a->body, b->body) || a->natt != b->natt)
		return 1;
	for (i = 0; i < a->natt; i++)
		if (!same_att(&a->att[i], &b->att[i]))
			return 1;
	return 0;
}

/* The signature ------------------------------------------------------------ */

/* The signature text of the file's sig: no "-- " line, no final newlines. */
static void
signature_trim(struct buf *sig)
{
	char *p = sig->data;
	size_t n;

	if (strncmp(p, "-- \n", 4) == 0 || strncmp(p, "-- \r\n", 5) == 0) {
		n = p[3] == '\n' ? 4 : 5;
		memmove(p, p + n, sig->len - n + 1);
		sig->len -= n;
	}
	while (sig->len > 0 &&
	    (sig->data[sig->len - 1] == '\n' ||
		sig->data[sig->len - 1] == '\r'))
		buf_truncate(sig, sig->len - 1);
}

int
draft_add_signature(struct draft *d, const char *path, struct err *err)
{
	struct buf sig = BUF_INIT, body = BUF_INIT;
	size_t i;

	err_clear(err);
	if (file_read(path, &sig, DRAFT_MAX_SIGNATURE, err) < 0) {
		buf_release(&sig);
		return err_prefix(err, _("signature file"));
	}
	if (memchr(sig.data, '\0', sig.len) != NULL ||
	    !text_valid_utf8(sig.data, sig.len)) {
		buf_release(&sig);
		return err_set(err, ERR_FINAL,
		    _("signature file '%s': it is not UTF-8 text"), path);
	}
	signature_trim(&sig);
	buf_adds(&body, str(d->body));
	if (body.len > 0 && body.data[body.len - 1] != '\n')
		buf_addc(&body, '\n');
	buf_adds(&body, "\n-- \n");
	for (i = 0; i < sig.len; i++)
		if (sig.data[i] != '\r' || i + 1 == sig.len ||
		    sig.data[i + 1] != '\n')
			buf_addc(&body, sig.data[i]);
	buf_addc(&body, '\n');
	free(d->body);
	d->body = buf_detach(&body, NULL);
	buf_release(&sig);
	return 0;
}

/* The stored form ------------------------------------------------------------
 */

/* Append key=value to the meta data, value %-escaped, folded. */
static void
meta_add(struct buf *meta, const char *key, const char *value)
{
	const unsigned char *p;
	size_t col;

	buf_addf(meta, ";\n %s=", key);
	col = strlen(key) + 2;
	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if (col >= DRAFT_META_FOLD) {
			buf_adds(meta, "\n ");
			col = 1;
		}
		if (g_ascii_isalnum(*p) || strchr("-._~@", *p) != NULL) {
			buf_addc(meta, (char)*p);
			col++;
		} else {
			buf_addf(meta, "%%%02X", *p);
			col += 3;
		}
	}
}

/*
 * text when it is a valid address list, else NULL: empty, or kept as
 * typed in the meta data under key.
 */
static const char *
meta_valid(const char *text, struct buf *meta, const char *key)
{
	char **v = NULL;
	size_t n = 0;

	if (str(text)[0] == '\0')
		return NULL;
	if (compose_addresses(text, &v, &n, NULL) == 0) {
		compose_addresses_free(v, n);
		return text;
	}
	meta_add(meta, key, text);
	return NULL;
}

int
draft_store(const struct draft *d, struct buf *out, struct err *err)
{
	struct buf meta = BUF_INIT, msg = BUF_INIT, from = BUF_INIT;
	struct compose_att *att;
	struct compose_mem *mem;
	struct compose c;
	char *name = NULL, *addr = NULL;
	size_t blen = strlen(str(d->body));
	int rc;

	err_clear(err);
	draft_compose(d, &c, &att, &mem);
	c.draft = 1;
	buf_adds(&meta, DRAFT_META ": v=1");
	meta_add(&meta, "account", str(d->account));
	if (blen > 0 && d->body[blen - 1] != '\n')
		meta_add(&meta, "nl", "0");
	draft_mailbox(&from, d->from_name, d->from_addr);
	if (str(d->from_addr)[0] != '\0' &&
	    compose_mailbox("From", from.data, &name, &addr, NULL) < 0) {
		meta_add(&meta, "from", from.data);
		c.from_addr = c.from_name = NULL;
	}
	c.to = meta_valid(d->to, &meta, "to");
	c.cc = meta_valid(d->cc, &meta, "cc");
	c.bcc = meta_valid(d->bcc, &meta, "bcc");
	c.reply_to = meta_valid(d->reply_to, &meta, "reply-to");
	buf_addc(&meta, '\n');
	rc = compose_build(&c, &msg, err);
	if (rc == 0 &&
	    (buf_add(out, meta.data, meta.len) < 0 ||
		buf_add(out, msg.data, msg.len) < 0))
		rc = err_set(err, ERR_FINAL, _("the draft is too large"));
	free(name);
	free(addr);
	free(att);
	free(mem);
	buf_release(&meta);
	buf_release(&msg);
	buf_release(&from);
	return rc;
}

/* Resuming ----------------------------------------------------------------- */

/* The meta data of a stored draft, %-escapes undone. */
struct meta {
	char *account, *nl;
	char *raw[DRAFT_NFIELDS]; /* fields kept as typed */
};

/* Undo the %XX escapes of s[0..n) into a new string; NULL when broken. */
static char *
meta_unescape(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			buf_addc(&b, s[i]);
			continue;
		}
		if (i + 2 >= n || !g_ascii_isxdigit(s[i + 1]) ||
		    !g_ascii_isxdigit(s[i + 2])) {
			buf_release(&b);
			return NULL;
		}
		buf_addc(&b,
		    (char)(g_ascii_xdigit_value(s[i + 1]) * 16 +
			g_ascii_xdigit_value(s[i + 2])));
		i += 2;
	}
	if (memchr(b.data, '\0', b.len) != NULL ||
	    !text_valid_utf8(b.data, b.len)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* Where the value for key[0..n) goes, or NULL for a key not known. */
static char **
meta_slot(struct meta *m, const char *key, size_t n)
{
	int f;

	if (n == 7 && strncmp(key, "account", 7) == 0)
		return &m->account;
	if (n == 2 && strncmp(key, "nl", 2) == 0)
		return &m->nl;
	for (f = 0; f < DRAFT_NFIELDS; f++)
		if (f != DRAFT_SUBJECT && strlen(draft_names[f]) == n &&
		    g_ascii_strncasecmp(key, draft_names[f], n) == 0)
			return &m->raw[f];
	return NULL;
}

/* One "key=value" item of the meta data; -1 when malformed. */
static int
meta_item(struct meta *m, const char *p, size_t n)
{
	const char *eq = memchr(p, '=', n);
	char **slot, *v;

	if (eq == NULL)
		return -1;
	if (eq - p == 1 && p[0] == 'v')
		return 0;
	if ((slot = meta_slot(m, p, (size_t)(eq - p))) == NULL)
		return 0; /* from a newer tern: ignored */
	if ((v = meta_unescape(eq + 1, n - (size_t)(eq - p) - 1)) == NULL)
		return -1;
	free(*slot);
	*slot = v;
	return 0;
}

static void
meta_release(struct meta *m)
{
	int f;

	free(m->account);
	free(m->nl);
	for (f = 0; f < DRAFT_NFIELDS; f++)
		free(m->raw[f]);
}

/* Read the X-Tern-Draft header of msg, if any, into m; -1 with err. */
static int
meta_read(GMimeMessage *msg, struct meta *m, struct err *err)
{
	GMimeHeader *h = g_mime_header_list_get_header(
	    g_mime_object_get_header_list(GMIME_OBJECT(msg)), DRAFT_META);
	struct buf v = BUF_INIT;
	const char *p, *raw;
	size_t n;
	int rc = 0;

	if (h == NULL || (raw = g_mime_header_get_raw_value(h)) == NULL)
		return 0;
	for (p = raw; *p != '\0'; p++)
		if (!g_ascii_isspace(*p))
			buf_addc(&v, *p);
	for (p = v.data; rc == 0 && *p != '\0'; p += n + (p[n] == ';')) {
		n = strcspn(p, ";");
		if (n > 0 && meta_item(m, p, n) < 0)
			rc = -1;
	}
	if (rc < 0)
		err_set(err, ERR_FINAL, _("%s: '%.200s' is malformed"),
		    DRAFT_META, v.data);
	buf_release(&v);
	return rc;
}

/* The addresses of msg's field of type as typed. */
static void
resume_addrs(char **field, GMimeMessage *msg, GMimeAddressType type)
{
	InternetAddressList *l = g_mime_message_get_addresses(msg, type);
	InternetAddress *ia;
	struct buf b = BUF_INIT;
	int i, n = l != NULL ? internet_address_list_length(l) : 0;

	for (i = 0; i < n; i++) {
		ia = internet_address_list_get_address(l, i);
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		draft_mailbox(&b, internet_address_get_name(ia),
		    internet_address_mailbox_get_addr(
			INTERNET_ADDRESS_MAILBOX(ia)));
	}
	draft_set(field, b.data);
	buf_release(&b);
}

/* The message IDs of msg's field, written "<a@x> <b@y>". */
static void
resume_ids(char **field, GMimeMessage *msg, const char *name)
{
	const char *text = g_mime_object_get_header(GMIME_OBJECT(msg), name);
	GMimeReferences *refs =
	    text != NULL ? g_mime_references_parse(NULL, text) : NULL;
	struct buf b = BUF_INIT;
	int i, n = refs != NULL ? g_mime_references_length(refs) : 0;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s<%s>", b.len > 0 ? " " : "",
		    g_mime_references_get_message_id(refs, i));
	if (refs != NULL)
		g_mime_references_free(refs);
	draft_set(field, b.data);
	buf_release(&b);
}

/* The headers of msg into d; the meta data overrides addresses. */
static void
resume_headers(struct draft *d, GMimeMessage *msg, const struct meta *m)
{
	InternetAddressList *from = g_mime_message_get_from(msg);
	InternetAddress *ia =
	    from != NULL && internet_address_list_length(from) > 0
	    ? internet_address_list_get_address(from, 0)
	    : NULL;
	const char *subject = g_mime_message_get_subject(msg);
	struct buf b = BUF_INIT;
	int f;

	if (ia != NULL && INTERNET_ADDRESS_IS_MAILBOX(ia)) {
		draft_set(&d->from_name, internet_address_get_name(ia));
		draft_set(&d->from_addr,
		    internet_address_mailbox_get_addr(
			INTERNET_ADDRESS_MAILBOX(ia)));
	}
	resume_addrs(&d->to, msg, GMIME_ADDRESS_TYPE_TO);
	resume_addrs(&d->cc, msg, GMIME_ADDRESS_TYPE_CC);
	resume_addrs(&d->bcc, msg, GMIME_ADDRESS_TYPE_BCC);
	resume_addrs(&d->reply_to, msg, GMIME_ADDRESS_TYPE_REPLY_TO);
	for (f = 0; f < DRAFT_NFIELDS; f++)
		if (m->raw[f] != NULL)
			draft_set(draft_field_ptr(d, f), m->raw[f]);
	if (m->raw[DRAFT_FROM] != NULL)
		draft_set(&d->from_name, NULL);
	if (subject != NULL)
		text_sanitize(&b, subject, strlen(subject), 0);
	draft_set(&d->subject, b.data);
	resume_ids(&d->in_reply_to, msg, "In-Reply-To");
	resume_ids(&d->references, msg, "References");
	draft_set(&d->account, m->account);
	buf_release(&b);
}

struct draft *
draft_resume(const char *msg, size_t len, struct err *err)
{
	struct meta m = { NULL, NULL, { NULL } };
	struct buf body = BUF_INIT;
	GMimeMessage *gm;
	struct draft *d = NULL;

	mime_init();
	err_clear(err);
	if ((gm = message_parse(msg, len)) == NULL) {
		err_set(err, ERR_FINAL,
		    _("the draft cannot be read: it does not begin with a "
		      "header"));
		return NULL;
	}
	if (meta_read(gm, &m, err) < 0)
		goto out;
	d = draft_new();
	resume_headers(d, gm, &m);
	if (reply_text(msg, len, &body, d, err) < 0) {
		draft_free(&d);
		goto out;
	}
	if (m.nl != NULL && strcmp(m.nl, "0") == 0 && body.len > 0 &&
	    body.data[body.len - 1] == '\n')
		buf_truncate(&body, body.len - 1);
	free(d->body);
	d->body = buf_detach(&body, NULL);
out:
	meta_release(&m);
	buf_release(&body);
	g_object_unref(gm);
	return d;
}
