noinst_LIBRARIES += src/util/libutil.a
src_util_libutil_a_SOURCES = \
	src/util/clock.h src/util/clock.c \
	src/util/xalloc.h src/util/xalloc.c \
	src/util/buf.h src/util/buf.c \
	src/util/err.h src/util/err.c \
	src/util/log.h src/util/log.c \
	src/util/file.h src/util/file.c \
	src/util/path.h src/util/path.c \
	src/util/text.h src/util/text.c \
	src/util/intl.h \
	src/util/ini.h src/util/ini.c \
	src/util/config.h src/util/config.c
