from django.db import transaction

from accounts.models import User
from accounts.services import record_publication, save_audited
from trygg.freezing import locked_unfrozen


@transaction.atomic
def create_assessment(*, user: User, form):
    """A new strategic lägesbild with every section, the data sections filled from Trygg."""
    from .assessment import build_sections

    assessment = save_audited(user=user, instance=form.save(commit=False))
    build_sections(assessment)
    return assessment


@transaction.atomic
def save_assessment_texts(*, user: User, form, formset) -> None:
    """The lägesbild's texts and its sections' analyses; refused with Frozen once approved."""
    locked_unfrozen(form.instance)
    save_audited(user=user, instance=form.save(commit=False), expected_version=form.expected_version)
    for section in formset.save(commit=False):
        save_audited(user=user, instance=section)


@transaction.atomic
def rebuild_sections(*, assessment) -> None:
    """Today's figures into the data sections of a draft; refused with Frozen once approved."""
    from .assessment import build_sections

    build_sections(locked_unfrozen(assessment))


@transaction.atomic
def approve_assessment(*, user: User, assessment):
    """Locks the lägesbild as the board will read it; refused with Frozen when it already was."""
    from .models import Assessment

    assessment = locked_unfrozen(assessment)
    status = Assessment.Status.APPROVED
    return record_publication(user=user, instance=assessment, status=status, when="approved_at", by="approved_by")


@transaction.atomic
def new_version(*, user: User, assessment):
    """A draft copy of an approved lägesbild: the same period and texts, today's figures, version + 1. The
    approved one stays as the board decided on it."""
    from .assessment import build_sections
    from .models import Assessment

    source = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not source.is_frozen or hasattr(source, "next_version"):
        return getattr(source, "next_version", source)
    copy = save_audited(
        user=user,
        instance=Assessment(
            municipality=source.municipality,
            title=source.title,
            period_start=source.period_start,
            period_end=source.period_end,
            summary=source.summary,
            version=source.version + 1,
            previous=source,
        ),
    )
    build_sections(copy)
    texts = dict(source.sections.values_list("kind", "text"))
    for section in copy.sections.all():
        section.text = texts.get(section.kind, "")
        section.save(update_fields=["text"])
    return copy
