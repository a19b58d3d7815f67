/* Parsing one message with GMime, as leniently as real mail needs. */
#ifndef TERN_MIME_MESSAGE_H
#define TERN_MIME_MESSAGE_H

#include <stddef.h>

#include <gmime/gmime.h>

/*
 * Parse data[0..len), the bytes of one message (a leading mbox From_
 * line is skipped). When the blank line between headers and body is
 * missing, the first line that is plainly no header starts the body.
 * Raw 8-bit header text is read as UTF-8 if it is valid, else in the
 * charset of the first text part, else as windows-1252. Returns a new
 * message (g_object_unref it), or NULL when data does not begin with a
 * header. Does no I/O; the message does not point into data.
 */
GMimeMessage *message_parse(const char *data, size_t len);

#endif
