# Sending: tern send and the outbox against the harness Postfix.
TESTS += tests/integ/smtp-send.test
dist_check_SCRIPTS += tests/integ/smtp-send.test
EXTRA_DIST += tests/harness/mailcheck.py
