#!/usr/bin/env bash
# Install what the tests need and run the whole suite. Arguments go to pytest.
# SQLite by default; DATABASE_URL=postgres://user@host:port/name runs it on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests" >&2
    exit 1
  fi
fi

python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e ".[dev]"

export BREACHDESK_DATA_DIR="${BREACHDESK_DATA_DIR:-$(mktemp -d)}"
set +e
.venv/bin/pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here, not a pass" >&2
  exit 1
fi
exit "$status"
