/*
 * Reading mbox files one message at a time, without loading the file.
 *
 * A message starts at a "From " line when the file starts with it, or
 * when such a line looks like an envelope ("From SENDER" alone, or with a
 * time of day such as 12:50:27 after it) and the next line is a header
 * field. So "From Russia with love" in a body, written without quoting,
 * stays in the body, and so does the envelope of a patch made by git
 * format-patch ("From SHA Mon Sep 17 00:00:00 2001") inside a multipart
 * whose closing boundary has not come yet, as when a patch series is
 * attached to a message. The blank line an mbox writer puts before each
 * "From " line is dropped; ">From " quoting is undone lightly (one '>'
 * off any line that is '>'* then "From "), which suits mboxrd and mboxo.
 * Line ends (LF or CRLF) are kept as they are. A UTF-8 byte-order mark
 * at the start of the file is skipped. Empty messages are skipped.
 */
#ifndef TERN_STORE_MBOX_H
#define TERN_STORE_MBOX_H

#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

/* The largest single message accepted (bytes). */
#define MBOX_MESSAGE_MAX (256u * 1024 * 1024)

struct mbox;

/* Whether data (a file's first bytes) starts with an mbox "From " line. */
int mbox_looks_like(const char *data, size_t len);
/*
 * Open the mbox at path. Returns 0 with a new reader in *mbox_r (free with
 * mbox_free), or -1 with err set.
 */
int mbox_open(const char *path, struct mbox **mbox_r, struct err *err);
/* A reader over fp, which it takes over (and closes); name is for errors. */
struct mbox *mbox_new(FILE *fp, const char *name);
/*
 * The next message: 1 with its bytes in *data_r and *len_r (borrowed
 * until the next call), 0 at the end, -1 with err set on a read error or
 * a message larger than MBOX_MESSAGE_MAX. Blocks on file I/O.
 */
int mbox_next(
    struct mbox *mbox, const char **data_r, size_t *len_r, struct err *err);
/* 1-based number of the message mbox_next returned last. */
unsigned long mbox_count(const struct mbox *mbox);
/*
 * Maildir flags from a message's Status: and X-Status: header fields
 * (mutt, Thunderbird): R in Status gives S; A and F in X-Status give R
 * and F. Returns a new string, or NULL when it has neither field.
 */
char *mbox_flags(const char *data, size_t len);
/* Free the reader and close its file; accepts NULL, leaves NULL. */
void mbox_free(struct mbox **mbox);

#endif
