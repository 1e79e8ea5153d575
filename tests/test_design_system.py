"""Trygg's design system (static/css/trygg.css): every colour is a token, and the tokens
used together meet WCAG 2.1 AA: 4.5:1 for text (1.4.3), 3:1 for the edges of controls and the focus ring
against what surrounds them (1.4.11)."""

import re
from pathlib import Path

import pytest

CSS_DIR = Path(__file__).resolve().parents[1] / "static" / "css"
CSS = (CSS_DIR / "trygg.css").read_text(encoding="utf-8")
ROOT = re.search(r":root\s*\{(.*?)\n\}", CSS, re.S)
COLOUR_LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgb|rgba|hsl|hsla)\(")

# (foreground, background) as the components pair them.
TEXT_PAIRS = [
    ("--ink", "--white"),
    ("--muted", "--white"),
    ("--link", "--white"),
    ("--white", "--accent"),  # header, primary buttons
    ("--accent", "--white"),  # secondary buttons
    ("--white", "--error"),  # danger buttons
    ("--error", "--white"),  # field errors
    ("--accent-ink", "--accent-soft"),  # tags
    ("--ok", "--ok-soft"),
    ("--ok-ink", "--ok-soft"),
    ("--draft-ink", "--draft-soft"),
    ("--error-ink", "--error-soft"),
    ("--warn-ink", "--warn-soft"),
    ("--ink", "--bg-soft"),
    ("--muted", "--bg-soft"),
    ("--white", "--heat-3"),
    ("--white", "--heat-4"),
]
EDGE_PAIRS = [
    ("--field-border", "--white"),  # input borders
    ("--accent", "--white"),  # button borders
    ("--ink", "--white"),  # the focus ring's dark part on white
    ("--focus", "--accent"),  # its yellow part on the header and primary buttons
    ("--focus", "--ink"),
]


def tokens() -> dict[str, str]:
    declared = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", ROOT.group(1)))
    resolved = {}
    for name, value in declared.items():
        while (alias := re.fullmatch(r"var\((--[\w-]+)\)", value.strip())) is not None:
            value = declared[alias.group(1)]
        resolved[name] = value.strip()
    return resolved


def luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_wcags_reference_values():
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#767676", "#fff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes
    assert contrast("#777", "#fff") < 4.5


def test_every_colour_outside_the_tokens_is_a_token():
    outside = CSS[: ROOT.start()] + CSS[ROOT.end() :]
    assert COLOUR_LITERAL.findall(re.sub(r"/\*.*?\*/", "", outside, flags=re.S)) == []


@pytest.mark.parametrize("foreground, background", TEXT_PAIRS)
def test_text_pairs_meet_aa(foreground, background):
    colours = tokens()
    assert contrast(colours[foreground], colours[background]) >= 4.5


@pytest.mark.parametrize("foreground, background", EDGE_PAIRS)
def test_control_edges_and_the_focus_ring_meet_aa(foreground, background):
    colours = tokens()
    assert contrast(colours[foreground], colours[background]) >= 3.0


def test_the_type_scale_and_spacing_are_tokens_the_components_use():
    colours = tokens()
    assert {"--step-0", "--step-1", "--step-2", "--step-3", "--space-1", "--space-3", "--tap"} <= colours.keys()
    assert "var(--step-3)" in re.search(r"\bh1 \{[^}]*\}", CSS).group(0)
    assert "min-height: var(--tap)" in re.search(r"button, \.button \{[^}]*\}", CSS).group(0)


def test_the_maps_take_their_colours_from_the_tokens():
    scripts = {p.name: p.read_text(encoding="utf-8") for p in (CSS_DIR.parent / "js").glob("*.js")}
    assert {name: found for name, text in scripts.items() if (found := COLOUR_LITERAL.findall(text))} == {}
    named = set(re.findall(r'TryggDom\.colour\("(--[\w-]+?)"\)', "".join(scripts.values())))
    named |= {f"--density-{level}" for level in range(4)}  # report-map.js builds these four names
    assert named - tokens().keys() == set()
