/*
 * Inside the curses interface: the state the views share, the key tables
 * and the helpers every view draws with. Only src/ui/ includes this.
 */
#ifndef TERN_UI_UI_INT_H
#define TERN_UI_UI_INT_H

#include "util/buf.h"
#include "util/config.h"

struct actions;
struct compose_view;
struct index;
struct list_view;
struct pager;
struct sidebar;
struct workers;
struct store;
struct ui;

/*
 * A key: a character (its code point; control keys are below 0x20), or a
 * curses function key (KEY_DOWN ...) marked with KEYS_FN so that it never
 * equals a character.
 */
#define KEYS_FN(k) ((k) | 0x40000000)
#define KEYS_CTRL(c) ((c)&0x1f)

/* One binding of a view: a key and what it does. */
struct keys_entry {
	int key;
	void (*run)(struct ui *ui);
	const char *help; /* N_() text; NULL on a key that repeats the
			     action of the line above (listed with it) */
	const char *name; /* the action's name for "bind" lines in the
			     config; set where help is */
};

struct ui {
	const struct config *cfg;     /* borrowed */
	struct store *store;	      /* NULL while there is no database */
	struct index *index;	      /* always set once running */
	struct pager *pager;	      /* the open thread, or NULL */
	struct list_view *list;	      /* the outbox or drafts list, or NULL */
	struct compose_view *compose; /* the message being written, or NULL */
	struct pager *help;	      /* help over the current view, or NULL */
	struct actions *actions; /* the user's changes (action.c), or NULL */
	struct workers *workers; /* the accounts' syncs (worker.c), or NULL */
	struct sidebar *sidebar; /* the sidebar (sidebar.c), or NULL */
	unsigned *unread;	 /* per account: unread in its INBOX */
	struct buf msg;		 /* the message line, shown until a key */
	int msg_error;		 /* msg is an error */
	int quit;
	int offline; /* no background syncs (tern --offline) */
	struct ui_sending {
		char *id; /* an outbox entry sent from here */
		char *subject;
	} * sending; /* waiting for the background sync's word */
	size_t nsending;
	char pager_search[256]; /* the pager's last search text, "": none
				   (kept for the session: n repeats it) */
};

/*
 * Bindings of the views, each ended by an entry with run NULL; the help
 * uses the pager's.
 */
extern const struct keys_entry index_keys[];
extern const struct keys_entry pager_keys[];

/* Rows for the current view's content (between title and status bar). */
int ui_rows(void);
/* Show a note (or an error) on the message line until the next key. */
void ui_message(struct ui *ui, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ui_error(struct ui *ui, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Draw the whole screen again (after a resize, a prompt, ^L). */
void ui_draw(struct ui *ui);
/*
 * Tell the background sync of account (NULL: of every account) that
 * there is something for the server: new journal records, a message in
 * the outbox. It syncs soon after.
 */
void ui_worker_wake(struct ui *ui, const char *account);
/*
 * Note that the outbox entry id (its subject, for messages) was queued
 * or retried from the interface: the message line says "sending" and,
 * once the account's sync has tried, "sent" or the server's reason.
 */
void ui_sending(struct ui *ui, const char *id, const char *subject);
/*
 * The account the user is looking at (the index shows one of its
 * folders), or NULL. Borrowed from the config.
 */
const char *ui_account_hint(const struct ui *ui);
/* Actions every view binds. */
void ui_cmd_help(struct ui *ui);
void ui_cmd_redraw(struct ui *ui);

#endif
