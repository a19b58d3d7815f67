noinst_LIBRARIES += src/ui/libui.a
src_ui_libui_a_SOURCES = src/ui/ui.h src/ui/ui.c src/ui/ui-int.h \
	src/ui/draw.h src/ui/draw.c src/ui/index.h src/ui/index.c \
	src/ui/keys.h src/ui/keys.c src/ui/pager.h src/ui/pager.c \
	src/ui/prompt.h src/ui/prompt.c src/ui/theme.h src/ui/theme.c \
	src/ui/thread.h src/ui/thread.c src/ui/width.h src/ui/width.c
src_ui_libui_a_SOURCES += src/ui/attach.h src/ui/attach.c
src_ui_libui_a_SOURCES += src/ui/mailcap.h src/ui/mailcap.c
src_ui_libui_a_SOURCES += src/ui/action.h src/ui/action.c
src_ui_libui_a_SOURCES += src/ui/worker.h src/ui/worker.c
src_ui_libui_a_SOURCES += src/ui/sidebar.h src/ui/sidebar.c
src_ui_libui_a_SOURCES += src/ui/compose.h src/ui/compose.c
src_ui_libui_a_SOURCES += src/ui/editor.h src/ui/editor.c
src_ui_libui_a_SOURCES += src/ui/address.h src/ui/address.c
src_ui_libui_a_SOURCES += src/ui/lists.h src/ui/lists.c
