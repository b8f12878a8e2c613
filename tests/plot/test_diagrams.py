"""Tests for qikit.plot.diagrams: layouts without overlaps, and export to files.

Overlap checks use the renderer's own extents (``get_window_extent``), so they test
what is actually drawn, not the layout arithmetic.
"""

from __future__ import annotations

import itertools
import warnings
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from qikit.errors import InputError, QikitWarning  # noqa: E402
from qikit.improve import (  # noqa: E402
    DriverDiagram,
    DriverNode,
    Fishbone,
    PDSACycle,
    Ramp,
    example_driver_diagram,
    example_fishbone,
    example_pareto,
    example_ramp,
    pareto_table,
)
from qikit.plot.diagrams import (  # noqa: E402
    plot_driver_diagram,
    plot_fishbone,
    plot_pareto,
    plot_ramp,
    save_figure,
)

LONG = (
    "Test a new handover checklist with the night staff on one unit, then compare "
    "missed checks with the previous month"
)


@pytest.fixture(autouse=True)
def _close():
    plt.close("all")
    yield
    plt.close("all")


def big_diagram(primary=6, secondary=4, change=4) -> DriverDiagram:
    """6 × 4 × 4 with text of very different lengths, links and a cross-link."""
    dd = DriverDiagram(
        aim="Every resident of the six care homes lives free from avoidable harm: "
        "falls with harm, pressure ulcers and medication errors halved by March 2026"
    )
    for i in range(primary):
        p = dd.add_primary(LONG if i % 3 == 0 else f"Primary driver {i + 1}")
        for j in range(secondary):
            s = dd.add_secondary(
                LONG[: 20 + 25 * j] if (i + j) % 2 else "Short", parent=p
            )
            for k in range(change):
                dd.add_change_idea(
                    LONG if (j + k) % 3 == 0 else f"Idea {k + 1}",
                    parent=s,
                    measures=["falls-rate", "sskin"] if k == 0 else [],
                    pdsa=["a", "b", "c"] if k == 1 else [],
                )
    if any(n.id == "s5" for n in dd.nodes):
        dd.node("s5").parents.append("p1")
    return dd


def extents(ax: Axes, prefix: str) -> dict[str, object]:
    renderer = ax.figure.canvas.get_renderer()
    found = {}
    for artist in [*ax.patches, *ax.texts]:
        gid = artist.get_gid() or ""
        if gid.startswith(prefix):
            found.setdefault(gid, []).append(artist.get_window_extent(renderer))
    return found


def assert_no_overlaps(boxes, tol=0.5):
    items = [(gid, b) for gid, bs in boxes.items() for b in bs]
    for (g1, a), (g2, b) in itertools.combinations(items, 2):
        overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
        overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
        assert overlap_x <= tol or overlap_y <= tol, f"{g1} overlaps {g2}"


def assert_inside(inner, outer, tol=1.0):
    assert inner.x0 >= outer.x0 - tol and inner.x1 <= outer.x1 + tol
    assert inner.y0 >= outer.y0 - tol and inner.y1 <= outer.y1 + tol


def assert_texts_in_boxes(ax: Axes):
    boxes = extents(ax, "box:")
    for prefix in ("text:", "links:"):
        for gid, (text_box,) in extents(ax, prefix).items():
            (box,) = boxes["box:" + gid.split(":", 1)[1]]
            assert_inside(text_box, box)


def assert_within_figure(ax: Axes):
    renderer = ax.figure.canvas.get_renderer()
    fig_box = ax.figure.bbox
    for artist in [*ax.patches, *ax.texts]:
        if artist.get_text() if hasattr(artist, "get_text") else True:
            assert_inside(artist.get_window_extent(renderer), fig_box, tol=2)


# ---------------------------------------------------------------- driver diagram


def test_six_by_four_by_four_has_no_overlaps():
    dd = big_diagram()
    ax = plot_driver_diagram(dd)
    boxes = extents(ax, "box:")
    assert len(boxes) == 1 + 6 + 24 + 96
    assert_no_overlaps(boxes)
    assert_texts_in_boxes(ax)
    assert_within_figure(ax)


def test_figure_grows_with_content():
    small = plot_driver_diagram(big_diagram(2, 2, 1)).figure.get_size_inches()
    large = plot_driver_diagram(big_diagram(6, 4, 4)).figure.get_size_inches()
    assert large[1] > 3 * small[1]


def test_boxes_sit_level_with_their_children():
    dd = example_driver_diagram("pressure_ulcers")
    ax = plot_driver_diagram(dd)
    boxes = {k: v[0] for k, v in extents(ax, "box:").items()}
    for node in dd.secondaries:
        kids = [boxes[f"box:{c.id}"] for c in dd.children(node.id)]
        middle = (min(k.y0 for k in kids) + max(k.y1 for k in kids)) / 2
        own = boxes[f"box:{node.id}"]
        assert abs((own.y0 + own.y1) / 2 - middle) < 1.5
    columns = [boxes["box:aim"], boxes["box:p1"], boxes["box:s1"], boxes["box:c1"]]
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(columns))


def test_numbers_links_and_title():
    dd = example_driver_diagram("pressure_ulcers")
    ax = plot_driver_diagram(dd)
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == "Ashgrove House: pressure ulcers"
    assert "2.1.1" in texts
    assert any("4 PDSA cycles" in t.replace("\n", " ") for t in texts)
    plain = plot_driver_diagram(dd, numbers=False, links=False, title="")
    plain_texts = [t.get_text() for t in plain.texts]
    assert "2.1.1" not in plain_texts
    assert not any("PDSA" in t for t in plain_texts)
    assert plain_texts[0] == "Aim"


def test_empty_orphan_and_blank_diagrams_draw():
    ax = plot_driver_diagram(DriverDiagram())
    assert [t.get_text() for t in ax.texts] == ["Aim", "(write the aim)"]
    orphaned = DriverDiagram(
        "Aim",
        [
            DriverNode("p1", "Driver", "primary"),
            DriverNode("s1", "Lost", "secondary", ["p9"]),
            DriverNode("c1", "", "change", ["s1"]),
            DriverNode("c2", "Wrong level", "change", ["p1"]),
        ],
    )
    ax = plot_driver_diagram(orphaned)
    texts = [t.get_text() for t in ax.texts]
    assert "Not connected" in texts and "(no text yet)" in texts
    boxes = extents(ax, "box:")
    assert_no_overlaps(boxes)
    dashed = [p for p in ax.patches if p.get_gid() in ("box:s1", "box:c2")]
    assert all(p.get_linestyle() != "-" for p in dashed)


def test_drawing_into_a_small_axes_shrinks_the_font():
    fig, ax = plt.subplots(figsize=(9, 7))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = plot_driver_diagram(big_diagram(2, 2, 2), ax=ax)
    assert out is ax
    sizes = {t.get_fontsize() for t in ax.texts}
    assert max(sizes) < 10
    assert_no_overlaps(extents(ax, "box:"))
    assert_texts_in_boxes(ax)
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    for (box,) in extents(ax, "box:").values():
        assert_inside(box, axes_box, tol=2)


def test_a_tiny_axes_warns_but_still_fits():
    fig, ax = plt.subplots(figsize=(3, 2))
    with pytest.warns(
        QikitWarning, match=r"The Axes is too small to show this diagram"
    ):
        plot_driver_diagram(big_diagram(), ax=ax)
    assert_no_overlaps(extents(ax, "box:"))


def test_large_axes_keep_the_normal_font():
    fig, ax = plt.subplots(figsize=(16, 12))
    plot_driver_diagram(example_driver_diagram("pressure_ulcers"), ax=ax)
    assert max(t.get_fontsize() for t in ax.texts) >= 10


#: What people type: Latin letters (with accents), digits, punctuation and spaces.
TEXT = st.characters(codec="latin-1", categories=["L", "N", "P", "Zs"])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.lists(st.text(TEXT, max_size=90), max_size=4), max_size=4),
        min_size=1,
        max_size=4,
    ),
    st.text(TEXT, max_size=200),
)
def test_random_diagrams_never_overlap(tree, aim):
    dd = DriverDiagram(aim)
    for i, secondaries in enumerate(tree):
        p = dd.add_primary(f"P{i} " + "word " * (i * 3))
        for j, ideas in enumerate(secondaries):
            s = dd.add_secondary(f"S{j} " + "longer text " * j, parent=p)
            for idea in ideas:
                dd.add_change_idea(idea.strip() or "x", parent=s)
    ax = plot_driver_diagram(dd)
    assert_no_overlaps(extents(ax, "box:"))
    assert_texts_in_boxes(ax)
    plt.close("all")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"dd": "aim"},
            "`dd`: must be a DriverDiagram (got str). Build one with "
            "qikit.improve.DriverDiagram(...).",
        ),
        (
            {"fontsize": 0},
            "`fontsize`: must be a number of points between 4 and 40 (got "
            "0). Use 10 for a report, 12 for a projector.",
        ),
        ({"fontsize": True}, "`fontsize`: must be a number of points between 4 and 40"),
        (
            {"ax": "axes"},
            "`ax`: must be a Matplotlib Axes (got str). Leave ax out, or "
            "pass one from plt.subplots().",
        ),
    ],
)
def test_driver_errors(kwargs, message):
    args = {"dd": example_driver_diagram(), **kwargs}
    dd = args.pop("dd")
    with pytest.raises(InputError) as err:
        plot_driver_diagram(dd, **args)
    assert str(err.value).startswith(message)


# ---------------------------------------------------------------- ramp


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


# ---------------------------------------------------------------- fishbone


def _bone_points(ax: Axes):
    """Points along every bone and the spine, in display coordinates."""
    points = []
    for line in ax.lines:
        xs, ys = line.get_data()
        if len(xs) != 2 or line.get_linewidth() < 1.5:
            continue
        t = np.linspace(0, 1, 200)
        data = np.column_stack(
            [xs[0] + (xs[1] - xs[0]) * t, ys[0] + (ys[1] - ys[0]) * t]
        )
        points.append(ax.transData.transform(data))
    return np.vstack(points)


def test_fishbone_no_text_overlaps_or_crosses_a_bone():
    fb = example_fishbone()
    fb.add_cause(
        "Equipment",
        "A very long cause that needs wrapping onto several "
        "lines to fit beside its bone",
    )
    ax = plot_fishbone(fb, title="Why do residents develop pressure ulcers?")
    causes = extents(ax, "cause:")
    labels = extents(ax, "box:")
    assert len(causes) == 14
    assert_no_overlaps({**causes, **labels})
    bones = _bone_points(ax)
    for gid, (box,) in causes.items():
        shrunk = box.padded(-1)
        inside = (
            (bones[:, 0] > shrunk.x0)
            & (bones[:, 0] < shrunk.x1)
            & (bones[:, 1] > shrunk.y0)
            & (bones[:, 1] < shrunk.y1)
        )
        assert not inside.any(), f"{gid} crosses a bone"
    assert_within_figure(ax)


def test_fishbone_reading_order_and_edge_cases():
    ax = plot_fishbone(
        Fishbone("Effect", {"Top": ["first", "second"], "Bottom": ["first", "second"]})
    )
    c = extents(ax, "cause:")
    # above the spine the first cause is highest; below it the first is highest too
    assert c["cause:Top:0"][0].y0 > c["cause:Top:1"][0].y0
    assert c["cause:Bottom:0"][0].y0 > c["cause:Bottom:1"][0].y0
    blank = plot_fishbone(Fishbone())
    texts = [t.get_text().replace("\n", " ") for t in blank.texts]
    assert "(write the effect)" in texts and "(no categories yet)" in texts
    one = plot_fishbone(Fishbone("E", {"Only": ["a"]}))
    assert_no_overlaps(extents(one, "box:"))
    with pytest.raises(
        InputError, match=r"^`fishbone`: must be a Fishbone \(got dict\)"
    ):
        plot_fishbone({})


# ---------------------------------------------------------------- pareto


def test_pareto_chart():
    table = pareto_table(example_pareto(), other="Other")
    ax = plot_pareto(table)
    assert len(ax.patches) == 6
    heights = [p.get_height() for p in ax.patches]
    assert heights[:-1] == sorted(heights[:-1], reverse=True)  # "Other" kept last
    colours = {p.get_facecolor() for p in ax.patches[:3]}
    assert len(colours) == 1  # vital few share one colour
    assert ax.patches[3].get_facecolor() not in colours
    right = ax.figure.axes[-1]
    assert right.get_ylim() == (0, 102)
    line = right.lines[0]
    assert np.allclose(line.get_ydata(), table["cumulative_percent"])
    reference = [ln for ln in right.lines if np.allclose(ln.get_ydata(), 80)]
    assert reference and reference[0].get_linestyle() == "--"
    assert ax.get_ylim()[1] == pytest.approx(table["count"].sum() * 1.02)


def test_pareto_accepts_raw_data_and_many_categories():
    raw = [f"Reason {k}" for k in range(12) for _ in range(12 - k)]
    ax = plot_pareto(raw, title=None, ylab="Incidents", threshold=70)
    assert ax.get_title() == ""
    assert ax.get_ylabel() == "Incidents"
    assert ax.get_xticklabels()[0].get_rotation() == 35
    fig, given_ax = plt.subplots()
    assert plot_pareto({"a": 3, "b": 1}, ax=given_ax) is given_ax


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 0}, "`threshold`: must be between 0 and 100 (got 0). Use 80."),
        ({"ax": 1}, "`ax`: must be a Matplotlib Axes (got int)."),
    ],
)
def test_pareto_errors(kwargs, message):
    with pytest.raises(InputError) as err:
        plot_pareto({"a": 1}, **kwargs)
    assert str(err.value).startswith(message)


def test_pareto_passes_data_errors_through():
    with pytest.raises(InputError, match=r"^`data`: has nothing to count"):
        plot_pareto(pd.DataFrame({"category": []}))


# ---------------------------------------------------------------- export


@pytest.mark.parametrize(
    "draw",
    [
        lambda: plot_driver_diagram(big_diagram()),
        lambda: plot_ramp(example_ramp()),
        lambda: plot_fishbone(example_fishbone()),
        lambda: plot_pareto(pareto_table(example_pareto())),
    ],
)
def test_png_and_svg_are_written(tmp_path, draw):
    ax = draw()
    png = save_figure(ax, tmp_path / "figure.png", dpi=60)
    svg = save_figure(ax.figure, tmp_path / "figure.SVG")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert svg.stat().st_size > 1000
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")


def test_svg_keeps_text_and_ids(tmp_path):
    ax = plot_driver_diagram(example_driver_diagram("pressure_ulcers"))
    svg = save_figure(ax, tmp_path / "dd.svg").read_text(encoding="utf-8")
    assert 'id="box:aim"' in svg
    assert ">Night repositioning rota<" in svg
    pdf = save_figure(ax, tmp_path / "dd.pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"


@pytest.mark.parametrize(
    ("target", "kwargs", "message"),
    [
        ("figure.jpg", {}, "`path`: unknown file type '.jpg' (got "),
        ("missing/figure.png", {}, "`path`: the folder does not exist (got "),
        (
            "figure.png",
            {"dpi": 10},
            "`dpi`: must be a whole number from 50 to 1200 (got 10). Use 200.",
        ),
    ],
)
def test_save_errors(tmp_path, target, kwargs, message):
    ax = plot_fishbone(example_fishbone())
    with pytest.raises(InputError) as err:
        save_figure(ax, tmp_path / target, **kwargs)
    assert str(err.value).startswith(message)


def test_save_rejects_non_figures(tmp_path):
    with pytest.raises(InputError, match=r"^`fig_or_ax`: must be a Matplotlib Figure"):
        save_figure("fig", tmp_path / "x.png")
    with pytest.raises(InputError, match=r"^`path`: must be a file name \(got int\)"):
        save_figure(plt.figure(), 3)


def test_fishbone_long_effect_stays_in_the_figure():
    effect = " ".join(["Residents wait far too long for their medicines"] * 6)
    ax = plot_fishbone(Fishbone(effect, {"People": []}), title="Title")
    assert_within_figure(ax)
    assert_no_overlaps(extents(ax, "box:"))


def test_driver_diagram_shows_measure_names_instead_of_ids():
    dd = DriverDiagram("Fewer falls")
    p = dd.add_primary("Safe wards")
    s = dd.add_secondary("Rounding", parent=p)
    dd.add_change_idea("Hourly rounds", parent=s, measures=["falls-rate", "other"])
    ax = plot_driver_diagram(dd, measure_names={"falls-rate": "Falls per 1,000 days"})
    links = " ".join(t.get_text().replace("\n", " ") for t in ax.texts
                     if (t.get_gid() or "").startswith("links:"))
    assert "Falls per 1,000 days" in links and "falls-rate" not in links
    assert "other" in links  # an id without a name is shown as it is
    with pytest.raises(InputError, match=r"^`measure_names`: must map measure ids"):
        plot_driver_diagram(dd, measure_names=["falls-rate"])
