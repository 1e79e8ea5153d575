"""Whole-page cache for anonymous visitors, outermost in the middleware stack.

A response is stored only when it is safe to share: a GET without a session or messages cookie,
status 200, and no cookie set by the response (a page that used a CSRF token sets one). Its Vary on
Cookie then only says that the anonymous session was looked at, which is the same for every visitor
without a session. The key is the full path and the chosen language; the page is stored with the cache's
generation and served only while that is current. A hit skips the whole stack; the stored headers include
the security headers the inner middleware added.

A change to anything the public side shows (a citizen report, its review or answer, a published promise,
a safety walk ...) moves the generation on once it is committed (public.apps connects the signals), so
no node serves a page from before it: a new Open311 request is never hidden for the cache's lifetime.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

SKIPPED_HEADERS = {"set-cookie", "content-length"}
GENERATION_KEY = "page:generation"


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def _move_on() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (evicted, or a new cache): any new value makes every old key unreachable
        cache.set(GENERATION_KEY, generation() + 1, timeout=None)


def invalidate(**_signal) -> None:
    """Every cached public page is stale from the moment the change is committed (signal receiver).
    Once per transaction: an import of 100,000 rows moves the generation on once, not 100,000 times."""
    connection = transaction.get_connection()
    # Already queued in this transaction? (A savepoint rolled back takes its callbacks with it.)
    if connection.in_atomic_block and any(func is _move_on for _sids, func, *_ in connection.run_on_commit):
        return
    transaction.on_commit(_move_on)


def _key(request: HttpRequest) -> str | None:
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    if not settings.PUBLIC_CACHE_SECONDS:
        return None
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
    return f"page:{language}:{request.get_full_path()}"


def _shareable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


class PublicPageCacheMiddleware:
    """A page is stored with the generation it was made in and served only while that is the current one.
    Both are read in one round trip to the cache (get_many)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        key = _key(request)
        if key is None:
            return self.get_response(request)
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        stored = found.get(key)
        if stored and stored[0] == current:
            _generation, content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _shareable(response):
            headers = [(n, v) for n, v in response.items() if n.lower() not in SKIPPED_HEADERS]
            # The generation read before the page was made: a change committed meanwhile makes it stale at once.
            cache.set(key, (current, response.content, headers), settings.PUBLIC_CACHE_SECONDS)
        return response
