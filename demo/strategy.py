"""The Strängnäs problems and action plan behind the 2024–2025 promises: two problems matching the
seed's focus areas, their causes (illustrative demo text, not the municipality's own analysis), and an action
plan whose measures are the promises' six activities. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality
from programme.models import Activity
from strategy.assessment import build_sections
from strategy.models import ActionPlan, Assessment, AssessmentSection, Measure, Problem
from surveys.models import Survey

DEMO = "Demo: "
RECRUITMENT = {
    "title": "Unga rekryteras till organiserad brottslighet",
    "what": DEMO + "Unga under 18 år dras in i narkotikaförsäljning och våld på uppdrag av kriminella nätverk.",
    "where": DEMO + "Kontakter knyts i centrum, vid resecentrum och i sociala medier.",
    "when": DEMO + "Kvällar och helger; ökning under lov.",
    "whom": DEMO + "Unga 13–17 år, främst där skolan inte fungerar.",
    "offender": DEMO + "Äldre nätverksmedlemmar som söker billig och straffri arbetskraft.",
    "target": DEMO + "Unga med svag anknytning till skola och vuxna, som lockas av pengar och tillhörighet.",
    "place_cause": DEMO + "Platser där unga samlas utan vuxna, och anonyma kontaktvägar på nätet.",
    "handlers": DEMO + "Föräldrar, skola, fritidsgårdar, fältare, socialtjänst.",
    "guardians": DEMO + "Vuxna på plats, polisens kontakter med skolor.",
    "managers": DEMO + "Kommunen (skolor, fritidsgårdar), plattformarna.",
    "evidence": DEMO + "Strategisk lägesbild 2023; polisens lägesbild; skolornas och fritidsgårdarnas iakttagelser.",
    "public_summary": "Unga i Strängnäs riskerar att dras in i kriminella nätverk. Skolor, fritidsgårdar och vuxna "
    "som finns nära unga kan bryta det.",
    "priority": Problem.Priority.HIGH,
}
GATHERINGS = {
    "title": "Otrygghet där unga samlas kvällstid",
    "what": DEMO + "Skadegörelse, ordningsstörningar och otrygghet vid resecentrum och Stortorget.",
    "where": DEMO + "Resecentrum, Stortorget, Visholmen.",
    "when": DEMO + "Fredag och lördag kväll, 20–01.",
    "whom": DEMO + "Resenärer, boende i centrum och unga själva.",
    "offender": DEMO + "Grupper av unga och unga vuxna; alkohol förekommer.",
    "target": DEMO + "Glas, fasader och cykelställ; förbipasserande som känner sig otrygga.",
    "place_cause": DEMO + "Platser som är öppna, dåligt upplysta och saknar vuxna på kvällen.",
    "handlers": DEMO + "Fältare, nattvandrare, föräldrar.",
    "guardians": DEMO + "Nattvandrare, polisens fotpatruller, kameror.",
    "managers": DEMO + "Kommunens gatuenhet, Trafikverket (resecentrum), fastighetsägare.",
    "evidence": DEMO + "EST-rapporter och lägesbilder 2023; trygghetsmätningen 2023.",
    "public_summary": "Många känner sig otrygga vid resecentrum och Stortorget på helgkvällar. Vuxna på plats, "
    "patruller och kameror ska ändra det.",
    "priority": Problem.Priority.HIGH,
}
# Activity title -> the problem it answers.
MEASURES = {
    "Kontakter med skolor och fritidsgårdar": RECRUITMENT,
    "Avhopparverksamhet": RECRUITMENT,
    "Föreläsningar och samtal": RECRUITMENT,
    "Fältare och nattvandrare": GATHERINGS,
    "Fotpatrullering och medborgarkontakt": GATHERINGS,
    "Utökad kamerabevakning": GATHERINGS,
}


SECTION_TEXTS = {
    AssessmentSection.Kind.TRENDS: DEMO + "Skadegörelse och ordningsstörningar dominerar de granskade händelserna; "
    "polisens öppna händelser visar samma bild på kommunnivå.",
    AssessmentSection.Kind.PLACES: DEMO + "Resecentrum och Stortorget har flest händelser. Där samlas unga kvällstid.",
    AssessmentSection.Kind.TIMES: DEMO + "Fredag och lördag kväll, mellan 18 och 24, står för största delen.",
    AssessmentSection.Kind.GROUPS: DEMO + "Unga 13–17 år utsätts för försök till rekrytering; resenärer och boende i "
    "centrum känner sig otrygga.",
    AssessmentSection.Kind.SAFETY: DEMO + "Trygghetsmätningen visar lägst trygghet i centrum kvällstid.",
    AssessmentSection.Kind.FACTORS: DEMO + "Risk: skolfrånvaro, platser utan vuxna. Skydd: fritidsgårdar, fältare.",
    AssessmentSection.Kind.WORK: DEMO + "Nattvandring och fältarbete finns men är inte kopplade till platserna med "
    "flest händelser.",
    AssessmentSection.Kind.SOURCES: DEMO + "EST-rapporter från samverkanspartner och invånare (granskade), polisens "
    "öppna händelser (urval, kommunnivå). Händelserna i demon är syntetiska.",
}


def _assessment(municipality) -> Assessment:
    """The 2023 strategic lägesbild (the demo's incidents begin in June 2023), approved in November."""
    assessment = Assessment.objects.create(
        municipality=municipality,
        title="Strategisk lägesbild 2023",
        period_start=datetime.date(2023, 6, 1),
        period_end=datetime.date(2023, 12, 31),
        summary=DEMO + "Två problem prioriteras: unga som rekryteras till organiserad brottslighet och otrygghet där "
        "unga samlas kvällstid.",
    )
    build_sections(assessment, today=datetime.date(2024, 1, 8))
    for section in assessment.sections.all():
        section.text = SECTION_TEXTS.get(section.kind, "")
        section.save(update_fields=["text"])
    assessment.status = Assessment.Status.APPROVED
    assessment.approved_at = timezone.make_aware(datetime.datetime(2024, 1, 10, 10))
    assessment.save()
    return assessment


@transaction.atomic
def load() -> None:
    strangnas = Municipality.objects.get(slug="strangnas")
    if ActionPlan.objects.filter(municipality=strangnas).exists():
        return
    assessment = _assessment(strangnas)
    found_in = {
        RECRUITMENT["title"]: assessment.sections.get(kind=AssessmentSection.Kind.GROUPS),
        GATHERINGS["title"]: assessment.sections.get(kind=AssessmentSection.Kind.PLACES),
    }
    problems = {}
    for spec in (RECRUITMENT, GATHERINGS):
        problem = Problem.objects.create(
            municipality=strangnas, prioritised_on=datetime.date(2023, 11, 20), found_in=found_in[spec["title"]], **spec
        )
        problem.evidence_surveys.set(Survey.objects.filter(municipality=strangnas))
        problems[spec["title"]] = problem
    plan = ActionPlan.objects.create(
        municipality=strangnas,
        title="Åtgärdsplan för brottsförebyggande arbete 2024–2025",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        adopted_on=datetime.date(2023, 12, 11),
        adopted_by="Kommunstyrelsen (demo)",
    )
    activities = Activity.objects.filter(
        promise__focus_area__promise_set__municipality=strangnas, promise__focus_area__promise_set__slug="2024-2025"
    ).select_related("promise", "responsible")
    for activity in activities:
        spec = MEASURES.get(activity.title)
        if spec is None:
            continue
        measure = Measure.objects.create(
            plan=plan,
            title=activity.title,
            description=activity.description,
            owner=activity.responsible,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
            status=Measure.Status.ONGOING,
        )
        measure.problems.set([problems[spec["title"]]])
        measure.promises.set([activity.promise])
        measure.activities.set([activity])
