"""Settings for the test suite: production settings, with only what plain-HTTP tests need."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "t" * 40)
os.environ.setdefault("DEBUG", "false")
# Tests talk plain HTTP to the test client and the live server.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from breachdesk.settings import *  # noqa: F403

# Hashing cost is not under test here; it only slows every login.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Serve static files from the finders in tests (the browser test loads the stylesheet).
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# scripts/test.sh keeps the SQLite test database between local runs (--reuse-db), beside the
# environment: the data directory is new for each run.
_kept = os.environ.get("BREACHDESK_TEST_DATABASE_DIR")
_database = DATABASES["default"]  # noqa: F405
if _kept and _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["TEST"]["NAME"] = os.path.join(_kept, "test-breachdesk.sqlite3")
