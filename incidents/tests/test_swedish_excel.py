"""What Swedish Excel saves and opens: Windows-1252 CSV in, decimal commas both ways."""

import csv
import io

import pytest
from django.urls import reverse

from incidents.models import Incident
from incidents.tabular import TableError, read_rows
from trygg.exports import csv_response


def test_export_has_semicolons_decimal_commas_and_a_bom():
    response = csv_response(["plats", "andel"], [["Stortorget", 0.25], ["Visholmen", 3.0], ["=1+1", None]], "x")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["plats", "andel"], ["Stortorget", "0,25"], ["Visholmen", "3,0"], ["'=1+1", ""]]


def test_windows_1252_csv_with_decimal_commas_is_read():
    text = "intraffade;kategori;latitud;longitud;beskrivning\n"
    text += "2025-06-03 21:30;klotter;59,3776;17,0313;Målat på väggen vid ån\n"
    rows = read_rows(text.encode("cp1252"), "export.csv")
    assert rows[0]["beskrivning"] == "Målat på väggen vid ån" and rows[0]["latitud"] == "59,3776"


def test_utf16_gets_a_hint_on_how_to_save():
    with pytest.raises(TableError) as error:
        read_rows("intraffade;kategori\n".encode("utf-16"), "export.csv")
    assert "UTF-16" in error.value.problems[0] and "CSV UTF-8" in error.value.problems[0]


@pytest.mark.django_db
def test_import_of_what_swedish_excel_saves(coordinator_client, station):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "intraffade;kategori;latitud;longitud;beskrivning\n"
    text += "2025-06-03 21:30;klotter;59,3743;17,0289;Klotter på skärmtaket\n"
    upload = SimpleUploadedFile("händelser.csv", text.encode("cp1252"), content_type="text/csv")
    url = reverse("incidents:import", args=[station.municipality.slug])
    page = coordinator_client.get(url).content.decode()
    assert "Så ska filen se ut" in page and "ÅÅÅÅ-MM-DD TT:MM" in page  # help in Swedish, not a code comment
    response = coordinator_client.post(url, {"file": upload})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (float(incident.latitude), incident.description) == (59.3743, "Klotter på skärmtaket")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-03 21:30", (2025, 6, 3, 21, 30, 0)),
        ("2025-06-03 21:30:15", (2025, 6, 3, 21, 30, 15)),
        ("2025-06-03T21:30", (2025, 6, 3, 21, 30, 0)),
        ("2025-6-3 9:30", (2025, 6, 3, 9, 30, 0)),  # strptime's leniency, kept
        ("2025-06-03T21:30:15", None),
        ("2025-13-01 10:00", None),
        ("2025-06-03", None),
        ("2025-06-03 21:30+02:00", None),  # fromisoformat would take an offset; the cell may not carry one
        ("20250603 21:30", None),
    ],
)
def test_cell_times_accept_the_same_spellings_as_before(text, expected):
    """The fast reading (fromisoformat) takes exactly the spellings the strptime formats took."""
    from django.utils import timezone

    from incidents.tabular import _datetime

    if expected is None:
        with pytest.raises(ValueError, match="ogiltig tid"):
            _datetime(text)
    else:
        value = timezone.localtime(_datetime(text))
        assert (value.year, value.month, value.day, value.hour, value.minute, value.second) == expected
