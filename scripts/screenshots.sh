#!/usr/bin/env bash
# Regenerate the screenshots in docs/screenshots/ from the demo world: build it in a throwaway
# data directory, start Breachdesk on a free port, take the pictures (scripts/screenshots.py),
# stop the server. Needs .venv (scripts/demo.sh or scripts/install.sh) and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

data="$(mktemp -d)"
export DEBUG=true
export BREACHDESK_DATA_DIR="$data"
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:${port}"

.venv/bin/breachdesk migrate --no-input -v0
.venv/bin/breachdesk demo >/dev/null
.venv/bin/breachdesk serve "127.0.0.1:${port}" >"$data/server.log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT

answers() { curl --silent --fail --output /dev/null "${base}/login/"; }
for _ in $(seq 100); do
  if answers; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$data/server.log" >&2; exit 1; fi
  sleep 0.2
done
if ! answers; then
  echo "Breachdesk did not answer at ${base}" >&2
  cat "$data/server.log" >&2
  exit 1
fi
.venv/bin/python scripts/screenshots.py "$base" docs/screenshots
