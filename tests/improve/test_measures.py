"""Tests for qikit.improve.measures: measures, operational definitions, families."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from qikit.errors import InputError
from qikit.improve import (
    Aim,
    Measure,
    OperationalDefinition,
    check_family,
    example_measures,
    family_table,
)
from qikit.improve import measures as measures_module

FULL = dict(
    numerator="Residents who fell",
    denominator="Residents in the home",
    inclusions="All residents",
    data_source="Incident log",
    frequency="Weekly",
    sampling="All",
    collected_by="Deputy manager",
)


def weekly(n=True, size=6):
    data = {
        "x": pd.date_range("2024-01-07", periods=size, freq="W"),
        "y": np.arange(size) + 1.0,
    }
    if n:
        data["n"] = np.full(size, 20.0)
    return pd.DataFrame(data)


def measure(**kw) -> Measure:
    args = dict(
        name="Residents who fell",
        kind="outcome",
        unit="%",
        improvement="decrease",
        definition=OperationalDefinition(**FULL),
    )
    args.update(kw)
    return Measure(**args)


# ---------------------------------------------------------------- definitions


def test_definition_missing_parts_in_order():
    d = OperationalDefinition()
    assert d.is_blank
    assert d.missing() == [
        "what is counted (numerator or description)",
        "the data source",
        "how often the data are collected",
        "how cases are sampled",
        "who collects the data",
        "who or what is included and excluded",
    ]
    assert d.validate()[0] == (
        "The operational definition does not yet say what is counted (numerator or "
        "description)."
    )
    assert OperationalDefinition(**FULL).validate() == []


def test_definition_description_replaces_numerator():
    d = OperationalDefinition(**{**FULL, "numerator": "", "description": "Days waited"})
    assert d.missing() == []


def test_definition_type_error_and_validate_after_mutation():
    with pytest.raises(InputError, match=r"^`sampling`: must be text \(got 3\)"):
        OperationalDefinition(sampling=3)
    d = OperationalDefinition(**FULL)
    d.frequency = 7
    assert d.validate() == [
        "`frequency`: must be text (got 7). Type the words in quotes."
    ]


def test_definition_frame_and_dict():
    d = OperationalDefinition(**FULL)
    assert d.to_frame().columns.tolist() == ["part", "text"]
    assert len(d.to_frame()) == 9
    assert OperationalDefinition.from_dict(d.to_dict()) == d
    with pytest.raises(
        InputError, match="`numerater`: is not a field of an OperationalDefinition"
    ):
        OperationalDefinition.from_dict({"numerater": "x"})


# ---------------------------------------------------------------- construction


def test_defaults_and_id_from_name():
    m = Measure("Falls per 1,000 bed days", kind="Outcome")
    assert (m.kind, m.improvement, m.chart_type, m.id) == (
        "outcome",
        "increase",
        "run",
        "falls-per-1-000-bed-days",
    )
    assert Measure("", kind="process").id == "measure"
    assert Measure("x", kind="process", id="my-id").id == "my-id"


@pytest.mark.parametrize(
    ("alias", "value"), [("balance", "balancing"), ("processes", "process")]
)
def test_kind_aliases(alias, value):
    assert Measure("m", kind=alias).kind == value


@pytest.mark.parametrize(
    ("alias", "value"),
    [("down", "decrease"), ("Higher", "increase"), ("none", "neutral")],
)
def test_improvement_aliases(alias, value):
    assert Measure("m", kind="outcome", improvement=alias).improvement == value


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"kind": "structure"},
            "`kind`: is not one of the choices (got 'structure'). Use one of: "
            "'outcome', "
            "'process', 'balancing'.",
        ),
        (
            {"improvement": "better"},
            "`improvement`: is not one of the choices (got 'better').",
        ),
        ({"chart_type": "pie"}, "`chart_type`: is not one of the choices (got 'pie')."),
        (
            {"multiply": 0},
            "`multiply`: must be above zero (got 0.0). Use 100 for a percentage or "
            "1000 "
            "for a rate per 1,000.",
        ),
        (
            {"definition": "all falls"},
            "`definition`: must be an OperationalDefinition (got 'all falls'). Use "
            "OperationalDefinition(numerator=..., data_source=..., ...).",
        ),
        ({"target": "high"}, "`target`: must be a number (got 'high')."),
        ({"name": None, "kind": 1}, "`kind`: is not one of the choices (got 1)."),
    ],
)
def test_construction_errors(kwargs, message):
    with pytest.raises(InputError) as err:
        Measure(**{"name": "m", "kind": "outcome", **kwargs})
    assert str(err.value).startswith(message)


def test_definition_from_dict_is_converted():
    m = Measure("m", kind="outcome", definition=FULL)
    assert isinstance(m.definition, OperationalDefinition)


# ---------------------------------------------------------------- data


def test_data_is_copied_and_cleaned():
    raw = weekly()
    m = measure(data=raw)
    raw.loc[0, "y"] = 99
    assert m.data.loc[0, "y"] == 1
    assert list(m.data.columns) == ["x", "y", "n"]
    assert pd.api.types.is_datetime64_any_dtype(m.data["x"])
    assert m.data["y"].dtype == "float64"


@pytest.mark.parametrize(
    ("x", "x_type"),
    [
        ([dt.date(2024, 1, 1), dt.date(2024, 1, 8)], "date"),
        (["2024-01-01T10:30:00", "2024-01-08T10:30:00"], "datetime"),
        ([1, 2], "number"),
        ([1.5, 2.5], "number"),
        (["Week 1", "Week 2"], "text"),
    ],
)
def test_x_kinds_round_trip(x, x_type):
    data = {"x": x, "y": [1, 2]}
    if x_type == "datetime":
        data["x_type"] = "datetime"
    m = Measure("m", kind="outcome", data=data)
    d = m.to_dict()
    assert d["data"]["x_type"] == x_type
    again = Measure.from_dict(json.loads(json.dumps(d)))
    assert again == m


def test_missing_values_are_none_in_dicts():
    m = Measure("m", kind="outcome", data={"x": [1, 2], "y": [1, None], "n": [5, None]})
    assert m.to_dict()["data"] == {
        "x_type": "number",
        "x": [1, 2],
        "y": [1, None],
        "n": [5, None],
    }


def test_numbers_written_as_text_are_accepted():
    m = Measure("m", kind="outcome", data={"x": [1, 2], "y": ["1.5", "2"]})
    assert m.data["y"].tolist() == [1.5, 2.0]


def test_timezone_dates_become_naive():
    x = pd.date_range("2024-01-01", periods=2, freq="D", tz="Europe/London")
    m = Measure("m", kind="outcome", data=pd.DataFrame({"x": x, "y": [1, 2]}))
    assert m.data["x"].dt.tz is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "a table",
            "`data`: must be a table (DataFrame) with columns x, y and optional n",
        ),
        (
            pd.DataFrame({"week": [1], "y": [1]}),
            "`data`: needs exactly the columns x and y, plus n for a denominator (got "
            "['week', 'y']). Rename your columns",
        ),
        (
            pd.DataFrame({"x": [1], "y": [1], "ward": ["A"]}),
            "`data`: needs exactly the columns x and y",
        ),
        (
            {"x": [1, 2], "y": [1]},
            "`data`: the columns have different lengths (got {'x': 2, 'y': 1}). Give "
            "x, y "
            "and n the same number of values.",
        ),
        ({"x": 1, "y": [1]}, "`data`: column x must be a list of values (got 1)."),
        ({1: [1], "y": [1]}, "`data`: has a column name that is not text (got 1)."),
        (
            {"x": [1, None], "y": [1, 2]},
            "`data`: column x has a missing value in row 2 (got None). Give every "
            "point "
            "its date or period",
        ),
        ({"x": [1, "a"], "y": [1, 2]}, "`data`: column x mixes kinds of value"),
        ({"x": [1, float("inf")], "y": [1, 2]}, "`data`: column x holds an infinite"),
        (
            {"x": ["2024-13-01"], "y": [1], "x_type": "date"},
            "`x`: 1 date cannot be read (row 1: '2024-13-01' is not a real date).",
        ),
        (
            {"x": [1], "y": [1], "x_type": "calendar"},
            "`data.x_type`: is not one of the choices (got 'calendar').",
        ),
        (
            {"x": ["a"], "y": [1], "x_type": "number"},
            "`data`: column x should hold numbers",
        ),
        ({"x": [1], "y": [1], "x_type": "text"}, "`data`: column x should hold text"),
        (
            {"x": [1], "y": ["many"]},
            "`data`: column y holds something that is not a number (got 'many'). Put "
            "only "
            "numbers (or leave blank for missing) in column y.",
        ),
        ({"x": [1], "y": [True]}, "`data`: column y holds True/False values"),
        ({"x": [1], "y": [float("inf")]}, "`data`: column y holds an infinite value"),
        (
            {"x": [1, 2], "y": [1, 1], "n": [4, -1]},
            "`data`: column n has a negative value in row 2 (got -1.0). Counts and "
            "denominators cannot be negative",
        ),
        ({"x": [[1]], "y": [1]}, "`data`: column x mixes kinds of value"),
    ],
)
def test_data_errors(data, message):
    with pytest.raises(InputError) as err:
        Measure("m", kind="outcome", data=data)
    assert str(err.value).startswith(message)


def test_repeated_column_names_are_refused():
    frame = pd.DataFrame([[1, 2, 3]], columns=["x", "y", "y"])
    with pytest.raises(InputError, match="`data`: has a repeated column name"):
        Measure("m", kind="outcome", data=frame)


def test_add_point():
    m = Measure("Days to first visit", kind="outcome", improvement="decrease")
    assert not m.has_data
    m.add_point("2024-05-06", 12)
    m.add_point(dt.date(2024, 5, 13), 9)
    assert m.data["y"].tolist() == [12, 9]
    with pytest.raises(
        InputError, match=r"^`n`: this measure's data have no denominator"
    ):
        m.add_point("2024-05-20", 3, n=10)
    with pytest.raises(
        InputError, match=r"^`x`: this measure's x values are of type date"
    ):
        m.add_point("Week 3", 3)
    p = Measure("p", kind="process", data={"x": [1], "y": [2], "n": [3]})
    p.add_point(2, 3, 4)
    assert p.data["n"].tolist() == [3, 4]


# ---------------------------------------------------------------- validate


def test_validate_messages():
    assert measure(data=weekly()).validate() == []
    bare = Measure("Falls", kind="outcome", chart_type="u", data=weekly(n=False))
    assert bare.validate() == [
        "‘Falls’ has no operational definition: write down the numerator, denominator, "
        "inclusions and exclusions, data source, how often and how it is sampled, and "
        "who collects it.",
        "‘Falls’ is set to a u chart, which needs the denominator of every point in "
        "column n.",
    ]
    part = measure(definition=OperationalDefinition(numerator="x", data_source="y"))
    assert part.validate() == [
        "The operational definition of ‘Residents who fell’ does not yet say how often "
        "the data are collected, how cases are sampled, who collects the data and who "
        "or what is included and excluded.",
        "‘Residents who fell’ is a percentage, so its definition needs a denominator: "
        "out of how many?",
    ]


def test_validate_name_y_above_n_and_duplicates():
    m = Measure(
        "",
        kind="process",
        chart_type="p",
        definition=OperationalDefinition(**FULL),
        data={
            "x": ["2024-01-01", "2024-01-01"],
            "y": [5, 30],
            "n": [20, 20],
            "x_type": "date",
        },
    )
    assert [f.code for f in m.validate()] == [
        "measure.name_missing",
        "measure.y_above_n",
        "measure.duplicate_x",
    ]
    messages = [str(f) for f in m.validate()]
    assert messages[0] == "Give the measure a name."
    assert messages[1] == (
        "‘measure’: in row 2 the count y is larger than the denominator n, which is "
        "impossible for a proportion."
    )
    assert messages[2] == (
        "‘measure’ has more than one point for 2024-01-01: give each period one value, "
        "or they will be combined on the chart."
    )


def test_validate_reports_broken_field():
    m = measure()
    m.kind = "sideways"
    assert m.validate()[0].startswith("`kind`: is not one of the choices")


# ---------------------------------------------------------------- chart


def test_chart_without_data():
    with pytest.raises(InputError) as err:
        measure().chart()
    assert str(err.value) == (
        "`data`: the measure ‘Residents who fell’ has no data yet (got None). Add "
        "points with add_point(x, y) or give data=... first."
    )


def test_chart_passes_direction_target_and_multiply(monkeypatch):
    seen = {}

    def fake_qic(data, **kwargs):
        seen.update(kwargs, data=data)
        return "result"

    monkeypatch.setattr(measures_module, "qic", fake_qic)
    m = measure(target=10, chart_type="p", data=weekly())
    assert m.chart(freeze=4) == "result"
    assert seen["improvement"] == "decrease"
    assert seen["target"] == 10
    assert seen["chart"] == "p"
    assert seen["multiply"] == 100
    assert (seen["x"], seen["y"], seen["n"], seen["freeze"]) == ("x", "y", "n", 4)
    assert seen["title"] == "Residents who fell" and seen["ylab"] == "%"
    m.chart(chart="i", multiply=1)
    assert (seen["chart"], seen["multiply"]) == ("i", 1)
    rate = measure(
        unit="per 1,000 bed days", multiply=1000, chart_type="u", data=weekly()
    )
    rate.chart()
    assert seen["multiply"] == 1000
    count = measure(unit="falls", multiply=2, data=weekly(n=False))
    seen.clear()
    count.chart()
    assert seen["multiply"] == 2
    assert "n" not in seen


def test_chart_with_the_real_engine():
    pytest.importorskip("qikit.charts.qic")
    outcome = example_measures()[0]
    result = outcome.chart()
    assert result.chart == "u"
    assert result.improvement == "decrease"
    assert result.target == pytest.approx(1.1)
    # rates per 1,000 bed days
    assert result.frame["y"].max() < 10
    assert len(result.frame) == 24


# ---------------------------------------------------------------- tables, dicts


def test_to_frame_long_form():
    frame = measure(data=weekly(n=False)).to_frame()
    assert list(frame.columns) == [
        "measure_id",
        "measure",
        "kind",
        "unit",
        "x",
        "y",
        "n",
    ]
    assert frame["n"].isna().all()
    assert frame["measure_id"].eq("residents-who-fell").all()
    assert measure().to_frame().empty


def test_round_trip_and_equality():
    m = measure(target=5, data=weekly(), notes="note", multiply=100)
    d = json.loads(json.dumps(m.to_dict()))
    assert Measure.from_dict(d) == m
    assert m != measure(target=6, data=weekly())
    assert (m == "m") is False
    with pytest.raises(TypeError):
        hash(m)


@pytest.mark.parametrize(
    ("d", "message"),
    [
        ({"kind": "outcome"}, "`name`: is missing from the Measure"),
        (
            {"name": "m", "kind": "outcome", "colour": 1},
            "`colour`: is not a field of a Measure",
        ),
        ("x", "`d`: a Measure must be a dictionary (got 'x')."),
        (
            {"name": "m", "kind": "outcome", "definition": {"bad": 1}},
            "`definition.bad`: is not a field of an OperationalDefinition",
        ),
    ],
)
def test_from_dict_errors(d, message):
    with pytest.raises(InputError) as err:
        Measure.from_dict(d)
    assert str(err.value).startswith(message)


# ---------------------------------------------------------------- family


def test_example_family_is_sound():
    assert check_family(example_measures()) == []


def test_family_messages():
    findings = check_family([Measure("Falls", kind="outcome")])
    assert [f.code for f in findings] == [
        "family.missing_process",
        "family.missing_balancing",
        "family.no_definition",
    ]
    assert str(findings[0]) == (
        "Add a process measure: one that shows whether the changes are being carried "
        "out as planned, e.g. the percentage of residents with a completed falls risk "
        "assessment."
    )
    assert str(findings[1]) == (
        "Add a balancing measure: something that could get worse because of your "
        "changes, e.g. residents' time spent walking or staff overtime."
    )
    only_process = check_family([measure(kind="process")])
    assert str(only_process[0]) == (
        "Add an outcome measure: one that shows whether the aim is being met for the "
        "people the service is for."
    )


def test_family_empty_too_many_and_duplicates():
    assert [str(f) for f in check_family([])] == [
        "The family has no measures yet: add at least one outcome, one process and one "
        "balancing measure."
    ]
    many = [
        measure(kind=k, name=f"M{i}")
        for i, k in enumerate(["outcome", "process", "balancing"] * 3)
    ]
    (finding,) = check_family(many)
    assert str(finding) == (
        "There are 9 measures; most teams can sustain no more than 8. Keep the few "
        "that "
        "answer ‘how will we know?’ and drop the rest."
    )
    assert check_family(many, max_measures=9) == []
    twins = [
        measure(kind="outcome"),
        measure(kind="process"),
        measure(kind="balancing"),
    ]
    codes = [f.code for f in check_family(twins)]
    assert codes == ["family.duplicate_id", "family.duplicate_name"] * 2
    assert str(check_family(twins)[0]) == (
        "Two measures share the id ‘residents-who-fell’: give each its own."
    )
    assert str(check_family(twins)[1]) == (
        "‘Residents who fell’ appears twice in the family: keep one."
    )


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("m",), {}, "`measures`: must be a list of Measure objects (got 'm')."),
        (
            ([1],),
            {},
            "`measures[0]`: is not a Measure (got 1). Make each item with "
            "Measure(...).",
        ),
        (([],), {"max_measures": 0}, "`max_measures`: must be at least 1 (got 0)."),
        (
            ([],),
            {"max_measures": None},
            "`max_measures`: is missing (got None). Give a whole number such as 8.",
        ),
        (
            ([],),
            {"max_measures": 2.5},
            "`max_measures`: must be a whole number (got 2.5)",
        ),
    ],
)
def test_family_argument_errors(args, kwargs, message):
    with pytest.raises(InputError) as err:
        check_family(*args, **kwargs)
    assert str(err.value).startswith(message)


def test_family_table():
    table = family_table(example_measures())
    assert table.columns.tolist()[:11] == [
        "id",
        "name",
        "kind",
        "unit",
        "improvement",
        "target",
        "chart_type",
        "n_points",
        "first_x",
        "last_x",
        "definition_complete",
    ]
    assert table["definition_complete"].all()
    assert family_table([Measure("m", kind="outcome")]).loc[0, "n_points"] == 0


def test_uk_text_dates_are_read_day_first():
    uk = Measure(
        "Falls",
        kind="outcome",
        data={"x": ["07/04/2025", "14/04/2025", "Apr-25"], "y": [1, 2, 3]},
    )
    assert uk.data["x"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-04-07",
        "2025-04-14",
        "2025-04-01",
    ]
    assert uk.to_dict()["data"]["x_type"] == "date"
    labels = Measure(
        "Falls", kind="outcome", data={"x": ["Week 1", "Week 2"], "y": [1, 2]}
    )
    assert labels.data["x"].tolist() == ["Week 1", "Week 2"]


def test_add_point_reads_a_uk_date():
    m = Measure("Days to first visit", kind="outcome", improvement="decrease")
    m.add_point("06/05/2024", 12)
    m.add_point("13/05/2024", 9)
    assert m.data["x"].dt.day.tolist() == [6, 13]


def test_mixed_dates_and_date_text():
    m = Measure(
        "m",
        kind="outcome",
        data={"x": [dt.date(2024, 1, 1), "08/01/2024"], "y": [1, 2]},
    )
    assert m.data["x"].dt.strftime("%d %b").tolist() == ["01 Jan", "08 Jan"]


def test_a_date_that_cannot_be_charted():
    frame = pd.DataFrame({"x": [dt.datetime(2263, 1, 1)], "y": [1]})
    with pytest.raises(InputError) as err:
        Measure("m", kind="outcome", data=frame)
    assert str(err.value) == (
        "`data`: column x has a date that cannot be charted in row 1 (got "
        "'2263-01-01'). Check the year: dates from 1678 to 2261 can be charted."
    )


def test_nested_messages_name_the_path():
    d = Measure("m", kind="outcome").to_dict()
    d["kind"] = "outcme"
    with pytest.raises(InputError) as err:
        Measure.from_dict(d, "project.measures[0]")
    assert str(err.value).startswith(
        "`project.measures[0].kind`: is not one of the choices (got 'outcme'). Did "
        "you mean 'outcome'?"
    )
    d = Measure("m", kind="outcome").to_dict()
    d["definition"] = {"numerater": "falls"}
    with pytest.raises(InputError) as err:
        Measure.from_dict(d, "project.measures[1]")
    assert str(err.value).startswith(
        "`project.measures[1].definition.numerater`: is not a field of an "
        "OperationalDefinition (got 'numerater'). Did you mean 'numerator'?"
    )


@pytest.mark.parametrize(
    "unit", ["%", "percent", "per cent", "percentage", " Percentage "]
)
def test_every_percent_unit_charts_as_a_percentage(unit):
    data = pd.DataFrame(
        {
            "x": pd.date_range("2024-01-07", periods=12, freq="W"),
            "y": [5] * 12,
            "n": [10] * 12,
        }
    )
    m = Measure("Share", kind="process", unit=unit, chart_type="p", data=data)
    assert m.chart().frame["cl"].iloc[0] == pytest.approx(50)
    # the aim's wording follows the same list of units
    assert (
        Aim(what="x", baseline=50, goal=60, unit=unit)
        .text()
        .endswith("from 50% to 60%.")
    )


def test_an_unknown_direction_lists_the_choices():
    with pytest.raises(InputError) as err:
        Measure("m", kind="outcome", improvement="better")
    assert str(err.value).endswith("Use one of: 'increase', 'decrease', 'neutral'.")


def test_the_chart_vocabulary_is_shared_with_qic():
    m = Measure("m", kind="outcome", improvement="lower is better", chart_type="XmR")
    assert (m.improvement, m.chart_type) == ("decrease", "i")
    with pytest.raises(InputError) as err:
        Measure("m", kind="outcome", chart_type="xbr")
    assert str(err.value).startswith(
        "`chart_type`: is not one of the choices (got 'xbr'). Did you mean 'xbar'?"
    )


def test_target_is_the_word_and_goal_is_deprecated():
    m = Measure("Falls", kind="outcome", target=4)
    assert m.target == 4.0 and m.to_dict()["target"] == 4.0
    with pytest.warns(
        DeprecationWarning, match=r"goal=\.\.\.\) is deprecated: use target"
    ):
        old = Measure("Falls", kind="outcome", goal=4)
    assert old == m
    with pytest.warns(
        DeprecationWarning, match="Measure.goal is deprecated: use Measure"
    ):
        assert old.goal == 4.0
    with pytest.warns(DeprecationWarning):
        old.goal = 5
    assert old.target == 5.0
    with pytest.warns(DeprecationWarning), pytest.raises(InputError) as err:
        Measure("Falls", kind="outcome", goal="high")
    assert str(err.value).startswith("`goal`: must be a number (got 'high').")
    # a dict written by qikit 0.1 still reads, without a warning
    d = m.to_dict()
    d["goal"] = d.pop("target")
    assert Measure.from_dict(d) == m


def test_goal_and_target_together():
    with pytest.warns(DeprecationWarning), pytest.raises(InputError) as err:
        Measure("Falls", kind="outcome", goal=4, target=5)
    assert str(err.value) == (
        "`goal`: is the old name of target, and both are given (got 4.0). Give only "
        "target."
    )


def test_rules_belong_to_the_measure_and_reach_the_chart():
    data = pd.DataFrame(
        {"x": pd.date_range("2024-01-07", periods=12, freq="W"), "y": range(12)}
    )
    m = Measure("Waits", kind="outcome", data=data, rules="IHI", chart_type="i")
    assert m.rules == "ihi" and m.to_dict()["rules"] == "ihi"
    assert m.chart().rules == "ihi"
    assert Measure("Waits", kind="outcome", data=data).chart().rules == "anhoej"
    with pytest.raises(InputError) as err:
        Measure("Waits", kind="outcome", rules="nelson")
    assert str(err.value) == (
        "`rules`: is not one of the choices (got 'nelson'). Use one of: 'anhoej', "
        "'ihi', 'mdc', 'western_electric'."
    )


def test_a_date_object_beyond_the_chartable_range_is_a_message():
    frame = pd.DataFrame({"x": [dt.date(2024, 1, 1), dt.date(2263, 1, 1)], "y": [1, 2]})
    with pytest.raises(InputError) as caught:
        Measure("m", kind="process", data=frame)
    assert str(caught.value) == (
        "`data`: column x has a date that cannot be charted in row 2 (got "
        "'2263-01-01'). Check the year: dates from 1678 to 2261 can be charted."
    )
