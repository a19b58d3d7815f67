#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/nameset.h"
#include "util/xalloc.h"

struct nameset_slot {
	char *key; /* NULL: empty */
	char *value;
};

struct nameset {
	struct nameset_slot *slots;
	size_t size; /* a power of two */
	size_t count;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ull; /* FNV-1a */

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

struct nameset *
nameset_new(void)
{
	struct nameset *set = xcalloc(1, sizeof *set);

	set->size = 64;
	set->slots = xcalloc(set->size, sizeof *set->slots);
	return set;
}

void
nameset_free(struct nameset **set)
{
	size_t i;

	if (*set == NULL)
		return;
	for (i = 0; i < (*set)->size; i++) {
		free((*set)->slots[i].key);
		free((*set)->slots[i].value);
	}
	free((*set)->slots);
	free(*set);
	*set = NULL;
}

static struct nameset_slot *
lookup(struct nameset_slot *slots, size_t size, const char *key)
{
	size_t i = (size_t)hash(key) & (size - 1);

	while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (size - 1);
	return &slots[i];
}

static void
grow(struct nameset *set)
{
	size_t i, size = set->size * 2;
	struct nameset_slot *slots = xcalloc(size, sizeof *slots);

	for (i = 0; i < set->size; i++)
		if (set->slots[i].key != NULL)
			*lookup(slots, size, set->slots[i].key) = set->slots[i];
	free(set->slots);
	set->slots = slots;
	set->size = size;
}

void
nameset_put(struct nameset *set, const char *key, const char *value)
{
	struct nameset_slot *slot;

	if ((set->count + 1) * 2 > set->size)
		grow(set);
	slot = lookup(set->slots, set->size, key);
	if (slot->key == NULL) {
		slot->key = xstrdup(key);
		set->count++;
	} else {
		free(slot->value);
	}
	slot->value = xstrdup(value);
}

const char *
nameset_get(const struct nameset *set, const char *key)
{
	return lookup(set->slots, set->size, key)->value;
}

size_t
nameset_count(const struct nameset *set)
{
	return set->count;
}
