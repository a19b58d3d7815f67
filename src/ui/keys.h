/* Key tables: finding a binding, naming keys, listing a view's keys. */
#ifndef TERN_UI_KEYS_H
#define TERN_UI_KEYS_H

#include <stddef.h>

#include "ui/ui-int.h"
#include "util/buf.h"

struct config;
struct err;

/*
 * Make table the bindings of the view called name ("index", "pager"
 * ...), so that "bind" lines of the config can name it. Call before
 * keys_load for every view.
 */
void keys_view(const char *name, const struct keys_entry *table);
/*
 * Take the "bind VIEW KEY ACTION" lines of cfg. Returns 0, or -1 with
 * err naming the file and line of a bad view, key or action.
 */
int keys_load(const struct config *cfg, struct err *err);
/* The binding of key in table (the config's bindings first), or NULL. */
const struct keys_entry *keys_find(const struct keys_entry *table, int key);
/* The name of key as the help shows it ("j", "Down", "^L"), in buf. */
const char *keys_name(int key, char *buf, size_t size);
/*
 * Append the help of table to out: one line per action, its keys then
 * what it does (translated), keys padded to one column.
 */
void keys_help(const struct keys_entry *table, struct buf *out);

#endif
