#!/usr/bin/env bash
# Install what the tests need and run the whole suite, in parallel. Arguments go to pytest
# (`-n 0` runs it in one process, `--create-db` builds the test database afresh).
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

bash scripts/install.sh

export BREACHDESK_DATA_DIR="${BREACHDESK_DATA_DIR:-$(mktemp -d)}"
# One worker per core (PYTEST_XDIST_AUTO_NUM_WORKERS=N says otherwise).
options=(--numprocesses auto)
# Locally the test database is kept between runs (pytest-django migrates it when migrations
# were added). CI starts from nothing every time. A SQLite test database lives beside the
# environment, not in the data directory, which is new for each run; a second run while one
# is going gets a database of its own.
if [ "${CI:-}" != "true" ]; then
  if [ -n "${DATABASE_URL:-}" ]; then
    options+=(--reuse-db)
  elif command -v flock >/dev/null; then
    mkdir -p .venv/test-database
    exec 9>.venv/test-database/lock
    if flock --nonblock 9; then
      export BREACHDESK_TEST_DATABASE_DIR="$PWD/.venv/test-database"
      options+=(--reuse-db)
    fi
  fi
fi
set +e
.venv/bin/pytest "${options[@]}" "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here, not a pass" >&2
  exit 1
fi
exit "$status"
