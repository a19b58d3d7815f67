/* Accounts: the receive protocol behind one interface (IMAP, POP3). */
#ifndef TERN_ACCOUNT_ACCOUNT_H
#define TERN_ACCOUNT_ACCOUNT_H

#include "util/config.h"

/* The protocol name of an account's receive setting ("imap", "pop3"). */
const char *account_receive_name(const struct config_account *acct);

#endif
