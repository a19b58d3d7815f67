#include <config.h>

#include <unistd.h>

#include "ui/ui.h"

int
ui_can_start(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}
