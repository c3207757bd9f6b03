#!/usr/bin/env bash
# Install Breachdesk in .venv and start it on SQLite with the demo world.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e .

export DEBUG="${DEBUG:-true}"
export BREACHDESK_DATA_DIR="${BREACHDESK_DATA_DIR:-$PWD/data}"
ADDRESS="${BREACHDESK_ADDRESS:-127.0.0.1:8000}"
# The demo has no mail server: its e-mails are written as files to data/mail/.
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"

.venv/bin/breachdesk migrate --no-input -v0
.venv/bin/breachdesk demo
echo "Starting Breachdesk at http://${ADDRESS}/ with its scheduler; e-mails go to ${BREACHDESK_DATA_DIR}/mail/ (Ctrl-C stops it)"
exec .venv/bin/breachdesk serve "$ADDRESS"
