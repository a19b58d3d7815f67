#include <config.h>

#include <stdlib.h>

#include "account/keep.h"
#include "account/sync.h"
#include "store/batch.h"
#include "store/journal.h"
#include "store/maildir.h"
#include "util/intl.h"
#include "util/xalloc.h"

int
keep_in_role(struct store *store, const struct config_account *acct,
    const char *role, const char *msg, size_t len, const char *flags,
    struct err *err)
{
	char *folder = sync_role_folder(acct, store_root(store), role);
	char *rel = xasprintf("%s/%s", acct->name, folder);
	char *base = maildir_unique_name();
	struct batch *batch = batch_new(store, NULL);
	int r;

	r = batch_add(batch, rel, base, msg, len, flags, role, err);
	if (r == 0 && acct->receive == CONFIG_RECEIVE_IMAP)
		r = journal_note_append(store, acct->name, folder, base, err);
	if (r == 0)
		r = batch_commit(batch, err);
	batch_free(&batch);
	if (r < 0)
		err_prefix(err, "%s", rel);
	free(base);
	free(rel);
	free(folder);
	return r;
}
