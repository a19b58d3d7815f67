/*
 * Addresses the store knows, for completion while writing: the From, To
 * and Cc mailboxes of stored mail, newest first (what "notmuch address"
 * gives, through the library).
 */
#ifndef TERN_STORE_ADDRESS_H
#define TERN_STORE_ADDRESS_H

#include <stddef.h>

#include "store/store.h"
#include "util/err.h"

/* How many messages are looked at, at most, newest first. */
#define ADDRESS_SCAN_MAX 1000

/*
 * The mailboxes ("Name <addr>", or addr alone) of the newest messages
 * from or to an address or name with a word starting with word (case
 * ignored), at most max of them, each address once: new strings in
 * *v_r (free each and the array), their count in *n_r. A word with
 * other characters than letters, digits and ".-_+@" finds nothing.
 * Returns 0, or -1 with err set. Never blocks on writers.
 */
int address_search(struct store *store, const char *word, size_t max,
    char ***v_r, size_t *n_r, struct err *err);

#endif
