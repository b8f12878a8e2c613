"""Vectorised helpers over segments: the block median agrees with the two-key sort."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from qikit.charts import _segments
from qikit.charts._segments import Seg, seg_median

values = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([0.0, -0.5, 1.0, 2.0, np.nan, np.inf, -np.inf]),
)


@given(
    lengths=st.lists(st.integers(1, 12), min_size=1, max_size=8),
    data=st.data(),
)
def test_block_median_equals_the_sort_on_two_keys(lengths, data):
    size = sum(lengths)
    y = np.array(data.draw(st.lists(values, min_size=size, max_size=size)))
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=size, max_size=size)))
    codes = np.repeat(np.arange(len(lengths)), lengths)
    for m in (mask, np.ones(size, dtype=bool)):
        fast = seg_median(y, Seg(codes), m, len(lengths))
        slow = seg_median(y, codes, m, len(lengths))  # codes only: the two-key sort
        np.testing.assert_array_equal(fast, slow)


def test_equal_blocks_sorted_row_by_row():
    rng = np.random.default_rng(8)
    y = rng.normal(size=(500, 24))
    codes = np.repeat(np.arange(500), 24)
    got = seg_median(y.ravel(), Seg(codes), np.ones(y.size, dtype=bool), 500)
    np.testing.assert_array_equal(got, np.median(y, axis=1))


def test_one_long_segment_among_short_ones_uses_the_two_key_sort(monkeypatch):
    calls = []
    real = _segments._block_median

    def spy(*args):
        out = real(*args)
        calls.append(out is None)
        return out

    monkeypatch.setattr(_segments, "_block_median", spy)
    codes = np.repeat(np.arange(101), [5000] + [2] * 100)  # a 5000 x 101 matrix
    y = np.arange(codes.size, dtype=float)
    got = seg_median(y, Seg(codes), np.ones(codes.size, dtype=bool), 101)
    assert calls == [True]
    assert got[0] == 2499.5 and got[1] == 5000.5
