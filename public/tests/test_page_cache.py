"""The page cache's own copies in each process: a hit reads only the generation from
the shared cache; a copy is never served after the generation moved on or the page expired."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from trygg import page_cache


def _cached_home(settings, seconds: int = 60) -> tuple[Client, str]:
    settings.PUBLIC_CACHE_SECONDS = seconds
    client = Client()
    first = client.get("/", secure=True)
    assert first.status_code == 200
    return client, "page:sv:/"


@pytest.mark.django_db
def test_a_hit_is_served_from_the_process_without_the_shared_copy(settings, strangnas):
    client, key = _cached_home(settings)
    assert cache.get(key) is not None
    cache.delete(key)  # only the process's copy is left
    assert client.get("/", secure=True).status_code == 200
    assert cache.get(key) is None  # served from memory: not made again


@pytest.mark.django_db
def test_a_copy_is_not_served_once_the_generation_moved_on(settings, strangnas):
    client, key = _cached_home(settings)
    page_cache._move_on()
    cache.delete(key)
    assert client.get("/", secure=True).status_code == 200
    assert cache.get(key)[0] == page_cache.generation()  # made again, in the new generation


@pytest.mark.django_db
def test_a_copy_is_not_served_after_it_expired(settings, strangnas):
    client, key = _cached_home(settings, seconds=1)
    first_expiry = cache.get(key)[3]
    time.sleep(1.1)
    assert client.get("/", secure=True).status_code == 200
    assert cache.get(key)[3] > first_expiry  # made again


@pytest.mark.django_db
def test_an_emptied_cache_starts_a_generation_no_process_has_seen(strangnas):
    seen = set()
    for _ in range(20):
        cache.clear()
        seen.add(page_cache.generation())
    assert len(seen) == 20  # random starts: pages kept from before the restart never match


def test_the_process_keeps_only_its_most_recently_used_pages():
    local = page_cache._LocalPages(2)
    later = time.time() + 60
    for key in ("a", "b"):
        local.put(key, (7, b"x", [], later))
    assert local.get("a", 7) is not None  # a used: b is now the oldest
    local.put("c", (7, b"x", [], later))
    assert local.get("b", 7) is None and local.get("a", 7) and local.get("c", 7)
    assert local.get("a", 8) is None  # another generation


@pytest.mark.django_db
def test_a_hit_says_its_length(settings, strangnas):
    client, _key = _cached_home(settings)
    hit = client.get("/", secure=True)
    assert hit["Content-Length"] == str(len(hit.content))


@pytest.mark.django_db
def test_a_hit_carries_the_policies_and_security_headers_of_the_page(settings, strangnas):
    settings.PUBLIC_CACHE_SECONDS = 60
    client = Client()
    made = client.get("/", secure=True)
    hit = client.get("/", secure=True)
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert hit[header] == made[header], header
    assert cache.get("page:sv:/") is not None  # it was a hit
