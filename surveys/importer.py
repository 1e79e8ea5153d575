"""A survey's aggregated results from CSV or XLSX (what Swedish Excel saves), all or nothing: every row is
checked, and one bad row means nothing is imported and each problem is listed with its row."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from trygg.tables import TableError, TableLimits, read_rows

from .models import SurveyResult

COLUMNS = ["fraga", "svarsalternativ", "omrade", "ar", "andel", "antal_svarande"]
COLUMN_HELP = [
    ("fraga", "Frågan, t.ex. ”Känner du dig trygg ute ensam sent en kväll i området där du bor?”"),
    ("svarsalternativ", "Svarsalternativet, t.ex. ”Mycket eller ganska otrygg”"),
    ("omrade", "Området, t.ex. kommundelen eller ”Hela kommunen”"),
    ("ar", "Året, t.ex. 2024"),
    ("andel", "Andel i procent som valde alternativet, t.ex. 23,5"),
    ("antal_svarande", "Antal som svarade på frågan i området"),
]

# A survey has hundreds of rows (questions × options × areas × years), read while the page waits: these
# bounds keep that to a second or two whatever the file.
LIMITS = TableLimits(rows=10_000, file_bytes=2_000_000, unpacked_bytes=5_000_000, line_chars=4_000)

# The model's field -> the file's column, for error messages in the coordinator's terms.
FIELD_COLUMNS = {
    "question": "fraga",
    "option": "svarsalternativ",
    "area": "omrade",
    "year": "ar",
    "share": "andel",
    "respondents": "antal_svarande",
}


def _number(text: str, column: str) -> Decimal:
    try:
        value = Decimal(text.replace("%", "").replace(" ", "").replace(",", "."))
        if not value.is_finite():
            raise InvalidOperation
        return value
    except InvalidOperation:
        raise ValueError(f"{column} måste vara ett tal, fick {text!r}") from None


def build_results(content: bytes, filename: str, survey) -> list[SurveyResult]:
    rows = read_rows(content, filename, columns=COLUMNS, required=set(COLUMNS), limits=LIMITS)
    results, problems, seen = [], [], set()
    for number, row in enumerate(rows, start=2):
        try:
            share, respondents, year = (
                _number(row["andel"], "andel"),
                _number(row["antal_svarande"], "antal_svarande"),
                _number(row["ar"], "ar"),
            )
            if respondents != respondents.to_integral_value() or year != year.to_integral_value():
                raise ValueError("antal_svarande och ar måste vara heltal")
            result = SurveyResult(
                survey=survey,
                question=row["fraga"],
                option=row["svarsalternativ"],
                area=row["omrade"],
                year=int(year),
                share=share.quantize(Decimal("0.1")),
                respondents=int(respondents),
            )
            result.full_clean(exclude=["survey"], validate_unique=False)
            key = (result.question, result.option, result.area, result.year)
            if key in seen:
                raise ValueError("samma fråga, svarsalternativ, område och år finns redan på en tidigare rad")
            seen.add(key)
            results.append(result)
        except ValueError as error:
            problems.append(f"rad {number}: {error}")
        except ValidationError as error:
            details = "; ".join(
                f"{FIELD_COLUMNS.get(field, field)}: {' '.join(messages)}"
                for field, messages in error.message_dict.items()
            )
            problems.append(f"rad {number}: {details}")
    if problems:
        raise TableError(problems)
    if not results:
        raise TableError(["filen har inga resultat"])
    return results
