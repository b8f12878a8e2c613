"""Tables for the capstone: a project's story, part by part, in plain words.

The curriculum's module 12 (``curriculum/12_capstone.ipynb``) tells the story of a
whole project (:func:`qikit.improve.example_project`, or a team's own) the way its
storyboard will. These helpers show the parts as accessible HTML tables (a caption,
column headers, no engine column names), so a notebook cell stays one line long:

- :func:`story_table`: what the project has for each part of its story, and the
  step of the project builder where each part is made;
- :func:`measures_table`: the family of measures, each with what its chart shows;
- :func:`pdsa_table`: the PDSA log, from prediction to decision.

Each ``*_table`` has a ``*_frame`` twin that returns the DataFrame.

Examples
--------
>>> from qikit.improve import example_project
>>> story_frame(example_project())["Part of the story"].tolist()[:3]
['Aim', 'Measures', 'Driver diagram']
"""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit._format import plural
from qikit.apps._display import table_html
from qikit.charts.vocabulary import chart_name
from qikit.errors import QikitWarning
from qikit.improve import Project, pdsa_log

__all__ = [
    "DECISION_NAMES",
    "KIND_NAMES",
    "measures_frame",
    "measures_table",
    "pdsa_frame",
    "pdsa_table",
    "story_frame",
    "story_table",
]

#: The kinds of measure as the tables name them.
KIND_NAMES: dict[str, str] = {
    "outcome": "Outcome",
    "process": "Process",
    "balancing": "Balancing",
}
#: A PDSA cycle's decision as the tables name it.
DECISION_NAMES: dict[str, str] = {
    "adopt": "Adopt",
    "adapt": "Adapt",
    "abandon": "Abandon",
}
_NOT_YET = "Not yet"
_PREFIX = "Current state: "


def _project(project: Any) -> Project:
    if not isinstance(project, Project):
        raise v.fail(
            "project",
            "must be a project",
            project,
            "Pass a qikit.improve.Project, such as example_project() or the "
            "project builder's app.project.",
        )
    return project


def _html(frame: pd.DataFrame, caption: str) -> HTML:
    caption = v.text(caption, "caption", required=True)
    return HTML(table_html(frame, caption=caption, max_rows=max(len(frame), 1)))


# ------------------------------------------------------------------ the story


def story_frame(project: Project) -> pd.DataFrame:
    """What the project has for each part of its story, and where it is made.

    Parameters
    ----------
    project : qikit.improve.Project

    Returns
    -------
    pandas.DataFrame
        Six rows (aim, measures, driver diagram, PDSA cycles, charts, key
        learning): ``Part of the story``, ``In this project`` ("Not yet" when the
        part is missing) and ``Project builder step``.

    Raises
    ------
    qikit.errors.InputError
        When ``project`` is not a project.

    Examples
    --------
    >>> from qikit.improve import Project, example_project
    >>> story_frame(example_project())["In this project"].iloc[3]
    '4 cycles, from one resident to all units'
    >>> story_frame(Project("Falls on Ward 6"))["In this project"].tolist()[:2]
    ['Not yet', 'Not yet']
    """
    p = _project(project)
    measures = p.measures
    kinds = [m.kind for m in measures]
    points = sum(len(m.data) for m in measures if m.has_data)
    if measures:
        family = ", ".join(
            f"{kinds.count(kind)} {kind}" for kind in KIND_NAMES if kind in kinds
        )
        measure_text = f"{len(measures)}: {family}; {plural(points, 'data point')}"
    else:
        measure_text = _NOT_YET
    diagram = _NOT_YET
    if p.driver_diagram is not None and len(p.driver_diagram.nodes) > 1:
        frame = p.to_frame()
        detail = frame.loc[frame["section"] == "driver_diagram", "detail"]
        diagram = str(detail.iloc[0]) if len(detail) else _NOT_YET
    cycles = p.pdsa_cycles
    if cycles:
        scales = [c.scale for c in cycles if c.scale]
        cycle_text = plural(len(cycles), "cycle")
        if len(scales) > 1:
            cycle_text += f", from {scales[0]} to {scales[-1]}"
    else:
        cycle_text = _NOT_YET
    charted = sum(m.has_data for m in measures)
    learning = p.key_learning()
    written = p.aim is not None and str(p.aim.what or "").strip()
    aim = p.aim.text() if written else ""
    return pd.DataFrame(
        {
            "Part of the story": [
                "Aim",
                "Measures",
                "Driver diagram",
                "PDSA cycles",
                "Charts",
                "Key learning",
            ],
            "In this project": [
                aim or _NOT_YET,
                measure_text,
                diagram,
                cycle_text,
                f"{plural(charted, 'measure')} with data to chart"
                if charted
                else _NOT_YET,
                plural(len(learning), "note") + " marked as key learning"
                if learning
                else _NOT_YET,
            ],
            "Project builder step": [
                "1. Aim",
                "2. Measures",
                "3. Driver diagram",
                "4. PDSA cycles",
                "5. Charts",
                "6. Storyboard",
            ],
        }
    )


def story_table(project: Project, *, caption: str) -> HTML:
    """:func:`story_frame` as an accessible HTML table.

    Raises
    ------
    qikit.errors.InputError
        As :func:`story_frame`, or for an empty caption.
    """
    return _html(story_frame(project), caption)


# ------------------------------------------------------------------ measures


def measures_frame(project: Project, *, freeze: Any = None) -> pd.DataFrame:
    """The family of measures, each with its chart and what the chart shows.

    Parameters
    ----------
    project : qikit.improve.Project
    freeze : int or date, optional
        The end of the baseline for every chart (as for :func:`qikit.qic`).

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``Measure``, ``Kind`` (outcome, process, balancing),
        ``Chart`` (the measure's own), ``Points`` and ``What the chart shows``
        (the first finding of :meth:`qikit.QicResult.explain`; "No data yet"
        for a measure without data).

    Raises
    ------
    qikit.errors.InputError
        When ``project`` is not a project, or a chart cannot be drawn with
        ``freeze`` (the message says why).

    Examples
    --------
    >>> from qikit.improve import example_project
    >>> frame = measures_frame(example_project(), freeze=12)
    >>> frame[["Kind", "Chart", "Points"]].iloc[0].tolist()
    ['Outcome', 'U chart', '24']
    """
    p = _project(project)
    rows = []
    for m in p.measures:
        if m.has_data:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", QikitWarning)
                found = m.chart(freeze=freeze).explain().splitlines()[0]
            shows = found.removeprefix(_PREFIX)
            shows = shows[:1].upper() + shows[1:]
            points = str(len(m.data))
        else:
            shows, points = "No data yet", "0"
        rows.append(
            {
                "Measure": m.name or m.id,
                "Kind": KIND_NAMES.get(m.kind, m.kind.capitalize()),
                "Chart": chart_name(m.chart_type, short=True, start=True),
                "Points": points,
                "What the chart shows": shows,
            }
        )
    return pd.DataFrame(
        rows, columns=["Measure", "Kind", "Chart", "Points", "What the chart shows"]
    )


def measures_table(project: Project, *, caption: str, freeze: Any = None) -> HTML:
    """:func:`measures_frame` as an accessible HTML table.

    Raises
    ------
    qikit.errors.InputError
        As :func:`measures_frame`, or for an empty caption.
    """
    return _html(measures_frame(project, freeze=freeze), caption)


# ------------------------------------------------------------------ PDSA log


def pdsa_frame(project: Project) -> pd.DataFrame:
    """The project's PDSA log, from prediction to decision, in plain words.

    Parameters
    ----------
    project : qikit.improve.Project

    Returns
    -------
    pandas.DataFrame
        One row per cycle, in the project's order: ``Cycle``, ``Scale``,
        ``Prediction``, ``Result`` and ``Decision`` (blank until recorded).

    Raises
    ------
    qikit.errors.InputError
        When ``project`` is not a project.

    Examples
    --------
    >>> from qikit.improve import example_project
    >>> pdsa_frame(example_project())[["Scale", "Decision"]].iloc[0].tolist()
    ['one resident', 'Adapt']
    """
    p = _project(project)
    columns = ["Cycle", "Scale", "Prediction", "Result", "Decision"]
    if not p.pdsa_cycles:
        return pd.DataFrame(columns=columns)
    log = pdsa_log(p.pdsa_cycles)
    return pd.DataFrame(
        {
            "Cycle": [str(c) for c in log["cycle"]],
            "Scale": log["scale"].fillna("").astype(str).to_numpy(),
            "Prediction": log["predictions"].fillna("").astype(str).to_numpy(),
            "Result": log["results"].fillna("").astype(str).to_numpy(),
            "Decision": [DECISION_NAMES.get(str(d), "") for d in log["decision"]],
        },
        columns=columns,
    )


def pdsa_table(project: Project, *, caption: str) -> HTML:
    """:func:`pdsa_frame` as an accessible HTML table.

    Raises
    ------
    qikit.errors.InputError
        As :func:`pdsa_frame`, or for an empty caption.
    """
    return _html(pdsa_frame(project), caption)
