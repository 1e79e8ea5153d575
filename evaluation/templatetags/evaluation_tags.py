from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def p_value(value) -> str:
    """ "p = 0,003" as a reader takes it, and "p < 0,001" rather than a misleading "p = 0,000"."""
    if value is None:
        return "p –"
    return f"p < {floatformat(0.001, 3)}" if value < 0.001 else f"p = {floatformat(value, 3)}"
