/*
 * MIME parts as GMime parsed them: their type and decoded content. For
 * the mime layer only (the header names GMime types).
 */
#ifndef TERN_MIME_PART_H
#define TERN_MIME_PART_H

#include <stddef.h>

#include <gmime/gmime.h>

#include "util/buf.h"

/*
 * "type/subtype" of obj in lower case, "application/octet-stream" when
 * it has none: a new string, g_free it.
 */
char *part_type(GMimeObject *obj);
/* Whether obj is of type/subtype; subtype "*" matches any. */
int part_is(GMimeObject *obj, const char *type, const char *subtype);
/* Whether obj's Content-Disposition says attachment. */
int part_is_attached(GMimeObject *obj);
/*
 * Decode part's content (base64, quoted-printable, uuencode). With out,
 * its first max bytes are appended there and reading stops past them:
 * returns max + 1 when there was more. With out NULL, reads it all and
 * returns the decoded size.
 */
size_t part_decode(GMimePart *part, struct buf *out, size_t max);

#endif
