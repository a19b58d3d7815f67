/*
 * Writing mail: a new message, a reply (to the sender, to all, to the
 * list), a forward (inline or attached), a message edited as new, a
 * resumed draft or outbox entry. The body is written in the user's
 * editor with the header fields at the top (mutt's edit_headers); then
 * the compose screen shows From, To, Cc, Bcc, Subject and the
 * attachments, to change, send (through the outbox: the screen returns
 * at once, the account's background sync sends it), postpone (to the
 * Drafts folder) or cancel.
 *
 * Nothing written is lost: while a message is being written its draft is
 * kept in mail_root/.tern/compose/ (ID.draft, the stored draft, and
 * ID.txt, the editor's file), removed only once the message is in the
 * outbox or the Drafts folder, or cancelled. What a crash or a closed
 * terminal left there is put into the Drafts folder at the next start.
 */
#ifndef TERN_UI_COMPOSE_H
#define TERN_UI_COMPOSE_H

#include "mime/reply.h"
#include "ui/ui-int.h"

/* What to write. */
enum compose_kind {
	COMPOSE_NEW = -1, /* a new message; else an enum reply_kind */
};

/*
 * Start writing: kind is COMPOSE_NEW or an enum reply_kind made from the
 * message in the file msg_path (stored under account hint, may be
 * NULL). Runs the editor, then opens the compose screen (ui->compose);
 * errors go to the message line.
 */
void compose_start(struct ui *ui, int kind, const char *msg_path);
/*
 * Resume the draft in the file path of the store (a message of the
 * Drafts folder "ACCOUNT/FOLDER" only, with the Message-ID id): it is
 * removed from there once sent or postponed again.
 */
void compose_resume(
    struct ui *ui, const char *path, const char *id, const char *only);
/*
 * Open the outbox entry id again, to change and send it (the entry is
 * replaced by the new one when sent).
 */
void compose_outbox(struct ui *ui, const char *id);
/* Free the compose screen; accepts NULL, leaves NULL. */
void compose_free(struct compose_view **cv);
/* Draw the compose screen in rows rows from row y. */
void compose_draw(struct compose_view *cv, int y, int rows);
/* The title for the status bar (the subject), borrowed. */
const char *compose_title(const struct compose_view *cv);
/*
 * Put what an earlier run left in mail_root/.tern/compose/ into the
 * Drafts folder, saying so on the message line.
 */
void compose_recover(struct ui *ui);

extern const struct keys_entry compose_keys[];
/*
 * The keys that start writing (m r g L f ^F E) or open the drafts (R)
 * and the outbox (O): looked up in the index and the pager after their
 * own keys.
 */
extern const struct keys_entry write_keys[];

#endif
