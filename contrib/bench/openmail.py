#!/usr/bin/env python3
"""Generate the mail of the opening benchmark, fast, in two forms.

    openmail.py OUTDIR --count N [--seed S]

OUTDIR receives maildir/{cur,new,tmp} with N message files and mbox, the
same N messages in one mbox file (mboxrd quoting), for programs that do
not read Maildir. The same count and seed give byte-identical files.
OUTDIR/newest holds the subject of the newest message, which is the only
unread one: every program under test starts on it, so its subject on
screen says the first screen is drawn.

The messages are plain text mail of a busy personal inbox: about 2,000
senders (a few write most of the mail), 40 mailing lists, threads of one
to 40 messages (In-Reply-To and References, quoted text in the replies),
dates over five years, Received, DKIM-Signature and list headers, sizes
mostly 2 to 8 KB. Only the Python standard library is used; files are
written directly, without the email package, so 100,000 messages take
well under a minute.
"""

import argparse
import os
import random
import sys
import time

FIRST = """Anna Ben Carla David Emma Felix Grace Hugo Ines Jonas Karin Liam
Mia Noah Olga Paul Rosa Sam Tara Umar Vera Will Xenia Yusuf Zoe Aiko Bruno
Chen Dana Elif Farid Gita Hana Ivan Jana Kofi Lena Marco Nina Omar Pia Raj
Sara Tomas Ulla Viktor Wen Yara""".split()
LAST = """Adams Berg Costa Dubois Eriksen Fischer Garcia Huber Ito Jensen
Kowalski Lopez Moreau Nakamura Olsen Petrov Quinn Rossi Schmidt Tanaka
Ueda Varga Wagner Xu Young Zimmermann Novak Silva Keller Brennan Okafor
Lindqvist Haddad Sato Meyer Kaur Ivanova Romano Fernandes Walsh""".split()
DOMAINS = """example.org example.com example.net mail.example.de
post.example.fr uni.example.edu corp.example.co.uk lists.example.org
shop.example.com bank.example.net""".split()
WORDS = """the meeting report budget review draft plan team project update
question about tomorrow next week schedule server release notes invoice
order shipping account travel flight hotel dinner lunch party photos
garden kitchen school holiday weekend contract offer proposal feedback
design test results data backup migration network printer laptop phone
ticket support issue bug patch version build deploy config password
reminder agenda minutes slides talk conference workshop paper deadline
library book film concert tickets match training run bike car repair
insurance tax rent deposit receipt payment transfer quote estimate
delivery parcel address change welcome thanks sorry great quick small
new old final short long first last important urgent""".split()
LISTS = ["%s-%s" % (a, b) for a in ("dev", "users", "announce", "team",
                                    "club", "news", "jobs", "help")
         for b in ("alpha", "beta", "gamma", "delta", "omega")]


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def paragraph(rng):
    lines, line = [], []
    for _ in range(rng.randint(25, 90)):
        line.append(rng.choice(WORDS))
        if len(" ".join(line)) > 66:
            lines.append(" ".join(line))
            line = []
    if line:
        lines.append(" ".join(line))
    text = "\n".join(lines)
    return text[0].upper() + text[1:] + "."


class Sender:
    def __init__(self, rng, i):
        self.name = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
        local = self.name.lower().replace(" ", ".")
        self.addr = "%s%d@%s" % (local, i, rng.choice(DOMAINS))


class Gen:
    def __init__(self, seed, count):
        self.rng = random.Random(seed)
        self.count = count
        self.senders = [Sender(self.rng, i) for i in range(2000)]
        self.end = 1767225600  # 2026-01-01
        self.start = self.end - 5 * 365 * 86400

    def sender(self):
        # A few people write most of the mail.
        i = int(self.rng.paretovariate(1.2)) - 1
        return self.senders[i % len(self.senders)]

    def headers(self, n, frm, subject, date, mid, parent, lst):
        rng = self.rng
        host = frm.addr.split("@")[1]
        hop = time.strftime("%a, %d %b %Y %H:%M:%S +0000",
                            time.gmtime(date + rng.randint(1, 90)))
        h = [
            "Return-Path: <%s>" % frm.addr,
            "Received: from mx%d.%s (mx%d.%s [192.0.2.%d])\n\tby "
            "mail.home.example with ESMTPS id %08X\n\tfor "
            "<pat@home.example>; %s" % (n % 7, host, n % 7, host,
                                         n % 250 + 1, n * 2654435761
                                         & 0xffffffff, hop),
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s;"
            "\n\ts=mail; h=from:to:subject:date:message-id;\n\tbh=%s=;\n"
            "\tb=%s" % (host, "%044x" % rng.getrandbits(176),
                        "\n\t  ".join("%064x" % rng.getrandbits(256)
                                      for _ in range(3))),
            "From: %s <%s>" % (frm.name, frm.addr),
            "To: %s" % ("%s@lists.example.org" % lst if lst
                        else "Pat Morgan <pat@home.example>"),
            "Subject: %s" % subject,
            "Date: %s" % time.strftime("%a, %d %b %Y %H:%M:%S +0000",
                                       time.gmtime(date)),
            "Message-ID: <%s>" % mid,
        ]
        if parent:
            h.append("In-Reply-To: <%s>" % parent[-1])
            h.append("References: %s" % "\n ".join(
                "<%s>" % m for m in parent[-8:]))
        if lst:
            h += ["List-Id: %s <%s.lists.example.org>" % (lst, lst),
                  "List-Unsubscribe: <mailto:%s-leave@lists.example.org>"
                  % lst,
                  "Precedence: list"]
        h += ["MIME-Version: 1.0",
              "Content-Type: text/plain; charset=utf-8",
              "Content-Transfer-Encoding: 8bit"]
        return "\n".join(h) + "\n\n"

    def body(self, quoted):
        rng = self.rng
        paras = [paragraph(rng) for _ in range(rng.choice((1, 1, 2, 2, 3,
                                                           4, 6)))]
        text = "Hello,\n\n" + "\n\n".join(paras) + "\n"
        if quoted:
            q = "\n".join("> " + l for l in quoted.split("\n")[:30])
            text += "\nOn an earlier day someone wrote:\n" + q + "\n"
        return text + "\n-- \n%s\n" % words(rng, 3)

    def threads(self):
        """(date, thread index) for every message, in date order."""
        rng = self.rng
        out, t = [], 0
        while len(out) < self.count - 1:
            size = min(int(rng.paretovariate(1.6)), 40,
                       self.count - 1 - len(out))
            d = rng.randint(self.start, self.end - 86400 * 3)
            for _ in range(size):
                out.append((d, t))
                d = min(d + rng.randint(300, 86400), self.end - 60)
            t += 1
        out.sort()
        return out

    def run(self, outdir):
        rng = self.rng
        md = os.path.join(outdir, "maildir")
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(md, sub), exist_ok=True)
        state = {}  # thread -> (subject, list, message ids, last body)
        mbox = open(os.path.join(outdir, "mbox"), "w", encoding="utf-8",
                    newline="\n")
        order = self.threads()
        order.append((self.end, -1))
        for n, (date, t) in enumerate(order):
            frm = self.sender()
            if t < 0:
                subject = "Harbour lunch on Friday, table for six"
                st = (subject, None, [], None)
            elif t in state:
                st = state[t]
            else:
                lst = rng.choice(LISTS) if rng.random() < 0.3 else None
                subj = words(rng, rng.randint(3, 8)).capitalize()
                st = ((("[%s] " % lst) if lst else "") + subj, lst, [], None)
            subject, lst, mids, last = st
            mid = "%d.%x@%s" % (n, rng.getrandbits(40),
                                frm.addr.split("@")[1])
            shown = subject if not mids else "Re: " + subject
            text = self.body(last)
            msg = self.headers(n, frm, shown, date, mid, mids, lst) + text
            state[t] = (subject, lst, mids + [mid],
                        text.split("\n-- \n")[0])
            seen = t >= 0
            name = "%d.M%d.bench:2,%s" % (date, n, "S" if seen else "")
            with open(os.path.join(md, "cur", name), "w",
                      encoding="utf-8", newline="\n") as f:
                f.write(msg)
            mbox.write("From %s %s\n" % (frm.addr, time.strftime(
                "%a %b %d %H:%M:%S %Y", time.gmtime(date))))
            body = msg.replace("\n\n", "\nStatus: %s\n\n" %
                               ("RO" if seen else "O"), 1)
            mbox.write(mboxrd(body) + "\n")
            if n % 10000 == 0 and n:
                print("  %d messages" % n, file=sys.stderr)
        mbox.close()
        with open(os.path.join(outdir, "newest"), "w") as f:
            f.write(subject + "\n")


def mboxrd(text):
    """Quote From lines the mboxrd way: one more '>' before any >*From."""
    out = []
    for line in text.split("\n"):
        if line.lstrip(">").startswith("From "):
            line = ">" + line
        out.append(line)
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.count < 2:
        ap.error("--count must be at least 2")
    Gen(a.seed, a.count).run(a.outdir)


if __name__ == "__main__":
    main()
