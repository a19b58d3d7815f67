#include "config.h"

#include "cli/cli.h"
#include "util/intl.h"

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	cli_error(_("'%s' is not available yet"), argv[0]);
	return CLI_FAIL;
}
