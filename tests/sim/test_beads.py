"""qikit.sim.beads: Deming's red beads, against the theory of sampling a stirred box."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import qikit
from qikit.errors import InputError, QikitError
from qikit.sim import SLOGANS, WORKER_NAMES, bead_management, red_beads, slogan
from qikit.sim.beads import BEAD_COLUMNS


def hyper_moments(box, red, paddle):
    """Mean and variance of the red count on a paddle (hypergeometric)."""
    p = red / box
    return paddle * p, paddle * p * (1 - p) * (box - paddle) / (box - 1)


# ------------------------------------------------------------------- the experiment


def test_one_row_per_worker_per_day_in_draw_order():
    beads = red_beads(seed=1)
    assert list(beads.columns) == list(BEAD_COLUMNS)
    assert len(beads) == 24
    assert beads["day"].tolist() == [d for d in range(1, 5) for _ in range(6)]
    assert beads["worker"].astype(str).tolist() == list(WORKER_NAMES[:6]) * 4
    assert beads["draw"].tolist() == list(range(1, 25))
    assert (beads["paddle"] == 50).all()
    assert np.allclose(beads["share"], beads["red"] / 50)
    assert beads["red"].dtype == np.int64


def test_it_feeds_a_p_chart():
    beads = red_beads(seed=2)
    res = qikit.qic(beads, x="draw", y="red", n="paddle", chart="p")
    assert len(res.frame) == 24
    assert res.summary()["cl"].iloc[0] == pytest.approx(
        beads["red"].sum() / beads["paddle"].sum()
    )


def test_the_same_seed_gives_the_same_draws_and_others_differ():
    a, b = red_beads(seed=9), red_beads(seed=9)
    pd.testing.assert_frame_equal(a, b)
    assert not red_beads(seed=10)["red"].equals(a["red"])


def test_workers_by_name_and_by_number():
    beads = red_beads(workers=["Morag", "Tariq"], days=3, seed=1)
    assert beads["worker"].astype(str).tolist() == ["Morag", "Tariq"] * 3
    many = red_beads(workers=14, days=1, seed=1)
    assert many["worker"].astype(str).tolist()[-2:] == ["Worker 13", "Worker 14"]


def test_rooms_add_a_room_column_and_draw_independently():
    beads = red_beads(rooms=3, seed=4)
    assert list(beads.columns) == ["room", *BEAD_COLUMNS]
    assert beads["room"].tolist() == [r for r in (1, 2, 3) for _ in range(24)]
    assert beads.groupby("room")["draw"].apply(list).map(len).tolist() == [24] * 3
    per_room = beads.pivot(index="draw", columns="room", values="red")
    assert not per_room[1].equals(per_room[2])


# ------------------------------------------------------------------------ theory


def test_mean_and_variance_match_the_hypergeometric():
    beads = red_beads(rooms=2000, seed=2026)  # 48,000 paddles from the default box
    red = beads["red"].to_numpy(float)
    mean, var = hyper_moments(4000, 800, 50)
    se_mean = np.sqrt(var / red.size)
    assert abs(red.mean() - 50 * 0.2) < 4 * se_mean
    se_var = var * np.sqrt(2 / (red.size - 1))  # nearly normal counts
    assert abs(red.var(ddof=1) - var) < 4 * se_var


def test_sampling_is_without_replacement():
    # a small box: the hypergeometric variance is half the binomial one
    beads = red_beads(box=100, red_share=0.2, paddle=50, rooms=2000, seed=5)
    red = beads["red"].to_numpy(float)
    _, var = hyper_moments(100, 20, 50)
    assert var == pytest.approx(50 * 0.2 * 0.8 * 50 / 99)
    se_var = var * np.sqrt(2 / (red.size - 1))
    assert abs(red.var(ddof=1) - var) < 4 * se_var
    assert red.var(ddof=1) < 0.6 * 50 * 0.2 * 0.8  # far below the binomial's 8
    whole = red_beads(box=100, red_share=0.2, paddle=100, rooms=10, seed=5)
    assert (whole["red"] == 20).all()  # the paddle takes the whole box


def test_counts_follow_the_hypergeometric_distribution():
    red = red_beads(rooms=500, seed=11)["red"].to_numpy()  # 12,000 paddles
    k = np.arange(0, 51)
    pmf = stats.hypergeom(4000, 800, 50).pmf(k)
    edges = [0, 6, 8, 9, 10, 11, 12, 13, 15, 51]  # bins with ≥ 300 expected
    bins = list(zip(edges[:-1], edges[1:], strict=True))
    observed = np.array([((red >= a) & (red < b)).sum() for a, b in bins])
    expected = np.array([pmf[a:b].sum() for a, b in bins]) * red.size
    assert expected.min() > 300
    chi2 = ((observed - expected) ** 2 / expected).sum()
    assert stats.chi2(len(edges) - 2).sf(chi2) > 0.001  # fixed seed: not flaky


@pytest.mark.parametrize("bias", [0.04, -0.05])
def test_bias_shifts_the_mean(bias):
    red = red_beads(bias=bias, rooms=1000, seed=7)["red"].to_numpy(float)
    box_red = round(4000 * (0.2 + bias))
    mean, var = hyper_moments(4000, box_red, 50)
    assert mean == pytest.approx(50 * (0.2 + bias))
    assert abs(red.mean() - mean) < 4 * np.sqrt(var / red.size)
    unbiased = red_beads(rooms=1000, seed=7)["red"].mean()
    assert np.sign(red.mean() - unbiased) == np.sign(bias)


def test_a_red_share_rounds_to_whole_beads():
    beads = red_beads(box=10, red_share=0.25, paddle=10, seed=1)  # 2.5 → 2 red
    assert (beads["red"] == 2).all()
    assert beads.attrs["qikit.sim"]["red_in_box"] == 2


# -------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"paddle": 5000},
            "`paddle`: holds more beads than the box (got 5000). Use a paddle of at "
            "most 4,000 beads (the box), e.g. 50.",
        ),
        (
            {"red_share": 1.5},
            "`red_share`: must be a share between 0 and 1 (got 1.5). Did you mean "
            "0.015 (1.5%)?",
        ),
        (
            {"red_share": 20},
            "`red_share`: must be a share between 0 and 1 (got 20). Did you mean 0.2 "
            "(20%)? Give the share as a number between 0 and 1, e.g. 0.2 for 20%.",
        ),
        (
            {"red_share": -0.1},
            "`red_share`: must be a share between 0 and 1 (got -0.1). Give the share "
            "of red beads in the box, e.g. 0.2 for 20%.",
        ),
        (
            {"red_share": "20%"},
            "`red_share`: must be a share between 0 and 1 (got '20%')",
        ),
        (
            {"bias": 0.9},
            "`bias`: takes the paddle's share of red beads to 1.1, outside 0 to 1 (got "
            "0.9). Use a bias between -0.2 and 0.8.",
        ),
        ({"bias": 2}, "`bias`: must be at most 1 (got 2)"),
        ({"paddle": 0}, "`paddle`: must be at least 1 (got 0)"),
        ({"paddle": 2.5}, "`paddle`: must be a whole number (got 2.5)"),
        ({"box": "4000"}, "`box`: must be a whole number (got '4000')"),
        ({"days": 0}, "`days`: must be at least 1 (got 0)"),
        ({"workers": 0}, "`workers`: must be at least 1 (got 0)"),
        (
            {"workers": "Aisha"},
            "`workers`: must be a number of workers or a list of their names (got "
            "'Aisha'). Give a whole number such as 6, or names such as ['Aisha', "
            "'Ben'].",
        ),
        ({"workers": []}, "`workers`: has no names (got []). Give at least one"),
        (
            {"workers": ["Ann", "Ann"]},
            "`workers[1]`: repeats a name (got 'Ann'). Give each worker a different "
            "name, e.g. 'Aisha 2'.",
        ),
        ({"workers": ["Ann", 3]}, "`workers[1]`: must be text (got 3)"),
        ({"rooms": 0}, "`rooms`: must be at least 1 (got 0)"),
        (
            {"rooms": 1_000_000},
            "`rooms`: asks for 24,000,000 draws, more than 20,000,000 (got 1000000). "
            "Use fewer rooms, days or workers.",
        ),
        ({"seed": "abc"}, "`seed`: is not a usable seed (got 'abc')"),
    ],
)
def test_bad_arguments_say_what_to_do(kwargs, message):
    with pytest.raises(InputError) as err:
        red_beads(**kwargs)
    assert str(err.value).startswith(message)


@given(
    box=st.one_of(
        st.integers(-5, 5000), st.floats(allow_nan=True), st.text(max_size=3)
    ),
    red_share=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 200)
    ),
    paddle=st.one_of(st.integers(-5, 6000), st.none()),
    workers=st.one_of(
        st.integers(-2, 30),
        st.lists(st.text(max_size=5), max_size=4),
        st.text(max_size=3),
    ),
    days=st.one_of(st.integers(-2, 20), st.floats(-2, 20)),
    bias=st.one_of(st.floats(-2, 2), st.just(float("nan"))),
)
def test_nothing_but_a_qikit_error_escapes(box, red_share, paddle, workers, days, bias):
    try:
        beads = red_beads(
            box=box,
            red_share=red_share,
            paddle=paddle,
            workers=workers,
            days=days,
            bias=bias,
            seed=1,
        )
    except QikitError:
        return
    assert (beads["red"] <= beads["paddle"]).all() and (beads["red"] >= 0).all()


# -------------------------------------------------------------------- management


def test_management_ranks_rewards_and_punishes_with_the_p_chart_verdict():
    beads = red_beads(seed=2026)
    m = bead_management(beads)
    assert list(m.columns) == [
        "worker", "red", "paddle", "share", "rank", "award", "lcl", "ucl",
        "inside_limits", "verdict",
    ]  # fmt: skip
    totals = beads.groupby("worker", observed=True)["red"].sum()
    assert dict(zip(m["worker"], m["red"], strict=True)) == totals.to_dict()
    assert m["red"].is_monotonic_increasing
    assert m["rank"].tolist() == m["red"].rank(method="min").astype(int).tolist()
    assert set(m.loc[m["red"] == m["red"].min(), "award"]) == {"merit award"}
    assert set(m.loc[m["red"] == m["red"].max(), "award"]) == {"probation"}
    middle = m[(m["red"] > m["red"].min()) & (m["red"] < m["red"].max())]
    mean = m["red"].mean()
    assert (middle.loc[middle["red"] > mean, "award"] == "warning").all()
    assert (middle.loc[middle["red"] <= mean, "award"] == "").all()
    # the p chart of the workers, worked out by hand
    pbar = beads["red"].sum() / beads["paddle"].sum()
    half = 3 * np.sqrt(pbar * (1 - pbar) / 200)
    assert np.allclose(m["lcl"], max(pbar - half, 0))
    assert np.allclose(m["ucl"], pbar + half)
    inside = (m["share"] >= pbar - half) & (m["share"] <= pbar + half)
    assert m["inside_limits"].tolist() == inside.tolist()
    assert m["inside_limits"].all()  # a stable box: every worker is common cause
    worst = m.iloc[-1]
    assert worst["verdict"].startswith(
        f"{worst['worker']} drew {worst['red']} red beads"
    )
    assert "probation punishes chance" in worst["verdict"]


def test_a_worker_outside_the_limits_is_a_signal_not_a_bad_worker():
    beads = red_beads(days=4, seed=3)
    beads.loc[beads["worker"] == "Ben", "red"] = 20  # a different paddle for Ben
    m = bead_management(beads).set_index("worker")
    assert not m.loc["Ben", "inside_limits"]
    assert "above the p chart's limits" in m.loc["Ben", "verdict"]
    assert "special cause" in m.loc["Ben", "verdict"]
    assert m.drop(index="Ben")["inside_limits"].all()


def test_management_on_one_day_and_in_many_rooms():
    beads = red_beads(rooms=4, seed=8)
    m = bead_management(beads, day=1)
    assert list(m.columns[:2]) == ["room", "worker"]
    assert len(m) == 24 and (m["paddle"] == 50).all()
    first = beads[beads["day"] == 1]
    first = first.assign(worker=first["worker"].astype(str)).set_index(
        ["room", "worker"]
    )
    got = m.set_index(["room", "worker"])["red"]
    assert got.sort_index().tolist() == first["red"].sort_index().tolist()
    assert (m.groupby("room")["rank"].min() == 1).all()


@pytest.mark.parametrize(
    ("result", "kwargs", "message"),
    [
        (5, {}, "`result`: must be a table (got 5)"),
        (
            pd.DataFrame({"day": [1]}),
            {},
            "`result`: there is no column called 'worker'",
        ),
        (red_beads(seed=1).iloc[:0], {}, "`result`: has no rows."),
        (
            red_beads(seed=1).assign(red=-1),
            {},
            "`result`: column 'red' must hold whole numbers of 0 or more",
        ),
        (
            red_beads(seed=1).assign(red=99),
            {},
            "`result`: has more red beads than beads on the paddle.",
        ),
        (
            red_beads(seed=1),
            {"day": 9},
            "`day`: is not one of the days in the result (got 9). Use one of: 1, 2, 3 "
            "or 4.",
        ),
    ],
)
def test_management_checks_its_input(result, kwargs, message):
    with pytest.raises(InputError) as err:
        bead_management(result, **kwargs)
    assert str(err.value).startswith(message)


def test_slogans_are_seeded_and_from_the_wall():
    assert slogan(seed=1) == slogan(seed=1)
    assert {slogan(seed=s) for s in range(40)} == set(SLOGANS)
    with pytest.raises(InputError, match="^`seed`"):
        slogan(seed="x")


@given(
    red=st.lists(
        st.one_of(st.integers(-3, 80), st.floats(allow_nan=True), st.text(max_size=2)),
        min_size=1,
        max_size=8,
    ),
    day=st.one_of(st.none(), st.integers(-1, 3), st.text(max_size=2)),
)
def test_management_lets_only_qikit_errors_escape(red, day):
    frame = pd.DataFrame(
        {
            "day": [1 + i % 2 for i in range(len(red))],
            "worker": [f"W{i % 3}" for i in range(len(red))],
            "red": red,
            "paddle": 50,
        }
    )
    try:
        m = bead_management(frame, day=day)
    except QikitError:
        return
    assert m["rank"].min() == 1
