#include <config.h>

#include "ui/mailcap.h"
