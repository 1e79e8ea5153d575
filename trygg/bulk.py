"""Many new rows of one model in a few statements, for imports of 100,000 rows.

Django's bulk_create prepares every value through its field machinery, which was most of a large
import's time (about 100 µs a row). Here each column is converted by one small function chosen once per
field: SQLite gets one prepared INSERT executed for every row, PostgreSQL a COPY; the primary keys are
reserved first, so that the caller knows them without reading the rows back. The rows must be valid
already (the importer's checks): nothing is validated here, and no signals are sent.
"""

import datetime
import json
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
from django.db import connection, models
from django.utils import timezone

_AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DecimalField,
    models.FloatField,
    models.ForeignKey,
)


_JSON = msgspec.json.Encoder()


def utc_text(value: datetime.datetime | None) -> str | None:
    """An aware datetime as Django's SQLite backend stores it: naive UTC text."""
    if value is None:
        return None
    if value.tzinfo is not datetime.UTC:  # most values are UTC already (the police feed's, the stamps)
        value = value.astimezone(datetime.UTC)
    return value.replace(tzinfo=None).isoformat(" ")


def _converter(field: models.Field) -> Callable | None:
    """How a field's value becomes a query parameter; None where it goes as it is."""
    if isinstance(field, models.DateTimeField):
        return utc_text if connection.vendor == "sqlite" else None
    if isinstance(field, models.JSONField):
        if field.encoder is None:  # msgspec: the same values as json.dumps writes, in a seventh of its time
            return lambda value: None if value is None else _JSON.encode(value).decode()
        return lambda value: None if value is None else json.dumps(value, cls=field.encoder)
    if isinstance(field, _AS_IS):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def insert_values(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """INSERT rows given as {attname: value}; a column a row leaves out gets the field's default (computed
    once: give a per-row default, such as a random reference, in every row). Returns the primary keys the
    rows were given, in order. Must run in a transaction, which reserves the keys."""
    ids = reserve_ids(model, len(rows))
    write(prepare(model, rows, ids))
    return ids


@dataclass(frozen=True)
class Prepared:
    """Rows converted to query parameters, ready for ``write``."""

    model: type[models.Model]
    parameters: list[list]


def prepare(model: type[models.Model], rows: Sequence[dict[str, Any]], ids: Sequence[int]) -> Prepared:
    """The rows as the backend takes them, with their primary keys (``reserve_ids``); no query is made."""
    fields = model._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}
    now = timezone.now()
    read = operator.itemgetter(*(f.attname for f in fields))
    stamped = {f.attname: now for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    converters = [(i, convert) for i, f in enumerate(fields) if (convert := _converter(f)) and f.attname not in stamped]
    for field in fields:  # the same time in every row: converted once
        if field.attname in stamped and (convert := _converter(field)):
            stamped[field.attname] = convert(now)
    parameters = []
    for pk, row in zip(ids, rows, strict=True):
        values = list(read({**defaults, **row, **stamped, model._meta.pk.attname: pk}))
        for i, convert in converters:
            values[i] = convert(values[i])
        parameters.append(values)
    return Prepared(model, parameters)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """The next ``count`` primary keys. PostgreSQL takes them from the sequence, for good, in or out of a
    transaction. SQLite takes the numbers after the largest ever given; that is safe only in a transaction,
    which there holds the write lock from its start (settings: IMMEDIATE). Knowing the keys up front spares
    a query to find them after the write."""
    if count == 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("on SQLite, keys are reserved in the transaction that writes them")
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max({quote(pk)}) FROM {quote(table)}), 0))",
            [table],
        )
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


def write(prepared: Prepared) -> None:
    """INSERT prepared rows: a COPY on PostgreSQL, one prepared INSERT executed for every row on SQLite."""
    if not prepared.parameters:
        return
    fields = prepared.model._meta.concrete_fields
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    table = quote(prepared.model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared.parameters:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})", prepared.parameters
            )
