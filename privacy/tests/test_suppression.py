from hypothesis import given
from hypothesis import strategies as st

from privacy.suppression import SUPPRESSED, THRESHOLD, row_total, suppress


@given(st.integers(min_value=0, max_value=4))
def test_small_counts_are_never_exact(n):
    assert suppress(n) == SUPPRESSED


@given(st.integers(min_value=5, max_value=10**9))
def test_other_counts_are_shown(n):
    assert suppress(n) == n


def test_none_stays_none():
    assert suppress(None) is None


def test_a_row_total_is_exact_only_with_every_cell_shown():
    assert row_total([5, 6, 7]) == (18, 18)
    assert row_total([]) == (0, 0)
    assert row_total([6, 0, 0]) == (None, 6)  # "at least 6": the "<5" might be anything
    assert row_total([6, 5, 7, 2]) == (None, 18)  # the exact 20 would give the 2 away
    assert row_total([1, 2, 1]) == (SUPPRESSED, 0)
    assert row_total([4, 4, 3]) == (None, THRESHOLD)  # all hidden, 11 in all: at least the threshold


@given(st.lists(st.integers(min_value=0, max_value=30), max_size=6))
def test_a_row_total_never_tells_more_than_its_cells(counts):
    shown, bound = row_total(counts)
    published = sum(n for n in counts if n >= THRESHOLD)
    assert bound <= sum(counts)
    if shown is None or shown == SUPPRESSED:
        assert bound in (published, THRESHOLD, 0)
    else:
        assert all(n >= THRESHOLD for n in counts) and shown == bound == published
