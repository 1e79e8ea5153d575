"""Attack: one stray point, 900 km away, was accepted (the coordinate fields bound only Sweden; the import
did not look at the municipality) and grew the weekly hot-spot grid from thousands of cells to millions.
Every intake refuses a point outside the municipality, with a clear message, and stores nothing: the
partner form, the citizens' form, Open311, the CSV/XLSX import (page, background worker, command), admin,
the services other apps call and the demo's bulk write. One rule: Incident.check_point."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from incidents import imports, services, tabular
from incidents.models import Incident, IncidentCategory
from places.geometry import municipality_area
from tests.factories import MunicipalityFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db

KIRUNA = ("67.855800", "20.225300")  # about 900 km north of Strängnäs, well inside Sweden
ESKILSTUNA = ("59.460000", "16.650000")  # just across the border, some 3 km into Eskilstuna
INSIDE = ("59.374300", "17.028900")  # near the station in Strängnäs
OUTSIDE = [pytest.param(KIRUNA, id="900-km-away"), pytest.param(ESKILSTUNA, id="across-the-border")]


def _says_outside(text: str, point) -> bool:
    return "utanför kommunen Strängnäs" in text and point[0].rstrip("0").replace(".", ",") in text


@pytest.fixture
def klotter():
    return IncidentCategory.objects.get(code="klotter")


@pytest.fixture
def reporter(kommun):
    client = Client()
    client.force_login(UserFactory(username="rapportor", organisation=kommun, role="reporter"))
    return client


def _partner_report(client, lat, lon, category):
    data = {"category": category.pk, "occurred_at": "2025-06-03T21:30", "latitude": lat, "longitude": lon}
    return client.post(reverse("incidents:report", args=["strangnas"]), {**data, "description": "Klotter"})


@pytest.mark.parametrize("point", OUTSIDE)
def test_the_partner_form_refuses_a_point_outside(reporter, station, klotter, point):
    response = _partner_report(reporter, *point, klotter)
    assert response.status_code == 400 and _says_outside(response.content.decode(), point)
    assert not Incident.everything.exists()


def test_the_partner_form_takes_a_point_inside(reporter, station, klotter):
    assert _partner_report(reporter, *INSIDE, klotter).status_code == 302
    assert Incident.objects.get().latitude == Decimal(INSIDE[0])


@pytest.mark.parametrize("point", OUTSIDE)
def test_the_citizens_form_and_open311_refuse_a_point_outside(client, station, klotter, point):
    from public.models import Open311ApiKey

    data = {"category": klotter.pk, "occurred_at": "2025-06-20T22:00", "description": "Klotter", "website": ""}
    response = client.post(
        reverse("public:citizen_report", args=["strangnas"]), {**data, "latitude": point[0], "longitude": point[1]}
    )
    assert response.status_code == 400 and "utanför kommunen" in response.content.decode()
    key = Open311ApiKey.issue("Appen", station.municipality)[1]
    post = {"api_key": key, "service_code": "klotter", "lat": point[0], "long": point[1], "description": "Klotter"}
    response = client.post("/open311/v2/requests.json", post)
    assert response.status_code == 400 and "utanför kommunen" in response.json()[0]["description"]
    assert not Incident.everything.exists()


@pytest.mark.parametrize("point", OUTSIDE)
def test_the_service_refuses_a_point_outside_whoever_calls_it(strangnas, station, klotter, point):
    incident = Incident(
        municipality=strangnas, category=klotter, occurred_at=timezone.now(), latitude=point[0], longitude=point[1]
    )
    with pytest.raises(ValidationError) as error:
        services.report_incident(user=None, incident=incident)
    assert _says_outside(" ".join(error.value.messages), point)
    assert not Incident.everything.exists() and not AuditEntry.objects.filter(object_type="incidents.Incident")


def test_a_named_place_stored_outside_does_not_carry_a_report_outside(strangnas, station, klotter):
    far = PlaceFactory(
        municipality=strangnas, district=station.district, name="Fel", latitude=KIRUNA[0], longitude=KIRUNA[1]
    )
    incident = Incident(municipality=strangnas, category=klotter, occurred_at=timezone.now(), place=far)
    with pytest.raises(ValidationError, match="utanför kommunen Strängnäs"):
        services.report_incident(user=None, incident=incident)
    assert not Incident.everything.exists()


@pytest.mark.parametrize("point", OUTSIDE)
def test_admin_refuses_a_point_outside(kommun, strangnas, station, klotter, point):
    admin = Client()
    admin.force_login(UserFactory(username="admin", organisation=kommun, is_staff=True, is_superuser=True))
    form = {
        "municipality": strangnas.pk,
        "category": klotter.pk,
        "occurred_at_0": "2025-06-03",
        "occurred_at_1": "21:30",
        "latitude": point[0],
        "longitude": point[1],
        "source": "partner",
        "status": "new",
    }
    response = admin.post(reverse("admin:incidents_incident_add"), form)
    assert response.status_code == 200 and _says_outside(response.content.decode(), point)
    assert not Incident.everything.exists()
    response = admin.post(
        reverse("admin:incidents_incident_add"), {**form, "latitude": INSIDE[0], "longitude": INSIDE[1]}
    )
    assert response.status_code == 302 and Incident.objects.count() == 1


# The import: a bad row fails the whole file, by its row number, and nothing is stored.

HEADER = "intraffade;kategori;plats;latitud;longitud;organisation;beskrivning"


def _file(point) -> bytes:
    rows = [
        "2025-06-03 21:30;klotter;Resecentrum;;;;",
        f"2025-06-03 22:30;klotter;;{INSIDE[0]};{INSIDE[1]};;",
        f"2025-06-03 23:30;klotter;;{point[0].replace('.', ',')};{point[1].replace('.', ',')};;",  # row 4
    ]
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _only_row_4(problems: list[str], point) -> bool:
    return len(problems) == 1 and problems[0].startswith("rad 4: Platsen") and _says_outside(problems[0], point)


@pytest.mark.parametrize("point", OUTSIDE)
def test_the_import_page_refuses_the_whole_file(coordinator_client, station, point):
    upload = tabular_upload(_file(point))
    response = coordinator_client.post(reverse("incidents:import", args=["strangnas"]), {"file": upload})
    assert response.status_code == 400 and _only_row_4(response.context["problems"], point)
    assert not Incident.everything.exists()


def tabular_upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("händelser.csv", content, content_type="text/csv")


@pytest.mark.parametrize("point", OUTSIDE)
def test_the_background_import_refuses_the_whole_file(coordinator, strangnas, station, point):
    job = imports.start(user=coordinator, municipality=strangnas, filename="stor.csv", content=_file(point))
    assert imports.run(job.pk) == "failed"
    job.refresh_from_db()
    assert _only_row_4(job.problems, point) and job.imported == 0
    assert not Incident.everything.exists()


@pytest.mark.parametrize("point", OUTSIDE)
def test_the_import_command_refuses_the_whole_file(strangnas, station, point, tmp_path):
    path = tmp_path / "händelser.csv"
    path.write_bytes(_file(point))
    with pytest.raises(CommandError, match="rad 4: Platsen") as error:
        call_command("import_incidents", str(path), "--kommun", "strangnas")
    assert _says_outside(str(error.value), point)
    assert not Incident.everything.exists()


def test_a_file_inside_imports_whole(coordinator_client, station):
    upload = tabular_upload(_file(INSIDE))
    response = coordinator_client.post(reverse("incidents:import", args=["strangnas"]), {"file": upload})
    assert response.status_code == 302 and Incident.objects.count() == 3


@pytest.mark.parametrize("point", OUTSIDE)
def test_the_import_services_refuse_rows_nobody_checked(strangnas, station, klotter, point):
    good = tabular.check_rows(tabular.read_rows(_file(INSIDE), "f.csv"), strangnas, Incident.Source.IMPORT)
    bad = [*good, {**good[-1], "public_ref": "X", "latitude": Decimal(point[0]), "longitude": Decimal(point[1])}]
    with pytest.raises(ValidationError) as error:
        services.import_incidents(user=None, rows=bad)
    [problem] = error.value.messages
    assert problem.startswith("rad 5: Platsen") and _says_outside(problem, point)  # the fourth row of data
    with pytest.raises(ValidationError):
        services.import_staged(user=None, job=None, rows=bad, progress=lambda n: None, done=lambda n: None)
    assert not Incident.everything.exists()


@pytest.mark.parametrize("point", OUTSIDE)
def test_the_bulk_write_the_demo_uses_refuses_a_point_outside(strangnas, station, klotter, point):
    at = timezone.now() - datetime.timedelta(days=1)
    inside = Incident(municipality=strangnas, category=klotter, occurred_at=at, latitude=INSIDE[0], longitude=INSIDE[1])
    outside = Incident(municipality=strangnas, category=klotter, occurred_at=at, latitude=point[0], longitude=point[1])
    with pytest.raises(ValidationError, match="rad 3: Platsen"):
        services.add_generated([inside, outside])
    assert not Incident.everything.exists()
    assert services.add_generated([inside]) == 1 and Incident.objects.count() == 1


# A municipality the outlines file does not know.


def test_without_an_outline_the_extent_of_its_places_bounds_it(klotter):
    nowhere = MunicipalityFactory(code="9990", name="Påhittad", slug="pahittad")
    assert municipality_area(nowhere.code) is None  # nothing to check against yet: Sweden's bounds only
    far = Incident(
        municipality=nowhere, category=klotter, occurred_at=timezone.now(), latitude=KIRUNA[0], longitude=KIRUNA[1]
    )
    far.check_point()
    PlaceFactory(municipality=nowhere, latitude=Decimal("59.3776"), longitude=Decimal("17.0313"))
    PlaceFactory(municipality=nowhere, latitude=Decimal("59.2500"), longitude=Decimal("17.2000"))
    with pytest.raises(ValidationError, match="utanför kommunen Påhittad"):
        far.check_point()
    for lat, lon in [("59.3000", "17.1000"), ("59.4500", "17.0313"), ("59.2500", "17.2900")]:  # between, and near
        Incident(
            municipality=nowhere, category=klotter, occurred_at=timezone.now(), latitude=lat, longitude=lon
        ).check_point()
    with pytest.raises(ValidationError):  # beyond the margin around its places
        Incident(
            municipality=nowhere, category=klotter, occurred_at=timezone.now(), latitude="59.6000", longitude="17.1"
        ).check_point()
    rows = [f"2025-06-03 21:30;klotter;;{lat};{lon};;" for lat, lon in [("59,3", "17,1"), ("67,8558", "20,2253")]]
    with pytest.raises(tabular.TableError) as error:
        tabular.check_rows(tabular.read_rows(("\n".join([HEADER, *rows]) + "\n").encode(), "f.csv"), nowhere, "import")
    assert error.value.problems == [
        "rad 3: Platsen (latitud 67,8558, longitud 20,2253) ligger utanför kommunen Påhittad."
    ]


def test_a_drawn_place_outline_widens_the_extent(klotter):
    nowhere = MunicipalityFactory(code="9991", name="Påhittad", slug="pahittad2")
    ring = [[17.0, 59.3], [17.6, 59.3], [17.6, 59.4], [17.0, 59.4], [17.0, 59.3]]
    PlaceFactory(
        municipality=nowhere,
        latitude=Decimal("59.35"),
        longitude=Decimal("17.05"),
        area={"type": "Polygon", "coordinates": [ring]},
    )
    assert municipality_area(nowhere.code).contains(59.35, 17.65)
    assert not municipality_area(nowhere.code).contains(59.35, 17.75)
