#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "store/maildir.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

#define TMP_PREFIX "tern."
#define TMP_MAX_AGE (36 * 60 * 60)

static const char *const subdirs[] = { "cur", "new", "tmp" };

int
maildir_create(const char *root, const char *rel, struct err *err)
{
	char *dir = path_join(root, rel), *sub;
	size_t i;
	int r;

	r = path_mkdir_p(dir, 0700, err);
	for (i = 0; r == 0 && i < sizeof subdirs / sizeof *subdirs; i++) {
		sub = path_join(dir, subdirs[i]);
		r = path_mkdir_p(sub, 0700, err);
		free(sub);
	}
	free(dir);
	return r;
}

static int
is_dir(const char *dir, const char *sub)
{
	char *p = path_join(dir, sub);
	struct stat st;
	int r = stat(p, &st) == 0 && S_ISDIR(st.st_mode);

	free(p);
	return r;
}

int
maildir_is_maildir(const char *dir)
{
	return is_dir(dir, "cur") && is_dir(dir, "new");
}

char *
maildir_unique_name(void)
{
	static unsigned counter;
	unsigned rnd = 0;
	struct timeval tv;

	gettimeofday(&tv, NULL);
	if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != sizeof rnd)
		rnd ^= (unsigned)tv.tv_usec * 2654435761u;
	return xasprintf("%lld.M%06ldP%ld_Q%u_R%08x.tern", (long long)tv.tv_sec,
	    (long)tv.tv_usec, (long)getpid(), ++counter, rnd);
}

const char *
maildir_name_flags(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *info = strstr(slash != NULL ? slash : name, MAILDIR_INFO);

	return info != NULL ? info + strlen(MAILDIR_INFO) : NULL;
}

char *
maildir_name_base(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *info;

	if (slash != NULL)
		name = slash + 1;
	info = strstr(name, MAILDIR_INFO);
	return info != NULL ? xstrndup(name, (size_t)(info - name))
			    : xstrdup(name);
}

/* Where ",U=" starts in the base part of name[0..len), or NULL. */
static const char *
uid_mark(const char *name, size_t len)
{
	const char *p, *mark = NULL;

	for (p = name; p + 3 < name + len; p++)
		if (p[0] == ',' && p[1] == 'U' && p[2] == '=')
			mark = p;
	if (mark == NULL || mark + 3 == name + len)
		return NULL;
	for (p = mark + 3; p < name + len; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	return mark;
}

/* The last part of name and the length of its base (before the info). */
static const char *
name_split(const char *name, size_t *base_len_r)
{
	const char *slash = strrchr(name, '/');
	const char *info;

	if (slash != NULL)
		name = slash + 1;
	info = strstr(name, MAILDIR_INFO);
	*base_len_r = info != NULL ? (size_t)(info - name) : strlen(name);
	return name;
}

uint32_t
maildir_name_uid(const char *name)
{
	size_t len;
	const char *base = name_split(name, &len), *mark = uid_mark(base, len);
	unsigned long v = 0;
	const char *p;

	if (mark == NULL)
		return 0;
	for (p = mark + 3; p < base + len; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > UINT32_MAX)
			return 0;
	}
	return (uint32_t)v;
}

char *
maildir_name_with_uid(const char *name, uint32_t uid)
{
	size_t len;
	const char *base = name_split(name, &len), *mark = uid_mark(base, len);
	size_t keep = mark != NULL ? (size_t)(mark - base) : len;

	if (uid == 0)
		return xasprintf("%.*s%s", (int)keep, base, base + len);
	return xasprintf(
	    "%.*s,U=%u%s", (int)keep, base, (unsigned)uid, base + len);
}

char *
maildir_flags_normalise(const char *flags)
{
	char seen[128] = { 0 }, *out = xmalloc(53), *o = out;
	int c;

	for (; flags != NULL && *flags != '\0'; flags++) {
		c = (unsigned char)*flags;
		if (c < 128 &&
		    ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			seen[c] = 1;
	}
	for (c = 'A'; c <= 'z'; c++)
		if (seen[c])
			*o++ = (char)c;
	*o = '\0';
	return out;
}

int
maildir_flags_has(const char *flags, char flag)
{
	return flags != NULL && strchr(flags, flag) != NULL;
}

char *
maildir_path(const char *dir, const char *name, const char *flags)
{
	char *norm, *p;

	if (flags == NULL)
		return xasprintf("%s/new/%s", dir, name);
	norm = maildir_flags_normalise(flags);
	p = xasprintf("%s/cur/%s" MAILDIR_INFO "%s", dir, name, norm);
	free(norm);
	return p;
}

char *
maildir_path_with_flags(const char *path, const char *flags)
{
	char *sub = path_dirname(path); /* .../cur or .../new */
	char *dir = path_dirname(sub);
	char *base = maildir_name_base(path);
	char *p = maildir_path(dir, base, flags != NULL ? flags : "");

	free(sub);
	free(dir);
	free(base);
	return p;
}

static int
write_error(const char *dir, const char *tmp, struct err *err)
{
	if (errno == ENOSPC || errno == EDQUOT)
		return err_sys(err, ERR_FINAL,
		    _("the disk is full: cannot write a message into folder "
		      "'%s' ('%s')"),
		    dir, tmp);
	return err_sys(
	    err, err_class_errno(errno), _("cannot write '%s'"), tmp);
}

static int
write_fd(int fd, const void *data, size_t len, int sync)
{
	if (file_write_all(fd, data, len) < 0)
		return -1;
	if (sync && fsync(fd) < 0)
		return -1;
	return 0;
}

int
maildir_open_tmp(
    const char *dir, const char *name, int *fd_r, char **tmp_r, struct err *err)
{
	char *tmp =
	    xasprintf("%s/tmp/" TMP_PREFIX "%ld.%s", dir, (long)getpid(), name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0) {
		write_error(dir, tmp, err);
		free(tmp);
		return -1;
	}
	*fd_r = fd;
	*tmp_r = tmp;
	return 0;
}

int
maildir_append_tmp(int fd, const char *dir, const char *tmp, const void *data,
    size_t len, struct err *err)
{
	return write_fd(fd, data, len, 0) < 0 ? write_error(dir, tmp, err) : 0;
}

int
maildir_write_tmp(const char *dir, const char *name, const void *data,
    size_t len, int sync, char **tmp_r, struct err *err)
{
	char *tmp;
	int fd, saved;

	if (maildir_open_tmp(dir, name, &fd, &tmp, err) < 0)
		return -1;
	if (write_fd(fd, data, len, sync) < 0 || close(fd) < 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		write_error(dir, tmp, err);
		free(tmp);
		return -1;
	}
	*tmp_r = tmp;
	return 0;
}

/* Whether a tmp/ entry is stale: a dead writer's file, or very old. */
static int
tmp_is_stale(int dfd, const char *name, time_t now)
{
	struct stat st;
	long pid;
	char *end;

	if (strncmp(name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0) {
		pid = strtol(name + strlen(TMP_PREFIX), &end, 10);
		if (*end == '.' && pid > 0 && pid != (long)getpid() &&
		    kill((pid_t)pid, 0) < 0 && errno == ESRCH)
			return 1;
	}
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	return S_ISREG(st.st_mode) && now - st.st_mtime > TMP_MAX_AGE;
}

int
maildir_clean_tmp(const char *dir, struct err *err)
{
	char *tmp = path_join(dir, "tmp");
	time_t now = time(NULL);
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(tmp);
	if (d == NULL) {
		err_sys(err, err_class_errno(errno),
		    _("cannot read folder '%s'"), tmp);
		free(tmp);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    !tmp_is_stale(dirfd(d), de->d_name, now))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	free(tmp);
	return n;
}

int
maildir_deliver(const char *dir, const char *name, const void *data, size_t len,
    const char *flags, char **path_r, struct err *err)
{
	char *tmp, *dest;

	if (maildir_write_tmp(dir, name, data, len, 1, &tmp, err) < 0)
		return -1;
	dest = maildir_path(dir, name, flags);
	if (rename(tmp, dest) < 0) {
		err_sys(err, err_class_errno(errno),
		    _("cannot move '%s' to '%s'"), tmp, dest);
		unlink(tmp);
		goto fail;
	}
	if (file_sync_parent(dest, err) < 0)
		goto fail;
	free(tmp);
	*path_r = dest;
	return 0;
fail:
	free(tmp);
	free(dest);
	return -1;
}

static int
component_valid(const char *c, size_t len)
{
	static const char *const reserved[] = { "cur", "new", "tmp" };
	size_t i;

	if (len == 0 || c[0] == '.')
		return 0;
	for (i = 0; i < sizeof reserved / sizeof *reserved; i++)
		if (len == 3 && memcmp(c, reserved[i], 3) == 0)
			return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f)
			return 0;
	return 1;
}

int
maildir_folder_valid(const char *rel)
{
	const char *slash;

	for (;;) {
		slash = strchr(rel, '/');
		if (slash == NULL)
			return component_valid(rel, strlen(rel));
		if (!component_valid(rel, (size_t)(slash - rel)))
			return 0;
		rel = slash + 1;
	}
}
