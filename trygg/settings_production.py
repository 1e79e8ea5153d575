"""Production settings: secrets from the environment, secure cookies, HTTPS only."""

import os

from .settings import *  # noqa: F403

DEBUG = False
REQUIRE_TWO_FACTOR = True
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h for h in os.environ["ALLOWED_HOSTS"].split(",") if h]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Behind the TLS-terminating proxy; the proxy sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Static files served by the app itself (compressed, cache-busted) after collectstatic.
_middleware: list[str] = MIDDLEWARE  # noqa: F405
_after_security = _middleware.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *_middleware[:_after_security],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *_middleware[_after_security:],
]

# A worker keeps its database connection between requests: opening one per request (SQLite's with its
# PRAGMAs) was a quarter of a worker's time under load. Health-checked before reuse, so that a connection
# that broke (a database restart) is replaced rather than failing a request.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
