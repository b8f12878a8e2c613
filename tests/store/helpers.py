"""Builders shared by the cohort store tests and their worker processes."""

from __future__ import annotations

import uuid

import pandas as pd

from qikit.improve import example_project
from qikit.improve.measures import Measure
from qikit.improve.project import Project

#: The example project's first measure: monthly, with dates as x.
MONTHLY = "New pressure ulcers per 1,000 occupied bed days"
MONTHLY_ID = "pressure-ulcers"


def make_project(name: str | None = None, *, cycles: int | None = None) -> Project:
    """qikit's example project, with a measure of each other kind of x the store keeps.

    :func:`qikit.improve.example_project` (Ashgrove House: three monthly measures of
    24 points, x being dates, and a ramp of four PDSA cycles), plus three measures
    that the store keeps differently: audits numbered 1, 2, 3 (x are numbers),
    labelled weeks with a missing value (x are text), and a measure without data
    yet. Each call is another project (a new id), as a learner starting one makes;
    ``name`` renames it and ``cycles`` keeps only the first cycles of the ramp.
    """
    project = example_project()
    project.id = uuid.uuid4().hex
    if name is not None:
        project.name = name
    if cycles is not None:
        project.pdsa_cycles = project.pdsa_cycles[:cycles]
    project.measures += [
        Measure(
            "Risk assessment done",
            kind="process",
            unit="%",
            chart_type="p",
            data=pd.DataFrame({"x": [1, 2, 3], "y": [14, 16, 18], "n": [20, 20, 21]}),
        ),
        Measure(
            "Agency staff briefed",
            kind="process",
            unit="staff",
            data=pd.DataFrame({"x": ["Week 1", "Week 2"], "y": [3.5, None]}),
        ),
        Measure("Time walking", kind="balancing", unit="minutes"),
    ]
    return project


def points_in(project: Project) -> int:
    """How many data points the project's measures hold."""
    return sum(0 if m.data is None else len(m.data) for m in project.measures)
