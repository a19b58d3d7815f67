/* SASL mechanisms tern speaks itself (RFC 4616 PLAIN, and LOGIN). */
#ifndef TERN_NET_SASL_H
#define TERN_NET_SASL_H

#include <stddef.h>

/*
 * The base64 initial response of SASL PLAIN for user and password (no
 * authorisation identity), as a new string; release it with
 * sasl_free, which wipes it.
 */
char *sasl_plain(const char *user, const char *password);

/* The base64 form of s (for AUTH LOGIN), new string; sasl_free it. */
char *sasl_base64(const char *s, size_t len);

/* Wipe and free s (may be NULL). */
void sasl_free(char *s);

#endif
