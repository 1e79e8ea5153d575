"""An analyst's command line: hot spots and near repeats on one's own CSV export, and the evaluation of a
measure from before/after counts, as JSON on stdout.

    manage.py analyse hotspots FILE --x x --y y --cell 250 [--alpha 0.05] [--min-neighbourhood 5] \\
        [--study-area AREA.geojson] [--permutations 9999 --seed 1 [--ties esda]]
    manage.py analyse knox FILE --x x --y y --date date [--date-format %d/%m/%Y] \\
        --distance-bands 0.1,200,400,600 --time-bands 7,14,21 --permutations 99 [--seed 1]

    manage.py analyse wdd --target B,A --control B,A [--buffer B,A --buffer-control B,A] \\
        [--area-weights T,C,B,BC] [--time-weights B,A] [--alpha 0.05]
    manage.py analyse wdq --target B,A --control B,A [--buffer B,A]
    manage.py analyse etest N1 N2 [--exposure1 D1] [--exposure2 D2]

Coordinates are metres (--x/--y) or WGS84 (--lat/--lon, projected to SWEREF 99 TM). B,A: counts before, after.
"""

import csv
import datetime
import json
import math

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from analysis.evaluation import EvaluationError, compare_rates, wdd, wdq
from analysis.hotspots import gi_star_permutation, hot_spots_of_points, points_study
from analysis.nearrepeat import knox
from analysis.projection import to_sweref99tm
from trygg.calendar import local_days

HOTSPOT_METHOD = (
    "Getis-Ord Gi* per cell over the cell and its eight neighbours. Study area: {area}; each cell weighs by "
    "its share inside it. p = exact binomial tail of the neighbourhood count under independent uniform "
    "placement of the N events over the study area (share = the neighbourhood's area inside / the study "
    "area); two-sided (twice the smaller tail) where at least min_neighbourhood are expected, else the upper "
    "tail. Benjamini-Hochberg over the study area's cells (cells not tested enter with p = 1). A cell is "
    "listed when q <= alpha and it holds an event and its neighbourhood at least min_neighbourhood and more "
    "than expected (hot), or fewer than expected where at least min_neighbourhood are expected (cold)."
)

PERMUTATION_METHOD = (
    "Getis-Ord Gi* per cell over the cell and its eight neighbours. Study area: {area}; every cell with any "
    "share inside it counts as a whole cell. p = conditional permutation as in esda's G_Local "
    "({permutations} draws of the neighbours among the other cells of the area, the cell's own count held), "
    "{ties}; two-sided where at least min_neighbourhood are expected. Benjamini-Hochberg over the study "
    "area's cells, same listing rules as the exact test. The smallest possible p is {floor:.2g}, so on "
    "large grids nothing may pass the correction."
)

KNOX_METHOD = {
    "permutation": (
        "Knox test, space and time independent under {permutations} Monte Carlo permutations of the times over "
        "the places. p_value is per cell: with {cells} cells, on data without near repeats some cell has "
        "p_value <= 0.05 in far more than 5 % of runs. p_family controls the whole table (single-step max-T, "
        "Westfall-Young, on (count - exact permutation mean) / exact permutation sd): some cell has "
        "p_family <= 0.05 in at most 5 % of runs without near repeats."
    ),
    "normal": (
        "Knox test, space and time independent under random relabelling of the times: exact permutation "
        "mean and variance of each cell (Mantel 1967), normal approximation with continuity correction. "
        "p_value is per cell ({cells} cells: some cell has p_value <= 0.05 far more often than 5 % of runs "
        "without near repeats); p_family controls the whole table (Holm over the cells)."
    ),
}


def knox_method(result) -> str:
    return KNOX_METHOD[result.method].format(permutations=result.permutations, cells=result.observed.size)


PERMUTATION_TIES = {
    "each": "a draw equal to the observed sum counts on both sides (esda's p_sim counts it on the upper side "
    "only; the two agree without ties)",
    "esda": "ties counted as esda's p_sim does: on the upper side only (the lower side counts draws strictly below)",
}

HOTSPOT_RATE = (
    "On events placed at random over the study area, a run lists any hot or cold cell in at most a share "
    "alpha of runs: under that null every listed cell is false, so Benjamini-Hochberg's false-discovery "
    "bound is the chance of any finding on the map (relied on, measured in bench/calibration.py for 0.1 to "
    "10 events per cell). With real clusters, at most a share alpha of listed cells is expected to be noise."
)

STUDY_AREA_MAX_BYTES = 5_000_000
STUDY_AREA_MAX_VERTICES = 100_000


def _study_polygon(path: str, wgs84: bool):
    """A GeoJSON Polygon or MultiPolygon (bare, a Feature, or a FeatureCollection of them, joined) in the
    coordinates' reference system: metres as --x/--y, or longitude, latitude (GeoJSON order) with --lat/--lon."""
    import shapely
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    try:
        with open(path, "rb") as f:
            raw = f.read(STUDY_AREA_MAX_BYTES + 1)
    except OSError as error:
        raise CommandError(f"Kunde inte läsa --study-area {path}: {error.strerror}.") from None
    if len(raw) > STUDY_AREA_MAX_BYTES:
        raise CommandError(f"--study-area får vara högst {STUDY_AREA_MAX_BYTES // 1_000_000} MB.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
        if data.get("type") == "FeatureCollection":
            geometries = [feature["geometry"] for feature in data["features"]]
        elif data.get("type") == "Feature":
            geometries = [data["geometry"]]
        else:
            geometries = [data]
        shapes = [shape(g) for g in geometries]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, shapely.errors.ShapelyError):
        raise CommandError("--study-area måste vara GeoJSON med en Polygon eller MultiPolygon.") from None
    if not shapes or any(g.geom_type not in ("Polygon", "MultiPolygon") for g in shapes):
        raise CommandError("--study-area måste vara GeoJSON med en Polygon eller MultiPolygon.")
    if sum(shapely.get_num_coordinates(g) for g in shapes) > STUDY_AREA_MAX_VERTICES:
        raise CommandError(f"--study-area får ha högst {STUDY_AREA_MAX_VERTICES:,} hörn.".replace(",", " "))
    invalid = [explain_validity(g) for g in shapes if not g.is_valid]
    if invalid:
        raise CommandError(f"--study-area är ingen giltig polygon: {invalid[0]}.")
    polygon = shapely.union_all(shapes)
    if wgs84:
        bounds = polygon.bounds
        if not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
            raise CommandError("--study-area: med --lat/--lon ska polygonen vara longitud, latitud (WGS84).")
        polygon = shapely.transform(polygon, lambda xy: np.column_stack(to_sweref99tm(xy[:, 1], xy[:, 0])))
    if not polygon.is_valid or polygon.area <= 0:
        raise CommandError("--study-area har ingen yta.")
    return polygon


def _outside(polygon, x, y) -> int:
    import shapely

    shapely.prepare(polygon)
    return int((~shapely.intersects_xy(polygon, x, y)).sum())


def _floats(text: str, option: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f"{option} måste vara tal åtskilda med komma, t.ex. 0.1,200,400.") from None
    if not values or not all(math.isfinite(v) and v > 0 for v in values) or values != sorted(set(values)):
        raise CommandError(f"{option} måste vara positiva tal i stigande ordning.")
    return values


def _counts(text: str | None, option: str) -> tuple[float, ...] | None:
    """'B,A' (or more, for weights) as numbers; the statistics check signs and lengths."""
    if text is None:
        return None
    try:
        return tuple(float(part) for part in text.split(","))
    except ValueError:
        raise CommandError(f"{option} måste vara tal åtskilda med komma, t.ex. 20,12.") from None


def add_evaluation_arguments(sub) -> None:
    pairs = "antal före,efter, t.ex. 207,110"
    for name in ("wdd", "wdq"):
        p = sub.add_parser(name)
        p.add_argument("--target", required=True, help=f"målområdet: {pairs}")
        p.add_argument("--control", required=True, help=f"jämförelseområdet: {pairs}")
        p.add_argument("--buffer", help=f"bufferten runt målområdet: {pairs}")
    wdd_parser = sub.choices["wdd"]
    wdd_parser.add_argument("--buffer-control", help=f"buffertens jämförelseområde: {pairs}")
    wdd_parser.add_argument("--area-weights", help="ytvikter för mål, jämförelse, buffert, buffertens jämförelse")
    wdd_parser.add_argument("--time-weights", help="tidsvikter före,efter, t.ex. 2,1 för två år före och ett efter")
    wdd_parser.add_argument("--alpha", type=float, default=0.05)
    etest = sub.add_parser("etest")
    etest.add_argument("n1", type=int)
    etest.add_argument("n2", type=int)
    etest.add_argument("--exposure1", type=float, default=1.0, help="t.ex. antal dagar")
    etest.add_argument("--exposure2", type=float, default=1.0)


def _wdd(options) -> dict:
    buffer, buffer_control = (
        _counts(options["buffer"], "--buffer"),
        _counts(options["buffer_control"], "--buffer-control"),
    )
    if (buffer is None) != (buffer_control is None):
        raise CommandError("Ange både --buffer och --buffer-control, eller ingen av dem.")
    result = wdd(
        _counts(options["target"], "--target"),
        _counts(options["control"], "--control"),
        buffer or (0, 0),
        buffer_control or (0, 0),
        time_weights=_counts(options["time_weights"], "--time-weights") or (1, 1),
        area_weights=_counts(options["area_weights"], "--area-weights") or (1, 1, 1, 1),
        alpha=options["alpha"],
    )
    return {
        "estimate": result.estimate,
        "se": result.se,
        "z": result.z,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "p_value": result.p_value,
        "local": result.local,
        "displacement": result.displacement,
    }


def _wdq(options) -> dict:
    result = wdq(
        _counts(options["target"], "--target"),
        _counts(options["control"], "--control"),
        _counts(options["buffer"], "--buffer"),
    )
    return {
        "wdq": result.wdq,
        "success": result.success,
        "buffer": result.buffer,
        "total_net_effect": result.total_net_effect,
    }


def _etest(options) -> dict:
    result = compare_rates(options["n1"], options["n2"], options["exposure1"], options["exposure2"])
    return result.as_dict()


EVALUATIONS = {"wdd": _wdd, "wdq": _wdq, "etest": _etest}


class Command(BaseCommand):
    help = "Hot spots (Gi*) och near repeat (Knox) på en egen CSV-fil; resultatet som JSON."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="analysis", required=True)
        for name in ("hotspots", "knox"):
            p = sub.add_parser(name)
            p.add_argument("file")
            p.add_argument("--x", help="kolumn med x i meter")
            p.add_argument("--y", help="kolumn med y i meter")
            p.add_argument("--lat", help="kolumn med latitud (WGS84)")
            p.add_argument("--lon", help="kolumn med longitud (WGS84)")
            p.add_argument("--delimiter", default=",")
        hot = sub.choices["hotspots"]
        hot.add_argument("--cell", type=float, default=250.0)
        hot.add_argument("--alpha", type=float, default=0.05)
        hot.add_argument("--min-neighbourhood", type=int, default=5)
        hot.add_argument(
            "--permutations",
            type=int,
            default=None,
            help="villkorade permutationer som i esda; utan: exakta binomiala p-värden",
        )
        hot.add_argument("--seed", type=int, default=None, help="frö för permutationerna")
        hot.add_argument(
            "--ties",
            choices=sorted(PERMUTATION_TIES),
            default="each",
            help="lika dragningar: på båda sidor (each) eller bara uppåt som esdas p_sim (esda)",
        )
        hot.add_argument(
            "--study-area",
            default=None,
            help="GeoJSON-polygon för studieområdet, i koordinaternas referenssystem; utan: punkternas "
            "omslutande rektangel",
        )
        near = sub.choices["knox"]
        near.add_argument("--date", required=True, help="kolumn med datum")
        near.add_argument("--date-format", default=None, help="t.ex. %%d/%%m/%%Y; ISO 8601 som standard")
        near.add_argument("--distance-bands", required=True)
        near.add_argument("--time-bands", required=True)
        near.add_argument("--permutations", type=int, default=99)
        near.add_argument("--seed", type=int, default=0)
        near.add_argument(
            "--method",
            choices=("auto", "permutation", "normal"),
            default="auto",
            help="permutationer, normalapproximation (stora datamängder) eller auto (efter antalet par)",
        )
        add_evaluation_arguments(sub)

    def handle(self, *args, **options):
        if options["analysis"] in EVALUATIONS:
            try:
                result = EVALUATIONS[options["analysis"]](options)
            except EvaluationError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        rows = self._rows(options)
        x, y = self._coordinates(rows, options)
        if options["analysis"] == "hotspots":
            result = self._hotspots(x, y, options)
        else:
            result = self._knox(rows, x, y, options)
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _rows(self, options) -> list[dict]:
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f, delimiter=options["delimiter"]))
        except OSError as error:
            raise CommandError(f"Kunde inte läsa {options['file']}: {error.strerror}.") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"{options['file']} är ingen läsbar CSV-fil i UTF-8: {error}.") from None
        columns = [options[c] for c in ("x", "y", "lat", "lon", "date") if options.get(c)]
        missing = [c for c in columns if rows and c not in rows[0]]
        if missing:
            raise CommandError(f"Kolumn saknas: {', '.join(missing)}. Filen har: {', '.join(rows[0])}.")
        return rows

    def _coordinates(self, rows, options) -> tuple[np.ndarray, np.ndarray]:
        metres = options.get("x") and options.get("y")
        if not metres and not (options.get("lat") and options.get("lon")):
            raise CommandError("Ange --x och --y (meter) eller --lat och --lon (WGS84).")
        first, second = ("x", "y") if metres else ("lat", "lon")
        try:
            a = np.array([float(r[options[first]]) for r in rows])
            b = np.array([float(r[options[second]]) for r in rows])
        except (TypeError, ValueError) as error:
            raise CommandError(f"En koordinat är inget tal: {error}.") from None
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            raise CommandError("Koordinaterna måste vara ändliga tal.")
        return (a, b) if metres else to_sweref99tm(a, b)

    def _hotspots(self, x, y, options) -> dict:
        if len(x) < 3:
            raise CommandError("Minst tre händelser behövs.")
        if not (0 < options["alpha"] < 1) or options["cell"] <= 0:
            raise CommandError("--alpha måste ligga mellan 0 och 1 och --cell vara positiv.")
        rules = {"alpha": options["alpha"], "min_neighbourhood": options["min_neighbourhood"]}
        polygon = None
        if options["study_area"]:
            polygon = _study_polygon(options["study_area"], wgs84=not (options.get("x") and options.get("y")))
            outside = _outside(polygon, x, y)
            if outside:
                raise CommandError(f"{outside} av {len(x)} händelser ligger utanför --study-area.")
        area = "the polygon in --study-area" if polygon is not None else "the events' bounding box"
        permutations = options["permutations"]
        try:
            if permutations is None:
                study, result = hot_spots_of_points(x, y, options["cell"], polygon=polygon, **rules)
                method = HOTSPOT_METHOD.format(area=area)
            else:
                study = points_study(x, y, options["cell"], polygon)
                if not 99 <= permutations <= 99_999 or study.grid.rows * study.grid.cols > 1_000_000:
                    raise CommandError("--permutations måste ligga mellan 99 och 99 999, på högst en miljon rutor.")
                result = gi_star_permutation(
                    study.counts,
                    permutations=permutations,
                    seed=options["seed"],
                    study_area=study.weights,
                    ties=options["ties"],
                    **rules,
                )
                method = PERMUTATION_METHOD.format(
                    area=area,
                    permutations=permutations,
                    ties=PERMUTATION_TIES[options["ties"]],
                    floor=1 / (permutations + 1),
                )
        except ValueError as error:
            if "cells (at most" in str(error):
                raise CommandError(f"Rutnätet blir för stort ({error}): välj större --cell.") from None
            if "on a line" in str(error):
                raise CommandError("Händelserna ligger på en linje: ange --study-area.") from None
            raise
        grid = study.grid
        cells = []
        for row, col in zip(*np.nonzero(result.kind != ""), strict=True):
            xmin, ymin, xmax, ymax = grid.cell_bounds(int(row), int(col))
            cells.append(
                {
                    "x": (xmin + xmax) / 2,
                    "y": (ymin + ymax) / 2,
                    "count": int(study.counts[row, col]),
                    "share_in_study_area": round(float(study.weights[row, col]), 4),
                    "z": round(float(result.z[row, col]), 4),
                    "p": float(result.p[row, col]),
                    "q": float(result.q[row, col]),
                    "kind": result.kind[row, col],
                }
            )
        return {
            "grid": {"x0": grid.x0, "y0": grid.y0, "cell": grid.size, "rows": grid.rows, "cols": grid.cols},
            "study_area": {"kind": study.kind, "area_m2": round(study.area_m2, 1)},
            "events": int(study.counts.sum()),
            "cells_in_study_area": result.in_area,
            "tested": result.tested,
            "alpha": options["alpha"],
            "min_neighbourhood": options["min_neighbourhood"],
            "rate": HOTSPOT_RATE,
            "cells": cells,
            "method": method,
        }

    def _dates(self, rows, options) -> np.ndarray:
        """Calendar days on the wall clock since 1970-01-01: a date or a time without a zone is taken as
        written (no summer-time hour between two dates), one with a zone as its local time
        (settings.TIME_ZONE). Each distinct text is parsed once."""
        epoch, parsed, days = datetime.datetime(1970, 1, 1), {}, np.empty(len(rows))
        for number, row in enumerate(rows, start=2):
            text = (row.get(options["date"]) or "").strip()
            if text not in parsed:
                try:
                    when = (
                        datetime.datetime.strptime(text, options["date_format"])
                        if options["date_format"]
                        else datetime.datetime.fromisoformat(text)
                    )
                except ValueError:
                    shown = options["date_format"] or "ISO 8601 (ÅÅÅÅ-MM-DD)"
                    raise CommandError(f"Rad {number}: {text!r} är inget datum i formatet {shown}.") from None
                if when.tzinfo is None:
                    parsed[text] = (when - epoch) / datetime.timedelta(days=1)
                else:
                    parsed[text] = local_days(np.array([when.timestamp()]))[0]
            days[number - 2] = parsed[text]
        return days

    def _knox(self, rows, x, y, options) -> dict:
        if len(x) < 3:
            raise CommandError("Minst tre händelser behövs.")
        if not 1 <= options["permutations"] <= 100_000:
            raise CommandError("--permutations måste ligga mellan 1 och 100 000.")
        result = knox(
            x,
            y,
            self._dates(rows, options),
            _floats(options["distance_bands"], "--distance-bands"),
            _floats(options["time_bands"], "--time-bands"),
            permutations=options["permutations"],
            seed=options["seed"],
            method=options["method"],
        )

        def table(values) -> list:
            return [[None if np.isnan(v) else round(float(v), 4) for v in row] for row in values]

        return {
            "events": result.events,
            "distance_bands": [list(b) for b in result.distance_bands],
            "time_bands": [list(b) for b in result.time_bands],
            "observed": result.observed.tolist(),
            "expected": table(result.expected),
            "ratio_median": table(result.ratio_median),
            "p_value": table(result.p_value),
            "p_family": table(result.p_family),
            "test": result.method,
            "method": knox_method(result),
        }
