"""qikit.sim.drills: drills keep the truth; judge marks answers and reads the rules."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qikit
from qikit.errors import InputError, QikitError
from qikit.sim import DRILL_KINDS, Drill, Feedback, Truth, drill, judge, to_payload
from qikit.sim.drills import DRILL_SIZES


def made(kind, y, chart="run", start=None, size=2.0, direction=1, rules="anhoej"):
    """A drill with chosen data, to test judge() on known cases."""
    data = pd.DataFrame({"week": np.arange(1, len(y) + 1), "y": np.asarray(y, float)})
    truth = Truth(kind, start, 0.0 if kind == "random" else size, direction)
    return Drill(data, truth, chart, rules, seed=0)


# --------------------------------------------------------------------- the drills


def test_two_hundred_unseeded_drills_are_all_different():
    series = {tuple(drill().data["y"]) for _ in range(200)}
    assert len(series) == 200


def test_the_same_seed_makes_the_same_drill_again():
    a = drill(seed=42)
    b = drill(seed=42)
    pd.testing.assert_frame_equal(a.data, b.data)
    assert a.truth == b.truth and a.seed == b.seed == 42
    again = drill(seed=drill().seed)  # an unseeded drill can be replayed
    assert again.seed == drill(seed=again.seed).seed
    first = drill(kind="trend", chart="i", n=30)
    replay = drill(kind="trend", chart="i", n=30, seed=first.seed)
    pd.testing.assert_frame_equal(first.data, replay.data)


def test_a_generator_seed_moves_on():
    g = np.random.default_rng(5)
    assert not drill(seed=g).data.equals(drill(seed=g).data)


def test_no_kind_picks_every_kind_about_equally():
    kinds = pd.Series([drill(seed=s).truth.kind for s in range(400)])
    counts = kinds.value_counts()
    assert set(counts.index) == set(DRILL_KINDS)
    assert (abs(counts - 100) < 4 * np.sqrt(400 * 0.25 * 0.75)).all()


@pytest.mark.parametrize("chart", ["run", "i"])
def test_a_shift_moves_the_mean_from_its_start(chart):
    starts, after, before = [], [], []
    for s in range(300):
        d = drill(kind="shift", chart=chart, n=30, size=2.0, seed=s)
        t = d.truth
        assert t.kind == "shift" and t.size == 2.0 and t.direction in (-1, 1)
        assert 30 // 3 + 1 <= t.start <= 30 - 7 + 1
        y = d.data["y"].to_numpy()
        before.append(t.direction * (y[: t.start - 1].mean() - 50))
        after.append(t.direction * (y[t.start - 1 :].mean() - 50))
        starts.append(t.start)
    assert abs(np.mean(after) - 2 * 5) < 0.3  # 2 sd of 5
    assert abs(np.mean(before)) < 0.3
    assert len(set(starts)) > 5


def test_a_trend_climbs_to_its_size_by_the_last_week():
    ends = []
    for s in range(300):
        d = drill(kind="trend", chart="i", n=24, size=3.0, seed=s)
        assert d.truth.start in range(1, 13)  # starts in the first half
        ends.append(d.truth.direction * (d.data["y"].iloc[-1] - 50))
    assert abs(np.mean(ends) - 15) < 4 * 5 / np.sqrt(300)


def test_an_outlier_is_one_point():
    lifts = []
    for s in range(300):
        d = drill(kind="outlier", chart="i", size=4, seed=s)
        y = d.data["y"].to_numpy() - 50
        at = d.truth.start - 1
        lifts.append(d.truth.direction * y[at])
        assert 7 <= d.truth.start <= 24
    assert abs(np.mean(lifts) - 20) < 4 * 5 / np.sqrt(300)


def test_random_drills_have_no_change():
    d = drill(kind="random", seed=3)
    assert d.truth == Truth("random", None, 0.0, 0)
    assert not d.truth.is_signal
    assert drill(kind="noise", seed=3).truth.kind == "random"  # the learner's word


def test_count_and_share_charts():
    c = drill(kind="shift", chart="c", seed=1)
    assert list(c.data.columns) == ["week", "y"] and c.data["y"].dtype == np.int64
    p = drill(kind="random", chart="p", seed=1)
    assert list(p.data.columns) == ["week", "y", "n"]
    assert (p.data["n"].between(80, 120)).all() and (p.data["y"] <= p.data["n"]).all()
    assert p.qic().chart == "p"
    shares = [drill(kind="random", chart="p", seed=s).data for s in range(50)]
    pooled = pd.concat(shares)
    assert abs(pooled["y"].sum() / pooled["n"].sum() - 0.3) < 0.01


def test_default_sizes_and_the_chart():
    d = drill(kind="outlier", chart="xmr", seed=2)
    assert d.chart == "i" and d.truth.size == DRILL_SIZES["outlier"]
    res = d.qic()
    assert isinstance(res, qikit.QicResult) and res.improvement == "neutral"
    assert len(res.frame) == 24


def test_truth_in_words():
    assert Truth("shift", 9, 1.0, -1).describe() == (
        "a shift downwards of 1 standard deviation from week 9"
    )
    assert Truth("outlier", 4, 3.5, 1).describe() == (
        "a single unusual point upwards of 3.5 standard deviations at week 4"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"kind": "wave"},
            "`kind`: is not one of the choices (got 'wave'). Use one of: 'shift', "
            "'trend', 'outlier', 'random'.",
        ),
        (
            {"chart": "xbar"},
            "`chart`: is not a chart drills are made for (got 'xbar'). Use one of: "
            "'run', 'i', 'c', 'p'.",
        ),
        ({"n": 5}, "`n`: must be at least 8 (got 5)"),
        ({"n": 24.5}, "`n`: must be a whole number (got 24.5)"),
        ({"size": -1}, "`size`: must be at least 0 (got -1)"),
        ({"size": 50}, "`size`: must be at most 10 (got 50)"),
        (
            {"kind": "random", "size": 1},
            "`size`: random data has no change to size (got 1). Leave size out, or "
            "choose kind='shift', 'trend' or 'outlier'.",
        ),
        ({"rules": "nelson"}, "`rules`: is not one of the choices (got 'nelson')"),
        ({"seed": "x"}, "`seed`: is not a usable seed (got 'x')"),
    ],
)
def test_bad_arguments_say_what_to_do(kwargs, message):
    with pytest.raises(InputError) as err:
        drill(**kwargs)
    assert str(err.value).startswith(message)


@given(
    kind=st.one_of(st.none(), st.sampled_from([*DRILL_KINDS, "x"]), st.integers()),
    chart=st.one_of(
        st.sampled_from(["run", "i", "c", "p", "u", "XmR"]), st.text(max_size=3)
    ),
    n=st.one_of(st.integers(-5, 600), st.floats(allow_nan=True)),
    size=st.one_of(st.none(), st.floats(-1, 12), st.text(max_size=2)),
)
def test_nothing_but_a_qikit_error_escapes(kind, chart, n, size):
    try:
        d = drill(kind=kind, chart=chart, n=n, size=size, seed=1)
    except QikitError:
        return
    fb = judge(d, "signal")
    assert isinstance(fb, Feedback) and fb.message


# ------------------------------------------------------------------------ judging

SHIFTED = [
    5.0,
    6,
    4,
    5,
    6,
    5,
    4,
    6,
    5,
    4,
    6,
    5,
    9,
    10,
    9,
    11,
    10,
    9,
    10,
    11,
    9,
    10,
    11,
    10,
]
FLAT = [5.0, 7, 4, 6, 5, 8, 3, 6, 7, 4, 5, 6, 4, 7, 5, 6, 3, 8, 5, 4, 6, 7, 5, 6]


def test_a_hit_traces_the_rule_through_the_engine():
    d = made("shift", SHIFTED, start=13)
    fb = judge(d, "signal")
    assert fb.correct and fb.verdict == "hit" and fb.rules_signal
    res = qikit.qic(d.data, x="week", y="y", chart="run", improvement="neutral")
    flagged = res.frame[res.frame["signal"]]
    assert fb.signals["week"].tolist() == flagged["x"].tolist()
    assert fb.signals["rule"].tolist() == flagged["rule"].astype(str).tolist()
    assert "long_run" in fb.rules_fired
    assert fb.findings == res.explain().splitlines()
    assert "The Anhøj rules agree: they find an unusually long run" in fb.message
    assert [line for line in fb.findings if "in a row are above" in line][0] in (
        fb.message
    )


def test_a_wrong_answer_on_a_real_shift():
    fb = judge(made("shift", SHIFTED, start=13), "noise")
    assert not fb.correct and fb.verdict == "hit"
    assert fb.message.startswith(
        "Not this time: something did change. The truth: a shift upwards of 2 "
        "standard deviations from week 13."
    )


def test_naming_the_change():
    d = made("shift", SHIFTED, start=13)
    assert judge(d, "shift").correct
    nearly = judge(d, "trend")
    assert not nearly.correct
    assert nearly.message.startswith("Nearly: there is a change, but not a trend.")
    assert judge(d, "step").answer == "shift"


def test_a_quiet_chart_of_random_data():
    fb = judge(made("random", FLAT), "common cause")
    assert fb.correct and fb.answer == "noise" and fb.verdict == "quiet"
    assert fb.rules_fired == () and fb.signals.empty
    assert "The Anhøj rules agree: no signal." in fb.message


def test_a_false_alarm_is_called_one():
    y = [5.0, 6, 7, 6, 7, 6, 7, 6, 7, 6, 5, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 5]
    fb = judge(made("random", y), False)
    assert fb.correct and fb.verdict == "false alarm" and fb.rules_signal
    assert "a false alarm" in fb.message
    assert "Random data breaks a rule now and then." in fb.message
    assert "of random run charts of 24 points signal with the Anhøj rules" in (
        fb.message
    )


def test_a_miss_says_the_change_is_real_but_not_caught_yet():
    y = FLAT[:20] + [7.0, 8, 7, 8]  # a late, small shift
    fb = judge(made("shift", y, start=21, size=1.0), "signal")
    assert fb.correct and fb.verdict == "miss" and not fb.rules_signal
    assert "find no signal yet, although the change is real" in fb.message
    assert "Charts like this one (24 points, a shift of 1 from week 21) catch it" in (
        fb.message
    )
    assert "Only 4 weeks come after the change: keep plotting." in fb.message


def test_a_single_point_cannot_break_run_chart_rules():
    y = list(FLAT)
    y[10] = 30.0
    fb = judge(made("outlier", y, start=11, size=5.0), "signal")
    assert fb.verdict == "miss"
    assert "A run chart has no control limits" in fb.message
    on_i = judge(made("outlier", y, chart="i", start=11, size=5.0), "outlier")
    assert on_i.correct and on_i.verdict == "hit"
    assert on_i.rules_fired == ("outside_limits",)
    assert on_i.signals["week"].tolist() == [11]


def test_whole_chart_rules_are_reported():
    y = [6.0, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 5, 4, 3, 4, 3, 4, 3, 4, 3]
    anhoej = judge(made("random", y), "noise")
    summary = anhoej.result.summary()
    assert ("few_crossings" in anhoej.rules_fired) == bool(
        (summary["n_crossings"] < summary["n_crossings_min"]).any()
    )
    ihi = judge(made("random", FLAT * 2), "noise", rules="ihi")
    s = ihi.result.summary()
    many = bool((s["n_crossings"] > s["n_crossings_max"]).any())
    few = bool((s["n_crossings"] < s["n_crossings_min"]).any())
    assert ("runs_count" in ihi.rules_fired) == (many or few)


def test_judge_with_other_rules():
    fb = judge(made("shift", SHIFTED, start=13), "signal", rules="we")
    assert fb.rules == "western_electric"
    assert "The Western Electric rules" in fb.message


def test_feedback_payload_is_json_safe():
    d = drill(seed=5)
    fb = judge(d, "signal")
    for payload in (to_payload(fb), to_payload(d), fb.to_payload(), d.to_payload()):
        assert json.loads(json.dumps(payload)) == payload
        assert payload["game"] == "drill"
    assert to_payload(d)["y"] == d.data["y"].tolist()
    assert to_payload(fb)["correct"] == fb.correct


@pytest.mark.parametrize(
    ("drill_", "answer", "kwargs", "message"),
    [
        ("not a drill", "signal", {}, "`drill`: is not a drill (got 'not a drill')"),
        (None, "perhaps", {}, "`answer`: is not one of the choices (got 'perhaps')"),
        (None, 1, {}, "`answer`: is not one of the choices (got 1)"),
        (
            None,
            "signal",
            {"rules": "x"},
            "`rules`: is not one of the choices (got 'x')",
        ),
    ],
)
def test_judge_checks_its_input(drill_, answer, kwargs, message):
    d = drill(seed=1) if drill_ is None else drill_
    with pytest.raises(InputError) as err:
        judge(d, answer, **kwargs)
    assert str(err.value).startswith(message)


@given(answer=st.one_of(st.text(max_size=12), st.booleans(), st.integers(), st.none()))
def test_any_answer_is_marked_or_refused_cleanly(answer):
    d = drill(seed=3)
    try:
        fb = judge(d, answer)
    except QikitError:
        return
    assert fb.answer in ("signal", "noise", "shift", "trend", "outlier")
