import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enrolment import issue_link
from accounts.models import EnrolmentLink
from tests.factories import UserFactory

PASSWORD = "korrekt-häst-batteri"


def _login(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_TWO_FACTOR = True


@pytest.mark.django_db
def test_coordinator_sets_up_totp_with_the_administrators_link_and_then_gets_in(client, coordinator, require_2fa):
    _login(client, "samordnare")
    response = client.get(reverse("programme:promise_set_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor"))
    assert client.get(response.url).status_code == 403  # no link from an administrator: no enrolment
    assert client.get(issue_link(user=coordinator, created_by=None)).status_code == 302
    setup = client.get(response.url)
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert client.post(reverse("accounts:two_factor"), {"token": "abc"}).status_code == 400
    ok = client.post(reverse("accounts:two_factor"), {"token": _code(device), "next": "/samordning/"})
    assert ok.status_code == 302 and ok.url == "/samordning/"
    assert client.get(reverse("programme:promise_set_list")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_second_login_asks_for_a_code_from_the_confirmed_device(client, coordinator, require_2fa):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    _login(client, "samordnare")
    page = client.get(reverse("accounts:two_factor"))
    assert "<svg" not in page.content.decode()  # no new QR code for a user who has a device
    client.post(reverse("accounts:two_factor"), {"token": _code(device)})
    assert client.get(reverse("programme:audit_log")).status_code == 200


@pytest.mark.django_db
def test_api_refuses_unverified_coordinator(client, coordinator, require_2fa):
    _login(client, "samordnare")
    response = client.get("/api/v1/places/")
    assert response.status_code == 403 and "Tvåfaktors" in response.json()["detail"]


@pytest.mark.django_db
def test_reporters_and_viewers_need_no_second_factor(client, kommun, require_2fa):
    UserFactory(username="lasare", organisation=kommun, role="viewer")
    _login(client, "lasare")
    assert client.get(reverse("programme:promise_set_list")).status_code == 200


@pytest.mark.django_db
def test_open_redirect_is_refused(client, coordinator, require_2fa):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    _login(client, "samordnare")
    response = client.post(reverse("accounts:two_factor"), {"token": _code(device), "next": "https://evil.example/"})
    assert response.url == "/samordning/"


@pytest.mark.django_db
def test_wrong_code_is_refused_and_throttled(client, coordinator, require_2fa):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    _login(client, "samordnare")
    wrong = "000000" if _code(device) != "000000" else "111111"
    response = client.post(reverse("accounts:two_factor"), {"token": wrong})
    assert response.status_code == 400 and "stämmer inte" in response.content.decode()
    # django-otp throttles after a failure: even the right code waits, against guessing.
    assert client.post(reverse("accounts:two_factor"), {"token": _code(device)}).status_code == 400
    assert client.get(reverse("programme:promise_set_list")).status_code == 302


@pytest.mark.django_db
def test_the_password_alone_cannot_enrol_a_device(client, coordinator, require_2fa):
    """Whoever first logged in with the password could enrol their own phone."""
    _login(client, "samordnare")
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 403 and "<svg" not in page.content.decode()
    assert "aktiveringslänk" in page.content.decode()
    assert client.post(reverse("accounts:two_factor"), {"token": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


@pytest.mark.django_db
def test_a_link_works_once_for_its_own_user_only(client, coordinator, kommun, require_2fa):
    other = UserFactory(username="annan", organisation=kommun, role="coordinator", password=PASSWORD)
    path = issue_link(user=coordinator, created_by=None)
    _login(client, "annan")
    assert client.get(path).status_code == 403  # another account's link
    client.post(reverse("accounts:logout"))
    _login(client, "samordnare")
    assert client.get(path, follow=True).status_code == 200  # the QR code
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert client.post(reverse("accounts:two_factor"), {"token": _code(device)}).status_code == 302
    assert EnrolmentLink.objects.get(user=coordinator).used_at is not None
    assert client.get(path).status_code == 403  # used
    assert not TOTPDevice.objects.filter(user=other).exists()
