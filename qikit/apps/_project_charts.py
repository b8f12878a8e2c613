"""Steps 5 and 6 of the project builder: charts with the cycles, and the storyboard
(private).

Each measure's chart (:meth:`~qikit.improve.Measure.chart`, with the project's rule
set) is flagged where PDSA cycles started (:func:`~qikit.improve.pdsa_annotations`,
one flag per period, numbered as in the PDSA log), with its findings and data table.
The storyboard is :func:`qikit.plot.storyboard_html`, offered as a download and
previewed in the page (in a frame of its own, so its styles stay inside it).
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd

from qikit._format import human_date, number_ranges
from qikit._validate import fail
from qikit.apps._base import message_html
from qikit.apps._controls import button, checkbox, text, text_area
from qikit.apps._display import ChartView
from qikit.apps._files import download_link
from qikit.apps._project_common import Step, heading, row, step_action, wide_choice
from qikit.charts import QicResult
from qikit.charts.vocabulary import RULE_SET_NAMES
from qikit.errors import QikitError
from qikit.improve import Measure, Note, Project, pdsa_annotations
from qikit.plot import storyboard_html

__all__ = ["ChartsStep", "StoryboardStep", "measure_chart"]

RULE_CHOICES = [(name, key) for key, name in RULE_SET_NAMES.items()]


def measure_chart(
    project: Project, measure: Measure
) -> tuple[QicResult, list[tuple[pd.Timestamp, str]], list[str]]:
    """A measure's chart, its PDSA flags, and a sentence on which cycles are marked.

    The rule set is the measure's own or else the project's. The cycles are those
    :meth:`~qikit.improve.Project.cycles_for` gives, numbered as in the PDSA log;
    cycles that started in the same period share one flag.

    Examples
    --------
    >>> from qikit.improve import example_project
    >>> project = example_project()
    >>> result, flags, said = measure_chart(project, project.measures[0])
    >>> [label for _, label in flags], said
    (['PDSA 1, 2', 'PDSA 3', 'PDSA 4'], ['Flags mark where PDSA cycles 1–4 started \
(numbers as in the PDSA log).'])
    """
    result = measure.chart(rules=measure.rules or project.rules)
    cycles = project.cycles_for(measure)
    said: list[str] = []
    flags: list[tuple[pd.Timestamp, str]] = []
    if not cycles:
        return result, flags, said
    x = measure.data["x"]
    if not pd.api.types.is_datetime64_any_dtype(x):
        said.append("PDSA cycles are not marked: this measure's points are not dates.")
        return result, flags, said
    log = {id(cycle): k for k, cycle in enumerate(project.pdsa_cycles, start=1)}
    numbers = [log[id(cycle)] for cycle in cycles]
    flags = pdsa_annotations(cycles, group="period", x=x, numbers=numbers)
    first, last = x.min(), x.max()
    marked = [
        number
        for number, cycle in zip(numbers, cycles, strict=True)
        if cycle.start is not None and first <= pd.Timestamp(cycle.start) <= last
    ]
    if marked:
        word = "cycles" if len(marked) > 1 else "cycle"
        said.append(
            f"Flags mark where PDSA {word} {number_ranges(marked)} started (numbers "
            "as in the PDSA log)."
        )
    return result, flags, said


class ChartsStep(Step):
    """Step 5: each measure's chart, flagged with the PDSA cycles.

    Attributes
    ----------
    pick : ipywidgets.Dropdown
        "Measure to chart".
    rules : ipywidgets.Dropdown
        "Rules for spotting signals": the project's rule set
        (:attr:`qikit.improve.Project.rules`).
    chart : ChartView
        The chart, its findings and its data table.
    said : ipywidgets.HTML
        Which cycles the flags mark, or why the chart cannot be drawn yet.
    result : QicResult or None
        The chart drawn last.
    """

    title = "5. Charts: the measures with the PDSA cycles"
    draws_from = frozenset({"measures", "pdsa", "drivers", "rules"})

    def __init__(self, app) -> None:
        super().__init__(app)
        self.pick = wide_choice("Measure to chart", [("(no measures yet)", "")])
        self.rules = wide_choice(
            "Rules for spotting signals (for the whole project)", RULE_CHOICES
        )
        self.said = widgets.HTML(value="")
        self.chart = ChartView(app=app)
        self.result: QicResult | None = None
        self.done = self.message()
        self.box.children = (
            widgets.HTML(
                "<p>Each measure's chart, with a flag where PDSA cycles started. "
                "Scottish programmes teach the IHI rules; NHS England's Making Data "
                "Count uses its own.</p>"
            ),
            self.pick,
            self.rules,
            self.done,
            self.said,
            self.chart,
        )
        app.wire_change(self.pick, self.redraw, self.done)
        app.wire_change(self.rules, self.set_rules, self.done)

    def load(self) -> None:
        with self.app.sync():
            self.rules.value = self.project.rules
        self._refill()

    def refresh(self, changed: set[str]) -> None:
        super().refresh(changed)
        if "measures" in changed:
            self._refill()

    def _refill(self) -> None:
        measures = self.project.measures
        options = [(m.name or m.id, m.id) for m in measures] or [
            ("(no measures yet)", "")
        ]
        with self.app.sync():
            keep = self.pick.value
            self.pick.options = options
            ids = [value for _, value in options]
            self.pick.value = keep if keep in ids else ids[0]
        self.stale = True

    @step_action
    def set_rules(self) -> None:
        """Use the chosen rule set for the project's charts."""
        if self.app.syncing:
            return
        self.project.rules = self.rules.value
        self.app.changed({"rules"})
        self.app.set_status(self.draw() or "Rules chosen")

    @step_action
    def redraw(self) -> None:
        """Draw the chosen measure's chart."""
        if self.app.syncing:
            return
        self.app.set_status(self.draw() or "No chart to draw")

    def draw(self) -> str | None:
        self.stale = False
        measure = next(
            (m for m in self.project.measures if m.id == self.pick.value), None
        )
        if measure is None or not measure.has_data:
            self.chart.clear()
            self.result = None
            self.said.value = (
                "<p>No measures yet: add one in step 2.</p>"
                if measure is None
                else f"<p>‘{escape(measure.name)}’ has no data yet: add its data "
                "in step 2 to see its chart.</p>"
            )
            return None
        try:
            result, flags, said = measure_chart(self.project, measure)
        except QikitError as error:
            # Said in the step, so that opening the step never fails.
            self.chart.clear()
            self.result = None
            self.said.value = (
                f"<p>The chart of ‘{escape(measure.name)}’ cannot be drawn yet: "
                f"{message_html(str(error))}</p>"
            )
            return "No chart to draw"
        self.chart.show_result(result, annotations=flags or None)
        self.result = result
        self.said.value = "".join(f"<p>{escape(line)}</p>" for line in said)
        return "Chart updated"


class StoryboardStep(Step):
    """Step 6: the storyboard, to download and to preview.

    Attributes
    ----------
    charts : ipywidgets.Dropdown
        Run charts, or each measure's own chart.
    make : ipywidgets.Button
        "Make the storyboard".
    download, preview : ipywidgets.HTML
        The download link, and the storyboard itself in a frame.
    html : str
        The storyboard made last ("" before).
    note_text, note_date, note_author : Text controls
        A note for the project's journal; ``key_learning`` puts it on the
        storyboard; "Add the note" adds it.
    note_pick : ipywidgets.Dropdown
        A note to remove with "Remove the note".
    """

    title = "6. Storyboard: the project on one page"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.charts = wide_choice(
            "Charts on the storyboard",
            [
                ("A run chart of every measure", "run"),
                ("Each measure's own chart (u, p, I, ...)", "measure"),
            ],
        )
        self.make = button("Make the storyboard")
        self.done = self.message()
        self.download = widgets.HTML(value="")
        self.preview = widgets.HTML(value="", layout={"width": "100%"})
        self.html = ""
        self.note_text = text_area(
            "Note", rows=2, placeholder="What you noticed, decided or learnt"
        )
        self.note_date = text("Date of the note (e.g. 09/03/2025)")
        self.note_author = text("Written by")
        self.key_learning = checkbox("Key learning: show it on the storyboard")
        self.add_note = button("Add the note")
        self.notes = widgets.HTML(value="")
        self.note_pick = wide_choice("Note", [("(no notes yet)", "")])
        self.remove_note = button("Remove the note")
        self.notes_done = self.message()
        self.box.children = (
            widgets.HTML(
                "<p>One page for a poster, a report or the team's board: the aim, "
                "the driver diagram, each measure's chart with the PDSA cycles, the "
                "ramps, the log and the key learning. It opens in any browser, "
                "offline, and prints on A4.</p>"
            ),
            heading("Notes and key learning", 4),
            widgets.HTML(
                "<p>The team's journal. Notes marked as key learning are listed on "
                "the storyboard.</p>"
            ),
            self.note_text,
            self.note_date,
            self.note_author,
            row(self.key_learning),
            self.add_note,
            self.notes,
            self.note_pick,
            self.remove_note,
            self.notes_done,
            heading("The storyboard", 4),
            self.charts,
            self.make,
            self.done,
            self.download,
            self.preview,
        )
        app.wire_click(self.make, self.make_storyboard, self.done)
        app.wire_click(self.add_note, self.note_added, self.notes_done)
        app.wire_click(self.remove_note, self.note_removed, self.notes_done)

    @step_action
    def note_added(self) -> None:
        """Add the note written in the boxes to the project's journal."""
        if not self.note_text.value.strip():
            raise fail(
                "note",
                "is empty",
                self.note_text.value,
                "Write what you noticed, decided or learnt, then add the note.",
            )
        note = Note(
            self.note_text.value.strip(),
            date=self.note_date.value.strip() or None,
            author=self.note_author.value.strip(),
            key_learning=self.key_learning.value,
        )
        self.project.notes = [*self.project.notes, note]
        with self.app.sync():
            self.note_text.value = ""
            self.key_learning.value = False
        self._render_notes()
        self.app.changed({"notes"})
        self.app.set_status("Note added")

    @step_action
    def note_removed(self) -> None:
        """Remove the chosen note."""
        chosen = self.note_pick.value
        if not any(note.id == chosen for note in self.project.notes):
            raise fail(
                "note",
                "no note is chosen",
                self.note_pick.label,
                "Add a note first; then choose it here to remove it.",
            )
        self.project.notes = [n for n in self.project.notes if n.id != chosen]
        self._render_notes()
        self.app.changed({"notes"})
        self.app.set_status("Note removed")

    def _render_notes(self) -> None:
        notes = self.project.notes
        items = []
        for note in notes:
            said = ", ".join(
                part
                for part in (
                    human_date(note.date) if note.date else "",
                    note.author,
                    "key learning" if note.key_learning else "",
                )
                if part
            )
            suffix = f" ({escape(said)})" if said else ""
            items.append(f"<li>{escape(note.text)}{suffix}</li>")
        self.notes.value = (
            f"<ul>{''.join(items)}</ul>" if items else "<p>No notes yet.</p>"
        )
        options = [
            (note.text if len(note.text) <= 60 else note.text[:57] + "…", note.id)
            for note in notes
        ] or [("(no notes yet)", "")]
        with self.app.sync():
            self.note_pick.options = options
            self.note_pick.value = options[-1][1]
        self.remove_note.disabled = not notes

    @step_action
    def make_storyboard(self) -> None:
        """Make the storyboard of the project as it is now."""
        page = storyboard_html(self.project, chart=self.charts.value)
        name = self.project.suggested_filename().replace(".qiproj.json", "")
        link = download_link(
            page, f"{name}-storyboard.html", label="Download the storyboard"
        )
        self.html = page
        self.download.value = f'<p class="qikit-downloads">{link}</p>'
        self.preview.value = (
            '<iframe class="qikit-storyboard" title="Preview of the storyboard" '
            f'srcdoc="{escape(page, quote=True)}" '
            'style="width:100%;height:40em;border:1px solid #c8ccd0"></iframe>'
        )
        self.app.set_status("Storyboard made")

    def load(self) -> None:
        self._clear()
        self._render_notes()

    def refresh(self, changed: set[str]) -> None:
        if self.html:
            self._clear(
                "The project has changed since the storyboard was made: make it "
                "again to include the changes."
            )

    def _clear(self, said: str = "") -> None:
        self.html = ""
        self.download.value = f"<p>{escape(said)}</p>" if said else ""
        self.preview.value = ""
