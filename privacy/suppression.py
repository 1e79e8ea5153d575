"""Small-count suppression for everything the public sees: the one rule for the safety map, open data,
Open311 and the follow-up PDF.

Public figures are published as cells of one fixed partition (municipality × district × main category
× calendar month of occurrence, reviewed incidents of every source) with no totals or overlapping periods
beside them, so a suppressed cell cannot be recovered by subtracting published figures from each other.
A count under the threshold is shown as "<5", never as its exact value (zero included).

Open311 lists single reports, so it lists only reports in published cells (is_published), positioned at
the district's centre and dated to the day: counting them gives back a published figure, never a suppressed
one. A report in a suppressed cell is reachable only by its unguessable reference, which its reporter has.
"""

THRESHOLD = 5
SUPPRESSED = f"<{THRESHOLD}"


Cell = tuple[str, str, str]  # (month "YYYY-MM", district name, main category name)


def is_published(cell: Cell, counts: dict[Cell, int]) -> bool:
    """Whether a cell's count is published exactly (and so its single reports may be listed)."""
    return counts.get(cell, 0) >= THRESHOLD


def suppress(count: int | float | None) -> int | float | str | None:
    if count is None:
        return None
    return SUPPRESSED if count < THRESHOLD else count
