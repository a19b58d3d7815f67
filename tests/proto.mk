# Scripted-server tests: failures real servers will not produce on
# demand, played on a free 127.0.0.1 port by tests/proto/scripted.py
# (IMAP, POP3) and tests/proto/scripted_smtp.py (SMTP).
TESTS += tests/proto/imap-faults.test
dist_check_SCRIPTS += tests/proto/imap-faults.test
TESTS += tests/proto/pop3-faults.test
dist_check_SCRIPTS += tests/proto/pop3-faults.test
EXTRA_DIST += tests/proto/scripted.py
TESTS += tests/proto/smtp-faults.test
dist_check_SCRIPTS += tests/proto/smtp-faults.test
EXTRA_DIST += tests/proto/scripted_smtp.py
