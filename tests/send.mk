# Sending: tern send and the outbox against the harness Postfix.
TESTS += tests/integ/smtp-send.test
dist_check_SCRIPTS += tests/integ/smtp-send.test
EXTRA_DIST += tests/harness/mailcheck.py
# Replies, forwards, the editor's text and stored drafts.
check_PROGRAMS += tests/unit/test-reply tests/unit/test-draft
TESTS += tests/unit/test-reply tests/unit/test-draft
tests_unit_test_reply_LDADD = $(TEST_LIBS_MIME)
tests_unit_test_draft_LDADD = $(TEST_LIBS_MIME)
EXTRA_DIST += tests/data/reply/list-signed.eml
