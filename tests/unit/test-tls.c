/*
 * The transport without servers: connect errors, EOF and timeouts as -1
 * (never 0), cancel, the STARTTLS injection guard, handshake failures.
 */
#include <config.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/mailstream.h>

#include "net/net.h"
#include "net/sock.h"
#include "net/tls.h"
#include "tests/tap.h"
#include "util/err.h"

/* A port on 127.0.0.1 that nothing listens on (bound, then closed). */
static unsigned
closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&a, sizeof a);
	getsockname(fd, (struct sockaddr *)&a, &len);
	close(fd);
	return ntohs(a.sin_port);
}

static void
test_refused(void)
{
	unsigned port = closed_port();
	char want[64];
	struct err err;
	int fd = -1;

	err_clear(&err);
	is_int(sock_connect("127.0.0.1", port, 5, &fd, &err), -1,
	    "sock_connect to a closed port fails");
	is_int(err.cls, ERR_WAIT, "as ERR_WAIT");
	snprintf(want, sizeof want, "'127.0.0.1:%u'", port);
	ok(strstr(err.msg, want) && strstr(err.msg, "refused"),
	    "naming host:port and the reason: %s", err.msg);
	err_clear(&err);
	ok(sock_connect("no-such-host.invalid", 143, 5, &fd, &err) < 0 &&
		strstr(err.msg, "no-such-host.invalid"),
	    "an unknown name fails: %s", err.msg);
}

static void
pair(int sv[2])
{
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
}

static void
test_eof(void)
{
	mailstream_low *low;
	char b[16];
	int sv[2];

	pair(sv);
	low = tls_low_plain(sv[0], 5);
	is_int(mailstream_low_write(low, "hi", 2), 2, "plain write");
	is_int(read(sv[1], b, sizeof b), 2, "the peer got it");
	is_int(write(sv[1], "x", 1), 1, "the peer writes one byte");
	close(sv[1]);
	is_int(mailstream_low_read(low, b, sizeof b), 1, "plain read");
	is_int(mailstream_low_read(low, b, sizeof b), -1,
	    "EOF reads as -1, not 0");
	ok(mailstream_low_write(low, "hi", 2) < 0,
	    "a write to a closed peer fails without SIGPIPE");
	mailstream_low_close(low);
	mailstream_low_free(low);
}

static void
test_timeout_cancel(void)
{
	mailstream_low *low;
	time_t t0;
	char b[16];
	int sv[2];

	pair(sv);
	low = tls_low_plain(sv[0], 1);
	t0 = time(NULL);
	is_int(mailstream_low_read(low, b, sizeof b), -1,
	    "a silent peer times out with -1");
	ok(time(NULL) - t0 <= 3, "after about the timeout");
	mailstream_low_cancel(low);
	low->timeout = 30;
	t0 = time(NULL);
	is_int(mailstream_low_read(low, b, sizeof b), -1, "cancel gives -1");
	ok(time(NULL) - t0 <= 1, "at once");
	mailstream_low_close(low);
	mailstream_low_free(low);
	close(sv[1]);
}

static void
test_injection(void)
{
	struct tls_opts o = { .host = "localhost", .account = "work" };
	const char *in = "a OK begin TLS\r\n* garbage\r\n";
	MMAPString *line = mmap_string_new("");
	struct err err;
	mailstream *s;
	int sv[2];

	pair(sv);
	s = mailstream_new(tls_low_plain(sv[0], 5), 8192);
	is_int(write(sv[1], in, strlen(in)), (long long)strlen(in),
	    "the peer sends OK and more in one segment");
	ok(mailstream_read_line_remove_eol(s, line) != NULL, "read the OK");
	err_clear(&err);
	is_int(tls_upgrade(s, &o, &err), -1, "tls_upgrade refuses");
	is_str(err.msg,
	    "refusing STARTTLS on 'localhost': the server sent data before "
	    "the TLS handshake",
	    "with a message");
	mmap_string_free(line);
	mailstream_close(s);
	close(sv[1]);
}

static void
test_handshake_fail(void)
{
	struct tls_opts o = {
		.host = "localhost", .account = "work", .timeout_s = 5
	};
	mailstream_low *low = NULL;
	struct err err;
	int sv[2];

	pair(sv);
	close(sv[1]);
	err_clear(&err);
	is_int(tls_low_open(sv[0], &o, &low, &err), -1,
	    "a handshake with a closed peer fails");
	ok(strstr(err.msg, "'localhost'") && strstr(err.msg, "closed"),
	    "and says so: %s", err.msg);
	o.fingerprint = "12:34";
	err_clear(&err);
	ok(tls_low_open(sv[0], &o, &low, &err) < 0 &&
		strstr(err.msg, "[account work] is not a SHA-256"),
	    "a malformed pin is refused: %s", err.msg);
	close(sv[0]);
}

int
main(void)
{
	net_init();
	test_refused();
	test_eof();
	test_timeout_cancel();
	test_injection();
	test_handshake_fail();
	done_testing();
	return exit_status();
}
