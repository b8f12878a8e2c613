"""The capstone's tables: a project's story, its measures and its PDSA log."""

from __future__ import annotations

import pytest

from qikit.apps.lesson_capstone import (
    measures_frame,
    measures_table,
    pdsa_frame,
    pdsa_table,
    story_frame,
    story_table,
)
from qikit.errors import InputError
from qikit.improve import Aim, Project, example_project, pdsa_log


@pytest.fixture(scope="module")
def project():
    return example_project()


def test_story_frame_covers_every_part_of_the_example(project):
    frame = story_frame(project).set_index("Part of the story")
    assert list(frame.index) == [
        "Aim",
        "Measures",
        "Driver diagram",
        "PDSA cycles",
        "Charts",
        "Key learning",
    ]
    said = frame["In this project"]
    assert said["Aim"] == project.aim.text()
    assert said["Measures"] == "3: 1 outcome, 1 process, 1 balancing; 72 data points"
    assert sum(len(m.data) for m in project.measures) == 72
    assert said["Driver diagram"] == (
        "4 primary drivers, 9 secondary drivers, 12 change ideas"
    )
    levels = [n.level for n in project.driver_diagram.nodes]
    assert (levels.count("primary"), levels.count("secondary")) == (4, 9)
    assert levels.count("change") == 12
    assert said["PDSA cycles"] == "4 cycles, from one resident to all units"
    assert said["Charts"] == "3 measures with data to chart"
    assert said["Key learning"] == "1 note marked as key learning"
    assert frame["Project builder step"].iloc[-1] == "6. Storyboard"


@pytest.mark.parametrize("aim", [None, Aim()])
def test_story_frame_says_not_yet_for_an_empty_project(aim):
    frame = story_frame(Project("Falls on Ward 6", aim=aim))
    assert set(frame["In this project"]) == {"Not yet"}


def test_measures_frame_reads_each_chart(project):
    frame = measures_frame(project, freeze=12)
    assert frame["Measure"].tolist() == [m.name for m in project.measures]
    assert frame["Kind"].tolist() == ["Outcome", "Process", "Balancing"]
    assert frame["Chart"].tolist() == ["U chart", "P chart", "I chart"]
    assert frame["Points"].tolist() == ["24", "24", "24"]
    shows = frame["What the chart shows"].tolist()
    assert shows[0].startswith("Stable. No signals")
    assert shows[1].startswith("Signals of change upwards, in the direction of")
    first = project.measures[1].chart(freeze=12).explain().splitlines()[0]
    assert first.lower().endswith(shows[1].lower())


def test_measures_frame_of_a_measure_without_data():
    project = example_project()
    project.measures[0].data = None
    frame = measures_frame(project)
    assert frame["What the chart shows"].iloc[0] == "No data yet"
    assert frame["Points"].iloc[0] == "0"


def test_pdsa_frame_follows_the_log(project):
    frame = pdsa_frame(project)
    log = pdsa_log(project.pdsa_cycles)
    assert frame["Cycle"].tolist() == ["1", "2", "3", "4"]
    assert frame["Scale"].tolist() == log["scale"].tolist()
    assert frame["Result"].tolist() == log["results"].tolist()
    assert frame["Decision"].tolist() == ["Adapt", "Adapt", "Adopt", "Adopt"]
    assert len(pdsa_frame(Project("Empty"))) == 0


def test_the_tables_are_accessible(project):
    for html, caption, columns in (
        (story_table(project, caption="Story").data, "Story", 3),
        (measures_table(project, caption="Measures").data, "Measures", 5),
        (pdsa_table(project, caption="Log").data, "Log", 5),
    ):
        assert f"<caption>{caption}</caption>" in html
        assert html.count('<th scope="col">') == columns


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda p: story_frame("my project"), r"`project`: must be a project"),
        (lambda p: measures_frame(None), r"`project`: must be a project"),
        (lambda p: pdsa_frame({}), r"`project`: must be a project"),
        (lambda p: story_table(p, caption=""), r"`caption`"),
        (lambda p: measures_table(p, caption=" "), r"`caption`"),
        (lambda p: pdsa_table(p, caption=""), r"`caption`"),
        (lambda p: measures_frame(p, freeze="the spring"), r"`freeze`"),
    ],
)
def test_bad_arguments_say_what_to_do(project, call, match):
    with pytest.raises(InputError, match=match):
        call(project)
