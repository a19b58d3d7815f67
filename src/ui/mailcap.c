/*
 * Mailcap files (RFC 1524) and the viewers they name. Parsing is plain
 * string work; running uses posix_spawn so that it is safe next to the
 * sync threads. Viewers whose output we read get their own process
 * group, so that a timeout kills whatever they started too.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ui/mailcap.h"
#include "util/clock.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

#define MAILCAP_MAX_FILE ((size_t)1 << 20)
#define MAILCAP_BASE "tern-part"
#define MAILCAP_EXT_MAX 10
#define MAILCAP_SHOW_CMD 60 /* bytes of a command quoted in a message */

extern char **environ;

/* Characters that pass to a shell unquoted, and that %t may hold. */
static const char mailcap_safe_path[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._+-";
static const char mailcap_safe_type[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+.-";

static int
mailcap_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The field at *p up to an unescaped ';', trimmed; *p moves past it. */
static char *
mailcap_field(const char **p)
{
	const char *s = *p, *start;
	size_t n;

	while (mailcap_blank(*s))
		s++;
	start = s;
	while (*s != '\0' && *s != ';')
		s += s[0] == '\\' && s[1] != '\0' ? 2 : 1;
	n = (size_t)(s - start);
	while (n > 0 && mailcap_blank(start[n - 1]) &&
	    !(n > 1 && start[n - 2] == '\\'))
		n--;
	*p = *s == ';' ? s + 1 : s;
	return xstrndup(start, n);
}

/* Take one flag ("copiousoutput", "test=cmd" ...) into e. */
static void
mailcap_flag(struct mailcap_entry *e, const char *flag)
{
	const char *eq = strchr(flag, '=');
	size_t n = eq != NULL ? (size_t)(eq - flag) : strlen(flag);
	const char *v = eq != NULL ? eq + 1 : NULL;

	while (n > 0 && mailcap_blank(flag[n - 1]))
		n--;
	while (v != NULL && mailcap_blank(*v))
		v++;
	if (v == NULL && n == 13 && strncasecmp(flag, "copiousoutput", n) == 0)
		e->copiousoutput = 1;
	else if (v == NULL && n == 13 &&
	    strncasecmp(flag, "needsterminal", n) == 0)
		e->needsterminal = 1;
	else if (v != NULL && *v != '\0' && n == 4 &&
	    strncasecmp(flag, "test", n) == 0 && e->test == NULL)
		e->test = xstrdup(v);
	else if (v != NULL && *v != '\0' && n == 12 &&
	    strncasecmp(flag, "nametemplate", n) == 0 &&
	    e->nametemplate == NULL)
		e->nametemplate = xstrdup(v);
}

int
mailcap_parse(const char *line, struct mailcap_entry **entry_r)
{
	struct mailcap_entry *e;
	const char *p = line;
	char *flag;

	while (mailcap_blank(*p) || *p == '\n')
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	e = xcalloc(1, sizeof *e);
	e->type = mailcap_field(&p);
	e->command = mailcap_field(&p);
	if (*e->type == '\0' || *e->command == '\0') {
		mailcap_entry_free(&e);
		return -1;
	}
	while (*p != '\0') {
		flag = mailcap_field(&p);
		mailcap_flag(e, flag);
		free(flag);
	}
	*entry_r = e;
	return 1;
}

void
mailcap_entry_free(struct mailcap_entry **entry)
{
	struct mailcap_entry *e = *entry;

	if (e == NULL)
		return;
	free(e->type);
	free(e->command);
	free(e->test);
	free(e->nametemplate);
	free(e->where);
	free(e);
	*entry = NULL;
}

int
mailcap_matches(const struct mailcap_entry *e, const char *type)
{
	const char *slash = strchr(e->type, '/');
	size_t n = slash != NULL ? (size_t)(slash - e->type) : strlen(e->type);

	if (strncasecmp(e->type, type, n) != 0 || type[n] != '/')
		return 0;
	if (slash == NULL || strcmp(slash + 1, "*") == 0)
		return 1;
	return strcasecmp(slash + 1, type + n + 1) == 0;
}

/* Append s, quoted for sh unless it is made of safe characters. */
static void
mailcap_quote(struct buf *out, const char *s)
{
	if (*s != '\0' && s[strspn(s, mailcap_safe_path)] == '\0') {
		buf_adds(out, s);
		return;
	}
	buf_addc(out, '\'');
	for (; *s != '\0'; s++)
		if (*s == '\'')
			buf_adds(out, "'\\''");
		else
			buf_addc(out, *s);
	buf_addc(out, '\'');
}

/* Expand the % sequence at s[0] == '%' into out; -1 with err if refused. */
static int
mailcap_percent(const char *s, const char *type, const char *path,
    const char *command, struct buf *out, struct err *err)
{
	if (s[1] == '%') {
		buf_addc(out, '%');
		return 0;
	}
	if (s[1] == 's' && path != NULL) {
		mailcap_quote(out, path);
		return 0;
	}
	if (s[1] == 't' && type[strspn(type, mailcap_safe_type)] == '\0') {
		buf_adds(out, type);
		return 0;
	}
	if (s[1] == 't')
		return err_set(err, ERR_FINAL,
		    _("the content type '%s' holds characters that are not "
		      "safe in a shell command"),
		    type);
	return err_set(err, ERR_FINAL,
	    _("the mailcap command '%.*s' uses %%%c, which would put text "
	      "from the mail into a shell command"),
	    MAILCAP_SHOW_CMD, command, s[1] != '\0' ? s[1] : ' ');
}

char *
mailcap_expand(
    const char *command, const char *type, const char *path, struct err *err)
{
	struct buf out = BUF_INIT;
	const char *s;

	for (s = command; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			buf_addc(&out, *++s);
		} else if (*s != '%') {
			buf_addc(&out, *s);
		} else if (mailcap_percent(s, type, path, command, &out, err) <
		    0) {
			buf_release(&out);
			return NULL;
		} else {
			s++;
		}
	}
	return buf_detach(&out, NULL);
}

int
mailcap_uses_file(const char *command)
{
	const char *s;

	for (s = command; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '%' && s[1] == 's')
			return 1;
		else if (*s == '%' && s[1] == '%')
			s++;
	}
	return 0;
}

/* The extension of name (without the dot) when it is safe, else NULL. */
static const char *
mailcap_ext(const char *name)
{
	const char *dot = name != NULL ? strrchr(name, '.') : NULL;
	size_t n, i;

	if (dot == NULL || dot == name)
		return NULL;
	n = strlen(++dot);
	if (n == 0 || n > MAILCAP_EXT_MAX)
		return NULL;
	for (i = 0; i < n; i++)
		if (strchr("0123456789", dot[i]) == NULL &&
		    !((dot[i] | 0x20) >= 'a' && (dot[i] | 0x20) <= 'z'))
			return NULL;
	return dot;
}

/* Whether a nametemplate is safe: one %s, otherwise [A-Za-z0-9._+-]. */
static int
mailcap_template_ok(const char *t)
{
	const char *s = strstr(t, "%s");
	size_t i;

	if (s == NULL || strstr(s + 2, "%s") != NULL)
		return 0;
	for (i = 0; t[i] != '\0'; i++) {
		if (t + i == s) {
			i++;
			continue;
		}
		if (t[i] == '/' || strchr(mailcap_safe_path, t[i]) == NULL)
			return 0;
	}
	return 1;
}

char *
mailcap_file_name(const struct mailcap_entry *e, const char *mail_name)
{
	const char *ext = mailcap_ext(mail_name), *s;

	if (e != NULL && e->nametemplate != NULL &&
	    mailcap_template_ok(e->nametemplate)) {
		s = strstr(e->nametemplate, "%s");
		return xasprintf("%.*s%s%s", (int)(s - e->nametemplate),
		    e->nametemplate, MAILCAP_BASE, s + 2);
	}
	if (ext != NULL)
		return xasprintf("%s.%s", MAILCAP_BASE, ext);
	return xstrdup(MAILCAP_BASE);
}

int
mailcap_temp(const char *name, const void *data, size_t len, char **path_r,
    struct err *err)
{
	const char *tmp = getenv("TMPDIR");
	char *dir, *path;
	int fd, rc = 0;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	dir = xasprintf("%s/tern-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		err_sys(err, ERR_FINAL, _("cannot make a folder in '%s'"), tmp);
		free(dir);
		return -1;
	}
	path = xasprintf("%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || file_write_all(fd, data, len) < 0)
		rc = err_sys(err, ERR_FINAL, _("cannot write '%s'"), path);
	if (fd >= 0 && close(fd) < 0 && rc == 0)
		rc = err_sys(err, ERR_FINAL, _("cannot write '%s'"), path);
	free(dir);
	if (rc < 0)
		mailcap_temp_remove(&path);
	*path_r = path;
	return rc;
}

void
mailcap_temp_remove(char **path)
{
	char *slash;

	if (*path == NULL)
		return;
	unlink(*path);
	slash = strrchr(*path, '/');
	if (slash != NULL) {
		*slash = '\0';
		rmdir(*path);
	}
	free(*path);
	*path = NULL;
}

/*
 * The spawn settings every viewer gets: default handling of the signals
 * tern ignores or catches, nothing blocked; stdin from input (NULL:
 * /dev/null when quiet, else the terminal); when quiet, stdout to fd
 * out, stderr to /dev/null and a process group of its own.
 */
static int
mailcap_spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *attr,
    const char *input, int quiet, int out)
{
	sigset_t set;
	short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
	int rc;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	rc = posix_spawnattr_setsigdefault(attr, &set);
	sigemptyset(&set);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(attr, &set);
	if (rc == 0 && quiet)
		rc = posix_spawnattr_setpgroup(attr, 0);
	if (rc == 0)
		rc = posix_spawnattr_setflags(
		    attr, quiet ? flags | POSIX_SPAWN_SETPGROUP : flags);
	if (rc == 0 && (input != NULL || quiet))
		rc = posix_spawn_file_actions_addopen(fa, STDIN_FILENO,
		    input != NULL ? input : "/dev/null", O_RDONLY, 0);
	if (rc == 0 && quiet)
		rc = posix_spawn_file_actions_adddup2(fa, out, STDOUT_FILENO);
	if (rc == 0 && quiet)
		rc = posix_spawn_file_actions_addopen(
		    fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	return rc;
}

/* Start argv; quiet as in mailcap_spawn_setup. Returns 0 or an errno. */
static int
mailcap_spawn(
    char *const argv[], const char *input, int quiet, int out, pid_t *pid_r)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	rc = mailcap_spawn_setup(&fa, &attr, input, quiet, out);
	if (rc == 0)
		rc = posix_spawnp(pid_r, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return rc;
}

/*
 * Read fd into out until end of file: 0, or 1 when the deadline passed,
 * 2 when there was more than max, -1 on a read error.
 */
static int
mailcap_read_all(
    int fd, size_t max, const struct timespec *deadline, struct buf *out)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t start = out->len;
	char chunk[8192];
	ssize_t n;
	int r;

	for (;;) {
		r = poll(&pfd, 1, clock_ms_left(deadline));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 ? 1 : -1;
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return n == 0 ? 0 : -1;
		if (out->len - start + (size_t)n > max)
			return 2;
		buf_add(out, chunk, (size_t)n);
	}
}

/* Wait for pid until deadline; kill its group then. Its wait status. */
static int
mailcap_reap(pid_t pid, const struct timespec *deadline, int *killed_r)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int status = 0;
	pid_t r;

	while ((r = waitpid(pid, &status, WNOHANG)) == 0 &&
	    clock_ms_left(deadline) > 0)
		nanosleep(&pause, NULL);
	if (r == 0) {
		kill(-pid, SIGKILL);
		*killed_r = 1;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	return status;
}

/* err from how the command ended; 0 when it exited with 0. */
static int
mailcap_status(const char *cmd, int status, struct err *err)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return err_set(err, ERR_FINAL,
		    _("'%.*s' exited with status %d"), MAILCAP_SHOW_CMD, cmd,
		    WEXITSTATUS(status));
	return err_set(err, ERR_FINAL, _("'%.*s' was killed by signal %d"),
	    MAILCAP_SHOW_CMD, cmd, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* The message for a capture that read got stopped by (1 or 2). */
static int
mailcap_stopped(
    const char *cmd, int why, unsigned timeout, size_t max, struct err *err)
{
	if (why == 1)
		return err_set(err, ERR_FINAL,
		    _("'%.*s' took longer than %u s and was stopped"),
		    MAILCAP_SHOW_CMD, cmd, timeout);
	return err_set(err, ERR_FINAL,
	    _("'%.*s' wrote more than %zu bytes and was stopped"),
	    MAILCAP_SHOW_CMD, cmd, max);
}

int
mailcap_capture(const char *cmd, const char *input, size_t max,
    unsigned timeout, struct buf *out, struct err *err)
{
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
	struct timespec deadline;
	int fds[2], rc, got, killed = 0, status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return err_sys(err, ERR_FINAL, _("cannot run '%.*s'"),
		    MAILCAP_SHOW_CMD, cmd);
	rc = mailcap_spawn(argv, input, 1, fds[1], &pid);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		errno = rc;
		return err_sys(err, ERR_FINAL, _("cannot run '%.*s'"),
		    MAILCAP_SHOW_CMD, cmd);
	}
	clock_deadline(&deadline, (long)timeout * 1000);
	got = mailcap_read_all(fds[0], max, &deadline, out);
	close(fds[0]);
	if (got != 0) /* stop it now; reap below */
		deadline.tv_sec = 0;
	status = mailcap_reap(pid, &deadline, &killed);
	if (got == 1 || got == 2)
		return mailcap_stopped(cmd, got, timeout, max, err);
	if (killed)
		return mailcap_stopped(cmd, 1, timeout, max, err);
	if (got < 0)
		return err_sys(err, ERR_FINAL,
		    _("cannot read what '%.*s' wrote"), MAILCAP_SHOW_CMD, cmd);
	return mailcap_status(cmd, status, err);
}

/* mailcap_run, naming the program what in messages. */
static int
mailcap_run_as(
    char *const argv[], const char *input, const char *what, struct err *err)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	int rc, status = 0;
	pid_t pid;

	/* As system() does: ^C is for the program, not for tern. */
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	rc = mailcap_spawn(argv, input, 0, -1, &pid);
	while (rc == 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (rc != 0) {
		errno = rc;
		return err_sys(err, ERR_FINAL, _("cannot run '%.*s'"),
		    MAILCAP_SHOW_CMD, what);
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return mailcap_status(what, status, err);
}

int
mailcap_run(char *const argv[], const char *input, struct err *err)
{
	return mailcap_run_as(argv, input, argv[0], err);
}

int
mailcap_run_shell(const char *cmd, const char *input, struct err *err)
{
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };

	return mailcap_run_as(argv, input, cmd, err);
}

/* The mailcap files to read: $MAILCAPS, else the usual two. */
static void
mailcap_files(char ***files_r, size_t *n_r)
{
	const char *env = getenv("MAILCAPS"), *s, *colon;
	char **files = NULL;
	size_t n = 0;

	if (env == NULL || *env == '\0') {
		files = xreallocarray(NULL, 2, sizeof *files);
		files[n++] = path_join(path_home(), ".mailcap");
		files[n++] = xstrdup("/etc/mailcap");
	}
	for (s = env; s != NULL && *s != '\0'; s = colon + (*colon != '\0')) {
		colon = s + strcspn(s, ":");
		if (colon == s)
			continue;
		files = xreallocarray(files, n + 1, sizeof *files);
		if (strncmp(s, "~/", 2) == 0)
			files[n++] = xasprintf("%s/%.*s", path_home(),
			    (int)(colon - s - 2), s + 2);
		else
			files[n++] = xstrndup(s, (size_t)(colon - s));
	}
	*files_r = files;
	*n_r = n;
}

/* Whether e's test command, if any, succeeds for type. */
static int
mailcap_test(const struct mailcap_entry *e, const char *type)
{
	struct buf out = BUF_INIT;
	char *cmd;
	int r;

	if (e->test == NULL)
		return 1;
	cmd = mailcap_expand(e->test, type, NULL, NULL);
	if (cmd == NULL)
		return 0;
	r = mailcap_capture(
	    cmd, NULL, MAILCAP_MAX_OUTPUT, MAILCAP_TIMEOUT, &out, NULL);
	free(cmd);
	buf_release(&out);
	return r == 0;
}

/* Whether e is the one for type and flags. */
static int
mailcap_fits(const struct mailcap_entry *e, const char *type, unsigned flags)
{
	if ((flags & MAILCAP_COPIOUS) && !e->copiousoutput)
		return 0;
	return mailcap_matches(e, type) && mailcap_test(e, type);
}

/*
 * The next entry in text from *p on (continuation lines joined); *line
 * counts lines. Returns as mailcap_parse, or 2 at the end of text.
 */
static int
mailcap_next(
    const char **p, const char *end, unsigned *line, struct mailcap_entry **e_r)
{
	struct buf joined = BUF_INIT;
	const char *s = *p, *nl;
	size_t n;
	int r;

	if (s >= end)
		return 2;
	for (;;) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = (size_t)((nl != NULL ? nl : end) - s);
		buf_add(&joined, s, n > 0 && s[n - 1] == '\r' ? n - 1 : n);
		s = nl != NULL ? nl + 1 : end;
		++*line;
		if (joined.len == 0 || joined.data[joined.len - 1] != '\\' ||
		    s >= end)
			break;
		buf_truncate(&joined, joined.len - 1);
	}
	if (memchr(joined.data, '\0', joined.len) != NULL)
		r = -1;
	else
		r = mailcap_parse(joined.data, e_r);
	buf_release(&joined);
	*p = s;
	return r;
}

/* The entry for type in the file at path, if it has one; 1 or 0. */
static int
mailcap_find_in(const char *path, const char *type, unsigned flags,
    struct mailcap_entry **e_r)
{
	struct buf text = BUF_INIT;
	const char *p, *end;
	unsigned line = 0, at;
	int r, found = 0;

	if (file_read(path, &text, MAILCAP_MAX_FILE, NULL) < 0)
		return 0;
	p = text.data;
	end = text.data + text.len;
	while (!found) {
		at = line + 1;
		r = mailcap_next(&p, end, &line, e_r);
		if (r == 2)
			break;
		if (r != 1)
			continue;
		if (mailcap_fits(*e_r, type, flags)) {
			(*e_r)->where = xasprintf("%s:%u", path, at);
			found = 1;
		} else {
			mailcap_entry_free(e_r);
		}
	}
	buf_release(&text);
	return found;
}

int
mailcap_find(const char *type, unsigned flags, struct mailcap_entry **entry_r,
    struct err *err)
{
	struct buf where = BUF_INIT;
	char **files;
	size_t n, i;
	int found = 0;

	mailcap_files(&files, &n);
	for (i = 0; i < n; i++) {
		if (!found)
			found = mailcap_find_in(files[i], type, flags, entry_r);
		buf_addf(&where, "%s%s", i > 0 ? ", " : "", files[i]);
		free(files[i]);
	}
	free(files);
	if (!found)
		err_set(err, ERR_FINAL,
		    (flags & MAILCAP_COPIOUS)
			? _("no mailcap entry with copiousoutput for '%s' "
			    "in %s")
			: _("no mailcap entry for '%s' in %s"),
		    type, n > 0 ? where.data : "$MAILCAPS");
	buf_release(&where);
	return found;
}
