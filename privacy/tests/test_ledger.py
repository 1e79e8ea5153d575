"""The ledger of published figures and complementary suppression: the rules themselves, with the database."""

import threading
import time

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from privacy import ledger
from privacy.models import PublishedFigure
from privacy.suppression import SUPPRESSED, THRESHOLD, WITHHELD, hidden_in_table, hidden_with_complements, suppress


def _ids(first: int, last: int) -> dict[str, int]:
    return ledger.incidents(range(first, last))


@pytest.mark.django_db
def test_a_figure_differing_from_an_earlier_one_by_a_few_is_withheld():
    assert ledger.publish(municipality_id=1, publication="a", figures={"ring": _ids(2, 12)}) == {"ring": True}
    # The larger target holds the ring and two more: target − ring = 2.
    assert ledger.publish(municipality_id=1, publication="b", figures={"target": _ids(0, 12)}) == {"target": False}
    assert PublishedFigure.objects.filter(publication="b", exact=False, count=12).exists()


@pytest.mark.django_db
def test_equal_disjoint_and_far_apart_figures_are_shown():
    ledger.publish(municipality_id=1, publication="a", figures={"x": _ids(0, 10)})
    decided = ledger.publish(
        municipality_id=1,
        publication="b",
        figures={"same": _ids(0, 10), "disjoint": _ids(100, 107), "wider": _ids(0, 15), "other": _ids(5, 12)},
    )
    # 'other' overlaps 'x' by 5 and lacks 5 of it, but has only 2 that 'x' lacks: withheld.
    assert decided == {"same": True, "disjoint": True, "wider": True, "other": False}


@pytest.mark.django_db
def test_small_figures_are_recorded_but_never_exact_and_municipalities_are_apart():
    assert ledger.publish(municipality_id=1, publication="a", figures={"few": _ids(0, 3)}) == {"few": False}
    assert ledger.publish(municipality_id=1, publication="b", figures={"more": _ids(0, 9)}) == {"more": True}
    assert ledger.publish(municipality_id=2, publication="c", figures={"x": _ids(0, 7)}) == {"x": True}


@given(st.sets(st.integers(0, 40)), st.sets(st.integers(0, 40)))
def test_isolates_few_is_exactly_a_small_nonzero_difference(a, b):
    first, second = ledger.incidents(a), ledger.incidents(b)
    expected = bool(a & b) and any(0 < len(x - y) < THRESHOLD for x, y in ((a, b), (b, a)))
    assert ledger.isolates_few(first, second) is expected


def test_withheld_and_suppressed_read_as_they_should():
    assert suppress(3, exact=False) == SUPPRESSED and suppress(30, exact=False) == WITHHELD and suppress(30) == 30


def test_complementary_suppression_hides_a_second_area_and_enough_respondents():
    sizes = {"Mariefred": 20, "Tätort": 60, "Åker": 40, "Hela kommunen": 120}
    assert hidden_with_complements(sizes, 30, whole_inside=True) == {"Mariefred", "Åker"}
    assert hidden_with_complements({"a": 5, "b": 6, "c": 100, "d": 200}, 30) == {"a", "b", "c"}
    assert hidden_with_complements({"a": 50, "b": 60, "c": 100}, 30) == set()
    assert hidden_with_complements({"whole": 120, "part": 12}, 30, whole_inside=True) == {"part"}
    assert hidden_with_complements({"a": 3, "b": 6}, 5) == {"a", "b"}  # their sum may be known elsewhere


@pytest.mark.django_db(transaction=True)
def test_two_publications_at_once_are_checked_against_each_other(settings):
    """Two threads publish figures two apart at the same time: one of them is withheld, never both exact."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the row lock matters on PostgreSQL")
    settings.LEDGER_SHOWN_ELSEWHERE = ["privacy.tests.test_ledger.slow_cells"]  # widens the window
    results, barrier = {}, threading.Barrier(2)

    def publish(name, figure):
        barrier.wait()
        try:
            decided = ledger.publish(municipality_id=9, publication=name, figures={name: figure}, period=(None, None))
            results[name] = decided[name]
        finally:
            connection.close()

    threads = [
        threading.Thread(target=publish, args=("a", _ids(0, 10))),
        threading.Thread(target=publish, args=("b", _ids(0, 12))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [False, True]


def _solvable(rows, hidden) -> bool:
    """Whether one equation gives a hidden cell away: a row's total with exactly one hidden cell, or a
    column's sum (which another table may give) with one hidden cell or hidden cells under the threshold
    together, while the column shows something to subtract."""
    width = len(rows[0])
    if any(sum((i, j) in hidden for j in range(width)) == 1 for i in range(len(rows))):
        return True
    for j in range(width):
        mine = [i for i in range(len(rows)) if (i, j) in hidden]
        if mine and len(mine) < len(rows) and (len(mine) == 1 or sum(rows[i][j] for i in mine) < THRESHOLD):
            return True
    return False


@given(st.lists(st.lists(st.integers(0, 12), min_size=4, max_size=4), min_size=1, max_size=5), st.integers(1, 4))
def test_no_row_or_column_of_a_table_solves_one_hidden_cell(years, width):
    rows = [[*r[:width], sum(r[:width])] for r in years]
    hidden = hidden_in_table(rows)
    assert all((i, j) in hidden for i, row in enumerate(rows) for j, n in enumerate(row) if n < THRESHOLD)
    assert not _solvable(rows, hidden)


@pytest.mark.django_db
def test_a_partition_s_cells_are_checked_as_unions(settings):
    """Cells of 10, 10 and 3 (the last suppressed, so not given): a figure of the first two and one record
    of the third is 21 − 20 = 1 over the cells inside it; a figure of 8 of the first cell is 10 − 8 = 2
    under the cell covering it; a figure over two whole cells and other months is fine."""
    settings.LEDGER_SHOWN_ELSEWHERE = ["privacy.tests.test_ledger.cells_for_test"]
    decided = ledger.publish(
        municipality_id=1,
        publication="a",
        figures={
            "one over": _ids(0, 21),
            "two under": _ids(0, 8),
            "whole": _ids(0, 20),
            "wider": _ids(0, 20) | _ids(100, 140),
        },
        period=(None, None),
    )
    assert decided == {"one over": False, "two under": False, "whole": True, "wider": True}


def cells_for_test(municipality_id, first, last):
    return [_ids(0, 10), _ids(10, 20)]


def slow_cells(municipality_id, first, last):
    time.sleep(0.5)
    return []
