from hypothesis import given
from hypothesis import strategies as st

from privacy.suppression import SUPPRESSED, suppress


@given(st.integers(min_value=0, max_value=4))
def test_small_counts_are_never_exact(n):
    assert suppress(n) == SUPPRESSED


@given(st.integers(min_value=5, max_value=10**9))
def test_other_counts_are_shown(n):
    assert suppress(n) == n


def test_none_stays_none():
    assert suppress(None) is None
