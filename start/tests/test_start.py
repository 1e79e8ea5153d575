"""Each role lands on a page made for it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from incidents.models import Incident
from start.selectors import coordinator_week, tonight
from tests.factories import (
    ActivityLogFactory,
    IncidentCategoryFactory,
    IncidentFactory,
    PresencePlanFactory,
    SituationReportFactory,
)
from tests.fieldwork_fixtures import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def wednesday_plan(night_walk_activity, kommun, station, strangnas):
    return PresencePlanFactory(
        municipality=strangnas,
        activity=night_walk_activity,
        organisation=kommun,
        title="Onsdagsvandring",
        log_type="night_walk",
        weekdays=[2],
        start_time=datetime.time(21),
        end_time=datetime.time(1),
        valid_from=datetime.date(2026, 1, 1),
        valid_to=datetime.date(2026, 12, 31),
        places=[station],
    )


def test_tonight_lists_the_day_and_last_nights_shift_until_noon(wednesday_plan, coordinator):
    # Wednesday 25 November 2026, 18:00: tonight's walk. Thursday 09:00: the walk that ended at 01:00.
    shifts = tonight(coordinator, local(2026, 11, 25, 18))
    assert [(s.plan.title, s.occurrence.start.day, s.logged) for s in shifts] == [("Onsdagsvandring", 25, False)]
    assert [s.occurrence.start.day for s in tonight(coordinator, local(2026, 11, 26, 9))] == [25]
    assert tonight(coordinator, local(2026, 11, 26, 14)) == []


def test_a_shift_logged_against_its_plan_is_marked(wednesday_plan, coordinator, kommun, strangnas):
    ActivityLogFactory(
        municipality=strangnas,
        organisation=kommun,
        reported_by=coordinator,
        plan=wednesday_plan,
        log_type="night_walk",
        started_at=local(2026, 11, 25, 21),
        ended_at=local(2026, 11, 26, 1),
    )
    assert [s.logged for s in tonight(coordinator, local(2026, 11, 25, 23))] == [True]


def test_reporter_lands_on_start_not_on_a_forbidden_page(client, kommun):
    User.objects.create_user("vandrare", password="pw-123456789", organisation=kommun, role="reporter")
    response = client.post(reverse("accounts:login"), {"username": "vandrare", "password": "pw-123456789"})
    assert response.status_code == 302 and response.url == reverse("start:home")
    page = client.get(reverse("start:home"))
    assert page.status_code == 200 and "Dina pass i dag" in page.content.decode()
    assert "Vecka" not in page.content.decode()  # the coordinator's week is not a reporter's


def test_coordinator_week_counts_what_waits(coordinator_client, coordinator, strangnas, station):
    IncidentFactory(
        municipality=strangnas,
        category=IncidentCategoryFactory(code="klotter"),
        occurred_at=timezone.now(),
        place=station,
        status=Incident.Status.NEW,
    )
    SituationReportFactory(municipality=strangnas, year=2026, week=47)
    week = coordinator_week(coordinator)
    assert [(name, n) for name, _slug, n in week.to_review] == [(strangnas.name, 1)]
    assert [r.week for r in week.draft_reports] == [47]
    page = coordinator_client.get(reverse("start:home")).content.decode()
    assert "1 ny rapport att granska" in page and "Lägesbild vecka 47, 2026" in page


def test_viewer_gets_an_overview_and_no_logging(viewer_client, promise_set):
    page = viewer_client.get(reverse("start:home")).content.decode()
    assert "Översikt" in page and promise_set.title in page
    assert "Logga detta pass" not in page and "Dina pass i dag" not in page


def test_log_form_is_prefilled_from_a_plan_only_when_the_user_may_see_it(
    coordinator_client, other_coordinator_client, wednesday_plan
):
    url = reverse("fieldwork:log_create") + f"?plan={wednesday_plan.pk}&dag=2026-11-25"
    form = coordinator_client.get(url).context["form"]
    assert form.initial["plan"] == wednesday_plan and form.initial["staff_count"] == wednesday_plan.planned_staff
    assert form.initial["started_at"] == datetime.datetime(2026, 11, 25, 21, 0)
    other = other_coordinator_client.get(url)
    assert other.context["form"].initial.get("plan") is None  # another municipality's plan: an empty form
    for bad in ("?plan=x&dag=2026-11-25", "?plan=1&dag=igår", f"?plan={wednesday_plan.pk}&dag=2026-11-24"):
        response = coordinator_client.get(reverse("fieldwork:log_create") + bad)
        assert response.status_code == 200 and response.context["form"].initial.get("plan") is None


def test_a_viewer_is_not_offered_reporting_it_cannot_do(viewer_client, strangnas):
    page = viewer_client.get(reverse("meeting:overview", args=[strangnas.slug])).content.decode()
    assert "Rapportera en händelse" not in page


def test_dates_are_written_as_swedes_write_them(coordinator_client, coordinator, kommun, strangnas, station):
    ActivityLogFactory(
        municipality=strangnas,
        organisation=kommun,
        reported_by=coordinator,
        log_type="night_walk",
        started_at=local(2026, 11, 24, 20),
        ended_at=local(2026, 11, 24, 22),
        places=[station],
    )
    page = coordinator_client.get(reverse("fieldwork:home")).content.decode()
    assert "24 nov. 20:00–22:00" in page and "Nov" not in page


def test_an_approved_report_says_who_approved_it_once(coordinator_client, coordinator, strangnas):
    from situation import services

    report = services.build_situation_report(
        user=coordinator, municipality=strangnas, monday=datetime.date(2026, 11, 16)
    )
    services.approve_report(user=coordinator, report=report)
    page = coordinator_client.get(reverse("meeting:report_week", args=[strangnas.slug, "2026-W47"])).content.decode()
    assert "Godkänd av" in page and "Godkänd godkänd" not in page and "godkänd av" not in page
    assert "16 november – 22 november 2026" in page


def test_short_dates_follow_the_language():
    from django.utils import translation

    from trygg.calendar import short_date

    moment = local(2026, 11, 24, 20, 5)
    with translation.override("sv"):
        assert short_date(moment) == "24 nov. 20:05"
        assert short_date(local(2026, 5, 1, 8)) == "1 maj 08:00"
        assert short_date(datetime.date(2026, 3, 2)) == "2 mars"
    with translation.override("en"):
        assert short_date(moment) == "24 Nov. 20:05"
