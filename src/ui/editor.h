/*
 * Running the user's editor on a file, with the terminal handed over:
 * the screen is left (endwin) and taken back afterwards, whatever the
 * editor did to the terminal.
 */
#ifndef TERN_UI_EDITOR_H
#define TERN_UI_EDITOR_H

#include "ui/ui-int.h"
#include "util/err.h"

/*
 * The editor command: the config's editor, else $VISUAL, else $EDITOR,
 * else vi. Borrowed.
 */
const char *editor_command(const struct config *cfg);
/*
 * Run the editor on path (a shell runs the command with the path as one
 * argument, never interpolated). Returns 0 when it exited with status
 * 0, else -1 with err set (it could not be started, it was killed, or
 * its exit status).
 */
int editor_run(struct ui *ui, const char *path, struct err *err);
/*
 * Run argv[0] with the terminal handed over, as the editor is (for
 * mailcap viewers and the like): its exit status, or -1 with err set.
 */
int editor_run_argv(char *const argv[], struct err *err);

#endif
