#include <config.h>

#include "ui/worker.h"
