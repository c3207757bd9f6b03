#!/usr/bin/env bash
# Fail when a Swedish translation is missing or fuzzy, or the compiled catalogue is stale.
# Needs GNU gettext (msgfmt, msgattrib, xgettext).
set -euo pipefail
cd "$(dirname "$0")/.."
PO=locale/sv/LC_MESSAGES/django.po
MO=locale/sv/LC_MESSAGES/django.mo
work=$(mktemp -d)
trap 'cp "$work/django.po" "$PO"; rm -rf "$work"' EXIT
cp "$PO" "$work/django.po"

msgfmt --check -o "$work/django.mo" "$PO"
if ! cmp -s "$work/django.mo" "$MO"; then
  echo "$MO is not compiled from $PO: run 'msgfmt -o $MO $PO'" >&2
  exit 1
fi

DEBUG=true BREACHDESK_DATA_DIR="$work" .venv/bin/breachdesk makemessages -l sv --no-obsolete \
  --ignore=.venv --ignore=tests --ignore=build --ignore=bench --ignore=frontend -v0
missing=$(msgattrib --untranslated --no-obsolete "$PO" | grep '^msgid' | grep -v '^msgid ""$' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$PO" | grep '^msgid' | grep -v '^msgid ""$' || true)
if [ -n "$missing$fuzzy" ]; then
  echo "Swedish translations missing or fuzzy in $PO:" >&2
  printf '%s\n' "$missing" "$fuzzy" | sed '/^$/d' >&2
  exit 1
fi
echo "Swedish catalogue complete: $(grep -c '^msgid' "$PO") messages"
