"""The run charts module's tables: the runs analysis and the rule sets' signal rates."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from qikit.apps.lesson_run_charts import (
    RUNS_COLUMNS,
    runs_frame,
    runs_table,
    signal_rates_table,
)
from qikit.charts import qic
from qikit.errors import InputError
from qikit.sim import rule_lab

FALLS = [9, 7, 10, 8, 11, 9, 8, 10, 7, 9, 8, 10, 6, 5, 6, 4, 5, 6, 4, 5, 3, 5, 4, 4]


def test_runs_frame_reads_the_summary_in_plain_words():
    frame = runs_frame(qic(y=FALLS))
    assert list(frame.columns) == [c for c in RUNS_COLUMNS if not c.startswith("Most")]
    row = frame.iloc[0]
    assert row["Chart"] == "Anhøj rules"
    assert (row["Useful points"], row["Longest run"], row["Crossings"]) == (
        "24",
        "12",
        "1",
    )
    allowed = row["Longest run chance allows"], row["Fewest crossings chance allows"]
    assert allowed == ("8", "8")
    assert row["Non-random pattern"] == "yes"


def test_runs_frame_shows_the_ihi_range_and_rules_not_used():
    frame = runs_frame(qic(y=FALLS, rules="anhoej"), qic(y=FALLS, rules="ihi"))
    assert list(frame.columns) == list(RUNS_COLUMNS)
    anhoej, ihi = frame.iloc[0], frame.iloc[1]
    assert anhoej["Most crossings chance allows"] == "not used"
    # IHI runs table for 24 useful observations: 8 to 18 runs, i.e. 7 to 17 crossings
    expected = (
        ihi["Fewest crossings chance allows"],
        ihi["Most crossings chance allows"],
    )
    assert expected == ("7", "17")
    assert ihi["Longest run chance allows"] == "5"  # a shift is 6 or more
    long = runs_frame(qic(y=list(range(50)), rules="ihi")).iloc[0]
    assert long["Fewest crossings chance allows"] == "not used"  # table: 10-40 only


def test_runs_frame_has_a_row_per_part():
    y = FALLS + [v - 2 for v in FALLS]
    frame = runs_frame(qic(y=y, part=24))
    assert frame["Chart"].tolist() == ["Anhøj rules, part 1", "Anhøj rules, part 2"]


def test_runs_table_is_an_accessible_table():
    html = runs_table(qic(y=FALLS), caption="Falls on the ward").data
    assert "<caption>Falls on the ward</caption>" in html
    assert html.count('<th scope="col">') == len(RUNS_COLUMNS) - 1


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: runs_frame(), r"`results`: is empty \(got 'no charts'\)\. Pass one"),
        (
            lambda: runs_frame(qic(y=FALLS), [1, 2]),
            r"`results\[1\]`: is not a chart result \(got 'list'\)\. Pass what",
        ),
        (lambda: runs_table(qic(y=FALLS), caption=" "), r"`caption`: is empty"),
    ],
)
def test_runs_messages(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_signal_rates_table_pivots_the_shifts():
    lab = rule_lab(("anhoej", "ihi"), n=(12, 24), shift=(0, 1.5), sims=200, seed=3)
    html = signal_rates_table(lab, caption="Signal rates").data
    heads = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert heads == [
        "Rule set",
        "Points in each chart",
        "No change: charts with a false alarm",
        "Shift of 1.5 sd: charts that catch it",
    ]
    assert html.count("<tr>") == 1 + 4  # header + 2 rule sets x 2 lengths
    first = lab.iloc[0]
    share = f"{round(100 * first['signal_rate'])}%"
    assert f"<td>Anhøj rules</td><td>12</td><td>{share}</td>" in html


def test_signal_rates_table_messages():
    with pytest.raises(InputError, match=r"`lab`"):
        signal_rates_table(pd.DataFrame({"rules": ["ihi"]}), caption="x")
    lab = rule_lab(rules="anhoej", n=12, shift=0, sims=50, seed=1)
    with pytest.raises(InputError, match=r"`caption`: is empty"):
        signal_rates_table(lab, caption="")
