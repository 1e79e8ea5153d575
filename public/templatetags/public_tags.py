from django import template

from privacy.suppression import suppress
from programme.snapshot import Indicator
from public import selectors
from public.selectors import indicator_share, indicator_value

register = template.Library()


@register.filter
def suppressed(count):
    """A public count: '<5' under the threshold, never the exact small number."""
    value = suppress(count)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@register.filter
def percent(progress) -> str:
    return "–" if progress is None else f"{round(progress * 100)} %"


@register.simple_tag
def public_progress(indicator: Indicator):
    return indicator_share(indicator)


@register.filter
def public_value(indicator: Indicator):
    """An indicator's value as the public sees it (public.selectors.indicator_value), whole numbers plain."""
    value = indicator_value(indicator)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@register.filter
def target_phrase(indicator: Indicator) -> str:
    return selectors.target_phrase(indicator)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def status_label(status: str) -> str:
    from programme.models import PromiseStatus

    return str(dict(PromiseStatus.Status.choices).get(status, "–"))


@register.filter
def get_item_at(items, index: int):
    """items[index] in a template (a column's heading for its cells)."""
    try:
        return items[index]
    except (IndexError, TypeError):
        return ""
