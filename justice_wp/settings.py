"""Settings for justice-wp, read from the environment (see README "Configuration")."""

import datetime
import json
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


# Development is the default so `make run` works out of the box; production sets DJANGO_DEBUG=0.
DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    # Before the admin: its change form template adds the version-conflict table to every admin form.
    "editing",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "simple_history",
    "import_export",
    "django_filters",
    "justice_wp",
    "evidence",
    "meetings",
    "recommendations",
    # After recommendations, before workbench: each admin extends the evidence item admin registered
    # before it (recommendations' tagging, then dual coding, then publication), and the workbench the last.
    "coding",
    "publication",
    "workbench",
    "people",
    "post_office",
    "correspondence",
    "devdata",
    "justice_wp.apps.SecurityAxesConfig",  # django-axes, shown as "Security" in the admin
]

# WhiteNoise serves static files straight after the security headers are set; the request log wraps
# everything else (static files are not logged). Axes wants to be last: it turns a locked-out login
# into its lockout response.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "justice_wp.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "justice_wp.security.SecurityHeadersMiddleware",
    "justice_wp.security.SessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "justice_wp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "justice_wp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "justice_wp.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool keeps a few warm connections per process (CONN_MAX_AGE must stay 0).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "1")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        "timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "justice_wp" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

LOGIN_URL = "admin:login"

# The call for written evidence closed on this date; anything received later is flagged late.
EVIDENCE_DEADLINE = datetime.date.fromisoformat(os.environ.get("EVIDENCE_DEADLINE", "2023-12-04"))
EVIDENCE_REFERENCE_PREFIX = "OAJ"
# After publication each target stakeholder is asked to respond within this many calendar months (the
# UK government's undertaking for committee reports: two); clamped to the month's end (recommendations/
# deadlines.py). "Due soon" on the implementation list means within RESPONSE_DUE_SOON_DAYS.
RESPONSE_DEADLINE_MONTHS = int(os.environ.get("RESPONSE_DEADLINE_MONTHS", "2"))
RESPONSE_DUE_SOON_DAYS = int(os.environ.get("RESPONSE_DUE_SOON_DAYS", "14"))
# Where emails sent outside a request (cron reminders) point their links.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# People invited by the Chair (people/) set their password from a link valid this many days, once.
INVITATION_TIMEOUT_DAYS = int(os.environ.get("INVITATION_TIMEOUT_DAYS", "7"))
EVIDENCE_ATTACHMENT_MAX_BYTES = int(os.environ.get("EVIDENCE_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
EVIDENCE_ATTACHMENT_EXTENSIONS = ["pdf", "docx", "doc", "odt", "rtf", "txt", "png", "jpg", "jpeg"]
# Text is read from attached PDF/DOCX/ODT/TXT files inside the request (evidence/documents.py);
# these caps keep one upload to seconds (bench/bench_documents.py measures pages per second).
EVIDENCE_DOCUMENT_MAX_PAGES = int(os.environ.get("EVIDENCE_DOCUMENT_MAX_PAGES", "100"))
EVIDENCE_DOCUMENT_MAX_UNPACKED_BYTES = int(
    os.environ.get("EVIDENCE_DOCUMENT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
)
EVIDENCE_DOCUMENT_MAX_FILES = int(os.environ.get("EVIDENCE_DOCUMENT_MAX_FILES", "20"))
# Submitters' personal data is kept this many years after the report (or after the day they were
# logged, if that is later); apply_retention erases it after that (evidence/retention.py).
EVIDENCE_REPORT_DATE = datetime.date.fromisoformat(os.environ.get("EVIDENCE_REPORT_DATE", "2024-04-30"))
EVIDENCE_RETENTION_YEARS = int(os.environ.get("EVIDENCE_RETENTION_YEARS", "6"))
# A recommendation with fewer supporting evidence items than this is listed as "thin".
THIN_EVIDENCE_THRESHOLD = int(os.environ.get("THIN_EVIDENCE_THRESHOLD", "2"))
# Trigram similarity (0-1) above which two items' texts are flagged as possible duplicates (PostgreSQL).
DUPLICATE_SIMILARITY = float(os.environ.get("DUPLICATE_SIMILARITY", "0.8"))
# Pages give the nearly-the-same-text search this long (ms) before showing the page without it, with a
# link to run it in full (trigram search over long texts grows with the whole inquiry).
DUPLICATE_SEARCH_MS = int(os.environ.get("DUPLICATE_SEARCH_MS", "60"))
# The dashboard's whole-inquiry figures are kept this long (seconds) between writes seen by this server.
DASHBOARD_STATISTICS_SECONDS = int(os.environ.get("DASHBOARD_STATISTICS_SECONDS", "15"))
# Suggestions (PostgreSQL) compare an item with this many of the most recent coded items, so their
# cost stays flat as the inquiry grows; 0 compares it with every coded item.
SUGGESTION_CANDIDATES = int(os.environ.get("SUGGESTION_CANDIDATES", "2000"))

# Off: it only strips a leading "=" (changing the data); justice_wp/exporting.py escapes all cases.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# ---------------------------------------------------------------------------------------------------
# Security and privacy (issue 8). Production values apply when DJANGO_DEBUG=0; README "Security".
# ---------------------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "justice_wp.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# HTTPS. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=1 (it must strip any
# X-Forwarded-Proto sent by clients). DJANGO_SECURE_SSL_REDIRECT=0 is for plain-HTTP loopback use
# (load tests, a health check the proxy calls): the redirect check is then silenced on purpose.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if not DEBUG and not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W008"]
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", 365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django 5.2 has no CSP support; justice_wp.security.SecurityHeadersMiddleware sends this header.
# Inline scripts are refused: put JavaScript in static files (Chart.js data via json_script).
CONTENT_SECURITY_POLICY = os.environ.get(
    "DJANGO_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Cookies: secure outside development (DJANGO_SECURE_COOKIES=0 only for plain-HTTP loopback tests).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Sessions end after 30 minutes without a request (sliding) and 12 hours after login whatever
# happens (justice_wp.security.SessionTimeoutMiddleware); the cookie never outlives the 12 hours.
SESSION_IDLE_TIMEOUT = int(os.environ.get("DJANGO_SESSION_IDLE_TIMEOUT", 30 * 60))
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("DJANGO_SESSION_ABSOLUTE_TIMEOUT", 12 * 3600))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# Last activity is written at most this often, so ordinary requests do not write the session.
SESSION_ACTIVITY_RESOLUTION = 60

# django-axes: 5 failures for one username from one IP lock that pair out for 15 minutes, so one
# person cannot lock everybody out. Behind N trusted proxies the client IP is the N-th address from
# the right of X-Forwarded-For (DJANGO_TRUSTED_PROXY_COUNT=N); 0 uses the socket address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every management command
AXES_CLIENT_IP_CALLABLE = "justice_wp.security.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# django-import-export lets anyone who reaches the admin import/export unless told otherwise:
# importing needs the model's add permission (members cannot import evidence), exporting its view.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Uploaded files are only served through evidence.views.attachment, which checks permissions;
# nothing serves MEDIA_ROOT directly.
MEDIA_URL = "/files/"

# Erasures are also appended (ids only) to this file outside the database, so `reapply_erasures`
# can repeat them after a database restore from a backup taken before the erasure.
ERASURE_LEDGER_FILE = Path(os.environ.get("ERASURE_LEDGER_FILE", BASE_DIR / "var" / "erasure-ledger.jsonl"))
# ------------------------------------------- end of security ---------------------------------------

# Survey imports (evidence/importing): caps checked before a file is parsed.
EVIDENCE_IMPORT_MAX_BYTES = int(os.environ.get("EVIDENCE_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
EVIDENCE_IMPORT_XLSX_MAX_UNCOMPRESSED = 50 * 1024 * 1024
EVIDENCE_IMPORT_XLSX_MAX_ENTRIES = 100
# A file with more response rows is refused as soon as the reader passes the cap (the preview of a
# cap-sized file stays well inside the 60 s worker timeout: see bench/bench_import_preview.py).
EVIDENCE_IMPORT_MAX_ROWS = int(os.environ.get("EVIDENCE_IMPORT_MAX_ROWS", 50_000))
# The preview lists this many errors, then "and N more".
EVIDENCE_IMPORT_MAX_ERRORS = 100

# --- Production serving (README "Deploying") ------------------------------------------------------
# PostgreSQL is required in production: SQLite cannot be shared by several app servers and fails
# concurrent writers with "database is locked". DJANGO_ALLOW_SQLITE=1 is for local checks only.
if (
    not DEBUG
    and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    and not env_bool("DJANGO_ALLOW_SQLITE", False)
):
    raise ImproperlyConfigured(
        "Production mode (DJANGO_DEBUG=0) needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name "
        "(SQLite is only for development; DJANGO_ALLOW_SQLITE=1 overrides this for local checks)."
    )

# One JSON object per request on stdout (justice_wp/middleware.py), not propagated so each line stays
# pure JSON. Django's own 4xx warnings would repeat it; 5xx errors are still logged with traceback.
LOGGING["formatters"] = {**LOGGING.get("formatters", {}), "bare": {"format": "%(message)s"}}
LOGGING["handlers"]["requests"] = {"class": "logging.StreamHandler", "formatter": "bare"}
LOGGING["loggers"]["justice_wp.requests"] = {"handlers": ["requests"], "level": "INFO", "propagate": False}
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}

# Static files are served by WhiteNoise from STATIC_ROOT (`manage.py collectstatic`), with hashed,
# compressed names in production. Tests and development use the plain storage, which needs no
# collectstatic run.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG and "pytest" not in sys.modules)
# Without the manifest, files are looked up on each request (no collectstatic needed, no warning).
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST

# Nothing is kept on an app server's own disk: uploads (attachments, import files) go to the
# "default" storage, which several app servers must share (a mounted volume at MEDIA_ROOT, or any
# Django storage backend given by DJANGO_STORAGE_BACKEND with JSON DJANGO_STORAGE_OPTIONS).
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("DJANGO_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# django-import-export keeps an uploaded file between "preview" and "confirm", which may be served by
# different app servers: keep it in the shared storage, never in a local temp directory.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# /healthz is exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT, security block above): load
# balancers probe app servers directly over plain HTTP.
# --- end Production serving -----------------------------------------------------------------------

# --- Correspondence (issue 17; README "Correspondence") ------------------------------------------
# Every django.core.mail.send_mail() is queued in the database by django-post-office and sent by
# `manage.py send_queued_mail` from cron, so nothing is lost while the mail server is down. A failed
# send is retried EMAIL_MAX_RETRIES times, EMAIL_RETRY_MINUTES apart (default: for a day), then kept
# as "failed" until someone requeues it. Development prints mail to the console; production sends
# by SMTP configured from the environment.
EMAIL_BACKEND = "post_office.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if env_bool("EMAIL_USE_TLS", not DEBUG) else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not DEBUG)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Working party secretariat <secretariat@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
POST_OFFICE = {
    "BACKENDS": {
        "default": os.environ.get(
            "POST_OFFICE_DELIVERY_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    },
    "DEFAULT_PRIORITY": "medium",
    "MAX_RETRIES": int(os.environ.get("EMAIL_MAX_RETRIES", "48")),
    "RETRY_INTERVAL": datetime.timedelta(minutes=int(os.environ.get("EMAIL_RETRY_MINUTES", "30"))),
    # Templates are read from the database on every send (the secretariat edits them).
    "TEMPLATE_ENGINE": "django",
    "LOG_LEVEL": 2,
    "THREADS_PER_PROCESS": 1,
}
POST_OFFICE_CACHE = False
# The published report, linked from the thank-you email.
REPORT_URL = os.environ.get("REPORT_URL", "https://example.org/outsourcing-and-administrative-justice/report")
# --- end Correspondence ---------------------------------------------------------------------------
