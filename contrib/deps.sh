# What tern needs to build and test, installed on Debian 12 when missing.
# Sourced by contrib/check and contrib/try (bash). deps_install uses sudo
# for apt-get when not run as root.

deps_packages="build-essential autoconf automake autopoint libtool
pkg-config gettext libncurses-dev libssl-dev libetpan-dev libnotmuch-dev
notmuch libgmime-3.0-dev libxml2-dev libmagic-dev libsasl2-modules
dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix openssl python3
tmux ca-certificates clang-format"

deps_missing() {
	# The packages of deps_packages that are not installed, one a line.
	local p
	for p in $deps_packages; do
		dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null |
		    grep -qx installed || echo "$p"
	done
}

deps_sudo() {
	# Run a command as root: directly, or through sudo.
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "deps: need root for: $*; run as root or install sudo" >&2
		return 1
	fi
}

deps_apt() {
	# deps_apt PACKAGE...: apt-get update and install, with the Debian
	# services of dovecot and postfix kept from starting: a policy-rc.d
	# that says no, for the duration of the install only.
	local policy=/usr/sbin/policy-rc.d made=0 rc old_trap
	old_trap=$(trap -p EXIT)
	if [ ! -e "$policy" ]; then
		deps_sudo sh -c "printf '#!/bin/sh\nexit 101\n' >$policy &&
		    chmod 0755 $policy" || return 1
		made=1
		trap "deps_sudo rm -f $policy" EXIT
		trap 'exit 1' INT TERM HUP
	fi
	echo 'postfix postfix/main_mailer_type select No configuration' |
	    deps_sudo debconf-set-selections &&
	deps_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
	deps_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends "$@"
	rc=$?
	if [ $made -eq 1 ]; then
		deps_sudo rm -f "$policy"
		trap - EXIT INT TERM HUP
		eval "$old_trap"
	fi
	return $rc
}

deps_install() {
	local missing
	if ! command -v dpkg-query >/dev/null 2>&1 ||
	    ! command -v apt-get >/dev/null 2>&1; then
		echo "deps: not a Debian system; make sure these are installed:" \
		    $deps_packages >&2
		return 0
	fi
	missing=$(deps_missing)
	[ -n "$missing" ] || return 0
	echo "deps: installing" $missing
	deps_apt $missing || {
		echo "deps: installing packages failed" >&2
		return 1
	}
	missing=$(deps_missing)
	[ -z "$missing" ] || {
		echo "deps: still missing after the install:" $missing >&2
		return 1
	}
}
