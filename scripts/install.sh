#!/usr/bin/env bash
# Make .venv with Breachdesk and its development tools (the tests, linters, type checker). It is
# made when it is missing and made again when pyproject.toml has changed since it was made;
# otherwise it is used as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=.venv/pyproject.sha256
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -x .venv/bin/pytest ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing Breachdesk and its development tools in .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e ".[dev]"
  echo "$wanted" >"$stamp"
fi
