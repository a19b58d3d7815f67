/*
 * Batch commands. Each command is a function in its own cmd-*.c file,
 * listed in the table in cli.c; it returns the process exit status.
 */
#ifndef TERN_CLI_CLI_H
#define TERN_CLI_CLI_H

#include "util/config.h"

/* Exit codes beyond 0 and 1 follow sysexits.h. */
enum cli_exit {
	CLI_OK = 0,
	CLI_FAIL = 1,
	CLI_USAGE = 64,	   /* EX_USAGE */
	CLI_DATAERR = 65,  /* EX_DATAERR */
	CLI_CONFIG = 78,   /* EX_CONFIG */
	CLI_TEMPFAIL = 75, /* EX_TEMPFAIL: queued, try again later */
};

struct cli {
	const char *config_path; /* -c FILE, or NULL */
	struct config *config;	 /* set by cli_config() */
	/* The interface's check of its config lines (bind, color), set by
	 * main so that check-config reports them too; or NULL. */
	int (*check_ui)(const struct config *cfg, struct err *err);
};

struct cli_command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *usage; /* untranslated, shown by tern --help */
};

/* Find the command called name, or NULL. */
const struct cli_command *cli_find(const char *name);
/* The NULL-terminated table of commands. */
extern const struct cli_command cli_commands[];
/*
 * Load the configuration once (from -c, $TERN_CONFIG or the XDG path),
 * printing warnings and errors to stderr. A missing default file gives an
 * empty configuration with default settings. Returns it, or NULL when it
 * has errors (already printed).
 */
struct config *cli_config(struct cli *cli);
/* Print "tern: " and a message to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write s to stdout as safe UTF-8 text (see text_sanitize), keeping \n. */
void cli_print_text(const char *s, size_t len);

/* The words argv[0..argc) joined with spaces (a query), new string. */
char *cli_join_words(int argc, char **argv);

int cmd_check_config(struct cli *cli, int argc, char **argv);
int cmd_delete(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_move(struct cli *cli, int argc, char **argv);
int cmd_outbox(struct cli *cli, int argc, char **argv);
int cmd_search(struct cli *cli, int argc, char **argv);
int cmd_send(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_sync(struct cli *cli, int argc, char **argv);
int cmd_tag(struct cli *cli, int argc, char **argv);

#endif
