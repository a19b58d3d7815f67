src_cli_libcli_a_SOURCES += src/cli/cmd-import.c src/cli/cmd-search.c src/cli/cmd-tag.c
