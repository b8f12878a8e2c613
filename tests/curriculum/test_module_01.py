"""Module 1 (why variation matters): every figure and rule it states.

Each test finds a statement in the notebook (or its quiz) by a regular expression and
recomputes it with the chart engine, the funnel plot or the data sets: the RAG
ratings and how often they change, the p chart's limits and the target inside them,
the two-point comparisons, the league table and the funnel plot's verdicts.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

import qikit.apps
from qikit.charts import qic
from qikit.datasets import load_dataset
from qikit.errors import QikitWarning
from qikit.spread import funnel
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "01_variation.ipynb"
QUIZ = CURRICULUM / "quizzes" / "01_variation.json"
TERMS = CURRICULUM / "terms" / "01_variation.json"
GUIDE = CURRICULUM / "trainers" / "01_variation.md"
FIRST, LATER = pd.Timestamp("2013-04-01"), pd.Timestamp("2013-10-01")


@pytest.fixture(scope="module")
def rag():
    return load_dataset("rag_ratings").set_index("month")


@pytest.fixture(scope="module")
def chart(rag):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        return qic(
            rag.reset_index(),
            x="month",
            y="seen_in_time",
            n="referrals",
            chart="p",
            target=90,
            multiply=100,
        )


@pytest.fixture(scope="module")
def milestones():
    return load_dataset("milestones_27_30")


@pytest.fixture(scope="module")
def funnel_result(milestones):
    quarter = milestones[milestones["quarter"] == FIRST]
    return funnel(quarter, y="all_milestones", n="reviews", group="cpp", multiply=100)


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def month(rag, name: str) -> pd.Series:
    """One month of the RAG data ("September 2021")."""
    return rag.loc[pd.Timestamp(pd.to_datetime(name, format="%B %Y"))]


def ranks(milestones, quarter) -> pd.Series:
    rows = milestones[milestones["quarter"] == quarter].set_index("cpp")
    return rows["percent"].rank(ascending=False, method="min").astype(int)


# --------------------------------------------------------------------- RAG ratings


def test_the_red_september(text, rag):
    m = find(
        r"In (\w+ \d{4}) a community nursing team's line on the board report turned "
        r"red: ([\d.]+)% of new referrals were seen within 10 working days, against "
        r"a target of (\d+)%",
        text,
    )
    row = month(rag, m[1])
    assert row["rag"] == "red" and row["percent"] == float(m[2])
    assert (rag["target"] == int(m[3])).all()
    find(rf"{m[1]}'s {m[2]}% is one of those months", text)


def test_the_rating_bands_are_the_data_sets(text, rag):
    find(r"green at 90% or more, amber from 85% to below 90%, red below 85%", text)
    p = rag["percent"]
    expected = p.map(lambda x: "green" if x >= 90 else "amber" if x >= 85 else "red")
    assert (expected == rag["rag"]).all()
    find(r"April 2021 to March 2024", text)
    assert (rag.index.min(), rag.index.max(), len(rag)) == (
        pd.Timestamp("2021-04-01"),
        pd.Timestamp("2024-03-01"),
        36,
    )


def test_the_colours_and_how_often_they_change(text, rag):
    m = find(
        r"the team was green (\d+) times, amber (\d+) times and red (\d+) times, and "
        r"the colour changed (\d+) times in (\d+) steps from one month to the next",
        text,
    )
    counts = rag["rag"].value_counts()
    assert (counts["green"], counts["amber"], counts["red"]) == tuple(
        int(g) for g in m.groups()[:3]
    )
    changes = (rag["rag"] != rag["rag"].shift()).iloc[1:]
    assert changes.sum() == int(m[4]) and len(changes) == int(m[5])


# ----------------------------------------------------------------------- the chart


def test_the_p_chart_of_the_36_months(text, code, chart):
    find(r'options = \{"chart": "p", "target": 90, "multiply": 100\}', code)
    find(r'y="seen_in_time", n="referrals"', code)
    find(r"Here are the same 36 months as a control chart", text)
    m = find(
        r"Every month lies between the limits, about (\d+)% at the bottom and (\d+)% "
        r"at the top, around an average of ([\d.]+)%, and there is no unusual pattern",
        text,
    )
    frame, row = chart.frame, chart.summary().iloc[0]
    assert round(frame["lcl"].mean()) == int(m[1]) and round(
        frame["ucl"].mean()
    ) == int(m[2])
    assert frame["lcl"].between(int(m[1]) - 1, int(m[1]) + 1).all()
    assert frame["ucl"].between(int(m[2]) - 1.5, int(m[2]) + 1).all()
    assert round(row["cl"], 1) == float(m[3])
    assert not frame["signal"].any() and not bool(row["runs_signal"])
    find(r"it will go on giving between about 79% and 96% each month", text)


def test_the_target_is_inside_the_limits(text, chart):
    find(r"Look where the target sits: at 90%, inside the limits", text)
    frame = chart.frame
    assert ((frame["lcl"] < 90) & (90 < frame["ucl"])).all()
    # the process cannot meet 90% every month: its average is below the target
    find(r"its average is below the target", text)
    assert chart.summary()["cl"].iloc[0] < 90


def test_shewhart_and_the_sources_are_cited(text):
    find(r"Walter Shewhart, who invented the control chart", text)
    find(r"\(Shewhart 1931\)", text)
    find(r"\(Provost and Murray 2011\)", text)
    find(
        r"Healthcare Improvement Scotland, response to the National Care Service", text
    )


# ------------------------------------------------------------ two-point comparisons


def test_the_month_on_month_rise(text, rag, chart):
    m = find(
        r'In (\w+ \d{4}) the team\'s report said: "Up from ([\d.]+)% in (\w+) to '
        r'([\d.]+)%: back to green\."',
        text,
    )
    august = month(rag, m[1])
    july = month(rag, f"{m[3]} {m[1].split()[1]}")
    assert (july["percent"], august["percent"]) == (float(m[2]), float(m[4]))
    assert august["rag"] == "green"
    find(
        rf"{m[3]} {m[1].split()[1]} \({m[2]}%, red\) and {m[1]} \({m[4]}%, green\) "
        r"are both inside the limits",
        text,
    )
    assert july["rag"] == "red"
    n = find(
        r"three months after the rise came (\w+ \d{4}), at ([\d.]+)% and red", text
    )
    november = month(rag, n[1])
    assert november["percent"] == float(n[2]) and november["rag"] == "red"
    assert rag.index.get_loc(november.name) - rag.index.get_loc(august.name) == 3
    inside = chart.frame.set_index("x")
    for when in (july.name, august.name, november.name):
        assert inside.loc[when, "lcl"] < inside.loc[when, "y"] < inside.loc[when, "ucl"]


def test_the_year_on_year_rise(text, rag):
    m = find(r'the March 2024 report said: "([\d.]+)%, up (\d+) points on March', text)
    now, before = month(rag, "March 2024"), month(rag, "March 2023")
    assert now["percent"] == float(m[1])
    assert round(now["percent"] - before["percent"]) == int(m[2])
    find(
        rf"March 2023 \({before['percent']}%\) and March 2024 \({now['percent']}%\) "
        r"are inside the limits too, and the eleven months between them were red, "
        r"amber and green",
        text,
    )
    between = rag.loc["2023-04-01":"2024-02-01", "rag"]
    assert len(between) == 11 and set(between) == {"red", "amber", "green"}
    find(r'"At 89\.9%, up 5 points on March 2023', text)
    find(r"March 2023 \(84\.9%\) and March 2024 \(89\.9%\) are two months", text)


def test_the_largest_change_from_one_month_to_the_next(text, rag):
    m = find(
        r"The largest change from one month to the next in the three years is "
        r"([\d.]+) points \(from ([\d.]+)% in (\w+) (\d{4}) to ([\d.]+)% in (\w+)\)",
        text,
    )
    steps = rag["percent"].diff().abs()
    assert round(steps.max(), 1) == float(m[1])
    after = steps.idxmax()
    before = rag.index[rag.index.get_loc(after) - 1]
    assert (before.strftime("%B"), before.year) == (m[3], int(m[4]))
    assert after.strftime("%B") == m[6]
    assert rag.loc[before, "percent"] == float(m[2])
    assert rag.loc[after, "percent"] == float(m[5])
    # challenge 2 uses the same figures
    find(
        r"smaller than the 8-point change the process made from one month to the", text
    )
    assert 5 < float(m[1])


# -------------------------------------------------------------------- league tables


def test_orkney_from_last_to_second(text, milestones):
    find(r"In April to June 2013, Orkney came last of Scotland's 32 Community", text)
    first, later = ranks(milestones, FIRST), ranks(milestones, LATER)
    assert len(first) == 32 and first.idxmax() == "Orkney Islands"
    assert (first == 32).sum() == 1
    m = find(
        r"Orkney was (\d+)nd with ([\d.]+)%; six months later it was (\d+)nd with "
        r"([\d.]+)%\. Shetland went from (\d+)th to (\d+)th\. Orkney reviewed (\d+) "
        r"children that quarter, and Glasgow over ([\d,]+)\.",
        text,
    )
    rows = milestones.set_index(["quarter", "cpp"])
    assert first["Orkney Islands"] == int(m[1])
    assert rows.loc[(FIRST, "Orkney Islands"), "percent"] == float(m[2])
    assert later["Orkney Islands"] == int(m[3])
    assert rows.loc[(LATER, "Orkney Islands"), "percent"] == float(m[4])
    assert (first["Shetland Islands"], later["Shetland Islands"]) == (
        int(m[5]),
        int(m[6]),
    )
    assert rows.loc[(FIRST, "Orkney Islands"), "reviews"] == int(m[7])
    glasgow = rows.loc[(FIRST, "Glasgow City"), "reviews"]
    assert int(m[8].replace(",", "")) < glasgow < 1600


def test_the_islands_fill_the_ends_of_the_table(text, milestones):
    m = find(
        r"In the (\d+) quarters from April 2013 to December 2016, the three island "
        r"partnerships, each reviewing fewer than (\d+) children a quarter, were top "
        r"or bottom of the table \(or shared the place\) in (\d+) quarters, though "
        r"they are only 3 of the 32\.",
        text,
    )
    islands = {"Orkney Islands", "Shetland Islands", "Na h-Eileanan Siar"}
    quarters = sorted(milestones["quarter"].unique())
    assert len(quarters) == int(m[1])
    assert pd.Timestamp(quarters[-1]) == pd.Timestamp("2016-10-01")
    mine = milestones[milestones["cpp"].isin(islands)]
    assert mine["cpp"].nunique() == 3 and mine["reviews"].max() < int(m[2])
    others = milestones[~milestones["cpp"].isin(islands)]
    assert others.groupby("cpp")["reviews"].min().min() > int(m[2])
    at_an_end = 0
    for quarter in quarters:
        rows = milestones[milestones["quarter"] == quarter]
        top = rows.loc[rows["percent"] == rows["percent"].max(), "cpp"]
        bottom = rows.loc[rows["percent"] == rows["percent"].min(), "cpp"]
        at_an_end += bool(islands & (set(top) | set(bottom)))
    assert at_an_end == int(m[3])
    assert at_an_end / len(quarters) > 2 * 3 / 32  # far more than their share


def test_one_child_of_50_is_2_points(text, quiz):
    find(
        r"In a partnership of 50 children, one child more or fewer moves the "
        r"percentage by 2 points",
        text,
    )
    assert 100 / 50 == 2
    question = quiz["one-child"]
    assert "reviewed 50 children" in question["question"]
    assert question["answer"] == 100 / 50
    assert "Glasgow, with about 1,500 children" in question["explanation"]
    assert 100 / 1514 < 0.1


def test_the_funnel_plot(text, funnel_result):
    frame = funnel_result.frame.set_index("group")
    m = find(
        r"Around the Scottish average of ([\d.]+)%, Orkney's 64\.0% is inside", text
    )
    assert round(100 * funnel_result.target, 1) == float(m[1])
    assert not frame.loc["Orkney Islands", "outside_998"]
    assert not frame.loc["Orkney Islands", "outside_95"]
    find(
        r"Three partnerships are outside the outer \(99\.8%\) limits: City of "
        r"Edinburgh and Renfrewshire above, Glasgow City below",
        text,
    )
    outside = frame[frame["outside_998"]]
    above = set(outside.index[outside["value"] > 100 * funnel_result.target])
    below = set(outside.index[outside["value"] < 100 * funnel_result.target])
    assert above == {"City of Edinburgh", "Renfrewshire"}
    assert below == {"Glasgow City"}
    find(r"wider than chance alone explains", text)
    assert funnel_result.phi > 1


def test_challenge_3(text, milestones, funnel_result):
    m = find(
        r"West Dunbartonshire \((\d+) children\) was top with ([\d.]+)%, but it too "
        r"is inside the outer limits, and it had fallen to (\d+)th six months later",
        text,
    )
    rows = milestones.set_index(["quarter", "cpp"])
    first, later = ranks(milestones, FIRST), ranks(milestones, LATER)
    assert first.idxmin() == "West Dunbartonshire" and (first == 1).sum() == 1
    assert rows.loc[(FIRST, "West Dunbartonshire"), "reviews"] == int(m[1])
    assert rows.loc[(FIRST, "West Dunbartonshire"), "percent"] == float(m[2])
    assert later["West Dunbartonshire"] == int(m[3])
    frame = funnel_result.frame.set_index("group")
    assert not frame.loc["West Dunbartonshire", "outside_998"]
    find(r"85% of children meeting all milestones, which no partnership reached", text)
    assert (milestones.loc[milestones["quarter"] == FIRST, "percent"] < 85).all()
    find(r"six months later it was 2nd", text)


def test_the_league_table_cell(code):
    find(r'periods = \["2013-04-01", "2013-10-01"\]', code)
    find(r'milestones\["quarter"\] == "2013-04-01"', code)


# ---------------------------------------------------------- quiz, guide and metadata


def test_the_quiz_figures(quiz, chart, rag):
    assert len(quiz) >= 5
    counts = rag["rag"].value_counts()
    explanation = quiz["target-inside"]["explanation"]
    assert (
        f"green {counts['green']} times, amber {counts['amber']} times and red "
        f"{counts['red']} times in three years"
    ) in explanation
    why = quiz["target-inside"]["options"][
        "It will be red every month, because its average is below the target"
    ]
    assert f"Its average ({round(chart.summary()['cl'].iloc[0], 1)}%)" in why
    assert "between about 79% and 96%" in why
    orkney = quiz["league-ends"]["explanation"]
    assert "Orkney, with 50 children, was last of 32 in April to June 2013 and 2nd" in (
        orkney
    )


def test_the_guide_and_the_drill_share_a_seed(code):
    m = find(r"SignalOrNoise\(seed=(\d+)\)", code)
    assert f"the seed\n    on the page is {m[1]}" in GUIDE.read_text("utf-8")


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
    assert wanted <= anchors
    # the other links go to terms module 7 defines
    assert anchors - wanted == {
        "stable-process",
        "common-cause-variation",
        "special-cause-variation",
    }
