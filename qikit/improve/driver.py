"""Driver diagrams: the third question of the Model for Improvement.

*What changes can we make that will result in improvement?* A driver diagram is the
team's theory of change, read from left to right:

* the **aim**;
* **primary drivers**: the few big things that must be in place to reach the aim;
* **secondary drivers**: what each primary driver depends on, closer to daily work;
* **change ideas**: specific changes to test with PDSA cycles.

:class:`DriverDiagram` holds the tree (a node may support more than one driver),
links change ideas to measures and PDSA cycles by id, checks itself
(:meth:`~DriverDiagram.validate`) and writes an indented outline for reports.
Drawing lives in :func:`qikit.plot.diagrams.plot_driver_diagram`.

Curriculum: module 4, ``curriculum/04_theory_of_change.ipynb``.

Examples
--------
>>> from qikit.improve.driver import DriverDiagram
>>> dd = DriverDiagram(aim="Reduce falls with harm in Ashgrove House by half by June")
>>> p = dd.add_primary("Residents' mobility is supported")
>>> s = dd.add_secondary("Footwear and walking aids checked", parent=p)
>>> c = dd.add_change_idea("Footwear check at every care plan review", parent=s,
...                        measures=["falls-rate"])
>>> print(dd.to_outline())
Aim: Reduce falls with harm in Ashgrove House by half by June
  1 Primary driver: Residents' mobility is supported
    1.1 Secondary driver: Footwear and walking aids checked
      1.1.1 Change idea: Footwear check at every care plan review (measures: falls-rate)
>>> dd.validate()
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qikit import _validate as v
from qikit.errors import InputError
from qikit.improve import _common as c
from qikit.improve._common import Finding

__all__ = ["LEVELS", "DriverNode", "DriverDiagram"]

#: The levels below the aim, left to right.
LEVELS: tuple[str, ...] = ("primary", "secondary", "change")
LEVEL_NAMES: dict[str, str] = {
    "aim": "Aim",
    "primary": "Primary driver",
    "secondary": "Secondary driver",
    "change": "Change idea",
}
_PARENT_LEVEL = {"primary": None, "secondary": "primary", "change": "secondary"}
_PREFIX = {"primary": "p", "secondary": "s", "change": "c"}
_LEVEL_ALIASES = {
    "primary_driver": "primary",
    "secondary_driver": "secondary",
    "change_idea": "change",
    "change_ideas": "change",
    "idea": "change",
    "ideas": "change",
}
_NODE_FIELDS = ("id", "text", "level", "parents", "measures", "pdsa", "notes")
_DIAGRAM_FIELDS = ("aim", "nodes", "title", "id")


@dataclass
class DriverNode:
    """One box of a driver diagram.

    Parameters
    ----------
    id : str
        Stable id, unique in the diagram ("p1", "s3", "footwear-check").
    text : str
        What the box says.
    level : {"primary", "secondary", "change"}
        Its column.
    parents : list of str
        Ids of the nodes it supports, one level to the left. Empty for a primary
        driver (which supports the aim). The first parent is the one it is drawn
        and numbered under.
    measures : list of str
        Ids of the measures that track it.
    pdsa : list of str
        Ids of the PDSA cycles that test it (change ideas only).
    notes : str
        Anything else.

    Raises
    ------
    InputError
        For a missing or unusable id, an unknown level, a primary driver with
        parents, or PDSA links on a driver.
    """

    id: str
    text: str
    level: str
    parents: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    pdsa: list[str] = field(default_factory=list)
    notes: str = ""

    def __post_init__(self) -> None:
        self.id = c.identifier(self.id, "id")
        if not self.id:
            raise v.fail("id", "is empty", self.id, "Give each box an id, e.g. 'p1'.")
        self.text = v.text(self.text, "text", limit=500)
        self.level = v.choice(self.level, "level", LEVELS, aliases=_LEVEL_ALIASES)
        self.parents = c.id_list(self.parents, "parents")
        self.measures = c.id_list(self.measures, "measures")
        self.pdsa = c.id_list(self.pdsa, "pdsa")
        self.notes = v.text(self.notes, "notes")
        if self.level == "primary" and self.parents:
            raise v.fail(
                "parents",
                "a primary driver hangs from the aim, not from another box",
                self.parents,
                "Leave parents empty for a primary driver.",
            )
        if self.level != "change" and self.pdsa:
            raise v.fail(
                "pdsa",
                "PDSA cycles test change ideas, not drivers",
                self.pdsa,
                "Link the cycles to a change idea under this driver.",
            )

    @property
    def parent(self) -> str | None:
        """The first parent (the one the box is drawn under), or ``None``."""
        return self.parents[0] if self.parents else None

    def validate(self) -> list[Finding]:
        """Problems with this box on its own (empty text)."""
        try:
            DriverNode(**self.to_dict())
        except InputError as err:
            return c.unusable(err, "driver.invalid", self.id)
        if not self.text:
            return [
                Finding(
                    f"The {LEVEL_NAMES[self.level].lower()} ‘{self.id}’ has no text.",
                    "driver.text_missing",
                    self.id,
                )
            ]
        return []

    def to_frame(self) -> pd.DataFrame:
        """One row: the fields, with lists joined by ``"; "``."""
        row = self.to_dict()
        for key in ("parents", "measures", "pdsa"):
            row[key] = "; ".join(row[key])
        return pd.DataFrame([row], columns=list(_NODE_FIELDS))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {
            "id": self.id,
            "text": self.text,
            "level": self.level,
            "parents": list(self.parents),
            "measures": list(self.measures),
            "pdsa": list(self.pdsa),
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> DriverNode:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input."""
        return c.from_fields(cls, d, argument, _NODE_FIELDS, ("id", "text", "level"))


def _aim_text(aim: Any) -> str:
    if hasattr(aim, "text") and callable(aim.text) and not isinstance(aim, str):
        return v.text(aim.text(), "aim", limit=1000)
    return v.text(aim, "aim", limit=1000)


@dataclass
class DriverDiagram:
    """Aim → primary drivers → secondary drivers → change ideas.

    Build it with :meth:`add_primary`, :meth:`add_secondary` and
    :meth:`add_change_idea` (which check ids and parents as you go), from a nested
    dict with :meth:`from_nested`, or from a typed outline with :meth:`from_outline`.
    Construction from a list of nodes checks only types; :meth:`validate` finds the
    structural problems (orphans, duplicates, empty levels, a missing aim).

    Parameters
    ----------
    aim : str or Aim
        The aim (an :class:`~qikit.improve.Aim` is turned into its sentence).
    nodes : list of DriverNode or dict
        The boxes, in drawing order.
    title : str
        A title for the drawing.
    id : str
        Stable id; default "driver-diagram".

    Examples
    --------
    >>> dd = DriverDiagram.from_nested(
    ...     "Every resident has a care plan review every 6 months by March 2026",
    ...     {"Reviews planned": {"A review calendar": ["Book reviews at admission"]}},
    ... )
    >>> dd.to_frame()[["id", "level", "number"]]
        id      level number
    0  aim        aim
    1   p1    primary      1
    2   s1  secondary    1.1
    3   c1     change  1.1.1
    """

    aim: str = ""
    nodes: list[DriverNode] = field(default_factory=list)
    title: str = ""
    id: str = "driver-diagram"

    def __post_init__(self) -> None:
        self.aim = _aim_text(self.aim)
        self.nodes = v.list_of(
            self.nodes, "nodes", DriverNode, convert=DriverNode.from_dict
        )
        self.title = v.text(self.title, "title", limit=300)
        self.id = c.identifier(self.id, "id", default="driver-diagram")

    # ------------------------------------------------------------------ access

    def node(self, node_id: str) -> DriverNode:
        """The node with this id; raises InputError listing the ids when absent."""
        for n in self.nodes:
            if n.id == node_id:
                return n
        known = ", ".join(n.id for n in self.nodes) or "none yet"
        raise v.fail(
            "node_id",
            "no box in the diagram has this id",
            node_id,
            f"Use one of: {known}.",
        )

    def level(self, level: str) -> list[DriverNode]:
        """The nodes of one level, in order."""
        level = v.choice(level, "level", LEVELS, aliases=_LEVEL_ALIASES)
        return [n for n in self.nodes if n.level == level]

    @property
    def primaries(self) -> list[DriverNode]:
        """Primary drivers, in order."""
        return self.level("primary")

    @property
    def secondaries(self) -> list[DriverNode]:
        """Secondary drivers, in order."""
        return self.level("secondary")

    @property
    def change_ideas(self) -> list[DriverNode]:
        """Change ideas, in order."""
        return self.level("change")

    def children(self, node_id: str | None) -> list[DriverNode]:
        """Nodes whose *first* parent is ``node_id`` (``None``: the primary drivers)."""
        if node_id is None:
            return self.primaries
        return [n for n in self.nodes if n.parent == node_id]

    def _tree_children(self, node_id: str | None) -> list[DriverNode]:
        """Children one level to the right (a box at the wrong level is not one)."""
        if node_id is None:
            return self.primaries
        parent = next((n for n in self.nodes if n.id == node_id), None)
        if parent is None or parent.level == "change":
            return []
        want = LEVELS[LEVELS.index(parent.level) + 1]
        return [n for n in self.children(node_id) if n.level == want]

    # ------------------------------------------------------------------ building

    def _next_id(self, level: str) -> str:
        used = {n.id for n in self.nodes}
        k = 1
        while f"{_PREFIX[level]}{k}" in used:
            k += 1
        return f"{_PREFIX[level]}{k}"

    def _add(
        self,
        level: str,
        text: Any,
        parent: Any,
        id: Any,
        measures: Any,
        pdsa: Any,
        notes: Any,
    ) -> str:
        text = v.text(text, "text", required=True, limit=500)
        node_id = c.identifier(id, "id") or self._next_id(level)
        if any(n.id == node_id for n in self.nodes):
            raise v.fail(
                "id",
                "is already used in this diagram",
                node_id,
                "Choose another id, or leave id out and one is made for you.",
            )
        parents: list[str] = []
        want = _PARENT_LEVEL[level]
        if want is not None:
            parents = c.id_list(parent, "parent")
            if not parents:
                raise v.fail(
                    "parent",
                    f"a {LEVEL_NAMES[level].lower()} needs the id of the "
                    f"{LEVEL_NAMES[want].lower()} it supports",
                    parent,
                    f"Pass parent='...' with one of: "
                    f"{', '.join(n.id for n in self.level(want)) or 'none yet'}.",
                )
            for pid in parents:
                match = [n for n in self.nodes if n.id == pid]
                if not match:
                    choices = ", ".join(n.id for n in self.level(want)) or "none yet"
                    raise v.fail(
                        "parent",
                        f"no {LEVEL_NAMES[want].lower()} has this id",
                        pid,
                        f"Use one of: {choices}.",
                    )
                if match[0].level != want:
                    raise v.fail(
                        "parent",
                        f"is a {LEVEL_NAMES[match[0].level].lower()}, but a "
                        f"{LEVEL_NAMES[level].lower()} hangs from a "
                        f"{LEVEL_NAMES[want].lower()}",
                        pid,
                        "Give the id of a box in the column to the left.",
                    )
        node = DriverNode(
            node_id, text, level, parents, measures=measures, pdsa=pdsa, notes=notes
        )
        self.nodes.append(node)
        return node_id

    def add_primary(
        self,
        text: str,
        *,
        id: str | None = None,
        measures: Iterable[str] = (),
        notes: str = "",
    ) -> str:
        """Add a primary driver; return its id (made for you unless given)."""
        return self._add("primary", text, None, id, measures, (), notes)

    def add_secondary(
        self,
        text: str,
        *,
        parent: str | Iterable[str],
        id: str | None = None,
        measures: Iterable[str] = (),
        notes: str = "",
    ) -> str:
        """Add a secondary driver under one or more primary drivers; return its id.

        Raises
        ------
        InputError
            When ``parent`` is missing, unknown or not a primary driver, or ``id`` is
            already used.
        """
        return self._add("secondary", text, parent, id, measures, (), notes)

    def add_change_idea(
        self,
        text: str,
        *,
        parent: str | Iterable[str],
        id: str | None = None,
        measures: Iterable[str] = (),
        pdsa: Iterable[str] = (),
        notes: str = "",
    ) -> str:
        """Add a change idea under one or more secondary drivers; return its id.

        ``measures`` and ``pdsa`` are ids of :class:`~qikit.improve.Measure` and
        :class:`~qikit.improve.PDSACycle` objects.
        """
        return self._add("change", text, parent, id, measures, pdsa, notes)

    def link(
        self, node_id: str, *, measures: Iterable[str] = (), pdsa: Iterable[str] = ()
    ) -> None:
        """Link more measures or PDSA cycles to an existing box.

        Examples
        --------
        >>> dd = DriverDiagram("Aim", [DriverNode("p1", "Driver", "primary")])
        >>> dd.link("p1", measures=["falls-rate"])
        >>> dd.node("p1").measures
        ['falls-rate']
        """
        node = self.node(node_id)
        more_measures = c.id_list(measures, "measures")
        more_pdsa = c.id_list(pdsa, "pdsa")
        if more_pdsa and node.level != "change":
            raise v.fail(
                "pdsa",
                "PDSA cycles test change ideas, not drivers",
                more_pdsa,
                "Link the cycles to a change idea.",
            )
        node.measures += [m for m in more_measures if m not in node.measures]
        node.pdsa += [p for p in more_pdsa if p not in node.pdsa]

    def remove(self, node_id: str) -> list[str]:
        """Remove a box and every box that depended on it alone; return their ids.

        Examples
        --------
        >>> dd = DriverDiagram.from_nested("Aim", {"A": {"B": ["C"]}})
        >>> dd.remove("s1")
        ['s1', 'c1']
        """
        self.node(node_id)
        removed: list[str] = []
        queue = [node_id]
        while queue:
            current = queue.pop(0)
            removed.append(current)
            self.nodes = [n for n in self.nodes if n.id != current]
            for n in self.nodes:
                if current in n.parents:
                    n.parents.remove(current)
                    if not n.parents:
                        queue.append(n.id)
        return removed

    # ------------------------------------------------------------------ numbering

    def numbers(self) -> dict[str, str]:
        """Outline numbers by id: "2", "2.1", "2.1.3". Orphans get ``""``."""
        out: dict[str, str] = {}
        ids = {n.id for n in self.nodes}

        def walk(parent: str | None, prefix: str) -> None:
            for k, child in enumerate(self._tree_children(parent), start=1):
                if child.id in out:
                    continue
                number = f"{prefix}{k}"
                out[child.id] = number
                walk(child.id, number + ".")

        walk(None, "")
        for n in self.nodes:
            if n.id not in out and n.id in ids:
                out[n.id] = ""
        return out

    # ------------------------------------------------------------------ checks

    def validate(
        self,
        *,
        measure_ids: Iterable[Any] | None = None,
        pdsa_ids: Iterable[Any] | None = None,
    ) -> list[Finding]:
        """Structural problems, one sentence each (empty when the diagram is sound).

        Parameters
        ----------
        measure_ids, pdsa_ids : list, optional
            Ids (or objects with an ``id``) that links may point to. When given,
            links to anything else are reported.

        Returns
        -------
        list of Finding
            Codes: ``driver.aim_missing``, ``driver.empty_level``,
            ``driver.duplicate_id``, ``driver.duplicate_text``, ``driver.text_missing``,
            ``driver.orphan``, ``driver.wrong_level``, ``driver.no_children``,
            ``driver.unknown_measure``, ``driver.unknown_pdsa``.

        Examples
        --------
        >>> dd = DriverDiagram("", [DriverNode("s1", "Training", "secondary", ["p9"])])
        >>> for f in dd.validate():
        ...     print(f.code)
        driver.aim_missing
        driver.empty_level
        driver.empty_level
        driver.orphan
        driver.no_children
        >>> print(dd.validate()[3])
        The secondary driver ‘Training’ supports ‘p9’, which is not in the diagram.
        """
        try:
            DriverDiagram.from_dict(self.to_dict())
        except InputError as err:
            return c.unusable(err, "driver.invalid", self.id)
        return [
            *_aim_and_levels(self),
            *_ids_and_texts(self),
            *_connections(self),
            *_childless(self),
            *_unknown_links(self, measure_ids, pdsa_ids),
        ]

    # ------------------------------------------------------------------ outputs

    def to_outline(
        self,
        *,
        numbers: bool = True,
        labels: bool = True,
        links: bool = True,
        ids: bool = False,
        indent: str = "  ",
        measure_names: Mapping[str, str] | None = None,
    ) -> str:
        """The diagram as indented text, for copying into a report.

        Parameters
        ----------
        numbers : bool
            Prefix outline numbers (1, 1.2, 1.2.3).
        labels : bool
            Prefix "Primary driver:", "Secondary driver:", "Change idea:".
        links : bool
            Add "(measures: ...; PDSA cycles: ...; also supports 2.1)".
        ids : bool
            Add each box's id in the brackets (lets :meth:`from_outline` restore
            the ids exactly).
        indent : str
            One level of indentation.
        measure_names : mapping of str to str, optional
            The name to write for each linked measure id (a project's measures by
            id), as :func:`qikit.plot.plot_driver_diagram` shows them. Ignored with
            ``ids=True``, which must keep the ids.

        Returns
        -------
        str
            One line per box; a box that supports several drivers appears once, under
            its first parent.

        Examples
        --------
        >>> dd = DriverDiagram("Fewer falls")
        >>> p1 = dd.add_primary("Safe mobility", measures=["falls-rate"])
        >>> names = {"falls-rate": "Falls per 1,000 bed days"}
        >>> print(dd.to_outline(measure_names=names))
        Aim: Fewer falls
          1 Primary driver: Safe mobility (measures: Falls per 1,000 bed days)
        """
        nums = self.numbers()
        names = {} if ids or measure_names is None else dict(measure_names)
        lines = [f"Aim: {self.aim}" if labels else self.aim]
        by_id = {n.id: n for n in self.nodes}

        def describe(n: DriverNode, depth: int) -> str:
            parts = []
            if numbers and nums.get(n.id):
                parts.append(nums[n.id])
            head = f"{LEVEL_NAMES[n.level]}: " if labels else ""
            parts.append(head + n.text)
            extras = []
            if ids:
                extras.append(f"id: {n.id}")
            if links:
                if n.measures:
                    shown = [names.get(m, m) for m in n.measures]
                    extras.append("measures: " + ", ".join(shown))
                if n.pdsa:
                    extras.append("PDSA cycles: " + ", ".join(n.pdsa))
                also = [nums.get(p) or p for p in n.parents[1:] if p in by_id or ids]
                if also:
                    extras.append("also supports " + ", ".join(also))
            line = " ".join(parts)
            if extras:
                line += " (" + "; ".join(extras) + ")"
            return indent * depth + line

        done: set[str] = set()

        def walk(parent: str | None, depth: int) -> None:
            for child in self._tree_children(parent):
                if child.id in done:
                    continue
                done.add(child.id)
                lines.append(describe(child, depth))
                walk(child.id, depth + 1)

        walk(None, 1)
        orphans = [n for n in self.nodes if n.id not in done]
        if orphans:
            lines.append(indent + "Not connected:")
            for n in orphans:
                lines.append(describe(n, 2))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_outline()

    @classmethod
    def from_outline(cls, text: str, *, title: str = "") -> DriverDiagram:
        """Read a diagram from an indented outline (the inverse of :meth:`to_outline`).

        Each line is one box; deeper indentation means one level to the right. A
        first line starting "Aim:" (or alone at the left margin) is the aim.
        Numbers, bullets ("-", "*") and labels such as "Change idea:" are optional;
        a trailing "(id: ...; measures: ...; PDSA cycles: ...; also supports 2.1)"
        is read back.

        Raises
        ------
        InputError
            When the text is empty or nested deeper than three levels below the aim.

        Examples
        --------
        >>> outline = '''
        ... Aim: Fewer missed medicines on the ward by May
        ...   - Reliable medicine rounds
        ...     - No interruptions during rounds
        ...       - Red tabards for the nurse on the round
        ... '''
        >>> dd = DriverDiagram.from_outline(outline)
        >>> [n.level for n in dd.nodes]
        ['primary', 'secondary', 'change']
        >>> DriverDiagram.from_outline(dd.to_outline(ids=True)) == dd
        True

        Boxes come back in outline order (each box after its parent), so a diagram
        built in another order matches up to the order of ``nodes``.
        """
        raw = v.text(text, "text", required=True, limit=200_000)
        rows = []
        for line in raw.splitlines():
            if not line.strip():
                continue
            expanded = line.replace("\t", "    ")
            depth = len(expanded) - len(expanded.lstrip(" "))
            rows.append((depth, expanded.strip()))
        aim = ""
        first_depth, first_text = rows[0]
        label_aim = re.match(r"^aim\s*:\s*", first_text, re.IGNORECASE)
        if label_aim or (len(rows) > 1 and all(d > first_depth for d, _ in rows[1:])):
            aim = first_text[label_aim.end() :] if label_aim else first_text
            rows = rows[1:]
        depths = sorted({d for d, _ in rows if True})
        dd = cls(aim=aim, title=title)
        last: dict[int, str] = {}
        also: list[tuple[str, list[str]]] = []
        number_to_id: dict[str, str] = {}
        for depth, line in rows:
            if line.lower().rstrip(":") == "not connected":
                continue
            body, extras = _split_extras(line)
            body = re.sub(r"^[-*•]\s+", "", body)
            number = re.match(r"^(\d+(?:\.\d+)*)\.?\s+", body)
            if number:
                body = body[number.end() :]
            level = None
            label = re.match(
                r"^(primary driver|secondary driver|change idea)\s*:\s*",
                body,
                re.IGNORECASE,
            )
            if label:
                body = body[label.end() :]
                level = {
                    "primary driver": "primary",
                    "secondary driver": "secondary",
                    "change idea": "change",
                }[label.group(1).lower()]
            rank = depths.index(depth)
            if level is None:
                if rank > 2:
                    raise v.fail(
                        "text",
                        "is nested deeper than change ideas",
                        line,
                        "Use three levels below the aim: primary drivers, secondary "
                        "drivers, change ideas.",
                    )
                level = LEVELS[rank]
            lvl = LEVELS.index(level)
            want = _PARENT_LEVEL[level]
            parents = [last[lvl - 1]] if want is not None and (lvl - 1) in last else []
            node_id = c.identifier(extras.get("id"), "id") or dd._next_id(level)
            if any(n.id == node_id for n in dd.nodes):
                node_id = dd._next_id(level)
            dd.nodes.append(
                DriverNode(
                    node_id,
                    body.strip(),
                    level,
                    parents,
                    measures=_split_ids(extras.get("measures", "")),
                    pdsa=_split_ids(extras.get("pdsa cycles", extras.get("pdsa", "")))
                    if level == "change"
                    else [],
                )
            )
            last[lvl] = node_id
            for deeper in range(lvl + 1, 3):
                last.pop(deeper, None)
            if number:
                number_to_id[number.group(1)] = node_id
            if extras.get("also supports"):
                also.append((node_id, _split_ids(extras["also supports"])))
        for node_id, refs in also:
            node = dd.node(node_id)
            for ref in refs:
                target = number_to_id.get(ref, ref)
                if target not in node.parents:
                    node.parents.append(target)
        return dd

    def to_frame(self) -> pd.DataFrame:
        """One row per box, the aim first.

        Returns
        -------
        DataFrame
            Columns ``id``, ``level`` ("aim", "primary", "secondary", "change"),
            ``number``, ``text``, ``parent`` (first parent; "aim" for primary
            drivers), ``parents``, ``measures``, ``pdsa`` (ids joined by ``"; "``)
            and ``notes``.
        """
        nums = self.numbers()
        rows = [
            {
                "id": "aim",
                "level": "aim",
                "number": "",
                "text": self.aim,
                "parent": "",
                "parents": "",
                "measures": "",
                "pdsa": "",
                "notes": "",
            }
        ]
        for n in self.nodes:
            rows.append(
                {
                    "id": n.id,
                    "level": n.level,
                    "number": nums.get(n.id, ""),
                    "text": n.text,
                    "parent": n.parent or ("aim" if n.level == "primary" else ""),
                    "parents": "; ".join(n.parents),
                    "measures": "; ".join(n.measures),
                    "pdsa": "; ".join(n.pdsa),
                    "notes": n.notes,
                }
            )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: ``aim``, ``nodes`` (list of node dicts), ``title``,
        ``id``."""
        return {
            "aim": self.aim,
            "nodes": [n.to_dict() for n in self.nodes],
            "title": self.title,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> DriverDiagram:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input."""
        return c.from_fields(cls, d, argument, _DIAGRAM_FIELDS)

    @classmethod
    def from_nested(
        cls, aim: Any, tree: Mapping[str, Any], *, title: str = ""
    ) -> DriverDiagram:
        """Build from ``{primary: {secondary: [change ideas]}}``.

        A secondary driver's value may be a list of change ideas, a single string
        or ``None``; a primary driver's value may be a dict, a list of secondary
        drivers (without change ideas) or ``None``.

        Raises
        ------
        InputError
            When ``tree`` is not shaped like that.
        """
        if not isinstance(tree, Mapping):
            raise v.fail(
                "tree",
                "must be a dict of primary drivers",
                tree,
                "Use {'primary driver': {'secondary driver': ['change idea']}}.",
            )
        dd = cls(aim=aim, title=title)
        for p_text, secondaries in tree.items():
            pid = dd.add_primary(p_text)
            if secondaries is None:
                continue
            if isinstance(secondaries, str):
                secondaries = {secondaries: None}
            elif not isinstance(secondaries, Mapping):
                if not isinstance(secondaries, Iterable):
                    raise v.fail(
                        f"tree[{p_text!r}]",
                        "must be a dict or list of secondary drivers",
                        secondaries,
                        "Use {'secondary driver': ['change idea', ...]}.",
                    )
                items = list(secondaries)
                if not all(isinstance(s, str) for s in items):
                    raise v.fail(
                        f"tree[{p_text!r}]",
                        "must list secondary drivers as text",
                        secondaries,
                        "Use {'secondary driver': ['change idea', ...]}.",
                    )
                secondaries = dict.fromkeys(items)
            for s_text, ideas in secondaries.items():
                sid = dd.add_secondary(s_text, parent=pid)
                for idea in v.text_list(ideas, f"tree[{p_text!r}][{s_text!r}]"):
                    dd.add_change_idea(idea, parent=sid)
        return dd


# ------------------------------------------------------------------ the checks
# DriverDiagram.validate runs these in order; each yields Findings.

_EMPTY_LEVEL = {
    "primary": "There are no primary drivers: add the few big things that must "
    "be in place to reach the aim.",
    "secondary": "There are no secondary drivers yet: add what each primary "
    "driver depends on.",
    "change": "There are no change ideas yet: add specific changes you could "
    "test under each secondary driver.",
}


def _aim_and_levels(dd: DriverDiagram) -> Iterator[Finding]:
    """An aim, and at least one box at each level."""
    if not dd.aim:
        yield Finding(
            "The driver diagram has no aim: write what you are trying to accomplish.",
            "driver.aim_missing",
            "aim",
        )
    for level in LEVELS:
        if not any(n.level == level for n in dd.nodes):
            if level == "secondary" and not dd.primaries:
                continue
            yield Finding(_EMPTY_LEVEL[level], "driver.empty_level", level)


def _ids_and_texts(dd: DriverDiagram) -> Iterator[Finding]:
    """Every box has its own id, some text, and text no other box at its level has."""
    seen_ids: set[str] = set()
    for n in dd.nodes:
        if n.id in seen_ids:
            yield Finding(
                f"Two boxes share the id ‘{n.id}’: give each its own.",
                "driver.duplicate_id",
                n.id,
            )
        seen_ids.add(n.id)
    seen_text: set[tuple[str, str]] = set()
    for n in dd.nodes:
        label = LEVEL_NAMES[n.level].lower()
        if not n.text:
            yield Finding(
                f"The {label} ‘{n.id}’ has no text.", "driver.text_missing", n.id
            )
            continue
        key = (n.level, " ".join(n.text.casefold().split()))
        if key in seen_text:
            yield Finding(
                f"The {label} ‘{n.text}’ appears twice: merge the two boxes.",
                "driver.duplicate_text",
                n.id,
            )
        seen_text.add(key)


def _connections(dd: DriverDiagram) -> Iterator[Finding]:
    """Every box below the primary drivers hangs from a box of the level above."""
    by_id: dict[str, DriverNode] = {}
    for n in dd.nodes:
        by_id.setdefault(n.id, n)
    for n in dd.nodes:
        want = _PARENT_LEVEL[n.level]
        if want is None:
            continue
        label = f"{LEVEL_NAMES[n.level].lower()} ‘{n.text or n.id}’"
        if not n.parents:
            yield Finding(
                f"The {label} is not connected to any "
                f"{LEVEL_NAMES[want].lower()}: connect it or remove it.",
                "driver.orphan",
                n.id,
            )
        for pid in n.parents:
            parent = by_id.get(pid)
            if parent is None:
                yield Finding(
                    f"The {label} supports ‘{pid}’, which is not in the diagram.",
                    "driver.orphan",
                    n.id,
                )
            elif parent.level != want:
                yield Finding(
                    f"The {label} hangs from the "
                    f"{LEVEL_NAMES[parent.level].lower()} ‘{parent.text or pid}’; "
                    f"it should support a {LEVEL_NAMES[want].lower()}.",
                    "driver.wrong_level",
                    n.id,
                )


def _childless(dd: DriverDiagram) -> Iterator[Finding]:
    """Every driver leads somewhere: primaries to secondaries, those to ideas."""
    has_child = {pid for n in dd.nodes for pid in n.parents}
    for n in dd.nodes:
        if n.level == "change" or n.id in has_child:
            continue
        if n.level == "primary":
            message = f"The primary driver ‘{n.text or n.id}’ has no secondary drivers."
        else:
            message = (
                f"The secondary driver ‘{n.text or n.id}’ has no change ideas yet."
            )
        yield Finding(message, "driver.no_children", n.id)


def _unknown_links(
    dd: DriverDiagram,
    measure_ids: Iterable[Any] | None,
    pdsa_ids: Iterable[Any] | None,
) -> Iterator[Finding]:
    """Links to measures and PDSA cycles that the project does not have."""
    for known, attr, code, what in (
        (measure_ids, "measures", "driver.unknown_measure", "measure"),
        (pdsa_ids, "pdsa", "driver.unknown_pdsa", "PDSA cycle"),
    ):
        if known is None:
            continue
        ids = {getattr(k, "id", k) for k in known}
        for n in dd.nodes:
            for link in getattr(n, attr):
                if link not in ids:
                    yield Finding(
                        f"‘{n.text or n.id}’ is linked to the {what} ‘{link}’, "
                        "which is not in the project.",
                        code,
                        n.id,
                    )


def _split_extras(line: str) -> tuple[str, dict[str, str]]:
    """Split 'text (key: value; key: value)' into text and a dict of known keys."""
    m = re.search(r"\s*\(([^()]*)\)\s*$", line)
    if not m:
        return line, {}
    extras: dict[str, str] = {}
    for part in m.group(1).split(";"):
        key, sep, value = part.partition(":")
        key = key.strip().lower()
        if key.startswith("also supports"):
            extras["also supports"] = key[len("also supports") :].strip() or value
            continue
        if not sep or key not in ("id", "measures", "pdsa cycles", "pdsa"):
            return line, {}
        extras[key] = value.strip()
    return line[: m.start()], extras


def _split_ids(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[,\s]+", value or "") if v.strip()]
