noinst_LIBRARIES += src/account/libaccount.a
src_account_libaccount_a_SOURCES = src/account/account.h src/account/account.c \
	src/account/imap.h src/account/imap.c \
	src/account/mutf7.h src/account/mutf7.c \
	src/account/pop3.h src/account/pop3.c \
	src/account/smtp.h src/account/smtp.c \
	src/account/submit.h src/account/submit.c \
	src/account/popsync.c \
	src/account/sync.h src/account/sync.c
src_account_libaccount_a_SOURCES += src/account/move.h src/account/move.c
src_account_libaccount_a_SOURCES += src/account/keep.h src/account/keep.c
