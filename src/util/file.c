#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

int
file_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
file_sync_dir(const char *dir, struct err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return err_sys(err, ERR_FINAL, "cannot open folder '%s'", dir);
	if (fsync(fd) < 0 && errno != EINVAL) {
		err_sys(err, err_class_errno(errno), "cannot sync folder '%s'",
		    dir);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int
file_sync_parent(const char *path, struct err *err)
{
	char *dir = path_dirname(path);
	int r = file_sync_dir(dir, err);

	free(dir);
	return r;
}

static int
write_temp(
    const char *tmp, const void *data, size_t len, mode_t mode, struct err *err)
{
	int fd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return err_sys(
		    err, err_class_errno(errno), "cannot create '%s'", tmp);
	if (file_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		err_sys(err, err_class_errno(errno), "cannot write '%s'", tmp);
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) < 0) {
		err_sys(err, err_class_errno(errno), "cannot write '%s'", tmp);
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
file_replace(const char *path, const void *data, size_t len, mode_t mode,
    struct err *err)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int r = -1;

	if (write_temp(tmp, data, len, mode, err) < 0)
		goto out;
	if (rename(tmp, path) < 0) {
		err_sys(
		    err, err_class_errno(errno), "cannot replace '%s'", path);
		unlink(tmp);
		goto out;
	}
	r = file_sync_parent(path, err);
out:
	free(tmp);
	return r;
}

int
file_read(const char *path, struct buf *out, size_t max, struct err *err)
{
	char chunk[65536];
	size_t total = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(err, ERR_FINAL, "cannot read '%s'", path);
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_sys(err, ERR_FINAL, "cannot read '%s'", path);
			goto fail;
		}
		total += (size_t)n;
		if ((max != 0 && total > max) || buf_add(out, chunk, n) < 0) {
			err_set(err, ERR_FINAL, "'%s' is too large", path);
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
}
