"""Step 2 of the project builder: the family of measures and their data (private).

Add, edit and remove measures (kind, unit, which way is better, target, chart, and
the nine parts of the operational definition), see the family check
(:func:`~qikit.improve.check_family`) and each measure's own findings, and enter each
measure's data by pasting from Excel or typing (read with
:func:`qikit.apps.read_pasted`). Every save builds a new
:class:`~qikit.improve.Measure` first, so a bad value is a message and nothing typed
is lost.
"""

from __future__ import annotations

import copy
from html import escape

import ipywidgets as widgets
import pandas as pd

from qikit._format import human_date, join_words, plural, slug
from qikit._validate import fail
from qikit.apps._controls import (
    button,
    checkbox,
    text,
    text_area,
    toggle_buttons,
)
from qikit.apps._display import table_html
from qikit.apps._files import TableData, read_pasted
from qikit.apps._project_common import (
    Step,
    date_text,
    findings_html,
    heading,
    number_text,
    parse_number,
    row,
    step_action,
    wide_choice,
)
from qikit.charts.vocabulary import CHART_NAMES
from qikit.improve import Measure, OperationalDefinition, check_family, family_table

__all__ = ["DEFINITION_LABELS", "MeasuresStep", "data_text", "measure_data"]

NEW = ""  # the choice "Add a new measure"
KIND_CHOICES = [
    ("Outcome", "outcome"),
    ("Process", "process"),
    ("Balancing", "balancing"),
]
DIRECTION_CHOICES = [
    ("Higher is better", "increase"),
    ("Lower is better", "decrease"),
    ("Neither: no better direction", "neutral"),
]
CHART_CHOICES = [(name[0].upper() + name[1:], key) for key, name in CHART_NAMES.items()]
#: The operational definition's parts, as the form labels them.
DEFINITION_LABELS = {
    "description": "What is measured, in one sentence",
    "numerator": "Numerator: what is counted",
    "denominator": "Denominator: out of how many (empty for a plain count)",
    "inclusions": "Who or what is included",
    "exclusions": "Who or what is left out",
    "data_source": "Where the data come from",
    "frequency": "How often the data are collected",
    "sampling": "Sampling: all cases, or how they are picked",
    "collected_by": "Who collects the data",
}
_DATA_HEADER = ("Date", "Value", "Denominator")


def measure_data(table: TableData) -> tuple[pd.DataFrame, list[str]]:
    """The ``x``, ``y`` and ``n`` columns of a measure from a pasted table.

    The first column of dates (else of text) is ``x``; the first column of
    numbers is ``y`` and the next, if any, the denominator ``n``. Without dates or
    text, a first column that counts 1, 2, 3, ... is ``x``; otherwise the points
    are numbered. Returns the frame and one sentence saying which column is which.

    Examples
    --------
    >>> from qikit.apps import read_pasted
    >>> frame, said = measure_data(read_pasted("Month\\tFalls\\n01/04/2024\\t4"))
    >>> list(frame.columns), said
    (['x', 'y'], ["Used 'Month' as the dates and 'Falls' as the values."])
    """
    frame = table.frame
    numbers = list(table.number_columns)
    x_name = None
    if table.date_columns:
        x_name = table.date_columns[0]
    elif table.text_columns:
        x_name = table.text_columns[0]
    elif len(numbers) >= 2 and _counts_up(frame[numbers[0]]):
        x_name = numbers[0]
    numbers = [name for name in numbers if name != x_name]
    if not numbers:
        raise fail(
            "data",
            "has no column of numbers",
            fix="Paste or type a column of values, with the dates in the column "
            "before them, e.g. 01/04/2024 and 4 on each line.",
        )
    out = pd.DataFrame({"x": frame[x_name] if x_name else range(1, len(frame) + 1)})
    out["y"] = frame[numbers[0]].to_numpy()
    parts = []
    if x_name is not None:
        kind = "dates" if x_name in table.date_columns else "periods"
        parts.append(f"'{x_name}' as the {kind}")
    parts.append(f"'{numbers[0]}' as the values")
    if len(numbers) > 1:
        out["n"] = frame[numbers[1]].to_numpy()
        parts.append(f"'{numbers[1]}' as the denominator")
    said = "Used " + join_words(parts) + "."
    if x_name is None:
        said = "Numbered the points 1, 2, 3, … and used " + join_words(parts) + "."
    notes = [said]
    if len(numbers) > 2:
        rest = ", ".join(f"'{name}'" for name in numbers[2:])
        notes.append(f"The other columns of numbers ({rest}) were left out.")
    return out, notes


def _counts_up(values: pd.Series) -> bool:
    clean = values.dropna()
    if clean.empty:
        return False
    return bool((clean.to_numpy() == range(1, len(clean) + 1)).all())


def data_text(measure: Measure) -> str:
    """A measure's data as tab-separated text, as Excel would paste it.

    Examples
    --------
    >>> m = Measure("Falls", kind="outcome", data={"x": ["2024-04-01"], "y": [4]})
    >>> print(data_text(m))
    Date	Value
    01/04/2024	4
    """
    if not measure.has_data:
        return ""
    data = measure.data
    has_n = "n" in data
    header = _DATA_HEADER if has_n else _DATA_HEADER[:2]
    if not pd.api.types.is_datetime64_any_dtype(data["x"]):
        header = ("Period", *header[1:])
    rows = ["\t".join(header)]
    for point in data.itertuples(index=False):
        x = point.x
        shown = date_text(x) if isinstance(x, pd.Timestamp) else number_or_text(x)
        cells = [shown, number_text(point.y)]
        if has_n:
            cells.append(number_text(point.n))
        rows.append("\t".join(cells))
    return "\n".join(rows)


def number_or_text(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(float(value))
    return str(value)


def _data_summary(measure: Measure | None) -> str:
    if measure is None or not measure.has_data:
        return "<p>No data yet.</p>"
    data = measure.data
    first, last = data["x"].iloc[0], data["x"].iloc[-1]
    if isinstance(first, pd.Timestamp):
        first, last = human_date(first.date()), human_date(last.date())
    span = f"from {first} to {last}"
    with_n = " with their denominators" if "n" in data else ""
    return f"<p>{escape(plural(len(data), 'point'))}{with_n}, {escape(str(span))}.</p>"


class MeasuresStep(Step):
    """Step 2: how will we know that a change is an improvement?

    Attributes
    ----------
    pick : ipywidgets.Dropdown
        "Measure": one of the project's measures (by id), or "Add a new measure".
    name, unit, target : ipywidgets.Text
    kind : ipywidgets.ToggleButtons
        Outcome, process or balancing.
    improvement, chart_type : ipywidgets.Dropdown
        Which way is better, and the chart.
    definition : dict of str to ipywidgets.Text
        The operational definition's parts, by field name.
    data : ipywidgets.Textarea
        The measure's data: pasted from Excel or typed.
    save, remove : ipywidgets.Button
        "Save this measure" (fields and data together) and "Remove this measure"
        (only with ``confirm_remove`` ticked).
    findings, family, family_view : ipywidgets.HTML
        This measure's findings, the family check, and the family as a table.
    """

    title = "2. Measures: how will we know that a change is an improvement?"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.pick = wide_choice("Measure", [("Add a new measure", NEW)])
        self.name = text(
            "Name of the measure", placeholder="e.g. Falls per 1,000 occupied bed days"
        )
        self.kind = toggle_buttons("Kind of measure", KIND_CHOICES)
        self.unit = text("Unit", placeholder="e.g. %, days, falls per 1,000 bed days")
        self.improvement = wide_choice("Which way is better", DIRECTION_CHOICES)
        self.target = text("Target (optional, a number)")
        self.chart_type = wide_choice("Chart", CHART_CHOICES)
        self.definition = {
            name: text(label) for name, label in DEFINITION_LABELS.items()
        }
        self.data = text_area(
            "Data", rows=8, placeholder="01/04/2024\t4\n01/05/2024\t6"
        )
        self.data_summary = widgets.HTML(value="")
        self.save = button("Save this measure")
        self.confirm_remove = checkbox("Yes, remove this measure and its data")
        self.remove = button("Remove this measure")
        self.done = self.message()
        self.findings = widgets.HTML(value="")
        self.family = widgets.HTML(value="")
        self.family_view = widgets.HTML(value="")
        self._data_shown = ""
        self.box.children = (
            widgets.HTML(
                "<p>A small family of measures: an <strong>outcome</strong> measure "
                "for the aim, <strong>process</strong> measures for the changes, and "
                "a <strong>balancing</strong> measure for what might get worse.</p>"
            ),
            self.pick,
            self.name,
            self.kind,
            self.unit,
            self.improvement,
            self.target,
            self.chart_type,
            heading("Operational definition: exactly what is counted", 4),
            *self.definition.values(),
            heading("Data", 4),
            widgets.HTML(
                "<p>Paste from Excel, or type one point a line: the date, the value "
                "and, for a rate or a percentage, the denominator.</p>"
            ),
            self.data,
            self.data_summary,
            row(self.save, self.remove, self.confirm_remove),
            self.done,
            self.findings,
            self.family,
            self.family_view,
        )
        app.wire_change(self.pick, self.show, self.done)
        app.wire_click(self.save, self.save_measure, self.done)
        app.wire_click(self.remove, self.remove_measure, self.done)

    # -- the chosen measure ----------------------------------------------------------

    @property
    def measure(self) -> Measure | None:
        """The measure chosen in :attr:`pick` (None for a new one)."""
        for m in self.project.measures:
            if m.id == self.pick.value:
                return m
        return None

    def measure_from_form(self) -> tuple[Measure, list[str]]:
        """The measure the form describes, and notes on how its data were read.

        Raises :class:`~qikit.errors.InputError` for a value a measure cannot take;
        nothing is changed then.
        """
        old = self.measure
        notes: list[str] = []
        if old is not None and self.data.value == self._data_shown:
            data = old.data  # not touched: keep it exactly
        elif self.data.value.strip():
            table = read_pasted(self.data.value, argument="data")
            data, said = measure_data(table)
            notes = [table.summary, *table.notes, *said]
        else:
            data = None
        definition = OperationalDefinition(
            **{name: box.value for name, box in self.definition.items()}
        )
        name = self.name.value.strip()
        if not name:
            raise fail(
                "name",
                "is empty",
                self.name.value,
                "Give the measure a name, e.g. 'Falls per 1,000 occupied bed days'.",
            )
        fields = {
            "name": name,
            "kind": self.kind.value,
            "unit": self.unit.value,
            "improvement": self.improvement.value,
            "target": parse_number(self.target.value, "target", example="95 or 1.1"),
            "definition": None if definition.is_blank else definition,
            "data": data,
            "chart_type": self.chart_type.value,
        }
        if old is None:
            fields["id"] = self._new_id(name)
            return Measure(**fields), notes
        kept = {
            key: value
            for key, value in old.to_dict().items()
            if key not in fields and key != "data"
        }
        return Measure(**kept, **fields), notes

    def _new_id(self, name: str) -> str:
        used = {m.id for m in self.project.measures}
        base = slug(name) or "measure"
        ident, k = base, 2
        while ident in used:
            ident, k = f"{base}-{k}", k + 1
        return ident

    # -- actions ---------------------------------------------------------------------

    @step_action
    def show(self) -> None:
        """Show the chosen measure in the form."""
        if self.app.syncing:
            return
        self._fill(self.measure)
        self.app.set_status("Measure shown")

    @step_action
    def save_measure(self) -> None:
        """Add the new measure, or save the changes to the chosen one."""
        measure, notes = self.measure_from_form()
        old = self.measure
        measures = list(self.project.measures)
        if old is None:
            measures.append(measure)
        else:
            measures[measures.index(old)] = measure
        self.project.measures = measures
        self.app.show_notes(notes, heading="How your data was read")
        self._refill_choices(measure.id)
        self._fill(measure)
        self.app.changed({"measures"})
        self.app.set_status("Measure added" if old is None else "Measure saved")

    @step_action
    def remove_measure(self) -> None:
        """Remove the chosen measure (with :attr:`confirm_remove` ticked)."""
        old = self.measure
        if old is None:
            raise fail(
                "measure",
                "no measure is chosen",
                self.pick.label,
                "Choose the measure to remove in the list first.",
            )
        if not self.confirm_remove.value:
            raise fail(
                "remove",
                f"tick ‘Yes, remove this measure and its data’ to remove ‘{old.name}’",
                fix="Tick the box next to the button, then choose Remove this measure "
                "again.",
            )
        diagram = copy.deepcopy(self.project.driver_diagram)
        linked = 0
        if diagram is not None:
            for node in diagram.nodes:
                if old.id in node.measures:
                    node.measures = [m for m in node.measures if m != old.id]
                    linked += 1
        aim = self.project.aim
        if aim is not None and aim.measure == old.id:
            aim = copy.copy(aim)
            aim.measure = ""
        # Everything worked out: now change the project.
        self.project.measures = [m for m in self.project.measures if m is not old]
        self.project.driver_diagram = diagram
        self.project.aim = aim
        points = len(old.data) if old.has_data else 0
        said = [f"Removed ‘{old.name}’ and its {plural(points, 'data point')}."]
        if linked:
            links = "The link" if linked == 1 else "The links"
            were = "was" if linked == 1 else "were"
            said.append(
                f"{links} to it from {plural(linked, 'box', 'boxes')} of the driver "
                f"diagram {were} removed too."
            )
        self.app.show_notes(said, heading="Removed")
        with self.app.sync():
            self.confirm_remove.value = False
        self._refill_choices(NEW)
        self._fill(None)
        self.app.changed({"measures", "drivers", "aim"})
        self.app.set_status("Measure removed")

    # -- showing ---------------------------------------------------------------------

    def load(self) -> None:
        first = self.project.measures[0].id if self.project.measures else NEW
        self._refill_choices(first)
        self._fill(self.measure)
        self._render_family()

    def refresh(self, changed: set[str]) -> None:
        super().refresh(changed)
        if "measures" in changed:
            self._render_family()

    def _refill_choices(self, value: str) -> None:
        options = [
            (f"{m.name or m.id} ({m.kind})", m.id) for m in self.project.measures
        ] + [("Add a new measure", NEW)]
        with self.app.sync():
            self.pick.options = options
            self.pick.value = value

    def _fill(self, measure: Measure | None) -> None:
        with self.app.sync():
            if measure is None:
                self.name.value = ""
                self.kind.value = "outcome"
                self.unit.value = ""
                self.improvement.value = "increase"
                self.target.value = ""
                self.chart_type.value = "run"
                for box in self.definition.values():
                    box.value = ""
            else:
                self.name.value = measure.name
                self.kind.value = measure.kind
                self.unit.value = measure.unit
                self.improvement.value = measure.improvement
                self.target.value = number_text(measure.target)
                self.chart_type.value = measure.chart_type
                parts = (measure.definition or OperationalDefinition()).to_dict()
                for name, box in self.definition.items():
                    box.value = parts[name]
            self._data_shown = "" if measure is None else data_text(measure)
            self.data.value = self._data_shown
            self.confirm_remove.value = False
        self.remove.disabled = measure is None
        self.data_summary.value = _data_summary(measure)
        self.findings.value = (
            ""
            if measure is None
            else findings_html(
                measure.validate(),
                title=f"Checks of ‘{measure.name or measure.id}’",
                none="Nothing to fix in this measure.",
            )
        )

    def _render_family(self) -> None:
        measures = self.project.measures
        self.family.value = findings_html(
            check_family(measures),
            title="Family of measures check",
            none="The family has an outcome, a process and a balancing measure, "
            "each with its operational definition.",
        )
        if not measures:
            self.family_view.value = ""
            return
        table = family_table(measures)
        shown = pd.DataFrame(
            {
                "Measure": table["name"],
                "Kind": table["kind"],
                "Unit": table["unit"],
                "Better when": table["improvement"].map(
                    {"increase": "higher", "decrease": "lower", "neutral": "neither"}
                ),
                "Target": table["target"],
                "Chart": table["chart_type"],
                "Points": table["n_points"],
                "Definition complete": table["definition_complete"].map(
                    {True: "yes", False: "no"}
                ),
            }
        )
        self.family_view.value = table_html(shown, caption="The family at a glance")
