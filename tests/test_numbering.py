import pytest
from hypothesis import given
from hypothesis import strategies as st

from publish.numbering import from_roman, series_label, to_roman


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n):
    assert from_roman(to_roman(n)) == n


@pytest.mark.parametrize(("n", "roman"), [(1, "I"), (4, "IV"), (9, "IX"), (10, "X"), (40, "XL"), (1944, "MCMXLIV")])
def test_known_numerals(n, roman):
    assert to_roman(n) == roman


@pytest.mark.parametrize("bad", ["", "IIII", "VX", "XM", "ABC", "IC"])
def test_non_canonical_numerals_are_refused(bad):
    with pytest.raises(ValueError):
        from_roman(bad)


def test_series_label_styles():
    assert series_label(10, 40).replace("\u00a0", " ") == "No. X of XL"
    assert series_label(10, 40, "arabic").replace("\u00a0", " ") == "No. 10 of 40"
