#include <config.h>

#include <string.h>
#include <strings.h>

#include "store/rawmsg.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define BOM "\xef\xbb\xbf"
#define BLANK_LINES_MAX 8

/* The length of a header field name at p followed by blanks and ':'. */
static size_t
field_name(const char *p, size_t len)
{
	size_t i = 0, n;

	while (i < len && p[i] > 0x20 && p[i] < 0x7f && p[i] != ':')
		i++;
	n = i;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return n > 0 && i < len && p[i] == ':' ? n : 0;
}

/* Skip a byte-order mark and lines of blanks; the offset of the rest. */
static size_t
skip_junk(const char *data, size_t len)
{
	size_t off = 0, i, lines;

	if (len >= 3 && memcmp(data, BOM, 3) == 0)
		off = 3;
	for (lines = 0; lines < BLANK_LINES_MAX; lines++) {
		for (i = off; i < len &&
		     (data[i] == ' ' || data[i] == '\t' || data[i] == '\r');
		     i++)
			;
		if (i >= len || data[i] != '\n')
			break;
		off = i + 1;
	}
	return off;
}

/* The header's length: up to the first empty line, at most the cap. */
static size_t
head_len(const char *p, size_t len)
{
	size_t head = len < RAWMSG_HEAD_MAX ? len : RAWMSG_HEAD_MAX;
	const char *lf = memmem(p, head, "\n\n", 2);
	const char *crlf = memmem(p, head, "\n\r\n", 3);

	if (lf != NULL)
		head = (size_t)(lf - p);
	if (crlf != NULL && (size_t)(crlf - p) < head)
		head = (size_t)(crlf - p);
	return head;
}

static int
is_field(const char *p, size_t n, const char *name)
{
	return n == strlen(name) && strncasecmp(p, name, n) == 0;
}

/* Whether the header has a From, To or Subject field. */
static int
has_address_field(const char *p, size_t head)
{
	const char *end = p + head, *nl;
	size_t n;

	for (; p < end; p = nl + 1) {
		n = field_name(p, (size_t)(end - p));
		if (is_field(p, n, "from") || is_field(p, n, "to") ||
		    is_field(p, n, "subject"))
			return 1;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			break;
	}
	return 0;
}

int
rawmsg_check(const char *data, size_t len, size_t *start_r, const char **why_r)
{
	size_t off = skip_junk(data, len), head;
	const char *p = data + off;

	len -= off;
	head = head_len(p, len);
	if (len == 0)
		*why_r = _("not a mail message (empty)");
	else if (memchr(p, '\0', head) != NULL)
		*why_r = _("not a mail message (binary data)");
	else if (field_name(p, len) == 0)
		*why_r = _("not a mail message (no header)");
	else if (!has_address_field(p, head))
		*why_r = _("not a mail message (no From, To or Subject)");
	else {
		*start_r = off;
		return 1;
	}
	return 0;
}

char *
rawmsg_message_id(const char *data, size_t len)
{
	size_t off = skip_junk(data, len), head, n;
	const char *p = data + off, *end, *nl, *lt, *gt;

	head = head_len(p, len - off);
	end = p + head;
	for (; p < end; p = nl + 1) {
		n = field_name(p, (size_t)(end - p));
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		/* The value may be folded onto the next lines. */
		while (nl + 1 < end && (nl[1] == ' ' || nl[1] == '\t')) {
			const char *more =
			    memchr(nl + 1, '\n', (size_t)(end - nl - 1));
			nl = more != NULL ? more : end;
		}
		if (!is_field(p, n, "message-id"))
			continue;
		lt = memchr(p, '<', (size_t)(nl - p));
		gt = lt != NULL ? memchr(lt, '>', (size_t)(nl - lt)) : NULL;
		if (lt == NULL || gt == NULL || gt - lt < 2)
			return NULL;
		return xstrndup(lt + 1, (size_t)(gt - lt - 1));
	}
	return NULL;
}
