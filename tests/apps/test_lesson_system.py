"""The system module's example (process map, fishbone, delay reasons) and its widget."""

from __future__ import annotations

import pandas as pd
import pytest

from qikit.apps.lesson_system import (
    DISCHARGE_STEPS,
    STEP_KINDS,
    ParetoTally,
    ProcessStep,
    delay_reasons,
    discharge_fishbone,
    pareto_frame,
    pareto_html,
    process_map_frame,
    process_map_html,
    read_tally,
    total_hours,
    waiting_hours,
)
from qikit.errors import InputError
from qikit.improve.system import DEFAULT_CATEGORIES, pareto_table


def test_the_discharge_map_starts_and_ends_and_adds_up():
    frame = process_map_frame()
    assert list(frame.columns) == ["Step", "Kind", "Who", "Hours"]
    assert frame["Kind"].iloc[0] == "Start" and frame["Kind"].iloc[-1] == "End"
    assert set(frame["Kind"]) <= set(STEP_KINDS.values())
    assert total_hours() == frame["Hours"].sum() == 79
    assert waiting_hours() == frame.loc[frame["Kind"] == "Wait", "Hours"].sum() == 72


def test_the_process_map_names_every_kind_in_words_in_order():
    html = process_map_html(caption="Discharge home").data
    assert "<figcaption><strong>Discharge home</strong></figcaption>" in html
    assert html.count("<li") == len(DISCHARGE_STEPS)
    positions = [
        html.index(step.name.replace("'", "&#x27;")) for step in DISCHARGE_STEPS
    ]
    assert positions == sorted(positions)
    for word in ("Start", "Step", "Decision", "Wait: 20 hours", "End"):
        assert f"<strong>{word}" in html
    assert html.count("&rarr;") == len(DISCHARGE_STEPS) - 1
    decision = html.index("Can the patient go home with support?")
    assert html.index("yes <span", decision) < html.index("<li", decision)


def test_a_step_is_checked():
    with pytest.raises(InputError, match=r"`kind`.*'delay'"):
        ProcessStep("Waiting", "delay")
    with pytest.raises(InputError, match="`hours`"):
        ProcessStep("Waiting", "wait", hours=-2)
    with pytest.raises(InputError, match="`name`"):
        ProcessStep("", "step")


def test_the_map_functions_check_their_steps():
    with pytest.raises(InputError, match=r"`steps\[1\]`: is not a ProcessStep"):
        process_map_frame([DISCHARGE_STEPS[0], "Referral"])
    with pytest.raises(InputError, match="`steps`: is empty"):
        total_hours([])
    with pytest.raises(InputError, match="`caption`"):
        process_map_html(caption="")


def test_the_fishbone_uses_the_default_categories_and_is_complete():
    fishbone = discharge_fishbone()
    assert tuple(fishbone.categories) == DEFAULT_CATEGORIES
    assert fishbone.validate() == []
    assert len(fishbone.to_frame()) == 12


def test_the_delay_reasons_give_three_vital_few():
    reasons = delay_reasons()
    assert reasons["count"].sum() == 120
    table = pareto_table(reasons, other="Other")
    assert table["category"].iloc[-1] == "Other"
    assert table["vital_few"].sum() == 3
    frame = pareto_frame(table)
    assert frame["Vital few"].tolist()[:4] == ["yes", "yes", "yes", ""]
    assert frame["Running total"].iloc[2] == "80.8%"
    assert "<caption>Delays</caption>" in pareto_html(table, caption="Delays").data


def test_pareto_frame_wants_a_pareto_table():
    with pytest.raises(InputError, match="cumulative_percent"):
        pareto_frame(pd.DataFrame({"category": ["a"], "count": [1]}))


def test_read_tally_reads_counts_or_one_line_an_event():
    assert read_tally("No bed, 3\nTransport\t2\n\n Medicines; 1 ").values.tolist() == [
        ["No bed", 3],
        ["Transport", 2],
        ["Medicines", 1],
    ]
    events = read_tally("No bed\nNo bed\nTransport")
    assert events["count"].tolist() == [1, 1, 1]


def test_read_tally_says_what_is_wrong():
    with pytest.raises(InputError, match="`tally`: is empty"):
        read_tally("  \n")
    with pytest.raises(InputError, match="some lines but not on others.*Transport"):
        read_tally("No bed, 3\nTransport")


def test_the_tally_draws_the_vital_few_and_keeps_the_last_chart_on_an_error():
    app = ParetoTally()
    assert app.status_state == "ready" and app.chart.has_chart
    assert app.vital_few() == [
        "Waiting for a care at home package",
        "Waiting for a social work assessment",
        "Waiting for a care home place",
    ]
    assert "80.8% of the total of 120" in " ".join(app.chart.findings)
    assert app.chart.alt.startswith("Pareto chart of 8 reasons")
    app.tally.value = "No bed, 3\nTransport"
    app.read()
    assert app.status_state == "error"
    assert len(app.vital_few()) == 3
    app.tally.value = "No bed, 45\nTransport, 3\nStairs, 2"
    app.draw.click()
    assert app.status_state == "ready" and app.vital_few() == ["No bed"]


def test_the_tally_starts_from_other_data():
    app = ParetoTally(data=pd.DataFrame({"category": ["A", "B"], "count": [9, 1]}))
    assert app.tally.value == "A, 9\nB, 1" and app.vital_few() == ["A"]
