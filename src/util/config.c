#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/config.h"
#include "util/file.h"
#include "util/ini.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

#define CONFIG_FILE_MAX (1024 * 1024)
#define POLL_INTERVAL_MAX (7 * 24 * 3600)
#define POP3_DAYS_MAX 36500
#define SUGGEST_DISTANCE 2

enum section {
	SECTION_NONE, /* before the first header */
	SECTION_GENERAL,
	SECTION_ACCOUNT,
	SECTION_SEARCH,
	SECTION_UI,
	SECTION_SKIP, /* an unknown section: its keys are ignored */
};

enum key_flags {
	KEY_REQUIRED = 1 << 0, /* an account without it is an error */
	KEY_EMPTY_OK = 1 << 1, /* "key =" is allowed */
	KEY_REPEAT = 1 << 2,   /* may be given on several lines */
};

struct parser;

/* One key: where it may appear, how its value is read, where it goes. */
struct config_key {
	enum section section;
	const char *name;
	int (*parse)(struct parser *p, const struct config_key *k,
	    const char *val, void *field);
	size_t offset; /* of the field in struct config or account */
	unsigned flags;
	const char *const *words; /* the values an enum key accepts */
	const char *hint;	  /* the accepted values, for messages */
};

struct parser {
	struct config *cfg;
	const char *file; /* as given, for messages */
	char *dir;	  /* absolute folder of the file */
	unsigned line;	  /* of the item being read */
	enum section section;
	void *base;  /* the struct the current section fills */
	char *label; /* "[general]" or "[account NAME]" */
	unsigned section_line;
	unsigned general_line;	       /* first [general], 0 if none yet */
	unsigned ui_line;	       /* first [ui], 0 if none yet */
	struct config_account scratch; /* a section checked, then dropped */
	struct config_search search_scratch; /* the same for [search] */
	unsigned *key_lines;   /* per key: line it was set on, or 0 */
	unsigned *error_lines; /* per error, to keep errors in line order */
};

static const char *const tls_words[] = {
	[CONFIG_TLS_IMPLICIT] = "implicit",
	[CONFIG_TLS_STARTTLS] = "starttls",
	[CONFIG_TLS_NONE] = "none",
	NULL,
};

static const char *const receive_words[] = {
	[CONFIG_RECEIVE_IMAP] = "imap",
	[CONFIG_RECEIVE_POP3] = "pop3",
	NULL,
};

/* Even indexes mean yes, odd ones no. */
static const char *const bool_words[] = {
	"yes",
	"no",
	"true",
	"false",
	"on",
	"off",
	"1",
	"0",
	NULL,
};

static const char *const pop3_delete_words[] = {
	[CONFIG_POP3_DELETE_AFTER_DOWNLOAD] = "after-download",
	[CONFIG_POP3_DELETE_NEVER] = "never",
	[CONFIG_POP3_DELETE_AFTER_DAYS] = "after-days:N",
	NULL,
};

/* Default ports by protocol and tls. */
enum proto { PROTO_IMAP, PROTO_POP3, PROTO_SMTP };
static const unsigned default_ports[][3] = {
	[PROTO_IMAP] = { 993, 143, 143 },
	[PROTO_POP3] = { 995, 110, 110 },
	[PROTO_SMTP] = { 465, 587, 587 },
};

/* Messages ----------------------------------------------------------- */

static void
list_add(char ***list, size_t *n, size_t at, char *s)
{
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	memmove(*list + at + 1, *list + at, (*n - at) * sizeof **list);
	(*list)[at] = s;
	(*n)++;
}

static void
strings_free(char ***list, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*list)[i]);
	xfree(list);
	*n = 0;
}

/* Add "FILE:LINE: message" to the errors, after those of earlier lines. */
static void __attribute__((format(printf, 3, 4)))
parser_error(struct parser *p, unsigned line, const char *fmt, ...)
{
	struct config *cfg = p->cfg;
	struct buf b = BUF_INIT;
	size_t at = cfg->nerrors;
	va_list ap;

	buf_addf(&b, "%s:%u: ", p->file, line);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	while (at > 0 && p->error_lines[at - 1] > line)
		at--;
	p->error_lines = xreallocarray(
	    p->error_lines, cfg->nerrors + 1, sizeof *p->error_lines);
	memmove(p->error_lines + at + 1, p->error_lines + at,
	    (cfg->nerrors - at) * sizeof *p->error_lines);
	p->error_lines[at] = line;
	list_add(&cfg->errors, &cfg->nerrors, at, buf_detach(&b, NULL));
}

static void __attribute__((format(printf, 2, 3)))
config_warn(struct config *cfg, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	list_add(&cfg->warnings, &cfg->nwarnings, cfg->nwarnings,
	    buf_detach(&b, NULL));
}

/* Suggestions -------------------------------------------------------- */

static int
lc(char c)
{
	return tolower((unsigned char)c);
}

/*
 * Optimal string alignment distance (Levenshtein plus swapping two
 * neighbours), ignoring case; anything above SUGGEST_DISTANCE is
 * reported as SUGGEST_DISTANCE + 1.
 */
static unsigned
edit_distance(const char *a, const char *b)
{
	enum { W = 64 };
	unsigned d[3][W + 1], *prev2 = d[0], *prev = d[1], *cur = d[2], *t;
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > W || lb > W ||
	    (la > lb ? la - lb : lb - la) > SUGGEST_DISTANCE)
		return SUGGEST_DISTANCE + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		cur[0] = (unsigned)i;
		for (j = 1; j <= lb; j++) {
			unsigned v =
			    prev[j - 1] + (lc(a[i - 1]) != lc(b[j - 1]));

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && lc(a[i - 1]) == lc(b[j - 2]) &&
			    lc(a[i - 2]) == lc(b[j - 1]) &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
		t = prev2, prev2 = prev, prev = cur, cur = t;
	}
	return prev[lb] > SUGGEST_DISTANCE ? SUGGEST_DISTANCE + 1 : prev[lb];
}

/*
 * The word in cands (NULL-terminated) closest to word, or NULL. A word
 * must keep more than half of its letters to count as close, so "2" is
 * not taken for a typo of "1".
 */
static const char *
closest(const char *word, const char *const *cands)
{
	const char *best = NULL;
	unsigned best_d = SUGGEST_DISTANCE + 1, d;

	for (; *cands != NULL; cands++) {
		d = edit_distance(word, *cands);
		if (d < best_d && 2 * d < strlen(*cands)) {
			best_d = d;
			best = *cands;
		}
	}
	return best;
}

/* "; did you mean 'x'?" when a word is close to word, else "". */
static char *
suggestion(const char *word, const char *const *cands)
{
	const char *s = closest(word, cands);

	return s == NULL ? xstrdup("")
			 : xasprintf(_("; did you mean '%s'?"), s);
}

/* Keys --------------------------------------------------------------- */

static int parse_string(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_host(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_address(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_path(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_command(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_port(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_bool(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_tls(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_receive(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_fingerprint(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_pop3_delete(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_interval(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_bind(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_color(
    struct parser *, const struct config_key *, const char *, void *);
static int parse_headers(
    struct parser *, const struct config_key *, const char *, void *);

#define GENERAL(f)                                                             \
	.section = SECTION_GENERAL, .name = #f,                                \
	.offset = offsetof(struct config, f)
#define ACCOUNT(key, f)                                                        \
	.section = SECTION_ACCOUNT, .name = key,                               \
	.offset = offsetof(struct config_account, f)
#define SEARCH(key, f)                                                         \
	.section = SECTION_SEARCH, .name = key,                                \
	.offset = offsetof(struct config_search, f)
/* The [ui] keys fill lists of struct config themselves. */
#define UI(key) .section = SECTION_UI, .name = key, .offset = 0
#define TLS_HINT N_("implicit, starttls or none")
#define BOOL_HINT N_("yes or no")

static const struct config_key keys[] = {
	{ GENERAL(mail_root), .parse = parse_path },
	{ GENERAL(editor), .parse = parse_string },
	{ ACCOUNT("address", address), .parse = parse_address,
	    .flags = KEY_REQUIRED },
	{ ACCOUNT("name", real_name), .parse = parse_string,
	    .flags = KEY_EMPTY_OK },
	{ ACCOUNT("receive", receive), .parse = parse_receive,
	    .words = receive_words, .hint = N_("imap or pop3") },
	{ ACCOUNT("host", host), .parse = parse_host, .flags = KEY_REQUIRED },
	{ ACCOUNT("port", port), .parse = parse_port },
	{ ACCOUNT("tls", tls), .parse = parse_tls, .words = tls_words,
	    .hint = TLS_HINT },
	{ ACCOUNT("user", user), .parse = parse_string },
	{ ACCOUNT("password_cmd", password_cmd), .parse = parse_command },
	{ ACCOUNT("ca_file", ca_file), .parse = parse_path },
	{ ACCOUNT("cert_fingerprint", cert_fingerprint),
	    .parse = parse_fingerprint },
	{ ACCOUNT("allow_plaintext", allow_plaintext), .parse = parse_bool,
	    .words = bool_words, .hint = BOOL_HINT },
	{ ACCOUNT("smtp_host", smtp_host), .parse = parse_host },
	{ ACCOUNT("smtp_port", smtp_port), .parse = parse_port },
	{ ACCOUNT("smtp_tls", smtp_tls), .parse = parse_tls, .words = tls_words,
	    .hint = TLS_HINT },
	{ ACCOUNT("smtp_user", smtp_user), .parse = parse_string },
	{ ACCOUNT("smtp_password_cmd", smtp_password_cmd),
	    .parse = parse_command },
	{ ACCOUNT("pop3_delete", pop3_delete), .parse = parse_pop3_delete,
	    .words = pop3_delete_words,
	    .hint = N_("after-download, never or after-days:N") },
	{ ACCOUNT("poll_interval", poll_interval), .parse = parse_interval },
	{ ACCOUNT("timeout", timeout), .parse = parse_interval },
	{ ACCOUNT("sent_folder", sent_folder), .parse = parse_string },
	{ ACCOUNT("drafts_folder", drafts_folder), .parse = parse_string },
	{ ACCOUNT("trash_folder", trash_folder), .parse = parse_string },
	{ ACCOUNT("junk_folder", junk_folder), .parse = parse_string },
	{ ACCOUNT("archive_folder", archive_folder), .parse = parse_string },
	{ ACCOUNT("sent_copy", sent_copy), .parse = parse_bool,
	    .words = bool_words, .hint = BOOL_HINT },
	{ ACCOUNT("signature_file", signature_file), .parse = parse_path },
	{ SEARCH("query", query), .parse = parse_string,
	    .flags = KEY_REQUIRED },
	{ UI("bind"), .parse = parse_bind, .flags = KEY_REPEAT },
	{ UI("color"), .parse = parse_color, .flags = KEY_REPEAT },
	{ UI("headers"), .parse = parse_headers },
	{ .section = SECTION_UI,
	    .name = "start",
	    .offset = offsetof(struct config, ui_start),
	    .parse = parse_string },
	{ .section = SECTION_UI,
	    .name = "sidebar",
	    .offset = offsetof(struct config, ui_sidebar),
	    .parse = parse_bool,
	    .words = bool_words,
	    .hint = BOOL_HINT },
};

#define NKEYS (sizeof keys / sizeof keys[0])

static const struct config_key *
key_find(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

/* The line the key called name was set on in this section, or 0. */
static unsigned
key_line(const struct parser *p, const char *name)
{
	return p->key_lines[key_find(name) - keys];
}

/* Value parsers ------------------------------------------------------ */

static void
set_string(void *field, char *s)
{
	char **f = field;

	free(*f);
	*f = s;
}

/* " ; comments go on their own line" when val looks like it has one. */
static const char *
comment_hint(const char *val)
{
	return strpbrk(val, "#;") != NULL ? _("; comments go on their own line")
					  : "";
}

static int
value_error(struct parser *p, const struct config_key *k, const char *val)
{
	char *s = suggestion(val, k->words);

	if (*s != '\0')
		parser_error(p, p->line, _("invalid value '%s' for '%s'%s"),
		    val, k->name, s);
	else
		parser_error(p, p->line,
		    _("invalid value '%s' for '%s'; use %s%s"), val, k->name,
		    _(k->hint), comment_hint(val));
	free(s);
	return -1;
}

/* The index of val in words, ignoring case, or -1. */
static int
word_index(const char *val, const char *const *words)
{
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(val, words[i]) == 0)
			return i;
	return -1;
}

/* Read a decimal number in 1..max with no sign or blanks. */
static int
parse_number(const char *s, unsigned long max, unsigned long *r)
{
	unsigned long v = 0;

	if (*s == '\0')
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (max - (unsigned long)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (*s != '\0' || v == 0)
		return -1;
	*r = v;
	return 0;
}

static int
parse_string(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	set_string(field, xstrdup(val));
	return 0;
}

static int
parse_host(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	if (val[strcspn(val, " \t/")] != '\0') {
		parser_error(p, p->line, _("invalid host name '%s' for '%s'%s"),
		    val, k->name, comment_hint(val));
		return -1;
	}
	return parse_string(p, k, val, field);
}

/* local@domain: one '@', no blanks, controls or characters of syntax. */
static int
address_valid(const char *s)
{
	const char *at = strchr(s, '@'), *dom;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return 0;
	if (s[strcspn(s, " \t<>()[],;:\"\\")] != '\0')
		return 0;
	dom = at + 1;
	return *dom != '\0' && *dom != '.' && dom[strlen(dom) - 1] != '.' &&
	    strstr(dom, "..") == NULL;
}

static int
parse_address(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	if (!address_valid(val)) {
		parser_error(p, p->line,
		    _("invalid address '%s'; write it as local@domain"), val);
		return -1;
	}
	return parse_string(p, k, val, field);
}

/* in without leading "./" pieces, so joined paths stay tidy. */
static const char *
skip_dot_slash(const char *in)
{
	while (in[0] == '.' && in[1] == '/') {
		in += 2;
		while (*in == '/')
			in++;
	}
	return in;
}

static int
parse_path(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	struct err err;
	char *x = path_expand(val, &err);

	if (x == NULL) {
		parser_error(p, p->line, _("cannot expand '%s' in '%s': %s"),
		    val, k->name, err.msg);
		return -1;
	}
	if (*x == '\0') {
		parser_error(p, p->line,
		    _("'%s' expands to an empty path in '%s'"), val, k->name);
		free(x);
		return -1;
	}
	if (x[0] != '/') {
		char *abs = path_join(p->dir, skip_dot_slash(x));

		free(x);
		x = abs;
	}
	set_string(field, x);
	return 0;
}

/* Warn when the word names a plain, non-program file others may read. */
static void
check_password_file(
    struct parser *p, const struct config_key *k, const char *word)
{
	struct stat st;
	struct err err;
	char *path;

	path = path_expand(word, &err);
	if (path == NULL)
		return;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 0111) == 0 && (st.st_mode & 0044) != 0)
		config_warn(p->cfg,
		    _("%s:%u: the password file '%s' named in %s is readable "
		      "by other users; run 'chmod 600 %s'"),
		    p->file, p->line, path, k->name, path);
	free(path);
}

static int
parse_command(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	char *copy = xstrdup(val), *save = NULL, *w;
	size_t n;

	for (w = strtok_r(copy, " \t", &save); w != NULL;
	     w = strtok_r(NULL, " \t", &save)) {
		w += strspn(w, "'\"");
		n = strlen(w);
		while (n > 0 && (w[n - 1] == '\'' || w[n - 1] == '"'))
			w[--n] = '\0';
		if (n > 0)
			check_password_file(p, k, w);
	}
	free(copy);
	return parse_string(p, k, val, field);
}

static int
parse_port(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	unsigned long v;

	if (parse_number(val, 65535, &v) < 0) {
		parser_error(p, p->line,
		    _("invalid port '%s' for '%s'; use a number from 1 to "
		      "65535%s"),
		    val, k->name, comment_hint(val));
		return -1;
	}
	*(unsigned *)field = (unsigned)v;
	return 0;
}

static int
parse_bool(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	int i = word_index(val, k->words);

	if (i < 0)
		return value_error(p, k, val);
	*(bool *)field = i % 2 == 0;
	return 0;
}

static int
parse_tls(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	int i = word_index(val, k->words);

	if (i < 0)
		return value_error(p, k, val);
	*(enum config_tls *)field = (enum config_tls)i;
	return 0;
}

static int
parse_receive(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	int i = word_index(val, k->words);

	if (i < 0)
		return value_error(p, k, val);
	*(enum config_receive *)field = (enum config_receive)i;
	return 0;
}

static int
parse_fingerprint(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	char hex[65];
	size_t n = 0;
	const char *s;

	for (s = val; *s != '\0'; s++) {
		if (*s == ':')
			continue;
		if (!isxdigit((unsigned char)*s) || n == 64)
			break;
		hex[n++] = (char)toupper((unsigned char)*s);
	}
	if (*s != '\0' || n != 64) {
		parser_error(p, p->line,
		    _("invalid cert_fingerprint '%s'; write the SHA-256 "
		      "fingerprint as 64 hex digits, colons allowed"),
		    val);
		return -1;
	}
	hex[n] = '\0';
	set_string(field, xstrdup(hex));
	return 0;
}

static int
parse_pop3_delete(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	static const char prefix[] = "after-days:";
	struct config_account *a = p->base;
	unsigned long days;
	int i;

	if (strncasecmp(val, prefix, sizeof prefix - 1) == 0) {
		if (parse_number(
			val + sizeof prefix - 1, POP3_DAYS_MAX, &days) < 0) {
			parser_error(p, p->line,
			    _("invalid number of days in 'pop3_delete = %s'; "
			      "write after-days:N with N from 1 to %d"),
			    val, POP3_DAYS_MAX);
			return -1;
		}
		a->pop3_delete = CONFIG_POP3_DELETE_AFTER_DAYS;
		a->pop3_delete_days = (unsigned)days;
		return 0;
	}
	i = word_index(val, k->words);
	if (i < 0 || i == CONFIG_POP3_DELETE_AFTER_DAYS)
		return value_error(p, k, val);
	*(enum config_pop3_delete *)field = (enum config_pop3_delete)i;
	return 0;
}

static int
parse_interval(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	static const struct {
		char suffix;
		unsigned long seconds;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 } };
	char *num = xstrdup(val);
	size_t n = strlen(num), i;
	unsigned long v, mult = 1;

	for (i = 0; n > 0 && i < sizeof units / sizeof units[0]; i++)
		if (tolower((unsigned char)num[n - 1]) == units[i].suffix) {
			num[--n] = '\0';
			mult = units[i].seconds;
			break;
		}
	if (parse_number(num, POLL_INTERVAL_MAX / mult, &v) < 0) {
		free(num);
		parser_error(p, p->line,
		    _("invalid %s '%s'; write seconds, or a number "
		      "followed by s, m or h, up to 7 days%s"),
		    k->name, val, comment_hint(val));
		return -1;
	}
	free(num);
	*(unsigned *)field = (unsigned)(v * mult);
	return 0;
}

/* The [ui] lists ------------------------------------------------------ */

/* Split val at any of the characters in seps; returns how many words. */
static size_t
split_words(const char *val, const char *seps, char ***words_r)
{
	char *copy = xstrdup(val), *save = NULL, *w;
	char **words = NULL;
	size_t n = 0;

	for (w = strtok_r(copy, seps, &save); w != NULL;
	     w = strtok_r(NULL, seps, &save)) {
		words = xreallocarray(words, n + 1, sizeof *words);
		words[n++] = xstrdup(w);
	}
	free(copy);
	*words_r = words;
	return n;
}

/* "bind = VIEW KEY ACTION": the names are checked by the interface. */
static int
parse_bind(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	struct config *cfg = p->cfg;
	char **w;
	size_t n = split_words(val, " \t", &w);

	if (n != 3) {
		parser_error(p, p->line,
		    _("invalid bind '%s'; write 'bind = VIEW KEY ACTION', "
		      "such as 'bind = index j next'"),
		    val);
		strings_free(&w, &n);
		return -1;
	}
	cfg->binds =
	    xreallocarray(cfg->binds, cfg->nbinds + 1, sizeof *cfg->binds);
	cfg->binds[cfg->nbinds++] = (struct config_bind){
		.view = w[0],
		.key = w[1],
		.action = w[2],
		.line = p->line,
	};
	free(w);
	return 0;
}

/* The n words at w joined by single spaces, new string. */
static char *
join_words(char **w, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i > 0 ? " " : "", w[i]);
	return buf_detach(&b, NULL);
}

/*
 * "color = ELEMENT FOREGROUND [BACKGROUND [ATTRIBUTE...]]": the names
 * are checked by the interface.
 */
static int
parse_color(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	struct config *cfg = p->cfg;
	char **w;
	size_t n = split_words(val, " \t", &w);

	if (n < 2) {
		parser_error(p, p->line,
		    _("invalid color '%s'; write 'color = ELEMENT FOREGROUND "
		      "[BACKGROUND [ATTRIBUTE...]]', such as 'color = quote1 "
		      "cyan'"),
		    val);
		strings_free(&w, &n);
		return -1;
	}
	cfg->colors =
	    xreallocarray(cfg->colors, cfg->ncolors + 1, sizeof *cfg->colors);
	cfg->colors[cfg->ncolors++] = (struct config_color){
		.elem = xstrdup(w[0]),
		.fg = xstrdup(w[1]),
		.bg = n > 2 ? xstrdup(w[2]) : NULL,
		.attrs = n > 3 ? join_words(w + 3, n - 3) : NULL,
		.line = p->line,
	};
	strings_free(&w, &n);
	return 0;
}

/* A header field name: printable ASCII without blanks or ':'. */
static int
field_name_valid(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s > '~' ||
		    *s == ':')
			return 0;
	return 1;
}

/* The first of the n words at w that is bad in a list of fields, or -1. */
static int
fields_error(struct parser *p, char **w, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!field_name_valid(w[i])) {
			parser_error(p, p->line,
			    _("invalid header field name '%s' in 'headers'; "
			      "write names such as From To Cc Date Subject"),
			    w[i]);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcasecmp(w[i], w[j]) == 0) {
				parser_error(p, p->line,
				    _("header field '%s' is listed twice in "
				      "'headers'"),
				    w[i]);
				return -1;
			}
	}
	return 0;
}

/* "headers = From To Cc Date Subject", blanks or commas between. */
static int
parse_headers(
    struct parser *p, const struct config_key *k, const char *val, void *field)
{
	struct config *cfg = p->cfg;
	char **w;
	size_t n = split_words(val, " \t,", &w);

	if (n == 0) {
		parser_error(p, p->line,
		    _("'headers' names no header field; write names such as "
		      "From To Cc Date Subject"));
		return -1;
	}
	if (fields_error(p, w, n) < 0) {
		strings_free(&w, &n);
		return -1;
	}
	cfg->headers = w;
	cfg->nheaders = n;
	return 0;
}

/* Sections ----------------------------------------------------------- */

static void
account_init(struct config_account *a, const char *name, unsigned line)
{
	*a = (struct config_account){
		.name = xstrdup(name),
		.receive = CONFIG_RECEIVE_IMAP,
		.tls = CONFIG_TLS_IMPLICIT,
		.smtp_tls = CONFIG_TLS_STARTTLS,
		.pop3_delete = CONFIG_POP3_DELETE_AFTER_DOWNLOAD,
		.poll_interval = 300,
		.timeout = 60,
		.sent_copy = true,
		.line = line,
	};
}

static void
account_release(struct config_account *a)
{
	char **strings[] = {
		&a->name,
		&a->address,
		&a->real_name,
		&a->host,
		&a->user,
		&a->password_cmd,
		&a->ca_file,
		&a->cert_fingerprint,
		&a->smtp_host,
		&a->smtp_user,
		&a->smtp_password_cmd,
		&a->sent_folder,
		&a->drafts_folder,
		&a->trash_folder,
		&a->junk_folder,
		&a->archive_folder,
		&a->signature_file,
	};
	size_t i;

	for (i = 0; i < sizeof strings / sizeof strings[0]; i++)
		xfree(strings[i]);
}

static void
copy_default(char **field, const char *from)
{
	if (*field == NULL && from != NULL)
		*field = xstrdup(from);
}

static void
account_defaults(struct config_account *a)
{
	enum proto proto =
	    a->receive == CONFIG_RECEIVE_POP3 ? PROTO_POP3 : PROTO_IMAP;

	copy_default(&a->user, a->address);
	copy_default(&a->smtp_host, a->host);
	copy_default(&a->smtp_user, a->user);
	copy_default(&a->smtp_password_cmd, a->password_cmd);
	if (a->port == 0)
		a->port = default_ports[proto][a->tls];
	if (a->smtp_port == 0)
		a->smtp_port = default_ports[PROTO_SMTP][a->smtp_tls];
}

static void
check_plaintext(struct parser *p, const struct config_account *a,
    const char *key, enum config_tls tls)
{
	if (tls != CONFIG_TLS_NONE || a->allow_plaintext)
		return;
	parser_error(p, key_line(p, key),
	    _("'%s = none' would send the password unencrypted; add "
	      "'allow_plaintext = yes' to [account %s] if you mean it"),
	    key, a->name);
}

/* Check what only the whole section can tell, then fill in defaults. */
static void
account_finish(struct parser *p, struct config_account *a)
{
	check_plaintext(p, a, "tls", a->tls);
	check_plaintext(p, a, "smtp_tls", a->smtp_tls);
	account_defaults(a);
}

static void
search_release(struct config_search *s)
{
	xfree(&s->name);
	xfree(&s->query);
}

/* Report the required keys the section that ends did not set. */
static void
check_required(struct parser *p)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].section == p->section &&
		    (keys[i].flags & KEY_REQUIRED) && p->key_lines[i] == 0)
			parser_error(p, p->section_line,
			    _("missing required key '%s' in %s"), keys[i].name,
			    p->label);
}

static void
section_end(struct parser *p)
{
	if (p->label != NULL)
		check_required(p);
	if (p->section == SECTION_ACCOUNT)
		account_finish(p, p->base);
	if (p->base == &p->scratch)
		account_release(&p->scratch);
	if (p->base == &p->search_scratch)
		search_release(&p->search_scratch);
	memset(p->key_lines, 0, NKEYS * sizeof *p->key_lines);
	xfree(&p->label);
	p->base = NULL;
	p->section = SECTION_SKIP;
}

/*
 * Open a section that has no name and comes once ([general], [ui]);
 * first_line keeps where it was first opened.
 */
static void
open_single(struct parser *p, const struct ini_item *it, enum section sec,
    unsigned *first_line)
{
	if (*it->arg != '\0')
		parser_error(p, it->line, _("[%s] takes no name; write [%s]"),
		    it->name, it->name);
	else if (*first_line != 0)
		parser_error(p, it->line,
		    _("duplicate [%s] section; the first is at line %u"),
		    it->name, *first_line);
	if (*first_line == 0)
		*first_line = it->line;
	p->section = sec;
	p->base = p->cfg;
	p->label = xasprintf("[%s]", it->name);
}

static void
open_general(struct parser *p, const struct ini_item *it)
{
	open_single(p, it, SECTION_GENERAL, &p->general_line);
}

static void
open_ui(struct parser *p, const struct ini_item *it)
{
	open_single(p, it, SECTION_UI, &p->ui_line);
}

/* Letters, digits, '-', '_' and '.', not starting with '.'. */
static int
account_name_valid(const char *name)
{
	const char *s;

	if (*name == '\0' || *name == '.')
		return 0;
	for (s = name; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("-_.", *s) == NULL)
			return 0;
	return 1;
}

/* Report a bad account name; returns 1 if the name is bad. */
static int
account_name_error(struct parser *p, const char *name, unsigned line)
{
	const struct config_account *dup;

	if (*name == '\0') {
		parser_error(
		    p, line, _("missing account name; write [account NAME]"));
		return 1;
	}
	if (!account_name_valid(name)) {
		parser_error(p, line,
		    _("invalid account name '%s': use letters, digits, '-', "
		      "'_' and '.', not starting with '.'"),
		    name);
		return 1;
	}
	dup = config_account(p->cfg, name);
	if (dup != NULL) {
		parser_error(p, line,
		    _("duplicate [account %s]; the first is at line %u"), name,
		    dup->line);
		return 1;
	}
	return 0;
}

static void
open_account(struct parser *p, const struct ini_item *it)
{
	struct config *cfg = p->cfg;
	struct config_account *a = &p->scratch;

	if (!account_name_error(p, it->arg, it->line)) {
		cfg->accounts = xreallocarray(
		    cfg->accounts, cfg->naccounts + 1, sizeof *cfg->accounts);
		a = &cfg->accounts[cfg->naccounts++];
	}
	/* A section with a bad name is still read, for its other errors. */
	account_init(a, it->arg, it->line);
	p->section = SECTION_ACCOUNT;
	p->base = a;
	p->label = xasprintf("[account %s]", it->arg);
}

/* The search called name, or NULL. */
static const struct config_search *
search_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nsearches; i++)
		if (strcmp(cfg->searches[i].name, name) == 0)
			return &cfg->searches[i];
	return NULL;
}

/* Report a missing or repeated search name; returns 1 if it is bad. */
static int
search_name_error(struct parser *p, const char *name, unsigned line)
{
	const struct config_search *dup;

	if (*name == '\0') {
		parser_error(
		    p, line, _("missing search name; write [search NAME]"));
		return 1;
	}
	dup = search_find(p->cfg, name);
	if (dup != NULL) {
		parser_error(p, line,
		    _("duplicate [search %s]; the first is at line %u"), name,
		    dup->line);
		return 1;
	}
	return 0;
}

static void
open_search(struct parser *p, const struct ini_item *it)
{
	struct config *cfg = p->cfg;
	struct config_search *s = &p->search_scratch;

	if (!search_name_error(p, it->arg, it->line)) {
		cfg->searches = xreallocarray(
		    cfg->searches, cfg->nsearches + 1, sizeof *cfg->searches);
		s = &cfg->searches[cfg->nsearches++];
	}
	*s = (struct config_search){
		.name = xstrdup(it->arg),
		.line = it->line,
	};
	p->section = SECTION_SEARCH;
	p->base = s;
	p->label = xasprintf("[search %s]", it->arg);
}

static const struct {
	const char *name;
	void (*open)(struct parser *p, const struct ini_item *it);
} sections[] = {
	{ "general", open_general },
	{ "account", open_account },
	{ "search", open_search },
	{ "ui", open_ui },
};

#define NSECTIONS (sizeof sections / sizeof sections[0])

static void
section_unknown(struct parser *p, const struct ini_item *it)
{
	const char *names[NSECTIONS + 1];
	size_t i;
	char *s;

	for (i = 0; i < NSECTIONS; i++)
		names[i] = sections[i].name;
	names[i] = NULL;
	s = suggestion(it->name, names);
	if (*it->name == '\0')
		parser_error(p, it->line,
		    _("empty section header; write [general], [account NAME], "
		      "[search NAME] or [ui]"));
	else if (*s != '\0')
		parser_error(
		    p, it->line, _("unknown section '%s'%s"), it->name, s);
	else
		parser_error(p, it->line,
		    _("unknown section '%s'; use [general], [account NAME], "
		      "[search NAME] or [ui]"),
		    it->name);
	free(s);
}

static void
handle_section(struct parser *p, const struct ini_item *it)
{
	size_t i;

	section_end(p);
	p->section_line = it->line;
	for (i = 0; i < NSECTIONS; i++)
		if (strcmp(it->name, sections[i].name) == 0) {
			sections[i].open(p, it);
			return;
		}
	section_unknown(p, it);
}

/* Assignments -------------------------------------------------------- */

/* Where the keys of each section go, for messages. */
static const char *const section_places[] = {
	[SECTION_GENERAL] = N_("the [general] section"),
	[SECTION_ACCOUNT] = N_("an [account NAME] section"),
	[SECTION_SEARCH] = N_("a [search NAME] section"),
	[SECTION_UI] = N_("the [ui] section"),
};

static void
key_outside(struct parser *p, const char *name, const struct config_key *k)
{
	if (k == NULL)
		parser_error(p, p->line,
		    _("key '%s' outside any section; start with [general] or "
		      "[account NAME]"),
		    name);
	else
		parser_error(p, p->line,
		    _("key '%s' outside any section; put it under %s"), name,
		    _(section_places[k->section]));
}

static void
key_unknown(struct parser *p, const char *name)
{
	const char *cands[NKEYS + 1];
	size_t i, n = 0;
	char *s;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].section == p->section)
			cands[n++] = keys[i].name;
	cands[n] = NULL;
	s = suggestion(name, cands);
	parser_error(
	    p, p->line, _("unknown key '%s' in %s%s"), name, p->label, s);
	free(s);
}

static void
key_misplaced(struct parser *p, const struct config_key *k)
{
	parser_error(p, p->line, _("key '%s' belongs in %s, not in %s"),
	    k->name, _(section_places[k->section]), p->label);
}

static void key_set(
    struct parser *p, const struct config_key *k, const char *val);

static void
handle_pair(struct parser *p, const struct ini_item *it)
{
	const struct config_key *k;

	k = key_find(it->name);
	if (p->section == SECTION_SKIP)
		return;
	if (p->section == SECTION_NONE)
		key_outside(p, it->name, k);
	else if (k == NULL)
		key_unknown(p, it->name);
	else if (k->section != p->section)
		key_misplaced(p, k);
	else
		key_set(p, k, it->value);
}

/* Set the key k of the current section from val. */
static void
key_set(struct parser *p, const struct config_key *k, const char *val)
{
	size_t i = (size_t)(k - keys);

	if (p->key_lines[i] != 0 && !(k->flags & KEY_REPEAT)) {
		parser_error(p, p->line,
		    _("duplicate key '%s' in %s; already set at line %u"),
		    k->name, p->label, p->key_lines[i]);
		return;
	}
	p->key_lines[i] = p->line;
	if (*val == '\0' && !(k->flags & KEY_EMPTY_OK)) {
		parser_error(p, p->line, _("empty value for '%s'"), k->name);
		return;
	}
	k->parse(p, k, val, (char *)p->base + k->offset);
}

static void
handle_error(struct parser *p, const struct ini_item *it)
{
	parser_error(p, it->line, "%s", it->error);
}

static void (*const handlers[])(struct parser *, const struct ini_item *) = {
	[INI_SECTION] = handle_section,
	[INI_PAIR] = handle_pair,
	[INI_ERROR] = handle_error,
};

/* Loading ------------------------------------------------------------ */

/* The folder that holds file, as an absolute path. */
static char *
config_dir(const char *file)
{
	char *dir = path_dirname(file), *cwd, *r;

	if (dir[0] == '/' || (cwd = getcwd(NULL, 0)) == NULL)
		return dir;
	r = strcmp(dir, ".") == 0 ? xstrdup(cwd)
				  : path_join(cwd, skip_dot_slash(dir));
	free(cwd);
	free(dir);
	return r;
}

static void
config_parse(struct config *cfg, const char *file, const struct buf *text)
{
	struct parser p = {
		.cfg = cfg,
		.file = file,
		.dir = config_dir(file),
		.section = SECTION_NONE,
		.key_lines = xcalloc(NKEYS, sizeof *p.key_lines),
	};
	struct ini_iter it;
	struct ini_item item;

	ini_iter_init(&it, text->data, text->len);
	while (ini_iter_next(&it, &item)) {
		p.line = item.line;
		handlers[item.kind](&p, &item);
	}
	ini_iter_deinit(&it);
	section_end(&p);
	free(p.key_lines);
	free(p.error_lines);
	free(p.dir);
}

static void
add_error(struct config *cfg, const char *msg)
{
	list_add(&cfg->errors, &cfg->nerrors, cfg->nerrors, xstrdup(msg));
}

static void
check_mode(struct config *cfg, const char *path, const struct stat *st)
{
	if ((st->st_mode & 0066) == 0)
		return;
	config_warn(cfg,
	    _("%s: readable or writable by other users (mode %04o); run 'chmod "
	      "600 %s'"),
	    path, (unsigned)(st->st_mode & 07777), path);
}

/* Read path into cfg; a missing file is fine unless must_exist. */
static void
config_read(struct config *cfg, const char *path, bool must_exist)
{
	struct buf text;
	struct stat st;
	struct err err;

	if (stat(path, &st) < 0) {
		if (errno == ENOENT && !must_exist)
			return;
		err_sys(&err, ERR_FINAL, _("cannot read '%s'"), path);
		add_error(cfg, err.msg);
		return;
	}
	buf_init(&text, CONFIG_FILE_MAX);
	if (file_read(path, &text, CONFIG_FILE_MAX, &err) < 0) {
		add_error(cfg, err.msg);
		goto out;
	}
	cfg->path = xstrdup(path);
	check_mode(cfg, path, &st);
	config_parse(cfg, path, &text);
out:
	buf_release(&text);
}

char *
config_default_path(void)
{
	const char *env = getenv("TERN_CONFIG");

	return env != NULL && *env ? xstrdup(env)
				   : path_xdg(XDG_CONFIG, "config");
}

int
config_load(const char *path, struct config **cfg_r, struct err *err)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);
	const char *env = getenv("TERN_CONFIG");
	bool must_exist = path != NULL || (env != NULL && *env != '\0');
	char *def = NULL;

	err_clear(err);
	*cfg_r = cfg;
	cfg->mail_root = path_xdg(XDG_DATA, "mail");
	if (path == NULL)
		path = def = config_default_path();
	config_read(cfg, path, must_exist);
	free(def);
	if (cfg->nerrors == 0)
		return 0;
	return err_set(err, ERR_FINAL, "%s", cfg->errors[0]);
}

const struct config_account *
config_account(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->naccounts; i++)
		if (strcmp(cfg->accounts[i].name, name) == 0)
			return &cfg->accounts[i];
	return NULL;
}

const char *
config_tls_name(enum config_tls tls)
{
	return tls_words[tls];
}

const char *
config_receive_name(enum config_receive receive)
{
	return receive_words[receive];
}

/* Free the binds, colours and header names of the [ui] section. */
static void
ui_lists_free(struct config *c)
{
	size_t i;

	for (i = 0; i < c->nbinds; i++) {
		free(c->binds[i].view);
		free(c->binds[i].key);
		free(c->binds[i].action);
	}
	free(c->binds);
	for (i = 0; i < c->ncolors; i++) {
		free(c->colors[i].elem);
		free(c->colors[i].fg);
		free(c->colors[i].bg);
		free(c->colors[i].attrs);
	}
	free(c->colors);
	strings_free(&c->headers, &c->nheaders);
}

void
config_free(struct config **cfg)
{
	struct config *c = *cfg;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->naccounts; i++)
		account_release(&c->accounts[i]);
	free(c->accounts);
	for (i = 0; i < c->nsearches; i++)
		search_release(&c->searches[i]);
	free(c->searches);
	ui_lists_free(c);
	strings_free(&c->warnings, &c->nwarnings);
	strings_free(&c->errors, &c->nerrors);
	free(c->path);
	free(c->mail_root);
	free(c->editor);
	free(c->ui_start);
	xfree(cfg);
}
