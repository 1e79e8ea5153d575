"""trygg.bulk writes what Django's bulk_create writes, on the backend the tests run on."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import AuditEntry
from incidents.models import Incident, IncidentCategory
from trygg import bulk


def _incident(strangnas, **overrides) -> Incident:
    values = {
        "municipality": strangnas,
        "category": IncidentCategory.objects.get(code="klotter"),
        "occurred_at": datetime.datetime(2025, 3, 30, 1, 30, 15, 250000, tzinfo=datetime.UTC),
        "occurred_until": None,
        "latitude": Decimal("59.377600"),
        "longitude": Decimal("17.031300"),
        "source": Incident.Source.IMPORT,
        "description": "Klotter på muren, ”citat” och 'enkla' tecken; %s",
    }
    return Incident(**{**values, **overrides})


def _stored(incident: Incident) -> dict:
    row = Incident.everything.filter(public_ref=incident.public_ref).values().get()
    del row["id"], row["created_at"], row["public_ref"]
    return row


@pytest.mark.django_db
def test_insert_stores_the_same_values_as_bulk_create(strangnas):
    ours, django = _incident(strangnas), _incident(strangnas)
    bulk.insert(Incident, [ours])
    Incident.everything.bulk_create([django])
    assert _stored(ours) == _stored(django)
    stored = Incident.everything.get(public_ref=ours.public_ref)
    assert stored.occurred_at == ours.occurred_at and stored.latitude == Decimal("59.377600")
    assert stored.created_at is not None and stored.description.endswith("; %s")


@pytest.mark.django_db
def test_insert_values_fills_defaults_and_writes_json(strangnas):
    changes = {"description": [None, "(personuppgift – värdet loggas inte)"], "at": [None, "2025-06-03 21:30"]}
    bulk.insert_values(
        AuditEntry,
        [
            {
                "municipality_id": strangnas.pk,
                "action": AuditEntry.Action.CREATE,
                "object_type": "incidents.Incident",
                "object_id": "17",
                "object_repr": "Klotter 2025-06-03",
                "changes": changes,
            }
        ],
    )
    entry = AuditEntry.objects.get(object_id="17")
    assert entry.changes == changes and entry.user_id is None and entry.at is not None
