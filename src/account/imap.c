#include <config.h>

#include <inttypes.h>
#include <libetpan/libetpan.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "account/imap.h"
#include "account/mutf7.h"
#include "net/net.h"
#include "net/password.h"
#include "net/sasl.h"
#include "net/sock.h"
#include "net/tls.h"
#include "store/maildir.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xalloc.h"

/*
 * The account's password_cmd, run on a thread of its own while the TLS
 * handshake and the greeting go on: each takes milliseconds, and a sync
 * that finds nothing to do used to wait for one after the other. Only
 * started once the server has answered the connection, and only for
 * TLS (then the password is sent as soon as the certificate checks
 * out, exactly what password_for_login would get). Always joined.
 */
struct pw_fetch {
	pthread_t thread;
	const struct config_account *acct;
	char *pw;
	struct err err;
	int rc;
};

struct imap {
	mailimap *s;
	const struct config_account *acct;
	char delim; /* hierarchy delimiter, 0 until LIST */
	int broken;
	/* ENABLE QRESYNC is still to be sent (before the first SELECT). */
	int qresync_pending;
	struct pw_fetch *pw; /* running or done, not yet taken; or NULL */
};

/* The server's words from its last reply, made safe for a terminal. */
static void
server_text(struct imap *im, struct buf *b)
{
	const char *t = im->s != NULL ? im->s->imap_response : NULL;

	if (t == NULL || *t == '\0')
		t = _("(no text)");
	text_sanitize(b, t, strlen(t), 0);
}

/*
 * The text of a "* BYE" the server sent before it hung up, if the lines
 * read for the reply that broke hold one: 1 and the text in b, else 0.
 */
static int
bye_text(struct imap *im, struct buf *b)
{
	MMAPString *line = im->s != NULL ? im->s->imap_stream_buffer : NULL;
	const char *p, *end, *eol;

	if (line == NULL || line->str == NULL)
		return 0;
	end = line->str + line->len;
	for (p = line->str; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if (eol - p > 6 && strncasecmp(p, "* BYE ", 6) == 0) {
			p += 6;
			while (eol > p && (eol[-1] == '\r' || eol[-1] == '\n'))
				eol--;
			text_sanitize(b, p, (size_t)(eol - p), 0);
			return 1;
		}
		if (eol == end)
			break;
	}
	return 0;
}

/*
 * Turn libetpan's result r of doing what into err. Connection-level
 * failures mark the connection broken.
 */
static int
fail(struct imap *im, int r, const char *what, struct err *err)
{
	struct buf t = BUF_INIT;
	const char *host = im->acct->host, *why;

	switch (r) {
	case MAILIMAP_ERROR_STREAM:
		im->broken = 1;
		why =
		    im->s != NULL ? tls_stream_error(im->s->imap_stream) : NULL;
		if (bye_text(im, &t))
			err_set(err, ERR_TEMP,
			    _("%s closed the connection while %s: %s"), host,
			    what, t.data);
		else if (why != NULL)
			err_set(err, ERR_TEMP,
			    _("the connection to %s broke while %s: %s"), host,
			    what, why);
		else
			err_set(err, ERR_TEMP,
			    _("the connection to %s broke while %s"), host,
			    what);
		break;
	case MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION:
		im->broken = 1;
		server_text(im, &t);
		err_set(err, ERR_WAIT,
		    _("%s does not take connections now: %s"), host, t.data);
		break;
	case MAILIMAP_ERROR_PARSE:
		im->broken = 1;
		err_set(err, ERR_TEMP,
		    _("%s sent a reply that cannot be understood while %s"),
		    host, what);
		break;
	case MAILIMAP_ERROR_FATAL:
		im->broken = 1;
		server_text(im, &t);
		err_set(err, ERR_TEMP,
		    _("%s closed the connection while %s: %s"), host, what,
		    t.data);
		break;
	case MAILIMAP_ERROR_MEMORY:
		im->broken = 1;
		err_set(
		    err, ERR_TEMP, _("%s: out of memory while %s"), host, what);
		break;
	case MAILIMAP_ERROR_PROTOCOL:
		server_text(im, &t);
		err_set(
		    err, ERR_FINAL, _("%s refused %s: %s"), host, what, t.data);
		break;
	default:
		server_text(im, &t);
		err_set(
		    err, ERR_FINAL, _("%s refused %s: %s"), host, what, t.data);
		break;
	}
	buf_release(&t);
	return -1;
}

const char *
imap_host(const struct imap *imap)
{
	return imap->acct->host;
}

int
imap_broken(const struct imap *imap)
{
	return imap->broken;
}

int
imap_has(struct imap *imap, const char *name)
{
	return mailimap_has_extension(imap->s, name);
}

/*
 * Send one command line (already quoted, no literals) and read up to its
 * tagged reply; untagged data lands in the session as usual.
 */
static int
raw_command(struct imap *im, const char *cmd, const char *what, struct err *err)
{
	struct mailimap_response *resp;
	int r, st;

	r = mailimap_send_current_tag(im->s);
	if (r == MAILIMAP_NO_ERROR &&
	    (mailstream_write(im->s->imap_stream, cmd, strlen(cmd)) < 0 ||
		mailstream_write(im->s->imap_stream, "\r\n", 2) < 0 ||
		mailstream_flush(im->s->imap_stream) < 0))
		r = MAILIMAP_ERROR_STREAM;
	if (r == MAILIMAP_NO_ERROR && mailimap_read_line(im->s) == NULL)
		r = MAILIMAP_ERROR_STREAM;
	if (r == MAILIMAP_NO_ERROR)
		r = mailimap_parse_response(im->s, &resp);
	if (r != MAILIMAP_NO_ERROR)
		return fail(im, r, what, err);
	st = resp->rsp_resp_done->rsp_data.rsp_tagged->rsp_cond_state->rsp_type;
	mailimap_response_free(resp);
	if (st != MAILIMAP_RESP_COND_STATE_OK)
		return fail(im, MAILIMAP_ERROR_CUSTOM_COMMAND, what, err);
	return 0;
}

static int
refresh_capabilities(struct imap *im, struct err *err)
{
	struct mailimap_capability_data *cap = NULL;
	int r = mailimap_capability(im->s, &cap);

	if (cap != NULL)
		mailimap_capability_data_free(cap);
	return r == MAILIMAP_NO_ERROR
	    ? 0
	    : fail(im, r, _("asking for its capabilities"), err);
}

/*
 * Drop the capabilities known so far, so that after the login
 * known_capabilities() tells whether its reply carried the new list (a
 * CAPABILITY code in the tagged OK, as Dovecot sends), which saves a
 * round trip for CAPABILITY.
 */
static void
forget_capabilities(struct imap *im)
{
	struct mailimap_connection_info *ci = im->s->imap_connection_info;

	if (ci != NULL && ci->imap_capability != NULL) {
		mailimap_capability_data_free(ci->imap_capability);
		ci->imap_capability = NULL;
	}
}

static int
known_capabilities(struct imap *im)
{
	struct mailimap_connection_info *ci = im->s->imap_connection_info;

	return ci != NULL && ci->imap_capability != NULL;
}

static int
starttls(struct imap *im, const struct tls_opts *o, struct err *err)
{
	int r;

	if (!mailimap_has_extension(im->s, "STARTTLS") &&
	    refresh_capabilities(im, err) < 0)
		return -1;
	if (!mailimap_has_extension(im->s, "STARTTLS"))
		return err_set(err, ERR_FINAL,
		    _("%s does not offer STARTTLS; tern will not send the "
		      "password of [account %s] unencrypted (use tls = "
		      "implicit, or check the port)"),
		    im->acct->host, im->acct->name);
	r = mailimap_starttls(im->s);
	/* libetpan refuses bytes after the go-ahead itself (CVE-2020-15953). */
	if (r != MAILIMAP_NO_ERROR &&
	    tls_starttls_injected(im->s->imap_stream)) {
		im->broken = 1;
		return tls_injected_error(im->acct->host, err);
	}
	if (r != MAILIMAP_NO_ERROR)
		return fail(im, r, _("STARTTLS"), err);
	if (tls_upgrade(im->s->imap_stream, o, err) < 0) {
		im->broken = 1;
		return -1;
	}
	/* Capabilities from before TLS cannot be trusted. */
	return refresh_capabilities(im, err);
}

/* AUTHENTICATE PLAIN, with the initial response where SASL-IR allows. */
static int
auth_plain(struct imap *im, const char *user, const char *pw, struct err *err)
{
	struct mailimap_response *resp;
	char *b64 = sasl_plain(user, pw), *line;
	int ir = mailimap_has_extension(im->s, "SASL-IR"), r, st;
	mailstream *s = im->s->imap_stream;

	forget_capabilities(im);
	r = mailimap_send_current_tag(im->s);
	if (r == MAILIMAP_NO_ERROR) {
		mailstream_set_privacy(s, 0);
		if (mailstream_write(s, "AUTHENTICATE PLAIN", 18) < 0 ||
		    (ir &&
			(mailstream_write(s, " ", 1) < 0 ||
			    mailstream_write(s, b64, strlen(b64)) < 0)) ||
		    mailstream_write(s, "\r\n", 2) < 0 ||
		    mailstream_flush(s) < 0)
			r = MAILIMAP_ERROR_STREAM;
	}
	if (r == MAILIMAP_NO_ERROR && !ir) {
		line = mailimap_read_line(im->s);
		if (line == NULL)
			r = MAILIMAP_ERROR_STREAM;
		else if (line[0] != '+')
			r = MAILIMAP_ERROR_PARSE;
		else if (mailstream_write(s, b64, strlen(b64)) < 0 ||
		    mailstream_write(s, "\r\n", 2) < 0 ||
		    mailstream_flush(s) < 0)
			r = MAILIMAP_ERROR_STREAM;
	}
	mailstream_set_privacy(s, 1);
	sasl_free(b64);
	if (r == MAILIMAP_NO_ERROR && mailimap_read_line(im->s) == NULL)
		r = MAILIMAP_ERROR_STREAM;
	if (r == MAILIMAP_NO_ERROR)
		r = mailimap_parse_response(im->s, &resp);
	if (r != MAILIMAP_NO_ERROR)
		return fail(im, r, _("logging in"), err);
	st = resp->rsp_resp_done->rsp_data.rsp_tagged->rsp_cond_state->rsp_type;
	mailimap_response_free(resp);
	if (st != MAILIMAP_RESP_COND_STATE_OK)
		return -2;
	im->s->imap_state = MAILIMAP_STATE_AUTHENTICATED;
	return 0;
}

static void *
pw_fetch_run(void *arg)
{
	struct pw_fetch *pf = arg;

	pf->rc = password_get(
	    pf->acct->name, pf->acct->password_cmd, &pf->pw, &pf->err);
	return NULL;
}

/* Start getting a's password on a thread, where that is safe; or NULL. */
static struct pw_fetch *
pw_fetch_start(const struct config_account *a)
{
	struct pw_fetch *pf;

	if (a->tls == CONFIG_TLS_NONE || a->password_cmd == NULL)
		return NULL;
	pf = xcalloc(1, sizeof *pf);
	pf->acct = a;
	if (pthread_create(&pf->thread, NULL, pw_fetch_run, pf) != 0) {
		free(pf);
		return NULL; /* got in turn by login() */
	}
	return pf;
}

/*
 * Wait for the password started by pw_fetch_start (none: nothing to
 * wait for): 0 with it in *pw_r, or with pw_r NULL dropped (a login
 * that did not happen); -1 with err set when the command failed.
 */
static int
pw_fetch_end(struct pw_fetch **pfp, char **pw_r, struct err *err)
{
	struct pw_fetch *pf = *pfp;
	int rc;

	if (pf == NULL)
		return 0;
	pthread_join(pf->thread, NULL);
	rc = pf->rc;
	if (rc < 0 && err != NULL)
		*err = pf->err;
	if (rc == 0 && pw_r != NULL) {
		*pw_r = pf->pw;
		pf->pw = NULL;
	}
	password_free(&pf->pw);
	free(pf);
	*pfp = NULL;
	return rc < 0 ? -1 : 0;
}

static int
login(struct imap *im, int fd, struct err *err)
{
	const struct config_account *a = im->acct;
	const char *user = a->user != NULL ? a->user : a->address;
	struct buf t = BUF_INIT;
	char *pw = NULL;
	int r;

	if (im->pw != NULL)
		r = pw_fetch_end(&im->pw, &pw, err);
	else
		r = password_for_login(a->name, a->password_cmd, "tls",
		    a->tls == CONFIG_TLS_NONE, a->host, fd, &pw, err);
	if (r < 0)
		return -1;
	if (mailimap_has_authentication(im->s, "PLAIN"))
		r = auth_plain(im, user, pw, err);
	else if (mailimap_has_extension(im->s, "LOGINDISABLED"))
		r = err_set(err, ERR_FINAL,
		    _("%s offers neither AUTHENTICATE PLAIN nor LOGIN"),
		    a->host);
	else {
		forget_capabilities(im);
		r = mailimap_login(im->s, user, pw);
		if (r == MAILIMAP_ERROR_LOGIN)
			r = -2;
		else if (r != MAILIMAP_NO_ERROR)
			r = fail(im, r, _("logging in"), err);
	}
	password_free(&pw);
	if (r == -2) {
		server_text(im, &t);
		err_set(err, ERR_AUTH,
		    _("%s refused the login of '%s' for [account %s]: %s"),
		    a->host, user, a->name, t.data);
		buf_release(&t);
		return -1;
	}
	return r;
}

/*
 * ENABLE QRESYNC where offered (CONDSTORE comes with SELECT), once,
 * before the first SELECT: a sync that selects nothing saves the round
 * trip.
 */
static int
enable_qresync(struct imap *im, struct err *err)
{
	struct mailimap_capability_data *want, *got = NULL;
	clist *l;
	int r;

	if (!im->qresync_pending)
		return 0;
	im->qresync_pending = 0;
	if (!mailimap_has_extension(im->s, "QRESYNC") ||
	    !mailimap_has_extension(im->s, "ENABLE"))
		return 0;
	l = clist_new();
	clist_append(l,
	    mailimap_capability_new(
		MAILIMAP_CAPABILITY_NAME, NULL, xstrdup("QRESYNC")));
	want = mailimap_capability_data_new(l);
	r = mailimap_enable(im->s, want, &got);
	mailimap_capability_data_free(want);
	if (got != NULL)
		mailimap_capability_data_free(got);
	return r == MAILIMAP_NO_ERROR ? 0
				      : fail(im, r, _("enabling QRESYNC"), err);
}

static int
session_start(struct imap *im, mailstream_low *low, int fd,
    const struct tls_opts *o, struct err *err)
{
	mailstream *stream = mailstream_new(low, 64 * 1024);
	int r;

	im->s = mailimap_new(0, NULL);
	if (stream == NULL || im->s == NULL) {
		if (stream != NULL)
			mailstream_close(stream);
		return err_set(err, ERR_TEMP, _("out of memory"));
	}
	r = mailimap_connect(im->s, stream);
	if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_AUTHENTICATED)
		return fail(im, r, _("reading its greeting"), err);
	if (im->acct->tls == CONFIG_TLS_STARTTLS && starttls(im, o, err) < 0)
		return -1;
	if (r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED && login(im, fd, err) < 0)
		return -1;
	/* The list may change with the login; its reply may carry it. */
	if ((r == MAILIMAP_NO_ERROR_AUTHENTICATED || !known_capabilities(im)) &&
	    refresh_capabilities(im, err) < 0)
		return -1;
	im->qresync_pending = 1;
	return 0;
}

int
imap_open(const struct config_account *acct, int timeout_s,
    struct imap **imap_r, struct err *err)
{
	struct tls_opts o;
	struct imap *im = xcalloc(1, sizeof *im);
	mailstream_low *low;
	int fd;

	tls_opts_account(&o, acct, acct->host, timeout_s);
	im->acct = acct;
	*imap_r = NULL;
	net_init();
	if (sock_connect(acct->host, acct->port, timeout_s, &fd, err) < 0) {
		free(im);
		return -1;
	}
	im->pw = pw_fetch_start(acct);
	if (acct->tls != CONFIG_TLS_IMPLICIT)
		low = tls_low_plain(fd, timeout_s);
	else if (tls_low_open(fd, &o, &low, err) < 0) {
		close(fd);
		pw_fetch_end(&im->pw, NULL, NULL);
		free(im);
		return -1;
	}
	if (session_start(im, low, fd, &o, err) < 0) {
		im->broken = 1;
		imap_close(&im);
		return -1;
	}
	pw_fetch_end(&im->pw, NULL, NULL); /* PREAUTH: no login */
	log_debug(
	    "imap: logged in to %s for [account %s]", acct->host, acct->name);
	*imap_r = im;
	return 0;
}

void
imap_close(struct imap **imap)
{
	struct imap *im = *imap;

	if (im == NULL)
		return;
	pw_fetch_end(&im->pw, NULL, NULL);
	if (im->s != NULL) {
		if (!im->broken && im->s->imap_stream != NULL)
			mailimap_logout(im->s);
		if (im->s->imap_stream != NULL) {
			mailstream_close(im->s->imap_stream);
			im->s->imap_stream = NULL;
		}
		mailimap_free(im->s);
	}
	free(im);
	*imap = NULL;
}

/* ---- folders ---- */

static enum imap_role
role_of(const char *attr)
{
	static const struct {
		const char *name;
		enum imap_role role;
	} roles[] = {
		{ "Sent", IMAP_ROLE_SENT },
		{ "Drafts", IMAP_ROLE_DRAFTS },
		{ "Trash", IMAP_ROLE_TRASH },
		{ "Junk", IMAP_ROLE_JUNK },
		{ "Archive", IMAP_ROLE_ARCHIVE },
	};
	size_t i;

	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcasecmp(attr, roles[i].name) == 0)
			return roles[i].role;
	return IMAP_ROLE_NONE;
}

/*
 * The local name of a server name: decoded, levels joined with '/'.
 * NULL when it cannot be stored.
 */
static char *
local_name(const char *raw, char delim)
{
	char *name, *p;

	if (strcasecmp(raw, "INBOX") == 0)
		return xstrdup("INBOX");
	name = mutf7_decode(raw);
	if (name == NULL)
		return NULL;
	if (delim != '/' && strchr(name, '/') != NULL) {
		free(name);
		return NULL;
	}
	if (delim != '\0')
		for (p = name; *p != '\0'; p++)
			if (*p == delim)
				*p = '/';
	/* "x/INBOX" is fine; only the top level INBOX is special. */
	if (strncasecmp(name, "INBOX/", 6) == 0)
		memcpy(name, "INBOX", 5);
	return name;
}

static void
add_folder(struct imap *im, struct mailimap_mailbox_list *mb,
    struct imap_folder **v, size_t *n)
{
	struct imap_folder f = { 0 };
	struct buf rel = BUF_INIT;
	clistiter *it;

	if (mb->mb_delimiter != 0)
		im->delim = mb->mb_delimiter;
	f.name = local_name(mb->mb_name, mb->mb_delimiter);
	buf_addf(&rel, "x/%s", f.name != NULL ? f.name : "");
	if (f.name == NULL || !maildir_folder_valid(rel.data)) {
		log_debug("imap: %s: folder '%s' cannot be stored, left out",
		    im->acct->host, mb->mb_name);
		free(f.name);
		buf_release(&rel);
		return;
	}
	buf_release(&rel);
	f.raw = xstrdup(mb->mb_name);
	if (mb->mb_flag != NULL && mb->mb_flag->mbf_oflags != NULL) {
		if (mb->mb_flag->mbf_type == MAILIMAP_MBX_LIST_FLAGS_SFLAG &&
		    mb->mb_flag->mbf_sflag == MAILIMAP_MBX_LIST_SFLAG_NOSELECT)
			f.noselect = 1;
		for (it = clist_begin(mb->mb_flag->mbf_oflags); it != NULL;
		     it = clist_next(it)) {
			struct mailimap_mbx_list_oflag *of = clist_content(it);
			if (of->of_type != MAILIMAP_MBX_LIST_OFLAG_FLAG_EXT)
				continue;
			if (strcasecmp(of->of_flag_ext, "NonExistent") == 0 ||
			    strcasecmp(of->of_flag_ext, "Noselect") == 0)
				f.noselect = 1;
			else if (f.role == IMAP_ROLE_NONE)
				f.role = role_of(of->of_flag_ext);
		}
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = f;
}

/* The folders of a LIST reply into *v, *n; frees list. */
static void
add_folders(struct imap *im, clist *list, struct imap_folder **v, size_t *n)
{
	clistiter *it;

	for (it = list != NULL ? clist_begin(list) : NULL; it != NULL;
	     it = clist_next(it))
		add_folder(im, clist_content(it), v, n);
	if (list != NULL)
		mailimap_list_result_free(list);
}

int
imap_list(
    struct imap *imap, struct imap_folder **v_r, size_t *n_r, struct err *err)
{
	clist *list = NULL;
	int r;

	*v_r = NULL;
	*n_r = 0;
	r = mailimap_list(imap->s, "", "*", &list);
	if (r != MAILIMAP_NO_ERROR)
		return fail(imap, r, _("listing folders"), err);
	add_folders(imap, list, v_r, n_r);
	return 0;
}

void
imap_folders_free(struct imap_folder *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].raw);
	}
	free(v);
}

char *
imap_raw_name(struct imap *imap, const char *name)
{
	char *raw, *p, d = imap->delim != '\0' ? imap->delim : '/';

	if (strcmp(name, "INBOX") == 0)
		return xstrdup("INBOX");
	if (d != '/' && strchr(name, d) != NULL)
		return NULL;
	raw = mutf7_encode(name);
	if (raw != NULL)
		for (p = raw; *p != '\0'; p++)
			if (*p == '/')
				*p = d;
	return raw;
}

int
imap_create(struct imap *imap, const char *raw, struct err *err)
{
	int r = mailimap_create(imap->s, raw);

	return r == MAILIMAP_NO_ERROR
	    ? 0
	    : fail(imap, r, _("creating a folder"), err);
}

int
imap_select(struct imap *imap, const char *raw, struct imap_selected *sel,
    struct err *err)
{
	struct mailimap_selection_info *si;
	uint64_t hms = 0;
	int r;

	if (enable_qresync(imap, err) < 0)
		return -1;
	log_debug("imap: %s: selecting '%s'", imap->acct->host, raw);
	if (mailimap_has_condstore(imap->s) || mailimap_has_qresync(imap->s))
		r = mailimap_select_condstore(imap->s, raw, &hms);
	else
		r = mailimap_select(imap->s, raw);
	if (r != MAILIMAP_NO_ERROR)
		return fail(imap, r, _("selecting a folder"), err);
	si = imap->s->imap_selection_info;
	sel->uidvalidity = si->sel_uidvalidity;
	sel->uidnext = si->sel_uidnext;
	sel->exists = si->sel_exists;
	sel->highestmodseq = hms;
	return 0;
}

/* ---- STATUS of many folders at once ---- */

/* Commands sent before their replies are read: keeps both sides' socket
 * buffers from filling up while neither reads. */
#define STATUS_PIPELINE 64

/* raw as an IMAP quoted string into b; -1 when it needs a literal. */
static int
add_quoted(struct buf *b, const char *raw)
{
	const char *p;

	for (p = raw; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return -1;
	buf_adds(b, "\"");
	for (p = raw; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_adds(b, "\\");
		buf_add(b, p, 1);
	}
	buf_adds(b, "\"");
	return 0;
}

/* Copy what a STATUS reply says into st. */
static void
read_status(
    const struct mailimap_mailbox_data_status *ds, struct imap_status *st)
{
	struct mailimap_condstore_status_info *cs;
	clistiter *it;
	int have = 0;

	memset(st, 0, sizeof *st);
	for (it = ds->st_info_list != NULL ? clist_begin(ds->st_info_list)
					   : NULL;
	     it != NULL; it = clist_next(it)) {
		struct mailimap_status_info *si = clist_content(it);
		struct mailimap_extension_data *ext = si->st_ext_data;

		switch (si->st_att) {
		case MAILIMAP_STATUS_ATT_UIDVALIDITY:
			st->uidvalidity = si->st_value;
			have |= 1;
			break;
		case MAILIMAP_STATUS_ATT_UIDNEXT:
			st->uidnext = si->st_value;
			have |= 2;
			break;
		case MAILIMAP_STATUS_ATT_MESSAGES:
			st->messages = si->st_value;
			have |= 4;
			break;
		default:
			/* HIGHESTMODSEQ comes as CONDSTORE's extension data. */
			if (ext == NULL || ext->ext_extension == NULL ||
			    ext->ext_extension->ext_id !=
				MAILIMAP_EXTENSION_CONDSTORE ||
			    ext->ext_type !=
				MAILIMAP_CONDSTORE_TYPE_STATUS_INFO)
				break;
			cs = ext->ext_data;
			st->highestmodseq = cs->cs_highestmodseq_value;
			have |= 8;
			break;
		}
	}
	st->known = have == 15;
}

/*
 * The folder of raws[0..n) that a STATUS reply names, or n. libetpan
 * 1.9.4 hands over a quoted mailbox name of a STATUS reply with its
 * quotes and backslashes still on: those are taken off here.
 */
static size_t
status_owner(const char *name, const char *const *raws, size_t n)
{
	struct buf b = BUF_INIT;
	const char *p;
	size_t i, len = name != NULL ? strlen(name) : 0;

	if (len >= 2 && name[0] == '"' && name[len - 1] == '"') {
		for (p = name + 1; p < name + len - 1; p++) {
			if (*p == '\\' && p + 1 < name + len - 1)
				p++;
			buf_add(&b, p, 1);
		}
		name = b.data;
	}
	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(raws[i], name) == 0 ||
		    (strcasecmp(raws[i], "INBOX") == 0 &&
			strcasecmp(name, "INBOX") == 0))
			break;
	buf_release(&b);
	return i;
}

/* The line "STATUS raw (...)" into b; -1 when raw needs a literal. */
static int
status_line(struct buf *b, const char *raw)
{
	buf_reset(b);
	buf_adds(b, "STATUS ");
	if (add_quoted(b, raw) < 0)
		return -1;
	buf_adds(b, " (UIDVALIDITY UIDNEXT MESSAGES HIGHESTMODSEQ)\r\n");
	return 0;
}

/* Send the line in cmd under the next tag, without flushing. */
static int
send_tagged(struct imap *im, const struct buf *cmd)
{
	int r = mailimap_send_current_tag(im->s);

	if (r == MAILIMAP_NO_ERROR &&
	    mailstream_write(im->s->imap_stream, cmd->data, cmd->len) < 0)
		r = MAILIMAP_ERROR_STREAM;
	return r;
}

/*
 * Read the whole reply to the command tagged tag, one of several sent
 * together: libetpan checks that a tagged reply carries the last tag
 * sent, so that is set first. *ok: the reply was OK. A NO or BAD is not
 * an error here; what the reply said stays in imap_response_info until
 * the next one is read.
 */
static int
read_reply(struct imap *im, int tag, int *ok)
{
	struct mailimap_response *resp;
	struct mailimap_response_done *done;
	int r;

	*ok = 0;
	im->s->imap_tag = tag;
	if (mailimap_read_line(im->s) == NULL)
		return MAILIMAP_ERROR_STREAM;
	r = mailimap_parse_response(im->s, &resp);
	if (r == MAILIMAP_ERROR_PROTOCOL) /* BAD: this command only */
		return MAILIMAP_NO_ERROR;
	if (r != MAILIMAP_NO_ERROR)
		return r;
	done = resp->rsp_resp_done;
	*ok = done != NULL &&
	    done->rsp_type == MAILIMAP_RESP_DONE_TYPE_TAGGED &&
	    done->rsp_data.rsp_tagged->rsp_cond_state->rsp_type ==
		MAILIMAP_RESP_COND_STATE_OK;
	mailimap_response_free(resp);
	return MAILIMAP_NO_ERROR;
}

/* The STATUS data of the reply just read, if it names one of raws[0..n). */
static void
take_status(
    struct imap *im, const char *const *raws, size_t n, struct imap_status *out)
{
	struct mailimap_response_info *ri = im->s->imap_response_info;
	size_t i;

	if (ri == NULL || ri->rsp_status == NULL)
		return;
	i = status_owner(ri->rsp_status->st_mailbox, raws, n);
	if (i < n)
		read_status(ri->rsp_status, &out[i]);
}

/*
 * Send STATUS for raws[0..n) all at once, then read the n replies.
 * libetpan keeps only the last STATUS reply of a response, so each reply
 * is read on its own with the tag it answers; its STATUS data is matched
 * to the folder by name. A reply that is not OK leaves that folder
 * unknown.
 */
static int
status_batch(struct imap *im, const char *const *raws, size_t n,
    struct imap_status *out, struct err *err)
{
	struct buf cmd = BUF_INIT;
	size_t i, k, sent = 0;
	int r = MAILIMAP_NO_ERROR, first, ok;

	for (i = 0; i < n && r == MAILIMAP_NO_ERROR; i++) {
		if (status_line(&cmd, raws[i]) < 0)
			continue; /* never asked: stays unknown */
		r = send_tagged(im, &cmd);
		if (r == MAILIMAP_NO_ERROR)
			sent++;
	}
	buf_release(&cmd);
	if (r == MAILIMAP_NO_ERROR && sent > 0 &&
	    mailstream_flush(im->s->imap_stream) < 0)
		r = MAILIMAP_ERROR_STREAM;
	first = im->s->imap_tag - (int)sent + 1;
	for (k = 0; k < sent && r == MAILIMAP_NO_ERROR; k++) {
		r = read_reply(im, first + (int)k, &ok);
		if (r == MAILIMAP_NO_ERROR)
			take_status(im, raws, n, out);
	}
	if (r != MAILIMAP_NO_ERROR)
		return fail(
		    im, r, _("asking for the state of its folders"), err);
	return 0;
}

int
imap_status_many(struct imap *imap, const char *const *raws, size_t n,
    struct imap_status *out, struct err *err)
{
	size_t i, k;

	memset(out, 0, n * sizeof *out);
	for (i = 0; i < n; i += k) {
		k = n - i < STATUS_PIPELINE ? n - i : STATUS_PIPELINE;
		if (status_batch(imap, raws + i, k, out + i, err) < 0)
			return -1;
	}
	return 0;
}

/* The LIST data of the reply just read, taken from libetpan, or NULL. */
static clist *
take_list(struct imap *im)
{
	struct mailimap_response_info *ri = im->s->imap_response_info;
	clist *list;

	if (ri == NULL)
		return NULL;
	list = ri->rsp_mailbox_list;
	ri->rsp_mailbox_list = NULL;
	return list;
}

/*
 * LIST with the STATUS of raw sent just before it, in one round trip.
 * Dovecot (2.3, Maildir) answers a STATUS of its INBOX from the index
 * alone only while nothing has loaded its list of folders yet: after a
 * LIST it also reads the whole uidlist, 130 ms at 100,000 messages.
 */
int
imap_list_status(struct imap *imap, const char *raw, struct imap_status *st,
    struct imap_folder **v_r, size_t *n_r, struct err *err)
{
	struct buf cmd = BUF_INIT;
	clist *early = NULL;
	int r, first, ok = 0;

	memset(st, 0, sizeof *st);
	if (!imap_has(imap, "CONDSTORE") || status_line(&cmd, raw) < 0) {
		buf_release(&cmd);
		return imap_list(imap, v_r, n_r, err);
	}
	*v_r = NULL;
	*n_r = 0;
	r = send_tagged(imap, &cmd);
	first = imap->s->imap_tag;
	buf_reset(&cmd);
	buf_adds(&cmd, "LIST \"\" \"*\"\r\n");
	if (r == MAILIMAP_NO_ERROR)
		r = send_tagged(imap, &cmd);
	buf_release(&cmd);
	if (r == MAILIMAP_NO_ERROR &&
	    mailstream_flush(imap->s->imap_stream) < 0)
		r = MAILIMAP_ERROR_STREAM;
	if (r == MAILIMAP_NO_ERROR)
		r = read_reply(imap, first, &ok);
	if (r == MAILIMAP_NO_ERROR) {
		take_status(imap, &raw, 1, st);
		/* LIST data a server sent before the STATUS was done */
		early = take_list(imap);
		r = read_reply(imap, first + 1, &ok);
	}
	if (r == MAILIMAP_NO_ERROR && !ok)
		r = MAILIMAP_ERROR_LIST;
	if (r != MAILIMAP_NO_ERROR) {
		if (early != NULL)
			mailimap_list_result_free(early);
		memset(st, 0, sizeof *st);
		return fail(imap, r, _("listing folders"), err);
	}
	add_folders(imap, early, v_r, n_r);
	add_folders(imap, take_list(imap), v_r, n_r);
	return 0;
}

/* ---- fetching ---- */

static unsigned
flags_of(struct mailimap_msg_att_dynamic *dyn)
{
	unsigned f = 0;
	clistiter *it;

	if (dyn == NULL || dyn->att_list == NULL)
		return 0; /* "FLAGS ()" */
	for (it = clist_begin(dyn->att_list); it != NULL; it = clist_next(it)) {
		struct mailimap_flag_fetch *ff = clist_content(it);
		if (ff->fl_type != MAILIMAP_FLAG_FETCH_OTHER)
			continue;
		switch (ff->fl_flag->fl_type) {
		case MAILIMAP_FLAG_SEEN:
			f |= IMAP_SEEN;
			break;
		case MAILIMAP_FLAG_ANSWERED:
			f |= IMAP_ANSWERED;
			break;
		case MAILIMAP_FLAG_FLAGGED:
			f |= IMAP_FLAGGED;
			break;
		case MAILIMAP_FLAG_DELETED:
			f |= IMAP_DELETED;
			break;
		case MAILIMAP_FLAG_DRAFT:
			f |= IMAP_DRAFT;
			break;
		case MAILIMAP_FLAG_KEYWORD:
			if (strcasecmp(ff->fl_flag->fl_data.fl_keyword,
				"$Forwarded") == 0)
				f |= IMAP_FORWARDED;
			break;
		default:
			break;
		}
	}
	return f;
}

/* What one FETCH response carries that tern uses. */
struct att {
	uint32_t uid;
	unsigned flags;
	int has_flags;
	uint32_t size;
	const char *body;
	size_t body_len;
	int has_body;
};

static void
read_att(struct mailimap_msg_att *a, struct att *out)
{
	clistiter *it;

	memset(out, 0, sizeof *out);
	if (a->att_list == NULL)
		return;
	for (it = clist_begin(a->att_list); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att_item *item = clist_content(it);
		struct mailimap_msg_att_static *st;

		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_DYNAMIC) {
			out->flags = flags_of(item->att_data.att_dyn);
			out->has_flags = 1;
			continue;
		}
		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		st = item->att_data.att_static;
		if (st->att_type == MAILIMAP_MSG_ATT_UID)
			out->uid = st->att_data.att_uid;
		else if (st->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE)
			out->size = st->att_data.att_rfc822_size;
		else if (st->att_type == MAILIMAP_MSG_ATT_BODY_SECTION) {
			out->body =
			    st->att_data.att_body_section->sec_body_part;
			out->body_len =
			    st->att_data.att_body_section->sec_length;
			out->has_body = 1;
		}
	}
}

static int
cmp_msg(const void *a, const void *b)
{
	uint32_t x = ((const struct imap_msg *)a)->uid;
	uint32_t y = ((const struct imap_msg *)b)->uid;

	return x < y ? -1 : x > y;
}

static void
set_words(struct buf *b, const uint32_t *uids, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i; j + 1 < n && uids[j + 1] == uids[j] + 1; j++)
			;
		if (i > 0)
			buf_adds(b, ",");
		if (j > i)
			buf_addf(b, "%u:%u", uids[i], uids[j]);
		else
			buf_addf(b, "%u", uids[i]);
		i = j + 1;
	}
}

/*
 * The FETCH results of the last command, in the session until the next
 * command (NULL when there were none or a handler took them).
 */
static clist *
fetched(struct imap *im)
{
	return im->s->imap_response_info != NULL
	    ? im->s->imap_response_info->rsp_fetch_list
	    : NULL;
}

int
imap_list_from(struct imap *imap, uint32_t from, struct imap_msg **v_r,
    size_t *n_r, struct err *err)
{
	struct imap_msg *v = NULL;
	char cmd[64];
	clistiter *it;
	size_t n = 0;
	struct att a;

	*v_r = NULL;
	*n_r = 0;
	snprintf(cmd, sizeof cmd, "UID FETCH %u:* (UID FLAGS RFC822.SIZE)",
	    (unsigned)from);
	if (raw_command(imap, cmd, _("listing new messages"), err) < 0)
		return -1;
	for (it = fetched(imap) != NULL ? clist_begin(fetched(imap)) : NULL;
	     it != NULL; it = clist_next(it)) {
		read_att(clist_content(it), &a);
		/* "from:*" names the last message even below from. */
		if (a.uid < from || a.uid == 0)
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n].uid = a.uid;
		v[n].flags = a.flags;
		v[n++].size = a.size;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_msg);
	*v_r = v;
	*n_r = n;
	return 0;
}

static void
each_vanished(struct mailimap_set *set, uint32_t below,
    void (*vanished)(void *arg, uint32_t uid), void *arg)
{
	clistiter *it;
	uint32_t u, hi;

	if (set == NULL || set->set_list == NULL)
		return;
	for (it = clist_begin(set->set_list); it != NULL; it = clist_next(it)) {
		struct mailimap_set_item *si = clist_content(it);
		hi = si->set_last == 0 || si->set_last >= below ? below - 1
								: si->set_last;
		for (u = si->set_first; u != 0 && u <= hi; u++)
			vanished(arg, u);
	}
}

/* Every VANISHED response of the last command (there may be several). */
static void
all_vanished(struct imap *im, uint32_t below,
    void (*vanished)(void *arg, uint32_t uid), void *arg)
{
	struct mailimap_extension_data *ext;
	clistiter *it;
	clist *l = im->s->imap_response_info != NULL
	    ? im->s->imap_response_info->rsp_extension_list
	    : NULL;

	for (it = l != NULL ? clist_begin(l) : NULL; it != NULL;
	     it = clist_next(it)) {
		ext = clist_content(it);
		if (ext->ext_extension->ext_id == MAILIMAP_EXTENSION_QRESYNC &&
		    ext->ext_type == MAILIMAP_QRESYNC_TYPE_VANISHED)
			each_vanished(
			    ((struct mailimap_qresync_vanished *)ext->ext_data)
				->qr_known_uids,
			    below, vanished, arg);
	}
}

int
imap_fetch_flags(struct imap *imap, uint32_t uidnext, uint64_t since,
    void (*flag)(void *arg, uint32_t uid, unsigned flags),
    void (*vanished)(void *arg, uint32_t uid), void *arg, struct err *err)
{
	int qresync = since > 0 && mailimap_has_qresync(imap->s);
	char cmd[128];
	clistiter *it;
	struct att a;

	if (uidnext <= 1)
		return 0;
	if (since > 0)
		snprintf(cmd, sizeof cmd,
		    "UID FETCH 1:%u (UID FLAGS) (CHANGEDSINCE %" PRIu64 "%s)",
		    (unsigned)(uidnext - 1), since, qresync ? " VANISHED" : "");
	else
		snprintf(cmd, sizeof cmd, "UID FETCH 1:%u (UID FLAGS)",
		    (unsigned)(uidnext - 1));
	if (raw_command(imap, cmd, _("fetching flags"), err) < 0)
		return -1;
	for (it = fetched(imap) != NULL ? clist_begin(fetched(imap)) : NULL;
	     it != NULL; it = clist_next(it)) {
		read_att(clist_content(it), &a);
		if (a.uid != 0 && a.has_flags)
			flag(arg, a.uid, a.flags);
	}
	if (qresync && vanished != NULL)
		all_vanished(imap, uidnext, vanished, arg);
	return 0;
}

struct body_ctx {
	int (*body)(void *arg, uint32_t uid, unsigned flags, const char *data,
	    size_t len, struct err *err);
	void *arg;
	struct err *err;
	int failed;
};

static void
body_handler(struct mailimap_msg_att *msg, void *ctx)
{
	struct body_ctx *c = ctx;
	struct att a;

	if (c->failed)
		return;
	read_att(msg, &a);
	if (a.uid == 0 || !a.has_body)
		return; /* an unasked-for FETCH (a flag change) */
	if (c->body(c->arg, a.uid, a.flags, a.body != NULL ? a.body : "",
		a.body_len, c->err) < 0)
		c->failed = 1;
}

static void
no_progress(size_t current, size_t maximum, void *ctx)
{
	(void)current;
	(void)maximum;
	(void)ctx;
}

int
imap_fetch_bodies(struct imap *imap, const uint32_t *uids, size_t n,
    int (*body)(void *arg, uint32_t uid, unsigned flags, const char *data,
	size_t len, struct err *err),
    void *arg, struct err *err)
{
	struct body_ctx c = { body, arg, err, 0 };
	struct buf cmd = BUF_INIT;
	struct err ferr;
	int r;

	if (n == 0)
		return 0;
	buf_adds(&cmd, "UID FETCH ");
	set_words(&cmd, uids, n);
	buf_adds(&cmd, " (UID FLAGS BODY.PEEK[])");
	/* The handler is ignored without a progress callback. */
	mailimap_set_msg_att_handler(imap->s, body_handler, &c);
	mailimap_set_progress_callback(imap->s, NULL, no_progress, NULL);
	err_clear(&ferr);
	r = raw_command(imap, cmd.data, _("fetching messages"), &ferr);
	mailimap_set_msg_att_handler(imap->s, NULL, NULL);
	mailimap_set_progress_callback(imap->s, NULL, NULL, NULL);
	buf_release(&cmd);
	if (c.failed) {
		/* The rest of the reply is unread: the connection is done. */
		imap->broken = 1;
		return -1;
	}
	if (r < 0 && err != NULL)
		*err = ferr;
	return r;
}

int
imap_find_message_id(
    struct imap *imap, const char *mid, uint32_t *uid_r, struct err *err)
{
	struct mailimap_search_key *key;
	char *quoted = xasprintf("<%s>", mid);
	clist *res = NULL;
	int r;

	*uid_r = 0;
	key = mailimap_search_key_new_header(xstrdup("Message-ID"), quoted);
	r = mailimap_uid_search(imap->s, NULL, key, &res);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return fail(imap, r, _("searching a folder"), err);
	if (res != NULL && clist_begin(res) != NULL)
		*uid_r = *(uint32_t *)clist_content(clist_begin(res));
	if (res != NULL)
		mailimap_search_result_free(res);
	return 0;
}

/* ---- changing ---- */

static void
flag_words(struct buf *b, unsigned flags)
{
	static const struct {
		unsigned bit;
		const char *word;
	} words[] = {
		{ IMAP_SEEN, "\\Seen" },
		{ IMAP_ANSWERED, "\\Answered" },
		{ IMAP_FLAGGED, "\\Flagged" },
		{ IMAP_DELETED, "\\Deleted" },
		{ IMAP_DRAFT, "\\Draft" },
		{ IMAP_FORWARDED, "$Forwarded" },
	};
	const char *sep = "";
	size_t i;

	buf_adds(b, "(");
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (flags & words[i].bit) {
			buf_addf(b, "%s%s", sep, words[i].word);
			sep = " ";
		}
	buf_adds(b, ")");
}

static int
store_one(struct imap *im, const uint32_t *uids, size_t n, char sign,
    unsigned flags, struct err *err)
{
	struct buf cmd = BUF_INIT;
	int r;

	buf_adds(&cmd, "UID STORE ");
	set_words(&cmd, uids, n);
	buf_addf(&cmd, " %cFLAGS.SILENT ", sign);
	flag_words(&cmd, flags);
	r = raw_command(im, cmd.data, _("changing flags"), err);
	buf_release(&cmd);
	return r;
}

int
imap_store(struct imap *imap, const uint32_t *uids, size_t n, unsigned add,
    unsigned del, struct err *err)
{
	if (n == 0)
		return 0;
	if (add != 0 && store_one(imap, uids, n, '+', add, err) < 0)
		return -1;
	if (del != 0 && store_one(imap, uids, n, '-', del, err) < 0)
		return -1;
	return 0;
}

int
imap_expunge(struct imap *imap, const uint32_t *uids, size_t n, struct err *err)
{
	struct buf cmd = BUF_INIT;
	int r;

	if (n == 0)
		return 0;
	if (imap_store(imap, uids, n, IMAP_DELETED, 0, err) < 0)
		return -1;
	/* Without UIDPLUS, EXPUNGE also takes what others marked \Deleted. */
	if (!mailimap_has_uidplus(imap->s))
		buf_adds(&cmd, "EXPUNGE");
	else {
		buf_adds(&cmd, "UID EXPUNGE ");
		set_words(&cmd, uids, n);
	}
	r = raw_command(imap, cmd.data, _("expunging messages"), err);
	buf_release(&cmd);
	return r;
}

/* The first UID of a COPYUID destination set, or 0. */
static uint32_t
first_uid(struct mailimap_set *set)
{
	struct mailimap_set_item *si;

	if (set == NULL || set->set_list == NULL ||
	    clist_begin(set->set_list) == NULL)
		return 0;
	si = clist_content(clist_begin(set->set_list));
	return si->set_first;
}

int
imap_move(struct imap *imap, uint32_t uid, const char *dest_raw,
    uint32_t *newuid_r, struct err *err)
{
	struct mailimap_set *set = mailimap_set_new_single(uid);
	struct mailimap_set *src = NULL, *dst = NULL;
	uint32_t uv = 0;
	int r, move = mailimap_has_extension(imap->s, "MOVE");

	*newuid_r = 0;
	if (move)
		r = mailimap_uidplus_uid_move(
		    imap->s, set, dest_raw, &uv, &src, &dst);
	else
		r = mailimap_uidplus_uid_copy(
		    imap->s, set, dest_raw, &uv, &src, &dst);
	mailimap_set_free(set);
	*newuid_r = first_uid(dst);
	if (src != NULL)
		mailimap_set_free(src);
	if (dst != NULL)
		mailimap_set_free(dst);
	if (r != MAILIMAP_NO_ERROR)
		return fail(imap, r, _("moving a message"), err);
	if (!move && *newuid_r != 0)
		return imap_expunge(imap, &uid, 1, err);
	return 0;
}

int
imap_append(struct imap *imap, const char *raw, const char *data, size_t len,
    unsigned flags, uint32_t *uid_r, struct err *err)
{
	struct mailimap_flag_list *fl = mailimap_flag_list_new_empty();
	uint32_t uv = 0;
	int r;

	*uid_r = 0;
	if (flags & IMAP_SEEN)
		mailimap_flag_list_add(fl, mailimap_flag_new_seen());
	if (flags & IMAP_ANSWERED)
		mailimap_flag_list_add(fl, mailimap_flag_new_answered());
	if (flags & IMAP_FLAGGED)
		mailimap_flag_list_add(fl, mailimap_flag_new_flagged());
	if (flags & IMAP_DELETED)
		mailimap_flag_list_add(fl, mailimap_flag_new_deleted());
	if (flags & IMAP_DRAFT)
		mailimap_flag_list_add(fl, mailimap_flag_new_draft());
	if (flags & IMAP_FORWARDED)
		mailimap_flag_list_add(
		    fl, mailimap_flag_new_flag_keyword(xstrdup("$Forwarded")));
	r = mailimap_uidplus_append(
	    imap->s, raw, fl, NULL, data, len, &uv, uid_r);
	mailimap_flag_list_free(fl);
	return r == MAILIMAP_NO_ERROR
	    ? 0
	    : fail(imap, r, _("uploading a message"), err);
}

int
imap_idle(struct imap *imap, int wake_fd, int timeout_s, struct err *err)
{
	struct pollfd p[2];
	int r, n, changed = 0;

	r = mailimap_idle(imap->s);
	if (r != MAILIMAP_NO_ERROR)
		return fail(imap, r, _("starting IDLE"), err);
	p[0].fd = mailimap_idle_get_fd(imap->s);
	p[0].events = POLLIN;
	p[1].fd = wake_fd;
	p[1].events = POLLIN;
	if (imap->s->imap_stream->read_buffer_len > 0)
		changed = 1;
	else {
		n = poll(p, wake_fd >= 0 ? 2 : 1, timeout_s * 1000);
		changed = n > 0 && (p[0].revents & (POLLIN | POLLHUP));
	}
	r = mailimap_idle_done(imap->s);
	if (r != MAILIMAP_NO_ERROR)
		return fail(imap, r, _("ending IDLE"), err);
	return changed;
}

/* ---- Maildir letters ---- */

static const struct {
	unsigned bit;
	char letter;
} letters[] = {
	/* In ASCII order, as Maildir wants them. */
	{ IMAP_DRAFT, 'D' },
	{ IMAP_FLAGGED, 'F' },
	{ IMAP_FORWARDED, 'P' },
	{ IMAP_ANSWERED, 'R' },
	{ IMAP_SEEN, 'S' },
	{ IMAP_DELETED, 'T' },
};

void
imap_flags_to_maildir(unsigned flags, char *buf)
{
	size_t i;

	for (i = 0; i < sizeof letters / sizeof letters[0]; i++)
		if (flags & letters[i].bit)
			*buf++ = letters[i].letter;
	*buf = '\0';
}

unsigned
imap_flags_from_maildir(const char *s)
{
	unsigned f = 0;
	size_t i;

	for (; s != NULL && *s != '\0'; s++)
		for (i = 0; i < sizeof letters / sizeof letters[0]; i++)
			if (*s == letters[i].letter)
				f |= letters[i].bit;
	return f;
}
