"""Place outlines (GeoJSON polygons): bounded, closed, valid and inside their municipality; and the one
answer to whether a point lies in a municipality (municipality_area), which every intake of incidents asks.

The size is capped before any geometry is built, so that a huge outline cannot slow every page that
draws it; validity (no self-intersection) and containment are checked with Shapely.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import MultiPoint, Polygon, shape
from shapely.validation import explain_validity

from trygg.geojson import check_value

MAX_VERTICES = 2000
MAX_RINGS = 20
# The outlines are coarsely simplified: a place may lie this far (degrees, about 2 km) outside its line.
MARGIN_DEGREES = 0.03
# A municipality without an outline is bounded by the extent of its places instead, which lie well inside
# its border: this far (degrees, about 11 km north–south and 5 km east–west) around them.
EXTENT_MARGIN_DEGREES = 0.1
OUTLINES = Path(__file__).parent / "data" / "municipalities.geojson"


@lru_cache(maxsize=1)
def _outlines() -> dict:
    with open(OUTLINES, encoding="utf-8") as f:
        return {feature["properties"]["id"]: feature["geometry"] for feature in json.load(f)["features"]}


@lru_cache(maxsize=300)
def municipality_outline(code: str):
    geometry = _outlines().get(code)
    return shape(geometry).buffer(MARGIN_DEGREES) if geometry else None


def outline_bounds(code: str) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) of the municipality's outline, None for a code without one."""
    geometry = _outlines().get(code)
    if geometry is None:
        return None
    west, south, east, north = shape(geometry).bounds
    return (south, west), (north, east)


@dataclass(frozen=True)
class Area:
    """Where a municipality's points may lie: its outline with MARGIN_DEGREES, or (a code the outlines
    file lacks) the extent of its places, their points and drawn outlines, with EXTENT_MARGIN_DEGREES.
    Prepared once, so that a check costs microseconds (an import checks every row)."""

    geometry: object
    from_outline: bool

    def contains(self, latitude, longitude) -> bool:
        return bool(shapely.contains_xy(self.geometry, float(longitude), float(latitude)))

    def contains_all(self, latitudes, longitudes) -> list[bool]:
        return shapely.contains_xy(self.geometry, [float(x) for x in longitudes], [float(y) for y in latitudes])


@lru_cache(maxsize=300)
def _outline_area(code: str) -> Area | None:
    outline = municipality_outline(code)
    if outline is None:
        return None
    shapely.prepare(outline)
    return Area(outline, from_outline=True)


def municipality_area(municipality_code: str | None) -> Area | None:
    """The area a point in the municipality must lie in: its outline (places/data/municipalities.geojson),
    else the extent of its places (points and drawn outlines, active or not) with a margin.

    None when there is nothing to check against: a code without an outline whose municipality has no
    places yet. Such a point is then bounded only by Sweden (the coordinate fields' limits); the first
    named place bounds the next. Not cached for the extent: places change."""
    if not municipality_code:
        return None
    area = _outline_area(municipality_code)
    if area is not None:
        return area
    from .models import Place  # the models import this module

    corners = []
    for latitude, longitude, outline in Place.objects.filter(municipality__code=municipality_code).values_list(
        "latitude", "longitude", "area"
    ):
        corners.append((float(longitude), float(latitude)))
        if isinstance(outline, dict) and outline.get("type") == "Polygon":
            corners.extend(tuple(p) for ring in outline.get("coordinates") or [] for p in ring if _is_position(p))
    if not corners:
        return None
    west, south, east, north = MultiPoint(corners).bounds
    extent = shapely.box(west, south, east, north).buffer(EXTENT_MARGIN_DEGREES, join_style="mitre")
    shapely.prepare(extent)
    return Area(extent, from_outline=False)


def validate_point(latitude, longitude, municipality_code: str | None) -> None:
    """A point (WGS84) inside the municipality's area (municipality_area); ValidationError else."""
    area = municipality_area(municipality_code)
    if area is not None and not area.contains(latitude, longitude):
        raise ValidationError(_("Platsen ligger utanför kommunen. Markera en plats i kommunen på kartan."))


def _fail(message: str):
    raise ValidationError({"area": message})


def _is_position(p) -> bool:
    return (
        isinstance(p, list)
        and len(p) == 2
        and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in p)
        and -180 <= p[0] <= 180
        and -90 <= p[1] <= 90
    )


def validate_polygon(area, municipality_code: str | None = None) -> None:
    """A GeoJSON Polygon (WGS84) of at most MAX_VERTICES closed, valid rings, inside the municipality."""
    try:
        check_value(area)
    except ValidationError as error:
        raise ValidationError({"area": error.messages}) from None
    if not isinstance(area, dict) or area.get("type") != "Polygon" or not isinstance(area.get("coordinates"), list):
        _fail(_("Området måste vara en GeoJSON-polygon (type Polygon med coordinates)."))
    rings = area["coordinates"]
    if not 1 <= len(rings) <= MAX_RINGS or not all(isinstance(ring, list) for ring in rings):
        _fail(_("Området måste ha mellan 1 och %(n)s ringar.") % {"n": MAX_RINGS})
    vertices = sum(len(ring) for ring in rings)
    if vertices > MAX_VERTICES:
        _fail(_("Området har %(v)s punkter; högst %(n)s punkter tas emot.") % {"v": vertices, "n": MAX_VERTICES})
    for ring in rings:
        if len(ring) < 4 or not all(_is_position(p) for p in ring):
            _fail(_("Varje ring måste ha minst fyra punkter, var och en [longitud, latitud]."))
        if ring[0] != ring[-1]:
            _fail(_("Varje ring måste vara sluten: sista punkten ska vara densamma som den första."))
    polygon = Polygon(rings[0], rings[1:])
    if not polygon.is_valid:
        _fail(
            _("Området är ingen giltig polygon (kanten korsar sig själv?): %(why)s")
            % {"why": explain_validity(polygon)}
        )
    outline = municipality_outline(municipality_code) if municipality_code else None
    if outline is not None and not outline.contains(polygon):
        _fail(_("Området ligger utanför kommunen."))
