# curses tests: the real binary in a private tmux server of fixed size
# (tests/tui/lib.sh), and the column rules of its text writer (unit).
TUI_TESTS = tests/tui/read.test tests/tui/safety.test \
	tests/tui/colour.test tests/tui/store.test
TUI_TESTS += tests/tui/pager.test
TUI_TESTS += tests/tui/actions.test
TUI_TESTS += tests/tui/sync.test
TUI_TESTS += tests/tui/config.test
TUI_TESTS += tests/tui/sidebar.test
TUI_TESTS += tests/tui/compose.test
TUI_TESTS += tests/tui/search.test
EXTRA_DIST += tests/tui/editor.py
TESTS += $(TUI_TESTS)
dist_check_SCRIPTS += $(TUI_TESTS)
EXTRA_DIST += tests/tui/lib.sh
check_PROGRAMS += tests/unit/test-width
TESTS += tests/unit/test-width
tests_unit_test_width_LDADD = src/ui/libui.a $(TEST_LIBS_UTIL)
