#include <config.h>

#include <pthread.h>

#include <gmime/gmime.h>

#include "mime/mime.h"
#include "util/log.h"

static pthread_once_t mime_once = PTHREAD_ONCE_INIT;

/*
 * GMime (also when notmuch drives it while indexing) reports malformed
 * input as g_critical/g_warning on stderr, which would scribble over the
 * screen and the output of batch commands: send it to the debug log.
 */
static void
mime_log(
    const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	log_debug("%s: %s", domain != NULL ? domain : "glib", msg);
}

static void
mime_init_once(void)
{
	GLogLevelFlags levels = G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING |
	    G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG;

	g_mime_init();
	g_log_set_handler("gmime", levels, mime_log, NULL);
}

void
mime_init(void)
{
	pthread_once(&mime_once, mime_init_once);
}

void
mime_mailboxes(const char *hdr,
    void (*fn)(void *arg, const char *name, const char *addr), void *arg)
{
	InternetAddressList *list;
	InternetAddress *ia;
	int i, n;

	if (hdr == NULL || *hdr == '\0')
		return;
	mime_init();
	list = internet_address_list_parse(NULL, hdr);
	if (list == NULL)
		return;
	n = internet_address_list_length(list);
	for (i = 0; i < n; i++) {
		ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			fn(arg, internet_address_get_name(ia),
			    internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(ia)));
	}
	g_object_unref(list);
}
