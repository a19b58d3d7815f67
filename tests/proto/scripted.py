#!/usr/bin/env python3
"""A scripted IMAP or POP3 server: just enough IMAP4rev1 for libetpan's
client, or POP3 for tern's own (and so for tern sync), and one
misbehaviour at a point the script names. Standard library only.

  scripted.py PORT SCRIPT READY LOG

Listens on 127.0.0.1:PORT, then writes its process id to the file READY
(written whole, then renamed into place). Each connection is served in a
thread of its own by the script, a JSON object in the file SCRIPT, read
afresh for every connection: a test changes the server's behaviour
between two runs of the client by renaming a new script over the old one.
Every line received is appended to LOG as "N C: LINE" and every line sent
as "N S: LINE", where N numbers the connections from 1 (the data of a
message literal shows as "[SIZE bytes]", long lines are cut at 200
characters, bytes that are not printable ASCII are escaped); "N -:" lines
say when a connection opens and closes, and "N !:" lines report an error
in the script.

Script keys, all optional:

  "capabilities"  what the greeting and CAPABILITY offer; default
                  "IMAP4rev1 AUTH=PLAIN SASL-IR" (no CONDSTORE or
                  QRESYNC, so the client takes the simple path)
  "folders"       the names LIST returns; default ["INBOX"]. Folders
                  other than INBOX are empty.
  "messages"      how many messages INBOX holds, UIDs 1..N; default 3.
                  Message N has the Message-ID <msgN@tern.test>, the
                  subject "Message N" and no flags.
  "uidvalidity"   default 1
  "status"        true: STATUS is answered (UIDVALIDITY, UIDNEXT,
                  MESSAGES, HIGHESTMODSEQ 1); default false: it is BAD
  "fault"         the misbehaviour, played once per connection:
                    "drop-in-literal"  a FETCH response whose literal
                                       announces 100000 bytes; 500 of
                                       them are sent, then the connection
                                       is closed
                    "bye"              "* BYE going down", then close
                    "no"               the tagged reply is "TAG NO
                                       [SERVERBUG] fetch failed" (the
                                       text after the code is "text")
                    "garbage"          the line "* 12 FROBNICATE ((((",
                                       then the rest of the reply
                    "junk"             a line of binary junk (NUL, high
                                       bytes, escape sequences), then the
                                       rest of the reply
                    "hang"             nothing more is sent; what comes is
                                       read and logged until the client
                                       closes
                    "close"            close the connection without a word
                    "inject"           for STARTTLS: "TAG OK Begin TLS
                                       now" and "* OK injected" in one
                                       write, then wait for the client to
                                       close
                    "interleave"       for STATUS: the next command (a
                                       LIST) is read first and its LIST
                                       lines sent, then the STATUS data
                                       and OK, then the LIST's OK (RFC
                                       3501 lets a server interleave the
                                       replies of pipelined commands)
  "on"            the command the fault answers (default "bodies"):
                    "greeting" (instead of the greeting), "capability",
                    "starttls", "authenticate", "login", "list", "select",
                    "flags" (UID FETCH of UID and FLAGS only), "listing"
                    (UID FETCH with RFC822.SIZE), "bodies" (UID FETCH with
                    BODY.PEEK[] or BODY[]), "noop", "logout", "status"
  "count"         the fault answers the count-th such command of the
                  connection; default 1
  "after"         in a FETCH reply: how many FETCH responses go out whole
                  before the fault; default 0
  "text"          the text of a "no" reply; default "fetch failed"

Without a fault, STARTTLS is answered NO (this server has no TLS).
Other commands: NOOP, LOGOUT, ENABLE, IDLE (until DONE), CREATE, APPEND,
UID STORE, EXPUNGE, UID EXPUNGE answer OK and change nothing.

POP3 (RFC 1939, with CAPA and AUTH PLAIN) is spoken when the script has
"protocol": "pop3". Unlike the IMAP mode, it keeps mailboxes across
connections, in the server process: DELE marks a message, and a QUIT
answered +OK removes the marked messages for good, as a real server
does; a connection that ends in any other way (no QUIT, a QUIT the fault
answers) removes nothing. The log shows each session's mailbox as
"N =: mailbox NAME holds [K ...]" before the greeting, and again (with
what went) when a QUIT removes messages, before its +OK. The data of a
message shows as "[message K, SIZE bytes]". POP3 script keys, all
optional:

  "mailbox"       the name of the mailbox; default "inbox". A new name
                  is a fresh mailbox (so a test starts afresh by naming
                  one it has not used)
  "messages"      messages 1..N belong to the mailbox, less those a QUIT
                  removed; default 3, so raising N delivers new ones.
                  Message K has the UIDL "NAME.K", the Message-ID
                  <msgK@tern.test> and the subject "Message K", and two
                  lines that start with a dot (byte-stuffed on the wire)
  "numbers"       the message numbers the session gives, in order,
                  instead of 1, 2, ...; the list is continued by one
                  each (so [1, 3] puts a gap at 2). RETR, LIST and DELE
                  take these numbers
  "capa"          the lines of the CAPA answer; default ["USER", "UIDL",
                  "SASL PLAIN"]. null: CAPA is answered -ERR (an old
                  server)
  "user", "password"  the credentials accepted (USER/PASS or AUTH PLAIN);
                  default "bob" and "secret"
  "fault"         the misbehaviour, played once per connection:
                    "err"       "-ERR TEXT" instead of the answer (for
                                the greeting: then close); a QUIT so
                                answered removes nothing
                    "close"     close the connection without a word (a
                                QUIT so answered removes nothing)
                    "hang"      nothing more is sent (a listing: after
                                "after" entries; RETR: after half of the
                                message); what comes is read and logged
                                until the client closes
                    "drop"      as "hang", but close the connection
                                instead of waiting (QUIT: remove the
                                marked messages, then close unanswered)
                    "no-dot"    a listing or message whole but for its
                                terminating ".", then close
                    "zero"      UIDL or LIST: the entry after "after"
                                entries has the number 0
                    "long"      UIDL or LIST: the entry after "after"
                                entries is a line of 5000 bytes
                    "flood"     UIDL or LIST: the entry after "after"
                                entries, or RETR: an extra first line of
                                the message, or any one-line answer
                                (DELE, QUIT, ...): "+OK " and more, goes
                                on for "bytes" bytes (in chunks of 64
                                KiB) before its CRLF, as long as the
                                client takes them; the log says how many
                                went out
                    "dup-uidl"  UIDL: the entry after "after" entries
                                (1 or more) has the UIDL of the one
                                before
                    "junk"      a line of binary junk (NUL, high bytes,
                                escape sequences) instead of a one-line
                                answer
                    "inject"    STLS: "+OK begin TLS" and "+OK injected"
                                in one write, then wait for the client
                                to close
  "on"            the command the fault answers (default "retr"):
                    "greeting", "capa", "stls", "auth", "user", "pass",
                    "stat", "uidl", "list", "retr", "dele", "quit"
  "count"         the fault answers the count-th such command of the
                  connection; default 1
  "after"         in a UIDL or LIST answer: how many entries go out
                  whole before the fault; default 0
  "text"          the text of an "err" answer; default "scripted
                  failure"
  "bytes"         the length of a "flood" line; default 64 MiB
  "trickle"       true: every answer to RETR (its status line, the
                  message and the final ".") goes out one byte at a
                  time, each in a TCP segment of its own a millisecond
                  after the one before, so that the client gets the
                  answer split at every byte

STLS is answered -ERR (no TLS here); NOOP and RSET work, TOP and other
commands are answered -ERR.
"""
import base64
import json
import os
import re
import socket
import sys
import threading
import time

DEFAULT_CAPS = "IMAP4rev1 AUTH=PLAIN SASL-IR"
FAULTS = ("drop-in-literal", "bye", "no", "garbage", "junk", "hang", "close",
          "inject", "interleave")
POINTS = ("greeting", "capability", "starttls", "authenticate", "login",
          "list", "select", "flags", "listing", "bodies", "noop", "logout",
          "status")
JUNK = b"\x00\xff\xfe\x80\x1b[31m\x07 junk \xc3\x28 ) ( {7}\x00"


class Closed(Exception):
    """The connection is over (the client left, or the script says so)."""


class Log:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def write(self, conn, who, data):
        lines = data.split(b"\r\n")
        if lines and lines[-1] == b"":
            lines.pop()
        with self.lock, open(self.path, "ab") as f:
            for line in lines:
                text = line[:200].decode("ascii", "backslashreplace")
                text = "".join(c if " " <= c <= "~" else
                               "\\x%02x" % ord(c) for c in text)
                f.write(("%d %s: %s%s\n" % (conn, who, text,
                         " ..." if len(line) > 200 else "")).encode())


def message(uid):
    text = ("From: Sender %d <sender%d@tern.test>\r\n"
            "To: Alice <alice@tern.test>\r\n"
            "Subject: Message %d\r\n"
            "Date: Mon, %d Jan 2024 10:00:00 +0000\r\n"
            "Message-ID: <msg%d@tern.test>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=us-ascii\r\n"
            "\r\n" % (uid, uid, uid, min(uid, 28), uid))
    for i in range(20):
        text += "Line %d of message %d, some words to fill it.\r\n" % (i, uid)
    return text.encode()


def quote(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


class Session:
    def __init__(self, sock, num, script, log):
        self.sock = sock
        self.num = num
        self.log = log
        self.caps = script.get("capabilities", DEFAULT_CAPS)
        self.folders = script.get("folders", ["INBOX"])
        self.uids = list(range(1, int(script.get("messages", 3)) + 1))
        self.uidvalidity = int(script.get("uidvalidity", 1))
        self.fault = script.get("fault")
        self.on = script.get("on", "bodies")
        self.count = int(script.get("count", 1))
        self.after = int(script.get("after", 0))
        self.text = script.get("text", "fetch failed")
        self.status = bool(script.get("status", False))
        if self.fault is not None and self.fault not in FAULTS:
            raise ValueError("unknown fault %r" % self.fault)
        if self.on not in POINTS:
            raise ValueError("unknown point %r" % self.on)
        self.seen = {}
        self.selected = None
        self.buf = b""

    # ---- the wire ----

    def send(self, data, literal=b"", tail=b""):
        """Send data, then literal (logged by its size only), then tail."""
        if isinstance(data, str):
            data = data.encode()
        self.log.write(self.num, "S", data)
        if literal:
            self.log.write(self.num, "S", b"[%d bytes]" % len(literal))
            self.log.write(self.num, "S", tail)
            data += literal + tail
        try:
            self.sock.sendall(data)
        except OSError:
            raise Closed()

    def recv_more(self):
        try:
            d = self.sock.recv(65536)
        except OSError:
            d = b""
        if not d:
            raise Closed()
        self.buf += d

    def read_line(self):
        """One command line, with any literals it carries."""
        while b"\r\n" not in self.buf:
            self.recv_more()
        line, self.buf = self.buf.split(b"\r\n", 1)
        self.log.write(self.num, "C", line)
        m = re.search(rb"\{(\d+)(\+?)\}$", line)
        if not m:
            return line.decode("utf-8", "replace")
        if not m.group(2):
            self.send("+ go ahead\r\n")
        n = int(m.group(1))
        while len(self.buf) < n:
            self.recv_more()
        self.buf = self.buf[n:]
        return line.decode("utf-8", "replace") + " " + self.read_line()

    def drain(self):
        """Answer nothing more; read until the client goes."""
        while True:
            self.buf = b""
            self.recv_more()
            self.log.write(self.num, "C", self.buf)

    # ---- faults ----

    def due(self, point):
        """Whether the fault happens at this command of kind point."""
        if self.fault is None or point != self.on:
            return False
        self.seen[point] = self.seen.get(point, 0) + 1
        return self.seen[point] == self.count

    def play(self, tag):
        """Play the fault. Returns when the reply goes on as usual."""
        f = self.fault
        self.fault = None  # once
        if f == "drop-in-literal":
            uid = self.uids[-1] if self.uids else 1
            self.send("* %d FETCH (UID %d FLAGS () BODY[] {100000}\r\n"
                      % (len(self.uids) or 1, uid))
            self.send(b"", (message(uid) * 10)[:500])
            raise Closed()
        if f == "bye":
            self.send("* BYE going down\r\n")
            raise Closed()
        if f == "no":
            self.send("%s NO [SERVERBUG] %s\r\n" % (tag, self.text))
            return "answered"
        if f == "garbage":
            self.send("* 12 FROBNICATE ((((\r\n")
            return None
        if f == "junk":
            self.send(JUNK + b"\r\n")
            return None
        if f == "hang":
            self.drain()
        if f == "close":
            raise Closed()
        if f == "inject":
            self.send("%s OK Begin TLS now\r\n* OK injected\r\n" % tag)
            self.drain()
        return None

    # ---- commands ----

    def run(self):
        if self.due("greeting"):
            if self.play("*") == "answered":
                raise Closed()
        self.send("* OK [CAPABILITY %s] scripted.py ready\r\n" % self.caps)
        while True:
            line = self.read_line()
            parts = line.split(" ", 2)
            if len(parts) < 2:
                self.send("* BAD no command\r\n")
                continue
            tag, verb = parts[0], parts[1].upper()
            rest = parts[2] if len(parts) > 2 else ""
            if verb == "UID":
                sub = rest.split(" ", 1)
                verb = "UID " + sub[0].upper()
                rest = sub[1] if len(sub) > 1 else ""
            handler = {
                "CAPABILITY": self.do_capability,
                "STARTTLS": self.do_starttls,
                "AUTHENTICATE": self.do_authenticate,
                "LOGIN": self.do_login,
                "LIST": self.do_list,
                "STATUS": self.do_status,
                "SELECT": self.do_select,
                "EXAMINE": self.do_select,
                "UID FETCH": self.do_uid_fetch,
                "NOOP": self.do_noop,
                "LOGOUT": self.do_logout,
                "IDLE": self.do_idle,
            }.get(verb)
            if handler is not None:
                handler(tag, rest)
            elif verb in ("ENABLE", "CREATE", "APPEND", "UID STORE",
                          "EXPUNGE", "UID EXPUNGE", "CHECK", "CLOSE"):
                self.send("%s OK %s done\r\n" % (tag, verb))
            else:
                self.send("%s BAD unknown command\r\n" % tag)

    def simple(self, point, tag, untagged, done):
        if self.due(point) and self.play(tag) == "answered":
            return
        self.send(untagged + "%s OK %s\r\n" % (tag, done))

    def do_capability(self, tag, rest):
        self.simple("capability", tag, "* CAPABILITY %s\r\n" % self.caps,
                    "CAPABILITY completed")

    def do_starttls(self, tag, rest):
        if self.due("starttls") and self.play(tag) == "answered":
            return
        self.send("%s NO no TLS here\r\n" % tag)

    def do_authenticate(self, tag, rest):
        words = rest.split()
        if len(words) < 2:
            self.send("+ \r\n")
            self.read_line()
        self.simple("authenticate", tag, "", "Logged in")

    def do_login(self, tag, rest):
        self.simple("login", tag, "", "Logged in")

    def list_lines(self):
        return "".join('* LIST (\\HasNoChildren) "/" %s\r\n' % quote(f)
                       for f in self.folders)

    def do_list(self, tag, rest):
        self.simple("list", tag, self.list_lines(), "LIST completed")

    def do_status(self, tag, rest):
        if not self.status:
            self.send("%s BAD unknown command\r\n" % tag)
            return
        name = rest.split(" ")[0].strip('"')
        if name.upper() == "INBOX":
            name = "INBOX"
        if name not in self.folders:
            self.send("%s NO [NONEXISTENT] no such folder\r\n" % tag)
            return
        uids = self.uids if name == "INBOX" else []
        data = ("* STATUS %s (UIDVALIDITY %d UIDNEXT %d MESSAGES %d "
                "HIGHESTMODSEQ 1)\r\n%s OK STATUS completed\r\n"
                % (quote(name), self.uidvalidity,
                   (uids[-1] + 1) if uids else 1, len(uids), tag))
        if self.due("status"):
            if self.fault != "interleave":
                if self.play(tag) == "answered":
                    return
                self.send(data)
                return
            self.fault = None  # once
            nxt = self.read_line().split(" ", 2)
            if len(nxt) < 2 or nxt[1].upper() != "LIST":
                raise ValueError("interleave: the next command is no LIST")
            self.send(self.list_lines())
            self.send(data)
            self.send("%s OK LIST completed\r\n" % nxt[0])
            return
        self.send(data)

    def do_select(self, tag, rest):
        name = rest.split(" ")[0].strip('"')
        if name.upper() == "INBOX":
            name = "INBOX"
        if self.due("select") and self.play(tag) == "answered":
            return
        if name not in self.folders:
            self.send("%s NO [NONEXISTENT] no such folder\r\n" % tag)
            return
        self.selected = name
        uids = self.folder_uids()
        nxt = (uids[-1] + 1) if uids else 1
        self.send("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                  "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted "
                  "\\Seen \\Draft \\*)] Flags permitted\r\n"
                  "* %d EXISTS\r\n"
                  "* 0 RECENT\r\n"
                  "* OK [UIDVALIDITY %d] UIDs valid\r\n"
                  "* OK [UIDNEXT %d] Predicted next UID\r\n"
                  "%s OK [READ-WRITE] SELECT completed\r\n"
                  % (len(uids), self.uidvalidity, nxt, tag))

    def folder_uids(self):
        return self.uids if self.selected == "INBOX" else []

    def uid_set(self, text, uids):
        top = uids[-1] if uids else 0
        out = set()
        for item in text.split(","):
            lo, _, hi = item.partition(":")
            lo = top if lo == "*" else int(lo)
            hi = lo if not hi else (top if hi == "*" else int(hi))
            lo, hi = min(lo, hi), max(lo, hi)
            out.update(u for u in uids if lo <= u <= hi)
        return sorted(out)

    def do_uid_fetch(self, tag, rest):
        if self.selected is None:
            self.send("%s BAD no folder selected\r\n" % tag)
            return
        sset, _, items = rest.partition(" ")
        up = items.upper()
        if "BODY.PEEK[]" in up or "BODY[]" in up or "RFC822)" in up:
            point = "bodies"
        elif "RFC822.SIZE" in up:
            point = "listing"
        else:
            point = "flags"
        uids = self.folder_uids()
        try:
            want = self.uid_set(sset, uids)
        except ValueError:
            self.send("%s BAD bad UID set\r\n" % tag)
            return
        fault = self.due(point)
        for i, uid in enumerate(want):
            if fault and i == self.after:
                if self.play(tag) == "answered":
                    return
                fault = False
            seq = uids.index(uid) + 1
            if point == "bodies":
                body = message(uid)
                self.send(b"* %d FETCH (UID %d FLAGS () BODY[] {%d}\r\n"
                          % (seq, uid, len(body)), body, b")\r\n")
            elif point == "listing":
                self.send("* %d FETCH (UID %d FLAGS () RFC822.SIZE %d)\r\n"
                          % (seq, uid, len(message(uid))))
            else:
                self.send("* %d FETCH (UID %d FLAGS ())\r\n" % (seq, uid))
        if fault and self.play(tag) == "answered":
            return
        self.send("%s OK UID FETCH completed\r\n" % tag)

    def do_noop(self, tag, rest):
        self.simple("noop", tag, "", "NOOP completed")

    def do_idle(self, tag, rest):
        self.send("+ idling\r\n")
        while self.read_line().upper() != "DONE":
            pass
        self.send("%s OK IDLE terminated\r\n" % tag)

    def do_logout(self, tag, rest):
        self.simple("logout", tag, "* BYE logging out\r\n",
                    "LOGOUT completed")
        raise Closed()


# ---- POP3 ----

POP3_FAULTS = ("err", "close", "hang", "drop", "no-dot", "zero", "long",
               "flood", "dup-uidl", "inject", "junk")
POP3_POINTS = ("greeting", "capa", "stls", "auth", "user", "pass", "stat",
               "uidl", "list", "retr", "dele", "quit")
POP3_CAPA = ["USER", "UIDL", "SASL PLAIN"]

# The POP3 mailboxes: name -> the set of messages a QUIT removed.
MAILBOXES = {}
MAILBOXES_LOCK = threading.Lock()


def pop3_message(k):
    """Message k as POP3 serves it: with lines that start with a dot."""
    return message(k) + (".A line that starts with a dot.\r\n"
                         "..And one with two.\r\n").encode()


def stuffed(data):
    """data with CRLF line ends, byte-stuffed (RFC 1939, 3)."""
    return b"".join(b"." + line if line.startswith(b".") else line
                    for line in data.splitlines(True))


class Pop3Session(Session):
    def __init__(self, sock, num, script, log):
        self.sock = sock
        self.num = num
        self.log = log
        self.box = str(script.get("mailbox", "inbox"))
        self.caps = script.get("capa", POP3_CAPA)
        self.user = script.get("user", "bob")
        self.password = script.get("password", "secret")
        self.fault = script.get("fault")
        self.on = script.get("on", "retr")
        self.count = int(script.get("count", 1))
        self.after = int(script.get("after", 0))
        self.text = script.get("text", "scripted failure")
        self.bytes = int(script.get("bytes", 64 << 20))
        self.trickle = bool(script.get("trickle", False))
        if self.fault is not None and self.fault not in POP3_FAULTS:
            raise ValueError("unknown fault %r" % self.fault)
        if self.on not in POP3_POINTS:
            raise ValueError("unknown point %r" % self.on)
        n = int(script.get("messages", 3))
        with MAILBOXES_LOCK:
            gone = MAILBOXES.setdefault(self.box, set())
            keys = [k for k in range(1, n + 1) if k not in gone]
        nums = [int(x) for x in script.get("numbers", [])][:len(keys)]
        while len(nums) < len(keys):
            nums.append(nums[-1] + 1 if nums else 1)
        self.msgs = list(zip(nums, keys))  # (number, message), in order
        self.marked = set()  # messages DELE marked
        self.authed = False
        self.given = None  # the name USER gave
        self.seen = {}
        self.buf = b""

    def read_line(self):
        while b"\r\n" not in self.buf:
            self.recv_more()
        line, self.buf = self.buf.split(b"\r\n", 1)
        self.log.write(self.num, "C", line)
        return line.decode("utf-8", "replace")

    def holds(self, note=""):
        with MAILBOXES_LOCK:
            gone = MAILBOXES[self.box]
            keys = [k for _, k in self.msgs if k not in gone]
        self.log.write(self.num, "=", ("mailbox %s holds [%s]%s" % (
            self.box, " ".join(map(str, keys)), note)).encode())

    def uidl(self, k):
        return "%s.%d" % (self.box, k)

    def lookup(self, arg):
        """The message that number arg names, or None."""
        for n, k in self.msgs:
            if str(n) == arg and k not in self.marked:
                return k
        return None

    def live(self):
        return [(n, k) for n, k in self.msgs if k not in self.marked]

    # ---- faults ----

    def fault_now(self, point):
        """The fault to play at this command of kind point, or None."""
        if not self.due(point):
            return None
        f = self.fault
        self.fault = None  # once
        return f

    def single(self, f):
        """Play fault f on a one-line answer; True when it answered."""
        if f == "err":
            self.send("-ERR %s\r\n" % self.text)
            return True
        if f in ("close", "drop"):
            raise Closed()
        if f == "hang":
            self.drain()
        if f == "flood":
            self.flood("+OK ")
            return True
        if f == "junk":
            self.send(JUNK + b"\r\n")
            return True
        return False

    def multi(self, point, head, lines):
        """+OK head, then lines (str, without CRLF) and ".", unless the
        fault has this command go otherwise."""
        f = self.fault_now(point)
        if f in ("err", "close"):
            self.single(f)
            return
        if f in ("zero", "long", "dup-uidl") and self.after < len(lines):
            i = self.after
            num, _, rest = lines[i].partition(" ")
            if f == "zero":
                lines[i] = "0 " + rest
            elif f == "long":
                lines[i] = num + " " + "x" * (4998 - len(num))
            elif i > 0:
                lines[i] = num + " " + lines[i - 1].partition(" ")[2]
        if f == "flood":
            self.send("+OK %s\r\n" % head + "".join(
                l + "\r\n" for l in lines[:self.after]))
            self.flood(lines[self.after].partition(" ")[0] + " "
                       if self.after < len(lines) else "")
            lines = lines[self.after + 1:]
            head = None
        if f in ("hang", "drop"):
            lines = lines[:self.after]
        out = "" if head is None else "+OK %s\r\n" % head
        out += "".join(l + "\r\n" for l in lines)
        if f not in ("hang", "drop", "no-dot"):
            out += ".\r\n"
        self.send(out)
        if f == "hang":
            self.drain()
        if f in ("drop", "no-dot"):
            raise Closed()

    def flood(self, start):
        """A line: start, then "x" up to self.bytes bytes, then CRLF."""
        sent = len(start)
        chunk = b"x" * 65536
        try:
            self.sock.sendall(start.encode())
            while sent < self.bytes:
                n = min(len(chunk), self.bytes - sent)
                self.sock.sendall(chunk[:n])
                sent += n
            self.sock.sendall(b"\r\n")
        except OSError:
            self.log.write(self.num, "S", b"[a line of %d bytes, cut "
                           b"short: the client left]" % sent)
            raise Closed()
        self.log.write(self.num, "S", b"[a line of %d bytes]" % sent)

    def dribble(self, data):
        """Send data a byte at a time, a segment each."""
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(len(data)):
            self.sock.sendall(data[i:i + 1])
            time.sleep(0.001)

    # ---- commands ----

    def run(self):
        self.holds()
        f = self.fault_now("greeting")
        if f is not None:
            if self.single(f):
                raise Closed()
        self.send("+OK scripted.py POP3 ready\r\n")
        while True:
            line = self.read_line()
            verb, _, rest = line.partition(" ")
            verb = verb.upper()
            open_ = {
                "CAPA": self.do_capa,
                "AUTH": self.do_auth,
                "USER": self.do_user,
                "PASS": self.do_pass,
                "STLS": self.do_stls,
                "QUIT": self.do_quit,
            }
            authed = {
                "STAT": self.do_stat,
                "UIDL": self.do_uidl,
                "LIST": self.do_list,
                "RETR": self.do_retr,
                "DELE": self.do_dele,
                "RSET": self.do_rset,
                "NOOP": self.do_noop,
            }
            if verb in open_:
                open_[verb](rest)
            elif verb in authed and self.authed:
                authed[verb](rest)
            elif verb in authed:
                self.send("-ERR log in first\r\n")
            else:
                self.send("-ERR unknown command\r\n")

    def do_capa(self, rest):
        if self.caps is None:
            f = self.fault_now("capa")
            if f is None or not self.single(f):
                self.send("-ERR no CAPA here\r\n")
            return
        self.multi("capa", "capability list follows", list(self.caps))

    def do_stls(self, rest):
        f = self.fault_now("stls")
        if f == "inject":
            self.send("+OK begin TLS\r\n+OK injected\r\n")
            self.drain()
        if f is None or not self.single(f):
            self.send("-ERR no TLS here\r\n")

    def login(self, point, ok):
        f = self.fault_now(point)
        if f is not None and self.single(f):
            return
        if not ok:
            self.send("-ERR [AUTH] invalid user name or password\r\n")
            return
        self.authed = True
        self.send("+OK logged in\r\n")

    def do_auth(self, rest):
        words = rest.split()
        if not words or words[0].upper() != "PLAIN":
            self.send("-ERR only AUTH PLAIN here\r\n")
            return
        if len(words) < 2:
            self.send("+ \r\n")
            words.append(self.read_line().strip())
        try:
            parts = base64.b64decode(words[1], validate=True).split(b"\0")
        except ValueError:
            parts = []
        good = (len(parts) == 3 and parts[0] in (b"", parts[1]) and
                parts[1:] == [self.user.encode(), self.password.encode()])
        self.login("auth", good)

    def do_user(self, rest):
        f = self.fault_now("user")
        if f is not None and self.single(f):
            return
        self.given = rest
        self.send("+OK send the password\r\n")

    def do_pass(self, rest):
        self.login("pass", self.given == self.user and
                   rest == self.password)

    def do_stat(self, rest):
        f = self.fault_now("stat")
        if f is not None and self.single(f):
            return
        live = self.live()
        self.send("+OK %d %d\r\n" % (len(live), sum(
            len(pop3_message(k)) for _, k in live)))

    def listing(self, point, rest, entry):
        if rest:
            k = self.lookup(rest.strip())
            f = self.fault_now(point)
            if f is not None and self.single(f):
                return
            if k is None:
                self.send("-ERR no such message\r\n")
            else:
                self.send("+OK %s\r\n" % entry(rest.strip(), k))
            return
        self.multi(point, "listing follows",
                   [entry(str(n), k) for n, k in self.live()])

    def do_uidl(self, rest):
        self.listing("uidl", rest, lambda n, k: "%s %s" % (n, self.uidl(k)))

    def do_list(self, rest):
        self.listing("list", rest, lambda n, k: "%s %d" % (
            n, len(pop3_message(k))))

    def do_retr(self, rest):
        k = self.lookup(rest.strip())
        f = self.fault_now("retr")
        if f in ("err", "close"):
            self.single(f)
            return
        if k is None:
            self.send("-ERR no such message\r\n")
            return
        body = pop3_message(k)
        data = stuffed(body)
        if f in ("hang", "drop"):
            data = data[:len(data) // 2]
        elif f != "no-dot":
            data += b".\r\n"
        head = b"+OK %d octets\r\n" % len(body)
        if f == "flood":
            self.send(b"+OK %d octets\r\n" % (len(body) + self.bytes + 2))
            self.flood("")
            head = b""
        else:
            self.log.write(self.num, "S", head)
        self.log.write(self.num, "S", b"[message %d, %d bytes]"
                       % (k, len(data)))
        try:
            if self.trickle:
                self.dribble(head + data)
            else:
                self.sock.sendall(head + data)
        except OSError:
            raise Closed()
        if f == "hang":
            self.drain()
        if f in ("drop", "no-dot"):
            raise Closed()

    def do_dele(self, rest):
        k = self.lookup(rest.strip())
        f = self.fault_now("dele")
        if f is not None and self.single(f):
            return
        if k is None:
            self.send("-ERR no such message\r\n")
            return
        self.marked.add(k)
        self.send("+OK message %s deleted\r\n" % rest.strip())

    def do_rset(self, rest):
        self.marked.clear()
        self.send("+OK\r\n")

    def do_noop(self, rest):
        self.send("+OK\r\n")

    def do_quit(self, rest):
        f = self.fault_now("quit")
        if f in ("err", "close", "hang", "flood"):
            self.single(f)  # the mailbox stays as it was
            raise Closed()
        if self.authed and self.marked:
            with MAILBOXES_LOCK:
                MAILBOXES[self.box].update(self.marked)
            self.holds(" (QUIT removed %s)" % " ".join(
                map(str, sorted(self.marked))))
        if f == "drop":
            raise Closed()
        self.send("+OK bye\r\n")
        raise Closed()


def session_for(sock, num, script, log):
    """The session that plays script on a connection (a module that
    imports this one may replace it, as scripted_smtp.py does)."""
    if script.get("protocol", "imap") == "pop3":
        return Pop3Session(sock, num, script, log)
    return Session(sock, num, script, log)


def serve(sock, num, script_path, log):
    try:
        with open(script_path) as f:
            script = json.load(f)
        session_for(sock, num, script, log).run()
    except Closed:
        pass
    except Exception as e:  # a bad script: say so in the log
        log.write(num, "!", ("%s: %s" % (type(e).__name__, e)).encode())
    finally:
        log.write(num, "-", b"closed")
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    port, script_path, ready, log_path = int(argv[0]), argv[1], argv[2], \
        argv[3]
    log = Log(log_path)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    with open(ready + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(ready + ".tmp", ready)
    num = 0
    while True:
        conn, _ = srv.accept()
        num += 1
        log.write(num, "-", b"connected")
        threading.Thread(target=serve, args=(conn, num, script_path, log),
                         daemon=True).start()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
