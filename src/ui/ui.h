/* The curses interface. */
#ifndef TERN_UI_UI_H
#define TERN_UI_UI_H

/* Whether standard input and output are a terminal the interface can use. */
int ui_can_start(void);

#endif
