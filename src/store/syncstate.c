#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/syncstate.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

#define SYNCSTATE_MAGIC "tern-syncstate 1\n"
#define SYNCSTATE_MAX (64 * 1024 * 1024)

void
syncstate_init(struct syncstate *ss)
{
	memset(ss, 0, sizeof *ss);
}

void
syncstate_release(struct syncstate *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		free(ss->entries[i].key);
		free(ss->entries[i].value);
	}
	free(ss->entries);
	syncstate_init(ss);
}

char *
syncstate_path(const char *mail_root, const char *folder)
{
	return xasprintf("%s/.tern/state/%s.state", mail_root, folder);
}

/* Index of key, or of where it would go; *found_r says which. */
static size_t
find(const struct syncstate *ss, const char *key, int *found_r)
{
	size_t lo = 0, hi = ss->n, mid;
	int c;

	*found_r = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(ss->entries[mid].key, key);
		if (c == 0) {
			*found_r = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *
syncstate_get(const struct syncstate *ss, const char *key)
{
	int found;
	size_t i = find(ss, key, &found);

	return found ? ss->entries[i].value : NULL;
}

static void
insert_take(struct syncstate *ss, size_t i, char *key, char *value)
{
	if (ss->n == ss->alloc) {
		ss->alloc = ss->alloc ? ss->alloc * 2 : 16;
		ss->entries =
		    xreallocarray(ss->entries, ss->alloc, sizeof *ss->entries);
	}
	memmove(&ss->entries[i + 1], &ss->entries[i],
	    (ss->n - i) * sizeof *ss->entries);
	ss->entries[i].key = key;
	ss->entries[i].value = value;
	ss->n++;
}

void
syncstate_set(struct syncstate *ss, const char *key, const char *value)
{
	int found;
	size_t i = find(ss, key, &found);

	if (found) {
		free(ss->entries[i].value);
		ss->entries[i].value = xstrdup(value);
		return;
	}
	insert_take(ss, i, xstrdup(key), xstrdup(value));
}

int
syncstate_del(struct syncstate *ss, const char *key)
{
	int found;
	size_t i = find(ss, key, &found);

	if (!found)
		return 0;
	free(ss->entries[i].key);
	free(ss->entries[i].value);
	memmove(&ss->entries[i], &ss->entries[i + 1],
	    (ss->n - i - 1) * sizeof *ss->entries);
	ss->n--;
	return 1;
}

static void
escape(struct buf *out, const char *s)
{
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c < 0x21 || c > 0x7e || c == '%' || c == '=')
			buf_addf(out, "%%%02X", c);
		else
			buf_addc(out, (char)c);
	}
}

void
syncstate_format(const struct syncstate *ss, struct buf *out)
{
	size_t i;

	buf_adds(out, SYNCSTATE_MAGIC);
	for (i = 0; i < ss->n; i++) {
		escape(out, ss->entries[i].key);
		buf_addc(out, '=');
		escape(out, ss->entries[i].value);
		buf_addc(out, '\n');
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Unescape s[0..len) into a new string; NULL when malformed. */
static char *
unescape(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '=' || (unsigned char)s[i] < 0x21 ||
		    (unsigned char)s[i] > 0x7e)
			goto bad;
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= len)
			goto bad;
		hi = hexval(s[i + 1]);
		lo = hexval(s[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			goto bad;
		*o++ = (char)(hi * 16 + lo);
		i += 2;
	}
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

static int
corrupt(const char *name, size_t line, const char *why, struct err *err)
{
	return err_set(err, ERR_FINAL,
	    _("sync state '%s' is corrupt at line %zu: %s; move it away to "
	      "start this folder's sync afresh"),
	    name, line, why);
}

static int
parse_line(struct syncstate *ss, const char *p, size_t len, const char *name,
    size_t lineno, struct err *err)
{
	const char *eq = memchr(p, '=', len);
	char *key, *value;
	size_t i;
	int found;

	if (eq == NULL || eq == p)
		return corrupt(name, lineno, _("expected key=value"), err);
	key = unescape(p, (size_t)(eq - p));
	value = unescape(eq + 1, len - (size_t)(eq - p) - 1);
	if (key == NULL || value == NULL) {
		free(key);
		free(value);
		return corrupt(name, lineno, _("bad character or escape"), err);
	}
	i = find(ss, key, &found);
	if (found) {
		free(key);
		free(value);
		return corrupt(name, lineno, _("key given twice"), err);
	}
	insert_take(ss, i, key, value);
	return 0;
}

int
syncstate_parse(struct syncstate *ss, const char *text, size_t len,
    const char *name, struct err *err)
{
	size_t mlen = strlen(SYNCSTATE_MAGIC), lineno = 1;
	const char *p = text + mlen, *end = text + len, *nl;

	syncstate_release(ss);
	if (len < mlen || memcmp(text, SYNCSTATE_MAGIC, mlen) != 0)
		return corrupt(name, 1, _("not a tern sync state file"), err);
	for (; p < end; p = nl + 1) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return corrupt(name, lineno, _("truncated line"), err);
		if (parse_line(ss, p, (size_t)(nl - p), name, lineno, err) < 0)
			return -1;
	}
	return 0;
}

int
syncstate_load(struct syncstate *ss, const char *mail_root, const char *folder,
    struct err *err)
{
	char *path = syncstate_path(mail_root, folder);
	struct buf b;
	struct stat st;
	int r = 0;

	syncstate_release(ss);
	buf_init(&b, SYNCSTATE_MAX);
	if (stat(path, &st) < 0 && errno == ENOENT)
		goto out;
	r = file_read(path, &b, SYNCSTATE_MAX, err);
	if (r == 0)
		r = syncstate_parse(ss, b.data, b.len, path, err);
	if (r < 0)
		syncstate_release(ss);
out:
	buf_release(&b);
	free(path);
	return r;
}

int
syncstate_save(const struct syncstate *ss, const char *mail_root,
    const char *folder, struct err *err)
{
	char *path = syncstate_path(mail_root, folder);
	char *dir = path_dirname(path);
	struct buf b = BUF_INIT;
	int r;

	r = path_mkdir_p(dir, 0700, err);
	if (r == 0) {
		syncstate_format(ss, &b);
		r = file_replace(path, b.data, b.len, 0600, err);
	}
	buf_release(&b);
	free(dir);
	free(path);
	return r;
}
