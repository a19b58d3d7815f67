/* Files: atomic replace with fsync of file and directory, capped reads. */
#ifndef TERN_UTIL_FILE_H
#define TERN_UTIL_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"
#include "util/err.h"

/*
 * Replace path with data, atomically and durably: write a temporary file
 * in the same directory, fsync it, rename it over path, fsync the
 * directory. A reader sees the old content or the new, never a mix; after
 * a crash, path holds one of the two. Returns 0 or -1 with err set (the
 * old file is then untouched).
 */
int file_replace(const char *path, const void *data, size_t len, mode_t mode,
    struct err *err);
/* fsync a directory, so a rename or create inside it is durable. */
int file_sync_dir(const char *dir, struct err *err);
/* fsync the directory that holds path. */
int file_sync_parent(const char *path, struct err *err);
/* Write all of len bytes to fd, retrying short writes and EINTR. */
int file_write_all(int fd, const void *data, size_t len);
/*
 * Append the whole file at path to out. Fails with err set when the file
 * cannot be read or is larger than max bytes (0: out's own cap).
 */
int file_read(const char *path, struct buf *out, size_t max, struct err *err);

#endif
