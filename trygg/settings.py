"""Trygg settings. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# A development key; production settings refuse to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-trygg-not-for-production")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "accounts",
    "privacy",
    "programme",
    "places",
    "cameras",
    "fieldwork",
    "incidents",
    "situation",
    "meeting",
    "public",
    "api",
    "start",
    "evaluation",
    "strategy",
    "dialogue",
    "safetywalks",
    "surveys",
    "demo",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "notifications",
    "shifts",
    "actions",
    "presence",
]

MIDDLEWARE = [
    # First: the redirect to HTTPS and the security headers apply to cached pages too.
    "django.middleware.security.SecurityMiddleware",
    # A cached page is stored with the two policies below (both the same for every page and request), so
    # that a hit need not make them again.
    "trygg.page_cache.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "trygg.middleware.PermissionsPolicyMiddleware",
    "trygg.nul_guard.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trygg.middleware.SwedishUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the authentication outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trygg.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Swedish short dates ({{ value|kort }}) on every template (trygg.calendar).
            "builtins": ["trygg.templatetags.swedish_dates"],
            "libraries": {"report_tags": "trygg.templatetags.report_tags"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trygg.context_processors.maps",
            ],
        },
    },
]

WSGI_APPLICATION = "trygg.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; the timeout makes writers wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too, not shared-cache memory: concurrency tests need real locking, as in production.
    # One name per checkout, so that --reuse-db finds it again; pytest-xdist's workers add _gw0, _gw1.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.sso.SsoBackend",  # the municipality's account (OpenID Connect), when OIDC_* is set
]
# A session lasts a working day (configurable), not Django's two weeks.
SESSION_COOKIE_AGE = int(float(os.environ.get("SESSION_HOURS", "10")) * 3600)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start:home"
LOGOUT_REDIRECT_URL = "public:home"

# Login throttling: five failures lock the username/address pair for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "trygg.client_ip.client_address"

# How many proxies in front of the app append to X-Forwarded-For (0: none; the app sees clients directly).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# One cache shared by every worker and node (rate limits, public pages): Redis when REDIS_URL is set
# (production), else a table in the database (trygg.cache: Django's, with an atomic incr), so that three
# workers never keep three counters and a counter counts every hit.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
else:
    CACHES = {"default": {"BACKEND": "trygg.cache.DatabaseCache", "LOCATION": "trygg_cache"}}

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Map background tiles. Empty: maps draw places on a plain background (closed networks work too).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)


def _tile_origin(url: str) -> list[str]:
    """The origin map tiles load from, for the CSP's img-src ({s} subdomains as a wildcard)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme in ("http", "https") and parts.netloc else []


# Content-Security-Policy (django-csp): scripts only from Trygg's own static files, never inline, so
# text that slipped into a page as HTML could still not run. Inline style attributes are allowed
# (bar widths), style elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", *_tile_origin(MAP_TILE_URL)],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Browsers: the session, which has passed the second factor. Machines: a per-integration API key.
        # Never Basic: a password alone would bypass the second factor.
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.SharedCacheThrottle"],  # API_RATE_LIMIT per key or user
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
}
# Image uploads (photos with reports) per user and window (seconds): each is decoded and re-encoded.
UPLOAD_RATE_LIMIT = (int(os.environ.get("UPLOAD_LIMIT", "30")), 3600)
# API requests per key (or signed-in user) and window (seconds).
API_RATE_LIMIT = (int(os.environ.get("API_RATE_LIMIT", "120")), 60)
SPECTACULAR_SETTINGS = {
    "TITLE": "Trygg API",
    "DESCRIPTION": "Platser och genomförda pass (fältarbete) för kommunens och polisens brottsförebyggande arbete.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
}

# Imports (CSV/XLSX): at most this many rows, and an XLSX at most this large once unpacked.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
# Larger files are imported in the background with a progress bar (incidents.imports).
IMPORT_INLINE_BYTES = int(os.environ.get("IMPORT_INLINE_BYTES", "200000"))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(200 * 1_000_000)))
# An incidents XLSX unpacked (100,000 rows are about 40 MB); checked from its zip directory before parsing.
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(100 * 1_000_000)))

# Citizen reports: at most this many per client address and window (seconds).
CITIZEN_REPORT_RATE_LIMIT = (int(os.environ.get("CITIZEN_REPORT_LIMIT", "5")), 3600)
OPEN311_CONTACT = os.environ.get("OPEN311_CONTACT", "Kommunens trygghetssamordnare, via kommunens växel.")
OPEN311_KEY_SERVICE = os.environ.get("OPEN311_KEY_SERVICE", "Kontakta kommunen för en API-nyckel.")
OPEN311_RATE_LIMIT = (int(os.environ.get("OPEN311_LIMIT", "60")), 3600)
# Receipts a day to one e-mail address named in reports (nobody confirms it); later reports keep no address.
RECEIPT_MAIL_DAILY_LIMIT = int(os.environ.get("RECEIPT_MAIL_DAILY_LIMIT", "5"))

# Two-factor authentication (TOTP) for coordinators and administrators. On in production settings;
# off by default for the local demo so `make run` logs in with a password alone.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", False)
OTP_TOTP_ISSUER = "Trygg"

# Retention in days per record type (each app's retention.py registers its defaults and says what each means).
RETENTION_DAYS: dict[str, int] = {}

# The backup format (manage.py backup/restore): JSON with datetimes to the microsecond.
SERIALIZATION_MODULES = {"json-exact": "trygg.serializers"}

# Seconds public pages are cached for anonymous visitors (0: off). Per process unless CACHES says otherwise.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))

# Figures the public sees exactly that the ledger of published figures does not record (privacy.ledger):
# each path is called with (municipality id, first day, last day) and returns populations.
LEDGER_SHOWN_ELSEWHERE = ["incidents.selectors.published_cells"]

# Where indicator values come from, first match wins (the roll-up itself is programme.rollup).
INDICATOR_VALUE_SOURCES = [
    "fieldwork.selectors.indicator_row",  # bound to the activity logs
    "evaluation.indicators.indicator_row",  # bound to reviewed incidents
    "programme.rollup.entered_value",  # entered by hand with source and date
]

# Who answers for the site: the accessibility statement and the privacy notice name them.
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", "kommunen@strangnas.se")
SITE_CONTROLLER = os.environ.get("SITE_CONTROLLER", "Strängnäs kommun")
ACCESSIBILITY_REVIEWED = os.environ.get("ACCESSIBILITY_REVIEWED", "2026-11-25")

# Background jobs (django-tasks, database queue): `manage.py run_worker` runs them and the schedule (jobs.schedule).
# Imports have a queue of their own, which run_worker serves beside the others: mail never waits for one.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
# A worker whose heartbeat is older than this is taken for dead and its running task is run again.
WORKER_STALE_SECONDS = int(os.environ.get("WORKER_STALE_SECONDS", "600"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))
POLICE_FEED_URL = os.environ.get("POLICE_FEED_URL", "https://polisen.se/api/events")
POLICE_FEED_MINUTES = int(os.environ.get("POLICE_FEED_MINUTES", "15"))  # 0: not fetched on a schedule

# E-mail: printed to the console when DEBUG (make run), SMTP otherwise; the server from the environment.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Trygg <noreply@trygg.localhost>")
# Links in e-mail need the site's address; a worker has no request to take it from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Single sign-on with the municipality's account (OpenID Connect, authorization code flow with PKCE;
# accounts.sso). Off until OIDC_RP_CLIENT_ID and the provider's endpoints are set. For Entra ID the
# endpoints are https://login.microsoftonline.com/<tenant>/oauth2/v2.0/{authorize,token},
# https://graph.microsoft.com/oidc/userinfo, https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys
# and the issuer https://login.microsoftonline.com/<tenant>/v2.0. Groups map to organisation and role
# in the admin (SsoGroup).
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")  # ADFS: often "group" or "role"
# A login the provider marks as multi-factor ("mfa" in the amr claim) skips Trygg's own TOTP step.
OIDC_TRUST_PROVIDER_MFA = env_bool("OIDC_TRUST_PROVIDER_MFA", default=True)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = True
LOGIN_REDIRECT_URL_FAILURE = "accounts:login"
