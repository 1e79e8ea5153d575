import csv
import datetime
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from incidents.models import Incident
from programme.models import FollowUp, PromiseStatus
from programme.services import create_follow_up, publish_follow_up
from tests.factories import FollowUpFactory, IncidentCategoryFactory, IncidentFactory, IndicatorBindingFactory
from tests.fieldwork_fixtures import local

JUNE = "2025-06"


@pytest.fixture
def follow_up(promise_set, coordinator, night_walk_indicator, make_log, station):
    for day in range(2, 9):  # seven night walks in 2024
        make_log(local(2024, 3, day, 21), places=[station])
    follow_up = FollowUp(
        promise_set=promise_set,
        title="Uppföljning 2024",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    create_follow_up(user=coordinator, follow_up=follow_up)
    return follow_up


@pytest.mark.django_db
def test_publishing_freezes_the_figures(follow_up, coordinator, make_log, station):
    status = follow_up.promise_statuses.get()
    status.status, status.narrative = "ongoing", "Varje fredag"
    status.save()
    publish_follow_up(user=coordinator, follow_up=follow_up)
    follow_up.refresh_from_db()
    indicator = follow_up.snapshot["focus_areas"][0]["promises"][0]["indicators"][0]
    assert (follow_up.version, indicator["value"], indicator["name"]) == (1, 7.0, "Genomförda nattvandringar")
    make_log(local(2024, 4, 5, 21), places=[station])  # later logs do not change a published version
    follow_up.refresh_from_db()
    assert follow_up.snapshot["focus_areas"][0]["promises"][0]["indicators"][0]["value"] == 7.0
    follow_up.summary = "ändrad"
    with pytest.raises(ValidationError):
        follow_up.save()
    with pytest.raises(ValidationError):
        status.save()


@pytest.mark.django_db
def test_public_sees_every_published_version_and_a_timeline(client, follow_up, coordinator, promise_set):
    publish_follow_up(user=coordinator, follow_up=follow_up)
    second = FollowUp(
        promise_set=promise_set,
        title="Slutrapport",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    create_follow_up(user=coordinator, follow_up=second)
    assert second.promise_statuses.get().status == PromiseStatus.Status.ONGOING  # copied from version 1
    PromiseStatus.objects.filter(follow_up=second).update(status="done", narrative="Klart")
    publish_follow_up(user=coordinator, follow_up=second)
    draft = FollowUpFactory(
        promise_set=promise_set,
        title="Hemligt utkast",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 6, 30),
    )
    listing = client.get(reverse("public:follow_up_list", args=["strangnas", promise_set.slug])).content.decode()
    assert "Uppföljning 2024" in listing and "Slutrapport" in listing and draft.title not in listing
    page = client.get(reverse("public:follow_up", args=["strangnas", promise_set.slug, 1])).content.decode()
    assert "Genomförda nattvandringar" in page and "7 av 80" in page
    set_page = client.get(promise_set.get_public_url()).content.decode()
    assert "Status: Genomfört" in set_page and "Pågår" in set_page  # the timeline: version 1 then 2
    pdf = client.get(reverse("public:follow_up", args=["strangnas", promise_set.slug, 2]) + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("public:follow_up", args=["strangnas", promise_set.slug, 3])).status_code == 404


@pytest.mark.django_db
def test_follow_up_of_unpublished_set_is_404(client, follow_up, coordinator, promise_set):
    publish_follow_up(user=coordinator, follow_up=follow_up)
    promise_set.published = False
    promise_set.save()
    assert client.get(reverse("public:follow_up", args=["strangnas", promise_set.slug, 1])).status_code == 404


@pytest.mark.django_db
def test_coordinator_creates_edits_and_publishes(coordinator_client, promise_set, night_walk_indicator):
    url = reverse("programme:follow_up_list", args=[promise_set.pk])
    bad = coordinator_client.post(url, {"title": "", "period_start": "2024-12-31", "period_end": "2024-01-01"})
    assert bad.status_code == 400 and not FollowUp.objects.exists()
    response = coordinator_client.post(
        url, {"title": "Halvår", "period_start": "2024-01-01", "period_end": "2024-06-30"}
    )
    follow_up = FollowUp.objects.get()
    assert response.url == reverse("programme:follow_up_edit", args=[follow_up.pk])
    status = follow_up.promise_statuses.get()
    data = {
        "title": "Halvår",
        "period_start": "2024-01-01",
        "period_end": "2024-06-30",
        "summary": "",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": status.pk,
        "form-0-status": "delayed",
        "form-0-narrative": "Ring 070-123 45 67",
    }
    assert coordinator_client.post(response.url, data).status_code == 400  # personal data in the comment
    data["form-0-narrative"] = "Försenat av personalbrist"
    coordinator_client.post(response.url, dict(data, publish="1"))
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.version) == ("published", 1)
    assert follow_up.snapshot["focus_areas"][0]["promises"][0]["status"] == "delayed"
    assert coordinator_client.post(response.url, data).status_code == 403


def _category(code="klotter"):
    return IncidentCategoryFactory(code=code)


@pytest.fixture
def june_incidents(strangnas, station):
    """Tätort in June 2025: 4 skadegörelse (under 5), 6 otrygg plats (5 or more)."""

    def add(code, n):
        for i in range(n):
            IncidentFactory(
                municipality=strangnas,
                category=_category(code),
                occurred_at=local(2025, 6, 3 + i, 21),
                place=station,
                district=station.district,
                latitude=59.374321,
                longitude=17.028876,
                status="reviewed",
                source="partner",
            )

    add("klotter", 4)
    add("belysning", 6)


def _citizen_form(station, **overrides):
    data = {
        "category": _category().pk,
        "place": station.pk,
        "occurred_at": "2025-06-20T22:00",
        "description": "Nyklottrat på väntkuren",
        "email": "",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_accepted_citizen_report_is_counted_in_public_map(client, coordinator_client, june_incidents, station):
    url = reverse("public:citizen_report", args=["strangnas"])
    response = client.post(url, _citizen_form(station))
    assert response.status_code == 302
    incident = Incident.objects.get(source="citizen")
    assert incident.status == "new"
    map_url = reverse("public:safety_map", args=["strangnas"]) + f"?manad={JUNE}"
    before = client.get(map_url).context["rows"][0]["counts"]
    assert before[0] == "<5"
    coordinator_client.post(reverse("incidents:review", args=[incident.pk]), {"status": "reviewed"})
    after = client.get(map_url).context["rows"][0]["counts"]
    assert after[0] == 5  # 4 partner reports + the accepted citizen report


@pytest.mark.django_db
def test_citizen_form_refuses_personal_data_and_unplaced_reports(client, station):
    url = reverse("public:citizen_report", args=["strangnas"])
    response = client.post(url, _citizen_form(station, description="Grannen heter x, ring 070-123 45 67"))
    assert response.status_code == 400 and "telefonnummer" in response.content.decode()
    response = client.post(url, _citizen_form(station, place=""))
    assert response.status_code == 400 and "Välj en plats" in response.content.decode()
    response = client.post(url, _citizen_form(station, place="", address="resecentrum"))
    assert response.status_code == 302
    assert Incident.objects.get().place == station


@pytest.mark.django_db
def test_honeypot_and_rate_limit(client, station, settings):
    url = reverse("public:citizen_report", args=["strangnas"])
    assert client.post(url, _citizen_form(station, website="http://spam.example")).status_code == 302
    assert not Incident.objects.exists()  # a bot gets the thank-you page and nothing is stored
    settings.CITIZEN_REPORT_RATE_LIMIT = (2, 3600)
    from django.core.cache import cache

    cache.clear()
    assert client.post(url, _citizen_form(station)).status_code == 302
    assert client.post(url, _citizen_form(station)).status_code == 302
    limited = client.post(url, _citizen_form(station))
    assert limited.status_code == 429 and "många rapporter" in limited.content.decode()
    assert Incident.objects.count() == 2


SMALL = re.compile(r"^[0-4]$")


def _assert_no_small_counts(values):
    bad = [v for v in values if v is not None and SMALL.match(str(v).strip())]
    assert not bad, f"exact small counts published: {bad}"


@pytest.mark.django_db
def test_no_public_count_under_five_anywhere(client, june_incidents, follow_up, coordinator, strangnas, station):
    from fieldwork.models import DefectorMonthlyCount

    # A follow-up indicator with a small value (3 people) must not be published exactly either.
    indicator = (
        follow_up.promise_set.focus_areas.get()
        .promises.get()
        .activities.get()
        .indicators.create(
            name="Avhoppare",
            unit="personer",
            target=10,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
        )
    )
    IndicatorBindingFactory(indicator=indicator, log_types=[], measure="defector_people")
    DefectorMonthlyCount.objects.create(municipality=strangnas, month=datetime.date(2024, 2, 1), people_supported=3)
    publish_follow_up(user=coordinator, follow_up=follow_up)
    slug = follow_up.promise_set.slug

    page = client.get(reverse("public:safety_map", args=["strangnas"]) + f"?manad={JUNE}")
    _assert_no_small_counts(c for row in page.context["rows"] for c in row["counts"])
    html = page.content.decode()
    assert re.search(r'<td class="num"[^>]*>&lt;5</td>', html) and re.search(r'<td class="num"[^>]*>6</td>', html)
    assert not re.search(r'<td class="num"[^>]*>[0-4]</td>', html)
    assert "59.374321" not in html and "17.028876" not in html  # no exact incident points

    follow_page = client.get(reverse("public:follow_up", args=["strangnas", slug, 1])).content.decode()
    assert "&lt;5 av 10 personer" in follow_page and "3 av 10" not in follow_page and "30 %" not in follow_page

    for name in ("handelser", "uppfoljningar"):
        raw = client.get(reverse("public:dataset", args=["strangnas", name, "csv"])).content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
        column = "antal" if name == "handelser" else "varde"
        _assert_no_small_counts(r[column] for r in rows)
        assert any(r[column] == "<5" for r in rows)
        sheet = load_workbook(
            io.BytesIO(client.get(reverse("public:dataset", args=["strangnas", name, "xlsx"])).content)
        ).active
        header = [c.value for c in sheet[1]]
        _assert_no_small_counts(row[header.index(column)] for row in sheet.iter_rows(min_row=2, values_only=True))
        geo = json.loads(client.get(reverse("public:dataset", args=["strangnas", name, "geojson"])).content)
        _assert_no_small_counts(f["properties"][column] for f in geo["features"])
    handelser = json.loads(client.get(reverse("public:dataset", args=["strangnas", "handelser", "geojson"])).content)
    june = [
        f
        for f in handelser["features"]
        if f["properties"]["manad"] == JUNE and f["properties"]["kommundel"] == "Strängnäs tätort"
    ]
    assert {f["properties"]["kategori"]: f["properties"]["antal"] for f in june}["Otrygg plats"] == 6
    assert june[0]["geometry"]["type"] == "Point"


@pytest.mark.django_db
def test_open_data_columns_are_stable(client, promise_set):
    from public.datasets import DATASETS

    raw = client.get(reverse("public:dataset", args=["strangnas", "medborgarloften", "csv"])).content.decode(
        "utf-8-sig"
    )
    header = raw.splitlines()[0].split(";")
    assert header == DATASETS["medborgarloften"]["columns"]
    assert "Nattvandring" in raw
    assert client.get(reverse("public:dataset", args=["strangnas", "medborgarloften", "pdf"])).status_code == 404
    assert client.get(reverse("public:dataset", args=["strangnas", "okand", "csv"])).status_code == 404
    page = client.get(reverse("public:open_data")).content.decode()
    assert all(column in page for column in DATASETS["handelser"]["columns"])
