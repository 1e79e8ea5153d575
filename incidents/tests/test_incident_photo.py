"""A photo of the damage with a partner's report: only where a photo of people cannot end up
public. It reaches the reviewer and no one else, without the phone's GPS position, and leaves with retention."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import AuditEntry
from incidents.models import Incident, IncidentCategory, IncidentPhoto
from privacy import retention
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def _phone_photo(size=(4032, 3024), orientation=None) -> bytes:
    """A JPEG as a phone saves it: EXIF with the GPS position and the camera, maybe an orientation."""
    image = Image.new("RGB", size, (120, 120, 120))
    exif = Image.Exif()
    exif[0x010F] = "Telefonmärke"
    exif[0x0110] = "Modell X"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 22.0, 39.0), 3: "E", 4: (17.0, 1.0, 53.0)})
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def reporter_client(kommun):
    client = Client()
    client.force_login(UserFactory(username="rapportor2", organisation=kommun, role="reporter"))
    return client


def _report(client, strangnas, station, photo: bytes | None, name="IMG_0001.jpg"):
    data = {
        "category": IncidentCategory.objects.get(code="klotter").pk,
        "occurred_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": station.pk,
        "description": "Klotter på väggen vid cykelstället",
    }
    if photo is not None:
        data["photo"] = SimpleUploadedFile(name, photo, content_type="image/jpeg")
    return client.post(reverse("incidents:report", args=[strangnas.slug]), data)


def test_a_phone_photo_is_kept_small_upright_and_without_position_or_camera(reporter_client, strangnas, station):
    response = _report(reporter_client, strangnas, station, _phone_photo(orientation=6))  # 6: turned 90°
    assert response.status_code == 302
    photo = IncidentPhoto.objects.get()
    stored = bytes(photo.jpeg)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (photo.width, photo.height) == (1200, 1600)  # portrait, as taken
        assert not image.getexif()  # no GPS, no camera, no orientation left
    assert b"Telefonm" not in stored and b"Modell X" not in stored
    entry = AuditEntry.objects.get(object_type="incidents.IncidentPhoto")
    assert "sha256" in entry.changes["jpeg"][1]  # the log names the photo by its digest, never its bytes


@pytest.mark.parametrize(
    "name, data",
    [
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("bild.jpg", b"GIF89a<script>alert(1)</script>"),
        ("bild.html", b"<html><script>alert(1)</script></html>"),
    ],
    ids=["svg", "polyglot", "html"],
)
def test_what_is_not_a_photo_is_refused_and_nothing_is_saved(reporter_client, strangnas, station, name, data):
    response = _report(reporter_client, strangnas, station, data, name=name)
    assert response.status_code == 400  # the form again, with the reason at the field
    assert "kunde inte läsas som en bild" in response.content.decode()
    assert Incident.objects.count() == 0 and IncidentPhoto.objects.count() == 0


def test_the_report_stands_without_a_photo(reporter_client, strangnas, station):
    assert _report(reporter_client, strangnas, station, None).status_code == 302
    assert Incident.objects.count() == 1 and IncidentPhoto.objects.count() == 0


def test_only_the_reviewers_of_the_municipality_see_it_never_cached(
    reporter_client, coordinator_client, other_coordinator_client, viewer_client, client, strangnas, station
):
    _report(reporter_client, strangnas, station, _phone_photo(size=(800, 600)))
    incident = Incident.objects.get()
    url = reverse("incidents:photo", args=[incident.pk])
    response = coordinator_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert reporter_client.get(url).status_code == 403
    assert viewer_client.get(url).status_code == 403
    assert other_coordinator_client.get(url).status_code == 404
    assert client.get(url).status_code == 302  # to the login
    queue = coordinator_client.get(reverse("incidents:review_queue", args=[strangnas.slug])).content.decode()
    assert f'src="{url}"' in queue and 'width="800" height="600"' in queue


def test_the_photo_is_in_no_public_output(reporter_client, coordinator_client, client, strangnas, station):
    _report(reporter_client, strangnas, station, _phone_photo(size=(800, 600)))
    incident = Incident.objects.get()
    coordinator_client.post(reverse("incidents:review", args=[incident.pk]), {"status": "reviewed"})
    photo_url = reverse("incidents:photo", args=[incident.pk])
    public_pages = [
        reverse("public:safety_map", args=[strangnas.slug]),
        reverse("public:open_data"),
        "/open311/v2/requests.json",
    ]
    for page in public_pages:
        body = client.get(page).content
        assert photo_url.encode() not in body and b"foto" not in body.lower().replace(b"fotografera", b"")


def test_the_reviewer_removes_a_photo_that_shows_people_and_it_is_logged(
    reporter_client, coordinator_client, strangnas, station
):
    _report(reporter_client, strangnas, station, _phone_photo(size=(800, 600)))
    incident = Incident.objects.get()
    url = reverse("incidents:remove_photo", args=[incident.pk])
    assert coordinator_client.get(url).status_code == 405  # a state change is never a GET
    assert coordinator_client.post(url).status_code == 302
    assert not IncidentPhoto.objects.exists() and Incident.objects.filter(pk=incident.pk).exists()
    assert AuditEntry.objects.filter(object_type="incidents.IncidentPhoto", action="delete").count() == 1


def test_retention_deletes_photos_after_half_a_year(reporter_client, strangnas, station):
    _report(reporter_client, strangnas, station, _phone_photo(size=(800, 600)))
    now = timezone.now()
    assert {o.record_type: o.count for o in retention.apply(now=now + datetime.timedelta(days=182))}[
        "incident_photos"
    ] == 0
    outcomes = {o.record_type: o.count for o in retention.apply(now=now + datetime.timedelta(days=184))}
    assert outcomes["incident_photos"] == 1
    assert not IncidentPhoto.objects.exists() and Incident.objects.count() == 1
