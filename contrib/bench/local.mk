# contrib/bench: the import benchmark (see contrib/bench/README).
dist_noinst_SCRIPTS += contrib/bench/import contrib/bench/genmail.py \
	contrib/bench/checkmail.py
EXTRA_DIST += contrib/bench/README
