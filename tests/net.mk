# The network layer: unit tests without servers, and the TLS transport
# against the harness's Dovecot through a small probe client.
TEST_LIBS_NET = src/net/libnet.a src/util/libutil.a $(ETPAN_LIBS) \
	$(OPENSSL_LIBS) $(LIBINTL) $(AX_PTHREAD_CFLAGS)
check_PROGRAMS += tests/unit/test-tls tests/integ/tls-probe
TESTS += tests/unit/test-tls tests/integ/tls.test
dist_check_SCRIPTS += tests/integ/tls.test
tests_unit_test_tls_LDADD = $(TEST_LIBS_NET)
tests_integ_tls_probe_LDADD = $(TEST_LIBS_NET)
check_PROGRAMS += tests/unit/test-password
TESTS += tests/unit/test-password
tests_unit_test_password_LDADD = $(TEST_LIBS_NET)
