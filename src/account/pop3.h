/*
 * One POP3 connection (RFC 1939, STLS from RFC 2595, CAPA from RFC 2449,
 * AUTH PLAIN from RFC 5034) on tern's transport (net/tls.h). tern does
 * the transaction commands itself on the stream, checking every line the
 * server sends; libetpan's POP3 commands corrupt memory on a hostile LIST
 * reply and ignore QUIT's answer. No APOP. Every call blocks (each read
 * or write for at most the timeout). Every line is read through a buffer
 * of 64 KiB: a status or listing line longer than 1024 bytes is refused
 * as soon as it is that long. After a connection error pop3_broken() is
 * true and the connection must be closed.
 */
#ifndef TERN_ACCOUNT_POP3_H
#define TERN_ACCOUNT_POP3_H

#include <stddef.h>

#include "util/config.h"
#include "util/err.h"

struct pop3;

/* A message on the server: its number in this session, UIDL and size. */
struct pop3_msg {
	unsigned num;
	char *uid;
	size_t size;
};

/* Most bytes tern accepts for one message. */
#define POP3_MESSAGE_MAX (256u * 1024 * 1024)
/*
 * Most bytes tern accepts for one line of a message. RFC 5322 allows
 * 998, but mail with a whole attachment on one line is real; a line is
 * never held in memory, so only a server that never ends one meets this.
 */
#define POP3_LINE_MAX (64u * 1024 * 1024)

/*
 * Connect as the account says (TLS mode, CA, pin, plaintext rules) and
 * log in (AUTH PLAIN where CAPA offers SASL PLAIN, else USER/PASS).
 * Returns 0 and the connection in *pop3_r, or -1 with err set (ERR_WAIT
 * unreachable, ERR_AUTH refused credentials with the server's words,
 * ERR_FINAL certificates and missing STLS).
 */
int pop3_open(const struct config_account *acct, int timeout_s,
    struct pop3 **pop3_r, struct err *err);

/* Close without QUIT (deletions are then not made); NULL is fine. */
void pop3_close(struct pop3 **pop3);

/* Whether the connection is unusable after an error. */
int pop3_broken(const struct pop3 *pop3);

/*
 * The messages on the server (UIDL, with sizes from LIST), sorted by
 * number. Sets *v_r (free with pop3_msgs_free) and *n_r.
 */
int pop3_list(
    struct pop3 *pop3, struct pop3_msg **v_r, size_t *n_r, struct err *err);
void pop3_msgs_free(struct pop3_msg *v, size_t n);

/*
 * RETR message num, byte-unstuffed and with LF line ends, handing it to
 * sink in pieces of at most 64 KiB, whole lines where they fit (so
 * neither a large message nor a long line is ever held in memory); at
 * most POP3_MESSAGE_MAX bytes and lines of at most POP3_LINE_MAX. When
 * sink fails (returns -1 with err set) the rest is left unread and the
 * connection is broken.
 */
int pop3_retr(struct pop3 *pop3, unsigned num,
    int (*sink)(void *arg, const char *data, size_t len, struct err *err),
    void *arg, struct err *err);

/* DELE message num (made when QUIT succeeds). */
int pop3_dele(struct pop3 *pop3, unsigned num, struct err *err);

/* RSET: unmark every message DELE marked in this session. */
int pop3_rset(struct pop3 *pop3, struct err *err);

/*
 * QUIT and read its answer: 0 when the server confirmed (deletions are
 * made), -1 with err set otherwise. Closes the connection either way.
 */
int pop3_quit(struct pop3 **pop3, struct err *err);

#endif
