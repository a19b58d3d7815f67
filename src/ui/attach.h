/*
 * What a message holds that opens outside tern: its attachments (every
 * leaf part, numbered as the pager's "[-- Attachment #N ... --]" lines:
 * list, save, open through mailcap, pipe) and its links (open in
 * $BROWSER). Each is a list shown over the pager's text
 * (pager_set_list) with its own keys; the pager hands its keys on to
 * the list by action name.
 */
#ifndef TERN_UI_ATTACH_H
#define TERN_UI_ATTACH_H

#include <stddef.h>

#include "ui/ui-int.h"
#include "util/err.h"

struct attach;

/* The keys of the attachment list ("save", "open", "pipe" ...). */
extern const struct keys_entry attach_keys[];
/* The keys of the link list ("open" ...). */
extern const struct keys_entry attach_url_keys[];

/*
 * The attachment list of message msg of pager (read again from its
 * file), or NULL with err set when the file cannot be read or holds no
 * part. Free with attach_free (or give it to pager_set_list).
 */
struct attach *attach_new_parts(
    struct pager *pager, size_t msg, struct err *err);
/*
 * The list of the http, https and mailto links in the text of message
 * msg as the pager shows it, each once, in order; or NULL with err set
 * when there is none.
 */
struct attach *attach_new_urls(
    struct pager *pager, size_t msg, struct err *err);
/* Free a list; accepts NULL, leaves NULL. */
void attach_free(struct attach **list);
/* What the status bar calls the list (owned by it). */
const char *attach_title(const struct attach *list);
/* Draw rows rows of the list from screen row y, the selected one marked. */
void attach_draw(struct attach *list, int y, int rows);
/* "ENTRY/ENTRIES" for the status bar, in buf. */
void attach_position(const struct attach *list, char *buf, size_t size);
/* The key table of the list: attach_keys or attach_url_keys. */
const struct keys_entry *attach_table(const struct attach *list);

#endif
