/*
 * IMAP mailbox names: modified UTF-7 (RFC 3501 section 5.1.3) on the
 * wire, UTF-8 in tern. Converted with iconv's "UTF-7-IMAP".
 */
#ifndef TERN_ACCOUNT_MUTF7_H
#define TERN_ACCOUNT_MUTF7_H

/*
 * The UTF-8 form of the modified UTF-7 name raw, as a new string, or
 * NULL when raw is not valid modified UTF-7.
 */
char *mutf7_decode(const char *raw);

/*
 * The modified UTF-7 form of the UTF-8 name, as a new string, or NULL
 * when name is not valid UTF-8.
 */
char *mutf7_encode(const char *name);

#endif
