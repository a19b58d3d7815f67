#include "config.h"

#include <stdlib.h>

#include "util/config.h"
#include "util/path.h"
#include "util/xalloc.h"

char *
config_default_path(void)
{
	const char *env = getenv("TERN_CONFIG");

	return env != NULL && *env ? xstrdup(env) : path_xdg(XDG_CONFIG, "config");
}

int
config_load(const char *path, struct config **cfg_r, struct err *err)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);

	cfg->mail_root = path_xdg(XDG_DATA, "mail");
	*cfg_r = cfg;
	return 0;
}

const struct config_account *
config_account(const struct config *cfg, const char *name)
{
	return NULL;
}

void
config_free(struct config **cfg)
{
	if (*cfg == NULL)
		return;
	free((*cfg)->mail_root);
	xfree(cfg);
}
