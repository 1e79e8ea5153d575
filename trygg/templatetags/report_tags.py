from django import template

register = template.Library()

WEEKDAY_NAMES = ["mån", "tis", "ons", "tors", "fre", "lör", "sön"]


@register.filter
def signed_change(now: int, before: int) -> str:
    """'+3', '−2' or '±0' (with a real minus sign, as Swedish typography has it)."""
    delta = int(now) - int(before)
    return f"+{delta}" if delta > 0 else (f"−{-delta}" if delta < 0 else "±0")


@register.filter
def p_value(p) -> str:
    """A p-value as a Swede reads it: "< 0,001" below a thousandth, else at most two significant digits with
    a decimal comma; "–" where there is none."""
    if p is None or p == "":
        return "–"
    p = float(p)
    if p < 0.001:
        return "< 0,001"
    return f"{p:.2g}".replace(".", ",")


@register.simple_tag
def matrix_rows(matrix: list[list[int]]) -> list[dict]:
    """Rows of the weekday × hour matrix with a 0–4 intensity level per cell."""
    peak = max((max(row) for row in matrix), default=0) or 1
    return [
        {
            "day": WEEKDAY_NAMES[i],
            "cells": [{"n": n, "level": 0 if n == 0 else 1 + min(3, int(3 * n / peak))} for n in row],
        }
        for i, row in enumerate(matrix)
    ]


@register.filter
def bar_width(value: int, values: list[int]) -> int:
    peak = max(values, default=0) or 1
    return round(100 * int(value) / peak)


@register.simple_tag
def hotspot_summary(cells: list[dict]) -> dict[str, int]:
    summary = {"new": 0, "persistent": 0, "ended": 0, "cold": 0}
    for cell in cells:
        summary[cell["class"]] = summary.get(cell["class"], 0) + 1
    return summary
