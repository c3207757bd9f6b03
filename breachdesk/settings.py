"""Settings for Breachdesk, read from the environment (see .env.example).

With nothing set, Breachdesk runs on SQLite in ./data. DATABASE_URL=postgres://...
switches to PostgreSQL. DEBUG=false without SECRET_KEY refuses to start.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from breachdesk.lib.env import env_bool, env_int, env_list, env_str

# Lets admin classes and querysets be subscripted at run time, as the type hints write them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("BREACHDESK_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-" + "x" * 20

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "breachdesk.accounts",
    "breachdesk.orgs",
    "breachdesk.audit",
    "breachdesk.incidents",
    "breachdesk.alerts",
    "breachdesk.documents",
    "django.contrib.admin",
    # The form renderer reads the project's templates (templates/govuk/) and Django's widgets.
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "breachdesk.ops",  # backup and restore, the SQLite files kept private (docs/operations.md)
    "breachdesk.demo",  # the demo world, above every other app: it builds through their services
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "breachdesk.orgs.middleware.MembershipsPerRequest",
    "django_otp.middleware.OTPMiddleware",
    "breachdesk.audit.middleware.AuditContextMiddleware",
    "breachdesk.accounts.middleware.SessionGuardMiddleware",
    # Renews the session's idle expiry at most once a minute (SESSION_SAVE_EVERY_REQUEST off).
    "breachdesk.accounts.middleware.SessionRefreshMiddleware",
    "breachdesk.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "breachdesk.lib.http.SecurityHeadersMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "breachdesk.urls"
WSGI_APPLICATION = "breachdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "breachdesk.orgs.context_processors.roles",
                "breachdesk.alerts.context_processors.unseen",
            ],
        },
    },
]

# Django's form templates, with select boxes written in Python (lib/forms.py).
FORM_RENDERER = "breachdesk.lib.forms.Renderer"

# Database: SQLite in DATA_DIR unless DATABASE_URL is set.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    }
    # Behind PgBouncer in transaction pooling, server-side cursors (.iterator()) cannot live
    # across its transactions: DATABASE_POOLED=true turns them off (docs/operations.md).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_POOLED", False)
else:
    # Readable by the service account only, as the database file in it (breachdesk/ops/files.py).
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "breachdesk.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy
                # timeout instead of failing with "database is locked" on lock upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not :memory:, so that concurrent tests see one database.
            "TEST": {"NAME": str(DATA_DIR / "test-breachdesk.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt while the username is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "breachdesk.accounts.oidc.OidcBackend",
]
# Argon2id first; the others only verify (and upgrade) hashes made before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: secure by default outside DEBUG.
SESSION_COOKIE_HTTPONLY = True
# A session ends after this many seconds without a request. Requests renew it, but write the
# session at most once a minute (accounts.middleware.SessionRefreshMiddleware), not each time.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A form sent from an expired or foreign page gets a page that says what to do.
CSRF_FAILURE_VIEW = "breachdesk.lib.error_pages.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # The preload flag only permits a submission to the browsers' list; nothing is submitted.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Lockout of local logins (django-axes): after AXES_FAILURE_LIMIT failed attempts for one
# username, further attempts are refused for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# By username: guessing one account's password from many addresses is stopped too. The price,
# that someone can lock a person out for the cool-off, is accepted (axes.W006 says so).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0)

# Two-factor login (TOTP, django-otp): the issuer shown in the authenticator app.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Breachdesk")

# Single sign-on through OpenID Connect (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT")
# The claim that matches a person to an account (email, or e.g. preferred_username, upn).
OIDC_MATCH_CLAIM = env_str("OIDC_MATCH_CLAIM", "email")
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "SSO")
# The session ends with Breachdesk's own, not with the provider's token.
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = SESSION_COOKIE_AGE

# Content-Security-Policy (django-csp): no inline scripts or styles, nothing from elsewhere.
_oidc_origins = [
    "/".join(url.split("/", 3)[:3])
    for url in (OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_LOGOUT_ENDPOINT)
    if url.startswith(("https://", "http://"))
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *sorted(set(_oidc_origins))],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Where a request's address comes from: REMOTE_ADDR, or behind PROXY_COUNT trusted proxies the
# address they saw (the right-most untrusted entry of X-Forwarded-For).
PROXY_COUNT = AXES_IPWARE_PROXY_COUNT

# The IMY deadline in hours from awareness (GDPR art. 33(1)).
IMY_DEADLINE_HOURS = 72
REGISTER_PAGE_SIZE = env_int("REGISTER_PAGE_SIZE", 50)
# The register counts its cases exactly up to this many, and says "more than" beyond.
REGISTER_COUNT_BOUND = env_int("REGISTER_COUNT_BOUND", 1000)

# E-mail: Django's SMTP backend, configured by environment (docs/messages.md).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Breachdesk <breachdesk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")

# The clocks' messages: reminders to the case officer at these hours after awareness (before
# the 72 hours), and to a measure's responsible person this many days before its due date.
_reminder_hours = env_list("REMINDER_HOURS", ["24", "48", "64"])
if not all(item.isdigit() and 0 < int(item) < IMY_DEADLINE_HOURS for item in _reminder_hours):
    raise ImproperlyConfigured("REMINDER_HOURS must be hours between 1 and 71, e.g. 24,48,64.")
REMINDER_HOURS = sorted({int(item) for item in _reminder_hours})
MEASURE_REMINDER_DAYS = env_int("MEASURE_REMINDER_DAYS", 3)
# The scheduler's loop: seconds between runs; an e-mail whose sending was never confirmed is
# sent again after this many seconds (see docs/messages.md); failed sends are retried
# this many times with growing pauses.
SCHEDULER_INTERVAL = env_int("SCHEDULER_INTERVAL", 60)
MAIL_CLAIM_SECONDS = env_int("MAIL_CLAIM_SECONDS", 600)
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; Breachdesk's audit trail records them already.
    "loggers": {"axes": {"level": env_str("AXES_LOG_LEVEL", "WARNING")}},
}
