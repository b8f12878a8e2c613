"""explain() never contradicts the rule it names or the frame (hypothesis).

Random series of small whole numbers (so ties and points on the centre line are
common) go through every rule set; each sentence about a run, shift, trend, astronomical
point or point outside the limits is read back and checked against the rule's length
and the frame's flagged points. Points are named by position ("From point 3 to point 7")
so the sentences can be read back exactly.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import qikit
from qikit._format import fmt_number

SPAN = r"(?:From point (?P<a>\d+) to point (?P<b>\d+)|At point (?P<c>\d+))"
PREFIX = r"^(?:Phase (?P<phase>\d+): )?"
TREND = re.compile(
    PREFIX + SPAN + r", (?P<n>\d+) points in a row go (?P<way>up|down), each "
    r"(?:higher|lower) than the one before \((?P<steps>\d+) (?:rises?|falls?) in a row"
    r".*?\): a trend \(the rule is (?P<rule>\d+) or more points\)"
)
SIDE = re.compile(
    PREFIX + SPAN + r", (?P<n>\d+) points in a row are (?P<side>above|below) the "
    r"(?:median|mean)(?P<note> \(points on the \w+ are not counted\))?"
    r"(?::(?P<shift> a shift \(the rule is (?P<rule>\d+) or more points\))|"
    r"\. With \d+ useful points(?: \([^)]*\))? a run longer than (?P<max>\d+))"
)
ASTRO_ONE = re.compile(
    PREFIX + SPAN + r" the value (?P<v>[-\d.,]+) is an astronomical point"
)
ASTRO_MANY = re.compile(
    PREFIX + SPAN + r", (?P<n>\d+) points in a row are astronomical points[^:]*: "
    r"(?P<items>[^.]*(?:\.\d+[^.]*)*)\. Find out"
)
OUTSIDE = re.compile(
    PREFIX + SPAN + r" the value (?P<v>[-\d.,]+)(?: \(an excluded point\))? is "
    r"(?P<side>above the upper|below the lower) control limit \((?P<lim>[-\d.,]+)\)"
)
STARTS = re.compile(PREFIX + SPAN)
DIRECTED_WORDS = re.compile(
    r"\bimprovement\b|\bconcern\b|deterioration|wrong direction|higher is better|"
    r"lower is better|\bgood\b|\bbad\b",
    re.IGNORECASE,
)


def _span(m) -> tuple[int, int]:
    if m.group("c") is not None:
        return int(m.group("c")), int(m.group("c"))
    return int(m.group("a")), int(m.group("b"))


def _row(res, point: int) -> int:
    """Frame row of the point at position ``point`` (x holds positions from 1)."""
    return int(np.flatnonzero(res.frame["x"].to_numpy() == point)[0])


def _kept(res, a: int, b: int, ties: bool) -> np.ndarray:
    """Rows from a to b that a trend rule looks at (included, with a value)."""
    f = res.frame.iloc[a : b + 1]
    y = f["y"].to_numpy(float)
    ok = f["include"].to_numpy(bool) & np.isfinite(y)
    rows = np.flatnonzero(ok) + a
    if ties and rows.size:
        v = res.frame["y"].to_numpy(float)[rows]
        rows = rows[np.r_[True, v[1:] != v[:-1]]]
    return rows


def _series(steps: list[int], walk: bool, spikes: list[int]) -> list[float]:
    """Small whole numbers, or a random walk (trends and shifts), with a few spikes."""
    y = np.cumsum(steps) + 10 if walk else np.asarray(steps) + 3
    y = y.astype(float)
    for i in spikes:
        y[i % y.size] += 15
    return y.tolist()


series = st.builds(
    _series,
    st.lists(st.integers(-2, 2), min_size=12, max_size=40),
    st.booleans(),
    st.lists(st.integers(0, 39), max_size=3),
)


@given(
    y=series,
    chart=st.sampled_from(["run", "i"]),
    rules=st.sampled_from(["ihi", "mdc", "anhoej", "western_electric"]),
    improvement=st.sampled_from(["increase", "decrease", "neutral"]),
    part=st.one_of(st.none(), st.integers(6, 10)),
    shift=st.one_of(st.none(), st.integers(5, 9)),
)
def test_sentences_agree_with_rules_and_frame(
    y, chart, rules, improvement, part, shift
):
    if part is not None and part >= len(y) - 2:
        part = None
    kw = dict(y=y, chart=chart, rules=rules, improvement=improvement, shift=shift)
    if part is not None:
        kw["part"] = [part]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = qikit.qic(**kw)
    f = res.frame
    text = res.explain()
    lines = text.splitlines()
    assert lines and all(line.strip() for line in lines)
    signal = f["signal"].to_numpy(bool)
    yv = f["y"].to_numpy(float)
    ties = chart == "run" and rules == "ihi"
    covered = {"trend": set(), "shift": set(), "long_run": set(), "astronomical": set()}

    for line in lines:
        if m := TREND.match(line):
            a, b = (_row(res, p) for p in _span(m))
            n = int(m.group("n"))
            assert int(m.group("rule")) == res.trend_length
            assert n >= res.trend_length, line
            assert int(m.group("steps")) == n - 1, line
            assert signal[a] and signal[b], line
            kept = _kept(res, a, b, ties)
            assert kept.size == n, line
            steps = np.sign(np.diff(yv[kept]))
            assert (steps == (1 if m.group("way") == "up" else -1)).all(), line
            covered["trend"].update(range(a, b + 1))
        elif m := SIDE.match(line):
            a, b = (_row(res, p) for p in _span(m))
            n = int(m.group("n"))
            rule = "shift" if m.group("shift") else "long_run"
            if rule == "shift":
                assert int(m.group("rule")) == res.shift_length
                assert n >= res.shift_length, line
            else:
                assert n > int(m.group("max")), line
            assert signal[a] and signal[b], line
            seg = f.iloc[a : b + 1]
            ok = seg["include"].to_numpy(bool) & np.isfinite(seg["y"].to_numpy(float))
            dev = (seg["y"] - seg["cl"]).to_numpy(float)[ok]
            useful = dev[dev != 0]
            assert useful.size == n, line
            assert (np.sign(useful) == (1 if m.group("side") == "above" else -1)).all()
            assert (dev.size > n) == bool(m.group("note")), line
            covered[rule].update(range(a, b + 1))
        elif m := ASTRO_ONE.match(line):
            a, b = _span(m)
            assert a == b
            r = _row(res, a)
            assert signal[r] and m.group("v") == fmt_number(yv[r])
            covered["astronomical"].add(r)
        elif m := ASTRO_MANY.match(line):
            a, b = (_row(res, p) for p in _span(m))
            items = re.findall(r"([-\d.,]+) at point (\d+)", m.group("items"))
            assert len(items) == int(m.group("n")) >= 2, line
            for v, p in items:
                r = _row(res, int(p))
                assert a <= r <= b and signal[r] and v == fmt_number(yv[r]), line
                covered["astronomical"].add(r)
        elif m := OUTSIDE.match(line):
            r = _row(res, _span(m)[0])
            assert f["sigma_signal"].iloc[r], line
            assert m.group("v") != m.group("lim"), line  # never "74.3 below 74.3"
            above = m.group("side").startswith("above")
            assert (yv[r] > f["ucl"].iloc[r]) if above else (yv[r] < f["lcl"].iloc[r])

    # every point the frame names by one of these rules is in a sentence about it
    rule = f["rule"].astype(str).to_numpy()
    for name, rows in covered.items():
        flagged = set(np.flatnonzero(rule == name))
        if name == "astronomical" and chart != "run":
            continue
        assert flagged <= rows, (name, sorted(flagged - rows), text)

    # where the process is now comes first; the centre line and limits follow signals
    first = lines[0]
    assert re.match(
        r"^(?:Phase \d+(?:, |: ))?(?:[Cc]urrent state|Variation icon)", first
    )
    phases = [None] if part is None else ["1", "2"]
    for ph in phases:
        pre = "" if ph is None else f"Phase {ph}: "
        mine = [i for i, line in enumerate(lines) if line.startswith(pre)]
        if ph is None:
            mine = list(range(len(lines)))
        head = [
            i for i in mine if re.match(pre + r"This .* has \d+ points?;", lines[i])
        ]
        assert len(head) == 1, text
        starts = []
        for i in mine:
            m = STARTS.match(lines[i])
            if m and (m.group("phase") or None) == ph:
                assert i < head[0], text
                starts.append(_span(m)[0])
        assert starts == sorted(starts), text

    if improvement == "neutral":
        prose = re.sub(r"`[^`]*`", "", text)
        assert not DIRECTED_WORDS.search(prose), text
