/*
 * One SMTP submission connection (RFC 6409, RFC 5321) on libetpan's SMTP
 * engine over tern's transport (net/tls.h): implicit TLS (465) or
 * STARTTLS (587), EHLO again after the upgrade, AUTH PLAIN or LOGIN,
 * SIZE (RFC 1870) and 8BITMIME (RFC 6152). tern writes AUTH and MAIL
 * itself (libetpan's AUTH needs Cyrus SASL plug-ins, and its MAIL cannot
 * say BODY=8BITMIME); EHLO, STARTTLS, RCPT, DATA and QUIT are libetpan's.
 * Every call blocks (each read or write for at most the timeout). Every
 * failure carries the server's reply code and text; after a connection
 * error smtp_broken() is true and the connection must be closed.
 */
#ifndef TERN_ACCOUNT_SMTP_H
#define TERN_ACCOUNT_SMTP_H

#include <stddef.h>

#include "util/config.h"
#include "util/err.h"

struct smtp;

/*
 * Connect to the account's submission server (smtp_host, smtp_port,
 * smtp_tls; the CA and pin of the account), say EHLO, and log in with
 * smtp_user and the password of smtp_password_cmd when the server offers
 * AUTH. Returns 0 and the connection in *smtp_r, or -1 with err set:
 * ERR_WAIT when the server cannot be reached or is not ready (4xx),
 * ERR_AUTH for refused credentials, ERR_FINAL for certificates, missing
 * STARTTLS and configuration. Credentials never travel before TLS,
 * except with smtp_tls = none to a loopback address.
 */
int smtp_open(const struct config_account *acct, int timeout_s,
    struct smtp **smtp_r, struct err *err);

/*
 * Submit one message: MAIL FROM from, RCPT TO each of rcpt, DATA msg
 * (LF or CRLF line ends; dot-stuffed on the way). msg is 7-bit unless
 * the server offers 8BITMIME (smtp_8bitmime). Returns 0 when the server
 * accepted the message (its final 250), or -1 with err set: ERR_TEMP for
 * a 4xx reply or a broken connection (try again later), ERR_FINAL for a
 * 5xx reply (the message as it is will never go: the text names the
 * command or recipient and carries the server's code and words) or a
 * message over the server's SIZE limit. After a refusal the transaction
 * is reset, so the connection can carry the next message.
 */
int smtp_send(struct smtp *smtp, const char *from, char *const *rcpt,
    size_t nrcpt, const char *msg, size_t len, struct err *err);

/* Whether the server takes 8-bit message bodies (8BITMIME). */
int smtp_8bitmime(const struct smtp *smtp);

/* The server's SIZE limit in bytes, 0 when it set none. */
size_t smtp_size_limit(const struct smtp *smtp);

/* Whether the connection is unusable after an error. */
int smtp_broken(const struct smtp *smtp);

/* QUIT (when the connection still works) and free; NULL is fine. */
void smtp_close(struct smtp **smtp);

#endif
