"""qikit.plot.spread: the spread views draw what the results hold, nothing more."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from qikit.datasets import load_dataset
from qikit.errors import InputError, QikitWarning
from qikit.plot import (
    plot_adoption,
    plot_aim,
    plot_assessments,
    plot_readiness,
    plot_summary_matrix,
    plot_sustainability,
    plot_timeline,
    plot_units,
    style,
)
from qikit.spread import aim_reached, compare_units, summary_matrix
from qikit.spread.units import ASSURANCE_WORDS, VARIATION_WORDS


def _wards():
    quiet = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6]
    return pd.DataFrame(
        {
            "ward": ["A"] * 12 + ["B"] * 12 + ["C"] * 12,
            "falls": quiet + [6, 5, 6, 7, 6, 5, 2, 1, 2, 1, 1, 2] + quiet[:11] + [30],
        }
    )


def test_the_words_of_the_icons_are_the_drawings_words():
    assert {k: w for k, (_, _, w) in style.VARIATION_ICONS.items()} == VARIATION_WORDS
    drawn = {k: w for k, (_, _, w) in style.ASSURANCE_ICONS.items()}
    assert drawn == {k: w for k, w in ASSURANCE_WORDS.items() if k}


@pytest.mark.parametrize("order", ["unit", "latest", "signal"])
def test_plot_units_draws_the_panels_in_the_result_order(order):
    res = compare_units(_wards(), y="falls", unit="ward", chart="c", order=order,
                        rules="mdc", improvement="decrease")  # fmt: skip
    fig = plot_units(res)
    assert [ax.get_title(loc="left") for ax in fig.axes] == res.units
    icons = [t for ax in fig.axes for t in ax.texts
             if t.get_gid() == "qikit-icon-variation"]  # fmt: skip
    assert len(icons) == 3


def test_plot_units_32_partnerships():
    cpp = load_dataset("milestones_27_30")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        res = compare_units(cpp, y="all_milestones", n="reviews", x="quarter",
                            unit="cpp", chart="p", multiply=100,
                            order="latest")  # fmt: skip
    fig = plot_units(res, ncols=4)
    assert len(fig.axes) == 32
    assert fig.axes[0].get_title(loc="left") == res.units[0]


def test_plot_units_refuses_other_results():
    with pytest.raises(InputError, match=r"`result`: is not a units result"):
        plot_units(object())
    res = compare_units(_wards(), y="falls", unit="ward")
    with pytest.raises(InputError, match="`ncols`: must be at most 12"):
        plot_units(res, ncols=20)


def _board():
    rows = []
    for m, base in [("Falls", 6), ("Ulcers", 3)]:
        for ward, shift in [("W1", 0), ("W2", 6)]:
            for month in range(1, 21):
                late = shift if (month > 12 and m == "Falls") else 0
                rows.append({"measure": m, "ward": ward, "month": month,
                             "y": base + late + month % 3})  # fmt: skip
    rows = [r for r in rows if not (r["measure"] == "Ulcers" and r["ward"] == "W2")]
    return pd.DataFrame(rows)


def test_plot_summary_matrix_draws_one_icon_per_code_and_every_value():
    mx = summary_matrix(_board(), y="y", measure="measure", unit="ward", x="month",
                        chart="c", improvement="decrease", target=7)  # fmt: skip
    fig = plot_summary_matrix(mx)
    texts = fig.axes[0].texts
    variation = [t for t in texts if t.get_gid() == "qikit-icon-variation"]
    assurance = [t for t in texts if t.get_gid() == "qikit-icon-assurance"]
    values = [t.get_text() for t in texts if t.get_gid() == "qikit-matrix-value"]
    drawn = mx.frame[mx.frame["points"] > 0]
    assert len(variation) == len(drawn) == 3
    assert [t.get_url() for t in variation] == drawn["variation"].tolist()
    assert len(assurance) == int((drawn["assurance"] != "").sum())
    assert len(values) == 3
    assert "no data" in [t.get_text() for t in texts]
    for t in variation:
        letter, colour, _ = style.VARIATION_ICONS[t.get_url()]
        assert t.get_text() == letter
    key = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "H  Concern (high)" in key


def test_plot_summary_matrix_can_be_transposed_and_refuses_other_input():
    mx = summary_matrix(_board(), y="y", measure="measure", unit="ward", x="month")
    fig = plot_summary_matrix(mx, transpose=True)
    rows = [
        t.get_text() for t in fig.axes[0].texts if t.get_gid() == "qikit-matrix-row"
    ]
    assert rows == ["W1", "W2"]
    with pytest.raises(InputError, match="`result`: is not a summary matrix"):
        plot_summary_matrix(pd.DataFrame())
    with pytest.raises(InputError, match="`transpose`: must be True or False"):
        plot_summary_matrix(mx, transpose="yes")


def test_plot_aim_draws_the_counts_of_by_period():
    data = pd.DataFrame({"home": ["Ash"] * 4 + ["Elm"] * 4, "month": [1, 2, 3, 4] * 2,
                         "pct": [80, 90, 91, 92, 70, 88, 72, 73]})  # fmt: skip
    res = aim_reached(data, y="pct", unit="home", x="month", target=85,
                      improvement="increase", sustain=2)  # fmt: skip
    ax = plot_aim(res)
    lines = {line.get_gid(): line for line in ax.lines}
    table = res.by_period()
    np.testing.assert_array_equal(lines["qikit-aim-reached"].get_ydata(),
                                  table["reached"])  # fmt: skip
    np.testing.assert_array_equal(lines["qikit-aim-sustained"].get_ydata(),
                                  table["sustained"])  # fmt: skip
    assert ax.get_title(loc="left") == "Units at the aim of 85 or more"
    with pytest.raises(InputError, match="`result`: is not an aim result"):
        plot_aim(res.frame)


# --------------------------------------------------------------- collaboratives


@pytest.fixture(scope="module")
def scores():
    from qikit.spread import assessments

    return assessments(load_dataset("collaborative_scores"), assessor="assessor")


def test_plot_assessments_trajectories_one_panel_per_team(scores):
    fig = plot_assessments(scores)
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        f"Team {c}" for c in "ABCDEFGHIJKLMNOP"
    ]
    first = fig.axes[0]
    lines = {line.get_gid(): line for line in first.lines}
    team_a = scores.long()
    team_a = team_a[(team_a["unit"] == "Team A") & (team_a["assessor"] == "self")]
    np.testing.assert_array_equal(
        lines["qikit-assessment-self"].get_ydata(), team_a["score"]
    )
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["Self-assessed", "Faculty-assessed"]


def test_plot_assessments_distribution_and_gaps(scores):
    fig = plot_assessments(scores, kind="distribution")
    ax = fig.axes[0]
    medians = [
        line for line in ax.lines if line.get_gid() == "qikit-assessment-median-self"
    ]
    table = scores.distribution()
    np.testing.assert_array_equal(
        medians[0].get_ydata(), table[table["assessor"] == "self"]["median"]
    )
    fig = plot_assessments(scores, kind="gaps", top=5)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == scores.gaps(top=5)[
        "unit"
    ].tolist()
    with pytest.raises(InputError, match="`kind`: is not one of the choices"):
        plot_assessments(scores, kind="bars")
    with pytest.raises(InputError, match="`result`: is not an assessments result"):
        plot_assessments(scores.frame)


def test_plot_timeline_draws_one_bar_per_part():
    from qikit.spread import Collaborative

    c = Collaborative.breakthrough_series("Falls", "2025-01-13")
    ax = plot_timeline(c)
    bars = [
        p for p in ax.collections if (p.get_gid() or "").startswith("qikit-timeline")
    ]
    assert len(bars) == len(c.sessions)
    assert {t.get_text() for t in ax.texts} >= {"Learning session 1", "Prework"}
    with pytest.raises(InputError, match="`result`: is not a Collaborative"):
        plot_timeline("Falls")


# ---------------------------------------------------------- adoption, sustaining


def test_plot_adoption_draws_the_curve_target_and_bands():
    from qikit.spread import adoption_curve

    h = load_dataset("hospital_at_home")
    res = adoption_curve(
        h, x="started", unit="partnership", total=31, target=31, by="2022-03-01"
    )
    ax = plot_adoption(res)
    line = next(li for li in ax.lines if li.get_gid() == "qikit-adoption")
    np.testing.assert_array_equal(line.get_ydata(), res.frame["adopted"])
    gids = {p.get_gid() for p in ax.patches}
    assert {f"qikit-adopter-{c}" for c in style.ADOPTER_COLOURS} <= gids
    assert any(li.get_gid() == "qikit-adoption-trajectory" for li in ax.lines)
    with pytest.raises(InputError, match="`result`: is not an adoption result"):
        plot_adoption(res.frame)


def test_plot_readiness_reverses_complexity():
    from qikit.spread import spread_readiness

    res = spread_readiness(
        {
            "relative_advantage": 5,
            "compatibility": 4,
            "complexity": 4,
            "trialability": 5,
            "observability": 3,
        }
    )
    ax = plot_readiness(res)
    bars = [p for p in ax.patches if p.get_gid() == "qikit-readiness"]
    assert [b.get_x() + b.get_width() for b in bars] == [5, 4, 2, 5, 3]
    assert "Weakest: complexity" in ax.get_title(loc="left")


def test_plot_sustainability_shows_every_members_rating():
    from qikit.spread import sustainability

    sm = sustainability(load_dataset("sustainability_ratings"), x="round")
    ax = plot_sustainability(sm, unit="Team 4", x=1)
    dots = [li for li in ax.lines if li.get_gid() == "qikit-rating"]
    shown = sum(len(li.get_xdata()) for li in dots)
    rows = sm.ratings[(sm.ratings["unit"] == "Team 4") & (sm.ratings["x"] == 1)]
    assert shown == len(rows) == 100
    assert ax.get_title(loc="left") == "Sustainability Model: Team 4, round 1"
    with pytest.raises(InputError, match="`unit`: is not one of the choices"):
        plot_sustainability(sm, unit="Team 9")
    with pytest.raises(InputError, match="`x`: team 'Team 4' has no ratings for 7"):
        plot_sustainability(sm, unit="Team 4", x=7)
