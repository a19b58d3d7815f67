# IMAP and POP3 accounts and sync against the harness Dovecot.
TESTS += tests/integ/imap-sync.test tests/integ/imap-crash.test \
	tests/integ/imap-watch.test tests/integ/pop3-sync.test \
	tests/integ/pop3-watch.test
dist_check_SCRIPTS += tests/integ/imap-sync.test tests/integ/imap-crash.test \
	tests/integ/imap-watch.test tests/integ/pop3-sync.test \
	tests/integ/pop3-watch.test
EXTRA_DIST += tests/harness/imapctl.py
check_PROGRAMS += tests/unit/test-journal tests/unit/test-mutf7
TESTS += tests/unit/test-journal tests/unit/test-mutf7
tests_unit_test_journal_SOURCES = tests/unit/test-journal.c \
	tests/unit/store-scratch.h
tests_unit_test_journal_LDADD = $(TEST_LIBS_STORE)
tests_unit_test_mutf7_LDADD = src/account/libaccount.a src/store/libstore.a \
	src/mime/libmime.a src/net/libnet.a src/util/libutil.a $(TERN_EXT_LIBS)
