"""Property tests: no input makes a public constructor or reader raise anything but a
qikit error (STYLE.md section 7)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qikit.errors import QikitError
from qikit.improve import (
    Aim,
    ChartChoice,
    DriverDiagram,
    DriverNode,
    Fishbone,
    Measure,
    OperationalDefinition,
    PDSAAct,
    PDSACycle,
    PDSADo,
    PDSAPlan,
    PDSAStudy,
    Ramp,
    check_family,
    choose_chart,
    pareto_table,
    pdsa_annotations,
    pdsa_log,
)

# Example counts come from the profile in tests/conftest.py (dev or ci).
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "2024-01-31",
            "2016",
            "2016-02",
            "outcome",
            "p",
            "adopt",
            "%",
            "increase",
            "primary",
            "c1",
            "x",
            "y",
            "n",
            "date",
        ]
    )
    | st.dates(min_value=dt.date(1, 1, 1))
    | st.datetimes()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(["x", "y", "n", "x_type"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


words = st.text(max_size=40)
ids = st.from_regex(r"\A[a-z0-9][a-z0-9_.:-]{0,12}\Z")
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1))
numbers = st.floats(allow_nan=False, allow_infinity=False, width=32) | st.integers(
    -1000, 1000
)
good_data = st.integers(0, 8).flatmap(
    lambda size: st.fixed_dictionaries(
        {
            "x": st.lists(dates, min_size=size, max_size=size)
            | st.lists(st.integers(-50, 50), min_size=size, max_size=size)
            | st.lists(words, min_size=size, max_size=size),
            "y": st.lists(numbers | st.none(), min_size=size, max_size=size),
        },
        optional={
            "n": st.lists(st.integers(0, 500) | st.none(), min_size=size, max_size=size)
        },
    )
)
stage = st.fixed_dictionaries({}, optional={"who": words, "what_happened": words})

#: Plausible values per field, so that many generated objects are valid and the
#: methods called on valid objects get exercised too.
GOOD = {
    "kind": st.sampled_from(["outcome", "process", "balancing", "Balance"]),
    "improvement": st.sampled_from(["increase", "decrease", "neutral", "up"]),
    "chart_type": st.sampled_from(["run", "i", "p", "u", "c", "g", "t", "xbar"]),
    "chart": st.sampled_from(["run", "i", "p", "u", "c", "g", "t", "xbar"]),
    "companion": st.sampled_from(["mr", "s", None, ""]),
    "level": st.sampled_from(["primary", "secondary", "change", "change idea"]),
    "belief": st.sampled_from(["low", "moderate", "high", ""]),
    "decision": st.sampled_from(["adopt", "adapt", "abandon", ""]),
    "data": good_data,
    "definition": st.fixed_dictionaries(
        {}, optional={"numerator": words, "data_source": words}
    ),
    "by": dates | st.sampled_from(["2016", "2016-03", "2024-02-29"]),
    "start": dates,
    "end": dates,
    "baseline": numbers,
    "goal": numbers,
    "target": numbers,
    "rules": st.sampled_from(["anhoej", "ihi", "mdc", "western_electric", None]),
    "relative_change": st.floats(-100, 500),
    "multiply": st.floats(0.5, 1000),
    "id": ids,
    "measure": ids,
    "change_idea": ids,
    "parents": st.lists(ids, max_size=3),
    "measures": st.lists(ids, max_size=3),
    "pdsa": st.lists(ids, max_size=3),
    "questions": st.lists(words, max_size=3),
    "predictions": st.lists(words, min_size=1, max_size=3),
    "reasons": st.lists(words, max_size=3),
    "cautions": st.lists(words, max_size=3),
    "categories": st.dictionaries(words, st.lists(words, max_size=4), max_size=5),
    "plan": stage.map(lambda d: {"who": d.get("who", "")}),
    "do": st.none() | st.just({"what_happened": "done"}),
    "study": st.none(),
    "act": st.none(),
    "nodes": st.lists(
        st.fixed_dictionaries(
            {"id": ids, "text": words, "level": st.sampled_from(["primary"])}
        ),
        max_size=4,
    ),
    "cycles": st.lists(
        st.fixed_dictionaries(
            {"objective": words, "start": dates.map(dt.date.isoformat)}
        ),
        max_size=4,
    ),
}


def field_value(name):
    good = GOOD.get(name, words)
    return st.one_of(good, good, good, values)


def kwargs_for(fields, required=()):
    optional = st.fixed_dictionaries(
        {}, optional={name: field_value(name) for name in fields}
    )
    needed = st.fixed_dictionaries({name: field_value(name) for name in required})
    return st.tuples(needed, optional).map(lambda pair: {**pair[1], **pair[0]})


def only_qikit_errors(call):
    try:
        result = call()
    except QikitError:
        return None
    return result


CLASSES = [
    (
        Aim,
        [
            "what",
            "who",
            "baseline",
            "goal",
            "unit",
            "by",
            "relative_change",
            "measure",
            "why",
            "statement",
            "notes",
            "id",
        ],
        (),
    ),
    (
        OperationalDefinition,
        [
            "description",
            "numerator",
            "denominator",
            "inclusions",
            "exclusions",
            "data_source",
            "frequency",
            "sampling",
            "collected_by",
        ],
        (),
    ),
    (
        Measure,
        [
            "unit",
            "improvement",
            "target",
            "definition",
            "data",
            "chart_type",
            "multiply",
            "id",
            "notes",
            "rules",
        ],
        ("name", "kind"),
    ),
    (DriverNode, ["parents", "measures", "pdsa", "notes"], ("id", "text", "level")),
    (DriverDiagram, ["aim", "nodes", "title", "id"], ()),
    (PDSAPlan, ["who", "what", "where", "when", "data"], ()),
    (PDSADo, ["what_happened", "surprises"], ()),
    (PDSAStudy, ["results", "comparison", "learning"], ()),
    (PDSAAct, ["decision", "next_cycle"], ()),
    (
        PDSACycle,
        [
            "objective",
            "change_idea",
            "questions",
            "predictions",
            "plan",
            "do",
            "study",
            "act",
            "start",
            "end",
            "scale",
            "belief",
            "id",
        ],
        (),
    ),
    (Ramp, ["change_idea", "cycles", "title", "id"], ()),
    (Fishbone, ["effect", "categories", "id"], ()),
    (ChartChoice, ["reasons", "cautions", "companion"], ("chart",)),
]


def _exercise(obj):
    """Everything an app does with a constructed object must work too."""
    obj.validate()
    obj.to_frame()
    d = obj.to_dict()
    json.dumps(d)
    again = type(obj).from_dict(d)
    assert again.to_dict() == d


def _make_test(cls, fields, required):
    @SETTINGS
    @given(kwargs_for(fields, required))
    def test(kwargs):
        obj = only_qikit_errors(lambda: cls(**kwargs))
        if obj is not None:
            _exercise(obj)

    test.__name__ = f"test_{cls.__name__}_constructor"
    return test


def _make_dict_test(cls, fields, required):
    @SETTINGS
    @given(values | kwargs_for([*fields, *required, "extra"]))
    def test(d):
        obj = only_qikit_errors(lambda: cls.from_dict(d))
        if obj is not None:
            _exercise(obj)

    test.__name__ = f"test_{cls.__name__}_from_dict"
    return test


for _cls, _fields, _required in CLASSES:
    globals()[f"test_{_cls.__name__}_constructor"] = _make_test(
        _cls, _fields, _required
    )
    globals()[f"test_{_cls.__name__}_from_dict"] = _make_dict_test(
        _cls, _fields, _required
    )


data_dicts = good_data | st.dictionaries(
    st.sampled_from(["x", "y", "n", "x_type"]),
    st.lists(scalars, min_size=0, max_size=6) | scalars,
    max_size=4,
)


@SETTINGS
@given(data_dicts)
def test_measure_data(data):
    m = only_qikit_errors(lambda: Measure("m", kind="outcome", data=data))
    if m is not None:
        _exercise(m)
        assert list(m.data.columns)[:2] == ["x", "y"]


@SETTINGS
@given(st.lists(st.tuples(scalars, scalars, scalars), max_size=6))
def test_measure_dataframe(rows):
    frame = (
        pd.DataFrame(rows, columns=["x", "y", "n"])
        if rows
        else pd.DataFrame({"x": [], "y": []})
    )
    m = only_qikit_errors(lambda: Measure("m", kind="process", data=frame))
    if m is not None:
        _exercise(m)


@SETTINGS
@given(
    kwargs_for(
        [
            "attribute_type",
            "subgroup_size",
            "equal_area",
            "rare_events",
            "between",
            "large_denominators",
            "n_points",
        ],
        ("data_type",),
    )
)
def test_choose_chart(kwargs):
    choice = only_qikit_errors(lambda: choose_chart(**kwargs))
    if choice is not None:
        assert choice.reasons


@SETTINGS
@given(values, kwargs_for(["category", "count", "threshold", "other"]))
def test_pareto_table(data, kwargs):
    table = only_qikit_errors(lambda: pareto_table(data, **kwargs))
    if table is not None:
        assert abs(table["cumulative_percent"].iloc[-1] - 100) < 1e-9


@SETTINGS
@given(values, values)
def test_family_log_and_annotations(measures, label):
    only_qikit_errors(lambda: check_family(measures))
    only_qikit_errors(lambda: pdsa_log(measures))
    only_qikit_errors(lambda: pdsa_annotations([], label=label))


@SETTINGS
@given(st.text(max_size=300) | values)
def test_driver_outline_and_nested(text):
    dd = only_qikit_errors(lambda: DriverDiagram.from_outline(text))
    if dd is not None:
        dd.validate()
        dd.to_outline()
    only_qikit_errors(lambda: DriverDiagram.from_nested("aim", text))
