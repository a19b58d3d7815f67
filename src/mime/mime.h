/* MIME through GMime: parsing, rendering to text, building. No I/O. */
#ifndef TERN_MIME_MIME_H
#define TERN_MIME_MIME_H

/*
 * Initialise GMime once per process, and route its warnings about
 * malformed mail to the debug log; safe to call again from any thread.
 */
void mime_init(void);

/*
 * Call fn for each mailbox of the address header value hdr (as a
 * message holds it, encoded words decoded): its display name (NULL when
 * none) and addr-spec. Groups give nothing; bad text gives what can be
 * read.
 */
void mime_mailboxes(const char *hdr,
    void (*fn)(void *arg, const char *name, const char *addr), void *arg);

#endif
