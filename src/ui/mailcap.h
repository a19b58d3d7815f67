/* RFC 1524 mailcap files: the viewer for a MIME type. */
#ifndef TERN_UI_MAILCAP_H
#define TERN_UI_MAILCAP_H

#include "ui/ui-int.h"

#endif
