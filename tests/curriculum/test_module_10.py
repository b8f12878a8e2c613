"""Module 10 (spread and scale-up): every figure and rule it states.

Each test finds a statement in the notebook (or its quiz, terms or facilitator guide)
by a regular expression and recomputes it with qikit.spread and the data sets: the
collaborative's assessment scores, self and faculty; the frameworks' components and
phases; Rogers' categories on Hospital at Home; the funnel plot and the small
multiples of the 32 partnerships.
"""

from __future__ import annotations

import inspect
import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from qikit.apps import ProgrammeDashboard
from qikit.datasets import list_datasets, load_dataset
from qikit.errors import QikitWarning
from qikit.spread import (
    ASSESSMENT_SCALE,
    adoption_curve,
    assessments,
    compare_units,
    funnel,
    spread_readiness,
)
from qikit.spread.adoption import ADOPTER_CATEGORIES, ROGERS_ATTRIBUTES
from qikit.spread.planning import (
    ADOPTION_MECHANISMS,
    SCALE_PHASES,
    SPREAD_COMPONENTS,
    SUPPORT_SYSTEMS,
)
from tests.curriculum import module_checks as mc

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "10_spread.ipynb"
QUIZ = CURRICULUM / "quizzes" / "10_spread.json"
TERMS = CURRICULUM / "terms" / "10_spread.json"
GUIDE = CURRICULUM / "trainers" / "10_spread.md"


@pytest.fixture(scope="module")
def guide():
    return GUIDE.read_text("utf-8")


@pytest.fixture(scope="module")
def scores():
    return assessments(load_dataset("collaborative_scores"), assessor="assessor")


@pytest.fixture(scope="module")
def curve():
    h = load_dataset("hospital_at_home")
    return adoption_curve(h, x="started", unit="partnership", total=31)


@pytest.fixture(scope="module")
def latest(code):
    quarter = find(
        r'latest = milestones\[milestones\["quarter"\] == "([\d-]+)"\]', code
    )
    milestones = load_dataset("milestones_27_30")
    return milestones[milestones["quarter"] == quarter[1]]


@pytest.fixture(scope="module")
def funnel_result(latest):
    return funnel(latest, y="all_milestones", n="reviews", group="cpp", multiply=100)


@pytest.fixture(scope="module")
def units():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        return compare_units(
            load_dataset("milestones_27_30"),
            y="all_milestones",
            n="reviews",
            x="quarter",
            unit="cpp",
            chart="p",
            multiply=100,
            improvement="increase",
            order="signal",
        )


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def same_names(listing: str, expected) -> bool:
    """Whether 'A, B and C' names exactly the units in ``expected``."""
    rest = listing
    for name in sorted(expected, key=len, reverse=True):
        if name not in rest:
            return False
        rest = rest.replace(name, "", 1)
    return re.fullmatch(r"(?:\s*(?:,|and)\s*)*", rest) is not None


def row(scores, team: str, month: str) -> pd.Series:
    f = scores.frame
    return f[(f["unit"] == team) & (f["x"] == month)].iloc[0]


# ------------------------------------------------------------ the early years


def test_the_early_years_aim_and_the_32_partnerships(text):
    find(
        r"hoped that 4 to 6 Community Planning Partnerships would take part\. The idea "
        r"was so compelling that all 32 wanted to join",
        text,
    )
    find(r"by the end of 2016, 85% of children in each partnership", text)
    milestones = load_dataset("milestones_27_30")
    assert milestones["cpp"].nunique() == 32
    assert milestones["quarter"].max() == pd.Timestamp("2016-10-01")
    story = list_datasets().set_index("name").loc["milestones_27_30", "story"]
    assert "32" in story and "85%" in story


# ------------------------------------------------------------ assessment scale


def test_the_scale_has_ten_levels_from_half_to_five(text):
    find(
        r"The scale has ten levels, from 0\.5 \(an intention to take part\) to 5\.0 "
        r"\(outstanding, sustained results\)",
        text,
    )
    scores = [lvl.score for lvl in ASSESSMENT_SCALE]
    assert scores == [0.5 * k for k in range(1, 11)]
    assert ASSESSMENT_SCALE[0].label == "Intent to participate"
    assert ASSESSMENT_SCALE[-1].label == "Outstanding sustainable results"
    labels = {lvl.score: lvl.label.lower() for lvl in ASSESSMENT_SCALE}
    for score, label in re.findall(r"(\d\.\d) \(([a-z][a-z ,]+)\)", text):
        if float(score) in labels and label.startswith(("modest", "activity")):
            assert labels[float(score)] == label, (score, label)
    find(r"3\.5, improvement", text)
    assert labels[3.5] == "improvement" and labels[4.0] == "significant improvement"


def test_the_collaborative_data_set(text, scores):
    m = find(
        r"monthly scores of (\d+) teams in an (\d+)-month collaborative, from "
        r"(\w+ \d{4}) to (\w+ \d{4})",
        text,
    )
    f = scores.frame
    assert f["unit"].nunique() == int(m[1])
    assert f["x"].nunique() == int(m[2])
    assert f["x"].min().strftime("%B %Y") == m[3]
    assert f["x"].max().strftime("%B %Y") == m[4]
    assert f[["self", "faculty"]].notna().all().all()


def test_the_medians_and_the_teams_at_4(text, code, scores):
    find(
        r'assessments\(load_dataset\("collaborative_scores"\), assessor="assessor"\)',
        code,
    )
    d = scores.distribution().set_index(["x", "assessor"])
    m = find(
        r"In January 2022 most teams were still forming \(a median of ([\d.]+)", text
    )
    assert d.loc[(pd.Timestamp("2022-01-01"), "faculty"), "median"] == float(m[1])
    assert ASSESSMENT_SCALE[1].label == "Forming team" and float(m[1]) == 1.0
    m = find(
        r"By June 2023 the median team scored ([\d.]+), improvement, on both the "
        r"teams' and the faculty's scores; (\d+) of the (\d+) teams were at 4\.0 "
        r"\(significant improvement\) or more by the faculty's scores, and (\d+) by "
        r"their own",
        text,
    )
    june = pd.Timestamp("2023-06-01")
    faculty, own = d.loc[(june, "faculty")], d.loc[(june, "self")]
    assert faculty["median"] == own["median"] == float(m[1])
    assert faculty["at_4_or_more"] == int(m[2])
    assert faculty["teams"] == own["teams"] == int(m[3])
    assert own["at_4_or_more"] == int(m[4])


def test_self_runs_ahead_of_faculty_early_on(text, scores):
    m = find(
        r"in the first six months by ([\d.]+) points on average, in 2023 by only "
        r"(\d\.\d+)",
        text,
    )
    f = scores.frame
    first = f[f["x"] < "2022-07-01"]
    assert first["x"].nunique() == 6
    assert round(first["gap"].mean(), 2) == float(m[1])
    assert round(f[f["x"].dt.year == 2023]["gap"].mean(), 2) == float(m[2])
    find(r"Early on the teams rated themselves higher than the faculty did", text)


def test_challenge_1_team_i(text, guide, scores):
    m = find(
        r"In April 2022, Team I scored itself ([\d.]+) \(modest improvement\) while "
        r"the faculty scored it ([\d.]+) \(activity, but no changes\)",
        text,
    )
    april = row(scores, "Team I", "2022-04-01")
    assert (april["self"], april["faculty"]) == (float(m[1]), float(m[2]))
    assert april["self_label"] == "Modest improvement"
    assert april["faculty_label"] == "Activity, but no changes"
    assert scores.gaps()["unit"].iloc[0] == "Team I"  # the widest gap, first in table
    find(r"by June 2023 both the team and the faculty score Team I at 4\.0", text)
    june = row(scores, "Team I", "2023-06-01")
    assert june["self"] == june["faculty"] == 4.0
    find(r"Team I scored itself 3\.0 and the faculty 2\.0 in April 2022", guide)
    find(
        r"Team C, which in June 2023 rates itself lower than\s+the faculty does", guide
    )
    team_c = row(scores, "Team C", "2023-06-01")
    assert team_c["self"] < team_c["faculty"]


# ------------------------------------------------------------ spread and scale-up


def test_the_framework_for_spread_and_the_phases(text):
    find(r"names seven components that a spread plan needs", text)
    assert len(SPREAD_COMPONENTS) == 7
    find(r"the seven components of the IHI Framework for Spread \(Massoud", text)
    find(r"go to full scale in four phases", text)
    assert len(SCALE_PHASES) == 4
    m = find(
        r"go to full scale through a scalable unit, a test of scale-up and full scale",
        text,
    )
    assert m and [p[0] for p in SCALE_PHASES][1:] == [
        "scalable_unit",
        "test_of_scale_up",
        "full_scale",
    ]
    find(
        r"the adoption mechanisms \(leadership, communication, a sense of urgency, "
        r"accountability\)",
        text,
    )
    assert list(ADOPTION_MECHANISMS) == [
        "leadership",
        "communication",
        "urgency",
        "accountability",
    ]
    assert len(SUPPORT_SYSTEMS) == 6


# ------------------------------------------------------------ Rogers


def test_rogers_shares_everywhere(text, quiz):
    shares = {name: round(100 * s, 1) for name, s in ADOPTER_CATEGORIES}
    m = find(
        r"innovators, the first ([\d.]+)%;\n- early adopters, the next ([\d.]+)%.*?\n"
        r"- the early majority, ([\d.]+)%;\n- the late majority, ([\d.]+)%;\n"
        r"- laggards, the last ([\d.]+)%",
        text,
    )
    assert [float(g) for g in m.groups()] == list(shares.values())
    m = find(
        r"innovators ([\d.]+)%, early adopters ([\d.]+)%, early majority ([\d.]+)%, "
        r"late majority ([\d.]+)%, laggards ([\d.]+)% \(Rogers 2003\)",
        text,
    )
    assert [float(g) for g in m.groups()] == list(shares.values())
    assert sum(shares.values()) == 100
    assert quiz["early-adopters"]["answer"] == f"{shares['early_adopters']}%"
    terms = {t["term"]: t for t in json.loads(TERMS.read_text("utf-8"))}
    assert (
        "innovators 2.5%, early adopters 13.5%, early majority 34%, late majority "
        "34%, laggards 16%" in terms["adopter categories"]["definition"]
    )


def test_rogers_five_attributes(text):
    m = find(
        r"- relative advantage: .*\n- compatibility: .*\n- complexity: .*\n"
        r"- trialability: .*\n- observability: ",
        text,
    )
    assert m and list(ROGERS_ATTRIBUTES) == [
        "relative_advantage",
        "compatibility",
        "complexity",
        "trialability",
        "observability",
    ]
    find(r"complexity is scored as \"how hard\", so a high score counts against", text)
    hard = spread_readiness(
        {a: 5 if a == "complexity" else 3 for a in ROGERS_ATTRIBUTES}
    )
    easy = spread_readiness(
        {a: 1 if a == "complexity" else 3 for a in ROGERS_ATTRIBUTES}
    )
    assert hard.overall["readiness"].iloc[0] < easy.overall["readiness"].iloc[0]


def test_the_readiness_example(text, code):
    ratings = {}
    for name, score in re.findall(r'"(\w+)": (\d)', code):
        if name in ROGERS_ATTRIBUTES:
            ratings[name] = int(score)
    assert set(ratings) == set(ROGERS_ATTRIBUTES)
    res = spread_readiness(ratings)
    m = find(r"The team above scored (\w+) lowest \((\d) out of 5\)", text)
    assert res.overall["weakest"].iloc[0] == m[1] == "trialability"
    assert ratings["trialability"] == int(m[2])


def test_hospital_at_home_adoption(text, code, curve):
    find(r'adoption_curve\(h_at_h, x="started", unit="partnership", total=31\)', code)
    m = find(
        r"follows (\d+) services as they start, from (\w+ \d{4}) to (\w+ \d{4}).*?"
        r"Scotland has (\d+) partnerships in all",
        text,
    )
    done = curve.units.dropna(subset=["x"])
    assert len(done) == int(m[1]) == 22
    assert done["x"].min().strftime("%B %Y") == m[2]
    assert done["x"].max().strftime("%B %Y") == m[3]
    assert curve.total == int(m[4])
    find(r"supports 22 Health and Social Care Partnerships with Hospital at Home", text)
    cats = curve.categories().set_index("category")
    first = done.iloc[0]
    find(r"Renfrewshire started first, in April 2018: the innovator", text)
    assert first["unit"] == "Renfrewshire" and first["category"] == "innovators"
    assert cats.loc["innovators", "adopted_units"] == 1
    m = find(
        r"(\w+) early adopters followed between (\w+ \d{4}) and (\w+ \d{4}), and (\d+) "
        r"partnerships, the early majority, started between (\w+) and (\w+ \d{4})\. "
        r"(\w+) of the late majority had started by (\w+ \d{4}), and (\d+) "
        r"partnerships had not yet started",
        text,
    )
    words = {"Four": 4, "Six": 6}
    early = cats.loc["early_adopters"]
    assert early["adopted_units"] == words[m[1]]
    assert early["first_x"].strftime("%B %Y") == m[2]
    assert early["last_x"].strftime("%B %Y") == m[3]
    majority = cats.loc["early_majority"]
    assert majority["adopted_units"] == int(m[4])
    assert majority["first_x"].strftime("%B") == m[5]
    assert majority["last_x"].strftime("%B %Y") == m[6]
    late = cats.loc["late_majority"]
    assert late["adopted_units"] == words[m[7]]
    assert late["last_x"].strftime("%B %Y") == m[8]
    assert curve.total - len(done) == int(m[9])
    assert cats.loc["laggards", "adopted_units"] == 0


# ------------------------------------------------------------ the funnel


def test_the_opening_question_of_the_funnel(text, latest):
    m = find(
        r"(\d+)% of the children reviewed in Aberdeen City met all their milestones "
        r"and (\d+)% in Shetland",
        text,
    )
    by = latest.set_index("cpp")
    assert round(
        100
        * by.loc["Aberdeen City", "all_milestones"]
        / by.loc["Aberdeen City", "reviews"]
    ) == int(m[1])
    assert round(by.loc["Shetland Islands", "percent"]) == int(m[2])
    m = find(
        r"each quarter from (\w+ \d{4}) to (\w+) (\d{4}), the children reviewed", text
    )
    quarters = load_dataset("milestones_27_30")["quarter"]
    assert quarters.min().strftime("%B %Y") == m[1]
    end = quarters.max() + pd.offsets.QuarterEnd(0)
    assert end.strftime("%B") == m[2] and end.year == int(m[3])
    find(r"In the last quarter of 2016", text)
    assert latest["quarter"].iloc[0] == quarters.max()
    assert quarters.max().year == 2016 and quarters.max().month == 10


def test_the_funnel_figures(text, code, funnel_result):
    find(
        r'res = funnel\(latest, y="all_milestones", n="reviews", group="cpp", '
        r"multiply=100\)",
        code,
    )
    res = funnel_result
    f = res.frame.set_index("group")
    m = find(
        r"Overall, ([\d.]+)% of the children reviewed met all their milestones", text
    )
    assert round(100 * res.target, 1) == float(m[1])
    m = find(
        r"Shetland reviewed only (\d+) children, so its 99\.8% limits run from (\d+)% "
        r"to (\d+)%",
        text,
    )
    shetland = f.loc["Shetland Islands"]
    assert shetland["n"] == int(m[1])
    assert round(shetland["lcl_998"]) == int(m[2])
    assert round(shetland["ucl_998"]) == int(m[3])
    assert shetland["n"] == f["n"].min()
    m = find(
        r"Glasgow City reviewed ([\d,]+) children and its 99\.8% limits run from "
        r"([\d.]+)% to ([\d.]+)%",
        text,
    )
    glasgow = f.loc["Glasgow City"]
    assert glasgow["n"] == int(m[1].replace(",", "")) == f["n"].max()
    assert round(glasgow["lcl_998"], 1) == float(m[2])
    assert round(glasgow["ucl_998"], 1) == float(m[3])
    m = find(
        r"Four partnerships lie above the 99\.8% limits \(([^)]+)\) and three below "
        r"\(([^)]+)\)",
        text,
    )
    above = f[f["outside_998"] & (f["value"] > f["ucl_998"])].index
    below = f[f["outside_998"] & (f["value"] < f["lcl_998"])].index
    assert same_names(m[1], above) and len(above) == 4
    assert same_names(m[2], below) and len(below) == 3
    m = find(r"the over-dispersion φ is ([\d.]+)", text)
    assert round(res.phi, 1) == float(m[1]) and res.phi > 1


def test_challenge_3_and_the_funnel_question(text, quiz, funnel_result):
    f = funnel_result.frame.set_index("group")
    mid = 100 * funnel_result.target
    find(r"its result could lie anywhere from 58% to 95% by chance alone", text)
    m = find(
        r"seven partnerships differ from the Scottish average by more than chance: "
        r"([^;]+) above, and ([^;]+) below",
        text,
    )
    outside = set(f.index[f["outside_998"]])
    assert len(outside) == 7
    assert same_names(m[1], [u for u in outside if f.loc[u, "value"] > mid])
    assert same_names(m[2], [u for u in outside if f.loc[u, "value"] < mid])
    question = quiz["funnel"]["question"]
    m = find(
        r"Shetland \((\d+) reviews\) has (\d+)% and lies well inside the limits; "
        r"Falkirk \((\d+) reviews\) has (\d+)% and lies below the 99\.8% limit",
        question,
    )
    shetland, falkirk = f.loc["Shetland Islands"], f.loc["Falkirk"]
    assert (shetland["n"], round(shetland["value"])) == (int(m[1]), int(m[2]))
    assert not shetland["outside_95"]
    assert (falkirk["n"], round(falkirk["value"])) == (int(m[3]), int(m[4]))
    assert falkirk["value"] < falkirk["lcl_998"]


# ------------------------------------------------------------ small multiples


def test_the_small_multiples(text, code, units):
    find(r'spec = \{"y": "all_milestones", "n": "reviews", "x": "quarter", ', code)
    find(r'spec \|= \{"chart": "p", "multiply": 100, "improvement": "increase"\}', code)
    find(r'units = compare_units\(milestones, order="signal", \*\*spec\)', code)
    frame = units.frame
    m = find(
        r"Of the 32, (\d+) show an improvement at their latest point \(([^)]+)\), "
        r"(\d+) more show a run or too few crossings in their latest phase, and (\d+) "
        r"show no signal",
        text,
    )
    improving = frame[frame["latest_point_type"] == "special_cause_improvement"]
    assert len(improving) == int(m[1])
    assert same_names(m[2], improving["unit"])
    runs = frame[~frame["latest_signal"] & frame["runs_signal"]]
    classes = frame.set_index("unit")["signal_class"]
    assert (classes[runs["unit"]] == 3).sum() == int(m[3])
    quiet = frame[~frame["runs_signal"] & (frame["signals"] == 0)]
    assert len(quiet) == int(m[4])
    assert int(m[1]) + int(m[3]) + int(m[4]) + 1 == len(frame) == 32  # +1: earlier only
    find(r"Here are the eight with a signal in their latest phase", text)
    assert (classes <= 3).sum() == 8
    assert list(classes.index[:8]) == list(frame["unit"][frame["signal_class"] <= 3])
    find(r"Glasgow City, Midlothian and Fife show improvement at their latest", text)


def test_the_dashboard_reads_with_the_mdc_rules(text, units):
    m = find(
        r"It reads every chart with NHS England's Making Data Count rules \(module 8\) "
        r"rather than the Anhøj rules used above, so its findings differ a little: it "
        r"shows (\d+) partnerships improving at their latest quarter, not (\d+)\.",
        text,
    )
    assert 'rules="mdc"' in inspect.getsource(ProgrammeDashboard._units_panel)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        mdc = compare_units(
            load_dataset("milestones_27_30"),
            y="all_milestones",
            n="reviews",
            x="quarter",
            unit="cpp",
            chart="p",
            multiply=100,
            improvement="increase",
            rules="mdc",
        ).frame
    anhoej = units.frame
    improving = "special_cause_improvement"
    assert (mdc["latest_point_type"] == improving).sum() == int(m[1])
    assert (anhoej["latest_point_type"] == improving).sum() == int(m[2])


# ------------------------------------------------------------ the rest


def test_every_term_is_linked(notebook):
    md = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    anchors = set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", md))
    terms = json.loads(TERMS.read_text("utf-8"))
    anchor = mc.script("build_glossary").anchor
    wanted = {anchor(t["term"]) for t in terms}
    assert wanted <= anchors, wanted - anchors
    build = mc.script("build_glossary")
    every = {build.anchor(t.term) for t in build.read_all(CURRICULUM / "terms")}
    assert anchors <= every, anchors - every  # other modules' terms, linked too
    assert {"league-table", "over-dispersion"} <= anchors - wanted
