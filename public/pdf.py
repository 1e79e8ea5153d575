"""The printable follow-up as PDF (reportlab): statuses, comments and indicator bars against target."""

import io
from xml.sax.saxutils import escape

from django.http import HttpResponse
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from programme.models import FollowUp, PromiseStatus

from .selectors import format_number, indicator_share, indicator_value, target_phrase

BAR_WIDTH = 120 * mm


def _bar(indicator: dict) -> Drawing:
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
    snapshot = follow_up.snapshot
    story = [
        Paragraph(escape(follow_up.promise_set.title), styles["Title"]),
        Paragraph(
            escape(f"{follow_up.title}, version {follow_up.version}, publicerad {follow_up.published_at:%Y-%m-%d}"),
            styles["Normal"],
        ),
        Paragraph(escape(f"Period {snapshot['period'][0]} – {snapshot['period'][1]}"), styles["Normal"]),
        Spacer(1, 4 * mm),
    ]
    if follow_up.summary:
        story.append(Paragraph(escape(follow_up.summary), styles["BodyText"]))
    for fa in snapshot["focus_areas"]:
        story.append(Paragraph(escape(fa["title"]), styles["Heading2"]))
        for promise in fa["promises"]:
            story.append(Paragraph(escape(promise["text"]), styles["Heading4"]))
            story.append(Paragraph(escape(f"Status: {labels.get(promise['status'], '–')}"), styles["Normal"]))
            if promise["narrative"]:
                story.append(Paragraph(escape(promise["narrative"]), styles["BodyText"]))
            for indicator in promise["indicators"]:
                story.append(Paragraph(escape(f"{indicator['name']} ({indicator['activity']})"), styles["Normal"]))
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
