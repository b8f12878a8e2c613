"""Share a project outside qikit: its tables in Excel and CSV.

* :func:`project_tables` lays a :class:`~qikit.improve.Project` out as tidy tables
  (aim, measures, one table of data per measure, driver diagram, PDSA log, notes).
* :func:`export_excel` writes them to one workbook, one sheet per table, and
  :func:`export_csv` to one CSV file per table.

The one-page HTML storyboard draws, so it is :func:`qikit.plot.storyboard_html`.
Exports are copies for reading and reporting: the ``.qiproj.json`` file (see
:mod:`qikit.improve.projectfile`) is the one to keep and open again.

Spreadsheet formula injection
-----------------------------
A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@``
as a formula, and some treat a leading tab or carriage return the same way, so
text typed by one person could run a formula on another person's computer. As
the OWASP guidance on CSV injection recommends, every text cell that begins with
one of those characters (or the minus sign U+2212, or the full-width ``＝ ＋ －
＠``) is written with an apostrophe in front: ``=1+1`` is exported as ``'=1+1``.
Numbers, dates and true/false values are written as themselves.

Examples
--------
>>> from qikit.improve.export import neutralise
>>> neutralise("=HYPERLINK(\\"http://example.com\\")")
'\\'=HYPERLINK("http://example.com")'
>>> neutralise("Falls fell by 20%")
'Falls fell by 20%'
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from qikit import _validate as v
from qikit._io import check_output_path, write_bytes
from qikit._version import __version__
from qikit.errors import ProjectFileError
from qikit.improve.measures import family_table
from qikit.improve.pdsa import pdsa_log
from qikit.improve.project import Project
from qikit.improve.projectfile import SCHEMA_VERSION

__all__ = [
    "FORMULA_TRIGGERS",
    "export_csv",
    "export_excel",
    "neutralise",
    "neutralise_frame",
    "project_tables",
]

#: First characters that make a spreadsheet treat text as a formula (OWASP "CSV
#: injection"), plus the Unicode minus sign and the full-width forms.
FORMULA_TRIGGERS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\u2212",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)

#: Excel cannot hold more characters than this in one cell.
EXCEL_CELL_LIMIT = 32_767

#: Characters that the xlsx format cannot store (C0 controls other than tab,
#: newline and carriage return); they are replaced by U+FFFD.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_TRUNCATED = " … [cut: too long for one spreadsheet cell]"


def neutralise(value: Any) -> Any:
    """Make one cell safe to open in a spreadsheet.

    Text that begins with a formula trigger (``=``, ``+``, ``-``, ``@``, tab,
    carriage return, U+2212 minus, or full-width ``＝ ＋ － ＠``) gets an
    apostrophe in front. Anything that is not text is returned unchanged.

    Parameters
    ----------
    value : Any

    Returns
    -------
    Any

    Examples
    --------
    >>> from qikit.improve.export import neutralise
    >>> [neutralise(v) for v in ["+44 131", "@ward6", "-", "ok", -3, None]]
    ["'+44 131", "'@ward6", "'-", 'ok', -3, None]
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with every text cell and column name neutralised.

    Examples
    --------
    >>> import pandas as pd
    >>> from qikit.improve.export import neutralise_frame
    >>> neutralise_frame(pd.DataFrame({"idea": ["=1+1", "huddle"]}))["idea"].tolist()
    ["'=1+1", 'huddle']
    """
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        series = out[column]
        if series.dtype == object or str(series.dtype) in {"string", "str"}:
            out[column] = series.astype(object).map(neutralise)
    return out


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------
def _check_project(project: Any) -> None:
    if not isinstance(project, Project):
        raise v.fail(
            "project",
            "must be a Project",
            project,
            "Build one with Project(name, ...) or load_project(path).",
        )


def _stack(
    frames: list[pd.DataFrame], columns: list[str] | None = None
) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=columns or [])
    return pd.concat(frames, ignore_index=True)


def _sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (at most 31 characters, no []:*?/\\)."""
    clean = _SHEET_FORBIDDEN.sub(" ", _ILLEGAL_XML.sub(" ", title))
    clean = " ".join(clean.split()).strip("'") or "Sheet"
    candidate = clean[:31].rstrip()
    number = 2
    while candidate.casefold() in {u.casefold() for u in used}:
        suffix = f" ({number})"
        candidate = clean[: 31 - len(suffix)].rstrip() + suffix
        number += 1
    used.add(candidate)
    return candidate


def project_tables(project: Project) -> dict[str, pd.DataFrame]:
    """Lay a project out as tables, one per sheet of the Excel export.

    Parameters
    ----------
    project : Project

    Returns
    -------
    dict of str to pandas.DataFrame
        In this order, keyed by sheet name:

        ``"About"``
            ``item`` and ``value``: the project's name, team, members, dates,
            id, and the qikit and schema versions.
        ``"Aim"``
            :meth:`Aim.to_frame` (no rows when there is no aim yet).
        ``"Measures"``
            :func:`qikit.improve.measures.family_table`: one row per measure.
        ``"Data 1 - <measure name>"``, ``"Data 2 - ..."``
            One per measure, :meth:`Measure.to_frame`: ``measure_id``,
            ``measure``, ``kind``, ``unit``, ``x``, ``y``, ``n``.
        ``"Driver diagram"``
            :meth:`DriverDiagram.to_frame`.
        ``"PDSA log"``
            One row per PDSA cycle, in log order.
        ``"Notes"``
            ``id``, ``date``, ``author``, ``key_learning``, ``text``.

        Sheet names are cut to Excel's 31 characters and made unique.
        Values are not neutralised here; the exporters do that.

    Examples
    --------
    >>> from qikit.improve import Project
    >>> from qikit.improve.export import project_tables
    >>> list(project_tables(Project("Falls", notes=["Kick-off"])))
    ['About', 'Aim', 'Measures', 'Driver diagram', 'PDSA log', 'Notes']
    """
    _check_project(project)
    used: set[str] = set()
    tables: dict[str, pd.DataFrame] = {}
    about = [
        ("name", project.name),
        ("team", project.team),
        ("members", ", ".join(project.members)),
        ("created", project.created.isoformat()),
        ("updated", (project.updated or project.created).isoformat()),
        ("id", project.id),
        ("exported by", f"qikit {__version__} (project schema {SCHEMA_VERSION})"),
        (
            "note",
            "A copy for reading. To carry on working, open the .qiproj.json file "
            "in qikit.",
        ),
    ]
    tables[_sheet_name("About", used)] = pd.DataFrame(about, columns=["item", "value"])
    if project.aim is not None:
        aim = project.aim.to_frame()
    else:
        aim = pd.DataFrame(columns=["text"])
    tables[_sheet_name("Aim", used)] = aim
    tables[_sheet_name("Measures", used)] = family_table(project.measures)
    for number, measure in enumerate(project.measures, start=1):
        title = f"Data {number} - {measure.name or measure.id}"
        tables[_sheet_name(title, used)] = measure.to_frame()
    if project.driver_diagram is not None:
        diagram = project.driver_diagram.to_frame()
    else:
        diagram = pd.DataFrame(columns=["level", "id", "text"])
    tables[_sheet_name("Driver diagram", used)] = diagram
    tables[_sheet_name("PDSA log", used)] = pdsa_log(project.pdsa_cycles)
    tables[_sheet_name("Notes", used)] = _stack(
        [note.to_frame() for note in project.notes],
        ["id", "date", "author", "key_learning", "text"],
    )
    return tables


# --------------------------------------------------------------------------------------
# Cell values
# --------------------------------------------------------------------------------------
def _clean_text(text: str) -> str:
    text = _ILLEGAL_XML.sub("\ufffd", text)
    text = neutralise(text)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(_TRUNCATED)] + _TRUNCATED
    return text


def _cell_value(value: Any) -> Any:
    """One value as openpyxl should store it: text neutralised, dates naive UTC."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    type_name = f"{type(value).__module__}.{type(value).__name__}"
    if type_name.startswith("numpy.") and hasattr(value, "item"):
        return _cell_value(value.item())
    if type_name.startswith("pandas.") and type_name.endswith(".NaTType"):
        return None
    if type_name.startswith("pandas.") and hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        if value == dt.datetime.combine(value.date(), dt.time()):
            return value.date()
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, (list, tuple, Mapping, set)):
        try:
            text = json.dumps(
                list(value) if isinstance(value, set) else value,
                ensure_ascii=False,
                default=str,
            )
        except (TypeError, ValueError):
            text = str(value)
        return _clean_text(text)
    if type_name.startswith("pandas.") and _is_missing(value):
        return None
    return _clean_text(str(value))


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _excel_value(value: Any) -> Any:
    """:func:`_cell_value`, with line breaks as ``\\n`` (xlsx is XML, which reads a
    carriage return as a line feed anyway)."""
    value = _cell_value(value)
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _csv_value(value: Any) -> Any:
    value = _cell_value(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------------------
# Excel and CSV
# --------------------------------------------------------------------------------------
def export_excel(project: Project, path: str | os.PathLike[str]) -> Path:
    """Write the project to an Excel workbook, one sheet per table.

    The sheets are those of :func:`project_tables`. Text that could run as a
    formula is neutralised (see the module notes); dates are real Excel dates;
    the header row is bold and frozen. The file is written atomically.

    Parameters
    ----------
    project : Project
    path : str or os.PathLike
        Where to write, usually ending ``.xlsx``. The folder must exist.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InputError
        When ``project`` is not a :class:`~qikit.improve.project.Project`.
    ProjectFileError
        When the folder does not exist or the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import openpyxl
    >>> from qikit.improve.project import Project
    >>> from qikit.improve.export import export_excel
    >>> project = Project("Falls", notes=["=SUM(A1:A9)"])
    >>> path = export_excel(project, pathlib.Path(tempfile.mkdtemp()) / "falls.xlsx")
    >>> openpyxl.load_workbook(path)["Notes"]["E2"].value
    "'=SUM(A1:A9)"
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    tables = project_tables(project)
    path = _output_path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for title, frame in tables.items():
        sheet = workbook.create_sheet(title)
        sheet.append([_excel_value(str(column)) for column in frame.columns])
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(str(column)) for column in frame.columns]
        for row in frame.itertuples(index=False, name=None):
            values = [_excel_value(value) for value in row]
            sheet.append(values)
            for index, value in enumerate(values):
                shown = (
                    10
                    if isinstance(value, (dt.date, dt.datetime))
                    else len(str(value) if value is not None else "")
                )
                widths[index] = max(widths[index], shown)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
            if width > 58:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.alignment = wrap
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    _write(path, buffer.getvalue())
    return path


def export_csv(project: Project, folder: str | os.PathLike[str]) -> dict[str, Path]:
    """Write the project as CSV files, one per table, into ``folder``.

    File names come from the table names of :func:`project_tables`:
    ``about.csv``, ``aim.csv``, ``measures.csv``, ``data_1_<measure>.csv``, ...,
    ``driver_diagram.csv``, ``pdsa_log.csv``, ``notes.csv``. Files are UTF-8
    with a byte-order mark so that Excel shows accents correctly; dates are ISO
    text; text that could run as a formula is neutralised.

    Parameters
    ----------
    project : Project
    folder : str or os.PathLike
        Created when it does not exist.

    Returns
    -------
    dict of str to pathlib.Path
        Table name to file written.

    Raises
    ------
    InputError
        When ``project`` is not a :class:`~qikit.improve.project.Project`.
    ProjectFileError
        When ``folder`` is a file or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from qikit.improve.project import Project
    >>> from qikit.improve.export import export_csv
    >>> files = export_csv(Project("Falls"), pathlib.Path(tempfile.mkdtemp()) / "csv")
    >>> sorted(p.name for p in files.values())[:3]
    ['about.csv', 'aim.csv', 'driver_diagram.csv']
    """
    tables = project_tables(project)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:
        raise ProjectFileError(
            f"Cannot export to {str(folder)!r}: it is a file, not a folder. Choose a "
            "folder for the CSV files.",
            reason="write_failed",
            source=repr(str(folder)),
        ) from error
    except OSError as error:
        raise ProjectFileError(
            f"Cannot export to {str(folder)!r}: {error.strerror or error}. Choose a "
            "folder you can write to.",
            reason="write_failed",
            source=repr(str(folder)),
        ) from error
    written: dict[str, Path] = {}
    used: set[str] = set()
    for title, frame in tables.items():
        stem = re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_") or "table"
        stem = stem[:60]
        candidate, number = stem, 2
        while candidate in used:
            candidate, number = f"{stem}_{number}", number + 1
        used.add(candidate)
        clean = pd.DataFrame(
            [[_csv_value(v) for v in row] for row in frame.itertuples(index=False)],
            columns=[_clean_text(str(column)) for column in frame.columns],
        )
        text = clean.to_csv(index=False, lineterminator="\r\n")
        target = folder / f"{candidate}.csv"
        _write(target, text.encode("utf-8-sig"))
        written[title] = target
    return written


def _output_path(path: str | os.PathLike[str]) -> Path:
    return check_output_path(path, verb="export to", example="project.xlsx")


def _write(path: Path, data: bytes) -> None:
    write_bytes(path, data, verb="write")
