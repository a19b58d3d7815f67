#!/usr/bin/env python3
"""Demo mail for contrib/try: a few dozen varied messages, sent to one
account through SMTP submission (STARTTLS, AUTH), the way real mail
arrives.

  demo-mail.py --port P --ca CA --user U --password-file F --to ADDR
  demo-mail.py --list            print the messages' subjects, send nothing
  demo-mail.py --write DIR       write them as DIR/NN.eml, send nothing

The set: threads linked by In-Reply-To and References; German and French
in ISO-8859-1 and UTF-8, Russian in KOI8-R, Japanese in ISO-2022-JP,
Chinese in GB2312, Greek in ISO-8859-7, emoji; attachments (a PNG drawn
here, a one-page PDF, a text file); an HTML-only newsletter and a
multipart/alternative message; a mailing-list post and a long
format=flowed text. Dates spread over the last weeks, oldest first.
"""
import argparse
import email.utils
import os
import smtplib
import ssl
import struct
import sys
import time
import zlib
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

DOMAIN = "demo.tern.test"


def png(width=48, height=32):
    """A small colour gradient as PNG bytes."""
    rows = b"".join(
        b"\0" + b"".join(bytes((x * 255 // width, y * 255 // height, 160))
                         for x in range(width))
        for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return (struct.pack(">I", len(data)) + body +
                struct.pack(">I", zlib.crc32(body) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                       0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def pdf(text):
    """A valid one-page PDF showing one line of ASCII text."""
    stream = b"BT /F1 24 Tf 72 720 Td (" + text.encode("ascii") + b") Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream +
        b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, xref))
    return bytes(out)


def header(text, charset, name):
    """text as RFC 2047 encoded words of charset, labelled with the name
    mail programs use (Python calls GB2312 eucgb2312_cn)."""
    if all(ord(c) < 128 for c in text):
        return text
    encoded = Header(text, charset, header_name=name).encode()
    return encoded.replace("?eucgb2312_cn?", "?gb2312?")


def addr(name, address, charset="utf-8"):
    """name <address>, the name encoded in charset when it can hold it."""
    if not name:
        return address
    if all(ord(c) < 128 for c in name):
        return email.utils.formataddr((name, address))
    try:
        name.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    return "%s <%s>" % (header(name, charset, "From"), address)


class Demo:
    def __init__(self, to, now):
        self.to = to
        self.now = now
        self.messages = []	# (date, Message)
        self.ids = {}

    def add(self, key, days_ago, sender, subject, body, charset="utf-8",
            reply_to_key=None, html=None, html_only=False, attach=(),
            extra=None, cc=None, subtype="plain", flowed=False):
        date = self.now - days_ago * 86400
        if html_only:
            msg = MIMEText(html, "html", charset)
        elif html is not None:
            msg = MIMEMultipart("alternative")
            msg.attach(MIMEText(body, "plain", charset))
            msg.attach(MIMEText(html, "html", charset))
        else:
            msg = MIMEText(body, subtype, charset)
            if flowed:
                msg.set_param("format", "flowed")
        if attach:
            outer = MIMEMultipart("mixed")
            outer.attach(msg)
            for part in attach:
                outer.attach(part)
            msg = outer
        msg["From"] = addr(*sender, charset=charset)
        msg["To"] = self.to
        if cc:
            msg["Cc"] = cc
        msg["Subject"] = header(subject, charset, "Subject")
        msg["Date"] = email.utils.formatdate(date, localtime=True)
        msg["Message-ID"] = "<%s@%s>" % (key, DOMAIN)
        if reply_to_key:
            parent = self.ids[reply_to_key]
            refs = parent.get("refs", []) + [parent["id"]]
            msg["In-Reply-To"] = parent["id"]
            msg["References"] = " ".join(refs)
        else:
            refs = []
        for k, v in (extra or {}).items():
            msg[k] = v
        self.ids[key] = {"id": msg["Message-ID"], "refs": refs}
        self.messages.append((date, subject, msg))


def attachment_text(name, text, charset="utf-8"):
    part = MIMEText(text, "plain", charset)
    part.add_header("Content-Disposition", "attachment", filename=name)
    return part


def attachment_png(name):
    part = MIMEImage(png(), "png")
    part.add_header("Content-Disposition", "attachment", filename=name)
    return part


def attachment_pdf(name, text):
    part = MIMEApplication(pdf(text), "pdf")
    part.add_header("Content-Disposition", "attachment", filename=name)
    return part


ALICE = ("Alice Martin", "alice@example.org")
BOB = ("Bob Lee", "bob@example.net")
ME = ("Demo User", "demo@tern.test")
JUERGEN = ("Jürgen Müller", "juergen.mueller@example.de")
CLAIRE = ("Claire Lefèvre", "claire.lefevre@example.fr")
OLGA = ("Ольга Петрова", "olga@example.ru")
KENJI = ("山田 健二", "kenji.yamada@example.jp")
WEI = ("李伟", "li.wei@example.cn")
NIKOS = ("Νίκος Παπαδόπουλος", "nikos@example.gr")
SAM = ("Sam 🎈 Rivera", "sam@example.com")
NEWS = ("Tern Weekly", "newsletter@news.example.com")
SHOP = ("Example Shop", "orders@shop.example.com")
LIST = ("dev list", "dev@lists.example.org")


def hike(d):
    d.add("hike-1", 27, ALICE, "Weekend hike: Saturday or Sunday?",
          "Hi,\n\nshall we go up the ridge trail this weekend? Saturday "
          "looks sunny,\nSunday may rain. Who is in?\n\nAlice\n",
          cc="Bob Lee <bob@example.net>")
    d.add("hike-2", 26.9, BOB, "Re: Weekend hike: Saturday or Sunday?",
          "Saturday works for me. I can drive, the car has room for "
          "four.\n\n> shall we go up the ridge trail this weekend?\n\nBob\n",
          reply_to_key="hike-1")
    d.add("hike-3", 26.8, ME, "Re: Weekend hike: Saturday or Sunday?",
          "Count me in! I'll bring sandwiches.\n\n> Saturday works for me. "
          "I can drive\n", reply_to_key="hike-2")
    d.add("hike-4", 26.7, ALICE, "Re: Weekend hike: Saturday or Sunday?",
          "Great, Saturday it is. Meet at 8:00 at the station.\n\n"
          ">> Saturday works for me.\n> Count me in!\n",
          reply_to_key="hike-3")
    d.add("hike-5", 24, BOB, "Photos from the hike",
          "Here is the best one. The view from the top was worth it.\n",
          reply_to_key="hike-4", attach=[attachment_png("ridge.png")])


def german(d):
    d.add("muc-1", 25, JUERGEN, "Grüße aus München - Treffen nächste Woche?",
          "Hallo,\n\nich bin nächste Woche in der Stadt. Hättest du Zeit "
          "für einen Kaffee?\nDienstag oder Donnerstag würde mir gut "
          "passen.\n\nViele Grüße\nJürgen\n", charset="iso-8859-1")
    d.add("muc-2", 24.8, ME, "Re: Grüße aus München - Treffen nächste Woche?",
          "Hallo Jürgen,\n\nDonnerstag um 15 Uhr im Café am Marktplatz?\n\n"
          "> Dienstag oder Donnerstag würde mir gut passen.\n",
          reply_to_key="muc-1")
    d.add("muc-3", 24.5, JUERGEN,
          "Re: Grüße aus München - Treffen nächste Woche?",
          "Perfekt, bis Donnerstag! Ich bringe die Unterlagen mit.\n\n"
          "Jürgen\n", charset="iso-8859-1", reply_to_key="muc-2")


def french(d):
    d.add("reunion-1", 22, CLAIRE, "Réunion de l'équipe : ordre du jour",
          "Bonjour à tous,\n\nVoici l'ordre du jour de la réunion de "
          "jeudi :\n\n  1. Bilan du trimestre\n  2. Préparation du "
          "séminaire d'été\n  3. Questions diverses\n\nLe compte-rendu de "
          "la dernière réunion est en pièce jointe.\n\nBien cordialement,"
          "\nClaire\n", charset="iso-8859-1",
          attach=[attachment_text(
              "compte-rendu.txt",
              "Compte-rendu : réunion du 3 mai\n\nPrésents : Claire, "
              "Jérôme, Hélène\nDécisions : budget validé, prochaine "
              "réunion jeudi.\n", "iso-8859-1")])
    d.add("reunion-2", 21.9, ME, "Re: Réunion de l'équipe : ordre du jour",
          "Merci Claire ! Je propose d'ajouter un point sur le nouveau "
          "logiciel de messagerie.\n", reply_to_key="reunion-1")


def russian(d):
    d.add("otchet-1", 20, OLGA, "Отчёт за квартал",
          "Добрый день!\n\nОтчёт за третий квартал готов. Продажи выросли "
          "на 12 %,\nрасходы остались на прежнем уровне.\n\nС уважением,\n"
          "Ольга\n", charset="koi8-r")
    d.add("otchet-2", 19.8, ME, "Re: Отчёт за квартал",
          "Спасибо, Ольга! Посмотрю сегодня вечером.\n",
          reply_to_key="otchet-1", charset="koi8-r")


def japanese(d):
    d.add("kaigi-1", 18, KENJI, "会議の議事録について",
          "お疲れさまです。山田です。\n\n先日の会議の議事録を共有します。"
          "\nご確認のほど、よろしくお願いいたします。\n\n山田 健二\n",
          charset="iso-2022-jp")
    d.add("kaigi-2", 17.5, KENJI, "Re: 会議の議事録について",
          "追記です。次回の会議は金曜日の午後二時からです。\n",
          charset="iso-2022-jp", reply_to_key="kaigi-1")


def chinese(d):
    d.add("xiangmu-1", 16, WEI, "关于下周的项目进度",
          "你好！\n\n下周一我们需要讨论项目进度。请准备好你的部分。\n\n"
          "谢谢，\n李伟\n", charset="gb2312")


def greek(d):
    d.add("athina-1", 15, NIKOS, "Καλημέρα από την Αθήνα",
          "Γεια σου!\n\nΟ καιρός εδώ είναι υπέροχος. Πότε θα έρθεις να μας "
          "δεις;\n\nΦιλιά,\nΝίκος\n", charset="iso-8859-7")


def emoji(d):
    d.add("party-1", 12, SAM, "🎉 Party on Friday! 🍕🎂",
          "Hey! 👋\n\nIt's my birthday on Friday 🥳 — pizza 🍕, cake 🎂 and "
          "music 🎶 from 7 pm.\nBring a friend! ❤️\n\nSam\n")
    d.add("party-2", 11.8, ME, "Re: 🎉 Party on Friday! 🍕🎂",
          "Wouldn't miss it! 🙌 I'll bring a bottle 🍾\n",
          reply_to_key="party-1")


NEWSLETTER = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Tern Weekly #42</title>
<style>body { font-family: sans-serif } .btn { color: #fff }</style>
</head><body>
<table width="600"><tr><td>
<img src="https://news.example.com/track/open.gif?u=demo" width="1" height="1" alt="">
<h1>Tern Weekly #42</h1>
<p>Hello reader,</p>
<p>This week: <b>three tips</b> for a calmer inbox.</p>
<ol>
<li><a href="https://news.example.com/tips/1">Archive instead of delete</a></li>
<li><a href="https://news.example.com/tips/2">Tag with care</a> &ndash; fewer is more</li>
<li><a href="https://news.example.com/tips/3">Read offline</a> on the train</li>
</ol>
<table border="1"><tr><th>Plan</th><th>Price</th></tr>
<tr><td>Basic</td><td>0&nbsp;&euro;</td></tr>
<tr><td>Pro</td><td>4&nbsp;&euro; / month</td></tr></table>
<p><a class="btn" href="https://news.example.com/read">Read more &raquo;</a></p>
<p style="font-size: small">You receive this because you subscribed.
<a href="https://news.example.com/unsubscribe">Unsubscribe</a>.</p>
</td></tr></table>
</body></html>
"""


def commerce(d):
    d.add("news-42", 10, NEWS, "Tern Weekly #42: three tips for a calmer "
          "inbox", None, html_only=True, html=NEWSLETTER,
          extra={"List-Unsubscribe":
                 "<https://news.example.com/unsubscribe>"})
    d.add("order-1234", 9, SHOP, "Your order #1234 has shipped",
          "Hello Demo User,\n\nyour order #1234 (1 × hiking boots, size 42) "
          "has shipped.\nTracking number: EX123456789\n\nThank you for "
          "shopping with us.\n",
          html="<html><body><p>Hello <b>Demo User</b>,</p><p>your order "
          "<b>#1234</b> (1 &times; hiking boots, size 42) has "
          "<span style='color:green'>shipped</span>.</p><p>Tracking "
          "number: <a href='https://shop.example.com/track/EX123456789'>"
          "EX123456789</a></p></body></html>")
    d.add("invoice-17", 8, SHOP, "Invoice 2024-017",
          "Dear customer,\n\nplease find attached invoice 2024-017.\n",
          attach=[attachment_pdf("invoice-2024-017.pdf",
                                 "Invoice 2024-017: 89.90 EUR")])


PLAN = """Hi all,

the release plan for version 1.0 is below. Please reply by Friday if \
anything is missing. Paragraphs in this message are long lines \
flowed by the client, so a reader can wrap them to the width of its \
window instead of at 72 columns.

1. Freeze features on the 1st. After that only bug fixes go in, \
and every fix needs a test that failed before it.

2. Translations: strings are frozen one week after the feature \
freeze, so translators have two full weeks.

3. Release candidate on the 15th, final release two weeks later \
if no blocker is found.

Thanks,
Alice
"""


def lists(d):
    d.add("plan-1", 7, ALICE, "[dev] Release plan for 1.0", PLAN,
          flowed=True, extra={"List-Id": "Developers <dev.lists.example.org>",
                              "List-Post": "<mailto:dev@lists.example.org>",
                              "Sender": "dev@lists.example.org"})
    d.add("plan-2", 6.9, BOB, "Re: [dev] Release plan for 1.0",
          "> 1. Freeze features on the 1st.\n\nCan we make it the 3rd? "
          "Two features are almost done.\n\nBob\n", reply_to_key="plan-1",
          extra={"List-Id": "Developers <dev.lists.example.org>"})
    d.add("plan-3", 6.8, ALICE, "Re: [dev] Release plan for 1.0",
          "> Can we make it the 3rd?\n\nFine with me, the 3rd it is.\n",
          reply_to_key="plan-2",
          extra={"List-Id": "Developers <dev.lists.example.org>"})
    d.add("plan-4", 6.5, ME, "Re: [dev] Release plan for 1.0",
          ">> Can we make it the 3rd?\n> Fine with me, the 3rd it is.\n\n"
          "I will update the calendar.\n", reply_to_key="plan-3",
          extra={"List-Id": "Developers <dev.lists.example.org>"})


def misc(d):
    d.add("notes-1", 5, BOB, "Meeting notes",
          "Notes from today's meeting are attached as text.\n",
          attach=[attachment_text(
              "notes.txt", "Meeting notes\n=============\n\n- budget ok\n"
              "- next meeting: Tuesday\n- action: Demo writes the summary\n")])
    d.add("lunch-1", 4, ALICE, "Lunch?", "Lunch at noon, the usual place?\n")
    d.add("lunch-2", 3.99, ME, "Re: Lunch?", "Sure, see you there.\n",
          reply_to_key="lunch-1")
    d.add("lunch-3", 3.98, ALICE, "Re: Lunch?", "👍\n",
          reply_to_key="lunch-2")
    d.add("de-utf8", 3, JUERGEN, "Unterlagen für Donnerstag",
          "Hallo,\n\nanbei die Unterlagen. Die Übersicht über die Kosten "
          "ist auf Seite 2.\n\nGrüße aus Köln\nJürgen\n",
          attach=[attachment_pdf("Unterlagen.pdf", "Kostenuebersicht"),
                  attachment_text("Übersicht.txt",
                                  "Kosten: 1.250 €\nStand: Mai\n")])
    d.add("fr-utf8", 2, CLAIRE, "Séminaire d'été : hôtel réservé",
          "C'est fait : l'hôtel « Les Mûriers » est réservé du 12 au 14 "
          "juillet.\nPensez à vos maillots de bain !\n\nClaire\n")
    d.add("reminder-1", 1, ("", "noreply@calendar.example.com"),
          "Reminder: dentist tomorrow at 9:30",
          "This is an automatic reminder.\n\nDentist, tomorrow 9:30.\n")
    d.add("welcome", 0.01, ("tern", "tern@tern.test"), "Welcome to the tern "
          "demo", "This account is served by a private Dovecot and Postfix "
          "on 127.0.0.1.\nEverything here was sent through SMTP submission "
          "like real mail.\n\nTry: tern search 'from:alice' or tern show "
          "id:hike-1@demo.tern.test\n")


def build(to):
    d = Demo(to, time.time())
    for part in (hike, german, french, russian, japanese, chinese, greek,
                 emoji, commerce, lists, misc):
        part(d)
    d.messages.sort(key=lambda m: m[0])
    return d.messages


def send(args, messages):
    with open(args.password_file) as f:
        password = f.readline().rstrip("\n")
    ctx = ssl.create_default_context(cafile=args.ca)
    with smtplib.SMTP(args.host, args.port, timeout=30) as s:
        s.starttls(context=ctx)
        s.login(args.user, password)
        for _, _, msg in messages:
            s.sendmail("%s@tern.test" % args.user,
                       [email.utils.parseaddr(args.to)[1]], msg.as_bytes())


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int)
    p.add_argument("--ca")
    p.add_argument("--user", default="demo")
    p.add_argument("--password-file")
    p.add_argument("--to", default="Demo User <demo@tern.test>")
    p.add_argument("--list", action="store_true")
    p.add_argument("--write")
    args = p.parse_args()
    messages = build(args.to)
    if args.list:
        for _, subject, _ in messages:
            print(subject)
        return 0
    if args.write:
        os.makedirs(args.write, exist_ok=True)
        for i, (_, _, msg) in enumerate(messages, 1):
            with open(os.path.join(args.write, "%02d.eml" % i), "wb") as f:
                f.write(msg.as_bytes())
        return 0
    if not (args.port and args.ca and args.password_file):
        p.error("--port, --ca and --password-file are needed to send")
    send(args, messages)
    print(len(messages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
