check_PROGRAMS += tests/unit/test-buf tests/unit/test-file \
	tests/unit/test-text tests/unit/test-path
TESTS += tests/unit/test-buf tests/unit/test-file tests/unit/test-text \
	tests/unit/test-path tests/layers.test \
	tests/cli/main.test tests/po.test tests/format.test
dist_check_SCRIPTS += tests/layers.test tests/cli/main.test tests/po.test tests/format.test
tests_unit_test_buf_LDADD = $(TEST_LIBS_UTIL)
tests_unit_test_file_LDADD = $(TEST_LIBS_UTIL)
tests_unit_test_text_LDADD = $(TEST_LIBS_UTIL)
tests_unit_test_path_LDADD = $(TEST_LIBS_UTIL)
check_PROGRAMS += tests/unit/test-account
TESTS += tests/unit/test-account
tests_unit_test_account_LDADD = src/account/libaccount.a $(TEST_LIBS_UTIL)
