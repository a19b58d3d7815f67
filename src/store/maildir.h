/*
 * Maildir folders and files: file system work only, no index.
 *
 * A folder is a directory with cur/, new/ and tmp/. A message file is
 * written to tmp/ first and renamed into new/ (no flags yet) or cur/
 * (with ":2,FLAGS", FLAGS being sorted ASCII letters such as "FS"), so a
 * reader never sees half a message. File names never carry the host
 * name: unique names are "SECONDS.MUSECONDSPPID_QCOUNTER_RRANDOM.tern",
 * names chosen by the caller (content hashes for import) end in ".tern"
 * too. A file in tmp/ is named "tern.PID.NAME" while it is written, so
 * stale ones left by a dead process can be told apart from live ones.
 */
#ifndef TERN_STORE_MAILDIR_H
#define TERN_STORE_MAILDIR_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define MAILDIR_INFO ":2,"

/*
 * Create the folder root/rel and its cur/, new/ and tmp/ (0700), with
 * every missing parent, and make the new directory entries durable
 * (fsync of each parent that changed). Existing folders are fine.
 * Returns 0 or -1 with err set. Blocks on disk I/O.
 */
int maildir_create(const char *root, const char *rel, struct err *err);
/*
 * Whether rel ("ACCOUNT/FOLDER/SUB") is a folder name the store accepts:
 * no empty, "." or ".." component, none starting with a dot, none named
 * cur, new or tmp, no control characters. 1 or 0.
 */
int maildir_folder_valid(const char *rel);
/* 1 when dir has both cur/ and new/ sub-folders, else 0. */
int maildir_is_maildir(const char *dir);
/* A new unique base name (see above); the caller frees it. */
char *maildir_unique_name(void);
/*
 * The flags of a file name: the letters after ":2,", or NULL when the
 * name has no info part. Points into name.
 */
const char *maildir_name_flags(const char *name);
/* The base name without the info part, as a new string. */
char *maildir_name_base(const char *name);
/*
 * The server UID a file name (or path) carries: the number N of a
 * ",U=N" at the end of its base name, as IMAP sync names files; 0 when
 * there is none. A UID belongs to the folder the file is in.
 */
uint32_t maildir_name_uid(const char *name);
/*
 * The last part of name (a file name or path) with its ",U=N" replaced
 * by ",U=uid", or removed when uid is 0; the info part is kept. New
 * string.
 */
char *maildir_name_with_uid(const char *name, uint32_t uid);
/*
 * Normalise flags: keep ASCII letters only, sorted, once each. Returns a
 * new string ("" for no flags).
 */
char *maildir_flags_normalise(const char *flags);
/* Whether flags (normalised) contains flag. */
int maildir_flags_has(const char *flags, char flag);
/*
 * Where a file called name lands in folder dir: dir/new/name when flags
 * is NULL, else dir/cur/name:2,FLAGS. New string.
 */
char *maildir_path(const char *dir, const char *name, const char *flags);
/*
 * The path of file path after a flag change: in cur/ with ":2,flags"
 * (flags normalised). New string.
 */
char *maildir_path_with_flags(const char *path, const char *flags);
/*
 * Write len bytes of data to dir/tmp/ as a file (0600) for name; with
 * sync, fsync it too. Sets *tmp_r to its path (the caller frees it). On
 * error the partial file is removed and err says what failed; ENOSPC
 * gives a message that says the disk is full. Blocks on disk I/O.
 */
int maildir_write_tmp(const char *dir, const char *name, const void *data,
    size_t len, int sync, char **tmp_r, struct err *err);
/*
 * Open a new file (0600) in dir/tmp/ for name, to be written piece by
 * piece with maildir_append_tmp: *fd_r and its path in *tmp_r (the
 * caller closes, frees, and unlinks it on failure). Returns 0 or -1.
 */
int maildir_open_tmp(const char *dir, const char *name, int *fd_r, char **tmp_r,
    struct err *err);

/* Append len bytes to the tmp file fd (path tmp, folder dir); 0 or -1. */
int maildir_append_tmp(int fd, const char *dir, const char *tmp,
    const void *data, size_t len, struct err *err);

/*
 * Remove files in dir/tmp/ that a dead process left behind (named
 * "tern.PID." with PID not running) or that are older than 36 hours, as
 * the Maildir convention allows. Returns the number removed, or -1.
 */
int maildir_clean_tmp(const char *dir, struct err *err);
/*
 * Deliver one message durably: write to tmp/, fsync, rename to new/ (or
 * cur/ with flags when flags is not NULL), fsync the directory. Sets
 * *path_r to the final path (the caller frees it). Blocks on disk I/O.
 */
int maildir_deliver(const char *dir, const char *name, const void *data,
    size_t len, const char *flags, char **path_r, struct err *err);

#endif
