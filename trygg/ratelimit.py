"""Fixed-window limits in the shared cache (Redis, or the database table with trygg.cache's atomic incr),
counted by django-ratelimit: every hit is counted first (cache.add, then cache.incr) and the decision is
made on the count that hit got, so requests arriving at once cannot all pass a check made before counting.

What is limited (a client address, an API key, an e-mail address) is keyed by its HMAC with the secret
key: the cache holds no address in clear, and a key cannot be turned back into one by trying them all.
"""

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage

from trygg.client_ip import client_address


@dataclass(frozen=True)
class Usage:
    allowed: bool
    retry_after: int  # seconds left in the window; what a refusal's Retry-After says


def identity_digest(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def hit(scope: str, identity: str, limit: int, window_seconds: int) -> Usage:
    """Count one use of `scope` by `identity` in the current window, and say whether it is within `limit`."""
    digest = identity_digest(identity)
    usage = get_usage(
        None,
        group=scope,
        key=lambda _group, _request: digest,
        rate=(limit, window_seconds),
        increment=True,
    )
    if usage is None:  # RATELIMIT_ENABLE is off
        return Usage(True, 0)
    # A cache that fails gives should_limit and time_left -1: the limit fails closed, for a whole window.
    left = usage["time_left"]
    return Usage(not usage["should_limit"], window_seconds if left < 0 else max(1, min(left, window_seconds)))


def client_network(address: str) -> str:
    """What one client is: an IPv4 address, or an IPv6 address's /64, which a provider gives one household
    or phone whole (counting single IPv6 addresses, a client would pass any limit by changing the last 64
    bits)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(getattr(ip, "ipv4_mapped", None) or ip)


def hit_client(request, scope: str, limit: int, window_seconds: int) -> Usage:
    """hit() for the request's client (trygg.client_ip, which knows the trusted proxies), by client_network."""
    return hit(scope, f"address:{client_network(client_address(request))}", limit, window_seconds)
