"""Tests for qikit.improve.pdsa: cycles, ramps, the log and chart annotations."""

from __future__ import annotations

import datetime as dt
import json
import warnings

import pandas as pd
import pytest

from qikit.errors import InputError, QikitWarning
from qikit.improve import (
    PDSAAct,
    PDSACycle,
    PDSADo,
    PDSAPlan,
    PDSAStudy,
    Ramp,
    example_ramp,
    pdsa_annotations,
    pdsa_log,
    scale_rank,
)


def complete(k: int = 1, **kw) -> PDSACycle:
    args = dict(
        objective=f"Test {k}",
        change_idea="c1",
        questions=["Q?"],
        predictions=["P"],
        plan=PDSAPlan("who", "what", "where", "when", "data"),
        do=PDSADo("happened"),
        study=PDSAStudy("results", "as predicted"),
        act=PDSAAct("adapt", "next"),
        start=dt.date(2024, 3, k * 7),
        end=dt.date(2024, 3, k * 7 + 2),
        scale="one patient",
        belief="low",
        id=f"cycle-{k}",
    )
    args.update(kw)
    return PDSACycle(**args)


# ---------------------------------------------------------------- cycle


def test_do_needs_predictions_first():
    cycle = PDSACycle("Try a pictorial menu", id="m1")
    with pytest.raises(InputError) as err:
        cycle.record_do("It went well")
    assert str(err.value) == (
        "`predictions`: none recorded for the cycle ‘Try a pictorial menu’ (got []). "
        "Write down what you predict will happen before you record the Do stage: "
        "comparing the results with your predictions is how a PDSA cycle learns."
    )
    with pytest.raises(
        InputError, match=r"^`predictions`: none recorded for the cycle ‘x1’"
    ):
        PDSACycle(do=PDSADo("went well"), id="x1")


def test_stages_in_order():
    cycle = PDSACycle("Objective", start="2024-03-04")
    assert cycle.stage == "plan"
    cycle.ask("Will it work?")
    cycle.predict("It will work", "Staff will like it")
    cycle.record_plan(who="Me", what="It", where="Here", when="Now", data="Tally")
    with pytest.raises(InputError) as err:
        cycle.record_study("results")
    assert str(err.value) == (
        "`results`: the Do stage has not been recorded yet (got 'results'). Record "
        "what "
        "happened with record_do() first."
    )
    with pytest.raises(InputError) as err:
        cycle.record_act("adopt")
    assert str(err.value) == (
        "`decision`: the Study stage has not been recorded yet (got 'adopt'). Record "
        "the results with record_study() first."
    )
    cycle.record_do("Done", surprises="None", end="2024-03-06")
    assert cycle.end == dt.date(2024, 3, 6)
    assert cycle.stage == "study"
    cycle.record_study("Good", comparison="Better than predicted", learning="L")
    assert cycle.stage == "act"
    with pytest.raises(InputError, match=r"^`decision`: is not one of the choices"):
        cycle.record_act("keep")
    with pytest.raises(InputError, match=r"^`decision`: is empty \(got ''\)"):
        cycle.record_act("")
    cycle.record_act("Adopted", next_cycle="Spread")
    assert (cycle.stage, cycle.decision) == ("complete", "adopt")
    assert cycle.questions == ["Will it work?"]
    assert cycle.predictions == ["It will work", "Staff will like it"]


def test_record_do_end_before_start():
    cycle = PDSACycle("x", predictions=["p"], start="2024-03-04")
    with pytest.raises(InputError) as err:
        cycle.record_do("done", end="2024-03-01")
    assert str(err.value) == (
        "`end`: is before the start date 2024-03-04 (got '2024-03-01'). Check the "
        "dates: a cycle ends on or after the day it starts."
    )
    assert cycle.do is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"start": "2024-03-04", "end": "2024-03-01"},
            "`end`: is before the start date",
        ),
        (
            {"study": PDSAStudy("r")},
            "`study`: a Study stage needs a Do stage first (got 'r'). Record what "
            "happened "
            "(record_do) before the results.",
        ),
        (
            {"predictions": ["p"], "do": PDSADo("d"), "act": PDSAAct("adopt")},
            "`act`: an Act stage needs a Study stage first (got 'adopt'). Record the "
            "results (record_study) before the decision.",
        ),
        (
            {"plan": "tomorrow"},
            "`plan`: must be a PDSAPlan (got 'tomorrow'). Use PDSAPlan(...) or the "
            "record_plan() method.",
        ),
        (
            {"belief": "certain"},
            "`belief`: is not one of the choices (got 'certain'). Use one of: 'low', "
            "'moderate', 'high'.",
        ),
        (
            {"questions": "Q", "predictions": [1]},
            "`predictions[0]`: must be text (got 1).",
        ),
        ({"start": "soon"}, "`start`: is not a date (got 'soon')."),
        ({"change_idea": "two words"}, "`change_idea`: is not a usable id"),
        ({"objective": ["x"]}, "`objective`: must be text"),
    ],
)
def test_construction_errors(kwargs, message):
    with pytest.raises(InputError) as err:
        PDSACycle(**kwargs)
    assert str(err.value).startswith(message)


def test_single_strings_become_lists_and_aliases_work():
    cycle = PDSACycle(questions="Q?", predictions="P", belief="Medium")
    assert cycle.questions == ["Q?"] and cycle.predictions == ["P"]
    assert cycle.belief == "moderate"
    assert len(cycle.id) == 32
    assert PDSACycle().id != PDSACycle().id


def test_validate_lists_what_is_missing():
    assert complete().validate() == []
    assert [str(f) for f in PDSACycle().validate()] == [
        "Write the objective: what will this cycle test?",
        "Link the cycle to the change idea it tests.",
        "Write the question this test will answer.",
        "Write your predictions: what do you expect to happen?",
        "Plan: say who, what, where and when, and what data you will collect.",
        "Say the scale of the test, e.g. ‘one resident’ or ‘one unit’.",
        "Add the start date.",
    ]
    partial = complete(
        plan=PDSAPlan(who="Me"),
        study=PDSAStudy("r"),
        act=PDSAAct("adopt"),
        do=PDSADo(surprises="s"),
    )
    assert [str(f) for f in partial.validate()] == [
        "Plan: say what exactly will be done.",
        "Plan: say where the test will happen.",
        "Plan: say when the test will happen.",
        "Plan: say what data will be collected to answer the questions.",
        "Do: say what happened during the test.",
        "Study: say how the results compared with the predictions.",
        "Act: say what the next cycle will test (or how the change will be spread).",
    ]
    broken = complete()
    broken.belief = "huge"
    assert broken.validate()[0].startswith("`belief`: is not one of the choices")


def test_stage_records():
    plan = PDSAPlan(who="Me")
    assert not plan.is_blank and PDSAPlan().is_blank
    assert plan.to_frame().columns.tolist() == ["part", "text"]
    assert PDSAPlan.from_dict(plan.to_dict()) == plan
    with pytest.raises(InputError, match="`how`: is not a field of a PDSAPlan"):
        PDSAPlan.from_dict({"how": "x"})
    with pytest.raises(InputError, match=r"^`who`: must be text"):
        PDSAPlan(who=1)
    assert PDSAAct("abandoned").decision == "abandon"
    assert PDSAAct().validate() == [
        "Act: say whether you adopt, adapt or abandon the change."
    ]
    act = PDSAAct("adopt")
    act.decision = 5
    assert act.validate()[0].startswith("`decision`: must be text")


def test_cycle_dict_round_trip():
    cycle = complete()
    again = PDSACycle.from_dict(json.loads(json.dumps(cycle.to_dict())))
    assert again == cycle
    assert again.to_dict()["start"] == "2024-03-07"
    assert cycle.to_frame().loc[0, "decision"] == "adapt"
    with pytest.raises(InputError, match=r"^`colour`: is not a field of a PDSACycle"):
        PDSACycle.from_dict({"colour": 1})
    with pytest.raises(InputError, match=r"^`do.x`: is not a field of a PDSADo"):
        PDSACycle.from_dict({"do": {"x": 1}})


# ---------------------------------------------------------------- scale


@pytest.mark.parametrize(
    ("scale", "rank"),
    [
        ("one patient", 1),
        ("a single resident", 1),
        ("1 pupil", 1),
        ("three residents", 2),
        ("a few families", 2),
        ("5 patients", 2),
        ("one ward", 3),
        ("a night shift", 3),
        ("one class", 3),
        ("one day", 3),
        ("two care homes", 4),
        ("several wards", 4),
        ("all wards", 5),
        ("the whole home", 5),
        ("every school", 5),
        ("Tuesday", None),
        ("", None),
        (None, None),
    ],
)
def test_scale_rank(scale, rank):
    assert scale_rank(scale) == rank


# ---------------------------------------------------------------- ramp


def test_example_ramp_is_sound():
    ramp = example_ramp()
    assert ramp.validate() == []
    assert ramp.change_idea == "c-reposition-clock"
    assert ramp.to_frame()["cycle"].tolist() == [1, 2, 3, 4]


def test_ramp_messages():
    cycles = [
        complete(2, scale="one ward", act=PDSAAct("abandon")),
        complete(1, scale="one patient", change_idea="c2"),
        complete(3, id="cycle-3", start=dt.date(2024, 3, 8), act=None),
        complete(4, id="cycle-3", scale="all wards", start=None, end=None),
    ]
    ramp = Ramp("c1", cycles)
    findings = ramp.validate()
    assert [str(f) for f in findings] == [
        "Cycle 2 tests ‘c2’, not this ramp's change idea ‘c1’: move it to its own "
        "ramp.",
        "Cycle 4 has the same id as an earlier cycle.",
        "Cycle 4 has no start date, so the order of the ramp cannot be checked.",
        "Cycle 2 starts before cycle 1: list the cycles in the order they were run.",
        "Cycle 1 abandoned the change, yet the ramp goes on: record ‘adapt’ if you "
        "changed the idea, or start a new ramp for a new idea.",
        "Cycle 2 (‘one patient’) is smaller than cycle 1 (‘one ward’): a ramp usually "
        "grows, so note why you stepped back.",
        "Cycle 3 started before cycle 2 ended: each test should build on what the one "
        "before it taught.",
        "Cycle 3 has no Act decision, yet cycle 4 follows: record what you decided and "
        "why.",
        "Cycle 4 tests at a large scale (‘all wards’) while belief in the change is "
        "low: test on a small scale first, where failure costs little.",
    ]
    overlap = Ramp("c1", [complete(1, end=dt.date(2024, 3, 20)), complete(2)])
    assert [str(f) for f in overlap.validate()] == [
        "Cycle 2 started before cycle 1 ended: each test should build on what the one "
        "before it taught."
    ]
    assert [f.code for f in Ramp("c1").validate()] == ["ramp.empty"]
    assert str(Ramp("c1").validate()[0]) == (
        "The ramp has no cycles yet: plan the first small test."
    )


def test_ramp_add_and_defaults():
    ramp = Ramp()
    assert ramp.id == "ramp"
    ramp.add(complete(1))
    assert ramp.change_idea == "c1"
    bare = PDSACycle("x")
    ramp.add(bare)
    assert bare.change_idea == "c1"
    with pytest.raises(InputError, match=r"^`cycle`: is not a PDSACycle \(got 'x'\)"):
        ramp.add("x")
    assert Ramp(cycles=[complete(1)]).id == "ramp-c1"


def test_ramp_dicts():
    ramp = example_ramp()
    again = Ramp.from_dict(json.loads(json.dumps(ramp.to_dict())))
    assert again == ramp
    with pytest.raises(
        InputError, match=r"^`cycles\[0\]`: is not a PDSACycle \(got 3\)"
    ):
        Ramp.from_dict({"cycles": [3]})
    broken = example_ramp()
    broken.cycles[0].scale = 5
    assert broken.validate()[0].startswith("`cycles[0].scale`: must be text")


# ---------------------------------------------------------------- log and annotations


def test_pdsa_log_columns_and_inputs():
    log = pdsa_log(example_ramp())
    assert log.columns.tolist() == [
        "cycle",
        "id",
        "change_idea",
        "objective",
        "scale",
        "belief",
        "start",
        "end",
        "stage",
        "questions",
        "predictions",
        "plan_who",
        "plan_what",
        "plan_where",
        "plan_when",
        "plan_data",
        "what_happened",
        "surprises",
        "results",
        "comparison",
        "learning",
        "decision",
        "next_cycle",
    ]
    assert pd.api.types.is_datetime64_any_dtype(log["start"])
    assert log.loc[0, "predictions"].count(";") == 1
    both = pdsa_log([example_ramp(), complete(3, start=None, end=None)])
    assert len(both) == 5 and pd.isna(both.loc[4, "start"])
    assert pdsa_log([]).empty
    assert len(pdsa_log(complete())) == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("cycles", "`cycles`: must be a list of PDSA cycles or a Ramp (got 'cycles')."),
        (
            [complete(), 2],
            "`cycles[1]`: is not a PDSA cycle (got 2). Use PDSACycle(...).",
        ),
        (5, "`cycles`: must be a list of PDSA cycles or a Ramp (got 5)."),
    ],
)
def test_pdsa_log_errors(value, message):
    with pytest.raises(InputError) as err:
        pdsa_log(value)
    assert str(err.value).startswith(message)


def test_annotations():
    notes = pdsa_annotations(example_ramp())
    assert notes[0] == (pd.Timestamp("2024-03-04"), "PDSA 1")
    ends = pdsa_annotations(example_ramp(), when="end", label="{id}: {decision}")
    assert ends[-1] == (pd.Timestamp("2024-06-07"), "pu-cycle-4: adopt")
    with pytest.warns(QikitWarning, match=r"PDSA cycle\(s\) 2 have no start date"):
        partial = pdsa_annotations([complete(1), complete(2, start=None, end=None)])
    assert len(partial) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pdsa_annotations(example_ramp())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"label": "{week}"},
            "`label`: has an unknown field {week} (got '{week}'). Use any of: {cycle}, "
            "{id}, {change_idea}, {objective}, {scale}, {decision}, {belief}.",
        ),
        (
            {"label": "{cycle"},
            "`label`: is not a valid label pattern (got '{cycle'). Use fields in "
            "braces",
        ),
        ({"label": "{cycle:q}"}, "`label`: is not a valid label pattern"),
        ({"label": ""}, "`label`: is empty"),
        ({"when": "middle"}, "`when`: is not one of the choices (got 'middle')."),
    ],
)
def test_annotation_errors(kwargs, message):
    with pytest.raises(InputError) as err:
        pdsa_annotations(example_ramp(), **kwargs)
    assert str(err.value).startswith(message)


def test_annotations_feed_the_chart_engine():
    pytest.importorskip("qikit.charts.qic")
    from qikit.improve import example_measures

    result = example_measures()[1].chart()
    ax_notes = pdsa_annotations(example_ramp(), label="PDSA {cycle}: {scale}")
    assert all(
        result.frame["x"].min() <= x <= result.frame["x"].max() for x, _ in ax_notes
    )


def test_cycle_dates_are_read_day_first():
    cycle = PDSACycle("Try it", start="07/04/2025", end="11/04/2025")
    assert (cycle.start, cycle.end) == (dt.date(2025, 4, 7), dt.date(2025, 4, 11))
    cycle.predict("It will work")
    cycle.record_do("It worked", end="14/04/2025")
    assert cycle.end == dt.date(2025, 4, 14)
    with pytest.raises(InputError) as err:
        PDSACycle("Try it", start="04/25/2025")
    assert str(err.value).startswith(
        "`start`: is not a real date (got '04/25/2025': '04/25/2025' would be month 25"
    )


def test_nested_cycle_messages_name_the_path():
    with pytest.raises(InputError) as err:
        PDSACycle.from_dict({"start": "soon"}, "project.pdsa_cycles[3]")
    assert str(err.value).startswith(
        "`project.pdsa_cycles[3].start`: is not a date (got 'soon')."
    )
    with pytest.raises(InputError) as err:
        Ramp.from_dict({"cycles": [{"belief": "huge"}]})
    assert str(err.value).startswith("`cycles[0].belief`: is not one of the choices")


def test_cycles_in_one_period_share_a_flag():
    x = pd.Series(pd.date_range("2024-01-01", periods=10, freq="W-MON"))
    starts = ["2024-01-01", "2024-01-03", "2024-01-05", "2024-01-10", None,
              "2023-12-01", "2024-01-03", "2024-03-04", "2024-03-05"]  # fmt: skip
    cycles = [
        PDSACycle(f"Cycle {k}", start=start, id=f"k{k}")
        for k, start in enumerate(starts, start=1)
    ]
    with pytest.warns(QikitWarning) as caught:
        flags = pdsa_annotations(cycles, group="period", x=x)
    assert flags == [
        (pd.Timestamp("2024-01-01"), "PDSA 1–3, 7"),
        (pd.Timestamp("2024-01-10"), "PDSA 4"),
        (pd.Timestamp("2024-03-04"), "PDSA 8"),
    ]
    assert [str(w.message) for w in caught] == [
        "PDSA cycle(s) 5 have no start date and are not marked on the chart. Add "
        "the dates to show them.",
        "PDSA cycle(s) 6, 9 have a start date outside the chart's dates (1 January "
        "2024 to 4 March 2024) and are not marked on it.",
    ]
    dated = [c for c in cycles if c.start and c.start.year == 2024][:4]
    assert pdsa_annotations(dated, group="period", x=x, numbers=[2, 4, 6, 9]) == [
        (pd.Timestamp("2024-01-01"), "PDSA 2, 4, 6"),
        (pd.Timestamp("2024-01-10"), "PDSA 9"),
    ]
    # text dates are read day first, as in the UK
    uk = ["01/01/2024", "08/01/2024", "15/01/2024"]
    assert pdsa_annotations(dated[:1], group="period", x=uk) == [
        (pd.Timestamp("2024-01-01"), "PDSA 1")
    ]


def test_numbers_label_the_cycles():
    cycles = example_ramp().cycles[:2]
    assert [t for _, t in pdsa_annotations(cycles, numbers=[5, 7])] == [
        "PDSA 5",
        "PDSA 7",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"group": "period"},
            "`x`: is needed with group='period' (got None). Pass the chart's x "
            "values, such as measure.data['x'].",
        ),
        (
            {"group": "period", "x": [1, 2], "label": "PDSA {cycle}: {scale}"},
            "`label`: can use only {cycle} when cycles are grouped by period (got "
            "'PDSA {cycle}: {scale}'). Use a label such as 'PDSA {cycle}'.",
        ),
        (
            {"group": "period", "x": [1, 2]},
            "`x`: must be the chart's dates (got [1, 2]). Pass the x values of a chart "
            "whose x is dates, such as measure.data['x'].",
        ),
        (
            {"group": "week"},
            "`group`: is not one of the choices (got 'week'). Use one of: 'period'.",
        ),
        (
            {"numbers": [1]},
            "`numbers`: has 1 number for 4 cycles (got [1]). Give one number per "
            "cycle.",
        ),
        (
            {"numbers": "12"},
            "`numbers`: must be a list of whole numbers (got '12'). Give one number "
            "per cycle, such as [1, 3, 4].",
        ),
        ({"numbers": [1, 2, 3, 4.5]}, "`numbers[3]`: must be a whole number (got 4.5)"),
    ],
)
def test_annotation_messages(kwargs, message):
    with pytest.raises(InputError) as err:
        pdsa_annotations(example_ramp(), **kwargs)
    assert str(err.value).startswith(message)
