"""The sustaining module's helpers: Juran's trilogy, the Sustainability Model's
factors, a team's spread and disagreements, and its ratings round by round."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from matplotlib.figure import Figure

from qikit.apps.lesson_sustaining import (
    TRILOGY,
    disagreement_frame,
    disagreement_table,
    factors_frame,
    factors_table,
    plot_rounds,
    spread_frame,
    spread_table,
    trilogy_frame,
    trilogy_table,
)
from qikit.errors import InputError
from qikit.spread import sustainability
from qikit.spread.adoption import SUSTAINABILITY_FACTORS

NAMES = [f.name for f in SUSTAINABILITY_FACTORS]


def ratings_of(levels: dict[str, list[int]], rounds: int = 1) -> pd.DataFrame:
    """Every member rates every factor: member -> a level per round (all factors)."""
    rows = []
    for member, per_round in levels.items():
        for r in range(rounds):
            for i, name in enumerate(NAMES):
                rows.append(
                    {
                        "team": "Ward 7",
                        "member": member,
                        "round": r + 1,
                        "factor": name,
                        # the first factor carries the member's level; the rest are 2
                        "rating": per_round[r] if i == 0 else 2,
                    }
                )
    return pd.DataFrame(rows)


@pytest.fixture
def two_rounds():
    # round 1: levels 1, 4, 2 on the first factor (range 3); round 2: 2, 3, 2 (range 1)
    data = ratings_of({"A": [1, 2], "B": [4, 3], "C": [2, 2]}, rounds=2)
    return sustainability(data, x="round")


def test_trilogy_frame_has_the_three_processes_in_order():
    frame = trilogy_frame()
    assert list(frame.columns) == [
        "Process",
        "The question it asks",
        "In an improvement project",
    ]
    assert frame["Process"].tolist() == [name for name, _, _ in TRILOGY]
    assert all(q.endswith("?") for q in frame["The question it asks"])


def test_factors_frame_lists_the_ten_factors_by_domain():
    frame = factors_frame()
    assert frame["Factor"].tolist() == NAMES
    assert frame["Domain"].tolist()[:4] == ["Process"] * 4
    assert frame["Domain"].tolist()[-2:] == ["Organisation"] * 2


def test_spread_frame_counts_wide_factors_and_the_average_gap(two_rounds):
    frame = spread_frame(two_rounds)
    assert list(frame.columns) == [
        "Team",
        "Round",
        "Members",
        "Factors with members 2 or more levels apart",
        "Average gap between highest and lowest",
    ]
    assert frame.iloc[0].tolist() == ["Ward 7", 1, 3, 1, 0.3]
    assert frame.iloc[1].tolist() == ["Ward 7", 2, 3, 0, 0.1]


def test_spread_frame_without_rounds():
    result = sustainability(ratings_of({"A": [1], "B": [3]}))
    frame = spread_frame(result)
    assert "Round" not in frame.columns
    assert frame.iloc[0].tolist() == ["Ward 7", 2, 1, 0.2]


def test_disagreement_frame_names_the_members_at_either_end(two_rounds):
    frame = disagreement_frame(two_rounds)
    assert list(frame.columns) == [
        "Team",
        "Round",
        "Factor",
        "Ratings",
        "Lowest",
        "Highest",
    ]
    assert len(frame) == 1  # only round 1's first factor is 2 or more levels apart
    assert frame.iloc[0].tolist() == ["Ward 7", 1, NAMES[0], "1 to 4", "A", "B"]


def test_the_tables_are_accessible(two_rounds):
    for html, columns in (
        (trilogy_table(caption="T").data, 3),
        (factors_table(caption="T").data, 2),
        (spread_table(two_rounds, caption="T").data, 5),
        (disagreement_table(two_rounds, caption="T").data, 6),
    ):
        assert "<caption>T</caption>" in html
        assert html.count('<th scope="col">') == columns
    assert factors_table(caption="T").data.count("<tr>") == 1 + 10


def test_plot_rounds_draws_one_panel_per_round(two_rounds):
    fig = plot_rounds(two_rounds, unit="Ward 7")
    assert isinstance(fig, Figure)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == [
        "Sustainability Model: Ward 7, round 1",
        "Sustainability Model: Ward 7, round 2",
    ]
    assert fig.axes[0].get_legend() is None
    assert fig.axes[1].get_legend() is not None
    dots = [
        sum(
            len(line.get_xdata())
            for line in ax.lines
            if line.get_gid() == "qikit-rating"
        )
        for ax in fig.axes
    ]
    assert dots == [30, 30]  # three members x ten factors, every member shown


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda r: spread_frame("ratings"),
            r"`result`: is not a Sustainability Model result \(got 'str'\)\. Pass",
        ),
        (lambda r: disagreement_frame(r, top=0), r"`top`"),
        (lambda r: trilogy_table(caption=""), r"`caption`: is empty"),
        (lambda r: spread_table(r, caption=" "), r"`caption`: is empty"),
        (
            lambda r: plot_rounds(r, unit="Ward 8"),
            r"`unit`: is not a team in the ratings \(got 'Ward 8'\)\. Did you mean "
            r"'Ward 7'\? The teams are Ward 7\.",
        ),
        (
            lambda r: plot_rounds(r, unit="Ward 7", rounds=[1]),
            r"`rounds`: must hold two to four rounds \(got '1 round'\)\. Choose from "
            r"the rounds Ward 7 rated: 1, 2\.",
        ),
        (
            lambda r: plot_rounds(r, unit="Ward 7", rounds=[1, 5]),
            r"`rounds\[1\]`: is not a round Ward 7 rated \(got 5\)",
        ),
    ],
)
def test_messages(two_rounds, call, match):
    with pytest.raises(InputError, match=match):
        call(two_rounds)


def test_plot_rounds_needs_rounds():
    result = sustainability(ratings_of({"A": [1], "B": [3]}))
    with pytest.raises(InputError, match=re.escape("`result`: has no rounds")):
        plot_rounds(result, unit="Ward 7")
