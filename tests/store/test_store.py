"""The cohort store's public API: names, projects, points, cycles, games, overview."""

from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np
import pandas as pd
import pytest

from qikit.errors import ColumnError, DataError, InputError, QikitError
from qikit.improve.pdsa import PDSACycle
from qikit.improve.project import Project
from qikit.store import ConflictError, NotFoundError, Store, StoreError, open_store
from tests.store.helpers import MONTHLY, MONTHLY_ID, make_project, points_in

COHORT, TEAM = "Spring 2025", "Ward 6"
#: The example project's name (tests/store/helpers.py).
PROJECT = "Fewer pressure ulcers in Ashgrove House"
#: A date after the example project's last month, so appended points sort last.
LATER = "2025-04-06"


# ----------------------------------------------------------- cohorts, teams, learners
def test_get_or_create_is_idempotent_and_trims(store):
    cohort = store.get_or_create_cohort(" Spring 2025 ")
    assert store.get_or_create_cohort("Spring 2025") == cohort
    team = store.get_or_create_team(COHORT, "Ward 3")
    assert store.get_or_create_team(" Spring 2025", "\u00a0Ward 3  ") == team
    assert store.get_or_create_team("Autumn 2024", "Ward 3") != team  # per cohort
    learner = store.get_or_create_learner(COHORT, "Aisha")
    assert store.get_or_create_learner(COHORT, " Aisha ", team="Ward 3") == learner
    frame = store.list_learners(COHORT)
    assert frame.to_dict("records")[0]["team"] == "Ward 3"  # moved into the team
    store.get_or_create_learner(COHORT, "Aisha", team="Ward 4")
    assert store.list_learners(COHORT)["team"].tolist() == ["Ward 4"]
    assert store.list_cohorts()["cohort"].tolist() == ["Autumn 2024", "Spring 2025"]
    assert store.list_teams(COHORT)[["team", "learners"]].values.tolist() == [
        ["Ward 3", 0],
        ["Ward 4", 1],
    ]
    assert str(store.list_teams(COHORT)["created_at"].dt.tz) == "UTC"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "",
            "`team`: a name cannot be empty (got ''). Type the team's name, for "
            "example 'Ward 3'.",
        ),
        (
            "   ",
            "`team`: a name cannot be empty (got '   '). Type the team's name, for "
            "example 'Ward 3'.",
        ),
        (
            3,
            "`team`: a name must be text (got 3). Type the team's name in quotes, for "
            "example 'Ward 3'.",
        ),
        (
            "W" * 201,
            "`team`: a name can have at most 200 characters, and this one has 201 "
            f"(got '{'W' * 56}...). Use a shorter name, such as 'Ward 3'.",
        ),
        (
            "Ward\n3",
            "`team`: a name must be ordinary text on one line, without tabs, line "
            "breaks or invisible control characters (got 'Ward\\n3'). Retype the "
            "name rather than pasting it.",
        ),
    ],
)
def test_bad_names_have_messages(store, value, message):
    with pytest.raises(InputError) as info:
        store.get_or_create_team(COHORT, value)
    assert str(info.value) == message
    assert store.list_cohorts().empty  # nothing half-created


def test_name_of_exactly_200_characters_is_fine(store):
    store.get_or_create_team(COHORT, "W" * 200)
    assert store.list_teams(COHORT)["team"].tolist() == ["W" * 200]


def test_messages_name_the_argument(store):
    with pytest.raises(InputError, match=r"^`cohort`: a name cannot be empty"):
        store.get_or_create_cohort("")
    with pytest.raises(InputError, match=r"^`learner`: .*for example 'Aisha Khan'"):
        store.get_or_create_learner(COHORT, "")
    with pytest.raises(InputError) as info:
        store.append_points([("2024-03-04", 1)], 1, recorded_by=" ")
    assert str(info.value) == (
        "`recorded_by`: a name cannot be empty (got ' '). Type the name of whoever "
        "entered the values, for example 'Aisha Khan'."
    )
    with pytest.raises(InputError, match=r"^`game`: .*for example 'red beads'"):
        store.record_game_result({}, COHORT, None)


def test_not_found_lists_what_is_stored(store):
    with pytest.raises(NotFoundError) as info:
        store.list_teams("Spring")
    assert str(info.value) == (
        "`cohort`: no cohort of this name in this store (got 'Spring'). There are no "
        "cohorts in this store yet. Create one with store.get_or_create_cohort(name)."
    )
    store.get_or_create_team(COHORT, "Ward 3")
    store.get_or_create_team(COHORT, "Ward 4")
    with pytest.raises(NotFoundError) as info:
        store.list_teams("Spring")
    assert str(info.value) == (
        "`cohort`: no cohort of this name in this store (got 'Spring'). The cohorts "
        "in this store are: 'Spring 2025'. Check the spelling."
    )
    with pytest.raises(NotFoundError) as info:
        store.measure_data(COHORT, team="Ward 9")
    assert str(info.value) == (
        "`team`: no team of this name in this cohort (got 'Ward 9'). The teams in "
        "this cohort are: 'Ward 3', 'Ward 4'. Check the spelling."
    )
    with pytest.raises(NotFoundError) as info:
        store.load_project(COHORT, "Ward 3", "Falls")
    assert str(info.value) == (
        "`project`: no project of this name in this team (got 'Falls'). There are "
        "no projects in this team yet. Save one with store.save_project(project, "
        "cohort, team)."
    )
    assert isinstance(info.value, LookupError)


def test_not_found_list_is_cut_short(store):
    for i in range(15):
        store.get_or_create_cohort(f"Cohort {i:02d}")
    with pytest.raises(
        NotFoundError, match=r"'Cohort 11', \.\.\.\. Check the spelling"
    ):
        store.list_teams("Cohort 99")


# --------------------------------------------------------------------------- projects
def test_project_round_trip(store):
    project = make_project()
    assert store.save_project(project, COHORT, TEAM) == 1
    loaded = store.load_project(COHORT, TEAM, project.name)
    assert loaded == project
    assert loaded.to_dict() == project.to_dict()
    # by id too, and after a reopen
    assert store.load_project(COHORT, TEAM, project.id) == project
    store.close()
    with open_store(store.engine.url.database) as again:
        assert again.load_project(COHORT, TEAM, project.name) == project


def test_project_given_as_dict(store):
    project = make_project()
    store.save_project(project.to_dict(), COHORT, TEAM)
    assert store.load_project(COHORT, TEAM, project.name) == project


def test_project_listing_counts(store):
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    store.save_project(make_project("Quicker letters", cycles=0), COHORT, "Ward 3")
    frame = store.list_projects(COHORT)
    measures, points = len(project.measures), points_in(project)
    assert (measures, points, len(project.pdsa_cycles)) == (6, 77, 4)
    assert frame[
        ["team", "project", "measures", "points", "cycles"]
    ].values.tolist() == [
        ["Ward 3", "Quicker letters", measures, points, 0],
        ["Ward 6", PROJECT, measures, points, 4],
    ]
    assert list(frame.columns) == [
        "team",
        "project",
        "project_id",
        "measures",
        "points",
        "cycles",
        "revision",
        "created_at",
        "updated_at",
    ]


def test_saving_again_replaces_and_keeps_unchanged_points(store):
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    monthly = store.measure_id(COHORT, TEAM, project.name, MONTHLY)
    store.append_points([(LATER, 2, 300)], monthly, recorded_by="Aisha")
    before = store.measure_data(COHORT, measure=MONTHLY)
    kept = len(project.measures[0].data)  # the points saved with the project
    loaded = store.load_project(COHORT, TEAM, project.name)
    loaded.measures[0].data.loc[kept, "y"] = 1.0  # correct the last value
    del loaded.measures[-1]  # drop the empty measure
    loaded.pdsa_cycles.pop(0)
    loaded.name = "Fewer falls"  # renamed: still the same project
    assert store.save_project(loaded, COHORT, TEAM) == 3
    after = store.measure_data(COHORT, measure=MONTHLY)
    assert len(after) == kept + 1
    pd.testing.assert_series_equal(after["y"].iloc[:kept], before["y"].iloc[:kept])
    assert after["y"].tolist()[kept] == 1.0
    assert after["recorded_at"].tolist()[:kept] == before["recorded_at"].tolist()[:kept]
    assert after["recorded_by"].isna().all()  # the corrected point was re-recorded
    listing = store.list_projects(COHORT)
    assert listing[["project", "measures", "cycles"]].values.tolist() == [
        ["Fewer falls", len(project.measures) - 1, len(project.pdsa_cycles) - 1]
    ]
    assert store.load_project(COHORT, TEAM, "Fewer falls") == loaded


def test_two_projects_with_one_name_are_refused(store):
    store.save_project(make_project(), COHORT, TEAM)
    other = make_project()  # same name, another id
    with pytest.raises(InputError) as info:
        store.save_project(other, COHORT, TEAM)
    assert str(info.value) == (
        f"`project`: team 'Ward 6' already has a different project called "
        f"{PROJECT!r} (got {PROJECT!r}). Give this project another name, or load "
        "the stored one with store.load_project() and make your changes there."
    )
    store.save_project(other, COHORT, "Ward 3")  # another team may use the name


def test_expected_revision_prevents_lost_updates(store):
    project = make_project()
    assert store.save_project(project, COHORT, TEAM, expected_revision=0) == 1
    revision = store.project_revision(COHORT, TEAM, project.name)
    mine = store.load_project(COHORT, TEAM, project.name)
    monthly = store.measure_id(COHORT, TEAM, project.name, MONTHLY)
    store.append_points([(LATER, 1)], monthly)  # a colleague adds a point
    with pytest.raises(ConflictError) as info:
        store.save_project(mine, COHORT, TEAM, expected_revision=revision)
    assert str(info.value) == (
        f"Cannot save {PROJECT!r} for team 'Ward 6': it changed in the cohort store "
        "since you opened it (stored revision 2; yours is 1). Nothing was saved. "
        "Load the project again, make your change, and save it."
    )
    assert isinstance(info.value, StoreError)
    assert len(store.measure_data(COHORT, measure=MONTHLY)) == (
        len(project.measures[0].data) + 1
    )
    with pytest.raises(ConflictError):
        store.save_project(make_project("New"), COHORT, TEAM, expected_revision=3)
    with pytest.raises(InputError) as bad:
        store.save_project(mine, COHORT, TEAM, expected_revision=-1)
    assert str(bad.value) == (
        "`expected_revision`: must be a whole number from 0 up (got -1). Pass the "
        "revision from store.project_revision(...), or leave it out."
    )


@pytest.mark.parametrize(
    ("project", "message"),
    [
        (
            "falls.qiproj.json",
            "`project`: expected a Project (got 'falls.qiproj.json'). Build one with "
            "qikit.improve.project.Project(name, ...) or load it from its file.",
        ),
        # Project.from_dict's own message, which names the part (its wording is
        # qikit.improve's)
        ({"name": "Falls"}, "`project"),
        (
            Project("  "),
            "`project.name`: a name cannot be empty (got '  '). Type the project's "
            "name, for example 'Fewer falls on Ward 6'.",
        ),
        (
            Project("Falls", id="x" * 201),
            "`project.id`: the id must be text of 1 to 200 characters (got 'xxxxxxxx",
        ),
    ],
)
def test_unusable_projects_have_messages(store, project, message):
    with pytest.raises(InputError) as info:
        store.save_project(project, COHORT, TEAM)
    assert str(info.value).startswith(message)


def test_unusable_ids_name_their_place(store):
    project = make_project()
    project.measures[1].id = "m" * 201
    with pytest.raises(InputError) as info:
        store.save_project(project, COHORT, TEAM)
    assert str(info.value).startswith(
        "`project.measures[1].id`: the id must be text of 1 to 200 characters (got 'mmm"
    )
    assert str(info.value).endswith("Leave the id out and qikit makes one.")
    project = make_project()
    project.pdsa_cycles[1].id = "c" * 201
    with pytest.raises(InputError, match=r"^`project\.pdsa_cycles\[1\]\.id`: the id"):
        store.save_project(project, COHORT, TEAM)
    store.save_project(make_project(), COHORT, TEAM)
    cycle = PDSACycle(objective="Huddle", id="c9")
    cycle.id = "c" * 201
    with pytest.raises(InputError, match=r"^`cycle\.id`: the id must be text"):
        store.add_pdsa_cycle(cycle, COHORT, TEAM, PROJECT)


def test_damaged_stored_project_gives_store_error(store):
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    with store.engine.begin() as conn:
        conn.exec_driver_sql('UPDATE projects SET document = \'{"format": "x"}\'')
    with pytest.raises(StoreError) as info:
        store.load_project(COHORT, TEAM, project.name)
    assert str(info.value).startswith(
        f"The stored project {PROJECT!r} of team 'Ward 6' cannot be read (Cannot open"
    )
    assert str(info.value).endswith(
        "Nothing was changed in the store; ask your trainer to check it."
    )


# ----------------------------------------------------------- measures and data points
def test_append_points_then_load_includes_them(store):
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    monthly = store.measure_id(COHORT, TEAM, project.name, MONTHLY_ID)
    assert monthly == store.measure_id(COHORT, TEAM, project.name, MONTHLY)
    rows = pd.DataFrame(
        {"x": pd.to_datetime(["2025-04-01", "2025-05-01"]), "y": [1, np.nan], "n": 300}
    )
    assert store.append_points(rows, monthly, recorded_by="Aisha") == 2
    loaded = store.load_project(COHORT, TEAM, project.name)
    project.measures[0].add_point(pd.Timestamp("2025-04-01"), 1, 300)
    project.measures[0].add_point(pd.Timestamp("2025-05-01"), None, 300)
    assert loaded == project
    assert store.project_revision(COHORT, TEAM, project.name) == 2


def test_append_points_to_each_kind_of_measure(store):
    project = make_project()
    store.save_project(project, COHORT, TEAM)

    def mid(name):
        return store.measure_id(COHORT, TEAM, project.name, name)

    store.append_points([(4, 15, 20), (4.5, 1, 2)], mid("Risk assessment done"))
    store.append_points([{"x": "Week 3", "y": 7}], mid("Agency staff briefed"))
    store.append_points([(dt.date(2024, 1, 7), 30)], mid("Time walking"))
    store.append_points([("2024-01-14T10:30:00", 35)], mid("Time walking"))
    loaded = store.load_project(COHORT, TEAM, project.name)
    data = {m.name: m.data for m in loaded.measures}
    assert data["Risk assessment done"]["x"].tolist() == [1, 2, 3, 4, 4.5]
    assert data["Agency staff briefed"]["x"].tolist() == ["Week 1", "Week 2", "Week 3"]
    walking = data["Time walking"]
    assert walking["x"].tolist() == [
        pd.Timestamp("2024-01-07"),
        pd.Timestamp("2024-01-14 10:30"),
    ]
    assert "n" not in walking
    assert loaded.to_dict()["measures"][-1]["data"]["x_type"] == "datetime"


def test_append_points_reads_uk_dates_day_first(store):
    # as qic() reads x: 04/03/2024 is 4 March 2024, never 3 April, never a label
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    walking = store.measure_id(COHORT, TEAM, PROJECT, "Time walking")  # no data yet
    rows = [("04/03/2024", 30), ("11/03/2024", 35), ("18 Mar 2024", 31)]
    assert store.append_points(rows, walking) == 3
    monthly = store.measure_id(COHORT, TEAM, PROJECT, MONTHLY)  # dates already
    table = pd.DataFrame({"x": ["01/06/2025", "01/07/2025 09:30"], "y": [2, 1]})
    assert store.append_points(table, monthly) == 2
    loaded = store.load_project(COHORT, TEAM, PROJECT)
    data = {m.name: m.data for m in loaded.measures}
    assert data["Time walking"]["x"].tolist() == [
        pd.Timestamp("2024-03-04"),
        pd.Timestamp("2024-03-11"),
        pd.Timestamp("2024-03-18"),
    ]
    assert loaded.to_dict()["measures"][-1]["data"]["x_type"] == "date"
    assert data[MONTHLY]["x"].tolist()[-2:] == [
        pd.Timestamp("2025-06-01"),
        pd.Timestamp("2025-07-01 09:30"),
    ]
    # a measure of labels keeps what was written
    briefed = store.measure_id(COHORT, TEAM, PROJECT, "Agency staff briefed")
    assert store.append_points([("04/03/2024", 4)], briefed) == 1
    assert store.measure_data(COHORT, measure="Agency staff briefed")["x"].tolist() == [
        "Week 1",
        "Week 2",
        "04/03/2024",
    ]


@pytest.mark.parametrize("text", ["31/02/2024", "03/25/2024"])
def test_append_points_refuses_a_date_that_is_not_real(store, text):
    store.save_project(make_project(), COHORT, TEAM)
    walking = store.measure_id(COHORT, TEAM, PROJECT, "Time walking")
    with pytest.raises(InputError) as info:
        store.append_points([("04/03/2024", 30), (text, 31)], walking)
    assert str(info.value) == (
        f"`rows`: row 2 has an x that looks like a date but is not a real one (got "
        f"{text!r}). qikit reads dates day first, as in the UK (04/03/2024 is 4 March "
        "2024). Write the date as day/month/year, such as '31/03/2024', or as "
        "'2024-03-31'."
    )
    assert store.measure_data(COHORT, measure="Time walking").empty


def test_append_points_checks_x_against_the_measure(store):
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    monthly = store.measure_id(COHORT, TEAM, project.name, MONTHLY)
    audits = store.measure_id(COHORT, TEAM, project.name, "Risk assessment done")
    walking = store.measure_id(COHORT, TEAM, project.name, "Time walking")
    with pytest.raises(InputError) as info:
        store.append_points([("2024-02-04", 1), ("Week 3", 2)], monthly)
    assert str(info.value) == (
        "`rows`: row 2 has an x that is not a date (got 'Week 3'). This measure's "
        "x values are dates: give a date such as '2024-03-04'."
    )
    with pytest.raises(InputError) as info:
        store.append_points([("2024-02-04", 1)], audits)
    assert str(info.value) == (
        "`rows`: row 1 has an x that is not a number (got '2024-02-04'). This "
        "measure's x values are numbers: give a number such as 12."
    )
    with pytest.raises(InputError) as info:
        store.append_points([("2024-02-04", 1), (3, 1)], walking)
    assert str(info.value) == (
        "`rows`: the x values mix dates, numbers and labels (row 1 has "
        "'2024-02-04', row 2 has 3). Use one kind for every point: dates such as "
        "'2024-03-04', numbers, or labels such as 'Week 1'."
    )
    assert store.list_projects(COHORT)["points"].tolist() == [points_in(project)]
    assert store.append_points([], walking) == 0


@pytest.mark.parametrize(
    ("rows", "error", "message"),
    [
        (
            [(None, 1)],
            InputError,
            "`rows`: row 1 has no x (got None). Give each value the date or period it "
            "belongs to, such as '2024-03-04' or 'Week 12'.",
        ),
        (
            [("2024-03-04", 1), (True, 2)],
            InputError,
            "`rows`: row 2 has an x that cannot be used as a date or period (got "
            "True). Use a date such as '2024-03-04', a number, or a short label such "
            "as 'Week 12' (at most 64 characters, on one line).",
        ),
        (
            [("2024-03-04", "12 patients")],
            DataError,
            "`rows`: row 1 has a y (the value) that is not a number (got '12 "
            "patients'). Type numbers only, such as 12 or 0.85, or leave it empty "
            "when it is missing.",
        ),
        (
            [("2024-03-04", 1, "twenty")],
            DataError,
            "`rows`: row 1 has a n (the denominator) that is not a number (got "
            "'twenty'). Type numbers only, such as 12 or 0.85, or leave it empty when "
            "it is missing.",
        ),
        (
            [("2024-03-04", 1, -2)],
            DataError,
            "`rows`: row 1 has a negative n (got -2). n is the denominator (patients, "
            "bed days, opportunities) and is zero or more.",
        ),
        (
            [("2024-03-04", float("inf"))],
            DataError,
            "`rows`: row 1 has a y (the value) that is not a number (got inf).",
        ),
        (
            "2024-03-04,12",
            InputError,
            "`rows`: expected a table of data points (got '2024-03-04,12'). Pass a "
            "DataFrame with columns x, y and optionally n, or a list such as "
            "[('2024-03-04', 12), ('2024-03-11', 9)].",
        ),
        (
            pd.DataFrame({"date": ["2024-03-04"], "value": [3]}),
            ColumnError,
            "`x`: there is no column called 'x' in the data. Check the spelling and "
            "capital letters. The columns are: 'date', 'value'. Say which columns "
            "hold the dates or periods, the values and the denominators with x=, y= "
            "and n=, or name the columns x, y and n.",
        ),
        (
            [{"x": "2024-03-04"}],
            ColumnError,
            "`rows`: row 1 needs the keys 'x' and 'y' (got {'x': '2024-03-04'}). "
            "Write each row as {'x': '2024-03-04', 'y': 12}.",
        ),
        (
            [("2024-03-04",)],
            InputError,
            "`rows`: row 1 is not a data point (got ('2024-03-04',)). Write each row "
            "as (x, y) or (x, y, n), such as ('2024-03-04', 12).",
        ),
    ],
)
def test_bad_rows_have_messages(store, rows, error, message):
    store.save_project(make_project(), COHORT, TEAM)
    walking = store.measure_id(COHORT, TEAM, PROJECT, "Time walking")
    with pytest.raises(error) as info:
        store.append_points(rows, walking)
    assert str(info.value).startswith(message)
    assert type(info.value) is error


def test_append_points_reads_the_columns_named(store):
    store.save_project(make_project(), COHORT, TEAM)
    falls = store.measure_id(COHORT, TEAM, PROJECT, MONTHLY)
    table = pd.DataFrame({"Week": [LATER], "Falls": [2], "Bed days": [310], "n": [1]})
    assert store.append_points(table, falls, x="Week", y="Falls", n="Bed days") == 1
    data = store.measure_data(COHORT, measure=MONTHLY)
    assert data[["y", "n"]].iloc[-1].tolist() == [2.0, 310.0]
    dicts = [{"Week": "2025-04-13", "Falls": 3}]
    assert store.append_points(dicts, falls, x="Week", y="Falls") == 1
    with pytest.raises(ColumnError) as info:
        store.append_points(table, falls, x="week", y="Falls")
    assert str(info.value) == (
        "`x`: there is no column called 'week' in the data. Did you mean 'Week'? The "
        "columns are: 'Week', 'Falls', 'Bed days', 'n'. Say which columns hold the "
        "dates or periods, the values and the denominators with x=, y= and n=, or "
        "name the columns x, y and n."
    )
    with pytest.raises(ColumnError, match=r"^`n`: there is no column called 'beds'"):
        store.append_points(table, falls, x="Week", y="Falls", n="beds")
    with pytest.raises(ColumnError) as info:
        store.append_points(dicts, falls, x="Week", y="falls")
    assert str(info.value) == (
        "`rows`: row 1 needs the keys 'Week' and 'falls' (got {'Week': "
        "'2025-04-13', 'Falls': 3}). Write each row as {'Week': '2024-03-04', "
        "'falls': 12}."
    )
    assert len(store.measure_data(COHORT, measure=MONTHLY)) == len(data) + 1


def _name(measure):
    return measure.name


def test_bad_measure_numbers_have_messages(store):
    with pytest.raises(InputError) as info:
        store.append_points([("2024-03-04", 1)], "Falls")
    assert str(info.value) == (
        "`measure`: expected the measure's number in the store (got 'Falls'). Look "
        "it up with store.measure_id(cohort, team, project, measure)."
    )
    with pytest.raises(NotFoundError) as info:
        store.append_points([("2024-03-04", 1)], 99)
    assert str(info.value) == (
        "`measure`: no measure has this number in the store (got 99). Look the "
        "number up with store.measure_id(cohort, team, project, measure)."
    )
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    with pytest.raises(NotFoundError) as info:
        store.measure_id(COHORT, TEAM, PROJECT, "Falls")
    names = ", ".join(repr(m.name) for m in sorted(project.measures, key=_name))
    assert str(info.value) == (
        "`measure`: no measure of this name in this project (got 'Falls'). The "
        f"measures in this project are: {names}. Check the spelling."
    )
    assert names.startswith("'Agency staff briefed', 'Care staff overtime hours")


def test_measure_data_is_tidy_and_typed(store):
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    store.save_project(make_project("Falls on Ward 3", cycles=0), COHORT, "Ward 3")
    ward3 = store.measure_id(COHORT, "Ward 3", "Falls on Ward 3", MONTHLY)
    store.append_points([("2023-01-01", 9, 280)], ward3)  # late entry, earlier month
    data = store.measure_data(COHORT, measure=MONTHLY)
    assert list(data.columns) == [
        "team",
        "project",
        "measure",
        "measure_key",
        "measure_id",
        "kind",
        "unit",
        "x",
        "y",
        "n",
        "recorded_at",
        "recorded_by",
    ]
    assert data["x"].dtype.kind == "M"
    months = len(project.measures[0].data)
    assert data["team"].tolist() == ["Ward 3"] * (months + 1) + ["Ward 6"] * months
    assert data["x"].iloc[0] == pd.Timestamp("2023-01-01")  # sorted by x
    assert data[data["team"] == "Ward 3"]["x"].is_monotonic_increasing
    numbers = store.measure_data(COHORT, team="Ward 6", measure="Risk assessment done")
    assert numbers["x"].tolist() == [1, 2, 3] and numbers["x"].dtype.kind == "i"
    labels = store.measure_data(
        COHORT, project="Falls on Ward 3", measure="agency-staff-briefed"
    )
    assert labels["x"].tolist() == ["Week 1", "Week 2"]
    assert labels["y"].isna().tolist() == [False, True]  # missing values stay missing
    mixed = store.measure_data(COHORT, team="Ward 6")
    assert len(mixed) == points_in(project) and mixed["x"].dtype == object
    assert store.measure_data(COHORT, measure="Nothing").empty


# ------------------------------------------------------------------------ PDSA cycles
def test_pdsa_cycles_frame_and_add(store):
    project = make_project(cycles=2)
    store.save_project(project, COHORT, TEAM)
    new = PDSACycle(objective="Huddle on nights", change_idea="night-huddle", id="c3")
    assert store.add_pdsa_cycle(new, COHORT, TEAM, project.name) == "c3"
    frame = store.pdsa_cycles(COHORT)
    assert frame["cycle_id"].tolist() == ["pu-cycle-1", "pu-cycle-2", "c3"]
    assert frame["decision"].tolist()[1] == "adapt"
    assert frame["start"].tolist()[:2] == [
        pd.Timestamp(2024, 3, 4),
        pd.Timestamp(2024, 3, 18),
    ]
    assert frame["start"].isna().tolist() == [False, False, True]
    assert (
        PDSACycle.from_dict(frame["document"].iloc[2]).objective == "Huddle on nights"
    )
    clock = store.pdsa_cycles(COHORT, team=TEAM, change_idea="c-reposition-clock")
    assert clock["cycle_id"].tolist() == ["pu-cycle-1", "pu-cycle-2"]
    # the same id again replaces the cycle and keeps its place
    changed = PDSACycle(
        objective="Huddle on nights, v2", change_idea="night-huddle", id="c3"
    )
    store.add_pdsa_cycle(changed.to_dict(), COHORT, TEAM, project.name)
    assert store.pdsa_cycles(COHORT)["objective"].tolist()[2] == "Huddle on nights, v2"
    loaded = store.load_project(COHORT, TEAM, project.name)
    project.pdsa_cycles.append(changed)
    assert loaded == project


def test_bad_cycles_have_messages(store):
    store.save_project(make_project(), COHORT, TEAM)
    with pytest.raises(InputError) as info:
        store.add_pdsa_cycle("cycle 3", COHORT, TEAM, PROJECT)
    assert str(info.value) == (
        "`cycle`: expected a PDSACycle (got 'cycle 3'). Build one with "
        "qikit.improve.pdsa.PDSACycle(...)."
    )
    with pytest.raises(InputError) as info:
        store.add_pdsa_cycle({"colour": "red"}, COHORT, TEAM, PROJECT)
    assert str(info.value).startswith(
        "`cycle.colour`: is not a field of a PDSACycle (got 'colour'). Remove it; "
    )
    with pytest.raises(InputError) as info:
        store.pdsa_cycles(COHORT, change_idea=3)
    assert str(info.value) == (
        "`change_idea`: expected the change idea's id as text (got 3). Leave it out "
        "to see every cycle."
    )


# ------------------------------------------------------------------------------ games
def test_game_results_are_tidy(store):
    store.record_game_result(
        {"red": np.int64(12), "day": dt.date(2024, 3, 4), "beads": {"white": 38}},
        COHORT,
        "red beads",
        team="Ward 3",
        learner="Aisha",
        round=2,
    )
    store.record_game_result({"red": 9, "team": "B"}, COHORT, "red beads", round=1)
    store.record_game_result({"rule": 1, "distance": 3.5}, COHORT, "funnel")
    frame = store.game_results(COHORT, "red beads")
    assert frame["round"].tolist() == [1, 2]
    assert frame["team"].isna().tolist() == [True, False]
    assert frame["learner"].tolist()[1] == "Aisha"
    assert frame["red"].tolist() == [9, 12]
    assert frame["beads.white"].tolist()[1] == 38
    assert frame["day"].tolist()[1] == "2024-03-04"
    assert frame["payload.team"].tolist()[0] == "B"
    assert set(store.game_results(COHORT)["game"]) == {"funnel", "red beads"}
    assert store.game_results(COHORT, "dice").empty
    assert store.list_learners(COHORT)["team"].tolist() == ["Ward 3"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"payload": [12]},
            "`payload`: a game result must be a dictionary of named values (got [12]). "
            "For example {'red_beads': 12, 'willing_worker': 'Aisha'}.",
        ),
        (
            {"payload": {"red": float("nan")}},
            "`payload`: the result holds a value that cannot be stored (Out of range "
            "float values are not JSON compliant",
        ),
        ({"payload": {"red": {1, 2}}}, "`payload`: the result holds a value that"),
        (
            {"payload": {}, "round": 1.5},
            "`round`: the round must be a whole number from 0 to 1,000,000 (got 1.5). "
            "Number the rounds 1, 2, 3, ..., or leave it out.",
        ),
        ({"payload": {}, "round": True}, "`round`: the round must be a whole number"),
    ],
)
def test_bad_game_results_have_messages(store, kwargs, message):
    with pytest.raises(InputError) as info:
        store.record_game_result(cohort=COHORT, game="red beads", **kwargs)
    assert str(info.value).startswith(message)


# ---------------------------------------------------------------- the trainer's board
def test_cohort_overview(store):
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    store.get_or_create_learner(COHORT, "Ben", team="Ward 3")
    store.get_or_create_learner(COHORT, "Cara", team="Ward 3")
    store.record_game_result({"red": 3}, COHORT, "red beads", team="Ward 3")
    overview = store.cohort_overview(COHORT)
    assert overview.drop(columns="last_activity").to_dict("records") == [
        {
            "team": "Ward 3",
            "learners": 2,
            "projects": 0,
            "measures": 0,
            "points": 0,
            "cycles": 0,
            "game_results": 1,
        },
        {
            "team": "Ward 6",
            "learners": 0,
            "projects": 1,
            "measures": len(project.measures),
            "points": points_in(project),
            "cycles": len(project.pdsa_cycles),
            "game_results": 0,
        },
    ]
    assert str(overview["last_activity"].dt.tz) == "UTC"
    before = overview["last_activity"].iloc[1]
    walking = store.measure_id(COHORT, TEAM, PROJECT, "Time walking")
    store.append_points([("2024-01-07", 20)], walking)
    after = store.cohort_overview(COHORT)
    assert after["last_activity"].iloc[1] > before
    assert after["points"].tolist() == [0, points_in(project) + 1]
    store.get_or_create_cohort("Empty")
    assert store.cohort_overview("Empty").empty


# --------------------------------------------------------- the order of the arguments
def test_store_has_every_verb():
    # the parts (people, projects, measures, PDSA, games, overview) make one Store
    public = sorted(name for name in dir(Store) if not name.startswith("_"))
    assert public == [
        "add_pdsa_cycle",
        "append_points",
        "close",
        "cohort_overview",
        "engine",
        "game_results",
        "get_or_create_cohort",
        "get_or_create_learner",
        "get_or_create_team",
        "list_cohorts",
        "list_learners",
        "list_measures",
        "list_projects",
        "list_teams",
        "load_project",
        "measure_data",
        "measure_id",
        "pdsa_cycles",
        "project_revision",
        "record_game_result",
        "save_project",
        "schema_version",
        "url",
    ]
    assert Store.__module__ == "qikit.store.store"


def _old_order(method: str, old: str, new: str):
    """The warning for ``store.method(old)``; it shows the new order."""
    return pytest.warns(
        DeprecationWarning,
        match=rf"^store\.{method}\({old}\) is the old order of the arguments: write "
        rf"store\.{method}\({new}\)\. What is stored comes first",
    )


def test_save_project_takes_the_project_first(store, no_warnings):
    project = make_project()
    with no_warnings:
        assert store.save_project(project, COHORT, TEAM) == 1
        assert store.save_project(project, cohort=COHORT, team=TEAM) == 2
        assert store.save_project(cohort=COHORT, team=TEAM, project=project) == 3
    with _old_order("save_project", "cohort, team, project", "project, cohort, team"):
        assert store.save_project(COHORT, TEAM, project) == 4
    with _old_order("save_project", "cohort, team, project", "project, cohort, team"):
        store.save_project(COHORT, "Ward 3", project.to_dict(), expected_revision=0)
    assert store.load_project(COHORT, "Ward 3", project.name) == project
    assert store.list_projects(COHORT)[["team", "revision"]].values.tolist() == [
        ["Ward 3", 1],
        ["Ward 6", 4],
    ]


def test_old_order_warning_points_at_the_caller(store):
    with pytest.warns(DeprecationWarning) as caught:
        store.save_project(COHORT, TEAM, make_project())
    assert [w.filename for w in caught] == [__file__]


def test_add_pdsa_cycle_takes_the_cycle_first(store, no_warnings):
    project = make_project(cycles=0)
    store.save_project(project, COHORT, TEAM)
    first = PDSACycle(objective="Huddle", id="c1")
    with no_warnings:
        assert store.add_pdsa_cycle(first, COHORT, TEAM, project.name) == "c1"
    second = PDSACycle(objective="Huddle on nights", id="c2")
    with _old_order(
        "add_pdsa_cycle",
        "cohort, team, project, cycle",
        "cycle, cohort, team, project",
    ):
        assert store.add_pdsa_cycle(COHORT, TEAM, project.name, second) == "c2"
    with _old_order(
        "add_pdsa_cycle",
        "cohort, team, project, cycle",
        "cycle, cohort, team, project",
    ):
        store.add_pdsa_cycle(COHORT, TEAM, project.name, {"objective": "x", "id": "c3"})
    cycles = store.pdsa_cycles(COHORT)
    assert cycles["cycle_id"].tolist() == ["c1", "c2", "c3"]
    assert cycles["objective"].tolist() == ["Huddle", "Huddle on nights", "x"]


def test_append_points_takes_the_rows_first(store, no_warnings):
    store.save_project(make_project(), COHORT, TEAM)
    walking = store.measure_id(COHORT, TEAM, PROJECT, "Time walking")
    with no_warnings:
        assert store.append_points([("2024-01-07", 30)], walking) == 1
    with _old_order("append_points", "measure, rows", "rows, measure"):
        assert store.append_points(walking, [("2024-01-14", 35)], recorded_by="A") == 1
    data = store.measure_data(COHORT, measure="Time walking")
    assert data["y"].tolist() == [30.0, 35.0]
    assert data["recorded_by"].isna().tolist() == [True, False]
    assert data["recorded_by"].iloc[1] == "A"


def test_record_game_result_takes_the_payload_first(store, no_warnings):
    with no_warnings:
        store.record_game_result({"red": 12}, COHORT, "red beads", round=1)
    with _old_order(
        "record_game_result", "cohort, game, payload", "payload, cohort, game"
    ):
        store.record_game_result(COHORT, "red beads", {"red": 9}, round=2)
    results = store.game_results(COHORT, "red beads")
    assert results[["round", "red"]].values.tolist() == [[1, 12], [2, 9]]


# ----------------------------------------------------------- no SQL from user strings
NASTY = [
    "Ward 3'; DROP TABLE teams;--",
    "Robert'); DROP TABLE learners; --",
    '" OR 1=1 --',
    "%_\\ LIKE '%'",
    "x'||(SELECT name FROM sqlite_master)||'",
]


def test_injection_safe_names(store, tmp_path):
    for i, name in enumerate(NASTY):
        store.get_or_create_team(name, name)
        store.get_or_create_learner(name, name, team=name)
        project = make_project(name, cycles=1)
        store.save_project(project, name, name)
        falls = store.measure_id(name, name, name, "Time walking")
        store.append_points([("2024-01-07", i)], falls, recorded_by=name)
        store.record_game_result({name: name}, name, name, team=name, learner=name)
        assert store.load_project(name, name, name) == store.load_project(
            name, name, project.id
        )
    assert sorted(store.list_cohorts()["cohort"]) == sorted(NASTY)
    for name in NASTY:
        assert store.list_teams(name)["team"].tolist() == [name]
        assert store.list_learners(name)["learner"].tolist() == [name]
        assert store.measure_data(name, measure="Time walking")[
            "recorded_by"
        ].tolist() == [name]
        assert store.game_results(name)[name].tolist() == [name]
        assert store.cohort_overview(name)["points"].tolist() == [
            points_in(make_project()) + 1
        ]
    with pytest.raises(NotFoundError):
        store.list_teams("' OR '1'='1")
    path = store.engine.url.database
    store.close()
    with sqlite3.connect(path) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert {"teams", "learners", "projects", "data_points"} <= tables
        assert raw.execute("SELECT count(*) FROM teams").fetchone() == (len(NASTY),)
    raw.close()


def test_store_errors_are_qikit_errors():
    assert issubclass(StoreError, QikitError)
    assert issubclass(NotFoundError, InputError)
    assert issubclass(ConflictError, StoreError)


def test_project_from_a_newer_qikit_gives_store_error(store):
    project = make_project()
    store.save_project(project, COHORT, TEAM)
    falls = store.measure_id(COHORT, TEAM, project.name, "Time walking")
    store.append_points([("2024-01-07", 20)], falls)  # so the document is rebuilt
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE projects SET document = json_set(document, '$.schema_version', 99)"
        )
    with pytest.raises(StoreError) as info:
        store.load_project(COHORT, TEAM, project.name)
    assert str(info.value).startswith(
        "A stored project cannot be read: Cannot open the project file: it was saved "
        "by a newer version of qikit"
    )


def test_cycle_that_cannot_be_stored(store, monkeypatch):
    store.save_project(make_project(), COHORT, TEAM)
    cycle = PDSACycle(objective="Huddle", id="c9")
    monkeypatch.setattr(PDSACycle, "to_dict", lambda self: {"id": "c9", "x": np.nan})
    with pytest.raises(InputError) as info:
        store.add_pdsa_cycle(cycle, COHORT, TEAM, PROJECT)
    assert str(info.value).startswith(
        "`cycle`: the cycle holds a value that cannot be stored (Out of range float "
        "values are not JSON compliant"
    )
    assert str(info.value).endswith("Check its dates and numbers.")
