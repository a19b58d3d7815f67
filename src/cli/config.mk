src_cli_libcli_a_SOURCES += src/cli/cmd-check-config.c
