"""What an evaluation's page shows, for coordinators and (published, small counts suppressed) for the public."""

import datetime

from django.utils.translation import gettext as _

from privacy.suppression import THRESHOLD, suppress

from .models import Evaluation

SIGNIFICANCE = 0.05
AREAS = ("target", "buffer", "control")


def verdict(results: dict) -> dict | None:
    """The WDD in words: how many incidents fewer or more than the control predicts, and whether chance
    explains it plausibly."""
    wdd = results.get("wdd", {})
    if "estimate" not in wdd:
        return None
    return {
        "count": abs(round(wdd["estimate"])),
        "fewer": wdd["estimate"] < 0,
        "significant": wdd["p_value"] < SIGNIFICANCE,
        **wdd,
    }


def rows(figures: dict, public: bool = False) -> list[dict]:
    """Before and after per area, with bar widths on one scale. For the public, counts under the threshold
    read "<5", counts the ledger withheld read "–", and neither draws a bar (its length would give the count
    away)."""
    withheld = set(figures.get("withheld", []))
    areas = [("target", _("Målområdet")), ("buffer", _("Bufferten")), ("control", _("Jämförelseområdet"))]
    shown = [(key, label, figures[key]) for key, label in areas if figures.get(key) is not None]
    largest = max([max(pair) for _key, _label, pair in shown] + [1])

    def cell(count: int, label: str) -> tuple:
        exact = label not in withheld
        hidden = public and (count < THRESHOLD or not exact)
        return (suppress(count, exact) if public else count), (0 if hidden else round(100 * count / largest))

    result = []
    for key, label, (before, after) in shown:
        (before_shown, before_width), (after_shown, after_width) = (
            cell(before, f"{key}.before"),
            cell(after, f"{key}.after"),
        )
        result.append(
            {
                "key": key,
                "label": label,
                "before": before_shown,
                "after": after_shown,
                "before_width": before_width,
                "after_width": after_width,
                "small": min(before, after) < THRESHOLD,
            }
        )
    return result


def shows_statistics(figures: dict) -> bool:
    """The public sees the statistics only when no count is under the threshold or withheld: they would give
    it away."""
    if figures.get("withheld"):
        return False
    totals = [figures[key] for key in AREAS if figures.get(key) is not None]
    per_category = [c[key] for c in figures.get("by_category", []) for key in ("target", "control")]
    return all(min(pair) >= THRESHOLD for pair in totals + per_category)


def page_context(evaluation: Evaluation, figures: dict, results: dict, *, ready: bool, public: bool = False) -> dict:
    return {
        "evaluation": evaluation,
        "municipality": evaluation.municipality,
        "figures": figures,
        "results": results,
        "ready": ready,
        "rows": rows(figures, public=public),
        "verdict": verdict(results),
        "show_statistics": not public or shows_statistics(figures),
        "withheld": public and bool(figures.get("withheld")),
        "small": public and not shows_statistics({**figures, "withheld": []}),
        "periods": {key: [datetime.date.fromisoformat(day) for day in figures[key]] for key in ("before", "after")},
        "categories": evaluation.categories.select_related("parent"),
        "control_districts": evaluation.control_districts.all(),
    }
