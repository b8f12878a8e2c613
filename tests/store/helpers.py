"""Builders shared by the cohort store tests and their worker processes."""

from __future__ import annotations

import pandas as pd

from qikit.improve.measures import Measure
from qikit.improve.pdsa import PDSAAct, PDSACycle, PDSADo, PDSAStudy
from qikit.improve.project import Project


def make_project(name: str = "Fewer falls on Ward 6", *, cycles: int = 2) -> Project:
    """A project with a measure of each kind of x and a short PDSA log."""
    weekly = Measure(
        "Falls per 1,000 bed days",
        kind="outcome",
        improvement="decrease",
        unit="per 1,000 bed days",
        chart_type="u",
        data=pd.DataFrame(
            {
                "x": pd.date_range("2024-01-07", periods=4, freq="W"),
                "y": [3, 2.5, None, 4],
                "n": [310, 290, 300, 305],
            }
        ),
    )
    audits = Measure(
        "Risk assessment done",
        kind="process",
        unit="%",
        chart_type="p",
        data=pd.DataFrame({"x": [1, 2, 3], "y": [14, 16, 18], "n": [20, 20, 21]}),
    )
    labels = Measure(
        "Staff overtime",
        kind="balancing",
        unit="hours",
        data=pd.DataFrame({"x": ["Week 1", "Week 2"], "y": [12.25, 9.0]}),
    )
    empty = Measure("Time walking", kind="balancing", unit="minutes")
    log = [
        PDSACycle(
            objective=f"Test the falls huddle, cycle {i + 1}",
            change_idea="safety-huddle",
            predictions=["Staff will find it useful"],
            start=pd.Timestamp(2024, 2, 1 + 7 * i).date(),
            do=PDSADo(what_happened="Huddle held daily") if i else None,
            study=PDSAStudy(results="Two fewer falls") if i else None,
            act=PDSAAct(decision="adapt", next_cycle="Try on nights") if i else None,
            id=f"cycle-{i + 1}",
        )
        for i in range(cycles)
    ]
    return Project(
        name,
        team="Ward 6",
        measures=[weekly, audits, labels, empty],
        pdsa_cycles=log,
        notes=["Started the safety huddle."],
    )
