/* The user's changes to messages, written through the action journal by a thread of their own. */
#ifndef TERN_UI_ACTION_H
#define TERN_UI_ACTION_H

#include "ui/ui-int.h"

#endif
