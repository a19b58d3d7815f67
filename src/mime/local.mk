noinst_LIBRARIES += src/mime/libmime.a
src_mime_libmime_a_SOURCES = src/mime/mime.h src/mime/mime.c \
	src/mime/charset.h src/mime/charset.c \
	src/mime/compose.h src/mime/compose.c \
	src/mime/html.h src/mime/html.c \
	src/mime/part.h src/mime/part.c \
	src/mime/rfc2047.h src/mime/rfc2047.c \
	src/mime/message.h src/mime/message.c \
	src/mime/render.h src/mime/render.c
# Replies, forwards and drafts under the compose screen.
src_mime_libmime_a_SOURCES += src/mime/reply.h src/mime/reply.c \
	src/mime/draft.h src/mime/draft.c
