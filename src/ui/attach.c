#include <config.h>

#include "ui/attach.h"
