#include "config.h"

#include "account/account.h"

const char *
account_receive_name(const struct config_account *acct)
{
	return acct->receive == CONFIG_RECEIVE_POP3 ? "pop3" : "imap";
}
