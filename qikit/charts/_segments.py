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

    Sorts by (segment, value) and averages the one or two middle values of each
    segment; NaN for empty segments. With a :class:`Seg` (contiguous blocks) and
    floating-point values the blocks are laid out as the rows of a matrix and sorted
    row by row (:func:`_block_median`), several times faster than sorting on two keys;
    the result is the same, value for value.

    Examples
    --------
    >>> codes = np.array([0, 0, 0, 1, 1, 1, 1])
    >>> y = np.array([3.0, 1, 2, 9, 4, 6, 5])
    >>> seg_median(y, Seg(codes), np.ones(7, bool), 2).tolist()
    [2.0, 5.5]
    >>> seg_median(y, codes, y != 9, 2).tolist()
    [2.0, 5.0]
    """
    if isinstance(seg, Seg):
        out = _block_median(values, seg, mask, n_seg)
        if out is not None:
            return out
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


#: A block matrix may hold at most this many cells per row of data (plus a little), so
#: that one long segment among short ones falls back to the two-key sort.
_BLOCK_SLACK = 2


def _block_median(values, seg: Seg, mask, n_seg):
    """Per-segment medians with each segment as one row of a NaN-padded matrix.

    ``None`` when this does not apply (values not floating point, an empty table, or
    segments so unequal that the matrix would be much larger than the data). NaN sorts
    last, so padding never comes before a value, as in the two-key sort.
    """
    size = values.size
    if size == 0 or values.dtype.kind != "f" or seg.n != n_seg:
        return None
    starts = seg.starts
    if mask.all():
        counts = np.diff(np.r_[starts, size])
        width = int(counts.max())
        if n_seg * width > _BLOCK_SLACK * size + 1024:
            return None
        if width * n_seg == size:  # equal blocks: a view, sorted as a copy
            mat = np.sort(values.reshape(n_seg, width), axis=1)
        else:
            mat = np.full((n_seg, width), np.nan, dtype=values.dtype)
            pos = np.arange(size) - np.repeat(starts, counts)
            mat[seg.codes, pos] = values
            mat.sort(axis=1)
    else:
        counts = np.add.reduceat(mask, starts, dtype=np.int64)
        width = int(counts.max())
        if width == 0:
            return np.full(n_seg, np.nan)
        if n_seg * width > _BLOCK_SLACK * size + 1024:
            return None
        idx = np.flatnonzero(mask)
        first = np.cumsum(counts) - counts
        pos = np.arange(idx.size) - np.repeat(first, counts)
        mat = np.full((n_seg, width), np.nan, dtype=values.dtype)
        mat[seg.codes[idx], pos] = values[idx]
        mat.sort(axis=1)
    out = np.full(n_seg, np.nan)
    has = np.flatnonzero(counts > 0)
    c = counts[has]
    out[has] = (mat[has, (c - 1) // 2] + mat[has, c // 2]) / 2.0
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
