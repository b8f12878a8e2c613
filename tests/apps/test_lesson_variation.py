"""The variation module's tables: the red bead experiment in plain words."""

from __future__ import annotations

import pandas as pd
import pytest

from qikit.apps.lesson_variation import (
    bead_days_frame,
    bead_days_table,
    ranking_frame,
    ranking_table,
)
from qikit.errors import InputError
from qikit.sim import bead_management, red_beads


@pytest.fixture(scope="module")
def beads():
    return red_beads(seed=5)


def test_bead_days_frame_is_the_draws_by_worker_and_day(beads):
    frame = bead_days_frame(beads)
    assert list(frame.columns) == [
        "Worker",
        "Day 1",
        "Day 2",
        "Day 3",
        "Day 4",
        "All days",
    ]
    assert frame["Worker"].tolist() == list(beads["worker"].cat.categories)
    for row in frame.itertuples(index=False):
        mine = beads[beads["worker"] == row.Worker].sort_values("day")
        assert list(row[1:5]) == mine["red"].tolist()
        assert row[5] == mine["red"].sum()


def test_ranking_frame_keeps_managements_order_and_the_verdict(beads):
    ranking = bead_management(beads)
    frame = ranking_frame(ranking)
    assert frame["Worker"].tolist() == ranking["worker"].tolist()
    assert frame["Red beads"].tolist() == ranking["red"].tolist()
    assert frame["Award"].iloc[0] == "Merit award"
    assert frame["Award"].iloc[-1] == "Probation"
    assert set(frame["Inside the p chart's limits"]) <= {"yes", "no"}
    assert frame["Share"].iloc[0] == f"{round(100 * ranking['share'].iloc[0])}%"


def test_the_tables_are_accessible(beads):
    html = bead_days_table(beads, caption="Red beads each day").data
    assert "<caption>Red beads each day</caption>" in html
    assert html.count('<th scope="col">') == 6
    html = ranking_table(bead_management(beads), caption="Ranking").data
    assert "<caption>Ranking</caption>" in html and "<td>Probation</td>" in html


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: bead_days_frame(red_beads(rooms=2, seed=1)),
            r"`beads`: holds more than one room \(got 'several rooms'\)\. Pass the "
            r"frame qikit\.sim\.red_beads\(\) returned, for one room\.",
        ),
        (
            lambda: ranking_frame(bead_management(red_beads(rooms=2, seed=1))),
            r"`ranking`: holds more than one room",
        ),
        (lambda: bead_days_frame(pd.DataFrame({"day": [1]})), r"`beads`"),
        (lambda: ranking_frame(pd.DataFrame({"worker": ["A"]})), r"`ranking`"),
        (
            lambda: bead_days_table(red_beads(seed=1), caption=""),
            r"`caption`: is empty",
        ),
        (
            lambda: ranking_table(bead_management(red_beads(seed=1)), caption=" "),
            r"`caption`: is empty",
        ),
    ],
)
def test_messages(call, match):
    with pytest.raises(InputError, match=match):
        call()
