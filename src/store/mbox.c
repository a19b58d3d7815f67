#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/mbox.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define BOM "\xef\xbb\xbf"

struct mbox {
	FILE *fp;
	char *name;
	char *line; /* getline's buffer */
	size_t line_alloc;
	struct buf cur;	     /* the message being read */
	struct buf out;	     /* the message handed out last */
	struct buf pending;  /* a "From " line not yet known to split */
	int started;	     /* the first line has been read */
	int in_header;	     /* cur has not reached its empty line */
	int mime_open;	     /* cur's top multipart has not ended */
	struct buf boundary; /* of cur's top multipart */
	int eof;
	unsigned long count;
};

int
mbox_looks_like(const char *data, size_t len)
{
	if (len >= 3 && memcmp(data, BOM, 3) == 0) {
		data += 3;
		len -= 3;
	}
	return len >= 5 && memcmp(data, "From ", 5) == 0;
}

struct mbox *
mbox_new(FILE *fp, const char *name)
{
	struct mbox *mb = xcalloc(1, sizeof *mb);

	mb->fp = fp;
	mb->name = xstrdup(name);
	buf_init(&mb->cur, MBOX_MESSAGE_MAX);
	buf_init(&mb->out, 0);
	buf_init(&mb->pending, 0);
	buf_init(&mb->boundary, 0);
	mb->in_header = 1;
	return mb;
}

int
mbox_open(const char *path, struct mbox **mbox_r, struct err *err)
{
	FILE *fp = fopen(path, "re");

	if (fp == NULL)
		return err_sys(err, ERR_FINAL, _("cannot read '%s'"), path);
	*mbox_r = mbox_new(fp, path);
	return 0;
}

void
mbox_free(struct mbox **mbox)
{
	struct mbox *mb = *mbox;

	if (mb == NULL)
		return;
	if (mb->fp != NULL)
		fclose(mb->fp);
	free(mb->name);
	free(mb->line);
	buf_release(&mb->cur);
	buf_release(&mb->out);
	buf_release(&mb->pending);
	buf_release(&mb->boundary);
	free(mb);
	*mbox = NULL;
}

unsigned long
mbox_count(const struct mbox *mb)
{
	return mb->count;
}

/* "From SENDER" alone, or followed by something with a time of day. */
static int
is_envelope(const char *line, size_t len)
{
	const char *p = line + 5, *end = line + len;

	if (len < 6 || memcmp(line, "From ", 5) != 0 ||
	    isspace((unsigned char)*p))
		return 0;
	while (p < end && !isspace((unsigned char)*p))
		p++;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p == end)
		return 1;
	for (; p + 2 < end; p++)
		if (isdigit((unsigned char)p[-1]) && p[0] == ':' &&
		    isdigit((unsigned char)p[1]) &&
		    isdigit((unsigned char)p[2]))
			return 1;
	return 0;
}

/* A header field line: a printable name without ':' and then ':'. */
static int
is_header(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && line[i] > 0x20 && line[i] < 0x7f && line[i] != ':')
		i++;
	if (i == 0)
		return 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len && line[i] == ':';
}

/* The boundary parameter of the Content-Type field in head, into out. */
static void
find_boundary(const char *head, size_t len, struct buf *out)
{
	const char *end = head + len, *p, *q;

	buf_reset(out);
	for (p = head; p + 13 < end; p++) {
		if ((p == head || p[-1] == '\n') &&
		    strncasecmp(p, "content-type:", 13) == 0)
			break;
	}
	for (; p + 9 < end; p++) {
		if (p[0] == '\n' && p[1] != ' ' && p[1] != '\t')
			return; /* the field ended without a boundary */
		if (strncasecmp(p, "boundary=", 9) == 0)
			break;
	}
	if (p + 9 >= end)
		return;
	p += 9;
	if (*p == '"')
		for (q = ++p; q < end && *q != '"' && *q != '\n'; q++)
			;
	else
		for (q = p; q < end && *q != ';' && *q > ' '; q++)
			;
	buf_add(out, p, (size_t)(q - p));
}

/* Follow the header and the top multipart of the message being read. */
static void
track(struct mbox *mb, const char *line, size_t len)
{
	size_t b = mb->boundary.len;

	if (mb->in_header) {
		if (len == 1 || (len == 2 && line[0] == '\r')) {
			mb->in_header = 0;
			find_boundary(mb->cur.data, mb->cur.len, &mb->boundary);
			mb->mime_open = mb->boundary.len > 0;
		}
		return;
	}
	if (mb->mime_open && len >= b + 4 && memcmp(line, "--", 2) == 0 &&
	    memcmp(line + 2, mb->boundary.data, b) == 0 &&
	    memcmp(line + 2 + b, "--", 2) == 0)
		mb->mime_open = 0;
}

/*
 * git format-patch starts every patch with this envelope; inside an
 * attachment it is content, not the start of the next message.
 */
static int
is_attached_patch(struct mbox *mb, const char *line, size_t len)
{
	static const char magic[] = " Mon Sep 17 00:00:00 2001";
	size_t m = sizeof magic - 1;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	return mb->mime_open && len >= m &&
	    memcmp(line + len - m, magic, m) == 0;
}

/* Add a body line, taking one '>' off ">From ", ">>From " ... */
static int
add_line(struct mbox *mb, const char *line, size_t len)
{
	size_t q = 0;

	track(mb, line, len);

	while (q < len && line[q] == '>')
		q++;
	if (q > 0 && len - q >= 5 && memcmp(line + q, "From ", 5) == 0) {
		line++;
		len--;
	}
	return buf_add(&mb->cur, line, len);
}

/* Move cur to out, without the blank line that preceded the separator. */
static void
finish(struct mbox *mb)
{
	struct buf tmp = mb->out;
	size_t n;

	mb->out = mb->cur;
	mb->cur = tmp;
	buf_reset(&mb->cur);
	mb->cur.max = MBOX_MESSAGE_MAX;
	mb->in_header = 1;
	mb->mime_open = 0;
	buf_reset(&mb->boundary);
	n = mb->out.len;
	if (n >= 4 && memcmp(mb->out.data + n - 4, "\r\n\r\n", 4) == 0)
		buf_truncate(&mb->out, n - 2);
	else if (n >= 2 && memcmp(mb->out.data + n - 2, "\n\n", 2) == 0)
		buf_truncate(&mb->out, n - 1);
	else if (n == 1 && mb->out.data[0] == '\n')
		buf_truncate(&mb->out, 0);
	else if (n == 2 && memcmp(mb->out.data, "\r\n", 2) == 0)
		buf_truncate(&mb->out, 0);
}

static int
too_large(struct mbox *mb, struct err *err)
{
	return err_set(err, ERR_FINAL,
	    _("message %lu in '%s' is larger than %u MiB"), mb->count + 1,
	    mb->name, MBOX_MESSAGE_MAX / (1024 * 1024));
}

/*
 * Feed one line. Returns 1 when it completed a message (now in out), 0
 * when not, -1 on error.
 */
static int
feed(struct mbox *mb, const char *line, size_t len, struct err *err)
{
	int done = 0;

	if (mb->pending.len > 0) {
		if (is_header(line, len)) {
			finish(mb);
			done = 1;
			buf_reset(&mb->pending);
			return add_line(mb, line, len) < 0 ? too_large(mb, err)
							   : done;
		}
		if (add_line(mb, mb->pending.data, mb->pending.len) < 0)
			return too_large(mb, err);
		buf_reset(&mb->pending);
	}
	if (is_envelope(line, len) && !is_attached_patch(mb, line, len)) {
		buf_add(&mb->pending, line, len);
		return 0;
	}
	return add_line(mb, line, len) < 0 ? too_large(mb, err) : 0;
}

static int
read_line(struct mbox *mb, const char **line_r, size_t *len_r, struct err *err)
{
	ssize_t n;

	errno = 0;
	n = getline(&mb->line, &mb->line_alloc, mb->fp);
	if (n < 0) {
		if (errno != 0 && ferror(mb->fp))
			return err_sys(
			    err, ERR_FINAL, _("cannot read '%s'"), mb->name);
		mb->eof = 1;
		return 0;
	}
	*line_r = mb->line;
	*len_r = (size_t)n;
	if (!mb->started) {
		mb->started = 1;
		if (n >= 3 && memcmp(mb->line, BOM, 3) == 0) {
			*line_r += 3;
			*len_r -= 3;
		}
		/* The first line is the first message's envelope. */
		if (*len_r >= 5 && memcmp(*line_r, "From ", 5) == 0)
			*len_r = 0;
	}
	return 1;
}

/* Read until a message is complete: 1, 0 at the end, -1. */
static int
next_raw(struct mbox *mb, struct err *err)
{
	const char *line = NULL;
	size_t len = 0;
	int r;

	while (!mb->eof) {
		r = read_line(mb, &line, &len, err);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		if (len > 0 && (r = feed(mb, line, len, err)) != 0)
			return r;
	}
	if (mb->pending.len > 0) {
		if (add_line(mb, mb->pending.data, mb->pending.len) < 0)
			return too_large(mb, err);
		buf_reset(&mb->pending);
	}
	if (mb->cur.len == 0)
		return 0;
	finish(mb);
	return 1;
}

int
mbox_next(struct mbox *mb, const char **data_r, size_t *len_r, struct err *err)
{
	int r;

	do {
		r = next_raw(mb, err);
	} while (r == 1 && mb->out.len == 0);
	if (r <= 0)
		return r;
	mb->count++;
	*data_r = mb->out.data;
	*len_r = mb->out.len;
	return 1;
}

/* The value of header field name in the header of data, or NULL. */
static const char *
header_value(const char *data, size_t len, const char *name, size_t *vlen_r)
{
	size_t nlen = strlen(name);
	const char *p = data, *end = data + len, *nl;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (p == nl || (*p == '\r' && p + 1 == nl))
			break; /* the blank line: end of the header */
		if ((size_t)(nl - p) > nlen && p[nlen] == ':' &&
		    strncasecmp(p, name, nlen) == 0) {
			*vlen_r = (size_t)(nl - p) - nlen - 1;
			return p + nlen + 1;
		}
	}
	return NULL;
}

static int
has_letter(const char *v, size_t len, char c)
{
	return v != NULL && memchr(v, c, len) != NULL;
}

char *
mbox_flags(const char *data, size_t len)
{
	size_t slen = 0, xlen = 0;
	const char *status = header_value(data, len, "Status", &slen);
	const char *xstatus = header_value(data, len, "X-Status", &xlen);
	char flags[4], *o = flags;

	if (status == NULL && xstatus == NULL)
		return NULL;
	if (has_letter(xstatus, xlen, 'F'))
		*o++ = 'F';
	if (has_letter(xstatus, xlen, 'A'))
		*o++ = 'R';
	if (has_letter(status, slen, 'R'))
		*o++ = 'S';
	*o = '\0';
	return xstrdup(flags);
}
