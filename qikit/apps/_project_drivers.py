"""Step 3 of the project builder: the driver diagram editor (private).

Aim → primary drivers → secondary drivers → change ideas. Boxes are added, renamed,
linked to measures and removed with the controls, or the whole diagram is edited as
an indented outline (:meth:`~qikit.improve.DriverDiagram.to_outline` and
:meth:`~qikit.improve.DriverDiagram.from_outline`). Every edit works on a copy of the
diagram, so a bad edit is a message and the diagram stays as it was. The drawing
(:func:`qikit.plot.plot_driver_diagram`, with the measures' names) has the outline as
its text alternative.
"""

from __future__ import annotations

import copy

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from qikit._format import join_words, plural
from qikit._validate import fail
from qikit.apps._controls import button, checkbox, labelled, text, text_area
from qikit.apps._display import ChartView
from qikit.apps._project_common import (
    Step,
    findings_html,
    heading,
    row,
    step_action,
    wide,
    wide_choice,
)
from qikit.improve import DriverDiagram
from qikit.plot import plot_driver_diagram

__all__ = ["DriversStep", "diagram_table"]

LEVEL_CHOICES = [
    ("Primary driver", "primary"),
    ("Secondary driver", "secondary"),
    ("Change idea", "change"),
]
LEVEL_WORDS = dict((value, label) for label, value in LEVEL_CHOICES)
_PARENT = {"primary": None, "secondary": "primary", "change": "secondary"}
NONE = ""


def diagram_table(diagram: DriverDiagram, names: dict[str, str]) -> pd.DataFrame:
    """Every box of the diagram with readable columns, for its data table."""
    frame = diagram.to_frame()
    levels = {"aim": "Aim", **LEVEL_WORDS}
    measures = [
        ", ".join(names.get(m, m) for m in value.split("; ") if m)
        for value in frame["measures"]
    ]
    return pd.DataFrame(
        {
            "Number": frame["number"],
            "Box": frame["level"].map(levels),
            "Text": frame["text"],
            "Measures": measures,
            "PDSA cycles": frame["pdsa"].str.replace("; ", ", "),
        }
    )


class DriversStep(Step):
    """Step 3: what changes can we make that will result in improvement?

    Attributes
    ----------
    add_level, add_parent : ipywidgets.Dropdown
        The kind of the new box and the box it hangs from.
    add_text : ipywidgets.Text
        The new box's text.
    add : ipywidgets.Button
        "Add the box".
    pick : ipywidgets.Dropdown
        "Box": the box to rename, link or remove.
    new_text : ipywidgets.Text
        Its text; "Rename the box" saves it.
    links : ipywidgets.SelectMultiple
        "Measures that track this box"; "Save the links" saves them.
    outline : ipywidgets.Textarea
        The whole diagram as an outline; "Read the outline" replaces the diagram.
    findings : ipywidgets.HTML
        The diagram's check (:meth:`~qikit.improve.DriverDiagram.validate`).
    view : ChartView
        The drawing, with the outline as its text alternative.
    """

    title = "3. Driver diagram: what changes can we make?"
    draws_from = frozenset({"drivers", "measures", "aim", "pdsa"})

    def __init__(self, app) -> None:
        super().__init__(app)
        self.add_level = wide_choice("Kind of box", LEVEL_CHOICES)
        self.add_parent = wide_choice("Under", [("the aim", NONE)])
        self.add_text = text("Text of the new box")
        self.add = button("Add the box")
        self.add_done = self.message()
        self.pick = wide_choice("Box", [("(no boxes yet)", NONE)])
        self.new_text = text("Text of the box")
        self.rename = button("Rename the box")
        self.links = wide(
            labelled(
                widgets.SelectMultiple(options=[], rows=4),
                "Measures that track this box",
            )
        )
        self.save_links = button("Save the links")
        self.confirm_remove = checkbox(
            "Yes, remove this box and the boxes that hang only from it"
        )
        self.remove = button("Remove the box")
        self.box_done = self.message()
        self.outline = text_area("Outline", rows=14)
        self.read_outline = button("Read the outline")
        self.outline_done = self.message()
        self.findings = widgets.HTML(value="")
        self.view = ChartView(app=app, table_label="Show every box as a table")
        self.box.children = (
            widgets.HTML(
                "<p>Read it from left to right: the aim, the primary drivers (the "
                "few big things that must be in place), the secondary drivers (what "
                "each depends on) and the change ideas to test.</p>"
            ),
            heading("Add a box", 4),
            self.add_level,
            self.add_parent,
            self.add_text,
            self.add,
            self.add_done,
            heading("Change a box", 4),
            self.pick,
            self.new_text,
            self.rename,
            self.links,
            self.save_links,
            row(self.remove, self.confirm_remove),
            self.box_done,
            heading("Or edit the whole diagram as text", 4),
            widgets.HTML(
                "<p>One box a line: the aim first, then each box indented two more "
                "spaces than the box it hangs from. Numbers and labels are "
                "optional; keep the brackets to keep the links.</p>"
            ),
            self.outline,
            self.read_outline,
            self.outline_done,
            self.findings,
            self.view,
        )
        app.wire_change(self.add_level, self.level_chosen, self.add_done)
        app.wire_click(self.add, self.add_box, self.add_done)
        app.wire_change(self.pick, self.show_box, self.box_done)
        app.wire_click(self.rename, self.rename_box, self.box_done)
        app.wire_click(self.save_links, self.link_box, self.box_done)
        app.wire_click(self.remove, self.remove_box, self.box_done)
        app.wire_click(self.read_outline, self.outline_read, self.outline_done)

    # -- helpers ---------------------------------------------------------------------

    def _names(self) -> dict[str, str]:
        return {m.id: m.name or m.id for m in self.project.measures}

    def _working_copy(self) -> DriverDiagram:
        """A copy of the diagram to change (a new one with the project's aim)."""
        diagram = self.project.driver_diagram
        if diagram is None:
            aim = self.project.aim
            return DriverDiagram(aim="" if aim is None else aim.text())
        return copy.deepcopy(diagram)

    def _commit(self, diagram: DriverDiagram, pick: str = NONE) -> None:
        self.project.driver_diagram = diagram
        self._refill(pick)
        self.app.changed({"drivers"})

    def _label(self, diagram: DriverDiagram, node) -> str:
        number = diagram.numbers().get(node.id, "")
        head = f"{number} " if number else "(not connected) "
        return f"{head}{LEVEL_WORDS[node.level]}: {node.text}"

    # -- actions ---------------------------------------------------------------------

    @step_action
    def level_chosen(self) -> None:
        """The kind of the new box changed: offer the boxes it can hang from."""
        if self.app.syncing:
            return
        self._refill_parents()
        self.app.set_status("Box kind chosen")

    @step_action
    def add_box(self) -> None:
        """Add a box of the chosen kind under the chosen box."""
        diagram = self._working_copy()
        level = self.add_level.value
        parent = self.add_parent.value or None
        if _PARENT[level] is not None and parent is None:
            above = LEVEL_WORDS[_PARENT[level]].lower()
            raise fail(
                "parent",
                f"a {LEVEL_WORDS[level].lower()} hangs from a {above}, and there is "
                "none yet",
                self.add_parent.label,
                f"Add a {above} first.",
            )
        if level == "primary":
            new = diagram.add_primary(self.add_text.value)
        elif level == "secondary":
            new = diagram.add_secondary(self.add_text.value, parent=parent)
        else:
            new = diagram.add_change_idea(self.add_text.value, parent=parent)
        self._commit(diagram, new)
        with self.app.sync():
            self.add_text.value = ""
        self.app.set_status("Box added")

    def _chosen(self, diagram: DriverDiagram):
        if not self.pick.value:
            raise fail(
                "box",
                "no box is chosen",
                self.pick.label,
                "Choose a box in the list first (add one above if there is none).",
            )
        return diagram.node(self.pick.value)

    @step_action
    def show_box(self) -> None:
        """Show the chosen box's text and links."""
        if self.app.syncing:
            return
        self._fill_box()
        self.app.set_status("Box shown")

    @step_action
    def rename_box(self) -> None:
        """Give the chosen box the text in :attr:`new_text`."""
        diagram = self._working_copy()
        node = self._chosen(diagram)
        new = self.new_text.value.strip()
        if not new:
            raise fail(
                "text",
                "is empty",
                self.new_text.value,
                "Write what the box says, or remove the box.",
            )
        node.text = new
        DriverDiagram.from_dict(diagram.to_dict())  # the model's checks
        self._commit(diagram, node.id)
        self.app.set_status("Box renamed")

    @step_action
    def link_box(self) -> None:
        """Link the chosen box to the measures chosen in :attr:`links`."""
        diagram = self._working_copy()
        node = self._chosen(diagram)
        node.measures = []
        diagram.link(node.id, measures=list(self.links.value))
        self._commit(diagram, node.id)
        self.app.set_status("Links saved")

    @step_action
    def remove_box(self) -> None:
        """Remove the chosen box and the boxes that hang only from it."""
        diagram = self._working_copy()
        node = self._chosen(diagram)
        if not self.confirm_remove.value:
            raise fail(
                "remove",
                f"tick the box to confirm you want to remove ‘{node.text}’",
                fix="Tick ‘Yes, remove this box…’ next to the button, then choose "
                "Remove the box again.",
            )
        texts = {n.id: n.text for n in diagram.nodes}
        removed = diagram.remove(node.id)
        said = [f"Removed ‘{texts[removed[0]]}’."]
        if len(removed) > 1:
            others = join_words(f"‘{texts[i]}’" for i in removed[1:])
            said.append(f"Also removed, as they hung only from it: {others}.")
        tested = [
            k
            for k, cycle in enumerate(self.project.pdsa_cycles, start=1)
            if cycle.change_idea in removed
        ]
        if tested:
            said.append(
                f"{plural(len(tested), 'PDSA cycle')} tested a change idea removed "
                "here; they keep their record. Link them to another change idea in "
                "step 4."
            )
        self.app.show_notes(said, heading="Removed")
        with self.app.sync():
            self.confirm_remove.value = False
        self._commit(diagram)
        self.app.set_status("Box removed")

    @step_action
    def outline_read(self) -> None:
        """Replace the diagram with the one the outline describes."""
        old = self.project.driver_diagram
        if not self.outline.value.strip():
            raise fail(
                "outline",
                "is empty",
                "",
                "Write the aim on the first line and one box a line under it, or "
                "add boxes with the controls above.",
            )
        diagram = DriverDiagram.from_outline(
            self.outline.value, title="" if old is None else old.title
        )
        if old is not None:
            diagram.id = old.id
        self._commit(diagram, self.pick.value)
        self.app.set_status("Driver diagram updated")

    # -- showing ---------------------------------------------------------------------

    def load(self) -> None:
        self._refill(NONE)

    def refresh(self, changed: set[str]) -> None:
        super().refresh(changed)
        if "aim" in changed:
            self._follow_aim()
        if changed & {"measures", "pdsa", "aim"}:
            self._refill(self.pick.value)

    def _follow_aim(self) -> None:
        """Keep the diagram's aim the project's aim when it was the same before."""
        diagram = self.project.driver_diagram
        aim = self.project.aim
        previous = self.app.previous_aim_text
        if diagram is not None and aim is not None and diagram.aim in ("", previous):
            diagram.aim = aim.text()

    def _refill(self, pick: str) -> None:
        diagram = self.project.driver_diagram
        with self.app.sync():
            nodes = [] if diagram is None else diagram.nodes
            options = [(self._label(diagram, n), n.id) for n in nodes] or [
                ("(no boxes yet)", NONE)
            ]
            self.pick.options = options
            ids = [value for _, value in options]
            self.pick.value = pick if pick in ids else ids[0]
            self.links.options = [
                (name, ident) for ident, name in self._names().items()
            ]
            self.outline.value = "" if diagram is None else diagram.to_outline(ids=True)
        self._refill_parents()
        self._fill_box()
        self.findings.value = (
            findings_html(
                [],
                title="Driver diagram check",
                none="No diagram yet.",
            )
            if diagram is None
            else findings_html(
                diagram.validate(
                    measure_ids=[m.id for m in self.project.measures],
                    pdsa_ids=[c.id for c in self.project.pdsa_cycles],
                ),
                title="Driver diagram check",
                none="Every box is connected and every level has boxes.",
            )
        )
        self.stale = True

    def _refill_parents(self) -> None:
        diagram = self.project.driver_diagram
        want = _PARENT[self.add_level.value]
        with self.app.sync():
            if want is None:
                options = [("the aim", NONE)]
            else:
                nodes = [] if diagram is None else diagram.level(want)
                options = [(self._label(diagram, n), n.id) for n in nodes] or [
                    (f"(no {LEVEL_WORDS[want].lower()} yet)", NONE)
                ]
            keep = self.add_parent.value
            self.add_parent.options = options
            ids = [value for _, value in options]
            self.add_parent.value = keep if keep in ids else ids[0]

    def _fill_box(self) -> None:
        diagram = self.project.driver_diagram
        node = None
        if diagram is not None and self.pick.value:
            node = next((n for n in diagram.nodes if n.id == self.pick.value), None)
        with self.app.sync():
            self.new_text.value = "" if node is None else node.text
            known = set(self._names())
            self.links.value = (
                () if node is None else tuple(m for m in node.measures if m in known)
            )
            self.confirm_remove.value = False
        for control in (self.rename, self.save_links, self.remove):
            control.disabled = node is None

    def draw(self) -> str | None:
        self.stale = False
        diagram = self.project.driver_diagram
        if diagram is None or not diagram.nodes:
            self.view.clear()
            return None
        names = self._names()
        with plt.ioff():
            fig = plot_driver_diagram(diagram, measure_names=names).figure
        outline = diagram.to_outline(measure_names=names)
        self.view.show_figure(
            fig,
            alt="Driver diagram. " + outline,
            caption="The outline above says the same in words.",
            table=diagram_table(diagram, names),
            table_caption="Every box of the driver diagram",
        )
        return "Driver diagram drawn"
