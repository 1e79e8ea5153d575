"""Browser tests in Debian's Chromium, driven by Playwright. No browser is ever downloaded."""

import os
import shutil
import sqlite3

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium saknas på {CHROMIUM}: kör 'make test', som installerar Debians paket chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="sv-SE", **PHONE)
    page = context.new_page()
    yield page
    context.close()


_SNAPSHOTS: dict = {}


@pytest.fixture
def load_once(transactional_db):
    """Call a loader (the demo's load_all) for a transactional test. On SQLite it runs once per worker: the
    database as it left it is kept in memory and copied back for later tests (each of which ends by emptying
    every table), page by page with SQLite's backup API, exactly as it was. Elsewhere it simply runs."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    def load(loader) -> None:
        if connection.vendor != "sqlite":
            loader()
            return
        connection.ensure_connection()
        if loader in _SNAPSHOTS:
            _SNAPSHOTS[loader].backup(connection.connection)
            ContentType.objects.clear_cache()  # the ids the last emptying made anew
            return
        loader()
        _SNAPSHOTS[loader] = sqlite3.connect(":memory:")
        connection.connection.backup(_SNAPSHOTS[loader])

    return load
