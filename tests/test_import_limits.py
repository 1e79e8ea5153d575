"""Every importer's limits, fitted to its data and checked before the file is parsed: an XLSX is a zip, and
its directory says how far its parts inflate, so a small file that inflates to gigabytes of XML is refused
from the directory alone, before openpyxl reads a byte of it; a CSV is bounded in size, rows, columns and
line length. Through the pages (survey import, incident import) and the background incident import."""

import functools
import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from incidents import imports, tabular
from incidents.models import Incident, IncidentImport
from surveys import importer
from surveys.models import Survey, SurveyResult
from trygg import tables

pytestmark = pytest.mark.django_db

SURVEY_HEADER = ["fraga", "svarsalternativ", "omrade", "ar", "andel", "antal_svarande"]
INCIDENT_HEADER = ["intraffade", "kategori", "plats", "latitud", "longitud", "beskrivning"]
BOMB_BYTES = 50_000_000


def _workbook(header: list[str], *rows: list) -> bytes:
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@functools.cache
def _bomb(header: tuple[str, ...]) -> bytes:
    """A valid workbook (openpyxl reads it: its header, then nothing) whose sheet XML inflates to 50 MB of
    whitespace but compresses to about 50 kB."""
    source = zipfile.ZipFile(io.BytesIO(_workbook(list(header))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b" " * BOMB_BYTES + b"</sheetData>")
            bomb.writestr(info.filename, data)
    return out.getvalue()


def test_the_bomb_is_a_small_valid_workbook_that_inflates_to_50_mb():
    bomb = _bomb(tuple(SURVEY_HEADER))
    assert len(bomb) < 1_000_000
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > BOMB_BYTES


def _post_survey(client, municipality, content: bytes, name: str):
    return client.post(
        reverse("surveys:list", args=[municipality.slug]),
        {"name": "Trygghetsmätning", "source": "police", "file": SimpleUploadedFile(name, content)},
    )


def test_survey_xlsx_bomb_is_refused_from_the_zip_directory(coordinator_client, strangnas):
    response = _post_survey(coordinator_client, strangnas, _bomb(tuple(SURVEY_HEADER)), "matning.xlsx")
    assert response.status_code == 400
    page = response.content.decode()
    # Only the zip check says this: openpyxl never saw the file.
    assert "Filen är för stor uppackad: högst 5 MB" in page
    assert not Survey.objects.exists() and not SurveyResult.objects.exists()


def test_incident_xlsx_bomb_is_refused_in_the_request_before_it_is_stored(coordinator_client, strangnas, station):
    upload = SimpleUploadedFile("handelser.xlsx", _bomb(tuple(INCIDENT_HEADER)))
    response = coordinator_client.post("/lagesbild/strangnas/importera/", {"file": upload})
    assert response.status_code == 400
    assert "högst 100 gånger" in response.content.decode()  # the compression ratio, read from the directory
    assert not IncidentImport.objects.exists() and not Incident.objects.exists()


def test_background_incident_import_refuses_a_bomb_before_parsing(strangnas, station, coordinator):
    job = imports.start(
        user=coordinator, municipality=strangnas, filename="handelser.xlsx", content=_bomb(tuple(INCIDENT_HEADER))
    )
    assert imports.run(job.pk) == IncidentImport.Status.FAILED
    job.refresh_from_db()
    assert any("högst 100 gånger" in problem for problem in job.problems)
    assert job.total == 0  # no row was ever read
    assert not Incident.objects.exists()


def test_an_incident_xlsx_above_the_unpacked_limit_is_refused(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 10_000_000
    with pytest.raises(tabular.TableError, match="Filen är för stor uppackad: högst 10 MB"):
        tabular.read_rows(_bomb(tuple(INCIDENT_HEADER)), "x.xlsx")


def test_zip_sizes_that_lie_cannot_smuggle_a_bomb_past_the_directory_check():
    """The check trusts the directory's sizes: Python's zipfile stops inflating at the size the directory
    gives and then fails the CRC, so a part that claims to be small is never read beyond its claim."""
    bomb = bytearray(_bomb(tuple(SURVEY_HEADER)))
    with zipfile.ZipFile(io.BytesIO(bytes(bomb))) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    entry = struct.unpack_from("<I", bomb, bomb.rindex(b"PK\x05\x06") + 16)[0]  # the central directory
    while True:  # to the sheet's entry
        name_length = struct.unpack_from("<H", bomb, entry + 28)[0]
        if bomb[entry + 46 : entry + 46 + name_length] == sheet.filename.encode():
            break
        entry += 46 + name_length + sum(struct.unpack_from("<HH", bomb, entry + 30))
    struct.pack_into("<I", bomb, entry + 24, 2_000)  # claims 2 kB uncompressed
    with pytest.raises(tabular.TableError) as error:
        importer.build_results(bytes(bomb), "matning.xlsx", Survey())
    assert "kunde inte läsas som XLSX" in str(error.value)


def _survey_csv(rows: int, extra: str = "") -> bytes:
    lines = [";".join(SURVEY_HEADER)]
    lines += [f"Trygg?{extra};Ja;Område {n};2024;50;100" for n in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_survey_csv_with_too_many_rows_is_refused(coordinator_client, strangnas):
    response = _post_survey(coordinator_client, strangnas, _survey_csv(10_001), "matning.csv")
    assert response.status_code == 400
    assert "högst 10000 rader" in response.content.decode()
    assert not Survey.objects.exists()


def test_survey_csv_with_a_too_long_line_is_refused(coordinator_client, strangnas):
    response = _post_survey(coordinator_client, strangnas, _survey_csv(1, "x" * 5_000), "matning.csv")
    assert response.status_code == 400
    assert "högst 4000 tecken per rad" in response.content.decode()
    assert not Survey.objects.exists()


def test_survey_file_too_large_is_refused_before_it_is_read(coordinator_client, strangnas):
    response = _post_survey(coordinator_client, strangnas, b"x" * 2_000_001, "matning.csv")
    assert response.status_code == 400
    assert "Filen är för stor: högst 2 MB" in response.content.decode()


def test_survey_xlsx_rows_and_columns_are_bounded_while_reading():
    rows = [["Trygg?", "Ja", f"Område {n}", 2024, 50, 100] for n in range(10_001)]
    with pytest.raises(tabular.TableError, match="högst 10000 rader"):
        importer.build_results(_workbook(SURVEY_HEADER, *rows), "matning.xlsx", Survey())
    wide = [*SURVEY_HEADER, *[""] * 14, "extra"]  # the 21st column
    with pytest.raises(tabular.TableError, match="högst 20 kolumner"):
        importer.build_results(_workbook(wide), "matning.xlsx", Survey())


def test_incident_csv_with_a_too_long_line_or_too_many_columns_is_refused(strangnas, station):
    header = ";".join(INCIDENT_HEADER)
    long_line = f"{header}\n2025-06-01 10:00;klotter;Resecentrum;;;{'x' * 25_000}\n".encode()
    with pytest.raises(tabular.TableError, match="rad 2: högst 20000 tecken per rad"):
        tabular.read_rows(long_line, "x.csv")
    wide = f"{header}\n2025-06-01 10:00;klotter;Resecentrum;;;{';' * 30}\n".encode()
    with pytest.raises(tabular.TableError, match="rad 2: högst 20 kolumner"):
        tabular.read_rows(wide, "x.csv")
    assert not Incident.objects.exists()


def test_an_ordinary_survey_xlsx_is_still_imported(coordinator_client, strangnas):
    content = _workbook(SURVEY_HEADER, ["Trygg?", "Ja", "Centrum", 2024, 50, 100])
    response = _post_survey(coordinator_client, strangnas, content, "matning.xlsx")
    assert response.status_code == 302
    assert SurveyResult.objects.count() == 1


def test_many_small_parts_that_inflate_far_are_refused_together():
    """Parts under the size where one part's ratio is checked, that together make a bomb."""
    source = zipfile.ZipFile(io.BytesIO(_workbook(INCIDENT_HEADER)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info.filename, source.read(info))
        for n in range(40):
            bomb.writestr(f"customXml/item{n}.xml", b" " * (tables.RATIO_FLOOR_BYTES - 1))
    with pytest.raises(tabular.TableError, match="högst 100 gånger"):
        tabular.read_rows(out.getvalue(), "x.xlsx")
