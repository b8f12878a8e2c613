"""Improvement projects: one file that a team saves, resumes and shares.

A :class:`Project` gathers the answers to the three questions of the Model for
Improvement in one place: the aim (what are we trying to accomplish?), the family
of measures with their data (how will we know that a change is an improvement?),
the driver diagram and the PDSA cycles that test its change ideas (what changes
can we make that will result in improvement?), plus the team's notes and key
learning.

:func:`save_project` writes a project to a ``*.qiproj.json`` file and
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
      "schema_version": 2,
      "qikit_version": "0.1.0",
      "project": {
        "id": "3f2c...",                  # stable identifier (uuid4 hex)
        "name": "Fewer falls on Ward 6",
        "team": "Ward 6",
        "members": ["Aisha", "Ben"],
        "created": "2024-01-08T09:00:00+00:00",
        "updated": "2024-03-04T16:30:00+00:00",
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
document) before anything else is read. The file itself is not changed until the
project is saved again. A file from a newer schema than this qikit understands
is refused with a message asking the user to update qikit.

=======  ================================================================
version  changes
=======  ================================================================
1        first layout (qikit 0.0 development snapshots): the project's name
         under ``"title"``, PDSA cycles under ``"pdsa"``, notes as one
         block of text under ``"notes"``; no ``"members"``.
2        ``"title"`` renamed ``"name"``, ``"pdsa"`` renamed
         ``"pdsa_cycles"``, notes became a list of dated notes that can be
         marked as key learning, ``"members"`` added.
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
a :class:`Project` is returned, and any problem raises :class:`ProjectFileError`
with a message that says what to do.

See the curriculum module "The Model for Improvement" for the ideas behind a
project.

Examples
--------
>>> import tempfile, pathlib
>>> from qikit.improve.project import Project, load_project, save_project
>>> project = Project("Fewer falls on Ward 6", team="Ward 6")
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = save_project(project, folder / "falls.qiproj.json")
>>> load_project(path) == project
True
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from qikit.errors import InputError, QikitError

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    import pandas as pd

    from qikit.improve.aims import Aim
    from qikit.improve.driver import DriverDiagram
    from qikit.improve.measures import Measure
    from qikit.improve.pdsa import PDSACycle

__all__ = [
    "FILE_FORMAT",
    "FILE_SUFFIX",
    "MAX_FILE_BYTES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Note",
    "Project",
    "ProjectFileError",
    "load_project",
    "migrate_document",
    "project_from_bytes",
    "project_to_bytes",
    "save_project",
]

#: The value of the ``"format"`` key that marks a qikit project file.
FILE_FORMAT = "qikit-project"
#: The version of the file layout that this qikit writes.
SCHEMA_VERSION = 2
#: What :func:`load_project` accepts: a path, the file's bytes, or an open file.
ProjectSource = (
    str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | IO[str]
)
#: The ending of a project file's name.
FILE_SUFFIX = ".qiproj.json"
#: Larger files are refused before they are parsed (a project with ten years of
#: daily data for 20 measures is about 5 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024

_PROJECT_KEYS = (
    "id",
    "name",
    "team",
    "members",
    "created",
    "updated",
    "aim",
    "measures",
    "driver_diagram",
    "pdsa_cycles",
    "notes",
)
_DOCUMENT_KEYS = ("format", "schema_version", "qikit_version", "project")
_CHOOSE_FILE = "Choose the .qiproj.json file you downloaded from qikit."
_USE_COPY = (
    "If you edited the file by hand, undo the change; otherwise open an earlier "
    "copy of the file."
)


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------
class ProjectFileError(InputError):
    """A project file cannot be read or written.

    Parameters
    ----------
    message : str
        The whole message, written for the learner.
    reason : str
        A short code that apps and tests can branch on: ``"missing"``,
        ``"unreadable"``, ``"too_large"``, ``"empty"``, ``"binary"``,
        ``"not_text"``, ``"truncated"``, ``"not_json"``, ``"too_deep"``,
        ``"not_a_project"``, ``"bad_version"``, ``"newer_version"``,
        ``"invalid"`` or ``"write_failed"``.
    source : str, optional
        The file name, or a description such as ``"the uploaded file"``.

    Examples
    --------
    >>> from qikit.improve.project import ProjectFileError, project_from_bytes
    >>> try:
    ...     project_from_bytes(b"")
    ... except ProjectFileError as error:
    ...     print(error.reason)
    empty
    """

    def __init__(self, message: str, *, reason: str, source: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.source = source


def _file_error(
    source: str, reason: str, problem: str, action: str = _CHOOSE_FILE
) -> ProjectFileError:
    return ProjectFileError(
        f"Cannot open {source}: {problem}. {action}", reason=reason, source=source
    )


# --------------------------------------------------------------------------------------
# JSON helpers
# --------------------------------------------------------------------------------------
_PLAIN = (str, int, bool, type(None))  # exact types that JSON stores as they are


def _json_safe(value: Any, where: str = "project") -> Any:
    """Return ``value`` as plain JSON types (NaN and NaT become ``None``)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is list or kind is tuple:  # fast path for long lists of data
        out = []
        append = out.append
        for index, item in enumerate(value):
            item_kind = type(item)
            if item_kind in _PLAIN:
                append(item)
            elif item_kind is float:
                append(item if math.isfinite(item) else None)
            else:
                append(_json_safe(item, f"{where}[{index}]"))
        return out
    if isinstance(value, (bool, str)):
        return bool(value) if isinstance(value, bool) else str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return _json_safe(float(value), where)
    if isinstance(value, Mapping):
        mapped = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InputError(
                    f"`{where}`: a key is not text (got {key!r}). "
                    "This is a bug in qikit: please report it."
                )
            mapped[key] = _json_safe(item, f"{where}.{key}")
        return mapped
    if isinstance(value, (list, tuple)):
        return _json_safe(list(value), where)
    # numpy and pandas scalars, without importing either here
    type_name = f"{kind.__module__}.{kind.__name__}"
    if type_name.startswith("pandas.") and type_name.endswith(".NaTType"):
        return None  # NaT is a datetime too, so this comes first
    if type_name.startswith("numpy.") and hasattr(value, "item"):
        return _json_safe(value.item(), where)
    if isinstance(value, dt.date):  # date, datetime and pandas Timestamp
        return value.isoformat()
    raise InputError(
        f"`{where}`: this value cannot be stored in a project file "
        f"(got {kind.__name__}). This is a bug in qikit: please report it."
    )


def _is_flat(value: dict | list) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return set(map(type, items)).isdisjoint((dict, list))


_encode_text = json.encoder.encode_basestring  # what json.dumps uses for text


def _token(item: Any) -> str:
    """One plain JSON value as text, exactly as ``json.dumps`` writes it."""
    kind = type(item)
    if kind is str:
        return _encode_text(item)
    if kind is float:
        if not math.isfinite(item):
            raise ValueError("NaN and infinity are not JSON")
        return float.__repr__(item)
    if kind is bool:
        return "true" if item else "false"
    if kind is int:
        return int.__repr__(item)
    if item is None:
        return "null"
    return json.dumps(item, ensure_ascii=False, allow_nan=False)


def _pretty_json(value: Any, indent: int = 0, width: int = 100) -> str:
    """Indented JSON that keeps flat, short objects and lists on one line.

    A long list of plain values (a measure's data) fills each line up to
    ``width`` characters, like a table, instead of taking one line per value.
    """
    kind = type(value)
    if kind is not dict and kind is not list:
        return _token(value)
    if not value:
        return "{}" if kind is dict else "[]"
    flat = _is_flat(value)
    if flat and len(value) * 3 + indent <= width:
        inline = json.dumps(value, ensure_ascii=False, allow_nan=False)
        if indent + len(inline) <= width:
            return inline
    pad = " " * (indent + 2)
    if kind is dict:
        body = ",\n".join(
            f"{pad}{_encode_text(key)}: {_pretty_json(item, indent + 2, width)}"
            for key, item in value.items()
        )
        return "{\n" + body + "\n" + " " * indent + "}"
    if flat:
        lines: list[str] = []
        line: list[str] = []
        used = len(pad)
        for token in map(_token, value):
            if line and used + len(token) + 2 > width:
                lines.append(", ".join(line) + ",")
                line, used = [], len(pad)
            line.append(token)
            used += len(token) + 2
        lines.append(", ".join(line))
        return (
            "[\n" + "\n".join(pad + text for text in lines) + "\n" + " " * indent + "]"
        )
    body = ",\n".join(pad + _pretty_json(item, indent + 2, width) for item in value)
    return "[\n" + body + "\n" + " " * indent + "]"


def _sorted_keys(value: Any) -> Any:
    """Sort the keys of every object, for stable files and easy diffs."""
    if type(value) is dict:
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if type(value) is list:
        if _is_flat(value):
            return value
        return [_sorted_keys(item) for item in value]
    return value


def _canonical(project_dict: dict) -> str:
    return json.dumps(_json_safe(project_dict), sort_keys=True, ensure_ascii=False)


def _type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------------------
# Timestamps
# --------------------------------------------------------------------------------------
def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _as_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _parse_timestamp(value: Any, where: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            return _as_utc(dt.datetime.fromisoformat(value))
        except ValueError:
            pass
    raise InputError(
        f"`{where}`: not a date and time (got {value!r}). "
        "Use an ISO 8601 timestamp such as '2024-03-04T16:30:00+00:00'."
    )


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(
        f"`{where}`: not a date (got {value!r}). "
        "Use an ISO 8601 date such as '2024-03-04', or null for no date."
    )


# --------------------------------------------------------------------------------------
# The parts a project holds (defined in the other qikit.improve modules)
# --------------------------------------------------------------------------------------
def _part_classes() -> dict[str, type]:
    """The model classes, imported on first use so that this module stays light."""
    from qikit.improve.aims import Aim
    from qikit.improve.driver import DriverDiagram
    from qikit.improve.measures import Measure
    from qikit.improve.pdsa import PDSACycle

    return {
        "aim": Aim,
        "measure": Measure,
        "driver_diagram": DriverDiagram,
        "pdsa_cycle": PDSACycle,
    }


def _part_from_dict(cls: type, value: Any, where: str) -> Any:
    """Build one part with ``cls.from_dict``; every failure becomes an InputError."""
    if not isinstance(value, dict):
        raise InputError(
            f"`{where}`: expected an object (got {_type_name(value)}). {_USE_COPY}"
        )
    try:
        return cls.from_dict(value)
    except QikitError as error:
        raise InputError(f"`{where}`: {error}") from error
    except (
        TypeError,
        ValueError,
        LookupError,
        AttributeError,
        ArithmeticError,
        RecursionError,
    ) as error:
        # from_dict should raise InputError itself; anything else still means
        # the stored values are unusable, so say so rather than crash.
        raise InputError(
            f"`{where}`: the stored values cannot be read "
            f"({type(error).__name__}: {error}). {_USE_COPY}"
        ) from error


# --------------------------------------------------------------------------------------
# Notes
# --------------------------------------------------------------------------------------
@dataclass
class Note:
    """A dated note in the project's journal; key learning goes on the storyboard.

    Parameters
    ----------
    text : str
        What was noticed, decided or learnt.
    date : datetime.date, optional
        When (``None`` when undated).
    author : str, default ""
        Who wrote it.
    key_learning : bool, default False
        True for learning the team wants to share: it is listed under
        "Key learning" on the storyboard.
    id : str, optional
        A stable identifier; a new uuid4 hex string by default.

    Raises
    ------
    InputError
        When a value has the wrong type (text that is not a string, a date that
        is not a date).

    Examples
    --------
    >>> import datetime
    >>> from qikit.improve.project import Note
    >>> note = Note("Night staff found the checklist too long.",
    ...             date=datetime.date(2024, 2, 1), key_learning=True, id="n1")
    >>> note.to_dict()["date"]
    '2024-02-01'
    >>> Note.from_dict(note.to_dict()) == note
    True
    """

    text: str
    date: dt.date | None = None
    author: str = ""
    key_learning: bool = False
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError(
                f"`text`: a note must be text (got {self.text!r}). "
                "Write the note as a sentence."
            )
        if isinstance(self.date, dt.datetime):
            self.date = self.date.date()
        if self.date is not None and not isinstance(self.date, dt.date):
            raise InputError(
                f"`date`: not a date (got {self.date!r}). "
                "Use datetime.date(2024, 2, 1), or None for no date."
            )
        if not isinstance(self.author, str):
            raise InputError(
                f"`author`: must be text (got {self.author!r}). "
                "Give the author's name, or leave it empty."
            )
        if not isinstance(self.key_learning, bool):
            raise InputError(
                f"`key_learning`: must be True or False (got {self.key_learning!r})."
                " Use True for learning to share on the storyboard."
            )
        if not isinstance(self.id, str) or not self.id:
            raise InputError(
                f"`id`: must be non-empty text (got {self.id!r}). "
                "Leave it out and qikit makes one."
            )

    def validate(self) -> list[str]:
        """Return plain-English problems (an empty list when the note is fine)."""
        return [] if self.text.strip() else ["A note is empty: write what you noticed."]

    def to_dict(self) -> dict[str, Any]:
        """Return the note as plain JSON types (the date as an ISO string)."""
        return {
            "id": self.id,
            "text": self.text,
            "date": None if self.date is None else self.date.isoformat(),
            "author": self.author,
            "key_learning": self.key_learning,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Note:
        """Build a note from :meth:`to_dict` output.

        Raises
        ------
        InputError
            When ``d`` is not a dict, lacks ``"text"``, has unknown keys or holds
            values of the wrong type.
        """
        known = {"id", "text", "date", "author", "key_learning"}
        if not isinstance(d, Mapping):
            raise InputError(
                f"`note`: expected an object (got {_type_name(d)}). {_USE_COPY}"
            )
        unknown = sorted(set(d) - known)
        if unknown:
            raise InputError(
                f"`note`: unknown keys (got {unknown!r}). "
                f"A note has only: {', '.join(sorted(known))}."
            )
        if "text" not in d:
            raise InputError(
                f"`note`: the note has no text (got {dict(d)!r}). {_USE_COPY}"
            )
        kwargs: dict[str, Any] = {
            "text": d["text"],
            "date": _parse_date(d.get("date"), "note.date"),
            "author": d.get("author", ""),
            "key_learning": d.get("key_learning", False),
        }
        if "id" in d:
            kwargs["id"] = d["id"]
        return cls(**kwargs)

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame: ``id``, ``date``, ``author``, ``key_learning``,
        ``text``."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "id": self.id,
                    "date": self.date,
                    "author": self.author,
                    "key_learning": self.key_learning,
                    "text": self.text,
                }
            ]
        )


# --------------------------------------------------------------------------------------
# Project
# --------------------------------------------------------------------------------------
@dataclass(eq=False)
class Project:
    """An improvement project: aim, measures with data, driver diagram, PDSA log, notes.

    Parameters
    ----------
    name : str
        A short title, such as "Fewer falls on Ward 6".
    team : str, default ""
        The team, ward, service or school running the project.
    members : list of str, optional
        The people in the team.
    aim : Aim, optional
        What are we trying to accomplish? (:class:`qikit.improve.aims.Aim`)
    measures : list of Measure, optional
        How will we know that a change is an improvement? Each
        :class:`qikit.improve.measures.Measure` carries its own data.
    driver_diagram : DriverDiagram, optional
        What changes can we make that will result in improvement?
    pdsa_cycles : list of PDSACycle, optional
        The PDSA log, in the order the cycles were started.
    notes : list of Note, optional
        The team's journal; plain strings are turned into :class:`Note`.
    created, updated : datetime.datetime, optional
        When the project was started and last changed (UTC; naive times are
        taken as UTC). Both default to now.
    id : str, optional
        A stable identifier (a new uuid4 hex string by default).

    Raises
    ------
    InputError
        At construction, when a value has the wrong type (for example a measure
        that is not a ``Measure``). Gaps that a team fills in over time (no aim
        yet, no balancing measure) are not errors: :meth:`validate` lists them.

    See Also
    --------
    save_project, load_project, qikit.improve.export.storyboard_html

    Notes
    -----
    Two projects are equal when their :meth:`to_dict` output is the same, so a
    project equals itself after a trip through a file.

    Examples
    --------
    >>> from qikit.improve.project import Project
    >>> project = Project("Fewer falls on Ward 6", team="Ward 6",
    ...                   notes=["Started the safety huddle."])
    >>> project.notes[0].text
    'Started the safety huddle.'
    >>> Project.from_dict(project.to_dict()) == project
    True
    >>> project.validate()[0]
    'Add an aim: what are we trying to accomplish?'
    """

    name: str
    team: str = ""
    members: list[str] = field(default_factory=list)
    aim: Aim | None = None
    measures: list[Measure] = field(default_factory=list)
    driver_diagram: DriverDiagram | None = None
    pdsa_cycles: list[PDSACycle] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    created: dt.datetime = field(default_factory=_now)
    updated: dt.datetime | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        for name in ("name", "team"):
            if not isinstance(getattr(self, name), str):
                raise InputError(
                    f"`{name}`: must be text (got {getattr(self, name)!r}). "
                    f"Give the project's {name} as a short phrase."
                )
        if not isinstance(self.id, str) or not self.id.strip():
            raise InputError(
                f"`id`: must be non-empty text (got {self.id!r}). "
                "Leave it out and qikit makes one."
            )
        self.members = _as_list(self.members, "members")
        for member in self.members:
            if not isinstance(member, str):
                raise InputError(
                    f"`members`: each member must be a name (got {member!r}). "
                    "Give a list of names, such as ['Aisha', 'Ben']."
                )
        classes = _part_classes()
        self.measures = _as_list(self.measures, "measures")
        self.pdsa_cycles = _as_list(self.pdsa_cycles, "pdsa_cycles")
        self.notes = [
            Note(item) if isinstance(item, str) else item
            for item in _as_list(self.notes, "notes")
        ]
        _check_optional(self.aim, classes["aim"], "aim")
        _check_optional(
            self.driver_diagram, classes["driver_diagram"], "driver_diagram"
        )
        _check_items(self.measures, classes["measure"], "measures")
        _check_items(self.pdsa_cycles, classes["pdsa_cycle"], "pdsa_cycles")
        _check_items(self.notes, Note, "notes")
        for name in ("created", "updated"):
            value = getattr(self, name)
            if value is None and name == "updated":
                continue
            if not isinstance(value, dt.datetime):
                raise InputError(
                    f"`{name}`: must be a date and time (got {value!r}). "
                    "Use datetime.datetime.now(datetime.timezone.utc)."
                )
            setattr(self, name, _as_utc(value))
        if self.updated is None:
            self.updated = self.created

    # -- equality ---------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Project):
            return NotImplemented
        return _canonical(self.to_dict()) == _canonical(other.to_dict())

    __hash__ = None  # type: ignore[assignment]  # mutable, like any dataclass

    # -- helpers ----------------------------------------------------------------------
    def touch(self, when: dt.datetime | None = None) -> None:
        """Set :attr:`updated` to ``when`` (default: now, in UTC)."""
        self.updated = _as_utc(when) if when is not None else _now()

    def add_note(
        self,
        text: str,
        *,
        date: dt.date | None = None,
        author: str = "",
        key_learning: bool = False,
    ) -> Note:
        """Append a :class:`Note` to :attr:`notes` and return it.

        Examples
        --------
        >>> from qikit.improve.project import Project
        >>> project = Project("Quicker discharge letters")
        >>> note = project.add_note("GPs prefer the summary first.", key_learning=True)
        >>> [n.text for n in project.key_learning()]
        ['GPs prefer the summary first.']
        """
        note = Note(text, date=date, author=author, key_learning=key_learning)
        self.notes.append(note)
        return note

    def key_learning(self) -> list[Note]:
        """The notes marked as key learning, in journal order."""
        return [note for note in self.notes if note.key_learning]

    def get_measure(self, key: str) -> Measure:
        """Return the measure whose ``id`` or ``name`` is ``key``.

        Raises
        ------
        InputError
            When no measure has that id or name; the message lists the names.
        """
        for measure in self.measures:
            if key in (getattr(measure, "id", None), getattr(measure, "name", None)):
                return measure
        names = ", ".join(repr(getattr(m, "name", "?")) for m in self.measures)
        raise InputError(
            f"`key`: no measure with this name or id (got {key!r}). "
            f"The project's measures are: {names or 'none yet'}."
        )

    def suggested_filename(self) -> str:
        """A safe file name for downloads, such as ``falls-ward-6.qiproj.json``.

        Examples
        --------
        >>> from qikit.improve.project import Project
        >>> Project("Fewer falls: Ward 6!").suggested_filename()
        'fewer-falls-ward-6.qiproj.json'
        """
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")[:60].strip("-")
        return (slug or "project") + FILE_SUFFIX

    # -- the shared model interface ---------------------------------------------------
    def validate(self) -> list[str]:
        """Return plain-English problems that the team may want to fix.

        An empty list means nothing is missing. The list covers the project as a
        whole (no aim, no measures, no driver diagram, duplicate identifiers,
        links to things that do not exist) and each part's own ``validate()``,
        prefixed with the part's name.

        Returns
        -------
        list of str
        """
        problems: list[str] = []
        if not self.name.strip():
            problems.append("Give the project a name.")
        if self.aim is None:
            problems.append("Add an aim: what are we trying to accomplish?")
        else:
            problems += [f"Aim: {p}" for p in self.aim.validate()]
        if not self.measures:
            problems.append(
                "Add at least one measure: how will we know that a change is an "
                "improvement?"
            )
        for measure in self.measures:
            label = measure.name or measure.id
            problems += [f"Measure ‘{label}’: {p}" for p in measure.validate()]
        problems += _family_problems(self.measures)
        if self.driver_diagram is None:
            problems.append(
                "Add a driver diagram: what changes can we make that will result in "
                "improvement?"
            )
        else:
            problems += [
                f"Driver diagram: {p}"
                for p in self.driver_diagram.validate(
                    measure_ids=[m.id for m in self.measures],
                    pdsa_ids=[c.id for c in self.pdsa_cycles],
                )
            ]
        for number, cycle in enumerate(self.pdsa_cycles, start=1):
            problems += [f"PDSA cycle {number}: {p}" for p in cycle.validate()]
        for number, note in enumerate(self.notes, start=1):
            problems += [f"Note {number}: {p}" for p in note.validate()]
        problems += _duplicate_problems(self)
        problems += _link_problems(self)
        if self.updated is not None and self.updated < self.created:
            problems.append(
                "The project was last updated before it was created: check the "
                "`created` and `updated` times."
            )
        return list(dict.fromkeys(problems))  # each problem once, in order

    def to_dict(self) -> dict[str, Any]:
        """Return the project as plain JSON types, in the file's key order."""
        return {
            "id": self.id,
            "name": self.name,
            "team": self.team,
            "members": list(self.members),
            "created": self.created.isoformat(),
            "updated": (self.updated or self.created).isoformat(),
            "aim": None if self.aim is None else self.aim.to_dict(),
            "measures": [measure.to_dict() for measure in self.measures],
            "driver_diagram": (
                None if self.driver_diagram is None else self.driver_diagram.to_dict()
            ),
            "pdsa_cycles": [cycle.to_dict() for cycle in self.pdsa_cycles],
            "notes": [note.to_dict() for note in self.notes],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Project:
        """Build a project from :meth:`to_dict` output (the ``"project"`` of a file).

        Every key must be present and no others; each part is built with its
        own ``from_dict``. Identifiers of measures, PDSA cycles and notes must
        be unique, because links between parts use them.

        Raises
        ------
        InputError
            With the place of the first problem, such as
            ``"`project.measures[2]`: ..."``.
        """
        if not isinstance(d, Mapping):
            raise InputError(
                f"`project`: expected an object (got {_type_name(d)}). {_USE_COPY}"
            )
        missing = [key for key in _PROJECT_KEYS if key not in d]
        if missing:
            raise InputError(
                f"`project`: parts are missing (got no {', '.join(missing)}). "
                f"{_USE_COPY}"
            )
        unknown = sorted(set(d) - set(_PROJECT_KEYS))
        if unknown:
            raise InputError(
                f"`project`: unknown keys (got {', '.join(map(repr, unknown))}). "
                f"A project has only: {', '.join(_PROJECT_KEYS)}. {_USE_COPY}"
            )
        for key in ("id", "name", "team"):
            if not isinstance(d[key], str):
                raise InputError(
                    f"`project.{key}`: expected text (got {_type_name(d[key])}). "
                    f"{_USE_COPY}"
                )
        for key in ("members", "measures", "pdsa_cycles", "notes"):
            if not isinstance(d[key], list):
                raise InputError(
                    f"`project.{key}`: expected a list (got {_type_name(d[key])}). "
                    f"{_USE_COPY}"
                )
        classes = _part_classes()
        aim = (
            None
            if d["aim"] is None
            else _part_from_dict(classes["aim"], d["aim"], "project.aim")
        )
        diagram = (
            None
            if d["driver_diagram"] is None
            else _part_from_dict(
                classes["driver_diagram"], d["driver_diagram"], "project.driver_diagram"
            )
        )
        measures = [
            _part_from_dict(classes["measure"], item, f"project.measures[{i}]")
            for i, item in enumerate(d["measures"])
        ]
        cycles = [
            _part_from_dict(classes["pdsa_cycle"], item, f"project.pdsa_cycles[{i}]")
            for i, item in enumerate(d["pdsa_cycles"])
        ]
        notes = [
            _part_from_dict(Note, item, f"project.notes[{i}]")
            for i, item in enumerate(d["notes"])
        ]
        project = cls(
            name=d["name"],
            team=d["team"],
            members=list(d["members"]),
            aim=aim,
            measures=measures,
            driver_diagram=diagram,
            pdsa_cycles=cycles,
            notes=notes,
            created=_parse_timestamp(d["created"], "project.created"),
            updated=_parse_timestamp(d["updated"], "project.updated"),
            id=d["id"],
        )
        duplicates = _duplicates(project)
        if duplicates:
            label, ident = duplicates[0]
            raise InputError(
                f"`project.{_KEY_OF[label]}`: two {label} share one id (got "
                f"{ident!r}). {_USE_COPY}"
            )
        return project

    def to_frame(self) -> pd.DataFrame:
        """Summarise the project, one row per part.

        Returns
        -------
        pandas.DataFrame
            Columns ``section`` ("aim", "measure", "driver_diagram",
            "pdsa_cycle" or "note"), ``id``, ``label`` (the aim's sentence, the
            measure's name, the diagram's aim, the cycle's objective, the
            note's text), ``detail`` (the direction of the aim, the kind of
            measure, the number of boxes in each level of the diagram, the
            stage of the cycle, "key learning"), ``n`` (data points of a
            measure, boxes of the diagram, 1 otherwise), ``start`` and ``end``
            (first and last date or x value where the part has them; the aim's
            deadline is its ``end``).

        Examples
        --------
        >>> from qikit.improve.project import Project
        >>> frame = Project("Discharge letters", notes=["Kick-off"]).to_frame()
        >>> frame[["section", "label", "detail", "n"]]
          section     label detail  n
        0    note  Kick-off         1
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []
        aim = self.aim
        if aim is not None:
            rows.append(
                _row("aim", aim.id, aim.text(), aim.improvement or "", 1, None, aim.by)
            )
        for m in self.measures:
            has = m.data is not None and len(m.data) > 0
            first = _plain_x(m.data["x"].iloc[0]) if has else None
            last = _plain_x(m.data["x"].iloc[-1]) if has else None
            n = 0 if m.data is None else len(m.data)
            rows.append(_row("measure", m.id, m.name, m.kind, n, first, last))
        diagram = self.driver_diagram
        if diagram is not None:
            counts = {level: len(diagram.level(level)) for level in _LEVEL_WORDS}
            detail = ", ".join(
                f"{counts[level]} {word}" for level, word in _LEVEL_WORDS.items()
            )
            label = diagram.aim or diagram.title
            rows.append(
                _row("driver_diagram", diagram.id, label, detail, len(diagram.nodes))
            )
        for c in self.pdsa_cycles:
            rows.append(
                _row("pdsa_cycle", c.id, c.objective, c.stage, 1, c.start, c.end)
            )
        for note in self.notes:
            detail = "key learning" if note.key_learning else ""
            rows.append(
                _row("note", note.id, note.text, detail, 1, note.date, note.date)
            )
        columns = ["section", "id", "label", "detail", "n", "start", "end"]
        return pd.DataFrame(rows, columns=columns)


_LEVEL_WORDS = {
    "primary": "primary drivers",
    "secondary": "secondary drivers",
    "change": "change ideas",
}


def _row(
    section: str,
    ident: str,
    label: str,
    detail: str,
    n: int,
    start: Any = None,
    end: Any = None,
) -> dict[str, Any]:
    return {
        "section": section,
        "id": ident,
        "label": label,
        "detail": detail,
        "n": n,
        "start": start,
        "end": end,
    }


def _plain_x(value: Any) -> Any:
    """A data point's x as a date, number or text (Timestamps at midnight → date)."""
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
        if value.time() == dt.time():
            return value.date()
        return value
    if hasattr(value, "item"):
        return value.item()
    return value


def _as_list(value: Any, name: str) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    raise InputError(
        f"`{name}`: expected a list (got {type(value).__name__}). "
        f"Pass the {name.replace('_', ' ')} as a list, or leave it out."
    )


def _check_optional(value: Any, cls: type, name: str) -> None:
    if value is not None and not isinstance(value, cls):
        raise InputError(
            f"`{name}`: expected a {cls.__name__} or None "
            f"(got {type(value).__name__}). Build it with {cls.__name__}(...)."
        )


def _check_items(values: list, cls: type, name: str) -> None:
    for index, value in enumerate(values):
        if not isinstance(value, cls):
            raise InputError(
                f"`{name}[{index}]`: expected a {cls.__name__} "
                f"(got {type(value).__name__}). Build each one with "
                f"{cls.__name__}(...)."
            )


_KEY_OF = {"measures": "measures", "PDSA cycles": "pdsa_cycles", "notes": "notes"}


def _duplicates(project: Project) -> list[tuple[str, str]]:
    """(kind, id) for every id used more than once among measures, cycles, notes."""
    found = []
    for label, items in (
        ("measures", project.measures),
        ("PDSA cycles", project.pdsa_cycles),
        ("notes", project.notes),
    ):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                found.append((label, item.id))
            seen.add(item.id)
    return found


def _duplicate_problems(project: Project) -> list[str]:
    return [
        f"Two {label} share the id ‘{ident}’: each needs its own."
        for label, ident in _duplicates(project)
    ]


# Findings of check_family that Measure.validate() or _duplicate_problems already give.
_FAMILY_REPEATS = {
    "family.no_definition",
    "family.incomplete_definition",
    "family.duplicate_id",
}


def _family_problems(measures: list) -> list[str]:
    """The family-of-measures check, without what each measure reports itself."""
    if not measures:
        return []
    from qikit.improve.measures import check_family

    return [
        f"Family of measures: {finding}"
        for finding in check_family(measures)
        if getattr(finding, "code", "") not in _FAMILY_REPEATS
    ]


def _link_problems(project: Project) -> list[str]:
    """Links to things that are not in the project.

    A PDSA cycle's change idea must be a change idea of the driver diagram, and
    the aim's measure must be one of the project's measures. (Links from the
    diagram to measures and cycles are checked by ``DriverDiagram.validate``.)
    """
    problems: list[str] = []
    aim = project.aim
    measure_ids = {m.id for m in project.measures}
    if aim is not None and aim.measure and aim.measure not in measure_ids:
        problems.append(
            f"The aim is tracked by the measure ‘{aim.measure}’, which is not one of "
            "the project's measures: add it, or correct the aim's measure."
        )
    diagram = project.driver_diagram
    ideas = {node.id for node in diagram.change_ideas} if diagram is not None else set()
    for number, cycle in enumerate(project.pdsa_cycles, start=1):
        if cycle.change_idea and cycle.change_idea not in ideas:
            where = (
                "the driver diagram has no change idea with that id"
                if diagram is not None
                else "the project has no driver diagram yet"
            )
            problems.append(
                f"PDSA cycle {number} tests the change idea ‘{cycle.change_idea}’, "
                f"but {where}: add it to the driver diagram or correct the cycle."
            )
    return problems


# --------------------------------------------------------------------------------------
# Migrations
# --------------------------------------------------------------------------------------
#: ``MIGRATIONS[k]`` turns a schema version ``k`` document into a version ``k + 1``
#: document. Each function receives the whole document (a private copy) and
#: returns it upgraded; :func:`migrate_document` applies them in order.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _migration(from_version: int) -> Callable:
    def register(function: Callable[[dict], dict]) -> Callable[[dict], dict]:
        if from_version in MIGRATIONS:  # pragma: no cover - a programming mistake
            raise RuntimeError(f"two migrations from schema version {from_version}")
        MIGRATIONS[from_version] = function
        return function

    return register


@_migration(1)
def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2: ``title`` → ``name``, ``pdsa`` → ``pdsa_cycles``, notes as a list.

    Version 1 kept the notes as one block of text; it becomes a single undated
    note (none when the text was empty). ``members`` starts empty.
    """
    project = document["project"]
    if not isinstance(project, dict):
        raise InputError(
            f"`project`: expected an object (got {_type_name(project)}). {_USE_COPY}"
        )
    for old, new in (("title", "name"), ("pdsa", "pdsa_cycles")):
        if old in project:
            if new in project:
                raise InputError(
                    f"`project`: a version 1 file cannot hold both {old!r} and "
                    f"{new!r} (got both). {_USE_COPY}"
                )
            project[new] = project.pop(old)
    notes = project.get("notes", "")
    if notes is None:
        notes = ""
    if not isinstance(notes, str):
        raise InputError(
            f"`project.notes`: version 1 notes must be text (got {_type_name(notes)})."
            f" {_USE_COPY}"
        )
    project["notes"] = (
        [
            {
                "id": "v1-notes",
                "text": notes,
                "date": None,
                "author": "",
                "key_learning": False,
            }
        ]
        if notes.strip()
        else []
    )
    project.setdefault("members", [])
    document["schema_version"] = 2
    return document


def migrate_document(document: dict[str, Any]) -> dict[str, Any]:
    """Upgrade a parsed project document to :data:`SCHEMA_VERSION`.

    Parameters
    ----------
    document : dict
        The whole parsed file (``format``, ``schema_version``, ..., ``project``).
        It is not modified: the migrations work on a deep copy.

    Returns
    -------
    dict
        The document at the current schema version.

    Raises
    ------
    ProjectFileError
        When the version is missing, not a whole number, older than 1 or newer
        than this qikit understands, or when a migration finds the document
        damaged.

    Examples
    --------
    >>> from qikit.improve.project import migrate_document
    >>> v1 = {"format": "qikit-project", "schema_version": 1, "qikit_version": "0.0.1",
    ...       "project": {"title": "Falls", "pdsa": [], "notes": ""}}
    >>> new = migrate_document(v1)
    >>> new["schema_version"], new["project"]["name"], new["project"]["pdsa_cycles"]
    (2, 'Falls', [])
    """
    return _migrate(document, "the project file")


def _migrate(document: dict[str, Any], source: str) -> dict[str, Any]:
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _file_error(
            source,
            "bad_version",
            "the file's schema version is missing or not a whole number from 1 up "
            f"(got {version!r})",
            _USE_COPY,
        )
    if version > SCHEMA_VERSION:
        from qikit import __version__

        raise _file_error(
            source,
            "newer_version",
            f"it was saved by a newer version of qikit (file schema version "
            f"{version}; this qikit {__version__} reads versions up to "
            f"{SCHEMA_VERSION})",
            "Update qikit (for example `pip install --upgrade qikit`, or ask your "
            "trainer) and open the file again.",
        )
    if version < SCHEMA_VERSION:
        document = copy.deepcopy(document)
    while version < SCHEMA_VERSION:
        try:
            document = MIGRATIONS[version](document)
        except InputError as error:
            raise _file_error(
                source,
                "invalid",
                f"the file could not be upgraded from schema version {version} "
                f"({error})",
                _USE_COPY,
            ) from error
        version += 1
    return document


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
    >>> from qikit.improve.project import Project, project_from_bytes, project_to_bytes
    >>> data = project_to_bytes(Project("Fewer falls on Ward 6"))
    >>> data[:45]
    b'{\\n  "format": "qikit-project",\\n  "schema_vers'
    >>> project_from_bytes(data).name
    'Fewer falls on Ward 6'
    """
    if not isinstance(project, Project):
        raise InputError(
            f"`project`: expected a Project (got {type(project).__name__}). "
            "Build one with Project(name, ...) or load_project(path)."
        )
    from qikit import __version__

    duplicates = _duplicates(project)
    if duplicates:
        label, ident = duplicates[0]
        raise InputError(
            f"`project`: two {label} share one id, so links to them would be "
            f"ambiguous (got {ident!r}). Give each its own id before saving."
        )
    body = _json_safe(project.to_dict())
    ordered = {key: body[key] for key in _PROJECT_KEYS}
    for key in ("aim", "driver_diagram", "measures", "pdsa_cycles", "notes"):
        ordered[key] = _sorted_keys(ordered[key])
    document = {
        "format": FILE_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "qikit_version": __version__,
        "project": ordered,
    }
    text = _pretty_json(document) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = text[max(0, error.start - 30) : error.end + 30]
        raise InputError(
            "`project`: some text holds a character that cannot be saved (got "
            f"{bad!r}). Retype that text, or paste it again from another program."
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
    >>> from qikit.improve.project import project_from_bytes
    >>> project_from_bytes(b'{"name": "falls"}', name="falls.json")
    Traceback (most recent call last):
    ...
    qikit.improve.project.ProjectFileError: Cannot open 'falls.json': this file is not \
a qikit project (it has no "format": "qikit-project" marker). Choose the .qiproj.json \
file you downloaded from qikit.
    """
    source = repr(name) if name else "the uploaded file"
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(
            f"`data`: expected the file's bytes (got {type(data).__name__}). "
            "Pass the content of the uploaded file, or use load_project(path)."
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
        raise _file_error(
            source,
            "not_json",
            f"this file is not a qikit project, or it is damaged (it is not valid "
            f"JSON: {error.msg} at line {error.lineno}, column {error.colno})",
            f"{_CHOOSE_FILE} {_USE_COPY}",
        ) from error
    except RecursionError as error:
        raise _too_deep(source) from error
    except ValueError as error:  # e.g. a number with more digits than Python allows
        raise _file_error(
            source,
            "not_json",
            f"this file is not a qikit project, or it is damaged ({error})",
            f"{_CHOOSE_FILE} {_USE_COPY}",
        ) from error
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
        raise _file_error(
            source,
            "not_a_project",
            f"this file is not a qikit project (it holds {_type_name(document)}, "
            "not a project)",
        )
    if "format" not in document:
        raise _file_error(
            source,
            "not_a_project",
            'this file is not a qikit project (it has no "format": "qikit-project" '
            "marker)",
        )
    if document["format"] != FILE_FORMAT:
        raise _file_error(
            source,
            "not_a_project",
            f"this file is not a qikit project (its format is "
            f"{document['format']!r}, not {FILE_FORMAT!r})",
        )
    document = _migrate(document, source)
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
            source, "invalid", f"the file's layout is damaged ({detail})", _USE_COPY
        )
    if not isinstance(document["qikit_version"], str):
        raise _file_error(
            source,
            "invalid",
            "the file's layout is damaged (qikit_version should be text, got "
            f"{_type_name(document['qikit_version'])})",
            _USE_COPY,
        )
    try:
        return Project.from_dict(document["project"])
    except InputError as error:
        detail = str(error).rstrip()
        action = "" if _USE_COPY in detail else " " + _USE_COPY
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
    >>> from qikit.improve.project import load_project
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> _ = path.write_text("Falls huddle at 9am")
    >>> load_project(path)
    Traceback (most recent call last):
    ...
    qikit.improve.project.ProjectFileError: Cannot open 'notes.txt': this file is not \
a qikit project, or it is damaged (it is not valid JSON: Expecting value at line 1, \
column 1). Choose the .qiproj.json file you downloaded from qikit. If you edited the \
file by hand, undo the change; otherwise open an earlier copy of the file.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return project_from_bytes(source)
    if isinstance(source, str) and source.lstrip().startswith(("{", "[")):
        raise InputError(
            f"`source`: this looks like the text of a file, not a path to one (got "
            f"{source[:30]!r}). Pass the path, or use "
            "project_from_bytes(text.encode('utf-8'))."
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
            raise InputError(
                f"`source`: the file object returned {type(data).__name__}, not "
                "bytes or text. Open the file with open(path, 'rb')."
            )
        return _parse(bytes(data), label)
    raise InputError(
        f"`source`: cannot load a project from this (got {type(source).__name__}). "
        "Pass a path, the file's bytes, or an open file."
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
    >>> from qikit.improve.project import Project, save_project
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_project(Project("Falls"), folder / "falls.qiproj.json").name
    'falls.qiproj.json'
    """
    if not isinstance(project, Project):
        raise InputError(
            f"`project`: expected a Project (got {type(project).__name__}). "
            "Build one with Project(name, ...) or load_project(path)."
        )
    path = Path(path)
    where = repr(str(path))
    if path.is_dir():
        raise ProjectFileError(
            f"Cannot save to {where}: this is a folder. Add a file name, such as "
            f"{project.suggested_filename()!r}.",
            reason="write_failed",
            source=where,
        )
    if not path.parent.is_dir():
        raise ProjectFileError(
            f"Cannot save to {where}: the folder {str(path.parent)!r} does not exist. "
            "Create it first, or choose another folder.",
            reason="write_failed",
            source=where,
        )
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
        _atomic_write(path, data)
    except OSError as error:
        project.updated = previous
        raise ProjectFileError(
            f"Cannot save to {where}: {error.strerror or error}. Choose a folder you "
            "can write to, and check that the disk is not full.",
            reason="write_failed",
            source=where,
        ) from error
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or new file, whole."""
    directory = path.parent
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=directory
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        # Tidy up and re-raise: the old file, if any, is untouched.
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Flush the folder entry of a rename to disk (POSIX; Windows has no such call)."""
    if os.name != "posix":  # pragma: no cover - exercised on Windows only
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
