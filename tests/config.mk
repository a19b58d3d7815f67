# config tests: the parser (unit) and tern check-config (the real binary)
check_PROGRAMS += tests/unit/test-config
TESTS += tests/unit/test-config tests/cli/check-config.test
dist_check_SCRIPTS += tests/cli/check-config.test
tests_unit_test_config_LDADD = $(TEST_LIBS_UTIL)
