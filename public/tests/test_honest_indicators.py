"""Issue 10, part 5: indicators that say what they mean. No "76 av 10 personer" (monthly head counts
summed), no silent cap at 100 %, no "<5 av 6 platser" for the municipality's own camera sites."""

import datetime
from decimal import Decimal

import pytest

from fieldwork.models import DefectorMonthlyCount
from programme.models import FollowUp, Indicator
from programme.rollup import aggregate_months
from programme.services import create_follow_up, publish_follow_up, set_published
from tests.factories import CameraSiteFactory, IncidentCategoryFactory, IndicatorBindingFactory, IndicatorFactory

MONTHS = {
    datetime.date(2024, m, 1): Decimal(n) for m, n in zip(range(1, 10), [8, 9, 7, 9, 8, 10, 9, 8, 8], strict=True)
}


@pytest.mark.parametrize(
    "aggregation, expected",
    [("sum", "76.00"), ("latest", "8.00"), ("maximum", "10.00"), ("average", "8.44"), ("distinct", "76.00")],
)
def test_monthly_values_combine_as_declared(aggregation, expected):
    assert aggregate_months(MONTHS, aggregation) == Decimal(expected)


def _publish(promise_set, coordinator) -> FollowUp:
    follow_up = FollowUp(
        promise_set=promise_set,
        title="2024",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    create_follow_up(user=coordinator, follow_up=follow_up)
    set_published(user=coordinator, promise_set=promise_set, published=True)
    return publish_follow_up(user=coordinator, follow_up=follow_up)


@pytest.mark.django_db
def test_the_public_follow_up_says_what_the_indicators_mean(
    client, promise_set, coordinator, night_walk_activity, station, strangnas
):
    defectors = IndicatorFactory(
        activity=night_walk_activity,
        name="Personer i avhopparverksamheten",
        unit="personer",
        target=10,
        aggregation=Indicator.Aggregation.MAXIMUM,
    )
    IndicatorBindingFactory(indicator=defectors, measure="defector_people")
    for month, n in MONTHS.items():
        DefectorMonthlyCount.objects.create(municipality=strangnas, month=month, people_supported=int(n))
    cameras = IndicatorFactory(
        activity=night_walk_activity, name="Kamerabevakade platser", unit="platser", target=6, counts_own_work=True
    )
    IndicatorBindingFactory(indicator=cameras, measure="camera_sites")
    for i in range(3):
        CameraSiteFactory(municipality=strangnas, name=f"Kamera {i}", started_on=datetime.date(2023, 1, 1))
    small_people = IndicatorFactory(activity=night_walk_activity, name="Deltagare", unit="personer", target=10)
    IndicatorBindingFactory(indicator=small_people, measure="defector_people")  # sum: 76, not small
    follow_up = _publish(promise_set, coordinator)
    page = client.get(f"/strangnas/medborgarloften/2024-2025/uppfoljning/{follow_up.version}/").content.decode()
    assert "10 av 10" in page and "76 av 10" not in page.split("Deltagare")[0]  # the maximum month, not the sum
    assert "3 av 6" in page and "&lt;5 av 6" not in page  # own camera sites shown exactly
    assert "760 %" in page  # the summed indicator, shown past its target, not capped at 100 %
    pdf = client.get(f"/strangnas/medborgarloften/2024-2025/uppfoljning/{follow_up.version}/", {"format": "pdf"})
    assert pdf.status_code == 200


def test_old_snapshots_without_the_declaration_stay_suppressed():
    from programme.snapshot import read
    from public.selectors import indicator_value

    def old(given: dict):
        """The indicator of a snapshot from before the declaration (no schema), as every reader reads it."""
        indicator = {"name": "Deltagare", "activity": "", "unit": "personer", "kind": "output", "target": 10.0}
        indicator |= {"progress": 0.3, **given}
        promise = {"id": 1, "text": "", "promisor": "", "status": None, "narrative": "", "progress": 0.3}
        focus_area = {"title": "", "progress": 0.3, "promises": [promise | {"indicators": [indicator]}]}
        snapshot = {"period": ["2024-01-01", "2024-12-31"], "progress": 0.3, "focus_areas": [focus_area]}
        return read(snapshot).indicators()[0]

    assert indicator_value(old({"computed": True, "value": 3.0})) == "<5"
    assert indicator_value(old({"computed": True, "value": 3.0, "about_people": False})) == 3.0


@pytest.mark.django_db
def test_a_map_pinned_citizen_report_counts_in_the_safety_map(client, coordinator_client, station, strangnas):
    """A pin report got no district, so it never reached the public statistics; now one function locates
    every channel's reports."""
    from incidents.models import Incident

    category = IncidentCategoryFactory(code="klotter")
    for minute in range(5):
        response = client.post(
            "/strangnas/rapportera/",
            {
                "category": category.pk,
                "latitude": "59.374300",
                "longitude": "17.028900",
                "occurred_at": f"2025-06-01T20:0{minute}",
                "description": "Klotter på väggen",
            },
        )
        assert response.status_code == 302
    pins = Incident.objects.filter(place=None)
    assert pins.count() == 5 and set(pins.values_list("district", flat=True)) == {station.district_id}
    for incident in pins:
        coordinator_client.post(f"/lagesbild/granska/{incident.pk}/", {"status": "reviewed"})
    page = client.get("/strangnas/trygghetskarta/", {"manad": "2025-06"})
    row = next(r for r in page.context["rows"] if r["district"] == station.district.name)
    assert 5 in row["counts"]
