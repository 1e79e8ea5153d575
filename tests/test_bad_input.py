"""Attack: bad input must get a clear error, never a 500, and change nothing (findings 9, 10 and 11)."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from fieldwork.models import PresencePlan
from incidents import tabular
from incidents.models import Incident, IncidentCategory, PoliceEvent
from places.models import Place

EDGES = ["0001-01-01T00:00", "9999-12-31T23:59"]
BAD_NUMBERS = ["Infinity", "-Infinity", "NaN", "1e999999", "9" * 40]


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2025-13", "x" * 300])
def test_safety_map_month_at_the_ends_of_the_calendar(client, strangnas, month):
    assert client.get("/strangnas/trygghetskarta/", {"manad": month}).status_code in (200, 400)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "0001-01-01T00:00:00Z"},
        {"end_date": "9999-12-31T23:59:59Z"},
        {"start_date": "0001-01-01T00:00:00"},
        {"service_request_id": "9" * 30},
        {"service_request_id": ",".join(["ABCDEFGHJK"] * 5000)},
    ],
)
def test_open311_list_bounds(client, strangnas, params):
    response = client.get("/open311/v2/requests.json", {"jurisdiction_id": "strangnas", **params})
    assert response.status_code in (200, 400)
    assert client.get(f"/open311/v2/requests/{'9' * 30}.json", {"jurisdiction_id": "strangnas"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("value", EDGES)
def test_citizen_form_dates_at_the_ends_of_the_calendar(client, strangnas, station, value):
    category = IncidentCategory.objects.get(code="klotter")
    response = client.post(
        "/strangnas/rapportera/",
        {"category": category.pk, "place": station.pk, "occurred_at": value, "description": "Klotter"},
    )
    assert response.status_code == 400
    assert Incident.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_citizen_form_coordinates_that_are_not_numbers(client, strangnas, station, number):
    category = IncidentCategory.objects.get(code="klotter")
    response = client.post(
        "/strangnas/rapportera/",
        {
            "category": category.pk,
            "latitude": number,
            "longitude": number,
            "occurred_at": "2025-06-01T20:00",
            "description": "Klotter",
        },
    )
    assert response.status_code == 400
    assert Incident.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_api_and_open311_coordinates_that_are_not_numbers(client, coordinator, station, number):
    api = APIClient()
    api.force_authenticate(coordinator)
    response = api.post(
        "/api/v1/places/",
        {
            "name": "Ny plats",
            "kind": "park",
            "district_id": station.district_id,
            "latitude": number,
            "longitude": number,
        },
        format="json",
    )
    assert response.status_code == 400
    from public.models import Open311ApiKey

    _key, secret = Open311ApiKey.issue("app", station.municipality)
    response = client.post(
        "/open311/v2/requests.json",
        {"api_key": secret, "jurisdiction_id": "strangnas", "service_code": "klotter", "lat": number, "long": number},
    )
    assert response.status_code == 400
    assert Place.objects.count() == 1 and Incident.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("value", EDGES)
def test_reporter_forms_dates_at_the_ends_of_the_calendar(coordinator_client, strangnas, station, value):
    category = IncidentCategory.objects.get(code="klotter")
    response = coordinator_client.post(
        "/lagesbild/strangnas/rapportera/", {"category": category.pk, "place": station.pk, "occurred_at": value}
    )
    assert response.status_code == 400
    response = coordinator_client.post(
        "/falt/logga/",
        {
            "log_type": "night_walk",
            "started_at": value,
            "ended_at": value,
            "places": [station.pk],
            "staff_count": 2,
            "youth_contacts": 0,
            "citizen_contacts": 0,
        },
    )
    assert response.status_code == 400
    assert Incident.objects.count() == 0


def _csv(*rows: str) -> bytes:
    return ("\n".join(["intraffade;kategori;plats;latitud;longitud;beskrivning", *rows]) + "\n").encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, name, says",
    [
        (b"abc", "x.csv", "kolumn"),
        (b"", "x.csv", "tom"),
        (_csv("0001-01-01 00:00;klotter;Resecentrum;;;"), "x.csv", "1900"),
        (_csv("9999-12-31 23:59;klotter;Resecentrum;;;"), "x.csv", "1900"),
        (_csv("2999-01-01 10:00;klotter;Resecentrum;;;"), "x.csv", "framtiden"),
        (_csv("2025-06-01 10:00;klotter;;Infinity;NaN;"), "x.csv", "latitud"),
        (_csv("2025-06-01 10:00;klotter;;1e999999;17;"), "x.csv", "latitud"),
        (_csv("2025-06-01 10:00;klotter;Resecentrum;;;a\x00b"), "x.csv", "NUL"),
        (_csv(f"2025-06-01 10:00;klotter;Resecentrum;;;{'x' * 200_000}"), "x.csv", "tecken"),
        (
            _csv(*["2025-06-01 10:00;klotter;Resecentrum;;;"] * 100, "2025-06-01 10:00;finnsinte;Resecentrum;;;"),
            "x.csv",
            "rad 102",
        ),
        (b"PK\x03\x04broken", "x.xlsx", "XLSX"),
        (
            _csv("2025-06-01 10:00;klotter;Resecentrum;;;Klotter\x1b[31m vid\x07 kuren"),
            "x.csv",
            "rad 2, kolumn beskrivning",
        ),
    ],
    ids=[
        "abc",
        "empty",
        "year-1",
        "year-9999",
        "future",
        "infinity",
        "1e999999",
        "nul",
        "200k-cell",
        "row-102",
        "xlsx",
        "control-characters",
    ],
)
def test_imports_refuse_bad_files_with_a_message(strangnas, station, content, name, says):
    with pytest.raises(tabular.TableError) as error:
        tabular.check_rows(tabular.read_rows(content, name), strangnas, "import")
    assert says in str(error.value)
    assert Incident.objects.count() == 0


@pytest.mark.django_db
def test_import_page_answers_400_never_500(coordinator_client, strangnas, station):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from incidents import imports
    from incidents.models import IncidentImport

    for content in [b"abc", _csv(f"2025-06-01 10:00;klotter;Resecentrum;;;{'x' * 200_000}"), b"\xff\xfe\x00"]:
        upload = SimpleUploadedFile("x.csv", content, content_type="text/csv")
        response = coordinator_client.post("/lagesbild/strangnas/importera/", {"file": upload})
        if imports.runs_in_background(content, "x.csv"):  # a large file: refused by the import, with reasons
            assert response.status_code == 302
            job = IncidentImport.objects.latest("created_at")
            assert imports.run(job.pk) == "failed" and IncidentImport.objects.get(pk=job.pk).problems
        else:
            assert response.status_code == 400
    assert not Incident.objects.exists()


def _zip_bomb_xlsx(rows: int) -> bytes:
    """A valid workbook whose sheet inflates far beyond its size on disk."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["intraffade", "kategori", "plats"])
    for _ in range(rows):
        sheet.append(["2025-06-01 10:00", "klotter", "Resecentrum"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_xlsx_row_and_size_caps_refuse_early(strangnas, station, settings):
    settings.IMPORT_MAX_ROWS = 50
    with pytest.raises(tabular.TableError, match="högst 50 rader"):
        tabular.read_rows(_zip_bomb_xlsx(60), "x.xlsx")
    settings.IMPORT_MAX_UNPACKED_BYTES = 10_000
    with pytest.raises(tabular.TableError, match="packad"):
        tabular.read_rows(_zip_bomb_xlsx(40), "x.xlsx")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * 5_000_000 + "</a>")
    with pytest.raises(tabular.TableError, match="packad"):
        tabular.read_rows(bomb.getvalue(), "x.xlsx")


@pytest.mark.django_db
def test_csv_row_cap(strangnas, station, settings):
    settings.IMPORT_MAX_ROWS = 10
    with pytest.raises(tabular.TableError, match="högst 10 rader"):
        tabular.read_rows(_csv(*["2025-06-01 10:00;klotter;Resecentrum;;;"] * 11), "x.csv")


@pytest.mark.django_db
def test_follow_up_formset_with_one_form_too_many(coordinator_client, promise_set):
    from programme.models import FollowUp, PromiseStatus
    from programme.services import create_follow_up

    follow_up = create_follow_up(
        user=None,
        follow_up=FollowUp(
            promise_set=promise_set,
            title="Halvår",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
        ),
    )
    statuses = list(follow_up.promise_statuses.all())
    data = {
        "title": "Halvår",
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "form-TOTAL_FORMS": str(len(statuses) + 1),
        "form-INITIAL_FORMS": str(len(statuses)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, status in enumerate(statuses):
        data |= {f"form-{i}-id": status.pk, f"form-{i}-status": status.status, f"form-{i}-narrative": "Bra"}
    data |= {f"form-{len(statuses)}-status": "ongoing", f"form-{len(statuses)}-narrative": "Extra"}
    response = coordinator_client.post(f"/samordning/uppfoljningar/{follow_up.pk}/", data)
    assert response.status_code in (302, 400)
    assert PromiseStatus.objects.filter(follow_up=follow_up).count() == len(statuses)


@pytest.mark.django_db
@pytest.mark.parametrize("valid_from", ["0001-01-01", "1900-01-01"])
def test_a_plan_from_year_1_is_refused(coordinator_client, night_walk_activity, kommun, station, valid_from):
    response = coordinator_client.post(
        "/falt/planer/ny/",
        {
            "title": "Uråldrig",
            "activity": night_walk_activity.pk,
            "organisation": kommun.pk,
            "log_type": "night_walk",
            "weekdays": ["4"],
            "interval_weeks": 1,
            "start_time": "21:00",
            "end_time": "01:00",
            "valid_from": valid_from,
            "valid_to": "2025-12-31",
            "places": [station.pk],
            "planned_staff": 2,
        },
    )
    assert response.status_code == 400
    assert "gäller från" in response.content.decode().lower() or "år" in response.content.decode()
    assert not PresencePlan.objects.filter(title="Uråldrig").exists()


def _police(record_overrides: dict) -> dict:
    record = {
        "id": 1,
        "datetime": "2025-06-07 7:32:06 +02:00",
        "name": "07 juni 07.25, Misshandel, Strängnäs",
        "summary": "",
        "url": "/x",
        "type": "Misshandel",
        "location": {"name": "Strängnäs", "gps": "59.37,17.03"},
    }
    return record | record_overrides


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, says",
    [
        (json.dumps([_police({"id": 10**23})]), "id"),
        (json.dumps([_police({"datetime": "9999-12-31 23:59:59 +02:00"})]), "utanför år 1900"),
        (json.dumps([_police({"datetime": "2990-01-01 10:00:00 +02:00"})]), "framtiden"),
        ("[" * 100_000 + "]" * 100_000, "nästlad"),
    ],
    ids=["id-1e23", "year-9999", "year-2990", "deep"],
)
def test_police_import_refuses_with_a_clear_error(tmp_path, body, says):
    path = tmp_path / "events.json"
    path.write_text(body)
    with pytest.raises(CommandError, match=says):
        call_command("import_police_events", str(path))
    assert PoliceEvent.objects.count() == 0


# GeoJSON outlines
def _ring(n: int, lat=59.377, lng=17.031, r=0.001):
    import math

    ring = [[lng + r * math.cos(2 * math.pi * i / n), lat + r * math.sin(2 * math.pi * i / n)] for i in range(n)]
    return ring + [ring[0]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "area, says",
    [
        ({"type": "Polygon", "coordinates": [_ring(10_000)]}, "punkter"),
        ({"type": "Polygon", "coordinates": [_ring(10)[:-1]]}, "sluten"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[17.03, 59.37], [17.04, 59.38], [17.03, 59.38], [17.04, 59.37], [17.03, 59.37]]],
            },
            "korsar",
        ),
        ({"type": "Polygon", "coordinates": [_ring(10, lat=57.7, lng=11.97)]}, "kommun"),
    ],
    ids=["10k-vertices", "open-ring", "bow-tie", "gothenburg"],
)
def test_outlines_are_bounded_closed_valid_and_inside_the_municipality(coordinator, station, area, says):
    api = APIClient()
    api.force_authenticate(coordinator)
    response = api.patch(f"/api/v1/places/{station.pk}/", {"area": area}, format="json")
    assert response.status_code == 400
    assert says in json.dumps(response.json(), ensure_ascii=False)
    station.refresh_from_db()
    assert station.area is None


@pytest.mark.django_db
def test_a_100k_vertex_outline_is_refused_before_it_is_read(coordinator, station):
    api = APIClient()
    api.force_authenticate(coordinator)
    response = api.patch(
        f"/api/v1/places/{station.pk}/", {"area": {"type": "Polygon", "coordinates": [_ring(100_000)]}}, format="json"
    )
    assert response.status_code == 413
    assert "för stor" in response.json()["detail"]


@pytest.mark.django_db
def test_deeply_nested_json_is_a_400(coordinator, station):
    api = APIClient()
    api.force_authenticate(coordinator)
    body = '{"area": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = api.generic("PATCH", f"/api/v1/places/{station.pk}/", body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_import_cannot_name_another_municipalitys_organisation(strangnas, station, other_kommun, kommun):
    """The reporter column accepted Eskilstuna kommun in Strängnäs' import."""
    rows = [
        {
            "intraffade": "2025-06-01 20:00",
            "kategori": "klotter",
            "plats": station.name,
            "organisation": other_kommun.name,
        }
    ]
    with pytest.raises(tabular.TableError, match="okänd organisation 'Eskilstuna kommun' i Strängnäs"):
        tabular.check_rows(rows, strangnas, "import")
    rows[0]["organisation"] = kommun.name
    assert tabular.check_rows(rows, strangnas, "import")[0]["reporting_organisation_id"] == kommun.pk
