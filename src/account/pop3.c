#include <config.h>

#include <assert.h>
#include <errno.h>
#include <libetpan/mailstream.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "account/pop3.h"
#include "net/password.h"
#include "net/sasl.h"
#include "net/sock.h"
#include "net/tls.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xalloc.h"

/* Longest status or listing line accepted (RFC 2449 allows 512). */
#define LINE_MAX_STATUS 1024
/* Bytes taken from the stream at a time: the stream's own buffer. */
#define IN_SIZE (64 * 1024)

struct pop3 {
	mailstream *s;
	const struct config_account *acct;
	struct buf line; /* the last status or listing line, without CRLF */
	char *in; /* IN_SIZE bytes; in[in_pos] to in[in_len] read, not taken */
	size_t in_pos, in_len;
	char *capa; /* " CAP1 CAP2 ... " upper case, from CAPA */
	int broken;
};

int
pop3_broken(const struct pop3 *pop3)
{
	return pop3->broken;
}

/* The connection failed while doing what: broken from now on. */
static int
broke(struct pop3 *p, const char *what, struct err *err)
{
	const char *why = tls_stream_error(p->s);

	p->broken = 1;
	if (why != NULL)
		return err_set(err, ERR_TEMP,
		    _("the connection to %s broke while %s: %s"), p->acct->host,
		    what, why);
	return err_set(err, ERR_TEMP, _("the connection to %s broke while %s"),
	    p->acct->host, what);
}

static int
bad_reply(struct pop3 *p, const char *what, struct err *err)
{
	p->broken = 1;
	return err_set(err, ERR_TEMP,
	    _("%s sent a reply that cannot be understood while %s"),
	    p->acct->host, what);
}

static int
too_long(struct pop3 *p, const char *what, struct err *err)
{
	p->broken = 1;
	return err_set(err, ERR_TEMP,
	    _("%s sent a line longer than %u bytes while %s"), p->acct->host,
	    LINE_MAX_STATUS, what);
}

/*
 * Read more of the stream after what p->in holds, moving that to the
 * front first; 0 or -1. Every byte tern reads from the server comes
 * through here, so nothing is ever buffered beyond IN_SIZE.
 */
static int
fill(struct pop3 *p, const char *what, struct err *err)
{
	ssize_t n;

	if (p->in_pos > 0) {
		memmove(p->in, p->in + p->in_pos, p->in_len - p->in_pos);
		p->in_len -= p->in_pos;
		p->in_pos = 0;
	}
	assert(p->in_len < IN_SIZE);
	n = mailstream_read(p->s, p->in + p->in_len, IN_SIZE - p->in_len);
	if (n <= 0)
		return broke(p, what, err);
	p->in_len += (size_t)n;
	return 0;
}

/*
 * Read one status or listing line (without its CRLF) into p->line; 0 or
 * -1. A line longer than LINE_MAX_STATUS is refused as soon as it is
 * that long, not read to its end.
 */
static int
read_line(struct pop3 *p, const char *what, struct err *err)
{
	const char *d, *nl;
	size_t n;

	buf_reset(&p->line);
	do {
		if (p->in_pos == p->in_len && fill(p, what, err) < 0)
			return -1;
		d = p->in + p->in_pos;
		nl = memchr(d, '\n', p->in_len - p->in_pos);
		n = nl != NULL ? (size_t)(nl - d) : p->in_len - p->in_pos;
		if (buf_add(&p->line, d, n) < 0)
			return too_long(p, what, err);
		p->in_pos += n + (nl != NULL);
	} while (nl == NULL);
	if (p->line.len > 0 && p->line.data[p->line.len - 1] == '\r')
		buf_truncate(&p->line, p->line.len - 1);
	if (p->line.len > LINE_MAX_STATUS)
		return too_long(p, what, err);
	if (memchr(p->line.data, '\0', p->line.len) != NULL)
		return bad_reply(p, what, err);
	return 0;
}

static int
send_line(struct pop3 *p, const char *a, const char *b, const char *what,
    struct err *err)
{
	if (mailstream_write(p->s, a, strlen(a)) < 0 ||
	    (b != NULL && mailstream_write(p->s, b, strlen(b)) < 0) ||
	    mailstream_write(p->s, "\r\n", 2) < 0 || mailstream_flush(p->s) < 0)
		return broke(p, what, err);
	return 0;
}

/*
 * Read a status line: 0 for +OK, -2 for -ERR (err says so, with the
 * server's words), -1 for a broken connection or a line that is neither.
 */
static int
status(struct pop3 *p, const char *what, struct err *err)
{
	struct buf t = BUF_INIT;
	const char *rest;

	if (read_line(p, what, err) < 0)
		return -1;
	if (strncmp(p->line.data, "+OK", 3) == 0 &&
	    (p->line.data[3] == '\0' || p->line.data[3] == ' '))
		return 0;
	if (strncmp(p->line.data, "-ERR", 4) != 0 ||
	    (p->line.data[4] != '\0' && p->line.data[4] != ' '))
		return bad_reply(p, what, err);
	rest = p->line.data + 4;
	while (*rest == ' ')
		rest++;
	text_sanitize(&t, rest, strlen(rest), 0);
	err_set(err, ERR_FINAL, _("%s refused %s: %s"), p->acct->host, what,
	    *rest != '\0' ? t.data : _("(no text)"));
	buf_release(&t);
	return -2;
}

/* Send a command and read its status; see status(). */
static int
command(struct pop3 *p, const char *a, const char *b, const char *what,
    struct err *err)
{
	if (send_line(p, a, b, what, err) < 0)
		return -1;
	return status(p, what, err);
}

/* CAPA, remembered as " CAP ... " (words upper-cased); none is fine. */
static int
read_capa(struct pop3 *p, struct err *err)
{
	struct buf c = BUF_INIT;
	char *q;
	int r;

	free(p->capa);
	p->capa = NULL;
	r = command(p, "CAPA", NULL, _("asking for its capabilities"), err);
	if (r == -2)
		return 0; /* an old server without CAPA */
	if (r < 0)
		return -1;
	buf_addc(&c, ' ');
	for (;;) {
		if (read_line(p, _("asking for its capabilities"), err) < 0) {
			buf_release(&c);
			return -1;
		}
		if (strcmp(p->line.data, ".") == 0)
			break;
		buf_adds(&c, p->line.data);
		buf_addc(&c, ' ');
	}
	for (q = c.data; *q != '\0'; q++)
		if (*q >= 'a' && *q <= 'z')
			*q = (char)(*q - 'a' + 'A');
	p->capa = xstrdup(c.data);
	buf_release(&c);
	return 0;
}

static int
has_capa(const struct pop3 *p, const char *word)
{
	char *w = xasprintf(" %s ", word);
	int r = p->capa != NULL && strstr(p->capa, w) != NULL;

	free(w);
	return r;
}

static int
stls(struct pop3 *p, const struct tls_opts *o, struct err *err)
{
	int r;

	if (!has_capa(p, "STLS"))
		return err_set(err, ERR_FINAL,
		    _("%s does not offer STARTTLS; tern will not send the "
		      "password of [account %s] unencrypted (use tls = "
		      "implicit, or check the port)"),
		    p->acct->host, p->acct->name);
	r = command(p, "STLS", NULL, _("STARTTLS"), err);
	if (r < 0)
		return -1;
	/* Bytes after the go-ahead would pass as if they came over TLS. */
	if (p->in_pos < p->in_len) {
		p->broken = 1;
		return tls_injected_error(p->acct->host, err);
	}
	if (tls_upgrade(p->s, o, err) < 0) {
		p->broken = 1;
		return -1;
	}
	return read_capa(p, err);
}

static int
login(struct pop3 *p, int fd, struct err *err)
{
	const struct config_account *a = p->acct;
	const char *user = a->user != NULL ? a->user : a->address;
	char *pw = NULL, *b64;
	int r;

	if (password_for_login(a->name, a->password_cmd, "tls",
		a->tls == CONFIG_TLS_NONE, a->host, fd, &pw, err) < 0)
		return -1;
	mailstream_set_privacy(p->s, 0);
	if (p->capa != NULL && strstr(p->capa, " SASL ") != NULL &&
	    has_capa(p, "PLAIN")) {
		b64 = sasl_plain(user, pw);
		r = command(p, "AUTH PLAIN ", b64, _("logging in"), err);
		sasl_free(b64);
	} else {
		r = command(p, "USER ", user, _("logging in"), err);
		if (r == 0)
			r = command(p, "PASS ", pw, _("logging in"), err);
	}
	mailstream_set_privacy(p->s, 1);
	password_free(&pw);
	if (r == -2) {
		err_prefix(err, _("[account %s] user '%s'"), a->name, user);
		err->cls = ERR_AUTH;
		return -1;
	}
	return r;
}

int
pop3_open(const struct config_account *acct, int timeout_s,
    struct pop3 **pop3_r, struct err *err)
{
	struct tls_opts o;
	struct pop3 *p = xcalloc(1, sizeof *p);
	mailstream_low *low;
	int fd, r;

	tls_opts_account(&o, acct, acct->host, timeout_s);
	p->acct = acct;
	buf_init(&p->line, LINE_MAX_STATUS + 1); /* + 1: its CR */
	p->in = xmalloc(IN_SIZE);
	*pop3_r = NULL;
	if (tls_dial(acct->port, acct->tls == CONFIG_TLS_IMPLICIT, &o, &low,
		&fd, err) < 0) {
		pop3_close(&p);
		return -1;
	}
	p->s = mailstream_new(low, IN_SIZE);
	r = status(p, _("reading its greeting"), err);
	if (r == -2)
		err->cls = ERR_WAIT;
	if (r == 0)
		r = read_capa(p, err);
	if (r == 0 && acct->tls == CONFIG_TLS_STARTTLS)
		r = stls(p, &o, err);
	if (r == 0)
		r = login(p, fd, err);
	if (r < 0) {
		pop3_close(&p);
		return -1;
	}
	log_debug(
	    "pop3: logged in to %s for [account %s]", acct->host, acct->name);
	*pop3_r = p;
	return 0;
}

void
pop3_close(struct pop3 **pop3)
{
	struct pop3 *p = *pop3;

	if (p == NULL)
		return;
	if (p->s != NULL)
		mailstream_close(p->s);
	buf_release(&p->line);
	free(p->in);
	free(p->capa);
	free(p);
	*pop3 = NULL;
}

void
pop3_msgs_free(struct pop3_msg *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].uid);
	free(v);
}

/* "N rest": the number N (1 or more) and where rest starts; 0 or -1. */
static int
parse_num(const char *s, unsigned *num, const char **rest)
{
	char *end;
	unsigned long v;

	if (*s < '1' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || v > 0xFFFFFFu || *end != ' ')
		return -1;
	*num = (unsigned)v;
	*rest = end + 1;
	return 0;
}

/* A UIDL: 1 to 70 characters 0x21 to 0x7E (RFC 1939). */
static int
uid_valid(const char *u)
{
	size_t n = strlen(u), i;

	if (n == 0 || n > 70)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)u[i] < 0x21 || (unsigned char)u[i] > 0x7e)
			return 0;
	return 1;
}

static int
cmp_num(const void *a, const void *b)
{
	unsigned x = ((const struct pop3_msg *)a)->num;
	unsigned y = ((const struct pop3_msg *)b)->num;

	return x < y ? -1 : x > y;
}

static struct pop3_msg *
find_num(struct pop3_msg *v, size_t n, unsigned num)
{
	struct pop3_msg key = { .num = num };

	return bsearch(&key, v, n, sizeof *v, cmp_num);
}

/* Read a multi-line listing; each line goes to each(). */
static int
listing(struct pop3 *p, const char *cmd, const char *what,
    int (*each)(struct pop3 *p, unsigned num, const char *rest, void *arg),
    void *arg, struct err *err)
{
	const char *rest;
	unsigned num;

	if (command(p, cmd, NULL, what, err) < 0)
		return -1;
	for (;;) {
		if (read_line(p, what, err) < 0)
			return -1;
		if (strcmp(p->line.data, ".") == 0)
			return 0;
		if (parse_num(p->line.data, &num, &rest) < 0 ||
		    each(p, num, rest, arg) < 0)
			return bad_reply(p, what, err);
	}
}

struct list_ctx {
	struct pop3_msg *v;
	size_t n;
};

static int
on_uidl(struct pop3 *p, unsigned num, const char *rest, void *arg)
{
	struct list_ctx *c = arg;

	(void)p;
	if (!uid_valid(rest) || (c->n > 0 && c->v[c->n - 1].num >= num))
		return -1; /* numbers must rise */
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	c->v[c->n].num = num;
	c->v[c->n].size = 0;
	c->v[c->n++].uid = xstrdup(rest);
	return 0;
}

static int
on_list(struct pop3 *p, unsigned num, const char *rest, void *arg)
{
	struct list_ctx *c = arg;
	struct pop3_msg *m = find_num(c->v, c->n, num);
	char *end;
	unsigned long v;

	(void)p;
	errno = 0;
	v = strtoul(rest, &end, 10);
	if (m == NULL || *rest < '0' || *rest > '9' || errno != 0 ||
	    (*end != '\0' && *end != ' '))
		return -1;
	m->size = v;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
has_duplicate(const struct pop3_msg *v, size_t n)
{
	const char **u = xcalloc(n + 1, sizeof *u);
	size_t i;
	int dup = 0;

	for (i = 0; i < n; i++)
		u[i] = v[i].uid;
	if (n > 0)
		qsort(u, n, sizeof *u, cmp_str);
	for (i = 1; i < n && !dup; i++)
		dup = strcmp(u[i - 1], u[i]) == 0;
	free(u);
	return dup;
}

int
pop3_list(
    struct pop3 *pop3, struct pop3_msg **v_r, size_t *n_r, struct err *err)
{
	struct list_ctx c = { NULL, 0 };

	*v_r = NULL;
	*n_r = 0;
	if (listing(pop3, "UIDL", _("listing messages"), on_uidl, &c, err) <
		0 ||
	    listing(pop3, "LIST", _("listing messages"), on_list, &c, err) <
		0) {
		pop3_msgs_free(c.v, c.n);
		return -1;
	}
	/* Two messages with one UIDL cannot be told apart: refuse. */
	if (has_duplicate(c.v, c.n)) {
		pop3_msgs_free(c.v, c.n);
		return bad_reply(pop3, _("listing messages"), err);
	}
	*v_r = c.v;
	*n_r = c.n;
	return 0;
}

/* One RETR answer as it is decoded. */
struct retr {
	unsigned num;
	size_t total; /* bytes of the message so far */
	size_t line;  /* bytes of its last line so far */
	int bol;      /* at the start of a line */
	int done;     /* the terminating "." was read */
};

static int
retr_refuse(struct pop3 *p, const struct retr *r, struct err *err)
{
	p->broken = 1; /* the rest is unread */
	if (r->total > POP3_MESSAGE_MAX)
		return err_set(err, ERR_FINAL,
		    _("message %u on %s is larger than %u MB"), r->num,
		    p->acct->host, POP3_MESSAGE_MAX >> 20);
	return err_set(err, ERR_FINAL,
	    _("%s sent a line longer than %u MB while fetching message %u"),
	    p->acct->host, POP3_LINE_MAX >> 20, r->num);
}

/*
 * Decode the next line of a RETR answer, or what p->in holds of it, in
 * place to *w (at most where it was read): byte-unstuffed, its CRLF made
 * LF. 1 when there is more to decode in p->in, 0 when more must be read
 * (or the answer is done), -1 with err set.
 */
static int
retr_line(struct pop3 *p, struct retr *r, char **w, struct err *err)
{
	char *d = p->in + p->in_pos, *nl;
	size_t n = p->in_len - p->in_pos, len, out;

	nl = memchr(d, '\n', n);
	if (n > 0 && r->bol && d[0] == '.') {
		if (nl == NULL && n < 3)
			return 0; /* "." or ".\r": is it the end? */
		r->done = d[1] == '\n' || (d[1] == '\r' && d[2] == '\n');
		p->in_pos += r->done ? (size_t)(nl - d) + 1 : 1;
		if (r->done)
			return 0;
		d++; /* byte-stuffed */
		n--;
		r->bol = 0;
		r->line = 0;
	}
	len = nl != NULL ? (size_t)(nl - d) + 1 : n;
	if (nl == NULL && len > 0 && d[len - 1] == '\r')
		len--; /* a CR that may start a CRLF: decide with more */
	if (len == 0)
		return 0;
	memmove(*w, d, len);
	out = len;
	if (nl != NULL && len >= 2 && (*w)[len - 2] == '\r') {
		(*w)[len - 2] = '\n';
		out--;
	}
	if (memchr(*w, '\0', out) != NULL)
		return bad_reply(p, _("fetching messages"), err);
	r->line = (r->bol ? 0 : r->line) + out;
	r->total += out;
	if (r->total > POP3_MESSAGE_MAX || r->line > POP3_LINE_MAX)
		return retr_refuse(p, r, err);
	*w += out;
	p->in_pos += len;
	r->bol = nl != NULL;
	return nl != NULL;
}

int
pop3_retr(struct pop3 *pop3, unsigned num,
    int (*sink)(void *arg, const char *data, size_t len, struct err *err),
    void *arg, struct err *err)
{
	struct retr r = { .num = num, .bol = 1 };
	char cmd[32], *start, *w;
	int more;

	snprintf(cmd, sizeof cmd, "RETR %u", num);
	if (command(pop3, cmd, NULL, _("fetching messages"), err) < 0)
		return -1;
	for (;;) {
		start = w = pop3->in + pop3->in_pos;
		while ((more = retr_line(pop3, &r, &w, err)) > 0)
			;
		if (more < 0)
			return -1;
		if (w > start &&
		    sink(arg, start, (size_t)(w - start), err) < 0) {
			pop3->broken = 1;
			return -1;
		}
		if (r.done)
			return 0;
		if (fill(pop3, _("fetching messages"), err) < 0)
			return -1;
	}
}

int
pop3_dele(struct pop3 *pop3, unsigned num, struct err *err)
{
	char cmd[32];

	snprintf(cmd, sizeof cmd, "DELE %u", num);
	return command(pop3, cmd, NULL, _("deleting a message"), err) < 0 ? -1
									  : 0;
}

int
pop3_rset(struct pop3 *pop3, struct err *err)
{
	int r = command(pop3, "RSET", NULL, _("ending the session"), err);

	return r < 0 ? -1 : 0;
}

int
pop3_quit(struct pop3 **pop3, struct err *err)
{
	int r = command(*pop3, "QUIT", NULL, _("ending the session"), err);

	pop3_close(pop3);
	return r < 0 ? -1 : 0;
}
