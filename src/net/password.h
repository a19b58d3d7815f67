/*
 * password_cmd: run the command an account names to obtain its password.
 *
 * The command runs under /bin/sh -c with stdin from /dev/null and stdout
 * captured through a pipe; stderr is passed through to ours, because the
 * command may prompt (gpg's pinentry), so a curses caller must leave
 * curses mode first. The password is the first line of the output. The
 * output and the password never reach the debug log or an error message.
 */
#ifndef TERN_NET_PASSWORD_H
#define TERN_NET_PASSWORD_H

#include "util/err.h"

/* Most output a password_cmd may print, in bytes; more is an error. */
#define PASSWORD_OUTPUT_MAX (64 * 1024)
/* How long password_get waits for the command, in milliseconds. */
#define PASSWORD_TIMEOUT_MS (120 * 1000)

/*
 * Get the password of account by running cmd, at most once per process
 * for each (account, cmd): later calls return a copy of the cached
 * password. On success *password_r is a new string the caller owns and
 * must release with password_free. Returns 0, or -1 with err set (class
 * ERR_FINAL for a command that fails, is killed, prints nothing or times
 * out after PASSWORD_TIMEOUT_MS). Failures are not cached. Blocks while
 * the command runs; thread-safe, and calls from several threads run
 * their commands one at a time so prompts do not interleave.
 */
int password_get(
    const char *account, const char *cmd, char **password_r, struct err *err);

/* Like password_get, but wait at most timeout_ms for the command. */
int password_get_timeout(const char *account, const char *cmd, int timeout_ms,
    char **password_r, struct err *err);

/*
 * The password to log in to host as account, from cmd: refused
 * (ERR_FINAL) when there is no cmd, or when cleartext (the account's
 * tls_key, such as "tls" or "smtp_tls", is none) and the connected
 * socket fd does not lead to this machine; else as password_get.
 */
int password_for_login(const char *account, const char *cmd,
    const char *tls_key, int cleartext, const char *host, int fd,
    char **password_r, struct err *err);

/* Wipe and free *password (may be NULL), leaving NULL. */
void password_free(char **password);

/* Wipe and free every cached password (for tests and at exit). */
void password_forget_all(void);

#endif
