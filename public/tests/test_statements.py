"""The accessibility statement and the privacy notice: linked from every page and from
the form that collects an e-mail address, with the figures they state taken from the settings."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_footer_links_both_statements(client):
    page = client.get("/").content.decode()
    assert reverse("public:accessibility") in page and reverse("public:privacy") in page


def test_accessibility_statement_has_the_parts_the_law_expects(client, settings):
    settings.SITE_CONTACT_EMAIL = "trygghet@kommun.example"
    page = client.get(reverse("public:accessibility")).content.decode()
    for part in ("Hur tillgänglig är webbplatsen?", "Rapportera brister", "Tillsyn", "WCAG 2.1", "Digg"):
        assert part in page
    assert "mailto:trygghet@kommun.example" in page and "25 november 2026" in page


def test_privacy_notice_states_the_retention_in_force(client, settings):
    settings.RETENTION_DAYS = {"incident_contact_email": 90}
    page = client.get(reverse("public:privacy")).content.decode()
    assert "efter 90 dagar" in page and "artikel 6.1 e" in page and "IMY" in page


def test_report_form_links_the_privacy_notice(client, strangnas):
    page = client.get(reverse("public:citizen_report", args=[strangnas.slug])).content.decode()
    assert reverse("public:privacy") in page
