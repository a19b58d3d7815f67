#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ui/worker.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/xalloc.h"

#define WORKER_RESTART_S 30  /* pause before starting a worker again */
#define WORKER_LINE_MAX 4096 /* longest report line kept */

struct worker {
	const struct config_account *acct;
	pid_t pid;	 /* 0: not running */
	int fd;		 /* the read end of its stdout, or -1 */
	struct buf line; /* a report line not yet ended */
	enum worker_state state;
	char *folder;
	size_t done, total;
	char *reason;
	char *warning;
	time_t retry_at;
};

struct workers {
	const struct config *cfg;
	char *exe;
	struct worker *v;
	size_t n;
	struct worker_event *events; /* outbox events not taken yet */
	size_t nevents;
};

static void
worker_set(char **field, const char *value)
{
	free(*field);
	*field = value != NULL ? xstrdup(value) : NULL;
}

/* The child: stdout to the pipe, out of the terminal's group, then exec. */
static void
worker_exec(const struct workers *ws, const struct worker *w, int out)
{
	const char *argv[10];
	int i = 0, null;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		_exit(1); /* the interface died before the line above */
	null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
	    dup2(out, STDOUT_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0)
		_exit(1);
	argv[i++] = "tern";
	if (ws->cfg->path != NULL) {
		argv[i++] = "-c";
		argv[i++] = ws->cfg->path;
	}
	argv[i++] = "sync";
	argv[i++] = "--watch";
	argv[i++] = "--report";
	argv[i++] = "--";
	argv[i++] = w->acct->name;
	argv[i] = NULL;
	execv(ws->exe, (char **)argv);
	_exit(127);
}

static void
worker_spawn(struct workers *ws, struct worker *w)
{
	int p[2];
	pid_t pid;

	w->state = WORKER_STARTING;
	worker_set(&w->folder, NULL);
	w->retry_at = 0;
	if (pipe2(p, O_CLOEXEC) < 0) {
		w->state = WORKER_STOPPED;
		worker_set(&w->reason, strerror(errno));
		w->retry_at = time(NULL) + WORKER_RESTART_S;
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		worker_exec(ws, w, p[1]);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		w->state = WORKER_STOPPED;
		worker_set(&w->reason, strerror(errno));
		w->retry_at = time(NULL) + WORKER_RESTART_S;
		return;
	}
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	w->pid = pid;
	w->fd = p[0];
	buf_reset(&w->line);
	log_debug("ui: [account %s]: sync worker %ld started", w->acct->name,
	    (long)pid);
}

struct workers *
workers_start(const struct config *cfg, const char *exe)
{
	struct workers *ws;
	size_t i;

	if (cfg->naccounts == 0)
		return NULL;
	ws = xcalloc(1, sizeof *ws);
	ws->cfg = cfg;
	ws->exe = xstrdup(exe);
	ws->n = cfg->naccounts;
	ws->v = xcalloc(ws->n, sizeof *ws->v);
	for (i = 0; i < ws->n; i++) {
		ws->v[i].acct = &cfg->accounts[i];
		ws->v[i].fd = -1;
		buf_init(&ws->v[i].line, WORKER_LINE_MAX);
		worker_spawn(ws, &ws->v[i]);
	}
	return ws;
}

/* Reap w's process if it ended: 1 when it did (or none ran). */
static int
worker_reap(struct worker *w, int *status_r)
{
	pid_t r;

	if (w->pid == 0)
		return 1;
	r = waitpid(w->pid, status_r, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return 0;
	w->pid = 0;
	return 1;
}

void
workers_stop(struct workers **wsp, int wait_ms)
{
	struct workers *ws = *wsp;
	int status, waited = 0, left;
	size_t i;

	if (ws == NULL)
		return;
	for (i = 0; i < ws->n; i++)
		if (ws->v[i].pid > 0)
			kill(ws->v[i].pid, SIGTERM);
	do {
		left = 0;
		for (i = 0; i < ws->n; i++)
			if (!worker_reap(&ws->v[i], &status))
				left++;
		if (left > 0 && waited < wait_ms) {
			poll(NULL, 0, 20);
			waited += 20;
		}
	} while (left > 0 && waited < wait_ms);
	for (i = 0; i < ws->n; i++) {
		if (ws->v[i].pid > 0) {
			kill(ws->v[i].pid, SIGKILL);
			waitpid(ws->v[i].pid, &status, 0);
		}
		if (ws->v[i].fd >= 0)
			close(ws->v[i].fd);
		buf_release(&ws->v[i].line);
		free(ws->v[i].folder);
		free(ws->v[i].reason);
		free(ws->v[i].warning);
	}
	for (i = 0; i < ws->nevents; i++)
		worker_event_release(&ws->events[i]);
	free(ws->events);
	free(ws->v);
	free(ws->exe);
	free(ws);
	*wsp = NULL;
}

size_t
workers_count(const struct workers *ws)
{
	return ws != NULL ? ws->n : 0;
}

int
workers_fd(const struct workers *ws, size_t i)
{
	return ws != NULL && i < ws->n ? ws->v[i].fd : -1;
}

/* Split a report line at tabs into at most max fields. */
static size_t
worker_fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (line == NULL)
			break;
		*line++ = '\0';
	}
	return n;
}

static int
worker_outbox(struct workers *ws, struct worker *w, enum worker_event_kind k,
    const char *id, const char *reason)
{
	struct worker_event *ev;

	ws->events =
	    xreallocarray(ws->events, ws->nevents + 1, sizeof *ws->events);
	ev = &ws->events[ws->nevents++];
	ev->kind = k;
	ev->account = xstrdup(w->acct->name);
	ev->id = xstrdup(id);
	ev->reason = reason != NULL ? xstrdup(reason) : NULL;
	return WORKER_OUTBOX;
}

/* One report line (see cli/cmd-sync.c): its WORKER_ bits. */
static int
worker_line(struct workers *ws, struct worker *w, char *line)
{
	char *f[4];
	size_t n = worker_fields(line, f, 4);
	int bits = WORKER_CHANGED;

	if (strcmp(f[0], "syncing") == 0) {
		w->state = WORKER_SYNCING;
		worker_set(&w->folder, NULL);
		w->done = w->total = 0;
	} else if (strcmp(f[0], "progress") == 0 && n == 4) {
		w->state = WORKER_SYNCING;
		worker_set(&w->folder, f[1]);
		w->done = strtoul(f[2], NULL, 10);
		w->total = strtoul(f[3], NULL, 10);
	} else if (strcmp(f[0], "idle") == 0) {
		w->state = WORKER_IDLE;
		worker_set(&w->reason, NULL);
		w->retry_at = 0;
		bits |= WORKER_SYNCED;
	} else if ((strcmp(f[0], "offline") == 0 ||
		       strcmp(f[0], "error") == 0) &&
	    n == 3) {
		w->state = f[0][0] == 'o' ? WORKER_OFFLINE : WORKER_ERROR;
		worker_set(&w->reason, f[2]);
		w->retry_at = strtoul(f[1], NULL, 10) > 0
		    ? time(NULL) + (time_t)strtoul(f[1], NULL, 10)
		    : 0;
		bits |= WORKER_SYNCED;
	} else if (strcmp(f[0], "warning") == 0 && n == 2) {
		worker_set(&w->warning, f[1]);
	} else if (strcmp(f[0], "sent") == 0 && n == 2) {
		return worker_outbox(ws, w, WORKER_EVENT_SENT, f[1], NULL);
	} else if (strcmp(f[0], "failed") == 0 && n == 3) {
		return worker_outbox(ws, w, WORKER_EVENT_FAILED, f[1], f[2]);
	} else if (strcmp(f[0], "deferred") == 0 && n == 3) {
		return worker_outbox(ws, w, WORKER_EVENT_DEFERRED, f[1], f[2]);
	} else {
		log_debug(
		    "ui: [account %s]: unknown report line", w->acct->name);
		return 0;
	}
	return bits;
}

/* The process ended: say how, and start it again after a pause. */
static void
worker_ended(struct worker *w)
{
	int status = 0;
	char why[128];

	close(w->fd);
	w->fd = -1;
	if (w->pid > 0 && waitpid(w->pid, &status, 0) < 0)
		status = 0;
	w->pid = 0;
	if (WIFSIGNALED(status))
		snprintf(why, sizeof why, _("the sync ended with signal %d"),
		    WTERMSIG(status));
	else
		snprintf(why, sizeof why, _("the sync ended with status %d"),
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	w->state = WORKER_STOPPED;
	worker_set(&w->reason, why);
	w->retry_at = time(NULL) + WORKER_RESTART_S;
}

int
workers_read(struct workers *ws, size_t i)
{
	struct worker *w;
	char chunk[1024], *nl;
	ssize_t got;
	int bits = 0;

	if (ws == NULL || i >= ws->n || ws->v[i].fd < 0)
		return 0;
	w = &ws->v[i];
	for (;;) {
		got = read(w->fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EAGAIN)
			break;
		if (got <= 0) {
			worker_ended(w);
			return bits | WORKER_CHANGED | WORKER_SYNCED;
		}
		if (buf_add(&w->line, chunk, (size_t)got) < 0)
			buf_reset(&w->line); /* a line too long: dropped */
		while ((nl = memchr(w->line.data, '\n', w->line.len)) != NULL) {
			size_t len = (size_t)(nl - w->line.data);

			*nl = '\0';
			bits |= worker_line(ws, w, w->line.data);
			memmove(w->line.data, nl + 1, w->line.len - len - 1);
			buf_truncate(&w->line, w->line.len - len - 1);
		}
	}
	return bits;
}

int
workers_event(struct workers *ws, struct worker_event *ev)
{
	if (ws == NULL || ws->nevents == 0)
		return 0;
	*ev = ws->events[0];
	memmove(
	    ws->events, ws->events + 1, (ws->nevents - 1) * sizeof *ws->events);
	ws->nevents--;
	return 1;
}

void
worker_event_release(struct worker_event *ev)
{
	free(ev->account);
	free(ev->id);
	free(ev->reason);
	memset(ev, 0, sizeof *ev);
}

int
workers_tick(struct workers *ws)
{
	time_t now = time(NULL);
	int changed = 0;
	size_t i;

	for (i = 0; ws != NULL && i < ws->n; i++)
		if (ws->v[i].state == WORKER_STOPPED && ws->v[i].pid == 0 &&
		    now >= ws->v[i].retry_at) {
			worker_spawn(ws, &ws->v[i]);
			changed = 1;
		}
	return changed;
}

void
workers_wake(struct workers *ws, const char *account)
{
	size_t i;

	for (i = 0; ws != NULL && i < ws->n; i++)
		/* Not while starting: its handler may not be there yet,
		 * and its first sync comes anyway. */
		if (ws->v[i].pid > 0 && ws->v[i].state != WORKER_STARTING &&
		    (account == NULL ||
			strcmp(account, ws->v[i].acct->name) == 0))
			kill(ws->v[i].pid, SIGUSR1);
}

void
workers_status(const struct workers *ws, size_t i, struct worker_status *st)
{
	const struct worker *w = &ws->v[i];

	st->account = w->acct->name;
	st->state = w->state;
	st->folder = w->folder;
	st->done = w->done;
	st->total = w->total;
	st->reason = w->reason;
	st->warning = w->warning;
	st->retry_at = w->retry_at;
}
