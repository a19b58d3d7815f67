/* Paths: joining, ~ and $VAR expansion, XDG folders, mkdir -p. */
#ifndef TERN_UTIL_PATH_H
#define TERN_UTIL_PATH_H

#include <sys/types.h>

#include "util/err.h"

enum xdg_kind {
	XDG_CONFIG, /* $XDG_CONFIG_HOME or ~/.config */
	XDG_DATA,   /* $XDG_DATA_HOME or ~/.local/share */
	XDG_STATE,  /* $XDG_STATE_HOME or ~/.local/state */
};

/* "a" + "/" + "b" in a new string (no doubled slash). */
char *path_join(const char *a, const char *b);
/* The directory part of path ("." when there is none), new string. */
char *path_dirname(const char *path);
/* The user's home directory ($HOME, else the password database). */
const char *path_home(void);
/* $XDG_..._HOME/tern/sub (sub may be NULL), new string. */
char *path_xdg(enum xdg_kind kind, const char *sub);
/*
 * Expand a leading ~ or ~/ and every $VAR or ${VAR} in in. An unset
 * variable is an error naming it. Returns a new string or NULL with err.
 */
char *path_expand(const char *in, struct err *err);
/*
 * Create path and its parents with mode; existing folders are fine, a
 * file in the way is ENOTDIR. Each folder it creates is made durable
 * (its parent is fsynced), so a file saved inside survives a crash.
 */
int path_mkdir_p(const char *path, mode_t mode, struct err *err);

#endif
