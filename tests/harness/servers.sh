# Real Dovecot and Postfix on 127.0.0.1 for tern's integration tests and
# for contrib/try. POSIX sh: source it, then
#
#   servers_check            0 when the servers can run here; otherwise 1,
#                            with the reason in $servers_skip_reason
#   servers_test_start       for a TAP test: skip_all unless servers_check,
#                            then tap_tmpdir (unless $T is set) and start
#                            under $T/srv, stopped again by the EXIT trap
#   servers_start DIR        make a CA and certificate and start both
#                            servers with everything under DIR; exports the
#                            TERN_TEST_* variables below and writes them to
#                            DIR/servers.env
#   servers_load DIR         read DIR/servers.env of servers started before
#   servers_running          0 when both servers of $TERN_TEST_DIR run
#   servers_stop             stop both by the pids they wrote and wait until
#                            every one of their processes is gone
#   servers_pids             the pids of both servers and their children
#   servers_make_ca DIR [CN]           DIR/ca.pem and DIR/ca.key
#   servers_make_cert CADIR OUT SAN [CN]
#                            OUT.pem and OUT.key signed by CADIR's CA, with
#                            SAN such as "DNS:localhost,IP:127.0.0.1"
#   servers_use_cert CERT KEY
#                            serve CERT from now on: restart Dovecot and
#                            reload Postfix
#   servers_restart_dovecot  stop Dovecot by its pid and start it again
#   servers_stop_postfix     stop Postfix by its pid (and wait until it
#                            is gone); servers_start_postfix_again starts
#                            it again, so that servers_stop ends it too
#   servers_wait_delivered USER N [SECONDS]
#                            wait (default 15 s) until USER's INBOX holds at
#                            least N messages; 1 on timeout
#
# Exported by servers_start and servers_load:
#   TERN_TEST_DIR, TERN_TEST_HOST (127.0.0.1), TERN_TEST_DOMAIN (tern.test),
#   TERN_TEST_IMAP_PORT (STARTTLS), TERN_TEST_IMAPS_PORT (implicit TLS),
#   TERN_TEST_POP3_PORT (STLS), TERN_TEST_POP3S_PORT (implicit TLS),
#   TERN_TEST_SUBMISSION_PORT (STARTTLS, AUTH only after it),
#   TERN_TEST_SMTPS_PORT (implicit TLS), TERN_TEST_CA (CA certificate file),
#   TERN_TEST_USERS ("alice bob carol sink" unless $servers_users was set
#   before servers_start; sink receives every non-local recipient),
#   TERN_TEST_PASSWORD_<USER> and TERN_TEST_MAILDIR_<USER> for each user
#   (USER in upper case), TERN_TEST_DOVECOT_LOG, TERN_TEST_POSTFIX_LOG,
#   TERN_TEST_PYTHON (the Python 3 interpreter itself, for quick starts).
#
# Dovecot refuses to store mail as root, so mail belongs to the "mail"
# user and every directory on the way to DIR must be searchable by it
# (servers_start says so when it is not), and DIR may not contain blanks.
# Postfix must be started by root.

: "${top_srcdir:=.}"
servers_here=${TERN_HARNESS_DIR:-$top_srcdir/tests/harness}
servers_domain=tern.test
servers_mail_user=mail
servers_tries=5
# Mode of the users' Maildirs: 0755 lets others read the mail (a demo run
# by someone who is not root), 0700 keeps it private.
: "${servers_mail_mode:=0700}"

servers_python() { "${servers_py:-${PYTHON3:-python3}}" "$servers_here/netutil.py" "$@"; }

servers_find_bin() {
	# servers_find_bin NAME PRESET: PRESET when set, else NAME from PATH
	# or the sbin directories.
	if [ -n "$2" ]; then echo "$2"; return; fi
	PATH="$PATH:/usr/sbin:/sbin" command -v "$1" 2>/dev/null
}

servers_check() {
	servers_skip_reason=
	DOVECOT=$(servers_find_bin dovecot "${DOVECOT:-}")
	POSTFIX=$(servers_find_bin postfix "${POSTFIX:-}")
	if [ "$(id -u)" -ne 0 ]; then
		servers_skip_reason="Postfix and Dovecot need root here (run as root, e.g. in contrib/check)"
	elif [ -z "$DOVECOT" ] || [ -z "$POSTFIX" ]; then
		servers_skip_reason="dovecot or postfix not installed (contrib/check installs them)"
	elif ! servers_py=$("${PYTHON3:-python3}" -c \
	    'import sys; print(sys.executable)' 2>/dev/null); then
		servers_skip_reason="python3 not found"
	elif ! command -v openssl >/dev/null 2>&1; then
		servers_skip_reason="openssl command not found"
	elif ! id "$servers_mail_user" >/dev/null 2>&1 ||
	    ! id dovecot >/dev/null 2>&1 || ! id postfix >/dev/null 2>&1; then
		servers_skip_reason="users mail, dovecot or postfix missing"
	fi
	[ -z "$servers_skip_reason" ]
}

servers_log() { echo "servers: $*" >&2; }

servers_make_ca() {
	# servers_make_ca DIR [CN]
	mkdir -p "$1" &&
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -keyout "$1/ca.key" -out "$1/ca.pem" -days 30 \
	    -subj "/CN=${2:-tern test CA}" \
	    -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}

servers_make_cert() {
	# servers_make_cert CADIR OUT SAN [CN]
	_ext=$2.ext
	printf '%s\n' "subjectAltName=$3" "basicConstraints=CA:FALSE" \
	    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid,issuer" \
	    "keyUsage=critical,digitalSignature" \
	    "extendedKeyUsage=serverAuth" >"$_ext"
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$2.key" -out "$2.csr" -subj "/CN=${4:-localhost}" \
	    2>/dev/null &&
	openssl x509 -req -in "$2.csr" -CA "$1/ca.pem" -CAkey "$1/ca.key" \
	    -CAcreateserial -days 30 -extfile "$_ext" -out "$2.pem" \
	    2>/dev/null
	_rc=$?
	rm -f "$2.csr" "$_ext"
	return $_rc
}

servers_upper() {
	# servers_upper NAME: NAME in upper case, without a process for the
	# usual user names (processes are what start-up time is made of).
	case $1 in
	alice) echo ALICE ;; bob) echo BOB ;; carol) echo CAROL ;;
	sink) echo SINK ;; demo) echo DEMO ;;
	*) echo "$1" | tr 'a-z' 'A-Z' ;;
	esac
}

servers_random() { od -An -N8 -tx1 /dev/urandom | tr -d ' \n'; }

servers_subst() {
	# servers_subst TEMPLATE OUT: replace every @NAME@ of the template.
	sed -e "s|@DIR@|$TERN_TEST_DIR|g" -e "s|@BASE_DIR@|$servers_base|g" \
	    -e "s|@INSTANCE@|$servers_instance|g" \
	    -e "s|@DOMAIN@|$TERN_TEST_DOMAIN|g" \
	    -e "s|@CERT@|$servers_cert|g" -e "s|@KEY@|$servers_key|g" \
	    -e "s|@MAIL_UID@|$servers_uid|g" -e "s|@MAIL_GID@|$servers_gid|g" \
	    -e "s|@IMAP_PORT@|$TERN_TEST_IMAP_PORT|g" \
	    -e "s|@IMAPS_PORT@|$TERN_TEST_IMAPS_PORT|g" \
	    -e "s|@POP3_PORT@|$TERN_TEST_POP3_PORT|g" \
	    -e "s|@POP3S_PORT@|$TERN_TEST_POP3S_PORT|g" \
	    -e "s|@SUBMISSION_PORT@|$TERN_TEST_SUBMISSION_PORT|g" \
	    -e "s|@SMTPS_PORT@|$TERN_TEST_SMTPS_PORT|g" \
	    "$servers_here/$1" >"$2"
}

servers_users_file() {
	# The passwd-file of Dovecot and Postfix's list of mailboxes.
	: >"$TERN_TEST_DIR/dovecot/users"
	: >"$TERN_TEST_DIR/postfix-etc/mailboxes"
	for _u in $TERN_TEST_USERS; do
		_U=$(servers_upper "$_u")
		_pw=$_u-$(servers_random)
		_home=$TERN_TEST_DIR/mail/$_u
		eval "TERN_TEST_PASSWORD_$_U=\$_pw TERN_TEST_MAILDIR_$_U=\$_home/Maildir"
		export "TERN_TEST_PASSWORD_$_U" "TERN_TEST_MAILDIR_$_U"
		# Dovecot gives new files and folders the mode of the Maildir.
		set -- "$_home" "$_home/Maildir" "$_home/Maildir/cur" \
		    "$_home/Maildir/new" "$_home/Maildir/tmp"
		mkdir -p "$@" && chown "$servers_uid:$servers_gid" "$@" &&
		chmod "$servers_mail_mode" "$@"
		echo "$_u:{PLAIN}$_pw:$servers_uid:$servers_gid::$_home::" \
		    >>"$TERN_TEST_DIR/dovecot/users"
		echo "$_u@$TERN_TEST_DOMAIN $_u" \
		    >>"$TERN_TEST_DIR/postfix-etc/mailboxes"
	done
	chown root:dovecot "$TERN_TEST_DIR/dovecot/users"
	chmod 0640 "$TERN_TEST_DIR/dovecot/users"
	printf '!/@%s$/ sink@%s\n' "$(echo "$TERN_TEST_DOMAIN" | sed 's/\./\\./g')" \
	    "$TERN_TEST_DOMAIN" >"$TERN_TEST_DIR/postfix-etc/recipient_canonical"
}

servers_layout() {
	# Directories, certificates and users under $TERN_TEST_DIR.
	_d=$TERN_TEST_DIR
	mkdir -p "$_d/log" "$_d/tls" "$_d/dovecot/state" "$_d/mail" \
	    "$_d/postfix-etc" "$_d/postfix/spool" "$_d/postfix/data" || return 1
	chmod 0755 "$_d" "$_d/log" "$_d/dovecot" "$_d/postfix" "$_d/postfix/spool"
	chown "$servers_mail_user:$servers_mail_user" "$_d/mail"
	servers_postfix_dirs "$_d/postfix" || return 1
	_who=$(servers_python enter "$_d/mail" "$servers_mail_user" postfix dovecot) || {
		servers_log "user(s) $_who cannot reach $_d: make every" \
		    "directory on the way searchable (chmod o+x) or choose" \
		    "another place"
		return 1
	}
	servers_make_ca "$_d/tls" &&
	servers_make_cert "$_d/tls" "$_d/tls/server" "DNS:localhost,IP:127.0.0.1" ||
	    { servers_log "cannot make the test certificates"; return 1; }
	servers_cert=$_d/tls/server.pem servers_key=$_d/tls/server.key
	TERN_TEST_CA=$_d/tls/ca.pem
	servers_users_file
}

servers_postfix_dirs() {
	# The queue as postfix-files describes it: "postfix start" would make
	# it, but servers_start_postfix starts the master directly.
	(
		cd "$1/spool" || exit 1
		set -- active bounce corrupt defer deferred flush hold \
		    incoming private saved trace ../data
		mkdir -p "$@" maildrop public pid &&
		chown postfix "$@" && chmod 0700 "$@" &&
		chown postfix:postdrop maildrop public &&
		chmod 0730 maildrop && chmod 0710 public
	)
}

servers_base_dir() {
	# Dovecot's base_dir holds unix sockets, whose paths may not exceed
	# about 107 bytes: when DIR is deep, use a short directory in /tmp.
	if [ ${#TERN_TEST_DIR} -le 60 ]; then
		servers_base=$TERN_TEST_DIR/run
		mkdir -p "$servers_base"
	else
		servers_base=$(mktemp -d /tmp/tern-XXXXXX) || return 1
	fi
	chmod 0755 "$servers_base"
}

servers_pick_ports() {
	set -- $(servers_python ports 6)
	[ $# -eq 6 ] || return 1
	TERN_TEST_IMAP_PORT=$1 TERN_TEST_IMAPS_PORT=$2 TERN_TEST_POP3_PORT=$3
	TERN_TEST_POP3S_PORT=$4 TERN_TEST_SUBMISSION_PORT=$5 TERN_TEST_SMTPS_PORT=$6
}

servers_pidfile_pid() {
	# servers_pidfile_pid PIDFILE: the pid written there, or nothing
	[ -s "$1" ] && sed -n '1{s/ //g;p;}' "$1"
}

servers_pid_alive() {
	# servers_pid_alive PIDFILE: right after a start, is its master up?
	_p=$(servers_pidfile_pid "$1") && [ -n "$_p" ] && kill -0 "$_p" 2>/dev/null
}

servers_token() {
	# servers_token PIDFILE: "PID:STARTTIME" of the master that wrote it.
	# Kept in servers.env, it tells the master from an unrelated process
	# that got the same pid later (after a reboot, say).
	_p=$(servers_pidfile_pid "$1") && [ -n "$_p" ] &&
	servers_python tree "$_p" | cut -d' ' -f1
}

servers_take_tokens() {
	servers_dovecot_token=$(servers_token "$(servers_dovecot_pidfile)")
	servers_postfix_token=$(servers_token "$(servers_postfix_pidfile)")
	servers_write_env
}

servers_dovecot_pidfile() { echo "$servers_base/master.pid"; }
servers_postfix_pidfile() { echo "$TERN_TEST_DIR/postfix/spool/pid/master.pid"; }

servers_start_dovecot() {
	servers_subst dovecot.conf.tmpl "$TERN_TEST_DIR/dovecot.conf" || return 1
	"$DOVECOT" -c "$TERN_TEST_DIR/dovecot.conf" </dev/null \
	    >>"$TERN_TEST_DIR/log/dovecot.out" 2>&1 &&
	servers_python wait 10 $TERN_TEST_IMAP_PORT $TERN_TEST_IMAPS_PORT \
	    $TERN_TEST_POP3_PORT $TERN_TEST_POP3S_PORT 2>/dev/null &&
	servers_pid_alive "$(servers_dovecot_pidfile)"
}

servers_postfix_config() {
	servers_subst postfix-main.cf.tmpl "$TERN_TEST_DIR/postfix-etc/main.cf" &&
	servers_subst postfix-master.cf.tmpl \
	    "$TERN_TEST_DIR/postfix-etc/master.cf" || return 1
	# Postfix pauses, 0.3 s at a time, until a file it reads is more than
	# a second old (it might still be being written): backdate them.
	touch -d "@$(( $(date +%s) - 10 ))" "$TERN_TEST_DIR"/postfix-etc/*
}

servers_start_postfix() {
	# What "postfix -c DIR start" ends with, without the second or more
	# that its checks of a standard installation take: the queue is made
	# by servers_postfix_dirs, and master -w returns once it is up.
	servers_postfix_config || return 1
	_daemons=$("${POSTFIX%/*}/postconf" -c "$TERN_TEST_DIR/postfix-etc" \
	    -h daemon_directory 2>/dev/null)
	"${_daemons:-/usr/lib/postfix/sbin}/master" -c "$TERN_TEST_DIR/postfix-etc" \
	    -w </dev/null >>"$TERN_TEST_DIR/log/postfix.out" 2>&1 &&
	servers_python wait 10 $TERN_TEST_SUBMISSION_PORT \
	    $TERN_TEST_SMTPS_PORT 2>/dev/null &&
	servers_pid_alive "$(servers_postfix_pidfile)"
}

servers_port_race() {
	# Once the servers are stopped after a failed start: did some other
	# process take one of the ports between servers_pick_ports and the
	# start? (Postfix's master cannot even log that: its logger is one of
	# the processes it would have started.)
	[ -n "$(servers_python busy $TERN_TEST_IMAP_PORT $TERN_TEST_IMAPS_PORT \
	    $TERN_TEST_POP3_PORT $TERN_TEST_POP3S_PORT \
	    $TERN_TEST_SUBMISSION_PORT $TERN_TEST_SMTPS_PORT)" ]
}

servers_start_both() {
	_try=1
	while :; do
		servers_pick_ports || return 1
		: >"$TERN_TEST_DIR/log/dovecot.out"
		: >"$TERN_TEST_DIR/log/postfix.out"
		rm -f "$TERN_TEST_DIR/log/dovecot.log" "$TERN_TEST_DIR/log/postfix.log"
		# Both at once: they do not need each other to start.
		servers_start_dovecot &
		_dpid=$!
		servers_start_postfix
		_prc=$?
		wait $_dpid && [ $_prc -eq 0 ] && return 0
		servers_stop_pids
		_logs="$TERN_TEST_DIR/log/dovecot.out $TERN_TEST_DIR/log/postfix.out
		    $TERN_TEST_DIR/log/dovecot.log $TERN_TEST_DIR/log/postfix.log"
		if [ $_try -lt $servers_tries ] && servers_port_race; then
			_try=$((_try + 1))
			continue
		fi
		# Postfix's master logs nothing when it fails this early, but
		# its own check says what is wrong with the configuration.
		"$POSTFIX" -c "$TERN_TEST_DIR/postfix-etc" check \
		    >>"$TERN_TEST_DIR/log/postfix.out" 2>&1
		servers_log "cannot start Dovecot and Postfix; logs:"
		for _f in $_logs; do
			[ -s "$_f" ] && sed "s|^|$(basename "$_f"): |" "$_f" >&2
		done
		return 1
	done
}

servers_write_env() {
	_env=$TERN_TEST_DIR/servers.env
	{
		for _v in TERN_TEST_DIR TERN_TEST_HOST TERN_TEST_DOMAIN \
		    TERN_TEST_IMAP_PORT TERN_TEST_IMAPS_PORT TERN_TEST_POP3_PORT \
		    TERN_TEST_POP3S_PORT TERN_TEST_SUBMISSION_PORT \
		    TERN_TEST_SMTPS_PORT TERN_TEST_CA TERN_TEST_USERS \
		    TERN_TEST_DOVECOT_LOG TERN_TEST_POSTFIX_LOG TERN_TEST_PYTHON \
		    servers_base \
		    servers_instance servers_uid servers_gid servers_cert \
		    servers_key DOVECOT POSTFIX \
		    servers_dovecot_token servers_postfix_token; do
			eval "printf \"%s='%s'\\n\" \$_v \"\${$_v:-}\""
		done
		for _u in $TERN_TEST_USERS; do
			_U=$(servers_upper "$_u")
			for _v in TERN_TEST_PASSWORD_$_U TERN_TEST_MAILDIR_$_U; do
				eval "printf \"%s='%s'\\n\" \$_v \"\$$_v\""
			done
		done
	} >"$_env"
	chmod 0600 "$_env"
}

servers_export() {
	export TERN_TEST_DIR TERN_TEST_HOST TERN_TEST_DOMAIN \
	    TERN_TEST_IMAP_PORT TERN_TEST_IMAPS_PORT TERN_TEST_POP3_PORT \
	    TERN_TEST_POP3S_PORT TERN_TEST_SUBMISSION_PORT TERN_TEST_SMTPS_PORT \
	    TERN_TEST_CA TERN_TEST_USERS TERN_TEST_DOVECOT_LOG \
	    TERN_TEST_POSTFIX_LOG TERN_TEST_PYTHON
	servers_py=$TERN_TEST_PYTHON
	for _u in $TERN_TEST_USERS; do
		_U=$(servers_upper "$_u")
		export "TERN_TEST_PASSWORD_$_U" "TERN_TEST_MAILDIR_$_U"
	done
}

servers_start() {
	# servers_start DIR
	servers_check || { servers_log "$servers_skip_reason"; return 1; }
	case $1 in
	*[[:space:]]*) servers_log "no blanks in '$1', please"; return 1 ;;
	esac
	mkdir -p "$1" || return 1
	TERN_TEST_DIR=$(cd "$1" && pwd -P)
	TERN_TEST_HOST=127.0.0.1
	TERN_TEST_DOMAIN=$servers_domain
	TERN_TEST_USERS="${servers_users:-alice bob carol} sink"
	TERN_TEST_DOVECOT_LOG=$TERN_TEST_DIR/log/dovecot.log
	TERN_TEST_POSTFIX_LOG=$TERN_TEST_DIR/log/postfix.log
	TERN_TEST_PYTHON=$servers_py
	servers_instance=tern-$$
	servers_uid=$(id -u $servers_mail_user)
	servers_gid=$(id -g $servers_mail_user)
	servers_dovecot_token= servers_postfix_token=
	servers_layout && servers_base_dir || return 1
	# Written before the start, so that servers_stop from another shell
	# finds whatever did start.
	servers_write_env
	servers_start_both || return 1
	servers_take_tokens
	servers_export
}

servers_load() {
	# servers_load DIR
	[ -r "$1/servers.env" ] || return 1
	. "$1/servers.env"
	servers_export
}

servers_running() {
	[ -n "${servers_dovecot_token:-}" ] &&
	[ -n "${servers_postfix_token:-}" ] &&
	[ "$(servers_python alive $servers_dovecot_token \
	    $servers_postfix_token)" = \
	    "$servers_dovecot_token $servers_postfix_token" ]
}

servers_alive() {
	# servers_alive PID...: those that still run (a zombie counts as gone)
	servers_python alive "$@"
}

servers_master() {
	# servers_master PIDFILE TOKEN: the master's pid if it still runs.
	# With a token (once started) only that very process counts; without
	# (during the start) the pid file is fresh and is trusted.
	if [ -n "$2" ]; then
		[ -n "$(servers_python alive "$2")" ] && echo "${2%%:*}"
	else
		servers_pidfile_pid "$1"
	fi
}

servers_pids() {
	_roots="$(servers_master "$(servers_dovecot_pidfile)" \
	    "${servers_dovecot_token:-}") $(servers_master \
	    "$(servers_postfix_pidfile)" "${servers_postfix_token:-}")"
	[ -n "${_roots# }" ] || return 0
	servers_python tree $_roots | tr ' ' '\n' | sed 's/:.*//'
}

servers_stop_one() {
	# servers_stop_one PIDFILE TOKEN: TERM the master, wait for all of
	# its processes to end, KILL what is left after 15 s.
	_m=$(servers_master "$1" "$2")
	_rc=0
	if [ -n "$_m" ]; then
		_tokens=$(servers_python tree "$_m")
		[ -z "$_tokens" ] || servers_python stop 15 $_tokens
		_rc=$?
	fi
	rm -f "$1"
	return $_rc
}

servers_stop_pids() {
	_src=0
	[ -n "${servers_base:-}" ] || return 0
	servers_stop_one "$(servers_postfix_pidfile)" \
	    "${servers_postfix_token:-}" &
	_ppid=$!
	servers_stop_one "$(servers_dovecot_pidfile)" \
	    "${servers_dovecot_token:-}" || _src=1
	wait $_ppid || _src=1
	return $_src
}

servers_stop() {
	[ -n "${TERN_TEST_DIR:-}" ] && [ -n "${servers_base:-}" ] || return 0
	[ -z "${servers_watchdog:-}" ] || kill "$servers_watchdog" 2>/dev/null
	servers_watchdog=
	servers_stop_pids
	_rc=$?
	servers_dovecot_token= servers_postfix_token=
	[ ! -d "$TERN_TEST_DIR" ] || servers_write_env
	case $servers_base in
	"$TERN_TEST_DIR"/*) ;;
	/tmp/tern-??????) rm -rf "$servers_base" ;;
	esac
	return $_rc
}

servers_restart_dovecot() {
	servers_stop_one "$(servers_dovecot_pidfile)" \
	    "${servers_dovecot_token:-}" || return 1
	servers_dovecot_token=
	servers_start_dovecot || return 1
	servers_take_tokens
}

servers_stop_dovecot() {
	servers_stop_one "$(servers_dovecot_pidfile)" \
	    "${servers_dovecot_token:-}" || return 1
	servers_dovecot_token=
}

servers_start_dovecot_again() {
	servers_start_dovecot || return 1
	servers_take_tokens
}

servers_stop_postfix() {
	servers_stop_one "$(servers_postfix_pidfile)" \
	    "${servers_postfix_token:-}" || return 1
	servers_postfix_token=
}

servers_start_postfix_again() {
	servers_start_postfix || return 1
	servers_take_tokens
}

servers_use_cert() {
	# servers_use_cert CERT KEY
	servers_cert=$1 servers_key=$2
	servers_write_env
	servers_restart_dovecot || return 1
	servers_postfix_config || return 1
	_m=$(servers_master "$(servers_postfix_pidfile)" \
	    "${servers_postfix_token:-}") && [ -n "$_m" ] && kill -HUP "$_m"
}

servers_count() {
	# servers_count MAILDIR: messages in new/ and cur/
	find "$1/new" "$1/cur" -type f 2>/dev/null | wc -l
}

servers_wait_delivered() {
	# servers_wait_delivered USER N [SECONDS]
	eval "_md=\$TERN_TEST_MAILDIR_$(servers_upper "$1")"
	_left=$(( ${3:-15} * 10 ))
	while [ "$(servers_count "$_md")" -lt "$2" ]; do
		if [ $_left -le 0 ]; then
			servers_log "$1 has $(servers_count "$_md") of $2 messages;" \
			    "Postfix log:"
			tail -n 20 "$TERN_TEST_POSTFIX_LOG" >&2
			return 1
		fi
		_left=$((_left - 1))
		sleep 0.1
	done
}

servers_test_start() {
	# For a TAP test: skip unless the servers can run, else start them
	# under $T/srv; the EXIT trap of tap_tmpdir stops them, and a watchdog
	# does so too should this shell die by SIGKILL.
	servers_check || skip_all "$servers_skip_reason"
	[ -n "${T:-}" ] || tap_tmpdir
	chmod 0711 "$T"
	tap_cleanup_hooks="$tap_cleanup_hooks servers_stop"
	servers_start "$T/srv" || { echo "Bail out! cannot start the servers"; exit 1; }
	servers_watch $$
}

servers_watch() {
	# servers_watch PID: stop the servers once PID is gone.
	(
		trap '' INT HUP
		trap 'exit 0' TERM
		while kill -0 "$1" 2>/dev/null; do sleep 1; done
		servers_stop
	) </dev/null >/dev/null 2>&1 &
	servers_watchdog=$!
}
