"""Tests for qikit.improve.examples: every built-in example builds and is coherent."""

from __future__ import annotations

import pytest

from qikit.errors import InputError
from qikit.improve import (
    check_family,
    example_aim,
    example_aims,
    example_driver_diagram,
    example_fishbone,
    example_measures,
    example_pareto,
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
