"""The client's address: one definition for rate limits and login lockouts (django-axes).

Behind the production proxy REMOTE_ADDR is the proxy itself, so every citizen would share one limit and
five bad passwords would lock a user for everyone. With TRUSTED_PROXY_COUNT = n, the address is the n-th
from the right in X-Forwarded-For: the one the outermost trusted proxy saw. Entries further left are
written by the client and never trusted.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through all our proxies: take what we can see
    return _valid(forwarded[-count]) or remote
