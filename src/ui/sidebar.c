#include <config.h>

#include "ui/sidebar.h"
