"""Outcome indicators get values: from reviewed incidents, or entered with source and date; one roll-up
(programme.rollup) turns every source's values into progress."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from evaluation.models import IncidentIndicator
from fieldwork.models import IndicatorBinding
from incidents.models import IncidentCategory
from programme import services
from programme.models import Indicator, IndicatorValue
from programme.rollup import IndicatorRow, indicator_row, mean_progress, roll_up
from tests.factories import (
    CameraSiteFactory,
    DistrictFactory,
    EvaluationFactory,
    FollowUpFactory,
    IncidentCategoryFactory,
    IncidentFactory,
    IncidentIndicatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlaceFactory,
)
from tests.fieldwork_fixtures import local

TODAY = datetime.date(2026, 11, 25)
Y2024 = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


@pytest.fixture
def outcome(night_walk_activity):
    """Vandalism at the station: from 30 a year to at most 20."""
    return IndicatorFactory(
        activity=night_walk_activity,
        name="Skadegörelse vid resecentrum",
        kind=Indicator.Kind.OUTCOME,
        unit="händelser",
        baseline=30,
        target=20,
    )


@pytest.fixture
def incident_at(strangnas):
    def make(at, place=None, code="klotter", status="reviewed", lat=None, lng=None, district=None):
        where = {"district": district} if district else {}
        where |= {"latitude": lat, "longitude": lng} if lat is not None else {}
        return IncidentFactory(
            municipality=strangnas,
            category=IncidentCategoryFactory(code=code),
            occurred_at=at,
            place=place,
            status=status,
            **where,
        )

    return make


def _bind(indicator, categories, places=(), districts=(), radius_m=200):
    return IncidentIndicatorFactory(
        indicator=indicator,
        radius_m=radius_m,
        categories=IncidentCategory.objects.filter(code__in=categories),
        places=places,
        districts=districts,
    )


def _value(indicator, first=Y2024[0], last=Y2024[1]):
    return indicator_row(Indicator.objects.get(pk=indicator.pk), first, last, TODAY)


def test_progress_of_an_indicator_that_should_go_down(outcome):
    # Hand-computed: from 30 towards 20, at 26 the way is (30 − 26) / (30 − 20) = 40 %.
    assert IndicatorRow(outcome, computed=True, value=Decimal(26)).progress == pytest.approx(0.4)
    assert IndicatorRow(outcome, computed=True, value=Decimal(15)).progress == pytest.approx(1.5)
    # Worse than the baseline is negative as it is, and counts as 0 % in the roll-up.
    assert IndicatorRow(outcome, computed=True, value=Decimal(35)).progress == pytest.approx(-0.5)
    assert mean_progress([-0.5, 1.5]) == pytest.approx(0.5)


def test_incidents_at_a_place_count_by_category_radius_status_and_period(outcome, station, square, incident_at):
    _bind(outcome, ["skadegorelse"], places=[station], radius_m=100)
    incident_at(local(2024, 3, 1, 22), place=station)  # registered at the place: klotter, a subcategory
    incident_at(local(2024, 3, 2, 22), place=None, code="glaskross", lat=59.3746, lng=17.0290)  # ~45 m away
    incident_at(local(2024, 3, 3, 22), place=square)  # Stortorget, ~400 m away: outside 100 m
    incident_at(local(2024, 3, 4, 22), place=station, code="vald")  # another category
    incident_at(local(2024, 3, 5, 22), place=station, status="new")  # not reviewed
    incident_at(local(2025, 1, 1, 0, 30), place=station)  # after the period (local time)
    row = _value(outcome)
    assert (row.computed, row.value) == (True, Decimal("2.00"))
    assert "Skadegörelse" in row.source
    assert row.progress == pytest.approx((30 - 2) / (30 - 20))


def test_incidents_in_a_district_and_everywhere(outcome, station, strangnas, incident_at):
    other = DistrictFactory(municipality=strangnas, name="Mariefred")
    pier = PlaceFactory(
        municipality=strangnas, district=other, name="Ångbåtsbryggan", kind="other", latitude=59.2597, longitude=17.2236
    )
    incident_at(local(2024, 6, 1, 22), place=station)
    incident_at(local(2024, 6, 2, 22), place=pier)
    incident_at(local(2024, 6, 3, 22), place=pier)
    binding = _bind(outcome, ["skadegorelse"], districts=[other])
    assert _value(outcome).value == Decimal("2.00")
    binding.districts.clear()  # neither places nor districts: the whole municipality
    assert _value(outcome).value == Decimal("3.00")


def test_incidents_as_mean_per_month_count_empty_months(outcome, station, incident_at):
    Indicator.objects.filter(pk=outcome.pk).update(aggregation=Indicator.Aggregation.AVERAGE)
    _bind(outcome, ["skadegorelse"], places=[station])
    for day in (1, 2, 3):
        incident_at(local(2024, 1, day, 22), place=station)
    # Three incidents in January, none in February to April: 3 / 4 months = 0.75 a month.
    assert _value(outcome, datetime.date(2024, 1, 1), datetime.date(2024, 4, 30)).value == Decimal("0.75")


def test_entered_values_with_source_and_date(outcome):
    IndicatorValueFactory(indicator=outcome, measured_on=datetime.date(2024, 3, 31), value=28, source="Enkät A")
    IndicatorValueFactory(indicator=outcome, measured_on=datetime.date(2024, 9, 30), value=24, source="Enkät B")
    IndicatorValueFactory(indicator=outcome, measured_on=datetime.date(2025, 3, 31), value=5, source="Senare")
    Indicator.objects.filter(pk=outcome.pk).update(aggregation=Indicator.Aggregation.LATEST)
    row = _value(outcome)
    assert (row.value, row.source) == (Decimal("24.00"), "Enkät B, 2024-09-30")
    assert row.progress == pytest.approx(0.6)


def test_a_binding_comes_before_entered_values_and_nothing_means_not_computed(outcome, station, incident_at):
    assert _value(outcome).computed is False
    IndicatorValueFactory(indicator=outcome, measured_on=datetime.date(2024, 3, 31), value=28, source="Enkät")
    assert _value(outcome).value == Decimal("28.00")
    _bind(outcome, ["skadegorelse"], places=[station])
    incident_at(local(2024, 3, 1, 22), place=station)
    assert _value(outcome).value == Decimal("1.00")


def test_an_indicator_outside_the_period_is_not_counted_as_zero(night_walk_indicator):
    row = _value(night_walk_indicator, datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    assert row.computed is False and row.progress is None


def test_outcome_values_reach_the_roll_up_and_the_frozen_snapshot(outcome, station, incident_at, coordinator):
    _bind(outcome, ["skadegorelse"], places=[station])
    incident_at(local(2024, 3, 1, 22), place=station)
    result = roll_up(outcome.promise_set, *Y2024, today=TODAY)
    rows = {row.indicator.pk: row for *_, row in result.rows()}
    assert rows[outcome.pk].progress == pytest.approx(2.9)
    follow_up = FollowUpFactory(
        promise_set=outcome.promise_set, title="Helår 2024", period_start=Y2024[0], period_end=Y2024[1]
    )
    services.publish_follow_up(user=coordinator, follow_up=follow_up)
    follow_up.refresh_from_db()
    snapshot = follow_up.snapshot
    assert snapshot["schema"] == 4
    frozen = next(
        i for fa in snapshot["focus_areas"] for p in fa["promises"] for i in p["indicators"] if i["kind"] == "outcome"
    )
    assert frozen["value"] == 1.0 and frozen["lower_is_better"] is True and frozen["baseline"] == 30.0
    assert "Skadegörelse" in frozen["source"]


def test_public_page_says_at_most_for_an_indicator_that_should_go_down(
    outcome, station, incident_at, coordinator, client
):
    _bind(outcome, ["skadegorelse"], places=[station])
    for day in range(1, 8):
        incident_at(local(2024, 3, day, 22), place=station)
    promise_set = outcome.promise_set
    promise_set.published = True
    promise_set.save()
    follow_up = FollowUpFactory(promise_set=promise_set, title="Helår", period_start=Y2024[0], period_end=Y2024[1])
    follow_up = services.publish_follow_up(user=coordinator, follow_up=follow_up)
    url = reverse("public:follow_up", args=[promise_set.municipality.slug, promise_set.slug, follow_up.version])
    page = client.get(url).content.decode()
    assert "7 mål högst 20 händelser, utgångsvärde 30" in page
    assert "Källa: Granskade händelser: Skadegörelse" in page


@pytest.mark.django_db
def test_coordinator_enters_and_deletes_a_value_with_audit(outcome, coordinator_client):
    url = reverse("programme:indicator_values", args=[outcome.pk])
    assert coordinator_client.get(url).status_code == 200
    data = {"measured_on": "2024-10-01", "value": "27", "source": "Trygghetsmätningen 2024, fråga 4", "note": ""}
    assert coordinator_client.post(url, data).status_code == 302
    value = IndicatorValue.objects.get(indicator=outcome)
    assert AuditEntry.objects.filter(object_type="programme.IndicatorValue", action=AuditEntry.Action.CREATE).exists()
    delete_url = reverse("programme:indicator_value_delete", args=[value.pk])
    assert coordinator_client.get(delete_url).status_code == 405  # never on GET
    assert coordinator_client.post(delete_url).status_code == 302
    assert not IndicatorValue.objects.exists()
    assert AuditEntry.objects.filter(object_type="programme.IndicatorValue", action=AuditEntry.Action.DELETE).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,field",
    [
        ({"measured_on": "2999-01-01", "value": "1", "source": "Enkät"}, "measured_on"),
        ({"measured_on": "2024-10-01", "value": "-1", "source": "Enkät"}, "value"),
        ({"measured_on": "2024-10-01", "value": "1", "source": ""}, "source"),
        ({"measured_on": "2024-10-01", "value": "1", "source": "Enkät av 19850505-1234"}, "source"),
    ],
)
def test_bad_values_are_refused_with_field_errors(outcome, coordinator_client, data, field):
    response = coordinator_client.post(reverse("programme:indicator_values", args=[outcome.pk]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_other_roles_and_municipalities_cannot_enter_or_bind(outcome, viewer_client, other_coordinator_client):
    values = reverse("programme:indicator_values", args=[outcome.pk])
    binding = reverse("evaluation:indicator_binding", args=[outcome.pk])
    assert viewer_client.post(values, {"measured_on": "2024-10-01", "value": "1", "source": "x"}).status_code == 403
    assert other_coordinator_client.get(values).status_code == 404
    assert other_coordinator_client.get(binding).status_code == 404
    assert not IndicatorValue.objects.exists()
    value = IndicatorValueFactory(indicator=outcome, measured_on=datetime.date(2024, 3, 1), value=3, source="x")
    delete = reverse("programme:indicator_value_delete", args=[value.pk])
    assert viewer_client.post(delete).status_code == 403
    assert other_coordinator_client.post(delete).status_code == 404
    assert IndicatorValue.objects.filter(pk=value.pk).exists()


@pytest.mark.django_db
def test_coordinator_binds_an_outcome_indicator_to_incidents(outcome, station, coordinator_client):
    url = reverse("evaluation:indicator_binding", args=[outcome.pk])
    skadegorelse = IncidentCategory.objects.get(code="skadegorelse")
    response = coordinator_client.post(url, {"categories": [skadegorelse.pk], "places": [station.pk], "radius_m": 5000})
    assert response.status_code == 400 and "radius_m" in response.context["form"].errors
    response = coordinator_client.post(url, {"categories": [skadegorelse.pk], "places": [station.pk], "radius_m": 150})
    assert response.status_code == 302
    binding = IncidentIndicator.objects.get(indicator=outcome)
    assert list(binding.categories.all()) == [skadegorelse] and list(binding.places.all()) == [station]
    page = coordinator_client.get(reverse("programme:follow_up", args=[outcome.promise_set.pk])).content.decode()
    assert "Granskade händelser: Skadegörelse" in page


def test_output_binding_still_wins_for_output_indicators(night_walk_indicator):
    assert IndicatorBinding.objects.filter(indicator=night_walk_indicator).exists()
    row = _value(night_walk_indicator)
    assert row.computed and row.source.startswith("Loggat arbete")


def test_worse_than_baseline_shows_as_it_is_with_an_empty_bar(outcome, coordinator, client):
    IndicatorValueFactory(indicator=outcome, measured_on=datetime.date(2024, 6, 30), value=35, source="Enkät")
    promise_set = outcome.promise_set
    promise_set.published = True
    promise_set.save()
    follow_up = FollowUpFactory(promise_set=promise_set, title="Helår", period_start=Y2024[0], period_end=Y2024[1])
    follow_up = services.publish_follow_up(user=coordinator, follow_up=follow_up)
    url = reverse("public:follow_up", args=[promise_set.municipality.slug, promise_set.slug, follow_up.version])
    page = client.get(url).content.decode()
    assert (
        "35 mål högst 20 händelser, utgångsvärde 30 (−50 %)" in page
        or "35 mål högst 20 händelser, utgångsvärde 30 (-50 %)" in page
    )
    assert 'width="0" height="6" fill="#1e6b30"' in page
    assert client.get(url + "?format=pdf").status_code == 200


def test_a_camera_s_evaluation_area_is_the_outcome_indicator_s_area_too(outcome, incident_at, station, strangnas):
    """The camera outcome indicator and the camera's evaluation count the same incidents."""
    from evaluation import selectors as evaluation_selectors

    site = CameraSiteFactory(
        municipality=strangnas, name="Resecentrum", place=station, started_on=datetime.date(2024, 6, 1)
    )
    evaluation = EvaluationFactory(
        municipality=strangnas,
        title="Kamera",
        camera_site=site,
        target_place=station,
        target_radius_m=400,
        buffer_m=0,
        starts_on=datetime.date(2024, 6, 1),
        before_days=30,
        after_days=30,
        categories=IncidentCategory.objects.filter(code="skadegorelse"),
    )
    binding = _bind(outcome, ["skadegorelse"], places=[station], radius_m=150)
    near, far = float(station.latitude) + 0.0027, float(station.latitude) + 0.0045  # about 300 m and 500 m north
    for lat in (near, far):
        incident_at(local(2024, 6, 10, 21), lat=round(lat, 6), lng=station.longitude, district=station.district)
    from evaluation.indicators import matching_incidents

    counted = matching_incidents(binding, datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))
    assert [round(float(i.latitude), 4) for i in counted] == [round(near, 4)]  # outside 150 m, inside the 400 m area
    figures = evaluation_selectors.figures(evaluation, today=datetime.date(2024, 7, 1))
    assert figures.target[1] == len(counted) == 1


def test_the_old_address_of_the_binding_page_leads_to_it(coordinator_client):
    response = coordinator_client.get("/lagesbild/indikatorer/7/koppling/")
    assert response.status_code == 302 and response["Location"] == "/utvardering/indikatorer/7/koppling/"


def test_the_old_address_of_the_live_follow_up_leads_to_it(coordinator_client):
    response = coordinator_client.get("/falt/uppfoljning/3/?fran=2024-01-01")
    assert response.status_code == 302 and response["Location"] == "/samordning/uppfoljning/3/?fran=2024-01-01"
