/*
 * RFC 1524 mailcap files: the viewer for a MIME type, and running it
 * safely. Entries come from the files in $MAILCAPS (colon separated),
 * else ~/.mailcap then /etc/mailcap; the first entry whose type matches
 * and whose test= command succeeds wins.
 *
 * Nothing the mail controls reaches a shell: %s becomes a file name we
 * made (tern-part, plus an extension of letters and digits), %t the
 * content type when it holds only [A-Za-z0-9/+.-], and any other
 * expansion (%{charset}, %n, %F ...) makes the command refused.
 */
#ifndef TERN_UI_MAILCAP_H
#define TERN_UI_MAILCAP_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define MAILCAP_TIMEOUT                                                        \
	10 /* seconds a viewer whose output we read may take                   \
	    */
#define MAILCAP_MAX_OUTPUT ((size_t)8 << 20) /* bytes of such output */

enum mailcap_flags {
	MAILCAP_COPIOUS = 1 << 0, /* only entries with copiousoutput */
};

/* One entry of a mailcap file. */
struct mailcap_entry {
	char *type;	    /* as written: "text/html", "text" ... */
	char *command;	    /* the view command, before expansion */
	char *test;	    /* test=, or NULL */
	char *nametemplate; /* nametemplate=, or NULL */
	char *where;	    /* "FILE:LINE", for messages */
	int copiousoutput;
	int needsterminal;
};

/*
 * Read one entry from line (continuation lines already joined, no
 * newline): "type; command[; flag[=value]]...". A backslash keeps the
 * next character from ending a field. Returns 1 with a new *entry_r
 * (free with mailcap_entry_free; where is left NULL), 0 for a blank or
 * comment line, -1 for a line with no command.
 */
int mailcap_parse(const char *line, struct mailcap_entry **entry_r);
/* Free an entry; accepts NULL, leaves NULL. */
void mailcap_entry_free(struct mailcap_entry **entry);
/* Whether the entry's type (with "*" or no subtype) covers type. */
int mailcap_matches(const struct mailcap_entry *entry, const char *type);

/*
 * The first entry for type (lower case "type/subtype") in the mailcap
 * files whose test passes; with MAILCAP_COPIOUS in flags only entries
 * with copiousoutput count. Files that do not exist are skipped. Returns
 * 1 with a new *entry_r, or 0 with err saying that no file has one and
 * which files were read. Blocks while test commands run.
 */
int mailcap_find(const char *type, unsigned flags,
    struct mailcap_entry **entry_r, struct err *err);

/*
 * The shell command for command (an entry's view or test command) with
 * %s replaced by path (NULL: %s is refused), %t by type and %% by %; a
 * backslash makes the next character literal. Returns a new string, or
 * NULL with err set when the command asks for anything else or type
 * holds characters a shell could misread.
 */
char *mailcap_expand(
    const char *command, const char *type, const char *path, struct err *err);

/*
 * Whether command names the file (%s); a command that does not reads
 * the content on its standard input.
 */
int mailcap_uses_file(const char *command);

/*
 * The file name to give a viewer of a part named mail_name (may be NULL):
 * "tern-part" shaped by the entry's nametemplate when it is made of
 * safe characters, else with mail_name's extension when that is 1 to 10
 * letters and digits. A new string; it never holds text from the mail
 * beyond that extension.
 */
char *mailcap_file_name(
    const struct mailcap_entry *entry, const char *mail_name);

/*
 * Write data[0..len) to a new file called name (from mailcap_file_name)
 * in a new private folder under $TMPDIR (else /tmp): folder 0700, file
 * 0600. Returns 0 with a new *path_r, or -1 with err set.
 */
int mailcap_temp(const char *name, const void *data, size_t len, char **path_r,
    struct err *err);
/* Remove the file from mailcap_temp and its folder; frees and NULLs *path. */
void mailcap_temp_remove(char **path);

/*
 * Run sh -c cmd with stdin from the file input (NULL: /dev/null), stdout
 * appended to out and stderr dropped. A command still running after
 * timeout seconds, or writing more than max bytes, is killed (with its
 * children). Returns 0 when it exits with 0, else -1 with err saying
 * what happened. Blocks until then.
 */
int mailcap_capture(const char *cmd, const char *input, size_t max,
    unsigned timeout, struct buf *out, struct err *err);

/*
 * Run argv (argv[0] is looked up in PATH; no shell) on the terminal, with
 * stdin from the file input (NULL: the terminal), and wait for it. The
 * caller hands the terminal over first. Returns its exit status, or -1
 * with err set when it cannot start or dies of a signal.
 */
int mailcap_run(char *const argv[], const char *input, struct err *err);
/* mailcap_run of sh -c cmd. */
int mailcap_run_shell(const char *cmd, const char *input, struct err *err);

#endif
