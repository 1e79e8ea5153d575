"""GeoJSON typed into a form is bounded in size and nesting before it is parsed: a refused outline comes
back to the writer with a field error, never a 500, whatever the text holds."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from evaluation.models import Evaluation
from places.geometry import MAX_VERTICES
from places.models import Place
from tests.factories import evaluation_form_data
from trygg.geojson import MAX_DEPTH, MAX_GEOJSON_CHARS, GeoJSONFormField, text_too_deep

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000
# Deep enough to pass json.loads, still far beyond any geometry.
MODERATELY_DEEP = '{"type": "Polygon", "coordinates": ' + "[" * 900 + "]" * 900 + "}"
SHALLOW_BUT_HUGE = json.dumps({"type": "Polygon", "coordinates": [[[17.03, 59.37]] * 20_000]})
HOSTILE = {"deep": DEEP, "moderately-deep": MODERATELY_DEEP, "huge": SHALLOW_BUT_HUGE}
EXPECTED_MESSAGE = {"deep": "nästlad", "moderately-deep": "nästlad", "huge": "för lång"}


def _place_form(district, area: str) -> dict:
    return {
        "name": "Parken vid ån",
        "kind": "park",
        "district": district.pk,
        "latitude": "59.377",
        "longitude": "17.031",
        "area": area,
    }


def _evaluation_form(square, district, **areas) -> dict:
    return evaluation_form_data(square, district, **areas)


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_place_form_refuses_hostile_geojson_with_a_field_error(coordinator_client, strangnas, district, kind):
    response = coordinator_client.post(
        reverse("fieldwork:place_create", args=[strangnas.slug]), _place_form(district, HOSTILE[kind])
    )
    assert response.status_code == 400
    assert EXPECTED_MESSAGE[kind] in " ".join(response.context["form"].errors["area"])
    assert not Place.objects.filter(name="Parken vid ån").exists()


@pytest.mark.parametrize("field", ["target_area", "control_area"])
@pytest.mark.parametrize("kind", HOSTILE)
def test_the_evaluation_form_refuses_hostile_geojson_with_a_field_error(
    coordinator_client, strangnas, square, district, kind, field
):
    response = coordinator_client.post(
        reverse("evaluation:create", args=[strangnas.slug]),
        _evaluation_form(square, district, **{field: HOSTILE[kind]}),
    )
    assert response.status_code == 400
    assert EXPECTED_MESSAGE[kind] in " ".join(response.context["form"].errors[field])
    assert not Evaluation.objects.exists()


def test_the_refused_text_is_shown_back_as_written_and_escaped(coordinator_client, strangnas, district):
    hostile = "[" * 5_000 + "<script>alert(1)</script>" + "]" * 5_000
    response = coordinator_client.post(
        reverse("fieldwork:place_create", args=[strangnas.slug]), _place_form(district, hostile)
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in page
    assert "[" * 5_000 + "&lt;script&gt;" in page


def test_the_api_refuses_geojson_nested_within_the_parser_s_reach(coordinator, station):
    api = APIClient()
    api.force_authenticate(coordinator)
    ring = [[17.031, 59.377], [17.032, 59.377], [17.032, 59.378], [17.031, 59.377]]
    junk = "[" * 600 + "]" * 600
    body = f'{{"area": {{"type": "Polygon", "coordinates": [{json.dumps(ring)}], "x": {junk}}}}}'
    response = api.generic("PATCH", f"/api/v1/places/{station.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nästlad" in json.dumps(response.json(), ensure_ascii=False)
    station.refresh_from_db()
    assert station.area is None


def test_an_ordinary_drawn_outline_is_accepted(coordinator_client, strangnas, district):
    ring = [[17.030, 59.376], [17.032, 59.376], [17.032, 59.378], [17.030, 59.378], [17.030, 59.376]]
    area = json.dumps({"type": "Polygon", "coordinates": [ring]}, indent=4)
    response = coordinator_client.post(
        reverse("fieldwork:place_create", args=[strangnas.slug]), _place_form(district, area)
    )
    assert response.status_code == 302
    assert Place.objects.get(name="Parken vid ån").area["coordinates"] == [ring]


def test_the_bounds_fit_the_largest_outline_a_place_may_have():
    largest = json.dumps({"type": "Polygon", "coordinates": [[[17.123456789, 59.123456789]] * MAX_VERTICES]}, indent=2)
    assert len(largest) < MAX_GEOJSON_CHARS
    assert GeoJSONFormField(required=False).clean(largest)["type"] == "Polygon"
    assert MAX_DEPTH >= 4  # object, rings, ring, position


@pytest.mark.parametrize(
    "text, too_deep",
    [
        ('{"type": "Polygon", "coordinates": [[[17.0, 59.0]]], "name": "[[[[[[[[[[[["}', False),
        ('{"a": "\\\\"}' + "[" * (MAX_DEPTH + 1), True),
        ('"' + '\\\\"' * 99_000, False),  # an unterminated string of escapes is read once, not once per quote
        ("[" * MAX_DEPTH + "]" * MAX_DEPTH, False),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), True),
    ],
)
def test_nesting_is_counted_outside_strings_in_one_pass(text, too_deep):
    assert text_too_deep(text) is too_deep


@pytest.mark.django_db
def test_a_number_of_more_digits_than_python_converts_is_a_field_error(coordinator_client, strangnas, district):
    huge = '{"type": "Polygon", "coordinates": [[[1' + "1" * 5_000 + ", 59.37]]]}"
    response = coordinator_client.post(
        reverse("fieldwork:place_create", args=[strangnas.slug]), _place_form(district, huge)
    )
    assert response.status_code == 400 and "area" in response.context["form"].errors
    assert not Place.objects.exists()
