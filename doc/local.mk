dist_man_MANS += doc/tern.1 doc/tern.conf.5
