# mime tests: the renderer, the HTML converter, composing mail, tern show,
# and the mailcap files that pick viewers for MIME types (in ui/).
TEST_LIBS_MIME = src/mime/libmime.a $(TEST_LIBS_UTIL) $(GMIME_LIBS) \
	$(LIBXML2_LIBS) $(MAGIC_LIBS)
check_PROGRAMS += tests/unit/test-render tests/unit/test-html \
	tests/unit/test-compose
TESTS += tests/unit/test-render tests/unit/test-html tests/unit/test-compose \
	tests/cli/show.test tests/cli/show-corpus.test
dist_check_SCRIPTS += tests/cli/show.test tests/cli/show-corpus.test
tests_unit_test_render_LDADD = $(TEST_LIBS_MIME)
tests_unit_test_html_LDADD = $(TEST_LIBS_MIME)
tests_unit_test_compose_LDADD = $(TEST_LIBS_MIME)
EXTRA_DIST += tests/data/show
check_PROGRAMS += tests/unit/test-mailcap
TESTS += tests/unit/test-mailcap
tests_unit_test_mailcap_LDADD = src/ui/libui.a $(TEST_LIBS_UTIL)
check_PROGRAMS += tests/unit/test-render-view
TESTS += tests/unit/test-render-view
tests_unit_test_render_view_LDADD = $(TEST_LIBS_MIME)
