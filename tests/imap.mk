# IMAP account and sync against the harness Dovecot.
