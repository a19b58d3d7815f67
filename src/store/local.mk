noinst_LIBRARIES += src/store/libstore.a
src_store_libstore_a_SOURCES = \
	src/store/address.c src/store/address.h \
	src/store/batch.c src/store/batch.h \
	src/store/folderscan.c src/store/folderscan.h \
	src/store/import.c src/store/import.h \
	src/store/index.c src/store/index.h \
	src/store/journal.c src/store/journal.h \
	src/store/mailfile.c src/store/mailfile.h \
	src/store/maildir.c src/store/maildir.h \
	src/store/mbox.c src/store/mbox.h \
	src/store/nameset.c src/store/nameset.h \
	src/store/outbox.c src/store/outbox.h \
	src/store/rawmsg.c src/store/rawmsg.h \
	src/store/search.c src/store/search.h \
	src/store/store.c src/store/store.h src/store/store-int.h \
	src/store/syncstate.c src/store/syncstate.h \
	src/store/tag.c src/store/tag.h
