/* TCP connections: name resolution and a connect that cannot hang. */
#ifndef TERN_NET_SOCK_H
#define TERN_NET_SOCK_H

#include "util/err.h"

/*
 * Connect to host:port over TCP, trying each address getaddrinfo gives,
 * each for at most timeout_s seconds. Blocks (name resolution included).
 * On success *fd_r is a connected, non-blocking, close-on-exec socket the
 * caller owns, and 0 is returned. On failure -1 with err naming host:port
 * and the reason (ERR_WAIT for refused, unreachable or timed out).
 */
int sock_connect(
    const char *host, unsigned port, int timeout_s, int *fd_r, struct err *err);

/* Whether the connected socket fd talks to a loopback address (127/8, ::1). */
int sock_peer_is_loopback(int fd);

#endif
