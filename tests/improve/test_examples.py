"""Tests for qikit.improve.examples: every built-in example builds and is coherent."""

from __future__ import annotations

import pandas as pd
import pytest

import qikit.improve
from qikit.errors import InputError
from qikit.improve import (
    check_family,
    example_aim,
    example_aims,
    example_driver_diagram,
    example_fishbone,
    example_measures,
    example_pareto,
    example_project,
    example_ramp,
    list_examples,
    pareto_table,
)


def test_list_examples():
    table = list_examples()
    assert table.columns.tolist() == ["name", "kind", "title", "source"]
    aims = table[table["kind"] == "aim"]["name"].tolist()
    assert [a.id for a in example_aims()] == [example_aim(n).id for n in aims]
    assert table["source"].str.len().gt(0).all()


def test_context_aims_keep_their_facts():
    eyc = example_aim("eyc_27_30_months")
    assert (eyc.goal, eyc.unit, eyc.by.isoformat()) == (85, "%", "2016-12-31")
    assert "27–30 month" in eyc.text()
    still = example_aim("stillbirths")
    assert (still.relative_change, still.by.isoformat()) == (-15, "2015-12-31")
    assert "19%" in still.notes
    assert example_aim("rafa_destinations").goal == 95
    assert example_aim("eyc_primary_4").by.year == 2021


def test_weak_examples_teach_something():
    assert [f.code for f in example_aim("pace_permanence").smart_check()] == [
        "smart.measurable.amount_missing",
        "smart.time.missing",
    ]
    assert "smart.measurable.vague" in [
        f.code for f in example_aim("vague").smart_check()
    ]
    assert example_aim("pressure_ulcers").smart_check() == []


def test_worked_project_links_up():
    measures = example_measures()
    ramp = example_ramp()
    dd = example_driver_diagram("pressure_ulcers")
    assert check_family(measures) == []
    assert ramp.validate() == []
    assert dd.validate(measure_ids=measures, pdsa_ids=ramp.cycles) == []
    assert dd.node("c-reposition-clock").pdsa == [c.id for c in ramp.cycles]
    assert example_aim("pressure_ulcers").measure == measures[0].id
    assert all(len(m.data) == 24 for m in measures)
    assert example_fishbone().validate() == []
    assert pareto_table(example_pareto(), other="Other")["vital_few"].any()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: example_aim("nope"),
            "`name`: is not a built-in example (got 'nope'). "
            "Use one of: 'eyc_27_30_months'",
        ),
        (lambda: example_aim(3), "`name`: is not a built-in example (got 3)."),
        (
            lambda: example_driver_diagram("nope"),
            "`name`: is not a built-in example (got 'nope'). Use one of: "
            "'ncs_conditions', "
            "'pressure_ulcers'.",
        ),
    ],
)
def test_unknown_names(call, message):
    with pytest.raises(InputError) as err:
        call()
    assert str(err.value).startswith(message)


def test_example_project_is_whole_and_fresh():
    project = example_project()
    assert project.validate() == []
    assert [m.id for m in project.measures] == [m.id for m in example_measures()]
    assert [c.id for c in project.pdsa_cycles] == [c.id for c in example_ramp().cycles]
    assert [n.id for n in project.key_learning()] == ["n1"]
    other = example_project()
    assert other == project and other is not project
    other.measures[0].data.loc[0, "y"] = 99
    assert example_project() == project  # each call builds new objects


def test_example_data_comes_from_the_package_csv():
    # 24 months of numbers, one row per month (qikit/improve/_data/)
    outcome, process, balancing = example_measures()
    assert len(outcome.data) == len(process.data) == len(balancing.data) == 24
    assert outcome.data["x"].iloc[0] == pd.Timestamp("2023-04-01")
    assert outcome.data["y"].sum() == 48 and outcome.data["n"].iloc[0] == 1151
    assert process.data["n"].max() <= 40 and balancing.data["y"].iloc[-1] == 74


def test_the_public_surface_is_discoverable():
    names = set(dir(qikit.improve))
    assert set(qikit.improve.__all__) <= names
    for name in ("export_excel", "export_csv", "example_project", "Finding"):
        assert name in qikit.improve.__all__
    assert "storyboard_html" not in names  # it draws, so it lives in qikit.plot
    assert not hasattr(qikit.improve, "__getattr__")
