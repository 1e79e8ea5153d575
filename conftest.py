import pytest
from django.conf import settings
from django.test import Client

from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytest_plugins = [
    "tests.database_fixtures",
    "tests.fieldwork_fixtures",
    "tests.mail_fixtures",
    "tests.feed_server",
    "tests.sso_fixtures",
]

PRODUCTION_HASHERS = list(settings.PASSWORD_HASHERS)


def pytest_configure(config):
    # Argon2 costs about a tenth of a second a hash by design, and the tests create users by the thousand;
    # a test that is about hashing asks for the production hashers (the fixture below).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PRODUCTION_HASHERS]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    # Under pytest-xdist (--dist loadgroup), the tests that work in databases of their own (tests.test_durability's
    # file_database, a copy of one migrated template per module) run on one worker, which migrates it once.
    # Groups are sent out before the other tests: none of these is transactional, which would empty the
    # tables (the seeded EST categories too) for the tests after it on that worker.
    for item in items:
        if "file_database" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("file_database"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """A reused test database (--reuse-db, the default) starts as a new one: migrations it lacks were applied
    above, and here go the rows a run left behind (a transactional test empties the tables, the EST categories
    the migration seeds included; an interrupted one leaves its rows)."""
    if request.config.getvalue("reuse_db") and not request.config.getvalue("create_db"):
        from django.core.management import call_command

        from incidents import taxonomy
        from incidents.models import IncidentCategory

        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            taxonomy.seed(IncidentCategory)
    yield


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


@pytest.fixture
def strangnas(db):
    return MunicipalityFactory(code="0486", name="Strängnäs", slug="strangnas")


@pytest.fixture
def eskilstuna(db):
    return MunicipalityFactory(code="0484", name="Eskilstuna", slug="eskilstuna")


@pytest.fixture
def kommun(strangnas):
    return OrganisationFactory(name="Strängnäs kommun", kind="kommun", municipalities=[strangnas])


@pytest.fixture
def police(strangnas, eskilstuna):
    return OrganisationFactory(
        name="Polisen LPO Strängnäs/Eskilstuna", kind="lokalpolisomrade", municipalities=[strangnas, eskilstuna]
    )


@pytest.fixture
def other_kommun(eskilstuna):
    return OrganisationFactory(name="Eskilstuna kommun", kind="kommun", municipalities=[eskilstuna])


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(kommun):
    return UserFactory(username="samordnare", organisation=kommun, role="coordinator")


@pytest.fixture
def coordinator_client(coordinator):
    return _client_for(coordinator)


@pytest.fixture
def viewer_client(kommun):
    return _client_for(UserFactory(username="lasare", organisation=kommun, role="viewer"))


@pytest.fixture
def reporter_client(kommun):
    return _client_for(UserFactory(username="rapportor", organisation=kommun, role="reporter"))


@pytest.fixture
def other_coordinator_client(other_kommun):
    return _client_for(UserFactory(username="eskilstuna", organisation=other_kommun, role="coordinator"))


@pytest.fixture
def promise_set(strangnas, kommun, police):
    from tests.factories import ActivityFactory, IndicatorFactory

    activity = ActivityFactory(
        promise__focus_area__promise_set__municipality=strangnas,
        promise__focus_area__promise_set__slug="2024-2025",
        responsible=kommun,
    )
    IndicatorFactory(activity=activity)
    promise_set = activity.promise.focus_area.promise_set
    promise_set.parties.add(kommun, police)
    return promise_set


@pytest.fixture(autouse=True)
def _empty_cache(request, settings):
    """Rate limits live in the cache (a database table); every test with the database starts with none used,
    and public pages uncached (tests read, change and read again; test_public_cache turns caching on)."""
    settings.PUBLIC_CACHE_SECONDS = 0
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        from django.core.cache import cache

        request.getfixturevalue("db")  # the test database first (this fixture may run before the test's own)
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _swedish_after_each_test():
    """A request through the test client leaves its language active in the thread: a test that reads a page
    in English must not make the next test build Swedish figures in English."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
