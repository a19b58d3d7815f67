/*
 * Address completion while writing: Tab in To, Cc and Bcc completes the
 * address being typed (after the last comma) from the aliases file
 * ($XDG_CONFIG_HOME/tern/aliases, mutt's "alias NICK ADDRESS" lines)
 * and from the mailboxes of stored mail (store/address.h).
 */
#ifndef TERN_UI_ADDRESS_H
#define TERN_UI_ADDRESS_H

#include "util/buf.h"

/* A prompt_complete_fn; arg is the struct ui. */
void address_complete(void *arg, const char *input, struct buf *out);

#endif
