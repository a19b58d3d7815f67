/* The attachments of a message: list, save, open through mailcap, pipe. */
#ifndef TERN_UI_ATTACH_H
#define TERN_UI_ATTACH_H

#include "ui/ui-int.h"

#endif
