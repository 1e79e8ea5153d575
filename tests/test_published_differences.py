"""Attack: subtract published figures from each other to recover a count under 5 (or a hidden survey share).

Every figure is published through the real services and read back as a citizen (or a staff reader) reads
it: the public evaluation pages, the open data of follow-ups, the survey page and the lägesbild's tables.
The attacker takes every pair of exact numbers that describe nested populations and subtracts; for the
surveys, solves the whole-municipality row for the one hidden area. No suppressed value may come out.
"""

import csv
import datetime
import io
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from evaluation import services as evaluation_services
from incidents.models import Incident, IncidentCategory
from privacy.suppression import THRESHOLD
from programme import services as programme_services
from programme.models import FollowUp, Indicator
from surveys.models import MIN_RESPONDENTS
from surveys.selectors import municipality_trends
from tests.factories import (
    DistrictFactory,
    EvaluationFactory,
    FollowUpFactory,
    IncidentCategoryFactory,
    IncidentFactory,
    IncidentIndicatorFactory,
    IndicatorBindingFactory,
    IndicatorFactory,
    SurveyFactory,
    SurveyResultFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 3, 1)
DEGREES_PER_100_M = 0.0009  # of latitude, at Strängnäs


def _incident(municipality, day, *, lat, lng, district, code="klotter"):
    return IncidentFactory(
        municipality=municipality,
        category=IncidentCategoryFactory(code=code),
        occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(21))),
        latitude=round(lat, 6),
        longitude=lng,
        district=district,
        status=Incident.Status.REVIEWED,
    )


def _evaluation(strangnas, square, control, *, radius, buffer, title):
    evaluation = EvaluationFactory(
        municipality=strangnas,
        title=title,
        target_place=square,
        target_radius_m=radius,
        buffer_m=buffer,
        starts_on=START,
        before_days=28,
        after_days=28,
        categories=[IncidentCategoryFactory(code="skadegorelse")],
    )
    evaluation.control_districts.set([control])
    return evaluation


def _published_numbers(client, evaluation) -> dict[tuple[str, str], object]:
    """(area, period) -> what the public page shows for it."""
    page = client.get(reverse("public:evaluation", args=[evaluation.municipality.slug, evaluation.pk]))
    assert page.status_code == 200
    return {(row["key"], period): row[period] for row in page.context["rows"] for period in ("before", "after")}


def test_overlapping_evaluations_do_not_give_away_a_small_target(client, strangnas, square, coordinator):
    control = DistrictFactory(municipality=strangnas, name="Mariefred")
    lat, lng = float(square.latitude), square.longitude
    before, after = START - datetime.timedelta(days=3), START + datetime.timedelta(days=3)
    truth = {("inner", "before"): 2, ("inner", "after"): 2, ("ring", "before"): 10, ("ring", "after"): 9}
    for (where, period), n in truth.items():
        metres = 30 if where == "inner" else 110  # inside 60 m, or in the ring 60–160 m
        for _ in range(n):
            day = before if period == "before" else after
            _incident(strangnas, day, lat=lat + metres / 100 * DEGREES_PER_100_M, lng=lng, district=square.district)
    for period, n in (("before", 40), ("after", 37)):
        for _ in range(n):
            day = before if period == "before" else after
            _incident(strangnas, day, lat=59.259, lng=17.224, district=control)

    small = _evaluation(strangnas, square, control, radius=60, buffer=100, title="Kamera, 60 m")
    large = _evaluation(strangnas, square, control, radius=160, buffer=0, title="Kamera, 160 m")
    for evaluation in (small, large):  # both after periods are long over: the figures are as stated
        evaluation_services.publish_evaluation(user=coordinator, evaluation=evaluation)

    shown = {("small",) + k: v for k, v in _published_numbers(client, small).items()}
    shown |= {("large",) + k: v for k, v in _published_numbers(client, large).items()}
    assert shown[("small", "target", "before")] == "<5" and shown[("small", "target", "after")] == "<5"
    text = client.get(f"/{strangnas.slug}/oppna-data/handelser.csv").content.decode("utf-8-sig")
    cells = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    for period, day in (("before", before), ("after", after)):
        secret = truth[("inner", period)]
        exact = [v for (_e, _area, p), v in shown.items() if p == period and isinstance(v, int)]
        exact += [int(c["antal"]) for c in cells if c["manad"] == day.strftime("%Y-%m") and c["antal"].isdigit()]
        differences = {abs(a - b) for a, b in itertools.combinations(exact, 2)}
        assert secret not in differences, (period, exact)
    pages = [client.get(reverse("public:evaluation", args=[strangnas.slug, e.pk])) for e in (small, large)]
    assert any("tidigare publicerade" in page.content.decode() for page in pages)  # a count was withheld
    for evaluation in (small, large):  # the PDF's table shows what the page shows
        pdf = client.get(reverse("public:evaluation", args=[strangnas.slug, evaluation.pk]), {"format": "pdf"})
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        prefix = "small" if evaluation is small else "large"
        for key, label in (("target", "Målområdet"), ("buffer", "Bufferten"), ("control", "Jämförelseområdet")):
            if (prefix, key, "before") in shown:
                lines = text.splitlines()
                at = lines.index(label)  # the table's cells, one a line
                assert lines[at + 1 : at + 3] == [str(shown[(prefix, key, period)]) for period in ("before", "after")]


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


PERIODS = [  # the order a coordinator publishes them in
    ("Första halvåret 2024", datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)),
    ("Juli 2024", datetime.date(2024, 7, 1), datetime.date(2024, 7, 31)),
    ("Januari–juli 2024", datetime.date(2024, 1, 1), datetime.date(2024, 7, 31)),
    ("Helår 2024", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
    ("2024–2025", datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)),
]


def test_nested_follow_ups_do_not_give_away_a_small_month(client, promise_set, station, coordinator):
    promise_set.published = True
    promise_set.save()
    activity = promise_set.focus_areas.get().promises.get().activities.get()
    per_month = {month: 9 if month.month != 7 or month.year != 2024 else 2 for month in _months(*PERIODS[-1][1:])}
    per_month[datetime.date(2024, 3, 1)] = 12  # 57 in the first half year: a mean of 9,5
    indicators = {}
    for aggregation in (Indicator.Aggregation.SUM, Indicator.Aggregation.AVERAGE):
        indicator = IndicatorFactory(
            activity=activity,
            name=f"Skadegörelse vid resecentrum ({aggregation})",
            kind=Indicator.Kind.OUTCOME,
            unit="händelser",
            aggregation=aggregation,
            target=100,
        )
        IncidentIndicatorFactory(
            indicator=indicator,
            radius_m=200,
            categories=IncidentCategory.objects.filter(code="skadegorelse"),
            places=[station],
        )
        indicators[indicator.name] = aggregation
    for month, n in per_month.items():
        for day in range(n):
            _incident(
                promise_set.municipality,
                month.replace(day=day + 1),
                lat=float(station.latitude),
                lng=station.longitude,
                district=station.district,
            )
    for title, first, last in PERIODS:
        follow_up = FollowUpFactory(promise_set=promise_set, title=title, period_start=first, period_end=last)
        programme_services.publish_follow_up(user=coordinator, follow_up=follow_up)

    text = client.get(f"/{promise_set.municipality.slug}/oppna-data/uppfoljningar.csv").content.decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text), delimiter=";") if r["indikator"] in indicators]
    assert len(rows) == 2 * len(PERIODS)
    july = next(r for r in rows if r["period_fran"] == "2024-07-01" and indicators[r["indikator"]] == "sum")
    assert july["varde"] == "<5"
    # The attacker's totals: a sum as it stands, a mean per month times the months.
    totals, means = {}, []
    for r in rows:
        if r["varde"] in ("", "<5", "–"):
            continue
        first, last = datetime.date.fromisoformat(r["period_fran"]), datetime.date.fromisoformat(r["period_till"])
        value = _number(r["varde"])
        if indicators[r["indikator"]] == "average":
            means.append(value)
            value *= len(_months(first, last))
        totals[(r["indikator"], first, last)] = value
    for (_a, first_a, last_a), (_b, first_b, last_b) in itertools.permutations(totals, 2):
        wide, narrow = set(_months(first_a, last_a)), set(_months(first_b, last_b))
        if narrow < wide:
            secret = sum(per_month[m] for m in wide - narrow)
            if secret < THRESHOLD:
                derived = totals[(_a, first_a, last_a)] - totals[(_b, first_b, last_b)]
                assert round(derived) != secret, (_a, first_a, last_a, _b, first_b, last_b)
    assert means and all(m == m.to_integral_value() for m in means)  # no decimals to multiply back


def _survey(strangnas, rows):
    """Each area's share of "Otrygg" and, adding up to 100 %, of "Trygg"."""
    survey = SurveyFactory(municipality=strangnas, name="Trygghetsmätning 2024", source="police")
    for area, share, respondents in rows:
        for option, value in (("Otrygg", share), ("Trygg", 100 - share)):
            SurveyResultFactory(
                survey=survey,
                question="Känner du dig trygg?",
                option=option,
                area=area,
                year=2024,
                share=Decimal(value),
                respondents=respondents,
            )
    return survey


def test_a_hidden_survey_share_cannot_be_solved_from_the_whole_municipality(viewer_client, strangnas):
    truth = [
        ("Mariefred", 50, 20),
        ("Strängnäs tätort", 20, 60),
        ("Åker", 20, 40),
        ("Stallarholmen", 30, 40),  # as many as Åker: both options must hide the same one
        ("Hela kommunen", 25, 160),
    ]
    survey = _survey(strangnas, truth)
    respondents = {area: n for area, _share, n in truth}
    page = viewer_client.get(reverse("surveys:detail", args=[survey.pk]))
    tables = page.context["tables"] + municipality_trends(strangnas, [2024])
    options = [{row["area"]: row["shares"][0] for row in table["rows"]} for table in tables]
    for shown in options:
        hidden_here = {area for area, share in shown.items() if share is None}
        assert all(hidden_here == {a for a, v in other.items() if v is None} for other in options)
    for shown in options:
        assert shown["Mariefred"] is None
        hidden = [area for area, share in shown.items() if share is None]
        # One equation (the whole municipality = the sum of its areas) solves one unknown: never exactly one.
        assert len(hidden) >= 2
        assert sum(respondents[area] for area in hidden if area != "Hela kommunen") >= MIN_RESPONDENTS
        if shown["Hela kommunen"] is not None:
            known = sum(shown[a] * respondents[a] for a in shown if a != "Hela kommunen" and shown[a] is not None)
            rest = shown["Hela kommunen"] * respondents["Hela kommunen"] - known
            assert rest / respondents["Mariefred"] != 50  # what the attacker would read as Mariefred's share


def test_nested_follow_ups_do_not_give_away_a_few_logged_contacts(client, promise_set, make_log, coordinator):
    """The same attack on people met by the night walkers: the contacts of July are 3."""
    promise_set.published = True
    promise_set.save()
    activity = promise_set.focus_areas.get().promises.get().activities.get()
    indicator = IndicatorFactory(activity=activity, name="Kontakter med unga", unit="unga", target=500)
    IndicatorBindingFactory(indicator=indicator, log_types=["night_walk"], measure="youth_contacts")
    for month in range(1, 8):
        start = timezone.make_aware(datetime.datetime(2024, month, 5, 21))
        make_log(start, youth_contacts=3 if month == 7 else 10)
    for title, first, last in PERIODS[:3]:
        follow_up = FollowUpFactory(promise_set=promise_set, title=title, period_start=first, period_end=last)
        programme_services.publish_follow_up(user=coordinator, follow_up=follow_up)
    text = client.get(f"/{promise_set.municipality.slug}/oppna-data/uppfoljningar.csv").content.decode("utf-8-sig")
    values = {
        r["period_till"]: r["varde"]
        for r in csv.DictReader(io.StringIO(text), delimiter=";")
        if r["indikator"] == indicator.name
    }
    assert (
        values["2024-07-31"] in ("<5", "–")
        or values["2024-06-30"] in ("<5", "–")
        or (_number(values["2024-07-31"]) - _number(values["2024-06-30"]) != 3)
    ), values
    assert _number(values["2024-06-30"]) == 60  # the first of them stands as it is


def test_a_follow_up_does_not_give_away_a_small_cell_of_the_open_data(client, promise_set, station, coordinator):
    """The open data's cells (month × district × main category) are public too: a follow-up counting a
    district's incidents of two main categories in July, less the one cell shown, gives the other."""
    promise_set.published = True
    promise_set.save()
    activity = promise_set.focus_areas.get().promises.get().activities.get()
    mains = list(IncidentCategory.objects.filter(parent=None, children__isnull=False).distinct()[:2])
    indicator = IndicatorFactory(activity=activity, name="Händelser i tätorten", unit="händelser", target=100)
    IncidentIndicatorFactory(indicator=indicator, radius_m=200, categories=mains, districts=[station.district])
    for main, n in zip(mains, (9, 3), strict=True):
        for day in range(n):
            incident = _incident(
                promise_set.municipality,
                datetime.date(2024, 7, day + 1),
                lat=float(station.latitude),
                lng=station.longitude,
                district=station.district,
            )
            incident.category = main.children.first()
            incident.save()
    follow_up = FollowUpFactory(
        promise_set=promise_set, title="Juli 2024", period_start=PERIODS[1][1], period_end=PERIODS[1][2]
    )
    programme_services.publish_follow_up(user=coordinator, follow_up=follow_up)
    slug = promise_set.municipality.slug
    cells = {
        r["kategori"]: r["antal"]
        for r in csv.DictReader(
            io.StringIO(client.get(f"/{slug}/oppna-data/handelser.csv").content.decode("utf-8-sig")), delimiter=";"
        )
        if r["manad"] == "2024-07" and r["kommundel"] == station.district.name
    }
    assert cells[mains[0].name] == "9" and cells[mains[1].name] == "<5"
    text = client.get(f"/{slug}/oppna-data/uppfoljningar.csv").content.decode("utf-8-sig")
    value = next(
        r["varde"] for r in csv.DictReader(io.StringIO(text), delimiter=";") if r["indikator"] == indicator.name
    )
    assert value in ("<5", "–") or _number(value) - 9 != 3, value


def test_a_mean_frozen_with_decimals_before_the_ledger_reads_whole(client, promise_set, coordinator):
    """A follow-up published before means were rounded keeps 9,5 in its snapshot: the public reads 10, and
    no share of the target (which would hold the decimals)."""
    promise_set.published = True
    promise_set.save()
    indicator = promise_set.focus_areas.get().promises.get().activities.get().indicators.get()
    follow_up = FollowUpFactory(
        promise_set=promise_set, title="Gammal", period_start=PERIODS[0][1], period_end=PERIODS[0][2]
    )
    follow_up = programme_services.publish_follow_up(user=coordinator, follow_up=follow_up)
    old = {"name": indicator.name, "computed": True, "about_people": True, "aggregation": "average"}
    old |= {"value": 9.5, "progress": 9.5 / 80, "target": 80.0, "unit": "st", "kind": "outcome", "source": ""}
    follow_up.snapshot["schema"] = 3
    follow_up.snapshot["focus_areas"][0]["promises"][0]["indicators"] = [old]
    FollowUp.objects.filter(pk=follow_up.pk).update(snapshot=follow_up.snapshot)
    text = client.get(f"/{promise_set.municipality.slug}/oppna-data/uppfoljningar.csv").content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text), delimiter=";") if r["indikator"] == indicator.name)
    assert (row["varde"], row["andel_av_mal_procent"]) in (("10", ""), ("10,0", ""))
