"""plot_facets (small multiples), and what ``result.plot()`` and ``.save()`` do."""

from __future__ import annotations

import io
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import qikit
from qikit.errors import InputError
from qikit.plot import draw_result, plot_facets, plot_qic, save_result, style
from tests.plot.helpers import (
    assert_no_text_overlaps,
    boxes_overlap,
    lines,
    stair_values,
    texts,
)


def test_facets_give_one_panel_each_on_a_new_figure(qic_result):
    result = qic_result("p", facets=5, multiply=100)
    before = plt.figure()
    fig = plot_facets(result)
    assert isinstance(fig, Figure) and fig is not before
    axes = fig.axes
    assert len(axes) == 5  # the empty sixth cell is removed
    assert [ax.get_title(loc="left") for ax in axes] == [
        f"Ward {i}" for i in range(1, 6)
    ]
    for ax, (_, frame) in zip(axes, result.frame.groupby("ward"), strict=True):
        (cl,) = lines(ax, "qikit-cl")
        np.testing.assert_allclose(stair_values(cl), frame["cl"])


def test_ncols_sets_the_grid(qic_result):
    fig = plot_facets(qic_result("i", facets=4), ncols=4)
    assert fig.axes[0].get_subplotspec().get_gridspec().ncols == 4
    with pytest.raises(InputError, match=r"^`ncols`: must be at least 1 \(got 0\)"):
        plot_facets(qic_result("i", facets=2), ncols=0)
    with pytest.raises(InputError, match=r"^`sharey`: must be True or False"):
        plot_facets(qic_result("i", facets=2), sharey="yes")


def test_a_result_without_facets_is_refused_with_the_function_to_use(qic_result):
    with pytest.raises(InputError) as err:
        plot_facets(qic_result("i"))
    assert str(err.value).startswith("`result`: this chart is not split into facets")
    assert "plot_qic(result)" in str(err.value)


def _wards(scale: float) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    months = pd.date_range("2023-01-01", periods=20, freq="MS")
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "x": months,
                    "y": rng.normal(50, 4, 20) * (scale if ward == "B" else 1),
                    "ward": ward,
                }
            )
            for ward in ("A", "B", "C")
        ]
    )


def test_alike_facets_share_y_and_unalike_do_not():
    alike = qikit.qic(_wards(1), x="x", y="y", chart="i", facets="ward")
    assert len({ax.get_ylim() for ax in plot_facets(alike).axes}) == 1
    unalike = qikit.qic(_wards(20), x="x", y="y", chart="i", facets="ward")
    assert len({ax.get_ylim() for ax in plot_facets(unalike).axes}) == 3
    assert len({ax.get_ylim() for ax in plot_facets(unalike, sharey=True).axes}) == 1


def test_facet_annotations_can_target_one_panel(qic_result):
    notes = pd.DataFrame(
        {
            "x": ["2023-05-01", "2023-06-01"],
            "label": ["All", "B"],
            "ward": ["Ward 1", "Ward 2"],
        }
    )
    axes = plot_facets(qic_result("i", facets=2), annotations=notes).axes
    assert [t.get_text() for t in texts(axes[0], "qikit-annotation")] == ["All"]
    assert [t.get_text() for t in texts(axes[1], "qikit-annotation")] == ["B"]


def test_facets_have_one_legend_for_the_figure(qic_result):
    fig = plot_facets(qic_result("i", facets=4))
    assert all(ax.get_legend() is None for ax in fig.axes)
    assert "Control limits (3σ)" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_facets_share_the_axis_labels(qic_result):
    fig = plot_facets(qic_result("i", facets=4, ylab="Falls", xlab="Month"))
    assert fig.get_supylabel() == "Falls"
    assert [ax.get_xlabel() for ax in fig.axes] == ["", "", "Month", "Month"]


def test_facets_title_and_subtitle(qic_result):
    fig = plot_facets(qic_result("c", facets=2, improvement="decrease"))
    assert fig.get_suptitle() == "Y\nC chart (counts) · lower is better"
    fig = plot_facets(qic_result("c", facets=2), title="Pressure ulcers")
    assert fig.get_suptitle().startswith("Pressure ulcers\n")


# ------------------------------------------------------------ twelve trusts (MDC)


@pytest.fixture(scope="module")
def twelve(trusts):
    return qikit.qic(
        trusts,
        x="month",
        y="pct",
        chart="i",
        rules="mdc",
        target=95,
        improvement="increase",
        facets="trust",
        ylab="% within 4 hours",
    )


def test_every_small_multiple_has_its_icons(twelve):
    fig = plot_facets(twelve)
    summary = twelve.summary().groupby("trust", sort=False).last()
    assert len(fig.axes) == 12
    for ax in fig.axes:
        row = summary.loc[ax.get_title(loc="left")]
        (words,) = texts(ax, "qikit-icon-variation-label")
        assert words.get_text() == style.VARIATION_ICONS[row["variation"]][2]
        (words,) = texts(ax, "qikit-icon-assurance-label")
        assert words.get_text() == style.ASSURANCE_ICONS[row["assurance"]][2]


def test_twelve_panels_draw_without_overlaps_or_warnings(twelve, no_warnings):
    with no_warnings:
        fig = plot_facets(twelve)
        fig.savefig(io.BytesIO(), format="png", dpi=50)
    for ax in fig.axes:
        assert_no_text_overlaps(ax)  # icons, titles, value labels, flags
        values = [
            t.get_window_extent()
            for t in ax.texts
            if str(t.get_gid()).startswith("qikit-value-") and t.get_visible()
        ]
        assert len(values) >= 3
        for a, b in itertools.combinations(values, 2):
            assert not boxes_overlap(a, b), ax.get_title(loc="left")


def test_value_labels_never_collide_even_when_the_target_meets_a_limit():
    y = [94.0, 95.1, 94.5, 95.3, 94.8, 95.0, 94.6, 95.2, 94.9, 95.4, 94.7, 95.0]
    result = qikit.qic(y=y, chart="i", target=95.2)
    ax = plot_qic(result)
    for size in ((10, 5.6), (6, 3), (14, 8)):  # however the figure is later resized
        ax.figure.set_size_inches(*size)
        ax.figure.canvas.draw()
        values = [
            t.get_window_extent()
            for t in ax.texts
            if str(t.get_gid()).startswith("qikit-value-")
        ]
        assert len(values) == 4
        for a, b in itertools.combinations(values, 2):
            assert not boxes_overlap(a, b)


# ------------------------------------------------------- result.plot(), .save()


def test_result_plot_draws_on_a_new_figure_each_time(qic_result):
    result = qic_result("i")
    first = result.plot()
    second = result.plot()
    assert isinstance(first, Axes) and first.figure is not second.figure
    assert len(lines(first, "qikit-cl")) == 1  # never two charts on one Axes
    assert tuple(second.figure.get_size_inches()) == pytest.approx(style.FIGSIZE)


def test_result_plot_uses_plot_facets_for_small_multiples(qic_result):
    fig = qic_result("i", facets=3).plot()
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    with pytest.raises(InputError, match=r"^`ax`: a chart split into facets needs"):
        draw_result(qic_result("i", facets=2), ax=plt.figure().add_subplot())


def test_result_plot_draws_on_a_given_axes_and_passes_options(qic_result):
    fig, ax = plt.subplots()
    assert qic_result("c").plot(ax, title="Via the method") is ax
    assert ax.get_title(loc="left") == "Via the method"


@pytest.mark.parametrize("facets", [0, 3])
def test_result_save_writes_the_file_and_closes_the_figure(
    qic_result, tmp_path, facets
):
    result = qic_result("i", facets=facets)
    before = plt.get_fignums()
    path = result.save(tmp_path / "chart.png", dpi=50)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == before
    svg = save_result(result, tmp_path / "chart.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")[:500]


def test_result_save_refuses_an_unknown_file_type(qic_result, tmp_path):
    before = plt.get_fignums()
    with pytest.raises(InputError, match=r"^`path`: unknown file type '\.jpg'"):
        qic_result("i").save(tmp_path / "chart.jpg")
    assert plt.get_fignums() == before
