"""Module 8 (SPC charts): every rule, limit and figure it states.

Each test finds a statement in the notebook (or its quiz) by a regular expression and
recomputes it with the chart engine, the chart chooser or the data sets, so the text
cannot drift from what qikit does.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qikit.apps import RuleLab
from qikit.apps.lesson_spc import CHOOSER_CASES, limits_frame
from qikit.charts import constants as K
from qikit.charts import qic
from qikit.charts.rules import DEFAULT_LENGTHS, rule_lengths
from qikit.charts.summary import _assurance
from qikit.charts.vocabulary import RULE_SET_NAMES, RULE_SETS
from qikit.datasets import load_dataset
from qikit.errors import QikitWarning
from qikit.improve import choose_chart
from qikit.plot import style
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "08_spc_charts.ipynb"
QUIZ = CURRICULUM / "quizzes" / "08_spc_charts.json"
TERMS = CURRICULUM / "terms" / "08_spc_charts.json"


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def chart(*args, **kwargs):
    """A chart as the notebook draws it; a warning fails (Voila would show it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", QikitWarning)
        return qic(*args, **kwargs)


# The charts as the notebook draws them (its code cells, checked below).
HOURS = {"x": "week", "y": "gp_hours", "chart": "i"}
SEEN = {"x": "month", "y": "seen_in_time", "n": "referrals", "chart": "p"}
FOUR = {"x": "week_ending", "y": "within_4h", "n": "attendances", "multiply": 100}


@pytest.fixture(scope="module")
def letters():
    return load_dataset("gp_correspondence")


@pytest.fixture(scope="module")
def rag():
    return load_dataset("rag_ratings")


@pytest.fixture(scope="module")
def ed_charts():
    ed = load_dataset("ed_four_hours")
    return ed, chart(ed, chart="p", **FOUR), chart(ed, chart="pp", **FOUR)


def test_the_code_draws_the_charts_tested_here(code):
    assert (
        'six = ulcers.groupby("month", as_index=False).sum(numeric_only=True)' in code
    )
    assert 'gaps = {"x": "ulcer", "y": "days_since_previous"}' in code
    assert 'hours = {"x": "week", "y": "gp_hours", "chart": "i"' in code
    assert "qikit.qic(letters.head(26)" in code
    assert "qikit.qic(letters, freeze=26" in code
    assert (
        'seen = {"x": "month", "y": "seen_in_time", "n": "referrals", "chart": "p"}'
        in (code)
    )
    assert "qikit.qic(rag, target=90" in code
    assert 'mdc = {"rules": "mdc", "improvement": "increase", "target": 90}' in code
    assert 'four = {"x": "week_ending", "y": "within_4h", "n": "attendances"' in code
    assert 'for kind in ("p", "pp")' in code
    assert "RuleLab(seed=8)" in code


# ------------------------------------------------------------ control charts


def test_three_sigma_limits(text):
    find(r"3 standard deviations \(3 sigma\) from the mean", text)
    find(r"control limits at 3 sigma \(Shewhart 1931\)", text)
    assert K.SIGMA_LIMIT == 3.0


def test_the_chooser_branches(text):
    find(r"\*\*Measurements\*\* .*one value each period: an I chart", text)
    assert choose_chart("continuous", subgroup_size=1).chart == "i"
    assert choose_chart("continuous").companion == "mr"
    find(r"a P chart of the proportion", text)
    assert choose_chart("classified").chart == "p"
    find(r"a C chart of the count if the area of opportunity .* a U chart", text)
    assert choose_chart("counted", equal_area=True).chart == "c"
    assert choose_chart("counted", equal_area=False).chart == "u"
    find(r"a G chart of the cases or days between events, or a T chart", text)
    assert choose_chart("attribute", rare_events=True, between="cases").chart == "g"
    assert choose_chart("attribute", rare_events=True, between="time").chart == "t"
    find(r"Laney's P′ \(P prime\) or U′ chart \(Laney 2002\)", text)
    assert choose_chart("classified", large_denominators=True).chart == "pp"
    assert choose_chart("counted", large_denominators=True).chart == "up"


def test_challenge_1_answers_are_the_choosers(text):
    solution = find(
        r"### Challenge 1.*?<details>(.*?)</details>", re.sub(r"\n", " ", text)
    )
    answers = re.findall(r"\d\. \*\*([^*]+)\*\*", solution[1])
    assert answers == [
        "I chart",
        "P chart",
        "U chart",
        "C chart",
        "G chart",
        "Laney P′ chart",
    ]
    picked = [
        choose_chart("continuous", subgroup_size=1),
        choose_chart("classified"),
        choose_chart("counted", equal_area=False),
        choose_chart("counted", equal_area=True),
        choose_chart("attribute", rare_events=True, between="cases"),
        choose_chart("classified", large_denominators=True),
    ]
    assert [c.chart for c in picked] == ["i", "p", "u", "c", "g", "pp"]


# --------------------------------------------------------------- the I chart


def test_the_xmr_constants(text):
    find(
        r"the limits are the mean plus and minus 2\.66 times the average moving range; "
        r"2\.66 is 3 divided by 1\.128",
        text,
    )
    assert K.D2 == 1.128
    assert round(3 / K.D2, 2) == 2.66
    find(r"any moving range of 3\.267 times the average or more", text)
    assert K.D4 == 3.267


def test_the_gp_baseline(text, letters):
    base = letters.head(26)
    assert (base["phase"] == "before").all() and letters["phase"].iloc[26] == "after"
    find(r"from the week of 7 January to the week of 1 July 2019", text)
    assert base["week"].iloc[0] == pd.Timestamp("2019-01-07")
    assert base["week"].iloc[-1] == pd.Timestamp("2019-07-01")
    result = chart(base, **HOURS)
    row = result.summary().iloc[0]
    mr = np.abs(np.diff(base["gp_hours"].to_numpy(float)))
    assert (mr < K.D4 * mr.mean()).all()  # "none is that large here"
    m = find(
        r"The baseline's mean is ([\d.]+) hours and its average moving range is "
        r"([\d.]+) hours\. So the limits are [\d.]+ − 2\.66 × [\d.]+ = ([\d.]+) hours "
        r"and [\d.]+ \+ 2\.66 × [\d.]+ = ([\d.]+) hours",
        text,
    )
    assert float(m[1]) == round(row["cl"], 1)
    assert float(m[2]) == round(mr.mean(), 2)
    assert float(m[3]) == round(row["lcl"], 1)
    assert float(m[4]) == round(row["ucl"], 1)
    assert row["ucl"] - row["cl"] == pytest.approx(3 / K.D2 * mr.mean())
    m = find(r"Every baseline week, from ([\d.]+) to ([\d.]+) hours, lies inside", text)
    assert (float(m[1]), float(m[2])) == (
        base["gp_hours"].min(),
        base["gp_hours"].max(),
    )
    assert not result.frame["signal"].any()  # "there is no long run: stable"
    m = find(
        r"The week of 15 April \(([\d.]+) hours\) .* "
        r"the week after it \(([\d.]+) hours\)",
        text,
    )
    april = base.set_index("week")["gp_hours"]
    assert april[pd.Timestamp("2019-04-15")] == float(m[1])
    assert april[pd.Timestamp("2019-04-22")] == float(m[2])


def test_the_frozen_baseline(text, letters):
    frozen = chart(letters, freeze=26, **HOURS)
    frame = frozen.frame
    m = find(
        r"All (\d+) weeks after the change lie below the baseline's lower limit of "
        r"([\d.]+) hours: the highest is (\d+\.\d)",
        text,
    )
    after = frame.iloc[26:]
    assert len(after) == int(m[1])
    assert (after["y"] < after["lcl"]).all()
    assert round(after["lcl"].iloc[0], 1) == float(m[2])
    assert after["y"].max() == float(m[3])
    assert not frame["sigma_signal"].iloc[:26].any()
    assert frame["cl"].nunique() == 1  # the baseline's mean across all 60 weeks


# ------------------------------------------------------- limits are not targets


def test_the_rag_chart(text, rag):
    result = chart(rag, target=90, multiply=100, **SEEN)
    row = result.summary().iloc[0]
    find(r"No month lies outside the limits", text)
    assert row["sigma_signal"] == 0 and not result.frame["signal"].any()
    m = find(
        r"the longest run \((\d+) months\) and the number of crossings \((\d+)\) are "
        r"within what the Anhøj rules allow for (\d+) points \(a run of up to (\d+), "
        r"at least (\d+) crossings\)",
        text,
    )
    assert (row["longest_run"], row["n_crossings"]) == (int(m[1]), int(m[2]))
    assert row["n_useful"] == int(m[3]) == len(rag)
    assert (row["longest_run_max"], row["n_crossings_min"]) == (int(m[4]), int(m[5]))
    m = find(
        r"The mean is ([\d.]+)%, and the limits are about ([\d.]+)% to ([\d.]+)%", text
    )
    assert float(m[1]) == round(row["cl"], 1)
    assert float(m[2]) == round(row["lcl"], 1)
    assert float(m[3]) == round(row["ucl"], 1)
    assert result.frame["lcl"].nunique() > 1  # "they step a little"
    m = find(r"it reached 90% in (\d+) of the (\d+) months", text)
    share = 100 * rag["seen_in_time"] / rag["referrals"]
    assert (
        int((share.round(6) >= 90).sum()) == int(m[1]) == (rag["rag"] == "green").sum()
    )
    assert len(rag) == int(m[2])
    assert (rag["target"] == 90).all()
    assert row["lcl"] < 90 < row["ucl"]  # the target lies between the limits
    find(r"out of about 140 a month", text)
    assert 130 <= rag["referrals"].mean() <= 150


# --------------------------------------------------------------- P and P′


def test_the_p_and_p_prime_charts(text, ed_charts):
    ed, p, pp = ed_charts
    find(r"about 6,000 patients a week", text)
    assert 5500 <= ed["attendances"].mean() <= 6500
    m = find(r"(\d+) weeks, April 2016 to March 2019", text)
    assert len(ed) == int(m[1])
    assert ed["week_ending"].iloc[0].strftime("%B %Y") == "April 2016"
    assert ed["week_ending"].iloc[-1].strftime("%B %Y") == "March 2019"
    m = find(
        r"The P chart's limits are about ([\d.]+)% and ([\d.]+)%, barely more than a "
        r"percentage point either side of the mean of ([\d.]+)%, and (\d+) of the "
        r"(\d+) weeks lie outside them",
        text,
    )
    pf = p.frame
    assert float(m[1]) == round(pf["lcl"].mean(), 1)
    assert float(m[2]) == round(pf["ucl"].mean(), 1)
    assert float(m[3]) == round(pf["cl"].iloc[0], 1)
    widest = (pf["ucl"] - pf["cl"]).max()
    assert widest > 1 and widest < 1.25
    assert int(pf["sigma_signal"].sum()) == int(m[4])
    assert len(pf) == int(m[5])
    table = limits_frame(p, pp, labels=["P", "P′"]).set_index("Chart")
    m = find(
        r"The P′ chart's lower limit is ([\d.]+)% to ([\d.]+)% and its upper limit "
        r"([\d.]+)% to ([\d.]+)%",
        text,
    )
    low = pp.frame["lcl"]
    high = pp.frame["ucl"]
    assert (float(m[1]), float(m[2])) == (round(low.min(), 1), round(low.max(), 1))
    assert (float(m[3]), float(m[4])) == (round(high.min(), 1), round(high.max(), 1))
    assert table.loc["P′", "Lower limit"] == "85% to 85.5%"
    m = find(
        r"(\d+) weeks lie outside them: (\d+) low weeks in winter, between late "
        r"December and early March, and one unusually good week in October 2017",
        text,
    )
    out = pp.frame[pp.frame["sigma_signal"]]
    assert len(out) == int(m[1])
    low_weeks = out[out["y"] < out["lcl"]]
    assert len(low_weeks) == int(m[2])
    for day in low_weeks["x"]:
        assert (
            (day.month == 12 and day.day >= 20)
            or day.month in (1, 2)
            or (day.month == 3 and day.day <= 10)
        ), day
    high_weeks = out[out["y"] > out["ucl"]]
    assert len(high_weeks) == 1
    assert high_weeks["x"].iloc[0].strftime("%B %Y") == "October 2017"
    m = find(r"(\d+) weeks are flagged in all, against (\d+) on the P chart", text)
    assert int(pp.frame["signal"].sum()) == int(m[1])
    assert int(pf["signal"].sum()) == int(m[2])


def test_the_quiz_on_over_dispersion(quiz, ed_charts):
    _, p, pp = ed_charts
    question = quiz["over-dispersion"]
    assert "109 of 156 weeks" in question["question"]
    assert int(p.frame["sigma_signal"].sum()) == 109
    assert "10 of the 156 weeks" in question["explanation"]
    assert int(pp.frame["sigma_signal"].sum()) == 10
    assert K.MIN_POINTS_FOR_FIRM_LIMITS == 20  # "20 or more points give firm limits"


# ---------------------------------------------------------- U, C, G and T charts


def test_the_four_charts_of_counts(text):
    ulcers = load_dataset("pressure_ulcers_monthly")
    rate = {"x": "month", "y": "ulcers", "n": "occupied_bed_days", "multiply": 1000}
    six = ulcers.groupby("month", as_index=False).sum(numeric_only=True)
    u = chart(six, chart="u", **rate)
    ward = load_dataset("restraint").query("ward == 'Ward 1'")
    c = chart(ward, x="week", y="episodes", chart="c")
    events = load_dataset("pressure_ulcers_events").dropna(
        subset=["days_since_previous"]
    )
    gaps = {"x": "ulcer", "y": "days_since_previous"}
    g = chart(events.query("home == 'Home D'"), chart="g", **gaps)
    t = chart(events.query("home == 'Home A'"), chart="t", **gaps)
    find(r"All four lower limits are 0", text)
    for result in (u, c, g, t):
        assert (result.frame["lcl"].dropna() == 0).all(), result.chart
    find(
        r"The U chart's limits step with the bed days each month; the C chart's stay",
        text,
    )
    assert u.frame["ucl"].nunique() > 1
    assert c.frame["ucl"].nunique() == 1
    find(r"one ward whose size hardly changes", text)
    assert ward["occupied_bed_days"].std() / ward["occupied_bed_days"].mean() < 0.05


# ----------------------------------------------------------- Making Data Count


def test_the_making_data_count_rules(text):
    find(r"a trend: 7 or more points in a row, all rising or all falling", text)
    find(
        r"a shift: 7 or more points in a row, all above the mean or all below it", text
    )
    assert DEFAULT_LENGTHS[("mdc", "control")] == (7, 7)
    assert rule_lengths("mdc", "p") == (7, 7)
    find(
        r"two out of three points in a row close to a limit \(more than 2 standard",
        text,
    )
    y = [0.0, 0.1, -0.1, 0.05, -0.05] * 4 + [0.0, 2.5, 0.3, 2.5]
    flagged = chart(y=y, chart="i", rules="mdc").frame["rule"].astype(str)
    assert "two_of_three" in set(flagged)
    find(r"The limits of an XmR chart use 2\.66 times the average moving range", text)
    assert K.MDC_MR_SCALE == 2.66


def test_the_icons(text):
    find(
        r"common cause \(grey\), an improvement \(blue\) or a concern \(orange\)", text
    )
    colours = {code: colour for code, (_, colour, _) in style.VARIATION_ICONS.items()}
    assert colours["common_cause"] == style.SUBTITLE_GREY
    assert colours["improvement_high"] == colours["improvement_low"] == style.DARK_BLUE
    assert colours["concern_high"] == colours["concern_low"] == style.ORANGE
    assert colours["neutral_high"] == style.LIGHT_PURPLE  # "purple when neither"
    letters = {code: letter for code, (letter, _, _) in style.ASSURANCE_ICONS.items()}
    find(r"consistently \(P, for pass\), never unless .* \(F, for fail\)", text)
    assert letters == {
        "consistent_pass": "P",
        "consistent_fail": "F",
        "inconsistent": "?",
    }


def test_the_rag_chart_under_making_data_count(text, rag):
    mdc = {"rules": "mdc", "improvement": "increase", "target": 90}
    result = chart(rag, multiply=100, **mdc, **SEEN)
    row = result.summary().iloc[0]
    find(r"the latest month, March 2024, shows common cause", text)
    assert rag["month"].iloc[-1] == pd.Timestamp("2024-03-01")
    assert row["variation"] == "common_cause"
    find(r"The assurance icon is the question mark", text)
    assert row["assurance"] == "inconsistent"
    m = find(
        r"flags the (\d+) months from November 2021 to June 2022, all above the mean, "
        r"as a shift: \d+ is more than the Making Data Count rule of (\d+)",
        text,
    )
    frame = result.frame
    shift = frame[frame["rule"].astype(str) == "shift"]
    assert len(shift) == int(m[1]) == 8
    assert shift["x"].min() == pd.Timestamp("2021-11-01")
    assert shift["x"].max() == pd.Timestamp("2022-06-01")
    assert (shift["y"] > shift["cl"]).all()
    assert set(frame["rule"].astype(str)) == {"", "shift"}
    assert rule_lengths("mdc", "p")[0] == int(m[2])
    m = find(r"With (\d+) points, the Anhøj rules allow a run of up to (\d+)", text)
    anhoej = chart(rag, multiply=100, **SEEN).summary().iloc[0]
    assert anhoej["n_useful"] == int(m[1])
    assert anhoej["longest_run_max"] == int(m[2])


def test_challenge_3_assurance(text):
    find(r"higher is better, target 95%\)", text)
    find(r"The mean is 88% and the limits are 80% to 96%", text)
    one = np.array([95.0])

    def icon(lcl, ucl):
        return _assurance(one, np.array([lcl]), np.array([ucl]), "increase")[0]

    assert icon(80.0, 96.0) == "inconsistent"
    find(r"The new limits, from those months, are 96% to 99\.5%", text)
    assert icon(96.0, 99.5) == "consistent_pass"
    find(
        r"8 months in a row above the old mean and the variation icon turns blue", text
    )
    assert 8 > rule_lengths("mdc", "p")[0]


def test_the_rule_lab_sets(text):
    find(r"four rule sets side by side \(Anhøj, IHI, Making Data Count, Western", text)
    assert len(RULE_SETS) == 4
    for name in RULE_SET_NAMES.values():
        assert name.removesuffix(" rules") in RuleLab.intro


# ------------------------------------------------------------------ the quiz


def test_the_quiz_figures(quiz):
    assert len(quiz) >= 5
    assert quiz["xmr-upper"]["answer"] == round(20 + 3 / K.D2 * 3)
    wrong = {m["value"] for m in quiz["xmr-upper"]["mistakes"]}
    assert round(20 + 3 * 3) in wrong  # 3 times the moving range, not 2.66
    assert choose_chart("counted", equal_area=False).chart == "u"
    assert quiz["choose-u"]["answer"].startswith("A U chart")
    assert quiz["mdc-shift"]["answer"] == DEFAULT_LENGTHS[("mdc", "control")][0]
    assert rule_lengths("ihi", "run")[0] == 6
    assert rule_lengths("western_electric", "i")[0] == 8
    assert rule_lengths("ihi", "i")[0] == 8
    target = quiz["target-inside"]["question"]
    assert "mean of 87% and limits of 79% and 96%" in target
    inside = _assurance(
        np.array([90.0]), np.array([79.0]), np.array([96.0]), "increase"
    )
    assert inside[0] == "inconsistent"
    fail = _assurance(np.array([95.0]), np.array([80.0]), np.array([92.0]), "increase")
    assert fail[0] == "consistent_fail"  # F: the target above the upper limit


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted <= anchors, wanted - anchors


def test_the_metadata_names_every_data_set_loaded(notebook, code):
    loaded = set(re.findall(r'load_dataset\("([a-z0-9_]+)"\)', code))
    named = set(notebook.metadata["qikit"]["datasets"])
    assert loaded <= named
    assert {case.dataset for case in CHOOSER_CASES} <= named
