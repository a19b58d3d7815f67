#include <config.h>

#include <pthread.h>
#include <signal.h>

#include <openssl/ssl.h>

#include "net/net.h"

static pthread_once_t net_once = PTHREAD_ONCE_INIT;

static void
net_init_once(void)
{
	signal(SIGPIPE, SIG_IGN);
	OPENSSL_init_ssl(0, NULL);
}

void
net_init(void)
{
	pthread_once(&net_once, net_init_once);
}
