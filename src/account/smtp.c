#include <config.h>

#include <arpa/inet.h>
#include <libetpan/libetpan.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "account/smtp.h"
#include "net/password.h"
#include "net/sasl.h"
#include "net/sock.h"
#include "net/tls.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xalloc.h"

/* Longest reply line tern reads (RFC 5321 allows 512). */
#define REPLY_LINE_MAX 4096

struct smtp {
	mailsmtp *s;
	const struct config_account *acct;
	MMAPString *line;
	struct buf words; /* the last reply's text, lines joined by ' ' */
	struct buf lines; /* the last reply read by tern, as sent, '\n' */
	int code;	  /* the last reply's code; 0: none */
	int fd;
	int broken;
};

int
smtp_broken(const struct smtp *p)
{
	return p->broken;
}

int
smtp_8bitmime(const struct smtp *p)
{
	return (p->s->esmtp & MAILSMTP_ESMTP_8BITMIME) != 0;
}

size_t
smtp_size_limit(const struct smtp *p)
{
	return (p->s->esmtp & MAILSMTP_ESMTP_SIZE) != 0
	    ? p->s->smtp_max_msg_size
	    : 0;
}

static const char *
host(const struct smtp *p)
{
	return p->acct->smtp_host;
}

/* The connection failed while doing what: broken from now on. */
static int
broke(struct smtp *p, const char *what, struct err *err)
{
	const char *why = tls_stream_error(p->s->stream);

	p->broken = 1;
	if (why != NULL)
		return err_set(err, ERR_TEMP,
		    _("the connection to %s broke while %s: %s"), host(p), what,
		    why);
	return err_set(err, ERR_TEMP, _("the connection to %s broke while %s"),
	    host(p), what);
}

/* Keep a reply's text (lines separated by '\n'), made safe to show. */
static void
keep_words(struct smtp *p, const char *text)
{
	size_t n = strlen(text);

	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	buf_reset(&p->words);
	text_sanitize(&p->words, text, n, 0);
	for (n = 0; n < p->words.len; n++)
		if (p->words.data[n] == '\n')
			p->words.data[n] = ' ';
}

/* After a libetpan command: its reply code and text. */
static int
etpan_reply(struct smtp *p)
{
	p->code = p->s->response_code;
	keep_words(p, p->s->response != NULL ? p->s->response : "");
	return p->code;
}

/*
 * Read a reply of one or more lines ourselves: its code (200..599), or
 * -1 with err set for a broken connection or a line that is not SMTP.
 */
static int
reply(struct smtp *p, const char *what, struct err *err)
{
	struct buf all = BUF_INIT;
	const char *l;
	int code = 0, more;

	do {
		l = mailstream_read_line_remove_eol(p->s->stream, p->line);
		if (l == NULL) {
			buf_release(&all);
			return broke(p, what, err);
		}
		if (p->line->len < 3 || p->line->len > REPLY_LINE_MAX ||
		    l[0] < '2' || l[0] > '5' || l[1] < '0' || l[1] > '9' ||
		    l[2] < '0' || l[2] > '9' ||
		    (l[3] != '\0' && l[3] != ' ' && l[3] != '-') ||
		    (code != 0 && atoi(l) != code)) {
			buf_release(&all);
			p->broken = 1;
			return err_set(err, ERR_TEMP,
			    _("%s sent a reply that cannot be understood "
			      "while %s"),
			    host(p), what);
		}
		code = atoi(l);
		more = l[3] == '-';
		if (l[3] != '\0')
			buf_adds(&all, l + 4);
		buf_addc(&all, '\n');
	} while (more);
	p->code = code;
	keep_words(p, all.data);
	buf_release(&p->lines);
	p->lines = all;
	return code;
}

/* Send one command line (s without CRLF); 0 or -1 (broken). */
static int
send_line(struct smtp *p, const char *s, int secret, const char *what,
    struct err *err)
{
	mailstream *st = p->s->stream;
	int r;

	if (secret)
		mailstream_set_privacy(st, 0);
	r = mailstream_write(st, s, strlen(s)) < 0 ||
	    mailstream_write(st, "\r\n", 2) < 0 || mailstream_flush(st) < 0;
	if (secret)
		mailstream_set_privacy(st, 1);
	return r ? broke(p, what, err) : 0;
}

/*
 * The server refused what with the last reply: ERR_TEMP for 4xx (cls
 * for 5xx), with its code and words.
 */
static int
refused(struct smtp *p, enum err_class cls5, const char *what, struct err *err)
{
	return err_set(err, p->code / 100 == 4 ? ERR_TEMP : cls5,
	    _("%s refused %s: %d %s"), host(p), what, p->code,
	    p->words.len > 0 ? p->words.data : _("(no text)"));
}

/*
 * After a libetpan command (what: a noun, "the message") that returned
 * r: 0, or -1 with err set.
 */
static int
etpan_check(struct smtp *p, int r, enum err_class cls5, const char *what,
    struct err *err)
{
	char *doing;

	if (r == MAILSMTP_NO_ERROR)
		return 0;
	if (etpan_reply(p) != 0 && r != MAILSMTP_ERROR_STREAM)
		return refused(p, cls5, what, err);
	doing = xasprintf(_("sending %s"), what);
	broke(p, doing, err);
	free(doing);
	return -1;
}

/* Whether word (upper case) starts s, followed by a blank or the end. */
static const char *
keyword(const char *s, const char *word)
{
	size_t n = strlen(word);

	if (strncasecmp(s, word, n) != 0 ||
	    (s[n] != '\0' && s[n] != ' ' && s[n] != '='))
		return NULL;
	return s + n;
}

/*
 * The extensions of an EHLO reply (RFC 5321 4.1.1.1), kept in libetpan's
 * session for its RCPT and DATA: 8BITMIME, SIZE, STARTTLS, AUTH PLAIN
 * and LOGIN. Everything is forgotten first, as after STARTTLS.
 */
static void
parse_ehlo(struct smtp *p)
{
	char *line, *next, *rest, *w, *save;

	p->s->esmtp = MAILSMTP_ESMTP;
	p->s->auth = MAILSMTP_AUTH_CHECKED;
	p->s->smtp_max_msg_size = 0;
	/* The first line is the server's name and greeting. */
	for (line = strchr(p->lines.data, '\n'); line != NULL; line = next) {
		line++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next = '\0';
		if (keyword(line, "8BITMIME") != NULL) {
			p->s->esmtp |= MAILSMTP_ESMTP_8BITMIME;
		} else if (keyword(line, "STARTTLS") != NULL) {
			p->s->esmtp |= MAILSMTP_ESMTP_STARTTLS;
		} else if ((rest = (char *)keyword(line, "SIZE")) != NULL) {
			p->s->esmtp |= MAILSMTP_ESMTP_SIZE;
			p->s->smtp_max_msg_size = strtoul(rest, NULL, 10);
		} else if ((rest = (char *)keyword(line, "AUTH")) != NULL &&
		    *rest != '\0') {
			for (w = strtok_r(rest + 1, " ", &save); w != NULL;
			     w = strtok_r(NULL, " ", &save))
				if (strcasecmp(w, "PLAIN") == 0)
					p->s->auth |= MAILSMTP_AUTH_PLAIN;
				else if (strcasecmp(w, "LOGIN") == 0)
					p->s->auth |= MAILSMTP_AUTH_LOGIN;
		}
	}
}

/*
 * EHLO with the address literal of this end of the connection (RFC 5321
 * 4.1.3), not the machine's name, which is private.
 */
static int
ehlo(struct smtp *p, struct err *err)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char addr[INET6_ADDRSTRLEN], *cmd;
	int code;

	if (getsockname(p->fd, (struct sockaddr *)&ss, &len) == 0 &&
	    ss.ss_family == AF_INET6 &&
	    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr,
		sizeof addr) != NULL)
		cmd = xasprintf("EHLO [IPv6:%s]", addr);
	else if (ss.ss_family == AF_INET &&
	    inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, addr,
		sizeof addr) != NULL)
		cmd = xasprintf("EHLO [%s]", addr);
	else
		cmd = xstrdup("EHLO localhost");
	code = send_line(p, cmd, 0, _("the greeting EHLO"), err);
	free(cmd);
	if (code == 0)
		code = reply(p, _("the greeting EHLO"), err);
	if (code < 0)
		return -1;
	if (code != 250)
		return refused(p, ERR_FINAL, _("the greeting EHLO"), err);
	parse_ehlo(p);
	return 0;
}

static int
starttls(struct smtp *p, const struct tls_opts *o, struct err *err)
{
	int r;

	if (!(p->s->esmtp & MAILSMTP_ESMTP_STARTTLS))
		return err_set(err, ERR_FINAL,
		    _("%s does not offer STARTTLS; tern will not send the "
		      "password or any message of [account %s] unencrypted "
		      "(use smtp_tls = implicit, or check smtp_port)"),
		    host(p), p->acct->name);
	r = mailesmtp_starttls(p->s);
	if (tls_starttls_injected(p->s->stream)) {
		p->broken = 1;
		return tls_injected_error(host(p), err);
	}
	if (etpan_check(p, r, ERR_FINAL, _("STARTTLS"), err) < 0)
		return -1;
	if (tls_upgrade(p->s->stream, o, err) < 0) {
		p->broken = 1;
		return -1;
	}
	/* What the server offered before TLS cannot be trusted. */
	return ehlo(p, err);
}

/* One AUTH exchange step: send line, read the reply; its code or -1. */
static int
auth_step(struct smtp *p, const char *line, struct err *err)
{
	if (send_line(p, line, 1, _("logging in"), err) < 0)
		return -1;
	return reply(p, _("logging in"), err);
}

static int
login(struct smtp *p, struct err *err)
{
	const struct config_account *a = p->acct;
	const char *user = a->smtp_user != NULL ? a->smtp_user : a->address;
	char *pw = NULL, *b64, *cmd;
	int code;

	if (!(p->s->auth & (MAILSMTP_AUTH_PLAIN | MAILSMTP_AUTH_LOGIN))) {
		log_debug("smtp: %s offers no AUTH PLAIN or LOGIN; sending "
			  "without logging in",
		    host(p));
		return 0;
	}
	if (password_for_login(a->name, a->smtp_password_cmd, "smtp_tls",
		a->smtp_tls == CONFIG_TLS_NONE, host(p), p->fd, &pw, err) < 0)
		return -1;
	if (p->s->auth & MAILSMTP_AUTH_PLAIN) {
		b64 = sasl_plain(user, pw);
		cmd = xasprintf("AUTH PLAIN %s", b64);
		code = auth_step(p, cmd, err);
		sasl_free(cmd);
		sasl_free(b64);
	} else {
		code = auth_step(p, "AUTH LOGIN", err);
		if (code == 334) {
			b64 = sasl_base64(user, strlen(user));
			code = auth_step(p, b64, err);
			sasl_free(b64);
		}
		if (code == 334) {
			b64 = sasl_base64(pw, strlen(pw));
			code = auth_step(p, b64, err);
			sasl_free(b64);
		}
	}
	password_free(&pw);
	if (code < 0)
		return -1;
	if (code == 235)
		return 0;
	refused(p, ERR_AUTH, _("logging in"), err);
	err_prefix(err, _("[account %s] user '%s'"), a->name, user);
	return -1;
}

int
smtp_open(const struct config_account *acct, int timeout_s,
    struct smtp **smtp_r, struct err *err)
{
	struct tls_opts o;
	struct smtp *p;
	mailstream_low *low;
	int fd, code;

	tls_opts_account(&o, acct, acct->smtp_host, timeout_s);
	*smtp_r = NULL;
	if (tls_dial(acct->smtp_port, acct->smtp_tls == CONFIG_TLS_IMPLICIT, &o,
		&low, &fd, err) < 0)
		return -1;
	p = xcalloc(1, sizeof *p);
	p->acct = acct;
	p->fd = fd;
	p->line = mmap_string_new("");
	p->s = mailsmtp_new(0, NULL);
	if (p->s == NULL || p->line == NULL)
		abort();
	/* The greeting is read here, so a failure can say why. */
	p->s->stream = mailstream_new(low, 64 * 1024);
	code = reply(p, _("reading its greeting"), err);
	if (code > 0 && code != 220) {
		p->broken = 1;
		err_set(err, ERR_WAIT,
		    _("%s does not take connections now: %d %s"), host(p), code,
		    p->words.data);
		code = -1;
	}
	if (code < 0 || ehlo(p, err) < 0 ||
	    (acct->smtp_tls == CONFIG_TLS_STARTTLS &&
		starttls(p, &o, err) < 0) ||
	    login(p, err) < 0) {
		if (err->cls == ERR_TEMP && code < 0)
			err->cls = ERR_WAIT;
		smtp_close(&p);
		return -1;
	}
	log_debug("smtp: ready at %s for [account %s]", host(p), acct->name);
	*smtp_r = p;
	return 0;
}

/*
 * The size of msg as SIZE counts it (RFC 1870): with CRLF line ends,
 * which msg may have as LF only.
 */
static size_t
wire_size(const char *msg, size_t len)
{
	size_t n = len, i;

	for (i = 0; i < len; i++)
		if (msg[i] == '\n' && (i == 0 || msg[i - 1] != '\r'))
			n++;
	return n;
}

/* An address fit for MAIL or RCPT: nothing that could inject a command. */
static int
addr_ok(const char *a)
{
	const unsigned char *c;

	if (*a == '\0' || strlen(a) > 320)
		return 0;
	for (c = (const unsigned char *)a; *c != '\0'; c++)
		if (*c <= ' ' || *c == 0x7f || *c == '<' || *c == '>')
			return 0;
	return 1;
}

static void
reset(struct smtp *p)
{
	if (!p->broken && mailsmtp_reset(p->s) == MAILSMTP_ERROR_STREAM)
		p->broken = 1;
}

/* RCPT TO each recipient; refusals are collected into one error. */
static int
recipients(struct smtp *p, char *const *rcpt, size_t n, struct err *err)
{
	struct buf why = BUF_INIT;
	enum err_class cls = ERR_FINAL;
	size_t i, bad = 0;
	int r;

	for (i = 0; i < n; i++) {
		r = mailesmtp_rcpt(p->s, rcpt[i], 0, NULL);
		if (r == MAILSMTP_NO_ERROR)
			continue;
		if (etpan_reply(p) == 0 || r == MAILSMTP_ERROR_STREAM) {
			buf_release(&why);
			return broke(p, _("naming the recipients"), err);
		}
		if (p->code / 100 == 4)
			cls = ERR_TEMP;
		buf_addf(&why, "%s<%s>: %d %s", bad++ > 0 ? "; " : "", rcpt[i],
		    p->code, p->words.data);
	}
	if (bad == 0)
		return 0;
	err_set(err, cls,
	    ngettext_("%s refused %zu recipient: %s",
		"%s refused %zu recipients: %s", bad),
	    host(p), bad, why.data);
	buf_release(&why);
	return -1;
}

int
smtp_send(struct smtp *p, const char *from, char *const *rcpt, size_t nrcpt,
    const char *msg, size_t len, struct err *err)
{
	struct buf cmd = BUF_INIT;
	size_t limit = smtp_size_limit(p), size = wire_size(msg, len), i;
	int r;

	if (!addr_ok(from))
		return err_set(err, ERR_FINAL,
		    _("the sender address '%s' cannot be sent"), from);
	for (i = 0; i < nrcpt; i++)
		if (!addr_ok(rcpt[i]))
			return err_set(err, ERR_FINAL,
			    _("the recipient address '%s' cannot be sent"),
			    rcpt[i]);
	if (nrcpt == 0)
		return err_set(
		    err, ERR_FINAL, _("the message has no recipient"));
	if (limit > 0 && size > limit)
		return err_set(err, ERR_FINAL,
		    _("the message is %zu bytes, but %s takes at most %zu "
		      "(its SIZE limit)"),
		    size, host(p), limit);
	buf_addf(&cmd, "MAIL FROM:<%s>", from);
	if (smtp_8bitmime(p))
		buf_adds(&cmd, " BODY=8BITMIME");
	if (p->s->esmtp & MAILSMTP_ESMTP_SIZE)
		buf_addf(&cmd, " SIZE=%zu", size);
	r = send_line(p, cmd.data, 0, _("naming the sender"), err);
	buf_release(&cmd);
	if (r == 0 && (r = reply(p, _("naming the sender"), err)) >= 0) {
		if (r != 250) {
			reset(p);
			return refused(p, ERR_FINAL, _("the sender"), err);
		}
		r = 0;
	}
	if (r < 0)
		return -1;
	if (recipients(p, rcpt, nrcpt, err) < 0) {
		reset(p);
		return -1;
	}
	r = mailsmtp_data(p->s);
	if (etpan_check(p, r, ERR_FINAL, _("the message (DATA)"), err) < 0) {
		reset(p);
		return -1;
	}
	/* libetpan ends with CRLF.CRLF itself: drop our last line end. */
	if (len > 0 && msg[len - 1] == '\n')
		len--;
	if (len > 0 && msg[len - 1] == '\r')
		len--;
	r = mailsmtp_data_message(p->s, msg, len);
	if (etpan_check(p, r, ERR_FINAL, _("the message"), err) < 0) {
		reset(p);
		return -1;
	}
	log_debug("smtp: %s accepted the message: %s", host(p), p->words.data);
	return 0;
}

void
smtp_close(struct smtp **smtp)
{
	struct smtp *p = *smtp;

	if (p == NULL)
		return;
	if (p->s != NULL) {
		if (p->broken && p->s->stream != NULL) {
			mailstream_close(p->s->stream);
			p->s->stream = NULL;
		}
		mailsmtp_free(p->s); /* sends QUIT when still connected */
	}
	if (p->line != NULL)
		mmap_string_free(p->line);
	buf_release(&p->words);
	buf_release(&p->lines);
	free(p);
	*smtp = NULL;
}
