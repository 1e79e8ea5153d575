"""A fixed-window rate limit per client address, in Django's cache (no third-party service).

The address is hashed with the secret key before it is used as a cache key, so no address is stored.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def allow(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; False once ``limit`` requests were made in the current window."""
    key = _key(scope, client_address(request))
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
