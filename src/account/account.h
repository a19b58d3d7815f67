/*
 * Accounts: the receive protocols (IMAP, POP3) and SMTP submission behind
 * one interface. This file holds what every protocol shares: choosing the
 * account a command works on.
 */
#ifndef TERN_ACCOUNT_ACCOUNT_H
#define TERN_ACCOUNT_ACCOUNT_H

#include "util/config.h"
#include "util/err.h"

/*
 * The account called name, or the first account of the file when name is
 * NULL. Returns a pointer into cfg (borrowed), or NULL with err set when
 * there are no accounts or none has that name (the message lists the
 * names there are).
 */
const struct config_account *account_select(
    const struct config *cfg, const char *name, struct err *err);

#endif
