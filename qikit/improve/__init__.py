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

This package computes and checks; it never draws (see :mod:`qikit.plot.diagrams`)
and imports neither matplotlib nor ipywidgets. Every object has ``validate()``,
``to_frame()``, ``to_dict()`` and ``from_dict()``.

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
    example_ramp,
    list_examples,
)
from qikit.improve.measures import (
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
    project_from_bytes,
    project_to_bytes,
    save_project,
)
from qikit.improve.system import Fishbone, pareto_table

_EXPORTS = ("export_csv", "export_excel", "storyboard_html")


def __getattr__(name):
    """The exports load on first use (they bring in openpyxl and matplotlib)."""
    if name in _EXPORTS:
        from qikit.improve import export

        return getattr(export, name)
    raise AttributeError(f"module 'qikit.improve' has no attribute {name!r}")


__all__ = [
    "Note",
    "Project",
    "ProjectFileError",
    "export_csv",
    "export_excel",
    "load_project",
    "project_from_bytes",
    "project_to_bytes",
    "save_project",
    "storyboard_html",
    "Aim",
    "CHART_TYPES",
    "ChartChoice",
    "DriverDiagram",
    "DriverNode",
    "Finding",
    "Fishbone",
    "Measure",
    "OperationalDefinition",
    "PDSAAct",
    "PDSACycle",
    "PDSADo",
    "PDSAPlan",
    "PDSAStudy",
    "Ramp",
    "SMART_ELEMENTS",
    "chart_guide",
    "check_family",
    "choose_chart",
    "example_aim",
    "example_aims",
    "example_driver_diagram",
    "example_fishbone",
    "example_measures",
    "example_pareto",
    "example_ramp",
    "family_table",
    "findings_frame",
    "list_examples",
    "pareto_table",
    "pdsa_annotations",
    "pdsa_log",
    "scale_rank",
]
