"""trygg.bulk writes what Django's bulk_create writes, on the backend the tests run on."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import AuditEntry
from incidents.models import Incident, IncidentCategory
from trygg import bulk


def _values(strangnas) -> dict:
    return {
        "municipality_id": strangnas.pk,
        "category_id": IncidentCategory.objects.get(code="klotter").pk,
        "occurred_at": datetime.datetime(2025, 3, 30, 1, 30, 15, 250000, tzinfo=datetime.UTC),
        "occurred_until": None,
        "latitude": Decimal("59.377600"),
        "longitude": Decimal("17.031300"),
        "source": Incident.Source.IMPORT,
        "description": "Klotter på muren, ”citat” och 'enkla' tecken; %s",
    }


def _stored(public_ref: str) -> dict:
    row = Incident.everything.filter(public_ref=public_ref).values().get()
    del row["id"], row["created_at"], row["public_ref"]
    return row


@pytest.mark.django_db
def test_insert_values_stores_the_same_values_as_bulk_create(strangnas):
    django = Incident(**_values(strangnas))
    bulk.insert_values(Incident, [{**_values(strangnas), "public_ref": "0123456789"}])
    Incident.everything.bulk_create([django])
    assert _stored("0123456789") == _stored(django.public_ref)
    stored = Incident.everything.get(public_ref="0123456789")
    assert stored.occurred_at == _values(strangnas)["occurred_at"] and stored.latitude == Decimal("59.377600")
    assert stored.created_at is not None and stored.description.endswith("; %s")
    assert stored.status == Incident.Status.NEW  # a default the row left out


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


@pytest.mark.django_db
def test_insert_values_returns_the_keys_and_later_rows_come_after_them(strangnas):
    rows = [{**_values(strangnas), "public_ref": f"000000000{i}"} for i in range(3)]
    ids = bulk.insert_values(Incident, rows)
    stored = dict(Incident.everything.filter(pk__in=ids).values_list("pk", "public_ref"))
    assert stored == {pk: row["public_ref"] for pk, row in zip(ids, rows, strict=True)}
    later = Incident.everything.create(**_values(strangnas))
    assert later.pk > max(ids)
    assert bulk.insert_values(Incident, [{**_values(strangnas), "public_ref": "0000000009"}])[0] > later.pk


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's keys come from the table")
def test_on_sqlite_keys_are_reserved_only_in_the_writing_transaction(queue_db, strangnas):
    with pytest.raises(RuntimeError, match="transaction"):
        bulk.insert_values(Incident, [{**_values(strangnas), "public_ref": "0000000001"}])
    assert not Incident.everything.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's keys come from a sequence")
def test_on_postgresql_keys_reserved_outside_a_transaction_are_never_given_again(queue_db, strangnas):
    reserved = bulk.reserve_ids(Incident, 3)
    assert len(set(reserved)) == 3
    later = Incident.everything.create(**_values(strangnas))
    assert later.pk not in reserved and later.pk > max(reserved)
    bulk.write(bulk.prepare(Incident, [{**_values(strangnas), "public_ref": "0000000001"}], reserved[:1]))
    assert Incident.everything.get(public_ref="0000000001").pk == reserved[0]
