#!/usr/bin/env python3
"""A mail client made of Python's standard library, to check the test
servers without tern's own protocol code.

  mailtool.py compose --from A --to B [--subject S] [--body TEXT]
                      [--attach FILE]...          message on stdout
  mailtool.py send --proto submission|smtps --user U [--from A] --to B...
                   [FILE]                         send FILE (or stdin)
  mailtool.py summary --proto imap|imaps|pop3|pop3s --user U [--mailbox M]
                      one line per message: Message-ID, subject, the
                      names and SHA-256 of the attachments, To
  mailtool.py auth-before-tls --user U            AUTH PLAIN on the
                      submission port before STARTTLS; prints the reply

Common options: --host (default localhost, checked against the
certificate), --port (default from $TERN_TEST_<PROTO>_PORT), --ca (default
$TERN_TEST_CA), --password (default $TERN_TEST_PASSWORD_<USER>).
Certificates are always verified. Errors go to stderr, exit status 1.
"""
import argparse
import base64
import email
import email.policy
import hashlib
import imaplib
import mimetypes
import os
import poplib
import smtplib
import ssl
import sys
from email.message import EmailMessage

PORT_VARS = {
    "submission": "TERN_TEST_SUBMISSION_PORT",
    "smtps": "TERN_TEST_SMTPS_PORT",
    "imap": "TERN_TEST_IMAP_PORT",
    "imaps": "TERN_TEST_IMAPS_PORT",
    "pop3": "TERN_TEST_POP3_PORT",
    "pop3s": "TERN_TEST_POP3S_PORT",
}


def context(args):
    return ssl.create_default_context(cafile=args.ca)


def port(args):
    if args.port:
        return args.port
    return int(os.environ[PORT_VARS[args.proto]])


def password(args):
    if args.password is not None:
        return args.password
    return os.environ["TERN_TEST_PASSWORD_" + args.user.upper()]


def compose(args):
    msg = EmailMessage()
    msg["From"] = args.sender
    msg["To"] = ", ".join(args.to)
    msg["Subject"] = args.subject
    msg["Message-ID"] = email.utils.make_msgid(domain="tern.test")
    msg["Date"] = email.utils.formatdate(localtime=True)
    msg.set_content(args.body)
    for path in args.attach:
        ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        maintype, subtype = ctype.split("/", 1)
        with open(path, "rb") as f:
            msg.add_attachment(f.read(), maintype=maintype, subtype=subtype,
                               filename=os.path.basename(path))
    sys.stdout.buffer.write(msg.as_bytes(policy=email.policy.SMTP))
    return 0


def smtp_connect(args):
    if args.proto == "smtps":
        s = smtplib.SMTP_SSL(args.host, port(args), context=context(args),
                             timeout=20)
    else:
        s = smtplib.SMTP(args.host, port(args), timeout=20)
        s.starttls(context=context(args))
    s.ehlo("client.tern.test")
    return s


def send(args):
    data = open(args.file, "rb").read() if args.file else \
        sys.stdin.buffer.read()
    with smtp_connect(args) as s:
        s.login(args.user, password(args))
        sender = args.sender or "%s@tern.test" % args.user
        refused = s.sendmail(sender, args.to, data)
    if refused:
        print("refused: %r" % refused, file=sys.stderr)
        return 1
    return 0


def auth_before_tls(args):
    args.proto = "submission"
    with smtplib.SMTP(args.host, port(args), timeout=20) as s:
        s.ehlo("client.tern.test")
        token = base64.b64encode(
            ("\0%s\0%s" % (args.user, password(args))).encode()).decode()
        code, text = s.docmd("AUTH", "PLAIN " + token)
        print(code, text.decode(errors="replace"))
    return 0


def describe(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in msg.iter_attachments():
        digest = hashlib.sha256(part.get_payload(decode=True)).hexdigest()
        parts.append("%s=%s" % (part.get_filename(), digest))
    return "%s\t%s\t%s\t%s" % (msg["Message-ID"], msg["Subject"],
                               ",".join(parts) or "-", msg["To"])


def imap_messages(args):
    if args.proto == "imaps":
        c = imaplib.IMAP4_SSL(args.host, port(args),
                              ssl_context=context(args), timeout=20)
    else:
        c = imaplib.IMAP4(args.host, port(args), timeout=20)
        c.starttls(ssl_context=context(args))
    c.login(args.user, password(args))
    c.select(args.mailbox, readonly=True)
    typ, data = c.uid("SEARCH", None, "ALL")
    out = []
    for uid in data[0].split():
        typ, data = c.uid("FETCH", uid, "(BODY.PEEK[])")
        out.append(data[0][1])
    c.logout()
    return out


def pop3_messages(args):
    if args.proto == "pop3s":
        c = poplib.POP3_SSL(args.host, port(args), context=context(args),
                            timeout=20)
    else:
        c = poplib.POP3(args.host, port(args), timeout=20)
        c.stls(context=context(args))
    c.user(args.user)
    c.pass_(password(args))
    out = []
    for i in range(1, c.stat()[0] + 1):
        out.append(b"\r\n".join(c.retr(i)[1]) + b"\r\n")
    c.quit()
    return out


def summary(args):
    if args.proto.startswith("imap"):
        raws = imap_messages(args)
    else:
        raws = pop3_messages(args)
    for raw in raws:
        print(describe(raw))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("command",
                   choices=["compose", "send", "summary", "auth-before-tls"])
    p.add_argument("file", nargs="?")
    p.add_argument("--host", default="localhost")
    p.add_argument("--port", type=int)
    p.add_argument("--proto", choices=sorted(PORT_VARS), default="submission")
    p.add_argument("--ca", default=os.environ.get("TERN_TEST_CA"))
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--mailbox", default="INBOX")
    p.add_argument("--from", dest="sender")
    p.add_argument("--to", action="append", default=[])
    p.add_argument("--subject", default="")
    p.add_argument("--body", default="")
    p.add_argument("--attach", action="append", default=[])
    args = p.parse_intermixed_args()
    run = {"compose": compose, "send": send, "summary": summary,
           "auth-before-tls": auth_before_tls}[args.command]
    try:
        return run(args)
    except (OSError, smtplib.SMTPException, imaplib.IMAP4.error,
            poplib.error_proto, ssl.SSLError) as e:
        print("%s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
