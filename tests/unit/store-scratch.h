/* Helpers shared by the store's unit tests: scratch folders and files. */
#ifndef TERN_TESTS_STORE_SCRATCH_H
#define TERN_TESTS_STORE_SCRATCH_H

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/xalloc.h"

static char *scratch_dir;

static int
scratch_rm(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static void
scratch_cleanup(void)
{
	if (scratch_dir != NULL && getenv("TERN_KEEP_TMP") == NULL)
		nftw(scratch_dir, scratch_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* A new private folder, removed at exit. */
static inline const char *
scratch_new(void)
{
	const char *tmp = getenv("TMPDIR");
	char *t = xasprintf("%s/tern-unit.XXXXXX", tmp ? tmp : "/tmp");

	scratch_dir = mkdtemp(t);
	if (scratch_dir == NULL) {
		perror("mkdtemp");
		exit(99);
	}
	atexit(scratch_cleanup);
	return scratch_dir;
}

/* Write a whole file (0600); aborts the test on failure. */
static inline void
put_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		perror(path);
		exit(99);
	}
}

/* The whole content of a file as a new string, or NULL. */
static inline char *
get_file(const char *path, size_t *len_r)
{
	struct buf b = BUF_INIT;

	if (file_read(path, &b, 0, NULL) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, len_r);
}

/* The number of entries (not . and ..) in dir, or -1. */
static inline int
count_entries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* The one entry's name in dir, new string, or NULL unless exactly one. */
static inline char *
only_entry(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	char *name = NULL;
	int n = 0;

	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n++ == 0)
			name = xstrdup(de->d_name);
	}
	closedir(d);
	if (n != 1)
		xfree(&name);
	return name;
}

#endif
