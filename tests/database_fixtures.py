"""A migrated database to copy, for the tests that run real processes against a database of their own."""

import os
import uuid

import dj_database_url
import psycopg
import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """One migrated database per worker, copied for each module that needs one of its own: migrating
    takes seconds, a copy (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL) a moment."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        config = dj_database_url.parse(os.environ["DATABASE_URL"])
        name = f"trygg_durability_template_{uuid.uuid4().hex[:8]}"
        server = f"host={config['HOST']} port={config['PORT'] or 5432} user={config['USER']}"
        with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{config['USER']}@{config['HOST']}:{config['PORT'] or 5432}/{name}"
    else:
        path = tmp_path_factory.mktemp("template") / "durability.sqlite3"
        url, name, server = f"sqlite:///{path}", str(path), None
    from tests.test_durability import _run

    _run(dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="trygg.settings"), "migrate", "--noinput")
    yield name, server
    if server:
        with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
