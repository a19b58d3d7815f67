noinst_LIBRARIES += src/cli/libcli.a
src_cli_libcli_a_SOURCES = src/cli/cli.h src/cli/cli.c
include $(srcdir)/src/cli/config.mk
include $(srcdir)/src/cli/store.mk
include $(srcdir)/src/cli/show.mk
src_cli_libcli_a_SOURCES += src/cli/cmd-sync.c
src_cli_libcli_a_SOURCES += src/cli/cmd-move.c
src_cli_libcli_a_SOURCES += src/cli/cmd-send.c
