"""Improvement projects: the aim, measures, driver diagram, PDSA log and notes in one.

A :class:`Project` gathers the answers to the three questions of the Model for
Improvement in one place: the aim (what are we trying to accomplish?), the family
of measures with their data (how will we know that a change is an improvement?),
the driver diagram and the PDSA cycles that test its change ideas (what changes
can we make that will result in improvement?), plus the team's notes and key
learning. :meth:`Project.validate` lists what is still missing, as
:class:`~qikit.improve.Finding` objects with codes.

Saving and opening ``.qiproj.json`` files (and the file format itself) is
:mod:`qikit.improve.projectfile`. The names that lived here before
(``load_project``, ``save_project``, ``project_to_bytes``, ``project_from_bytes``,
``FILE_FORMAT``, ``SCHEMA_VERSION``, ``MIGRATIONS``, ``migrate_document``) still
import from this module for one release, with a :class:`DeprecationWarning`;
``ProjectFileError`` lives in :mod:`qikit.errors`.

The curriculum module "The Model for Improvement" teaches the ideas behind a
project.

Examples
--------
>>> from qikit.improve import Project
>>> project = Project("Fewer falls on Ward 6", team="Ward 6")
>>> [f.code for f in project.validate()]
['project.aim_missing', 'project.measures_missing', 'project.driver_diagram_missing']
"""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qikit import _validate as v
from qikit._format import slug
from qikit.charts.vocabulary import RULE_SET_ALIASES, RULE_SETS
from qikit.errors import InputError, ProjectFileError, QikitError
from qikit.improve import _common as c
from qikit.improve._common import Finding
from qikit.improve._json import canonical
from qikit.improve.aims import Aim
from qikit.improve.driver import DriverDiagram
from qikit.improve.measures import Measure, check_family
from qikit.improve.pdsa import PDSACycle

__all__ = ["FILE_SUFFIX", "Note", "Project", "ProjectFileError"]

#: The ending of a project file's name.
FILE_SUFFIX = ".qiproj.json"

_PROJECT_KEYS = (
    "id",
    "name",
    "team",
    "members",
    "created",
    "updated",
    "rules",
    "aim",
    "measures",
    "driver_diagram",
    "pdsa_cycles",
    "notes",
)
_NOTE_FIELDS = ("id", "text", "date", "author", "key_learning")
_BUG = "This is a bug in qikit: please report it."


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
    raise v.fail(
        where,
        "is not a date and time",
        value,
        "Use an ISO 8601 timestamp such as '2024-03-04T16:30:00+00:00'.",
    )


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
    date : datetime.date or str, optional
        When (``None`` when undated). Text is read day first, as in the UK:
        ``"07/04/2025"`` is 7 April 2025.
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
    >>> from qikit.improve import Note
    >>> note = Note("Night staff found the checklist too long.",
    ...             date="01/02/2024", key_learning=True, id="n1")
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
            raise v.fail(
                "text",
                "a note must be text",
                self.text,
                "Write the note as a sentence.",
            )
        self.date = v.date(self.date, "date")
        if not isinstance(self.author, str):
            raise v.fail(
                "author",
                "must be text",
                self.author,
                "Give the author's name, or leave it empty.",
            )
        if not isinstance(self.key_learning, bool):
            raise v.fail(
                "key_learning",
                "must be True or False",
                self.key_learning,
                "Use True for learning to share on the storyboard.",
            )
        if not isinstance(self.id, str) or not self.id:
            raise v.fail(
                "id",
                "must be non-empty text",
                self.id,
                "Leave it out and qikit makes one.",
            )

    def validate(self) -> list[Finding]:
        """Plain-English problems (an empty list when the note is fine)."""
        if self.text.strip():
            return []
        return [
            Finding("A note is empty: write what you noticed.", "note.empty", self.id)
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return the note as plain JSON types (the date as an ISO string)."""
        return {
            "id": self.id,
            "text": self.text,
            "date": c.iso(self.date),
            "author": self.author,
            "key_learning": self.key_learning,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> Note:
        """Build a note from :meth:`to_dict` output.

        ``argument`` is where ``d`` sits in a bigger object
        (``"project.notes[2]"``), so that messages name the path.

        Raises
        ------
        InputError
            When ``d`` is not a dict, lacks ``"text"``, has unknown keys or holds
            values of the wrong type.
        """
        return c.from_fields(cls, d, argument, _NOTE_FIELDS, required=("text",))

    def to_frame(self) -> pd.DataFrame:
        """One row: ``id``, ``date``, ``author``, ``key_learning``, ``text``."""
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
        What are we trying to accomplish? (:class:`qikit.improve.Aim`)
    measures : list of Measure, optional
        How will we know that a change is an improvement? Each
        :class:`qikit.improve.Measure` carries its own data.
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
    rules : {"anhoej", "ihi", "mdc", "western_electric"}, default "anhoej"
        The rule set for the project's charts (a measure can choose its own with
        ``Measure(rules=...)``). Scottish programmes teach the IHI rules
        (``"ihi"``); NHS England's Making Data Count uses ``"mdc"``.

    Raises
    ------
    InputError
        At construction, when a value has the wrong type (for example a measure
        that is not a ``Measure``). Gaps that a team fills in over time (no aim
        yet, no balancing measure) are not errors: :meth:`validate` lists them.

    See Also
    --------
    qikit.improve.save_project, qikit.improve.load_project,
    qikit.plot.storyboard.storyboard_html

    Notes
    -----
    Two projects are equal when their :meth:`to_dict` output is the same, so a
    project equals itself after a trip through a file.

    Examples
    --------
    >>> from qikit.improve import Project
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
    rules: str = "anhoej"

    def __post_init__(self) -> None:
        for name in ("name", "team"):
            if not isinstance(getattr(self, name), str):
                raise v.fail(
                    name,
                    "must be text",
                    getattr(self, name),
                    f"Give the project's {name} as a short phrase.",
                )
        if not isinstance(self.id, str) or not self.id.strip():
            raise v.fail(
                "id",
                "must be non-empty text",
                self.id,
                "Leave it out and qikit makes one.",
            )
        if isinstance(self.members, str):
            raise v.fail(
                "members",
                "must be a list of names",
                self.members,
                "Give a list of names, such as ['Aisha', 'Ben'].",
            )
        self.members = v.text_list(self.members, "members")
        self.measures = v.list_of(self.measures, "measures", Measure)
        self.pdsa_cycles = v.list_of(self.pdsa_cycles, "pdsa_cycles", PDSACycle)
        notes = self.notes
        if isinstance(notes, list | tuple):
            notes = [Note(item) if isinstance(item, str) else item for item in notes]
        self.notes = v.list_of(notes, "notes", Note)
        for name, cls in (("aim", Aim), ("driver_diagram", DriverDiagram)):
            value = getattr(self, name)
            if value is not None and not isinstance(value, cls):
                raise v.fail(
                    name,
                    f"must be {'an' if cls is Aim else 'a'} {cls.__name__} or None",
                    value,
                    f"Build it with {cls.__name__}(...).",
                )
        for name in ("created", "updated"):
            value = getattr(self, name)
            if value is None and name == "updated":
                continue
            if not isinstance(value, dt.datetime):
                raise v.fail(
                    name,
                    "must be a date and time",
                    value,
                    "Use datetime.datetime.now(datetime.timezone.utc).",
                )
            setattr(self, name, _as_utc(value))
        if self.updated is None:
            self.updated = self.created
        self.rules = v.choice(self.rules, "rules", RULE_SETS, aliases=RULE_SET_ALIASES)

    # -- equality ---------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Project):
            return NotImplemented
        return canonical(self.to_dict()) == canonical(other.to_dict())

    __hash__ = None  # type: ignore[assignment]  # mutable, like any dataclass

    # -- helpers ----------------------------------------------------------------------
    def touch(self, when: dt.datetime | None = None) -> None:
        """Set :attr:`updated` to ``when`` (default: now, in UTC)."""
        self.updated = _as_utc(when) if when is not None else _now()

    def add_note(
        self,
        text: str,
        *,
        date: dt.date | str | None = None,
        author: str = "",
        key_learning: bool = False,
    ) -> Note:
        """Append a :class:`Note` to :attr:`notes` and return it.

        Examples
        --------
        >>> from qikit.improve import Project
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
            if key in (measure.id, measure.name):
                return measure
        names = ", ".join(repr(m.name) for m in self.measures)
        raise v.fail(
            "key",
            "no measure with this name or id",
            key,
            f"The project's measures are: {names or 'none yet'}.",
        )

    def cycles_for(self, measure: Measure | str) -> list[PDSACycle]:
        """The PDSA cycles to show with a measure's chart, in log order.

        A cycle belongs to a measure when the change idea it tests is linked to
        that measure in the driver diagram (or the diagram lists the cycle under a
        box linked to the measure). A measure that no cycle is linked to (usually
        the outcome measure) gets every cycle, since every test aims to move it.

        Parameters
        ----------
        measure : Measure or str
            One of the project's measures, or its id or name.

        Returns
        -------
        list of PDSACycle

        Raises
        ------
        InputError
            When ``measure`` is not one of the project's measures.

        Examples
        --------
        >>> from qikit.improve import Project, example_measures, example_ramp
        >>> project = Project("Pressure ulcers", measures=example_measures(),
        ...                   pdsa_cycles=example_ramp().cycles)
        >>> len(project.cycles_for("pressure-ulcers")), len(project.pdsa_cycles)
        (4, 4)
        """
        if isinstance(measure, Measure):
            measure_id = measure.id
        else:
            measure_id = self.get_measure(measure).id
        diagram = self.driver_diagram
        if diagram is None:
            return list(self.pdsa_cycles)
        linked = [node for node in diagram.nodes if measure_id in node.measures]
        ideas = {node.id for node in linked}
        listed = {cycle_id for node in linked for cycle_id in node.pdsa}
        mine = [
            cycle
            for cycle in self.pdsa_cycles
            if cycle.change_idea in ideas or cycle.id in listed
        ]
        return mine or list(self.pdsa_cycles)

    def suggested_filename(self) -> str:
        """A safe file name for downloads, such as ``falls-ward-6.qiproj.json``.

        Examples
        --------
        >>> from qikit.improve import Project
        >>> Project("Fewer falls: Ward 6!").suggested_filename()
        'fewer-falls-ward-6.qiproj.json'
        """
        return (slug(self.name, limit=60) or "project") + FILE_SUFFIX

    # -- the shared model interface ---------------------------------------------------
    def validate(self) -> list[Finding]:
        """What the team may want to fix, as :class:`~qikit.improve.Finding` objects.

        An empty list means nothing is missing. The list covers the project as a
        whole (no aim, no measures, no driver diagram, duplicate identifiers,
        links to things that do not exist) and each part's own ``validate()``,
        with the part's name in front of its message ("Aim: ...", "Measure
        ‘Falls’: ...") and the part's ``code`` and ``subject`` kept, so an app can
        branch on the codes.

        Returns
        -------
        list of Finding
            Each a ``str``; the project's own codes start with ``project.``.

        Examples
        --------
        >>> from qikit.improve import Aim, Project
        >>> problems = Project("Falls", aim=Aim(what="Improve care")).validate()
        >>> problems[0], problems[0].code, problems[0].subject
        ('Aim: Say for whom and where: which residents, patients, pupils or families, \
in which service?', 'smart.specific.who_missing', 'S')
        """
        out: list[Finding] = []

        def own(message: str, code: str, subject: str = "") -> None:
            out.append(Finding(message, f"project.{code}", subject))

        def parts(prefix: str, found: list, code: str, subject: str = "") -> None:
            out.extend(c.as_finding(p, code, subject).prefixed(prefix) for p in found)

        if not self.name.strip():
            own("Give the project a name.", "name_missing")
        if self.aim is None:
            own("Add an aim: what are we trying to accomplish?", "aim_missing")
        else:
            parts("Aim: ", self.aim.validate(), "aim.invalid", self.aim.id)
        if not self.measures:
            own(
                "Add at least one measure: how will we know that a change is an "
                "improvement?",
                "measures_missing",
            )
        for m in self.measures:
            parts(
                f"Measure ‘{m.name or m.id}’: ", m.validate(), "measure.invalid", m.id
            )
        parts("Family of measures: ", _family_findings(self.measures), "family")
        diagram = self.driver_diagram
        if diagram is None:
            own(
                "Add a driver diagram: what changes can we make that will result in "
                "improvement?",
                "driver_diagram_missing",
            )
        else:
            found = diagram.validate(
                measure_ids=[m.id for m in self.measures],
                pdsa_ids=[cycle.id for cycle in self.pdsa_cycles],
            )
            parts("Driver diagram: ", found, "driver.invalid", diagram.id)
        for number, cycle in enumerate(self.pdsa_cycles, start=1):
            parts(f"PDSA cycle {number}: ", cycle.validate(), "pdsa.invalid", cycle.id)
        for number, note in enumerate(self.notes, start=1):
            parts(f"Note {number}: ", note.validate(), "note.invalid", note.id)
        for label, ident in _duplicates(self):
            own(
                f"Two {label} share the id ‘{ident}’: each needs its own.",
                "duplicate_id",
                ident,
            )
        out.extend(_link_findings(self))
        if self.updated is not None and self.updated < self.created:
            own(
                "The project was last updated before it was created: check the "
                "`created` and `updated` times.",
                "updated_before_created",
            )
        return list(dict.fromkeys(out))  # each problem once, in order

    def to_dict(self) -> dict[str, Any]:
        """Return the project as plain JSON types, in the file's key order."""
        return {
            "id": self.id,
            "name": self.name,
            "team": self.team,
            "members": list(self.members),
            "created": self.created.isoformat(),
            "updated": (self.updated or self.created).isoformat(),
            "rules": self.rules,
            "aim": None if self.aim is None else self.aim.to_dict(),
            "measures": [measure.to_dict() for measure in self.measures],
            "driver_diagram": (
                None if self.driver_diagram is None else self.driver_diagram.to_dict()
            ),
            "pdsa_cycles": [cycle.to_dict() for cycle in self.pdsa_cycles],
            "notes": [note.to_dict() for note in self.notes],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "project") -> Project:
        """Build a project from :meth:`to_dict` output (the ``"project"`` of a file).

        Every key must be present and no others; each part is built with its
        own ``from_dict``. Identifiers of measures, PDSA cycles and notes must
        be unique, because links between parts use them.

        Parameters
        ----------
        d : dict
            The output of :meth:`to_dict`.
        argument : str, default "project"
            How messages name ``d``.

        Raises
        ------
        InputError
            Naming the path of the first problem, such as
            ``"`project.measures[2].kind`: ..."``.
        """
        where = argument or "project"
        if not isinstance(d, Mapping):
            raise v.fail(
                where,
                "must be a dictionary of the project's parts",
                d,
                "Pass the dictionary made by Project.to_dict().",
            )
        d = v.mapping(d, where, "Project", _PROJECT_KEYS, required=_PROJECT_KEYS)
        for key in ("id", "name", "team"):
            if not isinstance(d[key], str):
                raise v.fail(
                    v.path(where, key), "must be text", d[key], "Give it as text."
                )
        for key in ("members", "measures", "pdsa_cycles", "notes"):
            if not isinstance(d[key], list):
                raise v.fail(
                    v.path(where, key),
                    "must be a list",
                    d[key],
                    "Give it as a list, in square brackets.",
                )
        aim = _part(Aim, d["aim"], v.path(where, "aim"))
        diagram = _part(
            DriverDiagram, d["driver_diagram"], v.path(where, "driver_diagram")
        )
        measures = [
            _part(Measure, item, v.path(where, "measures", i))
            for i, item in enumerate(d["measures"])
        ]
        cycles = [
            _part(PDSACycle, item, v.path(where, "pdsa_cycles", i))
            for i, item in enumerate(d["pdsa_cycles"])
        ]
        notes = [
            _part(Note, item, v.path(where, "notes", i))
            for i, item in enumerate(d["notes"])
        ]
        created = _parse_timestamp(d["created"], v.path(where, "created"))
        updated = _parse_timestamp(d["updated"], v.path(where, "updated"))
        try:
            project = cls(
                name=d["name"],
                team=d["team"],
                members=list(d["members"]),
                aim=aim,
                measures=measures,
                driver_diagram=diagram,
                pdsa_cycles=cycles,
                notes=notes,
                created=created,
                updated=updated,
                id=d["id"],
                rules=d["rules"],
            )
        except InputError as error:
            raise v.within(where, error) from error
        duplicates = _duplicates(project)
        if duplicates:
            label, ident = duplicates[0]
            raise v.fail(
                v.path(where, _KEY_OF[label]),
                f"two {label} share one id",
                ident,
                "Give each its own id.",
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
        >>> from qikit.improve import Project
        >>> frame = Project("Discharge letters", notes=["Kick-off"]).to_frame()
        >>> frame[["section", "label", "detail", "n"]]
          section     label detail  n
        0    note  Kick-off         1
        """
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
        for cycle in self.pdsa_cycles:
            rows.append(
                _row(
                    "pdsa_cycle",
                    cycle.id,
                    cycle.objective,
                    cycle.stage,
                    1,
                    cycle.start,
                    cycle.end,
                )
            )
        for note in self.notes:
            detail = "key learning" if note.key_learning else ""
            rows.append(
                _row("note", note.id, note.text, detail, 1, note.date, note.date)
            )
        columns = ["section", "id", "label", "detail", "n", "start", "end"]
        return pd.DataFrame(rows, columns=columns)


def _part(cls: type, value: Any, where: str) -> Any:
    """One part of a project from its dict; every failure becomes an InputError."""
    if value is None and cls in (Aim, DriverDiagram):
        return None
    try:
        return cls.from_dict(value, where)
    except QikitError:
        raise
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
        raise v.fail(
            where,
            "holds values that cannot be read",
            f"{type(error).__name__}: {error}",
            _BUG,
        ) from error


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


# Findings of check_family that Measure.validate() or the duplicate check already give.
_FAMILY_REPEATS = {
    "family.no_definition",
    "family.incomplete_definition",
    "family.duplicate_id",
}


def _family_findings(measures: list[Measure]) -> list[Finding]:
    """The family-of-measures check, without what each measure reports itself."""
    if not measures:
        return []
    return [f for f in check_family(measures) if f.code not in _FAMILY_REPEATS]


def _link_findings(project: Project) -> list[Finding]:
    """Links to things that are not in the project.

    A PDSA cycle's change idea must be a change idea of the driver diagram, and
    the aim's measure must be one of the project's measures. (Links from the
    diagram to measures and cycles are checked by ``DriverDiagram.validate``.)
    """
    out: list[Finding] = []
    aim = project.aim
    measure_ids = {m.id for m in project.measures}
    if aim is not None and aim.measure and aim.measure not in measure_ids:
        out.append(
            Finding(
                f"The aim is tracked by the measure ‘{aim.measure}’, which is not one "
                "of the project's measures: add it, or correct the aim's measure.",
                "project.aim_measure_unknown",
                aim.measure,
            )
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
            out.append(
                Finding(
                    f"PDSA cycle {number} tests the change idea ‘{cycle.change_idea}’, "
                    f"but {where}: add it to the driver diagram or correct the cycle.",
                    "project.change_idea_unknown",
                    cycle.id,
                )
            )
    return out


# --------------------------------------------------------------------------------------
# Names that moved to qikit.improve.projectfile (kept here for one release)
# --------------------------------------------------------------------------------------
_MOVED = (
    "FILE_FORMAT",
    "MAX_FILE_BYTES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ProjectSource",
    "load_project",
    "migrate_document",
    "project_from_bytes",
    "project_to_bytes",
    "save_project",
)


def __getattr__(name: str) -> Any:
    # A deprecation shim (QuantEcon's practice): projectfile builds on Project, so
    # this module cannot import it at the top without a cycle.
    if name in _MOVED:
        warnings.warn(
            f"qikit.improve.project.{name} has moved: import it from "
            f"qikit.improve.projectfile (or qikit.improve). The old path goes in the "
            "next release.",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module("qikit.improve.projectfile"), name)
    raise AttributeError(f"module 'qikit.improve.project' has no attribute {name!r}")
