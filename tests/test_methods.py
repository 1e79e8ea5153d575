"""Every figure of the weekly report states its method on the methods page, and the report links to it."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from situation import services
from situation.figures import FIGURE_METHODS, FIGURE_SETTINGS
from tests.fieldwork_fixtures import local

WEEK_23 = datetime.date(2025, 6, 2)


@pytest.fixture
def busy_week(make_incident, coordinator, strangnas):
    """A week with enough vandalism for every figure: 24 this week against 2 the week before."""
    for day in range(2, 9):
        for hour in (20, 21, 22):
            make_incident(local(2025, 6, day, hour))
    for hour in (20, 21, 22):
        make_incident(local(2025, 6, 8, hour))
    make_incident(local(2025, 5, 28, 20))
    make_incident(local(2025, 5, 29, 20))
    return services.build_situation_report(user=coordinator, municipality=strangnas, monday=WEEK_23)


def methods_page_ids() -> set[str]:
    page = Client().get(reverse("public:methods"))
    assert page.status_code == 200
    return set(re.findall(r'id="([^"]+)"', page.content.decode()))


@pytest.mark.django_db
def test_every_figure_of_the_report_has_a_method_section(busy_week):
    figures = busy_week.figures
    assert set(figures) == set(FIGURE_METHODS) | FIGURE_SETTINGS, "a figure without a method, or a stale entry"
    assert set(FIGURE_METHODS.values()) <= methods_page_ids()


@pytest.mark.django_db
def test_the_report_links_each_figure_to_its_method(busy_week, coordinator_client):
    page = coordinator_client.get(reverse("meeting:report_week", args=["strangnas", "2025-W23"]))
    html = page.content.decode()
    methods = reverse("public:methods")
    linked = set(re.findall(re.escape(methods) + r"#([a-z-]+)", html))
    shown = {anchor for key, anchor in FIGURE_METHODS.items() if busy_week.figures.get(key) not in (None, [], {})}
    assert shown - linked == set()
    assert "0,9 × min" not in html, "formulas belong on the methods page, not in the report"


@pytest.mark.django_db
def test_a_change_beyond_chance_is_marked_and_explained(busy_week, coordinator_client):
    rows = {row["name"]: row for row in busy_week.figures["by_category"]}
    assert rows["Skadegörelse"]["now"] == 24 and rows["Skadegörelse"]["beyond_chance"] is True
    html = coordinator_client.get(reverse("meeting:report_week", args=["strangnas", "2025-W23"])).content.decode()
    assert "<strong>+22</strong>" in html and "större än slumpen brukar ge" in html
    assert "högst en vecka av tjugo" in html
