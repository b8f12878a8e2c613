"""qikit.spread.planning and adoption: plans, scale-up, adoption, sustaining."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qikit.datasets import load_dataset
from qikit.errors import ColumnError, DataError, InputError, QikitError
from qikit.spread import (
    ScalePhase,
    ScaleUpPlan,
    SpreadPlan,
    adoption_curve,
    spread_readiness,
    sustainability,
)
from qikit.spread.adoption import ADOPTER_CATEGORIES, SUSTAINABILITY_FACTORS
from qikit.spread.planning import SPREAD_COMPONENTS


def _match(text: str) -> str:
    for ch in "()[].?":
        text = text.replace(ch, "\\" + ch)
    return text


# ------------------------------------------------------------------ spread plan


def test_the_framework_has_its_seven_components():
    assert [c.key for c in SPREAD_COMPONENTS] == [
        "leadership",
        "setup",
        "better_ideas",
        "communication",
        "social_system",
        "knowledge_management",
        "measurement_feedback",
    ]
    prompts = SpreadPlan.prompts()
    assert prompts["key"].is_unique and len(prompts) == 20


def test_a_spread_plan_checks_completeness_and_round_trips():
    plan = SpreadPlan("Hospital at Home", owner="Programme lead")
    assert len(plan.validate()) == 20
    keys = SpreadPlan.prompts()["key"].tolist()
    for key in keys[:-1]:
        plan.answer(key, f"Answer to {key}")
    (left,) = plan.validate()
    assert left.code == "spread.measurement_feedback.feedback.missing"
    assert left.subject == "measurement_feedback.feedback"
    assert left.startswith("Measurement and feedback: How, and how often")
    table = plan.completeness().set_index("component")
    assert table.loc["leadership", "complete"]
    assert table.loc["measurement_feedback", "answered"] == 2
    assert SpreadPlan.from_dict(plan.to_dict()).to_dict() == plan.to_dict()
    frame = plan.to_frame()
    assert frame["answered"].sum() == 19
    assert "Still to plan: Measurement and feedback (2 of 3)." in plan.explain()


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: SpreadPlan(""), "`change`: is empty"),
        (
            lambda: SpreadPlan("X", answers={"leadership.sponser": "A"}),
            "`answers.leadership.sponser`: is not a prompt of the IHI Framework for "
            "Spread (got 'leadership.sponser'). Did you mean 'leadership.sponsor'?",
        ),
        (
            lambda: SpreadPlan("X", answers=["a"]),
            "`answers`: must be a dictionary of answers",
        ),
        (
            lambda: SpreadPlan("X", answers={"setup.target": 5}),
            "`answers.setup.target`: must be text (got 5)",
        ),
        (
            lambda: SpreadPlan.from_dict({"change": "X", "owners": ""}),
            "`owners`: is not a field of a SpreadPlan",
        ),
    ],
)
def test_spread_plan_messages(build, match):
    with pytest.raises(InputError, match=_match(match)):
        build()


# --------------------------------------------------------------------- scale-up


def test_scale_up_plan_phases_and_findings():
    plan = ScaleUpPlan(
        "Hospital at Home",
        full_scale=31,
        phases=[
            ScalePhase("test_of_scale_up", "in_progress", units=4, start="01/03/2020"),
            {"phase": "full_scale", "status": "not_started"},
        ],
    )
    assert [p.phase for p in plan.phases] == [
        "set_up",
        "scalable_unit",
        "test_of_scale_up",
        "full_scale",
    ]
    codes = [f.code for f in plan.validate()]
    assert "scale.scalable_unit.missing" in codes
    assert "scale.phase.skipped" in codes
    assert "scale.full_scale.missing" not in codes
    assert "scale.support.data_systems.missing" in codes
    assert plan.current_phase() == "test_of_scale_up"
    assert ScaleUpPlan.from_dict(plan.to_dict()).to_dict() == plan.to_dict()
    assert plan.to_frame()["share"].iloc[2] == pytest.approx(4 / 31)
    bigger = ScaleUpPlan(
        "X",
        scalable_unit="a ward",
        full_scale=3,
        phases=[
            ScalePhase("set_up", "done", units=2),
            ScalePhase("scalable_unit", "done", units=1),
            ScalePhase("test_of_scale_up", "done", units=5),
        ],
    )
    codes = [f.code for f in bigger.validate()]
    assert "scale.units.shrink" in codes and "scale.units.exceed" in codes


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda: ScalePhase("pilot"),
            "`phase`: is not one of the choices (got 'pilot')",
        ),
        (
            lambda: ScalePhase("set_up", "halfway"),
            "`status`: is not one of the choices",
        ),
        (lambda: ScalePhase("set_up", units=-1), "`units`: must be at least 0"),
        (
            lambda: ScalePhase("set_up", start="2024-02-01", end="2024-01-01"),
            "`end`: is before the start 2024-02-01",
        ),
        (
            lambda: ScaleUpPlan(
                "X", phases=[ScalePhase("set_up"), ScalePhase("setup")]
            ),
            "`phases[1]`: repeats a phase (got 'set_up')",
        ),
        (lambda: ScaleUpPlan("X", full_scale=0), "`full_scale`: must be at least 1"),
        (
            lambda: ScaleUpPlan("X", support_systems={"polcy": "x"}),
            "`support_systems.polcy`: is not one of the prompts (got 'polcy'). Did you "
            "mean 'policy'?",
        ),
    ],
)
def test_scale_up_messages(build, match):
    with pytest.raises(InputError, match=_match(match)):
        build()


# ---------------------------------------------------------------- adoption curve


def test_rogers_shares_add_up_to_one():
    assert sum(s for _, s in ADOPTER_CATEGORIES) == pytest.approx(1.0)
    assert [s for _, s in ADOPTER_CATEGORIES] == [0.025, 0.135, 0.34, 0.34, 0.16]


def test_adoption_curve_of_hospital_at_home():
    h = load_dataset("hospital_at_home")
    res = adoption_curve(h, x="started", unit="partnership", total=31)
    starts = h.groupby("partnership")["started"].min().sort_values()
    f = res.frame
    assert f["adopted"].iloc[-1] == len(starts) == 22
    counts = starts.value_counts().sort_index()
    assert f["new"].tolist() == counts.tolist()
    assert f["x"].tolist() == counts.index.tolist()
    assert f["share"].iloc[-1] == pytest.approx(22 / 31)
    units = res.units
    assert units["unit"].iloc[0] == starts.index[0]
    # by hand: position = (first rank + last rank - 1) / 2 / total, in Rogers' bands
    pos = (starts.rank(method="min") + starts.rank(method="max") - 1) / 2 / 31
    bands = np.cumsum([s for _, s in ADOPTER_CATEGORIES])
    names = [c for c, _ in ADOPTER_CATEGORIES]
    expected = [names[int(np.searchsorted(bands, p))] for p in pos]
    assert units["category"].tolist() == expected
    cats = res.categories()
    assert cats["expected_units"].sum() == pytest.approx(31)
    assert cats["adopted_units"].sum() == 22
    assert res.explain().startswith("22 of 31 partnerships have adopted the change")


def test_adoption_trajectory_and_target():
    df = pd.DataFrame({"home": list("ABCD"), "started": [1, 3, 5, None]})
    res = adoption_curve(df, x="started", unit="home", target=4, by=9)
    np.testing.assert_allclose(res.frame["trajectory"], [0, 1, 2])
    assert res.frame["on_track"].tolist() == [True, True, True]
    assert res.units["category"].iloc[-1] == ""
    assert "1 more homes must adopt to reach the target of 4 by 9." in res.explain()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(total=2), "`total`: is smaller than the 4 units in the data (got 2)"),
        (dict(target=9), "`target`: is more than the 4 units that could adopt"),
        (dict(target=-1), "`target`: must be at least 0"),
        (dict(by=5), "`by`: needs a target (got 5)"),
        (dict(total=0), "`total`: must be at least 1"),
    ],
)
def test_adoption_messages(kwargs, match):
    df = pd.DataFrame({"home": list("ABCD"), "started": [1, 3, 5, None]})
    with pytest.raises(InputError, match=_match(match)):
        adoption_curve(df, x="started", unit="home", **kwargs)


def test_adoption_refuses_a_missing_unit_and_an_unknown_column():
    df = pd.DataFrame({"home": ["A", None], "started": [1, 2]})
    with pytest.raises(DataError, match=_match("`unit`: 1 label is missing (row 2)")):
        adoption_curve(df, x="started", unit="home")
    with pytest.raises(ColumnError, match="`x`: there is no column called 'start'"):
        adoption_curve(df.fillna("B"), x="start", unit="home")
    with pytest.raises(DataError, match=_match("`x`: 1 date is not a number (row 1")):
        adoption_curve(
            df.fillna("B").assign(started=["soon", 2]), x="started", unit="home"
        )


# --------------------------------------------------------------------- readiness


def test_readiness_reverses_complexity_and_names_the_weakest():
    rows = []
    for rater, scores in enumerate([(5, 4, 2, 4, 3), (4, 4, 4, 5, 2)]):
        for attr, s in zip(
            [
                "relative advantage",
                "compatibility",
                "complexity",
                "trialability",
                "observability",
            ],
            scores,
            strict=True,
        ):
            rows.append({"rater": rater, "attribute": attr, "score": s})
    res = spread_readiness(pd.DataFrame(rows))
    f = res.frame.set_index("attribute")
    assert f.loc["complexity", "mean"] == 3
    assert f.loc["complexity", "favourable"] == 3  # 1 + 5 - 3
    assert f.loc["observability", "favourable"] == 2.5
    assert f.loc["relative_advantage", "sd"] == pytest.approx(np.std([5, 4], ddof=1))
    overall = res.overall.iloc[0]
    assert overall["readiness"] == pytest.approx(np.mean([4.5, 4, 3, 4.5, 2.5]))
    assert overall["weakest"] == "observability"
    assert "Make the results seen" in res.explain()


@pytest.mark.parametrize(
    ("data", "kwargs", "error", "match"),
    [
        (
            {
                "relative_advantage": 6,
                "compatibility": 4,
                "complexity": 4,
                "trialability": 5,
                "observability": 3,
            },
            {},
            DataError,
            "`y`: 1 score is outside the scale of 1 to 5 (row 1, got 6)",
        ),
        (
            {
                "relative_advantage": 3,
                "compatability": 4,
                "complexity": 4,
                "trialability": 5,
                "observability": 3,
            },
            {},
            DataError,
            "`attribute` (row 2): is not one of the choices (got 'compatability'). Did "
            "you mean 'compatibility'?",
        ),
        (
            {"relative_advantage": 3},
            {},
            DataError,
            "`attribute`: the data has no score for compatibility, complexity, "
            "trialability and observability",
        ),
        (
            {"relative_advantage": 3},
            {"scale": (5, 1)},
            InputError,
            "`scale`: must go from low to high",
        ),
    ],
)
def test_readiness_messages(data, kwargs, error, match):
    with pytest.raises(error, match=_match(match)):
        spread_readiness(data, **kwargs)


# ---------------------------------------------------------------- sustainability


@pytest.fixture(scope="module")
def ratings():
    return load_dataset("sustainability_ratings")


def test_ten_factors_in_three_domains_as_the_dataset(ratings):
    pairs = ratings[["domain", "factor"]].drop_duplicates()
    assert [(f.domain, f.name) for f in SUSTAINABILITY_FACTORS] == list(
        pairs.itertuples(index=False, name=None)
    )


def test_disagreement_is_shown_member_by_member(ratings):
    sm = sustainability(ratings, x="round")
    assert len(sm.frame) == 5 * 3 * 10
    assert len(sm.ratings) == len(ratings)
    for (team, rnd, factor), g in list(ratings.groupby(["team", "round", "factor"]))[
        :12
    ]:
        row = sm.frame[
            (sm.frame["unit"] == team)
            & (sm.frame["x"] == rnd)
            & (sm.frame["factor"] == factor)
        ].iloc[0]
        r = g["rating"]
        assert row["members"] == len(g)
        assert row["range"] == r.max() - r.min()
        assert row["sd"] == pytest.approx(r.std(ddof=1))
        assert row["median"] == r.median()
        assert row["lowest"] == ", ".join(g["member"][r == r.min()])
        assert row["highest"] == ", ".join(g["member"][r == r.max()])
        assert [row[f"level_{k}"] for k in (1, 2, 3, 4)] == [
            int((r == k).sum()) for k in (1, 2, 3, 4)
        ]
    top = sm.disagreement()
    assert (top["range"] >= 2).all()
    assert top["range"].is_monotonic_decreasing
    # the dataset's story: opinions converge from round to round
    sd = sm.frame.groupby("x")["sd"].mean()
    assert sd.loc[3] < sd.loc[1]


def test_scores_need_weights_and_use_them(ratings):
    sm = sustainability(ratings, x="round")
    with pytest.raises(
        InputError,
        match="`weights`: are needed for scores, and are not built into qikit",
    ):
        sm.scores()
    made_up = {f.name: (0, 1, 2, 3) for f in SUSTAINABILITY_FACTORS}  # test weights
    one_round = ratings[ratings["round"] == 1]
    sw = sustainability(one_round, weights=made_up)
    scores = sw.scores()
    by_hand = (
        (one_round["rating"] - 1)
        .groupby([one_round["team"], one_round["member"]])
        .sum()
    )
    got = scores.set_index(["unit", "member"])["total"]
    np.testing.assert_allclose(got.sort_index(), by_hand.sort_index())
    assert {"team_mean", "team_sd"} <= set(scores.columns)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (dict(rating=5), "`y`: 1 rating is not a level of the model (row 1, got 5)"),
        (dict(rating=2.5), "`y`: 1 rating is not a level of the model"),
        (
            dict(factor="Senior leadership engagment"),
            "`factor`: 'Senior leadership engagment' is not a factor of the NHS "
            "Sustainability Model (row 1). Did you mean 'Senior leadership "
            "engagement'?",
        ),
        (dict(member=None), "`member`: 1 label is missing (row 1)"),
    ],
)
def test_sustainability_messages(change, match):
    data = pd.DataFrame(
        {
            "team": ["T1", "T1"],
            "member": ["M1", "M2"],
            "factor": ["Senior leadership engagement"] * 2,
            "rating": [2, 3],
        }
    )
    data = data.astype(object)
    for key, value in change.items():
        data.loc[0, key] = value
    with pytest.raises(DataError, match=_match(match)):
        sustainability(data)


def test_a_repeated_rating_and_bad_weights_are_refused():
    data = pd.DataFrame(
        {
            "team": ["T1", "T1"],
            "member": ["M1", "M1"],
            "factor": ["fit", "fit"],
            "rating": [2, 3],
        }
    )
    with pytest.raises(DataError, match="'M1' rated \"Fit with the organisation's"):
        sustainability(data)
    ok = data.iloc[:1]
    with pytest.raises(InputError, match="`weights`: lacks 9 factors"):
        sustainability(ok, weights={"fit": (0, 1, 2, 3)})
    with pytest.raises(InputError, match="`weights.fit`: must not fall from level 1"):
        sustainability(ok, weights={"fit": (3, 2, 1, 0)})
    with pytest.raises(InputError, match="`weights.fit`: must be four scores"):
        sustainability(ok, weights={"fit": (1, 2)})
    with pytest.raises(InputError, match="`weights.fitt`: is not a factor"):
        sustainability(ok, weights={"fitt": (1, 2, 3, 4)})


# ------------------------------------------------------------------- hypothesis


@given(
    rating=st.lists(
        st.one_of(st.integers(-1, 6), st.none(), st.just("x"), st.floats(0, 5)),
        min_size=1,
        max_size=6,
    ),
    factor=st.lists(
        st.sampled_from(["fit", "Fit", "infrastructure", "nope", None]),
        min_size=1,
        max_size=6,
    ),
    started=st.lists(
        st.one_of(st.none(), st.integers(0, 9), st.just("soon")), min_size=1, max_size=6
    ),
)
def test_nothing_but_qikit_errors_escape(rating, factor, started):
    size = min(len(rating), len(factor), len(started))
    data = pd.DataFrame(
        {
            "team": ["T"] * size,
            "member": [f"M{i}" for i in range(size)],
            "factor": factor[:size],
            "rating": rating[:size],
            "started": started[:size],
        }
    )
    for call in (
        lambda: sustainability(data).explain(),
        lambda: adoption_curve(data, x="started", unit="member").explain(),
        lambda: spread_readiness(data, y="rating", attribute="factor"),
    ):
        try:
            call()
        except QikitError:
            pass
