"""qikit.spread.units: many units at once, the summary matrix, units at the aim.

Values are checked against independent computations: the engine called once per
unit without facets (compare_units, summary_matrix), and a plain loop over the
periods (aim_reached).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qikit
from qikit.datasets import load_dataset
from qikit.errors import ColumnError, DataError, InputError, QikitError, QikitWarning
from qikit.spread import aim_reached, compare_units, summary_matrix
from qikit.spread.units import (
    AIM_COLUMNS,
    ASSURANCE_WORDS,
    MATRIX_COLUMNS,
    UNIT_COLUMNS,
    VARIATION_WORDS,
)


@pytest.fixture(scope="module")
def cpp():
    return load_dataset("milestones_27_30")


@pytest.fixture(scope="module")
def by_unit(cpp):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        return compare_units(
            cpp,
            y="all_milestones",
            n="reviews",
            x="quarter",
            unit="cpp",
            chart="p",
            multiply=100,
            improvement="increase",
            target=85,
            rules="mdc",
        )


def _wards():
    quiet = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6]
    return pd.DataFrame(
        {
            "ward": ["A"] * 12 + ["B"] * 12 + ["C"] * 12,
            "falls": quiet + [6, 5, 6, 7, 6, 5, 2, 1, 2, 1, 1, 2] + quiet[:11] + [30],
        }
    )


# ---------------------------------------------------------------- compare_units


def test_one_row_per_unit_with_the_documented_columns(by_unit, cpp):
    f = by_unit.frame
    assert list(f.columns) == list(UNIT_COLUMNS)
    assert len(f) == cpp["cpp"].nunique() == 32
    assert f["rank"].tolist() == list(range(1, 33))
    assert f["unit"].tolist() == sorted(cpp["cpp"].unique())


def test_each_unit_matches_the_engine_called_on_that_unit_alone(by_unit, cpp):
    f = by_unit.frame.set_index("unit")
    for name in ["Orkney Islands", "Glasgow City", "Angus"]:
        rows = cpp[cpp["cpp"] == name]
        alone = qikit.qic(
            rows,
            y="all_milestones",
            n="reviews",
            x="quarter",
            chart="p",
            multiply=100,
            improvement="increase",
            target=85,
            rules="mdc",
        ).frame
        got = f.loc[name]
        last = alone.iloc[-1]
        for col in ("cl", "lcl", "ucl"):
            assert got[col] == pytest.approx(last[col], rel=1e-12)
        assert got["latest"] == pytest.approx(
            rows["all_milestones"].iloc[-1] / rows["reviews"].iloc[-1] * 100
        )
        assert got["signals"] == int(alone["signal"].sum())
        assert got["outside_limits"] == int(alone["sigma_signal"].sum())
        assert got["latest_x"] == rows["quarter"].max()
        assert got["points"] == len(rows)


def test_order_by_latest_puts_the_highest_first(cpp):
    res = compare_units(
        cpp, y="all_milestones", n="reviews", x="quarter", unit="cpp",
        chart="p", order="latest",
    )  # fmt: skip
    latest = res.frame["latest"].to_numpy()
    assert (np.diff(latest) <= 0).all()
    assert res.frame["rank"].tolist() == list(range(1, 33))
    back = compare_units(
        cpp, y="all_milestones", n="reviews", x="quarter", unit="cpp",
        chart="p", order="latest", reverse=True,
    )  # fmt: skip
    assert back.units == res.units[::-1]


def test_order_by_signal_puts_the_latest_concern_first():
    res = compare_units(_wards(), y="falls", unit="ward", chart="c",
                        improvement="decrease", order="signal")  # fmt: skip
    assert res.units == ["C", "B", "A"]
    assert res.frame["signal_class"].tolist() == [0, 3, 5]
    assert res.frame["latest_signal"].tolist() == [True, False, False]
    assert str(res.frame["latest_point_type"].iloc[0]) == "special_cause_concern"


def test_chart_frame_holds_the_units_blocks_in_the_result_order():
    res = compare_units(_wards(), y="falls", unit="ward", chart="c", order="signal")
    blocks = pd.unique(res.chart_frame()["ward"])
    assert list(blocks) == res.units
    assert len(res.chart_frame()) == len(res.chart.frame)


def test_a_categorical_unit_keeps_its_categories_order():
    data = _wards()
    data["ward"] = pd.Categorical(data["ward"], categories=["C", "A", "B"])
    assert compare_units(data, y="falls", unit="ward").units == ["C", "A", "B"]


def test_explain_names_the_units_by_signal():
    text = compare_units(_wards(), y="falls", unit="ward", chart="c",
                         improvement="decrease").explain()  # fmt: skip
    assert text.splitlines()[0] == "3 wards compared on C charts (Anhøj rules)."
    assert "1 of 3 wards shows a concern at its latest point: C." in text
    assert "1 of 3 wards shows no signal: A." in text


def test_repr_counts_units_with_signals():
    res = compare_units(_wards(), y="falls", unit="ward", chart="c")
    assert repr(res) == (
        "UnitsResult(units=3, order='unit', chart='c', with_signals=2)"
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(order="sigal"), InputError,
         "`order`: is not one of the choices (got 'sigal'). Did you mean 'signal'?"),
        (dict(unit=None), InputError, "`unit`: is missing (got None). Name the column"),
        (dict(unit="wrd"), ColumnError,
         "`unit`: there is no column called 'wrd' in the data. Did you mean 'ward'?"),
        (dict(reverse="yes"), InputError, "`reverse`: must be True or False"),
    ],
)  # fmt: skip
def test_compare_units_messages(kwargs, error, match):
    args = dict(y="falls", unit="ward") | kwargs
    with pytest.raises(error, match=match.replace("(", r"\(").replace(")", r"\)")):
        compare_units(_wards(), **args)


def test_a_unit_with_n_zero_is_named_by_its_row():
    data = pd.DataFrame({"unit": ["A", "A", "B", "B"], "y": [1, 2, 3, 0],
                         "n": [5, 5, 5, 0]})  # fmt: skip
    with pytest.raises(DataError, match=r"`n`: 1 denominator is zero \(row 4"):
        compare_units(data, y="y", n="n", unit="unit", chart="p")


def test_y_above_n_is_refused_on_a_p_chart():
    data = pd.DataFrame({"unit": ["A", "A"], "y": [1, 9], "n": [5, 5]})
    with pytest.raises(DataError, match="numerator is larger than the denominator"):
        compare_units(data, y="y", n="n", unit="unit", chart="p")


def test_data_that_is_not_a_table_is_refused():
    with pytest.raises(InputError, match="`data`: must be a table"):
        compare_units(5, y="falls", unit="ward")


# ---------------------------------------------------------------- summary_matrix


def _board():
    rng = np.random.default_rng(7)
    rows = []
    for m, base in [("Falls", 6), ("Pressure ulcers", 3), ("Hand hygiene", 90)]:
        for ward in ["W1", "W2", "W3"]:
            for month in range(1, 25):
                step = 5 if (m == "Falls" and ward == "W2" and month > 14) else 0
                rows.append({"measure": m, "ward": ward, "month": month,
                             "value": base + step + rng.poisson(2)})  # fmt: skip
    return pd.DataFrame(rows)


def test_matrix_has_every_measure_and_unit_and_matches_the_engine():
    data = _board()
    mx = summary_matrix(data, y="value", measure="measure", unit="ward", x="month",
                        chart={"Hand hygiene": "i", "Falls": "c"},
                        improvement={"Falls": "decrease", "Hand hygiene": "increase"},
                        target={"Hand hygiene": 95, "Falls": 5})  # fmt: skip
    f = mx.frame
    assert list(f.columns) == list(MATRIX_COLUMNS)
    assert len(f) == 9 and mx.measures == ["Falls", "Pressure ulcers", "Hand hygiene"]
    for m, chart, imp, target in [("Falls", "c", "decrease", 5),
                                  ("Hand hygiene", "i", "increase", 95)]:  # fmt: skip
        for ward in mx.units:
            rows = data[(data["measure"] == m) & (data["ward"] == ward)]
            alone = qikit.qic(rows, y="value", x="month", chart=chart, rules="mdc",
                              improvement=imp, target=target)  # fmt: skip
            summ = alone.summary().iloc[-1]
            got = f[(f["measure"] == m) & (f["unit"] == ward)].iloc[0]
            assert got["variation"] == summ["variation"]
            assert got["assurance"] == summ["assurance"]
            assert got["latest"] == pytest.approx(rows["value"].iloc[-1])
            assert got["ucl"] == pytest.approx(alone.frame["ucl"].iloc[-1])
            assert got["variation_words"] == VARIATION_WORDS[summ["variation"]]
            assert got["assurance_words"] == ASSURANCE_WORDS[summ["assurance"]]
    assert mx.wide("variation").loc["Falls", "W2"] == "concern_high"
    assert (f[f["measure"] == "Pressure ulcers"]["chart"] == "i").all()


def test_matrix_marks_a_unit_without_data_for_a_measure():
    data = _board()
    data = data[~((data["measure"] == "Falls") & (data["ward"] == "W3"))]
    mx = summary_matrix(data, y="value", measure="measure", unit="ward", x="month")
    cell = mx.frame[(mx.frame["measure"] == "Falls") & (mx.frame["unit"] == "W3")]
    assert cell["points"].iloc[0] == 0
    assert cell["variation"].iloc[0] == "" and np.isnan(cell["latest"].iloc[0])
    assert mx.counts().set_index("measure").loc["Falls", "units"] == 2


def test_matrix_explain_names_a_concern():
    mx = summary_matrix(_board(), y="value", measure="measure", unit="ward",
                        x="month", chart="c", improvement="decrease")  # fmt: skip
    lines = mx.explain().splitlines()
    assert lines[0] == "3 measures across 3 wards (Making Data Count icons)."
    assert lines[1].startswith("Falls: concern in W2")


def test_matrix_refuses_a_mapping_that_names_an_unknown_measure():
    with pytest.raises(InputError, match=(
        r"`improvement.Fals`: is not a measure in the data \(got 'Fals'\). Did you "
        r"mean 'Falls'\?"
    )):  # fmt: skip
        summary_matrix(_board(), y="value", measure="measure", unit="ward",
                       x="month", improvement={"Fals": "decrease"})  # fmt: skip


def test_matrix_names_the_measure_whose_data_the_engine_refuses():
    data = _board()
    data.loc[data.index[0], "value"] = -1
    with pytest.raises(DataError, match="Measure 'Falls': `y`: 1 count is negative"):
        summary_matrix(data, y="value", measure="measure", unit="ward", x="month",
                       chart="c")  # fmt: skip


def test_matrix_wide_refuses_an_unknown_column():
    mx = summary_matrix(_board(), y="value", measure="measure", unit="ward")
    with pytest.raises(ColumnError, match="`value`: there is no column called 'icon'"):
        mx.wide("icon")


# ------------------------------------------------------------------- aim_reached


def _aim_by_hand(values: list[float], target: float, sustain: int):
    met = [v >= target for v in values]
    first = next((i for i, m in enumerate(met) if m), None)
    longest = run = 0
    start_of_first_sustained = None
    for i, m in enumerate(met):
        run = run + 1 if m else 0
        longest = max(longest, run)
        if run == sustain and start_of_first_sustained is None:
            start_of_first_sustained = i - sustain + 1
    return first, longest, start_of_first_sustained


def test_aim_reached_matches_a_plain_loop(cpp):
    res = aim_reached(cpp, y="all_milestones", n="reviews", x="quarter",
                      unit="cpp", multiply=100, target=85,
                      improvement="increase", sustain=2)  # fmt: skip
    f = res.frame.set_index("unit")
    assert list(res.frame.columns) == list(AIM_COLUMNS)
    for name, rows in cpp.groupby("cpp"):
        rows = rows.sort_values("quarter")
        pct = (rows["all_milestones"] / rows["reviews"] * 100).tolist()
        first, longest, sus = _aim_by_hand(pct, 85, 2)
        got = f.loc[name]
        assert got["reached"] == (first is not None)
        assert got["longest_run"] == longest
        assert got["sustained"] == (longest >= 2)
        if first is not None:
            assert got["first_x"] == rows["quarter"].iloc[first]
            assert got["first_value"] == pytest.approx(pct[first])
        if sus is not None:
            assert got["sustained_from"] == rows["quarter"].iloc[sus]
        assert got["latest_met"] == (pct[-1] >= 85)
    periods = res.by_period()
    assert periods["reached"].is_monotonic_increasing
    assert periods["reached"].iloc[-1] == int(res.frame["reached"].sum())
    assert periods["sustained"].iloc[-1] == int(res.frame["sustained"].sum())
    assert (periods["units"] == 32).all()


def test_aim_for_a_decrease_counts_values_at_or_below_the_target():
    data = pd.DataFrame({"home": ["A"] * 4, "month": [1, 2, 3, 4],
                         "falls": [6, 4, 4, 5]})  # fmt: skip
    res = aim_reached(data, y="falls", unit="home", x="month", target=4,
                      improvement="lower", sustain=2)  # fmt: skip
    row = res.frame.iloc[0]
    assert row["reached"] and row["first_x"] == 2 and row["sustained"]
    assert row["periods_met"] == 2 and not row["latest_met"]


def test_aim_explain():
    data = pd.DataFrame({"home": ["Ash"] * 3 + ["Elm"] * 3, "month": [1, 2, 3] * 2,
                         "pct": [80, 90, 91, 70, 71, 72]})  # fmt: skip
    text = aim_reached(data, y="pct", unit="home", x="month", target=85,
                       improvement="increase", sustain=2).explain()  # fmt: skip
    assert text.splitlines() == [
        "1 of 2 homes reached the aim of 85 or more: Ash. First: Ash (2).",
        "1 of 2 homes sustained it for 2 periods in a row or more: Ash.",
        "1 of 2 homes meet the aim in their latest period: Ash.",
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(improvement="neutral"), InputError,
         "`improvement`: is not one of the choices (got 'neutral')"),
        (dict(sustain=0), InputError, "`sustain`: must be at least 1 (got 0)"),
        (dict(target="high"), InputError, "`target`: must be a number (got 'high')"),
        (dict(target=None), InputError, "`target`: is missing"),
        (dict(multiply=0), InputError, "`multiply`: must be more than zero"),
        (dict(y="pcnt"), ColumnError, "`y`: there is no column called 'pcnt'"),
    ],
)  # fmt: skip
def test_aim_messages(kwargs, error, match):
    data = pd.DataFrame({"home": ["A", "A"], "month": [1, 2], "pct": [80, 90],
                         "n": [10, 10]})  # fmt: skip
    args = dict(y="pct", unit="home", x="month", target=85,
                improvement="increase") | kwargs  # fmt: skip
    with pytest.raises(error, match=match.replace("(", r"\(").replace(")", r"\)")):
        aim_reached(data, **args)


@pytest.mark.parametrize(
    ("y", "n", "match"),
    [
        ([1, 12], [10, 10], r"`y`: a share's count cannot be larger than its "
                            r"denominator \(row 2, e.g. y = 12 out of n = 10\)"),
        ([-1, 2], [10, 10], r"`y`: counts cannot be negative \(row 1, e.g. -1\)"),
        ([1, 0], [10, 0], r"`n`: a unit has n = 0 in a period \(unit 'A' at 2\)"),
        ([1, "x"], [10, 10], r"`y`: 1 value is not a number \(row 2, e.g. 'x'\)"),
    ],
)  # fmt: skip
def test_aim_data_messages(y, n, match):
    data = pd.DataFrame({"home": ["A", "A"], "month": [1, 2], "y": y, "n": n})
    with pytest.raises(DataError, match=match):
        aim_reached(data, y="y", n="n", unit="home", x="month", target=0.5,
                    improvement="increase")  # fmt: skip


def test_aim_refuses_a_missing_unit_label():
    data = pd.DataFrame({"home": ["A", None], "month": [1, 2], "y": [1, 2]})
    with pytest.raises(DataError, match=r"`unit`: 1 label is missing \(row 2\)"):
        aim_reached(data, y="y", unit="home", x="month", target=1,
                    improvement="increase")  # fmt: skip


# ------------------------------------------------------------------- hypothesis

cells = st.one_of(
    st.none(),
    st.integers(-3, 50),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.sampled_from(["", "x", "5", "01/02/2024"]),
)


@given(
    y=st.lists(cells, min_size=1, max_size=12),
    units=st.lists(st.sampled_from(["A", "B", None, ""]), min_size=1, max_size=12),
    order=st.sampled_from(["unit", "latest", "signal", "wrong"]),
    target=st.one_of(st.none(), st.floats(-5, 50), st.just("x")),
)
def test_nothing_but_qikit_errors_escape(y, units, order, target):
    size = min(len(y), len(units))
    data = pd.DataFrame({"y": y[:size], "unit": units[:size], "x": range(size),
                         "n": [10] * size})  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for call in (
            lambda: compare_units(data, y="y", unit="unit", x="x", order=order),
            lambda: aim_reached(data, y="y", unit="unit", x="x", n="n",
                                target=target, improvement="increase"),
            lambda: summary_matrix(data.assign(m="M"), y="y", measure="m",
                                   unit="unit", x="x", target=target),
        ):  # fmt: skip
            try:
                call()
            except QikitError:
                pass
