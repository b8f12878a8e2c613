"""The project builder, driven as a team would, without a browser: fill in the boxes,
press the buttons, open the steps, read the status, the messages and what is shown.

Every action ends with its status; every refused action leaves the project and the
boxes as they were ("compute first, then commit")."""

from __future__ import annotations

import base64
import datetime as dt
import re

import ipywidgets as widgets
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qikit.apps import ProjectBuilder, read_pasted
from qikit.apps._project_charts import measure_chart
from qikit.apps._project_common import date_text, lines, number_text, parse_number
from qikit.apps._project_measures import data_text, measure_data
from qikit.apps.project_builder import project_summary
from qikit.errors import InputError
from qikit.improve import (
    Measure,
    example_project,
    project_from_bytes,
    project_to_bytes,
)

TODAY = dt.date(2025, 1, 6)
FALLS = "Month\tFalls\n01/04/2024\t4\n01/05/2024\t6\n01/06/2024\t3"
_DATA_URI = re.compile(r'href="data:[^;]+;base64,([A-Za-z0-9+/=]+)"')


def _app(**kwargs) -> ProjectBuilder:
    return ProjectBuilder(today=TODAY, **kwargs)


def _example() -> ProjectBuilder:
    app = _app()
    app.open_example_button.click()
    assert app.status_text == "Example project opened"
    return app


def _upload(control, name: str, content: bytes) -> None:
    control.value = (
        {
            "name": name,
            "type": "",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime(2024, 1, 1),
        },
    )


def _download(html: str) -> bytes:
    found = _DATA_URI.search(html)
    assert found, html
    return base64.b64decode(found.group(1))


def _problem(app: ProjectBuilder) -> str:
    assert app.status_state == "error", app.status_text
    return app.error_text


# ---------------------------------------------------------------------------- building


def test_it_builds_with_no_arguments_ready_and_empty():
    app = ProjectBuilder()
    assert (app.status_text, app.status_state) == ("Empty project started", "ready")
    assert app.project.name == "" and app.project.aim is None
    assert app.change_control is app.aim.what
    assert app.steps.selected_index == 0
    assert app.steps.titles[0] == "1. Aim: what are we trying to accomplish?"
    assert len(app.steps.titles) == 7 and app.steps.titles[6] == "7. Save and resume"
    assert "Project: (no name yet). Aim: not yet. Measures: 0." in app.summary.value
    assert not app.dirty


def test_every_control_has_a_visible_label():
    app = _example()
    unnamed = []

    def walk(widget):
        for child in getattr(widget, "children", ()):
            walk(child)
        is_control = isinstance(widget, widgets.ValueWidget | widgets.Button)
        if is_control and not isinstance(widget, widgets.HTML):
            if not str(widget.description).strip():
                unnamed.append(type(widget).__name__)

    walk(app)
    assert unnamed == []


def test_the_project_details_are_the_projects():
    app = _app()
    app.name.value = " Fewer falls on Ward 6 "
    assert app.status_text == "Project details updated"
    app.team.value = "Ward 6"
    app.members.value = "Aisha Khan, Ben Ross,, "
    assert app.project.name == "Fewer falls on Ward 6"
    assert (app.project.team, app.project.members) == (
        "Ward 6",
        ["Aisha Khan", "Ben Ross"],
    )
    assert app.dirty
    assert "Changes not saved yet" in app.summary.value


def test_the_example_opens_whole_and_unchanged():
    app = _example()
    assert app.project == example_project()
    assert app.name.value == "Fewer pressure ulcers in Ashgrove House"
    assert app.members.value == "Aisha Khan, Ben Ross"
    assert not app.dirty
    assert app.summary.value == (
        '<p class="qikit-summary-text">' + project_summary(example_project()) + "</p>"
    )


def test_a_project_with_changes_is_not_replaced_without_the_tick():
    app = _app()
    app.aim.what.value = "reduce falls"
    app.open_example_button.click()
    assert _problem(app) == (
        "`project`: the project on the page has changes that are not saved (got "
        "'(no name yet)'). Download the project file or save it to the cohort store "
        "first (step 7); or tick ‘Replace the project on the page, even with changes "
        "not saved’ at the top and try again."
    )
    assert (
        app.project.aim.what == "reduce falls" and app.aim.what.value == "reduce falls"
    )
    assert "Problem:" in app.start_done.value  # said next to the button too
    app.replace_ok.value = True
    app.start_empty.click()
    assert app.status_text == "Empty project started" and app.project.aim is None
    assert app.aim.what.value == "" and not app.replace_ok.value


def test_the_summary_says_what_the_project_holds():
    assert project_summary(example_project()).startswith(
        "Project: Fewer pressure ulcers in Ashgrove House (Ashgrove House). Aim: set. "
        "Measures: 3, with 72 data points. Driver diagram: 25 boxes. PDSA cycles: 4."
    )


# ------------------------------------------------------------------------------ 1. aim


def test_a_vague_aim_gets_smart_feedback_as_it_is_typed():
    app = _app()
    app.aim.what.value = "Improve care for people living with dementia"
    assert app.status_text == "Aim updated"
    smart = app.aim.smart.value
    assert "1 of the 5 SMART elements are done." in smart  # only A
    assert "‘Improve care’ cannot be measured" in smart
    assert "✗ Missing" in smart and "Add a date: by when?" in smart
    assert app.project.aim.what == "Improve care for people living with dementia"
    assert "Your aim reads:" in app.aim.aim_text.value


def test_a_sound_aim_meets_all_five():
    app = _app()
    aim = app.aim
    aim.what.value = "reduce falls with harm"
    aim.who.value = "residents of Ashgrove House"
    aim.baseline.value = "8"
    aim.goal.value = "4"
    aim.unit.value = "falls a month"
    aim.by.value = "31/03/2026"
    aim.why.value = "Falls cause pain and fear."
    aim.check.click()
    assert app.status_text == "Aim checked"
    assert "This aim meets all five SMART elements." in aim.smart.value
    assert app.project.aim.by == dt.date(2026, 3, 31)
    assert app.project.aim.improvement == "decrease"
    assert "✓ Aim checked" in aim.done.value


def test_a_deadline_in_the_past_is_said():
    app = _app()
    app.aim.by.value = "2024"
    assert "The date 31 December 2024 has already passed" in app.aim.smart.value


def test_a_bad_number_is_a_message_and_keeps_what_was_typed():
    app = _app()
    app.aim.what.value = "reduce falls"
    before = app.project.aim
    app.aim.baseline.value = "sixty"
    assert _problem(app) == (
        "`baseline`: must be a number (got 'sixty'). Type a number such as 60 or 2.5, "
        "or leave the box empty."
    )
    assert app.project.aim is before and app.aim.baseline.value == "sixty"
    assert "Problem:" in app.aim.done.value


def test_a_bad_date_is_a_message():
    app = _app()
    app.aim.by.value = "31/02/2026"
    assert _problem(app).startswith(
        "`by`: is not a real date (got '31/02/2026': '31/02/2026' is not a real date)."
    )
    assert app.project.aim is None


def test_numbers_in_the_aim_are_read_as_people_write_them():
    app = _app()
    app.aim.baseline.value = "1,200"
    app.aim.goal.value = "85%"
    assert (app.project.aim.baseline, app.project.aim.goal) == (1200.0, 85.0)


def test_emptying_every_box_leaves_no_aim():
    app = _app()
    app.aim.what.value = "reduce falls"
    app.aim.what.value = ""
    assert app.project.aim is None
    assert "No aim yet" in app.aim.smart.value


def test_fields_not_on_the_form_are_kept():
    app = _example()
    app.aim.who.value = "residents of Ashgrove House"
    aim = app.project.aim
    assert (aim.id, aim.measure) == ("aim-pressure-ulcers", "pressure-ulcers")


def test_stretch_aims_to_learn_from():
    app = _app()
    labels = [label for label, _ in app.aim.examples.options]
    assert "Early Years Collaborative: stillbirths and infant mortality" in labels
    assert "Ashgrove House: pressure ulcers" not in labels
    app.aim.examples.value = "stillbirths"
    assert app.status_text == "Example aim shown"
    view = app.aim.example_view.value
    assert "reduce the rates of stillbirth and infant mortality in Scotland" in view
    assert "Add the baseline" in view
    app.aim.copy_example.click()
    assert app.status_text == "Example aim copied"
    assert app.aim.what.value == "reduce the rates of stillbirth and infant mortality"
    assert app.project.aim.relative_change == -15


# ------------------------------------------------------------------------- 2. measures


def _add_falls(app: ProjectBuilder) -> None:
    m = app.measures
    m.pick.value = ""
    m.name.value = "Falls each month"
    m.kind.value = "outcome"
    m.improvement.value = "decrease"
    m.data.value = FALLS
    m.save.click()
    assert app.status_text == "Measure added", app.error_text


def test_add_a_measure_with_pasted_data():
    app = _app()
    _add_falls(app)
    measure = app.project.measures[0]
    assert (measure.id, measure.kind, measure.improvement) == (
        "falls-each-month",
        "outcome",
        "decrease",
    )
    assert measure.data["y"].tolist() == [4.0, 6.0, 3.0]
    assert measure.data["x"].iloc[0] == pd.Timestamp("2024-04-01")
    assert app.notes_text[-1] == "Used 'Month' as the dates and 'Falls' as the values."
    assert app.measures.pick.value == "falls-each-month"
    assert (
        "3 points, from 1 April 2024 to 1 June 2024." in app.measures.data_summary.value
    )
    family = app.measures.family.value
    assert "Add a process measure" in family and "Add a balancing measure" in family
    assert "no operational definition" in app.measures.findings.value
    assert "<caption>The family at a glance</caption>" in app.measures.family_view.value


def test_a_measure_with_a_complete_definition_passes_its_checks():
    app = _app()
    m = app.measures
    m.name.value = "Waiting days"
    for box, value in zip(
        m.definition.values(),
        [
            "days from referral to first visit",
            "",
            "",
            "all new referrals",
            "",
            "referral system",
            "weekly",
            "all",
            "clerk",
        ],
        strict=True,
    ):
        box.value = value
    m.save.click()
    assert "Nothing to fix in this measure." in m.findings.value
    assert app.project.measures[0].definition.data_source == "referral system"


def test_a_measure_needs_a_name():
    app = _app()
    app.measures.save.click()
    assert _problem(app) == (
        "`name`: is empty (got ''). Give the measure a name, e.g. 'Falls per 1,000 "
        "occupied bed days'."
    )
    assert app.project.measures == []


def test_a_bad_target_is_a_message_and_nothing_is_added():
    app = _app()
    app.measures.name.value = "Falls"
    app.measures.target.value = "lots"
    app.measures.save.click()
    assert _problem(app) == (
        "`target`: must be a number (got 'lots'). Type a number such as 95 or 1.1, or "
        "leave the box empty."
    )
    assert app.project.measures == [] and app.measures.target.value == "lots"
    assert "Problem:" in app.measures.done.value


def test_bad_data_is_a_message_and_the_measure_and_the_box_are_kept():
    app = _app()
    _add_falls(app)
    before = app.project.measures[0]
    app.measures.data.value = "Month\tFalls\nJan\tfour\nFeb\tsix"
    app.measures.save.click()
    assert _problem(app) == (
        "`data`: has no column of numbers. Paste or type a column of values, with the "
        "dates in the column before them, e.g. 01/04/2024 and 4 on each line."
    )
    assert app.project.measures[0] is before
    assert app.measures.data.value.startswith("Month\tFalls\nJan\tfour")


def test_an_edited_measure_keeps_its_id_and_untouched_data():
    app = _example()
    app.measures.pick.value = "overtime"
    assert app.status_text == "Measure shown"
    assert app.measures.name.value == "Care staff overtime hours per month"
    data = app.project.measures[2].data
    app.measures.name.value = "Overtime hours each month"
    app.measures.save.click()
    assert app.status_text == "Measure saved"
    measure = app.project.get_measure("overtime")
    assert measure.name == "Overtime hours each month"
    pd.testing.assert_frame_equal(measure.data, data)
    assert app.project.driver_diagram.validate() == []


def test_removing_a_measure_needs_the_tick_then_cleans_up_its_links():
    app = _example()
    app.measures.pick.value = "pressure-ulcers"
    app.measures.remove.click()
    assert _problem(app) == (
        "`remove`: tick ‘Yes, remove this measure and its data’ to remove ‘New "
        "pressure ulcers per 1,000 occupied bed days’. Tick the box next to the "
        "button, then choose Remove this measure again."
    )
    assert len(app.project.measures) == 3
    app.measures.confirm_remove.value = True
    app.measures.remove.click()
    assert app.status_text == "Measure removed"
    assert [m.id for m in app.project.measures] == ["sskin-bundle", "overtime"]
    assert app.notes_text == [
        "Removed ‘New pressure ulcers per 1,000 occupied bed days’ and its 24 data "
        "points.",
        "The link to it from 1 box of the driver diagram was removed too.",
    ]
    assert all(
        "pressure-ulcers" not in node.measures
        for node in app.project.driver_diagram.nodes
    )
    assert app.project.aim.measure == ""
    assert app.measures.pick.value == ""


def test_the_example_family_passes_the_family_check():
    app = _example()
    assert "✓ The family has an outcome, a process and a balancing measure" in (
        app.measures.family.value
    )


def test_measure_data_reads_dates_values_and_denominators():
    table = read_pasted(
        "Date\tUlcers\tBed days\n01/04/2023\t0\t1151\n01/05/2023\t5\t1215"
    )
    frame, said = measure_data(table)
    assert list(frame.columns) == ["x", "y", "n"]
    assert frame["n"].tolist() == [1151, 1215]
    assert said == [
        "Used 'Date' as the dates, 'Ulcers' as the values and 'Bed days' as the "
        "denominator."
    ]


def test_measure_data_numbers_the_points_of_a_plain_column():
    frame, said = measure_data(read_pasted("4\n5\n6"))
    assert frame["x"].tolist() == [1, 2, 3]
    assert said == ["Numbered the points 1, 2, 3, … and used 'Column 1' as the values."]


def test_measure_data_takes_a_counting_column_as_the_periods():
    frame, said = measure_data(read_pasted("Week\tVisits\n1\t12\n2\t15\n3\t11"))
    assert frame["y"].tolist() == [12, 15, 11]
    assert said == ["Used 'Week' as the periods and 'Visits' as the values."]


def test_measure_data_says_which_columns_were_left_out():
    table = read_pasted("Month\ta\tb\tc\n01/04/2024\t1\t2\t3")
    _, said = measure_data(table)
    assert said[-1] == "The other columns of numbers ('c') were left out."


def test_measure_data_needs_numbers():
    with pytest.raises(InputError, match="^`data`: has no column of numbers"):
        measure_data(read_pasted("Month\nJan\nFeb"))


@pytest.mark.parametrize("index", [0, 1, 2])
def test_data_text_reads_back_to_the_same_data(index):
    measure = example_project().measures[index]
    frame, _ = measure_data(read_pasted(data_text(measure)))
    again = Measure(measure.name, kind=measure.kind, data=frame)
    assert again.to_dict()["data"] == measure.to_dict()["data"]


def test_the_text_box_helpers():
    assert parse_number("2.5", "goal") == 2.5 and parse_number(" ", "goal") is None
    for bad in ("1.2.3", "%", "one", "1e400"):
        with pytest.raises(InputError, match="^`goal`: must be a number"):
            parse_number(bad, "goal")
    assert number_text(1151.0) == "1151" and number_text(float("nan")) == ""
    assert date_text(pd.Timestamp("2024-03-04 16:30")) == "04/03/2024 16:30"
    assert lines("a\n\n b ") == ["a", "b"]


# -------------------------------------------------------------------------- 3. drivers


def _build_diagram(app: ProjectBuilder) -> None:
    d = app.drivers
    d.add_level.value = "primary"
    d.add_text.value = "Safe mobility"
    d.add.click()
    assert app.status_text == "Box added", app.error_text
    d.add_level.value = "secondary"
    assert app.status_text == "Box kind chosen"
    assert d.add_parent.options == (("1 Primary driver: Safe mobility", "p1"),)
    d.add_text.value = "Footwear checked"
    d.add.click()
    d.add_level.value = "change"
    d.add_text.value = "Footwear check at every care plan review"
    d.add.click()
    assert app.status_text == "Box added", app.error_text


def test_add_boxes_from_the_aim_to_a_change_idea():
    app = _app()
    app.aim.what.value = "reduce falls"
    _build_diagram(app)
    diagram = app.project.driver_diagram
    assert diagram.aim == "Reduce falls."
    assert [n.level for n in diagram.nodes] == ["primary", "secondary", "change"]
    assert app.drivers.outline.value.splitlines()[-1] == (
        "      1.1.1 Change idea: Footwear check at every care plan review (id: c1)"
    )
    assert "✓ Every box is connected" in app.drivers.findings.value
    assert app.drivers.add_text.value == ""


def test_a_secondary_driver_needs_a_primary_first():
    app = _app()
    app.drivers.add_level.value = "secondary"
    app.drivers.add_text.value = "Footwear checked"
    app.drivers.add.click()
    assert _problem(app) == (
        "`parent`: a secondary driver hangs from a primary driver, and there is none "
        "yet (got '(no primary driver yet)'). Add a primary driver first."
    )
    assert app.project.driver_diagram is None
    assert app.drivers.add_text.value == "Footwear checked"


def test_a_box_needs_text():
    app = _app()
    app.drivers.add.click()
    assert _problem(app) == "`text`: is empty (got ''). Write a few words."


def test_the_diagram_follows_the_aim():
    app = _app()
    app.aim.what.value = "reduce falls"
    _build_diagram(app)
    app.aim.who.value = "on Ward 6"
    assert app.project.driver_diagram.aim == "Reduce falls for on Ward 6."
    assert app.drivers.outline.value.startswith("Aim: Reduce falls for on Ward 6.")


def test_rename_link_and_remove_a_box():
    app = _example()
    d = app.drivers
    d.pick.value = "p3"
    assert app.status_text == "Box shown"
    assert d.new_text.value == "Staff have the skills and confidence to prevent harm"
    d.new_text.value = "Staff have the skills to prevent harm"
    d.rename.click()
    assert app.status_text == "Box renamed"
    assert app.project.driver_diagram.node("p3").text == (
        "Staff have the skills to prevent harm"
    )
    d.links.value = ("overtime",)
    d.save_links.click()
    assert app.status_text == "Links saved"
    assert app.project.driver_diagram.node("p3").measures == ["overtime"]
    d.remove.click()
    assert _problem(app).startswith(
        "`remove`: tick the box to confirm you want to remove ‘Staff have the skills "
        "to prevent harm’."
    )
    d.confirm_remove.value = True
    d.remove.click()
    assert app.status_text == "Box removed"
    assert app.notes_text == [
        "Removed ‘Staff have the skills to prevent harm’.",
        "Also removed, as they hung only from it: ‘Skin care training for all care "
        "staff’, ‘Learning from every new pressure ulcer’, ‘Ten-minute teaching "
        "huddle at handover’ and ‘Team review within a week of each new ulcer’.",
    ]
    ids = [n.id for n in app.project.driver_diagram.nodes]
    assert "p3" not in ids and "c8" not in ids and "s9" in ids


def test_removing_a_tested_change_idea_says_the_cycles_keep_their_record():
    app = _example()
    app.drivers.pick.value = "c-reposition-clock"
    app.drivers.confirm_remove.value = True
    app.drivers.remove.click()
    assert app.notes_text[-1] == (
        "4 PDSA cycles tested a change idea removed here; they keep their record. "
        "Link them to another change idea in step 4."
    )
    assert len(app.project.pdsa_cycles) == 4


def test_an_empty_rename_is_a_message():
    app = _example()
    app.drivers.new_text.value = " "
    app.drivers.rename.click()
    assert _problem(app) == (
        "`text`: is empty (got ' '). Write what the box says, or remove the box."
    )


def test_no_box_chosen_is_a_message():
    app = _app()
    app.drivers.rename.click()
    assert _problem(app) == (
        "`box`: no box is chosen (got '(no boxes yet)'). Choose a box in the list "
        "first (add one above if there is none)."
    )


def test_the_outline_is_an_editor_too():
    app = _example()
    d = app.drivers
    d.outline.value = d.outline.value + "\n  5 Primary driver: Good nutrition"
    d.read_outline.click()
    assert app.status_text == "Driver diagram updated"
    diagram = app.project.driver_diagram
    assert diagram.primaries[-1].text == "Good nutrition"
    assert diagram.id == example_project().driver_diagram.id
    assert diagram.node("c-reposition-clock").pdsa == [
        "pu-cycle-1",
        "pu-cycle-2",
        "pu-cycle-3",
        "pu-cycle-4",
    ]
    assert "The primary driver ‘Good nutrition’ has no secondary drivers." in (
        d.findings.value
    )


def test_the_outline_unchanged_reads_back_to_the_same_diagram():
    app = _example()
    app.drivers.read_outline.click()
    assert app.project.driver_diagram.to_dict() == (
        example_project().driver_diagram.to_dict()
    )


def test_a_bad_outline_is_a_message_and_keeps_the_diagram():
    app = _example()
    before = app.project.driver_diagram
    app.drivers.outline.value = "Aim: x\n  a\n    b\n      c\n        d"
    app.drivers.read_outline.click()
    assert _problem(app) == (
        "`text`: is nested deeper than change ideas (got 'd'). Use three levels below "
        "the aim: primary drivers, secondary drivers, change ideas."
    )
    assert app.project.driver_diagram is before
    app.drivers.outline.value = " "
    app.drivers.read_outline.click()
    assert _problem(app).startswith("`outline`: is empty (got '').")


@pytest.mark.slow
def test_the_drawing_has_the_outline_as_its_text_alternative():
    app = _example()
    app.open_step(2)
    assert app.status_text == "Driver diagram drawn"
    view = app.drivers.view
    assert view.has_chart and view.alt.startswith("Driver diagram. Aim: Reduce new")
    assert "(measures: New pressure ulcers per 1,000 occupied bed days)" in view.alt
    assert view.table_frame.columns.tolist() == [
        "Number",
        "Box",
        "Text",
        "Measures",
        "PDSA cycles",
    ]
    assert len(view.table_frame) == 26
    app.open_step(0)
    app.open_step(2)
    assert app.status_text == "Step opened"  # not drawn again: nothing changed


# ----------------------------------------------------------------------------- 4. PDSA


def _plan(app: ProjectBuilder, predictions: str = "") -> None:
    p = app.pdsa
    p.pick.value = ""
    p.objective.value = "Try a footwear check with one resident"
    p.questions.value = "Will staff remember it?"
    p.predictions.value = predictions
    p.start.value = "06/01/2025"
    p.scale.value = "one resident"
    p.belief.value = "low"
    p.save_plan.click()
    assert app.status_text == "Cycle planned", app.error_text


def test_plan_do_study_act():
    app = _app()
    _plan(app, "Staff will remember on 4 of 5 days")
    p = app.pdsa
    cycle = app.project.pdsa_cycles[0]
    assert (cycle.id, cycle.start, cycle.stage) == (
        "cycle-1",
        dt.date(2025, 1, 6),
        "plan",
    )
    assert "Cycle 1 is planned: record what happened next." in p.stage.value
    p.what_happened.value = "Remembered on 5 days"
    p.end.value = "10/01/2025"
    p.record_do.click()
    assert app.status_text == "Do recorded"
    p.results.value = "5 of 5 days"
    p.comparison.value = "Better than predicted"
    p.record_study.click()
    assert app.status_text == "Study recorded"
    p.decision.value = "adapt"
    p.next_cycle.value = "Try with three residents"
    p.record_act.click()
    assert app.status_text == "Act recorded"
    cycle = app.project.pdsa_cycles[0]
    assert (cycle.stage, cycle.decision, cycle.end) == (
        "complete",
        "adapt",
        dt.date(2025, 1, 10),
    )
    assert "<caption>Every test of change, in order</caption>" in p.log.value
    assert "Download the PDSA log" in p.log_download.value
    log = _download(p.log_download.value).decode("utf-8-sig")
    assert log.splitlines()[0] == (
        "Cycle,Change idea,Objective,Scale,Start,End,Predictions,Results,Decision,Stage"
    )


def test_do_cannot_be_recorded_before_the_predictions():
    app = _app()
    _plan(app)
    app.pdsa.what_happened.value = "It went well"
    app.pdsa.record_do.click()
    assert _problem(app) == (
        "`predictions`: none recorded for the cycle ‘Try a footwear check with one "
        "resident’ (got []). Write down what you predict will happen before you "
        "record the Do stage: comparing the results with your predictions is how a "
        "PDSA cycle learns."
    )
    assert app.project.pdsa_cycles[0].do is None
    assert app.pdsa.what_happened.value == "It went well"
    assert "Problem:" in app.pdsa.do_done.value


def test_predictions_cannot_be_emptied_after_the_do_stage():
    app = _app()
    _plan(app, "Staff will remember")
    app.pdsa.what_happened.value = "They did"
    app.pdsa.record_do.click()
    app.pdsa.predictions.value = ""
    app.pdsa.save_plan.click()
    assert _problem(app).startswith("`predictions`: none recorded for the cycle")
    assert app.project.pdsa_cycles[0].predictions == ["Staff will remember"]


def test_the_stages_come_in_order():
    app = _app()
    _plan(app, "Staff will remember")
    app.pdsa.record_do.click()
    assert _problem(app) == (
        "`what_happened`: is empty (got ''). Write what happened during the test, "
        "then record it."
    )
    app.pdsa.record_study.click()
    assert _problem(app) == (
        "`results`: what happened in the test (the Do stage) is not recorded yet. "
        "Record what happened (Do) first, then the results."
    )
    app.pdsa.record_act.click()
    assert _problem(app) == (
        "`decision`: the results of the test (the Study stage) are not recorded yet. "
        "Record the results (Study) first, then the decision."
    )


def test_a_decision_must_be_chosen():
    app = _example()
    app.pdsa.decision.value = ""
    app.pdsa.record_act.click()
    assert _problem(app) == (
        "`decision`: no decision is chosen. Choose adopt, adapt or abandon in ‘Act: "
        "the decision’."
    )
    assert app.project.pdsa_cycles[-1].decision == "adopt"


def test_a_bad_start_date_is_a_message():
    app = _app()
    app.pdsa.start.value = "32/01/2025"
    app.pdsa.save_plan.click()
    assert _problem(app).startswith("`start`: is not a real date (got '32/01/2025'")
    assert app.project.pdsa_cycles == []


def test_a_cycle_tests_a_change_idea_of_the_diagram():
    app = _example()
    options = dict((value, label) for label, value in app.pdsa.change_idea.options)
    assert options["c-reposition-clock"] == "2.1.1 Repositioning clock by the bed"
    assert app.pdsa.pick.value == "pu-cycle-4"
    assert app.pdsa.change_idea.value == "c-reposition-clock"
    assert app.pdsa.ramp_pick.options == (
        ("2.1.1 Repositioning clock by the bed", "c-reposition-clock"),
    )


def test_removing_a_cycle_needs_the_tick_and_unlinks_it():
    app = _example()
    app.pdsa.remove.click()
    assert _problem(app) == (
        "`remove`: tick ‘Yes, remove this cycle’ to remove it. Tick the box next to "
        "the button, then choose Remove this cycle again."
    )
    app.pdsa.confirm_remove.value = True
    app.pdsa.remove.click()
    assert app.status_text == "Cycle removed"
    assert [c.id for c in app.project.pdsa_cycles] == [
        "pu-cycle-1",
        "pu-cycle-2",
        "pu-cycle-3",
    ]
    assert (
        "pu-cycle-4" not in app.project.driver_diagram.node("c-reposition-clock").pdsa
    )
    assert app.project.validate() == []
    app.pdsa.remove.click()
    assert _problem(app).startswith("`cycle`: no cycle is chosen")


@pytest.mark.slow
def test_the_ramp_is_drawn_with_its_text_alternative():
    app = _example()
    app.open_step(3)
    assert app.status_text == "Ramp drawn"
    assert app.pdsa.ramp_view.alt == (
        "Ramp of PDSA cycles testing 2.1.1 Repositioning clock by the bed. cycle 1: "
        "one resident, adapt; cycle 2: three residents, adapt; cycle 3: one unit, "
        "adopt; cycle 4: all units, adopt."
    )
    assert "✓ The cycles build on each other in order." in app.pdsa.ramp_findings.value


# --------------------------------------------------------------------------- 5. charts


@pytest.mark.slow
def test_charts_are_flagged_with_the_cycles_and_use_the_projects_rules():
    app = _example()
    app.open_step(4)
    assert app.status_text == "Chart updated"
    charts = app.charts
    assert charts.result.chart == "u"
    assert "Flags mark where PDSA cycles 1–4 started" in charts.said.value
    assert charts.chart.alt.startswith("U chart")
    charts.rules.value = "ihi"
    assert app.status_text == "Chart updated"
    assert app.project.rules == "ihi" and charts.result.rules == "ihi" and app.dirty


def test_measure_chart_flags_periods_and_numbers_as_in_the_log():
    project = example_project()
    _, flags, said = measure_chart(project, project.measures[1])
    assert [label for _, label in flags] == ["PDSA 1, 2", "PDSA 3", "PDSA 4"]
    assert said == [
        "Flags mark where PDSA cycles 1–4 started (numbers as in the PDSA log)."
    ]


def test_a_measure_without_data_has_no_chart_yet():
    app = _app()
    app.measures.name.value = "Falls"
    app.measures.save.click()
    app.open_step(4)
    assert app.status_text == "Step opened"
    assert "‘Falls’ has no data yet" in app.charts.said.value
    app.charts.pick.value = "falls"
    assert not app.charts.chart.has_chart


def test_charts_with_no_measures_say_so():
    app = _app()
    app.open_step(4)
    assert "No measures yet: add one in step 2." in app.charts.said.value


# ----------------------------------------------------------------------- 6. storyboard


def test_the_storyboard_is_made_previewed_and_offered():
    app = _app()
    app.name.value = "Falls <Ward 6>"
    app.storyboard.make.click()
    assert app.status_text == "Storyboard made"
    assert "Falls &lt;Ward 6&gt;" in app.storyboard.html
    assert 'download="falls-ward-6-storyboard.html"' in app.storyboard.download.value
    assert _download(app.storyboard.download.value).decode() == app.storyboard.html
    assert '<iframe class="qikit-storyboard" title="Preview of the storyboard"' in (
        app.storyboard.preview.value
    )
    app.team.value = "Ward 6"
    assert app.storyboard.html == "" and app.storyboard.preview.value == ""
    assert "make it again" in app.storyboard.download.value


def test_notes_and_key_learning_go_in_the_journal():
    app = _app()
    sb = app.storyboard
    sb.add_note.click()
    assert _problem(app) == (
        "`note`: is empty (got ''). Write what you noticed, decided or learnt, then "
        "add the note."
    )
    sb.note_text.value = "Night staff found the clock easy to use."
    sb.note_date.value = "09/03/2025"
    sb.note_author.value = "Aisha"
    sb.key_learning.value = True
    sb.add_note.click()
    assert app.status_text == "Note added"
    note = app.project.notes[0]
    assert (note.date, note.author, note.key_learning) == (
        dt.date(2025, 3, 9),
        "Aisha",
        True,
    )
    assert "(9 March 2025, Aisha, key learning)" in sb.notes.value
    assert sb.note_text.value == "" and not sb.key_learning.value
    sb.note_text.value = "Another"
    sb.note_date.value = "someday"
    sb.add_note.click()
    assert _problem(app).startswith("`date`: ")
    assert sb.note_text.value == "Another" and len(app.project.notes) == 1
    sb.note_pick.value = note.id
    sb.remove_note.click()
    assert app.status_text == "Note removed" and app.project.notes == []
    sb.remove_note.click()
    assert _problem(app).startswith("`note`: no note is chosen")


def test_a_chart_that_cannot_be_drawn_is_said_in_the_step():
    app = _app()
    app.measures.name.value = "Falls"
    app.measures.chart_type.value = "p"
    app.measures.data.value = "Month\tFalls\n01/04/2024\t4\n01/05/2024\t6"
    app.measures.save.click()
    app.open_step(4)
    assert app.status_text == "No chart to draw"
    assert "The chart of ‘Falls’ cannot be drawn yet: " in app.charts.said.value
    assert not app.charts.chart.has_chart


# ----------------------------------------------------------------------------- 7. save


def test_the_download_is_the_project_file():
    app = _example()
    data = _download(app.save.download.value)
    assert data == project_to_bytes(app.project)
    assert 'download="fewer-pressure-ulcers-in-ashgrove-house.qiproj.json"' in (
        app.save.download.value
    )
    app.name.value = "Fewer ulcers"
    assert project_from_bytes(_download(app.save.download.value)).name == (
        "Fewer ulcers"
    )


def test_download_then_upload_gives_the_same_project():
    app = _example()
    data = _download(app.save.download.value)
    other = _app()
    _upload(other.save.file, "ashgrove.qiproj.json", data)
    assert other.status_text == "Project file opened", other.error_text
    assert other.project == app.project
    assert _download(other.save.download.value) == data
    assert other.summary.value == app.summary.value
    assert other.save.file.value == ()  # emptied, so the same file can be chosen again


def test_a_damaged_upload_is_a_message_and_loses_nothing():
    app = _app()
    app.aim.what.value = "reduce falls"
    data = project_to_bytes(example_project())
    _upload(app.save.file, "ashgrove.qiproj.json", data[: len(data) // 2])
    assert _problem(app).startswith("Cannot open 'ashgrove.qiproj.json'")
    assert app.project.aim.what == "reduce falls" and app.aim.what.value == (
        "reduce falls"
    )
    assert "Problem:" in app.save.file_done.value
    _upload(app.save.file, "falls.csv", b"Month,Falls\nJan,4\n")
    assert _problem(app).startswith("`upload`:")
    assert app.project.aim.what == "reduce falls"


def test_an_upload_does_not_replace_changes_without_the_tick():
    app = _app()
    app.aim.what.value = "reduce falls"
    _upload(app.save.file, "ashgrove.qiproj.json", project_to_bytes(example_project()))
    assert _problem(app).startswith("`project`: the project on the page has changes")
    app.replace_ok.value = True
    _upload(app.save.file, "ashgrove.qiproj.json", project_to_bytes(example_project()))
    assert app.status_text == "Project file opened"


def _join(app: ProjectBuilder, team: str = "Ward 6", cohort: str = "Spring 2026"):
    app.save.join.cohort_box.value = cohort
    app.save.join.team_box.value = team
    app.save.join.join_button.click()
    assert app.status_text == f"Joined {cohort} as {team}", app.error_text


def test_saving_to_the_store_needs_a_team(store_path):
    app = _app()
    app.save.save.click()
    assert _problem(app).startswith("`team`: you have not joined a team yet")
    app.save.load_stored.click()
    assert _problem(app).startswith("`team`: you have not joined a team yet")
    app.close()


def test_save_to_the_store_and_load_it_back(store_path):
    app = _example()
    _join(app)
    assert app.save.stored.options == (("(no projects saved yet)", ""),)
    assert app.save.load_stored.disabled
    app.save.save.click()
    assert app.status_text == "Project saved to the cohort store", app.error_text
    assert "revision 1" in app.save.store_said.value
    assert not app.dirty
    assert app.save.stored.value == "ashgrove"
    other = _app()
    _join(other)
    assert other.save.stored.options[0][0].startswith(
        "Fewer pressure ulcers in Ashgrove House (revision 1, saved "
    )
    other.save.load_stored.click()
    assert other.status_text == "Project loaded from the cohort store", other.error_text
    assert other.project == app.project
    assert other.save.revisions == {("Spring 2026", "Ward 6", "ashgrove"): 1}
    app.close()
    other.close()


def test_a_save_after_someone_else_saved_is_refused_and_explained(store_path):
    first = _example()
    _join(first)
    first.save.save.click()
    second = _app()
    _join(second)
    second.save.load_stored.click()
    first.name.value = "Fewer pressure ulcers"
    first.save.save.click()  # revision 2
    assert first.status_text == "Project saved to the cohort store"
    second.team.value = "Ashgrove House, Rowan unit"
    second.save.save.click()
    assert _problem(second) == (
        "`store`: someone else saved 'Fewer pressure ulcers in Ashgrove House' for "
        "team 'Ward 6' after you loaded it (you loaded revision 1; the store now has "
        "revision 2), so saving would overwrite their changes. Nothing was saved (got "
        "'revision 2'). Download your project file to keep your version; then load "
        "the stored copy and make your changes there, or tick ‘Save over the copy in "
        "the store’ and save again to replace it with yours."
    )
    assert second.dirty and second.project.team == "Ashgrove House, Rowan unit"
    second.save.replace.value = True
    second.save.save.click()
    assert second.status_text == "Project saved to the cohort store"
    assert "revision 3" in second.save.store_said.value
    assert not second.save.replace.value
    first.close()
    second.close()


def test_a_copy_opened_elsewhere_does_not_overwrite_the_stored_one(store_path):
    first = _example()
    _join(first)
    first.save.save.click()
    second = _example()  # the same project, opened from the example, not the store
    _join(second)
    second.save.save.click()
    assert _problem(second).startswith(
        "`store`: team 'Ward 6' already has this project in the store, saved there "
        "before this copy was opened on the page, so saving would overwrite it. "
        "Nothing was saved (got 'revision 1')."
    )
    first.close()
    second.close()


def test_the_refresh_button_lists_what_team_mates_saved(store_path):
    app = _app()
    _join(app)
    app.save.refresh_list.click()
    assert app.status_text == "Project list refreshed"
    mate = _example()
    _join(mate)
    mate.save.save.click()
    app.save.refresh_list.click()
    assert app.save.stored.value == "ashgrove" and not app.save.load_stored.disabled
    app.close()
    mate.close()


def test_the_project_check_lists_what_is_still_to_do():
    app = _app()
    app.open_step(6)
    assert "Add an aim: what are we trying to accomplish?" in app.save.check.value
    app.replace_ok.value = True
    app.open_example()
    assert "✓ Nothing is missing" in app.save.check.value


# --------------------------------------------------------------------------- the steps


def test_the_next_step_buttons_open_the_next_step():
    app = _app()
    buttons = [
        child
        for child in app.aim.box.children
        if getattr(child, "description", "").startswith("Next step")
    ]
    assert [b.description for b in buttons] == ["Next step: 2. Measures"]
    buttons[0].click()
    assert app.steps.selected_index == 1 and app.status_text == "Step opened"
    app.steps.selected_index = None
    assert app.status_text == "Steps closed"


def test_no_action_ever_shows_a_traceback(app_log):
    app = _example()
    for control in (app.measures.save, app.drivers.add, app.pdsa.record_do):
        control.click()
    assert "did not expect" not in app.error_text
    assert "Traceback" not in app_log.text


_SHARED: list[ProjectBuilder] = []


def _shared() -> ProjectBuilder:
    """One app for the many examples of a property test (each build costs time)."""
    if not _SHARED:
        _SHARED.append(_app())
    app = _SHARED[0]
    app.replace_ok.value = True
    app.start_empty.click()
    return app


@given(
    what=st.text(max_size=40),
    baseline=st.text(max_size=12),
    by=st.text(max_size=12),
)
def test_whatever_is_typed_in_the_aim_is_read_or_explained(what, baseline, by):
    app = _shared()
    app.aim.what.value = what
    app.aim.baseline.value = baseline
    app.aim.by.value = by
    assert app.status_state in ("ready", "error")
    assert "did not expect" not in app.error_text


@given(data=st.text(max_size=80))
def test_whatever_is_pasted_as_data_is_read_or_explained(data):
    app = _shared()
    app.measures.name.value = "Falls"
    app.measures.data.value = data
    app.measures.save.click()
    assert "did not expect" not in app.error_text
    if app.status_state == "error":
        assert app.project.measures == []
