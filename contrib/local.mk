dist_noinst_SCRIPTS += contrib/try contrib/check contrib/demo/demo-mail.py
EXTRA_DIST += contrib/deps.sh
include $(srcdir)/contrib/bench/local.mk
