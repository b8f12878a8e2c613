"""Module 11 (sustaining and managing quality): every rule, figure and claim it states.

Each test finds a statement in the notebook (or its quiz) by a regular expression and
recomputes it with the chart engine, qikit.spread or the data sets, so the text
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

from qikit.apps.lesson_sustaining import TRILOGY, spread_frame
from qikit.charts import qic
from qikit.charts.rules import rule_lengths
from qikit.charts.summary import _assurance
from qikit.datasets import list_datasets, load_dataset
from qikit.errors import InputError, QikitWarning
from qikit.spread import sustainability
from qikit.spread.adoption import LEVELS, SUSTAINABILITY_FACTORS
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "11_sustaining.ipynb"
QUIZ = CURRICULUM / "quizzes" / "11_sustaining.json"
TERMS = CURRICULUM / "terms" / "11_sustaining.json"

ON_TIME = {"x": "month", "y": "complete_on_time", "n": "dossiers", "chart": "p"}
RATE = {"x": "month", "y": "stillbirths", "n": "births", "multiply": 1000}


@pytest.fixture(scope="module")
def dossiers():
    return load_dataset("parole_dossiers")


@pytest.fixture(scope="module")
def ratings():
    return sustainability(load_dataset("sustainability_ratings"), x="round")


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


def test_the_code_draws_the_charts_tested_here(code):
    assert (
        'on_time = {"x": "month", "y": "complete_on_time", "n": "dossiers", '
        '"chart": "p"}' in code
    )
    assert "qikit.qic(dossiers, freeze=15," in code
    assert (
        'rate = {"x": "month", "y": "stillbirths", "n": "births", "multiply": 1000}'
        in (code)
    )
    assert '"improvement": "decrease"' in code
    assert "qikit.qic(births, freeze=60," in code
    assert 'promise = {"rules": "mdc", "improvement": "increase", "target": 90}' in code
    assert "qikit.qic(dossiers, part=19," in code
    assert 'sustainability(load_dataset("sustainability_ratings"), x="round")' in code
    assert 'plot_rounds(ratings, unit="Team 2")' in code


# -------------------------------------------------------------- the trilogy


def test_the_trilogy(text):
    find(r"Joseph Juran \(1986\) described managing quality as three processes", text)
    names = [name for name, _, _ in TRILOGY]
    assert names == ["Quality planning", "Quality improvement", "Quality control"]
    for name in names:
        find(rf"\*\*{name}\*\*", text)
    find(
        r"Quality Management System brings the same three together: quality planning, "
        r"quality improvement and quality control",
        text,
    )
    find(
        r"\(Healthcare Improvement Scotland, response to the National Care Service",
        text,
    )


def test_the_parole_chart_as_a_trilogy(text, dossiers):
    find(r"The first 15 months, January 2015 to March 2016, are the baseline", text)
    assert dossiers["month"].iloc[0] == pd.Timestamp("2015-01-01")
    assert dossiers["month"].iloc[14] == pd.Timestamp("2016-03-01")
    frame = chart(dossiers, freeze=15, multiply=100, **ON_TIME).frame
    base = frame.iloc[:15]
    m = find(
        r"stable around a mean of ([\d.]+)%, with an upper limit of about (\d+)%", text
    )
    assert float(m[1]) == round(base["cl"].iloc[0], 1)
    assert int(m[2]) == round(base["ucl"].mean())
    assert not base["signal"].any()
    share = (
        dossiers["complete_on_time"].iloc[:15].sum()
        / dossiers["dossiers"].iloc[:15].sum()
    )
    find(r"about 4 dossiers in 10 late or incomplete", text)
    assert round(10 * (1 - share)) == 4
    find(r"A redesigned preparation process was tested from April 2016", text)
    assert (
        "April 2016"
        in list_datasets().set_index("name").loc["parole_dossiers", "story"]
    )
    m = find(
        r"from August 2016, (\d+) of the (\d+) months lie above the baseline's upper "
        r"limit \(the other two are within about (\d+) percentage points of it\)",
        text,
    )
    later = frame[frame["x"] >= pd.Timestamp("2016-08-01")]
    above = later["y"] > later["ucl"]
    assert len(later) == int(m[2])
    assert int(above.sum()) == int(m[1])
    gaps = (later["ucl"] - later["y"])[~above]
    assert len(gaps) == 2 and (gaps < int(m[3]) + 0.5).all()


# ------------------------------------------------- the NHS Sustainability Model


def test_the_model_structure(text):
    find(
        r"\(Maher, Gustafson and Evans, NHS Institute for Innovation and Improvement, "
        r"2010\) is a self-assessment of ten factors",
        text,
    )
    assert len(SUSTAINABILITY_FACTORS) == 10
    find(r"in three domains: the process, the staff and the organisation", text)
    domains = [f.domain for f in SUSTAINABILITY_FACTORS]
    assert sorted(set(domains)) == ["organisation", "process", "staff"]
    assert {d: domains.count(d) for d in set(domains)} == {
        "process": 4,
        "staff": 4,
        "organisation": 2,
    }
    find(
        r"four statements, from the weakest .* \(level 1\) to the strongest "
        r"\(level 4\)",
        text,
    )
    assert LEVELS == (1, 2, 3, 4)


def test_the_weights_are_not_built_in(text, ratings):
    find(r"qikit does not build those weights in", text)
    find(r"pass them to `sustainability\(\.\.\., weights=\.\.\.\)`", text)
    assert ratings.weights is None
    with pytest.raises(
        InputError, match=r"`weights`: are needed for scores, and are not"
    ):
        ratings.scores()


def test_the_five_teams(text):
    data = load_dataset("sustainability_ratings")
    find(
        r"Five improvement teams, (\d+) members in all, rated the ten factors three "
        r"times in 2023, in March, June and September",
        text,
    )
    assert data["team"].nunique() == 5
    assert len(data[["team", "member"]].drop_duplicates()) == int(
        find(r"Five improvement teams, (\d+) members", text)[1]
    )
    months = sorted(pd.to_datetime(data["date"]).dt.strftime("%B %Y").unique())
    assert set(months) == {"March 2023", "June 2023", "September 2023"}
    assert data.groupby(["team", "member", "round"]).size().eq(10).all()


def test_team_2_converges(text, ratings):
    spread = spread_frame(ratings).set_index(["Team", "Round"])
    wide = "Factors with members 2 or more levels apart"
    gap = "Average gap between highest and lowest"
    m = find(
        r"In round 1 the members of Team 2 were 2 or more levels apart on (\d+) of the "
        r"10 factors, and on average the highest and lowest ratings of a factor were "
        r"([\d.]+) levels apart\. By round 3 they were that far apart on only (\d+) "
        r"factors, and the average gap was ([\d.]+) levels",
        text,
    )
    assert spread.loc[("Team 2", 1), wide] == int(m[1])
    assert round(spread.loc[("Team 2", 1), gap], 1) == float(m[2])
    assert spread.loc[("Team 2", 3), wide] == int(m[3])
    assert round(spread.loc[("Team 2", 3), gap], 1) == float(m[4])


def test_opinions_converge_as_doyle_found(text, ratings):
    find(r"Doyle and colleagues \(2013\) found that the spread of opinion", text)
    spread = spread_frame(ratings)
    gap = "Average gap between highest and lowest"
    for team, rows in spread.groupby("Team"):
        rounds = rows.set_index("Round")[gap]
        assert rounds[3] < rounds[1], team


def test_challenge_2_team_4(text, ratings):
    m = find(
        r"In round 1, Team 4's (\w+) members rated \"Staff involvement and training to "
        r"sustain the process\" from 1 to 4: three chose level 1, two level 2, three "
        r"level 3 and two level 4\. The team's lead says: \"The average is ([\d.]+)",
        text,
    )
    frame = ratings.frame
    row = frame[
        (frame["unit"] == "Team 4")
        & (frame["x"] == 1)
        & (frame["factor"] == "Staff involvement and training to sustain the process")
    ].iloc[0]
    assert m[1] == "ten" and row["members"] == 10
    assert [row[f"level_{k}"] for k in LEVELS] == [3, 2, 3, 2]
    assert round(row["mean"], 1) == float(m[2])
    assert (row["minimum"], row["maximum"]) == (1, 4)


# ------------------------------------------------------------- monitoring


def test_the_stillbirths_chart(text):
    births = load_dataset("stillbirths")
    story = list_datasets().set_index("name").loc["stillbirths", "story"]
    find(r"aimed for a 15% fall .* it reported a 19% fall \(\*The Scottish", text)
    assert "19%" in story and "15%" in story
    m = find(
        r"(\d+) months of stillbirths per 1,000 births, with the median of the "
        r"2008 to 2012 baseline \((\d+) months\)",
        text,
    )
    assert len(births) == int(m[1])
    years = births["month"].dt.year
    assert int((years <= 2012).sum()) == int(m[2])
    result = chart(births, freeze=60, improvement="decrease", **RATE)
    row = result.summary().iloc[0]
    frame = result.frame
    m = find(r"The baseline median is ([\d.]+) stillbirths per 1,000 births", text)
    assert round(row["cl"], 2) == float(m[1])
    m = find(r"From 2013 onwards (\d+) of the (\d+) months lie below it", text)
    later = frame.iloc[60:]
    assert int((later["y"] < later["cl"]).sum()) == int(m[1])
    assert len(later) == int(m[2])
    m = find(
        r"a run of (\d+) months below it, from September 2013 to January 2015, is far "
        r"longer than the (\d+) the Anhøj rules allow for (\d+) points",
        text,
    )
    episodes = result.episodes()
    run = episodes[episodes["rule"] == "long_run"].iloc[0]
    assert run["count"] == int(m[1]) == row["longest_run"]
    assert run["x_start"] == pd.Timestamp("2013-09-01")
    assert run["x_end"] == pd.Timestamp("2015-01-01")
    assert row["longest_run_max"] == int(m[2])
    assert row["n_useful"] == int(m[3])
    yearly = births.groupby(years)[["stillbirths", "births"]].sum()
    base = yearly.loc[2008:2012].sum()
    base_rate = 1000 * base["stillbirths"] / base["births"]
    rate = 1000 * yearly["stillbirths"] / yearly["births"]
    m = find(
        r"the data set's rate was ([\d.]+) per 1,000 in the baseline years and "
        r"([\d.]+) in 2015, (\d+)% lower; in 2016, .* it was still (\d+\.\d+)",
        text,
    )
    assert round(base_rate, 2) == float(m[1])
    assert round(rate[2015], 2) == float(m[2])
    assert round(100 * (1 - rate[2015] / base_rate)) == int(m[3])
    assert round(rate[2016], 2) == float(m[4])
    m = find(r"national counts are small \(about (\d+) to (\d+) stillbirths\)", text)
    assert (births["stillbirths"].min(), births["stillbirths"].max()) == (
        int(m[1]),
        int(m[2]),
    )


def test_the_parole_target(text, dossiers):
    find(
        r"from August 2016, the service calculated new limits from it \(`part=19`", text
    )
    assert dossiers["month"].iloc[19] == pd.Timestamp("2016-08-01")
    promise = {"rules": "mdc", "improvement": "increase", "target": 90}
    result = chart(dossiers, part=19, multiply=100, **promise, **ON_TIME)
    new = result.summary().iloc[-1]
    find(r"The variation icon is grey: the latest month shows common cause", text)
    assert new["variation"] == "common_cause"
    find(r"The assurance icon is the question mark", text)
    assert new["assurance"] == "inconsistent"
    m = find(
        r"the new mean is ([\d.]+)%, and the 90% target lies between the new limits "
        r"\(about (\d+)% and (\d+)%\)",
        text,
    )
    assert float(m[1]) == round(new["cl"], 1)
    assert (int(m[2]), int(m[3])) == (round(new["lcl"]), round(new["ucl"]))
    assert new["lcl"] < 90 < new["ucl"]
    m = find(r"it reached 90% in (\d+) of the (\d+) months", text)
    part = result.frame.iloc[19:]
    assert int((part["y"] >= 90).sum()) == int(m[1])
    assert len(part) == int(m[2])
    assert not result.frame["signal"].iloc[19:].any()


def test_challenge_3_is_a_making_data_count_shift(text):
    find(r"shows 7 months in a row below the new mean", text)
    find(r"A shift of 7 months below the mean is a signal under the Making Data", text)
    assert rule_lengths("mdc", "p")[0] == 7


# ------------------------------------------------------------------ the quiz


def test_the_quiz_figures(quiz):
    assert len(quiz) >= 5
    assert quiz["factors"]["answer"] == len(SUSTAINABILITY_FACTORS)
    wrong = {m["value"] for m in quiz["factors"]["mistakes"]}
    assert {3, 4} <= wrong
    assert len({f.domain for f in SUSTAINABILITY_FACTORS}) == 3
    assert len(LEVELS) == 4
    assert "Report the average, 2.2, to the board" in quiz["disagreement"]["options"]
    assert np.mean([1, 1, 1, 4, 4]) == pytest.approx(2.2)
    assert "40 of the 48 months" in quiz["frozen-monitoring"]["explanation"]
    inside = _assurance(
        np.array([90.0]), np.array([70.0]), np.array([100.0]), "increase"
    )
    assert inside[0] == "inconsistent"
    passes = _assurance(
        np.array([90.0]), np.array([92.0]), np.array([99.0]), "increase"
    )
    assert passes[0] == "consistent_pass"  # "the P icon, when the target lies below"
    assert "7 months in a row below the new mean" in quiz["concern-signal"]["question"]


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted <= anchors, wanted - anchors


def test_the_metadata_names_every_data_set_loaded(notebook, code):
    loaded = set(re.findall(r'load_dataset\("([a-z0-9_]+)"\)', code))
    assert loaded == set(notebook.metadata["qikit"]["datasets"])
