/*
 * Searching the store: threads, messages or files matching a notmuch
 * query, newest first. Opens nothing itself and never blocks on writers.
 */
#ifndef TERN_STORE_SEARCH_H
#define TERN_STORE_SEARCH_H

#include <time.h>

#include "store/store.h"
#include "util/err.h"

enum search_output {
	SEARCH_THREADS,
	SEARCH_MESSAGES,
	SEARCH_FILES,
	/*
	 * The messages of each matching thread, in the thread's order (each
	 * reply after the message it answers, oldest first), threads in the
	 * search's order. Reads one thread at a time.
	 */
	SEARCH_TREE,
};

/*
 * One result. Strings are borrowed from the search and valid until the
 * next search_next() or search_free(); fields that do not apply to the
 * output kind are NULL or 0. Header text is UTF-8 from the index, not yet
 * made safe for a terminal.
 */
struct search_item {
	const char *thread_id; /* threads, tree */
	time_t date;	       /* threads: newest message; messages, tree */
	int matched;	       /* threads: messages that match the query;
				  tree: 1 when this one does */
	int total;	       /* threads: all messages */
	const char *authors;   /* threads: "A, B| C" as notmuch gives them;
				  tree: the message's From */
	int depth;	       /* tree: 0 for a thread's first message */
	const char *subject;   /* threads, messages, tree */
	const char *tags;      /* threads, messages, tree: space-separated */
	const char *id;	       /* messages, files, tree: Message-ID */
	const char *path;      /* files: one per file of each message;
				  messages: its first file */
};

struct search;

/*
 * Start a search for query (notmuch syntax, "*" for every message).
 * Returns 0 with a new search in *search_r (free with search_free), or -1
 * with err set; a bad query gives notmuch's own words.
 */
int search_new(struct store *store, const char *query,
    enum search_output output, struct search **search_r, struct err *err);
/*
 * Like search_new, but oldest first when oldest_first is set (a thread's
 * messages in reading order).
 */
int search_new_sorted(struct store *store, const char *query,
    enum search_output output, int oldest_first, struct search **search_r,
    struct err *err);
/*
 * How many threads or messages (output SEARCH_THREADS or SEARCH_MESSAGES)
 * match query: 0 and *count_r, or -1 with err set. Costs about as much
 * as reading every thread id of the result, not the threads themselves.
 */
int search_count(struct store *store, const char *query,
    enum search_output output, unsigned *count_r, struct err *err);
/* The next result: 1 with *item_r filled, 0 at the end, -1 on error. */
int search_next(
    struct search *search, struct search_item *item_r, struct err *err);
/* Free the search; accepts NULL, leaves NULL. */
void search_free(struct search **search);

#endif
