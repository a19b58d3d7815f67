#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

char *
path_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	return xasprintf("%.*s/%s", (int)la, a, b);
}

char *
path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

const char *
path_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home != NULL && *home != '\0')
		return home;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_dir : "/";
}

char *
path_xdg(enum xdg_kind kind, const char *sub)
{
	static const struct {
		const char *var, *fallback;
	} xdg[] = {
		[XDG_CONFIG] = { "XDG_CONFIG_HOME", ".config" },
		[XDG_DATA] = { "XDG_DATA_HOME", ".local/share" },
		[XDG_STATE] = { "XDG_STATE_HOME", ".local/state" },
	};
	const char *base = getenv(xdg[kind].var);
	char *dir, *tern, *r;

	/* The XDG spec says relative values are invalid and to be ignored. */
	if (base != NULL && base[0] == '/')
		dir = xstrdup(base);
	else
		dir = path_join(path_home(), xdg[kind].fallback);
	tern = path_join(dir, "tern");
	free(dir);
	if (sub == NULL)
		return tern;
	r = path_join(tern, sub);
	free(tern);
	return r;
}

static int
expand_var(struct buf *out, const char **pp, struct err *err)
{
	const char *p = *pp + 1, *start;
	int braced = *p == '{';
	char *name;
	const char *val;

	if (braced)
		p++;
	start = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (p == start || (braced && *p != '}'))
		return err_set(
		    err, ERR_FINAL, "bad variable reference in '%s'", *pp);
	name = xstrndup(start, (size_t)(p - start));
	val = getenv(name);
	if (val == NULL) {
		err_set(err, ERR_FINAL, "environment variable '%s' is not set",
		    name);
		free(name);
		return -1;
	}
	free(name);
	buf_adds(out, val);
	*pp = braced ? p + 1 : p;
	return 0;
}

char *
path_expand(const char *in, struct err *err)
{
	struct buf out = BUF_INIT;
	const char *p = in;

	if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
		buf_adds(&out, path_home());
		p++;
	}
	while (*p != '\0') {
		if (*p == '$') {
			if (expand_var(&out, &p, err) < 0) {
				buf_release(&out);
				return NULL;
			}
			continue;
		}
		buf_addc(&out, *p++);
	}
	return buf_detach(&out, NULL);
}

/*
 * mkdir that says whether it created the folder (1) or found one (0).
 * A file in the way of a parent is left for the next mkdir to report
 * (ENOTDIR naming the folder asked for); for the last component it is an
 * error here.
 */
static int
make_dir(const char *path, mode_t mode, int last, struct err *err)
{
	struct stat st;

	if (mkdir(path, mode) == 0)
		return 1;
	if (errno == EEXIST &&
	    (!last || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))))
		return 0;
	if (errno == EEXIST)
		errno = ENOTDIR;
	return err_sys(
	    err, err_class_errno(errno), _("cannot create folder '%s'"), path);
}

int
path_mkdir_p(const char *path, mode_t mode, struct err *err)
{
	char *p = xstrdup(path), *s;
	int r = 0;

	for (s = p + 1;; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		r = make_dir(p, mode, c == '\0', err);
		if (r > 0)
			r = file_sync_parent(p, err);
		*s = c;
		if (r < 0 || c == '\0')
			break;
	}
	free(p);
	return r < 0 ? -1 : 0;
}
