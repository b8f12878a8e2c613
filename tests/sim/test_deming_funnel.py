"""qikit.sim.deming_funnel: the four funnel rules against a slow loop and the theory."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qikit
from qikit.errors import InputError, QikitError
from qikit.sim import FUNNEL_RULES, funnel_experiment, funnel_summary
from qikit.sim.deming_funnel import FUNNEL_COLUMNS


def slow_funnel(rule, error):
    """Deming's rules one drop at a time (target at the origin)."""
    funnel = np.zeros(2)
    land, where = [], []
    for e in error:
        z = funnel + e
        land.append(z)
        where.append(funnel.copy())
        if rule == 2:
            funnel = funnel - z
        elif rule == 3:
            funnel = -z
        elif rule == 4:
            funnel = z
    return np.array(land), np.array(where)


def test_columns_and_rows_rule_by_rule():
    drops = funnel_experiment(rule=[1, 2, 3, 4], drops=10, seed=1)
    assert list(drops.columns) == list(FUNNEL_COLUMNS)
    assert drops["rule"].tolist() == [r for r in (1, 2, 3, 4) for _ in range(10)]
    assert drops["drop"].tolist() == list(range(1, 11)) * 4
    one = funnel_experiment(rule=3, drops=5, seed=1)
    assert one["rule"].tolist() == [3] * 5


@pytest.mark.parametrize("rule", [1, 2, 3, 4])
def test_each_rule_matches_a_drop_by_drop_loop_on_the_same_errors(rule):
    drops = funnel_experiment(rule=[1, 2, 3, 4], drops=40, sigma=2.0, seed=5)
    error = drops.loc[drops["rule"] == 1, ["x", "y"]].to_numpy()  # rule 1 = the errors
    land, where = slow_funnel(rule, error)
    mine = drops[drops["rule"] == rule]
    assert np.allclose(mine[["x", "y"]].to_numpy(), land)
    assert np.allclose(mine[["funnel_x", "funnel_y"]].to_numpy(), where)


def test_a_single_rule_uses_the_same_errors_as_the_list():
    alone = funnel_experiment(rule=4, drops=30, seed=8)
    together = funnel_experiment(rule=[1, 4], drops=30, seed=8)
    assert np.allclose(
        alone[["x", "y"]], together.loc[together["rule"] == 1, ["x", "y"]].cumsum()
    )


def test_rooms_are_independent_and_come_first():
    drops = funnel_experiment(rule=[1, 2], drops=5, rooms=3, seed=2)
    assert list(drops.columns) == ["room", *FUNNEL_COLUMNS]
    assert drops["room"].tolist() == [r for r in (1, 2, 3) for _ in range(10)]
    assert drops.groupby("room")["rule"].apply(list).tolist() == [[1] * 5 + [2] * 5] * 3
    first = drops[(drops["room"] == 1) & (drops["rule"] == 1)]["x"].to_numpy()
    second = drops[(drops["room"] == 2) & (drops["rule"] == 1)]["x"].to_numpy()
    assert not np.allclose(first, second)


def test_seeded():
    pd.testing.assert_frame_equal(
        funnel_experiment(rule=[2, 3], seed=3), funnel_experiment(rule=[2, 3], seed=3)
    )


# ------------------------------------------------------------------------ theory


def test_rule_2_doubles_the_variance_of_rule_1():
    drops = funnel_experiment(rule=[1, 2], drops=200_000, seed=2026)
    v1 = drops.loc[drops["rule"] == 1, ["x", "y"]].to_numpy().var(axis=0)
    v2 = drops.loc[drops["rule"] == 2, ["x", "y"]].to_numpy().var(axis=0)
    ratio = v2 / v1
    # se of a ratio of variances of N normal values (rule 2's drops are MA(1): the
    # variance of its variance is 3/2 that of independent values) ≈ 2·√(2/N · 1.75)
    se = 2 * np.sqrt(2 / 200_000 * 1.75)
    assert np.all(np.abs(ratio - 2) < 5 * se)
    s = funnel_summary(drops).set_index("rule")
    assert abs(s.loc[2, "ratio_to_rule_1"] - 2) < 5 * se


@pytest.mark.parametrize("rule", [3, 4])
def test_rules_3_and_4_drift_without_bound(rule):
    sigma, rooms = 1.5, 4000
    drops = funnel_experiment(rule=rule, drops=200, sigma=sigma, rooms=rooms, seed=rule)
    spread = drops.groupby("drop")["x"].var()
    for k in (10, 50, 200):
        want = k * sigma**2  # variance after k drops: k σ²
        se = want * np.sqrt(2 / (rooms - 1))
        assert abs(spread.loc[k] - want) < 5 * se
    assert spread.loc[200] > 10 * spread.loc[10]
    one = funnel_experiment(rule=1, drops=200, sigma=sigma, rooms=rooms, seed=rule)
    flat = one.groupby("drop")["x"].var()
    assert abs(flat.loc[200] - flat.loc[10]) < 5 * sigma**2 * np.sqrt(2 / rooms) * 2


def test_summary_measures_the_spread():
    drops = funnel_experiment(rule=[1, 2, 3, 4], drops=100, seed=4)
    s = funnel_summary(drops)
    assert list(s.columns) == [
        "rule", "description", "drops", "sd_x", "sd_y", "mean_distance",
        "max_distance", "mean_square", "ratio_to_rule_1",
    ]  # fmt: skip
    assert s["description"].tolist() == [FUNNEL_RULES[r] for r in (1, 2, 3, 4)]
    four = drops[drops["rule"] == 4]
    dist = np.hypot(four["x"], four["y"])
    row = s.set_index("rule").loc[4]
    assert row["sd_x"] == pytest.approx(four["x"].std())
    assert row["mean_distance"] == pytest.approx(dist.mean())
    assert row["max_distance"] == pytest.approx(dist.max())
    assert row["mean_square"] == pytest.approx((dist**2).mean())
    assert s.set_index("rule").loc[1, "ratio_to_rule_1"] == 1


def test_summary_per_room_and_without_rule_1():
    s = funnel_summary(funnel_experiment(rule=[1, 3], drops=20, rooms=2, seed=1))
    assert list(s[["room", "rule"]].itertuples(index=False, name=None)) == [
        (1, 1), (1, 3), (2, 1), (2, 3)
    ]  # fmt: skip
    assert (s.loc[s["rule"] == 1, "ratio_to_rule_1"] == 1).all()
    alone = funnel_summary(funnel_experiment(rule=2, drops=20, seed=1))
    assert alone["ratio_to_rule_1"].isna().all()


def test_i_charts_see_the_drift_of_rule_4():
    drops = funnel_experiment(rule=[1, 4], drops=50, rooms=200, seed=2026)
    series = drops["room"].astype(str) + "/" + drops["rule"].astype(str)
    res = qikit.qic(drops.assign(series=series), x="drop", y="x", chart="i",
                    facets="series")  # fmt: skip
    found = res.frame.groupby("series")["signal"].any()
    rule = found.index.str.split("/").str[1]
    assert found[rule == "4"].mean() > 0.95  # a random walk: nearly always a signal
    assert found[rule == "1"].mean() < 0.35  # only the rules' false alarms


# -------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"rule": 5},
            "`rule`: is not one of Deming's funnel rules (got 5). Use 1 (leave the "
            "funnel alone), 2 (move it from its last position), 3 (move it from the "
            "target), 4 (set it over the last drop), or a list such as [1, 2, 3, 4].",
        ),
        ({"rule": "two"}, "`rule`: is not one of Deming's funnel rules (got 'two')"),
        ({"rule": True}, "`rule`: is not one of Deming's funnel rules (got True)"),
        ({"rule": [1, 7]}, "`rule[1]`: is not one of Deming's funnel rules (got 7)"),
        ({"rule": [2, 2]}, "`rule[1]`: repeats a rule (got 2). Give each rule once."),
        ({"rule": []}, "`rule`: is an empty list (got [])"),
        ({"drops": 0}, "`drops`: must be at least 1 (got 0)"),
        ({"sigma": 0}, "`sigma`: must be more than zero (got 0)"),
        ({"sigma": "1"}, "`sigma`: must be a number (got '1')"),
        ({"rooms": 0}, "`rooms`: must be at least 1 (got 0)"),
        (
            {"drops": 10_000, "rooms": 3_000},
            "`drops`: with 3,000 rooms and 1 rules asks for 30,000,000 drops",
        ),
    ],
)
def test_bad_arguments_say_what_to_do(kwargs, message):
    with pytest.raises(InputError) as err:
        funnel_experiment(**kwargs)
    assert str(err.value).startswith(message)


def test_rules_may_be_given_as_text_digits_or_floats():
    assert funnel_experiment(rule=["1", 2.0], drops=2, seed=1)[
        "rule"
    ].unique().tolist() == [1, 2]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        ("drops", "`frame`: must be a table (got 'drops')"),
        (pd.DataFrame({"rule": [1]}), "`frame`: there is no column called 'x'"),
        (pd.DataFrame({"rule": [], "x": [], "y": []}), "`frame`: has no rows."),
        (
            pd.DataFrame({"rule": [1], "x": [np.nan], "y": [0.0]}),
            "`frame`: columns 'x' and 'y' must hold finite numbers.",
        ),
        (
            pd.DataFrame({"rule": [9], "x": [0.0], "y": [0.0]}),
            "`frame`: column 'rule' holds values that are not funnel rules (got [9])",
        ),
    ],
)
def test_summary_checks_its_input(frame, message):
    with pytest.raises(InputError) as err:
        funnel_summary(frame)
    assert str(err.value).startswith(message)


@given(
    rule=st.one_of(
        st.integers(-2, 6),
        st.lists(st.integers(0, 5), max_size=5),
        st.text(max_size=2),
        st.floats(allow_nan=True),
        st.none(),
    ),
    drops=st.one_of(
        st.integers(-3, 300), st.floats(allow_nan=True), st.text(max_size=2)
    ),
    sigma=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 3)),
)
def test_nothing_but_a_qikit_error_escapes(rule, drops, sigma):
    try:
        out = funnel_experiment(rule=rule, drops=drops, sigma=sigma, seed=1)
    except QikitError:
        return
    assert np.isfinite(out[["x", "y", "funnel_x", "funnel_y"]].to_numpy()).all()
    funnel_summary(out)


@given(
    x=st.lists(
        st.one_of(st.floats(allow_nan=True), st.integers(), st.text(max_size=2))
    ),
    rule=st.one_of(st.integers(-1, 5), st.text(max_size=1)),
)
def test_the_summary_lets_only_qikit_errors_escape(x, rule):
    frame = pd.DataFrame({"rule": rule, "x": x, "y": 0.0})
    try:
        funnel_summary(frame)
    except QikitError:
        pass
