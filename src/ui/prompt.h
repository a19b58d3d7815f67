/* A line of input on the bottom row of the screen. */
#ifndef TERN_UI_PROMPT_H
#define TERN_UI_PROMPT_H

#include "ui/ui-int.h"
#include "util/buf.h"

/*
 * Ask for a line after label on the bottom row: Enter accepts, Escape or
 * ^G cancels, Backspace deletes a character, ^U the whole line. The
 * screen is redrawn on a resize meanwhile. Returns 1 with a new string in
 * *answer_r (UTF-8, no control characters), 0 when cancelled. Blocks on
 * the keyboard.
 */
int prompt_read(struct ui *ui, const char *label, char **answer_r);

/*
 * Completion: given the input so far, add to out every candidate that
 * could replace it (each a whole new input, NUL-terminated one after
 * the other).
 */
typedef void (*prompt_complete_fn)(
    void *arg, const char *input, struct buf *out);

/*
 * prompt_read with initial text (NULL: none) and completion on Tab: the
 * input grows to what all candidates share; when it cannot grow, each
 * further Tab puts the next candidate in its place.
 */
int prompt_read_complete(struct ui *ui, const char *label, const char *initial,
    prompt_complete_fn complete, void *arg, char **answer_r);

/*
 * A completer over file names: the entries of the input's folder (a
 * leading "~/" is the home folder) that start with its last part,
 * folders ending in '/'. Hidden entries only when that part starts with
 * a dot.
 */
void prompt_complete_path(void *arg, const char *input, struct buf *out);

/*
 * Ask a yes/no question on the bottom row (" (y/n)" is added): 1 for
 * y, 0 for any other key. Blocks on the keyboard.
 */
int ui_confirm(struct ui *ui, const char *question);
/*
 * Ask question on the bottom row and wait for one key: the key when it
 * is one of the ASCII characters of keys, else 0 (Escape, ^G and any
 * other key cancel). Blocks on the keyboard.
 */
int ui_choose(struct ui *ui, const char *question, const char *keys);

#endif
