#include <config.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "net/sasl.h"
#include "util/xalloc.h"

char *
sasl_base64(const char *s, size_t len)
{
	char *out = xmalloc(4 * ((len + 2) / 3) + 1);

	EVP_EncodeBlock(
	    (unsigned char *)out, (const unsigned char *)s, (int)len);
	return out;
}

char *
sasl_plain(const char *user, const char *password)
{
	size_t ul = strlen(user), pl = strlen(password), len = ul + pl + 2;
	char *raw = xmalloc(len), *out;

	raw[0] = '\0';
	memcpy(raw + 1, user, ul);
	raw[1 + ul] = '\0';
	memcpy(raw + 2 + ul, password, pl);
	out = sasl_base64(raw, len);
	OPENSSL_cleanse(raw, len);
	free(raw);
	return out;
}

void
sasl_free(char *s)
{
	if (s != NULL) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}
