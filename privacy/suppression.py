"""Small-count suppression for everything the public sees.

Public figures are published as cells of one fixed partition (municipality × district × main category
× calendar month) with no totals or overlapping periods beside them, so a suppressed cell cannot be
recovered by subtracting published figures from each other. A count under the threshold is shown as
"<5", never as its exact value (zero included).
"""

THRESHOLD = 5
SUPPRESSED = f"<{THRESHOLD}"


def suppress(count: int | float | None) -> int | float | str | None:
    if count is None:
        return None
    return SUPPRESSED if count < THRESHOLD else count
