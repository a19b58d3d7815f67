/* MIME through GMime: parsing, rendering to text, building. No I/O. */
#ifndef TERN_MIME_MIME_H
#define TERN_MIME_MIME_H

/* Initialise GMime once per process; safe to call again. */
void mime_init(void);

#endif
