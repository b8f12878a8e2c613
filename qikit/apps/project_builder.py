"""The project builder: a team's whole improvement project on one page, in steps.

Seven steps, each a section that opens from the keyboard or the mouse:

1. **Aim**, with SMART feedback as the boxes are filled in, and Scottish stretch
   aims to learn from;
2. **Measures**: the family of measures with their operational definitions, the
   family check, and each measure's data (pasted from Excel or typed);
3. **Driver diagram**: add, rename, link and remove boxes, or edit the outline;
   the drawing with its outline as text alternative;
4. **PDSA cycles**: plan (predictions first), do, study, act; the log and the ramps;
5. **Charts** of the measures, flagged where the cycles started;
6. **Storyboard**, to download and preview;
7. **Save and resume**: the project file (download, upload) and the cohort store.

The state is one :class:`qikit.improve.Project` (:attr:`ProjectBuilder.project`)
and the controls. Every edit builds the new part with the model objects first and
changes the project only when that worked, so a bad value is a message and nothing
typed is lost. Drawings are made only for the step that is open.

Its notebook is ``curriculum/apps/project_builder.ipynb``.

Examples
--------
>>> from qikit.apps import ProjectBuilder
>>> app = ProjectBuilder()
>>> app.status_text, app.project.name
('Empty project started', '')
>>> app.aim.what.value = "Improve care"
>>> app.status_text, [f.code for f in app.project.aim.smart_check()][:2]
('Aim updated', ['smart.specific.who_missing', 'smart.measurable.vague'])
>>> app.open_example()  # the aim typed above is not saved yet
>>> app.status_state, app.project.aim.what
('error', 'Improve care')
>>> app.replace_ok.value = True
>>> app.open_example()
>>> app.status_text, len(app.project.measures)
('Example project opened', 3)
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from html import escape
from typing import Any

import ipywidgets as widgets

from qikit._format import human_date, plural
from qikit._validate import fail
from qikit.apps._base import App, action, message_html
from qikit.apps._controls import button, checkbox, text
from qikit.apps._project_aim import AimStep
from qikit.apps._project_charts import ChartsStep, StoryboardStep
from qikit.apps._project_common import Step, lines, row
from qikit.apps._project_drivers import DriversStep
from qikit.apps._project_measures import MeasuresStep
from qikit.apps._project_pdsa import PDSAStep
from qikit.apps._project_save import SaveStep
from qikit.improve import Project, example_project

__all__ = ["ProjectBuilder", "project_summary"]

REPLACE_LABEL = "Replace the project on the page, even with changes not saved"


def project_summary(project: Project) -> str:
    """The project in one line of words, as the page shows it.

    Examples
    --------
    >>> from qikit.improve import example_project
    >>> print(project_summary(example_project()))
    Project: Fewer pressure ulcers in Ashgrove House (Ashgrove House). Aim: set. \
Measures: 3, with 72 data points. Driver diagram: 25 boxes. PDSA cycles: 4. Last \
changed 10 June 2024.
    """
    name = project.name or "(no name yet)"
    head = f"Project: {name}" + (f" ({project.team})" if project.team else "")
    points = sum(len(m.data) for m in project.measures if m.has_data)
    measures = f"Measures: {len(project.measures)}"
    if project.measures:
        measures += f", with {plural(points, 'data point')}"
    diagram = project.driver_diagram
    boxes = (
        "none yet" if diagram is None else plural(len(diagram.nodes), "box", "boxes")
    )
    updated = project.updated or project.created
    parts = [
        head,
        f"Aim: {'set' if project.aim is not None else 'not yet'}",
        measures,
        f"Driver diagram: {boxes}",
        f"PDSA cycles: {len(project.pdsa_cycles)}",
        f"Last changed {human_date(updated.date())}",
    ]
    return ". ".join(parts) + "."


class ProjectBuilder(App):
    """A team's improvement project, built step by step, saved and resumed.

    Parameters
    ----------
    today : datetime.date, optional
        The date the SMART check compares the aim's deadline with (default: the
        real today; tests fix it).

    Attributes
    ----------
    project : qikit.improve.Project
        The project on the page: every step reads and changes this one object.
    dirty : bool
        Whether the project changed since it was opened, loaded or saved to the
        store.
    name, team, members : ipywidgets.Text
        The project's name, team and members (commas between names).
    start_empty, open_example_button : ipywidgets.Button
        "Start an empty project" and "Open the Ashgrove House example".
    replace_ok : ipywidgets.Checkbox
        Allows replacing a project with changes not saved.
    summary : ipywidgets.HTML
        The project in one line (:func:`project_summary`).
    steps : ipywidgets.Accordion
        The seven steps; ``aim``, ``measures``, ``drivers``, ``pdsa``, ``charts``,
        ``storyboard`` and ``save`` are the steps themselves.
    """

    title = "Project builder"
    intro = (
        "Your team's improvement project on one page: the aim, the measures, the "
        "driver diagram, the PDSA cycles, the charts and the storyboard. Open each "
        "step in turn. Save the project file, or save it to the cohort store, to "
        "carry on another day."
    )

    def __init__(self, *, today: dt.date | None = None) -> None:
        super().__init__()
        self._today = today
        self.syncing = False
        self.origin: widgets.HTML | None = None
        self.dirty = False
        self.previous_aim_text = ""
        self.project = Project("")
        self.name = text("Project name", placeholder="e.g. Fewer falls on Ward 6")
        self.team = text("Team, ward or service")
        self.members = text("Team members (commas between names)")
        self.start_empty = button("Start an empty project")
        self.open_example_button = button("Open the Ashgrove House example")
        self.replace_ok = checkbox(REPLACE_LABEL)
        self.start_done = widgets.HTML(value="")
        self.start_done.add_class("qikit-step-message")
        self.summary = widgets.HTML(value="")
        self.summary.add_class("qikit-project-summary")
        self.aim = AimStep(self)
        self.measures = MeasuresStep(self)
        self.drivers = DriversStep(self)
        self.pdsa = PDSAStep(self)
        self.charts = ChartsStep(self)
        self.storyboard = StoryboardStep(self)
        self.save = SaveStep(self)
        self.all_steps: list[Step] = [
            self.aim,
            self.measures,
            self.drivers,
            self.pdsa,
            self.charts,
            self.storyboard,
            self.save,
        ]
        for k, step in enumerate(self.all_steps[:-1]):
            following = self.all_steps[k + 1]
            go = button(f"Next step: {following.title.split(':')[0]}")
            step.box.children = (*step.box.children, go)
            self.on_click(go, lambda k=k: self.open_step(k + 1))
        self.steps = widgets.Accordion(
            children=[step.box for step in self.all_steps],
            titles=tuple(step.title for step in self.all_steps),
            selected_index=0,
        )
        self.steps.add_class("qikit-project-steps")
        self.change_control = self.aim.what
        self.set_body(
            [
                self.name,
                self.team,
                self.members,
                row(self.start_empty, self.open_example_button),
                row(self.replace_ok),
                self.start_done,
                self.summary,
                self.feedback,
                self.steps,
            ]
        )
        for control in (self.name, self.team, self.members):
            self.wire_change(control, self.update_details, self.start_done)
        self.wire_click(self.start_empty, self.new_project, self.start_done)
        self.wire_click(self.open_example_button, self.open_example, self.start_done)
        self.on_change(self.steps, self.step_opened, names="selected_index")
        self.run(self._start)

    # -- wiring: every callback through App.run, its result shown where it was asked -

    def wire_change(
        self, control: widgets.Widget, fn: Callable[[], Any], where: widgets.HTML | None
    ) -> None:
        """Call ``fn`` when ``control`` changes; show its result in ``where`` too."""
        self.on_change(control, lambda: self._at(where, fn))

    def wire_click(
        self, control: widgets.Button, fn: Callable[[], Any], where: widgets.HTML | None
    ) -> None:
        """Call ``fn`` on a click of ``control``; show its result in ``where`` too."""
        self.on_click(control, lambda: self._at(where, fn))

    def _at(self, where: widgets.HTML | None, fn: Callable[[], Any]) -> Any:
        # The control the learner used comes first; controls set on the way (while
        # the steps refill their choices) do not move the message.
        if where is not None and self.origin is None:
            self.origin = where
        return fn()

    def run(self, fn, *args, **kwargs):
        outer = not self._depth
        if outer and getattr(self, "all_steps", None):
            self.show_notes([])
        try:
            return super().run(fn, *args, **kwargs)
        finally:
            if outer:
                self.origin = None

    def set_status(self, text: str, state: str = "ready") -> None:
        super().set_status(text, state)
        where = getattr(self, "origin", None)
        if where is None or state == "busy":
            return
        if state == "error":
            where.value = (
                '<div class="qikit-step-problem"><strong>Problem:</strong> '
                f"{message_html(self.error_text)}</div>"
            )
        else:
            where.value = f'<p class="qikit-step-done">✓ {escape(text)}</p>'

    def clear_error(self) -> None:
        super().clear_error()
        for area in self._messages():
            if area.value:
                area.value = ""

    def _messages(self) -> list[widgets.HTML]:
        if not hasattr(self, "steps"):
            return []
        if not hasattr(self, "_message_areas"):
            self._message_areas = [self.start_done, *_areas(self.steps)]
        return self._message_areas

    @contextlib.contextmanager
    def sync(self) -> Iterator[None]:
        """Set controls from the project without their change running an action."""
        before = self.syncing
        self.syncing = True
        try:
            yield
        finally:
            self.syncing = before

    def today(self) -> dt.date:
        """The date the SMART check uses (today, unless the app was given one)."""
        return self._today or dt.date.today()

    # -- the project -----------------------------------------------------------------

    def changed(self, parts: set[str]) -> None:
        """A step changed ``parts`` of the project: update every step that shows them.

        Cheap updates (choices, findings, the download link) happen at once; a
        drawing is made again only if its step is open.
        """
        self.project.touch()
        self.dirty = True
        aim = self.project.aim
        for step in self.all_steps:
            step.refresh(set(parts))
        self.previous_aim_text = "" if aim is None else aim.text()
        self._draw_open()
        self._summarise()

    def saved(self) -> None:
        """The project was saved to the store: no changes are waiting."""
        self.dirty = False
        self._summarise()

    def replace(self, project: Project, status: str) -> None:
        """Show ``project`` in every step instead of the one on the page.

        Refused (an :class:`~qikit.errors.InputError`) while the project on the
        page has changes not saved, unless :attr:`replace_ok` is ticked.
        """
        if self.dirty and not self.replace_ok.value:
            raise fail(
                "project",
                "the project on the page has changes that are not saved",
                self.project.name or "(no name yet)",
                "Download the project file or save it to the cohort store first "
                f"(step 7); or tick ‘{REPLACE_LABEL}’ at the top and try again.",
            )
        self.project = project
        self.dirty = False
        aim = project.aim
        self.previous_aim_text = "" if aim is None else aim.text()
        with self.sync():
            self.name.value = project.name
            self.team.value = project.team
            self.members.value = ", ".join(project.members)
            self.replace_ok.value = False
        for step in self.all_steps:
            step.load()
            step.stale = True
        self._draw_open()
        self._summarise()
        self.set_status(status)

    def _start(self) -> None:
        self.replace(Project(""), "Empty project started")

    @action
    def new_project(self) -> None:
        """The button "Start an empty project"."""
        self.replace(Project(""), "Empty project started")

    @action
    def open_example(self) -> None:
        """The button "Open the Ashgrove House example" (the Ashgrove project)."""
        self.replace(example_project(), "Example project opened")

    @action
    def update_details(self) -> None:
        """The name, team or members changed."""
        if self.syncing:
            return
        self.project.name = self.name.value.strip()
        self.project.team = self.team.value.strip()
        self.project.members = lines(self.members.value.replace(",", "\n"))
        self.changed({"details"})
        self.set_status("Project details updated")

    def _summarise(self) -> None:
        waiting = (
            " Changes not saved yet: download the project file or save it to the "
            "cohort store (step 7)."
            if self.dirty
            else ""
        )
        self.summary.value = (
            f'<p class="qikit-summary-text">{escape(project_summary(self.project))}'
            f"{escape(waiting)}</p>"
        )

    # -- the steps -------------------------------------------------------------------

    @property
    def open_index(self) -> int | None:
        """The number (from 0) of the open step, or None."""
        return self.steps.selected_index

    @action
    def open_step(self, index: int) -> None:
        """Open step ``index`` (from 0), drawing what it shows."""
        self.steps.selected_index = index

    @action
    def step_opened(self) -> None:
        """A step was opened: draw it if what it shows changed."""
        index = self.steps.selected_index
        if index is None:
            self.set_status("Steps closed")
            return
        step = self.all_steps[index]
        said = step.draw() if step.stale else None
        self.set_status(said or "Step opened")

    def _draw_open(self) -> None:
        index = self.steps.selected_index if hasattr(self, "steps") else None
        if index is not None and self.all_steps[index].stale:
            self.all_steps[index].draw()


def _areas(box: widgets.Box) -> Iterator[widgets.HTML]:
    for child in box.children:
        if (
            isinstance(child, widgets.HTML)
            and "qikit-step-message" in child._dom_classes
        ):
            yield child
        elif isinstance(child, widgets.Box):
            yield from _areas(child)
