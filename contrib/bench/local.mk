# contrib/bench: the import and IMAP sync benchmarks (see
# contrib/bench/README).
dist_noinst_SCRIPTS += contrib/bench/import contrib/bench/genmail.py \
	contrib/bench/checkmail.py contrib/bench/imap-sync
EXTRA_DIST += contrib/bench/README
