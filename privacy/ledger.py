"""The ledger of published figures: one check for every public figure counted from records (incidents,
logged contacts), whichever app publishes it.

A publishing app hands over each new figure with its population: the records it counted, as keys with a
weight ({"incident:12": 1}). Two published figures whose populations overlap give away, by subtraction,
the records one has and the other lacks. So a new figure is shown exactly only when it reaches the threshold
and, against every figure already shown exactly for the municipality (and those earlier in the same
publication), what either has and the other lacks is nothing or at least the threshold. Otherwise it is
suppressed ("<5") or withheld ("–"). Each figure is recorded either way: it stays published.

The live cells of the safety map and open data are a partition the public sees (shown_elsewhere): a new
figure may not differ by a few from the cells inside it or from the cells covering it. Against recorded
figures the check is pairwise: it does not audit combinations of three or more of them. Figures published
before the ledger existed are not in it and are not checked against.
"""

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from .models import LedgerLock, PublishedFigure
from .suppression import THRESHOLD

Population = Mapping[str, int]  # record key -> its weight in the count


def _size(population: Population) -> int:
    return sum(population.values())


def _weight_outside(population: Population, other: Population) -> int:
    return sum(weight for key, weight in population.items() if key not in other)


def isolates_few(first: Population, second: Population) -> bool:
    """Whether subtracting one figure from the other counts some records, but fewer than the threshold."""
    if first.keys().isdisjoint(second.keys()):
        return False
    return any(0 < _weight_outside(a, b) < THRESHOLD for a, b in ((first, second), (second, first)))


def _lock(municipality_id: int) -> None:
    LedgerLock.objects.get_or_create(municipality_id=municipality_id)
    LedgerLock.objects.select_for_update().get(municipality_id=municipality_id)


def partition_isolates_few(population: Population, cells: list[Population]) -> bool:
    """Whether a figure, against the exact cells of a partition the public sees (any union of them is known
    too), gives away some records but fewer than the threshold: the figure less the cells wholly inside it,
    or the cells it touches (when they cover it) less the figure."""
    total = _size(population)
    inside = [cell for cell in cells if cell.keys() <= population.keys()]
    if inside and 0 < total - sum(map(_size, inside)) < THRESHOLD:
        return True
    touching = [cell for cell in cells if not cell.keys().isdisjoint(population.keys())]
    covered = set().union(*(cell.keys() for cell in touching))
    return bool(touching) and population.keys() <= covered and 0 < sum(map(_size, touching)) - total < THRESHOLD


def shown_elsewhere(municipality_id: int, first: datetime.date, last: datetime.date) -> list[list[Population]]:
    """Partitions the public sees exactly without their being recorded here, as their exact cells, for
    records from first to last: what the apps in settings.LEDGER_SHOWN_ELSEWHERE supply (the live cells of
    the safety map and open data)."""
    return [import_string(path)(municipality_id, first, last) for path in settings.LEDGER_SHOWN_ELSEWHERE]


@transaction.atomic
def publish(
    *,
    municipality_id: int,
    publication: str,
    figures: Mapping[str, Population],
    period: tuple[datetime.date, datetime.date] | None = None,
) -> dict[str, bool]:
    """Records the figures of one publication and says, per label, whether it may be shown exactly. period:
    the days the figures' records lie in, for the figures shown elsewhere to check against as well."""
    _lock(municipality_id)
    shown = [figure.members for figure in PublishedFigure.objects.filter(municipality_id=municipality_id, exact=True)]
    partitions = shown_elsewhere(municipality_id, *period) if period and figures else []
    decided, recorded = {}, []
    for label, members in figures.items():
        members = {str(key): int(weight) for key, weight in members.items()}
        count = _size(members)
        exact = (
            count >= THRESHOLD
            and not any(isolates_few(members, other) for other in shown)
            and not any(partition_isolates_few(members, cells) for cells in partitions)
        )
        decided[label] = exact
        if exact:
            shown.append(members)
        recorded.append(
            PublishedFigure(
                municipality_id=municipality_id,
                publication=publication,
                label=label,
                members=members,
                count=count,
                exact=exact,
            )
        )
    PublishedFigure.objects.bulk_create(recorded)
    return decided


def incidents(ids) -> dict[str, int]:
    """The population of a count of incidents."""
    return {f"incident:{pk}": 1 for pk in ids}
