"""Tests for qikit.improve.system: fishbone diagrams and Pareto tables."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from qikit.errors import ColumnError, InputError
from qikit.improve import Fishbone, example_fishbone, example_pareto, pareto_table
from qikit.improve.system import DEFAULT_CATEGORIES

# ---------------------------------------------------------------- fishbone


def test_fishbone_basics():
    fb = Fishbone("Missed medicines", {"People": ["Interruptions"], "Methods": []})
    fb.add_cause("Equipment", "Trolley keys go missing")
    fb.add_cause("People", "Agency staff")
    assert list(fb.categories) == ["People", "Methods", "Equipment"]
    frame = fb.to_frame()
    assert frame.columns.tolist() == ["category", "cause"]
    assert frame["cause"].tolist() == [
        "Interruptions",
        "Agency staff",
        "",
        "Trolley keys go missing",
    ]
    assert Fishbone.from_dict(json.loads(json.dumps(fb.to_dict()))) == fb


def test_fishbone_blank_and_list_of_names():
    fb = Fishbone.blank("Late discharges")
    assert tuple(fb.categories) == DEFAULT_CATEGORIES
    assert all(v == [] for v in fb.categories.values())
    merged = Fishbone("x", {"People": ["a"]})
    assert merged.categories == {"People": ["a"]}


def test_fishbone_validate_messages():
    assert example_fishbone().validate() == []
    assert [str(f) for f in Fishbone().validate()] == [
        "Write the effect: the problem you are trying to understand.",
        "Add categories of causes, e.g. people, methods, equipment and environment.",
    ]
    fb = Fishbone("Effect", {f"C{i}": ["same"] for i in range(9)})
    fb.add_cause("C0", "Same ")
    findings = fb.validate()
    assert str(findings[0]) == (
        "There are 9 categories; more than 8 make the diagram hard to read, so merge "
        "some."
    )
    assert str(findings[1]) == "The cause ‘Same’ appears twice: keep it once."
    assert str(findings[2]) == (
        "The cause ‘same’ appears under both ‘C0’ and ‘C1’: keep it once."
    )
    empty = Fishbone("Effect", ["People"])
    assert [str(f) for f in empty.validate()] == [
        "The category ‘People’ has no causes yet."
    ]
    broken = Fishbone("Effect")
    broken.effect = 4
    assert broken.validate() == [
        "`effect`: must be text (got 4). Type the words in quotes."
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("x", "People"),
            "`categories`: must be a dict of category → list of causes (got 'People').",
        ),
        (("x", [1]), "`categories[0]`: must be a category name (got 1)."),
        (
            ("x", {1: ["a"]}),
            "`categories`: has a category name that is not text (got 1).",
        ),
        (("x", {"  ": ["a"]}), "`categories`: is empty"),
        (("x", {"People": [2]}), "`categories['People'][0]`: must be text (got 2)."),
        (("x", {"People": ["a" * 301]}), "`categories['People']`: is longer than 300"),
        ((5,), "`effect`: must be text (got 5)."),
        (("x", None, "bad id"), "`id`: is not a usable id"),
    ],
)
def test_fishbone_errors(args, message):
    with pytest.raises(InputError) as err:
        Fishbone(*args)
    assert str(err.value).startswith(message)


def test_fishbone_add_cause_errors():
    fb = Fishbone("x")
    with pytest.raises(InputError, match=r"^`category`: is empty"):
        fb.add_cause("", "a")
    with pytest.raises(InputError, match=r"^`cause`: is empty"):
        fb.add_cause("People", " ")


def test_fishbone_from_frame():
    table = pd.DataFrame(
        {
            "cat": ["People", "People", "Methods"],
            "why": ["Agency staff", None, "No set times"],
        }
    )
    fb = Fishbone.from_frame(
        table, effect="Pressure ulcers", category="cat", cause="why"
    )
    assert fb.categories == {"People": ["Agency staff"], "Methods": ["No set times"]}
    with pytest.raises(ColumnError) as err:
        Fishbone.from_frame(table, effect="x")
    assert str(err.value) == (
        "`category`: there is no column called 'category' in the data. Check the "
        "spelling and capital letters. The columns are: 'cat', 'why'."
    )
    with pytest.raises(InputError, match=r"^`data`: must be a table"):
        Fishbone.from_frame([1], effect="x")
    bad = pd.DataFrame({"category": [None], "cause": ["a"]})
    with pytest.raises(InputError, match=r"^`data`: column 'category' holds a value"):
        Fishbone.from_frame(bad, effect="x")


# ---------------------------------------------------------------- pareto


def test_pareto_from_counts_and_vital_few():
    table = pareto_table({"A": 50, "B": 30, "C": 10, "D": 10})
    assert table.columns.tolist() == [
        "category",
        "count",
        "percent",
        "cumulative_percent",
        "vital_few",
    ]
    assert table["category"].tolist() == ["A", "B", "C", "D"]
    assert table["cumulative_percent"].tolist() == [50, 80, 90, 100]
    # a category is vital when the total before it is still below 80%
    assert table["vital_few"].tolist() == [True, True, False, False]
    assert table["count"].dtype == "int64"


def test_pareto_inputs_agree():
    raw = ["a", "b", "a", "c", "a", "b"]
    expected = pareto_table({"a": 3, "b": 2, "c": 1})
    pd.testing.assert_frame_equal(pareto_table(raw), expected)
    pd.testing.assert_frame_equal(
        pareto_table(pd.Series({"a": 3, "b": 2, "c": 1})), expected
    )
    pd.testing.assert_frame_equal(
        pareto_table(pd.DataFrame({"category": raw})), expected
    )
    pd.testing.assert_frame_equal(
        pareto_table(pd.DataFrame({"reason": raw}), category="reason"), expected
    )
    summed = pareto_table(
        pd.DataFrame({"k": ["a", "b", "a", "c"], "n": [1, 2, 2, 1]}),
        category="k",
        count="n",
    )
    pd.testing.assert_frame_equal(summed, expected)


def test_pareto_ties_other_threshold_and_floats():
    table = pareto_table({"x": 2, "y": 2, "Other": 9, "z": 1}, other="Other")
    assert table["category"].tolist() == ["x", "y", "z", "Other"]
    assert not table.loc[3, "vital_few"]
    assert pareto_table({"a": 60, "b": 40}, threshold=50)["vital_few"].tolist() == [
        True,
        False,
    ]
    minutes = pareto_table({"a": 1.5, "b": 0.5})
    assert minutes["count"].tolist() == [1.5, 0.5]
    assert minutes["cumulative_percent"].iloc[-1] == 100
    assert pareto_table({"a": 5, "b": 0})["vital_few"].tolist() == [True, False]
    assert pareto_table({1: 3, 2: 1})["category"].tolist() == ["1", "2"]


def test_pareto_example():
    table = pareto_table(example_pareto(), other="Other")
    assert table["category"].iloc[0] == "Night repositioning not recorded"
    assert table["category"].iloc[-1] == "Other"
    assert table["vital_few"].sum() == 3
    assert np.isclose(table["percent"].sum(), 100)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (
            ({},),
            {},
            "`data`: has nothing to count (got {}). Give at least one category "
            "with a count above zero.",
        ),
        (
            ({"a": 0},),
            {},
            "`data`: the counts add up to zero (got {'a': 0.0}). A Pareto "
            "chart needs at least one category with a count above zero.",
        ),
        (
            ({"a": -1},),
            {},
            "`data['a']`: has a negative count (got -1). Counts cannot be below 0.",
        ),
        (
            ({"a": None},),
            {},
            "`data['a']`: has a missing count (got None). Fill in every "
            "count (0 when there were none).",
        ),
        (({"a": "x"},), {}, "`data['a']`: must be a number (got 'x')."),
        (
            (5,),
            {},
            "`data`: must be a table, a dict of counts or a list of categories "
            "(got 5). Use e.g. {'Transport': 12, 'No bed': 30}.",
        ),
        (("abc",), {}, "`data`: must be a table, a dict of counts or a list"),
        (
            ([None],),
            {},
            "`data`: has a missing category (got None). Fill in every "
            "category, or label it 'Unknown'.",
        ),
        (([" "],), {}, "`data`: has an empty category name (got '')."),
        (([1.5],), {}, "`data`: has a category that is not text (got 1.5)."),
        (
            (["a"],),
            {"threshold": 0},
            "`threshold`: must be between 0 and 100 (got 0). Use 80 for 80%.",
        ),
        ((["a"],), {"threshold": "80%"}, "`threshold`: must be a number (got '80%')."),
        (
            (["a"],),
            {"category": "c"},
            "`category`: only applies when data is a table "
            "(got 'c'). Leave it out for a dict, Series or "
            "list.",
        ),
        ((["a"],), {"other": 3}, "`other`: must be text (got 3)."),
        (
            (pd.DataFrame({"k": ["a"]}),),
            {},
            "`category`: is needed with a table (got None). Name the column of "
            "categories, one of: k.",
        ),
        ((pd.Series({"a": float("nan")}),), {}, "`data`: has a missing count"),
    ],
)
def test_pareto_errors(args, kwargs, message):
    with pytest.raises(InputError) as err:
        pareto_table(*args, **kwargs)
    assert str(err.value).startswith(message)


def test_pareto_column_errors():
    frame = pd.DataFrame({"k": ["a"], "n": [1]})
    with pytest.raises(ColumnError) as err:
        pareto_table(frame, category="kind")
    assert str(err.value) == (
        "`category`: there is no column called 'kind' in the data. Check the "
        "spelling and capital letters. The columns are: 'k', 'n'."
    )
    with pytest.raises(
        ColumnError, match=r"^`count`: there is no column called 'm' in the data"
    ):
        pareto_table(frame, category="k", count="m")
