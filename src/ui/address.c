#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/address.h"
#include "ui/address.h"
#include "ui/ui-int.h"
#include "util/path.h"
#include "util/xalloc.h"

#define ADDRESS_MAX 30 /* candidates offered */

/* Add prefix + cand to out unless it is there already. */
static void
address_add(struct buf *out, const char *prefix, const char *cand)
{
	struct buf one = BUF_INIT;
	const char *p;

	buf_addf(&one, "%s%s", prefix, cand);
	for (p = out->data; p < out->data + out->len; p += strlen(p) + 1)
		if (strcmp(p, one.data) == 0) {
			buf_release(&one);
			return;
		}
	buf_add(out, one.data, one.len + 1);
	buf_release(&one);
}

/* The aliases whose nick starts with word: their address text. */
static void
address_aliases(const char *prefix, const char *word, struct buf *out)
{
	char *path = path_xdg(XDG_CONFIG, "tern/aliases"), *line = NULL;
	char *nick, *rest, *end;
	size_t cap = 0, len = strlen(word);
	FILE *f = path != NULL ? fopen(path, "r") : NULL;

	while (f != NULL && getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		rest = line + strspn(line, " \t");
		if (strncmp(rest, "alias", 5) != 0 ||
		    (rest[5] != ' ' && rest[5] != '\t'))
			continue;
		nick = rest + 5 + strspn(rest + 5, " \t");
		end = nick + strcspn(nick, " \t");
		if (*end == '\0')
			continue;
		*end = '\0';
		rest = end + 1 + strspn(end + 1, " \t");
		if (*rest != '\0' && strncasecmp(nick, word, len) == 0)
			address_add(out, prefix, rest);
	}
	if (f != NULL)
		fclose(f);
	free(line);
	free(path);
}

void
address_complete(void *arg, const char *input, struct buf *out)
{
	struct ui *ui = arg;
	const char *comma = strrchr(input, ','), *word;
	char *prefix, **v = NULL;
	size_t n = 0, i;
	struct err err;

	word = comma != NULL ? comma + 1 : input;
	word += strspn(word, " \t");
	prefix = comma != NULL
	    ? xasprintf("%.*s, ", (int)(comma - input), input)
	    : xstrdup("");
	if (*word != '\0') {
		address_aliases(prefix, word, out);
		if (ui->store != NULL &&
		    address_search(
			ui->store, word, ADDRESS_MAX, &v, &n, &err) == 0) {
			for (i = 0; i < n; i++) {
				address_add(out, prefix, v[i]);
				free(v[i]);
			}
			free(v);
		}
	}
	free(prefix);
}
