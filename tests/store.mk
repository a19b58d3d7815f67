# store tests: Maildir, mbox, sync state and index (unit), and the
# commands import, search and tag on the real binary (shell).
TEST_LIBS_STORE = src/store/libstore.a src/mime/libmime.a \
	src/util/libutil.a $(TERN_EXT_LIBS)
STORE_UNIT_TESTS = tests/unit/test-maildir tests/unit/test-mbox \
	tests/unit/test-syncstate tests/unit/test-store
check_PROGRAMS += $(STORE_UNIT_TESTS)
TESTS += $(STORE_UNIT_TESTS)
tests_unit_test_maildir_SOURCES = tests/unit/test-maildir.c \
	tests/unit/store-scratch.h
tests_unit_test_maildir_LDADD = $(TEST_LIBS_STORE)
tests_unit_test_mbox_SOURCES = tests/unit/test-mbox.c
tests_unit_test_mbox_LDADD = $(TEST_LIBS_STORE)
tests_unit_test_syncstate_SOURCES = tests/unit/test-syncstate.c \
	tests/unit/store-scratch.h
tests_unit_test_syncstate_LDADD = $(TEST_LIBS_STORE)
tests_unit_test_store_SOURCES = tests/unit/test-store.c \
	tests/unit/store-scratch.h
tests_unit_test_store_LDADD = $(TEST_LIBS_STORE)
STORE_SHELL_TESTS = tests/cli/import.test tests/cli/search.test \
	tests/cli/tag.test tests/cli/import-crash.test \
	tests/cli/store-errors.test tests/cli/import-corpus.test
TESTS += $(STORE_SHELL_TESTS)
dist_check_SCRIPTS += $(STORE_SHELL_TESTS)
EXTRA_DIST += tests/data/store/setup.sh tests/data/store/lists.mbox \
	tests/data/store/inbox/1.eml tests/data/store/inbox/2.eml \
	tests/data/store/inbox/3.eml tests/data/store/eml/attachment.eml \
	tests/data/store/eml/utf8-subject.eml tests/data/store/eml/notes.txt
