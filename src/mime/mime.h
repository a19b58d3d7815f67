/* MIME through GMime: parsing, rendering to text, building. No I/O. */
#ifndef TERN_MIME_MIME_H
#define TERN_MIME_MIME_H

/*
 * Initialise GMime once per process, and route its warnings about
 * malformed mail to the debug log; safe to call again from any thread.
 */
void mime_init(void);

#endif
