#!/usr/bin/env python3
"""Small helpers for tests/harness/servers.sh.

  netutil.py ports N             print N distinct free TCP ports of 127.0.0.1
  netutil.py busy PORT...        print those PORTs of 127.0.0.1 that some
                                 process holds (cannot be bound now)
  netutil.py wait SECONDS PORT.. exit 0 once every port of 127.0.0.1 accepts
                                 a connection, 1 when SECONDS have passed
  netutil.py tree PID...         print each PID and all its descendants
                                 as "pid:starttime" tokens
  netutil.py stop SECONDS TOKEN.. send SIGTERM to the first process (the
                                 master), after 1.5 s to all listed that are
                                 left, after SECONDS more SIGKILL; return
                                 once all are gone. A token whose start
                                 time no longer matches is a different
                                 process and is left alone.
  netutil.py alive PID|TOKEN...  print those that still run (zombies count
                                 as gone; a token also needs its start
                                 time to match)
  netutil.py enter PATH USER...  exit 0 when every USER may enter directory
                                 PATH (all directories on the way
                                 searchable), else print who cannot and
                                 exit 1; needs root
"""
import os
import pwd
import signal
import socket
import sys
import time


def free_ports(n):
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def busy(ports):
    out = []
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            out.append(str(port))
        finally:
            s.close()
    return out


def accepting(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_ports(seconds, ports):
    deadline = time.monotonic() + seconds
    pending = list(ports)
    while pending:
        pending = [p for p in pending if not accepting(p)]
        if not pending:
            break
        if time.monotonic() > deadline:
            print("ports not accepting: %s" % " ".join(map(str, pending)),
                  file=sys.stderr)
            return 1
        time.sleep(0.05)
    return 0


def stat(pid):
    """(ppid, starttime) of pid, or None when it is gone or a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rindex(")") + 2:].split()
    if fields[0] == "Z":
        return None
    return int(fields[1]), fields[19]


def tree(roots):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = stat(int(name))
            if st:
                children.setdefault(st[0], []).append(int(name))
    out, todo = [], list(roots)
    while todo:
        pid = todo.pop(0)
        st = stat(pid)
        if st is None:
            continue
        out.append("%d:%s" % (pid, st[1]))
        todo.extend(children.get(pid, []))
    return out


def alive(token):
    pid, _, start = token.partition(":")
    st = stat(int(pid))
    return st is not None and (not start or st[1] == start)


def signal_all(tokens, sig):
    for t in tokens:
        try:
            os.kill(int(t.split(":")[0]), sig)
        except OSError:
            pass


def wait_gone(tokens, seconds):
    deadline = time.monotonic() + seconds
    while True:
        tokens = [t for t in tokens if alive(t)]
        if not tokens or time.monotonic() > deadline:
            return tokens
        time.sleep(0.05)


def stop(seconds, tokens):
    """The master first, so that it stops its children in order; then
    SIGTERM to every child left (an idle Dovecot lmtp process outlives its
    master by half a minute otherwise); SIGKILL at the end."""
    tokens = [t for t in tokens if alive(t)]
    signal_all(tokens[:1], signal.SIGTERM)
    tokens = wait_gone(tokens, min(1.5, seconds))
    signal_all(tokens, signal.SIGTERM)
    tokens = wait_gone(tokens, seconds)
    signal_all(tokens, signal.SIGKILL)
    left = wait_gone(tokens, 1)
    if left:
        print("still running: %s" % " ".join(left), file=sys.stderr)
        return 1
    return 0


def can_enter(user, path):
    pw = pwd.getpwnam(user)
    child = os.fork()
    if child == 0:
        try:
            os.setgroups([])
            os.setgid(pw.pw_gid)
            os.setuid(pw.pw_uid)
            os._exit(0 if os.access(path, os.X_OK) else 1)
        except BaseException:
            os._exit(2)
    return os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])


def main(argv):
    if len(argv) >= 2 and argv[0] == "ports":
        print(" ".join(map(str, free_ports(int(argv[1])))))
        return 0
    if len(argv) >= 1 and argv[0] == "busy":
        print(" ".join(busy([int(p) for p in argv[1:]])))
        return 0
    if len(argv) >= 2 and argv[0] == "wait":
        return wait_ports(float(argv[1]), [int(p) for p in argv[2:]])
    if len(argv) >= 1 and argv[0] == "tree":
        print(" ".join(tree([int(p) for p in argv[1:]])))
        return 0
    if len(argv) >= 2 and argv[0] == "stop":
        return stop(float(argv[1]), argv[2:])
    if len(argv) >= 1 and argv[0] == "alive":
        print(" ".join(t for t in argv[1:] if alive(t)))
        return 0
    if len(argv) >= 3 and argv[0] == "enter":
        denied = [u for u in argv[2:] if can_enter(u, argv[1]) != 0]
        if denied:
            print(" ".join(denied))
        return 1 if denied else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
