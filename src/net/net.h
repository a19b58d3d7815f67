/* Network layer: sockets, TLS under libetpan, password_cmd, SASL. */
#ifndef TERN_NET_NET_H
#define TERN_NET_NET_H

/*
 * Process-wide setup before any connection: ignore SIGPIPE (a write to a
 * closed TLS peer must be an error, not death) and initialise OpenSSL.
 * Safe to call more than once.
 */
void net_init(void);

#endif
