import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from accounts.models import AuditEntry
from incidents.models import Incident, IncidentCategory, PoliceEvent
from situation import services
from situation.figures import build_figures
from situation.models import SituationReport
from tests.factories import FocusDecisionFactory, IncidentCategoryFactory, PlaceFactory
from tests.fieldwork_fixtures import local

WEEK_23 = datetime.date(2025, 6, 2)  # Monday of 2025-W23


def test_taxonomy_is_seeded(db):
    assert set(IncidentCategory.objects.filter(parent__code="skadegorelse").values_list("code", flat=True)) == {
        "klotter",
        "glaskross",
        "brand",
    }
    assert IncidentCategory.objects.filter(parent=None).count() == 5


@pytest.mark.django_db
def test_partner_reports_from_phone_form_into_queue(reporter_client, station, strangnas):
    url = reverse("incidents:report", args=["strangnas"])
    assert reporter_client.get(url).status_code == 200
    response = reporter_client.post(
        url,
        {
            "category": IncidentCategory.objects.get(code="glaskross").pk,
            "occurred_at": "2025-06-03T22:15",
            "place": station.pk,
            "description": "Krossad ruta i väntsalen",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.status, float(incident.latitude), incident.district) == ("new", 59.3742, station.district)
    assert incident.reporting_organisation.name == "Strängnäs kommun"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"description": "Pojken 811218-9876 krossade rutan"}, "description"),
        ({"occurred_at": "2099-01-01T10:00"}, "occurred_at"),
        ({"place": ""}, "__all__"),
        ({"occurred_until": "2025-06-01T10:00"}, "occurred_until"),
    ],
)
def test_bad_report_saves_nothing(coordinator_client, station, overrides, field):
    data = {
        "category": IncidentCategory.objects.get(code="klotter").pk,
        "occurred_at": "2025-06-03T22:15",
        "place": station.pk,
    }
    data.update(overrides)
    response = coordinator_client.post(reverse("incidents:report", args=["strangnas"]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_report_with_map_point_only(coordinator_client):
    response = coordinator_client.post(
        reverse("incidents:report", args=["strangnas"]),
        {
            "category": IncidentCategory.objects.get(code="belysning").pk,
            "occurred_at": "2025-06-03T22:15",
            "latitude": "59.380100",
            "longitude": "17.020000",
        },
    )
    assert response.status_code == 302
    assert Incident.objects.get().place is None


@pytest.mark.django_db
def test_review_queue_accept_and_reject(coordinator_client, make_incident, coordinator):
    accepted = make_incident(local(2025, 6, 3, 22), status="new")
    rejected = make_incident(local(2025, 6, 4, 22), status="new")
    queue = coordinator_client.get(reverse("incidents:review_queue", args=["strangnas"]))
    assert list(queue.context["incidents"]) == [accepted, rejected]
    glass = IncidentCategoryFactory(code="glaskross")
    coordinator_client.post(
        reverse("incidents:review", args=[accepted.pk]), {"status": "reviewed", "category": glass.pk}
    )
    coordinator_client.post(reverse("incidents:review", args=[rejected.pk]), {"status": "rejected"})
    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert (accepted.status, accepted.category, accepted.reviewed_by) == ("reviewed", glass, coordinator)
    assert rejected.status == "rejected"
    assert AuditEntry.objects.filter(object_type="incidents.Incident").count() == 2
    coordinator_client.post(reverse("incidents:review", args=[accepted.pk]), {"status": "deleted"})
    accepted.refresh_from_db()
    assert accepted.status == "reviewed"


@pytest.mark.django_db
def test_other_municipality_cannot_review_or_see(other_coordinator_client, make_incident):
    incident = make_incident(local(2025, 6, 3, 22), status="new")
    assert (
        other_coordinator_client.post(
            reverse("incidents:review", args=[incident.pk]), {"status": "reviewed"}
        ).status_code
        == 404
    )
    assert other_coordinator_client.get(reverse("incidents:review_queue", args=["strangnas"])).status_code == 404
    assert (
        other_coordinator_client.get(reverse("meeting:report_week", args=["strangnas", "2025-W23"])).status_code == 404
    )


def _csv(*rows) -> bytes:
    return ("\n".join(["intraffade;kategori;plats;latitud;longitud;organisation;beskrivning", *rows]) + "\n").encode()


@pytest.mark.django_db
def test_csv_import_is_all_or_nothing(coordinator_client, station):
    url = reverse("incidents:import", args=["strangnas"])
    bad = _csv(
        "2025-06-03 22:10;klotter;Resecentrum;;;;",
        "2025-06-03;glaskross;Resecentrum;;;;",
        "2025-06-04 01:00;okand;;59.37;17.03;;",
        "2025-06-04 02:00;brand;;59.37;17.03;;Ring 070-123 45 67",
    )
    response = coordinator_client.post(url, {"file": _upload("fel.csv", bad)})
    assert response.status_code == 400
    problems = response.context["problems"]
    assert any(p.startswith("rad 3: ogiltig tid") for p in problems)
    assert any(p.startswith("rad 4: okänd kategori 'okand'") for p in problems)
    assert any(p.startswith("rad 5:") and "telefonnummer" in p for p in problems)
    assert not Incident.objects.exists()
    good = _csv(
        "2025-06-03 22:10;klotter;Resecentrum;;;Strängnäs kommun;Klotter på väntkuren",
        "2025-06-04 01:00;belysning;;59.3801;17.0210;;",
    )
    response = coordinator_client.post(url, {"file": _upload("ok.csv", good)})
    assert response.status_code == 302
    assert Incident.objects.filter(status="new", source="import").count() == 2
    entries = AuditEntry.objects.filter(object_type="incidents.Incident", action="create")
    assert entries.count() == 2 and all(e.changes["import"] == [None, True] for e in entries)


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.mark.django_db
def test_xlsx_import_and_command(tmp_path, station, strangnas):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["intraffade", "kategori", "plats"])
    sheet.append([datetime.datetime(2025, 6, 3, 22, 10), "klotter", "Resecentrum"])
    path = tmp_path / "h.xlsx"
    workbook.save(path)
    call_command("import_incidents", str(path), "--kommun", "strangnas")
    assert Incident.objects.get().occurred_at == local(2025, 6, 3, 22, 10)
    sheet.append(["inte en tid", "klotter", "Resecentrum"])
    workbook.save(path)
    with pytest.raises(CommandError, match="rad 3"):
        call_command("import_incidents", str(path), "--kommun", "strangnas")
    assert Incident.objects.count() == 1
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(b"inte en zip")
    with pytest.raises(CommandError, match="XLSX"):
        call_command("import_incidents", str(broken), "--kommun", "strangnas")


@pytest.mark.django_db
def test_weekly_figures_from_known_incidents(make_incident, strangnas, square):
    for day in (3, 3, 6):  # this week: 3 klotter
        make_incident(local(2025, 6, day, 21))
    make_incident(local(2025, 6, 5, 23), code="vald", place=square)
    make_incident(local(2025, 6, 5, 23), status="new")  # not reviewed: not counted
    make_incident(local(2025, 6, 5, 23), status="rejected")
    make_incident(local(2025, 5, 28, 20))  # previous week
    make_incident(local(2024, 6, 4, 20), code="glaskross")  # 2024-W23
    figures = build_figures(strangnas, WEEK_23)
    by_category = {row["name"]: row for row in figures["by_category"]}
    assert by_category["Skadegörelse"] == {
        "name": "Skadegörelse",
        "now": 3,
        "previous": 1,
        "last_year": 1,
        "beyond_chance": False,  # 3 against 1 is chance
    }
    assert by_category["Ordningsstörning, våld och narkotika"]["now"] == 1
    make_incident(local(2025, 6, 4, 12), code="belysning", place=None, lat=59.30, lng=17.10)  # no district
    figures = build_figures(strangnas, WEEK_23)
    assert figures["by_district"] == [
        {"name": "Strängnäs tätort", "now": 4, "previous": 1, "last_year": 1, "beyond_chance": False},
        {"name": "Okänd kommundel", "now": 1, "previous": 0, "last_year": 0, "beyond_chance": False},
    ]
    assert figures["change_test"] == {"alpha": 0.05, "family": "table"}
    # Weekday × hour over the last four weeks: Tuesday 21:00 twice, Friday 21:00, Thursday 23:00, Wednesday 20:00
    matrix = figures["matrix"]
    assert (matrix[1][21], matrix[4][21], matrix[3][23], matrix[2][20]) == (2, 1, 1, 1)
    assert sum(map(sum, matrix)) == 6
    assert len(figures["points"]) == 5


@pytest.mark.django_db
def test_police_events_feed_trends_but_never_hot_spots(make_incident, strangnas):
    PoliceEvent.objects.bulk_create(
        [
            PoliceEvent(
                id=i,
                published_at=local(2025, 6, 4, 12),
                occurred_at=local(2025, 6, 4, 11),
                name="x",
                event_type="Misshandel",
                location_name="Strängnäs",
                municipality_code="0486",
                latitude=59.377452,
                longitude=17.032119,
            )
            for i in range(1, 40)
        ]
    )
    figures = build_figures(strangnas, WEEK_23)
    assert figures["police"]["total"][-1] == 39
    assert figures["hotspots"] == []  # no incidents: the police events' municipality centre is no hot spot


@pytest.mark.django_db
def test_hot_spots_are_classified(make_incident, strangnas, station, square, district):
    import random

    far = PlaceFactory(
        municipality=strangnas, district=district, name="Mariefred", kind="square", latitude=59.2598, longitude=17.2226
    )
    rng = random.Random(1)
    for day in range(1, 57):  # a background over both towns in both periods: where incidents happen at all
        for lat, lng in [(59.3742, 17.0288), (59.2598, 17.2226)]:
            at = local(2025, 4, 12, 21) + datetime.timedelta(days=day)
            make_incident(
                at,
                place=None,
                lat=round(lat + rng.uniform(-0.02, 0.02), 6),
                lng=round(lng + rng.uniform(-0.04, 0.04), 6),
            )
    for i in range(12):  # persistent at the station: both periods
        make_incident(local(2025, 5, 1 + i, 21))
        make_incident(local(2025, 5, 20 + i % 10, 21))
    for i in range(8):  # new in Mariefred: only the last four weeks
        make_incident(local(2025, 5, 20 + i, 21), place=far)
    cells = build_figures(strangnas, WEEK_23)["hotspots"]
    classes = {c["class"] for c in cells}
    assert {"persistent", "new"} <= classes

    def contains(cell, lat, lng):
        lats, lngs = [p[0] for p in cell["polygon"]], [p[1] for p in cell["polygon"]]
        return min(lats) <= lat <= max(lats) and min(lngs) <= lng <= max(lngs)

    assert [c["class"] for c in cells if contains(c, 59.2598, 17.2226)] == ["new"]
    assert [c["class"] for c in cells if contains(c, 59.3742, 17.0288)] == ["persistent"]


@pytest.mark.django_db
def test_density_layer_peaks_where_the_incidents_are_with_a_stated_bandwidth(make_incident, strangnas, station):
    from situation.figures import DENSITY_BANDWIDTH_METRES

    for i in range(20):  # at the station
        make_incident(local(2025, 5, 20 + i % 10, 21))
    for i in range(4):  # a few scattered far away
        make_incident(local(2025, 5, 21 + i, 21), place=None, lat=59.30 + i * 0.01, lng=17.10)
    density = build_figures(strangnas, WEEK_23)["density"]
    low, high = DENSITY_BANDWIDTH_METRES
    assert low <= density["bandwidth_m"] <= high
    assert density["classes"] == sorted(density["classes"]) and len(density["classes"]) == 4
    top = [cell for cell in density["cells"] if cell["level"] == 3]
    assert top, "the highest class is drawn"
    for cell in top:  # the densest cells lie around the station, not among the scattered four
        lats = [corner[0] for corner in cell["polygon"]]
        assert abs(sum(lats) / 4 - 59.3742) < 0.02


@pytest.mark.django_db
def test_a_cold_spot_is_reported_where_many_are_expected_and_none_happen(make_incident, strangnas, station):
    """Incidents spread evenly over a block of cells except the middle cell and its neighbours, where
    incidents happened earlier in the year but none these weeks: where random placement expects many,
    none is a cold spot (listed with class 'cold', never as a hot spot)."""
    import numpy as np

    from analysis.projection import to_sweref99tm, to_wgs84

    x0, y0 = to_sweref99tm(59.3742, 17.0288)
    x0, y0 = float(np.floor(x0 / 250) * 250), float(np.floor(y0 / 250) * 250)
    for row in range(9):
        for col in range(9):
            lat, lng = to_wgs84(x0 + col * 250 + 125, y0 + row * 250 + 125)
            if 3 <= row <= 5 and 3 <= col <= 5:  # the middle had incidents in January, none these weeks
                make_incident(local(2025, 1, 10, 21), place=None, lat=round(float(lat), 6), lng=round(float(lng), 6))
                continue
            for k in range(3):
                make_incident(
                    local(2025, 5, 20 + k, 21), place=None, lat=round(float(lat), 6), lng=round(float(lng), 6)
                )
    cells = build_figures(strangnas, WEEK_23)["hotspots"]
    cold = [c for c in cells if c["class"] == "cold"]
    assert cold and all(c["count"] == 0 for c in cold)
    middle_lat, middle_lng = to_wgs84(x0 + 4 * 250 + 125, y0 + 4 * 250 + 125)
    for cell in cold:  # in the empty middle
        lats, lngs = [p[0] for p in cell["polygon"]], [p[1] for p in cell["polygon"]]
        assert abs(sum(lats) / 4 - float(middle_lat)) < 0.004 and abs(sum(lngs) / 4 - float(middle_lng)) < 0.007
    assert not [c for c in cells if c["class"] != "cold" and c["count"] == 0]


@pytest.mark.django_db
def test_report_is_frozen_once_approved_and_rebuild_makes_a_new_version(make_incident, strangnas, coordinator, kommun):
    make_incident(local(2025, 6, 3, 21))
    report = services.build_situation_report(user=coordinator, municipality=strangnas, monday=WEEK_23)
    FocusDecisionFactory(
        report=report, action="Nattvandring vid resecentrum", owner=kommun, due_date=datetime.date(2025, 6, 13)
    )
    services.approve_report(user=coordinator, report=report)
    report.refresh_from_db()
    frozen_figures = report.figures
    make_incident(local(2025, 6, 4, 21))
    report.analysis = "ändrad"
    with pytest.raises(ValidationError):
        report.save()
    with pytest.raises(ValidationError):
        FocusDecisionFactory(report=report, action="x", owner=kommun, due_date=datetime.date(2025, 6, 13))
    report.refresh_from_db()
    assert report.figures == frozen_figures and report.analysis == ""
    second = services.build_situation_report(user=coordinator, municipality=strangnas, monday=WEEK_23)
    assert second.version == 2 and second.status == "draft"
    assert second.figures["by_category"][0]["now"] == 2
    assert second.decisions.count() == 1
    assert SituationReport.objects.get(version=1).figures == frozen_figures


@pytest.mark.django_db
def test_report_pages_and_forms(coordinator_client, viewer_client, reporter_client, make_incident, kommun):
    make_incident(local(2025, 6, 3, 21))
    url = reverse("meeting:report_week", args=["strangnas", "2025-W23"])
    assert viewer_client.get(url).status_code == 404  # viewers see built reports, they do not build them
    assert coordinator_client.get(url).status_code == 404  # opening a week builds nothing (a GET)
    coordinator_client.post(reverse("meeting:build_report", args=["strangnas"]), {"week": "2025-W23"})
    page = coordinator_client.get(url)
    assert page.status_code == 200
    report = page.context["report"]
    assert "Lägesbild vecka 23, 2025" in page.content.decode()
    assert viewer_client.get(url).status_code == 200
    assert reporter_client.get(url).status_code == 403
    bad = coordinator_client.post(
        reverse("meeting:save_analysis", args=[report.pk]), {"analysis": "Ring 070-123 45 67"}
    )
    assert bad.status_code == 400
    coordinator_client.post(reverse("meeting:save_analysis", args=[report.pk]), {"analysis": "Lugnare vecka."})
    bad_decision = coordinator_client.post(
        reverse("meeting:add_decision", args=[report.pk]), {"action": "", "owner": kommun.pk}
    )
    assert bad_decision.status_code == 400
    coordinator_client.post(
        reverse("meeting:add_decision", args=[report.pk]),
        {"action": "Fältare vid resecentrum", "owner": kommun.pk, "due_date": "2025-06-13"},
    )
    coordinator_client.post(reverse("meeting:approve", args=[report.pk]))
    report.refresh_from_db()
    assert (report.analysis, report.decisions.count(), report.status) == ("Lugnare vecka.", 1, "approved")
    assert (
        coordinator_client.post(reverse("meeting:save_analysis", args=[report.pk]), {"analysis": "x"}).status_code
        == 409
    )
    assert coordinator_client.get(reverse("meeting:report_week", args=["strangnas", "2025-W99"])).status_code == 404
    build = coordinator_client.post(reverse("meeting:build_report", args=["strangnas"]), {"week": "2025-W23"})
    assert build.status_code == 302 and SituationReport.objects.count() == 2


@pytest.mark.django_db
def test_build_situation_report_command(make_incident, strangnas):
    make_incident(local(2025, 6, 3, 21))
    call_command("build_situation_report", "--week", "2025-W23", "--kommun", "strangnas")
    assert SituationReport.objects.get().figures["week"] == "2025-W23"
    with pytest.raises(CommandError, match="Ogiltig vecka"):
        call_command("build_situation_report", "--week", "v23")


@pytest.mark.django_db
def test_build_report_refuses_weeks_that_do_not_exist(coordinator_client):
    for week in ("0001-W01", "2025-W53"):
        response = coordinator_client.post(reverse("meeting:build_report", args=["strangnas"]), {"week": week})
        assert response.status_code == 302 and not SituationReport.objects.exists()


@pytest.mark.django_db
def test_import_of_a_file_larger_than_the_in_memory_limit(coordinator_client, station, settings):
    # The upload limit is 10 MB; Django keeps only 2.5 MB of a body in memory, so nothing may read it whole.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    rows = [f"2025-06-03 22:{i % 60:02d};klotter;Resecentrum;;;;" for i in range(200)]
    response = coordinator_client.post(
        reverse("incidents:import", args=["strangnas"]), {"file": _upload("stor.csv", _csv(*rows))}
    )
    assert response.status_code == 302 and Incident.objects.count() == 200


@pytest.mark.django_db
def test_near_repeat_reading_on_the_report(make_incident, strangnas):
    """Issue 10, part 2: vandalism followed by more vandalism nearby within days is read out in Swedish."""
    import random

    from situation.figures import near_repeat

    rng = random.Random(4)
    for _event in range(40):  # spread over the town and the year
        at = local(2025, 1, 1, 12) + datetime.timedelta(days=rng.uniform(0, 150))
        lat, lng = 59.36 + rng.uniform(0, 0.04), 17.0 + rng.uniform(0, 0.06)
        make_incident(at, place=None, lat=round(lat, 6), lng=round(lng, 6))
        for _follower in range(2):  # each followed twice within 100 m and 3 days
            make_incident(
                at + datetime.timedelta(days=rng.uniform(0.2, 3)),
                place=None,
                lat=round(lat + rng.uniform(-0.0005, 0.0005), 6),
                lng=round(lng + rng.uniform(-0.0008, 0.0008), 6),
            )
    result = near_repeat(strangnas, WEEK_23)
    assert result["events"] == 120
    assert any(reading.startswith("inom 0,1–200 m och inom 7 dagar") for reading in result["readings"])
    assert result["p_value"][1][0] <= 0.05


@pytest.mark.django_db
def test_figures_count_swedish_hours_and_days_across_the_change_to_summer_time(make_incident, strangnas):
    """The database counts weekday × hour in Swedish time, and the map's window slices begin at local midnight
    (2025-03-30: clocks go from 02:00 to 03:00, 01:00 UTC)."""
    from situation.figures import Window

    utc = datetime.UTC
    make_incident(datetime.datetime(2025, 3, 30, 0, 30, tzinfo=utc))  # Sunday 01:30 CET
    make_incident(datetime.datetime(2025, 3, 30, 1, 30, tzinfo=utc))  # Sunday 03:30 CEST
    make_incident(datetime.datetime(2025, 3, 30, 21, 59, 59, tzinfo=utc))  # Sunday 23:59:59, week 13
    make_incident(datetime.datetime(2025, 3, 30, 22, 0, tzinfo=utc))  # Monday 00:00, first moment of week 14
    monday = datetime.date(2025, 3, 31)
    matrix = build_figures(strangnas, monday)["matrix"]
    assert (matrix[6][1], matrix[6][3], matrix[6][23], matrix[0][0]) == (1, 1, 1, 1)
    assert sum(map(sum, matrix)) == 4
    window = Window.read(strangnas, monday)
    assert len(window.between(monday, monday + datetime.timedelta(days=6))[0]) == 1
    assert len(window.between(monday - datetime.timedelta(days=7), monday - datetime.timedelta(days=1))[0]) == 3
