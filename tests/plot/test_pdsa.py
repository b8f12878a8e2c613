"""plot_ramp: PDSA wheels that climb, labels that never overlap, a key to colours."""

from __future__ import annotations

import itertools

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

from qikit.errors import InputError
from qikit.improve import PDSACycle, Ramp, example_ramp
from qikit.plot import plot_ramp, style
from tests.plot.helpers import assert_no_overlaps, assert_within_figure, extents


def test_ramp_layout():
    ax = plot_ramp(example_ramp())
    boxes = extents(ax, "box:")
    assert len(boxes) == 4
    wheels = extents(ax, "wheel:")
    merged = {**boxes, **{g: [b[0].union(b)] for g, b in wheels.items()}}
    assert_no_overlaps(merged)
    assert_within_figure(ax)
    # the ramp climbs: each cycle's wheel is right of and above the one before
    centres = [wheels[f"wheel:pu-cycle-{k}"][0] for k in range(1, 5)]
    assert all(b.x0 > a.x0 and b.y0 > a.y0 for a, b in itertools.pairwise(centres))
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "Cycle 1 · 4–8 Mar 2024" in texts
    assert "Cycle 4 · 13 May – 7 Jun 2024" in texts
    assert "Decision: adopt" in texts


def test_ramp_stages_and_edge_cases():
    unfinished = Ramp(
        "c1",
        [
            PDSACycle(
                "Only planned",
                predictions=["p"],
                id="u1",
                start="2023-12-30",
                end="2024-01-02",
            )
        ],
    )
    ax = plot_ramp(unfinished, title="")
    wedges = [p for p in ax.patches if p.get_gid() == "wheel:u1"]
    filled = [w for w in wedges if w.get_facecolor()[:3] != (1.0, 1.0, 1.0)]
    assert len(wedges) == 4 and len(filled) == 1  # only Plan
    assert any("Stage: plan" in t.get_text() for t in ax.texts)
    assert any("30 Dec 2023 – 2 Jan 2024" in t.get_text() for t in ax.texts)
    empty = plot_ramp(Ramp("c1"))
    assert any("No cycles yet" in t.get_text() for t in empty.texts)
    with pytest.raises(InputError, match=r"^`ramp`: must be a Ramp \(got list\)"):
        plot_ramp([])
    fig, small = plt.subplots(figsize=(5, 4))
    plot_ramp(example_ramp(), ax=small)
    assert max(t.get_fontsize() for t in small.texts) < 10


def test_ramp_has_a_key_to_the_decision_colours():
    ax = plot_ramp(example_ramp())
    dots = {
        p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("key:")
    }
    assert set(dots) == {"key:adopt", "key:adapt", "key:abandon"}
    for decision in ("adopt", "adapt", "abandon"):
        colour = mcolors.to_hex(dots[f"key:{decision}"].get_facecolor())
        assert colour == style.DECISION_COLOURS[decision].lower()
        (word,) = [t for t in ax.texts if t.get_gid() == f"key-text:{decision}"]
        assert word.get_text() == decision  # words, not colour only
    ax.figure.canvas.draw()
    key = extents(ax, "key")
    cycles = extents(ax, "box:")
    assert_no_overlaps({**key, **cycles})
    lowest_cycle = min(b.y0 for (b,) in cycles.values())
    assert all(b.y1 <= lowest_cycle for bs in key.values() for b in bs)  # beneath
    assert_within_figure(ax)


def test_ramp_key_names_undecided_cycles_and_wraps_in_a_narrow_ramp():
    ramp = Ramp("c1", [PDSACycle("Try it", predictions=["p"], id="u1")])
    ax = plot_ramp(ramp, title="")
    words = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("key-")]
    assert words[-1] == "Decision:" and "not decided yet" in words
    ax.figure.canvas.draw()
    assert_no_overlaps(extents(ax, "key"))
    assert_within_figure(ax)
    assert not [p for p in plot_ramp(Ramp("c1")).patches if p.get_gid() == "key:adopt"]
