"""Shared fixtures for the Model for Improvement tests: real objects, not builders.

``project`` is :func:`qikit.improve.example_project` (the invented Ashgrove House
project), a fresh copy for every test. ``evil_project`` puts formula-like and
HTML-like text in every place a learner can type, for the export tests.
"""

from __future__ import annotations

import pytest

from qikit.improve import Note, Project, example_project
from tests.improve.samples import EVIL, SCRIPT


@pytest.fixture
def project() -> Project:
    """The Ashgrove House project (qikit.improve.example_project)."""
    return example_project()


@pytest.fixture
def evil_project() -> Project:
    """Formula-like and HTML-like text in every place a learner can type."""
    project = example_project()
    project.name, project.team, project.members = EVIL[0], EVIL[3], EVIL[:3]
    project.notes = [Note(text, id=f"e{k}") for k, text in enumerate(EVIL)]
    project.notes.append(Note(SCRIPT, key_learning=True, id="script"))
    project.measures[2].name = "=cmd|' /C calc'!A0"
    project.measures[2].unit = "-hours"
    project.pdsa_cycles[0].objective = "@evil " + SCRIPT
    project.aim.what = "=1+2 " + SCRIPT
    project.driver_diagram.nodes[0].text = "+danger " + SCRIPT
    return project
