#!/usr/bin/env python3
"""A scripted editor for the compose tests: EDITOR="python3 editor.py".

  editor.py FILE

Keeps a copy of the text it was given in $EDIT_DIR/seen.N (N counting
the runs from 1), then changes FILE as $EDIT_DIR/edit.N.json (or, when
that is missing, $EDIT_DIR/edit.json) says; a missing script leaves FILE
as it is. Keys, all optional:

  "headers"  {"To": "...", "Subject": "..."}: each field line replaced
             (or added before the blank line)
  "body"     the new body (replaces everything after the blank line)
  "prepend"  text put before the body
  "exit"     the exit status (default 0)
  "hang"     seconds to sleep before exiting (a crash test kills us)
"""
import json
import os
import sys
import time


def main(path):
    d = os.environ["EDIT_DIR"]
    n = 1
    while os.path.exists(os.path.join(d, "seen.%d" % n)):
        n += 1
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(d, "seen.%d" % n), "w", encoding="utf-8") as f:
        f.write(text)
    script = {}
    for name in ("edit.%d.json" % n, "edit.json"):
        p = os.path.join(d, name)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                script = json.load(f)
            break
    head, sep, body = text.partition("\n\n")
    lines = head.split("\n") if head else []
    for field, value in script.get("headers", {}).items():
        for i, line in enumerate(lines):
            if line.lower().startswith(field.lower() + ":"):
                lines[i] = "%s: %s" % (field, value)
                break
        else:
            lines.append("%s: %s" % (field, value))
    if "body" in script:
        body = script["body"]
    if "prepend" in script:
        body = script["prepend"] + body
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n\n" + body)
    if script.get("hang"):
        with open(os.path.join(d, "pid.%d" % n), "w") as f:
            f.write("%d\n" % os.getpid())
        time.sleep(script["hang"])
    sys.exit(script.get("exit", 0))


main(sys.argv[1])
