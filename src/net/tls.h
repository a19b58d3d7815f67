/*
 * tern's transport under libetpan: a mailstream_low driver over a socket,
 * plaintext or TLS (OpenSSL), with certificate checks. Never use
 * libetpan's own TLS, which verifies nothing. The driver's read and write
 * return -1 on EOF, timeout, cancel or error, never 0; mailstream_cancel
 * from another thread wakes a blocked call. Call net_init first.
 */
#ifndef TERN_NET_TLS_H
#define TERN_NET_TLS_H

#include <libetpan/mailstream.h>

#include "util/config.h"
#include "util/err.h"

struct tls_opts {
	const char *host;    /* name or IP literal the certificate must match */
	const char *ca_file; /* trusted CAs (PEM); NULL: the system store */
	const char *fingerprint; /* 64 hex digits of a SHA-256 pin, or NULL */
	const char *account;	 /* the account's name, for messages */
	int timeout_s;		 /* per read, write or handshake step */
};

/* The options for account a's server host: its CA file and pin. */
void tls_opts_account(struct tls_opts *o, const struct config_account *a,
    const char *host, int timeout_s);

/*
 * A plaintext driver on the connected non-blocking socket fd (for the
 * phase before STARTTLS). The driver owns fd from now on: closing the
 * stream closes it. Never NULL.
 */
mailstream_low *tls_low_plain(int fd, int timeout_s);

/*
 * Do a TLS handshake (1.2 or later) on the connected non-blocking socket
 * fd and check the server's certificate: the chain against o->ca_file or
 * the system store and the host name, or, when o->fingerprint is set,
 * only that the certificate's SHA-256 is the pin. Blocks. On success
 * *low_r is a driver that owns fd, and 0 is returned; on failure -1, err
 * says why, and fd is left open for the caller.
 */
int tls_low_open(
    int fd, const struct tls_opts *o, mailstream_low **low_r, struct err *err);

/*
 * Connect to o->host at port and return a driver on the socket: with
 * implicit, the TLS handshake and certificate checks of tls_low_open are
 * made at once; without, the driver is plaintext (for a STARTTLS later,
 * or a loopback server). *fd_r is the socket, owned by the driver (for
 * sock_peer_is_loopback). Returns 0, or -1 with err set (ERR_WAIT when
 * the server cannot be reached).
 */
int tls_dial(unsigned port, int implicit, const struct tls_opts *o,
    mailstream_low **low_r, int *fd_r, struct err *err);

/*
 * STARTTLS: after the server's go-ahead has been read from s, do the
 * handshake on its socket and swap s's driver for the TLS one. Refuses
 * (and leaves s as it was) when the server sent bytes after its
 * go-ahead. Blocks. Returns 0, or -1 with err set; the connection must
 * then be closed.
 */
int tls_upgrade(mailstream *s, const struct tls_opts *o, struct err *err);

/*
 * Why the last read or write on s failed ("timeout after 60 s", "the
 * server closed the connection"), or NULL when s is not on tern's
 * driver or nothing failed. Borrowed from the stream.
 */
const char *tls_stream_error(mailstream *s);

/* Whether the server sent bytes after its STARTTLS go-ahead (unread). */
int tls_starttls_injected(const mailstream *s);

/* Set err to say that host injected bytes before the handshake; -1. */
int tls_injected_error(const char *host, struct err *err);

#endif
