#include <config.h>

#include "ui/action.h"
