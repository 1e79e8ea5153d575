"""Whole-page cache for anonymous visitors, outermost in the middleware stack.

A response is stored only when it is safe to share: a GET without a session or messages cookie,
status 200, and no cookie set by the response (a page that used a CSRF token sets one). Its Vary on
Cookie then only says that the anonymous session was looked at, which is the same for every visitor
without a session. The key is the full path and the chosen language; the page is stored with the cache's
generation and served only while that is current (each process keeps its own copies of recent pages, so
that a hit reads only the generation from the shared cache). A hit skips the whole stack; the stored headers include
the security headers the inner middleware added.

A change to anything the public side shows (a citizen report, its review or answer, a published promise,
a safety walk ...) moves the generation on once it is committed (public.apps connects the signals), so
no node serves a page from before it: a new Open311 request is never hidden for the cache's lifetime.
"""

import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

SKIPPED_HEADERS = {"set-cookie", "content-length"}
GENERATION_KEY = "page:generation"
LOCAL_PAGES = 256  # pages each process keeps in memory (LRU), besides the shared cache


def generation() -> int:
    # A random start, not 1: after the shared cache is emptied (a restart), no new generation repeats an
    # old one that a process may still hold pages of.
    return cache.get_or_set(GENERATION_KEY, secrets.randbits(52), timeout=None)


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


class _LocalPages:
    """The process's own copies of stored pages, least recently used dropped first: a hit then reads only
    the generation from the shared cache, not the page (unpickling it, and on SQLite decoding it from
    base64, was a tenth of a worker's time under load)."""

    def __init__(self, size: int):
        self.size, self.pages, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str, current: int) -> tuple | None:
        with self.lock:
            stored = self.pages.get(key)
            if stored is None or stored[0] != current or stored[3] <= time.time():
                return None
            self.pages.move_to_end(key)
            return stored

    def put(self, key: str, stored: tuple) -> None:
        with self.lock:
            self.pages[key] = stored
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


def _response(stored: tuple) -> HttpResponse:
    _generation, content, headers, _expires = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(content))  # as CommonMiddleware sets it: a kept-alive connection needs it
    return response


class PublicPageCacheMiddleware:
    """A page is stored (generation, content, headers, expiry) with the generation it was made in, and
    served only while that is the current one and it has not expired. The current generation is read from
    the shared cache on every request; the page itself from the process's memory when it is there."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = _LocalPages(LOCAL_PAGES)

    def __call__(self, request: HttpRequest):
        key = _key(request)
        if key is None:
            return self.get_response(request)
        current = cache.get(GENERATION_KEY) or generation()
        stored = self.local.get(key, current)
        if stored is None:
            shared = cache.get(key)
            if shared and len(shared) == 4 and shared[0] == current and shared[3] > time.time():
                stored = shared
                self.local.put(key, stored)
        if stored is not None:
            return _response(stored)
        response = self.get_response(request)
        if _shareable(response):
            headers = [(n, v) for n, v in response.items() if n.lower() not in SKIPPED_HEADERS]
            # The generation read before the page was made: a change committed meanwhile makes it stale at once.
            stored = (current, response.content, headers, time.time() + settings.PUBLIC_CACHE_SECONDS)
            cache.set(key, stored, settings.PUBLIC_CACHE_SECONDS)
            self.local.put(key, stored)
        return response
