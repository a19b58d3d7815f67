#!/usr/bin/env python3
"""Check that every message of a Maildir parses and its charsets decode.

    checkmail.py MAILDIR [-v]

Parses each file of MAILDIR/cur and MAILDIR/new with Python's email
package, then insists on: no parser defects; every RFC 2047 encoded word
decodes in its charset; raw 8-bit headers are UTF-8; every text/* part
decodes in its declared charset; every base64 part is valid base64.
Prints a summary (sizes, charsets, MIME types, flags, thread depth) and
exits 1 when any message fails.
"""

import argparse
import base64
import binascii
import collections
import email
import email.errors
import email.header
import email.policy
import email.utils
import os
import sys

SIZE_BUCKETS = ((2 << 10, "<2K"), (20 << 10, "2K-20K"),
                (50 << 10, "20K-50K"), (500 << 10, "50K-500K"),
                (1 << 20, "500K-1M"), (5 << 20, "1M-5M"),
                (float("inf"), ">5M"))


class Check:
    def __init__(self):
        self.errors = []
        self.sizes = collections.Counter()
        self.body_cs = collections.Counter()
        self.header_cs = collections.Counter()
        self.cte = collections.Counter()
        self.types = collections.Counter()
        self.flags = collections.Counter()
        self.parent = {}
        self.ids = collections.Counter()
        self.files = 0
        self.bytes = 0

    def fail(self, path, what):
        self.errors.append("%s: %s" % (path, what))

    def file(self, path, info):
        with open(path, "rb") as f:
            raw = f.read()
        self.files += 1
        self.bytes += len(raw)
        self.flags[info] += 1
        for limit, label in SIZE_BUCKETS:
            if len(raw) < limit:
                self.sizes[label] += 1
                break
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        self.headers(path, raw)
        mid = msg.get("Message-ID")
        if mid:
            self.ids[mid.strip()] += 1
            irt = msg.get("In-Reply-To")
            if irt:
                self.parent[mid.strip()] = irt.strip()
        for label in ("Date", "From"):
            if not msg.get(label):
                self.fail(path, "no %s header" % label)
        if email.utils.parsedate_tz(msg.get("Date", "")) is None:
            self.fail(path, "Date does not parse")
        for part in msg.walk():
            self.part(path, part)

    def headers(self, path, raw):
        end = raw.find(b"\n\n")
        head = raw[:end if end >= 0 else len(raw)]
        if not head.isascii():
            try:
                head.decode("utf-8")
                self.header_cs["raw utf-8"] += 1
            except UnicodeDecodeError:
                self.fail(path, "raw 8-bit header is not UTF-8")
        text = head.decode("utf-8", "replace").replace("\n ", " ") \
            .replace("\n\t", " ")
        for line in text.split("\n"):
            if "=?" not in line:
                continue
            value = line.split(":", 1)[-1]
            try:
                chunks = email.header.decode_header(value)
            except email.errors.HeaderParseError as e:
                self.fail(path, "header: %s" % e)
                continue
            for data, cs in chunks:
                if cs is None:
                    continue
                self.header_cs[cs.lower()] += 1
                try:
                    data.decode(cs, "strict")
                except (UnicodeDecodeError, LookupError) as e:
                    self.fail(path, "header in %s: %s" % (cs, e))

    def part(self, path, part):
        for d in part.defects:
            self.fail(path, "defect %s" % type(d).__name__)
        ctype = part.get_content_type()
        self.types[ctype] += 1
        if part.is_multipart() or ctype == "message/rfc822":
            return
        cte = part.get("Content-Transfer-Encoding", "7bit").lower()
        self.cte[cte] += 1
        payload = part.get_payload(decode=False)
        if cte == "base64":
            try:
                base64.b64decode("".join(payload.split()), validate=True)
            except binascii.Error as e:
                self.fail(path, "base64 in %s: %s" % (ctype, e))
        if part.get_content_maintype() != "text":
            return
        cs = part.get_content_charset() or "us-ascii"
        self.body_cs[cs] += 1
        data = part.get_payload(decode=True)
        try:
            data.decode(cs, "strict")
        except (UnicodeDecodeError, LookupError) as e:
            self.fail(path, "%s body in %s: %s" % (ctype, cs, e))

    def depth(self, mid):
        n, seen = 0, set()
        while mid in self.parent and mid not in seen:
            seen.add(mid)
            mid = self.parent[mid]
            n += 1
        return n

    def report(self):
        def line(title, counter):
            items = sorted(counter.items(), key=lambda kv: -kv[1])
            print("  %-14s %s" % (title, ", ".join(
                "%s %d" % kv for kv in items)))
        depths = collections.Counter(min(self.depth(m), 10)
                                     for m in self.ids)
        roots = sum(1 for m in self.ids if m not in self.parent)
        dups = sum(n - 1 for n in self.ids.values())
        print("checkmail: %d files, %.1f MB, %d unique Message-IDs, "
              "%d duplicate files, %d thread starts"
              % (self.files, self.bytes / 1e6, len(self.ids), dups, roots))
        line("sizes", self.sizes)
        line("flags", self.flags)
        line("body charsets", self.body_cs)
        line("header words", self.header_cs)
        line("encodings", self.cte)
        line("MIME types", self.types)
        print("  %-14s %s" % ("reply depth", ", ".join(
            "%s%s: %d" % (d, "+" if d == 10 else "", n)
            for d, n in sorted(depths.items()))))
        print("  %-14s %d" % ("failures", len(self.errors)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("maildir")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list every failure, not only the first 20")
    args = ap.parse_args()
    c = Check()
    for sub in ("cur", "new"):
        d = os.path.join(args.maildir, sub)
        for name in sorted(os.listdir(d)):
            info = name.split(":", 1)[1] if ":" in name else "new/"
            c.file(os.path.join(d, name), info)
    c.report()
    for e in c.errors[:None if args.verbose else 20]:
        print("  " + e)
    sys.exit(1 if c.errors else 0)


if __name__ == "__main__":
    main()
