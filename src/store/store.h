/* The local store: Maildir tree and notmuch index under mail_root. */
#ifndef TERN_STORE_STORE_H
#define TERN_STORE_STORE_H
#endif
