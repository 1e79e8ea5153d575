"""A fixed-window rate limit per client address, in the shared cache (database or Redis).

The address (trygg.client_ip, which knows the trusted proxies) is hashed with the secret key before it is
used as a cache key, so no address is stored. Only accepted submissions count: a citizen who corrects a
form error does not use up the limit.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from trygg.client_ip import client_address


def _key(scope: str, request) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def exhausted(request, scope: str, limit: int) -> bool:
    """Whether this client has used up the limit in the current window (counts nothing)."""
    return (cache.get(_key(scope, request)) or 0) >= limit


def count(request, scope: str, window_seconds: int) -> int:
    """Count one accepted submission; the window starts with the first."""
    key = _key(scope, request)
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def allow(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request and say whether it is within the limit (for calls that are all accepted)."""
    if exhausted(request, scope, limit):
        return False
    count(request, scope, window_seconds)
    return True
