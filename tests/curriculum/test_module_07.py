"""Module 7 (understanding variation by experiment): every figure and rule it states.

Each test finds a statement in the notebook (or its quiz) by a regular expression and
recomputes it with the chart engine, the simulations or the data sets: the red bead
results, the funnel rules (rule 2 doubles the variance; rules 3 and 4 drift), the
limits the text quotes.
"""

from __future__ import annotations

import inspect
import json
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

import qikit.apps
from qikit.charts import qic
from qikit.datasets import load_dataset
from qikit.errors import QikitWarning
from qikit.sim import bead_management, funnel_experiment, funnel_summary, red_beads
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "07_variation_by_experiment.ipynb"
QUIZ = CURRICULUM / "quizzes" / "07_variation_by_experiment.json"
TERMS = CURRICULUM / "terms" / "07_variation_by_experiment.json"


@pytest.fixture(scope="module")
def beads(code):
    seed = int(find(r"beads = red_beads\(seed=(\d+)\)", code)[1])
    return red_beads(seed=seed)


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def quiet_qic(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        return qic(*args, **kwargs)


# ----------------------------------------------------------- two kinds of variation


def test_the_falls_of_2023(text, code):
    falls = load_dataset("ward_falls")
    find(r'qikit\.qic\(falls\.head\(12\), x="month", y="falls", chart="c"', code)
    year = falls.head(12)
    assert (year["month"].dt.year == 2023).all()
    m = find(
        r"In (\w+) 2023 a medical ward had (\d+) patient falls, its worst month", text
    )
    worst = year.loc[year["falls"].idxmax()]
    assert worst["month"].strftime("%B") == m[1] and worst["falls"] == int(m[2])
    assert (year["falls"] == worst["falls"]).sum() == 1
    chart = qic(year, x="month", y="falls", chart="c")
    row = chart.summary().iloc[0]
    m = find(
        r"between the limits of (\d+) and about (\d+) falls, around an average of "
        r"([\d.]+), and there is no unusual pattern",
        text,
    )
    assert row["lcl"] == int(m[1]) and round(row["ucl"]) == int(m[2])
    assert round(row["cl"], 1) == float(m[3])
    assert not chart.frame["signal"].any() and not bool(row["runs_signal"])
    find(r"May's 11 falls are part of the ward's everyday variation", text)


# ------------------------------------------------------------------- the red beads


def test_the_experiment_is_demings(text):
    find(
        r"A box holds 4,000 beads; a fifth of them are red, the rest white\. Six "
        r"\"willing workers\" each dip a paddle with 50 holes",
        text,
    )
    defaults = {
        name: p.default for name, p in inspect.signature(red_beads).parameters.items()
    }
    assert (defaults["box"], defaults["red_share"], defaults["paddle"]) == (
        4000,
        0.2,
        50,
    )
    assert (defaults["workers"], defaults["days"]) == (6, 4)
    find(r"here are four days of it", text)


def test_the_days_and_frasers_probation(text, beads):
    m = find(r"The counts range from (\d+) to (\d+) red beads on a paddle", text)
    assert (beads["red"].min(), beads["red"].max()) == (int(m[1]), int(m[2]))
    fraser = beads[beads["worker"] == "Fraser"].set_index("day")["red"]
    m = find(
        r"On day 1 Fraser drew (\d+), the most, and management put Fraser on "
        r"probation\. On day 2 Fraser drew (\d+), less than half as many\. Did "
        r"probation work\? On day 3 Fraser drew (\d+)",
        text,
    )
    day1, day2, day3 = (int(g) for g in m.groups())
    assert (fraser[1], fraser[2], fraser[3]) == (day1, day2, day3)
    assert day2 < day1 / 2
    first = beads[beads["day"] == 1]
    assert first["red"].max() == day1 and (first["red"] == day1).sum() == 1
    judged = bead_management(beads, day=1)
    assert judged.loc[judged["award"] == "probation", "worker"].tolist() == ["Fraser"]


def test_the_p_chart_of_the_paddles(text, beads):
    chart = quiet_qic(beads, x="draw", y="red", n="paddle", chart="p")
    assert not chart.frame["signal"].any()
    m = find(
        r"Every paddle lies inside the limits, around an average of ([\d.]+)% red", text
    )
    assert round(100 * chart.summary()["cl"].iloc[0], 1) == float(m[1])
    assert len(beads) == 24
    find(r"The p chart of all 24 paddles", text)


def test_the_ranking(text, beads):
    ranking = bead_management(beads)
    m = find(
        r"(\w+) drew (\d+) red beads over the four days and (\w+) (\d+), almost "
        r"twice as many",
        text,
    )
    best, worst = ranking.iloc[0], ranking.iloc[-1]
    assert (best["worker"], best["red"]) == (m[1], int(m[2]))
    assert (worst["worker"], worst["red"]) == (m[3], int(m[4]))
    ratio = worst["red"] / best["red"]
    assert ratio >= 1.75 and ratio < 2
    assert best["award"] == "merit award" and worst["award"] == "probation"
    find(
        rf"{best['worker']}'s merit award rewards chance; {worst['worker']}'s "
        r"probation punishes it",
        text,
    )
    m = find(
        r"each worker's share lies inside the p chart's limits for (\d+) beads, "
        r"(\d+)% to (\d+)%",
        text,
    )
    assert (ranking["paddle"] == int(m[1])).all()
    assert round(100 * ranking["lcl"].iloc[0]) == int(m[2])
    assert round(100 * ranking["ucl"].iloc[0]) == int(m[3])
    assert ranking["inside_limits"].all()


def test_challenge_1(text, beads):
    ranking = bead_management(beads).set_index("worker")
    m = find(
        r"Fraser's four-day share \((\d+)%\) is inside the limits for 200 beads", text
    )
    assert round(100 * ranking.loc["Fraser", "share"]) == int(m[1])
    assert ranking.loc["Fraser", "inside_limits"]
    find(r"closer to the average of about 10 whatever management did", text)
    assert 50 * 0.2 == 10  # a paddle of 50 from a box with a fifth red
    chart = quiet_qic(beads, x="draw", y="red", n="paddle", chart="p")
    fraser = (beads["worker"] == "Fraser").to_numpy()
    assert not chart.frame.loc[fraser, "signal"].any()


# ----------------------------------------------------------------------- the funnel


def test_the_example_run(text, code):
    m = find(
        r"drops = funnel_experiment\(\[1, 2, 3, 4\], drops=(\d+), seed=(\d+)\)", code
    )
    drops, seed = int(m[1]), int(m[2])
    find(rf"qikit drops {drops} marbles under each rule", text)
    summary = funnel_summary(funnel_experiment([1, 2, 3, 4], drops=drops, seed=seed))
    ratio = summary.set_index("rule")["ratio_to_rule_1"]
    m = find(
        r"under rule 2 is ([\d.]+) times rule 1's, under rule 3 it is ([\d.]+) "
        r"times, and under rule 4 it is (\d+) times",
        text,
    )
    assert round(ratio[2], 1) == float(m[1])
    assert round(ratio[3], 1) == float(m[2])
    assert round(ratio[4]) == int(m[3])
    assert summary["mean_square"].idxmin() == 0  # rule 1 has the smallest spread


@pytest.fixture(scope="module")
def rooms():
    """Many rooms of the funnel: where every rule's marbles land, drop by drop."""
    return funnel_experiment([1, 2, 3, 4], drops=50, rooms=4000, seed=2026)


def _mean_square(frame, rule, drop=None):
    mine = frame[frame["rule"] == rule]
    if drop is not None:
        mine = mine[mine["drop"] == drop]
    return float((mine["x"] ** 2 + mine["y"] ** 2).mean())


def test_rule_2_doubles_the_variance(text, rooms):
    find(r"\*\*Rule 2 doubles the variance\.\*\*", text)
    ratio = _mean_square(rooms, 2) / _mean_square(rooms, 1)
    assert ratio == pytest.approx(2, rel=0.03)
    m = find(r"grows by a factor of √2, about (\d+)%", text)
    assert round(100 * (math.sqrt(2) - 1)) == int(m[1])
    sd = np.sqrt(ratio)
    assert sd == pytest.approx(1 + int(m[1]) / 100, rel=0.03)


def test_rules_3_and_4_drift(text, rooms):
    find(r"\*\*Rules 3 and 4 drift further and further away\.\*\*", text)
    m = find(
        r"the variance after \*k\* drops is \*k\* times rule 1's: after (\d+) "
        r"drops, about (\d+) times",
        text,
    )
    k = int(m[1])
    assert int(m[2]) == k
    base = _mean_square(rooms, 1)
    for rule in (3, 4):
        for drop in (5, 20, k):
            at = _mean_square(rooms, rule, drop) / base
            assert at == pytest.approx(drop, rel=0.1), (rule, drop, at)
        # further and further: every ten drops land further out than the ten before
        by_ten = [
            np.mean([_mean_square(rooms, rule, d) for d in range(a, a + 10)])
            for a in (1, 11, 21, 31, 41)
        ]
        assert all(b > a for a, b in zip(by_ten, by_ten[1:], strict=False))
    # rules 1 and 2 do not drift: the spread at the last drop is as at the tenth
    for rule, times in ((1, 1), (2, 2)):
        assert _mean_square(rooms, rule, k) / base == pytest.approx(times, rel=0.1)
        assert _mean_square(rooms, rule, 10) / base == pytest.approx(times, rel=0.1)


def test_challenge_3_limits(text):
    m = find(
        r"a C chart with an average of (\d+) falls a month and limits of (\d+) and "
        r"(\d+)\. In March there were (\d+) falls",
        text,
    )
    mean, lcl, ucl, march = (int(g) for g in m.groups())
    row = quiet_qic(y=[mean] * 24, chart="c").summary().iloc[0]
    assert row["lcl"] == lcl and math.floor(row["ucl"]) == ucl
    assert lcl <= march <= row["ucl"]
    find(
        r"inside the range our falls have shown for two years \(0 to 13 a month, "
        r"around an average of 6\)",
        text,
    )


# ---------------------------------------------------------------- quiz and metadata


def test_the_quiz_figures(quiz, beads):
    assert len(quiz) >= 5
    rule_2 = quiz["rule-2"]
    assert rule_2["answer"] == 2
    assert {m["value"] for m in rule_2["mistakes"]} >= {round(math.sqrt(2), 2)}
    ranking = bead_management(beads).set_index("worker")["red"]
    question = quiz["red-beads"]["question"]
    assert f"Ben drew {ranking['Ben']} red beads" in question
    assert f"Dev drew {ranking['Dev']}" in question
    why = quiz["regression"]["options"]["The notice worked"]
    fraser = beads[beads["worker"] == "Fraser"].set_index("day")["red"]
    assert f"fell from {fraser[1]} to {fraser[2]} after probation, then rose to " in why
    assert why.endswith(f"{fraser[3]}.")


def test_the_apps_and_data_sets_exist(notebook):
    meta = notebook.metadata["qikit"]
    for name in meta["apps"]:
        assert hasattr(qikit.apps, name), name
    for name in meta["datasets"]:
        assert len(load_dataset(name))


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted == anchors
