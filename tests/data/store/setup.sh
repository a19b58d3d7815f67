# Shared setup for the store's shell tests; source it after tests/lib.sh
# and tap_tmpdir. Builds the fixture sources in $T/src and defines
# helpers. The fixtures: a Maildir INBOX (3 messages, flags none, S, FS),
# an mbox (3 messages), a folder of two .eml files and one non-message.
D=$top_srcdir/tests/data/store
ROOT=$XDG_DATA_HOME/tern/mail
TZ=UTC
export TZ

# run ARGS...: run tern; stdout in $T/out, stderr in $T/err, status in rc
run() {
	"$TERN" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

make_sources() {
	mkdir -p "$T/src/INBOX/cur" "$T/src/INBOX/new" "$T/src/INBOX/tmp"
	cp "$D/inbox/1.eml" "$T/src/INBOX/new/1709543700.M1P1.old"
	cp "$D/inbox/2.eml" "$T/src/INBOX/cur/1709547720.M2P1.old:2,S"
	cp "$D/inbox/3.eml" "$T/src/INBOX/cur/1709311200.M3P1.old:2,FS"
	printf 'mbsync state\n' >"$T/src/INBOX/.mbsyncstate"
	cp "$D/lists.mbox" "$T/src/lists.mbox"
	mkdir -p "$T/src/eml"
	cp "$D/eml/attachment.eml" "$D/eml/utf8-subject.eml" \
		"$D/eml/notes.txt" "$T/src/eml/"
}

# import_sources: import the three sources; status in rc
import_sources() {
	run import "$T/src/INBOX" "$T/src/lists.mbox" "$T/src/eml"
}

# message files in the store (not in tmp/), one path a line
store_files() {
	find "$ROOT" -path "$ROOT/.notmuch" -prune -o -path "$ROOT/.tern" \
		-prune -o -type f \( -path '*/cur/*' -o -path '*/new/*' \) \
		-print | sort
}

# files left in any tmp/ of the store
tmp_files() {
	find "$ROOT" -path "$ROOT/.notmuch" -prune -o -type f -print |
		grep '/tmp/[^/]*$' | sort
}

# nm ARGS...: plain notmuch on the store, ignoring the user's config
nm() {
	printf '[database]\npath=%s\n' "$ROOT" >"$T/notmuch-config"
	"$NOTMUCH" --config="$T/notmuch-config" "$@"
}
