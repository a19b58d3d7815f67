# IMAP account and sync against the harness Dovecot.
TESTS += tests/integ/imap-sync.test tests/integ/imap-crash.test \
	tests/integ/imap-watch.test
dist_check_SCRIPTS += tests/integ/imap-sync.test tests/integ/imap-crash.test \
	tests/integ/imap-watch.test
EXTRA_DIST += tests/harness/imapctl.py
