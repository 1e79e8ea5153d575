"""One limit per API key (or per signed-in user, or per address for the open schema) per minute, counted
in the shared cache before the request is served (trygg.ratelimit). DRF's own throttles keep a list of
times that each request reads and writes back, so requests arriving at once all pass; this one counts
atomically. Past the limit: 429 with Retry-After and a body saying why."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle

from trygg import ratelimit
from trygg.client_ip import client_address

from .models import ApiToken


def _identity(request) -> str:
    if isinstance(request.auth, ApiToken):
        return f"api-token:{request.auth.pk}"
    if request.user and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{ratelimit.client_network(client_address(request))}"


class LimitReached(exceptions.Throttled):
    extra_detail_singular = gettext_lazy("Försök igen om {wait} sekund.")
    extra_detail_plural = gettext_lazy("Försök igen om {wait} sekunder.")


class SharedCacheThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        limit, window = settings.API_RATE_LIMIT
        usage = ratelimit.hit("api", _identity(request), limit, window)
        if not usage.allowed:
            detail = _(
                "För många anrop: högst %(limit)s per %(seconds)s sekunder med samma API-nyckel eller konto."
            ) % {"limit": limit, "seconds": window}
            raise LimitReached(wait=usage.retry_after, detail=detail)
        return True
