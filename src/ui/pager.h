/*
 * The pager: text to read, wrapped at the screen width, scrolled by
 * rows. Header lines, quoted lines (by level) and the renderer's
 * "[-- ... --]" notes each get their colour. Used for a thread's
 * messages and for the help.
 */
#ifndef TERN_UI_PAGER_H
#define TERN_UI_PAGER_H

#include <stddef.h>

struct pager;

/* A new empty pager called title (free with pager_free). */
struct pager *pager_new(const char *title);
/* Free the pager; accepts NULL, leaves NULL. */
void pager_free(struct pager **pager);
/*
 * Append text[0..len) (made safe, tabs expanded). With headers set, its
 * lines up to the first empty one are header lines (a rendered message).
 */
void pager_add(struct pager *pager, const char *text, size_t len, int headers);
/* The title (owned by the pager). */
const char *pager_title(const struct pager *pager);
/* Draw rows rows of the pager from screen row y, at the screen width. */
void pager_draw(struct pager *pager, int y, int rows);
/* "ROW/ROWS" for the status bar, in buf. */
void pager_position(const struct pager *pager, char *buf, size_t size);

#endif
