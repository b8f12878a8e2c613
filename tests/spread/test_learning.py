"""qikit.spread.learning: what works, from the teams' PDSA logs."""

from __future__ import annotations

import datetime as dt
import pathlib

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qikit.errors import ColumnError, DataError, InputError, QikitError
from qikit.improve import PDSACycle, Project
from qikit.improve.examples import example_ramp
from qikit.spread import what_works
from qikit.spread.learning import WORKS_COLUMNS


def _log():
    return pd.DataFrame(
        {
            "team": ["A", "A", "B", "B", "C", "C"],
            "change_idea": ["huddle", "huddle", "huddle", "card", "card", "huddle"],
            "start": pd.to_datetime(
                [
                    "2024-01-08",
                    "2024-02-05",
                    "2024-01-15",
                    "2024-01-22",
                    "2024-02-12",
                    "2024-03-04",
                ]
            ),
            "decision": ["adapt", "adopt", "adopt", "abandon", "abandon", ""],
            "scale": [
                "one shift",
                "all shifts",
                "one ward",
                "one nurse",
                "one nurse",
                "two patients",
            ],
        }
    )


def _measures():
    months = pd.date_range("2023-07-01", periods=18, freq="MS")
    rows = []
    for team in "ABC":
        for i, month in enumerate(months):
            level = 6 if i < 9 or team == "C" else 2
            rows.append(
                {"team": team, "measure": "Falls", "x": month, "y": level + i % 2}
            )
    return pd.DataFrame(rows)


def test_counts_by_idea_match_the_log():
    works = what_works(_log())
    f = works.frame.set_index("change_idea")
    assert list(works.frame.columns) == list(WORKS_COLUMNS)
    log = _log()
    for idea, g in log.groupby("change_idea"):
        row = f.loc[idea]
        assert row["cycles"] == len(g)
        assert row["teams"] == g["team"].nunique()
        for d in ("adopt", "adapt", "abandon"):
            assert row[d] == int((g["decision"] == d).sum())
        assert row["undecided"] == int((g["decision"] == "").sum())
        assert row["first_start"] == g["start"].min()
    assert f.loc["huddle", "teams_adopted"] == 2
    assert f.loc["huddle", "teams_full_scale"] == 1
    assert f.loc["huddle", "largest_scale"] == "all shifts"
    assert f.loc["huddle", "status"] == "candidate"
    assert f.loc["card", "status"] == "abandoned"
    assert works.frame["change_idea"].tolist() == ["huddle", "card"]


def test_latest_decision_per_team_is_the_last_cycle_by_date():
    log = _log()
    log.loc[0, "start"], log.loc[1, "start"] = log.loc[1, "start"], log.loc[0, "start"]
    team = what_works(log).by_team.set_index(["change_idea", "team"])
    assert team.loc[("huddle", "A"), "latest_decision"] == "adapt"
    assert team.loc[("huddle", "C"), "latest_decision"] == ""
    assert team.loc[("huddle", "A"), "cycles"] == 2


def test_statuses_promising_and_testing():
    log = _log()
    f = what_works(log, min_teams=3).frame.set_index("change_idea")
    assert f.loc["huddle", "status"] == "promising"
    only_testing = log.assign(decision="")
    assert set(what_works(only_testing).frame["status"]) == {"testing"}


def test_change_package_with_the_charts_behind_each_claim():
    works = what_works(_log(), measures=_measures(), improvement="decrease")
    package = works.change_package()
    assert package["change_idea"].tolist() == ["huddle"]
    assert package["charts"].iloc[0] == ["A: Falls", "B: Falls", "C: Falls"]
    assert package["claim"].iloc[0].startswith("a candidate for the change package")
    ev = works.evidence.set_index(["change_idea", "team"])
    assert bool(ev.loc[("huddle", "A"), "improved_after"]) is True
    assert bool(ev.loc[("card", "C"), "improved_after"]) is False
    assert ev.loc[("huddle", "A"), "points_after"] == 11  # on or after 8 Jan 2024
    assert works.frame.set_index("change_idea").loc["huddle", "teams_improved"] == 2
    chart = works.chart("huddle", "Falls")
    assert sorted(chart.frame["team"].unique()) == ["A", "B", "C"]


def test_without_measures_the_improvement_column_is_empty():
    works = what_works(_log())
    assert works.frame["teams_improved"].isna().all()
    assert works.evidence.empty
    with pytest.raises(InputError, match="`measure`: no measure data was given"):
        works.chart("huddle", "Falls")


def test_cycles_as_objects_and_as_a_dict_of_teams():
    ramp = example_ramp()
    one = what_works(ramp.cycles)
    assert one.frame["teams"].tolist() == [1]
    both = what_works({"Ward 6": ramp.cycles, "Ward 7": [ramp.cycles[0]]})
    row = both.frame.iloc[0]
    assert row["teams"] == 2 and row["cycles"] == len(ramp.cycles) + 1
    assert row["teams_full_scale"] == 1


def test_the_cohort_stores_pdsa_log(tmp_path: pathlib.Path):
    from qikit.store import open_store

    store = open_store(tmp_path / "cohort.sqlite3")
    try:
        for team in ("Ward 6", "Ward 7"):
            store.save_project(Project("Fewer falls"), "Spring", team)
            cycle = PDSACycle(
                objective="Huddle on one shift",
                change_idea="safety-huddle",
                start=dt.date(2024, 3, 4),
                scale="one shift",
                predictions=["Staff will attend"],
            )
            cycle.record_do("Held on 4 of 5 days")
            cycle.record_study("Attended", comparison="As predicted")
            cycle.record_act("adopt", next_cycle="All shifts")
            store.add_pdsa_cycle(cycle, "Spring", team, "Fewer falls")
        works = what_works(store.pdsa_cycles("Spring"))
    finally:
        store.close()
    row = works.frame.iloc[0]
    assert row["change_idea"] == "safety-huddle"
    assert row["teams_adopted"] == 2 and row["status"] == "candidate"


@pytest.mark.parametrize(
    ("cycles", "error", "match"),
    [
        (5, InputError, r"`cycles`: must be a PDSA log \(got 5\)"),
        (
            pd.DataFrame({"idea": ["x"]}),
            ColumnError,
            r"`cycles`: there is no column called 'change_idea'",
        ),
        (
            _log().assign(decision=["adopt", "adoptt", "", "", "", ""]),
            InputError,
            r"`cycles\[1\].decision`: is not one of the choices \(got 'adoptt'\)",
        ),
        (
            _log().assign(change_idea=["", "x", "x", "x", "x", "x"]),
            DataError,
            r"`cycles`: 1 cycle\(s\) name no change idea \(row 1\)",
        ),
        (_log().iloc[0:0], DataError, r"`cycles`: the PDSA log is empty"),
    ],
)
def test_messages(cycles, error, match):
    with pytest.raises(error, match=match):
        what_works(cycles)


def test_measure_messages():
    with pytest.raises(ColumnError, match="`measures`: there is no column called 'y'"):
        what_works(_log(), measures=_measures().drop(columns="y"))
    with pytest.raises(InputError, match=r"`improvement.Fall`: is not a measure"):
        what_works(_log(), measures=_measures(), improvement={"Fall": "decrease"})
    with pytest.raises(InputError, match=r"`improvement.Falls`: is not one of"):
        what_works(_log(), measures=_measures(), improvement="down-ish")
    with pytest.raises(InputError, match="`min_teams`: must be at least 1"):
        what_works(_log(), min_teams=0)


def test_explain():
    text = what_works(_log()).explain().splitlines()
    assert text[0] == "2 change ideas tested in 6 PDSA cycles by 3 teams."
    assert text[1].startswith("huddle: a candidate for the change package: 4 cycles")


@given(
    decisions=st.lists(
        st.sampled_from(["adopt", "adapt", "abandon", "", None, "x"]),
        min_size=1,
        max_size=6,
    ),
    scales=st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=1, max_size=6),
)
def test_nothing_but_qikit_errors_escape(decisions, scales):
    size = min(len(decisions), len(scales))
    log = pd.DataFrame(
        {
            "team": ["A"] * size,
            "change_idea": ["i"] * size,
            "decision": decisions[:size],
            "scale": scales[:size],
        }
    )
    try:
        what_works(log).explain()
    except QikitError:
        pass
