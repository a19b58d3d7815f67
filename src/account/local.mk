noinst_LIBRARIES += src/account/libaccount.a
src_account_libaccount_a_SOURCES = src/account/account.h src/account/account.c
