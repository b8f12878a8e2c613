"""The Model for Improvement as working instruments: aims, measures, driver diagrams,
PDSA cycles, and tools for understanding the system.

Three questions and a cycle (Langley et al., *The Improvement Guide*, 2009):

* What are we trying to accomplish? → :class:`Aim` with :meth:`Aim.smart_check`.
* How will we know that a change is an improvement? → :class:`Measure`,
  :class:`OperationalDefinition`, :func:`check_family`, :func:`choose_chart`.
* What changes can we make that will result in improvement? → :class:`DriverDiagram`.
* Testing changes → :class:`PDSACycle`, :class:`Ramp`, :func:`pdsa_log`,
  :func:`pdsa_annotations`.
* Understanding the system → :class:`Fishbone`, :func:`pareto_table`.

This package computes and checks; it never draws (see :mod:`qikit.plot`, which
also makes the HTML storyboard, :func:`qikit.plot.storyboard.storyboard_html`) and
imports neither matplotlib nor ipywidgets. Every object has ``validate()`` (a list of
:class:`Finding`), ``to_frame()``, ``to_dict()`` and ``from_dict()``.

Examples
--------
>>> from qikit.improve import example_aim
>>> example_aim("vague").smart_summary()["status"].tolist()
['weak', 'missing', 'ok', 'missing', 'missing']
"""

from qikit.errors import ProjectFileError
from qikit.improve._common import Finding, findings_frame
from qikit.improve.aims import SMART_ELEMENTS, Aim
from qikit.improve.chooser import CHART_TYPES, ChartChoice, chart_guide, choose_chart
from qikit.improve.driver import DriverDiagram, DriverNode
from qikit.improve.examples import (
    example_aim,
    example_aims,
    example_driver_diagram,
    example_fishbone,
    example_measures,
    example_pareto,
    example_project,
    example_ramp,
    list_examples,
)
from qikit.improve.export import export_csv, export_excel, project_tables
from qikit.improve.measures import (
    X_TYPES,
    Measure,
    OperationalDefinition,
    check_family,
    family_table,
)
from qikit.improve.pdsa import (
    PDSAAct,
    PDSACycle,
    PDSADo,
    PDSAPlan,
    PDSAStudy,
    Ramp,
    pdsa_annotations,
    pdsa_log,
    scale_rank,
)
from qikit.improve.project import Note, Project
from qikit.improve.projectfile import (
    load_project,
    migrate_document,
    project_from_bytes,
    project_to_bytes,
    save_project,
)
from qikit.improve.system import Fishbone, pareto_table

__all__ = [
    # the project and its file
    "Project",
    "Note",
    "load_project",
    "save_project",
    "project_to_bytes",
    "project_from_bytes",
    "migrate_document",
    "ProjectFileError",
    "project_tables",
    "export_excel",
    "export_csv",
    # aims
    "Aim",
    "SMART_ELEMENTS",
    # measures and charts
    "Measure",
    "OperationalDefinition",
    "X_TYPES",
    "check_family",
    "family_table",
    "CHART_TYPES",
    "ChartChoice",
    "chart_guide",
    "choose_chart",
    # changes
    "DriverDiagram",
    "DriverNode",
    "PDSACycle",
    "PDSAPlan",
    "PDSADo",
    "PDSAStudy",
    "PDSAAct",
    "Ramp",
    "pdsa_annotations",
    "pdsa_log",
    "scale_rank",
    # the system
    "Fishbone",
    "pareto_table",
    # feedback
    "Finding",
    "findings_frame",
    # built-in examples
    "example_aim",
    "example_aims",
    "example_driver_diagram",
    "example_fishbone",
    "example_measures",
    "example_pareto",
    "example_project",
    "example_ramp",
    "list_examples",
]
