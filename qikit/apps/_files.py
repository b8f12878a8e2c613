"""Files in and out of qikit apps (private; the public names are in qikit.apps).

**Reading data as people really have it.** :func:`read_pasted` (cells copied from
Excel and pasted into a text box), :func:`read_file` (CSV, TSV or text exports and
Excel workbooks) and :func:`read_upload` (what a ``FileUpload`` widget received) all
return a :class:`TableData`: a DataFrame and one plain sentence for each clean-up:

- tab-, comma- or semicolon-separated; with or without a header row; one column or a
  table; a title line above the table left out;
- UTF-8 (with or without the byte-order mark Excel writes), UTF-16 (Excel's "Unicode
  text") or Windows-1252 (Excel's CSV on Windows);
- spaces around column names removed, empty and repeated names made unique, fully
  blank rows and columns dropped;
- numbers with "%" signs, thousands separators (1,234), "£", "$" or "€" read as
  numbers; cells such as "n/a", "-" or "#N/A" read as missing; in a semicolon file,
  decimal commas (3,5) read too;
- dates read day first, as in the UK (:func:`qikit._dates.parse_date_series`);
- Excel cells formatted as percentages read as percentages (0.85 shown as 85% is 85).

A column that cannot be read as numbers or dates is kept as text, and a note says
which cells stopped it and how to fix them. Nothing here raises anything but
:class:`~qikit.errors.InputError`, with a message an app shows as it is.

**Uploads** are checked for count, size and type before they are read
(:func:`check_upload`); a damaged file is an error message, never a broken page.

**Downloads** work inside Voila with no server files: :func:`download_link` makes an
``<a download>`` link with the file in a data URI. :func:`csv_bytes`,
:func:`xlsx_bytes`, :func:`figure_bytes` and :func:`json_bytes` make the files.
"""

from __future__ import annotations

import base64
import codecs
import csv
import datetime as dt
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
from matplotlib.figure import Figure

from qikit._dates import DATE_HINT, parse_date, parse_date_series
from qikit._format import join_words, plural, slug
from qikit._validate import closest, fail, short_repr
from qikit.errors import DataError, InputError

__all__ = [
    "MAX_DOWNLOAD_BYTES",
    "MAX_UPLOAD_BYTES",
    "TableData",
    "check_upload",
    "clear_upload",
    "csv_bytes",
    "download_link",
    "figure_bytes",
    "json_bytes",
    "list_sheets",
    "read_file",
    "read_pasted",
    "read_upload",
    "upload_text",
    "uploaded_file",
    "xlsx_bytes",
]

#: Largest upload read: a year of daily data for 50 wards is well under 1 MB.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: Largest download offered as a link (browsers handle data URIs of this size).
MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024
#: Most rows and columns read from a table.
MAX_ROWS = 100_000
MAX_COLUMNS = 500

#: File kinds by ending: what each kind of upload accepts.
TABLE_ENDINGS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
PROJECT_ENDINGS = {".qiproj.json": "json", ".json": "json"}
_REFUSED = {
    ".xls": "an old Excel workbook (.xls). In Excel choose File, Save As, and save it "
    "as an Excel Workbook (.xlsx) or as CSV",
    ".ods": "a LibreOffice spreadsheet (.ods). Save it as .xlsx or CSV",
    ".numbers": "a Numbers spreadsheet. Export it as CSV or Excel (.xlsx)",
    ".pdf": "a PDF. Upload the spreadsheet the numbers came from, or paste them",
    ".docx": "a Word document. Copy the table into Excel and save it as .xlsx or CSV",
    ".doc": "a Word document. Copy the table into Excel and save it as .xlsx or CSV",
    ".png": "a picture. Upload the spreadsheet the chart came from",
    ".jpg": "a picture. Upload the spreadsheet the chart came from",
    ".jpeg": "a picture. Upload the spreadsheet the chart came from",
    ".zip": "a zip archive. Unzip it and upload the CSV or Excel file inside",
}
_MIME = {
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".txt": "text/plain",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".html": "text/html",
}
_KIND_WORDS = {
    ".csv": "CSV table",
    ".tsv": "tab-separated table",
    ".txt": "text file",
    ".xlsx": "Excel workbook",
    ".png": "PNG image",
    ".svg": "SVG image",
    ".json": "JSON file",
    ".qiproj.json": "qikit project file",
    ".pdf": "PDF",
    ".html": "web page",
}
#: Cells read as missing (case and spaces ignored).
MISSING = {
    "",
    "-",
    "–",
    "—",
    ".",
    "n/a",
    "na",
    "#n/a",
    "n.a.",
    "null",
    "none",
    "missing",
    "nan",
    "#value!",
    "#div/0!",
    "#ref!",
    "#num!",
    "#null!",
}
_EXCEL_ERRORS = {"#n/a", "#value!", "#div/0!", "#ref!", "#num!", "#null!"}

_CURRENCY = "£$€"
_PLAIN = re.compile(r"^\d+(\.\d+)?$|^\.\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")
_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_NUMERIC_DATE = re.compile(r"^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")


@dataclass(frozen=True)
class TableData:
    """A table read from pasted text or a file, and what was done to it.

    Attributes
    ----------
    frame : pandas.DataFrame
        The data: numbers as numbers, dates as ``datetime64``, the rest as text.
    notes : tuple of str
        One plain sentence for each clean-up, in the order they were made; show
        them to the learner.
    source : str
        "the pasted data" or the file name, as the notes call it.
    sheet : str or None
        The worksheet read, for a workbook.
    sheets : tuple of str
        Every worksheet in the workbook (empty for text).
    percent_columns, date_columns, number_columns, text_columns : tuple of str
        The columns read as percentages (values such as 85 for 85%), as dates, as
        numbers (percentages included), and kept as text.
    """

    frame: pd.DataFrame
    notes: tuple[str, ...]
    source: str
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    percent_columns: tuple[str, ...] = ()
    date_columns: tuple[str, ...] = ()
    number_columns: tuple[str, ...] = ()
    text_columns: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """One sentence: how many rows and which columns were read.

        Examples
        --------
        >>> read_pasted("Month\\tFalls\\nJan\\t4\\nFeb\\t6").summary
        "Read 2 rows from the pasted data, with the columns 'Month' and 'Falls'."
        """
        names = join_words(repr(str(c)) for c in self.frame.columns)
        word = "column" if self.frame.shape[1] == 1 else "columns"
        return (
            f"Read {plural(len(self.frame), 'row')} from {self.source}, "
            f"with the {word} {names}."
        )


# ---------------------------------------------------------------------- uploads


def _ending(name: str) -> str:
    lower = name.lower().strip()
    for ending in (".qiproj.json",):
        if lower.endswith(ending):
            return ending
    dot = lower.rfind(".")
    return lower[dot:] if dot >= 0 else ""


def _size(count: int) -> str:
    if count < 1024:
        return plural(count, "byte")
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


def uploaded_file(value: Any, argument: str = "upload") -> tuple[str, bytes]:
    """The name and bytes of the one file in a ``FileUpload`` widget's ``value``.

    Accepts ipywidgets 8's tuple of dicts (``name``, ``content``, ...), the dict of
    ipywidgets 7, or a ``(name, bytes)`` pair (for tests and scripts).

    Raises
    ------
    InputError
        When no file or several files were given.

    Examples
    --------
    >>> uploaded_file(({"name": "falls.csv", "content": memoryview(b"a,b")},))
    ('falls.csv', b'a,b')
    """
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return value[0], bytes(value[1])
    if isinstance(value, Mapping):  # ipywidgets 7: {name: {"content": ..., ...}}
        items = [{"name": k, **dict(v)} for k, v in value.items()]
    else:
        items = list(value or ())
    if not items:
        raise fail(
            argument,
            "no file was chosen",
            fix="Choose a file, then wait until the button shows (1).",
        )
    if len(items) > 1:
        raise fail(
            argument,
            f"{len(items)} files were chosen",
            fix="Choose one file at a time.",
        )
    item = items[0]
    try:
        name = str(item["name"])
        content = bytes(item["content"])
    except (KeyError, TypeError) as error:
        raise fail(
            argument, "the upload could not be read", fix="Choose the file again."
        ) from error
    return name, content


def check_upload(
    name: str,
    content: bytes,
    *,
    endings: Mapping[str, str] | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    argument: str = "upload",
) -> str:
    """Check an uploaded file's size and type; return its kind ("csv", "xlsx", ...).

    Parameters
    ----------
    name : str
        The file's name, as the learner's computer called it.
    content : bytes
        What was uploaded.
    endings : mapping, optional
        Accepted endings and the kind each is (default: CSV, TSV, text and Excel).
    max_bytes : int
        The largest file accepted.

    Raises
    ------
    InputError
        For an empty or too large file, a refused type (with what to do instead:
        an old ``.xls`` workbook, a PDF, a picture ...), or content that does not
        match its ending (an Excel workbook that is not one, a binary "CSV").

    Examples
    --------
    >>> check_upload("falls.csv", b"Month,Falls\\nJan,4\\n")
    'csv'
    >>> check_upload("falls.xls", b"\\xd0\\xcf\\x11\\xe0")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `upload`: 'falls.xls' is an old Excel workbook (.xls). \
In Excel choose File, Save As, and save it as an Excel Workbook (.xlsx) or as CSV.
    """
    endings = dict(TABLE_ENDINGS if endings is None else endings)
    ending = _ending(name)
    shown = repr(name)
    if ending not in endings:
        if ending in _REFUSED:
            raise InputError(f"`{argument}`: {shown} is {_REFUSED[ending]}.")
        accepted = join_words(sorted({e for e in endings}), conj="or")
        raise fail(
            argument,
            f"{shown} is not a file type this page reads",
            fix=f"Upload a file ending in {accepted}.",
        )
    if not content:
        raise fail(
            argument,
            f"{shown} is empty (0 bytes)",
            fix="Check that the file was saved, then upload it again.",
        )
    if len(content) > max_bytes:
        raise fail(
            argument,
            f"{shown} is too large ({_size(len(content))}; the limit is "
            f"{_size(max_bytes)})",
            fix="Upload only the rows and columns you want to chart, or paste them.",
        )
    kind = endings[ending]
    if kind == "xlsx":
        if content[:4] == b"\xd0\xcf\x11\xe0":
            raise InputError(f"`{argument}`: {shown} is {_REFUSED['.xls']}.")
        if content[:4] != b"PK\x03\x04" or not zipfile.is_zipfile(io.BytesIO(content)):
            raise fail(
                argument,
                f"{shown} is not a readable Excel workbook (it may "
                "be damaged, or another kind of file renamed)",
                fix="Open it in Excel, save it again as .xlsx, and upload "
                "that copy; or save it as CSV.",
            )
    elif content[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0") or content[:5] == b"%PDF-":
        raise fail(
            argument,
            f"{shown} is not text, although its name ends in "
            f"{ending} (it looks like a spreadsheet or a PDF)",
            fix="Save the data as CSV (or .xlsx) and upload that file.",
        )
    return kind


def clear_upload(upload: Any) -> None:
    """Empty a ``FileUpload`` widget, so the same file can be chosen again."""
    try:
        upload.value = ()
    except Exception:  # noqa: BLE001 - ipywidgets 7 wants a dict; nothing else matters
        upload.value = {}


def read_upload(
    value: Any,
    *,
    sheet: str | int | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    argument: str = "upload",
) -> TableData:
    """Read the table a ``FileUpload`` widget received (see :func:`read_file`)."""
    name, content = uploaded_file(value, argument)
    return read_file(content, name, sheet=sheet, max_bytes=max_bytes, argument=argument)


def upload_text(
    value: Any,
    *,
    endings: Mapping[str, str] | None = None,
    max_bytes: int = 2 * 1024 * 1024,
    argument: str = "upload",
) -> tuple[str, str]:
    """The name and text of an uploaded text file, such as a ``.qiproj.json``.

    Checked like :func:`check_upload` (default endings: ``.qiproj.json`` and
    ``.json``), then decoded as UTF-8; a file that is not text is refused.

    Examples
    --------
    >>> upload_text(("ward6.qiproj.json", b'{"qikit_project": 1}'))
    ('ward6.qiproj.json', '{"qikit_project": 1}')
    """
    name, content = uploaded_file(value, argument)
    check_upload(
        name,
        content,
        endings=endings or PROJECT_ENDINGS,
        max_bytes=max_bytes,
        argument=argument,
    )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(
            argument,
            f"{name!r} is not a text file (it may be damaged)",
            fix="Upload the file qikit saved, unchanged.",
        ) from error
    if "\x00" in text:
        raise fail(
            argument,
            f"{name!r} is not a text file (it may be damaged)",
            fix="Upload the file qikit saved, unchanged.",
        )
    return name, text


# ---------------------------------------------------------------------- reading


def read_file(
    content: bytes,
    name: str,
    *,
    sheet: str | int | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    argument: str = "upload",
) -> TableData:
    """Read a CSV, TSV or text export, or an Excel workbook, into a :class:`TableData`.

    Parameters
    ----------
    content : bytes
        The file.
    name : str
        Its name; the ending chooses how it is read (``.csv``, ``.tsv``, ``.txt``,
        ``.xlsx``).
    sheet : str or int, optional
        For a workbook: the worksheet's name or its position (0 is the first).
        Default: the first worksheet.

    Raises
    ------
    InputError
        When the file cannot be read, with what to do.

    Examples
    --------
    >>> csv_text = "\\ufeffMonth ;Falls\\n01/04/2024;4\\n01/05/2024;6\\n;\\n"
    >>> data = read_file(csv_text.encode("utf-8"), "falls.csv")
    >>> list(data.frame.columns), data.frame["Month"].dt.month.tolist()
    (['Month', 'Falls'], [4, 5])
    >>> len(data.notes)
    3
    """
    kind = check_upload(name, content, max_bytes=max_bytes, argument=argument)
    if kind == "xlsx":
        return _read_workbook(content, name, sheet, argument)
    text, notes = _decode(content, name, argument)
    delimiter = _sniff(text)
    rows, lines = _split(text, delimiter)
    if delimiter == ";":
        notes.append(
            f"{name!r} is separated by semicolons, as Excel writes CSV in much of "
            "Europe, so a comma in a number is read as a decimal point (3,5 is 3.5)."
        )
    return _table(
        rows,
        lines,
        source=repr(name),
        notes=notes,
        decimal_comma=delimiter == ";",
        argument=argument,
        line_word="line",
    )


def read_pasted(text: str, *, argument: str = "paste") -> TableData:
    """Read cells copied from Excel (or typed, one value a line) into a table.

    Tab-separated cells are columns; without tabs, comma- or semicolon-separated
    lines are read as CSV, and anything else as one column of values. The first
    row is read as column names when it holds words above numbers or dates.

    Raises
    ------
    InputError
        When there is nothing to read.

    Examples
    --------
    >>> data = read_pasted("12\\n15\\n\\n1,204\\n9%")
    >>> data.frame["Column 1"].tolist()
    [12, 15, 1204, 9]
    >>> print("\\n".join(data.notes))
    The first row holds data, not column names, so the column is called 'Column 1'.
    1 blank row was left out.
    Some values in 'Column 1' had thousands separators (as in 1,234); they were \
read as numbers.
    Some values in 'Column 1' ended in %; they were read as percentages (85% is 85).
    """
    if not isinstance(text, str):
        raise fail(
            argument,
            "must be text",
            type(text).__name__,
            fix="Paste the cells as text.",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise fail(
            argument,
            "is empty",
            fix="Copy a column or a table in Excel, then paste it here (Ctrl+V).",
        )
    if len(text) > MAX_UPLOAD_BYTES:
        raise fail(
            argument,
            f"is too long ({_size(len(text))})",
            fix="Paste only the rows and columns you want to chart.",
        )
    delimiter = _paste_delimiter(text)
    rows, lines = _split(text, delimiter)
    notes: list[str] = []
    return _table(
        rows,
        lines,
        source="the pasted data",
        notes=notes,
        decimal_comma=delimiter == ";",
        argument=argument,
        line_word="line",
    )


def list_sheets(content: bytes, name: str = "the workbook") -> list[str]:
    """The worksheet names of an Excel workbook, in order."""
    check_upload(name if _ending(name) else f"{name}.xlsx", content)
    book = _open_workbook(content, name, "upload")
    try:
        return list(book.sheetnames)
    finally:
        book.close()


# ----------------------------------------------------------------- text files


def _decode(content: bytes, name: str, argument: str) -> tuple[str, list[str]]:
    notes: list[str] = []
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _not_text(name, argument) from error
        notes.append(
            f'{name!r} is in UTF-16 (Excel\'s "Unicode text"); it was read as that.'
        )
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("cp1252")
            except UnicodeDecodeError as error:
                raise _not_text(name, argument) from error
            notes.append(
                f"{name!r} is not in UTF-8; it was read as Windows-1252 "
                "(how Excel on Windows saves CSV), so £ and accents are kept."
            )
    if "\x00" in text:
        raise _not_text(name, argument)
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


def _not_text(name: str, argument: str) -> InputError:
    return fail(
        argument,
        f"{name!r} is not a text table (it may be damaged, or "
        "another kind of file renamed)",
        fix="Open it in Excel and save it again as CSV (or .xlsx).",
    )


def _sniff(text: str) -> str:
    """The delimiter of a text table: tab, semicolon, comma or pipe."""
    sample = "\n".join(text.split("\n", 50)[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters="\t;,|").delimiter
    except csv.Error:
        lines = [line for line in sample.split("\n") if line.strip()]
        for delimiter in ("\t", ";", ","):
            if lines and all(delimiter in line for line in lines):
                return delimiter
        return ","


def _paste_delimiter(text: str) -> str | None:
    """Tab for Excel cells; ``;`` or ``,`` for CSV lines; ``None``: one column."""
    lines = [line for line in text.split("\n") if line.strip()]
    if any("\t" in line for line in lines):
        return "\t"
    for delimiter in (";", ","):
        if not all(delimiter in line for line in lines):
            continue
        if delimiter == "," and all(_is_number_text(line) for line in lines):
            return None  # 1,234 on every line: thousands, not columns
        return delimiter
    return None


def _split(text: str, delimiter: str | None) -> tuple[list[list[Any]], list[int]]:
    """Rows of cells and the line number (1-based) each row started on."""
    if delimiter is None:
        rows = [[line] for line in text.split("\n")]
        lines = list(range(1, len(rows) + 1))
    else:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows, lines = [], []
        try:
            for row in reader:
                rows.append(row)
                lines.append(reader.line_num)
                if len(rows) > MAX_ROWS + 1000:
                    break
        except csv.Error:  # e.g. a NUL byte or an unclosed quote at the very end
            pass
    while rows and not any(str(c).strip() for c in rows[-1]):
        rows.pop()
        lines.pop()
    return rows, lines


# ------------------------------------------------------------------ workbooks


def _open_workbook(content: bytes, name: str, argument: str):
    try:
        return openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True
        )
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds
        raise fail(
            argument,
            f"{name!r} could not be opened as an Excel workbook "
            "(it may be damaged, or protected by a password)",
            fix="Open it in Excel, save a copy as .xlsx without a password, "
            "and upload that; or save it as CSV.",
        ) from error


def _read_workbook(
    content: bytes, name: str, sheet: str | int | None, argument: str
) -> TableData:
    book = _open_workbook(content, name, argument)
    try:
        names = list(book.sheetnames)
        chosen = _choose_sheet(names, sheet, name)
        worksheet = book[chosen]
        rows, lines, percent = [], [], {}
        try:
            for cells in worksheet.iter_rows():
                values = []
                for position, cell in enumerate(cells):
                    value = getattr(cell, "value", None)
                    if isinstance(value, int | float) and not isinstance(value, bool):
                        if "%" in str(getattr(cell, "number_format", "") or ""):
                            value = _Percent(value)
                            percent[position] = True
                    values.append(value)
                rows.append(values)
                lines.append(
                    getattr(cells[0], "row", len(rows)) if cells else len(rows)
                )
                if len(rows) > MAX_ROWS + 1000:
                    break
        except Exception as error:  # noqa: BLE001 - a damaged sheet
            raise fail(
                argument,
                f"the worksheet {chosen!r} of {name!r} could not be "
                "read (the file may be damaged)",
                fix="Open it in Excel, save it again, and upload that copy; "
                "or save the sheet as CSV.",
            ) from error
    finally:
        book.close()
    while rows and not any(_blank(c) is False for c in rows[-1]):
        rows.pop()
        lines.pop()
    notes = []
    if len(names) > 1:
        others = join_words([repr(n) for n in names if n != chosen])
        notes.append(
            f"The workbook has {len(names)} worksheets; this is {chosen!r}. "
            f"The others are {others}: choose one to read it instead."
        )
    data = _table(
        rows,
        lines,
        source=repr(name),
        notes=notes,
        decimal_comma=False,
        argument=argument,
        line_word="row",
    )
    return TableData(**{**data.__dict__, "sheet": chosen, "sheets": tuple(names)})


def _choose_sheet(names: list[str], sheet: str | int | None, name: str) -> str:
    if not names:
        raise fail(
            "sheet",
            f"{name!r} has no worksheets",
            fix="Save the data in a worksheet, or as CSV.",
        )
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(names):
            return names[sheet]
        raise fail(
            "sheet",
            f"{name!r} has {plural(len(names), 'worksheet')}",
            sheet,
            fix=f"Choose one of: {join_words(repr(n) for n in names)}.",
        )
    for candidate in names:
        if candidate.strip().casefold() == str(sheet).strip().casefold():
            return candidate
    near = closest(str(sheet), names)
    hint = f"Did you mean {near!r}? " if near is not None else ""
    raise fail(
        "sheet",
        f"is not a worksheet of {name!r}",
        sheet,
        fix=f"{hint}Choose one of: {join_words(repr(n) for n in names)}.",
    )


class _Percent(float):
    """A number shown as a percentage in Excel (0.85 shown as 85%)."""


# ------------------------------------------------------------- one pipeline


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _table(
    rows: list[list[Any]],
    lines: list[int],
    *,
    source: str,
    notes: list[str],
    decimal_comma: bool,
    argument: str,
    line_word: str,
) -> TableData:
    """Rows of raw cells to a TableData: the clean-ups shared by paste, CSV, Excel."""
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]

    # Fully blank rows.
    keep = [i for i, row in enumerate(rows) if not all(_blank(c) for c in row)]
    blank_rows = len(rows) - len(keep)
    rows = [rows[i] for i in keep]
    lines = [lines[i] for i in keep]
    if not rows:
        raise fail(
            argument,
            f"{source} holds no values",
            fix="Check that you copied (or saved) the cells with the data.",
        )

    # Fully blank columns.
    used = [j for j in range(width) if not all(_blank(row[j]) for row in rows)]
    blank_columns = width - len(used)
    rows = [[row[j] for j in used] for row in rows]
    if len(used) > MAX_COLUMNS:
        raise fail(
            argument,
            f"{source} has {len(used):,} columns (the limit is {MAX_COLUMNS})",
            fix="Keep only the columns you want to chart.",
        )

    # A title line above the table ("Ward 6 falls, 2024").
    while (
        len(rows) > 2
        and len(used) > 1
        and _filled(rows[0]) == 1
        and _filled(rows[1]) > 1
    ):
        title = next(c for c in rows[0] if not _blank(c))
        notes.append(
            f"The first {line_word}, {short_repr(str(title).strip())}, looks "
            "like a title rather than part of the table, so it was left out."
        )
        rows, lines = rows[1:], lines[1:]

    if len(rows) == 1 and not any(_looks_like_value(c) for c in rows[0]):
        raise fail(
            argument,
            f"{source} has column names but no rows of data",
            fix="Copy (or save) the rows under the names too.",
        )
    header = _has_header(rows)
    if header:
        names, rows, lines = [_header_text(c) for c in rows[0]], rows[1:], lines[1:]
    else:
        names = [""] * len(rows[0])
    if not rows:
        raise fail(
            argument,
            f"{source} has column names but no rows of data",
            fix="Copy (or save) the rows under the names too.",
        )
    if len(rows) > MAX_ROWS:
        raise fail(
            argument,
            f"{source} has {len(rows):,} rows (the limit is {MAX_ROWS:,})",
            fix="Keep only the rows you want to chart.",
        )

    names = _clean_names(names, header, notes)
    if blank_rows:
        notes.append(
            f"{plural(blank_rows, 'blank row')} "
            f"{'was' if blank_rows == 1 else 'were'} left out."
        )
    if blank_columns:
        notes.append(
            f"{plural(blank_columns, 'empty column')} "
            f"{'was' if blank_columns == 1 else 'were'} left out."
        )

    columns: dict[str, pd.Series] = {}
    kinds: dict[str, str] = {}
    for j, name in enumerate(names):
        values = [row[j] for row in rows]
        series, kind = _column(values, name, lines, notes, decimal_comma, line_word)
        columns[name] = series
        kinds[name] = kind
    frame = pd.DataFrame(columns)
    frame.index = pd.RangeIndex(len(frame))

    def of(*wanted: str) -> tuple[str, ...]:
        return tuple(n for n, k in kinds.items() if k in wanted)

    return TableData(
        frame=frame,
        notes=tuple(notes),
        source=source,
        percent_columns=of("percent"),
        date_columns=of("date"),
        number_columns=of("number", "percent"),
        text_columns=of("text"),
    )


def _filled(row: Sequence[Any]) -> int:
    return sum(not _blank(c) for c in row)


def _header_text(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return pd.Timestamp(value).strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_number_text(text: str, decimal_comma: bool = False) -> bool:
    return _number(text, decimal_comma) is not None


def _looks_like_value(value: Any) -> bool:
    """A number or a date (what sits under a header), not a word."""
    if _blank(value):
        return False
    if isinstance(value, int | float | dt.date | dt.datetime | pd.Timestamp):
        return True
    text = str(value).strip()
    if _is_number_text(text, True) or text.lower() in MISSING:
        return True
    try:
        return parse_date(text, "x") is not None
    except InputError:
        return bool(_NUMERIC_DATE.match(text))


def _has_header(rows: list[list[Any]]) -> bool:
    """Whether the first row names the columns."""
    first = rows[0]
    rest = rows[1:]
    if not rest:
        return False
    for j, cell in enumerate(first):
        if _blank(cell) or _looks_like_value(cell):
            continue
        below = [row[j] for row in rest if not _blank(row[j])]
        if below and sum(_looks_like_value(v) for v in below) >= 0.5 * len(below):
            return True
    words = [c for c in first if not _blank(c)]
    return (
        len(words) == len(first)
        and not any(_looks_like_value(c) for c in words)
        and len({str(c).strip() for c in words}) == len(words)
        and len(first) > 1
    )


def _clean_names(names: list[str], header: bool, notes: list[str]) -> list[str]:
    out = []
    spaced, renamed = [], []
    for position, raw in enumerate(names, start=1):
        name = " ".join(str(raw).split())  # line breaks and runs of spaces too
        if header and name != str(raw) and name:
            spaced.append(name)
        if not name:
            name = f"Column {position}"
            if header:
                renamed.append(name)
        out.append(name)
    if not header:
        word = "column is" if len(out) == 1 else "columns are"
        notes.append(
            "The first row holds data, not column names, so the "
            f"{word} called {join_words(repr(n) for n in out)}."
        )
    if spaced:
        notes.append(
            f"Spaces around (or inside) the column {_plural_word(spaced, 'name')} "
            f"{join_words(repr(n) for n in spaced)} were removed."
        )
    if renamed:
        notes.append(
            f"{plural(len(renamed), 'column')} had no name and "
            f"{'is' if len(renamed) == 1 else 'are'} now called "
            f"{join_words(repr(n) for n in renamed)}."
        )
    seen: dict[str, int] = {}
    final = []
    for name in out:
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            new = f"{name} ({seen[key]})"
            notes.append(f"Two columns are called {name!r}; the second is now {new!r}.")
            final.append(new)
        else:
            seen[key] = 1
            final.append(name)
    return final


def _plural_word(items: Sequence[Any], word: str) -> str:
    return word if len(items) == 1 else word + "s"


def _number(text: str, decimal_comma: bool) -> tuple[float, set[str]] | None:
    """A number written as people write it, and what was stripped; else None."""
    stripped: set[str] = set()
    t = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if not t:
        return None
    sign = 1.0
    if t[0] in "+-":
        sign = -1.0 if t[0] == "-" else 1.0
        t = t[1:]
    if t[:1] and t[0] in _CURRENCY:
        stripped.add(t[0])
        t = t[1:]
    if t.endswith("%"):
        stripped.add("%")
        t = t[:-1]
    if not t:
        return None
    if _PLAIN.match(t):
        value = float(t)
    elif decimal_comma and (_DECIMAL_COMMA.match(t) or _DOTTED_THOUSANDS.match(t)):
        if "." in t:
            stripped.add(",")
        value = float(t.replace(".", "").replace(",", "."))
        stripped.add("decimal comma")
    elif not decimal_comma and _THOUSANDS.match(t):
        stripped.add(",")
        value = float(t.replace(",", ""))
    else:
        try:
            value = float(t)  # 1e3, 1E-2
        except ValueError:
            return None
        if not math.isfinite(value):
            return None
    return sign * value, stripped


def _column(
    values: list[Any],
    name: str,
    lines: list[int],
    notes: list[str],
    decimal_comma: bool,
    line_word: str,
) -> tuple[pd.Series, str]:
    """One column as numbers, dates or text, with notes on what was done."""
    cells: list[Any] = []
    missing_words: set[str] = set()
    for value in values:
        if isinstance(value, str):
            value = value.strip()
            if value.lower() in MISSING:
                if value:
                    missing_words.add(value)
                value = None
        cells.append(value)
    present = [i for i, v in enumerate(cells) if v is not None]

    def where(idx: Iterable[int]) -> str:
        found = [lines[i] for i in idx]
        shown = ", ".join(str(n) for n in found[:6])
        more = f" and {len(found) - 6} more" if len(found) > 6 else ""
        word = line_word if len(found) == 1 else line_word + "s"
        return f"{word} {shown}{more}"

    def missing_note() -> None:
        if missing_words:
            shown = join_words(repr(w) for w in sorted(missing_words))
            notes.append(f"In {name!r}, cells holding {shown} were read as missing.")

    if not present:
        missing_note()
        return pd.Series([np.nan] * len(cells), dtype="float64"), "number"

    # Dates and times that are already dates (Excel).
    if all(isinstance(cells[i], dt.date | dt.datetime | pd.Timestamp) for i in present):
        missing_note()
        return pd.to_datetime(pd.Series(cells, dtype="object")), "date"

    # Numbers.
    parsed: dict[int, float] = {}
    stripped: set[str] = set()
    percent_cells = 0
    bad = []
    for i in present:
        value = cells[i]
        if isinstance(value, bool):
            bad.append(i)
        elif isinstance(value, _Percent):
            parsed[i] = round(float(value) * 100, 10)
            percent_cells += 1
        elif isinstance(value, int | float):
            parsed[i] = float(value)
        elif isinstance(value, str):
            got = _number(value, decimal_comma)
            if got is None:
                bad.append(i)
            else:
                parsed[i] = got[0]
                stripped |= got[1]
                percent_cells += "%" in got[1]
        else:
            bad.append(i)
    if not bad:
        missing_note()
        if "," in stripped:
            notes.append(
                f"Some values in {name!r} had thousands separators (as in "
                "1,234); they were read as numbers."
            )
        for symbol in sorted(stripped & set(_CURRENCY)):
            notes.append(
                f"The {symbol} signs in {name!r} were removed, leaving the numbers."
            )
        kind = "number"
        if percent_cells:
            kind = "percent"
            if any(isinstance(cells[i], _Percent) for i in present):
                notes.append(
                    f"{name!r} is shown as percentages in Excel; it was read "
                    "as percentages (85% is 85, not 0.85)."
                )
            else:
                some = "The" if percent_cells == len(present) else "Some"
                notes.append(
                    f"{some} values in {name!r} ended in %; they were read "
                    "as percentages (85% is 85)."
                )
        out = np.full(len(cells), np.nan)
        for i, v in parsed.items():
            out[i] = v
        series = pd.Series(out)
        if (
            not np.isnan(out).any()
            and np.all(np.mod(out, 1) == 0)
            and (np.abs(out) < 2**53).all()
        ):
            series = series.astype("int64")
        return series, kind

    # Dates written as text.
    texts = pd.Series([None if v is None else str(v) for v in cells], dtype="object")
    if any(isinstance(cells[i], str) for i in present):
        try:
            dates = parse_date_series(texts, name)
        except DataError:
            dates = None
            unreadable = []
            for i in present:
                try:
                    parse_date(str(cells[i]), name)
                except InputError:
                    unreadable.append(i)
            examples = join_words(repr(str(cells[i])) for i in unreadable[:3])
            notes.append(
                f"{name!r} holds dates, but {plural(len(unreadable), 'value')} "
                f"could not be read as a date ({where(unreadable)}: {examples}), "
                "so the column was kept as text. qikit reads dates day first, as "
                f"in the UK. {DATE_HINT}"
            )
            missing_note()
            return texts.astype("object"), "text"
        if dates is not None:
            missing_note()
            if any(_NUMERIC_DATE.match(str(cells[i])) for i in present):
                notes.append(
                    f"The dates in {name!r} were read day first, as in the UK "
                    "(01/04/2024 is 1 April 2024)."
                )
            return dates, "date"

    # Mostly numbers, a few words: say which cells, keep it as text.
    if parsed and len(parsed) >= len(present) / 2:
        examples = join_words(repr(str(cells[i])) for i in bad[:3])
        notes.append(
            f"{name!r} is mostly numbers, but {plural(len(bad), 'cell')} "
            f"{'is' if len(bad) == 1 else 'are'} not ({where(bad)}: {examples}), so "
            "the column was kept as text. Correct those cells, or leave them empty, "
            "to use it as numbers."
        )
    missing_note()
    return pd.Series(
        [
            None if v is None else _header_text(v) if not isinstance(v, str) else v
            for v in cells
        ],
        dtype="object",
    ), "text"


# --------------------------------------------------------------------- downloads


def _safe_filename(filename: str) -> str:
    name = str(filename).strip()
    ending = _ending(name)
    stem = name[: len(name) - len(ending)] if ending else name
    clean = slug(stem, limit=60, sep="-") or "qikit"
    return clean + ending


def download_link(
    data: bytes | str,
    filename: str,
    *,
    label: str | None = None,
    mime: str | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> str:
    """An HTML link that downloads ``data`` as ``filename``: no server file needed.

    The file travels in the link itself (a ``data:`` URI) and ``<a download>`` gives
    it its name, so it works the same in Voila, JupyterLab and a saved page. The link
    text says the file's name, kind and size.

    Parameters
    ----------
    data : bytes or str
        The file's content (text is encoded as UTF-8).
    filename : str
        The name the browser saves it under (made safe: letters, digits, dashes).
    label : str, optional
        The link text, default "Download <filename>".
    mime : str, optional
        The media type, by default from the file's ending.

    Raises
    ------
    InputError
        When the file is larger than ``max_bytes``.

    Examples
    --------
    >>> html = download_link("Month,Falls\\nJan,4\\n", "Ward 6 falls.csv")
    >>> html.split(" href")[0]
    '<a class="qikit-download" download="ward-6-falls.csv"'
    >>> html.endswith(">Download ward-6-falls.csv (CSV table, 18 bytes)</a>")
    True
    """
    content = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    name = _safe_filename(filename)
    if len(content) > max_bytes:
        raise fail(
            "download",
            f"{name!r} is too large to download from the page "
            f"({_size(len(content))}; the limit is {_size(max_bytes)})",
            fix="Download a smaller part, such as one measure or one year.",
        )
    ending = _ending(name)
    kind = (
        mime
        or _MIME.get(ending)
        or _MIME.get("." + ending.rsplit(".", 1)[-1])
        or ("application/octet-stream")
    )
    words = _KIND_WORDS.get(ending, ending.lstrip(".").upper() or "file")
    text = label or f"Download {name}"
    encoded = base64.b64encode(content).decode("ascii")
    return (
        f'<a class="qikit-download" download="{escape(name)}" '
        f'href="data:{escape(kind)};base64,{encoded}">'
        f"{escape(text)} ({escape(words)}, {_size(len(content))})</a>"
    )


def csv_bytes(frame: pd.DataFrame, *, index: bool = False) -> bytes:
    """A DataFrame as CSV that Excel opens correctly: UTF-8 with a byte-order mark
    (so £ and accents survive), dates as ``2024-03-31``.

    Examples
    --------
    >>> csv_bytes(pd.DataFrame({"Cost": ["£5"]}))[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    text = frame.to_csv(index=index, date_format="%Y-%m-%d", lineterminator="\r\n")
    return text.encode("utf-8-sig")


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def xlsx_bytes(frames: pd.DataFrame | Mapping[str, pd.DataFrame]) -> bytes:
    """One or more DataFrames as an Excel workbook, one worksheet each.

    Sheet names are cut to Excel's 31 characters and cleared of ``[]:*?/\\``.

    Examples
    --------
    >>> data = xlsx_bytes({"Falls: ward 6": pd.DataFrame({"Falls": [4, 6]})})
    >>> read_file(data, "x.xlsx").sheet
    'Falls ward 6'
    """
    if isinstance(frames, pd.DataFrame):
        frames = {"Data": frames}
    buffer = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for position, (name, frame) in enumerate(frames.items(), start=1):
            sheet = " ".join(_SHEET_BAD.sub("", str(name)).split())[:31] or (
                f"Sheet {position}"
            )
            while sheet.casefold() in used:
                sheet = f"{sheet[:28]} {position}"
            used.add(sheet.casefold())
            frame.to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()


def figure_bytes(fig: Figure, fmt: str = "png", *, dpi: int = 150) -> bytes:
    """A Matplotlib figure as PNG or SVG bytes (white background, tightly cropped).

    The figure is not closed.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1)); _ = fig.add_subplot().plot([1, 2])
    >>> figure_bytes(fig, "png")[:4], figure_bytes(fig, "svg")[:5]
    (b'\\x89PNG', b'<?xml')
    """
    if fmt not in ("png", "svg"):
        raise fail(
            "fmt", "is not a picture format qikit saves", fmt, fix="Use 'png' or 'svg'."
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_bytes(obj: Any) -> bytes:
    """``obj`` as indented UTF-8 JSON (dates as ISO text), for a ``.json`` download.

    Examples
    --------
    >>> json_bytes({"team": "Ward 6", "start": dt.date(2024, 4, 1)})
    b'{\\n  "team": "Ward 6",\\n  "start": "2024-04-01"\\n}'
    """
    return json.dumps(obj, ensure_ascii=False, indent=2, default=_json_default).encode(
        "utf-8"
    )
