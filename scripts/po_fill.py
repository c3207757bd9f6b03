"""Fill Swedish translations into locale/sv/LC_MESSAGES/django.po from a Python dict file.

Usage: .venv/bin/python scripts/po_fill.py TRANSLATIONS.py  (a file defining T, and optionally
PLURALS {msgid: (singular, plural)} and CTX {(context, msgid): text}). Entries it fills lose
their fuzzy flag; it prints what is still untranslated or fuzzy. Needs polib (a dev tool).
"""

import runpy
import sys

import polib

PO = "locale/sv/LC_MESSAGES/django.po"

data = runpy.run_path(sys.argv[1])
texts, plurals, contexts = data.get("T", {}), data.get("PLURALS", {}), data.get("CTX", {})
po = polib.pofile(PO, wrapwidth=0)
for entry in po:
    if entry.obsolete:
        continue
    key = (entry.msgctxt, entry.msgid)
    if entry.msgctxt and key in contexts:
        entry.msgstr = contexts[key]
    elif not entry.msgctxt and entry.msgid_plural and entry.msgid in plurals:
        one, many = plurals[entry.msgid]
        entry.msgstr_plural = {0: one, 1: many}
    elif not entry.msgctxt and not entry.msgid_plural and entry.msgid in texts:
        entry.msgstr = texts[entry.msgid]
    else:
        continue
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgctxt = None
po.save(PO)
left = [e for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
for entry in left:
    print(f"{'[' + entry.msgctxt + '] ' if entry.msgctxt else ''}{entry.msgid}")
print(f"{len(left)} left", file=sys.stderr)
