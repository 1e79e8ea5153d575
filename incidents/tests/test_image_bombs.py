"""Attack: a 6 kB PNG of 49 megapixels cost 2.3 s and ~255 MB per upload, by any volunteer, as often as they
liked. An image that claims far more pixels than its bytes can hold is refused before it is decoded, and each
user's uploads are limited per hour."""

import datetime
import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from incidents.models import Incident, IncidentCategory, IncidentPhoto
from trygg.images import reencode

pytestmark = pytest.mark.django_db


def _png(size, mode="1") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _jpeg(size, colour=(120, 120, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def volunteer(reporter_client):
    """A volunteer signed in: any reporter of the municipality's organisations (conftest)."""
    return reporter_client


def _report(client, strangnas, station, photo: bytes, name="IMG_0001.png"):
    data = {
        "category": IncidentCategory.objects.get(code="klotter").pk,
        "occurred_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": station.pk,
        "description": "Klotter på väggen vid cykelstället",
        "photo": SimpleUploadedFile(name, photo, content_type="image/png"),
    }
    return client.post(reverse("incidents:report", args=[strangnas.slug]), data)


def test_a_few_kilobytes_claiming_49_megapixels_are_refused_before_decoding(volunteer, strangnas, station):
    bomb = _png((8100, 6050))  # 49 MP in a few kB
    assert len(bomb) < 20_000
    volunteer.get(reverse("incidents:report", args=[strangnas.slug]))  # the first request loads what every one needs
    started = time.perf_counter()
    response = _report(volunteer, strangnas, station, bomb)
    assert time.perf_counter() - started < 1.0  # not decoded: decoding it takes seconds
    assert response.status_code == 400 and "bildpunkter" in response.content.decode()
    assert Incident.objects.count() == 0 and IncidentPhoto.objects.count() == 0


@pytest.mark.parametrize("size", [(4032, 3024), (8064, 6048)], ids=["12MP", "48MP"])
def test_phone_photos_pass_even_a_flat_one(size):
    """A JPEG cannot be squeezed far: even one of a single colour (a lens cap) keeps under the ratio."""
    jpeg, _size = reencode(SimpleUploadedFile("x.jpg", _jpeg(size)), max_bytes=15 << 20, box=(1600, 1600), fmt="JPEG")
    assert jpeg


def test_more_pixels_than_a_phone_takes_are_refused():
    with pytest.raises(ValidationError, match="bildpunkter"):
        reencode(SimpleUploadedFile("x.jpg", _jpeg((9000, 6000))), max_bytes=15 << 20, box=(1600, 1600), fmt="JPEG")


def test_a_volunteer_uploads_a_limited_number_of_photos_an_hour(settings, volunteer, strangnas, station):
    settings.UPLOAD_RATE_LIMIT = (3, 3600)
    photo = _jpeg((640, 480))
    statuses = [_report(volunteer, strangnas, station, photo, name="IMG.jpg").status_code for _ in range(5)]
    assert statuses == [302] * 3 + [429] * 2
    refused = _report(volunteer, strangnas, station, photo, name="IMG.jpg")
    assert 0 < int(refused["Retry-After"]) <= 3600 and "foton" in refused.content.decode()
    assert IncidentPhoto.objects.count() == 3
