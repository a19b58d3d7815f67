/* The configuration file: parsing, defaults, errors, warnings. */
#include <config.h>

#include <stddef.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/tap.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

/* A valid account taking lines 1 to 3: test keys go on line 4. */
#define ACC                                                                    \
	"[account work]\naddress = me@example.org\nhost = mail.example.org\n"

static char *dir; /* the test's folder, also the current directory */
static char *home;

struct error_case {
	const char *text;
	const char *want; /* the one error expected */
};

static const struct error_case error_cases[] = {
	/* where keys may go */
	{ "host = x\n",
	    "config:1: key 'host' outside any section; put it "
	    "under an [account NAME] section" },
	{ "mail_root = x\n",
	    "config:1: key 'mail_root' outside any section; "
	    "put it under the [general] section" },
	{ "foo = x\n",
	    "config:1: key 'foo' outside any section; start with "
	    "[general] or [account NAME]" },
	{ "[general]\nhost = x\n",
	    "config:2: key 'host' belongs in an "
	    "[account NAME] section, not in [general]" },
	{ ACC "mail_root = /m\n",
	    "config:4: key 'mail_root' belongs in the "
	    "[general] section, not in [account work]" },
	{ ACC "hots = x\n",
	    "config:4: unknown key 'hots' in [account work]; "
	    "did you mean 'host'?" },
	{ ACC "Host = x\n",
	    "config:4: unknown key 'Host' in [account work]; "
	    "did you mean 'host'?" },
	{ ACC "smtp_prot = 25\n",
	    "config:4: unknown key 'smtp_prot' in "
	    "[account work]; did you mean 'smtp_port'?" },
	{ ACC "xyzzy = 1\n",
	    "config:4: unknown key 'xyzzy' in [account "
	    "work]" },
	{ "[general]\nmailroot = /m\n",
	    "config:2: unknown key 'mailroot' in "
	    "[general]; did you mean 'mail_root'?" },
	/* sections */
	{ "[genral]\n",
	    "config:1: unknown section 'genral'; did you mean "
	    "'general'?" },
	{ "[acount work]\nhost = x\n",
	    "config:1: unknown section 'acount'; "
	    "did you mean 'account'?" },
	{ "[mailbox]\nhost = x\nfoo = y\n",
	    "config:1: unknown section "
	    "'mailbox'; use [general], [account NAME], [search NAME] or [ui]" },
	{ "[]\n",
	    "config:1: empty section header; write [general], [account NAME], "
	    "[search NAME] or [ui]" },
	{ "[general\n",
	    "config:1: section header must end with ']'; "
	    "comments go on their own line" },
	{ "[general] # main\n",
	    "config:1: section header must end with ']'; "
	    "comments go on their own line" },
	{ "[general x]\n",
	    "config:1: [general] takes no name; write "
	    "[general]" },
	{ "[general]\n[general]\n",
	    "config:2: duplicate [general] section; "
	    "the first is at line 1" },
	{ "[account]\naddress = a@b.org\nhost = h\n",
	    "config:1: missing "
	    "account name; write [account NAME]" },
	{ "[account .hidden]\naddress = a@b.org\nhost = h\n",
	    "config:1: "
	    "invalid account name '.hidden': use letters, digits, '-', '_' "
	    "and '.', not starting with '.'" },
	{ "[account a/b]\naddress = a@b.org\nhost = h\n",
	    "config:1: invalid "
	    "account name 'a/b': use letters, digits, '-', '_' and '.', not "
	    "starting with '.'" },
	{ "[account my work]\naddress = a@b.org\nhost = h\n",
	    "config:1: "
	    "invalid account name 'my work': use letters, digits, '-', '_' "
	    "and '.', not starting with '.'" },
	{ ACC ACC,
	    "config:4: duplicate [account work]; the first is at "
	    "line 1" },
	/* lines */
	{ "[general]\neditor = vi\neditor = vim\n",
	    "config:3: duplicate key "
	    "'editor' in [general]; already set at line 2" },
	{ ACC "port = 1\nport = 2\n",
	    "config:5: duplicate key 'port' in "
	    "[account work]; already set at line 4" },
	{ "[general]\neditor\n",
	    "config:2: missing '=' after 'editor'; "
	    "write 'key = value'" },
	{ "[general]\neditor vim -f\n",
	    "config:2: missing '=' after "
	    "'editor'; write 'key = value'" },
	{ "[general]\n = vi\n", "config:2: missing key before '='" },
	{ "[general]\neditor =\n", "config:2: empty value for 'editor'" },
	{ "[general]\neditor = \"\"\n", "config:2: empty value for 'editor'" },
	{ ACC "port =   \n", "config:4: empty value for 'port'" },
	{ "[general]\neditor = \"vi\n",
	    "config:2: unterminated quote in the "
	    "value of 'editor'" },
	{ "[general]\neditor = \"vi\\\"\n",
	    "config:2: unterminated quote in "
	    "the value of 'editor'" },
	{ "[general]\neditor = \"vi\" -f\n",
	    "config:2: text after the closing "
	    "quote in the value of 'editor'; quote the whole value or none of "
	    "it" },
	{ "[general]\neditor = \xff\n", "config:2: line is not valid UTF-8" },
	{ "[general]\neditor = \xc3\x28\n",
	    "config:2: line is not valid "
	    "UTF-8" },
	{ "[general]\neditor = a\x1b[31m\n",
	    "config:2: control character "
	    "0x1B in line; only tabs are allowed" },
	{ "[general]\neditor = a\rb\n",
	    "config:2: control character 0x0D "
	    "in line; only tabs are allowed" },
	/* required keys, reported at the section's line */
	{ "[account work]\nhost = h\n",
	    "config:1: missing required key "
	    "'address' in [account work]" },
	{ "\n[account work]\naddress = a@b.org\n",
	    "config:2: missing "
	    "required key 'host' in [account work]" },
	/* values */
	{ ACC "port = abc\n",
	    "config:4: invalid port 'abc' for 'port'; use a "
	    "number from 1 to 65535" },
	{ ACC "port = 0\n",
	    "config:4: invalid port '0' for 'port'; use a "
	    "number from 1 to 65535" },
	{ ACC "port = 65536\n",
	    "config:4: invalid port '65536' for 'port'; "
	    "use a number from 1 to 65535" },
	{ ACC "port = -1\n",
	    "config:4: invalid port '-1' for 'port'; use a "
	    "number from 1 to 65535" },
	{ ACC "port = +993\n",
	    "config:4: invalid port '+993' for 'port'; use "
	    "a number from 1 to 65535" },
	{ ACC "port = 99999999999999999999999\n",
	    "config:4: invalid port "
	    "'99999999999999999999999' for 'port'; use a number from 1 to "
	    "65535" },
	{ ACC "port = 993 # imaps\n",
	    "config:4: invalid port '993 # imaps' "
	    "for 'port'; use a number from 1 to 65535; comments go on their "
	    "own line" },
	{ ACC "smtp_port = 70000\n",
	    "config:4: invalid port '70000' for "
	    "'smtp_port'; use a number from 1 to 65535" },
	{ ACC "tls = startls\n",
	    "config:4: invalid value 'startls' for "
	    "'tls'; did you mean 'starttls'?" },
	{ ACC "tls = ssl\n",
	    "config:4: invalid value 'ssl' for 'tls'; use "
	    "implicit, starttls or none" },
	{ ACC "smtp_tls = implict\n",
	    "config:4: invalid value 'implict' for "
	    "'smtp_tls'; did you mean 'implicit'?" },
	{ ACC "tls = none\n",
	    "config:4: 'tls = none' would send the password "
	    "unencrypted; add 'allow_plaintext = yes' to [account work] if "
	    "you mean it" },
	{ ACC "smtp_tls = none\nallow_plaintext = no\n",
	    "config:4: "
	    "'smtp_tls = none' would send the password unencrypted; add "
	    "'allow_plaintext = yes' to [account work] if you mean it" },
	{ ACC "receive = pop\n",
	    "config:4: invalid value 'pop' for "
	    "'receive'; did you mean 'pop3'?" },
	{ ACC "receive = smtp\n",
	    "config:4: invalid value 'smtp' for "
	    "'receive'; use imap or pop3" },
	{ ACC "allow_plaintext = maybe\n",
	    "config:4: invalid value 'maybe' "
	    "for 'allow_plaintext'; use yes or no" },
	{ ACC "sent_copy = yse\n",
	    "config:4: invalid value 'yse' for "
	    "'sent_copy'; did you mean 'yes'?" },
	{ ACC "sent_copy = 2\n",
	    "config:4: invalid value '2' for "
	    "'sent_copy'; use yes or no" },
	{ "[account work]\naddress = me\nhost = h\n",
	    "config:2: invalid "
	    "address 'me'; write it as local@domain" },
	{ "[account work]\naddress = me @example.org\nhost = h\n",
	    "config:2: "
	    "invalid address 'me @example.org'; write it as local@domain" },
	{ "[account work]\naddress = a@b@c.org\nhost = h\n",
	    "config:2: "
	    "invalid address 'a@b@c.org'; write it as local@domain" },
	{ "[account work]\naddress = @c.org\nhost = h\n",
	    "config:2: invalid "
	    "address '@c.org'; write it as local@domain" },
	{ "[account work]\naddress = a@\nhost = h\n",
	    "config:2: invalid "
	    "address 'a@'; write it as local@domain" },
	{ "[account work]\naddress = a@.org\nhost = h\n",
	    "config:2: invalid "
	    "address 'a@.org'; write it as local@domain" },
	{ "[account work]\naddress = a@b..org\nhost = h\n",
	    "config:2: "
	    "invalid address 'a@b..org'; write it as local@domain" },
	{ "[account work]\naddress = <a@b.org>\nhost = h\n",
	    "config:2: "
	    "invalid address '<a@b.org>'; write it as local@domain" },
	{ "[account work]\naddress = \"a\tb@c.org\"\nhost = h\n",
	    "config:2: "
	    "invalid address 'a\tb@c.org'; write it as local@domain" },
	{ ACC "host = imap example.org\n",
	    "config:4: duplicate key 'host' in "
	    "[account work]; already set at line 3" },
	{ "[account work]\naddress = a@b.org\nhost = imap example.org\n",
	    "config:3: invalid host name 'imap example.org' for 'host'" },
	{ ACC "smtp_host = smtp.example.org:587\n x = 1\n",
	    "config:5: unknown "
	    "key 'x' in [account work]" },
	{ ACC "cert_fingerprint = abc\n",
	    "config:4: invalid cert_fingerprint "
	    "'abc'; write the SHA-256 fingerprint as 64 hex digits, colons "
	    "allowed" },
	{ ACC
	    "cert_fingerprint = "
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n",
	    "config:4: invalid cert_fingerprint '0123456789abcdef0123456789abc"
	    "def0123456789abcdef0123456789abcde'; write the SHA-256 "
	    "fingerprint as 64 hex digits, colons allowed" },
	{ ACC "cert_fingerprint = "
	      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	      "0\n",
	    "config:4: invalid cert_fingerprint '0123456789abcdef0123456789abc"
	    "def0123456789abcdef0123456789abcdef0'; write the SHA-256 "
	    "fingerprint as 64 hex digits, colons allowed" },
	{ ACC "cert_fingerprint = "
	      "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	      "\n",
	    "config:4: invalid cert_fingerprint 'g123456789abcdef0123456789abc"
	    "def0123456789abcdef0123456789abcdef'; write the SHA-256 "
	    "fingerprint as 64 hex digits, colons allowed" },
	{ ACC "pop3_delete = always\n",
	    "config:4: invalid value 'always' for "
	    "'pop3_delete'; use after-download, never or after-days:N" },
	{ ACC "pop3_delete = nevr\n",
	    "config:4: invalid value 'nevr' for "
	    "'pop3_delete'; did you mean 'never'?" },
	{ ACC "pop3_delete = after-days:0\n",
	    "config:4: invalid number of "
	    "days in 'pop3_delete = after-days:0'; write after-days:N with N "
	    "from 1 to 36500" },
	{ ACC "pop3_delete = after-days:x\n",
	    "config:4: invalid number of "
	    "days in 'pop3_delete = after-days:x'; write after-days:N with N "
	    "from 1 to 36500" },
	{ ACC "pop3_delete = after-days:\n",
	    "config:4: invalid number of "
	    "days in 'pop3_delete = after-days:'; write after-days:N with N "
	    "from 1 to 36500" },
	{ ACC "pop3_delete = after-days:N\n",
	    "config:4: invalid number of "
	    "days in 'pop3_delete = after-days:N'; write after-days:N with N "
	    "from 1 to 36500" },
	{ ACC "poll_interval = 0\n",
	    "config:4: invalid poll_interval '0'; "
	    "write seconds, or a number followed by s, m or h, up to 7 days" },
	{ ACC "poll_interval = 5x\n",
	    "config:4: invalid poll_interval '5x'; "
	    "write seconds, or a number followed by s, m or h, up to 7 days" },
	{ ACC "poll_interval = m\n",
	    "config:4: invalid poll_interval 'm'; "
	    "write seconds, or a number followed by s, m or h, up to 7 days" },
	{ ACC "poll_interval = 5hm\n",
	    "config:4: invalid poll_interval "
	    "'5hm'; write seconds, or a number followed by s, m or h, up to 7 "
	    "days" },
	{ ACC "poll_interval = 169h\n",
	    "config:4: invalid poll_interval "
	    "'169h'; write seconds, or a number followed by s, m or h, up to 7 "
	    "days" },
	{ ACC "poll_interval = 604801\n",
	    "config:4: invalid poll_interval "
	    "'604801'; write seconds, or a number followed by s, m or h, up to "
	    "7 days" },
	{ "[general]\nmail_root = $TERN_TEST_UNSET/mail\n",
	    "config:2: cannot "
	    "expand '$TERN_TEST_UNSET/mail' in 'mail_root': environment "
	    "variable 'TERN_TEST_UNSET' is not set" },
	{ ACC "ca_file = ${TERN_TEST_UNSET}\n",
	    "config:4: cannot expand "
	    "'${TERN_TEST_UNSET}' in 'ca_file': environment variable "
	    "'TERN_TEST_UNSET' is not set" },
	{ "[general]\nmail_root = $TERN_TEST_EMPTY\n",
	    "config:2: "
	    "'$TERN_TEST_EMPTY' expands to an empty path in 'mail_root'" },
	/* [search NAME] */
	{ "[search]\nquery = tag:inbox\n",
	    "config:1: missing search name; write [search NAME]" },
	{ "[search all]\n",
	    "config:1: missing required key 'query' in [search all]" },
	{ "[search all]\nquery =\n", "config:2: empty value for 'query'" },
	{ "[search all]\nquery = *\nquery = tag:inbox\n",
	    "config:3: duplicate key 'query' in [search all]; already set at "
	    "line 2" },
	{ "[search all]\nquery = *\n[search all]\nquery = tag:inbox\n",
	    "config:3: duplicate [search all]; the first is at line 1" },
	{ "[search all]\nhost = h\nquery = *\n",
	    "config:2: key 'host' belongs in an [account NAME] section, not in "
	    "[search all]" },
	{ "[search all]\nquery = *\nquerry = *\n",
	    "config:3: unknown key 'querry' in [search all]; did you mean "
	    "'query'?" },
	{ "query = *\n",
	    "config:1: key 'query' outside any section; put it under a "
	    "[search NAME] section" },
	{ "[general]\nquery = *\n",
	    "config:2: key 'query' belongs in a [search NAME] section, not in "
	    "[general]" },
	{ "[serch x]\nquery = *\n",
	    "config:1: unknown section 'serch'; did you mean 'search'?" },
	/* [ui] */
	{ "[ui x]\n", "config:1: [ui] takes no name; write [ui]" },
	{ "[ui]\n[ui]\n",
	    "config:2: duplicate [ui] section; the first is at line 1" },
	{ "[u]\n",
	    "config:1: unknown section 'u'; use [general], [account "
	    "NAME], [search NAME] or [ui]" },
	{ "bind = index j next\n",
	    "config:1: key 'bind' outside any section; put it under the [ui] "
	    "section" },
	{ "[general]\ncolor = status red\n",
	    "config:2: key 'color' belongs in the [ui] section, not in "
	    "[general]" },
	{ "[ui]\nbind index j next\n",
	    "config:2: missing '=' after 'bind'; write 'key = value'" },
	{ "[ui]\nbind =\n", "config:2: empty value for 'bind'" },
	{ "[ui]\nbind = index j\n",
	    "config:2: invalid bind 'index j'; write 'bind = VIEW KEY ACTION', "
	    "such as 'bind = index j next'" },
	{ "[ui]\nbind = index j next # down\n",
	    "config:2: invalid bind 'index j next # down'; write 'bind = VIEW "
	    "KEY ACTION', such as 'bind = index j next'" },
	{ "[ui]\ncolor = status\n",
	    "config:2: invalid color 'status'; write 'color = ELEMENT "
	    "FOREGROUND [BACKGROUND [ATTRIBUTE...]]', such as 'color = quote1 "
	    "cyan'" },
	{ "[ui]\nbinds = index j next\n",
	    "config:2: unknown key 'binds' in [ui]; did you mean 'bind'?" },
	{ "[ui]\nheaders = ,\n",
	    "config:2: 'headers' names no header field; write names such as "
	    "From To Cc Date Subject" },
	{ "[ui]\nheaders = From: To\n",
	    "config:2: invalid header field name 'From:' in 'headers'; write "
	    "names such as From To Cc Date Subject" },
	{ "[ui]\nheaders = From Sübject\n",
	    "config:2: invalid header field name 'Sübject' in 'headers'; write "
	    "names such as From To Cc Date Subject" },
	{ "[ui]\nheaders = From To from\n",
	    "config:2: header field 'from' is listed twice in 'headers'" },
	{ "[ui]\nheaders = From\nheaders = To\n",
	    "config:3: duplicate key 'headers' in [ui]; already set at line "
	    "2" },
};

/* Valid texts: degenerate ones first. */
static const char *const valid_texts[] = {
	"",
	"\n",
	"\r\n",
	"# a comment\n; another\n\n   # indented\n\t; tabbed\n",
	"[general]\n",
	"[general]\r\nmail_root = /m\r\n",
	"\xef\xbb\xbf[general]\n",
	ACC,
	"[account work]\naddress = me@example.org\nhost = h",
	"[ui]\n",
	"[search Unified inbox]\nquery = tag:inbox\n",
	"[ui]\nbind = index j next\nbind = index j next\n",
};

enum field_kind { F_STR, F_UINT, F_BOOL, F_TLS, F_RECEIVE, F_DELETE };

#define A(f) offsetof(struct config_account, f)
static const struct {
	const char *name;
	enum field_kind kind;
	size_t offset;
} fields[] = {
	{ "name", F_STR, A(real_name) },
	{ "address", F_STR, A(address) },
	{ "receive", F_RECEIVE, A(receive) },
	{ "host", F_STR, A(host) },
	{ "port", F_UINT, A(port) },
	{ "tls", F_TLS, A(tls) },
	{ "user", F_STR, A(user) },
	{ "password_cmd", F_STR, A(password_cmd) },
	{ "ca_file", F_STR, A(ca_file) },
	{ "cert_fingerprint", F_STR, A(cert_fingerprint) },
	{ "allow_plaintext", F_BOOL, A(allow_plaintext) },
	{ "smtp_host", F_STR, A(smtp_host) },
	{ "smtp_port", F_UINT, A(smtp_port) },
	{ "smtp_tls", F_TLS, A(smtp_tls) },
	{ "smtp_user", F_STR, A(smtp_user) },
	{ "smtp_password_cmd", F_STR, A(smtp_password_cmd) },
	{ "pop3_delete", F_DELETE, A(pop3_delete) },
	{ "poll_interval", F_UINT, A(poll_interval) },
	{ "sent_folder", F_STR, A(sent_folder) },
	{ "drafts_folder", F_STR, A(drafts_folder) },
	{ "trash_folder", F_STR, A(trash_folder) },
	{ "junk_folder", F_STR, A(junk_folder) },
	{ "archive_folder", F_STR, A(archive_folder) },
	{ "sent_copy", F_BOOL, A(sent_copy) },
	{ "signature_file", F_STR, A(signature_file) },
	{ "line", F_UINT, A(line) },
};

struct value_case {
	const char *text;
	const char *account; /* NULL: a [general] field */
	const char *field;
	const char *want; /* "(null)" for unset; @DIR@, @HOME@ */
};

#define FP_LOWER                                                               \
	"01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:"                     \
	"01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef"
#define FP_UPPER                                                               \
	"0123456789ABCDEF0123456789ABCDEF"                                     \
	"0123456789ABCDEF0123456789ABCDEF"

static const struct value_case value_cases[] = {
	/* defaults */
	{ "", NULL, "mail_root", "@HOME@/.local/share/tern/mail" },
	{ "", NULL, "editor", "(null)" },
	{ ACC, "work", "line", "1" },
	{ ACC, "work", "name", "(null)" },
	{ ACC, "work", "address", "me@example.org" },
	{ ACC, "work", "receive", "imap" },
	{ ACC, "work", "host", "mail.example.org" },
	{ ACC, "work", "port", "993" },
	{ ACC, "work", "tls", "implicit" },
	{ ACC, "work", "user", "me@example.org" },
	{ ACC, "work", "password_cmd", "(null)" },
	{ ACC, "work", "ca_file", "(null)" },
	{ ACC, "work", "cert_fingerprint", "(null)" },
	{ ACC, "work", "allow_plaintext", "no" },
	{ ACC, "work", "smtp_host", "mail.example.org" },
	{ ACC, "work", "smtp_port", "587" },
	{ ACC, "work", "smtp_tls", "starttls" },
	{ ACC, "work", "smtp_user", "me@example.org" },
	{ ACC, "work", "smtp_password_cmd", "(null)" },
	{ ACC, "work", "pop3_delete", "after-download" },
	{ ACC, "work", "poll_interval", "300" },
	{ ACC, "work", "sent_folder", "(null)" },
	{ ACC, "work", "drafts_folder", "(null)" },
	{ ACC, "work", "trash_folder", "(null)" },
	{ ACC, "work", "junk_folder", "(null)" },
	{ ACC, "work", "archive_folder", "(null)" },
	{ ACC, "work", "sent_copy", "yes" },
	{ ACC, "work", "signature_file", "(null)" },
	{ ACC "signature_file = ~/.signature\n", "work", "signature_file",
	    "@HOME@/.signature" },
	{ ACC "signature_file = sig.txt\n", "work", "signature_file",
	    "@DIR@/sig.txt" },
	/* port defaults follow the protocol and tls */
	{ ACC "tls = starttls\n", "work", "port", "143" },
	{ ACC "tls = none\nallow_plaintext = yes\n", "work", "port", "143" },
	{ ACC "receive = pop3\n", "work", "port", "995" },
	{ ACC "receive = pop3\ntls = starttls\n", "work", "port", "110" },
	{ ACC "allow_plaintext = on\nreceive = pop3\ntls = none\n", "work",
	    "port", "110" },
	{ ACC "smtp_tls = implicit\n", "work", "smtp_port", "465" },
	{ ACC "smtp_tls = none\nallow_plaintext = 1\n", "work", "smtp_port",
	    "587" },
	{ ACC "tls = starttls\nport = 1143\n", "work", "port", "1143" },
	{ ACC "smtp_port = 25\n", "work", "smtp_port", "25" },
	{ ACC "port = 65535\n", "work", "port", "65535" },
	{ ACC "port = 1\n", "work", "port", "1" },
	/* every key */
	{ "[general]\nmail_root = /srv/mail\n", NULL, "mail_root",
	    "/srv/mail" },
	{ "[general]\neditor = vim -f\n", NULL, "editor", "vim -f" },
	{ ACC "name = Ann Example\n", "work", "name", "Ann Example" },
	{ ACC "name = \"  Ann  \"\n", "work", "name", "  Ann  " },
	{ ACC "name = \"\"\n", "work", "name", "" },
	{ ACC "name =\n", "work", "name", "" },
	{ ACC "receive = POP3\n", "work", "receive", "pop3" },
	{ ACC "receive = imap\n", "work", "receive", "imap" },
	{ "[account work]\naddress = me@example.org\nhost=h\n", "work", "host",
	    "h" },
	{ "[account work]\naddress = me@example.org\nhost \t=\t h \n", "work",
	    "host", "h" },
	{ ACC "tls = StartTLS\n", "work", "tls", "starttls" },
	{ ACC "user = me\n", "work", "user", "me" },
	{ ACC "user = me\n", "work", "smtp_user", "me" },
	{ ACC "user = me\nsmtp_user = other\n", "work", "smtp_user", "other" },
	{ ACC "password_cmd = pass show \"mail/office\"\n", "work",
	    "password_cmd", "pass show \"mail/office\"" },
	{ ACC "password_cmd = pass show mail\n", "work", "smtp_password_cmd",
	    "pass show mail" },
	{ ACC "password_cmd = a\nsmtp_password_cmd = b\n", "work",
	    "smtp_password_cmd", "b" },
	{ ACC "cert_fingerprint = " FP_LOWER "\n", "work", "cert_fingerprint",
	    FP_UPPER },
	{ ACC "cert_fingerprint = " FP_UPPER "\n", "work", "cert_fingerprint",
	    FP_UPPER },
	{ ACC "allow_plaintext = yes\n", "work", "allow_plaintext", "yes" },
	{ ACC "allow_plaintext = true\n", "work", "allow_plaintext", "yes" },
	{ ACC "allow_plaintext = On\n", "work", "allow_plaintext", "yes" },
	{ ACC "allow_plaintext = 1\n", "work", "allow_plaintext", "yes" },
	{ ACC "allow_plaintext = no\n", "work", "allow_plaintext", "no" },
	{ ACC "sent_copy = false\n", "work", "sent_copy", "no" },
	{ ACC "sent_copy = off\n", "work", "sent_copy", "no" },
	{ ACC "sent_copy = 0\n", "work", "sent_copy", "no" },
	{ ACC "sent_copy = NO\n", "work", "sent_copy", "no" },
	{ ACC "smtp_host = smtp.example.org\n", "work", "smtp_host",
	    "smtp.example.org" },
	{ ACC "smtp_tls = implicit\n", "work", "smtp_tls", "implicit" },
	{ ACC "pop3_delete = never\n", "work", "pop3_delete", "never" },
	{ ACC "pop3_delete = After-Download\n", "work", "pop3_delete",
	    "after-download" },
	{ ACC "pop3_delete = after-days:30\n", "work", "pop3_delete",
	    "after-days:30" },
	{ ACC "pop3_delete = after-days:36500\n", "work", "pop3_delete",
	    "after-days:36500" },
	{ ACC "poll_interval = 1\n", "work", "poll_interval", "1" },
	{ ACC "poll_interval = 90s\n", "work", "poll_interval", "90" },
	{ ACC "poll_interval = 5m\n", "work", "poll_interval", "300" },
	{ ACC "poll_interval = 2H\n", "work", "poll_interval", "7200" },
	{ ACC "poll_interval = 168h\n", "work", "poll_interval", "604800" },
	{ ACC "poll_interval = 604800\n", "work", "poll_interval", "604800" },
	{ ACC "sent_folder = Sent Items\n", "work", "sent_folder",
	    "Sent Items" },
	{ ACC "drafts_folder = Drafts\n", "work", "drafts_folder", "Drafts" },
	{ ACC "trash_folder = [Gmail]/Trash\n", "work", "trash_folder",
	    "[Gmail]/Trash" },
	{ ACC "junk_folder = Spam\n", "work", "junk_folder", "Spam" },
	{ ACC "archive_folder = Archive\n", "work", "archive_folder",
	    "Archive" },
	/* quoting */
	{ "[general]\neditor = \"vim # not a comment\"\n", NULL, "editor",
	    "vim # not a comment" },
	{ "[general]\neditor = vim # kept\n", NULL, "editor", "vim # kept" },
	{ "[general]\neditor = \"a \\\"b\\\" \\\\c\"\n", NULL, "editor",
	    "a \"b\" \\c" },
	{ "[general]\neditor = \"a\\nb\"\n", NULL, "editor", "a\\nb" },
	{ "[general]\neditor = \"\t x \"\t\n", NULL, "editor", "\t x " },
	/* expansion and relative paths */
	{ "[general]\nmail_root = ~/Mail\n", NULL, "mail_root", "@HOME@/Mail" },
	{ "[general]\nmail_root = ~\n", NULL, "mail_root", "@HOME@" },
	{ "[general]\nmail_root = $HOME/m\n", NULL, "mail_root", "@HOME@/m" },
	{ "[general]\nmail_root = ${TERN_TEST_VAR}/x\n", NULL, "mail_root",
	    "/var/t/x" },
	{ "[general]\nmail_root = mail\n", NULL, "mail_root", "@DIR@/mail" },
	{ "[general]\nmail_root = ./mail\n", NULL, "mail_root", "@DIR@/mail" },
	{ "[general]\nmail_root = ../m\n", NULL, "mail_root", "@DIR@/../m" },
	{ "[general]\nmail_root = ~user/m\n", NULL, "mail_root",
	    "@DIR@/~user/m" },
	{ ACC "ca_file = ~/ca.pem\n", "work", "ca_file", "@HOME@/ca.pem" },
	{ ACC "ca_file = certs/ca.pem\n", "work", "ca_file",
	    "@DIR@/certs/ca.pem" },
	{ ACC "ca_file = /etc/ssl/ca.pem\n", "work", "ca_file",
	    "/etc/ssl/ca.pem" },
	/* names and several accounts */
	{ "[account Work-1_x.y]\naddress = a@b.org\nhost = h\n", "Work-1_x.y",
	    "host", "h" },
	{ "[account a]\naddress = a@b.org\nhost = ha\n[account b]\n"
	  "address = b@b.org\nhost = hb\nport = 7\n",
	    "b", "port", "7" },
	{ "[account a]\naddress = a@b.org\nhost = ha\n[account b]\n"
	  "address = b@b.org\nhost = hb\nport = 7\n",
	    "a", "port", "993" },
	{ "[account a]\naddress = a@b.org\nhost = ha\n[general]\neditor = e\n"
	  "[account b]\naddress = b@b.org\nhost = hb\n",
	    "b", "line", "6" },
	{ "[account  work ]\naddress = a@b.org\nhost = h\n", "work", "host",
	    "h" },
	{ "[account work]\naddress = J\xc3\xb6rg@b\xc3\xbc.example\nhost = h\n",
	    "work", "address", "J\xc3\xb6rg@b\xc3\xbc.example" },
	{ "[account work]\r\naddress = a@b.org\r\nhost = h\r\n", "work", "host",
	    "h" },
	{ "[account work]\naddress = a@b.org\nhost = h", "work", "host", "h" },
};

static void
write_file(const char *path, const char *text, size_t len, mode_t mode)
{
	struct err err;

	if (file_replace(path, text, len, mode, &err) < 0 ||
	    chmod(path, mode) < 0) {
		diag("cannot write %s: %s", path, err.msg);
		exit(1);
	}
}

/* Write text to ./config (mode 0600) and load it. */
static struct config *
load_text(const char *text, int *r)
{
	struct config *cfg;
	struct err err;

	write_file("config", text, strlen(text), 0600);
	*r = config_load("config", &cfg, &err);
	if (*r < 0 && cfg->nerrors > 0 && strcmp(err.msg, cfg->errors[0]))
		diag("err is not the first error: %s", err.msg);
	return cfg;
}

static void
diag_errors(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nerrors; i++)
		diag("  error: %s", cfg->errors[i]);
	for (i = 0; i < cfg->nwarnings; i++)
		diag("  warning: %s", cfg->warnings[i]);
}

static void
test_errors(void)
{
	size_t i;
	int r;

	for (i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
		const struct error_case *c = &error_cases[i];
		struct config *cfg = load_text(c->text, &r);

		if (!ok(r == -1 && cfg->nerrors == 1 &&
			    strcmp(cfg->errors[0], c->want) == 0,
			"error: %s", c->want)) {
			diag("  got %d, %zu errors", r, cfg->nerrors);
			diag_errors(cfg);
		}
		config_free(&cfg);
	}
}

static void
test_valid(void)
{
	size_t i;
	int r;

	for (i = 0; i < sizeof valid_texts / sizeof valid_texts[0]; i++) {
		struct config *cfg = load_text(valid_texts[i], &r);

		if (!ok(r == 0 && cfg->nerrors == 0 && cfg->nwarnings == 0,
			"valid text %zu loads without errors", i))
			diag_errors(cfg);
		config_free(&cfg);
	}
}

/* The field called name of a, as text, new string. */
static char *
field_text(const struct config_account *a, const char *name)
{
	const char *base = (const char *)a;
	size_t i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const void *f = base + fields[i].offset;

		if (strcmp(fields[i].name, name) != 0)
			continue;
		switch (fields[i].kind) {
		case F_STR:
			return xstrdup(
			    *(char *const *)f ? *(char *const *)f : "(null)");
		case F_UINT:
			return xasprintf("%u", *(const unsigned *)f);
		case F_BOOL:
			return xstrdup(*(const bool *)f ? "yes" : "no");
		case F_TLS:
			return xstrdup(
			    config_tls_name(*(const enum config_tls *)f));
		case F_RECEIVE:
			return xstrdup(config_receive_name(
			    *(const enum config_receive *)f));
		case F_DELETE:
			switch (*(const enum config_pop3_delete *)f) {
			case CONFIG_POP3_DELETE_AFTER_DOWNLOAD:
				return xstrdup("after-download");
			case CONFIG_POP3_DELETE_NEVER:
				return xstrdup("never");
			case CONFIG_POP3_DELETE_AFTER_DAYS:
				return xasprintf(
				    "after-days:%u", a->pop3_delete_days);
			}
		}
	}
	return xstrdup("(no such field)");
}

static char *
general_text(const struct config *cfg, const char *name)
{
	const char *v = strcmp(name, "mail_root") == 0 ? cfg->mail_root
	    : strcmp(name, "editor") == 0	       ? cfg->editor
						       : "(no such field)";

	return xstrdup(v != NULL ? v : "(null)");
}

/* want with @DIR@ and @HOME@ replaced, new string. */
static char *
expected(const char *want)
{
	struct buf b = BUF_INIT;

	while (*want != '\0') {
		if (strncmp(want, "@DIR@", 5) == 0) {
			buf_adds(&b, dir);
			want += 5;
		} else if (strncmp(want, "@HOME@", 6) == 0) {
			buf_adds(&b, home);
			want += 6;
		} else
			buf_addc(&b, *want++);
	}
	return buf_detach(&b, NULL);
}

static void
check_value(const struct value_case *c)
{
	const struct config_account *a = NULL;
	char *got = NULL, *want = expected(c->want);
	struct config *cfg;
	int r;

	cfg = load_text(c->text, &r);
	if (c->account != NULL)
		a = config_account(cfg, c->account);
	if (c->account == NULL)
		got = general_text(cfg, c->field);
	else if (a != NULL)
		got = field_text(a, c->field);
	is_str(got, want, "%s%s%s = %s", c->account ? c->account : "",
	    c->account ? "." : "", c->field, c->want);
	if (r != 0)
		diag_errors(cfg);
	free(got);
	free(want);
	config_free(&cfg);
}

static void
test_values(void)
{
	size_t i;

	for (i = 0; i < sizeof value_cases / sizeof value_cases[0]; i++)
		check_value(&value_cases[i]);
}

/* Several mistakes: each reported once, in line order. */
static void
test_many_errors(void)
{
	static const char text[] =
	    "[account work]\n"	  /* 1: no address, no host */
	    "hots = x\n"	  /* 2 */
	    "port = x\n"	  /* 3 */
	    "[bogus]\n"		  /* 4 */
	    "foo = 1\n"		  /* 5: ignored in [bogus] */
	    "[general]\n"	  /* 6 */
	    "editor\n"		  /* 7 */
	    "[account b]\n"	  /* 8 */
	    "address = b@b.org\n" /* 9 */
	    "host = h\n"	  /* 10 */
	    "tls = none\n";	  /* 11 */
	static const char *const want[] = {
		"config:1: missing required key 'address' in [account work]",
		"config:1: missing required key 'host' in [account work]",
		"config:2: unknown key 'hots' in [account work]; did you mean "
		"'host'?",
		"config:3: invalid port 'x' for 'port'; use a number from 1 "
		"to 65535",
		"config:4: unknown section 'bogus'; use [general], [account "
		"NAME], [search NAME] or [ui]",
		"config:7: missing '=' after 'editor'; write 'key = value'",
		"config:11: 'tls = none' would send the password unencrypted; "
		"add 'allow_plaintext = yes' to [account b] if you mean it",
	};
	struct config *cfg;
	struct err err;
	size_t i, n = sizeof want / sizeof want[0];
	int r;

	write_file("config", text, strlen(text), 0600);
	r = config_load("config", &cfg, &err);
	is_int(r, -1, "a file with several mistakes fails");
	is_int(cfg->nerrors, n, "each mistake is reported once");
	for (i = 0; i < n && i < cfg->nerrors; i++)
		is_str(cfg->errors[i], want[i], "error %zu in line order", i);
	is_str(err.msg, want[0], "err holds the first error");
	config_free(&cfg);
	ok(cfg == NULL, "config_free leaves NULL");
	config_free(&cfg);
	ok(cfg == NULL, "config_free accepts NULL");
}

static void
test_long_lines(void)
{
	struct buf b = BUF_INIT;
	struct config *cfg;
	int r;

	buf_adds(&b, "[general]\neditor = ");
	while (b.len < 10 + 4096)
		buf_addc(&b, 'x');
	buf_addc(&b, '\n');
	cfg = load_text(b.data, &r);
	ok(r == 0 && cfg->editor != NULL && strlen(cfg->editor) == 4096 - 9,
	    "a line of 4096 bytes is fine");
	config_free(&cfg);
	buf_truncate(&b, b.len - 1);
	buf_adds(&b, "y\n[general]\n");
	cfg = load_text(b.data, &r);
	if (!ok(r == -1 && cfg->nerrors == 2 &&
		    strcmp(cfg->errors[0],
			"config:2: line longer than 4096 bytes") == 0,
		"a line of 4097 bytes is an error, reading goes on"))
		diag_errors(cfg);
	config_free(&cfg);
	buf_release(&b);
}

static void
test_nul(void)
{
	static const char text[] = "[general]\neditor = v\0i\n";
	struct config *cfg;
	struct err err;
	int r;

	write_file("config", text, sizeof text - 1, 0600);
	r = config_load("config", &cfg, &err);
	ok(r == -1 && cfg->nerrors == 1 &&
		strcmp(cfg->errors[0], "config:2: NUL byte in line") == 0,
	    "a NUL byte is an error");
	config_free(&cfg);
}

/* Every prefix of a valid file loads without crashing or vague errors. */
static void
test_prefixes(void)
{
	static const char text[] =
	    "# tern\n[general]\r\nmail_root = ~/m\n"
	    "[account work]\naddress = me@example.org\nhost = h\n"
	    "name = \"Me \\\"Here\\\"\"\ntls = starttls\npop3_delete = "
	    "after-days:12\npoll_interval = 5m\n";
	size_t n, i, bad = 0;
	struct config *cfg;
	struct err err;
	int r;

	for (n = 0; n <= sizeof text - 1; n++) {
		write_file("config", text, n, 0600);
		r = config_load("config", &cfg, &err);
		if ((r == 0) != (cfg->nerrors == 0))
			bad++;
		for (i = 0; i < cfg->nerrors; i++)
			if (strncmp(cfg->errors[i], "config:", 7) != 0)
				bad++;
		config_free(&cfg);
	}
	is_int(bad, 0, "every prefix of a file gives clean errors");
	cfg = load_text(text, &r);
	is_int(r, 0, "and the whole file is valid");
	config_free(&cfg);
}

/* Missing and unreadable files: only the default one may be missing. */
static void
test_missing(void)
{
	struct config *cfg;
	struct err err;
	int r;

	r = config_load(NULL, &cfg, &err);
	ok(r == 0 && cfg->path == NULL && cfg->naccounts == 0 &&
		cfg->nerrors == 0,
	    "a missing default file means defaults");
	config_free(&cfg);
	r = config_load("nonexistent", &cfg, &err);
	ok(r == -1 && cfg->nerrors == 1 &&
		strcmp(cfg->errors[0],
		    "cannot read 'nonexistent': No such file or directory") ==
		    0,
	    "a missing named file is an error naming it");
	is_str(err.msg, "cannot read 'nonexistent': No such file or directory",
	    "and err says so too");
	config_free(&cfg);
	setenv("TERN_CONFIG", "missing-env", 1);
	r = config_load(NULL, &cfg, &err);
	ok(r == -1 && cfg->nerrors == 1 &&
		strstr(cfg->errors[0], "'missing-env'") != NULL,
	    "a missing $TERN_CONFIG is an error");
	config_free(&cfg);
	unsetenv("TERN_CONFIG");
	r = config_load(".", &cfg, &err);
	ok(r == -1 && cfg->nerrors == 1 &&
		strstr(cfg->errors[0], "cannot read '.'") != NULL,
	    "a folder is not a config file");
	config_free(&cfg);
}

static void
test_tern_config(void)
{
	struct config *cfg;
	struct err err;
	char *path;
	int r;

	write_file("env-config", ACC, strlen(ACC), 0600);
	setenv("TERN_CONFIG", "env-config", 1);
	path = config_default_path();
	is_str(path, "env-config", "$TERN_CONFIG names the default path");
	free(path);
	r = config_load(NULL, &cfg, &err);
	ok(r == 0 && cfg->naccounts == 1 &&
		strcmp(cfg->path, "env-config") == 0,
	    "$TERN_CONFIG is read");
	config_free(&cfg);
	write_file("config", "", 0, 0600);
	r = config_load("config", &cfg, &err);
	ok(r == 0 && cfg->naccounts == 0, "a path given beats $TERN_CONFIG");
	config_free(&cfg);
	unsetenv("TERN_CONFIG");
	unlink("env-config");
}

static void
test_xdg(void)
{
	struct config *cfg;
	struct err err;
	char *xdg, *path, *want;
	int r;

	xdg = xasprintf("%s/.config/tern", home);
	path = xasprintf("%s/config", xdg);
	is_int(path_mkdir_p(xdg, 0700, &err), 0, "make the XDG folder");
	write_file(path, "[general]\nmail_root = m\n", 24, 0600);
	r = config_load(NULL, &cfg, &err);
	ok(r == 0 && cfg->path != NULL && strcmp(cfg->path, path) == 0,
	    "the XDG file is read");
	want = xasprintf("%s/m", xdg);
	is_str(cfg->mail_root, want, "relative to the XDG config folder");
	config_free(&cfg);
	unlink(path);
	free(want);
	free(path);
	free(xdg);
}

/* A config in a sub-folder resolves relative paths against that folder. */
static void
test_subdir(void)
{
	static const char text[] =
	    "[general]\nmail_root = ./mail\n"
	    "[account w]\naddress = a@b.org\nhost = h\nca_file = ca.pem\n";
	struct config *cfg;
	struct err err;
	char *want;
	int r;

	is_int(path_mkdir_p("sub", 0700, &err), 0, "make a sub-folder");
	write_file("sub/config", text, strlen(text), 0600);
	r = config_load("sub/config", &cfg, &err);
	is_int(r, 0, "load sub/config");
	want = xasprintf("%s/sub/mail", dir);
	is_str(cfg->mail_root, want, "mail_root is under sub/");
	free(want);
	want = xasprintf("%s/sub/ca.pem", dir);
	is_str(r == 0 ? cfg->accounts[0].ca_file : NULL, want,
	    "ca_file is under sub/");
	free(want);
	config_free(&cfg);
	write_file("sub/config", "[general]\nfoo = 1\n", 18, 0600);
	r = config_load("./sub/config", &cfg, &err);
	ok(r == -1 && cfg->nerrors == 1 &&
		strcmp(cfg->errors[0],
		    "./sub/config:2: unknown key 'foo' in [general]") == 0,
	    "messages name the file as given");
	config_free(&cfg);
	unlink("sub/config");
	rmdir("sub");
}

static void
test_mode_warning(void)
{
	struct config *cfg;
	struct err err;
	int r;

	write_file("config", ACC, strlen(ACC), 0644);
	r = config_load("config", &cfg, &err);
	if (!ok(r == 0 && cfg->nwarnings == 1 &&
		    strcmp(cfg->warnings[0],
			"config: readable or writable by other users (mode "
			"0644); run "
			"'chmod 600 config'") == 0,
		"a world-readable file is a warning"))
		diag_errors(cfg);
	config_free(&cfg);
	write_file("config", ACC, strlen(ACC), 0620);
	r = config_load("config", &cfg, &err);
	ok(r == 0 && cfg->nwarnings == 1 &&
		strstr(cfg->warnings[0], "(mode 0620)") != NULL,
	    "a group-writable file is a warning");
	config_free(&cfg);
	write_file("config", ACC, strlen(ACC), 0400);
	r = config_load("config", &cfg, &err);
	ok(r == 0 && cfg->nwarnings == 0, "mode 0400 is fine");
	config_free(&cfg);
}

/* Load an account whose password_cmd is cmd; returns the warnings. */
static size_t
password_warnings(const char *cmd, struct config **cfg_r)
{
	char *text = xasprintf("%spassword_cmd = %s\n", ACC, cmd);
	int r;

	*cfg_r = load_text(text, &r);
	free(text);
	return r == 0 ? (*cfg_r)->nwarnings : 99;
}

static void
test_password_warning(void)
{
	struct config *cfg;
	char *pw = xasprintf("%s/pw", home), *want;

	write_file(pw, "secret\n", 7, 0644);
	is_int(password_warnings("cat ~/pw", &cfg), 1,
	    "a password file others can read is a warning");
	want = xasprintf(
	    "config:4: the password file '%s' named in "
	    "password_cmd is readable by other users; run 'chmod 600 %s'",
	    pw, pw);
	is_str(cfg->nwarnings ? cfg->warnings[0] : NULL, want,
	    "the warning names the file and the fix");
	free(want);
	config_free(&cfg);
	is_int(password_warnings("gpg -d \"$HOME/pw\"", &cfg), 1,
	    "quoted $HOME paths are checked too");
	config_free(&cfg);
	is_int(password_warnings("cat ~/nonexistent", &cfg), 0,
	    "a missing file is no warning");
	config_free(&cfg);
	write_file(pw, "secret\n", 7, 0600);
	is_int(password_warnings("cat ~/pw", &cfg), 0,
	    "a private password file is no warning");
	config_free(&cfg);
	write_file(pw, "#!/bin/sh\n", 10, 0755);
	is_int(password_warnings("~/pw", &cfg), 0,
	    "a program is no password file");
	config_free(&cfg);
	unlink(pw);
	free(pw);
}

/* [search NAME] sections, in file order, each with its query. */
static void
test_searches(void)
{
	static const char text[] = "[search Unified inbox]\n"
				   "query = tag:inbox and tag:unread\n"
				   "[general]\n"
				   "[search work]\n"
				   "query = \"folder:work/INBOX\"\n";
	struct config *cfg;
	int r;

	cfg = load_text(text, &r);
	is_int(r, 0, "two saved searches load");
	is_int(cfg->nsearches, 2, "both are kept");
	if (cfg->nsearches == 2) {
		is_str(cfg->searches[0].name, "Unified inbox",
		    "a name with a blank");
		is_str(cfg->searches[0].query, "tag:inbox and tag:unread",
		    "its query");
		is_int(cfg->searches[0].line, 1, "its line");
		is_str(cfg->searches[1].name, "work", "the second's name");
		is_str(cfg->searches[1].query, "folder:work/INBOX",
		    "a quoted query");
		is_int(cfg->searches[1].line, 4, "its line");
	}
	config_free(&cfg);
}

/* bind and color lines, repeated, and headers, in [ui]. */
static void
test_ui(void)
{
	static const char text[] = "[ui]\n"
				   "bind = index J next-page\n"
				   "bind\t=  pager  ^N\tnext \n"
				   "bind = index = noop\n"
				   "color = quote1 color208\n"
				   "color = status white blue bold underline\n"
				   "color = error brightred default\n"
				   "headers = From,To, Cc  Date\tX-Mailer\n";
	static const char *const binds[][3] = {
		{ "index", "J", "next-page" },
		{ "pager", "^N", "next" },
		{ "index", "=", "noop" },
	};
	static const char *const colors[][4] = {
		{ "quote1", "color208", "(null)", "(null)" },
		{ "status", "white", "blue", "bold underline" },
		{ "error", "brightred", "default", "(null)" },
	};
	static const char *const headers[] = { "From", "To", "Cc", "Date",
		"X-Mailer" };
	struct config *cfg;
	size_t i;
	int r;

	cfg = load_text(text, &r);
	is_int(r, 0, "the [ui] section loads");
	is_int(cfg->nbinds, 3, "three binds");
	for (i = 0; i < cfg->nbinds && i < 3; i++) {
		is_str(cfg->binds[i].view, binds[i][0], "bind %zu: view", i);
		is_str(cfg->binds[i].key, binds[i][1], "bind %zu: key", i);
		is_str(
		    cfg->binds[i].action, binds[i][2], "bind %zu: action", i);
		is_int(cfg->binds[i].line, i + 2, "bind %zu: line", i);
	}
	is_int(cfg->ncolors, 3, "three colours");
	for (i = 0; i < cfg->ncolors && i < 3; i++) {
		char *bg = xasprintf("%s", cfg->colors[i].bg);
		char *at = xasprintf("%s", cfg->colors[i].attrs);

		is_str(cfg->colors[i].elem, colors[i][0], "color %zu: elem", i);
		is_str(cfg->colors[i].fg, colors[i][1], "color %zu: fg", i);
		is_str(bg, colors[i][2], "color %zu: bg", i);
		is_str(at, colors[i][3], "color %zu: attributes", i);
		is_int(cfg->colors[i].line, i + 5, "color %zu: line", i);
		free(bg);
		free(at);
	}
	is_int(cfg->nheaders, 5, "five header fields");
	for (i = 0; i < cfg->nheaders && i < 5; i++)
		is_str(cfg->headers[i], headers[i], "header %zu", i);
	config_free(&cfg);
	ok(cfg == NULL, "config_free frees the [ui] lists");
	cfg = load_text("", &r);
	ok(cfg->nbinds == 0 && cfg->ncolors == 0 && cfg->headers == NULL &&
		cfg->nsearches == 0,
	    "no [ui] section: no binds, colours, headers or searches");
	config_free(&cfg);
}

/* Bad lines in [ui] and [search] are all reported, in line order. */
static void
test_ui_errors(void)
{
	static const char text[] = "[search]\n"		       /* 1 */
				   "query = *\n"	       /* 2 */
				   "[ui]\n"		       /* 3 */
				   "bind = index j\n"	       /* 4 */
				   "bind = index k previous\n" /* 5 */
				   "color = x\n"	       /* 6 */
				   "[search inbox]\n";	       /* 7 */
	static const char *const want[] = {
		"config:1: missing search name; write [search NAME]",
		"config:4: invalid bind 'index j'; write 'bind = VIEW KEY "
		"ACTION', such as 'bind = index j next'",
		"config:6: invalid color 'x'; write 'color = ELEMENT "
		"FOREGROUND "
		"[BACKGROUND [ATTRIBUTE...]]', such as 'color = quote1 cyan'",
		"config:7: missing required key 'query' in [search inbox]",
	};
	struct config *cfg;
	size_t i, n = sizeof want / sizeof want[0];
	int r;

	cfg = load_text(text, &r);
	is_int(r, -1, "bad [ui] and [search] lines fail");
	is_int(cfg->nerrors, n, "each reported once");
	for (i = 0; i < n && i < cfg->nerrors; i++)
		is_str(cfg->errors[i], want[i], "ui error %zu", i);
	is_int(cfg->nbinds, 1, "the good bind is kept");
	is_int(cfg->nsearches, 1, "the named search is kept");
	config_free(&cfg);
}

static void
test_names(void)
{
	is_str(config_tls_name(CONFIG_TLS_IMPLICIT), "implicit", "tls name");
	is_str(config_tls_name(CONFIG_TLS_STARTTLS), "starttls", "tls name");
	is_str(config_tls_name(CONFIG_TLS_NONE), "none", "tls name");
	is_str(config_receive_name(CONFIG_RECEIVE_IMAP), "imap", "imap name");
	is_str(config_receive_name(CONFIG_RECEIVE_POP3), "pop3", "pop3 name");
}

static void
setup(void)
{
	char tmpl[] = "/tmp/tern-config.XXXXXX";
	char *xdg;

	if (mkdtemp(tmpl) == NULL || chdir(tmpl) < 0) {
		diag("cannot make a temporary folder");
		exit(1);
	}
	dir = xstrdup(tmpl);
	home = xasprintf("%s/home", dir);
	if (mkdir(home, 0700) < 0)
		exit(1);
	setenv("HOME", home, 1);
	xdg = xasprintf("%s/.config", home);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	free(xdg);
	xdg = xasprintf("%s/.local/share", home);
	setenv("XDG_DATA_HOME", xdg, 1);
	free(xdg);
	setenv("TERN_TEST_VAR", "/var/t", 1);
	setenv("TERN_TEST_EMPTY", "", 1);
	unsetenv("TERN_TEST_UNSET");
	unsetenv("TERN_CONFIG");
}

int
main(void)
{
	char *cmd;

	setup();
	test_valid();
	test_errors();
	test_values();
	test_many_errors();
	test_long_lines();
	test_nul();
	test_prefixes();
	test_missing();
	test_tern_config();
	test_xdg();
	test_subdir();
	test_mode_warning();
	test_password_warning();
	test_names();
	test_searches();
	test_ui();
	test_ui_errors();
	done_testing();
	cmd = xasprintf("rm -rf '%s'", dir);
	if (chdir("/") < 0 || system(cmd) != 0)
		diag("cleanup failed");
	free(cmd);
	free(home);
	free(dir);
	return exit_status();
}
