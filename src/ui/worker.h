/*
 * The background syncs of the interface: one worker per account, each a
 * "tern sync --watch --report ACCOUNT" process of its own, with its own
 * connection. A slow, hanging or dead server can then never freeze the
 * screen, and a crash in protocol code cannot take the interface (or the
 * user's unsaved text) with it. The sync keeps the account in step (IMAP
 * IDLE, POP3 every poll_interval), replays the action journal and sends
 * the outbox; it tells its state on a pipe, which the interface's event
 * loop polls (the report format is in cli/cmd-sync.c). SIGUSR1 makes it
 * sync at once (ui_worker_wake).
 *
 * The workers leave the terminal's process group, so ^C and ^Z reach
 * only the interface, which stops them when it quits; they also end
 * when the interface dies (PR_SET_PDEATHSIG). A worker that ends by
 * itself is started again after a pause.
 */
#ifndef TERN_UI_WORKER_H
#define TERN_UI_WORKER_H

#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/config.h"

enum worker_state {
	WORKER_STARTING, /* started, nothing reported yet */
	WORKER_SYNCING,
	WORKER_IDLE,	/* in step, waiting for news */
	WORKER_OFFLINE, /* the server cannot be reached; retrying */
	WORKER_ERROR,	/* a failure that is not the network's */
	WORKER_STOPPED, /* the process ended; started again at retry_at */
};

/* What one account's worker said last. */
struct worker_status {
	const char *account;
	enum worker_state state;
	const char *folder;  /* WORKER_SYNCING: fetching into it, or NULL */
	size_t done, total;  /* its progress */
	const char *reason;  /* WORKER_OFFLINE, _ERROR, _STOPPED; or NULL */
	const char *warning; /* the last folder that failed, or NULL */
	time_t retry_at;     /* WORKER_OFFLINE, _ERROR, _STOPPED; 0: none */
};

struct workers;

/*
 * Start a worker for each account of cfg (read from the file cfg->path),
 * running the program at exe. Returns NULL when there is no account.
 * A worker that cannot be started is shown stopped, with the reason.
 */
struct workers *workers_start(const struct config *cfg, const char *exe);
/*
 * Stop every worker (SIGTERM; SIGKILL after wait_ms) and free; accepts
 * NULL, leaves NULL. A sync cut short is safe: the store and the journal
 * are crash-proof.
 */
void workers_stop(struct workers **w, int wait_ms);
/* How many workers (accounts). */
size_t workers_count(const struct workers *w);
/* The pipe of worker i to poll for reading, or -1 while it is stopped. */
int workers_fd(const struct workers *w, size_t i);
/*
 * Read what worker i reported (call when its fd is readable). Returns a
 * bit set: WORKER_CHANGED (its state changed: draw again), WORKER_SYNCED
 * (a sync ended: the store may hold new mail).
 */
#define WORKER_CHANGED 1
#define WORKER_SYNCED 2
#define WORKER_OUTBOX 4 /* an outbox event waits (workers_event) */
int workers_read(struct workers *w, size_t i);
/* What became of a message of the outbox that a worker tried to send. */
enum worker_event_kind {
	WORKER_EVENT_SENT,
	WORKER_EVENT_FAILED,   /* refused for good: waits for the user */
	WORKER_EVENT_DEFERRED, /* tried again later */
};

struct worker_event {
	enum worker_event_kind kind;
	char *account;
	char *id;     /* the outbox entry */
	char *reason; /* FAILED, DEFERRED: the server's words */
};

/*
 * Take the oldest outbox event: 1 with *ev filled (release it with
 * worker_event_release), 0 when there is none.
 */
int workers_event(struct workers *w, struct worker_event *ev);
void worker_event_release(struct worker_event *ev);
/* Start again the workers that stopped and whose pause is over. */
int workers_tick(struct workers *w);
/* Make the worker of account (NULL: every worker) sync at once. */
void workers_wake(struct workers *w, const char *account);
/* The state of worker i (borrowed until the next call on w). */
void workers_status(
    const struct workers *w, size_t i, struct worker_status *st);

#endif
