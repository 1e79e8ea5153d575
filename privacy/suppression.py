"""Small-count suppression for everything the public sees: the one rule for the safety map, open data,
Open311, evaluations, follow-ups and survey shares.

A count under the threshold is shown as "<5", never as its exact value (zero included). A count that would
give a small count away by a difference with a figure published before (privacy.ledger) is withheld: shown
as "–", without a bar or a share.

The safety map and open data publish cells of one fixed partition (municipality × district × main category
× calendar month of occurrence, reviewed incidents of every source) with no totals or overlapping periods
beside them, so a suppressed cell cannot be recovered by subtracting published figures from each other;
the map labels each district with what row_total allows, never its exact total beside a suppressed cell.
Open311 lists single reports, so it lists only reports in published cells (is_published), positioned at
the district's centre and dated to the day: counting them gives back a published figure, never a suppressed
one. A report in a suppressed cell is reachable only by its unguessable reference, which its reporter has.

Shares of a few respondents are hidden too, and so many more beside them (hidden_with_complements) that a
total row cannot be solved for one hidden group; tables of counts with totals hide cells the same way
(hidden_in_table).
"""

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

THRESHOLD = 5
SUPPRESSED = f"<{THRESHOLD}"
WITHHELD = "–"

K = TypeVar("K", bound=Hashable)


Cell = tuple[str, str, str]  # (month "YYYY-MM", district name, main category name)


def is_published(cell: Cell, counts: dict[Cell, int]) -> bool:
    """Whether a cell's count is published exactly (and so its single reports may be listed)."""
    return counts.get(cell, 0) >= THRESHOLD


def suppress(count: int | float | None, exact: bool = True) -> int | float | str | None:
    """The count as published: "<5" under the threshold, "–" when the ledger withholds it, else itself."""
    if count is None:
        return None
    if count < THRESHOLD:
        return SUPPRESSED
    return count if exact else WITHHELD


def row_total(counts: Iterable[int]) -> tuple[int | str | None, int]:
    """A row's total shown beside its suppressed cells (a district's on the safety map), from the row's
    exact counts: (what is shown, the number it rests on). Exact only when no cell is suppressed: otherwise
    the total less the cells shown would give the suppressed ones away, their sum or one cell's count (and
    that a "<5" is nothing). So it is "<5" under the threshold (resting on 0), and else None: only "at least"
    the number it rests on may be said, the sum of the cells shown, or the threshold when none is. Every
    number it gives is then one the cells already give, and nothing for the ledger to check."""
    counts = list(counts)
    total = sum(counts)
    shown = sum(n for n in counts if n >= THRESHOLD)
    if all(n >= THRESHOLD for n in counts):
        return total, total
    if total < THRESHOLD:
        return SUPPRESSED, 0
    return None, max(shown, THRESHOLD)


def hidden_with_complements(
    sizes: Mapping[K, int], minimum: int, *, already: Iterable[K] = (), whole_inside: bool = False
) -> set[K]:
    """The groups whose figures must be hidden: those under the minimum (and those already hidden), and beside
    them the smallest others until at least two are hidden and together they reach the minimum. A total then
    gives only the hidden groups' combined figure, never one group's (complementary suppression). With
    whole_inside, one of the groups may be the whole of the others (a survey's whole-municipality row): two
    groups alone then need no complement, as a whole and one part of it leave the rest unknown."""
    hidden = set(already) | {key for key, size in sizes.items() if size < minimum}
    if whole_inside and len(sizes) < 3:
        return hidden
    others = sorted((key for key in sizes if key not in hidden), key=lambda key: (sizes[key], str(key)))
    while hidden and others and (len(hidden) < 2 or sum(sizes[key] for key in hidden) < minimum):
        hidden.add(others.pop(0))
    return hidden


def hidden_in_table(rows: list[list[int]], minimum: int = THRESHOLD) -> set[tuple[int, int]]:
    """The cells (row, column) to hide in a table of counts whose rows end with their total. Each column is
    a partition whose sum another table may give, so it hides nothing or enough (hidden_with_complements);
    each row's total is the sum of its cells, so no row hides exactly one (the total goes first, else the
    smallest cell). Hidden cells only grow, until both hold."""
    hidden: set[tuple[int, int]] = set()
    width = len(rows[0]) if rows else 0
    while True:
        before = set(hidden)
        for j in range(width):
            column = {i: row[j] for i, row in enumerate(rows)}
            already = [i for i in column if (i, j) in hidden]
            hidden |= {(i, j) for i in hidden_with_complements(column, minimum, already=already)}
        for i, row in enumerate(rows):
            shown = [j for j in range(width) if (i, j) not in hidden]
            if len(shown) == width - 1:
                hidden.add((i, width - 1) if width - 1 in shown else (i, min(shown, key=lambda j: row[j])))
        if hidden == before:
            return hidden
