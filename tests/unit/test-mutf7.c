/* IMAP names in modified UTF-7, and IMAP flags as Maildir letters. */
#include <config.h>

#include <stdlib.h>

#include "account/imap.h"
#include "account/mutf7.h"
#include "tests/tap.h"

static void
round_trip(const char *utf8, const char *wire)
{
	char *e = mutf7_encode(utf8), *d = mutf7_decode(wire);

	is_str(e, wire, "'%s' on the wire", utf8);
	is_str(d, utf8, "'%s' from the wire", wire);
	free(e);
	free(d);
}

int
main(void)
{
	char letters[8];

	plan(13);
	round_trip("INBOX", "INBOX");
	round_trip("Entwürfe & Co", "Entw&APw-rfe &- Co");
	round_trip("日本語", "&ZeVnLIqe-");
	round_trip("a&b", "a&-b");
	ok(mutf7_decode("bad&AAA") == NULL, "an unterminated shift is refused");
	ok(mutf7_encode("\xff") == NULL, "invalid UTF-8 is refused");
	imap_flags_to_maildir(
	    IMAP_SEEN | IMAP_FLAGGED | IMAP_FORWARDED, letters);
	is_str(letters, "FPS", "flags as sorted Maildir letters");
	is_int(imap_flags_from_maildir("DRTx"),
	    IMAP_DRAFT | IMAP_ANSWERED | IMAP_DELETED,
	    "letters as flags, unknown ones ignored");
	is_int(imap_flags_from_maildir(""), 0, "none");
	return exit_status();
}
