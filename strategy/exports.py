"""The strategic lägesbild as tables (page, PDF and DOCX from one function), and as the PDF and DOCX the
municipal board decides on. Exports become public documents: counts under five read "<5"."""

import io
from xml.sax.saxutils import escape

import docx
from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from privacy.suppression import THRESHOLD, hidden_in_table, hidden_with_complements, suppress
from trygg.text import printable

from .assessment import section_figures
from .models import Assessment, AssessmentSection

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def section_tables(section: AssessmentSection, public: bool = False) -> list[tuple[str, list[str], list[list]]]:
    """(caption, header, rows) for the section's figures; with public, small counts suppressed and, beside
    them, the counts that would give them away by a row's total or a column's sum (privacy.suppression)."""
    figures = section_figures(section)
    years = [str(y) for y in figures.get("years", [])]

    def cells(counts: list[list[int]], hidden: set) -> list[list]:
        if not public:
            return counts
        return [[suppress(n, (i, j) not in hidden) for j, n in enumerate(row)] for i, row in enumerate(counts)]

    def yearly(caption, rows):
        """Counts per year and their total: with public, no row or year gives a hidden count away."""
        counts = [[*r["counts"], r["total"]] for r in rows]
        shown = cells(counts, hidden_in_table(counts) if public else set())
        return (caption, [_("Namn"), *years, _("Totalt")], [[r["name"], *c] for r, c in zip(rows, shown, strict=True)])

    def totals(caption, rows, partition=False):
        """One count per row; a partition (every incident in one row) hides its complements too."""
        counts = [[r["total"]] for r in rows]
        hidden = {(i, 0) for i in hidden_with_complements({i: c[0] for i, c in enumerate(counts)}, THRESHOLD)}
        shown = cells(counts, hidden if partition else set())
        return (caption, [_("Namn"), _("Antal")], [[r["name"], *c] for r, c in zip(rows, shown, strict=True)])

    tables = []
    if figures.get("incidents") and "years" in figures:
        tables.append(yearly(_("Granskade händelser per huvudkategori och år"), figures["incidents"]))
    if figures.get("police"):
        tables.append(yearly(_("Polisens händelser per typ och år (de tio vanligaste)"), figures["police"]))
    if figures.get("districts"):
        tables.append(yearly(_("Granskade händelser per kommundel och år"), figures["districts"]))
    if figures.get("places"):
        tables.append(totals(_("Platser med flest granskade händelser"), figures["places"]))
    if figures.get("hotspots"):
        tables.append(
            totals(
                _("Hot spots under perioden (Getis-Ord Gi*, på 5-procentsnivån efter korrigering)"), figures["hotspots"]
            )
        )
    if figures.get("weekdays"):
        tables.append(totals(_("Granskade händelser per veckodag"), figures["weekdays"], partition=True))
    if figures.get("hours"):
        tables.append(totals(_("Granskade händelser per tid på dygnet"), figures["hours"], partition=True))
    if figures.get("shifts"):
        tables.append(yearly(_("Loggade pass per typ och år"), figures["shifts"]))
    for survey in figures.get("surveys", []):
        header = [_("Område"), *[str(y) for y in survey["years"]]]
        rows = [
            [r["area"], *[("–" if v is None else f"{v:.1f} %".replace(".", ",")) for v in r["shares"]]]
            for r in survey["rows"]
        ]
        tables.append((f"{survey['question']} – {survey['option']}", header, rows))
    if figures.get("incidents") and "years" not in figures:
        tables.append(totals(_("Granskade händelser per källa"), figures["incidents"], partition=True))
    return tables


def _heading(assessment: Assessment) -> list[str]:
    lines = [
        assessment.municipality.name,
        f"{date_format(assessment.period_start, 'j F Y')} – {date_format(assessment.period_end, 'j F Y')}",
    ]
    if assessment.approved_at:
        lines.append(_("Godkänd %(day)s") % {"day": date_format(assessment.approved_at, "j F Y")})
    else:
        lines.append(_("Utkast"))
    return lines


def ordered_sections(assessment: Assessment) -> list[AssessmentSection]:
    order = list(AssessmentSection.Kind)
    return sorted(assessment.sections.all(), key=lambda s: order.index(s.kind))


def assessment_pdf(assessment: Assessment) -> HttpResponse:
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(assessment.title), styles["Title"])]
    story += [Paragraph(escape(line), styles["Normal"]) for line in _heading(assessment)]
    if assessment.summary:
        story += [Spacer(1, 4 * mm), Paragraph(escape(assessment.summary), styles["BodyText"])]
    for section in ordered_sections(assessment):
        story += [Spacer(1, 4 * mm), Paragraph(escape(section.get_kind_display()), styles["Heading2"])]
        if section.text:
            story.append(Paragraph(escape(section.text).replace("\n", "<br/>"), styles["BodyText"]))
        for caption, header, rows in section_tables(section, public=True):
            story += [
                Paragraph(escape(caption), styles["Heading4"]),
                Table([header, *[[str(c) for c in r] for r in rows]], hAlign="LEFT"),
            ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=assessment.title).build(story)
    response = HttpResponse(out.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="strategisk-lagesbild-{assessment.pk}.pdf"'
    return response


def assessment_docx(assessment: Assessment) -> HttpResponse:
    """Every text passes printable(): Word's XML cannot hold control characters stored before they were
    refused at input."""
    document = docx.Document()
    document.add_heading(printable(assessment.title), level=0)
    for line in _heading(assessment):
        document.add_paragraph(printable(line))
    if assessment.summary:
        document.add_paragraph(printable(assessment.summary))
    for section in ordered_sections(assessment):
        document.add_heading(section.get_kind_display(), level=1)
        if section.text:
            document.add_paragraph(printable(section.text))
        for caption, header, rows in section_tables(section, public=True):
            document.add_heading(printable(caption), level=3)
            table = document.add_table(rows=1, cols=len(header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.text = printable(str(text))
            for row in rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = printable(str(value))
    out = io.BytesIO()
    document.save(out)
    response = HttpResponse(out.getvalue(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="strategisk-lagesbild-{assessment.pk}.docx"'
    return response
