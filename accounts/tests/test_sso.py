"""Single sign-on against a real OpenID Connect provider in its own process (tests/oidc_provider): the
authorization code flow with PKCE, groups mapped to organisation and role, the provider's second factor
trusted, local accounts never taken over, and every failure a refusal, never a 500."""

import re

import pytest
import requests
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.models import SsoGroup, User
from accounts.sso import PROVIDER_MFA_SESSION_KEY, SsoBackend
from tests.factories import UserFactory
from tests.sso_fixtures import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def groups(kommun, police):
    SsoGroup.objects.create(name="grp-trygg-samordnare", organisation=kommun, role="coordinator")
    SsoGroup.objects.create(name="grp-trygg-lasare", organisation=kommun, role="viewer")
    SsoGroup.objects.create(name="grp-trygg-polis", organisation=police, role="coordinator")


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(app: str, username: str, password: str = PASSWORD) -> tuple[requests.Session, requests.Response]:
    """A browser's round trip: the app's button, the provider's login form, back to the app."""
    browser = requests.Session()
    login_page = browser.get(f"{app}/konto/logga-in/")
    assert "Logga in med kommunens konto" in login_page.text
    return browser, _sso_round_trip(browser, app, username, password, next_page="/atgarder/")


def _sso_round_trip(
    browser: requests.Session, app: str, username: str, password: str = PASSWORD, next_page: str = ""
) -> requests.Response:
    """From the app's SSO start to the provider's form, signed in there, and back to the app."""
    query = f"?next={next_page}" if next_page else ""
    provider_form = browser.get(f"{app}{reverse('oidc_authentication_init')}{query}")
    assert provider_form.url.startswith("http://127.0.0.1") and "Kommunens inloggning" in provider_form.text
    return browser.post(
        provider_form.url,
        data={
            "csrfmiddlewaretoken": _csrf(provider_form.text),
            "username": username,
            "password": password,
            "next": re.search(r'name="next" value="([^"]*)"', provider_form.text).group(1).replace("&amp;", "&"),
        },
    )


def test_a_coordinator_logs_in_with_the_municipalitys_account(live_server, sso, groups, kommun):
    browser, landed = log_in(live_server.url, "anna.samordnare")
    assert landed.status_code == 200 and landed.url == f"{live_server.url}/atgarder/"  # next kept
    user = User.objects.get(username="anna.samordnare")
    assert (user.organisation, user.role, user.first_name, user.email) == (
        kommun,
        "coordinator",
        "Anna",
        "anna.samordnare@kommun.example",
    )
    assert user.sso_subject and not user.has_usable_password()
    assert browser.get(f"{live_server.url}/start/").status_code == 200
    again, _ = log_in(live_server.url, "anna.samordnare")  # the same person next time: the same account
    assert User.objects.filter(first_name="Anna").count() == 1


def test_the_highest_mapped_role_wins_and_the_provider_decides_at_every_login(live_server, sso, groups, kommun):
    log_in(live_server.url, "lisa.flera")
    lisa = User.objects.get(username="lisa.flera")
    assert (lisa.organisation, lisa.role) == (kommun, "coordinator")
    SsoGroup.objects.filter(name="grp-trygg-samordnare").delete()  # the municipality takes the role away
    log_in(live_server.url, "lisa.flera")
    assert User.objects.get(pk=lisa.pk).role == "viewer"


def test_someone_in_no_mapped_group_is_refused_with_a_reason(live_server, sso, groups):
    browser, landed = log_in(live_server.url, "olle.okand")
    assert landed.url.startswith(f"{live_server.url}/konto/logga-in/")
    assert "ingen roll i Trygg" in landed.text
    assert not User.objects.filter(username="olle.okand").exists()
    assert browser.get(f"{live_server.url}/start/").url.startswith(f"{live_server.url}/konto/logga-in/")


def test_the_providers_second_factor_is_trusted_and_its_absence_is_not(live_server, sso, groups, settings):
    settings.REQUIRE_TWO_FACTOR = True
    anna, _ = log_in(live_server.url, "anna.samordnare")
    assert anna.get(f"{live_server.url}/start/", allow_redirects=False).status_code == 200
    per, _ = log_in(live_server.url, "per.polis")  # password only at the provider: Trygg's TOTP step
    response = per.get(f"{live_server.url}/start/", allow_redirects=False)
    assert response.status_code == 302 and "/konto/tvafaktor/" in response.headers["location"]


def test_a_local_account_with_the_same_address_is_not_taken_over(live_server, sso, groups, kommun):
    local = UserFactory(
        username="anna", organisation=kommun, role="administrator", email="anna.samordnare@kommun.example"
    )
    log_in(live_server.url, "anna.samordnare")
    assert User.objects.filter(email="anna.samordnare@kommun.example").count() == 2
    local.refresh_from_db()
    assert local.sso_subject is None and local.role == "administrator"


def test_a_forged_or_replayed_callback_is_refused_without_an_error_page(live_server, sso, groups):
    browser = requests.Session()
    forged = browser.get(f"{live_server.url}/oidc/callback/?code=abc&state=forged")
    assert forged.status_code == 200 and forged.url.startswith(f"{live_server.url}/konto/logga-in/")
    assert "misslyckades" in forged.text
    start = browser.get(f"{live_server.url}{reverse('oidc_authentication_init')}", allow_redirects=False)
    state = re.search(r"state=([^&]+)", start.headers["location"]).group(1)
    wrong_code = browser.get(f"{live_server.url}/oidc/callback/?code=not-issued&state={state}")
    assert wrong_code.status_code == 200 and "misslyckades" in wrong_code.text  # the provider refused the code
    assert not User.objects.exclude(sso_subject=None).exists()


def test_an_id_token_for_another_client_or_issuer_is_refused(settings, sso):
    backend = SsoBackend()
    backend.OIDC_RP_CLIENT_ID = "trygg-test"
    good = {"iss": sso, "aud": "trygg-test", "sub": "1"}

    def verify(payload):
        backend.get_payload_data = lambda token, key: payload
        backend.retrieve_matching_jwk = lambda token: None
        return backend.verify_token("token", nonce=None)

    settings.OIDC_USE_NONCE = False
    assert verify(good) == good
    from django.core.exceptions import SuspiciousOperation

    for bad in ({**good, "aud": "another-app"}, {**good, "iss": "https://evil.example/o"}):
        with pytest.raises(SuspiciousOperation):
            verify(bad)


def test_a_password_login_is_never_taken_for_a_callback(client, kommun, settings):
    UserFactory(username="nattvandrare", organisation=kommun, role="reporter", password="Lokalt-losen-1")
    url = reverse("accounts:login") + "?code=stolen&state=forged"
    for configured in ("", "trygg-test"):
        settings.OIDC_RP_CLIENT_ID = configured
        wrong = client.post(url, {"username": "nattvandrare", "password": "fel"})
        assert wrong.status_code == 200 and "_auth_user_id" not in client.session


def test_without_configuration_there_is_no_sso(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert "kommunens konto" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_the_login_page_offers_both_and_passes_next_on(client, sso, kommun):
    page = client.get(reverse("accounts:login") + "?next=/atgarder/").content.decode()
    assert "/oidc/authenticate/?next=/atgarder/" in page
    UserFactory(username="nattvandrare", organisation=kommun, role="reporter", password="Lokalt-losen-1")
    local = client.post(reverse("accounts:login"), {"username": "nattvandrare", "password": "Lokalt-losen-1"})
    assert local.status_code == 302  # local accounts (volunteers, the demo) beside single sign-on


def _password_login(browser: requests.Session, app: str, username: str, password: str) -> requests.Response:
    page = browser.get(f"{app}/konto/logga-in/")
    return browser.post(
        f"{app}/konto/logga-in/",
        data={"csrfmiddlewaretoken": _csrf(page.text), "username": username, "password": password},
    )


def _deactivated_sso_account(app: str) -> None:
    log_in(app, "anna.samordnare")  # the provider says anna used two factors
    User.objects.filter(username="anna.samordnare").update(is_active=False)


@pytest.mark.parametrize("sso_first", [True, False], ids=["sso-then-password", "password-then-sso"])
def test_a_failed_sso_login_never_lends_its_second_factor_to_a_password_login(
    live_server, sso, groups, kommun, settings, sso_first
):
    settings.REQUIRE_TWO_FACTOR = True
    _deactivated_sso_account(live_server.url)
    UserFactory(username="chef", organisation=kommun, role="administrator", password="Lokalt-losen-1")
    browser = requests.Session()
    steps = [
        lambda: _sso_round_trip(browser, live_server.url, "anna.samordnare"),
        lambda: _password_login(browser, live_server.url, "chef", "Lokalt-losen-1"),
    ]
    for step in steps if sso_first else reversed(steps):
        step()
    response = browser.get(f"{live_server.url}/start/", allow_redirects=False)
    assert response.status_code == 302 and "/konto/tvafaktor/" in response.headers["location"]


def test_the_providers_second_factor_belongs_to_the_sso_login_only(live_server, sso, groups, kommun, settings):
    """The flag is for the user the provider vouched for, through the backend that asked it."""
    settings.REQUIRE_TWO_FACTOR = True
    anna, _ = log_in(live_server.url, "anna.samordnare")
    stored = Session.objects.get(session_key=anna.cookies["sessionid"]).get_decoded()
    assert stored[PROVIDER_MFA_SESSION_KEY] == {
        "user": str(User.objects.get(username="anna.samordnare").pk),
        "backend": "accounts.sso.SsoBackend",
    }
    UserFactory(username="chef", organisation=kommun, role="administrator", password="Lokalt-losen-1")
    _password_login(anna, live_server.url, "chef", "Lokalt-losen-1")  # another person at the same browser
    response = anna.get(f"{live_server.url}/start/", allow_redirects=False)
    assert response.status_code == 302 and "/konto/tvafaktor/" in response.headers["location"]


def test_a_deactivated_sso_user_is_logged_out_at_once(live_server, sso, groups):
    anna, _ = log_in(live_server.url, "anna.samordnare")
    assert anna.get(f"{live_server.url}/start/", allow_redirects=False).status_code == 200
    user = User.objects.get(username="anna.samordnare")
    user.is_active = False
    user.save()
    assert not Session.objects.filter(session_key=anna.cookies["sessionid"]).exists()  # the session ended
    response = anna.get(f"{live_server.url}/start/", allow_redirects=False)
    assert response.status_code == 302 and "/konto/logga-in/" in response.headers["location"]


def test_an_inactive_user_is_never_restored_from_a_session(sso):
    user = UserFactory(username="gammal", is_active=False)
    assert SsoBackend().get_user(user.pk) is None


def test_groups_in_more_than_one_organisation_are_refused(live_server, sso, groups, kommun):
    browser, landed = log_in(live_server.url, "karin.tva")
    assert landed.url.startswith(f"{live_server.url}/konto/logga-in/")
    assert "flera organisationer" in landed.text
    assert not User.objects.filter(username="karin.tva").exists()
    assert browser.get(f"{live_server.url}/start/", allow_redirects=False).status_code == 302


def test_userinfo_about_another_subject_than_the_id_token_is_refused(live_server, sso, groups):
    browser, landed = log_in(live_server.url, "ulf.annan")
    assert landed.url.startswith(f"{live_server.url}/konto/logga-in/") and "misslyckades" in landed.text
    assert not User.objects.exclude(sso_subject=None).exists()


def test_an_over_long_subject_is_refused_not_cut(live_server, sso, groups):
    browser, landed = log_in(live_server.url, "lang.sub")
    assert landed.url.startswith(f"{live_server.url}/konto/logga-in/") and "misslyckades" in landed.text
    assert not User.objects.exclude(sso_subject=None).exists()


def test_an_sso_username_never_differs_from_a_local_one_only_in_case(live_server, sso, groups, kommun):
    local = UserFactory(username="Anna.Samordnare", organisation=kommun, role="reporter")
    log_in(live_server.url, "anna.samordnare")
    created = User.objects.exclude(sso_subject=None).get()
    assert created.username.lower() != local.username.lower()
