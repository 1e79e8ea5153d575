from django import template

from trygg.calendar import short_date

register = template.Library()


@register.filter
def kort(value, arg: str = ""):
    """{{ log.started_at|kort }} → "24 nov. 20:00"; {{ day|kort:"utan tid" }} → "24 nov."."""
    if value in (None, ""):
        return ""
    return short_date(value, with_time=arg != "utan tid")
