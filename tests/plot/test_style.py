"""qikit.plot.style: palette, one shape per point state, line kinds, legend proxies."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.colors as mcolors
import pytest
from matplotlib.figure import Figure

from qikit.plot import style

POINT_TYPES = [
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral",
]


def test_palette_is_the_analysis_function_palette():
    assert style.PALETTE == {
        "dark_blue": "#12436D",
        "turquoise": "#28A197",
        "dark_pink": "#801650",
        "orange": "#F46A25",
        "dark_grey": "#3D3D3D",
        "light_purple": "#A285D1",
    }


def test_each_point_state_has_its_own_shape_and_colour():
    states = [style.POINT_STYLES[s] for s in POINT_TYPES]
    assert len({s.marker for s in states}) == len(states)
    assert len({s.color for s in states}) == len(states)


def test_signal_overlays_differ_from_the_point_states():
    ring = style.POINT_STYLES["outside_limits"]
    excluded = style.POINT_STYLES["excluded"]
    assert not ring.filled and not excluded.filled
    assert ring.marker != excluded.marker
    assert ring.size > max(style.POINT_STYLES[s].size for s in POINT_TYPES)


def test_point_colours_come_from_the_palette():
    for name in POINT_TYPES + ["outside_limits"]:
        assert style.POINT_STYLES[name].color in style.PALETTE.values()


@pytest.mark.parametrize(
    ("kind", "linestyle"),
    [("cl", "-"), ("limits", "--"), ("sigma2", ":"), ("target", "-.")],
)
def test_line_kinds_have_the_documented_line_style(kind, linestyle):
    assert style.LINE_STYLES[kind].linestyle == linestyle


def test_two_sigma_lines_are_lighter_than_the_limits():
    sigma2, limits = style.LINE_STYLES["sigma2"], style.LINE_STYLES["limits"]
    assert sigma2.alpha < 1
    assert sigma2.linewidth < limits.linewidth


@pytest.mark.parametrize("kind", [*style.POINT_STYLES, *style.LINE_STYLES, "baseline"])
def test_every_legend_handle_has_a_plain_english_label(kind):
    label = style.legend_handle(kind).get_label()
    assert label and not label.startswith("_")
    assert "_" not in label


def test_fonts_are_large_enough_to_project():
    assert min(style.FONT_SIZES.values()) >= 11
    assert style.FONT_SIZES["title"] > style.FONT_SIZES["label"]


def test_style_axes_hides_top_and_right_frame_and_sets_tick_size():
    ax = style.style_axes(Figure().add_subplot())
    assert not ax.spines["right"].get_visible()
    tick = ax.xaxis.get_major_ticks()[0]
    assert tick.label1.get_fontsize() == style.FONT_SIZES["tick"]


def test_run_band_colour_is_a_light_tint():
    r, g, b = mcolors.to_rgb(style.POINT_STYLES["run_signal"].color)
    assert min(r, g, b) > 0.6


def test_style_lives_only_in_the_style_module():
    """No drawing module writes its own colour or font size (STYLE §3)."""
    folder = Path(style.__file__).parent
    colour = re.compile(r"[\"']#[0-9A-Fa-f]{3,8}[\"']")
    size = re.compile(r"font(?:size)?=\s*[0-9]")
    for module in sorted(folder.glob("*.py")):
        if module.name == "style.py":
            continue
        source = module.read_text(encoding="utf-8")
        assert not colour.search(source), f"a literal colour in {module.name}"
        assert not size.search(source), f"a literal font size in {module.name}"


def test_style_constants_are_not_re_exported_from_the_package():
    import qikit.plot

    for name in ("PALETTE", "DARK_BLUE", "POINT_STYLES", "FONT_SIZES", "CHART_NAMES"):
        assert not hasattr(qikit.plot, name)
    assert not hasattr(style, "CHART_NAMES")  # one wording: qikit.charts.vocabulary


@pytest.mark.parametrize("icons", [style.VARIATION_ICONS, style.ASSURANCE_ICONS])
def test_every_icon_has_a_letter_a_palette_colour_and_its_own_words(icons):
    words = [entry[2] for entry in icons.values()]
    assert len(set(words)) == len(words)
    for letter, colour, _ in icons.values():
        assert len(letter) == 1
        assert colour in (*style.PALETTE.values(), style.SUBTITLE_GREY)
    highs = [v[0] for k, v in icons.items() if k.endswith("_high")]
    assert set(highs) <= {"H"}


def test_text_on_a_colour_stays_readable():
    def contrast(a: str, b: str) -> float:
        def lum(c):
            rgb = [
                x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4
                for x in mcolors.to_rgb(c)
            ]
            return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]

        high, low = sorted([lum(a), lum(b)], reverse=True)
        return (high + 0.05) / (low + 0.05)

    fills = {c for _, c, _ in style.VARIATION_ICONS.values()}
    fills |= set(style.DECISION_COLOURS.values())
    for fill in fills:
        assert contrast(fill, style.on_colour(fill)) >= 3, fill


def test_decision_colours_cover_every_decision():
    assert set(style.DECISION_COLOURS) == {"adopt", "adapt", "abandon", ""}
    assert style.DECISION_TEXT_COLOURS["adapt"] != style.ORANGE  # darker, as text
