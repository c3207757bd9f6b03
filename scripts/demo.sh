#!/usr/bin/env bash
# Install Breachdesk in .venv and start it on SQLite with the demo world.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e .

# The demo runs as production does (DEBUG off: Breachdesk's own error pages, never Django's
# technical ones; gunicorn, with whitenoise serving the static files), but on plain HTTP at a
# local address: no redirect to HTTPS, cookies without the Secure flag, no HSTS.
export DEBUG="${DEBUG:-false}"
export BREACHDESK_DATA_DIR="${BREACHDESK_DATA_DIR:-$PWD/data}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-false}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-false}"
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
# The demo's own secret key, made once and kept in its data directory, readable by its owner.
if [ -z "${SECRET_KEY:-}" ]; then
  (umask 077 && mkdir -p "$BREACHDESK_DATA_DIR")
  key_file="$BREACHDESK_DATA_DIR/demo-secret-key"
  if [ ! -s "$key_file" ]; then
    (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' >"$key_file")
  fi
  SECRET_KEY="$(cat "$key_file")"
  export SECRET_KEY
fi
ADDRESS="${BREACHDESK_ADDRESS:-127.0.0.1:8000}"
# The demo has no mail server: its e-mails are written as files to data/mail/.
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"

.venv/bin/breachdesk migrate --no-input -v0
.venv/bin/breachdesk collectstatic --no-input -v0
.venv/bin/breachdesk demo
echo "Starting Breachdesk at http://${ADDRESS}/ with its scheduler; e-mails go to ${BREACHDESK_DATA_DIR}/mail/ (Ctrl-C stops it)"
exec .venv/bin/breachdesk serve "$ADDRESS"
