import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fieldwork.models import ActivityLog, DefectorMonthlyCount, IndicatorBinding, PresencePlan
from places.models import Place
from tests.factories import ActivityLogFactory, IndicatorBindingFactory, UserFactory
from tests.fieldwork_fixtures import local


def _night_walk(station, **overrides):
    data = {
        "log_type": "night_walk",
        "started_at": "2025-06-06T21:00",
        "ended_at": "2025-06-07T01:00",
        "places": [station.pk],
        "staff_count": 4,
        "youth_contacts": 25,
        "citizen_contacts": 3,
        "observations": "",
        "lecture_topic": "",
        "audience_size": "",
        "plan": "",
    }
    data.update(overrides)
    return data


def _follow_up_url(promise_set, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("programme:follow_up", args=[promise_set.pk]) + (f"?{query}" if query else "")


@pytest.mark.django_db
def test_logged_night_walk_shows_up_in_follow_up(
    coordinator_client, promise_set, night_walk_indicator, hours_indicator, friday_plan, station
):
    response = coordinator_client.post(reverse("fieldwork:log_create"), _night_walk(station, plan=friday_plan.pk))
    assert response.status_code == 302
    log = ActivityLog.objects.get()
    assert (log.municipality, log.organisation.name, log.duration_hours) == (
        promise_set.municipality,
        "Strängnäs kommun",
        4,
    )
    page = coordinator_client.get(_follow_up_url(promise_set, fran="2025-06-01", till="2025-06-30"))
    rows = {row.indicator.name: row for *_, row in page.context["follow_up"].rows()}
    assert rows["Genomförda nattvandringar"].value == 1
    assert rows["Timmar"].value == 4
    assert (rows["Genomförda nattvandringar"].planned, rows["Genomförda nattvandringar"].delivered) == (4, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text,message",
    [
        ("Pojken 811218-9876 var där", "personnummer"),
        ("Ring mamman på 070-123 45 67", "telefonnummer"),
        ("Kontakt: kalle@example.se", "e-postadress"),
    ],
)
def test_personal_data_is_refused_and_never_stored(coordinator_client, station, text, message):
    response = coordinator_client.post(reverse("fieldwork:log_create"), _night_walk(station, observations=text))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["observations"])
    assert "Inget har sparats" in response.content.decode()
    assert not ActivityLog.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"ended_at": "2025-06-06T20:00"}, "ended_at"),
        ({"ended_at": "2025-06-08T21:00"}, "ended_at"),
        ({"places": []}, "places"),
        ({"log_type": "lecture"}, "lecture_topic"),
        ({"staff_count": 0}, "staff_count"),
        ({"started_at": "2099-01-01T10:00", "ended_at": "2099-01-01T12:00"}, "started_at"),
        ({"started_at": "igår"}, "started_at"),
    ],
)
def test_bad_log_input_gives_field_errors(coordinator_client, station, overrides, field):
    response = coordinator_client.post(reverse("fieldwork:log_create"), _night_walk(station, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ActivityLog.objects.exists()


@pytest.mark.django_db
def test_places_of_another_municipality_cannot_be_logged(other_coordinator_client, station):
    response = other_coordinator_client.post(reverse("fieldwork:log_create"), _night_walk(station))
    assert response.status_code == 400
    assert "places" in response.context["form"].errors


@pytest.mark.django_db
def test_reporter_logs_and_sees_only_own_organisation(reporter_client, kommun, station, strangnas, police):
    ActivityLogFactory(
        municipality=strangnas,
        organisation=police,
        reported_by=None,
        log_type="foot_patrol",
        started_at=local(2025, 1, 1, 10),
        ended_at=local(2025, 1, 1, 12),
    )
    assert reporter_client.post(reverse("fieldwork:log_create"), _night_walk(station)).status_code == 302
    listing = reporter_client.get(reverse("fieldwork:log_list"))
    assert [log.log_type for log in listing.context["page"].object_list] == ["night_walk"]


@pytest.mark.django_db
def test_viewer_cannot_log_and_reporter_cannot_follow_up(viewer_client, reporter_client, station, promise_set):
    assert viewer_client.get(reverse("fieldwork:log_create")).status_code == 403
    assert reporter_client.get(_follow_up_url(promise_set)).status_code == 403
    assert viewer_client.get(_follow_up_url(promise_set)).status_code == 200


@pytest.mark.django_db
def test_user_without_organisation_cannot_log(client, station):
    client.force_login(UserFactory(username="ensam", organisation=None, role="reporter"))
    assert client.get(reverse("fieldwork:log_create")).status_code == 403


@pytest.mark.django_db
def test_follow_up_of_other_municipality_is_404(other_coordinator_client, promise_set):
    assert other_coordinator_client.get(_follow_up_url(promise_set)).status_code == 404


@pytest.mark.django_db
def test_exports_have_the_documented_columns_and_the_computed_values(
    coordinator_client, promise_set, night_walk_indicator, make_log, station
):
    make_log(local(2024, 3, 1, 21), places=[station])
    csv_response = coordinator_client.get(_follow_up_url(promise_set, format="csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert header[:4] == ["fokusomrade", "lofte", "aktivitet", "indikator"]
    row = dict(zip(header, lines[1].split(";"), strict=True))
    assert row["indikator"] == "Genomförda nattvandringar"
    assert row["varde"] == "1,00"
    assert row["andel_av_mal_procent"] == "1,2"

    xlsx_response = coordinator_client.get(_follow_up_url(promise_set, format="xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == header
    assert values[1][header.index("varde")] == 1.0
    assert coordinator_client.get(_follow_up_url(promise_set, format="pdf")).status_code == 404


@pytest.mark.django_db
def test_follow_up_page_shows_values_and_bad_dates_fall_back(
    coordinator_client, promise_set, night_walk_indicator, make_log, station
):
    make_log(local(2024, 3, 1, 21), places=[station])
    response = coordinator_client.get(_follow_up_url(promise_set, fran="inte-ett-datum"))
    assert response.status_code == 200
    assert response.context["follow_up"].first == promise_set.period_start
    assert 'class="num value">1<' in response.content.decode()


@pytest.mark.django_db
def test_week_view_shows_planned_and_delivered(coordinator_client, friday_plan, make_log, station):
    make_log(local(2024, 3, 1, 21), places=[station], plan=friday_plan)
    response = coordinator_client.get(reverse("fieldwork:week", args=["2024-W09"]))
    assert response.status_code == 200
    assert response.context["planned_total"] == 1
    assert response.context["delivered_total"] == 1
    page = response.content.decode()
    assert "Vecka 9, 2024" in page
    assert "fredag 1 mars" in page
    assert coordinator_client.get(reverse("fieldwork:week", args=["2024-W60"])).status_code == 404
    assert coordinator_client.get(reverse("fieldwork:week", args=["0001-W01"])).status_code == 404
    assert coordinator_client.get(reverse("fieldwork:week_current")).status_code == 302


@pytest.mark.django_db
def test_place_form_validates_and_saves(coordinator_client, district, strangnas):
    url = reverse("fieldwork:place_create", args=["strangnas"])
    bad = {
        "name": "Torget",
        "kind": "square",
        "district": district.pk,
        "latitude": "40",
        "longitude": "17.03",
        "active": "on",
    }
    response = coordinator_client.post(url, bad)
    assert response.status_code == 400
    assert "latitude" in response.context["form"].errors
    bad_area = dict(bad, latitude="59.37", area='{"type": "Point", "coordinates": [17, 59]}')
    assert "area" in coordinator_client.post(url, bad_area).context["form"].errors
    assert not Place.objects.exists()
    assert coordinator_client.post(url, dict(bad, latitude="59.37")).status_code == 302
    assert Place.objects.get().municipality == strangnas
    assert coordinator_client.get(reverse("fieldwork:place_list")).status_code == 200


@pytest.mark.django_db
def test_place_in_another_municipality_cannot_be_created(other_coordinator_client, strangnas):
    assert other_coordinator_client.get(reverse("fieldwork:place_create", args=["strangnas"])).status_code == 404


@pytest.mark.django_db
def test_plan_form(coordinator_client, night_walk_activity, kommun, station):
    data = {
        "title": "Lördagsvandring",
        "activity": night_walk_activity.pk,
        "organisation": kommun.pk,
        "log_type": "night_walk",
        "weekdays": [5],
        "interval_weeks": 1,
        "start_time": "21:00",
        "end_time": "01:00",
        "valid_from": "2025-01-01",
        "valid_to": "2025-12-31",
        "places": [station.pk],
        "planned_staff": 3,
    }
    bad = dict(data, weekdays=[], valid_to="2024-01-01")
    response = coordinator_client.post(reverse("fieldwork:plan_create"), bad)
    assert response.status_code == 400
    assert {"weekdays", "valid_to"} <= set(response.context["form"].errors)
    assert coordinator_client.post(reverse("fieldwork:plan_create"), data).status_code == 302
    plan = PresencePlan.objects.get()
    assert plan.weekdays == [5]
    assert len(plan.occurrences(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))) == 4
    assert "lördag" in coordinator_client.get(reverse("fieldwork:plan_list")).content.decode()


@pytest.mark.django_db
def test_defector_counts_are_monthly_aggregates_upserted(coordinator_client, strangnas):
    url = reverse("fieldwork:defector_counts")
    data = {"municipality": strangnas.pk, "month": "2025-06", "people_supported": 4, "new_contacts": 1}
    assert coordinator_client.post(url, data).status_code == 302
    assert coordinator_client.post(url, dict(data, people_supported=5)).status_code == 302
    count = DefectorMonthlyCount.objects.get()
    assert (count.month, count.people_supported) == (datetime.date(2025, 6, 1), 5)
    assert coordinator_client.post(url, dict(data, month="2099-01")).status_code == 400
    assert coordinator_client.post(url, dict(data, people_supported=-1)).status_code == 400


@pytest.mark.django_db
def test_binding_form_binds_an_indicator(coordinator_client, promise_set, night_walk_activity):
    indicator = night_walk_activity.indicators.get()
    url = reverse("fieldwork:binding_edit", args=[indicator.pk])
    assert coordinator_client.post(url, {"measure": "hours"}).status_code == 400  # no log type chosen
    assert coordinator_client.post(url, {"measure": "hours", "log_types": ["night_walk"]}).status_code == 302
    binding = IndicatorBinding.objects.get(indicator=indicator)
    assert (binding.measure, binding.log_types) == ("hours", ["night_walk"])


@pytest.mark.django_db
def test_log_against_plan_must_match_its_period_and_type(coordinator_client, friday_plan, station):
    outside = _night_walk(station, plan=friday_plan.pk, started_at="2026-01-09T21:00", ended_at="2026-01-09T23:00")
    wrong_type = _night_walk(station, plan=friday_plan.pk, log_type="foot_patrol")
    for data in (outside, wrong_type):
        response = coordinator_client.post(reverse("fieldwork:log_create"), data)
        assert response.status_code == 400
        assert "plan" in response.context["form"].errors
    assert not ActivityLog.objects.exists()


@pytest.mark.django_db
def test_camera_register_is_audited_and_feeds_its_indicator(
    coordinator_client, promise_set, night_walk_activity, station
):
    from accounts.models import AuditEntry
    from cameras.models import CameraSite
    from programme.rollup import roll_up as follow_up

    url = reverse("cameras:create", args=["strangnas"])
    data = {
        "name": "Resecentrum",
        "place": station.pk,
        "purpose": "Förebygga skadegörelse",
        "area": "Perrongen",
        "interest_balancing": "KS 2024/123",
        "started_on": "2024-05-01",
        "ended_on": "",
        "recording_retention_days": 14,
    }
    bad = coordinator_client.post(url, dict(data, purpose="Kontakt 070-123 45 67", ended_on="2024-01-01"))
    assert bad.status_code == 400 and {"purpose", "ended_on"} <= set(bad.context["form"].errors)
    assert coordinator_client.post(url, data).status_code == 302
    coordinator_client.post(url, dict(data, name="Stortorget", started_on="2025-03-01"))
    assert AuditEntry.objects.filter(object_type="cameras.CameraSite", action="create").count() == 2
    indicator = night_walk_activity.indicators.create(
        name="Platser med kamerabevakning",
        unit="platser",
        target=6,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    IndicatorBindingFactory(indicator=indicator, log_types=[], measure="camera_sites")
    rows = {
        row.indicator.name: row
        for *_, row in follow_up(promise_set, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)).rows()
    }
    assert rows["Platser med kamerabevakning"].value == 1  # Stortorget started in 2025
    CameraSite.objects.filter(name="Resecentrum").update(ended_on=datetime.date(2025, 6, 30))
    rows = {
        row.indicator.name: row
        for *_, row in follow_up(promise_set, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)).rows()
    }
    assert rows["Platser med kamerabevakning"].value == 1  # only Stortorget is active at the end of 2025
    assert "Resecentrum" in coordinator_client.get(reverse("cameras:list")).content.decode()
