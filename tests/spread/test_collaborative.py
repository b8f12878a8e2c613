"""qikit.spread.collaborative: the IHI scale, self against faculty, the timeline."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qikit.datasets import load_dataset
from qikit.errors import ColumnError, DataError, InputError, QikitError
from qikit.spread import (
    ASSESSMENT_SCALE,
    Collaborative,
    Session,
    assessment_scale,
    assessments,
)


@pytest.fixture(scope="module")
def scores():
    return load_dataset("collaborative_scores")


def test_the_scale_has_ten_levels_named_as_the_dataset(scores):
    scale = assessment_scale()
    assert scale["score"].tolist() == [x / 2 for x in range(1, 11)]
    named = scores.drop_duplicates("score").set_index("score")["label"]
    for score, label in named.items():
        assert scale.set_index("score").loc[score, "label"] == label
    assert all(len(lvl.definition) > 30 for lvl in ASSESSMENT_SCALE)


def test_self_and_faculty_side_by_side_match_the_data(scores):
    res = assessments(scores, y="score", x="month", unit="team", assessor="assessor")
    f = res.frame
    assert list(f.columns) == [
        "unit",
        "x",
        "self",
        "faculty",
        "gap",
        "self_label",
        "faculty_label",
    ]
    assert len(f) == 16 * 18
    wide = scores.pivot_table(
        index=["team", "month"], columns="assessor", values="score"
    ).reset_index()
    np.testing.assert_allclose(f["self"], wide["self"])
    np.testing.assert_allclose(f["faculty"], wide["faculty"])
    np.testing.assert_allclose(f["gap"], wide["self"] - wide["faculty"])


def test_gaps_are_ranked_by_mean_absolute_gap(scores):
    res = assessments(scores, assessor="assessor")
    gaps = res.gaps()
    assert len(gaps) == 16
    assert gaps["mean_abs_gap"].is_monotonic_decreasing
    for _, row in gaps.head(3).iterrows():
        team = scores[scores["team"] == row["unit"]]
        both = team.pivot(index="month", columns="assessor", values="score")
        gap = both["self"] - both["faculty"]
        assert row["mean_gap"] == pytest.approx(gap.mean())
        assert row["mean_abs_gap"] == pytest.approx(gap.abs().mean())
        assert abs(row["largest_gap"]) == pytest.approx(gap.abs().max())
        assert row["latest_gap"] == pytest.approx(gap.iloc[-1])
    assert len(res.gaps(top=4)) == 4


def test_distribution_month_by_month(scores):
    table = assessments(scores, assessor="assessor").distribution()
    assert len(table) == 18 * 2
    first = scores[
        (scores["month"] == scores["month"].min()) & (scores["assessor"] == "faculty")
    ]["score"]
    row = table[
        (table["x"] == scores["month"].min()) & (table["assessor"] == "faculty")
    ].iloc[0]
    assert row["median"] == first.median()
    assert row["q1"] == pytest.approx(first.quantile(0.25))
    assert row["teams"] == 16
    levels = [f"{x / 2:.1f}" for x in range(1, 11)]
    assert (table[levels].sum(axis=1) == table["teams"]).all()


def test_explain_says_where_the_teams_are_and_the_largest_gaps(scores):
    text = assessments(scores, assessor="assessor").explain()
    lines = text.splitlines()
    assert lines[0] == "16 teams assessed from 1 January 2022 to 1 June 2023."
    assert "rate themselves" in lines[3] and "higher than the faculty" in lines[3]
    assert lines[4].startswith("Self and faculty differ most for Team I")


def test_without_an_assessor_every_score_is_the_teams_own():
    data = pd.DataFrame({"team": ["A", "A"], "month": [1, 2], "score": [1.0, 2.5]})
    f = assessments(data).frame
    assert f["self"].tolist() == [1.0, 2.5] and f["faculty"].isna().all()
    assert f["self_label"].tolist() == [
        "Forming team",
        "Changes tested, but no improvement",
    ]


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (
            dict(score=[5.5, 1.0]),
            DataError,
            r"`y`: 1 score is not on the IHI assessment scale \(row 1, got 5.5\)",
        ),
        (dict(score=[1.2, 1.0]), DataError, r"not on the IHI assessment scale"),
        (dict(score=[None, 1.0]), DataError, r"`y`: 1 score is missing \(row 1\)"),
        (
            dict(assessor=["self", "boss"]),
            DataError,
            r"`assessor` \(row 2\): is not one of the choices \(got 'boss'\)",
        ),
        (
            dict(assessor=["self", "self"], month=[1, 1]),
            DataError,
            r"`y`: 'A' has more than one self score for 1 \(rows 1, 2\)",
        ),
        (dict(team=["A", None]), DataError, r"`unit`: 1 label is missing \(row 2\)"),
    ],
)
def test_assessment_messages(change, error, match):
    data = pd.DataFrame(
        {
            "team": ["A", "A"],
            "month": [1, 2],
            "assessor": ["self", "faculty"],
            "score": [1.0, 1.5],
        }
    )
    for key, value in change.items():
        data[key] = value
    with pytest.raises(error, match=match):
        assessments(data, assessor="assessor")


def test_an_unknown_column_is_named():
    data = pd.DataFrame({"team": ["A"], "month": [1], "score": [1.0]})
    with pytest.raises(ColumnError, match="`y`: there is no column called 'scor'"):
        assessments(data, y="scor")


# --------------------------------------------------------------------- timeline


def test_breakthrough_series_timeline_is_sound_and_round_trips():
    c = Collaborative.breakthrough_series("Falls", "13/01/2025", sessions=3)
    kinds = [s.kind for s in c.sessions]
    assert kinds == ["prework"] + ["learning_session", "action_period"] * 3 + [
        "summative"
    ]
    assert c.validate() == []
    assert Collaborative.from_dict(c.to_dict()).to_dict() == c.to_dict()
    frame = c.to_frame()
    assert frame["label"].tolist()[1:3] == ["Learning session 1", "Action period 1"]
    assert frame["start"].iloc[1] == pd.Timestamp("2025-01-13")
    assert (frame["days"] >= 1).all()
    assert c.phase_at(["2025-01-14", "2025-02-01"]).tolist() == [
        "Learning session 1",
        "Action period 1",
    ]
    assert c.annotations()[0] == (pd.Timestamp("2025-01-13"), "Learning session 1")


def test_validate_finds_overlaps_gaps_and_missing_action_periods():
    c = Collaborative(
        "Test",
        [
            Session("learning_session", "2025-01-10", "2025-01-11"),
            Session("learning_session", "2025-01-11", "2025-01-12"),
            Session("action_period", "2025-02-01", "2025-03-01"),
        ],
    )
    codes = [f.code for f in c.validate()]
    assert "collaborative.overlap" in codes
    assert "collaborative.gap" in codes
    assert "collaborative.no_action_period" in codes
    assert [f.code for f in Collaborative("Empty").validate()] == [
        "collaborative.empty"
    ]
    early = Collaborative(
        "Early",
        [
            Session("action_period", "2025-01-01", "2025-01-31"),
            Session("ls", "2025-02-01"),
        ],
    )
    codes = [f.code for f in early.validate()]
    assert "collaborative.action_before_session" in codes


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda: Session("workshop", "2025-01-01"),
            "`kind`: is not one of the choices (got 'workshop')",
        ),
        (
            lambda: Session("ls", "2025-02-01", "2025-01-01"),
            "`end`: is before the start 2025-02-01 (got '2025-01-01')",
        ),
        (lambda: Session("ls", None), "`start`: is missing"),
        (lambda: Collaborative(""), "`name`: is empty"),
        (
            lambda: Collaborative("X", sessions=[5]),
            "`sessions[0]`: is not a Session (got 5)",
        ),
        (
            lambda: Collaborative.from_dict({"name": "X", "sesions": []}),
            "`sesions`: is not a field of a Collaborative",
        ),
        (
            lambda: Collaborative.from_dict(
                {"name": "X", "sessions": [{"kind": "ls"}]}
            ),
            "`sessions[0].start`: is missing from the Session",
        ),
        (
            lambda: Collaborative.breakthrough_series("X", "2025-01-01", sessions=0),
            "`sessions`: must be at least 1 (got 0)",
        ),
    ],
)
def test_timeline_messages(build, match):
    with pytest.raises(
        InputError,
        match=match.replace("(", r"\(")
        .replace(")", r"\)")
        .replace("[", r"\[")
        .replace("]", r"\]"),
    ):
        build()


def test_a_one_day_session_ends_on_its_start():
    s = Session("learning_session", dt.date(2025, 3, 3))
    assert s.end == s.start


# ------------------------------------------------------------------- hypothesis


@given(
    score=st.lists(
        st.one_of(st.none(), st.floats(-1, 6), st.sampled_from([0.5, 2.5, "x", ""])),
        min_size=1,
        max_size=8,
    ),
    who=st.lists(
        st.sampled_from(["self", "faculty", "Self ", "boss", None]),
        min_size=1,
        max_size=8,
    ),
)
def test_nothing_but_qikit_errors_escape(score, who):
    size = min(len(score), len(who))
    data = pd.DataFrame(
        {
            "team": ["A"] * size,
            "month": range(size),
            "score": score[:size],
            "assessor": who[:size],
        }
    )
    try:
        res = assessments(data, assessor="assessor")
        res.gaps()
        res.distribution()
        res.explain()
    except QikitError:
        pass
