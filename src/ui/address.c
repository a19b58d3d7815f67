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

/* The candidates so far: each address once, with a name if any has. */
struct cands {
	char **v;
	size_t n;
};

/* The addr-spec of a mailbox as typed: inside <...>, else all of it. */
static const char *
address_key(const char *m, size_t *len_r)
{
	const char *lt = strrchr(m, '<'), *gt;

	if (lt != NULL && (gt = strchr(lt, '>')) != NULL) {
		*len_r = (size_t)(gt - lt - 1);
		return lt + 1;
	}
	*len_r = strlen(m);
	return m;
}

/* Add cand, or let it replace a bare address it names. */
static void
address_add(struct cands *c, const char *cand)
{
	const char *k, *ki;
	size_t len, leni, i;

	k = address_key(cand, &len);
	for (i = 0; i < c->n; i++) {
		ki = address_key(c->v[i], &leni);
		if (leni != len || strncasecmp(k, ki, len) != 0)
			continue;
		if (strchr(c->v[i], '<') == NULL && strchr(cand, '<') != NULL) {
			free(c->v[i]);
			c->v[i] = xstrdup(cand);
		}
		return;
	}
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	c->v[c->n++] = xstrdup(cand);
}

/* The aliases whose nick starts with word: their address text. */
static void
address_aliases(const char *word, struct cands *c)
{
	char *path = path_xdg(XDG_CONFIG, "aliases"), *line = NULL;
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
			address_add(c, rest);
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
	struct cands c = { NULL, 0 };
	char **v = NULL;
	size_t n = 0, i;
	int plen;
	struct err err;

	word = comma != NULL ? comma + 1 : input;
	word += strspn(word, " \t");
	plen = comma != NULL ? (int)(comma - input) : -1;
	if (*word == '\0')
		return;
	address_aliases(word, &c);
	if (ui->store != NULL &&
	    address_search(ui->store, word, ADDRESS_MAX, &v, &n, &err) == 0) {
		for (i = 0; i < n; i++) {
			address_add(&c, v[i]);
			free(v[i]);
		}
		free(v);
	}
	/* Each a whole new input: what comes before the word kept. */
	for (i = 0; i < c.n; i++) {
		if (plen >= 0)
			buf_addf(out, "%.*s, %s", plen, input, c.v[i]);
		else
			buf_adds(out, c.v[i]);
		buf_addc(out, '\0');
		free(c.v[i]);
	}
	free(c.v);
}
