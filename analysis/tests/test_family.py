"""One correction over the whole weekly map: calibrated on random towns, and still finding a planted cluster."""

import math

import numpy as np
import pytest

from analysis.family import one_family
from analysis.hotspots import Grid, gi_star_significance, grid_counts


def blocks_town(rng, n):
    """n points uniform over a town of whole 250 m cells: three random rectangles of cells."""
    cells = set()
    for _ in range(3):
        r0, c0 = rng.integers(0, 30, 2)
        h, w = rng.integers(4, 20, 2)
        cells |= {(r, c) for r in range(r0, r0 + h) for c in range(c0, c0 + w)}
    cells = np.array(sorted(cells))
    pick = cells[rng.integers(0, len(cells), n)]
    return (pick[:, 1] + rng.random(n)) * 250, (pick[:, 0] + rng.random(n)) * 250, len(cells)


def weekly_map(x, y, week):
    """The weekly report's map: the year's cells with incidents as study area, the last four weeks against the
    four before, one family."""
    grid = Grid.covering(x, y, 250)
    area = grid_counts(x, y, grid) > 0
    now, before = week >= 48, (week >= 44) & (week < 48)
    results = [gi_star_significance(grid_counts(x[w], y[w], grid), study_area=area) for w in (now, before)]
    return one_family(results, area), grid


@pytest.mark.parametrize("per_cell", [0.1, 1.0, 3.0, 10.0])
def test_on_random_towns_the_map_shows_anything_at_most_one_week_in_twenty(per_cell):
    """Incidents uniform over the town, 52 weeks, ``per_cell`` incidents per cell in four weeks: any hot or cold
    cell in either period is a false alarm. Bound: 5 % plus three binomial standard errors."""
    rng = np.random.default_rng(int(per_cell * 100))
    runs, alarms = 80, 0
    for _ in range(runs):
        town_seed = int(rng.integers(1 << 30))
        _x, _y, cells = blocks_town(np.random.default_rng(town_seed), 1)
        n = max(3, int(per_cell * cells)) * 13
        x, y, _cells = blocks_town(np.random.default_rng(town_seed), n)
        verdicts, _grid = weekly_map(x, y, rng.integers(0, 52, size=n))
        alarms += any((v != "").any() for v in verdicts)
    assert alarms / runs <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / runs)


def test_a_planted_cluster_in_the_last_weeks_is_a_hot_spot():
    rng = np.random.default_rng(7)
    x, y, _cells = blocks_town(rng, 2000)
    week = rng.integers(0, 52, size=len(x))
    cx, cy = x[0], y[0]
    x = np.concatenate([x, cx + rng.normal(0, 60, 15)])
    y = np.concatenate([y, cy + rng.normal(0, 60, 15)])
    week = np.concatenate([week, np.full(15, 50)])
    (now, _before), grid = weekly_map(x, y, week)
    row, col = int((cy - grid.y0) // 250), int((cx - grid.x0) // 250)
    assert (now[max(row - 1, 0) : row + 2, max(col - 1, 0) : col + 2] == "hot").any()


def test_correcting_two_periods_together_is_stricter_than_one_by_one():
    p = np.full((4, 4), 1.0)
    p[0, 0] = 0.004
    z = np.ones((4, 4))

    class Result:
        pass

    one = Result()
    one.p, one.z = p, z
    area = np.ones((4, 4), dtype=bool)
    # BH over 16 cells: the smallest p passes at 0.05 / 16 = 0.003125; over two periods, 32 cells, at 0.05 / 32.
    assert (one_family([one], area)[0] == "").all()
    p[0, 0] = 0.003
    assert one_family([one], area)[0][0, 0] == "hot"
    assert one_family([one, one], area)[0][0, 0] == "hot"  # two hits: BH's second step, 2 × 0.05/32
    two = Result()
    two.p, two.z = np.ones((4, 4)), z
    assert (one_family([one, two], area)[0] == "").all()


def test_results_on_another_grid_are_refused():
    class Result:
        p = np.ones((2, 2))
        z = np.zeros((2, 2))

    with pytest.raises(ValueError):
        one_family([Result()], np.ones((3, 3), dtype=bool))
