/* One background sync per account, and its state for the status line. */
#ifndef TERN_UI_WORKER_H
#define TERN_UI_WORKER_H

#include "ui/ui-int.h"

#endif
