/* A line of input on the bottom row of the screen. */
#ifndef TERN_UI_PROMPT_H
#define TERN_UI_PROMPT_H

#include "ui/ui-int.h"

/*
 * Ask for a line after label on the bottom row: Enter accepts, Escape or
 * ^G cancels, Backspace deletes a character, ^U the whole line. The
 * screen is redrawn on a resize meanwhile. Returns 1 with a new string in
 * *answer_r (UTF-8, no control characters), 0 when cancelled. Blocks on
 * the keyboard.
 */
int prompt_read(struct ui *ui, const char *label, char **answer_r);

#endif
