# Integration tests: real Dovecot and Postfix on 127.0.0.1, started by
# tests/harness/servers.sh; they skip unless run as root with both
# installed (contrib/check installs them).
TESTS += tests/integ/servers.test
dist_check_SCRIPTS += tests/integ/servers.test
EXTRA_DIST += tests/harness/servers.sh tests/harness/netutil.py \
	tests/harness/mailtool.py tests/harness/dovecot.conf.tmpl \
	tests/harness/postfix-main.cf.tmpl tests/harness/postfix-master.cf.tmpl
