"""API-key authentication for machine clients: ``Authorization: Token <key>`` (or ``Bearer <key>``).

Browsers use their session, which has passed the second factor. There is no password (Basic)
authentication: a password alone must never reach data that needs two factors.
"""

import datetime

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from trygg.tokens import digest

from .models import ApiToken

KEYWORDS = ("token", "bearer")
# last_used_at is written at most this often, so reads do not turn into writes.
TOUCH_EVERY = datetime.timedelta(minutes=5)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        kind, _, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if kind.lower() not in KEYWORDS:
            return None
        key = key.strip()
        if not key or len(key) > 200:
            raise exceptions.AuthenticationFailed("API-nyckeln saknas eller är felformaterad.")
        token = ApiToken.objects.select_related("user", "municipality").filter(token_hash=digest(key)).first()
        if token is None or not token.is_active:
            raise exceptions.AuthenticationFailed("API-nyckeln är ogiltig eller återkallad.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("Kontot för API-nyckeln är avstängt.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents the API key in the OpenAPI schema (drf-spectacular)."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "API-nyckel för en integration: 'Token <nyckel>'. Skapas med manage.py api_token create.",
        }
