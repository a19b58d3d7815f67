#!/usr/bin/env python3
"""Describe message files as Python's email package reads them, to check
what tern built and sent without tern's own MIME code.

  mailcheck.py FILE...

For each file, "key: value" lines (values decoded): from, to, cc, bcc
("-" when there is no Bcc header), subject, message-id, in-reply-to,
content-type, body (the text of the first text/plain part, newlines as
"\\n"), attachment (one line per attachment: file name, MIME type and
SHA-256 of the decoded bytes), then a line "--".
"""
import email
import email.policy
import hashlib
import sys


def text_of(msg):
    part = msg.get_body(preferencelist=("plain",))
    if part is None:
        return "-"
    return part.get_content().replace("\n", "\\n")


def describe(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    for key in ("from", "to", "cc", "bcc", "subject", "message-id",
                "in-reply-to", "references"):
        value = msg[key]
        print("%s: %s" % (key, "-" if value is None else str(value)))
    print("content-type: %s" % msg.get_content_type())
    print("body: %s" % text_of(msg))
    for part in msg.iter_attachments():
        data = part.get_payload(decode=True) or b""
        print("attachment: %s %s %s" % (part.get_filename(),
                                        part.get_content_type(),
                                        hashlib.sha256(data).hexdigest()))
    print("--")


def main():
    for path in sys.argv[1:]:
        describe(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
