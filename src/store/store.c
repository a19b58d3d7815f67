#include "config.h"

#include "store/store.h"
