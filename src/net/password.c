#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net/net.h"
#include "net/password.h"
#include "net/sock.h"
#include "util/clock.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/xalloc.h"

extern char **environ;

/* One password already obtained, kept until password_forget_all. */
struct password_entry {
	struct password_entry *next;
	char *account;
	char *cmd;
	char *password;
};

/* The command's output: a fixed buffer, so no realloc leaves copies. */
struct password_out {
	char *data;
	size_t len;
};

static pthread_mutex_t password_lock = PTHREAD_MUTEX_INITIALIZER;
static struct password_entry *password_cache;

void
password_free(char **password)
{
	if (*password == NULL)
		return;
	explicit_bzero(*password, strlen(*password));
	xfree(password);
}

/* The attributes and file actions for the child: stdout to the pipe. */
static int
password_spawn_setup(
    posix_spawn_file_actions_t *fa, posix_spawnattr_t *attr, int wfd)
{
	sigset_t set;
	int rc;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	rc = posix_spawnattr_setsigdefault(attr, &set);
	sigemptyset(&set);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(attr, &set);
	if (rc == 0)
		rc = posix_spawnattr_setflags(
		    attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(
		    fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(fa, wfd, STDOUT_FILENO);
	return rc;
}

/* Start sh -c cmd; *pid_r runs, *fd_r reads its stdout (close-on-exec). */
static int
password_spawn(const char *account, const char *cmd, pid_t *pid_r, int *fd_r,
    struct err *err)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int fds[2], rc;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return err_sys(err, err_class_errno(errno),
		    _("cannot run password_cmd of [account %s]"), account);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	rc = password_spawn_setup(&fa, &attr, fds[1]);
	if (rc == 0)
		rc = posix_spawn(pid_r, "/bin/sh", &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		errno = rc;
		return err_sys(err, ERR_FINAL,
		    _("cannot run password_cmd of [account %s]"), account);
	}
	*fd_r = fds[0];
	return 0;
}

/* Wait for fd to be readable; 1 ready, 0 timed out, -1 error (errno). */
static int
password_poll(int fd, const struct timespec *deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n;

	do {
		n = poll(&pfd, 1, clock_ms_left(deadline));
	} while (n < 0 && errno == EINTR);
	return n;
}

/* Read one chunk into out; 1 more to come, 0 end of file, -1 error. */
static int
password_read_chunk(
    const char *account, int fd, struct password_out *out, struct err *err)
{
	ssize_t n;

	n = read(fd, out->data + out->len, PASSWORD_OUTPUT_MAX + 1 - out->len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n < 0)
		return err_sys(err, err_class_errno(errno),
		    _("cannot read the output of password_cmd of "
		      "[account %s]"),
		    account);
	out->len += (size_t)n;
	if (out->len > PASSWORD_OUTPUT_MAX)
		return err_set(err, ERR_FINAL,
		    _("password_cmd of [account %s] printed more than %d "
		      "bytes"),
		    account, PASSWORD_OUTPUT_MAX);
	return n > 0;
}

/* The error for a command still running after timeout_ms. */
static int
password_timed_out(const char *account, int timeout_ms, struct err *err)
{
	int secs = (timeout_ms + 999) / 1000;

	return err_set(err, ERR_FINAL,
	    ngettext_("password_cmd of [account %s] did not finish within "
		      "%d second",
		"password_cmd of [account %s] did not finish within "
		"%d seconds",
		secs),
	    account, secs);
}

/* Read the command's stdout to its end, for at most timeout_ms. */
static int
password_read(const char *account, int fd, int timeout_ms,
    struct password_out *out, struct err *err)
{
	struct timespec deadline;
	int rc;

	clock_deadline(&deadline, timeout_ms);
	do {
		rc = password_poll(fd, &deadline);
		if (rc == 0)
			return password_timed_out(account, timeout_ms, err);
		if (rc < 0)
			return err_sys(err, err_class_errno(errno),
			    _("cannot wait for password_cmd of [account %s]"),
			    account);
		rc = password_read_chunk(account, fd, out, err);
	} while (rc > 0);
	return rc;
}

/* Reap pid, retrying on EINTR; returns its wait status, or -1. */
static int
password_reap(pid_t pid)
{
	int status;
	pid_t r;

	do {
		r = waitpid(pid, &status, 0);
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -1 : status;
}

/* Turn the wait status into 0 or an error that never quotes the output. */
static int
password_check_status(const char *account, int status, struct err *err)
{
	if (status == -1)
		return err_sys(err, ERR_FINAL,
		    _("cannot wait for password_cmd of [account %s]"), account);
	if (WIFEXITED(status)) {
		log_debug("password_cmd for [account %s] exited with status %d",
		    account, WEXITSTATUS(status));
		if (WEXITSTATUS(status) == 0)
			return 0;
		return err_set(err, ERR_FINAL,
		    _("password_cmd of [account %s] failed with exit "
		      "status %d"),
		    account, WEXITSTATUS(status));
	}
	log_debug("password_cmd for [account %s] killed by signal %d", account,
	    WTERMSIG(status));
	return err_set(err, ERR_FINAL,
	    _("password_cmd of [account %s] was killed by signal %d"), account,
	    WTERMSIG(status));
}

/* The first line of out, without its \n or \r\n, as a new string. */
static int
password_first_line(const char *account, const struct password_out *out,
    char **password_r, struct err *err)
{
	const char *nl;
	size_t len;

	nl = memchr(out->data, '\n', out->len);
	len = nl != NULL ? (size_t)(nl - out->data) : out->len;
	if (len > 0 && out->data[len - 1] == '\r')
		len--;
	if (len == 0)
		return err_set(err, ERR_FINAL,
		    _("password_cmd of [account %s] printed no password"),
		    account);
	if (memchr(out->data, '\0', len) != NULL)
		return err_set(err, ERR_FINAL,
		    _("password_cmd of [account %s] printed a NUL byte"),
		    account);
	*password_r = xstrndup(out->data, len);
	return 0;
}

/* Run cmd once and take the password from its output. */
static int
password_run(const char *account, const char *cmd, int timeout_ms,
    char **password_r, struct err *err)
{
	struct password_out out = { NULL, 0 };
	int fd, rc, status;
	pid_t pid;

	log_debug("running password_cmd for [account %s]", account);
	if (password_spawn(account, cmd, &pid, &fd, err) < 0)
		return -1;
	out.data = xmalloc(PASSWORD_OUTPUT_MAX + 1);
	rc = password_read(account, fd, timeout_ms, &out, err);
	close(fd);
	if (rc < 0)
		kill(pid, SIGKILL);
	status = password_reap(pid);
	if (rc == 0)
		rc = password_check_status(account, status, err);
	if (rc == 0)
		rc = password_first_line(account, &out, password_r, err);
	explicit_bzero(out.data, out.len);
	free(out.data);
	return rc;
}

/* The cached entry for (account, cmd), or NULL; called locked. */
static struct password_entry *
password_cache_find(const char *account, const char *cmd)
{
	struct password_entry *e;

	for (e = password_cache; e != NULL; e = e->next)
		if (!strcmp(e->account, account) && !strcmp(e->cmd, cmd))
			return e;
	return NULL;
}

/* Remember a copy of password for (account, cmd); called locked. */
static void
password_cache_add(const char *account, const char *cmd, const char *password)
{
	struct password_entry *e;

	e = xmalloc(sizeof *e);
	e->account = xstrdup(account);
	e->cmd = xstrdup(cmd);
	e->password = xstrdup(password);
	e->next = password_cache;
	password_cache = e;
}

int
password_get_timeout(const char *account, const char *cmd, int timeout_ms,
    char **password_r, struct err *err)
{
	struct password_entry *e;
	int rc = 0;

	net_init();
	*password_r = NULL;
	/* Held while the command runs: one run per account, one prompt. */
	pthread_mutex_lock(&password_lock);
	e = password_cache_find(account, cmd);
	if (e != NULL)
		*password_r = xstrdup(e->password);
	else
		rc = password_run(account, cmd, timeout_ms, password_r, err);
	if (e == NULL && rc == 0)
		password_cache_add(account, cmd, *password_r);
	pthread_mutex_unlock(&password_lock);
	return rc;
}

int
password_get(
    const char *account, const char *cmd, char **password_r, struct err *err)
{
	return password_get_timeout(
	    account, cmd, PASSWORD_TIMEOUT_MS, password_r, err);
}

void
password_forget_all(void)
{
	struct password_entry *e;

	pthread_mutex_lock(&password_lock);
	while ((e = password_cache) != NULL) {
		password_cache = e->next;
		password_free(&e->password);
		free(e->account);
		free(e->cmd);
		free(e);
	}
	pthread_mutex_unlock(&password_lock);
}

int
password_for_login(const char *account, const char *cmd, const char *tls_key,
    int cleartext, const char *host, int fd, char **password_r, struct err *err)
{
	if (cleartext && !sock_peer_is_loopback(fd))
		return err_set(err, ERR_FINAL,
		    _("[account %s] has %s = none: tern sends a password "
		      "unencrypted only to this machine (127.0.0.1 or ::1), "
		      "not to %s"),
		    account, tls_key, host);
	if (cmd == NULL)
		return err_set(err, ERR_FINAL,
		    _("[account %s] has no password_cmd to get its password "
		      "from (see tern.conf(5))"),
		    account);
	return password_get(account, cmd, password_r, err);
}
