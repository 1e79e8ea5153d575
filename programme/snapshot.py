"""What a published follow-up froze (``FollowUp.snapshot``), declared: ``build`` writes it from the roll-up when
the follow-up is published, ``read`` gives it back as a ``Snapshot`` in today's shape whatever schema it was
published with. A publication is never rewritten, so the reader upgrades it instead.

The stored JSON carries its schema under "schema" (the publications from before schema 2 have none: schema 1):

1. the period, the overall progress, and per focus area, promise and indicator its figures
2. an indicator says whether it counts people or incidents (``about_people``) and how values combine
   (``aggregation``)
3. its source, baseline and whether lower is better
4. whether the ledger of published figures withheld its value
"""

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trygg.freezing import upgraded

if TYPE_CHECKING:
    from .models import FollowUp
    from .rollup import RollUp

SCHEMA = 4


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One indicator's figures as published. A key a snapshot does not hold (an older schema did not write it)
    reads as its default here: what the readers have always taken its absence to mean."""

    name: str
    activity: str = ""  # the title of the activity it measures
    unit: str = ""
    kind: str = "output"  # output or outcome (programme.models.Indicator.Kind)
    target: float | None = None
    computed: bool
    about_people: bool = True  # schema 2: counts people or incidents, suppressed under 5 (before: the safe side)
    aggregation: str = "sum"  # schema 2: how monthly values combine (before, every value was a sum of months)
    value: float | None
    source: str = ""  # schema 3: where the value comes from, in words a reader understands
    baseline: float | None = None  # schema 3
    lower_is_better: bool = False  # schema 3 (before, no direction: "av 10 st")
    progress: float | None = None  # its share of target; None where none is shown
    withheld: bool = False  # schema 4: the ledger of published figures withheld the exact value


@dataclass(frozen=True)
class Promise:
    id: int
    text: str
    promisor: str
    status: str | None  # programme.models.PromiseStatus.Status
    narrative: str
    progress: float | None
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class FocusArea:
    title: str
    progress: float | None
    promises: tuple[Promise, ...]


@dataclass(frozen=True)
class Snapshot:
    schema: int  # the schema it was published with; the shape is always today's
    period: tuple[str, str] | None  # first and last day (ISO dates); None for a follow-up not yet published
    progress: float | None
    focus_areas: tuple[FocusArea, ...]

    def indicators(self) -> list[Indicator]:
        return [i for fa in self.focus_areas for p in fa.promises for i in p.indicators]


def _number(value) -> float | None:
    return None if value is None else float(value)


def build(follow_up: "FollowUp", result: "RollUp", withheld: set[int]) -> dict:
    """The JSON to store for a follow-up published now: its promises' statuses, and the roll-up's figures
    (``withheld``: the pks of the indicators whose values the ledger withheld)."""
    statuses = {s.promise_id: s for s in follow_up.promise_statuses.all()}
    snapshot = Snapshot(
        schema=SCHEMA,
        period=(follow_up.period_start.isoformat(), follow_up.period_end.isoformat()),
        progress=result.progress,
        focus_areas=tuple(
            FocusArea(
                title=fa.item.title,
                progress=fa.progress,
                promises=tuple(
                    Promise(
                        id=p.item.pk,
                        text=p.item.text,
                        promisor=p.item.get_promisor_display(),
                        status=statuses[p.item.pk].status if p.item.pk in statuses else None,
                        narrative=statuses[p.item.pk].narrative if p.item.pk in statuses else "",
                        progress=p.progress,
                        indicators=tuple(
                            Indicator(
                                name=row.indicator.name,
                                activity=activity.item.title,
                                unit=row.indicator.unit,
                                kind=row.indicator.kind,
                                target=_number(row.indicator.target),
                                computed=row.computed,
                                about_people=not row.indicator.counts_own_work,
                                aggregation=row.indicator.aggregation,
                                value=_number(row.value),
                                source=row.source,
                                baseline=_number(row.indicator.baseline),
                                lower_is_better=row.indicator.lower_is_better,
                                progress=row.progress,
                                withheld=row.indicator.pk in withheld,
                            )
                            for activity in p.children
                            for row in activity.children
                        ),
                    )
                    for p in fa.children
                ),
            )
            for fa in result.focus_areas
        ),
    )
    return _plain(snapshot)


def _plain(value):
    """A snapshot as JSON holds it: dataclasses as objects, tuples as arrays."""
    if dataclasses.is_dataclass(value):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _stored_indicators(data: dict) -> list[dict]:
    return [i for fa in data.get("focus_areas", []) for p in fa["promises"] for i in p["indicators"]]


def _to_4(data: dict) -> None:
    """Before schema 4 a mean per month of people or incidents was stored with its decimals, and so was its
    share of target (share × target gives them back): the value is rounded where it is shown
    (public.selectors), the share is not shown."""
    for indicator in _stored_indicators(data):
        if indicator.get("about_people", True) and indicator.get("aggregation") == "average":
            indicator["progress"] = None


# Schema n → n + 1, on a copy of the stored JSON, where a new key changed what an old one means; a key that
# was only added reads as its default (Indicator).
UPGRADES = {3: _to_4}


def _indicator(data: dict) -> Indicator:
    return Indicator(**{field.name: data[field.name] for field in dataclasses.fields(Indicator) if field.name in data})


def _promise(data: dict) -> Promise:
    return Promise(
        id=data["id"],
        text=data["text"],
        promisor=data["promisor"],
        status=data["status"],
        narrative=data["narrative"],
        progress=data["progress"],
        indicators=tuple(_indicator(i) for i in data["indicators"]),
    )


def _focus_area(data: dict) -> FocusArea:
    return FocusArea(
        title=data["title"], progress=data["progress"], promises=tuple(_promise(p) for p in data["promises"])
    )


def read(data: dict) -> Snapshot:
    """A stored snapshot of any schema, upgraded to today's shape (the stored JSON is left as it is). A
    follow-up not yet published has an empty one: no period and no focus areas."""
    data = upgraded(data, SCHEMA, UPGRADES)
    return Snapshot(
        schema=data["schema"],
        period=tuple(data["period"]) if "period" in data else None,
        progress=data.get("progress"),
        focus_areas=tuple(_focus_area(fa) for fa in data.get("focus_areas", [])),
    )
