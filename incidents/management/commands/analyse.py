"""An analyst's command line: hot spots and near repeats on one's own CSV export, as JSON on stdout.

    manage.py analyse hotspots FILE --x x --y y --cell 250 [--alpha 0.05] [--min-neighbourhood 5]
    manage.py analyse knox FILE --x x --y y --date date [--date-format %d/%m/%Y] \\
        --distance-bands 0.1,200,400,600 --time-bands 7,14,21 --permutations 99 [--seed 1]

Coordinates are metres (--x/--y) or WGS84 (--lat/--lon, projected to SWEREF 99 TM).
"""

import csv
import datetime
import json
import math

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from analysis.hotspots import Grid, gi_star_permutation, gi_star_significance, grid_counts
from analysis.nearrepeat import knox
from analysis.projection import to_sweref99tm

HOTSPOT_METHOD = (
    "Getis-Ord Gi* per cell over the cell and its eight neighbours; p = exact binomial tail of the "
    "neighbourhood count under random placement of all events over the grid; Benjamini-Hochberg over every "
    "cell; a cell is listed when q <= alpha, it holds an event and its neighbourhood at least "
    "min_neighbourhood (hot), or fewer than expected where that many are expected (cold)."
)


PERMUTATION_METHOD = (
    "Getis-Ord Gi* per cell over the cell and its eight neighbours; p = conditional permutation as esda's "
    "G_Local p_sim ({permutations} draws of the neighbours among the other cells, the cell's own count held; "
    "each side counts its ties); Benjamini-Hochberg over every cell, same listing rules as the exact test. "
    "The smallest possible p is {floor:.2g}, so on large grids nothing may pass the correction."
)


def _floats(text: str, option: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f"{option} måste vara tal åtskilda med komma, t.ex. 0.1,200,400.") from None
    if not values or not all(math.isfinite(v) and v > 0 for v in values) or values != sorted(set(values)):
        raise CommandError(f"{option} måste vara positiva tal i stigande ordning.")
    return values


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
            help="villkorade permutationer som esda (p_sim); utan: exakta binomiala p-värden",
        )
        hot.add_argument("--seed", type=int, default=None, help="frö för permutationerna")
        near = sub.choices["knox"]
        near.add_argument("--date", required=True, help="kolumn med datum")
        near.add_argument("--date-format", default=None, help="t.ex. %%d/%%m/%%Y; ISO 8601 som standard")
        near.add_argument("--distance-bands", required=True)
        near.add_argument("--time-bands", required=True)
        near.add_argument("--permutations", type=int, default=99)
        near.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):
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
        grid = Grid.covering(x, y, options["cell"])
        if grid.rows * grid.cols > 25_000_000:
            raise CommandError("Rutnätet blir för stort: välj större --cell.")
        counts, rules = (
            grid_counts(x, y, grid),
            {"alpha": options["alpha"], "min_neighbourhood": options["min_neighbourhood"]},
        )
        permutations = options["permutations"]
        if permutations is None:
            result, method = gi_star_significance(counts, **rules), HOTSPOT_METHOD
        elif not 99 <= permutations <= 99_999 or grid.rows * grid.cols > 1_000_000:
            raise CommandError("--permutations måste ligga mellan 99 och 99 999, på högst en miljon rutor.")
        else:
            result = gi_star_permutation(counts, permutations=permutations, seed=options["seed"], **rules)
            method = PERMUTATION_METHOD.format(permutations=permutations, floor=1 / (permutations + 1))
        cells = []
        for row, col in zip(*np.nonzero(result.kind != ""), strict=True):
            xmin, ymin, xmax, ymax = grid.cell_bounds(int(row), int(col))
            cells.append(
                {
                    "x": (xmin + xmax) / 2,
                    "y": (ymin + ymax) / 2,
                    "count": int(grid_counts(x, y, grid)[row, col]),
                    "z": round(float(result.z[row, col]), 4),
                    "p": float(result.p[row, col]),
                    "kind": result.kind[row, col],
                }
            )
        return {"tested": result.tested, "cells": cells, "method": method}

    def _dates(self, rows, options) -> np.ndarray:
        days = []
        for number, row in enumerate(rows, start=2):
            text = (row.get(options["date"]) or "").strip()
            try:
                when = (
                    datetime.datetime.strptime(text, options["date_format"])
                    if options["date_format"]
                    else datetime.datetime.fromisoformat(text)
                )
            except ValueError:
                shown = options["date_format"] or "ISO 8601 (ÅÅÅÅ-MM-DD)"
                raise CommandError(f"Rad {number}: {text!r} är inget datum i formatet {shown}.") from None
            days.append(when.replace(tzinfo=None).timestamp() / 86400)
        return np.array(days)

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
        }
