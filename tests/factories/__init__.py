"""Test data built one way: a factory for each app's main models, building in Strängnäs (the `strangnas`
fixture's row) unless given a municipality, with related objects in the same municipality.

Pass what a test asserts on as arguments, so the test shows it."""

from .accounts import KommunFactory, MunicipalityFactory, OrganisationFactory, StrangnasFactory, UserFactory
from .evidence import (
    DialogueFactory,
    EvaluationFactory,
    IncidentIndicatorFactory,
    ShiftFactory,
    SignupFactory,
    SurveyFactory,
    SurveyResultFactory,
)
from .faces import ApiTokenFactory, Open311ApiKeyFactory
from .followup import (
    ActionItemFactory,
    ActionPlanFactory,
    AssessmentFactory,
    FindingFactory,
    FocusDecisionFactory,
    MeasureFactory,
    ProblemFactory,
    SafetyWalkFactory,
    SituationReportFactory,
)
from .places import DistrictFactory, PlaceFactory
from .programme import (
    ActivityFactory,
    FocusAreaFactory,
    FollowUpFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PromiseFactory,
    PromiseSetFactory,
)
from .records import (
    ActivityLogFactory,
    CameraSiteFactory,
    IncidentCategoryFactory,
    IncidentFactory,
    IndicatorBindingFactory,
    PoliceEventFactory,
    PresencePlanFactory,
)


def evaluation_form_data(square, district, **changes) -> dict:
    """What a coordinator fills in to evaluate lighting at a square: 150 m target, 200 m buffer, one
    control district, vandalism 90 days each side of 1 March 2025."""
    from incidents.models import IncidentCategory

    return {
        "title": "Belysning i parken",
        "target_place": square.pk,
        "target_radius_m": 150,
        "buffer_m": 200,
        "control_districts": [district.pk],
        "categories": [IncidentCategory.objects.get(code="skadegorelse").pk],
        "starts_on": "2025-03-01",
        "before_days": 90,
        "after_days": 90,
    } | changes


__all__ = [
    "ActionItemFactory",
    "ActionPlanFactory",
    "ActivityFactory",
    "ActivityLogFactory",
    "ApiTokenFactory",
    "AssessmentFactory",
    "CameraSiteFactory",
    "DialogueFactory",
    "DistrictFactory",
    "EvaluationFactory",
    "FindingFactory",
    "FocusAreaFactory",
    "FocusDecisionFactory",
    "FollowUpFactory",
    "IncidentCategoryFactory",
    "IncidentFactory",
    "IncidentIndicatorFactory",
    "IndicatorBindingFactory",
    "IndicatorFactory",
    "IndicatorValueFactory",
    "KommunFactory",
    "MeasureFactory",
    "MunicipalityFactory",
    "Open311ApiKeyFactory",
    "OrganisationFactory",
    "PlaceFactory",
    "PoliceEventFactory",
    "PresencePlanFactory",
    "ProblemFactory",
    "PromiseFactory",
    "PromiseSetFactory",
    "SafetyWalkFactory",
    "ShiftFactory",
    "SignupFactory",
    "SituationReportFactory",
    "StrangnasFactory",
    "SurveyFactory",
    "SurveyResultFactory",
    "UserFactory",
    "evaluation_form_data",
]
