/*
 * The pager: text to read, wrapped at the screen width, scrolled by
 * rows. Header lines, quoted lines (by level), signatures and the
 * renderer's "[-- ... --]" notes each get their colour. Used for a
 * thread's messages, for the help and for a viewer's output.
 *
 * A thread's pager knows where each message starts and which file it
 * came from, so that keys act on the message at the top of the screen.
 * Over its text it may show a list (the attachments or the links of a
 * message, attach.c) and over that a viewer's output (another pager);
 * the pager's keys act on the one on top.
 *
 * Its keys also search the text (/, n, N: smart case, round the end)
 * and highlight every match on the screen until Escape.
 */
#ifndef TERN_UI_PAGER_H
#define TERN_UI_PAGER_H

#include <stddef.h>

struct attach;
struct keys_entry;
struct pager;

#define PAGER_NONE ((size_t)-1) /* no message */

/* A new empty pager called title (free with pager_free). */
struct pager *pager_new(const char *title);
/* Free the pager, its list and its output; accepts NULL, leaves NULL. */
void pager_free(struct pager **pager);
/*
 * Append text[0..len) (made safe, tabs expanded). With headers set, its
 * lines up to the first empty one are header lines (a rendered message).
 * Lines after one that is exactly "-- " are a signature, up to the end
 * of this text or the next "[-- ... --]" note.
 */
void pager_add(struct pager *pager, const char *text, size_t len, int headers);
/* The title (owned by the pager, or by what is shown over it). */
const char *pager_title(const struct pager *pager);
/* Draw rows rows of the pager from screen row y, at the screen width. */
void pager_draw(struct pager *pager, int y, int rows);
/* "ROW/ROWS" for the status bar, in buf. */
void pager_position(const struct pager *pager, char *buf, size_t size);

/*
 * A message starts here: what is added next, up to the next mark, is
 * the message in the file at path (copied).
 */
void pager_mark(struct pager *pager, const char *path);
/* How many messages were marked. */
size_t pager_messages(const struct pager *pager);
/* The file of message i (< pager_messages), owned by the pager. */
const char *pager_message_path(const struct pager *pager, size_t i);
/* The message at the top of the screen, or PAGER_NONE. */
size_t pager_message_at_top(struct pager *pager);
/* The text of message i as shown, in *text_r and *len_r (borrowed). */
void pager_message_text(
    const struct pager *pager, size_t i, const char **text_r, size_t *len_r);
/* Drop the text and the marks (the title and the modes stay). */
void pager_reset(struct pager *pager);
/* Scroll so that message i starts on the top row. */
void pager_show_message(struct pager *pager, size_t i);
/* Whether the thread shows every header field (key h). */
int pager_all_headers(const struct pager *pager);

/* The list shown over the text, or NULL. */
struct attach *pager_list(const struct pager *pager);
/* Show list over the text (taking it; NULL: close the list). */
void pager_set_list(struct pager *pager, struct attach *list);
/*
 * The keys of what is on top of the pager: the list's (attach_table)
 * while a list is shown without an output over it, else pager_keys.
 * Without it, pager_keys hand their actions on to the list by name.
 */
const struct keys_entry *pager_key_table(const struct pager *pager);
/* Show output over the text and the list (taking it; NULL: close it). */
void pager_set_output(struct pager *pager, struct pager *output);

#endif
