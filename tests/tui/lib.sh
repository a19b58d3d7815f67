# Helpers for the curses tests: a store of generated mail, and the real
# binary in a private tmux server of fixed size. Source after tests/lib.sh
# and tap_tmpdir.
[ -n "${TMUX_BIN:-}" ] && [ -x "$TMUX_BIN" ] ||
	skip_all "tmux is not installed"
ROOT=$XDG_DATA_HOME/tern/mail
TZ=UTC
export TZ
TUI_COLS=100
TUI_ROWS=30
TUI_SERVERS=0
# send-keys on the terminal the program runs in
tui() { "$TMUX_BIN" -S "$TUI_SOCK" "$@"; }

# msg FILE DATE FROM SUBJECT [HEADERS]: a text/plain message, body on stdin
msg() {
	{
		printf 'From: %s\nTo: you@example.org\nDate: %s\n' "$3" "$2"
		printf 'Subject: %s\nMessage-ID: <%s@example.org>\n' "$4" \
			"$(basename "$1" | sed 's/:.*//')"
		[ -z "${5:-}" ] || printf '%s\n' "$5"
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: text/plain; charset=utf-8\n\n'
		cat
	} >"$1"
}

# make_corpus: generated mail in the Maildir $T/src/INBOX, imported
make_corpus() {
	local d=$T/src/INBOX/cur i esc
	esc=$(printf '\033')
	mkdir -p "$d" "$T/src/INBOX/new" "$T/src/INBOX/tmp"
	i=10
	while [ $i -lt 50 ]; do
		printf 'Filler body %s.\n' $i | msg "$d/filler$i:2,S" \
			"Mon, 1 Jan 2024 10:$i:00 +0000" \
			"Filler Sender <filler@example.org>" "Filler message $i"
		i=$((i + 1))
	done
	{
		i=1
		while [ $i -le 40 ]; do printf 'word%02d ' $i; i=$((i + 1)); done
		printf '\n'
		i=1
		while [ $i -le 50 ]; do printf 'line %02d\n' $i; i=$((i + 1)); done
	} | msg "$d/wrap:2,S" "Sun, 31 Dec 2023 09:00:00 +0000" \
		"Wrap Sender <wrap@example.org>" "Long lines and many"
	printf 'Shall we meet at noon?\n' | msg "$d/lunch1:2," \
		"Fri, 1 Mar 2024 09:00:00 +0000" \
		"Alice Example <alice@example.org>" "Lunch on Friday?"
	printf 'Alice wrote:\n> Shall we meet at noon?\n\nYes, noon works.\n' |
		msg "$d/lunch2:2,S" "Fri, 1 Mar 2024 10:00:00 +0000" \
		"Bob Example <bob@example.org>" "Re: Lunch on Friday?" \
		"In-Reply-To: <lunch1@example.org>"
	printf '> Yes, noon works.\n>> Shall we meet at noon?\nSee you.\n' |
		msg "$d/lunch3:2,FS" "Sat, 2 Mar 2024 08:00:00 +0000" \
		"Carol Example <carol@example.org>" "Re: Lunch on Friday?" \
		"In-Reply-To: <lunch2@example.org>
References: <lunch1@example.org> <lunch2@example.org>"
	printf '日本語の本文です。\n' | msg "$d/nihongo:2," \
		"Sun, 3 Mar 2024 09:00:00 +0900" \
		"=?UTF-8?B?5bGx55Sw5aSq6YOO?= <taro@example.jp>" \
		"=?UTF-8?B?5pel5pys6Kqe44Gu44OG44K544OI?="
	printf 'Long subject.\n' | msg "$d/long:2,S" \
		"Mon, 4 Mar 2024 09:00:00 +0000" "李小龍 <li@example.cn>" \
		"長い件名長い件名長い件名長い件名長い件名長い件名長い件名長い件名長い件名 end"
	printf 'Accents and emoji.\n' | msg "$d/accents:2,S" \
		"Tue, 5 Mar 2024 09:00:00 +0000" \
		"Zoë Example <zoe@example.org>" "Café crème 🎉 party"
	{
		printf 'From: Html Sender <html@example.org>\n'
		printf 'To: you@example.org\nDate: Wed, 6 Mar 2024 09:00:00 +0000\n'
		printf 'Subject: HTML only\nMessage-ID: <html@example.org>\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n'
		printf '<html><head><style>p { color: red }</style></head><body>\n'
		printf '<p>Hello <b>HTML</b> world</p><ul><li>first item</li></ul>\n'
		printf '</body></html>\n'
	} >"$d/html:2,S"
	printf 'Line one%s]0;pwned\a\n%s[2Jcleared\n' "$esc" "$esc" |
		msg "$d/evil:2," "Thu, 7 Mar 2024 09:00:00 +0000" \
		"Mallory${esc}[2J <mallory@example.org>" \
		"Evil${esc}]0;pwned$(printf '\a') ${esc}[2Jsubject"
	"$TERN" import "$T/src/INBOX" >"$T/import.out" 2>&1
}

# a new tmux server for each start: no race with the one stopped before
tui_new_server() {
	tui_stop
	TUI_SERVERS=$((TUI_SERVERS + 1))
	TUI_SOCK=$T/tmux$TUI_SERVERS.sock
	rm -f "$T/exit"
}

# tui_start [ENV=VALUE...]: run tern in a new tmux server of the fixed size,
# with the options in $TUI_ARGS
tui_start() {
	tui_new_server
	printf 'set -g status off\nset -g remain-on-exit on\n' >"$T/tmux.conf"
	tui -f "$T/tmux.conf" new-session -d -x $TUI_COLS -y $TUI_ROWS \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color $* $TERN \
		${TUI_ARGS:-}; echo \$? >$T/exit"
	case " $tap_cleanup_hooks " in
	*" tui_stop "*) ;;
	*) tap_cleanup_hooks="$tap_cleanup_hooks tui_stop" ;;
	esac
}

# tui_start_logged: the same, with every byte tern writes to the terminal
# kept in $T/raw (tern starts once the log is attached)
tui_start_logged() {
	tui_new_server
	printf 'set -g status off\nset -g remain-on-exit on\n' >"$T/tmux.conf"
	tui -f "$T/tmux.conf" new-session -d -x $TUI_COLS -y $TUI_ROWS \
		"while [ ! -e $T/go ]; do sleep 0.01; done;
		env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color $TERN;
		echo \$? >$T/exit"
	case " $tap_cleanup_hooks " in
	*" tui_stop "*) ;;
	*) tap_cleanup_hooks="$tap_cleanup_hooks tui_stop" ;;
	esac
	tui pipe-pane -o "cat >$T/raw"
	: >"$T/go"
}

# tui_stop: end tern (SIGTERM, so it leaves the terminal and exits
# normally: a sanitizer build whose terminal vanished can spin at exit),
# then its tmux server; tern is killed if it is still there after 5 s
tui_stop() {
	local pane pids p n
	[ -n "${TUI_SOCK:-}" ] || return 0
	pane=$(tui display -p '#{pane_pid}' 2>/dev/null)
	pids=
	[ -z "$pane" ] ||
	    pids=$(cat "/proc/$pane/task/$pane/children" 2>/dev/null)
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null
		n=0
		while kill -0 "$p" 2>/dev/null && [ $n -lt 50 ]; do
			sleep 0.1
			n=$((n + 1))
		done
	done
	tui kill-server 2>/dev/null
	for p in $pids; do
		kill -9 "$p" 2>/dev/null
	done
	TUI_SOCK=
}

# the screen as text
tui_screen() { tui capture-pane -p; }

# tui_poll WANT REGEX SECONDS WHAT: poll the screen (into $T/screen)
# until grep -E REGEX has status WANT (0: a line matches, 1: none does);
# status 1 and the screen shown after SECONDS
tui_poll() {
	local n=0 r
	while [ $n -lt $(($3 * 50)) ]; do
		tui_screen >"$T/screen" 2>/dev/null
		grep -Eq -- "$2" "$T/screen"
		r=$?
		[ $r -ne "$1" ] || return 0
		sleep 0.02
		n=$((n + 1))
	done
	diag "timed out waiting $4: $2" "screen:"
	diag "$(cat "$T/screen")"
	return 1
}

# tui_wait REGEX [SECONDS]: poll until a screen line matches (5 s at
# most); the screen is in $T/screen. Status 1 (and the screen shown) on a
# timeout.
tui_wait() { tui_poll 0 "$1" "${2:-5}" "for"; }

# tui_gone REGEX: poll until no line matches (5 s at most)
tui_gone() { tui_poll 1 "$1" 5 "for this to go"; }

# tui_exit: wait for tern to end (5 s at most); its exit status
tui_exit() {
	local n=0
	while [ ! -s "$T/exit" ] && [ $n -lt 250 ]; do
		sleep 0.02
		n=$((n + 1))
	done
	cat "$T/exit" 2>/dev/null
}

