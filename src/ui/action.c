#include <config.h>

#include <stdlib.h>

#include "ui/action.h"
#include "util/xalloc.h"

struct actions {
	const struct config *cfg;
};

struct actions *
actions_new(const struct config *cfg)
{
	struct actions *a = xcalloc(1, sizeof *a);

	a->cfg = cfg;
	return a;
}

void
actions_free(struct actions **actions)
{
	xfree(actions);
}

int
actions_fd(const struct actions *actions)
{
	(void)actions;
	return -1;
}

int
actions_collect(struct ui *ui)
{
	(void)ui;
	return 0;
}

size_t
actions_pending(const struct actions *actions)
{
	(void)actions;
	return 0;
}
