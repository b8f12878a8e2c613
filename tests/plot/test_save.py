"""save_figure: PNG, SVG and PDF of whatever a plot function returned, atomically."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest

from qikit.errors import InputError, ProjectFileError
from qikit.improve import (
    example_driver_diagram,
    example_fishbone,
    example_pareto,
    example_ramp,
    pareto_table,
)
from qikit.plot import (
    plot_driver_diagram,
    plot_fishbone,
    plot_pareto,
    plot_ramp,
    save_figure,
)
from tests.plot.helpers import big_diagram


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


def test_save_accepts_the_axes_a_faceted_plot_returned(tmp_path):
    fig = plt.figure()
    axes = fig.subplots(2, 2)
    for target, drawn in (
        ("array.png", axes),
        ("list.png", list(axes.ravel())),
        ("axes.png", axes[1, 1]),
        ("figure.png", fig),
    ):
        assert save_figure(drawn, tmp_path / target, dpi=50).read_bytes()[:4] == (
            b"\x89PNG"
        )


def test_save_refuses_axes_of_two_figures_and_a_chart_result(tmp_path):
    import qikit

    first, second = plt.figure().add_subplot(), plt.figure().add_subplot()
    with pytest.raises(InputError, match=r"^`fig_or_ax`: these Axes belong to 2 "):
        save_figure([first, second], tmp_path / "x.png")
    result = qikit.qic(y=[3, 4, 5, 4, 3, 4, 5, 6, 4, 3, 4, 5], chart="c")
    with pytest.raises(InputError, match=r"result\.save\('chart\.png'\)"):
        save_figure(result, tmp_path / "x.png")


def test_save_is_atomic_and_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "fishbone.png"
    target.write_bytes(b"old picture")
    ax = plot_fishbone(example_fishbone())

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    import qikit._io

    monkeypatch.setattr(qikit._io.os, "replace", broken)
    with pytest.raises(ProjectFileError, match="No space left on device"):
        save_figure(ax, target)
    assert target.read_bytes() == b"old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["fishbone.png"]  # no temp left


def test_the_old_diagrams_module_still_works_with_a_warning():
    import qikit.plot.diagrams as old

    with pytest.warns(DeprecationWarning, match=r"use qikit\.plot\.plot_ramp"):
        assert old.plot_ramp is plot_ramp
    with pytest.raises(AttributeError):
        old.plot_nothing  # noqa: B018
