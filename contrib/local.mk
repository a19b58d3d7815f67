dist_noinst_SCRIPTS += contrib/try contrib/check
