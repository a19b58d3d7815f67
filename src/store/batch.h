/*
 * Delivery of messages into the store, many at a time.
 *
 * batch_add() writes each message to its folder's tmp/ at once, without
 * waiting for the disk. batch_commit() then makes the whole batch
 * durable with one flush, renames every file into new/ or cur/, indexes
 * them in one atomic section and commits the index (store_commit), which
 * fsyncs the folders first. A crash at any moment leaves complete files
 * in tmp/ (removed by the next batch that touches the folder) or complete
 * files in new/ or cur/ that may not be indexed yet; nothing half-written
 * is ever visible. Callers that must not deliver twice after such a crash
 * name files after their content and look for them (see import.c).
 *
 * Test hook: when the environment variable TERN_TEST_STOP_AFTER is set to
 * N, the process kills itself with SIGKILL right after its N-th step,
 * where a step is writing one file to tmp/, renaming one file, indexing
 * one file, or committing. The crash tests use it to stop at every step.
 */
#ifndef TERN_STORE_BATCH_H
#define TERN_STORE_BATCH_H

#include <stddef.h>

#include "store/store.h"
#include "util/err.h"

struct batch;

struct batch_stats {
	unsigned long added;	  /* new messages in the index */
	unsigned long duplicates; /* files of a Message-ID already known */
	unsigned long not_mail;	  /* refused by the index, removed again */
};

/*
 * Report for a message the index refused: origin as given to batch_add,
 * why is a message for a human. The delivered file is already removed.
 */
struct batch_hooks {
	void (*reject)(void *arg, const char *origin, const char *why);
	void *arg;
};

/* A new, empty batch writing into store (opened STORE_WRITE). */
struct batch *batch_new(struct store *store, const struct batch_hooks *hooks);
/*
 * Free the batch after waiting for a flush under way; messages not
 * flushed stay in tmp/ (removed by a later batch). NULL is fine.
 */
void batch_free(struct batch **batch);
/*
 * Write one message for folder ("ACCOUNT/FOLDER", relative to the mail
 * root; created when missing) into its tmp/. name is the file's base name
 * (NULL: a new unique one); flags NULL delivers to new/, else to cur/
 * with those flags ("" for none). origin names the source in reports
 * (copied). Returns 0, or -1 with err set (the partial file is removed;
 * messages added before stay in the batch). Blocks on disk I/O.
 */
int batch_add(struct batch *batch, const char *folder, const char *name,
    const void *data, size_t len, const char *flags, const char *origin,
    struct err *err);
/*
 * Write one message piece by piece, for a download that must not be held
 * in memory: batch_open starts its file in folder's tmp/ (name and origin
 * as for batch_add), batch_write appends to it, batch_close adds it to
 * the batch with flags (as batch_add), batch_abort removes it. Each
 * returns 0, or -1 with err set; after a failed batch_write the caller
 * calls batch_abort.
 */
struct batch_writer;
int batch_open(struct batch *batch, const char *folder, const char *name,
    const char *origin, struct batch_writer **writer_r, struct err *err);
int batch_write(
    struct batch_writer *writer, const void *data, size_t len, struct err *err);
int batch_close(
    struct batch_writer **writer, const char *flags, struct err *err);
void batch_abort(struct batch_writer **writer);

/*
 * Queue a file that is already in folder (path: its full path) but not
 * in the index, to be indexed by the next commit.
 */
void batch_add_present(struct batch *batch, const char *folder,
    const char *path, const char *origin);
/* How many messages wait for the next flush or commit. */
size_t batch_pending(const struct batch *batch);
/* How many bytes of message data wait for the next flush or commit. */
size_t batch_pending_bytes(const struct batch *batch);
/*
 * Start committing the pending messages (see above) on a worker thread
 * and return at once, so the caller can write the next batch meanwhile.
 * Waits for the previous flush first. Until batch_wait() returns, the
 * caller must not use the store (nor this batch's counters). Returns 0,
 * or -1 with err set when the previous flush failed.
 */
int batch_flush(struct batch *batch, struct err *err);
/*
 * Wait for the flush under way (if any): 0 once its messages are
 * durable, visible and indexed, or -1 with err set. Reports rejected
 * messages (batch_hooks) here, on the caller's thread. Blocks.
 */
int batch_wait(struct batch *batch, struct err *err);
/*
 * Make the pending messages durable, visible and indexed, and wait for
 * it: batch_flush() then batch_wait(). Returns 0 or -1 with err set.
 * Blocks on disk I/O and on the writer lock (store_commit).
 */
int batch_commit(struct batch *batch, struct err *err);
/* Counters since batch_new (owned by the batch; exact after a wait). */
const struct batch_stats *batch_stats(const struct batch *batch);
/*
 * Deliver one message durably and index it: a batch of one, committed.
 * Sets *path_r to the new file's path (the caller frees it) when path_r
 * is not NULL. Returns 0 or -1 with err set. Blocks on disk I/O.
 */
int batch_deliver(struct store *store, const char *folder, const void *data,
    size_t len, const char *flags, char **path_r, struct err *err);

#endif
