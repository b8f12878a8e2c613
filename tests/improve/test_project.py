"""Tests for qikit.improve.project: the Project model, file format, save and load."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from qikit import _io as qikit_io
from qikit.errors import InputError, ProjectFileError, QikitError
from qikit.improve import Finding, projectfile
from qikit.improve import project as project_module
from qikit.improve._json import json_safe
from qikit.improve.aims import Aim
from qikit.improve.examples import example_project
from qikit.improve.measures import Measure
from qikit.improve.pdsa import PDSACycle
from qikit.improve.project import Note, Project
from qikit.improve.projectfile import (
    FILE_FORMAT,
    MIGRATIONS,
    SCHEMA_VERSION,
    load_project,
    migrate_document,
    project_from_bytes,
    project_to_bytes,
    save_project,
)

UTC = dt.UTC
USE_COPY = "If you edited the file by hand, undo the change"
CHOOSE = "Choose the .qiproj.json file you downloaded from qikit."


@pytest.fixture
def document(project) -> dict:
    return json.loads(project_to_bytes(project))


def reason_of(data, **kwargs) -> ProjectFileError:
    with pytest.raises(ProjectFileError) as info:
        project_from_bytes(data, **kwargs)
    return info.value


def as_bytes(document: dict) -> bytes:
    return json.dumps(document).encode()


# ------------------------------------------------------------------------ the model
class TestProjectModel:
    def test_round_trip_through_dict_is_equal(self, project):
        again = Project.from_dict(project.to_dict())
        assert again == project
        assert again is not project
        assert again.to_dict() == project.to_dict()

    def test_equality_notices_every_change(self, project):
        other = example_project()
        assert other == project
        other.measures[0].data.loc[3, "y"] = 99
        assert other != project
        other = example_project()
        other.notes[0].text = "changed"
        assert other != project
        other = example_project()
        other.updated = dt.datetime(2024, 6, 11, tzinfo=UTC)
        assert other != project

    def test_missing_values_compare_equal(self):
        data = pd.DataFrame(
            {
                "x": pd.date_range("2024-01-01", periods=3, freq="W"),
                "y": [1.0, np.nan, 3],
            }
        )
        a = Project("p", measures=[Measure("m", kind="outcome", data=data)], id="p")
        b = Project.from_dict(a.to_dict())
        assert np.isnan(b.measures[0].data["y"][1])
        assert a == b

    def test_comparison_with_another_type(self, project):
        assert project != "a project"
        assert (project == 5) is False

    def test_projects_are_not_hashable(self, project):
        with pytest.raises(TypeError):
            hash(project)

    def test_defaults(self):
        before = dt.datetime.now(UTC).replace(microsecond=0)
        p = Project("Falls")
        assert p.team == "" and p.members == [] and p.aim is None
        assert p.measures == [] and p.pdsa_cycles == [] and p.notes == []
        assert p.driver_diagram is None
        assert before <= p.created <= dt.datetime.now(UTC)
        assert p.updated == p.created
        assert len(p.id) == 32
        assert Project("Falls").id != p.id

    def test_naive_times_are_taken_as_utc(self):
        p = Project("Falls", created=dt.datetime(2024, 1, 1, 12, 0))
        assert p.created == dt.datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
        other = dt.timezone(dt.timedelta(hours=1))
        p = Project("Falls", created=dt.datetime(2024, 1, 1, 12, 0, tzinfo=other))
        assert p.created == dt.datetime(2024, 1, 1, 11, 0, tzinfo=UTC)

    def test_strings_become_notes_and_tuples_lists(self):
        p = Project("Falls", notes=("First huddle",), members=("Aisha",))
        assert isinstance(p.notes[0], Note) and p.notes[0].text == "First huddle"
        assert p.members == ["Aisha"]

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"name": 5}, "`name`: must be text (got 5). Give the project's name"),
            ({"team": None}, "`team`: must be text (got None)"),
            ({"id": ""}, "`id`: must be non-empty text (got ''). Leave it out"),
            ({"members": "Aisha"}, "`members`: must be a list of names (got 'Aisha')"),
            ({"members": ["Aisha", 3]}, "`members[1]`: must be text (got 3)"),
            ({"aim": "Reduce falls"}, "`aim`: must be an Aim or None (got 'Reduce"),
            ({"measures": [{}]}, "`measures[0]`: is not a Measure (got {})"),
            (
                {"driver_diagram": {}},
                "`driver_diagram`: must be a DriverDiagram or None (got {})",
            ),
            ({"pdsa_cycles": [1]}, "`pdsa_cycles[0]`: is not a PDSACycle (got 1)"),
            ({"notes": [1]}, "`notes[0]`: is not a Note (got 1)"),
            ({"created": "2024-01-01"}, "`created`: must be a date and time"),
            ({"updated": dt.date(2024, 1, 1)}, "`updated`: must be a date and time"),
        ],
    )
    def test_construction_rejects_wrong_types(self, changes, message):
        with pytest.raises(InputError) as info:
            Project(**{"name": "Falls", **changes})
        assert str(info.value).startswith(message)

    def test_rules(self):
        assert Project("Falls").rules == "anhoej"
        assert Project("Falls", rules="IHI").rules == "ihi"
        with pytest.raises(InputError) as info:
            Project("Falls", rules="scottish")
        assert str(info.value) == (
            "`rules`: is not one of the choices (got 'scottish'). Use one of: "
            "'anhoej', 'ihi', 'mdc', 'western_electric'."
        )

    def test_helpers(self, project):
        assert project.get_measure("overtime").kind == "balancing"
        name = "Care staff overtime hours per month"
        assert project.get_measure(name).id == "overtime"
        with pytest.raises(InputError) as info:
            project.get_measure("falls")
        assert str(info.value) == (
            "`key`: no measure with this name or id (got 'falls'). The project's "
            "measures are: 'New pressure ulcers per 1,000 occupied bed days', "
            "'Residents with the SSKIN bundle fully completed', "
            "'Care staff overtime hours per month'."
        )
        with pytest.raises(InputError, match="measures are: none yet"):
            Project("x").get_measure("y")
        note = project.add_note("Keep the clock", date=dt.date(2024, 7, 1))
        assert project.notes[-1] is note and not note.key_learning
        assert [n.id for n in project.key_learning()] == ["n1"]
        project.touch(dt.datetime(2025, 1, 1, tzinfo=UTC))
        assert project.updated == dt.datetime(2025, 1, 1, tzinfo=UTC)
        project.touch()
        assert project.updated.year >= 2025

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Fewer falls: Ward 6!", "fewer-falls-ward-6.qiproj.json"),
            ("", "project.qiproj.json"),
            ("***", "project.qiproj.json"),
            ("../../etc/passwd", "etc-passwd.qiproj.json"),
            ("x" * 100, "x" * 60 + ".qiproj.json"),
        ],
    )
    def test_suggested_filename(self, name, expected):
        assert Project(name).suggested_filename() == expected

    def test_to_frame(self, project):
        frame = project.to_frame()
        assert list(frame.columns) == [
            "section", "id", "label", "detail", "n", "start", "end",
        ]  # fmt: skip
        assert frame["section"].tolist() == [
            "aim", "measure", "measure", "measure", "driver_diagram",
            "pdsa_cycle", "pdsa_cycle", "pdsa_cycle", "pdsa_cycle", "note", "note",
        ]  # fmt: skip
        measure = frame.iloc[1]
        assert measure["n"] == 24 and measure["detail"] == "outcome"
        assert measure["start"] == dt.date(2023, 4, 1)
        assert measure["end"] == dt.date(2025, 3, 1)
        assert frame.iloc[0]["end"] == dt.date(2025, 3, 31)
        assert frame.iloc[4]["detail"].endswith("change ideas")
        assert frame.iloc[9]["detail"] == "key learning"

    def test_to_frame_of_an_empty_project(self):
        frame = Project("x").to_frame()
        assert frame.empty and "section" in frame.columns


class TestValidate:
    def test_complete_project_has_no_problems(self, project):
        assert project.validate() == []

    def test_empty_project_asks_the_three_questions(self):
        assert Project("").validate() == [
            "Give the project a name.",
            "Add an aim: what are we trying to accomplish?",
            "Add at least one measure: how will we know that a change is an "
            "improvement?",
            "Add a driver diagram: what changes can we make that will result in "
            "improvement?",
        ]

    def test_parts_report_with_their_names(self, project):
        project.aim = Aim(what="Improve care")
        project.measures.append(Measure("Falls", kind="outcome"))
        project.notes.append(Note("  "))
        problems = project.validate()
        assert "Aim: Add a date: by when?" in problems
        assert any(
            p.startswith("Measure ‘Falls’: ‘Falls’ has no operational")
            for p in problems
        )
        assert "Note 3: A note is empty: write what you noticed." in problems
        assert len(problems) == len(set(problems))

    def test_findings_keep_the_codes_and_subjects_of_the_parts(self, project):
        project.aim = Aim(what="Improve care")
        project.measures.append(Measure("Falls", kind="outcome", id="falls"))
        project.notes.append(Note("  ", id="blank"))
        problems = project.validate()
        assert problems and all(isinstance(p, Finding) for p in problems)
        time = next(p for p in problems if p.code == "smart.time.missing")
        assert (time, time.subject) == ("Aim: Add a date: by when?", "T")
        falls = next(p for p in problems if p.code == "family.no_definition")
        assert falls.subject == "falls" and falls.startswith("Measure ‘Falls’: ")
        note = next(p for p in problems if p.code == "note.empty")
        assert note.subject == "blank" and note.startswith("Note 3: ")
        codes = [p.code for p in Project("").validate()]
        assert codes == [
            "project.name_missing",
            "project.aim_missing",
            "project.measures_missing",
            "project.driver_diagram_missing",
        ]

    def test_a_part_with_an_unusable_value_is_reported_with_a_code(self, project):
        project.measures[0].kind = "favourite"  # set after construction
        problems = project.validate()
        broken = [p for p in problems if p.startswith("Measure ‘New pressure")]
        assert broken[0].code == "measure.invalid"
        assert broken[0].subject == "pressure-ulcers"
        assert "`kind`: is not one of the choices (got 'favourite')" in broken[0]

    def test_family_check_is_included_once(self, project):
        project.measures = [m for m in project.measures if m.kind != "balancing"]
        problems = project.validate()
        balancing = [p for p in problems if "balancing measure" in p]
        assert len(balancing) == 1
        assert balancing[0].startswith("Family of measures: Add a balancing measure")

    def test_links_to_things_that_do_not_exist(self, project):
        project.aim.measure = "falls-rate"
        project.pdsa_cycles[0].change_idea = "c-unknown"
        problems = project.validate()
        assert (
            "The aim is tracked by the measure ‘falls-rate’, which is not one of the "
            "project's measures: add it, or correct the aim's measure."
        ) in problems
        assert (
            "PDSA cycle 1 tests the change idea ‘c-unknown’, but the driver diagram "
            "has no change idea with that id: add it to the driver diagram or "
            "correct the cycle."
        ) in problems

    def test_cycle_without_a_diagram(self):
        cycle = PDSACycle("Try it", change_idea="c1", id="k1")
        problems = Project("x", pdsa_cycles=[cycle]).validate()
        assert (
            "PDSA cycle 1 tests the change idea ‘c1’, but the project has no driver "
            "diagram yet: add it to the driver diagram or correct the cycle."
        ) in problems

    def test_diagram_links_are_checked_against_the_project(self, project):
        project.measures = project.measures[:1]
        problems = project.validate()
        assert any(p.startswith("Driver diagram: ") and "sskin" in p for p in problems)

    def test_duplicate_ids(self, project):
        project.notes.append(Note("again", id="n1"))
        assert "Two notes share the id ‘n1’: each needs its own." in project.validate()

    def test_updated_before_created(self, project):
        project.updated = dt.datetime(2020, 1, 1, tzinfo=UTC)
        assert (
            "The project was last updated before it was created: check the `created` "
            "and `updated` times."
        ) in project.validate()


class TestNote:
    def test_uk_dates_are_read_day_first(self):
        assert Note("x", date="07/04/2025").date == dt.date(2025, 4, 7)
        assert Note.from_dict({"text": "x", "date": "31/03/2026"}).date == dt.date(
            2026, 3, 31
        )
        project = Project("x")
        assert project.add_note("x", date="Jan 2024").date == dt.date(2024, 1, 1)

    def test_round_trip(self):
        note = Note("Huddles help", date=dt.datetime(2024, 2, 1, 9), author="Ben")
        assert note.date == dt.date(2024, 2, 1)
        assert Note.from_dict(note.to_dict()) == note
        frame = note.to_frame()
        assert list(frame.columns) == ["id", "date", "author", "key_learning", "text"]

    def test_from_dict_fills_defaults(self):
        note = Note.from_dict({"text": "Hello"})
        assert note.author == "" and note.date is None and not note.key_learning

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"text": 3}, "`text`: a note must be text (got 3). Write the note"),
            ({"text": "x", "date": "soon"}, "`date`: is not a date (got 'soon')"),
            ({"text": "x", "author": 1}, "`author`: must be text (got 1)"),
            ({"text": "x", "key_learning": 1}, "`key_learning`: must be True or False"),
            ({"text": "x", "id": ""}, "`id`: must be non-empty text (got '')"),
        ],
    )
    def test_constructor_messages(self, kwargs, message):
        with pytest.raises(InputError) as info:
            Note(**kwargs)
        assert str(info.value).startswith(message)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ([], "`d`: a Note must be a dictionary (got [])."),
            ({"text": "x", "colour": "red"}, "`colour`: is not a field of a Note"),
            ({"date": None}, "`text`: is missing from the Note. Add 'text'."),
            ({"text": "x", "date": "1 May"}, "`date`: is not a date (got '1 May')."),
        ],
    )
    def test_from_dict_messages(self, value, message):
        with pytest.raises(InputError) as info:
            Note.from_dict(value)
        assert str(info.value).startswith(message)


class TestFromDict:
    def test_not_a_mapping(self):
        with pytest.raises(
            InputError,
            match=r"^`project`: must be a dictionary of the project's parts \(got \[",
        ):
            Project.from_dict([])

    def test_missing_and_unknown_keys(self, project):
        d = project.to_dict()
        del d["notes"], d["team"]
        with pytest.raises(InputError) as info:
            Project.from_dict(d)
        assert str(info.value) == (
            "`project.team`: is missing from the Project. Add 'team'."
        )
        d = project.to_dict()
        d["colour"] = "red"
        with pytest.raises(InputError) as info:
            Project.from_dict(d)
        assert str(info.value).startswith(
            "`project.colour`: is not a field of a Project (got 'colour'). Remove it; "
            "the fields are: 'id', 'name',"
        )

    @pytest.mark.parametrize(
        ("key", "value", "message"),
        [
            ("name", 1, "`project.name`: must be text (got 1)."),
            ("id", None, "`project.id`: must be text (got None)."),
            ("measures", {}, "`project.measures`: must be a list (got {})."),
            ("notes", "x", "`project.notes`: must be a list (got 'x')."),
            ("aim", [], "`project.aim`: an Aim must be a dictionary (got [])."),
            (
                "measures",
                [3],
                "`project.measures[0]`: a Measure must be a dictionary (got 3).",
            ),
            ("created", "yesterday", "`project.created`: is not a date and time (got "),
            ("updated", 5, "`project.updated`: is not a date and time (got 5)."),
            ("members", [1], "`project.members[0]`: must be text (got 1)."),
        ],
    )
    def test_wrong_types(self, project, key, value, message):
        d = project.to_dict()
        d[key] = value
        with pytest.raises(InputError) as info:
            Project.from_dict(d)
        assert str(info.value).startswith(message)

    def test_a_part_reports_where_it_is(self, project):
        d = project.to_dict()
        d["measures"][2]["kind"] = "favourite"
        with pytest.raises(InputError) as info:
            Project.from_dict(d)
        assert str(info.value).startswith(
            "`project.measures[2].kind`: is not one of the choices (got 'favourite')."
        )

    def test_other_errors_from_parts_become_input_errors(self, project, monkeypatch):
        def broken(cls, d, argument=""):
            raise ZeroDivisionError("division by zero")

        monkeypatch.setattr(Aim, "from_dict", classmethod(broken))
        with pytest.raises(InputError) as info:
            Project.from_dict(project.to_dict())
        assert str(info.value) == (
            "`project.aim`: holds values that cannot be read (got 'ZeroDivisionError: "
            "division by zero'). This is a bug in qikit: please report it."
        )

    def test_duplicate_ids_are_refused(self, project):
        d = project.to_dict()
        d["pdsa_cycles"][1]["id"] = d["pdsa_cycles"][0]["id"]
        with pytest.raises(InputError) as info:
            Project.from_dict(d)
        assert str(info.value).startswith(
            "`project.pdsa_cycles`: two PDSA cycles share one id (got "
        )


# ------------------------------------------------------------------- the file format
class TestFileFormat:
    def test_header_and_layout(self, project):
        data = project_to_bytes(project)
        text = data.decode("utf-8")
        assert text.startswith(
            '{\n  "format": "qikit-project",\n  "schema_version": 3,\n'
            '  "qikit_version": "0.1.0",\n  "project": {\n    "id": "ashgrove",\n'
        )
        assert text.endswith("}\n")
        document = json.loads(text)
        assert list(document) == [
            "format",
            "schema_version",
            "qikit_version",
            "project",
        ]
        assert list(document["project"]) == list(projectfile._PROJECT_KEYS)
        assert document["format"] == FILE_FORMAT
        assert document["schema_version"] == SCHEMA_VERSION

    def test_parts_have_sorted_keys_and_text_is_readable(self, project):
        project.add_note("Çà va — ‘quotes’ ✓")
        text = project_to_bytes(project).decode("utf-8")
        document = json.loads(text)
        aim = document["project"]["aim"]
        assert list(aim) == sorted(aim)
        measure = document["project"]["measures"][0]
        assert list(measure) == sorted(measure)
        assert "Çà va — ‘quotes’ ✓" in text  # not \\u escapes
        assert "NaN" not in text

    def test_long_data_lists_fill_lines(self, project):
        text = project_to_bytes(project).decode("utf-8")
        assert max(len(line) for line in text.splitlines() if '"2023-' in line) <= 100
        assert '"x_type": "date"' in text
        date_lines = [
            line for line in text.splitlines() if line.strip().startswith('"20')
        ]
        assert len(date_lines) <= 3 * 4  # 3 measures x 24 dates, 6 or more a line

    def test_same_project_gives_same_bytes(self, project):
        assert project_to_bytes(project) == project_to_bytes(example_project())

    def test_missing_values_are_null(self):
        data = pd.DataFrame({"x": [1, 2, 3], "y": [1.0, np.nan, 2.0]})
        p = Project("p", measures=[Measure("m", kind="outcome", data=data)])
        text = project_to_bytes(p).decode()
        assert "[1, null, 2]" in text

    def test_not_a_project(self):
        with pytest.raises(InputError) as info:
            project_to_bytes({"name": "x"})
        assert str(info.value) == (
            "`project`: must be a Project (got {'name': 'x'}). Build one with "
            "Project(name, ...) or load_project(path)."
        )

    def test_lone_surrogate_cannot_be_saved(self):
        p = Project("Falls \ud800 ward")
        with pytest.raises(InputError) as info:
            project_to_bytes(p)
        assert str(info.value).startswith(
            "`project`: some text holds a character that cannot be saved (got "
        )
        assert str(info.value).endswith(
            "Retype that text, or paste it again from another program."
        )

    def test_duplicate_ids_cannot_be_saved(self, project):
        project.notes.append(Note("again", id="n1"))
        with pytest.raises(InputError) as info:
            project_to_bytes(project)
        assert str(info.value) == (
            "`project`: two notes share one id, so links to them would be ambiguous "
            "(got 'n1'). Give each its own id before saving."
        )

    def test_json_safe_conversions(self):
        safe = json_safe
        assert safe({"a": (np.int64(3), np.float64(np.nan), float("inf"))}) == {
            "a": [3, None, None]
        }
        assert safe(dt.date(2024, 1, 2)) == "2024-01-02"
        assert safe(pd.Timestamp("2024-01-02")) == "2024-01-02T00:00:00"
        assert safe(pd.NaT) is None
        with pytest.raises(
            InputError, match=r"^`project.a`: has a key that is not text \(got 1\)"
        ):
            safe({"a": {1: 2}})
        with pytest.raises(InputError) as info:
            safe({"a": {1, 2}})
        assert str(info.value) == (
            "`project.a`: cannot be stored in a project file (got 'set'). "
            "This is a bug in qikit: please report it."
        )


# ---------------------------------------------------------------------- save and load
class TestSaveAndLoad:
    def test_round_trip_through_a_file(self, project, tmp_path):
        path = tmp_path / "ashgrove.qiproj.json"
        assert save_project(project, path, touch=False) == path
        assert load_project(path) == project
        assert load_project(str(path)) == project

    def test_save_sets_updated(self, project, tmp_path):
        path = save_project(project, tmp_path / "a.qiproj.json")
        assert project.updated > dt.datetime(2024, 6, 10, 16, 30, tzinfo=UTC)
        assert load_project(path) == project

    @pytest.mark.parametrize("kind", ["bytes", "bytearray", "memoryview"])
    def test_load_from_bytes(self, project, kind):
        data = project_to_bytes(project)
        source = {
            "bytes": data,
            "bytearray": bytearray(data),
            "memoryview": memoryview(data),
        }
        assert load_project(source[kind]) == project
        assert project_from_bytes(source[kind]) == project

    def test_load_from_file_objects(self, project, tmp_path):
        data = project_to_bytes(project)
        assert load_project(io.BytesIO(data)) == project
        assert load_project(io.StringIO(data.decode())) == project
        path = tmp_path / "a.qiproj.json"
        path.write_bytes(data)
        with open(path, "rb") as handle:
            assert load_project(handle) == project
        with open(path, encoding="utf-8") as handle:
            assert load_project(handle) == project

    def test_byte_order_mark_and_crlf_are_accepted(self, project):
        data = project_to_bytes(project).replace(b"\n", b"\r\n")
        assert project_from_bytes(b"\xef\xbb\xbf" + data) == project

    def test_new_file_permissions_and_kept_permissions(self, project, tmp_path):
        path = save_project(project, tmp_path / "a.qiproj.json")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        os.chmod(path, 0o600)
        save_project(project, path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    def test_no_temporary_files_are_left(self, project, tmp_path):
        for _ in range(3):
            save_project(project, tmp_path / "a.qiproj.json")
        assert [p.name for p in tmp_path.iterdir()] == ["a.qiproj.json"]

    def test_save_into_a_folder(self, project, tmp_path):
        with pytest.raises(ProjectFileError) as info:
            save_project(project, tmp_path)
        assert str(info.value) == (
            f"Cannot save to {str(tmp_path)!r}: this is a folder. Add a file name, "
            "such as 'fewer-pressure-ulcers-in-ashgrove-house.qiproj.json'."
        )
        assert info.value.reason == "write_failed"

    def test_save_into_a_missing_folder(self, project, tmp_path):
        path = tmp_path / "nowhere" / "a.qiproj.json"
        with pytest.raises(ProjectFileError) as info:
            save_project(project, path)
        assert str(info.value) == (
            f"Cannot save to {str(path)!r}: the folder {str(path.parent)!r} does not "
            "exist. Create it first, or choose another folder."
        )

    def test_save_something_else(self, tmp_path):
        with pytest.raises(
            InputError, match=r"^`project`: must be a Project \(got 'project'\)"
        ):
            save_project("project", tmp_path / "a.qiproj.json")

    @pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
    def test_failed_save_keeps_the_old_file(
        self, project, tmp_path, monkeypatch, failing
    ):
        old = example_project()
        old.name = "Old"
        path = save_project(old, tmp_path / "a.qiproj.json")
        before = path.read_bytes()
        updated = project.updated

        def fail(*args, **kwargs):
            raise OSError(28, "No space left on device")

        if failing == "write":
            real = os.fdopen

            class Broken(io.RawIOBase):
                def __init__(self, handle):
                    self.inner = real(handle, "wb")

                def write(self, data):
                    self.inner.write(data[: len(data) // 2])
                    raise OSError(28, "No space left on device")

                def close(self):
                    self.inner.close()

            monkeypatch.setattr(qikit_io.os, "fdopen", lambda h, m: Broken(h))
        else:
            monkeypatch.setattr(qikit_io.os, failing, fail)
        with pytest.raises(ProjectFileError) as info:
            save_project(project, path)
        assert str(info.value) == (
            f"Cannot save to {str(path)!r}: No space left on device. Choose a folder "
            "you can write to, and check that the disk is not full."
        )
        monkeypatch.undo()
        assert path.read_bytes() == before
        assert load_project(path).name == "Old"
        assert project.updated == updated  # not touched when nothing was saved
        assert [p.name for p in tmp_path.iterdir()] == ["a.qiproj.json"]

    def test_a_file_that_cannot_be_read_back_is_not_written(
        self, project, tmp_path, monkeypatch
    ):
        path = tmp_path / "a.qiproj.json"

        def corrupt(p):
            return b"{"

        monkeypatch.setattr(projectfile, "project_to_bytes", corrupt)
        with pytest.raises(ProjectFileError) as info:
            save_project(project, path)
        message = str(info.value)
        assert message.startswith(
            f"Cannot save to {str(path)!r}: the new file could not be read back, so "
            "the old file was left as it was (Cannot open"
        )
        assert message.endswith("This is a bug in qikit: please report it.")
        assert not path.exists()

    def test_loading_never_changes_the_file(self, project, tmp_path):
        path = save_project(project, tmp_path / "a.qiproj.json")
        before = path.read_bytes()
        load_project(path)
        assert path.read_bytes() == before


# ------------------------------------------------------------------- loading errors
class TestLoadErrors:
    def test_missing_file(self, tmp_path):
        path = tmp_path / "gone.qiproj.json"
        with pytest.raises(ProjectFileError) as info:
            load_project(path)
        assert str(info.value) == (
            f"Cannot open 'gone.qiproj.json': there is no such file (looked for "
            f"{str(path)!r}). Check the file name and folder."
        )
        assert info.value.reason == "missing"
        assert info.value.source == "'gone.qiproj.json'"
        assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)

    def test_folder(self, tmp_path):
        with pytest.raises(ProjectFileError) as info:
            load_project(tmp_path)
        assert str(info.value) == (
            f"Cannot open {tmp_path.name!r}: this is a folder, not a file. Choose the "
            ".qiproj.json file inside it."
        )

    def test_unreadable_file(self, tmp_path, monkeypatch):
        path = tmp_path / "a.qiproj.json"
        path.write_text("{}")

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("builtins.open", denied)
        with pytest.raises(ProjectFileError) as info:
            load_project(path)
        assert str(info.value) == (
            "Cannot open 'a.qiproj.json': the file cannot be read (Permission "
            "denied). Check that you may open it, or copy it somewhere else first."
        )
        assert info.value.reason == "unreadable"

    def test_file_object_that_fails(self):
        class Failing(io.RawIOBase):
            name = "/home/a/falls.qiproj.json"

            def read(self, size=-1):
                raise OSError("device not ready")

        with pytest.raises(ProjectFileError) as info:
            load_project(Failing())
        assert str(info.value) == (
            "Cannot open 'falls.qiproj.json': the file cannot be read (device not "
            f"ready). {CHOOSE}"
        )

    def test_file_object_that_returns_something_odd(self):
        class Odd:
            def read(self, size=-1):
                return 42

        with pytest.raises(InputError) as info:
            load_project(Odd())
        assert str(info.value) == (
            "`source`: is a file object that returned neither bytes nor text (got 42). "
            "Open the file with open(path, 'rb')."
        )

    def test_unsupported_source(self):
        with pytest.raises(InputError) as info:
            load_project(42)
        assert str(info.value) == (
            "`source`: cannot load a project from this (got 42). Pass a path, the "
            "file's bytes, or an open file."
        )
        with pytest.raises(InputError) as info:
            project_from_bytes("{}")
        assert str(info.value) == (
            "`data`: must be the file's bytes (got '{}'). Pass the content of the "
            "uploaded file, or use load_project(path)."
        )

    def test_text_instead_of_a_path(self, project):
        text = project_to_bytes(project).decode()
        with pytest.raises(InputError) as info:
            load_project(text)
        assert str(info.value) == (
            "`source`: looks like the text of a file, not a path to one (got "
            '\'{\\n  "format": "qikit-project",\'). Pass the path, or use '
            "project_from_bytes(text.encode('utf-8'))."
        )

    def test_too_large(self, monkeypatch):
        monkeypatch.setattr(projectfile, "MAX_FILE_BYTES", 10)
        error = reason_of(b"{" + b" " * 20 + b"}")
        assert error.reason == "too_large"
        assert str(error) == (
            "Cannot open the uploaded file: the file is too large to be a qikit "
            f"project (22 bytes; the limit is 10). {CHOOSE}"
        )

    @pytest.mark.parametrize("data", [b"", b"  \n\t "])
    def test_empty(self, data):
        error = reason_of(data, name="week3.qiproj.json")
        assert error.reason == "empty"
        assert str(error) == (
            "Cannot open 'week3.qiproj.json': the file is empty; it may not have "
            "finished downloading or saving. Download or save it again, or choose "
            "another copy of your .qiproj.json file."
        )

    def test_excel_file(self, project, tmp_path):
        from qikit.improve.export import export_excel

        data = export_excel(project, tmp_path / "a.xlsx").read_bytes()
        error = reason_of(data, name="a.xlsx")
        assert error.reason == "binary"
        assert str(error) == (
            "Cannot open 'a.xlsx': this looks like an Excel workbook or a zip file, "
            "not a qikit project. Choose the .qiproj.json file you downloaded from "
            "qikit (the Excel and CSV exports cannot be opened again as projects)."
        )

    def test_pdf_file(self):
        error = reason_of(b"%PDF-1.7\n...")
        assert str(error) == (
            "Cannot open the uploaded file: this looks like a PDF document, not a "
            f"qikit project. {CHOOSE}"
        )

    def test_not_text(self):
        error = reason_of(b'{"a": "\xff\xfe"}')
        assert error.reason == "not_text"
        assert str(error) == (
            "Cannot open the uploaded file: this file is not a qikit project (it is "
            f"not text: the byte at position 7 is not UTF-8). {CHOOSE}"
        )

    def test_truncated(self, project):
        data = project_to_bytes(project)
        error = reason_of(data[: len(data) // 2])
        assert error.reason == "truncated"
        message = str(error)
        assert message.startswith(
            "Cannot open the uploaded file: the file is incomplete: it stops part-way "
            "through (line "
        )
        assert message.endswith(
            "It may not have finished downloading or saving. Download or save it "
            "again, or open an earlier copy."
        )

    def test_cut_inside_a_character(self):
        data = project_to_bytes(Project("Café ✓"))
        cut = data.index("✓".encode()) + 1
        error = reason_of(data[:cut])
        assert error.reason == "truncated"
        assert str(error).startswith(
            "Cannot open the uploaded file: the file is incomplete: it stops part-way "
            "through (line 7)."
        )

    @pytest.mark.parametrize("tail", [b"tr", b"nul", b"-1.", b'"Caf'])
    def test_cut_inside_a_value(self, tail):
        error = reason_of(b'{"format": "qikit-project", "a": ' + tail)
        assert error.reason == "truncated"

    def test_not_json(self):
        error = reason_of(b"name,team\nFalls,Ward 6\n", name="falls.csv")
        assert error.reason == "not_json"
        assert str(error) == (
            f"Cannot open 'falls.csv': this file is not a qikit project. {CHOOSE}"
        )  # one thing to do, and no words from the JSON parser

    def test_damaged_project_file(self, project):
        text = (
            project_to_bytes(project).decode().replace('"team": "Ashgrove', '"team: "')
        )
        error = reason_of(text.encode(), name="falls.qiproj.json")
        assert error.reason == "not_json"
        assert str(error) == (
            "Cannot open 'falls.qiproj.json': the project file is damaged near line 8: "
            "it is no longer written the way qikit writes it. If you edited the file "
            "by hand, undo the change; otherwise open an earlier copy of the file."
        )

    def test_number_too_long(self):
        error = reason_of(b'{"format": ' + b"9" * 5000 + b"}")
        assert error.reason == "not_json"
        assert str(error) == (
            f"Cannot open the uploaded file: this file is not a qikit project. {CHOOSE}"
        )

    def test_too_deep(self):
        error = reason_of(b"[" * 100_000 + b"]" * 100_000)
        assert error.reason == "too_deep"
        assert str(error) == (
            "Cannot open the uploaded file: this file is not a qikit project (it is "
            f"nested too deeply to read). {CHOOSE}"
        )

    def test_too_deep_inside_a_project(self, document):
        depth = 900
        document["project"]["members"] = json.loads("[" * depth + "]" * depth)
        document["schema_version"] = 1
        document["project"]["title"] = document["project"].pop("name")
        document["project"]["pdsa"] = document["project"].pop("pdsa_cycles")
        document["project"]["notes"] = ""
        error = reason_of(as_bytes(document))
        assert error.reason in {"too_deep", "invalid"}

    @pytest.mark.parametrize(
        ("data", "what"),
        [
            (b"[1, 2]", "a list"),
            (b'"project"', "text"),
            (b"3", "a number"),
            (b"null", "null"),
        ],
    )
    def test_json_that_is_not_an_object(self, data, what):
        error = reason_of(data)
        assert error.reason == "not_a_project"
        assert str(error) == (
            f"Cannot open the uploaded file: this file is not a qikit project. {CHOOSE}"
        )

    def test_foreign_json(self):
        error = reason_of(b'{"type": "FeatureCollection", "features": []}')
        assert str(error) == (
            f"Cannot open the uploaded file: this file is not a qikit project. {CHOOSE}"
        )

    def test_wrong_format(self, document):
        document["format"] = "qikit-store"
        error = reason_of(as_bytes(document))
        assert error.reason == "not_a_project"
        assert str(error) == (
            f"Cannot open the uploaded file: this file is not a qikit project. {CHOOSE}"
        )

    @pytest.mark.parametrize("version", [None, "2", 2.0, True, 0, -1])
    def test_bad_schema_version(self, document, version):
        if version is None:
            del document["schema_version"]
        else:
            document["schema_version"] = version
        error = reason_of(as_bytes(document))
        assert error.reason == "bad_version"
        assert str(error) == (
            "Cannot open the uploaded file: the file's schema version is missing or "
            f"not a whole number from 1 up (got {version!r}). If you edited the file "
            "by hand, undo the change; otherwise open an earlier copy of the file."
        )

    def test_newer_schema(self, document):
        document["schema_version"] = SCHEMA_VERSION + 1
        error = reason_of(as_bytes(document), name="new.qiproj.json")
        assert error.reason == "newer_version"
        assert str(error) == (
            "Cannot open 'new.qiproj.json': it was saved by a newer version of qikit "
            f"(file schema version {SCHEMA_VERSION + 1}; this qikit 0.1.0 reads "
            f"versions up to {SCHEMA_VERSION}). Update qikit (for example `pip install "
            "--upgrade qikit`, or ask your trainer) and open the file again."
        )

    def test_unknown_and_missing_top_level_keys(self, document):
        document["extra"] = 1
        del document["qikit_version"]
        error = reason_of(as_bytes(document))
        assert error.reason == "invalid"
        assert str(error) == (
            "Cannot open the uploaded file: the file's layout is damaged (unknown keys "
            "'extra'; missing 'qikit_version'). If you edited the file by hand, undo "
            "the change; otherwise open an earlier copy of the file."
        )

    def test_qikit_version_not_text(self, document):
        document["qikit_version"] = 1
        error = reason_of(as_bytes(document))
        assert str(error) == (
            "Cannot open the uploaded file: the file's layout is damaged "
            "(qikit_version should be text, got 1). If you edited the file by "
            "hand, undo the change; otherwise open an earlier copy of the file."
        )

    def test_damaged_part_never_half_loads(self, document):
        document["project"]["measures"][1]["data"]["y"][3] = "lots"
        error = reason_of(as_bytes(document))
        assert error.reason == "invalid"
        message = str(error)
        assert message.startswith(
            "Cannot open the uploaded file: part of the project is damaged. "
            "`project.measures[1].data`: column y holds something that is not a "
            "number (got 'lots')."
        )
        assert message.endswith(
            "If you edited the file by hand, undo the change; otherwise open an "
            "earlier copy of the file."
        )
        assert message.count(USE_COPY) == 1

    def test_a_hand_edited_file_names_the_path(self, project, tmp_path):
        document = json.loads(project_to_bytes(project))
        document["project"]["measures"][0]["colour"] = "red"
        path = tmp_path / "falls.qiproj.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(ProjectFileError) as info:
            load_project(path)
        message = str(info.value)
        assert message.startswith(
            "Cannot open 'falls.qiproj.json': part of the project is damaged. "
            "`project.measures[0].colour`: is not a field of a Measure (got "
            "'colour'). Remove it; the fields are: 'name', 'kind',"
        )
        assert "`d`" not in message
        assert message.endswith(
            USE_COPY + "; otherwise open an earlier copy of the file."
        )

    def test_a_damaged_nested_part_names_the_path(self, project):
        document = json.loads(project_to_bytes(project))
        document["project"]["pdsa_cycles"][2]["plan"]["how"] = "quickly"
        error = reason_of(as_bytes(document))
        assert "`project.pdsa_cycles[2].plan.how`: is not a field of a PDSAPlan" in str(
            error
        )

    def test_every_error_is_a_qikit_input_error(self):
        assert issubclass(ProjectFileError, InputError)
        assert issubclass(ProjectFileError, QikitError)


# ----------------------------------------------------------------------- migrations
V1_FILE = """{
  "format": "qikit-project",
  "schema_version": 1,
  "qikit_version": "0.0.3",
  "project": {
    "id": "rowan-falls",
    "title": "Fewer falls in Rowan unit",
    "team": "Rowan unit",
    "created": "2023-09-04T08:15:00+00:00",
    "updated": "2023-11-20T17:02:00+00:00",
    "aim": {"what": "reduce falls", "who": "residents of Rowan unit",
            "baseline": 9, "goal": 4.5, "unit": "falls per 1,000 bed days",
            "by": "2024-06-30", "why": "Falls cause injury and fear.",
            "measure": "falls"},
    "measures": [
      {"id": "falls", "name": "Falls per 1,000 bed days", "kind": "outcome",
       "improvement": "decrease", "unit": "falls per 1,000 bed days",
       "chart_type": "u",
       "data": {"x_type": "date", "x": ["2023-09-04", "2023-09-11", "2023-09-18"],
                "y": [3, 2, null], "n": [280, 281, 279]}}
    ],
    "driver_diagram": {"aim": "Halve falls in Rowan unit by June 2024",
      "nodes": [
        {"id": "p1", "text": "Safe mobility", "level": "primary"},
        {"id": "s1", "text": "Footwear checked", "level": "secondary",
         "parents": ["p1"]},
        {"id": "c1", "text": "Footwear check at handover", "level": "change",
         "parents": ["s1"], "measures": ["falls"]}
      ]},
    "pdsa": [
      {"id": "k1", "objective": "Try the footwear check on one shift",
       "change_idea": "c1", "predictions": ["All residents checked"],
       "start": "2023-10-02", "end": "2023-10-06", "scale": "one shift",
       "do": {"what_happened": "Done for 9 of 10 residents"}}
    ],
    "notes": "Night staff asked for a checklist.\\nStarted huddles in October."
  }
}
"""


#: A project file written by qikit 0.1 (schema version 2): measures with a "goal"
#: and no rule sets.
V2_FILE = """{
  "format": "qikit-project",
  "schema_version": 2,
  "qikit_version": "0.1.0",
  "project": {
    "id": "rowan-falls", "name": "Fewer falls in Rowan unit", "team": "Rowan unit",
    "members": ["Aisha"],
    "created": "2024-01-08T09:00:00+00:00", "updated": "2024-03-04T16:30:00+00:00",
    "aim": null, "driver_diagram": null, "pdsa_cycles": [], "notes": [],
    "measures": [
      {"chart_type": "u", "data": {"n": [280, 281], "x": ["2023-09-04", "2023-09-11"],
       "x_type": "date", "y": [3, 2]}, "definition": null, "goal": 4.5,
       "id": "falls", "improvement": "decrease", "kind": "outcome", "multiply": 1000,
       "name": "Falls per 1,000 bed days", "notes": "", "unit": "per 1,000 bed days"}
    ]
  }
}
"""


class TestMigrations:
    def test_v2_file_loads_with_target_and_rules(self, tmp_path):
        path = tmp_path / "rowan.qiproj.json"
        path.write_text(V2_FILE, encoding="utf-8")
        project = load_project(path)
        measure = project.measures[0]
        assert (measure.target, measure.rules, project.rules) == (4.5, None, "anhoej")
        assert path.read_text(encoding="utf-8") == V2_FILE  # untouched on load
        saved = json.loads(project_to_bytes(project))
        assert saved["schema_version"] == 3
        assert "goal" not in saved["project"]["measures"][0]
        assert saved["project"]["measures"][0]["target"] == 4.5
        assert load_project(project_to_bytes(project)) == project

    def test_damaged_v2_file(self):
        document = json.loads(V2_FILE)
        document["project"]["measures"][0]["target"] = 4
        error = reason_of(as_bytes(document))
        assert error.reason == "invalid"
        assert str(error).startswith(
            "Cannot open the uploaded file: the file could not be upgraded from "
            "schema version 2 (`project.measures[0]`: a version 2 file cannot hold "
            "both 'goal' and 'target' (got ['goal', 'target']))."
        )

    def test_rules_are_saved(self, project):
        project.rules = "IHI"
        project.measures[0].rules = "Making data count"
        again = load_project(project_to_bytes(Project.from_dict(project.to_dict())))
        assert (again.rules, again.measures[0].rules) == ("ihi", "mdc")

    def test_registry_covers_every_version(self):
        assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))

    def test_v1_file_loads(self, tmp_path):
        path = tmp_path / "rowan.qiproj.json"
        path.write_text(V1_FILE, encoding="utf-8")
        project = load_project(path)
        assert project.name == "Fewer falls in Rowan unit"
        assert project.members == []
        assert [c.id for c in project.pdsa_cycles] == ["k1"]
        assert project.pdsa_cycles[0].stage == "study"
        assert len(project.notes) == 1
        note = project.notes[0]
        assert (
            note.text
            == "Night staff asked for a checklist.\nStarted huddles in October."
        )
        assert note.id == "v1-notes" and note.date is None and not note.key_learning
        assert project.measures[0].data["y"].isna().tolist() == [False, False, True]
        assert project.created == dt.datetime(2023, 9, 4, 8, 15, tzinfo=UTC)
        assert project.validate()  # it still has gaps, and says so
        assert path.read_text(encoding="utf-8") == V1_FILE  # untouched on load

    def test_v1_file_is_saved_as_the_current_version(self, tmp_path):
        project = project_from_bytes(V1_FILE.encode())
        path = save_project(project, tmp_path / "rowan.qiproj.json", touch=False)
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["schema_version"] == SCHEMA_VERSION
        assert "pdsa" not in document["project"] and "title" not in document["project"]
        assert load_project(path) == project

    def test_empty_v1_notes_give_no_note(self):
        document = json.loads(V1_FILE)
        document["project"]["notes"] = "  "
        assert project_from_bytes(as_bytes(document)).notes == []
        document["project"]["notes"] = None
        assert project_from_bytes(as_bytes(document)).notes == []

    def test_migrate_document_leaves_its_input_alone(self):
        document = json.loads(V1_FILE)
        before = copy.deepcopy(document)
        upgraded = migrate_document(document)
        assert document == before
        assert upgraded["schema_version"] == SCHEMA_VERSION
        assert upgraded["project"]["name"] == "Fewer falls in Rowan unit"

    def test_current_documents_pass_through(self, document):
        assert migrate_document(document) == document

    @pytest.mark.parametrize(
        ("change", "detail"),
        [
            (
                lambda p: p.update(name="x"),
                "`project`: a version 1 file cannot hold both 'title' and 'name' (got "
                "['title', 'name'])",
            ),
            (
                lambda p: p.update(notes=["a"]),
                "`project.notes`: version 1 notes must be text (got ['a'])).",
            ),
        ],
    )
    def test_damaged_v1_files(self, change, detail):
        document = json.loads(V1_FILE)
        change(document["project"])
        error = reason_of(as_bytes(document))
        assert error.reason == "invalid"
        assert str(error).startswith(
            "Cannot open the uploaded file: the file could not be upgraded from "
            f"schema version 1 ({detail}"
        )

    def test_v1_project_not_an_object(self):
        document = json.loads(V1_FILE)
        document["project"] = []
        error = reason_of(as_bytes(document))
        assert "`project`: must be a dictionary of the project's parts (got [])" in str(
            error
        )

    def test_migrate_document_errors(self):
        with pytest.raises(ProjectFileError) as info:
            migrate_document({"schema_version": 99})
        assert str(info.value).startswith(
            "Cannot open the project file: it was saved by a newer version of qikit"
        )


# ------------------------------------------------------------------------ structure
def test_modules_import_without_matplotlib():
    code = (
        "import sys; import qikit.improve.projectfile, qikit.improve.export; "
        "from qikit.improve import Project, project_to_bytes; "
        "project_to_bytes(Project('x')); "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_public_names():
    for module in (project_module, projectfile):
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)


@pytest.mark.parametrize("name", project_module._MOVED)
def test_moved_names_still_import_from_the_old_path(name):
    with pytest.warns(
        DeprecationWarning, match=rf"project\.{name} has moved: import it"
    ):
        old = getattr(project_module, name)
    assert old is getattr(projectfile, name)
    assert name not in dir(project_module)  # deprecated: not offered by completion
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        project_module.nothing  # noqa: B018
