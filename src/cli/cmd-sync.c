/*
 * tern sync [--watch] [ACCOUNT...]: bring the named accounts (default:
 * every account) and the local store into step, both ways (see
 * account/sync.h).
 *
 * With --watch it keeps going, one thread per account: after each sync
 * it waits for news from the server (IMAP IDLE, renewed every 25
 * minutes), or for the account's poll_interval (POP3, which has no
 * news), and syncs again; a lost connection is retried with a growing
 * pause (5 s doubling to 5 minutes, and for POP3 never longer than
 * poll_interval). The store is open only while a sync runs, and only
 * once it has something to write: a sync that finds nothing to do does
 * not open it. It ends on SIGINT or SIGTERM, within a second unless a
 * sync is running, which it finishes first.
 *
 * Progress on stderr when it is a terminal; every failure on stderr,
 * naming the account and folder. Exit 0 when everything synced, 75 when
 * a server could not be reached or the connection broke, 1 for any
 * other failure (refused login, certificate, a folder the server
 * refused), 64 on bad usage, 78 on a bad configuration.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account/account.h"
#include "account/submit.h"
#include "account/sync.h"
#include "cli/cli.h"
#include "store/store.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Longest pause between reconnection attempts, in seconds. */
#define BACKOFF_MAX 300
/* IMAP IDLE is renewed after this many seconds (RFC 2177: < 29 min). */
#define IDLE_RENEW (25 * 60)

/* ---- --report: the state of each sync, for the interface ---- */

/*
 * With --report, stdout carries one line per change of state, fields
 * separated by tabs, for the interface's status line (ui/worker.c):
 *
 *   syncing                      a sync started
 *   progress FOLDER DONE TOTAL   new messages of FOLDER being fetched
 *   idle                         in step; waiting for news
 *   offline SECONDS REASON       the server cannot be reached; retrying
 *   error SECONDS REASON         a failure that is not the network's
 *                                (SECONDS 0: waiting for news anyway)
 *   warning REASON               one folder failed, the others went on
 *   sent ID                      the outbox entry ID was sent
 *   failed ID REASON             the server refused it for good
 *   deferred ID REASON           not sent yet; tried again later
 */
static int reporting;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;

/* The reason of the last failure of this thread's sync, for report. */
static __thread char last_failure[512];

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
report(const char *fmt, ...)
{
	va_list ap;

	if (!reporting)
		return;
	pthread_mutex_lock(&report_lock);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	pthread_mutex_unlock(&report_lock);
}

/* msg as one report field: no tabs, no line breaks. */
static const char *
report_field(const char *msg, char *buf, size_t size)
{
	size_t i, n = strnlen(msg, size - 1);

	while (
	    n > 0 && n < strlen(msg) && ((unsigned char)msg[n] & 0xc0) == 0x80)
		n--; /* cut between characters */
	memcpy(buf, msg, n);
	buf[n] = '\0';
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')
			buf[i] = ' ';
	return buf;
}

static void
report_progress(void *arg, const char *folder, size_t done, size_t total)
{
	char f[256];

	(void)arg;
	report("progress\t%s\t%zu\t%zu", report_field(folder, f, sizeof f),
	    done, total);
}

/* A failure, kept for the report of its sync. */
static void
failed(const char *msg)
{
	cli_error("%s", msg);
	report_field(msg, last_failure, sizeof last_failure);
}

static void
report_warning(void *arg, const char *msg)
{
	char f[512];

	(void)arg;
	cli_error("%s", msg);
	report("warning\t%s", report_field(msg, f, sizeof f));
}

static void
warn_line(void *arg, const char *msg)
{
	(void)arg;
	cli_error("%s", msg);
}

static int
exit_for(const struct err *err)
{
	return err->cls == ERR_WAIT || err->cls == ERR_TEMP ? CLI_TEMPFAIL
							    : CLI_FAIL;
}

/*
 * The store of one sync, opened for writing only once something has to
 * be written: a sync that finds nothing to do neither opens the index
 * nor waits for another writer.
 */
struct lazy_store {
	const char *mail_root;
	struct store *store; /* NULL: not opened (yet) */
};

static int
lazy_open(void *arg, struct store **store_r, struct err *err)
{
	struct lazy_store *ls = arg;

	if (ls->store == NULL &&
	    store_open(ls->mail_root, STORE_WRITE, &ls->store, err) < 0)
		return -1;
	*store_r = ls->store;
	return 0;
}

static int
sync_one(const struct config_account *a, struct lazy_store *ls,
    const struct sync_opts *o)
{
	struct sync_opts one;
	struct err err;

	err_clear(&err);
	one = *o;
	one.timeout_s = (int)a->timeout;
	one.mail_root = ls->mail_root;
	one.open_store = lazy_open;
	one.store_arg = ls;
	if (sync_account(a, ls->store, &one, &err) == 0)
		return CLI_OK;
	failed(err.msg);
	return exit_for(&err);
}

/* The configuration, for the outbox (which names accounts). */
static const struct config *sync_cfg;

static void
outbox_report(void *arg, const struct outbox_entry *e, const struct err *why)
{
	char msg[1024], f[512];

	(void)arg;
	if (why == NULL) {
		report("sent\t%s", e->id);
		return;
	}
	snprintf(msg, sizeof msg, _("message %s (to %s): %s"), e->id, e->to,
	    why->msg);
	failed(msg);
	report("%s\t%s\t%s", e->failed ? "failed" : "deferred", e->id,
	    report_field(why->msg, f, sizeof f));
}

/*
 * Send what waits in a's part of the outbox and is due (the worker that
 * retries a message the server could not take before).
 */
static int
send_due(const struct config_account *a, struct lazy_store *ls)
{
	struct submit_opts so = { .timeout_s = (int)a->timeout,
		.account = a->name,
		.report = outbox_report };
	struct submit_stats st;
	struct err err;

	if (submit_due_in(ls->mail_root, a->name) != 0)
		return CLI_OK;
	if (lazy_open(ls, &ls->store, &err) < 0) {
		failed(err.msg);
		return CLI_FAIL;
	}
	if (submit_outbox(sync_cfg, ls->store, &so, &st, &err) == 0)
		return CLI_OK;
	return st.failed > 0 ? CLI_FAIL : CLI_TEMPFAIL;
}

/*
 * Sync acct, send what waits for it in the outbox, then commit and close
 * the store if either opened it.
 */
static int
sync_with_store(const struct config_account *a, const char *mail_root,
    const struct sync_opts *o)
{
	struct lazy_store ls = { .mail_root = mail_root, .store = NULL };
	struct err err;
	int r, s;

	r = sync_one(a, &ls, o);
	s = send_due(a, &ls);
	/* For --report, a message the server refused is the message's
	 * failure (reported with it), not the account's. */
	if (s != CLI_OK && (r == CLI_OK || s == CLI_FAIL) &&
	    !(reporting && r == CLI_OK && s == CLI_FAIL))
		r = s;
	if (ls.store != NULL && store_commit(ls.store, &err) < 0) {
		failed(err.msg);
		r = CLI_FAIL;
	}
	store_close(&ls.store);
	return r;
}

/* ---- --watch ---- */

static volatile sig_atomic_t stopping;

/* One pipe per watcher: written to stop or wake it (async-signal-safe). */
#define WAKE_MAX 64
static int wake_fds[WAKE_MAX];
static volatile sig_atomic_t nwake_fds;

static void
wake_all(void)
{
	int i;

	for (i = 0; i < nwake_fds; i++)
		(void)!write(wake_fds[i], "x", 1);
}

static void
on_signal(int sig)
{
	int saved = errno;

	(void)sig;
	stopping = 1;
	wake_all();
	errno = saved;
}

/* SIGUSR1: sync again now (the interface has changes for the server). */
static void
on_wake(int sig)
{
	int saved = errno;

	(void)sig;
	wake_all();
	errno = saved;
}

struct watcher {
	const struct config_account *acct;
	const char *mail_root;
	pthread_mutex_t *lock;
	const struct sync_opts *o;
	pthread_t thread;
	int wake[2]; /* non-blocking */
	int woken;   /* a wake came while it paused */
};

/* Empty the watcher's wake pipe: 1 when something was in it. */
static int
drain_wake(struct watcher *w)
{
	char b[64];
	int any = 0;

	while (read(w->wake[0], b, sizeof b) > 0)
		any = 1;
	return any;
}

/*
 * How long to wait for news: at most s seconds, less when a message of
 * the account waits in the outbox for its next attempt.
 */
static unsigned
wait_for(const struct watcher *w, unsigned s)
{
	long due = submit_due_in(w->mail_root, w->acct->name);

	if (due >= 0 && (unsigned long)due + 1 < s)
		return (unsigned)due + 1;
	return s;
}

/*
 * Sleep up to s seconds, waking early when the process is stopping or
 * the watcher is woken (then 1).
 */
static int
pause_for(struct watcher *w, unsigned s)
{
	struct pollfd pfd = { .fd = w->wake[0], .events = POLLIN };
	time_t end = time(NULL) + s, now;

	while (!stopping && (now = time(NULL)) < end) {
		if (poll(&pfd, 1, (int)(end - now) * 1000) > 0 &&
		    drain_wake(w) && !stopping)
			return 1;
	}
	return 0;
}

/* Pause before trying again; a POP3 poll is never put off longer. */
static unsigned
retry_delay(const struct config_account *a, unsigned backoff)
{
	if (a->receive == CONFIG_RECEIVE_POP3 && backoff > a->poll_interval)
		backoff = a->poll_interval;
	return backoff;
}

static void
report_failure(int cls_temp, unsigned retry)
{
	report(
	    "%s\t%u\t%s", cls_temp ? "offline" : "error", retry, last_failure);
}

static void *
watch_account(void *arg)
{
	struct watcher *w = arg;
	unsigned backoff = 5, delay;
	struct err err;
	int r;

	while (!stopping) {
		drain_wake(w);
		report("syncing");
		last_failure[0] = '\0';
		/* The store is open for writing only while a sync runs, so
		 * that other tern commands can change it in between. */
		pthread_mutex_lock(w->lock);
		r = sync_with_store(w->acct, w->mail_root, w->o);
		pthread_mutex_unlock(w->lock);
		if (r == CLI_OK)
			report("idle");
		else if (r == CLI_FAIL)
			report_failure(0, 0);
		if ((r == CLI_OK || r == CLI_FAIL) &&
		    w->acct->receive == CONFIG_RECEIVE_POP3) {
			/* POP3 has no news: ask again after poll_interval. */
			pause_for(w, wait_for(w, w->acct->poll_interval));
			backoff = 5;
			continue;
		}
		if (r == CLI_OK || r == CLI_FAIL) {
			/* Wait for news (a failed folder is retried too). */
			err_clear(&err);
			r = sync_idle(w->acct, w->wake[0],
			    (int)wait_for(w, IDLE_RENEW), (int)w->acct->timeout,
			    &err);
			if (r >= 0) {
				backoff = 5;
				continue;
			}
			if (stopping)
				break;
			failed(err.msg);
			r = err.cls == ERR_WAIT || err.cls == ERR_TEMP
			    ? CLI_TEMPFAIL
			    : CLI_FAIL;
		}
		if (stopping)
			break;
		delay = retry_delay(w->acct, backoff);
		report_failure(r == CLI_TEMPFAIL, delay);
		log_debug("sync: [account %s]: retrying in %u s", w->acct->name,
		    delay);
		if (!pause_for(w, delay))
			backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX
							    : backoff * 2;
	}
	return NULL;
}

static int
watch(const struct config_account **accts, size_t n, const char *mail_root,
    const struct sync_opts *o)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct watcher *w;
	struct sigaction sa;
	size_t i;

	if (n > WAKE_MAX) {
		cli_error(_("tern sync --watch follows at most %d accounts"),
		    WAKE_MAX);
		return CLI_USAGE;
	}
	w = xcalloc(n, sizeof *w);
	for (i = 0; i < n; i++) {
		if (pipe2(w[i].wake, O_NONBLOCK | O_CLOEXEC) < 0) {
			cli_error(
			    _("cannot create a pipe: %s"), strerror(errno));
			while (i-- > 0) {
				close(w[i].wake[0]);
				close(w[i].wake[1]);
			}
			free(w);
			return CLI_FAIL;
		}
		wake_fds[i] = w[i].wake[1];
	}
	nwake_fds = (sig_atomic_t)n;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_wake;
	sigaction(SIGUSR1, &sa, NULL);
	for (i = 0; i < n; i++) {
		w[i].acct = accts[i];
		w[i].mail_root = mail_root;
		w[i].lock = &lock;
		w[i].o = o;
		pthread_create(&w[i].thread, NULL, watch_account, &w[i]);
	}
	for (i = 0; i < n; i++)
		pthread_join(w[i].thread, NULL);
	nwake_fds = 0;
	for (i = 0; i < n; i++) {
		close(w[i].wake[0]);
		close(w[i].wake[1]);
	}
	free(w);
	return CLI_OK;
}

int
cmd_sync(struct cli *cli, int argc, char **argv)
{
	const struct config_account **accts;
	struct sync_opts o = { .timeout_s = 60, .warn = warn_line };
	const struct config *cfg;
	struct err err;
	size_t n = 0, i;
	int watching = 0, first = 1, r = CLI_OK, one;

	while (first < argc) {
		if (strcmp(argv[first], "--watch") == 0)
			watching = 1;
		else if (strcmp(argv[first], "--report") == 0)
			reporting = 1;
		else
			break;
		first++;
	}
	if (first < argc && strcmp(argv[first], "--") == 0)
		first++;
	for (i = (size_t)first; i < (size_t)argc; i++)
		if (argv[i][0] == '-') {
			cli_error(_("usage: tern sync [--watch [--report]] "
				    "[ACCOUNT...]"));
			return CLI_USAGE;
		}
	cfg = cli_config(cli);
	if (cfg == NULL)
		return CLI_CONFIG;
	sync_cfg = cfg;
	accts = xcalloc(cfg->naccounts + (size_t)argc, sizeof *accts);
	for (i = (size_t)first; i < (size_t)argc; i++) {
		accts[n] = account_select(cfg, argv[i], &err);
		if (accts[n++] == NULL) {
			cli_error("%s", err.msg);
			free(accts);
			return CLI_USAGE;
		}
	}
	if (n == 0) {
		if (account_select(cfg, NULL, &err) == NULL) {
			cli_error("%s", err.msg);
			free(accts);
			return CLI_CONFIG;
		}
		for (i = 0; i < cfg->naccounts; i++)
			accts[n++] = &cfg->accounts[i];
	}
	if (reporting && !watching) {
		cli_error(_("tern sync: --report needs --watch"));
		free(accts);
		return CLI_USAGE;
	}
	o.progress = isatty(STDERR_FILENO) && !reporting;
	if (reporting) {
		o.on_progress = report_progress;
		o.warn = report_warning;
	}
	if (watching)
		r = watch(accts, n, cfg->mail_root, &o);
	else
		for (i = 0; i < n; i++) {
			one = sync_with_store(accts[i], cfg->mail_root, &o);
			if (one != CLI_OK && (r == CLI_OK || one == CLI_FAIL))
				r = one;
		}
	free(accts);
	return r;
}
