#include <config.h>

#include "account/account.h"
#include "util/buf.h"
#include "util/intl.h"

static const char *
config_name(const struct config *cfg)
{
	return cfg->path != NULL ? cfg->path : _("the configuration");
}

const struct config_account *
account_select(const struct config *cfg, const char *name, struct err *err)
{
	const struct config_account *a;
	struct buf names = BUF_INIT;
	size_t i;

	if (cfg->naccounts == 0)
		return err_set(err, ERR_FINAL,
			   _("no account is configured in %s; add an [account "
			     "NAME] "
			     "section (see tern.conf(5))"),
			   config_name(cfg)),
		       NULL;
	if (name == NULL)
		return &cfg->accounts[0];
	a = config_account(cfg, name);
	if (a != NULL)
		return a;
	for (i = 0; i < cfg->naccounts; i++)
		buf_addf(&names, "%s%s", i ? ", " : "", cfg->accounts[i].name);
	err_set(err, ERR_FINAL, _("no account '%s' in %s; accounts: %s"), name,
	    config_name(cfg), names.data);
	buf_release(&names);
	return NULL;
}
