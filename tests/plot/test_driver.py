"""plot_driver_diagram: boxes that never overlap, numbers, links and measure names."""

from __future__ import annotations

import itertools
import warnings

import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qikit.errors import InputError, QikitWarning
from qikit.improve import DriverDiagram, DriverNode, example_driver_diagram
from qikit.plot import plot_driver_diagram
from tests.plot.helpers import (
    assert_inside,
    assert_no_overlaps,
    assert_texts_in_boxes,
    assert_within_figure,
    big_diagram,
    extents,
)


def test_six_by_four_by_four_has_no_overlaps():
    diagram = big_diagram()
    ax = plot_driver_diagram(diagram)
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
    diagram = example_driver_diagram("pressure_ulcers")
    ax = plot_driver_diagram(diagram)
    boxes = {k: v[0] for k, v in extents(ax, "box:").items()}
    for node in diagram.secondaries:
        kids = [boxes[f"box:{c.id}"] for c in diagram.children(node.id)]
        middle = (min(k.y0 for k in kids) + max(k.y1 for k in kids)) / 2
        own = boxes[f"box:{node.id}"]
        assert abs((own.y0 + own.y1) / 2 - middle) < 1.5
    columns = [boxes["box:aim"], boxes["box:p1"], boxes["box:s1"], boxes["box:c1"]]
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(columns))


def test_numbers_links_and_title():
    diagram = example_driver_diagram("pressure_ulcers")
    ax = plot_driver_diagram(diagram)
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == "Ashgrove House: pressure ulcers"
    assert "2.1.1" in texts
    assert any("4 PDSA cycles" in t.replace("\n", " ") for t in texts)
    plain = plot_driver_diagram(diagram, numbers=False, links=False, title="")
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


@settings(max_examples=8)
@given(
    st.lists(
        st.lists(st.lists(st.text(TEXT, max_size=90), max_size=4), max_size=4),
        min_size=1,
        max_size=4,
    ),
    st.text(TEXT, max_size=200),
)
def test_random_diagrams_never_overlap(tree, aim):
    diagram = DriverDiagram(aim)
    for i, secondaries in enumerate(tree):
        p = diagram.add_primary(f"P{i} " + "word " * (i * 3))
        for j, ideas in enumerate(secondaries):
            s = diagram.add_secondary(f"S{j} " + "longer text " * j, parent=p)
            for idea in ideas:
                diagram.add_change_idea(idea.strip() or "x", parent=s)
    ax = plot_driver_diagram(diagram)
    assert_no_overlaps(extents(ax, "box:"))
    assert_texts_in_boxes(ax)
    plt.close("all")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"diagram": "aim"},
            "`diagram`: must be a DriverDiagram (got str). Build one with "
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
    args = {"diagram": example_driver_diagram(), **kwargs}
    diagram = args.pop("diagram")
    with pytest.raises(InputError) as err:
        plot_driver_diagram(diagram, **args)
    assert str(err.value).startswith(message)


def test_driver_diagram_shows_measure_names_instead_of_ids():
    diagram = DriverDiagram("Fewer falls")
    p = diagram.add_primary("Safe wards")
    s = diagram.add_secondary("Rounding", parent=p)
    diagram.add_change_idea("Hourly rounds", parent=s, measures=["falls-rate", "other"])
    ax = plot_driver_diagram(
        diagram, measure_names={"falls-rate": "Falls per 1,000 days"}
    )
    links = " ".join(
        t.get_text().replace("\n", " ")
        for t in ax.texts
        if (t.get_gid() or "").startswith("links:")
    )
    assert "Falls per 1,000 days" in links and "falls-rate" not in links
    assert "other" in links  # an id without a name is shown as it is
    with pytest.raises(InputError, match=r"^`measure_names`: must map measure ids"):
        plot_driver_diagram(diagram, measure_names=["falls-rate"])
