/* tern: options and wiring. */
#include <config.h>

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ui/ui.h"
#include "util/intl.h"
#include "util/log.h"

static void
usage(FILE *out)
{
	const struct cli_command *c;

	fprintf(out, _("usage: tern [-c FILE] [-d FILE] COMMAND [ARGS]\n"));
	fprintf(out, _("\ncommands:\n"));
	for (c = cli_commands; c->name != NULL; c++)
		fprintf(out, "  tern %s %s\n", c->name, c->usage);
	fprintf(out,
	    _("\noptions:\n"
	      "  -c FILE   read the configuration from FILE\n"
	      "  -d FILE   write a debug log to FILE\n"
	      "  --offline open the interface without syncing in the "
	      "background\n"
	      "  -h        show this help\n"
	      "  -V        show the version\n"));
}

/* tern with no command on a terminal: the interface. */
static int
run_ui(struct cli *cli, const struct ui_opts *opts)
{
	struct config *cfg = cli_config(cli);
	struct err err;
	int r = CLI_OK;

	if (cfg == NULL)
		return CLI_CONFIG;
	if (ui_run(cfg, opts, &err) < 0) {
		cli_error("%s", err.msg);
		r = CLI_FAIL;
	}
	config_free(&cli->config);
	log_close();
	return r;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "offline", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_command *cmd;
	struct cli cli = { .check_ui = ui_check_config };
	struct ui_opts uio = { 0 };
	struct err err;
	int c, r;

	setlocale(LC_ALL, "");
#if ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
	signal(SIGPIPE, SIG_IGN);

	while ((c = getopt_long(argc, argv, "+c:d:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cli.config_path = optarg;
			break;
		case 'd':
			if (log_open(optarg, &err) < 0) {
				cli_error("%s", err.msg);
				return CLI_USAGE;
			}
			break;
		case 'o':
			uio.offline = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		case 'V':
			printf("tern %s\n", PACKAGE_VERSION);
			return CLI_OK;
		default:
			usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind >= argc && ui_can_start())
		return run_ui(&cli, &uio);
	if (optind >= argc) {
		usage(stderr);
		return CLI_USAGE;
	}
	cmd = cli_find(argv[optind]);
	if (cmd == NULL) {
		cli_error(
		    _("unknown command '%s'; see 'tern --help'"), argv[optind]);
		return CLI_USAGE;
	}
	optind++;
	r = cmd->run(&cli, argc - optind + 1, argv + optind - 1);
	config_free(&cli.config);
	log_close();
	return r;
}
