"""The follow-up's snapshot, declared (programme.snapshot): what is published today reads back as it was
stored, and the snapshots stored by earlier schemas read as the readers showed them before they were declared.
The stored literals below are as the builder of each schema wrote them; the V4 one was written by today's."""

import copy
import dataclasses
import datetime
import json

import pytest

from programme.models import FollowUp
from programme.services import create_follow_up, publish_follow_up
from programme.snapshot import SCHEMA, Snapshot, read
from public.selectors import indicator_share, indicator_value, target_phrase

# The first publications: no schema, nothing said about what an indicator counts or how it combines.
V1 = {
    "period": ["2023-01-01", "2023-12-31"],
    "progress": 0.55,
    "focus_areas": [
        {
            "title": "Trygg i centrum",
            "progress": 0.55,
            "promises": [
                {
                    "id": 7,
                    "text": "Vi nattvandrar varje fredag.",
                    "promisor": "Kommunen",
                    "status": "done",
                    "narrative": "Varje fredag hela året.",
                    "progress": 0.55,
                    "indicators": [
                        {
                            "name": "Genomförda nattvandringar",
                            "activity": "Nattvandring",
                            "unit": "tillfällen",
                            "kind": "output",
                            "target": 40.0,
                            "computed": True,
                            "value": 44.0,
                            "progress": 1.1,
                        },
                        {
                            "name": "Unga i samtal",
                            "activity": "Nattvandring",
                            "unit": "personer",
                            "kind": "output",
                            "target": 20.0,
                            "computed": True,
                            "value": 3.0,
                            "progress": 0.15,
                        },
                        {
                            "name": "Lagade lampor",
                            "activity": "Fastighetsrond",
                            "unit": "st",
                            "kind": "output",
                            "target": 10.0,
                            "computed": False,
                            "value": None,
                            "progress": None,
                        },
                    ],
                },
                {
                    "id": 8,
                    "text": "Vi rapporterar skadegörelse samma dag.",
                    "promisor": "Polisen",
                    "status": None,
                    "narrative": "",
                    "progress": None,
                    "indicators": [],
                },
            ],
        }
    ],
}
# Schema 3: a mean per month of people kept its decimals, and so did its share; nothing was withheld.
V3 = {
    "schema": 3,
    "period": ["2024-01-01", "2024-12-31"],
    "progress": 0.65,
    "focus_areas": [
        {
            "title": "Vuxennärvaro där unga rör sig",
            "progress": 0.65,
            "promises": [
                {
                    "id": 1,
                    "text": "Vi ökar vuxennärvaron på kvällar och helger.",
                    "promisor": "Kommunen och polisen",
                    "status": "ongoing",
                    "narrative": "Fler vuxna ute på fredagar.",
                    "progress": 0.65,
                    "indicators": [
                        {
                            "name": "Personer i avhopparverksamheten",
                            "activity": "Avhopparverksamhet",
                            "unit": "personer",
                            "kind": "output",
                            "target": 10.0,
                            "computed": True,
                            "about_people": True,
                            "aggregation": "average",
                            "value": 8.44,
                            "source": "Loggat arbete: Personer i avhopparverksamheten (medelvärde per månad)",
                            "baseline": None,
                            "lower_is_better": False,
                            "progress": 0.844,
                        },
                        {
                            "name": "Kamerabevakade platser",
                            "activity": "Kamerabevakning",
                            "unit": "platser",
                            "kind": "output",
                            "target": 6.0,
                            "computed": True,
                            "about_people": False,
                            "aggregation": "sum",
                            "value": 3.0,
                            "source": "Loggat arbete: Kamerabevakade platser (aktiva vid periodens slut)",
                            "baseline": None,
                            "lower_is_better": False,
                            "progress": 0.5,
                        },
                        {
                            "name": "Anmäld skadegörelse",
                            "activity": "Kamerabevakning",
                            "unit": "händelser",
                            "kind": "outcome",
                            "target": 20.0,
                            "computed": True,
                            "about_people": True,
                            "aggregation": "sum",
                            "value": 24.0,
                            "source": "Granskade händelser: Skadegörelse vid Resecentrum",
                            "baseline": 30.0,
                            "lower_is_better": True,
                            "progress": 0.6,
                        },
                    ],
                }
            ],
        }
    ],
}
# Schema 4, as publish_follow_up wrote it (a mean of people as a whole number, withheld values marked).
V4 = {
    "schema": 4,
    "period": ["2024-01-01", "2024-12-31"],
    "progress": 0.7000000000000001,
    "focus_areas": [
        {
            "title": "Vuxennärvaro där unga rör sig",
            "progress": 0.7000000000000001,
            "promises": [
                {
                    "id": 1,
                    "text": "Vi ökar vuxennärvaron på kvällar och helger.",
                    "promisor": "Kommunen och polisen",
                    "status": "ongoing",
                    "narrative": "",
                    "progress": 0.7000000000000001,
                    "indicators": [
                        {
                            "name": "Genomförda nattvandringar",
                            "activity": "Nattvandring",
                            "unit": "tillfällen",
                            "kind": "output",
                            "target": 80.0,
                            "computed": False,
                            "about_people": True,
                            "aggregation": "sum",
                            "value": None,
                            "source": "",
                            "baseline": None,
                            "lower_is_better": False,
                            "progress": None,
                            "withheld": False,
                        },
                        {
                            "name": "Personer i avhopparverksamheten",
                            "activity": "Nattvandring",
                            "unit": "personer",
                            "kind": "output",
                            "target": 10.0,
                            "computed": True,
                            "about_people": True,
                            "aggregation": "average",
                            "value": 8.0,
                            "source": "Loggat arbete: Personer i avhopparverksamheten (summa av månader)",
                            "baseline": None,
                            "lower_is_better": False,
                            "progress": 0.8,
                            "withheld": False,
                        },
                        {
                            "name": "Kamerabevakade platser",
                            "activity": "Nattvandring",
                            "unit": "platser",
                            "kind": "output",
                            "target": 6.0,
                            "computed": True,
                            "about_people": False,
                            "aggregation": "sum",
                            "value": 3.0,
                            "source": "Loggat arbete: Kamerabevakade platser (aktiva vid periodens slut)",
                            "baseline": None,
                            "lower_is_better": False,
                            "progress": 0.5,
                            "withheld": False,
                        },
                        {
                            "name": "Deltagare",
                            "activity": "Nattvandring",
                            "unit": "personer",
                            "kind": "output",
                            "target": 10.0,
                            "computed": True,
                            "about_people": True,
                            "aggregation": "latest",
                            "value": 8.0,
                            "source": "Loggat arbete: Personer i avhopparverksamheten (summa av månader)",
                            "baseline": None,
                            "lower_is_better": False,
                            "progress": 0.8,
                            "withheld": False,
                        },
                        {
                            "name": "Anmäld skadegörelse",
                            "activity": "Nattvandring",
                            "unit": "händelser",
                            "kind": "outcome",
                            "target": 20.0,
                            "computed": False,
                            "about_people": True,
                            "aggregation": "sum",
                            "value": None,
                            "source": "",
                            "baseline": 30.0,
                            "lower_is_better": True,
                            "progress": None,
                            "withheld": False,
                        },
                    ],
                }
            ],
        }
    ],
}


def shown(snapshot: Snapshot) -> dict:
    """What the public page, the PDF and open data show of a snapshot, indicator by indicator."""
    rows = []
    for fa in snapshot.focus_areas:
        for p in fa.promises:
            rows.append((p.id, p.text, p.promisor, p.status, p.narrative))
            for i in p.indicators:
                rows.append(
                    (
                        i.name,
                        i.activity,
                        i.unit,
                        i.target,
                        i.value,
                        indicator_value(i),
                        indicator_share(i),
                        target_phrase(i),
                        i.source,
                    )
                )
    return {"period": snapshot.period, "rows": rows}


# What the readers showed of each before the snapshot was declared (public.selectors on the stored dicts).
SHOWN = {
    "V1": {
        "period": ("2023-01-01", "2023-12-31"),
        "rows": [
            (7, "Vi nattvandrar varje fredag.", "Kommunen", "done", "Varje fredag hela året."),
            ("Genomförda nattvandringar", "Nattvandring", "tillfällen", 40.0, 44.0, 44.0, 1.1, "av 40 tillfällen", ""),
            ("Unga i samtal", "Nattvandring", "personer", 20.0, 3.0, "<5", None, "av 20 personer", ""),
            ("Lagade lampor", "Fastighetsrond", "st", 10.0, None, None, None, "av 10 st", ""),
            (8, "Vi rapporterar skadegörelse samma dag.", "Polisen", None, ""),
        ],
    },
    "V3": {
        "period": ("2024-01-01", "2024-12-31"),
        "rows": [
            (
                1,
                "Vi ökar vuxennärvaron på kvällar och helger.",
                "Kommunen och polisen",
                "ongoing",
                "Fler vuxna ute på fredagar.",
            ),
            (
                "Personer i avhopparverksamheten",
                "Avhopparverksamhet",
                "personer",
                10.0,
                8.44,
                8.0,
                None,
                "av 10 personer",
                "Loggat arbete: Personer i avhopparverksamheten (medelvärde per månad)",
            ),
            (
                "Kamerabevakade platser",
                "Kamerabevakning",
                "platser",
                6.0,
                3.0,
                3.0,
                0.5,
                "av 6 platser",
                "Loggat arbete: Kamerabevakade platser (aktiva vid periodens slut)",
            ),
            (
                "Anmäld skadegörelse",
                "Kamerabevakning",
                "händelser",
                20.0,
                24.0,
                24.0,
                0.6,
                "mål högst 20 händelser, utgångsvärde 30",
                "Granskade händelser: Skadegörelse vid Resecentrum",
            ),
        ],
    },
    "V4": {
        "period": ("2024-01-01", "2024-12-31"),
        "rows": [
            (1, "Vi ökar vuxennärvaron på kvällar och helger.", "Kommunen och polisen", "ongoing", ""),
            ("Genomförda nattvandringar", "Nattvandring", "tillfällen", 80.0, None, None, None, "av 80 tillfällen", ""),
            (
                "Personer i avhopparverksamheten",
                "Nattvandring",
                "personer",
                10.0,
                8.0,
                8.0,
                0.8,
                "av 10 personer",
                "Loggat arbete: Personer i avhopparverksamheten (summa av månader)",
            ),
            (
                "Kamerabevakade platser",
                "Nattvandring",
                "platser",
                6.0,
                3.0,
                3.0,
                0.5,
                "av 6 platser",
                "Loggat arbete: Kamerabevakade platser (aktiva vid periodens slut)",
            ),
            (
                "Deltagare",
                "Nattvandring",
                "personer",
                10.0,
                8.0,
                8.0,
                0.8,
                "av 10 personer",
                "Loggat arbete: Personer i avhopparverksamheten (summa av månader)",
            ),
            (
                "Anmäld skadegörelse",
                "Nattvandring",
                "händelser",
                20.0,
                None,
                None,
                None,
                "mål högst 20 händelser, utgångsvärde 30",
                "",
            ),
        ],
    },
}


@pytest.mark.parametrize("name, stored", [("V1", V1), ("V3", V3), ("V4", V4)])
def test_a_stored_snapshot_of_any_schema_reads_as_it_was_shown(name, stored):
    untouched = copy.deepcopy(stored)
    snapshot = read(stored)
    assert shown(snapshot) == SHOWN[name]
    assert snapshot.schema == stored.get("schema", 1)
    assert stored == untouched  # reading upgrades a copy; the publication stays as it was stored


def test_old_snapshots_get_today_s_defaults():
    first = read(V1).indicators()
    assert [(i.about_people, i.aggregation, i.withheld, i.source, i.baseline, i.lower_is_better) for i in first] == [
        (True, "sum", False, "", None, False)
    ] * 3
    mean = read(V3).indicators()[0]
    assert (mean.value, mean.progress) == (8.44, None)  # the staff page shows the stored mean; its share is gone
    assert read(V3).indicators()[1].progress == 0.5


def test_today_s_snapshot_reads_back_exactly():
    assert json.loads(json.dumps(dataclasses.asdict(read(V4)))) == V4


def test_an_unpublished_follow_up_reads_as_empty():
    assert read({}) == Snapshot(schema=1, period=None, progress=None, focus_areas=())


@pytest.mark.django_db
def test_publishing_builds_what_read_reads(promise_set, coordinator):
    follow_up = FollowUp(
        promise_set=promise_set,
        title="2024",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    create_follow_up(user=coordinator, follow_up=follow_up)
    publish_follow_up(user=coordinator, follow_up=follow_up)
    stored = FollowUp.objects.get(pk=follow_up.pk).snapshot
    snapshot = read(stored)
    assert stored["schema"] == snapshot.schema == SCHEMA
    assert snapshot.period == ("2024-01-01", "2024-12-31")
    assert [p.text for fa in snapshot.focus_areas for p in fa.promises] == [
        p.text for p in promise_set.focus_areas.get().promises.all()
    ]
    assert json.loads(json.dumps(dataclasses.asdict(snapshot))) == stored
