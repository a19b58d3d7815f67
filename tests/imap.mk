# IMAP account and sync against the harness Dovecot.
TESTS += tests/integ/imap-sync.test
dist_check_SCRIPTS += tests/integ/imap-sync.test
EXTRA_DIST += tests/harness/imapctl.py
