"""Published means frozen: one contract for the records that are published or approved and from then on never
change (a follow-up, the weekly lägesbild, an evaluation, the strategic lägesbild).

A model derives from ``Freezable`` and says which stored values mark it frozen (``frozen_when``) and what a
person is told when a change is refused (``frozen_message``). A service changes such a record only through
``locked_unfrozen``, which raises ``Frozen``; a view catches ``Frozen`` and answers as that page does.
``Freezable`` has no fields of its own: each model keeps the columns it has.

What such a record freezes as JSON (a follow-up's snapshot, a weekly report's figures, an evaluation's locked
figures, a strategic lägesbild's sections) says its shape under "schema": ``stamped`` when it is written,
``upgraded`` when it is read. The record is never rewritten, so its reader upgrades what an older schema
stored; what was stored before the key was written is schema 1."""

import copy
from collections.abc import Callable, Mapping
from typing import ClassVar, TypeVar

from django.db import models


class Frozen(Exception):
    """A change to a published or approved record (perhaps published a moment ago, by someone else) is
    refused and nothing is saved. ``message`` is the model's own ``frozen_message``."""

    def __init__(self, instance: "Freezable"):
        self.instance = instance
        self.message = type(instance).frozen_message
        super().__init__(str(self.message))


class Freezable(models.Model):
    """A record that freezes: ``frozen_when`` maps field names to the values that mark it frozen (every one
    must hold), ``frozen_message`` is the Swedish text (gettext_lazy) a refused change is answered with."""

    frozen_when: ClassVar[dict[str, object]]
    frozen_message: ClassVar[str]

    class Meta:
        abstract = True

    @property
    def is_frozen(self) -> bool:
        return all(getattr(self, field) == value for field, value in self.frozen_when.items())

    def check_not_frozen(self) -> None:
        if self.is_frozen:
            raise Frozen(self)

    def frozen_in_database(self) -> bool:
        """Whether the stored row is frozen, whatever this instance was read as or has been changed to."""
        return self.pk is not None and type(self)._default_manager.filter(pk=self.pk, **self.frozen_when).exists()


F = TypeVar("F", bound=Freezable)


def locked_unfrozen(instance: F) -> F:
    """The instance's row read again, locked until the transaction ends, and not frozen; else ``Frozen``.

    Call it inside the transaction that makes the change. On PostgreSQL the row lock serialises publishing
    against every other change; on SQLite every transaction begins IMMEDIATE (one writer at a time), which
    does the same.
    """
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    locked.check_not_frozen()
    return locked


def stamped(data: dict, schema: int) -> dict:
    """Frozen JSON as it is stored: its schema first, then the data."""
    return {"schema": schema, **data}


def upgraded(stored: dict, schema: int, upgrades: Mapping[int, Callable[[dict], None]] | None = None) -> dict:
    """Frozen JSON in the shape of ``schema``, as a copy: ``upgrades[n]`` takes schema n to n + 1 (in place, on
    a deep copy) where a later schema changed what an earlier one meant. Its "schema" stays the one it was
    stored as."""
    steps = [upgrades[n] for n in range(stored.get("schema", 1), schema) if n in (upgrades or {})]
    data = copy.deepcopy(stored) if steps else dict(stored)
    data.setdefault("schema", 1)
    for step in steps:
        step(data)
    return data
