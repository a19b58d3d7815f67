#!/usr/bin/env python3
"""Write a synthetic but realistic Maildir for benchmarks.

    genmail.py OUTDIR [--count N] [--seed S] [--years Y]

OUTDIR receives cur/, new/ and tmp/ with N message files.  The same count
and seed always give byte-identical files (Python 3.9 or later, standard
library only).

What the mail looks like:
  - sizes: most 2-20 KB, some 20-500 KB, about 1% with 1-5 MB attachments;
  - plain text, multipart/alternative (text + HTML), multipart/related
    (HTML with inline images), multipart/mixed with base64 attachments,
    forwarded message/rfc822 parts, RFC 2231 file names;
  - bodies and RFC 2047 headers in UTF-8, ISO-8859-1, ISO-8859-15,
    windows-1252, KOI8-R, ISO-2022-JP, GB2312 and US-ASCII, sent as 7bit,
    8bit, quoted-printable or base64;
  - reply threads with In-Reply-To/References chains of varying depth,
    some pointing at messages that are not in the folder;
  - about 900 senders, 24 mailing lists with List-* headers, dates spread
    over several years in the senders' time zones;
  - Maildir flags (:2,S  :2,RS  :2,FS  :2, ...) and the newest messages in
    new/; a few duplicate Message-IDs, a few messages without one, and a
    few raw UTF-8 headers (RFC 6532).
"""

import argparse
import base64
import binascii
import bisect
import os
import random
import sys
import time
import urllib.parse

END_EPOCH = 1719792000      # 2024-07-01 00:00:00 UTC: fixed, for determinism
OWNER = ("Pat Morgan", "pat@home.example")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# ---------------------------------------------------------------- languages

WORDS = {
    "en": """the of and to in is that for it with as was on be at by this
        have from or an but not are we will can all your which there their
        one has been would more if about when out so what up time people
        some into them only other new also then see any could make like now
        than first over after back work well because good way these day year
        release patch build server message thread review branch merge commit
        meeting schedule invoice report budget project deadline customer
        please thanks regards update question answer issue problem fixed
        version kernel driver config option default value change test tests
        failing passing benchmark memory latency cache index query database
        network packet socket timeout retry error warning document draft
        proposal agenda minutes quarter team office travel flight hotel
        weekend family dinner garden photos holiday birthday tomorrow
        yesterday morning afternoon evening monday tuesday wednesday
        thursday friday contract payment shipping order account password
        security upgrade downtime maintenance window backup restore migrate
        library function pointer buffer overflow compiler warning linker
        upstream downstream maintainer reviewer feedback suggestion
        agree disagree exactly probably perhaps definitely certainly""",
    "de": """der die das und ist nicht ein eine zu mit von für auf den dem
        wir ihr sie ich es auch noch nur schon über nach bei wie oder aber
        wenn dann wird werden hätte könnte müssen würde gemäß Grüße Größe
        Besprechung Änderung Übersicht Prüfung Lösung Straße Bürozeiten
        Rückmeldung Verfügung Entwurf Rechnung Zahlung Frühstück Mittwoch
        Donnerstag Freitag Jahresabschluss Geschäftsführung Überweisung
        Kündigung Vertrag Abstimmung Fehlerbehebung Schlüssel Verzeichnis
        Datenbank Sicherung Wartung Ausfall Benutzer Passwort Schnittstelle
        natürlich übrigens ungefähr möglichst später früher gegenüber
        Bestätigung Termin Urlaub Feiertag Kollegen Abteilung Kunde""",
    "fr": """le la les de des du un une et est pas que qui pour dans sur avec
        nous vous ils elle très déjà été être où après avant même ça
        réunion équipe problème résolu dernière première fenêtre élève
        réponse sécurité mise à jour paramètre système procédure début
        fin semaine prochaine réglé envoyé reçu facture paiement délai
        dépôt révision français connaissance intéressé bientôt peut-être
        cordialement merci bonne journée à demain voilà l'équipe s'il
        plaît déménagement congés rendez-vous Noël hôtel château fenêtre""",
    "es": """el la los las de del y en que es un una por para con no se su
        sus más pero como también está están año años día días mañana
        reunión información número teléfono dirección contraseña niño
        español gestión revisión versión corrección público próximo
        último después además según aquí allí señor señora gracias saludos
        atentamente envío pago factura presupuesto cumpleaños vacaciones""",
    "ru": """и в не на я что он с как а то все она так его но да ты к у же
        вы за бы по только ее мне было вот от меня еще нет о из ему теперь
        когда даже ну вдруг ли если уже или ни быть был него до вас нибудь
        сервер письмо версия сборка исправление ошибка вопрос ответ встреча
        проект отчёт счёт оплата договор сроки задача релиз обновление
        база данных индекс запрос память кэш сеть таймаут пользователь
        спасибо пожалуйста здравствуйте коллеги завтра сегодня вчера""",
}

# Sentences for the languages that are not written with spaces.  Everything
# here must be encodable in ISO-2022-JP (ja) or GB2312 (zh).
PHRASES = {
    "ja": """お世話になっております 先日の会議の件ですが 資料を添付いたします
        ご確認のほどよろしくお願いいたします 来週の打ち合わせについて
        サーバーの移行作業は予定通り完了しました 新しいバージョンを公開しました
        不具合の修正を含んでいます 見積書をお送りします 請求書の件
        本日は雨のため延期となりました 担当者に確認いたします
        お手数をおかけしますが 返信が遅くなり申し訳ありません
        データベースの索引を再構築しました メモリ使用量が増加しています
        テスト結果を共有します 東京 大阪 京都 名古屋 福岡 札幌
        今後ともよろしくお願いいたします 以上です 山田 佐藤 鈴木 高橋""",
    "zh": """您好 关于上周的会议 附件是最新的报告 请查收 谢谢
        服务器迁移已经完成 新版本已经发布 修复了几个问题 请尽快回复
        下周二下午开会 合同已经签好了 发票已经寄出 数据库索引重建完成
        内存使用量有所增加 测试结果如下 北京 上海 广州 深圳 杭州 成都
        祝好 此致敬礼 王伟 李娜 张敏 刘洋 陈静 项目进度 需求文档
        用户反馈 性能测试 网络延迟 安全更新 备份恢复 周末愉快""",
}

# Which charsets each language is sent in, with weights.
CHARSETS = {
    "en": (("us-ascii", 45), ("utf-8", 35), ("windows-1252", 12),
           ("iso-8859-1", 8)),
    "de": (("utf-8", 45), ("iso-8859-1", 25), ("iso-8859-15", 15),
           ("windows-1252", 15)),
    "fr": (("utf-8", 45), ("iso-8859-15", 25), ("iso-8859-1", 15),
           ("windows-1252", 15)),
    "es": (("utf-8", 55), ("iso-8859-1", 30), ("windows-1252", 15)),
    "ru": (("koi8-r", 50), ("utf-8", 50)),
    "ja": (("iso-2022-jp", 60), ("utf-8", 40)),
    "zh": (("gb2312", 60), ("utf-8", 40)),
}
LANG_WEIGHTS = (("en", 62), ("de", 10), ("fr", 7), ("es", 5), ("ru", 7),
                ("ja", 5), ("zh", 4))
# Characters only some charsets have: sprinkled in to exercise them.
EXTRA = {"utf-8": " ✓ — “quoted” € 😀", "windows-1252": " “quoted” – € …",
         "iso-8859-15": " € œ", "iso-8859-1": " © ½ «»"}

NAMES = {
    "en": ("James Mary Robert Patricia John Jennifer Michael Linda David "
           "Elizabeth William Susan Richard Jessica Joseph Sarah Thomas Karen "
           "Chris Nancy Daniel Lisa Matthew Betty Anthony Sandra Mark Ashley",
           "Smith Johnson Williams Brown Jones Garcia Miller Davis Wilson "
           "Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White "
           "Harris Clark Lewis Robinson Walker Young Allen King O'Brien"),
    "de": ("Jürgen Björn Günter Käthe Sören Jörg Ute Hans Lena Matthias "
           "Sabine Uwe Dörte Claudia Frank Ralf",
           "Müller Schröder Köhler Groß Weiß Bäcker Schäfer Krüger Fuchs "
           "Hoffmann Wagner Becker Schulz Lößner"),
    "fr": ("François Hélène Benoît Célestine Jérôme Noémie Gaëlle Loïc "
           "Amélie Théo Camille Léa",
           "Lefèvre Dubois Moreau Girard Bézier Fontaine Mercier Lambert "
           "Rousseau Chevalier"),
    "es": ("José María Begoña Íñigo Ramón Lucía Martín Inés Sofía Andrés",
           "García Fernández López Martínez Sánchez Pérez Gómez Muñoz Ibáñez"),
    "ru": ("Алексей Мария Дмитрий Елена Сергей Ольга Иван Наталья Пётр Юлия",
           "Смирнов Иванов Кузнецов Попов Соколов Лебедев Козлов Новиков"),
    "ja": ("太郎 花子 健一 美咲 翔太 陽子 大輔 直美",
           "山田 佐藤 鈴木 高橋 田中 渡辺 伊藤 中村"),
    "zh": ("伟 娜 敏 静 洋 强 磊 军 勇 艳", "王 李 张 刘 陈 杨 黄 赵 周 吴"),
}

DOMAINS = ("example.com", "example.org", "example.net", "mail.example",
           "corp.example", "uni-bench.example", "post.example", "isp.example")
MAILERS = ("Mutt/2.2.12 (2023-09-09)", "Mozilla Thunderbird 115.6.0",
           "Microsoft Outlook 16.0", "Apple Mail (2.3774.300.61.1.2)",
           "Evolution 3.50.2", "Claws Mail 4.2.0", "aerc 0.17.0",
           "Roundcube Webmail/1.6.5", "K-9 Mail for Android",
           "Gnus/5.13 (Gnus v5.13)", "git-send-email 2.43.0")
LISTS = ("dev", "users", "announce", "kernel", "security", "packaging",
         "docs", "i18n", "infra", "devel-de", "utilisateurs", "general",
         "ru-users", "ja-users", "zh-devel", "release", "bugs", "commits",
         "design", "testing", "gnome-list", "rust-users", "postgres-hackers",
         "community")
LIST_LANG = {"devel-de": "de", "utilisateurs": "fr", "ru-users": "ru",
             "ja-users": "ja", "zh-devel": "zh"}
ATTACH = (("application/pdf", "pdf", b"%PDF-1.7\n"),
          ("image/jpeg", "jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
          ("image/png", "png", b"\x89PNG\r\n\x1a\n"),
          ("application/zip", "zip", b"PK\x03\x04"),
          ("application/vnd.openxmlformats-officedocument."
           "wordprocessingml.document", "docx", b"PK\x03\x04"),
          ("application/octet-stream", "bin", b""))
FILE_STEMS = ("report", "invoice", "IMG_%04d", "scan_%04d", "slides",
              "budget-2023", "contract", "photo", "minutes", "Übersicht",
              "résumé", "отчёт", "資料", "报告", "backup", "logs")
FLAGS = ((":2,S", 70), (":2,", 9), (":2,RS", 9), (":2,FS", 5),
         (":2,FRS", 2), (":2,F", 1), (":2,PS", 2), (":2,RS", 2))


def weighted(rng, pairs):
    """Pick the first item of one (item, weight) pair."""
    items = [p[0] for p in pairs]
    return rng.choices(items, weights=[p[1] for p in pairs])[0]


class Zipf:
    """Draw words from a vocabulary with a Zipf-like frequency."""

    def __init__(self, rng, words):
        self.words = words
        total, self.cum = 0.0, []
        for rank in range(len(words)):
            total += 1.0 / (rank + 1)
            self.cum.append(total)
        self.rng = rng

    def draw(self, k):
        return self.rng.choices(self.words, cum_weights=self.cum, k=k)


def pseudo_words(rng, count, syllables):
    """Made-up words, so the index sees a vocabulary of realistic size."""
    out = []
    for _ in range(count):
        out.append("".join(rng.choice(syllables)
                           for _ in range(rng.randint(2, 4))))
    return out


def wrap(words, width=72):
    """Join words into lines of at most width characters."""
    lines, line, n = [], [], 0
    for w in words:
        if n and n + 1 + len(w) > width:
            lines.append(" ".join(line))
            line, n = [], 0
        line.append(w)
        n += len(w) + (1 if n else 0)
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


class Text:
    """Pools of pre-wrapped paragraphs per language."""

    SYL = {"en": "ka ro mi tel vin dor sa pe lu nix tra qua bel sor "
                 "fen gal mo ta re zu ly".split(),
           "de": "ber ge lich keit schaft ung ver zu ma rü ös ä ber "
                 "stein haus feld".split(),
           "fr": "é la ré on ette ier ment tion bé ça ou eau".split(),
           "es": "ción dad ña ro ta me ci ón lo za bi".split(),
           "ru": "ка ро ми тель вин дор са пе лу ни тра ще ий ов".split()}

    def __init__(self, rng):
        self.rng = rng
        self.pool = {}
        for lang, words in WORDS.items():
            vocab = words.split()
            vocab += pseudo_words(rng, 6000 if lang == "en" else 2500,
                                  self.SYL[lang])
            z = Zipf(rng, vocab)
            n = 1500 if lang == "en" else 400
            self.pool[lang] = [self._paragraph(z) for _ in range(n)]
        for lang, phrases in PHRASES.items():
            items = phrases.split()
            self.pool[lang] = [self._cjk(items) for _ in range(300)]

    def _paragraph(self, z):
        sentences = []
        for _ in range(self.rng.randint(1, 6)):
            w = z.draw(self.rng.randint(4, 18))
            w[0] = w[0][:1].upper() + w[0][1:]
            sentences.append(" ".join(w) + self.rng.choice(".....?!:"))
        return wrap(" ".join(sentences).split(" "))

    def _cjk(self, items):
        s = "".join(self.rng.choice(items) + self.rng.choice("、。、、")
                    for _ in range(self.rng.randint(3, 12)))
        return "\n".join(s[i:i + 36] for i in range(0, len(s), 36))

    def body(self, lang, size):
        """About size characters of paragraphs."""
        out, n = [], 0
        pool = self.pool[lang]
        while n < size:
            p = self.rng.choice(pool)
            out.append(p)
            n += len(p) + 2
        return out

    def subject(self, lang):
        if lang in PHRASES:
            s = self.rng.choice(self.pool[lang]).replace("\n", "")
            return s[:self.rng.randint(8, 24)].rstrip("、。")
        words = self.rng.choice(self.pool[lang]).replace("\n", " ").split()
        start = self.rng.randint(0, max(0, len(words) - 3))
        s = " ".join(words[start:start + self.rng.randint(3, 9)])
        return s.rstrip(".?!:").capitalize()


# ---------------------------------------------------------------- encoding

def q_encode(raw):
    out = []
    for b in raw:
        c = chr(b)
        if b == 32:
            out.append("_")
        elif c.isalnum() and b < 128 or c in "!*+-/":
            out.append(c)
        else:
            out.append("=%02X" % b)
    return "".join(out)


def encode_words(text, charset, rng):
    """RFC 2047 encoded words for text, each at most 75 characters."""
    label = charset.upper() if rng.random() < 0.5 else charset
    enc = "B" if charset in ("iso-2022-jp", "gb2312", "koi8-r") or \
        rng.random() < 0.4 else "Q"
    room = 75 - len(label) - 7
    words, chunk = [], ""
    for ch in text:
        cand = chunk + ch
        raw = cand.encode(charset)
        size = len(raw) * 4 // 3 + 4 if enc == "B" else len(q_encode(raw))
        if chunk and size > room:
            words.append(chunk)
            chunk = ch
        else:
            chunk = cand
    if chunk:
        words.append(chunk)
    out = []
    for w in words:
        raw = w.encode(charset)
        payload = base64.b64encode(raw).decode() if enc == "B" \
            else q_encode(raw)
        out.append("=?%s?%s?%s?=" % (label, enc, payload))
    return out


def header(name, text, charset, rng, raw8=False):
    """A folded header line; non-ASCII text becomes encoded words."""
    if text.isascii() or raw8:
        return fold(name, text.split(" "))
    if charset == "us-ascii":
        charset = "utf-8"
    return fold(name, encode_words(text, charset, rng))


def fold(name, tokens, width=76):
    line = name + ":"
    lines = []
    for t in tokens:
        if len(line) + 1 + len(t) > width and line.strip() != name + ":":
            lines.append(line)
            line = " " + t
        else:
            line += " " + t
    lines.append(line)
    return "\n".join(lines)


def mailbox(person, rng, charset=None):
    """name <addr> with the name encoded in the person's charset."""
    name, addr, lang, cs = person[:4]
    if charset is None:
        charset = cs
    if name.isascii():
        if "," in name or "'" in name:
            return '"%s" <%s>' % (name, addr)
        return "%s <%s>" % (name, addr)
    if charset == "us-ascii":
        charset = "utf-8"
    return " ".join(encode_words(name, charset, rng)) + " <%s>" % addr


def rfc2822_date(epoch, tz_minutes):
    t = time.gmtime(epoch + tz_minutes * 60)
    sign = "+" if tz_minutes >= 0 else "-"
    tz = abs(tz_minutes)
    return "%s, %02d %s %d %02d:%02d:%02d %s%02d%02d" % (
        WEEKDAYS[t.tm_wday], t.tm_mday, MONTHS[t.tm_mon - 1], t.tm_year,
        t.tm_hour, t.tm_min, t.tm_sec, sign, tz // 60, tz % 60)


def transfer(data, charset, rng):
    """(Content-Transfer-Encoding, encoded bytes) for a text part."""
    if charset in ("us-ascii", "iso-2022-jp"):
        return "7bit", data
    r = rng.random()
    if charset == "gb2312":
        return ("base64", base64.encodebytes(data)) if r < 0.7 \
            else ("8bit", data)
    if r < 0.6:
        return "quoted-printable", binascii.b2a_qp(data, istext=True)
    if r < 0.85:
        return "8bit", data
    return "base64", base64.encodebytes(data)


# ---------------------------------------------------------------- generator

class Generator:
    def __init__(self, seed, count, years):
        self.rng = random.Random(seed)
        self.seed = seed
        self.count = count
        self.start = END_EPOCH - int(years * 365.25 * 86400)
        self.text = Text(self.rng)
        self.blob = self.rng.randbytes(6 << 20)
        self.people = self._people(900)
        self.lists = [self._list(n) for n in LISTS]
        self.recent = []          # thread state of the newest messages
        self.hot = []             # newest message of a few busy threads
        self.serial = 0
        self.stats = {"files": 0, "bytes": 0, "replies": 0, "dups": 0,
                      "no_msgid": 0, "orphans": 0, "max_depth": 0}

    # -- people and lists
    def _people(self, n):
        rng, out = self.rng, []
        for i in range(n):
            lang = weighted(rng, LANG_WEIGHTS)
            first, last = (s.split() for s in NAMES[lang])
            f, l = rng.choice(first), rng.choice(last)
            name = l + f if lang in ("ja", "zh") else "%s %s" % (f, l)
            if lang == "en" and rng.random() < 0.05:
                name = "%s, %s" % (l, f)
            local = "%s.%s%d" % (f.lower(), l.lower(), i) if f.isascii() \
                and l.isascii() else "user%d" % i
            local = local.replace("'", "").replace(" ", "")
            addr = "%s@%s" % (local, rng.choice(DOMAINS))
            cs = weighted(rng, CHARSETS[lang])
            tz = rng.choice((-480, -420, -300, -240, 0, 0, 60, 60, 120, 120,
                             180, 330, 480, 540))
            if rng.random() < 0.04:
                name = ""
            out.append((name, addr, lang, cs, tz, rng.choice(MAILERS)))
        return out

    def _list(self, name):
        lang = LIST_LANG.get(name, "en")
        members = [p for p in self.people if p[2] == lang or
                   (lang == "en" and self.rng.random() < 0.3)]
        return {"name": name, "lang": lang,
                "addr": "%s@lists.example.org" % name,
                "members": self.rng.sample(members, min(60, len(members)))}

    def person(self, lang=None):
        if lang and self.rng.random() < 0.7:
            return self._person_lang(lang)
        return self.rng.choice(self.people)

    def _person_lang(self, lang):
        for _ in range(10):
            p = self.rng.choice(self.people)
            if p[2] == lang:
                return p
        return self.rng.choice(self.people)

    # -- one message
    def new_thread(self):
        rng = self.rng
        lst = rng.choice(self.lists) if rng.random() < 0.55 else None
        lang = lst["lang"] if lst else weighted(rng, LANG_WEIGHTS)
        if lst and lang == "en" and rng.random() < 0.15:
            lang = weighted(rng, LANG_WEIGHTS)
        sender = rng.choice(lst["members"]) if lst else self.person(lang)
        return {"list": lst, "lang": lang, "subject": self.text.subject(lang),
                "refs": [], "parent": None, "depth": 0, "from": sender,
                "msgid": None}

    def reply_to(self, parent):
        rng = self.rng
        refs = parent["refs"] + [parent["msgid"]]
        if len(refs) > 12:
            refs = refs[:1] + refs[-10:]
        lst = parent["list"]
        sender = rng.choice(lst["members"]) if lst and rng.random() < 0.8 \
            else self.person(parent["lang"])
        if sender is parent["from"]:
            sender = self.person(parent["lang"])
        return {"list": lst, "lang": parent["lang"],
                "subject": parent["subject"], "refs": refs,
                "parent": parent, "depth": parent["depth"] + 1,
                "from": sender, "msgid": None}

    def pick_thread(self):
        rng = self.rng
        if self.recent and rng.random() < 0.45:
            if self.hot and rng.random() < 0.3:      # a long discussion
                parent = rng.choice(self.hot)
            else:
                i = len(self.recent) - 1 - min(
                    int(rng.expovariate(1 / 25.0)), len(self.recent) - 1)
                parent = self.recent[i]
            th = self.reply_to(parent)
            if rng.random() < 0.02:          # parent deleted long ago
                th["refs"][-1] = "<%x.%d@gone.example>" % (
                    rng.getrandbits(48), rng.randint(1, 99))
                self.stats["orphans"] += 1
            self.stats["replies"] += 1
            return th
        return self.new_thread()

    def msgid(self, epoch, sender):
        self.serial += 1
        dom = sender[1].split("@")[1]
        style = self.serial % 3
        if style == 0:
            return "<%d.%d.%x@%s>" % (epoch, self.serial,
                                     self.rng.getrandbits(32), dom)
        if style == 1:
            return "<CAH%s@mail.%s>" % (base64.b32encode(
                self.rng.randbytes(15)).decode().lower(), dom)
        return "<%08x-%04x-%04x-%012x@%s>" % (
            self.rng.getrandbits(32), self.rng.getrandbits(16),
            self.rng.getrandbits(16), self.rng.getrandbits(48), dom)

    def size_target(self):
        r = self.rng.random()
        if r < 0.80:
            return int(2048 * 10 ** (self.rng.random() ** 1.6))
        if r < 0.90:
            return self.rng.randint(20 << 10, 50 << 10)
        if r < 0.99:
            return int((50 << 10) * 10 ** self.rng.random())
        return self.rng.randint(1 << 20, (5 << 20) - 200000)

    def make(self, i, epoch):
        """(bytes, thread state) of message number i."""
        rng = self.rng
        th = self.pick_thread()
        if th["parent"]:
            epoch = max(epoch, th["parent"]["epoch"] + rng.randint(60, 86400))
            epoch = min(epoch, END_EPOCH - 1)
        th["epoch"] = epoch
        sender = th["from"]
        lang = th["lang"]
        charset = weighted(rng, CHARSETS[lang]) if rng.random() < 0.5 \
            else (sender[3] if sender[2] == lang else
                  weighted(rng, CHARSETS[lang]))
        target = self.size_target()
        th["msgid"] = self.msgid(epoch, sender)
        hdr = self.headers(th, sender, charset, epoch)
        body_hdr, body = self.body(th, charset, target - len(hdr) - 200)
        msg = hdr + body_hdr + "\n\n"
        return msg.encode("utf-8") + body, th

    def headers(self, th, sender, charset, epoch):
        rng = self.rng
        lst = th["list"]
        h = []
        me = OWNER[1]
        h.append("Return-Path: <%s>" % (
            "%s-bounces+pat=home.example@lists.example.org" % lst["name"]
            if lst else sender[1]))
        h.append("Delivered-To: %s" % me)
        hops = rng.randint(2, 4)
        for k in range(hops):
            h.append("Received: from mx%d.%s (mx%d.%s [192.0.2.%d])\n"
                     "\tby mail.home.example (Postfix) with ESMTPS id %X\n"
                     "\tfor <%s>; %s" % (
                         k, sender[1].split("@")[1], k,
                         sender[1].split("@")[1], rng.randint(1, 254),
                         rng.getrandbits(40), me,
                         rfc2822_date(epoch + (hops - k) * 3, 0)))
        if rng.random() < 0.6:
            h.append(self.dkim(sender, epoch))
        if rng.random() < 0.3:
            h.append("X-Spam-Status: No, score=-%d.%d required=5.0 "
                     "tests=BAYES_00,DKIM_SIGNED,\n\tDKIM_VALID,SPF_PASS "
                     "autolearn=ham version=3.4.6" %
                     (rng.randint(0, 5), rng.randint(0, 9)))
        h.append("Date: " + rfc2822_date(epoch, sender[4]))
        raw8 = charset == "utf-8" and rng.random() < 0.01
        if raw8 and not (sender[0] + th["subject"]).isascii():
            self.stats["raw8"] = self.stats.get("raw8", 0) + 1
            name = sender[0]
            if "," in name or "'" in name:
                name = '"%s"' % name
            h.append("From: %s <%s>" % (name, sender[1])
                     if name else "From: " + sender[1])
        else:
            h.append("From: " + (mailbox(sender, rng) if sender[0]
                                 else sender[1]))
        if lst:
            h.append("To: %s" % lst["addr"])
        else:
            h.append("To: %s <%s>" % OWNER)
        if rng.random() < 0.3:
            cc = [mailbox(self.person(), rng) for _ in
                  range(rng.randint(1, 6))]
            h.append(fold("Cc", [c + "," for c in cc[:-1]] + cc[-1:]))
        subj = th["subject"]
        if th["depth"]:
            subj = rng.choice(("Re: ", "Re: ", "Re: ", "RE: ",
                               "AW: " if th["lang"] == "de" else "Re: ")) \
                + subj
        if lst:
            subj = "[%s] %s" % (lst["name"], subj)
        h.append(header("Subject", subj, charset, rng, raw8))
        if rng.random() < 0.002:
            self.stats["no_msgid"] += 1
        else:
            h.append("Message-ID: " + th["msgid"])
        if th["refs"]:
            h.append("In-Reply-To: " + th["refs"][-1])
            h.append(fold("References", th["refs"]))
        h.append("MIME-Version: 1.0")
        mailer = sender[5]
        h.append(("X-Mailer: " if "Outlook" in mailer else "User-Agent: ")
                 + mailer)
        if lst:
            name = lst["name"]
            h.append("List-Id: %s discussion <%s.lists.example.org>"
                     % (name.capitalize(), name))
            h.append("List-Unsubscribe: <https://lists.example.org/"
                     "mailman/options/%s>,\n <mailto:%s-request@lists."
                     "example.org?subject=unsubscribe>" % (name, name))
            h.append("List-Archive: <https://lists.example.org/archives/%s/>"
                     % name)
            h.append("List-Post: <mailto:%s>" % lst["addr"])
            h.append("Precedence: list")
            h.append("Sender: \"%s\" <%s-bounces@lists.example.org>"
                     % (name, name))
        return "\n".join(h) + "\n"

    def dkim(self, sender, epoch):
        b = base64.b64encode(self.rng.randbytes(256)).decode()
        bh = base64.b64encode(self.rng.randbytes(32)).decode()
        dom = sender[1].split("@")[1]
        lines = ["DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; "
                 "d=%s;" % dom,
                 "\ts=sel%d; t=%d;" % (epoch % 7, epoch),
                 "\th=from:to:subject:date:message-id:mime-version;",
                 "\tbh=%s;" % bh, "\tb=" + b[:68]]
        lines += ["\t " + b[k:k + 70] for k in range(68, len(b), 70)]
        return "\n".join(lines)

    # -- bodies
    def text_part(self, th, charset, size, quote=True):
        """(plain text str, list of paragraphs) of about size characters."""
        rng = self.rng
        lang = th["lang"]
        paras = self.text.body(lang, max(size, 80))
        if charset in EXTRA and rng.random() < 0.5:
            paras[0] += EXTRA[charset]
        extra = ["Ticket #%d, build %x, see https://bugs.example.org/%d"
                 % (rng.randint(1000, 99999), rng.getrandbits(28),
                    rng.randint(1, 999999))]
        if quote and th["parent"] and rng.random() < 0.7:
            p = th["parent"]
            who = p["from"][0] or p["from"][1]
            intro = "On %s, %s wrote:" % (rfc2822_date(p["epoch"], 0), who)
            q = self.text.body(lang, rng.randint(200, 1500))
            quoted = "\n".join("> " + ln for ln in
                               "\n\n".join(q).split("\n"))
            paras = paras[:2] + [intro + "\n" + quoted] + paras[2:]
        sig = th["from"][0] or th["from"][1]
        return "\n\n".join(paras + extra) + "\n\n-- \n" + sig + "\n", paras

    def html_of(self, paras, charset, size=0):
        """HTML for paras; with size, a newsletter of about size bytes
        whose bulk is markup, as in real marketing mail."""
        esc = [p.replace("&", "&amp;").replace("<", "&lt;")
               .replace(">", "&gt;") for p in paras]
        style = ("<style type=\"text/css\">body{font-family:Helvetica,Arial,"
                 "sans-serif;font-size:14px;color:#222}p{margin:0 0 1em}"
                 "td{padding:4px 8px}.btn{background:#0366d6;color:#fff}"
                 "</style>\n")
        rows = ["<p>%s</p>\n" % e for e in esc]
        if size:
            rows, n, k = ["<table width=\"100%\" cellpadding=\"0\" "
                          "cellspacing=\"0\" border=\"0\">\n"], 0, 0
            camp = "%x" % self.rng.getrandbits(32)
            while n < size:
                e = esc[k % len(esc)]
                cut = e.find(" ", 60 + (k * 37) % 120)
                row = ("<tr>\n<td align=\"left\" style=\"padding:12px 24px;"
                       "font-family:Helvetica,Arial,sans-serif;font-size:"
                       "15px;line-height:22px;color:#333333;\">\n<a href="
                       "\"https://news.example.com/t/%x?utm_source=news&amp;"
                       "utm_medium=email&amp;utm_campaign=%s\" style=\"color:"
                       "#0366d6;text-decoration:none;\">\n%s</a>\n</td>\n"
                       "</tr>\n" % (self.rng.getrandbits(40), camp,
                                    e[:cut] if cut > 0 else e))
                rows.append(row)
                n += len(row)
                k += 1
            rows.append("</table>\n")
        return ("<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-"
                "Type\" content=\"text/html; charset=%s\">%s</head>\n<body>"
                "<div dir=\"ltr\">\n%s</div></body></html>\n"
                % (charset, style, "".join(rows)))

    def leaf(self, ctype, charset, text, extra=""):
        try:
            data = text.encode(charset)
        except UnicodeEncodeError:        # a name from another script
            charset = "utf-8"
            data = text.encode(charset)
        cte, enc = transfer(data, charset, self.rng)
        cs = charset if self.rng.random() < 0.6 else charset.upper()
        fmt = "; format=flowed" if ctype == "text/plain" and \
            self.rng.random() < 0.15 else ""
        head = "Content-Type: %s; charset=\"%s\"%s%s\n" \
            "Content-Transfer-Encoding: %s" % (ctype, cs, fmt, extra, cte)
        return head, enc

    def multipart(self, sub, parts):
        boundary = "=_%x_%d" % (self.rng.getrandbits(64), self.serial)
        head = "Content-Type: multipart/%s;\n boundary=\"%s\"" % (
            sub, boundary)
        out = [b"This is a multi-part message in MIME format.\n"]
        for h, b in parts:
            out.append(("\n--%s\n%s\n\n" % (boundary, h)).encode("utf-8"))
            out.append(b if b.endswith(b"\n") else b + b"\n")
        out.append(("\n--%s--\n" % boundary).encode())
        return head, b"".join(out)

    def attachment(self, size, inline_cid=None):
        rng = self.rng
        ctype, ext, magic = rng.choice(ATTACH[:3] if inline_cid else ATTACH)
        stem = rng.choice(FILE_STEMS)
        if "%" in stem:
            stem = stem % rng.randint(1, 9999)
        name = "%s.%s" % (stem, ext)
        off = rng.randint(0, len(self.blob) - min(size, len(self.blob)))
        data = magic + self.blob[off:off + size]
        while len(data) < size:
            data += self.blob[:size - len(data)]
        if name.isascii():
            params = "; name=\"%s\"" % name
            disp = "filename=\"%s\"" % name
        elif rng.random() < 0.5:                       # RFC 2231
            q = urllib.parse.quote(name.encode("utf-8"))
            params = ""
            disp = "filename*=UTF-8''%s" % q
        else:                                          # the common misuse
            enc = " ".join(encode_words(name, "utf-8", rng))
            params = "; name=\"%s\"" % enc
            disp = "filename=\"%s\"" % enc
        kind = "inline" if inline_cid else "attachment"
        head = "Content-Type: %s%s\nContent-Disposition: %s;\n %s\n" \
            "Content-Transfer-Encoding: base64" % (ctype, params, kind, disp)
        if inline_cid:
            head += "\nContent-ID: <%s>" % inline_cid
        return head, base64.encodebytes(data)

    def text_attachment(self, th, size):
        rng = self.rng
        if rng.random() < 0.5:
            start = th["epoch"] + 86400 * rng.randint(1, 20)
            t = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(start))
            ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n"
                   "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:%x@example.com\r\n"
                   "DTSTART:%s\r\nDURATION:PT1H\r\nSUMMARY:%s\r\n"
                   "END:VEVENT\r\nEND:VCALENDAR\r\n"
                   % (rng.getrandbits(64), t, "Meeting"))
            return ("Content-Type: text/calendar; charset=\"utf-8\"; "
                    "method=REQUEST\nContent-Transfer-Encoding: 7bit",
                    ics.encode())
        rows = ["date,account,amount,currency,note"]
        while sum(len(r) for r in rows) < size:
            rows.append("%s,%d,%d.%02d,EUR,%s" % (
                time.strftime("%Y-%m-%d", time.gmtime(
                    th["epoch"] - rng.randint(0, 1 << 24))),
                rng.randint(10000, 99999), rng.randint(1, 9999),
                rng.randint(0, 99), rng.choice(("ok", "late", "Überweisung",
                                                "refund", "cash"))))
        data = ("\r\n".join(rows) + "\r\n").encode("utf-8")
        return ("Content-Type: text/csv; charset=\"utf-8\"; name=\"data.csv\""
                "\nContent-Disposition: attachment; filename=\"data.csv\"\n"
                "Content-Transfer-Encoding: base64",
                base64.encodebytes(data))

    def body(self, th, charset, room):
        """(content headers, body bytes) filling about room bytes."""
        rng = self.rng
        room = max(room, 300)
        text_size = min(room, rng.randint(400, 9000)) if room > 30000 \
            else room
        r = rng.random()
        if room > 30000:
            return self.body_with_attachments(th, charset, room, text_size)
        if room > 12000 and r < 0.6:                # newsletter
            text, paras = self.text_part(th, charset, room // 8, False)
            html = self.html_of(paras, charset, room * 3 // 4)
            return self.multipart("alternative", [
                self.leaf("text/plain", charset, text),
                self.leaf("text/html", charset, html)])
        if r < 0.55:
            text, _ = self.text_part(th, charset, room)
            return self.leaf("text/plain", charset, text)
        if r < 0.92:
            text, paras = self.text_part(th, charset, room // 2)
            html = self.html_of(paras, charset)
            return self.multipart("alternative", [
                self.leaf("text/plain", charset, text),
                self.leaf("text/html", charset, html)])
        text, _ = self.text_part(th, charset, room // 2)
        return self.multipart("mixed", [
            self.leaf("text/plain", charset, text),
            self.text_attachment(th, room // 2)])

    def body_with_attachments(self, th, charset, room, text_size):
        rng = self.rng
        text, paras = self.text_part(th, charset, text_size)
        room -= text_size
        r = rng.random()
        if r < 0.25 and room < 400000:          # HTML newsletter
            cids = ["part%d.%x@example.com" % (k, rng.getrandbits(32))
                    for k in range(rng.randint(1, 4))]
            html = self.html_of(paras, charset, rng.randint(8000, 40000))
            per = max(room * 3 // 4 // len(cids) - 10000, 500)
            related = self.multipart("related", [
                self.leaf("text/html", charset, html)] +
                [self.attachment(per, c) for c in cids])
            return self.multipart("alternative", [
                self.leaf("text/plain", charset, text), related])
        if r < 0.35:                             # forwarded message
            inner = self.forwarded(th, min(room, 60000))
            first = self.leaf("text/plain", charset, text)
            parts = [first, ("Content-Type: message/rfc822\n"
                             "Content-Disposition: inline", inner)]
            if room > 80000:
                parts.append(self.attachment((room - len(inner)) * 3 // 4))
            return self.multipart("mixed", parts)
        n = 1 if room < 200000 else rng.randint(1, 3)
        first = self.leaf("text/plain", charset, text)
        if rng.random() < 0.5:
            first = self.multipart("alternative", [
                first, self.leaf("text/html", charset,
                                 self.html_of(paras, charset))])
        parts = [first] + [self.attachment(room * 3 // 4 // n)
                           for _ in range(n)]
        return self.multipart("mixed", parts)

    def forwarded(self, th, size):
        rng = self.rng
        sender = self.person(th["lang"])
        fake = {"list": None, "lang": th["lang"], "subject":
                self.text.subject(th["lang"]), "refs": [], "parent": None,
                "depth": 0, "from": sender,
                "msgid": self.msgid(th["epoch"] - 3600, sender)}
        cs = sender[3] if sender[2] == th["lang"] else "utf-8"
        hdr = self.headers(fake, sender, cs, th["epoch"] - rng.randint(
            3600, 86400 * 30))
        bh, body = self.leaf("text/plain", cs,
                             self.text_part(fake, cs, size // 2)[0])
        return (hdr + bh + "\n\n").encode("utf-8") + body

    # -- the folder
    def run(self, outdir):
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(outdir, sub), exist_ok=True)
        span = END_EPOCH - self.start
        rng = self.rng
        i = 0
        while i < self.count:
            epoch = self.start + span * i // self.count + rng.randint(0, 3600)
            data, th = self.make(i, epoch)
            self.remember(th)
            copies = 2 if rng.random() < 0.005 and i + 1 < self.count else 1
            for _ in range(copies):
                self.write(outdir, i, th["epoch"], data)
                i += 1
            self.stats["dups"] += copies - 1

    def remember(self, th):
        self.stats["max_depth"] = max(self.stats["max_depth"], th["depth"])
        parent = th["parent"]
        th["parent"] = None               # keep memory flat
        slot = [k for k, h in enumerate(self.hot) if h is parent]
        if slot:
            self.hot[slot[0]] = th
        elif th["depth"] == 0 and self.rng.random() < 0.03:
            self.hot.append(th)
            if len(self.hot) > 6:
                del self.hot[0]
        self.recent.append(th)
        if len(self.recent) > 400:
            del self.recent[:100]

    def write(self, outdir, i, epoch, data):
        base = "%d.R%dQ%d.bench" % (epoch, self.seed, i)
        newest = i >= self.count * 0.98
        if newest or self.rng.random() < 0.01:
            path = os.path.join(outdir, "new", base)
        else:
            path = os.path.join(outdir, "cur",
                                base + weighted(self.rng, FLAGS))
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (epoch, epoch))
        self.stats["files"] += 1
        self.stats["bytes"] += len(data)


def main():
    ap = argparse.ArgumentParser(
        description="Write a deterministic synthetic Maildir.")
    ap.add_argument("outdir", help="Maildir to create (cur/ new/ tmp/)")
    ap.add_argument("--count", type=int, default=10000,
                    help="number of message files (default 10000)")
    ap.add_argument("--seed", type=int, default=1,
                    help="random seed (default 1)")
    ap.add_argument("--years", type=float, default=8,
                    help="years the dates are spread over (default 8)")
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="do not print the summary")
    args = ap.parse_args()
    if args.count < 1:
        ap.error("--count must be at least 1")
    for sub in ("cur", "new"):
        d = os.path.join(args.outdir, sub)
        if os.path.isdir(d) and os.listdir(d):
            sys.exit("genmail: %s is not empty" % d)
    t0 = time.monotonic()
    g = Generator(args.seed, args.count, args.years)
    g.run(args.outdir)
    s = g.stats
    if not args.quiet:
        print("genmail: %d files, %.1f MB, %d replies (%d to missing "
              "parents, deepest %d), %d duplicates, %d without Message-ID, "
              "%d raw UTF-8 headers, %.1f s"
              % (s["files"], s["bytes"] / 1e6, s["replies"], s["orphans"],
                 s["max_depth"], s["dups"], s["no_msgid"], s.get("raw8", 0),
                 time.monotonic() - t0))


if __name__ == "__main__":
    main()
