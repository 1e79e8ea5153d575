"""Attack: under production settings the page cache answered plain HTTP with a cached 200 instead of the
redirect to HTTPS; sessions lasted 14 days."""

import pytest
from django.conf import settings as django_settings
from django.test import Client


@pytest.mark.django_db
def test_plain_http_is_redirected_even_when_the_page_is_cached(settings, strangnas):
    settings.SECURE_SSL_REDIRECT = True
    settings.PUBLIC_CACHE_SECONDS = 60
    client = Client()
    assert client.get("/", secure=True).status_code == 200  # now cached
    response = client.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    cached = client.get("/", secure=True)
    assert cached.status_code == 200 and "Content-Security-Policy" in cached


def test_a_session_lasts_a_working_day():
    assert django_settings.SESSION_COOKIE_AGE == 10 * 3600
