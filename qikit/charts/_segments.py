"""Vectorised helpers over contiguous segments (one segment = one facet × part).

Rows are sorted so that each segment is one contiguous block. Every helper takes the
segment code of each row (``seg``, integers 0..S−1, non-decreasing) and works on all
segments at once with NumPy: no Python loop over points or series.
"""

from __future__ import annotations

import numpy as np


class Seg:
    """The segmentation of the rows: a code per row and the first row of each segment.

    Passing a ``Seg`` (rather than a bare code array) lets the reductions use
    ``np.add.reduceat`` over contiguous blocks, several times faster than ``bincount``.
    """

    __slots__ = ("codes", "starts", "n")

    def __init__(self, codes: np.ndarray, starts: np.ndarray | None = None):
        self.codes = codes
        if starts is None:
            starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        self.starts = starts
        self.n = self.starts.size


def seg_sum(values, seg, mask, n_seg):
    """Sum of ``values`` over rows where ``mask`` is true, per segment."""
    if isinstance(seg, Seg):
        if mask.all():
            return np.add.reduceat(values, seg.starts)
        return np.add.reduceat(np.where(mask, values, 0.0), seg.starts)
    return np.bincount(seg[mask], weights=values[mask], minlength=n_seg)


def seg_count(seg, mask, n_seg):
    """Number of rows where ``mask`` is true, per segment."""
    if isinstance(seg, Seg):
        if mask.all():
            return np.diff(np.r_[seg.starts, mask.size]).astype(np.float64)
        return np.add.reduceat(mask, seg.starts, dtype=np.float64)
    return np.bincount(seg[mask], minlength=n_seg).astype(float)


def seg_mean(values, seg, mask, n_seg):
    """Mean of ``values`` over rows where ``mask`` is true (NaN for empty segments)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return seg_sum(values, seg, mask, n_seg) / seg_count(seg, mask, n_seg)


def seg_median(values, seg, mask, n_seg):
    """Median of ``values`` over rows where ``mask`` is true, per segment (vectorised).

    Sorts once by (segment, value) and averages the one or two middle values of each
    segment; NaN for empty segments.
    """
    if isinstance(seg, Seg):
        seg = seg.codes
    v = values[mask]
    s = seg[mask]
    out = np.full(n_seg, np.nan)
    if v.size == 0:
        return out
    order = np.lexsort((v, s))
    v = v[order]
    s = s[order]
    counts = np.bincount(s, minlength=n_seg)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    has = counts > 0
    lo = starts[has] + (counts[has] - 1) // 2
    hi = starts[has] + counts[has] // 2
    out[has] = (v[lo] + v[hi]) / 2.0
    return out


def runs(key, seg):
    """Run structure of ``key`` within segments.

    Returns ``(run_id, run_len)``: for each element, the id of the run of consecutive
    equal keys (within one segment) it belongs to, and the length of that run.
    """
    m = key.size
    if m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    brk = np.empty(m, dtype=bool)
    brk[0] = True
    brk[1:] = (key[1:] != key[:-1]) | (seg[1:] != seg[:-1])
    run_id = np.cumsum(brk) - 1
    lengths = np.bincount(run_id)
    return run_id, lengths[run_id]


def position_in_segment(seg):
    """0-based position of each row within its segment."""
    m = seg.size
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    brk = np.empty(m, dtype=bool)
    brk[0] = True
    brk[1:] = seg[1:] != seg[:-1]
    starts = np.flatnonzero(brk)
    counts = np.diff(np.append(starts, m))
    return np.arange(m) - np.repeat(starts, counts)


def k_of_m(beyond, seg, k, m, window_ok=None):
    """Flag points in windows of ``m`` consecutive points where ≥ ``k`` are ``beyond``.

    Only the points that are themselves beyond are flagged (Western Electric rules 2 and
    3; NHS Making Data Count "two of three"). Windows never cross a segment boundary.
    With ``window_ok`` (boolean per point), a window counts only when every one of its
    points is ``window_ok`` (Making Data Count: all three on the same side of the mean).
    """
    size = beyond.size
    flags = np.zeros(size, dtype=bool)
    if size < m:
        return flags
    b = beyond.astype(np.int64)
    cs = np.concatenate(([0], np.cumsum(b)))
    ends = np.arange(m - 1, size)
    window = cs[ends + 1] - cs[ends + 1 - m]
    pos = position_in_segment(seg)
    ok = (window >= k) & (pos[ends] >= m - 1)
    if window_ok is not None:
        cw = np.concatenate(([0], np.cumsum(window_ok.astype(np.int64))))
        ok &= (cw[ends + 1] - cw[ends + 1 - m]) == m
    hit_ends = ends[ok]
    for j in range(m):  # m is 3 or 5: a loop over the window, not over points
        idx = hit_ends - j
        flags[idx] |= beyond[idx]
    return flags
