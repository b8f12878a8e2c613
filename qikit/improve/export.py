"""Share a project outside qikit: Excel, CSV and a one-page HTML storyboard.

* :func:`project_tables` lays a :class:`~qikit.improve.project.Project` out as
  tidy tables (aim, measures, one table of data per measure, driver diagram,
  PDSA log, notes).
* :func:`export_excel` writes them to one workbook, one sheet per table, and
  :func:`export_csv` to one CSV file per table.
* :func:`storyboard_html` draws a one-page storyboard (aim, driver diagram, a
  run chart per measure marked with the PDSA cycles, the PDSA log and the key
  learning) as a single HTML file with every image inside it, so it opens
  offline in any browser and prints on A4.

Exports are copies for reading and reporting: the ``.qiproj.json`` file (see
:mod:`qikit.improve.project`) is the one to keep and open again.

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

import base64
import datetime as dt
import html
import io
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qikit._io import check_output_path, write_bytes
from qikit._version import __version__
from qikit.errors import InputError, ProjectFileError, QikitError

if TYPE_CHECKING:  # pragma: no cover - type hints only
    import pandas as pd

    from qikit.improve.project import Project

__all__ = [
    "FORMULA_TRIGGERS",
    "export_csv",
    "export_excel",
    "neutralise",
    "neutralise_frame",
    "project_tables",
    "storyboard_html",
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
    from qikit.improve.project import Project

    if not isinstance(project, Project):
        raise InputError(
            f"`project`: expected a Project (got {type(project).__name__}). "
            "Build one with Project(name, ...) or load_project(path)."
        )


def _stack(
    frames: list[pd.DataFrame], columns: list[str] | None = None
) -> pd.DataFrame:
    import pandas as pd

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
    >>> from qikit.improve.project import Project
    >>> from qikit.improve.export import project_tables
    >>> list(project_tables(Project("Falls", notes=["Kick-off"])))
    ['About', 'Aim', 'Measures', 'Driver diagram', 'PDSA log', 'Notes']
    """
    import pandas as pd

    from qikit.improve.measures import family_table
    from qikit.improve.projectfile import SCHEMA_VERSION

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
    tables[_sheet_name("PDSA log", used)] = _pdsa_table(project)
    tables[_sheet_name("Notes", used)] = _stack(
        [note.to_frame() for note in project.notes],
        ["id", "date", "author", "key_learning", "text"],
    )
    return tables


def _pdsa_table(project: Project) -> pd.DataFrame:
    from qikit.improve import pdsa

    log = getattr(pdsa, "pdsa_log", None)
    if log is not None:
        return log(project.pdsa_cycles)
    return _stack([cycle.to_frame() for cycle in project.pdsa_cycles])


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
    import json

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
    import pandas as pd

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
    import pandas as pd

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


# --------------------------------------------------------------------------------------
# Storyboard
# --------------------------------------------------------------------------------------
_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
  sans-serif; color: #1a1a1a; background: #fff; line-height: 1.45; margin: 0; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
header { border-bottom: 3px solid #005eb8; padding-top: 1rem; padding-bottom: .5rem; }
h1 { font-size: 1.8rem; margin: .2rem 0; }
h2 { font-size: 1.3rem; color: #003087; border-bottom: 1px solid #c8c8c8;
  margin: 1.5rem 0 .6rem; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: .4rem 0; }
.meta, .small, figcaption, footer { color: #4c4c4c; font-size: .9rem; }
.aim { font-size: 1.15rem; font-weight: 600; background: #eef4fb;
  border-left: 6px solid #005eb8; padding: .6rem .9rem; margin: .4rem 0; }
.charts { display: grid; gap: 1rem;
  grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
img { max-width: 100%; height: auto; display: block; }
.note-box { background: #fff6e5; border-left: 4px solid #ed8b00; padding: .4rem .7rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #eef4fb; }
tr { break-inside: avoid; page-break-inside: avoid; }
ul.learning li { margin-bottom: .3rem; }
footer { border-top: 1px solid #c8c8c8; margin-top: 2rem; padding-top: .5rem;
  padding-bottom: 1rem; }
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  .charts { grid-template-columns: 1fr 1fr; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


_DIRECTION_WORDS = {
    "increase": "higher is better",
    "decrease": "lower is better",
    "neutral": "neither direction is better",
}


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _date_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _png(figure: Any, dpi: int) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode(
        "ascii"
    )


def _measure_cycles(project: Project, measure: Any) -> list[tuple[int, Any]]:
    """The PDSA cycles (with their log numbers) to mark on a measure's chart.

    A cycle belongs to a measure when the change idea it tests is linked to
    that measure in the driver diagram. A measure that no cycle is linked to
    (typically the outcome measure) shows every cycle.
    """
    numbered = list(enumerate(project.pdsa_cycles, start=1))
    diagram = project.driver_diagram
    if diagram is None:
        return numbered
    ideas = {
        node.id for node in diagram.nodes if measure.id in getattr(node, "measures", [])
    }
    linked = [
        (k, cycle)
        for k, cycle in numbered
        if cycle.change_idea in ideas or cycle.id in _node_pdsa(diagram, measure.id)
    ]
    return linked or numbered


def _node_pdsa(diagram: Any, measure_id: str) -> set[str]:
    out: set[str] = set()
    for node in diagram.nodes:
        if measure_id in getattr(node, "measures", []):
            out.update(getattr(node, "pdsa", []))
    return out


def _pdsa_flags(
    x: pd.Series, cycles: list[tuple[int, Any]]
) -> tuple[list[tuple[Any, str]], list[int]]:
    """One flag per data period in which cycles started, and the numbers marked.

    Cycles that start between the same two data points share one flag at the
    earliest of their start dates, labelled "PDSA 3" or "PDSA 3–5" (or
    "PDSA 3, 5" when the numbers are not consecutive). Cycles that start before
    the first point or after the last are left out.
    """
    import numpy as np
    import pandas as pd

    points = np.sort(x.dropna().unique())
    if len(points) == 0:
        return [], []
    first, last = pd.Timestamp(points[0]), pd.Timestamp(points[-1])
    groups: dict[int, list[tuple[pd.Timestamp, int]]] = {}
    for number, cycle in cycles:
        if cycle.start is None:
            continue
        when = pd.Timestamp(cycle.start)
        if not first <= when <= last:
            continue
        period = int(np.searchsorted(points, when.to_datetime64(), side="right"))
        groups.setdefault(period, []).append((when, number))
    flags: list[tuple[Any, str]] = []
    marked: list[int] = []
    for period in sorted(groups):
        members = sorted(groups[period], key=lambda item: item[1])
        numbers = [number for _, number in members]
        marked += numbers
        flags.append((min(when for when, _ in members), "PDSA " + _ranges(numbers)))
    return flags, sorted(marked)


def _ranges(numbers: list[int]) -> str:
    """Numbers with runs of three or more shortened: 1, 2, 3, 5, 8, 9 → "1–3, 5, 8, 9".

    Examples
    --------
    >>> _ranges([9, 8, 5, 3, 2, 1])
    '1–3, 5, 8, 9'
    """
    parts: list[str] = []
    run: list[int] = []
    for number in [*sorted(numbers), None]:
        if run and number is not None and number == run[-1] + 1:
            run.append(number)
            continue
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts += [str(item) for item in run]
        run = [number] if number is not None else []
    return ", ".join(parts)


def _chart_section(
    project: Project, measure: Any, chart: str, dpi: int
) -> tuple[str, list[int]]:
    """The figure of one measure's chart, and the PDSA cycles marked on it."""
    import warnings

    import pandas as pd
    from matplotlib.figure import Figure

    from qikit.errors import QikitWarning

    heading = f"<h3>{_esc(measure.name or measure.id)}</h3>"
    facts = [measure.kind.capitalize() + " measure"]
    if measure.unit:
        facts.append(f"unit: {measure.unit}")
    if measure.goal is not None:
        facts.append(f"goal: {measure.goal:g}")
    facts.append(_DIRECTION_WORDS.get(measure.improvement, "either way is fine"))
    facts_html = f'<p class="small">{_esc("; ".join(facts))}.</p>'
    if measure.data is None or len(measure.data) == 0:
        return (
            f"<figure>{heading}{facts_html}"
            '<p class="note-box">No data yet: add points to see the chart.</p>'
            "</figure>",
            [],
        )
    kwargs: dict[str, Any] = {"xlab": ""}
    if chart == "run":
        kwargs["chart"] = "run"
    marked: list[int] = []
    annotations: list[tuple[Any, str]] = []
    x = measure.data["x"]
    if pd.api.types.is_datetime64_any_dtype(x):
        annotations, numbers = _pdsa_flags(x, _measure_cycles(project, measure))
        marked = numbers
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", QikitWarning)
        try:
            result = measure.chart(**kwargs)
            figure = Figure(figsize=(9.0, 5.0), layout="constrained")
            result.plot(ax=figure.add_subplot(), annotations=annotations or None)
            src = _png(figure, dpi)
            explanation = result.explain()
        except QikitError as error:
            return (
                f"<figure>{heading}{facts_html}"
                f'<p class="note-box">The chart could not be drawn: {_esc(error)}</p>'
                "</figure>",
                [],
            )
    notes = [str(w.message) for w in caught if issubclass(w.category, QikitWarning)]
    alt = " ".join(line.strip() for line in explanation.splitlines() if line.strip())
    caption = []
    if marked:
        caption.append(
            "Flags mark the start of PDSA cycle"
            + ("s " if len(marked) > 1 else " ")
            + _ranges(marked)
            + " (numbers as in the PDSA log)."
        )
    elif project.pdsa_cycles and not pd.api.types.is_datetime64_any_dtype(x):
        caption.append(
            "PDSA cycles are not marked: this measure's points are not dates."
        )
    caption += notes
    caption_html = (
        f"<figcaption>{' '.join(_esc(c) for c in caption)}</figcaption>"
        if caption
        else ""
    )
    return (
        f"<figure>{heading}{facts_html}"
        f'<img src="{src}" alt="{_esc(alt)}">{caption_html}</figure>',
        marked,
    )


def _diagram_section(project: Project, dpi: int) -> str:
    diagram = project.driver_diagram
    if diagram is None:
        return '<p class="note-box">No driver diagram yet.</p>'
    import matplotlib.pyplot as plt

    from qikit.plot.diagrams import plot_driver_diagram

    # plot_driver_diagram sizes a new figure to its content when given no Axes.
    with plt.ioff():
        figure = plot_driver_diagram(diagram).figure
    try:
        src = _png(figure, dpi)
    finally:
        plt.close(figure)
    outline = diagram.to_outline()
    alt = "Driver diagram. " + " ".join(
        line.strip() for line in outline.splitlines() if line.strip()
    )
    return (
        f'<figure><img src="{src}" alt="{_esc(alt)}">'
        f"<figcaption>Read from left to right: the aim, the primary and secondary "
        f"drivers, and the change ideas that the team tests.</figcaption></figure>"
    )


def _pdsa_section(project: Project) -> str:
    cycles = project.pdsa_cycles
    if not cycles:
        return '<p class="note-box">No PDSA cycles yet.</p>'
    ideas = {}
    if project.driver_diagram is not None:
        ideas = {node.id: node.text for node in project.driver_diagram.nodes}
    head = (
        "<tr><th scope='col'>#</th><th scope='col'>Dates</th>"
        "<th scope='col'>Change idea</th><th scope='col'>Objective</th>"
        "<th scope='col'>Scale</th><th scope='col'>Prediction</th>"
        "<th scope='col'>What we learnt</th><th scope='col'>Decision</th></tr>"
    )
    rows = []
    for number, cycle in enumerate(cycles, start=1):
        dates = " – ".join(
            _date_text(d) for d in (cycle.start, cycle.end) if d is not None
        )
        study = cycle.study
        learnt = ""
        if study is not None:
            learnt = study.learning or study.results
        act = cycle.act
        decision = ""
        if act is not None and act.decision:
            decision = act.decision.capitalize()
            if act.next_cycle:
                decision += f": {act.next_cycle}"
        idea = ideas.get(cycle.change_idea, cycle.change_idea)
        cells = [
            str(number),
            dates,
            idea,
            cycle.objective,
            cycle.scale,
            "; ".join(cycle.predictions),
            learnt,
            decision,
        ]
        rows.append(
            "<tr><th scope='row'>"
            + _esc(cells[0])
            + "</th>"
            + "".join(f"<td>{_esc(cell)}</td>" for cell in cells[1:])
            + "</tr>"
        )
    return (
        "<table><caption>PDSA log: every test of change, in order.</caption>"
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _learning_section(project: Project) -> str:
    notes = project.key_learning()
    lead = ""
    if not notes:
        notes = project.notes
        lead = (
            ""
            if not notes
            else '<p class="small">No note is marked as key learning yet; these are '
            "the team's notes.</p>"
        )
    if not notes:
        return '<p class="note-box">No key learning recorded yet.</p>'
    items = []
    for note in notes:
        details = [_date_text(note.date) if note.date else "", note.author]
        shown = ", ".join(d for d in details if d)
        suffix = f' <span class="small">({_esc(shown)})</span>' if shown else ""
        items.append(f"<li>{_esc(note.text)}{suffix}</li>")
    return f'{lead}<ul class="learning">{"".join(items)}</ul>'


def storyboard_html(
    project: Project,
    path: str | os.PathLike[str] | None = None,
    *,
    chart: str = "run",
    dpi: int = 110,
) -> str:
    """A one-page HTML storyboard of the project, with every image inside the file.

    The page shows the aim, the driver diagram, a chart for each measure with
    flags at the start of the PDSA cycles that tested it, the PDSA log and the
    key learning. Images are PNGs embedded as ``data:`` URIs, the styles are
    in the page, and nothing is fetched from the internet, so the file opens
    offline in any browser and prints on A4. Every image has a text
    alternative (a chart's is its :meth:`QicResult.explain`; the driver
    diagram's is its outline), and all text typed by the team is escaped.

    Parameters
    ----------
    project : Project
    path : str or os.PathLike, optional
        When given, the page is also written there (UTF-8, atomically).
    chart : {"run", "measure"}, default "run"
        "run" draws a run chart for every measure; "measure" draws each
        measure's own ``chart_type`` (a u chart, a p chart, ...).
    dpi : int, default 110
        Resolution of the images.

    Returns
    -------
    str
        The whole HTML document.

    Raises
    ------
    InputError
        When ``project`` is not a Project, or ``chart`` or ``dpi`` is not
        usable.
    ProjectFileError
        When ``path`` cannot be written.

    Notes
    -----
    A measure's chart marks the cycles whose change idea is linked to that
    measure in the driver diagram; a measure with no linked cycle (usually the
    outcome measure) marks every cycle. Only cycles that start within the
    measure's dates are marked. A chart that cannot be drawn (for example with
    too few points) is replaced by the reason, so the rest of the storyboard is
    still made.

    Examples
    --------
    >>> from qikit.improve.project import Project
    >>> from qikit.improve.export import storyboard_html
    >>> page = storyboard_html(Project("Falls <Ward 6>", notes=["Huddles help"]))
    >>> page.startswith("<!DOCTYPE html>"), "Falls &lt;Ward 6&gt;" in page
    (True, True)
    """
    _check_project(project)
    if chart not in ("run", "measure"):
        raise InputError(
            f"`chart`: not a choice (got {chart!r}). Use 'run' for run charts, or "
            "'measure' for each measure's own chart type."
        )
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 30 <= dpi <= 600:
        raise InputError(
            f"`dpi`: must be a whole number from 30 to 600 (got {dpi!r}). "
            "Use 110 for the screen or 200 for print."
        )
    name = project.name or "Improvement project"
    meta = []
    if project.team:
        meta.append(f"Team: {project.team}")
    if project.members:
        meta.append("Members: " + ", ".join(project.members))
    meta.append(f"Started {_date_text(project.created.date())}")
    updated = project.updated or project.created
    meta.append(f"last updated {_date_text(updated.date())}")
    aim = project.aim
    if aim is not None:
        aim_html = f'<p class="aim">{_esc(aim.text())}</p>'
        if aim.why:
            aim_html += f"<p><strong>Why it matters:</strong> {_esc(aim.why)}</p>"
    else:
        aim_html = (
            '<p class="note-box">No aim yet: what are we trying to accomplish?</p>'
        )
    if project.measures:
        figures = [
            _chart_section(project, measure, chart, dpi)[0]
            for measure in project.measures
        ]
        measures_html = f'<div class="charts">{"".join(figures)}</div>'
    else:
        measures_html = '<p class="note-box">No measures yet.</p>'
    sections = [
        ("aim", "Aim: what are we trying to accomplish?", aim_html),
        (
            "changes",
            "Driver diagram: what changes can we make?",
            _diagram_section(project, dpi),
        ),
        (
            "measures",
            "Measures: how will we know that a change is an improvement?",
            measures_html,
        ),
        ("pdsa", "PDSA cycles: testing the changes", _pdsa_section(project)),
        ("learning", "Key learning", _learning_section(project)),
    ]
    body = "".join(
        f'<section aria-labelledby="{key}"><h2 id="{key}">{_esc(title)}</h2>'
        f"{content}</section>"
        for key, title, content in sections
    )
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(name)}: improvement storyboard</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{_esc(name)}</h1>"
        f'<p class="meta">{_esc(" · ".join(meta))}</p></header>\n'
        f"<main>\n{body}\n</main>\n"
        f"<footer>Storyboard made with qikit {_esc(__version__)}. To carry on "
        "working, open the project's .qiproj.json file in qikit.</footer>\n"
        "</body>\n</html>\n"
    )
    if path is not None:
        _write(_output_path(path), page.encode("utf-8"))
    return page
