"""Tables from CSV or XLSX, as Swedish Excel saves them, read within an importer's limits (TableLimits).

Every limit is checked before the work it bounds: the file's size before anything; an XLSX's unpacked size
and compression ratio from its zip directory before openpyxl opens it (Python's zipfile never inflates a
part beyond the size the directory gives: a part that claims less fails its CRC), then its rows and
columns while openpyxl reads them; a CSV's line length and rows while it is read."""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .text import CONTROL_CHARACTERS, CONTROL_MESSAGE, control_character_name


class TableError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n".join(problems[:30])
        more = f"\n… och {len(problems) - 30} fel till" if len(problems) > 30 else ""
        super().__init__(f"{len(problems)} fel, inget har importerats:\n{shown}{more}")


@dataclass(frozen=True)
class TableLimits:
    """What one importer accepts: fitted to its data, so that a file within them is parsed in a time
    that fits where the importer runs (the request, or the imports queue)."""

    rows: int  # data rows, the header not counted
    file_bytes: int  # the file as uploaded
    unpacked_bytes: int  # an XLSX's parts together, uncompressed
    line_chars: int  # a CSV's longest line
    columns: int = 20
    # Spreadsheets deflate 5–20 times; a part that inflates far more is made to.
    compression_ratio: int = 100


RATIO_FLOOR_BYTES = 1_000_000  # a smaller part is harmless whatever its ratio (an empty sheet's is high)


def _megabytes(size: int) -> int:
    return max(1, size // 1_000_000)


def _check_file_size(content: bytes, limits: TableLimits) -> None:
    if len(content) > limits.file_bytes:
        raise TableError([_("Filen är för stor: högst %(mb)s MB.") % {"mb": _megabytes(limits.file_bytes)}])


def unpacked_size(content: bytes, limits: TableLimits) -> int:
    """An XLSX's size once inflated, from its zip directory alone; TableError above the limits."""
    _check_file_size(content, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise TableError(["filen kunde inte läsas som XLSX (den är inte en giltig XLSX-fil)"]) from None
    total = sum(part.file_size for part in parts)
    if total > limits.unpacked_bytes:
        message = _("Filen är för stor uppackad: högst %(mb)s MB. Dela upp den i flera filer.")
        raise TableError([message % {"mb": _megabytes(limits.unpacked_bytes)}])
    # Each part, and all of them together (many small parts can add up to one bomb).
    sizes = [(total, sum(part.compress_size for part in parts))] + [(p.file_size, p.compress_size) for p in parts]
    for unpacked, packed in sizes:
        if unpacked > RATIO_FLOOR_BYTES and unpacked > limits.compression_ratio * packed:
            message = _(
                "Filen packas upp till %(ratio)s gånger sin storlek: högst %(limit)s gånger. "
                "Spara den på nytt i Excel, eller som CSV."
            )
            ratio = unpacked // max(packed, 1)
            raise TableError([message % {"ratio": ratio, "limit": limits.compression_ratio}])
    return total


def parse_size(content: bytes, filename: str, limits: TableLimits) -> int:
    """The bytes a parse of the file reads (a CSV's size, an XLSX's unpacked size), checked against the
    limits without parsing."""
    if is_xlsx(filename):
        return unpacked_size(content, limits)
    _check_file_size(content, limits)
    return len(content)


def is_xlsx(filename: str) -> bool:
    return filename.lower().endswith(".xlsx")


def _too_many_rows(limits: TableLimits) -> TableError:
    return TableError([_("Filen har för många rader: högst %(rows)s rader per import.") % {"rows": limits.rows}])


def _too_many_columns(line: int, limits: TableLimits) -> TableError:
    return TableError([_("rad %(line)s: högst %(columns)s kolumner.") % {"line": line, "columns": limits.columns}])


def _xlsx_rows(content: bytes, limits: TableLimits) -> list[list[str]]:
    unpacked_size(content, limits)
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        rows = []
        # One row and one column past the limits are read, to refuse a larger table; cells further right
        # are never read (a sheet's dimension can claim 16,384 columns for every row).
        for line, row in enumerate(
            sheet.iter_rows(values_only=True, max_row=limits.rows + 2, max_col=limits.columns + 1), start=1
        ):
            if len(row) > limits.columns and row[limits.columns] not in (None, ""):
                raise _too_many_columns(line, limits)
            rows.append([_cell(v) for v in row[: limits.columns]])
    except TableError:
        raise
    except Exception as error:  # openpyxl raises many types for a broken file
        raise TableError([f"filen kunde inte läsas som XLSX: {error}"]) from None
    if len(rows) > limits.rows + 1:
        raise _too_many_rows(limits)
    return rows


def _cell(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


ENCODING_HINT = "spara filen i Excel som ”CSV UTF-8 (kommaavgränsad)” eller ”CSV (semikolonavgränsad)”, eller som XLSX"


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without BOM) first, then Windows-1252, which Swedish Excel's plain "CSV" saves.
    UTF-16 ("Unicode-text") and other encodings get a hint on how to save the file instead."""
    head = content[:400]
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 20 and head.count(0) > len(head) // 3):
        raise TableError([f"filen är sparad som UTF-16 (”Unicode-text”): {ENCODING_HINT}"])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise TableError([f"filens teckenkodning känns inte igen: {ENCODING_HINT}"]) from None


def _bounded_lines(text: str, limits: TableLimits) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line.rstrip("\r\n")) > limits.line_chars:
            message = _("rad %(line)s: högst %(chars)s tecken per rad.")
            raise TableError([message % {"line": number, "chars": limits.line_chars}])
        yield line


def _csv_rows(content: bytes, limits: TableLimits) -> list[list[str]]:
    _check_file_size(content, limits)
    text = decode_csv(content)
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";"
    rows = []
    reader = csv.reader(_bounded_lines(text, limits), dialect)
    try:
        for row in reader:
            if len(row) > limits.columns:
                raise _too_many_columns(reader.line_num, limits)
            rows.append(row)
            if len(rows) > limits.rows + 1:
                raise _too_many_rows(limits)
    except csv.Error as error:
        raise TableError([f"rad {reader.line_num}: kunde inte läsas ({error})"]) from None
    return rows


def read_rows(
    content: bytes, filename: str, *, columns: list[str], required: set[str], limits: TableLimits
) -> list[dict[str, str]]:
    """Rows as dicts of stripped strings (dates from XLSX as ÅÅÅÅ-MM-DD TT:MM), within ``limits``. The
    header must name the required columns and no unknown ones."""
    rows = _xlsx_rows(content, limits) if is_xlsx(filename) else _csv_rows(content, limits)
    rows = [r for r in rows if any(cell for cell in r)]
    if not rows:
        raise TableError(["filen är tom"])
    header = [h.strip().lower() for h in rows[0]]
    missing = required - set(header)
    unknown = set(header) - set(columns) - {""}
    if missing or unknown:
        problems = [f"kolumn saknas: {c}" for c in sorted(missing)] + [f"okänd kolumn: {c}" for c in sorted(unknown)]
        raise TableError(problems)
    records = [dict(zip(header, [c.strip() for c in row], strict=False)) for row in rows[1:]]
    _refuse_control_characters(records)
    return records


def _refuse_control_characters(records: list[dict[str, str]]) -> None:
    """The forms' text rule for every cell (trygg.text); a row is searched once, its cells only on a hit."""
    problems = [
        f"rad {number}, kolumn {column}: {CONTROL_MESSAGE} ({control_character_name(value)})"
        for number, record in enumerate(records, start=2)
        if CONTROL_CHARACTERS.search("".join(record.values()))
        for column, value in record.items()
        if CONTROL_CHARACTERS.search(value)
    ]
    if problems:
        raise TableError(problems)
