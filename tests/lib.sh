# TAP helpers for shell tests. Source it, call plan N (or done_testing at
# the end), then ok / is / like. TERN is the binary under test.
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
TERN=${TERN:-$top_builddir/src/tern}
_tap_n=0
_tap_failed=0
_tap_plan=

plan() { _tap_plan=$1; echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
ok() {
	# ok CONDITION-EXIT-STATUS DESCRIPTION
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}
is() {
	# is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"; diag "got:" "$1" "want:" "$2"; fi
}
like() {
	# like GOT EXTENDED-REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
		ok 1 "$3"; diag "got:" "$1" "want match: $2"; fi
}
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $*"; }
done_testing() {
	[ -n "$_tap_plan" ] || echo "1..$_tap_n"
	[ -z "$_tap_plan" ] || [ "$_tap_plan" -eq "$_tap_n" ] || _tap_failed=1
	[ "$_tap_failed" -eq 0 ]
}
# A private temporary directory, removed at exit unless TERN_KEEP_TMP is set.
tap_tmpdir() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/tern-test.XXXXXX") || exit 1
	trap 'tap_cleanup' EXIT
	trap 'exit 1' INT TERM HUP
	export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" \
		XDG_DATA_HOME="$T/home/.local/share" \
		XDG_STATE_HOME="$T/home/.local/state"
	mkdir -p "$HOME"
	unset TERN_CONFIG NOTMUCH_CONFIG
}
tap_cleanup_hooks=
tap_cleanup() {
	for h in $tap_cleanup_hooks; do "$h"; done
	[ -n "${TERN_KEEP_TMP:-}" ] || rm -rf "$T"
}
