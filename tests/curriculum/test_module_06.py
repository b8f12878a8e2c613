"""Module 6 (run charts and their rules): every rule, limit and figure it states.

Each test finds a statement in the notebook (or its quiz) by a regular expression and
recomputes it with the chart engine, the simulations or the data sets, so the text
cannot drift from what qikit does.
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

from qikit.charts import constants as K
from qikit.charts import qic
from qikit.charts.rules import DEFAULT_LENGTHS, IHI_RUNS_TABLE, rule_lengths
from qikit.datasets import list_datasets, load_dataset
from qikit.errors import QikitWarning
from qikit.sim import drill, judge, rule_lab
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "06_run_charts.ipynb"
QUIZ = CURRICULUM / "quizzes" / "06_run_charts.json"
TERMS = CURRICULUM / "terms" / "06_run_charts.json"


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def summary(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        return qic(*args, **kwargs).summary()


def limits(n_useful: int) -> tuple[int, int]:
    """The Anhøj limits as qic() applies them to a chart with n useful observations."""
    below = (n_useful + 1) // 2
    above = n_useful - below
    # an odd count needs two points on the median (0) to stay odd once they are left out
    on = [0.0, 0.0] if n_useful % 2 else []
    values = [-1.0 - i for i in range(below)] + [1.0 + i for i in range(above)] + on
    y = np.random.default_rng(n_useful).permutation(values)
    row = summary(y=y).iloc[0]
    assert row["n_useful"] == n_useful
    return int(row["longest_run_max"]), int(row["n_crossings_min"])


# ----------------------------------------------------------------- the Anhøj rules


def test_the_anhoej_formulas_are_the_engines(text):
    find(r"longer than round\(log<sub>2</sub>\(\*n\*\)\) \+ 3 points", text)
    find(r"5th percentile of a binomial distribution with \*n\* − 1 trials", text)
    assert K.ANHOEJ_RUN_OFFSET == 3
    assert K.ANHOEJ_CROSSINGS_PROB == 0.05
    for n in range(10, 61):
        assert limits(n)[0] == round(math.log2(n)) + 3


def test_the_worked_formula_for_24(text):
    m = find(
        r"For (\d+) useful observations, log<sub>2</sub>\(\d+\) is about ([\d.]+), "
        r"which rounds to (\d+), so a run of up to (\d+) points",
        text,
    )
    n, log, rounded, longest = int(m[1]), float(m[2]), int(m[3]), int(m[4])
    assert round(math.log2(n), 1) == log
    assert round(math.log2(n)) == rounded
    assert limits(n)[0] == longest == rounded + 3


def test_the_anhoej_limits_table(text):
    rows = re.findall(r"^\| (\d+) \| (\d+) \| (\d+) \|$", text, flags=re.M)
    assert len(rows) >= 6, "the table of Anhøj limits is missing"
    for n, longest, fewest in rows:
        assert limits(int(n)) == (int(longest), int(fewest)), f"row {n}"


def test_the_stated_limits_for_20_and_24(text):
    stated = re.findall(
        r"[Ww]ith (\d+)(?: useful observations)?(?:, as on the falls chart)?,? "
        r"the longest run may be (\d+) and there should be at least (\d+) crossings",
        text,
    )
    assert {int(n) for n, _, _ in stated} >= {20, 24}
    for n, longest, fewest in stated:
        assert limits(int(n)) == (int(longest), int(fewest))
    key = find(
        r"With (\d+) useful observations: a run of up to (\d+), and at least (\d+) "
        r"crossings",
        text,
    )
    assert limits(int(key[1])) == (int(key[2]), int(key[3]))


def test_the_false_alarm_claim_of_the_anhoej_rules(text):
    find(r"keep false alarms at about 5% of charts of a stable process, or fewer", text)
    lab = rule_lab(
        rules="anhoej", n=(12, 24, 48), shift=0, sims=4000, centre="data", seed=61
    )
    assert (lab["signal_rate"] < 0.06).all(), lab


# ------------------------------------------------------------------- the falls chart


def test_the_falls_chart(text):
    falls = load_dataset("ward_falls")
    row = summary(falls, x="month", y="falls").iloc[0]
    m = find(r"the median of all (\d+) months is ([\d.]+) falls", text)
    assert (int(m[1]), float(m[2])) == (len(falls), row["cl"])
    find(r"12 months above the median, then 12 below", text)
    find(
        r"The falls chart has one crossing, between December 2023 and January 2024",
        text,
    )
    m = find(r"The ward's chart has a run of (\d+) and (\d+) crossing", text)
    assert (int(m[1]), int(m[2])) == (row["longest_run"], row["n_crossings"])
    assert row["n_useful"] == 24 and bool(row["runs_signal"])
    assert row["longest_run"] > row["longest_run_max"]
    assert row["n_crossings"] < row["n_crossings_min"]
    assert (falls["month"].dt.year == 2023).sum() == 12  # 12 months, then 12
    assert (falls.loc[falls["month"].dt.year == 2023, "falls"] > row["cl"]).all()
    assert (falls.loc[falls["month"].dt.year == 2024, "falls"] < row["cl"]).all()


# ------------------------------------------------------------------- the IHI rules


def test_the_ihi_lengths_are_the_engines(text):
    shift = find(r"\*\*A shift:\*\* (\d+) or more points in a row", text)
    trend = find(r"\*\*A trend:\*\* (\d+) or more points in a row", text)
    assert (int(shift[1]), int(trend[1])) == DEFAULT_LENGTHS[("ihi", "run")]
    assert rule_lengths("ihi", "run") == (6, 5)

    # and the engine flags exactly those lengths: 6 on one side, 5 rising
    def fired(y):
        return set(qic(y=y, rules="ihi").frame["rule"].astype(str)) - {""}

    six = [1, 10, 2, 11, 1, 10] + [12, 13, 12, 13, 12, 13] + [2, 11, 1, 10, 2, 3, 2]
    five = [1, 10, 2, 11, 1, 10, 2] + [12, 13, 12, 13, 12] + [2, 11, 1, 10, 2, 3, 2]
    assert summary(y=six)["longest_run"].iloc[0] == 6 and fired(six) == {"shift"}
    assert summary(y=five)["longest_run"].iloc[0] == 5 and fired(five) == set()
    zigzag = [5, 15, 5, 15, 5, 15]
    assert fired(zigzag + [6, 8, 10, 12, 14] + zigzag) == {"trend"}
    assert fired(zigzag + [6, 8, 10, 12] + zigzag) == set()


def test_the_ihi_runs_table(text):
    m = find(
        r"With (\d+) useful observations, (\d+) to (\d+) runs are expected; "
        r"with (\d+), (\d+) to (\d+)\.",
        text,
    )
    for n, lo, hi in ((m[1], m[2], m[3]), (m[4], m[5], m[6])):
        n, lo, hi = int(n), int(lo), int(hi)
        assert IHI_RUNS_TABLE[n] == (lo, hi)
        y = np.random.default_rng(n).permutation(n).astype(float)
        row = summary(y=y, rules="ihi").iloc[0]
        # qikit counts crossings: a chart has one run more than it has crossings
        assert (row["n_crossings_min"] + 1, row["n_crossings_max"] + 1) == (lo, hi)
    find(r"table gives the number of runs that chance allows for 10 to 40", text)
    assert min(IHI_RUNS_TABLE) == 10 and max(IHI_RUNS_TABLE) == 40


def test_the_astronomical_point_constants(text):
    m = find(
        r"more than ([\d.]+) times the median moving range from the median and more "
        r"than (\d+) × ([\d.]+) times the median absolute deviation",
        text,
    )
    assert float(m[1]) == K.MEDIAN_MR_SCALE
    assert float(m[2]) == K.ASTRONOMICAL_SIGMA
    assert float(m[3]) == K.MAD_SCALE


def test_the_waiting_list_baseline(text):
    waiting = load_dataset("waiting_list")
    base = waiting.head(26)
    m = find(
        r"(\d+) of the (\d+) weeks are exactly on the median of (\d+) people, so the "
        r"chart has (\d+) useful observations",
        text,
    )
    on, weeks, median, useful = (int(g) for g in m.groups())
    assert weeks == 26
    assert ((base["waiting"] == median).sum(), useful) == (on, weeks - on)
    anhoej = summary(base, y="waiting").iloc[0]
    ihi = qic(base, x="week", y="waiting", rules="ihi")
    assert anhoej["cl"] == median and anhoej["n_useful"] == useful
    assert not bool(anhoej["runs_signal"])
    m = find(
        r"From week (\d+) to week (\d+) \((\d+ \w+) to (\d+ \w+ \d{4})\) there are "
        r"(\d+) points in a row above the median, with one week on the median",
        text,
    )
    first, last, count = int(m[1]), int(m[2]), int(m[5])
    flagged = ihi.frame.index[ihi.frame["signal"]].to_numpy() + 1
    assert flagged.tolist() == [p for p in range(first, last + 1) if p != 12]
    assert len(flagged) == count == rule_lengths("ihi", "run")[0]
    assert (base["waiting"].iloc[first : last - 1] == median).sum() == 1
    week = base["week"]
    assert week.iloc[first - 1].strftime("%-d %B") == m[3]
    assert week.iloc[last - 1].strftime("%-d %B %Y") == m[4]
    m = find(
        r"With (\d+) useful observations the Anhøj rules allow a run of up to (\d+)",
        text,
    )
    assert limits(int(m[1]))[0] == int(m[2]) == anhoej["longest_run_max"]
    find(
        r"baseline of a social work waiting list: the 26 weeks from April to "
        r"September 2019",
        text,
    )
    assert week.iloc[0].month == 4 and week.iloc[25].month == 9


def test_the_whole_waiting_list(text):
    waiting = load_dataset("waiting_list")
    m = find(r"Community-led support started in October 2019 \(week (\d+)\)", text)
    start = int(m[1])
    assert start == 27 and waiting["week"].iloc[start - 1].strftime("%B %Y") == (
        "October 2019"
    )
    m = find(r"to end (\d+)% shorter", text)
    first, last = waiting["waiting"].head(26).mean(), waiting["waiting"].tail(12).mean()
    assert round(100 * (1 - last / first)) == int(m[1])
    m = find(r"as a run of (\d+) weeks below the baseline median", text)
    anhoej = qic(waiting, y="waiting", freeze=26)
    ihi = qic(waiting, y="waiting", freeze=26, rules="ihi")
    assert anhoej.summary()["longest_run"].iloc[0] == int(m[1])
    assert int(anhoej.frame["signal"].sum()) == int(m[1])
    m = find(r"The IHI rules also find (\w+) short trends", text)
    trends = [e for e in ihi.explain().splitlines() if ": a trend (" in e]
    assert len(trends) == {"two": 2, "three": 3, "four": 4}[m[1]]
    m = find(r"they still flag the (\d+) baseline weeks above the median", text)
    frame = ihi.frame.head(26)
    assert int((frame["signal"] & (frame["y"] > frame["cl"])).sum()) == int(m[1])
    frame = anhoej.frame.head(26)
    assert not (frame["signal"] & (frame["y"] > frame["cl"])).any()


# ------------------------------------------------------- sensitivity and false alarms


@pytest.mark.slow
def test_the_simulated_signal_rates(text, code):
    lab = rule_lab(
        rules=("anhoej", "ihi"), n=(24, 48), shift=(0, 2), sims=10_000,
        centre="data", seed=2026,
    )  # fmt: skip
    rate = {(r.rules, r.n, r.shift): r.signal_rate for r in lab.itertuples()}
    find(
        r"With 24 points and no change at all, the IHI rules signal in about 4 charts "
        r"out of 10; the Anhøj rules in about 3 out of 100",
        text,
    )
    assert 0.35 <= rate[("ihi", 24, 0.0)] <= 0.45
    assert 0.02 <= rate[("anhoej", 24, 0.0)] <= 0.045
    find(r"With 48 points the IHI rules signal in about 7 out of 10", text)
    find(r"about 7 in 10 of random charts with 48 points", text)
    assert 0.65 <= rate[("ihi", 48, 0.0)] <= 0.75
    m = find(
        r"with 24 points, about (\d+)% of shifts of 2 standard deviations against "
        r"about (\d+)% for the Anhøj rules",
        text,
    )
    assert abs(100 * rate[("ihi", 24, 2.0)] - int(m[1])) <= 2.5
    assert abs(100 * rate[("anhoej", 24, 2.0)] - int(m[2])) <= 2.5
    no_trend = rule_lab(
        rules="ihi", n=24, shift=(0, 2), sims=10_000, centre="data",
        trend_length=100, seed=2026,
    )  # fmt: skip
    m = find(
        r"switching off the IHI trend rule cuts the false alarms from about (\d+)% "
        r"to about (\d+)%, while the share of 2-standard-deviation shifts caught "
        r"falls only from about (\d+)% to about (\d+)%",
        text,
    )
    before_fa, after_fa, before_hit, after_hit = (int(g) for g in m.groups())
    assert abs(100 * rate[("ihi", 24, 0.0)] - before_fa) <= 2.5
    assert abs(100 * no_trend["signal_rate"].iloc[0] - after_fa) <= 2.5
    assert abs(100 * rate[("ihi", 24, 2.0)] - before_hit) <= 2.5
    assert abs(100 * no_trend["signal_rate"].iloc[1] - after_hit) <= 2.5
    # the notebook's own table comes from the same design
    find(
        r'design = \{"n": \(12, 24, 48\), "shift": \(0, 2\), "sims": 1000, '
        r'"centre": "data"\}',
        code,
    )
    find(r'pair = \("anhoej", "ihi"\)', code)
    find(r"lab = rule_lab\(rules=pair, seed=\d+, \*\*design\)", code)


# ------------------------------------------------------------------ a new median


def test_the_gp_correspondence_example(text):
    letters = load_dataset("gp_correspondence")
    one = summary(letters, x="week", y="gp_hours").iloc[0]
    m = find(r"Across all (\d+) weeks the median is ([\d.]+) hours", text)
    assert (int(m[1]), float(m[2])) == (len(letters), pytest.approx(one["cl"]))
    m = find(
        r"Two of the weeks are exactly on [\d.]+, so (\d+) of the (\d+) are useful",
        text,
    )
    assert np.isclose(letters["gp_hours"], one["cl"]).sum() == 2
    assert (one["n_useful"], len(letters)) == (int(m[1]), int(m[2]))
    m = find(
        r"A run of (\d+) weeks, against (\d+) allowed, and (\d+) crossings, "
        r"against at least (\d+) expected",
        text,
    )
    assert (one["longest_run"], one["longest_run_max"]) == (int(m[1]), int(m[2]))
    assert (one["n_crossings"], one["n_crossings_min"]) == (int(m[3]), int(m[4]))
    before = letters["phase"] == "before"
    assert (letters.loc[before, "gp_hours"] > one["cl"]).all()
    assert (letters.loc[~before, "gp_hours"] < one["cl"]).mean() > 0.5
    find(r"in the week of 8 July 2019", text)
    assert letters.loc[~before, "week"].min().strftime("%-d %B %Y") == "8 July 2019"
    parts = summary(letters, x="week", y="gp_hours", part="phase")
    assert len(parts) == 2 and not parts["runs_signal"].any()
    find(r"Each period then has its own median, and neither shows a signal", text)
    m = find(
        r"fell by (\d+)%, from an average of ([\d.]+) to ([\d.]+) hours a week, "
        r"about (\d+) hours a week",
        text,
    )
    means = letters.groupby("phase")["gp_hours"].mean()
    assert round(means["before"], 1) == float(m[2])
    assert round(means["after"], 1) == float(m[3])
    assert round(100 * (1 - means["after"] / means["before"])) == int(m[1])
    assert round(means["before"] - means["after"]) == int(m[4])


def test_the_shortest_part_warning(text):
    m = find(r"qikit warns when a part has fewer than (\d+) useful points", text)
    assert K.BASELINE_MIN == int(m[1])
    letters = load_dataset("gp_correspondence")
    with pytest.warns(QikitWarning, match=r"fewer than 12 usable points"):
        qic(letters.head(34), x="week", y="gp_hours", part="phase")  # 8 weeks after
    with warnings.catch_warnings():
        warnings.simplefilter("error", QikitWarning)
        qic(letters.head(38), x="week", y="gp_hours", part="phase")  # 12 weeks after


# ------------------------------------------------------------------ the challenges


def test_challenge_1(text):
    find(
        r"Its run chart has 20 points, and 2 of them lie exactly on the median\. The "
        r"longest run is 8 points, all below the median, and the line crosses the "
        r"median 7 times",
        text,
    )
    m = find(r"1\. (\d+): the 2 points on the median do not count", text)
    n = int(m[1])
    assert n == 18
    m = find(
        r"log<sub>2</sub>\(18\) is about ([\d.]+), which rounds to (\d+), so the "
        r"longest run chance allows is \d+ \+ 3 = (\d+) points\. The fewest "
        r"crossings chance allows is (\d+)",
        text,
    )
    assert round(math.log2(18), 1) == float(m[1]) and round(math.log2(18)) == int(m[2])
    assert limits(n) == (int(m[3]), int(m[4]))
    assert 8 > limits(n)[0] and 7 >= limits(n)[1]  # the run signals, the crossings not
    assert 8 >= rule_lengths("ihi", "run")[0]
    lo, hi = IHI_RUNS_TABLE[n]
    assert lo <= 7 + 1 <= hi  # 7 crossings, 8 runs: the runs count rule is quiet


def test_the_drill_example(text, code):
    m = find(r'practice = drill\(kind="random", n=(\d+), seed=(\d+)\)', code)
    d = drill(kind="random", n=int(m[1]), seed=int(m[2]))
    assert not d.truth.is_signal
    find(
        r"qikit made these 24 points from a process that did not change\. The Anhøj "
        r"rules agree: no signal",
        text,
    )
    assert judge(d, "noise", rules="anhoej").verdict == "quiet"
    ihi = judge(d, "noise", rules="ihi")
    assert ihi.verdict == "false alarm" and ihi.rules_fired == ("trend",)
    m = find(
        r"The IHI rules find a trend of (\d+) falling points from week (\d+) to "
        r"week (\d+)",
        text,
    )
    weeks = ihi.signals["week"].tolist()
    assert weeks == list(range(int(m[2]), int(m[3]) + 1)) and len(weeks) == int(m[1])
    assert (ihi.signals["direction"] == -1).all()


# ------------------------------------------------------------------------ the quiz


def test_the_quiz_figures(quiz):
    assert len(quiz) >= 5
    assert quiz["useful"]["answer"] == 24 - 3
    assert quiz["longest-run-20"]["answer"] == limits(20)[0]
    assert rule_lengths("ihi", "run")[0] == 6  # the first mistake's "why"
    assert "at least 8 crossings for 24 useful" in quiz["crossings-24"]["question"]
    assert limits(24)[1] == 8
    worse = quiz["worse"]
    assert "10 months in a row" in worse["question"]
    assert all(10 > limits(n)[0] for n in range(10, 91))
    assert limits(91)[0] == 10  # "fewer than 91 useful observations"


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted <= anchors, wanted - anchors
    assert anchors <= wanted, anchors - wanted


# ------------------------------------------------------------- smaller statements


def test_the_ihi_rules_details(text):
    def fired(y):
        return set(qic(y=y, rules="ihi").frame["rule"].astype(str)) - {""}

    find(
        r"When two points in a row have the same value, only one of them is counted",
        text,
    )
    zigzag = [5, 15, 5, 15, 5, 15]
    # 2, 3, 3, 4, 5, 6: five different values rising, with one repeat: still a trend
    assert "trend" in fired(zigzag + [2, 3, 3, 4, 5, 6] + zigzag)
    find(r"Too many means the points zig-zag more than chance would", text)
    alternating = [1, 9] * 10  # 20 useful observations, 20 runs: more than 16
    row = summary(y=alternating, rules="ihi").iloc[0]
    assert row["n_crossings"] + 1 > IHI_RUNS_TABLE[20][1]
    assert bool(row["runs_signal"])
    assert not bool(summary(y=alternating).iloc[0]["runs_signal"])  # Anhøj: no test


def test_the_default_rule_set(text):
    find(
        r"qikit uses the Anhøj rules unless you choose another \(`rules=\"ihi\"`\)",
        text,
    )
    assert inspect.signature(qic).parameters["rules"].default == "anhoej"


def test_the_data_sets_tell_the_stories(text):
    stories = list_datasets().set_index("name")["story"]
    find(
        r"A 28-bed medical ward counted its patient falls every month for two years\. "
        r"It started a falls prevention plan in January 2024",
        text,
    )
    assert "28-bed" in stories["ward_falls"] and "January 2024" in stories["ward_falls"]
    assert len(load_dataset("ward_falls")) == 24
    find(r"to end 37% shorter \(Healthcare Improvement Scotland", text)
    assert "37%" in stories["waiting_list"]
    find(r"GP time on correspondence fell by 44%", text)
    assert "44%" in stories["gp_correspondence"]
    assert "6 hours" in stories["gp_correspondence"]
