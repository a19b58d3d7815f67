/* The sidebar: accounts, their folders and the saved searches. */
#ifndef TERN_UI_SIDEBAR_H
#define TERN_UI_SIDEBAR_H

#include "ui/ui-int.h"

#endif
