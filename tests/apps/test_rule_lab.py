"""The rule-set laboratory driven as a learner would, without a browser: the same
data through four rule sets, the simulation, its reading, and every message."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

import qikit.apps.rule_lab as rule_lab_app
from qikit.apps import RuleLab
from qikit.apps.rule_lab import (
    LAB_SEED,
    MAX_SHIFTS,
    SOURCES,
    comparison_frame,
    lab_reading,
    lab_table,
    one_in,
    parse_shifts,
)
from qikit.charts import qic
from qikit.errors import InputError
from qikit.plot.lab import rule_set_title
from qikit.sim import drill, rule_lab

RULE_NAMES = [
    "Anhøj rules",
    "IHI rules",
    "Making Data Count rules",
    "Western Electric rules",
]
#: A rise of 7 points in a row: a trend for the IHI and Making Data Count rules only.
RISE = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 9, 10, 11, 12, 13, 14, 15, 12, 11]


@pytest.fixture
def quick_draw(monkeypatch):
    """Tests of the logic draw empty figures (the four charts cost ~0.5 s a time)."""
    monkeypatch.setattr(
        rule_lab_app, "plot_rule_sets", lambda *args, **kwargs: Figure(figsize=(1, 1))
    )
    monkeypatch.setattr(rule_lab_app, "Figure", lambda **kwargs: Figure(figsize=(1, 1)))
    monkeypatch.setattr(
        rule_lab_app, "plot_rule_lab", lambda frame, ax: ax.set_axis_off()
    )


@pytest.fixture(scope="module")
def lab() -> RuleLab:
    """One app for the tests that only read what it shows (a build costs ~1 s)."""
    return RuleLab(seed=3)


# ------------------------------------------------------------------- the pure parts


def test_parse_shifts_sorts_and_keeps_each_size_once():
    assert parse_shifts("0, 0.5, 1, 1.5, 2") == [0, 0.5, 1, 1.5, 2]
    assert parse_shifts(" 2;1  1,0 ") == [0.0, 1.0, 2.0]
    assert parse_shifts("3") == [3.0]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "  ",
            "`shifts`: is empty (got '  '). Type one or more shift sizes separated by "
            "commas, such as 0, 1, 2.",
        ),
        (
            "0, one",
            "`shifts`: must be a number (got 'one'). Type numbers such as 1.5, "
            "separated by commas.",
        ),
        (
            "0, 4",
            "`shifts`: must be from 0 to 3 standard deviations (got '4'). 0 is no "
            "change (the false-alarm rate); 3 is a very large shift.",
        ),
        (
            "-1",
            "`shifts`: must be from 0 to 3 standard deviations (got '-1'). 0 is no "
            "change (the false-alarm rate); 3 is a very large shift.",
        ),
        (
            "nan",
            "`shifts`: must be from 0 to 3 standard deviations (got 'nan'). 0 is no "
            "change (the false-alarm rate); 3 is a very large shift.",
        ),
        (
            "0 0.25 0.5 0.75 1 1.25 1.5 1.75 2",
            "`shifts`: has 9 sizes, more than 8 (got '0 0.25 0.5 0.75 1 1.25 1.5 1.75 "
            "2'). Keep a few, such as 0, 0.5, 1, 1.5, 2.",
        ),
    ],
    ids=["empty", "word", "too big", "negative", "nan", "too many"],
)
def test_parse_shifts_messages(typed, message):
    with pytest.raises(InputError) as info:
        parse_shifts(typed)
    assert str(info.value) == message


@given(st.text(max_size=30))
def test_parse_shifts_never_fails_any_other_way(typed):
    try:
        sizes = parse_shifts(typed)
    except InputError as error:
        assert str(error).startswith("`shifts`: ")
    else:
        assert len(sizes) in range(1, MAX_SHIFTS + 1) and sizes == sorted(set(sizes))
        assert all(0 <= s <= 3 for s in sizes)


def test_one_in_says_rates_as_people_do():
    assert one_in(1 / 12, 1000) == "about 1 chart in 12"
    assert one_in(0.5, 1000) == "about 50 charts in 100"
    assert one_in(0.001, 1000) == "about 1 chart in 1,000"
    assert one_in(0.0, 2000) == "none of the 2,000 charts"
    assert one_in(1.0, 1000) == "every chart"
    assert one_in(0.45, 1000) == "about 1 chart in 2"


def test_lab_reading_compares_the_rule_sets():
    frame = rule_lab(n=24, shift=(0, 2), sims=400, seed=LAB_SEED)
    lines = lab_reading(frame)
    assert len(lines) == 4 + 3
    assert lines[0].startswith(
        "With 24 points the Anhøj rules raise a false alarm in about 1 chart in "
    )
    assert ", and catch a shift of 2 standard deviations in about " in lines[0]
    assert lines[4].startswith("Fewest false alarms: the Anhøj rules (")
    assert lines[5].startswith("Most shifts of 2 standard deviations caught: the ")
    assert lines[6].startswith("No rule set wins on both counts")


def test_lab_reading_without_a_zero_shift_asks_for_one():
    frame = rule_lab(rules="ihi", n=(12, 24), shift=1, sims=200, seed=1)
    lines = lab_reading(frame)
    assert lines[0].startswith(
        "With 12 points the IHI rules catch a shift of 1 standard deviation in about"
    )
    assert lines[0].endswith("%).")
    assert lines[1].startswith("With 24 points the IHI rules")
    assert lines[-1] == (
        "Add a shift of 0 to see how often each rule set raises a false alarm."
    )


def test_lab_table_one_row_per_rule_set_one_column_per_shift():
    frame = rule_lab(rules=("anhoej", "mdc"), n=(12, 24), shift=(0, 1), sims=100)
    table = lab_table(frame)
    assert list(table.columns) == [
        "Rule set",
        "Points",
        "No shift (false alarms)",
        "Shift of 1 SD",
    ]
    assert (
        table["Rule set"].tolist()
        == ["Anhøj rules"] * 2 + ["Making Data Count rules"] * 2
    )
    assert table["Points"].tolist() == [12, 24, 12, 24]
    assert all(cell.endswith("%") for cell in table["Shift of 1 SD"])


def test_comparison_frame_says_what_each_rule_set_finds():
    frame = comparison_frame(
        [
            qic(y=RISE, chart="i", rules=r)
            for r in ("anhoej", "ihi", "mdc", "western_electric")
        ]
    )
    assert frame["Rule set"].tolist() == RULE_NAMES
    assert frame["Finds"].tolist() == ["no signal", "a signal", "a signal", "no signal"]
    assert frame["Rules that fired"].tolist() == ["none", "a trend", "a trend", "none"]
    assert frame["Points flagged"].tolist() == [0, 7, 7, 0]
    assert frame["First flagged"].tolist()[1] == 11


def test_a_pattern_with_no_flagged_point_still_counts():
    result = drill(kind="random", chart="run", seed=47).qic()
    frame = comparison_frame([result])
    assert frame.iloc[0]["Finds"] == "a signal"
    assert frame.iloc[0]["Rules that fired"] == "too few crossings of the centre line"
    assert (
        frame.iloc[0]["Points flagged"] == 0 and frame.iloc[0]["First flagged"] is None
    )


# ------------------------------------------------------------------------- the app


def test_it_opens_with_four_charts_and_a_simulation(lab):
    assert (lab.status_text, lab.status_state) == ("Simulation finished", "ready")
    assert lab.change_control is lab.chart_kind
    assert repr(lab).startswith("RuleLab(")  # as a notebook shows it: no name clash
    assert [r.rules for r in lab.results] == [
        "anhoej",
        "ihi",
        "mdc",
        "western_electric",
    ]
    assert lab.series is not None and lab.series.seed == 3
    alt = lab.compare_view.alt
    assert alt.startswith("Four run charts of a practice series of 24 weeks, one for ")
    assert all(name in alt for name in RULE_NAMES)
    assert len(lab.compare_view.findings) == 4
    html = lab.comparison.value
    assert "<strong>What really happened:</strong> " in html
    assert lab.series.truth.describe() in html and "(Series seed 3.)" in html
    assert "<caption>What each rule set finds</caption>" in html
    assert html.count("<details>") == 4
    table = lab.compare_view.table_frame
    assert [c for c in table.columns if c.startswith("Signal")] == [
        f"Signal ({name})" for name in RULE_NAMES
    ]

    frame = lab.lab_frame
    assert len(frame) == 4 * 5 and set(frame["sims"]) == {1000}
    assert set(frame["n"]) == {24} and sorted(set(frame["shift"])) == [
        0,
        0.5,
        1,
        1.5,
        2,
    ]
    assert (
        "Share of 1,000 simulated run charts of 24 points that signal (the shift "
        in (lab.lab_table_html.value)
    )
    assert "With 24 points the Anhøj rules raise a false alarm in about 1 chart in" in (
        lab.reading.value
    )
    assert lab.lab_view.alt.startswith("Line chart of the share of simulated run ")
    assert list(lab.lab_view.table_frame.columns) == [
        "Rule set",
        "Points",
        "Shift (SD)",
        "Charts simulated",
        "Share that signal",
        "Standard error",
    ]


def test_the_simulation_gives_the_same_rates_on_every_laptop(lab):
    again = rule_lab(n=24, shift=(0, 0.5, 1, 1.5, 2), sims=1000, seed=LAB_SEED)
    pd.testing.assert_frame_equal(
        lab.lab_frame.reset_index(drop=True), again, check_like=False
    )


@pytest.mark.parametrize("key", [k for k in SOURCES if k != "practice"])
def test_each_data_set_through_the_four_rule_sets(key, quick_draw):
    app = RuleLab(seed=1)
    app.source.value = key
    assert app.status_text == "Rule sets compared", app.error_text
    assert app.series is None and app.new_series_button.disabled
    assert app.practice_kind.disabled
    assert SOURCES[key].label in app.compare_view.alt
    assert "What really happened" not in app.comparison.value
    app.chart_kind.value = "control"
    assert app.status_text == "Rule sets compared"
    assert {r.chart for r in app.results} == {SOURCES[key].control}
    app.source.value = "practice"  # back to the same practice series
    assert app.series is not None and app.series.seed == 1
    assert not app.new_series_button.disabled


def test_a_stable_process_can_still_signal_under_some_rules(quick_draw):
    app = RuleLab(seed=1)
    app.source.value = "rag_ratings"
    frame = comparison_frame(app.results)
    assert frame["Finds"].tolist() == [
        "no signal",
        "a signal",
        "no signal",
        "no signal",
    ]
    assert "IHI rules: 5 points flagged" in app.compare_view.alt


def test_new_practice_series_never_repeat_and_can_be_made_again(quick_draw):
    app = RuleLab(seed=5)
    seeds = {app.series.seed}
    for _ in range(3):
        app.new_series_button.click()
        assert app.status_text == "Rule sets compared"
        assert app.series.seed not in seeds
        seeds.add(app.series.seed)
    app.practice_kind.value = "trend"
    assert app.series.truth.kind == "trend"
    app.new_series(seed=5)
    first = RuleLab(seed=5)
    assert app.series.truth.kind == "trend" and first.series.seed == 5


def test_another_simulation_and_its_progress(monkeypatch, quick_draw):
    app = RuleLab(seed=2)
    seen = []
    original = app.set_status

    def record(text, state="ready"):
        seen.append((text, state))
        original(text, state)

    monkeypatch.setattr(app, "set_status", record)
    app.sim_chart.value = "i"
    app.points.value = 12
    app.sims.value = 2000
    app.centre.value = "data"
    app.shifts.value = "1, 0"
    app.run_button.click()
    assert app.status_text == "Simulation finished", app.error_text
    frame = app.lab_frame
    assert set(frame["n"]) == {12} and set(frame["sims"]) == {2000}
    assert frame.attrs["qikit.sim"]["chart"] == "i"
    assert frame.attrs["qikit.sim"]["centre"] == "data"
    progress = [
        text for text, state in seen if state == "busy" and "Simulating" in text
    ]
    assert progress == [
        f"Simulating 2,000 charts for each shift: the {name} ({k} of 4)…"
        for k, name in enumerate(RULE_NAMES, start=1)
    ]
    assert "simulated I charts of 12 points" in app.lab_table_html.value


def test_bad_shift_sizes_are_a_message_and_the_last_results_are_kept(lab):
    before = lab.lab_frame
    picture = lab.lab_view.picture.value
    lab.shifts.value = "0, 1, lots"
    lab.simulate()
    assert lab.status_state == "error"
    assert lab.error_text == (
        "`shifts`: must be a number (got 'lots'). Type numbers such as 1.5, "
        "separated by commas."
    )
    assert lab.lab_frame is before and lab.lab_view.picture.value == picture
    lab.shifts.value = "0, 0.5, 1, 1.5, 2"


def test_a_new_series_for_a_data_set_is_a_message(quick_draw):
    app = RuleLab(seed=1)
    app.source.value = "ward_falls"
    results = app.results
    app.new_series()
    assert app.error_text == (
        "`data`: a new series is made only for the practice series (got "
        "'ward_falls'). Choose 'A practice series' in Data first."
    )
    assert app.results is results
    app.source.value = "practice"
    app.new_series(seed=-2)
    assert app.error_text == (
        "`seed`: must be at least 0 (got -2). Give a number of 0 or more."
    )


def test_switching_back_shows_the_kept_drawing_again(monkeypatch):
    app = RuleLab(seed=4)
    run_alt, run_table = app.compare_view.alt, app.compare_view.table_frame
    run_picture = app.compare_view.picture.value
    drawn = []
    real = rule_lab_app.plot_rule_sets

    def counted(*args, **kwargs):
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rule_lab_app, "plot_rule_sets", counted)
    app.chart_kind.value = "control"
    control_alt = app.compare_view.alt
    assert control_alt.startswith("Four I charts") and len(drawn) == 1
    for value in ("run", "control", "run"):
        app.chart_kind.value = value
        assert app.status_text == "Rule sets compared"
    assert len(drawn) == 1  # nothing drawn again
    assert app.compare_view.alt == run_alt
    assert app.compare_view.picture.value == run_picture
    pd.testing.assert_frame_equal(app.compare_view.table_frame, run_table)
    assert [r.chart for r in app.results] == ["run"] * 4
    assert app.compare_view.findings == [rule_set_title(r) for r in app.results]
    app.compare_view.show_table.value = True
    assert "<table" in app.compare_view.table.value


def test_the_kept_drawings_are_bounded(quick_draw):
    app = RuleLab(seed=4)
    for _ in range(rule_lab_app.SHOWN_CACHE + 3):
        app.new_series()
    assert len(app._shown) == rule_lab_app.SHOWN_CACHE
