"""The printable follow-up as PDF (reportlab): statuses, comments and indicator bars against target."""

import io
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from evaluation.templatetags.evaluation_tags import p_value
from programme import snapshot
from programme.models import FollowUp, PromiseStatus

from .selectors import format_number, indicator_share, indicator_value, target_phrase

BAR_WIDTH = 120 * mm


def _bar(indicator: snapshot.Indicator) -> Drawing:
    """Value against target; a suppressed value draws no bar (its length would give it away)."""
    drawing = Drawing(BAR_WIDTH + 60 * mm, 9 * mm)
    drawing.add(Rect(0, 2 * mm, BAR_WIDTH, 4 * mm, fillColor=colors.HexColor("#e1e1e1"), strokeColor=None))
    value, share = indicator_value(indicator), indicator_share(indicator)
    if share is not None:
        drawing.add(
            Rect(
                0,
                2 * mm,
                BAR_WIDTH * min(max(share, 0.0), 1.0),  # the bar ends at the target; the label says how far past
                4 * mm,
                fillColor=colors.HexColor("#1e6b30"),
                strokeColor=None,
            )
        )
    shown = "ej framräknad" if value is None else value
    label = f"{format_number(shown)} {target_phrase(indicator)}"
    if share is not None:
        label += f" ({round(share * 100)} %)"
    drawing.add(String(BAR_WIDTH + 3 * mm, 2.6 * mm, label, fontSize=8))
    return drawing


def follow_up_pdf(follow_up: FollowUp) -> HttpResponse:
    styles = getSampleStyleSheet()
    labels = dict(PromiseStatus.Status.choices)
    published = snapshot.read(follow_up.snapshot)
    story = [
        Paragraph(escape(follow_up.promise_set.title), styles["Title"]),
        Paragraph(
            escape(f"{follow_up.title}, version {follow_up.version}, publicerad {follow_up.published_at:%Y-%m-%d}"),
            styles["Normal"],
        ),
        Paragraph(escape(f"Period {published.period[0]} – {published.period[1]}"), styles["Normal"]),
        Spacer(1, 4 * mm),
    ]
    if follow_up.summary:
        story.append(Paragraph(escape(follow_up.summary), styles["BodyText"]))
    for fa in published.focus_areas:
        story.append(Paragraph(escape(fa.title), styles["Heading2"]))
        for promise in fa.promises:
            story.append(Paragraph(escape(promise.text), styles["Heading4"]))
            story.append(Paragraph(escape(f"Status: {labels.get(promise.status, '–')}"), styles["Normal"]))
            if promise.narrative:
                story.append(Paragraph(escape(promise.narrative), styles["BodyText"]))
            for indicator in promise.indicators:
                story.append(Paragraph(escape(f"{indicator.name} ({indicator.activity})"), styles["Normal"]))
                story.append(_bar(indicator))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=follow_up.title, author=str(follow_up.promise_set.municipality)).build(
        story
    )
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="uppfoljning-{follow_up.promise_set.slug}-v{follow_up.version}.pdf"'
    )
    return response


def _verdict_text(context: dict) -> str:
    """The result sentence of the evaluation page (same translations), or why it is left out."""
    verdict = context["verdict"]
    if not context["show_statistics"]:
        reasons = []
        if context.get("small", True):
            reasons.append(
                _(
                    "För få händelser i något område för att redovisa resultatet offentligt: under fem händelser i en "
                    "period visas som ”<5”."
                )
            )
        if context.get("withheld"):
            reasons.append(
                _(
                    "Resultatet redovisas inte offentligt: en siffra visas som ”–” eftersom den tillsammans med "
                    "tidigare publicerade siffror skulle avslöja färre än fem händelser."
                )
            )
        return " ".join(reasons)
    if verdict is None:
        return context["results"].get("wdd", {}).get("error", "")
    singular, plural = (
        (
            "I målområdet blev det %(n)s händelse färre än jämförelseområdets utveckling ger.",
            "I målområdet blev det %(n)s händelser färre än jämförelseområdets utveckling ger.",
        )
        if verdict["fewer"]
        else (
            "I målområdet blev det %(n)s händelse fler än jämförelseområdets utveckling ger.",
            "I målområdet blev det %(n)s händelser fler än jämförelseområdets utveckling ger.",
        )
    )
    numbers = {
        "z": floatformat(verdict["z"], 2),
        "low": floatformat(verdict["ci_low"], 0),
        "high": floatformat(verdict["ci_high"], 0),
    }
    chance = (
        _("Det är osannolikt att slumpen förklarar skillnaden (%(p)s).")
        if verdict["significant"]
        else _("Skillnaden kan vara slumpen (%(p)s).")
    )
    return " ".join(
        [
            ngettext(singular, plural, verdict["count"]) % {"n": verdict["count"]},
            _("z = %(z)s, 95 %% konfidensintervall %(low)s till %(high)s.") % numbers,
            chance % {"p": p_value(verdict["p_value"])},
        ]
    )


def evaluation_pdf(context: dict) -> HttpResponse:
    """A published evaluation as the public page shows it: design, counts (small ones suppressed), result."""
    styles = getSampleStyleSheet()
    evaluation, periods = context["evaluation"], context["periods"]

    def line(label: str, text: str):
        return Paragraph(f"<b>{escape(label)}</b>: {escape(text)}", styles["Normal"])

    story = [
        Paragraph(escape(evaluation.title), styles["Title"]),
        Paragraph(
            escape(f"{context['municipality'].name}, {date_format(evaluation.published_at, 'j F Y')}"), styles["Normal"]
        ),
        Spacer(1, 4 * mm),
        line(
            _("Målområde"),
            _("%(r)s m runt %(place)s") % {"r": evaluation.target_radius_m, "place": evaluation.target_place.name},
        ),
        line(_("Jämförelseområde"), ", ".join(d.name for d in context["control_districts"])),
        line(_("Händelser"), ", ".join(str(c) for c in context["categories"])),
        line(_("Före"), f"{date_format(periods['before'][0], 'j F Y')} – {date_format(periods['before'][1], 'j F Y')}"),
        line(_("Efter"), f"{date_format(periods['after'][0], 'j F Y')} – {date_format(periods['after'][1], 'j F Y')}"),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Resultat")), styles["Heading2"]),
        Paragraph(escape(_verdict_text(context)), styles["BodyText"]),
    ]
    table = [[_("Område"), _("Före"), _("Efter")]] + [
        [r["label"], str(r["before"]), str(r["after"])] for r in context["rows"]
    ]
    story += [Spacer(1, 3 * mm), Table(table, hAlign="LEFT"), Spacer(1, 4 * mm)]
    story.append(Paragraph(escape(_("Att tänka på")), styles["Heading2"]))
    for caveat in (
        _(
            "Återgång mot medelvärdet: åtgärder sätts ofta in där det just varit ovanligt mycket. Då minskar det "
            "ofta ändå. Ett jämförelseområde med liknande nivå före minskar risken."
        ),
        _(
            "Ändrad rapportering: kameror, patruller och vuxennärvaro kan göra att fler händelser upptäcks och "
            "rapporteras, så att en verklig minskning syns som en ökning."
        ),
    ):
        story.append(Paragraph(escape(caveat), styles["BodyText"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=evaluation.title).build(story)
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="utvardering-{evaluation.pk}.pdf"'
    return response
