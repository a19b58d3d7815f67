#include <config.h>

#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/sock.h"
#include "util/err.h"
#include "util/intl.h"
#include "util/log.h"

static long
sock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for a non-blocking connect; 0 or an errno value. */
static int
sock_wait(int fd, int timeout_s)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	long deadline = sock_now_ms() + (long)timeout_s * 1000;
	socklen_t len = sizeof(int);
	int n, e = 0;

	for (;;) {
		long left = deadline - sock_now_ms();
		if (left <= 0)
			return ETIMEDOUT;
		n = poll(&pfd, 1, (int)left);
		if (n > 0)
			break;
		if (n == 0)
			return ETIMEDOUT;
		if (errno != EINTR)
			return errno;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		return errno;
	return e;
}

/* Connect to one address; 0 with *fd_r set, or an errno value. */
static int
sock_try(const struct addrinfo *ai, int timeout_s, int *fd_r)
{
	int fd, e;

	fd = socket(ai->ai_family,
	    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0)
		return errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		e = 0;
	else if (errno == EINPROGRESS || errno == EINTR)
		e = sock_wait(fd, timeout_s);
	else
		e = errno;
	if (e != 0) {
		close(fd);
		return e;
	}
	*fd_r = fd;
	return 0;
}

static enum err_class
sock_class(int e)
{
	switch (e) {
	case ECONNREFUSED:
	case ENETUNREACH:
	case EHOSTUNREACH:
	case ETIMEDOUT:
	case ENETDOWN:
	case ECONNRESET:
		return ERR_WAIT;
	default:
		return err_class_errno(e);
	}
}

static int
sock_resolve(
    const char *host, unsigned port, struct addrinfo **res, struct err *err)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM };
	char serv[16];
	int r;

	snprintf(serv, sizeof serv, "%u", port);
	r = getaddrinfo(host, serv, &hints, res);
	if (r == 0)
		return 0;
	return err_set(err, r == EAI_AGAIN ? ERR_WAIT : ERR_FINAL,
	    _("cannot connect to '%s:%u': cannot resolve the name: %s"), host,
	    port, gai_strerror(r));
}

int
sock_connect(
    const char *host, unsigned port, int timeout_s, int *fd_r, struct err *err)
{
	struct addrinfo *res, *ai;
	int e = EADDRNOTAVAIL;

	if (sock_resolve(host, port, &res, err) < 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		e = sock_try(ai, timeout_s, fd_r);
		log_debug("connect %s:%u (family %d): %s", host, port,
		    ai->ai_family, e ? strerror(e) : "connected");
		if (e == 0)
			break;
	}
	freeaddrinfo(res);
	if (e == 0)
		return 0;
	if (e == ETIMEDOUT)
		return err_set(err, ERR_WAIT,
		    _("cannot connect to '%s:%u': no answer within %d s"), host,
		    port, timeout_s);
	return err_set(err, sock_class(e), _("cannot connect to '%s:%u': %s"),
	    host, port, strerror(e));
}

int
sock_peer_is_loopback(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return (ntohl(((struct sockaddr_in *)&ss)->sin_addr.s_addr) >>
			   24) == 127;
	if (ss.ss_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(
		    &((struct sockaddr_in6 *)&ss)->sin6_addr);
	return 0;
}
