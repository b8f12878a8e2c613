"""Project files: one ``.qiproj.json`` file that a team saves, resumes and shares.

A :class:`~qikit.improve.Project` (see :mod:`qikit.improve.project`) is kept in one
file. :func:`save_project` writes a project to a ``*.qiproj.json`` file and
:func:`load_project` reads it back; :func:`project_to_bytes` and
:func:`project_from_bytes` do the same in memory for the web apps' download and
upload buttons.

The ``.qiproj.json`` file format
--------------------------------
A project file is UTF-8 JSON, indented by two spaces so that it can be read (and,
with care, edited) in any text editor. Short lists and objects of plain values
are kept on one line, and a measure's long lists of data fill each line like a
table. The keys inside each part are sorted, so two saves of a project can be
compared line by line. The top level is::

    {
      "format": "qikit-project",
      "schema_version": 3,
      "qikit_version": "0.1.0",
      "project": {
        "id": "3f2c...",                  # stable identifier (uuid4 hex)
        "name": "Fewer falls on Ward 6",
        "team": "Ward 6",
        "members": ["Aisha", "Ben"],
        "created": "2024-01-08T09:00:00+00:00",
        "updated": "2024-03-04T16:30:00+00:00",
        "rules": "anhoej",                # the charts' rule set: anhoej, ihi, ...
        "aim": {...} or null,             # Aim.to_dict()
        "measures": [{...}, ...],         # Measure.to_dict(), data included
        "driver_diagram": {...} or null,  # DriverDiagram.to_dict()
        "pdsa_cycles": [{...}, ...],      # PDSACycle.to_dict(), in log order
        "notes": [{"id": ..., "text": ..., "date": "2024-02-01" or null,
                   "author": ..., "key_learning": false}, ...]
      }
    }

``format`` marks the file as a qikit project. ``schema_version`` is the version
of this layout; it changes whenever a key is added, renamed or removed, so a
file never holds a key that its version does not define (unknown keys are an
error, not silently dropped). ``qikit_version`` records which qikit wrote the
file and is for information only. Dates are ISO 8601 strings, timestamps carry a
UTC offset, and missing numbers are ``null`` (the file is strict JSON: no
``NaN``). The keys inside each part are those of that part's ``to_dict()``; see
:mod:`qikit.improve.aims`, :mod:`qikit.improve.measures`,
:mod:`qikit.improve.driver` and :mod:`qikit.improve.pdsa`.

Schema versions and migrations
------------------------------
When qikit reads a file from an older schema it upgrades the document one
version at a time, applying the functions registered in :data:`MIGRATIONS`
(``MIGRATIONS[k]`` turns a version ``k`` document into a version ``k + 1``
document; they live in :mod:`qikit.improve._migrations`) before anything else is
read. The file itself is not changed until the project is saved again. A file from
a newer schema than this qikit understands is refused with a message asking the
user to update qikit.

=======  ================================================================
version  changes
=======  ================================================================
1        first layout (qikit 0.0 development snapshots): the project's name
         under ``"title"``, PDSA cycles under ``"pdsa"``, notes as one
         block of text under ``"notes"``; no ``"members"``.
2        ``"title"`` renamed ``"name"``, ``"pdsa"`` renamed
         ``"pdsa_cycles"``, notes became a list of dated notes that can be
         marked as key learning, ``"members"`` added.
3        (qikit 0.2) a measure's ``"goal"`` renamed ``"target"``;
         ``"rules"`` added to the project (``"anhoej"`` for older files) and
         to each measure (``null``: the project's).
=======  ================================================================

Safety
------
Saving is atomic: the new file is written to a temporary file in the same
folder, flushed to disk, and renamed over the old one, so a power cut or a
killed process leaves either the old file or the new one, never a mixture (at
worst a hidden ``.<name>.qiproj.json.<random>.tmp`` file is left beside it, which
can be deleted). Before writing, the new bytes are read back and checked, so
qikit never writes a file it could not open again.

Loading is all or nothing: the whole file is parsed, upgraded and checked before
a :class:`~qikit.improve.Project` is returned, and any problem raises
:class:`~qikit.errors.ProjectFileError`
with a message that says what to do.

See the curriculum module "The Model for Improvement" for the ideas behind a
project.

Examples
--------
>>> import tempfile, pathlib
>>> from qikit.improve import Project, load_project, save_project
>>> project = Project("Fewer falls on Ward 6", team="Ward 6")
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = save_project(project, folder / "falls.qiproj.json")
>>> load_project(path) == project
True
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import IO, Any

from qikit import _validate as v
from qikit._io import check_output_path, write_bytes
from qikit._version import __version__
from qikit.errors import InputError, ProjectFileError, QikitError
from qikit.improve._json import json_safe, pretty_json, sorted_keys
from qikit.improve._migrations import (
    MIGRATIONS,
    SCHEMA_VERSION,
    USE_COPY,
    file_error,
    migrate_document,
)
from qikit.improve.project import _PROJECT_KEYS, FILE_SUFFIX, Project, _duplicates

__all__ = [
    "FILE_FORMAT",
    "FILE_SUFFIX",
    "MAX_FILE_BYTES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ProjectFileError",
    "ProjectSource",
    "load_project",
    "migrate_document",
    "project_from_bytes",
    "project_to_bytes",
    "save_project",
]

#: The value of the ``"format"`` key that marks a qikit project file.
FILE_FORMAT = "qikit-project"
#: What :func:`load_project` accepts: a path, the file's bytes, or an open file.
ProjectSource = (
    str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | IO[str]
)
#: Larger files are refused before they are parsed (a project with ten years of
#: daily data for 20 measures is about 5 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024

_DOCUMENT_KEYS = ("format", "schema_version", "qikit_version", "project")
#: What to do with a file that is not a project.
CHOOSE_FILE = "Choose the .qiproj.json file you downloaded from qikit."


def _file_error(
    source: str, reason: str, problem: str, action: str = CHOOSE_FILE
) -> ProjectFileError:
    return file_error(source, reason, problem, action)


def _check_project(project: Any) -> None:
    if not isinstance(project, Project):
        raise v.fail(
            "project",
            "must be a Project",
            project,
            "Build one with Project(name, ...) or load_project(path).",
        )


# --------------------------------------------------------------------------------------
# Bytes in, bytes out
# --------------------------------------------------------------------------------------
def project_to_bytes(project: Project) -> bytes:
    """Serialise ``project`` to the bytes of a ``.qiproj.json`` file.

    The output depends only on the project, so saving the same project twice
    gives the same bytes.

    Raises
    ------
    InputError
        When ``project`` is not a :class:`Project`, when two of its measures,
        PDSA cycles or notes share an id, or when its text holds a character
        that cannot be written as UTF-8 (a lone surrogate).

    Examples
    --------
    >>> from qikit.improve import Project, project_from_bytes, project_to_bytes
    >>> data = project_to_bytes(Project("Fewer falls on Ward 6"))
    >>> data[:45]
    b'{\\n  "format": "qikit-project",\\n  "schema_vers'
    >>> project_from_bytes(data).name
    'Fewer falls on Ward 6'
    """
    _check_project(project)
    duplicates = _duplicates(project)
    if duplicates:
        label, ident = duplicates[0]
        raise v.fail(
            "project",
            f"two {label} share one id, so links to them would be ambiguous",
            ident,
            "Give each its own id before saving.",
        )
    body = json_safe(project.to_dict())
    ordered = {key: body[key] for key in _PROJECT_KEYS}
    for key in ("aim", "driver_diagram", "measures", "pdsa_cycles", "notes"):
        ordered[key] = sorted_keys(ordered[key])
    document = {
        "format": FILE_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "qikit_version": __version__,
        "project": ordered,
    }
    text = pretty_json(document) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = text[max(0, error.start - 30) : error.end + 30]
        raise v.fail(
            "project",
            "some text holds a character that cannot be saved",
            bad,
            "Retype that text, or paste it again from another program.",
        ) from error


def project_from_bytes(
    data: bytes | bytearray | memoryview, *, name: str | None = None
) -> Project:
    """Read a project from the bytes of a ``.qiproj.json`` file (an upload).

    Parameters
    ----------
    data : bytes, bytearray or memoryview
        The whole file.
    name : str, optional
        The file's name, used in messages (default "the uploaded file").

    Returns
    -------
    Project
        Only when the whole file was read and checked.

    Raises
    ------
    ProjectFileError
        When the data is empty, too large, not text, not JSON, cut short, not a
        qikit project, from a newer qikit or damaged; see
        :attr:`ProjectFileError.reason`.

    Examples
    --------
    >>> from qikit.improve import project_from_bytes
    >>> project_from_bytes(b'{"name": "falls"}', name="falls.json")
    Traceback (most recent call last):
    ...
    qikit.errors.ProjectFileError: Cannot open 'falls.json': this file is not a qikit \
project. Choose the .qiproj.json file you downloaded from qikit.
    """
    source = repr(name) if name else "the uploaded file"
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise v.fail(
            "data",
            "must be the file's bytes",
            data,
            "Pass the content of the uploaded file, or use load_project(path).",
        )
    return _parse(bytes(data), source)


def _parse(data: bytes, source: str) -> Project:
    if len(data) > MAX_FILE_BYTES:
        raise _file_error(
            source,
            "too_large",
            f"the file is too large to be a qikit project ({len(data):,} bytes; the "
            f"limit is {MAX_FILE_BYTES:,})",
        )
    if not data.strip():
        raise _file_error(
            source,
            "empty",
            "the file is empty; it may not have finished downloading or saving",
            "Download or save it again, or choose another copy of your .qiproj.json "
            "file.",
        )
    if data.startswith(b"PK\x03\x04"):
        raise _file_error(
            source,
            "binary",
            "this looks like an Excel workbook or a zip file, not a qikit project",
            "Choose the .qiproj.json file you downloaded from qikit (the Excel and "
            "CSV exports cannot be opened again as projects).",
        )
    if data.startswith(b"%PDF"):
        raise _file_error(
            source, "binary", "this looks like a PDF document, not a qikit project"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":  # cut inside a character
            raise _truncated(source, data.count(b"\n") + 1) from error
        raise _file_error(
            source,
            "not_text",
            "this file is not a qikit project (it is not text: the byte at "
            f"position {error.start} is not UTF-8)",
        ) from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if _cut_short(text, error):
            raise _truncated(source, error.lineno) from error
        raise _not_json(source, text, error.lineno) from error
    except RecursionError as error:
        raise _too_deep(source) from error
    except ValueError as error:  # e.g. a number with more digits than Python allows
        raise _not_json(source, text, None) from error
    try:
        return _from_document(document, source)
    except RecursionError as error:
        raise _too_deep(source) from error


_PARTIAL_NUMBER = re.compile(r"-?\d*\.?\d*(?:[eE][-+]?\d*)?")
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")


def _cut_short(text: str, error: json.JSONDecodeError) -> bool:
    """True when the JSON is only wrong because it stops too soon."""
    tail = text[error.pos :].strip()
    if not tail or error.msg.startswith("Unterminated string"):
        return True  # (a string cannot hold a raw line break, so it ran to the end)
    if any(word.startswith(tail) for word in _LITERALS):
        return True
    return _PARTIAL_NUMBER.fullmatch(tail) is not None


def _not_json(source: str, text: str, line: int | None) -> ProjectFileError:
    """One message: a file that was never a project, or a project file damaged."""
    if f'"{FILE_FORMAT}"' in text:
        near = f" near line {line}" if line else ""
        return _file_error(
            source,
            "not_json",
            f"the project file is damaged{near}: it is no longer written the way "
            "qikit writes it",
            USE_COPY,
        )
    return _file_error(source, "not_json", "this file is not a qikit project")


def _truncated(source: str, line: int) -> ProjectFileError:
    return _file_error(
        source,
        "truncated",
        f"the file is incomplete: it stops part-way through (line {line}). It may "
        "not have finished downloading or saving",
        "Download or save it again, or open an earlier copy.",
    )


def _too_deep(source: str) -> ProjectFileError:
    return _file_error(
        source,
        "too_deep",
        "this file is not a qikit project (it is nested too deeply to read)",
    )


def _from_document(document: Any, source: str) -> Project:
    if not isinstance(document, dict):
        raise _file_error(source, "not_a_project", "this file is not a qikit project")
    if document.get("format") != FILE_FORMAT:
        raise _file_error(source, "not_a_project", "this file is not a qikit project")
    document = migrate_document(document, source)
    unknown = sorted(set(document) - set(_DOCUMENT_KEYS))
    missing = [key for key in _DOCUMENT_KEYS if key not in document]
    if unknown or missing:
        detail = "; ".join(
            part
            for part in (
                f"unknown keys {', '.join(map(repr, unknown))}" if unknown else "",
                f"missing {', '.join(map(repr, missing))}" if missing else "",
            )
            if part
        )
        raise _file_error(
            source, "invalid", f"the file's layout is damaged ({detail})", USE_COPY
        )
    if not isinstance(document["qikit_version"], str):
        raise _file_error(
            source,
            "invalid",
            "the file's layout is damaged (qikit_version should be text, got "
            f"{v.short_repr(document['qikit_version'])})",
            USE_COPY,
        )
    try:
        return Project.from_dict(document["project"])
    except InputError as error:
        detail = str(error).rstrip()
        action = "" if USE_COPY in detail else " " + USE_COPY
        raise ProjectFileError(
            f"Cannot open {source}: part of the project is damaged. {detail}{action}",
            reason="invalid",
            source=source,
        ) from error


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------
def load_project(
    source: ProjectSource,
) -> Project:
    """Load a project from a ``.qiproj.json`` file, its bytes or an open file.

    The whole file is read, upgraded to the current schema and checked before
    anything is returned, so a damaged file never gives half a project.

    Parameters
    ----------
    source : path, bytes or file object
        A path (``str`` or :class:`pathlib.Path`), the file's bytes (as from an
        upload widget), or a file object opened for reading (binary or text).

    Returns
    -------
    Project

    Raises
    ------
    ProjectFileError
        When the file does not exist or cannot be read, or is empty, too large,
        not text, not JSON, cut short, not a qikit project, from a newer qikit,
        or damaged. The message says what to do.
    InputError
        When ``source`` is none of the types above.

    See Also
    --------
    save_project, project_from_bytes

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from qikit.improve import load_project
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> _ = path.write_text("Falls huddle at 9am")
    >>> load_project(path)
    Traceback (most recent call last):
    ...
    qikit.errors.ProjectFileError: Cannot open 'notes.txt': this file is not a qikit \
project. Choose the .qiproj.json file you downloaded from qikit.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return project_from_bytes(source)
    if isinstance(source, str) and source.lstrip().startswith(("{", "[")):
        raise v.fail(
            "source",
            "looks like the text of a file, not a path to one",
            source[:30],
            "Pass the path, or use project_from_bytes(text.encode('utf-8')).",
        )
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = repr(path.name or str(path))
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError as error:
            raise _file_error(
                label,
                "missing",
                f"there is no such file (looked for {str(path)!r})",
                "Check the file name and folder.",
            ) from error
        except IsADirectoryError as error:
            raise _file_error(
                label,
                "unreadable",
                "this is a folder, not a file",
                "Choose the .qiproj.json file inside it.",
            ) from error
        except OSError as error:
            raise _file_error(
                label,
                "unreadable",
                f"the file cannot be read ({error.strerror or error})",
                "Check that you may open it, or copy it somewhere else first.",
            ) from error
        return _parse(data, label)
    read = getattr(source, "read", None)
    if callable(read):
        label = repr(Path(str(getattr(source, "name", ""))).name or "the file")
        if label == "''":
            label = "the file"
        try:
            data = read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise _file_error(
                label, "unreadable", f"the file cannot be read ({error})"
            ) from error
        if isinstance(data, str):
            data = data.encode("utf-8", errors="surrogatepass")
        if not isinstance(data, (bytes, bytearray)):
            raise v.fail(
                "source",
                "is a file object that returned neither bytes nor text",
                data,
                "Open the file with open(path, 'rb').",
            )
        return _parse(bytes(data), label)
    raise v.fail(
        "source",
        "cannot load a project from this",
        source,
        "Pass a path, the file's bytes, or an open file.",
    )


def save_project(
    project: Project, path: str | os.PathLike[str], *, touch: bool = True
) -> Path:
    """Save ``project`` to ``path`` atomically, as a ``.qiproj.json`` file.

    The file is first written to a hidden temporary file in the same folder,
    flushed to disk (``os.fsync``) and then renamed over ``path`` with
    :func:`os.replace`; the folder is flushed too. A crash or power cut at any
    moment leaves either the old file or the new one, complete. Before writing,
    the new bytes are read back and checked, so qikit never writes a file it
    could not open again.

    Parameters
    ----------
    project : Project
    path : str or os.PathLike
        Where to save; ``.qiproj.json`` is the usual ending. The folder must
        exist.
    touch : bool, default True
        Set ``project.updated`` to now before saving (this changes ``project``,
        so the project in memory stays equal to the saved file).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputError
        When ``project`` is not a :class:`Project`, when two of its measures,
        PDSA cycles or notes share an id, or when its text holds a character
        that cannot be written as UTF-8 (a lone surrogate).
    ProjectFileError
        When the folder does not exist, ``path`` is a folder, or the file
        cannot be written (reason ``"write_failed"``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from qikit.improve import Project, save_project
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_project(Project("Falls"), folder / "falls.qiproj.json").name
    'falls.qiproj.json'
    """
    _check_project(project)
    path = check_output_path(path, verb="save to", example=project.suggested_filename())
    where = repr(str(path))
    previous = project.updated
    if touch:
        project.touch()
    try:
        data = project_to_bytes(project)
    except QikitError:
        project.updated = previous
        raise
    try:
        _parse(data, where)  # never write a file that cannot be opened again
    except ProjectFileError as error:
        project.updated = previous
        raise ProjectFileError(
            f"Cannot save to {where}: the new file could not be read back, so the "
            f"old file was left as it was ({error}). This is a bug in qikit: please "
            "report it.",
            reason="write_failed",
            source=where,
        ) from error
    try:
        write_bytes(path, data, verb="save to")
    except ProjectFileError:
        project.updated = previous
        raise
    return path
