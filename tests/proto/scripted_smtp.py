#!/usr/bin/env python3
"""A scripted SMTP submission server: just enough ESMTP (RFC 5321) for
tern's client, with AUTH PLAIN and LOGIN, SIZE and 8BITMIME, and one
misbehaviour at a point the script names. Plain text only: STARTTLS can
be offered, but it is never started. Standard library only.

  scripted_smtp.py PORT SCRIPT READY LOG

The arguments, the log and the service of each connection in a thread
of its own are those of scripted.py, whose main, Log and Session this
builds on: the script, a JSON object in the file SCRIPT, is read afresh
for every connection; every line received is logged as "N C: LINE" and
every line sent as "N S: LINE" (long lines cut, bytes that are not
printable ASCII escaped). The lines of a message's data show as "N D:
LINE", as they came on the wire (so still dot-stuffed), and the "."
that ends them as "N C: ."; the data, from after the 354 up to (not
including) that ".", is also kept byte for byte in the file LOG.N-K, K
numbering the messages of connection N from 1, which the line "N =:
data in NAME, SIZE bytes" names (NAME is the file's base name).

Script keys, all optional:

  "extensions"  the EHLO keywords offered after the greeting line;
                default ["SIZE 10240000", "8BITMIME", "AUTH PLAIN
                LOGIN", "ENHANCEDSTATUSCODES"]. A MAIL parameter
                (BODY=8BITMIME, SIZE=) of an extension not offered is
                answered 555; with "SIZE N", a MAIL declaring more than
                N bytes is answered 552, and so is a message of more
                than N bytes (CRLF line ends, unstuffed) after its data.
                While AUTH is offered, MAIL before a login is answered
                530. STARTTLS, when offered, is answered 454.
  "user", "password"  the credentials AUTH accepts; default "bob" and
                "secret"; others are answered 535
  "rcpt"        an object: recipient address -> the reply to its RCPT
                ("550 5.1.1 <x@y>: unknown"); other recipients are
                accepted
  "fault"       the misbehaviour, played once per connection:
                  "reply"   the line of "reply" instead of the answer (for
                            the greeting: 421 closes the connection,
                            another code answers every later command but
                            QUIT 503; for "message": after the data)
                  "close"   close the connection without a word (for
                            "message": after the data)
                  "hang"    nothing more is sent (for "message": after
                            the data); what comes is read and logged
                            until the client closes
                  "drop"    for "data": the 354, then close; for
                            "message": close after "after" lines of
                            the data
                  "inject"  for "starttls": "220 2.0.0 Ready to start
                            TLS" and "250 injected" in one write, then
                            as "hang"
  "on"          where the fault happens (default "message"):
                  "greeting", "ehlo", "starttls", "auth", "mail",
                  "rcpt", "data" (the answer to DATA), "message" (the
                  answer after the data), "rset", "quit"
  "count"       the fault answers the count-th such command of the
                connection (for "rcpt": the count-th recipient);
                default 1
  "reply"       the line of a "reply" fault; default "451 4.3.0
                scripted failure"
  "after"       the lines of data a "drop" fault reads; default 3

NOOP, RSET and HELO work; VRFY and other commands are answered 502.
"""
import base64
import os
import re
import sys

# Nothing is written to the source tree (no __pycache__).
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scripted  # noqa: E402 (its Log, Closed, Session and main)

Closed = scripted.Closed

NAME = "scripted.tern.test"
EXTENSIONS = ["SIZE 10240000", "8BITMIME", "AUTH PLAIN LOGIN",
              "ENHANCEDSTATUSCODES"]
FAULTS = ("reply", "close", "hang", "drop", "inject")
POINTS = ("greeting", "ehlo", "starttls", "auth", "mail", "rcpt", "data",
          "message", "rset", "quit")


class SmtpSession(scripted.Session):
    """One connection. send, recv_more, drain and due are scripted.py's."""

    def __init__(self, sock, num, script, log):
        self.sock = sock
        self.num = num
        self.log = log
        self.ext = list(script.get("extensions", EXTENSIONS))
        self.user = script.get("user", "bob")
        self.password = script.get("password", "secret")
        self.rcpt_replies = dict(script.get("rcpt", {}))
        self.fault = script.get("fault")
        self.on = script.get("on", "message")
        self.count = int(script.get("count", 1))
        self.reply = script.get("reply", "451 4.3.0 scripted failure")
        self.after = int(script.get("after", 3))
        if self.fault is not None and self.fault not in FAULTS:
            raise ValueError("unknown fault %r" % self.fault)
        if self.on not in POINTS:
            raise ValueError("unknown point %r" % self.on)
        self.seen = {}
        self.buf = b""
        self.helo = False
        self.authed = False
        self.sender = None  # MAIL FROM of the transaction, or None
        self.rcpts = []
        self.messages = 0
        self.rejected = False  # the greeting was a refusal

    # ---- the wire ----

    def read_raw(self):
        """One line as bytes, without its CRLF, not logged."""
        while b"\r\n" not in self.buf:
            self.recv_more()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def read_line(self):
        line = self.read_raw()
        self.log.write(self.num, "C", line + b"\r\n")
        return line.decode("utf-8", "replace")

    def drain(self):
        """scripted.py's drain (read and log until the client goes), but
        what was read already is logged first."""
        if self.buf:
            self.log.write(self.num, "C", self.buf)
        super().drain()

    def offered(self, word):
        """The parameters of EHLO keyword word, or None if not offered."""
        for e in self.ext:
            parts = e.split(None, 1)
            if parts and parts[0].upper() == word:
                return parts[1] if len(parts) > 1 else ""
        return None

    def size_limit(self):
        arg = self.offered("SIZE")
        return int(arg) if arg else 0

    # ---- faults ----

    def play(self):
        """Play the fault due here: a "reply" fault sends its line and
        returns (the command is answered); the others end the session."""
        f = self.fault
        self.fault = None  # once
        if f == "reply":
            self.send(self.reply + "\r\n")
            return
        if f == "hang":
            self.drain()
        if f == "inject":
            self.send("220 2.0.0 Ready to start TLS\r\n250 injected\r\n")
            self.drain()
        raise Closed()  # "close", and "drop" where it means close

    def answer(self, point, text):
        """Send text, or play the fault when it is due at point."""
        if self.due(point):
            self.play()
        else:
            self.send(text + "\r\n")

    # ---- commands ----

    def run(self):
        if self.due("greeting"):
            self.play()
            if self.reply.startswith("421"):
                raise Closed()
            self.rejected = True
        else:
            self.send("220 %s ESMTP scripted_smtp.py\r\n" % NAME)
        handlers = {
            "EHLO": self.do_ehlo, "HELO": self.do_helo,
            "STARTTLS": self.do_starttls, "AUTH": self.do_auth,
            "MAIL": self.do_mail, "RCPT": self.do_rcpt, "DATA": self.do_data,
            "RSET": self.do_rset, "NOOP": self.do_noop, "QUIT": self.do_quit,
        }
        while True:
            line = self.read_line()
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            if self.rejected and verb != "QUIT":
                self.send("503 5.5.1 Error: no service\r\n")
                continue
            handler = handlers.get(verb)
            if handler is None:
                self.send("502 5.5.2 Error: command not recognized\r\n")
            else:
                handler(arg)

    def do_ehlo(self, arg):
        self.helo = True
        self.sender, self.rcpts = None, []
        lines = ["%s greets %s" % (NAME, arg)] + self.ext
        text = "".join("250%s%s\r\n" % ("-" if i < len(lines) - 1 else " ",
                                        l) for i, l in enumerate(lines))
        if self.due("ehlo"):
            self.play()
        else:
            self.send(text)

    def do_helo(self, arg):
        self.helo = True
        self.send("250 %s\r\n" % NAME)

    def do_starttls(self, arg):
        if self.offered("STARTTLS") is None:
            self.send("502 5.5.1 Error: command not implemented\r\n")
            return
        self.answer("starttls", "454 4.7.0 TLS not available")

    def check_login(self, user, password):
        ok = user == self.user and password == self.password
        if self.due("auth"):
            self.play()
        elif ok:
            self.authed = True
            self.send("235 2.7.0 Authentication successful\r\n")
        else:
            self.send("535 5.7.8 Error: authentication failed\r\n")

    def b64(self, text):
        try:
            return base64.b64decode(text, validate=True).decode()
        except ValueError:
            return None

    def do_auth(self, arg):
        mech, _, initial = arg.partition(" ")
        mech = mech.upper()
        offered = (self.offered("AUTH") or "").upper().split()
        if self.authed or mech not in offered:
            self.send("503 5.5.1 Error: no such mechanism or state\r\n")
            return
        if mech == "PLAIN":
            if not initial:
                self.send("334 \r\n")
                initial = self.read_line()
            got = (self.b64(initial) or "").split("\0")
            if len(got) != 3:
                self.send("501 5.5.2 Cannot decode response\r\n")
                return
            self.check_login(got[1], got[2])
            return
        self.send("334 VXNlcm5hbWU6\r\n")
        user = self.b64(self.read_line())
        self.send("334 UGFzc3dvcmQ6\r\n")
        password = self.b64(self.read_line())
        self.check_login(user, password)

    def mail_error(self, params):
        """The reply refusing MAIL's parameters, or None when they do."""
        for p in params:
            key, _, value = p.partition("=")
            key = key.upper()
            if key == "BODY" and self.offered("8BITMIME") is not None and \
                    value.upper() in ("7BIT", "8BITMIME"):
                continue
            if key == "SIZE" and self.offered("SIZE") is not None and \
                    value.isdigit():
                limit = self.size_limit()
                if limit and int(value) > limit:
                    return "552 5.3.4 Message size exceeds fixed limit"
                continue
            return "555 5.5.4 Unsupported option: %s" % p
        return None

    def do_mail(self, arg):
        m = re.match(r"(?i)FROM:<([^<>]*)>(.*)$", arg)
        if not self.helo or self.sender is not None:
            self.send("503 5.5.1 Error: bad sequence of commands\r\n")
        elif self.offered("AUTH") is not None and not self.authed:
            self.send("530 5.7.0 Authentication required\r\n")
        elif m is None:
            self.send("501 5.5.4 Syntax: MAIL FROM:<address>\r\n")
        elif self.due("mail"):
            self.play()
        else:
            refusal = self.mail_error(m.group(2).split())
            if refusal is not None:
                self.send(refusal + "\r\n")
                return
            self.sender = m.group(1)
            self.send("250 2.1.0 Ok\r\n")

    def do_rcpt(self, arg):
        m = re.match(r"(?i)TO:<([^<>]+)>$", arg)
        if self.sender is None:
            self.send("503 5.5.1 Error: need MAIL command\r\n")
        elif m is None:
            self.send("501 5.5.4 Syntax: RCPT TO:<address>\r\n")
        elif self.due("rcpt"):
            self.play()
        elif m.group(1) in self.rcpt_replies:
            self.send(self.rcpt_replies[m.group(1)] + "\r\n")
        else:
            self.rcpts.append(m.group(1))
            self.send("250 2.1.5 Ok\r\n")

    def do_data(self, arg):
        if self.sender is None:
            self.send("503 5.5.1 Error: need MAIL command\r\n")
            return
        if not self.rcpts:
            self.send("554 5.5.1 Error: no valid recipients\r\n")
            return
        if self.due("data"):
            if self.fault == "drop":
                self.send("354 End data with <CR><LF>.<CR><LF>\r\n")
            self.play()
            return
        self.send("354 End data with <CR><LF>.<CR><LF>\r\n")
        self.receive()

    def receive(self):
        """The message data up to its ".", then the answer."""
        due = self.due("message")
        lines, size = [], 0
        while True:
            if due and self.fault == "drop" and len(lines) == self.after:
                raise Closed()
            line = self.read_raw()
            if line == b".":
                self.log.write(self.num, "C", b".\r\n")
                break
            self.log.write(self.num, "D", line + b"\r\n")
            lines.append(line + b"\r\n")
            size += len(line) + 2 - line.startswith(b".")
        wire = b"".join(lines)
        self.messages += 1
        path = "%s.%d-%d" % (self.log.path, self.num, self.messages)
        with open(path, "wb") as f:
            f.write(wire)
        self.log.write(self.num, "=", ("data in %s, %d bytes" % (
            os.path.basename(path), len(wire))).encode())
        sender, self.sender, self.rcpts = self.sender, None, []
        limit = self.size_limit()
        if due:
            self.play()
        elif limit and size > limit:
            self.send("552 5.3.4 Message size exceeds fixed limit\r\n")
        else:
            self.send("250 2.0.0 Ok: queued as Q%d-%d (from <%s>)\r\n"
                      % (self.num, self.messages, sender))

    def do_rset(self, arg):
        self.sender, self.rcpts = None, []
        self.answer("rset", "250 2.0.0 Ok")

    def do_noop(self, arg):
        self.send("250 2.0.0 Ok\r\n")

    def do_quit(self, arg):
        self.answer("quit", "221 2.0.0 Bye")
        raise Closed()


def session_for(sock, num, script, log):
    """Each connection is an SmtpSession."""
    return SmtpSession(sock, num, script, log)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    # scripted.py's main listens, writes READY and serves each connection
    # in a thread with the session its session_for makes: ours here.
    scripted.session_for = session_for
    sys.exit(scripted.main(sys.argv[1:]))
