"""The municipality's face on its pages: its logo, uploaded by an administrator and made a
plain PNG, and its contact in the footer. An upload is an attack surface: only pixels survive it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

from accounts.models import AuditEntry, Municipality
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _image(fmt="PNG", size=(800, 400), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(out, format=fmt, **save)
    return out.getvalue()


@pytest.fixture
def admin_client(kommun):
    client = Client()
    client.force_login(UserFactory(username="admin", organisation=kommun, is_staff=True, is_superuser=True))
    return client


def _stored_logo(municipality) -> bytes:
    return bytes(Municipality.objects.get(pk=municipality.pk).logo_png)


def _upload(admin_client, municipality, data: bytes, name="logo.png", **extra):
    url = reverse("admin:accounts_municipality_change", args=[municipality.pk])
    form = {"name": municipality.name, "code": municipality.code, "slug": municipality.slug, "website": "", **extra}
    form["logo"] = SimpleUploadedFile(name, data)
    return admin_client.post(url, form)


def test_an_uploaded_logo_is_re_encoded_small_without_its_metadata_and_logged(admin_client, strangnas):
    meta = PngImagePlugin.PngInfo()
    meta.add_text("Author", "Anna Andersson 19850101-1234")
    response = _upload(admin_client, strangnas, _image(pnginfo=meta))
    assert response.status_code == 302
    stored = _stored_logo(strangnas)
    with Image.open(io.BytesIO(stored)) as logo:
        assert (logo.format, logo.size) == ("PNG", (320, 160))  # fits 480 × 160, proportions kept
        assert "Author" not in logo.info
    assert b"19850101" not in stored
    entry = AuditEntry.objects.get(object_type="accounts.Municipality")
    assert entry.changes["logo_png"][1].startswith(f"{len(stored)} byte, sha256 ")  # the digest, never the bytes


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "kunde inte läsas"),
        ("logo.png", b"not an image at all", "kunde inte läsas"),
        ("logo.tiff", _image("TIFF"), "inte SVG"),
        ("logo.png", _image("PNG", size=(7100, 7100)), "för stor"),
    ],
    ids=["svg-with-script", "text-named-png", "tiff", "50-megapixels"],
)
def test_what_is_not_a_plain_image_is_refused_and_nothing_changes(admin_client, strangnas, name, data, message):
    response = _upload(admin_client, strangnas, data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    strangnas.refresh_from_db()
    assert not strangnas.has_logo and _stored_logo(strangnas) == b""


def test_the_logo_is_served_as_png_with_a_validator_and_pages_show_it(admin_client, strangnas, client):
    _upload(admin_client, strangnas, _image())
    strangnas.refresh_from_db()
    url = reverse("public:logo", args=[strangnas.slug])
    response = client.get(url)
    assert response["Content-Type"] == "image/png" and response.content == _stored_logo(strangnas)
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    page = client.get(reverse("public:safety_map", args=[strangnas.slug])).content.decode()
    assert f'src="{url}?v={strangnas.logo_digest}" alt="Strängnäs"' in page


def test_without_a_logo_the_page_names_the_municipality_and_the_logo_url_is_404(client, strangnas):
    page = client.get(reverse("public:safety_map", args=[strangnas.slug])).content.decode()
    assert '<span class="tenant">Strängnäs</span>' in page
    assert client.get(reverse("public:logo", args=[strangnas.slug])).status_code == 404


def test_the_footer_gives_the_municipalitys_contact_on_its_pages_only(client, strangnas):
    Municipality.objects.filter(pk=strangnas.pk).update(
        contact_email="strangnas.kommun@strangnas.se", website="https://www.strangnas.se/"
    )
    page = client.get(reverse("public:citizen_report", args=[strangnas.slug])).content.decode()
    assert 'href="mailto:strangnas.kommun@strangnas.se"' in page
    assert '<a href="https://www.strangnas.se/">www.strangnas.se</a>' in page
    assert "strangnas.kommun@" not in client.get(reverse("public:open_data")).content.decode()


def test_a_website_must_be_https(admin_client, strangnas):
    url = reverse("admin:accounts_municipality_change", args=[strangnas.pk])
    form = {"name": strangnas.name, "code": strangnas.code, "slug": strangnas.slug, "website": "javascript:alert(1)"}
    response = admin_client.post(url, form)
    assert response.status_code == 200
    strangnas.refresh_from_db()
    assert strangnas.website == ""


def test_municipalities_leave_the_logo_bytes_in_the_database_until_asked(strangnas):
    loaded = Municipality.objects.get(pk=strangnas.pk)
    assert "logo_png" in loaded.get_deferred_fields()
