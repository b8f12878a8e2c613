"""Tests for qikit.improve.chooser: the chart decision tree."""

from __future__ import annotations

import pytest

from qikit.charts import constants
from qikit.charts.vocabulary import CHARTS, chart_name
from qikit.errors import InputError
from qikit.improve import CHART_TYPES, ChartChoice, chart_guide, choose_chart


@pytest.mark.parametrize(
    ("args", "kwargs", "chart"),
    [
        (("unknown",), {}, "run"),
        (("not sure",), {}, "run"),
        (("continuous",), {}, "i"),
        (("continuous",), {"subgroup_size": 1}, "i"),
        (("measurement",), {"subgroup_size": 4}, "xbar"),
        (("attribute",), {"attribute_type": "classified"}, "p"),
        (
            ("attribute",),
            {"attribute_type": "defectives", "large_denominators": True},
            "pp",
        ),
        (("classified",), {}, "p"),
        (("counted",), {"equal_area": True}, "c"),
        (("attribute",), {"attribute_type": "defects", "equal_area": False}, "u"),
        (("counted",), {"large_denominators": True}, "up"),
        (("attribute",), {"rare_events": True}, "g"),
        (("attribute",), {"rare_events": True, "between": "time"}, "t"),
        (("counted",), {"rare_events": True, "between": "days"}, "t"),
        (("classified",), {"rare_events": True}, "g"),
    ],
)
def test_tree_leaves(args, kwargs, chart):
    choice = choose_chart(*args, **kwargs)
    assert choice.chart == chart
    assert choice.reasons and all(r.endswith(".") for r in choice.reasons)


def test_companions():
    assert choose_chart("continuous").companion == "mr"
    assert choose_chart("continuous", subgroup_size=3).companion == "s"
    assert choose_chart("counted", equal_area=True).companion is None


def test_reasons_read_as_a_path():
    choice = choose_chart("continuous", subgroup_size=5)
    assert choice.reasons == [
        "Your data are measurements on a continuous scale (such as minutes, days or "
        "kilograms), so a chart for continuous data fits.",
        "Each period holds a subgroup of 5 measurements, so use an X-bar chart of the "
        "subgroup means with an S chart of their standard deviations.",
    ]
    p = choose_chart("classified", large_denominators=True)
    assert p.reasons[1].startswith("Each person or item is classified as yes or no")
    assert p.reasons[2].startswith(
        "The denominators are very large, so ordinary p chart"
    )
    c = choose_chart("counted", equal_area=True)
    assert c.reasons[-1] == (
        "The area of opportunity (bed days, admissions, visits) is about the same "
        "every "
        "period, so the raw counts can be compared: use a c chart."
    )
    up = choose_chart("counted", large_denominators=True)
    assert "Laney's u′ chart (up)" in up.reasons[-1]
    g = choose_chart("attribute", rare_events=True)
    assert "operations between infections: a g chart" in g.reasons[-1]
    t = choose_chart("attribute", rare_events=True, between="time")
    assert "days between falls with harm: a t chart" in t.reasons[-1]
    unknown = choose_chart("unknown")
    assert unknown.reasons == [
        "When you are not sure what type of data you have, start with a run chart: it "
        "works for any data and needs no assumptions."
    ]


def test_few_points_give_a_run_chart_and_cautions():
    few = choose_chart("continuous", n_points=8)
    assert few.chart == "run"
    assert few.reasons[-1] == (
        "You have only 8 points, too few for reliable control limits, so start with a "
        "run chart and move to the i chart once you have at least 12."
    )
    assert few.cautions == [
        "The run chart rules need at least 10 points; with 8, plot the data but do not "
        "look for signals yet."
    ]
    trial = choose_chart("classified", n_points=15)
    assert trial.chart == "p"
    assert trial.cautions == [
        "With 15 points the limits are trial limits: recalculate them when you reach "
        "20 "
        "points."
    ]
    assert choose_chart("classified", n_points=30).cautions == []
    assert choose_chart("unknown", n_points=11).cautions == []


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (
            ("pie",),
            {},
            "`data_type`: is not one of the choices (got 'pie'). Use one of: "
            "'continuous', "
            "'attribute', 'classified', 'counted', 'unknown'.",
        ),
        ((None,), {}, "`data_type`: is not one of the choices (got None)."),
        (
            ("attribute",),
            {},
            "`attribute_type`: is needed for attribute data (got None). Use "
            "'classified' "
            "when each person or item is sorted into yes or no (e.g. had a fall this "
            "month), or 'counted' when events can happen several times to one person "
            "(e.g. number of falls).",
        ),
        (
            ("attribute",),
            {"attribute_type": "ratio"},
            "`attribute_type`: is not one of the choices (got 'ratio'). Use one of: "
            "'classified', 'counted'.",
        ),
        (
            ("counted",),
            {},
            "`equal_area`: is needed for counted data (got None). Say True if the "
            "area of "
            "opportunity (beds, admissions, visits) is about the same every period, "
            "False "
            "if it changes.",
        ),
        (
            ("counted",),
            {"attribute_type": "classified"},
            "`attribute_type`: contradicts data_type='counted' (got 'classified'). "
            "Leave "
            "attribute_type out, or set data_type='attribute'.",
        ),
        (
            ("continuous",),
            {"attribute_type": "counted"},
            "`attribute_type`: does not apply to continuous data (got 'counted'). "
            "Leave it "
            "out, or set data_type='attribute' if your data are attribute.",
        ),
        (
            ("continuous",),
            {"equal_area": True},
            "`equal_area`: does not apply to continuous data (got True).",
        ),
        (
            ("continuous",),
            {"rare_events": True},
            "`rare_events`: does not apply to continuous data (got True).",
        ),
        (
            ("continuous",),
            {"large_denominators": True},
            "`large_denominators`: does not apply to continuous data (got True).",
        ),
        (
            ("attribute",),
            {"subgroup_size": 5},
            "`subgroup_size`: does not apply to attribute data (got 5). Leave it out, "
            "or "
            "set data_type='continuous' if your data are continuous.",
        ),
        (
            ("classified",),
            {"equal_area": True},
            "`equal_area`: only applies to counted data (got True). Leave it out for "
            "classified data.",
        ),
        (
            ("attribute",),
            {"rare_events": True, "large_denominators": True},
            "`large_denominators`: cannot go with rare_events=True (got True). Rare "
            "events "
            "have small counts; set one of them to False.",
        ),
        (
            ("continuous",),
            {"subgroup_size": 0},
            "`subgroup_size`: must be at least 1 (got 0). Give a number of 1 or more.",
        ),
        (
            ("continuous",),
            {"subgroup_size": 2.5},
            "`subgroup_size`: must be a whole number (got 2.5).",
        ),
        (
            ("counted",),
            {"equal_area": "yes"},
            "`equal_area`: must be True or False (got 'yes'). Use True or False.",
        ),
        (("attribute",), {"rare_events": 1}, "`rare_events`: must be True or False"),
        (
            ("attribute",),
            {"between": "weeks"},
            "`between`: is not one of the choices (got 'weeks'). Use one of: 'cases', "
            "'time'.",
        ),
        (("unknown",), {"n_points": -1}, "`n_points`: must be at least 0 (got -1)."),
        (
            ("unknown",),
            {"large_denominators": "no"},
            "`large_denominators`: must be True or False",
        ),
    ],
)
def test_argument_errors(args, kwargs, message):
    with pytest.raises(InputError) as err:
        choose_chart(*args, **kwargs)
    assert str(err.value).startswith(message)


def test_choice_object():
    choice = choose_chart("counted", equal_area=False, n_points=14)
    frame = choice.to_frame()
    assert frame.columns.tolist() == ["step", "kind", "text"]
    assert frame["kind"].tolist() == ["reason", "reason", "reason", "caution"]
    assert frame["step"].tolist() == [1, 2, 3, 4]
    assert ChartChoice.from_dict(choice.to_dict()) == choice
    assert choice.validate() == []
    assert str(choice).splitlines()[0] == "Chart: u"
    assert str(choose_chart("continuous")).splitlines()[0] == "Chart: i (with mr)"
    assert ChartChoice("run").validate() == [
        "Give at least one reason for the choice of chart."
    ]
    broken = ChartChoice("run", ["r"])
    broken.chart = "pie"
    assert broken.validate()[0].startswith("`chart`: is not one of the choices")
    with pytest.raises(InputError, match="`companion`: is not one of the choices"):
        ChartChoice("i", companion="zz")
    with pytest.raises(InputError, match="`chart`: is missing from the ChartChoice"):
        ChartChoice.from_dict({})


def test_chart_guide_covers_every_chart():
    guide = chart_guide()
    assert guide["chart"].tolist() == list(CHART_TYPES)
    assert guide.columns.tolist() == ["chart", "name", "data", "use_when", "example"]
    assert guide.notna().all().all()


def test_thresholds_and_chart_names_come_from_the_chart_engine():
    assert CHART_TYPES == CHARTS
    assert chart_guide()["name"].tolist() == [chart_name(k, start=True) for k in CHARTS]
    few = constants.MIN_POINTS_FOR_LIMITS - 1
    assert choose_chart("continuous", n_points=few).chart == "run"
    assert choose_chart("continuous", n_points=few + 1).chart == "i"
    firm = constants.MIN_POINTS_FOR_FIRM_LIMITS
    assert choose_chart("continuous", n_points=firm - 1).cautions
    assert not choose_chart("continuous", n_points=firm).cautions
