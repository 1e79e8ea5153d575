"""Evaluating a measure: which incidents count where and when, the statistics on the page, and the
path from a draft to frozen, published figures."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from analysis.evaluation import wdd
from evaluation import selectors
from evaluation.models import Evaluation
from incidents.models import IncidentCategory
from places.models import Place
from tests.factories import (
    CameraSiteFactory,
    DistrictFactory,
    EvaluationFactory,
    IncidentCategoryFactory,
    evaluation_form_data,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 3, 1)
# Metres north of the square (59.3776 N): 0.0009° of latitude is about 100 m.
DEGREES_PER_100_M = 0.0009


@pytest.fixture
def far_district(strangnas):
    return DistrictFactory(municipality=strangnas, name="Mariefred")


@pytest.fixture
def measure(strangnas, square, district, far_district):
    evaluation = EvaluationFactory(
        municipality=strangnas,
        title="Kamera vid torget",
        target_place=square,
        target_radius_m=150,
        buffer_m=250,
        starts_on=START,
        before_days=28,
        after_days=28,
    )
    evaluation.categories.set([IncidentCategoryFactory(code="skadegorelse")])
    evaluation.control_districts.set([district, far_district])
    return evaluation


@pytest.fixture
def at(make_incident, square):
    """An incident `metres` north of the square on `day`, in the square's district unless told."""

    def make(day: datetime.date, metres: float = 0, code="klotter", **extra):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(21)))
        lat = float(square.latitude) + metres / 100 * DEGREES_PER_100_M
        extra.setdefault("district", square.district)
        return make_incident(moment, code=code, place=None, lat=round(lat, 6), lng=square.longitude, **extra)

    return make


def test_each_incident_counts_in_one_area_and_one_period(measure, at, district, far_district):
    before, after = START - datetime.timedelta(days=1), START
    at(before)  # target, last day before
    at(after, metres=100)  # target, first day after
    at(after, metres=300)  # buffer (150–400 m)
    at(before, metres=300, code="glaskross")  # buffer; a subcategory of the chosen main category
    at(after, metres=1000, district=district)  # control: the square's district beyond the buffer
    at(before, metres=30000, district=far_district)  # control: another district
    at(after, metres=3000, district=None)  # in no chosen area
    at(after, code="vald")  # another category
    at(after, status="new")  # not reviewed
    at(START - datetime.timedelta(days=29))  # before the before period
    data = selectors.figures(measure, today=datetime.date(2025, 6, 1))
    assert (data.target, data.buffer, data.control) == ((1, 1), (1, 1), (1, 1))
    assert data.weeks["target"] == {"before": [0, 0, 0, 1], "after": [1, 0, 0, 0]}


def test_an_after_period_not_yet_over_is_cut_at_yesterday_and_weighted(measure, at):
    for day in range(10):
        at(START - datetime.timedelta(days=day + 1))
    at(START + datetime.timedelta(days=2))
    data = selectors.figures(measure, today=START + datetime.timedelta(days=14))
    assert data.after_days == 14 and data.ready
    assert data.target == (10, 1)
    expected = wdd(data.target, data.control, time_weights=(28 / 14, 1))
    assert selectors.results(data)["wdd"]["estimate"] == pytest.approx(expected.estimate) == pytest.approx(-4)
    assert not selectors.figures(measure, today=START + datetime.timedelta(days=3)).ready


def test_the_place_s_drawn_outline_can_be_the_target(measure, at, strangnas, square):
    lat, lon = float(square.latitude), float(square.longitude)
    square.area = {
        "type": "Polygon",
        "coordinates": [
            [
                [lon - 0.001, lat - 0.0002],
                [lon + 0.001, lat - 0.0002],
                [lon + 0.001, lat + 0.0002],
                [lon - 0.001, lat + 0.0002],
                [lon - 0.001, lat - 0.0002],
            ]
        ],
    }
    square.save()
    measure.use_place_area = True
    at(START, metres=10)  # inside the outline
    at(START, metres=100)  # in the old circle, outside the outline (about 22 m north–south): in the buffer
    data = selectors.figures(measure, today=START + datetime.timedelta(days=30))
    assert (data.target[1], data.buffer[1]) == (1, 1)


def _count_evenly(at, target_before, target_after, control_before, control_after, district):
    for n, day0, metres, kwargs in (
        (target_before, START - datetime.timedelta(days=28), 0, {}),
        (target_after, START, 0, {}),
        (control_before, START - datetime.timedelta(days=28), 2000, {"district": district}),
        (control_after, START, 2000, {"district": district}),
    ):
        for i in range(n):
            at(day0 + datetime.timedelta(days=i % 28), metres=metres, **kwargs)


def test_the_page_says_the_result_in_plain_swedish(viewer_client, measure, at, district):
    _count_evenly(at, 30, 8, 20, 22, district)
    response = viewer_client.get(reverse("evaluation:detail", args=[measure.pk]))
    page = response.content.decode()
    assert "I målområdet blev det 24 händelser färre än jämförelseområdets utveckling ger." in page
    assert "Det är osannolikt att slumpen förklarar skillnaden" in page
    assert "Återgång mot medelvärdet" in page
    assert reverse("evaluation:edit", args=[measure.pk]) not in page  # the viewer reads only


def test_a_difference_chance_explains_is_called_so(viewer_client, measure, at, district):
    _count_evenly(at, 10, 8, 10, 10, district)
    page = viewer_client.get(reverse("evaluation:detail", args=[measure.pk])).content.decode()
    assert "Skillnaden kan vara slumpen" in page
    assert "Små tal i bufferten" in page  # nothing happened in the buffer: too few to say anything


def _form(measure, square, district, **changes) -> dict:
    return evaluation_form_data(square, district, **changes)


def test_a_coordinator_creates_an_evaluation_and_it_is_logged(coordinator_client, strangnas, measure, square, district):
    response = coordinator_client.post(
        reverse("evaluation:create", args=[strangnas.slug]), _form(measure, square, district)
    )
    created = Evaluation.objects.get(title="Belysning i parken")
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:detail", args=[created.pk])
    assert list(created.control_districts.all()) == [district]
    assert AuditEntry.objects.filter(object_type="evaluation.Evaluation", object_id=str(created.pk)).exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"target_radius_m": 5}, "target_radius_m"),
        ({"before_days": 5000}, "before_days"),
        ({"categories": []}, "categories"),
        ({"control_districts": []}, "control_districts"),
        ({"title": "Ring Anna Andersson 070-123 45 67"}, "title"),
        ({"use_place_area": "on"}, "use_place_area"),  # the square has no drawn outline
        ({"starts_on": "1 mars"}, "starts_on"),
    ],
)
def test_bad_input_re_displays_with_field_errors_and_saves_nothing(
    coordinator_client, strangnas, measure, square, district, changes, field
):
    response = coordinator_client.post(
        reverse("evaluation:create", args=[strangnas.slug]), _form(measure, square, district, **changes)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Evaluation.objects.count() == 1


def test_a_camera_site_prefills_a_new_evaluation(coordinator_client, strangnas, square):
    site = CameraSiteFactory(
        municipality=strangnas,
        name="Torget",
        place=square,
        purpose="Förebygga skadegörelse.",
        area="Torgytan",
        interest_balancing="Gjord.",
        started_on=START,
        recording_retention_days=30,
    )
    form = coordinator_client.get(reverse("evaluation:create", args=[strangnas.slug]), {"kamera": site.pk}).context[
        "form"
    ]
    assert (form.initial["camera_site"], form.initial["target_place"], form.initial["starts_on"]) == (
        site.pk,
        square.pk,
        START,
    )


def test_publishing_freezes_the_figures(coordinator_client, measure, at, district):
    _count_evenly(at, 30, 8, 20, 22, district)
    url = reverse("evaluation:publish", args=[measure.pk])
    assert coordinator_client.get(url).status_code == 405
    coordinator_client.post(url)  # not confirmed: nothing happens
    assert Evaluation.objects.get(pk=measure.pk).status == "draft"
    coordinator_client.post(url, {"bekraftad": "1"})
    measure.refresh_from_db()
    assert measure.status == "published" and measure.snapshot["figures"]["target"] == [30, 8]
    at(START + datetime.timedelta(days=1))  # a late report changes nothing published
    page = coordinator_client.get(reverse("evaluation:detail", args=[measure.pk])).content.decode()
    assert "24 händelser färre" in page and "Lås och publicera" not in page
    edit = coordinator_client.get(reverse("evaluation:edit", args=[measure.pk]))
    assert edit.status_code == 302  # locked: back to the page with a message
    assert AuditEntry.objects.filter(object_type="evaluation.Evaluation", action="publish").count() == 1


def test_other_municipalities_and_reporters_are_refused(other_coordinator_client, reporter_client, measure, strangnas):
    detail = reverse("evaluation:detail", args=[measure.pk])
    assert other_coordinator_client.get(detail).status_code == 404
    assert reporter_client.get(detail).status_code == 403
    assert (
        other_coordinator_client.post(reverse("evaluation:publish", args=[measure.pk]), {"bekraftad": "1"}).status_code
        == 404
    )
    assert Evaluation.objects.get(pk=measure.pk).status == "draft"


def test_the_demo_camera_evaluation_finds_its_effect_and_the_patrol_does_not_claim_one():
    from demo import load_all

    load_all()
    camera = Evaluation.objects.get(title="Kamerabevakning: Stortorget")
    patrol = Evaluation.objects.get(title="Fotpatrull torsdagar i centrum")
    camera_results = selectors.results(selectors.figures(camera))
    assert camera.camera_site is not None and camera_results["wdd"]["ci_high"] < 0
    assert selectors.results(selectors.figures(patrol))["wdd"]["p_value"] > 0.05
    assert patrol.activity is not None
    assert Place.objects.filter(pk=camera.target_place_id, name="Stortorget").exists()


def test_several_categories_are_weighed_by_their_harm(viewer_client, measure, at, district):
    """Hand-computed: vandalism (weight 1) target 10 → 4, control 10 → 10: WDD −6, variance 34; violence
    (weight 50) target 6 → 2, control 5 → 5: WDD −4, variance 18. Harm-weighted: −6 − 200 = −206, variance
    34 + 2500 · 18 = 45034."""
    IncidentCategory.objects.filter(code="ordning").update(harm_weight=50)
    measure.categories.add(IncidentCategoryFactory(code="ordning"))
    for code, (tb, ta, cb, ca) in (("klotter", (10, 4, 10, 10)), ("vald", (6, 2, 5, 5))):
        for n, day0, metres in ((tb, START - datetime.timedelta(days=28), 0), (ta, START, 0)):
            for i in range(n):
                at(day0 + datetime.timedelta(days=i), metres=metres, code=code)
        for n, day0 in ((cb, START - datetime.timedelta(days=28)), (ca, START)):
            for i in range(n):
                at(day0 + datetime.timedelta(days=i), metres=2000, code=code, district=district)
    harm = selectors.results(selectors.figures(measure, today=datetime.date(2025, 6, 1)))["harm"]
    assert [(p["name"], p["estimate"], p["harm"]) for p in harm["parts"]] == [
        ("Skadegörelse", -6, 1),
        ("Ordningsstörning, våld och narkotika", -4, 50),
    ]
    assert harm["estimate"] == pytest.approx(-206)
    assert harm["se"] == pytest.approx(45034**0.5)
    page = viewer_client.get(reverse("evaluation:detail", args=[measure.pk])).content.decode()
    assert "Skadevägd WDD" in page and "skadevikt 50" in page


def _rectangle(lat: float, lon: float, half_lat: float, half_lon: float) -> dict:
    ring = [
        [lon - half_lon, lat - half_lat],
        [lon + half_lon, lat - half_lat],
        [lon + half_lon, lat + half_lat],
        [lon - half_lon, lat + half_lat],
        [lon - half_lon, lat - half_lat],
    ]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def test_drawn_target_and_control_areas(measure, at, square):
    lat, lon = float(square.latitude), float(square.longitude)
    measure.target_area = _rectangle(lat, lon, 0.0004, 0.0004)  # about ±45 m north–south
    measure.control_area = _rectangle(lat + 0.02, lon, 0.003, 0.003)  # 2.2 km north
    measure.buffer_m = 0
    measure.save()
    measure.control_districts.clear()
    at(START, metres=20)  # in the drawn target
    at(START, metres=100)  # inside the old 150 m circle, outside the drawn target: counted nowhere
    at(START, metres=2220, district=None)  # in the drawn control area, in no district
    data = selectors.figures(measure, today=datetime.date(2025, 6, 1))
    assert (data.target, data.control) == ((0, 1), (0, 1))


@pytest.mark.parametrize(
    "area, message",
    [
        (
            '{"type": "Polygon", "coordinates": [[[17.03, 59.37], [17.04, 59.37], [17.03, 59.37]]]}',
            "minst fyra punkter",
        ),
        (
            '{"type": "Polygon", "coordinates": [[[11.9, 57.7], [12.0, 57.7], [12.0, 57.8], [11.9, 57.7]]]}',
            "utanför kommunen",
        ),
        ("inte json", "JSON"),
    ],
)
def test_a_drawn_area_must_be_a_valid_polygon_in_the_municipality(
    coordinator_client, strangnas, measure, square, district, area, message
):
    response = coordinator_client.post(
        reverse("evaluation:create", args=[strangnas.slug]), _form(measure, square, district, target_area=area)
    )
    assert response.status_code == 400 and Evaluation.objects.count() == 1
    assert message in " ".join(response.context["form"].errors["target_area"])


def test_a_drawn_control_area_stands_in_for_districts(coordinator_client, strangnas, measure, square, district):
    import json

    control = json.dumps(_rectangle(float(square.latitude) + 0.02, float(square.longitude), 0.003, 0.003))
    response = coordinator_client.post(
        reverse("evaluation:create", args=[strangnas.slug]),
        _form(measure, square, district, control_districts=[], control_area=control),
    )
    assert response.status_code == 302
    created = Evaluation.objects.get(title="Belysning i parken")
    assert created.control_area["type"] == "Polygon" and not created.control_districts.exists()
