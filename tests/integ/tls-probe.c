/*
 * A small IMAP client for tests/integ/tls.test: connect with tern's
 * transport (implicit TLS, or STARTTLS by hand), print the server's
 * greeting and its CAPABILITY line, exit 0; or print the error, exit 1.
 *
 *   tls-probe [-c CA_FILE] [-f FINGERPRINT] [-t SECONDS] HOST PORT MODE
 *
 * MODE is implicit or starttls.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libetpan/mailstream.h>

#include "net/net.h"
#include "net/sock.h"
#include "net/tls.h"
#include "util/err.h"

/* Read one line into line; 0 or -1 with err set. */
static int
probe_line(mailstream *s, MMAPString *line, struct err *err)
{
	if (mailstream_read_line_remove_eol(s, line) == NULL)
		return err_set(
		    err, ERR_TEMP, "the connection broke while reading a line");
	return 0;
}

static int
probe_send(mailstream *s, const char *cmd, struct err *err)
{
	if (mailstream_write(s, cmd, strlen(cmd)) < 0 ||
	    mailstream_flush(s) < 0)
		return err_set(err, ERR_TEMP, "cannot send '%.20s'", cmd);
	return 0;
}

/* Send STARTTLS and read up to its tagged answer, which must be OK. */
static int
probe_starttls(
    mailstream *s, const struct tls_opts *o, MMAPString *line, struct err *err)
{
	if (probe_send(s, "a STARTTLS\r\n", err) < 0)
		return -1;
	do {
		if (probe_line(s, line, err) < 0)
			return -1;
	} while (strncmp(line->str, "a ", 2) != 0);
	if (strncmp(line->str, "a OK", 4) != 0)
		return err_set(
		    err, ERR_FINAL, "STARTTLS refused: %s", line->str);
	return tls_upgrade(s, o, err);
}

static int
probe_run(
    mailstream *s, const struct tls_opts *o, int starttls, struct err *err)
{
	MMAPString *line = mmap_string_new("");
	int r = probe_line(s, line, err);

	if (r == 0)
		printf("greeting: %s\n", line->str);
	if (r == 0 && starttls)
		r = probe_starttls(s, o, line, err);
	if (r == 0)
		r = probe_send(s, "b CAPABILITY\r\n", err);
	if (r == 0)
		r = probe_line(s, line, err);
	if (r == 0)
		printf("capability: %s\n", line->str);
	mmap_string_free(line);
	return r;
}

static int
probe(const struct tls_opts *o, unsigned port, int starttls, struct err *err)
{
	mailstream_low *low;
	mailstream *s;
	int fd, r;

	if (sock_connect(o->host, port, o->timeout_s, &fd, err) < 0)
		return -1;
	if (starttls)
		low = tls_low_plain(fd, o->timeout_s);
	else if (tls_low_open(fd, o, &low, err) < 0) {
		close(fd);
		return -1;
	}
	s = mailstream_new(low, 8192);
	r = probe_run(s, o, starttls, err);
	mailstream_close(s);
	return r;
}

int
main(int argc, char **argv)
{
	struct tls_opts o = { .account = "work", .timeout_s = 10 };
	struct err err;
	int ch;

	while ((ch = getopt(argc, argv, "c:f:t:")) != -1) {
		if (ch == 'c')
			o.ca_file = optarg;
		else if (ch == 'f')
			o.fingerprint = optarg;
		else if (ch == 't')
			o.timeout_s = atoi(optarg);
		else
			return 2;
	}
	if (argc - optind != 3) {
		fprintf(stderr,
		    "usage: tls-probe [-c CA] [-f FP] [-t S] "
		    "HOST PORT implicit|starttls\n");
		return 2;
	}
	net_init();
	err_clear(&err);
	o.host = argv[optind];
	if (probe(&o, (unsigned)atoi(argv[optind + 1]),
		!strcmp(argv[optind + 2], "starttls"), &err) < 0) {
		printf("error: %s\n", err.msg);
		return 1;
	}
	return 0;
}
