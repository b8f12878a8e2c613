"""Tests for qikit.improve.export: the project's tables, Excel and CSV."""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest

from qikit import _io as qikit_io
from qikit.errors import InputError, ProjectFileError
from qikit.improve import export as export_module
from qikit.improve.export import (
    EXCEL_CELL_LIMIT,
    FORMULA_TRIGGERS,
    export_csv,
    export_excel,
    neutralise,
    neutralise_frame,
    project_tables,
)
from qikit.improve.measures import Measure
from qikit.improve.project import Note, Project
from tests.improve.samples import EVIL

UTC = dt.UTC


# ------------------------------------------------------------------ neutralising
class TestNeutralise:
    @pytest.mark.parametrize("text", EVIL)
    def test_triggers_get_an_apostrophe(self, text):
        assert neutralise(text) == "'" + text

    @pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
    def test_every_trigger(self, trigger):
        assert neutralise(trigger + "x") == "'" + trigger + "x"

    @pytest.mark.parametrize(
        "value",
        ["", "Falls fell", " =1", "'=1", "1-2", "a@b", 5, -3, 2.5, None, True,
         dt.date(2024, 1, 1)],
    )  # fmt: skip
    def test_everything_else_is_unchanged(self, value):
        assert neutralise(value) is value or neutralise(value) == value

    def test_frame(self):
        frame = pd.DataFrame({"=a": ["=1", "ok", None], "n": [-1, 2, 3]})
        clean = neutralise_frame(frame)
        assert list(clean.columns) == ["'=a", "n"]
        assert clean["'=a"].tolist()[:2] == ["'=1", "ok"]
        assert pd.isna(clean["'=a"].tolist()[2])
        assert clean["n"].tolist() == [-1, 2, 3]
        assert list(frame.columns) == ["=a", "n"]  # the input is not changed


# ------------------------------------------------------------------------ tables
class TestTables:
    def test_sheets(self, project):
        tables = project_tables(project)
        assert list(tables) == [
            "About",
            "Aim",
            "Measures",
            "Data 1 - New pressure ulcers pe",
            "Data 2 - Residents with the SSK",
            "Data 3 - Care staff overtime ho",
            "Driver diagram",
            "PDSA log",
            "Notes",
        ]
        assert all(len(name) <= 31 for name in tables)
        assert len(tables["Measures"]) == 3
        assert len(tables["PDSA log"]) == 4
        assert tables["Data 1 - New pressure ulcers pe"]["y"].tolist() == (
            project.measures[0].data["y"].tolist()
        )
        about = dict(
            zip(tables["About"]["item"], tables["About"]["value"], strict=True)
        )
        assert about["name"] == project.name
        assert about["members"] == "Aisha Khan, Ben Ross"

    def test_empty_project(self):
        tables = project_tables(Project("x"))
        assert list(tables) == [
            "About", "Aim", "Measures", "Driver diagram", "PDSA log", "Notes",
        ]  # fmt: skip
        assert all(tables[name].empty for name in list(tables)[1:])

    def test_sheet_names_are_valid_and_unique(self):
        data = pd.DataFrame({"x": [1, 2], "y": [3.0, 4.0]})
        measures = [
            Measure("Falls [ward 6]: night/day?*", kind="outcome", id="a", data=data),
            Measure("Falls [ward 6]: night/day?*", kind="process", id="b", data=data),
        ]
        names = list(project_tables(Project("x", measures=measures)))
        assert names[3:5] == [
            "Data 1 - Falls ward 6 night day",
            "Data 2 - Falls ward 6 night day",
        ]
        used: set[str] = {"Data"}
        assert export_module._sheet_name("data", used) == "data (2)"
        assert export_module._sheet_name("'quoted'", set()) == "quoted"
        assert export_module._sheet_name("[]", set()) == "Sheet"

    def test_not_a_project(self):
        with pytest.raises(InputError) as info:
            project_tables("x")
        assert str(info.value) == (
            "`project`: must be a Project (got 'x'). Build one with Project(name, "
            "...) or load_project(path)."
        )


# ------------------------------------------------------------------------- Excel
def _expected(value):
    """What a cell should hold after export, for comparison with openpyxl."""
    value = export_module._excel_value(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    if value == "":
        return None  # a spreadsheet has no empty text, only empty cells
    return value


class TestExcel:
    def test_every_value_round_trips(self, evil_project, tmp_path):
        path = export_excel(evil_project, tmp_path / "project.xlsx")
        workbook = openpyxl.load_workbook(path)
        tables = project_tables(evil_project)
        assert workbook.sheetnames == list(tables)
        for name, frame in tables.items():
            sheet = workbook[name]
            rows = list(sheet.iter_rows(values_only=True))
            assert list(rows[0]) == [neutralise(str(c)) for c in frame.columns]
            assert len(rows) == len(frame) + 1
            for got, want in zip(rows[1:], frame.itertuples(index=False), strict=True):
                for a, b in zip(got, want, strict=True):
                    expected = _expected(b)
                    if isinstance(expected, float):
                        assert a == pytest.approx(expected)
                    else:
                        assert a == expected

    def test_no_cell_is_a_formula_or_starts_with_a_trigger(
        self, evil_project, tmp_path
    ):
        path = export_excel(evil_project, tmp_path / "project.xlsx")
        workbook = openpyxl.load_workbook(path)
        texts = 0
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f"
                    if isinstance(cell.value, str):
                        texts += 1
                        assert not cell.value.startswith(FORMULA_TRIGGERS), cell.value
        assert texts > 100
        notes = workbook["Notes"]
        assert [row[4] for row in notes.iter_rows(min_row=2, values_only=True)][:8] == [
            "'" + text.replace("\r", "\n") for text in EVIL
        ]  # xlsx (XML) keeps line breaks as \n

    def test_pandas_reads_the_data_back(self, project, tmp_path):
        path = export_excel(project, tmp_path / "project.xlsx")
        sheets = pd.read_excel(path, sheet_name=None)
        data = sheets["Data 2 - Residents with the SSK"]
        measure = project.measures[1]
        assert data["y"].tolist() == measure.data["y"].tolist()
        assert data["n"].tolist() == measure.data["n"].tolist()
        assert pd.to_datetime(data["x"]).tolist() == measure.data["x"].tolist()
        log = sheets["PDSA log"]
        assert log["start"].tolist() == [
            pd.Timestamp(c.start) for c in project.pdsa_cycles
        ]
        assert log["objective"].tolist() == [c.objective for c in project.pdsa_cycles]

    def test_layout(self, project, tmp_path):
        workbook = openpyxl.load_workbook(export_excel(project, tmp_path / "p.xlsx"))
        sheet = workbook["Data 1 - New pressure ulcers pe"]
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet["E2"].number_format == "yyyy-mm-dd"
        assert isinstance(sheet["E2"].value, dt.datetime)

    def test_control_characters_and_long_text(self, tmp_path):
        project = Project(
            "x",
            notes=[Note("bell\x07 and\x00null", id="a"), Note("y" * 40_000, id="b")],
        )
        workbook = openpyxl.load_workbook(export_excel(project, tmp_path / "p.xlsx"))
        values = [
            row[4] for row in workbook["Notes"].iter_rows(min_row=2, values_only=True)
        ]
        assert values[0] == "bell\ufffd and\ufffdnull"
        assert len(values[1]) == EXCEL_CELL_LIMIT
        assert values[1].endswith("… [cut: too long for one spreadsheet cell]")

    def test_cell_values(self):
        value = export_module._cell_value
        assert value(np.int64(3)) == 3 and type(value(np.int64(3))) is int
        assert value(np.nan) is None and value(float("inf")) is None
        assert value(pd.NaT) is None and value(None) is None
        assert value(pd.Timestamp("2024-01-02")) == dt.date(2024, 1, 2)
        aware = dt.datetime(
            2024, 1, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
        )
        assert value(aware) == dt.datetime(2024, 1, 2, 9, 30)
        assert value(["=a", 1]) == '["=a", 1]'
        assert value("=a") == "'=a"
        assert value({"a": 1}) == '{"a": 1}'
        assert value(True) is True

    def test_errors(self, project, tmp_path):
        with pytest.raises(ProjectFileError) as info:
            export_excel(project, tmp_path)
        assert str(info.value) == (
            f"Cannot export to {str(tmp_path)!r}: this is a folder. Add a file name, "
            "such as 'project.xlsx'."
        )
        missing = tmp_path / "no" / "p.xlsx"
        with pytest.raises(ProjectFileError) as info:
            export_excel(project, missing)
        assert str(info.value) == (
            f"Cannot export to {str(missing)!r}: the folder {str(missing.parent)!r} "
            "does not exist. Create it first, or choose another folder."
        )
        with pytest.raises(
            InputError, match=r"^`project`: must be a Project \(got 3\)"
        ):
            export_excel(3, tmp_path / "p.xlsx")

    def test_write_failure(self, project, tmp_path, monkeypatch):
        def full(*args):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(qikit_io.os, "replace", full)
        path = tmp_path / "p.xlsx"
        with pytest.raises(ProjectFileError) as info:
            export_excel(project, path)
        assert str(info.value) == (
            f"Cannot write {str(path)!r}: No space left on device. Choose a folder "
            "you can write to, and check that the disk is not full."
        )


# --------------------------------------------------------------------------- CSV
class TestCSV:
    def test_files_and_values(self, evil_project, tmp_path):
        files = export_csv(evil_project, tmp_path / "csv")
        tables = project_tables(evil_project)
        assert list(files) == list(tables)
        assert [p.name for p in files.values()] == [
            "about.csv",
            "aim.csv",
            "measures.csv",
            "data_1_new_pressure_ulcers_pe.csv",
            "data_2_residents_with_the_ssk.csv",
            "data_3_cmd_c_calc_a0.csv",
            "driver_diagram.csv",
            "pdsa_log.csv",
            "notes.csv",
        ]
        for name, path in files.items():
            raw = path.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads UTF-8
            with open(path, encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
            frame = tables[name]
            assert rows[0] == [neutralise(str(c)) for c in frame.columns]
            assert len(rows) == len(frame) + 1
            for got, want in zip(rows[1:], frame.itertuples(index=False), strict=True):
                for a, b in zip(got, want, strict=True):
                    expected = export_module._csv_value(b)
                    if expected is None:
                        assert a == ""
                    elif isinstance(expected, float):
                        assert float(a) == pytest.approx(expected)
                    elif isinstance(expected, bool):
                        assert a == str(expected)
                    else:
                        assert a == str(expected)
                    assert not a.startswith(FORMULA_TRIGGERS), a

    def test_pandas_reads_the_data_back(self, project, tmp_path):
        files = export_csv(project, tmp_path)
        data = pd.read_csv(
            files["Data 1 - New pressure ulcers pe"], encoding="utf-8-sig"
        )
        measure = project.measures[0]
        assert data["y"].tolist() == measure.data["y"].tolist()
        assert pd.to_datetime(data["x"]).tolist() == measure.data["x"].tolist()
        notes = pd.read_csv(files["Notes"], encoding="utf-8-sig", keep_default_na=False)
        assert notes["text"].tolist() == [n.text for n in project.notes]
        assert notes["date"].tolist() == ["2024-03-09", ""]

    def test_folder_is_a_file(self, project, tmp_path):
        target = tmp_path / "taken"
        target.write_text("x")
        with pytest.raises(ProjectFileError) as info:
            export_csv(project, target)
        assert str(info.value) == (
            f"Cannot export to {str(target)!r}: it is a file, not a folder. Choose a "
            "folder for the CSV files."
        )

    def test_folder_cannot_be_made(self, project, tmp_path, monkeypatch):
        def denied(self, *args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(export_module.Path, "mkdir", denied)
        with pytest.raises(ProjectFileError) as info:
            export_csv(project, tmp_path / "csv")
        assert str(info.value) == (
            f"Cannot export to {str(tmp_path / 'csv')!r}: Permission denied. Choose a "
            "folder you can write to."
        )
