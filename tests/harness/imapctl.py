#!/usr/bin/env python3
"""Change and inspect a test user's mailbox on the harness Dovecot over
IMAPS, with Python's imaplib, as "another device" would: independent of
tern's own IMAP code.

  imapctl.py USER COMMAND [ARGS...]

Commands (a message is named by its Subject, exactly):
  append MAILBOX SUBJECT [FLAGS]   add a small message ("\\Seen \\Flagged")
  appendfile MAILBOX FILE          add FILE as it is
  fill MAILBOX N [PREFIX]          add N small messages PREFIX 1 .. PREFIX N
  flags MAILBOX                    "SUBJECT<TAB>FLAGS" per message, sorted
  subjects MAILBOX                 the subjects, sorted, one per line
  count MAILBOX                    number of messages
  store MAILBOX SUBJECT +|-FLAGS   change flags ("+\\Flagged")
  move MAILBOX SUBJECT DEST        UID MOVE
  expunge MAILBOX SUBJECT          \\Deleted and UID EXPUNGE
  create MAILBOX / delete MAILBOX  CREATE / DELETE
  list                             the mailboxes, sorted
  uidvalidity MAILBOX              its UIDVALIDITY

  imapctl.py USER -                read one command per line from stdin
                                   (words split as the shell does), all
                                   over one connection

  imapctl.py local FOLDER...       like "flags", for local Maildir
                                   folders of tern's (flags from the file
                                   names), to compare with the server

Port $TERN_TEST_IMAPS_PORT, CA $TERN_TEST_CA, password
$TERN_TEST_PASSWORD_<USER>. Errors go to stderr, exit status 1.
"""
import base64
import email
import email.policy
import imaplib
import os
import re
import shlex
import ssl
import sys


def connect(user):
    ctx = ssl.create_default_context(cafile=os.environ["TERN_TEST_CA"])
    m = imaplib.IMAP4_SSL("127.0.0.1", int(os.environ["TERN_TEST_IMAPS_PORT"]),
                          ssl_context=ctx)
    m.login(user, os.environ["TERN_TEST_PASSWORD_" + user.upper()])
    return m


def mutf7(name):
    """RFC 3501 modified UTF-7."""
    out, run = [], []

    def flush():
        if run:
            b = "".join(run).encode("utf-16-be")
            out.append("&" + base64.b64encode(b).decode().rstrip("=")
                       .replace("/", ",") + "-")
            run.clear()
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7e:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return "".join(out)


def q(name):
    name = mutf7(name)
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def check(res, what):
    typ, data = res
    if typ != "OK":
        raise SystemExit("imapctl: %s: %s %r" % (what, typ, data))
    return data


def message(subject):
    return ("From: Other Device <other@tern.test>\r\n"
            "To: someone@tern.test\r\n"
            "Subject: %s\r\n"
            "Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
            "Message-ID: <%s@imapctl.tern.test>\r\n"
            "\r\n"
            "Body of %s.\r\n" % (subject, re.sub(r"[^A-Za-z0-9]", "-",
                                               subject), subject)).encode()


def messages(m, mailbox):
    """(uid, subject, flags) of every message."""
    check(m.select(q(mailbox)), "select " + mailbox)
    data = check(m.uid("FETCH", "1:*",
                       "(UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])"),
                 "fetch")
    out = []
    for item in data:
        if not isinstance(item, tuple):
            continue
        meta = item[0].decode()
        uid = int(re.search(r"UID (\d+)", meta).group(1))
        flags = re.search(r"FLAGS \(([^)]*)\)", meta).group(1)
        hdr = email.message_from_bytes(item[1], policy=email.policy.default)
        out.append((uid, str(hdr["subject"] or ""), flags))
    return out


def uid_of(m, mailbox, subject):
    for uid, subj, _ in messages(m, mailbox):
        if subj == subject:
            return uid
    raise SystemExit("imapctl: no message '%s' in %s" % (subject, mailbox))


LETTERS = {"D": "\\Draft", "F": "\\Flagged", "P": "$Forwarded",
           "R": "\\Answered", "S": "\\Seen", "T": "\\Deleted"}


def local(folder):
    out = []
    for sub in ("cur", "new"):
        d = os.path.join(folder, sub)
        if not os.path.isdir(d):
            continue
        for name in os.listdir(d):
            with open(os.path.join(d, name), "rb") as f:
                hdr = email.message_from_binary_file(
                    f, policy=email.policy.default)
            letters = name.split(":2,", 1)[1] if ":2," in name else ""
            flags = sorted(LETTERS[c] for c in letters if c in LETTERS)
            out.append("%s\t%s" % (hdr["subject"] or "", " ".join(flags)))
    for line in sorted(out):
        print(line)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    if argv[0] == "local":
        for folder in argv[1:]:
            local(folder)
        return
    m = connect(argv[0])
    if argv[1] == "-":
        for line in sys.stdin:
            words = shlex.split(line)
            if words:
                run(m, words[0], words[1:])
    else:
        run(m, argv[1], argv[2:])
    m.logout()


def run(m, cmd, args):
    if cmd == "append":
        flags = "(%s)" % args[2] if len(args) > 2 else None
        check(m.append(q(args[0]), flags, None, message(args[1])), "append")
    elif cmd == "appendfile":
        with open(args[1], "rb") as f:
            data = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        check(m.append(q(args[0]), None, None, data), "append")
    elif cmd == "fill":
        prefix = args[2] if len(args) > 2 else "Message"
        for i in range(1, int(args[1]) + 1):
            check(m.append(q(args[0]), None, None,
                           message("%s %d" % (prefix, i))), "append")
    elif cmd == "flags":
        for _, subj, flags in sorted(messages(m, args[0]),
                                     key=lambda x: x[1]):
            flags = [f for f in flags.split() if f != "\\Recent"]
            print("%s\t%s" % (subj, " ".join(sorted(flags))))
    elif cmd == "subjects":
        for subj in sorted(s for _, s, _ in messages(m, args[0])):
            print(subj)
    elif cmd == "count":
        print(len(messages(m, args[0])))
    elif cmd == "store":
        uid = uid_of(m, args[0], args[1])
        sign, flags = args[2][0], args[2][1:]
        check(m.uid("STORE", str(uid), sign + "FLAGS", "(%s)" % flags),
              "store")
    elif cmd == "move":
        uid = uid_of(m, args[0], args[1])
        check(m.uid("MOVE", str(uid), q(args[2])), "move")
    elif cmd == "expunge":
        uid = uid_of(m, args[0], args[1])
        check(m.uid("STORE", str(uid), "+FLAGS", "(\\Deleted)"), "store")
        check(m.uid("EXPUNGE", str(uid)), "expunge")
    elif cmd == "create":
        check(m.create(q(args[0])), "create")
    elif cmd == "delete":
        check(m.delete(q(args[0])), "delete")
    elif cmd == "list":
        names = []
        for line in check(m.list(), "list"):
            names.append(re.match(rb'\(.*?\) (?:"."|NIL) (.*)$',
                                  line).group(1).decode().strip('"'))
        print("\n".join(sorted(names)))
    elif cmd == "uidvalidity":
        data = check(m.status(q(args[0]), "(UIDVALIDITY)"), "status")
        print(re.search(rb"UIDVALIDITY (\d+)", data[0]).group(1).decode())
    else:
        raise SystemExit("imapctl: unknown command " + cmd)
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
