# contrib/bench: the import, IMAP sync, POP3 and sending benchmarks (see
# contrib/bench/README).
dist_noinst_SCRIPTS += contrib/bench/import contrib/bench/genmail.py \
	contrib/bench/checkmail.py contrib/bench/imap-sync contrib/bench/pop3 \
	contrib/bench/open contrib/bench/openmail.py
EXTRA_DIST += contrib/bench/README contrib/bench/send contrib/bench/README.open
