# Scripted-server tests: failures real servers will not produce on
# demand, played by tests/proto/scripted.py on a free 127.0.0.1 port.
TESTS += tests/proto/imap-faults.test
dist_check_SCRIPTS += tests/proto/imap-faults.test
TESTS += tests/proto/pop3-faults.test
dist_check_SCRIPTS += tests/proto/pop3-faults.test
EXTRA_DIST += tests/proto/scripted.py
