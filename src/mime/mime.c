#include "config.h"

#include <pthread.h>

#include <gmime/gmime.h>

#include "mime/mime.h"

static pthread_once_t mime_once = PTHREAD_ONCE_INIT;

static void
mime_init_once(void)
{
	g_mime_init();
}

void
mime_init(void)
{
	pthread_once(&mime_once, mime_init_once);
}
