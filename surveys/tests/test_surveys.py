"""Safety surveys: aggregated results imported all or nothing from what Swedish Excel saves, small
groups suppressed, trends per area, and a share as an outcome indicator's value."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from programme.models import Indicator, IndicatorValue
from surveys.models import Survey, SurveyResult
from tests.factories import SurveyFactory, SurveyResultFactory

pytestmark = pytest.mark.django_db

HEADER = "fraga;svarsalternativ;omrade;ar;andel;antal_svarande"
Q = "Känner du dig trygg ute ensam sent en kväll?"


def _csv(*rows: str, encoding="cp1252") -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding)


def _post(client, municipality, content: bytes, name="matning.csv"):
    return client.post(
        reverse("surveys:list", args=[municipality.slug]),
        {"name": "Trygghetsmätning", "source": "police", "file": SimpleUploadedFile(name, content)},
    )


def test_a_swedish_excel_csv_is_imported(coordinator_client, strangnas):
    content = _csv(f"{Q};Ganska otrygg;Centrum;2023;27,4;412", f"{Q};Ganska otrygg;Centrum;2024;24,1 %;398")
    response = _post(coordinator_client, strangnas, content)
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("surveys:detail", args=[survey.pk])
    assert [(r.year, str(r.share), r.respondents) for r in survey.results.order_by("year")] == [
        (2023, "27.4", 412),
        (2024, "24.1", 398),
    ]


def test_the_import_reads_well_in_the_change_log(coordinator_client, strangnas):
    _post(coordinator_client, strangnas, _csv(f"{Q};Ganska otrygg;Centrum;2023;27,4;412"))
    page = coordinator_client.get(reverse("programme:audit_log"))
    assert page.status_code == 200 and "Resultat" in page.content.decode()


def test_an_xlsx_is_imported(coordinator_client, strangnas):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append([Q, "Ganska otrygg", "Centrum", 2024, 24.1, 398])
    out = io.BytesIO()
    book.save(out)
    assert _post(coordinator_client, strangnas, out.getvalue(), "matning.xlsx").status_code == 302
    assert float(SurveyResult.objects.get().share) == pytest.approx(24.1)


@pytest.mark.parametrize(
    "row, message",
    [
        (f"{Q};Otrygg;Centrum;2024;124,0;100", "andel"),
        (f"{Q};Otrygg;Centrum;2024;x;100", "andel måste vara ett tal"),
        (f"{Q};Otrygg;Centrum;2024;20;10,5", "heltal"),
        (f"{Q};Otrygg;Centrum;1850;20;100", "ar"),
        ("Ring 070-123 45 67;Otrygg;Centrum;2024;20;100", "fraga: Texten innehåller ett telefonnummer"),
    ],
)
def test_one_bad_row_imports_nothing_and_says_where(coordinator_client, strangnas, row, message):
    content = _csv(f"{Q};Otrygg;Centrum;2023;20;100", row)
    response = _post(coordinator_client, strangnas, content)
    assert response.status_code == 400
    problems = " ".join(response.context["problems"])
    assert "rad 3" in problems and message in problems
    assert not Survey.objects.exists() and not SurveyResult.objects.exists()


def test_a_duplicate_cell_and_a_wrong_header_are_refused(coordinator_client, strangnas):
    twice = _csv(f"{Q};Otrygg;Centrum;2023;20;100", f"{Q};Otrygg;Centrum;2023;21;100")
    assert "samma fråga" in " ".join(_post(coordinator_client, strangnas, twice).context["problems"])
    wrong = "fråga;andel\r\nx;1\r\n".encode("cp1252")
    assert "kolumn saknas" in " ".join(_post(coordinator_client, strangnas, wrong).context["problems"])
    assert not Survey.objects.exists()


def test_shares_from_few_respondents_are_not_shown(viewer_client, strangnas):
    survey = SurveyFactory(municipality=strangnas, name="Mätning", source="own")
    SurveyResultFactory(survey=survey, question=Q, option="Otrygg", area="By", year=2024, share=12.5, respondents=29)
    SurveyResultFactory(
        survey=survey, question=Q, option="Otrygg", area="Centrum", year=2024, share=27.4, respondents=30
    )
    page = viewer_client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "27,4 %" in page and "12,5" not in page


def test_a_share_becomes_an_outcome_indicator_value(coordinator_client, strangnas, promise_set):
    indicator = Indicator.objects.filter(activity__promise__focus_area__promise_set=promise_set).get()
    indicator.kind = Indicator.Kind.OUTCOME
    indicator.save()
    survey = SurveyFactory(municipality=strangnas, name="Mätning", source="police")
    result = SurveyResultFactory(
        survey=survey, question=Q, option="Otrygg", area="Centrum", year=2024, share=24.1, respondents=398
    )
    small = SurveyResultFactory(
        survey=survey, question=Q, option="Otrygg", area="By", year=2024, share=10, respondents=12
    )
    url = reverse("surveys:indicator_value", args=[survey.pk])
    coordinator_client.post(url, {"result": small.pk, "indicator": indicator.pk})  # too few answered: refused
    assert not IndicatorValue.objects.exists()
    coordinator_client.post(url, {"result": result.pk, "indicator": indicator.pk})
    value = IndicatorValue.objects.get()
    assert (float(value.value), value.measured_on) == (pytest.approx(24.1), datetime.date(2024, 12, 31))
    assert "n = 398" in value.source


def test_viewers_cannot_import(viewer_client, strangnas):
    assert _post(viewer_client, strangnas, _csv(f"{Q};Otrygg;Centrum;2023;20;100")).status_code == 403
    assert not Survey.objects.exists()
