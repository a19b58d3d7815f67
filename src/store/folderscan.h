/*
 * What one folder holds on disk, by server UID: the sync engine's view
 * of a folder (see maildir.h for ",U=N" names). Reads the folder's cur/
 * and new/ only; no index.
 */
#ifndef TERN_STORE_FOLDERSCAN_H
#define TERN_STORE_FOLDERSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct scan_file {
	uint32_t uid; /* 0: the file has no server UID */
	char *path;
	char *flags; /* normalised Maildir flags ("" for none) */
	char *base;  /* base name without ",U=N" and info */
};

struct folder_scan {
	struct scan_file *v; /* files with a UID first, by UID */
	size_t n;
	size_t nuid; /* how many have a UID */
};

/*
 * Scan folder ("ACCOUNT/FOLDER") under mail_root; a missing folder is
 * empty. Returns 0, or -1 with err set.
 */
int folder_scan(const char *mail_root, const char *folder,
    struct folder_scan *fs, struct err *err);

/* The first file with uid, or NULL. Later files with it follow it. */
struct scan_file *folder_scan_uid(const struct folder_scan *fs, uint32_t uid);

/* A file whose base name (less ",U=N") is base, or NULL. */
struct scan_file *folder_scan_base(
    const struct folder_scan *fs, const char *base);

void folder_scan_release(struct folder_scan *fs);

#endif
