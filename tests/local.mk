# Tests: TAP through automake's parallel harness. C unit tests are
# check_PROGRAMS; shell tests end in .test. Each area keeps a fragment.
TEST_EXTENSIONS = .test
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) \
	$(top_srcdir)/build-aux/tap-driver.sh
TEST_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	LC_ALL=C.UTF-8; export LC_ALL; \
	DOVECOT='$(DOVECOT)'; export DOVECOT; \
	POSTFIX='$(POSTFIX)'; export POSTFIX; \
	NOTMUCH='$(NOTMUCH)'; export NOTMUCH; \
	TMUX_BIN='$(TMUX)'; export TMUX_BIN; \
	PYTHON3='$(PYTHON3)'; export PYTHON3;
TEST_LIBS_UTIL = src/util/libutil.a $(LIBINTL) $(AX_PTHREAD_CFLAGS)

EXTRA_DIST += tests/tap.h tests/lib.sh

include $(srcdir)/tests/util.mk
include $(srcdir)/tests/config.mk
include $(srcdir)/tests/store.mk
include $(srcdir)/tests/mime.mk
include $(srcdir)/tests/integ.mk
include $(srcdir)/tests/net.mk
include $(srcdir)/tests/imap.mk
include $(srcdir)/tests/proto.mk
include $(srcdir)/tests/tui.mk
include $(srcdir)/tests/send.mk

# The list of tests, for contrib/check (which picks those its make
# distcheck runs).
print-tests:
	@echo $(TESTS)
.PHONY: print-tests
