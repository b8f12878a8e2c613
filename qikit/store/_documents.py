"""Between the model objects of :mod:`qikit.improve` and the store's rows (private).

The store keeps a project as the document of its ``.qiproj.json`` file (see
:mod:`qikit.improve.projectfile`: versioned, with its own migrations), and beside it one
row per measure, data point and PDSA cycle, so that a trainer can query across
teams and learners can add points and cycles without rewriting the project. Only
the public interface of the model objects is used: ``to_dict()``/``from_dict()``,
``project_to_bytes``/``project_from_bytes`` and ``migrate_document``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qikit._validate import fail, path
from qikit.errors import QikitError, StoreError
from qikit.improve.pdsa import PDSACycle
from qikit.improve.project import Project
from qikit.improve.projectfile import (
    migrate_document,
    project_from_bytes,
    project_to_bytes,
)
from qikit.store._validate import clean_name, number_text
from qikit.store.schema import NAME_LENGTH

__all__ = [
    "CycleRecord",
    "MeasureRecord",
    "ProjectRecord",
    "assemble",
    "cycle_record",
    "cycle_summary",
    "project_from_document",
    "project_record",
    "typed_x",
]

#: A stored point: x as text, y and n.
StoredPoint = tuple[str, float | None, float | None]


@dataclass
class MeasureRecord:
    """A measure of a project, ready for the ``measures`` and ``data_points`` rows."""

    key: str
    name: str
    kind: str | None
    unit: str | None
    x_type: str | None
    document: dict[str, Any]
    points: list[StoredPoint] = field(default_factory=list)


@dataclass
class CycleRecord:
    """A PDSA cycle, ready for a ``pdsa_cycles`` row."""

    key: str
    change_idea: str | None
    started_on: dt.date | None
    finished_on: dt.date | None
    document: dict[str, Any]


@dataclass
class ProjectRecord:
    """A project, ready for a ``projects`` row and the rows of its parts."""

    key: str
    name: str
    document: dict[str, Any]
    measures: list[MeasureRecord]
    cycles: list[CycleRecord]


def _key(value: Any, argument: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > NAME_LENGTH:
        raise fail(
            argument,
            f"the id must be text of 1 to {NAME_LENGTH} characters",
            value,
            "Leave the id out and qikit makes one.",
        )
    return value


def _text(value: Any) -> str | None:
    return value[:NAME_LENGTH] if isinstance(value, str) and value else None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _x_value(text: str, x_type: str | None) -> Any:
    """An x as ``Measure.to_dict()`` writes it."""
    if x_type == "number":
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return text


def _y_value(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def project_record(project: Project | Mapping[str, Any]) -> ProjectRecord:
    """Check ``project`` and split it into the rows the store keeps.

    A dictionary is read with ``Project.from_dict()``, whose messages name the part
    that is wrong (such as ``project.measures[0].kind``).
    """
    if isinstance(project, Mapping):
        project = Project.from_dict(project)
    if not isinstance(project, Project):
        raise fail(
            "project",
            "expected a Project",
            project,
            "Build one with qikit.improve.project.Project(name, ...) or load it from "
            "its file.",
        )
    document = json.loads(project_to_bytes(project))
    body = document["project"]
    name = clean_name(body["name"], "project.name")
    key = _key(body["id"], "project.id")
    measures = [_measure_record(m, i) for i, m in enumerate(body["measures"])]
    cycles = [
        _cycle_record(c, path("project", "pdsa_cycles", i, "id"))
        for i, c in enumerate(body["pdsa_cycles"])
    ]
    return ProjectRecord(key, name, document, measures, cycles)


def _measure_record(measure: dict[str, Any], position: int) -> MeasureRecord:
    key = _key(measure.get("id"), path("project", "measures", position, "id"))
    data = measure.get("data")
    x_type = None
    points: list[StoredPoint] = []
    if data is not None:
        x_type = data["x_type"]
        ns = data.get("n") or [None] * len(data["x"])
        for x, y, n in zip(data["x"], data["y"], ns, strict=True):
            text = number_text(float(x)) if x_type == "number" else str(x)
            points.append((text, _float(y), _float(n)))
    document = {k: v for k, v in measure.items() if k != "data"}
    return MeasureRecord(
        key=key,
        name=_text(measure.get("name")) or key,
        kind=_text(measure.get("kind")),
        unit=_text(measure.get("unit")),
        x_type=x_type,
        document=document,
        points=points,
    )


def _date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _cycle_record(document: dict[str, Any], argument: str = "cycle.id") -> CycleRecord:
    """Read the columns of a ``pdsa_cycles`` row from ``PDSACycle.to_dict()``."""
    change_idea = document.get("change_idea")
    return CycleRecord(
        key=_key(document.get("id"), argument),
        change_idea=change_idea
        if isinstance(change_idea, str) and change_idea
        else None,
        started_on=_date(document.get("start")),
        finished_on=_date(document.get("end")),
        document=document,
    )


def cycle_record(cycle: Any) -> CycleRecord:
    """Check a PDSA cycle (a ``PDSACycle`` or its ``to_dict()``) for storing.

    A dictionary is read with ``PDSACycle.from_dict(d, "cycle")``, so a message
    names the field, such as ``cycle.start``.
    """
    if isinstance(cycle, Mapping):
        cycle = PDSACycle.from_dict(cycle, "cycle")  # its messages name cycle.<field>
    if not isinstance(cycle, PDSACycle):
        raise fail(
            "cycle",
            "expected a PDSACycle",
            cycle,
            "Build one with qikit.improve.pdsa.PDSACycle(...).",
        )
    try:
        document = json.loads(json.dumps(cycle.to_dict(), allow_nan=False))
    except (TypeError, ValueError) as error:
        raise fail(
            "cycle",
            f"the cycle holds a value that cannot be stored ({error})",
            cycle,
            "Check its dates and numbers.",
        ) from error
    return _cycle_record(document)


def cycle_summary(document: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of :meth:`qikit.store.Store.pdsa_cycles` read from a cycle."""
    act = document.get("act")
    decision = act.get("decision") if isinstance(act, Mapping) else None
    return {
        "objective": document.get("objective") or None,
        "decision": decision or None,
        "scale": document.get("scale") or None,
        "belief": document.get("belief") or None,
    }


def assemble(
    document: dict[str, Any],
    points: Mapping[str, tuple[str | None, list[StoredPoint]]],
    cycles: list[dict[str, Any]],
) -> dict[str, Any]:
    """The project document with the stored points and cycles put in.

    Parameters
    ----------
    document
        The stored ``.qiproj.json`` document.
    points
        ``{measure id: (x_type, [(x, y, n), ...])}`` from the store.
    cycles
        The stored cycle documents, in log order.
    """
    try:
        document = migrate_document(document)
    except QikitError as error:
        raise StoreError(
            f"A stored project cannot be read: {error} Nothing was changed in the "
            "store; ask your trainer to check it."
        ) from error
    body = document["project"]
    for measure in body["measures"]:
        if measure.get("id") not in points:
            continue
        x_type, stored = points[measure["id"]]
        old = measure.get("data")
        if not stored and old is None:
            continue
        data: dict[str, Any] = {
            "x_type": x_type or (old or {}).get("x_type") or "text",
            "x": [_x_value(x, x_type) for x, _, _ in stored],
            "y": [_y_value(y) for _, y, _ in stored],
        }
        if "n" in (old or {}) or any(n is not None for _, _, n in stored):
            data["n"] = [_y_value(n) for _, _, n in stored]
        measure["data"] = data
    body["pdsa_cycles"] = cycles
    return document


def project_from_document(document: Any, *, source: str) -> Project:
    """Build the project from a stored document, all or nothing."""
    try:
        data = json.dumps(document, ensure_ascii=False, allow_nan=False).encode()
        return project_from_bytes(data, name=source)
    except (TypeError, ValueError, QikitError) as error:
        raise StoreError(
            f"{source[0].upper()}{source[1:]} cannot be read ({error}). Nothing was "
            "changed in the store; ask your trainer to check it."
        ) from error


def typed_x(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn the stored ``x`` text into dates or numbers, using ``x_type``, and sort
    each measure's points by ``x`` (stable, so that ties stay in recorded order)."""
    kinds = set(frame["x_type"].dropna())
    if frame.empty:
        frame["x"] = frame["x"].astype(object)
    elif kinds <= {"date", "datetime"}:
        frame["x"] = pd.to_datetime(frame["x"], format="ISO8601")
    elif kinds == {"number"}:
        frame["x"] = pd.Series(
            [_x_value(x, "number") for x in frame["x"]], index=frame.index
        )
        frame["x"] = pd.to_numeric(frame["x"])
    else:
        frame["x"] = pd.Series(
            [
                pd.Timestamp(x) if k in ("date", "datetime") else _x_value(x, k)
                for x, k in zip(frame["x"], frame["x_type"], strict=True)
            ],
            index=frame.index,
            dtype=object,
        )
    if not frame.empty and (kinds <= {"date", "datetime"} or kinds == {"number"}):
        frame = frame.sort_values(
            ["team", "project", "_position", "x"], kind="stable"
        ).reset_index(drop=True)
    return frame.drop(columns=["x_type", "_position"])
