"""The audit log in words: "Löfte 'Fler vuxna ute' ändrat av samordnare: Status Försenat → Pågår",
not "programme.FollowUp 3 · status: delayed → ongoing". Reads only."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .models import AuditEntry


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryRow:
    entry: AuditEntry
    kind: str  # the object's type in words ("Löfte")
    changes: list[Change]
    url: str | None  # the object's page, where it has one and still exists


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return next((f for f in model._meta.concrete_fields if f.attname == name), None)


def _value(field, value) -> str:
    """A stored value as a reader understands it: choice labels, Ja/Nej, dates the Swedish way."""
    if value is None or value == "":
        return "–"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, list):
        return ", ".join(_value(None, v) for v in value) or "–"
    if isinstance(value, str):
        moment = parse_datetime(value) if "T" in value or " " in value and ":" in value else None
        if moment is not None:
            moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
            return formats.date_format(moment, "j F Y H:i")
        day = parse_date(value) if len(value) == 10 else None
        if day is not None:
            return formats.date_format(day, "j F Y")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(value)


def _label(field, name: str) -> str:
    if field is None:
        return name
    if isinstance(field, models.ForeignObjectRel):  # a count of related objects, e.g. a survey's results
        label = str(field.related_model._meta.verbose_name_plural)
    else:
        label = str(getattr(field, "verbose_name", name))
    return label[:1].upper() + label[1:]


def _url(model, object_id: str) -> str | None:
    if model is None or not hasattr(model, "get_absolute_url"):
        return None
    instance = model._default_manager.filter(pk=object_id).first() if object_id.isdigit() else None
    return instance.get_absolute_url() if instance is not None else None


def describe(entry: AuditEntry) -> HistoryRow:
    model = _model(entry.object_type)
    kind = str(model._meta.verbose_name).capitalize() if model else entry.object_type
    changes = []
    for name, (before, after) in entry.changes.items():
        field = _field(model, name)
        changes.append(Change(_label(field, name), _value(field, before), _value(field, after)))
    return HistoryRow(entry, kind, changes, _url(model, entry.object_id))


def object_types(entries) -> list[tuple[str, str]]:
    """(object_type, type in words) for a filter, sorted by the words."""
    types = entries.order_by().values_list("object_type", flat=True).distinct()
    labelled = [(t, str(m._meta.verbose_name).capitalize() if (m := _model(t)) else t) for t in types]
    return sorted(labelled, key=lambda pair: pair[1])
