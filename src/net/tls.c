#include <config.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <libetpan/carray.h>
#include <libetpan/mailstream_low.h>
#include <libetpan/mmapstring.h>

#include "net/sock.h"
#include "net/tls.h"
#include "util/err.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/xalloc.h"

#define TLS_MD_LEN 32
#define TLS_FP_TEXT (TLS_MD_LEN * 3)
#define TLS_DEFAULT_TIMEOUT 60

/* The driver's data: one socket, TLS once ssl is set. */
struct tls_conn {
	int fd;
	SSL *ssl;
	int timeout_s;
	int wake[2];   /* mailstream_cancel writes, a blocked wait wakes */
	char why[160]; /* why the last call failed, for the handshake */
};

/* What certificate verification saw, for the pin and for messages. */
struct tls_check {
	const struct tls_opts *o;
	X509 *leaf; /* a reference of its own */
	int verr;   /* the first verification error, or X509_V_OK */
};

static int __attribute__((format(printf, 2, 3)))
tls_fail(struct tls_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
	log_debug("tls: fd %d: %s", c->fd, c->why);
	return -1;
}

static long
tls_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
tls_drain(struct tls_conn *c)
{
	char b[64];

	while (read(c->wake[0], b, sizeof b) > 0)
		;
}

/* Wait until fd is ready for ev; 0, or -1 on timeout, cancel or error. */
static int
tls_wait(struct tls_conn *c, short ev, int timeout_s)
{
	struct pollfd p[2] = { { .fd = c->fd, .events = ev },
		{ .fd = c->wake[0], .events = POLLIN } };
	long deadline = tls_now_ms() + (long)timeout_s * 1000;

	for (;;) {
		long left = deadline - tls_now_ms();
		int n;

		if (left <= 0)
			return tls_fail(c, _("timeout after %d s"), timeout_s);
		n = poll(p, 2, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tls_fail(c, _("poll: %s"), strerror(errno));
		if (n == 0)
			continue;
		if (p[1].revents != 0) {
			tls_drain(c);
			return tls_fail(c, _("cancelled"));
		}
		return 0;
	}
}

static const char *
tls_ssl_reason(int e)
{
	unsigned long code = ERR_peek_last_error();
	const char *r = code ? ERR_reason_error_string(code) : NULL;

	if (e == SSL_ERROR_ZERO_RETURN ||
	    (e == SSL_ERROR_SYSCALL && code == 0 &&
		(errno == 0 || errno == EPIPE || errno == ECONNRESET)) ||
	    ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
		return _("the server closed the connection");
	if (e == SSL_ERROR_SYSCALL && code == 0)
		return strerror(errno);
	return r ? r : _("TLS protocol error");
}

/* After an SSL call returned r <= 0: wait and 0 to retry, or -1. */
static int
tls_ssl_again(struct tls_conn *c, int r, int timeout_s)
{
	int e = SSL_get_error(c->ssl, r);

	if (e == SSL_ERROR_WANT_READ)
		return tls_wait(c, POLLIN, timeout_s);
	if (e == SSL_ERROR_WANT_WRITE)
		return tls_wait(c, POLLOUT, timeout_s);
	return tls_fail(c, "%s", tls_ssl_reason(e));
}

static int
tls_timeout(mailstream_low *s)
{
	struct tls_conn *c = s->data;

	return s->timeout ? (int)s->timeout : c->timeout_s;
}

static ssize_t
tls_plain_read(struct tls_conn *c, void *buf, size_t count, int to)
{
	for (;;) {
		ssize_t n = recv(c->fd, buf, count, 0);

		if (n > 0)
			return n;
		if (n == 0)
			return tls_fail(
			    c, _("the server closed the connection"));
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return tls_fail(c, _("recv: %s"), strerror(errno));
		if (tls_wait(c, POLLIN, to) < 0)
			return -1;
	}
}

static ssize_t
tls_read(mailstream_low *s, void *buf, size_t count)
{
	struct tls_conn *c = s->data;
	int to = tls_timeout(s);

	if (count == 0)
		return 0;
	if (c->ssl == NULL)
		return tls_plain_read(c, buf, count, to);
	for (;;) {
		int n;

		errno = 0;
		ERR_clear_error();
		n = SSL_read(
		    c->ssl, buf, count > INT_MAX ? INT_MAX : (int)count);
		if (n > 0)
			return n;
		if (tls_ssl_again(c, n, to) < 0)
			return -1;
	}
}

static ssize_t
tls_plain_write(struct tls_conn *c, const void *buf, size_t count, int to)
{
	for (;;) {
		ssize_t n = send(c->fd, buf, count, MSG_NOSIGNAL);

		if (n > 0)
			return n;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return tls_fail(c, _("send: %s"), strerror(errno));
		if (tls_wait(c, POLLOUT, to) < 0)
			return -1;
	}
}

static ssize_t
tls_write(mailstream_low *s, const void *buf, size_t count)
{
	struct tls_conn *c = s->data;
	int to = tls_timeout(s);

	if (count == 0)
		return 0;
	if (c->ssl == NULL)
		return tls_plain_write(c, buf, count, to);
	for (;;) {
		int n;

		errno = 0;
		ERR_clear_error();
		n = SSL_write(
		    c->ssl, buf, count > INT_MAX ? INT_MAX : (int)count);
		if (n > 0)
			return n;
		if (tls_ssl_again(c, n, to) < 0)
			return -1;
	}
}

static int
tls_close(mailstream_low *s)
{
	struct tls_conn *c = s->data;

	if (c->ssl != NULL && c->fd >= 0)
		SSL_shutdown(c->ssl);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	return 0;
}

static int
tls_get_fd(mailstream_low *s)
{
	return ((struct tls_conn *)s->data)->fd;
}

static void
tls_conn_free(struct tls_conn *c)
{
	SSL_free(c->ssl);
	if (c->wake[0] >= 0)
		close(c->wake[0]);
	if (c->wake[1] >= 0)
		close(c->wake[1]);
	free(c);
}

/* The fd is not closed here: mailstream_close does that, STARTTLS not. */
static void
tls_free(mailstream_low *s)
{
	tls_conn_free(s->data);
	free(s);
}

static void
tls_cancel(mailstream_low *s)
{
	struct tls_conn *c = s->data;
	char b = 1;

	if (c->wake[1] >= 0 && write(c->wake[1], &b, 1) < 0)
		log_debug("tls: cannot wake fd %d: %s", c->fd, strerror(errno));
}

static struct mailstream_cancel *
tls_get_cancel(mailstream_low *s)
{
	(void)s;
	return NULL;
}

static carray *
tls_chain(mailstream_low *s)
{
	struct tls_conn *c = s->data;
	STACK_OF(X509) *sk = c->ssl ? SSL_get_peer_cert_chain(c->ssl) : NULL;
	carray *a;
	int i;

	if (sk == NULL)
		return NULL;
	a = carray_new(4);
	for (i = 0; a != NULL && i < sk_X509_num(sk); i++) {
		unsigned char *der = NULL;
		int n = i2d_X509(sk_X509_value(sk, i), &der);

		if (n < 0)
			continue;
		carray_add(
		    a, mmap_string_new_len((char *)der, (size_t)n), NULL);
		OPENSSL_free(der);
	}
	return a;
}

static mailstream_low_driver tls_driver = {
	.mailstream_read = tls_read,
	.mailstream_write = tls_write,
	.mailstream_close = tls_close,
	.mailstream_get_fd = tls_get_fd,
	.mailstream_free = tls_free,
	.mailstream_cancel = tls_cancel,
	.mailstream_get_cancel = tls_get_cancel,
	.mailstream_get_certificate_chain = tls_chain,
};

static struct tls_conn *
tls_conn_new(int fd, int timeout_s)
{
	struct tls_conn *c = xcalloc(1, sizeof *c);

	c->fd = fd;
	c->timeout_s = timeout_s > 0 ? timeout_s : TLS_DEFAULT_TIMEOUT;
	if (pipe2(c->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		log_debug("tls: no wake pipe: %s", strerror(errno));
		c->wake[0] = c->wake[1] = -1;
	}
	return c;
}

mailstream_low *
tls_low_plain(int fd, int timeout_s)
{
	return mailstream_low_new(tls_conn_new(fd, timeout_s), &tls_driver);
}

/* Certificates: names, fingerprints and messages. */

static const char *
tls_account(const struct tls_opts *o)
{
	return o->account ? o->account : "?";
}

static int
tls_digest(X509 *x, unsigned char md[TLS_MD_LEN])
{
	unsigned n = 0;

	if (x == NULL || !X509_digest(x, EVP_sha256(), md, &n))
		return -1;
	return n == TLS_MD_LEN ? 0 : -1;
}

/* "AB:CD:...", or "unknown" without a certificate. */
static void
tls_fp_text(X509 *x, char out[TLS_FP_TEXT])
{
	unsigned char md[TLS_MD_LEN];
	int i;

	if (tls_digest(x, md) < 0) {
		snprintf(out, TLS_FP_TEXT, _("unknown"));
		return;
	}
	for (i = 0; i < TLS_MD_LEN; i++)
		snprintf(out + 3 * i, 4, "%02X%s", md[i],
		    i + 1 < TLS_MD_LEN ? ":" : "");
}

static int
tls_hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* 64 hex digits, colons allowed between bytes; 0 or -1. */
static int
tls_fp_parse(const char *s, unsigned char md[TLS_MD_LEN])
{
	int i, hi, lo;

	for (i = 0; i < TLS_MD_LEN; i++) {
		if (i > 0 && *s == ':')
			s++;
		hi = tls_hexval(s[0]);
		lo = hi < 0 ? -1 : tls_hexval(s[1]);
		if (lo < 0)
			return -1;
		md[i] = (unsigned char)(hi << 4 | lo);
		s += 2;
	}
	return *s == '\0' ? 0 : -1;
}

static void
tls_name_add(char *out, size_t n, const char *name)
{
	size_t len = strlen(out);

	if (len + strlen(name) + 5 >= n)
		return;
	snprintf(out + len, n - len, "%s'%s'", len ? ", " : "", name);
}

static void
tls_name_ip(char *out, size_t n, const ASN1_OCTET_STRING *ip)
{
	char text[INET6_ADDRSTRLEN];
	int len = ASN1_STRING_length(ip);
	int af = len == 4 ? AF_INET : len == 16 ? AF_INET6 : -1;

	if (af > 0 &&
	    inet_ntop(af, ASN1_STRING_get0_data(ip), text, sizeof text) != NULL)
		tls_name_add(out, n, text);
}

/* The DNS and IP names of the certificate: "'a', 'b'". */
static void
tls_names(X509 *x, char *out, size_t n)
{
	GENERAL_NAMES *gens;
	int i;

	out[0] = '\0';
	gens = x ? X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL) : NULL;
	for (i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);

		if (g->type == GEN_DNS)
			tls_name_add(out, n,
			    (const char *)ASN1_STRING_get0_data(g->d.dNSName));
		else if (g->type == GEN_IPADD)
			tls_name_ip(out, n, g->d.iPAddress);
	}
	GENERAL_NAMES_free(gens);
	if (out[0] == '\0')
		snprintf(out, n, _("no name"));
}

static int
tls_unknown_ca(int verr)
{
	return verr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
	    verr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
	    verr == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
	    verr == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
	    verr == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE ||
	    verr == X509_V_ERR_CERT_UNTRUSTED;
}

/* What is wrong with the certificate, after "certificate of 'HOST' ". */
static void
tls_reason(const struct tls_check *ck, char *out, size_t n)
{
	char names[400];

	if (ck->verr == X509_V_ERR_HOSTNAME_MISMATCH ||
	    ck->verr == X509_V_ERR_IP_ADDRESS_MISMATCH) {
		tls_names(ck->leaf, names, sizeof names);
		snprintf(out, n,
		    _("does not match the host name (it is for %s)"), names);
	} else if (ck->verr == X509_V_ERR_CERT_HAS_EXPIRED)
		snprintf(out, n, _("has expired"));
	else if (ck->verr == X509_V_ERR_CERT_NOT_YET_VALID)
		snprintf(out, n, _("is not valid yet"));
	else if (tls_unknown_ca(ck->verr))
		snprintf(out, n, _("is signed by an unknown authority"));
	else
		snprintf(out, n, _("was refused: %s"),
		    X509_verify_cert_error_string(ck->verr));
}

static int
tls_cert_err(const struct tls_check *ck, struct err *err)
{
	char fp[TLS_FP_TEXT], reason[512];

	tls_fp_text(ck->leaf, fp);
	tls_reason(ck, reason, sizeof reason);
	return err_set(err, ERR_FINAL,
	    _("certificate of '%s' %s (SHA-256 %s); set %s in [account %s] to "
	      "trust it"),
	    ck->o->host, reason, fp,
	    tls_unknown_ca(ck->verr) ? "ca_file or cert_fingerprint"
				     : "cert_fingerprint",
	    tls_account(ck->o));
}

/* Record what verification saw; with a pin, let the handshake finish. */
static int
tls_verify_cb(int ok, X509_STORE_CTX *xs)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(
	    xs, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_check *ck = ssl ? SSL_get_app_data(ssl) : NULL;
	X509 *leaf = X509_STORE_CTX_get0_cert(xs);

	if (ck == NULL)
		return ok;
	if (ck->leaf == NULL && leaf != NULL && X509_up_ref(leaf))
		ck->leaf = leaf;
	if (!ok && ck->verr == X509_V_OK)
		ck->verr = X509_STORE_CTX_get_error(xs);
	return ck->o->fingerprint != NULL ? 1 : ok;
}

static int
tls_ctx_trust(SSL_CTX *ctx, const struct tls_opts *o, struct err *err)
{
	if (o->ca_file == NULL) {
		if (SSL_CTX_set_default_verify_paths(ctx) != 1)
			log_debug("tls: no system certificate store");
		return 0;
	}
	if (SSL_CTX_load_verify_locations(ctx, o->ca_file, NULL) == 1)
		return 0;
	return err_set(err, ERR_FINAL,
	    _("cannot use ca_file '%s' of [account %s]: %s"), o->ca_file,
	    tls_account(o), tls_ssl_reason(SSL_ERROR_SSL));
}

static int
tls_ip_literal(const char *host)
{
	unsigned char a[16];

	return inet_pton(AF_INET, host, a) == 1 ||
	    inet_pton(AF_INET6, host, a) == 1;
}

/* SNI and the name check, or the IP address check for IP literals. */
static int
tls_set_host(SSL *ssl, const char *host)
{
	X509_VERIFY_PARAM *vp = SSL_get0_param(ssl);

	if (tls_ip_literal(host))
		return X509_VERIFY_PARAM_set1_ip_asc(vp, host) == 1 ? 0 : -1;
	if (SSL_set_tlsext_host_name(ssl, host) != 1)
		return -1;
	X509_VERIFY_PARAM_set_hostflags(
	    vp, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	return X509_VERIFY_PARAM_set1_host(vp, host, 0) == 1 ? 0 : -1;
}

static SSL *
tls_ssl_new(const struct tls_opts *o, struct err *err)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl = NULL;

	if (ctx == NULL) {
		err_set(err, ERR_FINAL, _("cannot set up TLS for '%s': %s"),
		    o->host, tls_ssl_reason(SSL_ERROR_SSL));
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(ctx,
	    SSL_MODE_ENABLE_PARTIAL_WRITE |
		SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (tls_ctx_trust(ctx, o, err) == 0)
		ssl = SSL_new(ctx);
	SSL_CTX_free(ctx);
	if (ssl == NULL)
		return NULL;
	SSL_set_verify(ssl, SSL_VERIFY_PEER, tls_verify_cb);
	if (tls_set_host(ssl, o->host) == 0)
		return ssl;
	SSL_free(ssl);
	err_set(err, ERR_FINAL,
	    _("cannot check certificates for the host '%s'"), o->host);
	return NULL;
}

static int
tls_handshake(struct tls_conn *c, int timeout_s)
{
	for (;;) {
		int r;

		errno = 0;
		ERR_clear_error();
		r = SSL_connect(c->ssl);
		if (r == 1)
			return 0;
		if (tls_ssl_again(c, r, timeout_s) < 0)
			return -1;
	}
}

/* After a good handshake: the pin, if any, must be the certificate's. */
static int
tls_check_pin(struct tls_conn *c, const struct tls_check *ck,
    const unsigned char pin[TLS_MD_LEN], struct err *err)
{
	X509 *x = SSL_get0_peer_certificate(c->ssl);
	unsigned char md[TLS_MD_LEN];
	char fp[TLS_FP_TEXT];

	if (ck->o->fingerprint == NULL)
		return 0;
	if (tls_digest(x, md) == 0 && memcmp(md, pin, TLS_MD_LEN) == 0) {
		log_debug(
		    "tls: '%s' matches the pinned certificate", ck->o->host);
		return 0;
	}
	tls_fp_text(x, fp);
	return err_set(err, ERR_FINAL,
	    _("certificate of '%s' does not match cert_fingerprint in [account "
	      "%s] (server sent SHA-256 %s)"),
	    ck->o->host, tls_account(ck->o), fp);
}

static int
tls_handshake_err(
    struct tls_conn *c, const struct tls_check *ck, struct err *err)
{
	if (ck->verr != X509_V_OK && ck->o->fingerprint == NULL)
		return tls_cert_err(ck, err);
	return err_set(err, ERR_TEMP, _("TLS handshake with '%s' failed: %s"),
	    ck->o->host, c->why);
}

/* Handshake and checks on c; 0 or -1 with err set. */
static int
tls_connect(struct tls_conn *c, const struct tls_opts *o,
    const unsigned char pin[TLS_MD_LEN], struct err *err)
{
	struct tls_check ck = { .o = o, .leaf = NULL, .verr = X509_V_OK };
	int r;

	SSL_set_app_data(c->ssl, &ck);
	log_debug("tls: handshake with '%s' on fd %d", o->host, c->fd);
	r = tls_handshake(c, c->timeout_s);
	SSL_set_app_data(c->ssl, NULL);
	if (r < 0)
		tls_handshake_err(c, &ck, err);
	else
		r = tls_check_pin(c, &ck, pin, err);
	X509_free(ck.leaf);
	if (r == 0)
		log_debug("tls: '%s': %s, %s", o->host, SSL_get_version(c->ssl),
		    SSL_get_cipher_name(c->ssl));
	return r;
}

int
tls_low_open(
    int fd, const struct tls_opts *o, mailstream_low **low_r, struct err *err)
{
	unsigned char pin[TLS_MD_LEN];
	struct tls_conn *c;
	SSL *ssl;

	if (o->fingerprint != NULL && tls_fp_parse(o->fingerprint, pin) < 0)
		return err_set(err, ERR_FINAL,
		    _("cert_fingerprint in [account %s] is not a SHA-256 "
		      "fingerprint (64 hexadecimal digits)"),
		    tls_account(o));
	ssl = tls_ssl_new(o, err);
	if (ssl == NULL)
		return -1;
	c = tls_conn_new(fd, o->timeout_s);
	c->ssl = ssl;
	if (SSL_set_fd(ssl, fd) != 1 || tls_connect(c, o, pin, err) < 0) {
		if (err != NULL && err->cls == ERR_NONE)
			err_set(err, ERR_FINAL, _("cannot start TLS with '%s'"),
			    o->host);
		tls_conn_free(c);
		return -1;
	}
	*low_r = mailstream_low_new(c, &tls_driver);
	return 0;
}

int
tls_injected_error(const char *host, struct err *err)
{
	return err_set(err, ERR_FINAL,
	    _("refusing STARTTLS on '%s': the server sent data before "
	      "the TLS handshake"),
	    host);
}

const char *
tls_stream_error(mailstream *s)
{
	mailstream_low *low = s != NULL ? mailstream_get_low(s) : NULL;
	struct tls_conn *c;

	if (low == NULL || low->driver != &tls_driver)
		return NULL;
	c = low->data;
	return c->why[0] != '\0' ? c->why : NULL;
}

int
tls_starttls_injected(const mailstream *s)
{
	return s->read_buffer_len != 0;
}

int
tls_upgrade(mailstream *s, const struct tls_opts *o, struct err *err)
{
	mailstream_low *old = mailstream_get_low(s), *low;

	if (tls_starttls_injected(s))
		return tls_injected_error(o->host, err);
	if (tls_low_open(mailstream_low_get_fd(old), o, &low, err) < 0)
		return -1;
	low->timeout = old->timeout;
	mailstream_low_free(old);
	mailstream_set_low(s, low);
	return 0;
}

int
tls_dial(unsigned port, int implicit, const struct tls_opts *o,
    mailstream_low **low_r, int *fd_r, struct err *err)
{
	int fd;

	if (sock_connect(o->host, port, o->timeout_s, &fd, err) < 0)
		return -1;
	*fd_r = fd;
	if (!implicit) {
		*low_r = tls_low_plain(fd, o->timeout_s);
		return 0;
	}
	if (tls_low_open(fd, o, low_r, err) < 0) {
		close(fd);
		return -1;
	}
	return 0;
}

void
tls_opts_account(struct tls_opts *o, const struct config_account *a,
    const char *host, int timeout_s)
{
	o->host = host;
	o->ca_file = a->ca_file;
	o->fingerprint = a->cert_fingerprint;
	o->account = a->name;
	o->timeout_s = timeout_s;
}
