"""SSPF and other case collaboration as quarterly counts: aggregates only, replaced per
quarter, bounded and refused for the future."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from fieldwork.models import CaseCollaborationQuarter

pytestmark = pytest.mark.django_db

URL = reverse("fieldwork:case_collaboration")


def _data(strangnas, **changes) -> dict:
    data = {
        "municipality": strangnas.pk,
        "kind": "sspf",
        "year": 2025,
        "quarter": 2,
        "active_cases": 14,
        "new_cases": 3,
        "meetings": 22,
        "closed_as_planned": 2,
        "closed_otherwise": 1,
    }
    return {**data, **changes}


def test_a_quarter_is_recorded_and_replaced_not_duplicated(coordinator_client, strangnas):
    assert coordinator_client.post(URL, _data(strangnas)).status_code == 302
    assert coordinator_client.post(URL, _data(strangnas, active_cases=15)).status_code == 302
    row = CaseCollaborationQuarter.objects.get()
    assert (row.year, row.quarter, row.active_cases, row.meetings) == (2025, 2, 15, 22)
    assert AuditEntry.objects.filter(object_type="fieldwork.CaseCollaborationQuarter").count() == 2
    assert "14" not in coordinator_client.get(URL).content.decode().split("Registrerade kvartal")[1]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"year": timezone.localdate().year + 1}, "quarter"),
        ({"active_cases": -1}, "active_cases"),
        ({"active_cases": 2, "closed_as_planned": 2, "closed_otherwise": 1}, "closed_otherwise"),
        ({"quarter": 5}, "quarter"),
    ],
)
def test_bad_counts_are_refused(coordinator_client, strangnas, changes, field):
    response = coordinator_client.post(URL, _data(strangnas, **changes))
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not CaseCollaborationQuarter.objects.exists()


def test_only_editors_record_and_only_their_municipalities(viewer_client, coordinator_client, strangnas, eskilstuna):
    assert viewer_client.post(URL, _data(strangnas)).status_code == 403
    response = coordinator_client.post(URL, _data(strangnas, municipality=eskilstuna.pk))
    assert response.status_code == 400 and "municipality" in response.context["form"].errors
    assert not CaseCollaborationQuarter.objects.exists()
