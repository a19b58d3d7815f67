/*
 * The configuration file: INI-style, a [general] section, one
 * [account NAME] section per account, [search NAME] sections (saved
 * searches) and a [ui] section for the curses interface (key bindings,
 * colours, the pager's headers). See doc/tern.conf.5 for every key.
 * Lookup order: -c FILE, then $TERN_CONFIG, then
 * $XDG_CONFIG_HOME/tern/config.
 */
#ifndef TERN_UTIL_CONFIG_H
#define TERN_UTIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum config_tls {
	CONFIG_TLS_IMPLICIT,
	CONFIG_TLS_STARTTLS,
	CONFIG_TLS_NONE,
};

enum config_receive {
	CONFIG_RECEIVE_IMAP,
	CONFIG_RECEIVE_POP3,
};

enum config_pop3_delete {
	CONFIG_POP3_DELETE_AFTER_DOWNLOAD,
	CONFIG_POP3_DELETE_NEVER,
	CONFIG_POP3_DELETE_AFTER_DAYS,
};

/*
 * One [account NAME] section with every default applied. Strings are
 * owned by the configuration; optional ones are NULL when not set.
 */
struct config_account {
	char *name;	 /* from [account NAME] */
	char *address;	 /* required: local@domain */
	char *real_name; /* key "name" */
	enum config_receive receive;
	char *host;    /* required */
	unsigned port; /* defaulted from receive and tls */
	enum config_tls tls;
	char *user; /* defaults to address */
	char *password_cmd;
	char *ca_file;		/* expanded, absolute path */
	char *cert_fingerprint; /* normalised: 64 upper-case hex digits */
	bool allow_plaintext;
	char *smtp_host;    /* defaults to host */
	unsigned smtp_port; /* defaulted from smtp_tls */
	enum config_tls smtp_tls;
	char *smtp_user;	 /* defaults to user */
	char *smtp_password_cmd; /* defaults to password_cmd */
	enum config_pop3_delete pop3_delete;
	unsigned pop3_delete_days; /* for after-days:N */
	unsigned poll_interval;	   /* seconds; default 300 */
	unsigned timeout;	   /* network wait in seconds; default 60 */
	char *sent_folder;	   /* folder role overrides (IMAP); NULL: */
	char *drafts_folder;	   /* found from the server's special-use */
	char *trash_folder;	   /* attributes or common names */
	char *junk_folder;
	char *archive_folder;
	bool sent_copy;	      /* keep a copy of sent mail; default yes */
	char *signature_file; /* expanded, absolute path, or NULL */
	unsigned line;	      /* where the section starts */
};

/* A [search NAME] section: a saved search shown in the sidebar. */
struct config_search {
	char *name;  /* from [search NAME] */
	char *query; /* key "query": a notmuch query */
	unsigned line;
};

/* A "bind VIEW KEY ACTION" line of the [ui] section. */
struct config_bind {
	char *view;   /* "index", "pager", ... */
	char *key;    /* as written: "j", "^L", "Down", "Space" ... */
	char *action; /* an action name (keys_entry.name) */
	unsigned line;
};

/* A "color ELEMENT FOREGROUND [BACKGROUND [ATTRIBUTE...]]" line. */
struct config_color {
	char *elem;  /* "status", "quote1", ... */
	char *fg;    /* "default", "red", "color208" ... */
	char *bg;    /* NULL: the terminal's own background */
	char *attrs; /* NULL, or space-separated: bold, dim, reverse ... */
	unsigned line;
};

struct config {
	char *path;	 /* the file read, or NULL when none existed */
	char *mail_root; /* expanded; default $XDG_DATA_HOME/tern/mail */
	char *editor;	 /* NULL: use $VISUAL, $EDITOR, then vi */
	struct config_account *accounts;
	size_t naccounts;
	struct config_search *searches;
	size_t nsearches;
	struct config_bind *binds;
	size_t nbinds;
	struct config_color *colors;
	size_t ncolors;
	/* [ui] "headers": the header fields the pager shows, in order;
	 * NULL: From, To, Cc, Date, Subject */
	char **headers;
	size_t nheaders;
	char *ui_start;	 /* [ui] "start": the first view's query, or NULL */
	bool ui_sidebar; /* [ui] "sidebar": shown at start */
	char **warnings; /* "FILE: text" or "FILE:LINE: text" */
	size_t nwarnings;
	char **errors;	/* every error found, "FILE:LINE: text", */
	size_t nerrors; /* in line order */
};

/*
 * The path that config_load(NULL, ...) reads, new string: $TERN_CONFIG,
 * else $XDG_CONFIG_HOME/tern/config.
 */
char *config_default_path(void);
/*
 * Read and check the configuration at path (NULL: config_default_path(),
 * where a missing $XDG_CONFIG_HOME file means defaults and no accounts;
 * a missing -c or $TERN_CONFIG file is an error). Always sets *cfg_r,
 * which the caller frees, so it can print warnings and errors. Returns
 * 0, or -1 when the file has errors (all listed in errors, the first
 * copied into err) or cannot be read. Blocks on file reads only.
 */
int config_load(const char *path, struct config **cfg_r, struct err *err);
/* The account called name, or NULL; borrowed from cfg. */
const struct config_account *config_account(
    const struct config *cfg, const char *name);
/* The config file word for tls ("implicit", "starttls", "none"). */
const char *config_tls_name(enum config_tls tls);
/* The config file word for receive ("imap", "pop3"). */
const char *config_receive_name(enum config_receive receive);
/* Free a configuration; accepts NULL, leaves NULL. */
void config_free(struct config **cfg);

#endif
