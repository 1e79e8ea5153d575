"""A demo import of a safety survey: synthetic shares in the police survey's form, saved as
Swedish Excel saves CSV (Windows-1252, semicolons, decimal commas) and read by the real importer."""

from pathlib import Path

from accounts.models import Municipality
from surveys.importer import build_results
from surveys.models import Survey
from surveys.services import import_survey

DATA = Path(__file__).parent / "data" / "trygghetsmatning_demo.csv"


def load() -> None:
    strangnas = Municipality.objects.get(slug="strangnas")
    if Survey.objects.filter(municipality=strangnas).exists():
        return
    survey = Survey(
        municipality=strangnas,
        name="Demo: trygghetsmätning 2023–2024 (syntetiska siffror)",
        source=Survey.Source.POLICE,
    )
    import_survey(user=None, survey=survey, results=build_results(DATA.read_bytes(), DATA.name, survey))
