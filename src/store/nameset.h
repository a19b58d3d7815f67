/*
 * A hash map from strings to strings, for sets of file names too large
 * to search one by one (a folder of 100,000 messages). Internal to
 * src/store/.
 */
#ifndef TERN_STORE_NAMESET_H
#define TERN_STORE_NAMESET_H

#include <stddef.h>

struct nameset;

/* A new, empty map; free with nameset_free(). */
struct nameset *nameset_new(void);
/* Free the map and every string in it; accepts NULL, leaves NULL. */
void nameset_free(struct nameset **set);
/* Map key to value (both copied), replacing an old value. */
void nameset_put(struct nameset *set, const char *key, const char *value);
/* The value of key, or NULL when absent (borrowed from the map). */
const char *nameset_get(const struct nameset *set, const char *key);
/* The number of keys. */
size_t nameset_count(const struct nameset *set);

#endif
