"""Module 5 (measurement for improvement): every rule, quotation and figure it states.

Each test finds a statement in the notebook (or its quiz, or its facilitator guide) by
a regular expression and recomputes it with qikit.improve, the chart engine or the
data sets, so the text cannot drift from what qikit does and what the data hold. The
quotations of the draft Scottish Learning and Improvement Framework are checked word
for word against the copies below (taken from the public draft).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from qikit.apps.lesson_measurement import (
    DEFINITION_PARTS,
    SORTING_ITEMS,
    counts_and_rates_frame,
)
from qikit.charts import constants as K
from qikit.charts import qic
from qikit.datasets import load_dataset
from qikit.errors import QikitWarning
from qikit.improve import (
    Measure,
    OperationalDefinition,
    check_family,
    example_measures,
)
from qikit.improve.measures import KINDS, MAX_FAMILY

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
NOTEBOOK = CURRICULUM / "05_measurement.ipynb"
QUIZ = CURRICULUM / "quizzes" / "05_measurement.json"
GUIDE = CURRICULUM / "trainers" / "05_measurement.md"

#: The draft framework's definition, as published (with its curly quotes).
SLIF_IMPROVEMENT = (
    "‘any measurable, positive change to an outcome from an established baseline’"
)
#: The nine principles of meaningful measurement, as the draft framework words them
#: (the ninth is a phrase; the module turns it into a clause).
SLIF_PRINCIPLES = (
    "is clear, consistent and well defined",
    "avoids duplication and unnecessary measures",
    "is meaningful at the different levels of the system",
    "is clear in its purpose",
    "leads to meaningful insight and intelligence",
    "is flexible and responsive to local need",
    "is co-designed with people using and providing services",
    "is useful to people and promotes ownership",
    "data requests facilitate ease of input",
)
#: The framework's sentence on moving from scrutiny to improvement.
SLIF_PILLAR = "a fundamental pillar of the framework"
#: Healthcare Improvement Scotland's words on process measures.
HIS_PROCESS = (
    "complemented by key process measures that align with the outcomes but provide "
    "an earlier indication of progress"
)


def find(pattern: str, text: str) -> re.Match:
    """The statement, or a failure that quotes the pattern (the text has changed)."""
    match = re.search(pattern, text)
    assert match, f"statement not found in the module: {pattern!r}"
    return match


def quiet_qic(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        return qic(*args, **kwargs)


def rate(frame, y="episodes", n="occupied_bed_days", per=1000):
    return per * frame[y].sum() / frame[n].sum()


# --------------------------------------------------------------- the framework


def test_the_framework_definition_is_quoted_exactly(text, quiz):
    assert text.count(SLIF_IMPROVEMENT) >= 2  # the first section and the key points
    find(
        r"\(Scottish Government, draft Scottish Learning and Improvement "
        r"Framework\)",
        text,
    )
    # the quiz quotes it too (in plain quotes, as JSON text)
    assert SLIF_IMPROVEMENT.strip("‘’") in quiz["slif"]["question"]
    for part in ("measurable", "positive", "change to an outcome", "baseline"):
        assert f"- **{part}" in text or f"**from an established {part}**" in text


def test_the_nine_principles(text):
    block = find(
        r"(?s)sets out nine principles of meaningful measurement.*?(1\. .*?)\n\n"
        r"\*\*The rule",
        text,
    )[1]
    items = re.findall(r"^(\d)\. (.+?);?\.?$", block, flags=re.M)
    assert [int(n) for n, _ in items] == list(range(1, 10))
    for (_, said), principle in zip(items[:8], SLIF_PRINCIPLES[:8], strict=True):
        assert said.startswith(principle), (said, principle)
    # the ninth, turned into a clause, keeps its meaning
    assert items[8][1] == "comes from data requests that make input easy"
    levels = ["At the national level", "At the regional or", "At the individual level"]
    for level in levels:
        assert level in block
    find(r"Across all levels of the system, meaningful measurement:\n\n1\. ", text)
    find(re.escape(SLIF_PILLAR), text)


def test_his_on_process_measures(text):
    find(re.escape(f"“{HIS_PROCESS}”") + r"|" + re.escape(f'"{HIS_PROCESS}"'), text)


# ------------------------------------------------------------------ restraint


def test_the_restraint_figures(text):
    restraint = load_dataset("restraint")
    before = restraint[restraint["phase"] == "before"]
    after = restraint[restraint["phase"] == "after"]
    m = find(
        r"restraint fell from ([\d.]+) to ([\d.]+) episodes per 1,000 occupied bed "
        r"days: a fall of (\d+)%",
        text,
    )
    wards = {
        ward: (rate(before[before["ward"] == ward]), rate(after[after["ward"] == ward]))
        for ward in restraint["ward"].unique()
    }
    falls = {ward: 1 - a / b for ward, (b, a) in wards.items()}
    best = max(falls, key=falls.get)
    assert best == "Ward 2"
    assert (round(wards[best][0], 1), round(wards[best][1], 1)) == (
        float(m[1]),
        float(m[2]),
    )
    assert round(100 * falls[best]) == int(m[3]) == 57
    find(r"reductions in restraint of up to 57%", text)
    m = find(
        r"Ward 2's rate fell the most, from ([\d.]+) to ([\d.]+) .*?\((\d+)%\)", text
    )
    assert (float(m[1]), float(m[2]), int(m[3])) == (34.3, 14.8, 57)
    m = find(r"(\d+) weeks of data before the change", text)
    assert before["week"].nunique() == int(m[1]) == 26
    assert after["week"].min().strftime("%B %Y") == "July 2022"
    find(r"The shaded 26 weeks before July 2022 are the baseline", text)
    # Ward 4: lower, but no signal on its run chart
    m = find(r"Ward 4's rate was (\d+)% lower after July 2022, but its run chart", text)
    assert round(100 * falls["Ward 4"]) == int(m[1])
    chart = quiet_qic(
        restraint,
        x="week",
        y="episodes",
        n="occupied_bed_days",
        multiply=1000,
        freeze=26,
        facets="ward",
    ).summary()
    signals = dict(zip(chart["ward"], chart["runs_signal"], strict=True))
    assert not signals["Ward 4"] and signals["Ward 2"]
    find(r"Four adult mental health wards changed how they work in July 2022", text)
    find(r"On one of the four wards", text)
    assert restraint["ward"].nunique() == 4


def test_the_restraint_chart_is_one_chart_per_ward(code):
    find(r'facets="ward"', code)
    assert code.count('better = {"improvement": "decrease", "freeze": 26}') == 1


# ---------------------------------------------------------- a family of measures


def test_the_ashgrove_family(text, code):
    family = example_measures()
    assert [m.kind for m in family] == list(KINDS)
    find(r"Its family has three measures, one of each kind", text)
    alone = check_family(family[:1])
    assert [f.code for f in alone] == [
        "family.missing_process",
        "family.missing_balancing",
    ]
    find(r"Give it the outcome measure alone and it asks for the missing kinds", text)
    assert check_family(family) == []
    find(r"With all three measures the check finds nothing to fix", text)
    find(r"check_family\(family\[:1\]\)", code)


def test_the_family_limit(text):
    m = find(r"It would also flag a family of more than (\d+) measures", text)
    assert MAX_FAMILY == int(m[1]) == 8
    key = find(r"`check_family` says what is missing, and flags more than (\d+)", text)
    assert int(key[1]) == MAX_FAMILY
    many = [Measure(f"Measure {i}", kind=KINDS[i % 3]) for i in range(MAX_FAMILY + 1)]
    assert "family.too_many" in {f.code for f in check_family(many)}
    assert "family.too_many" not in {f.code for f in check_family(many[:-1])}


def test_the_sorter_has_the_stated_measures(text):
    m = find(r"Here are (\w+) measures the restraint project might use", text)
    assert {"six": 6}[m[1]] == len(SORTING_ITEMS)
    assert {item.kind for item in SORTING_ITEMS} == set(KINDS)


def test_challenge_1_signposting(text):
    waiting = load_dataset("waiting_list")
    share = waiting["signposted"] / waiting["referrals"]
    m = find(
        r"rises from about (\d+)% of referrals in the (\d+) baseline weeks to about "
        r"(\d+)% in the last (\d+)",
        text,
    )
    first, last = int(m[2]), int(m[4])
    assert (first, last) == (26, 12)
    assert round(100 * share.head(first).mean()) == int(m[1])
    assert round(100 * share.tail(last).mean()) == int(m[3])
    assert {"referrals", "signposted", "waiting"} <= set(waiting.columns)
    guide = GUIDE.read_text("utf-8")
    assert f"about {m[1]}% of referrals" in guide and f"about\n{m[3]}%" in guide


# ------------------------------------------------------ operational definitions


def test_the_nine_parts_of_a_definition(text):
    m = find(r"qikit's `OperationalDefinition` has (\w+) parts", text)
    assert {"nine": 9}[m[1]] == len(OperationalDefinition().to_dict()) == 9
    assert len(DEFINITION_PARTS) == 9
    find(r"ulcers present on admission are not counted", text)
    outcome = example_measures()[0].definition
    assert outcome.exclusions == "Ulcers present on admission"


def test_the_parole_draft(code):
    find(
        r'numerator="Dossiers that reached the Parole Board complete and on time"', code
    )
    find(r'denominator="Dossiers due to reach the Parole Board in the month"', code)
    draft = OperationalDefinition(
        numerator="Dossiers that reached the Parole Board complete and on time",
        denominator="Dossiers due to reach the Parole Board in the month",
    )
    missing = [f.subject for f in draft.validate()]
    assert missing == [
        "the data source",
        "how often the data are collected",
        "how cases are sampled",
        "who collects the data",
        "who or what is included and excluded",
    ]


def test_the_permanence_range(text):
    permanence = load_dataset("permanence")
    base = permanence[permanence["phase"] == "before"]["days"]
    find(r"waited from 12\.5 months to 10 years and 10 months for permanence", text)
    assert round(base.min() / (365.25 / 12), 1) == 12.5
    years, rest = divmod(base.max() / 365.25, 1)
    assert (int(years), round(rest * 12)) == (10, 10)
    assert {"looked_after", "decision", "days"} <= set(permanence.columns)
    assert (permanence["decision"] - permanence["looked_after"]).dt.days.equals(
        permanence["days"]
    )


# ----------------------------------------------------- counts, percentages, rates


def test_the_care_homes(text, quiz):
    ulcers = load_dataset("pressure_ulcers_monthly")
    table = counts_and_rates_frame(
        ulcers, by="home", y="ulcers", n="occupied_bed_days"
    ).set_index("Unit")
    find(r"Six care homes report their new pressure ulcers", text)
    assert ulcers["home"].nunique() == 6
    find(r"in six homes from April 2017 to March 2020", text)
    assert ulcers["month"].min().strftime("%B %Y") == "April 2017"
    assert ulcers["month"].max().strftime("%B %Y") == "March 2020"
    m = find(
        r"Home F had the most ulcers, (\d+), .*? its rate is ([\d.]+) per 1,000 "
        r"occupied bed days, (\w+) of the six\. Home D had (\d+) ulcers in far fewer "
        r"bed days: the highest rate, (\d+\.\d+)",
        text,
    )
    f, d = table.loc["Home F"], table.loc["Home D"]
    assert f["Rank by count"] == 1 and int(f["Count"]) == int(m[1])
    assert f["Rate"] == float(m[2])
    assert {"third": 3}[m[3]] == f["Rank by rate"]
    assert int(d["Count"]) == int(m[4]) and d["Rate"] == float(m[5])
    assert d["Rank by rate"] == 1
    assert f["Denominator"] == table["Denominator"].max()  # the largest home
    assert d["Denominator"] < f["Denominator"]
    # the quiz's version
    question = quiz["rates"]["question"]
    assert f"Home F had {int(f['Count'])} new pressure ulcers" in question
    assert f"{int(f['Denominator']):,} occupied bed days" in question
    assert f"Home D had {int(d['Count'])} ulcers and {int(d['Denominator']):,}" in (
        question
    )
    why = quiz["rates"]["options"]["Home F"]
    assert f"is {f['Rate']:.2f} per 1,000" in why and f"is {d['Rate']:.2f}." in why


def test_the_pressure_ulcer_rate_halved(text):
    ulcers = load_dataset("pressure_ulcers_monthly")
    m = find(
        r"the rate halved after they joined an improvement programme in (\w+ \d{4}), "
        r"from ([\d.]+) to ([\d.]+) per 1,000",
        text,
    )
    start = f"1 {m[1]}"
    before = ulcers[ulcers["month"] < start]
    after = ulcers[ulcers["month"] >= start]
    low, high = rate(after, y="ulcers"), rate(before, y="ulcers")
    assert (round(high, 2), round(low, 2)) == (float(m[2]), float(m[3]))
    assert abs(low / high - 0.5) < 0.01


def test_the_parole_percentages(text):
    parole = load_dataset("parole_dossiers")
    m = find(
        r"The first (\d+) months, (\w+ \d{4}) to (\w+ \d{4}), are the baseline; about "
        r"(\d+)% of dossiers were complete and on time\. A redesigned way of preparing "
        r"them was tested from (\w+ \d{4}), and over the last (\d+) months about "
        r"(\d+)% were",
        text,
    )
    base, last = int(m[1]), int(m[6])
    months = parole["month"]
    assert months.iloc[0].strftime("%B %Y") == m[2]
    assert months.iloc[base - 1].strftime("%B %Y") == m[3]
    assert months.iloc[base].strftime("%B %Y") == m[5]
    assert round(parole["percent"].head(base).mean()) == int(m[4])
    assert round(parole["percent"].tail(last).mean()) == int(m[7])
    # the percentage is the count out of the denominator
    worked = 100 * parole["complete_on_time"] / parole["dossiers"]
    assert (worked.round(1) == parole["percent"]).all()
    assert (parole["complete_on_time"] <= parole["dossiers"]).all()


def test_the_parole_chart_gets_counts_not_percentages(code):
    find(
        r'counts = \{"y": "complete_on_time", "n": "dossiers", "multiply": 100\}', code
    )
    find(r'qikit\.qic\(parole, x="month", freeze=15, improvement="increase", ', code)


# ------------------------------------------------------------------ the baseline


def test_the_observation_figures(text):
    ward = load_dataset("one_to_one_observations")
    m = find(
        r"The ward had (\d+) weeks of data from before the change, its baseline: an "
        r"average of (\d+) hours of 1:1 observation a week\. In the last (\d+) weeks "
        r"of the year the average was ([\d.]+) hours, (\d+)% less",
        text,
    )
    base, last = int(m[1]), int(m[3])
    hours = ward["observation_hours"]
    assert ward["week"].iloc[base].strftime("%-d %B %Y") == "29 April 2019"
    find(r"From the week of 29 April 2019", text)
    assert round(hours.head(base).mean(), 1) == float(m[2])
    assert round(hours.tail(last).mean(), 1) == float(m[4])
    assert round(100 * (1 - hours.tail(last).mean() / hours.head(base).mean())) == (
        int(m[5])
    )
    find(r"the same 95% reduction in 1:1 observations", text)
    sick = ward["staff_sickness"]
    m = find(
        r"from ([\d.]+)% of contracted hours in the baseline to ([\d.]+)% in the last "
        r"(\d+) weeks, a fall of (\d+)%",
        text,
    )
    assert round(sick.head(base).mean(), 1) == float(m[1])
    assert round(sick.tail(int(m[3])).mean(), 1) == float(m[2])
    assert round(100 * (1 - sick.tail(last).mean() / sick.head(base).mean())) == int(
        m[4]
    )


def test_the_baseline_charts_freeze_16(text, code):
    assert code.count('better = {"improvement": "decrease", "freeze": 16}') == 1
    assert code.count("**better, **labels)") == 2  # hours and sickness
    find(r"\(`freeze=16`\)", text)
    ward = load_dataset("one_to_one_observations")
    for y in ("observation_hours", "staff_sickness"):
        summary = qic(ward, x="week", y=y, freeze=16).summary().iloc[0]
        assert bool(summary["runs_signal"])


def test_a_short_baseline_is_provisional(text):
    m = find(r"a median from fewer than (\d+) points is only provisional", text)
    assert K.BASELINE_MIN == int(m[1])
    ward = load_dataset("one_to_one_observations")
    with pytest.warns(
        QikitWarning, match=r"fewer than the 12 recommended\. The median is provisional"
    ):
        qic(ward, x="week", y="observation_hours", freeze=8)


# ------------------------------------------------------------------ the sources


def test_the_sources_are_cited(text):
    for source in (
        r"Langley et al\., \*The Improvement Guide\*, 2009",
        r"Solberg, Mosser and McDonald \(1997\)",
        r"Provost & Murray 2011",
        r"Deming \(\*Out of the Crisis\*, 1986\)",
        r"\(Healthcare Improvement Scotland, response to the National Care Service "
        r"consultation\)",
    ):
        find(source, text)
    rows = re.findall(r"^\| \*\*(.+?)\*\* \|", text, flags=re.M)
    assert len(rows) >= 6, "the table of three reasons to measure is missing"


def test_the_guide_agrees_with_the_module():
    guide = " ".join(GUIDE.read_text("utf-8").split())
    assert SLIF_IMPROVEMENT in guide
    assert "Home F has the most ulcers but the third-highest rate" in guide
    assert "which flags more than 8" in guide
