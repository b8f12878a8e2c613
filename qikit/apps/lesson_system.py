"""The system module's example and widget: a discharge from hospital, three ways.

The curriculum's module 3 (``curriculum/03_understanding_the_system.ipynb``) studies
one system, the discharge of patients from a medical ward, with three tools before it
changes anything. This module holds the example, so that no notebook cell holds a
table of data, and a small widget:

- :data:`DISCHARGE_STEPS` and :func:`process_map_html`: a process map of a discharge
  home with a new package of care, each step with who does it and the hours it
  typically takes; :func:`process_map_frame` is the same map as a table and
  :func:`waiting_hours` adds up the waits.
- :func:`discharge_fishbone`: a fishbone of the causes of delayed discharge, in
  qikit's six default categories (:data:`qikit.improve.system.DEFAULT_CATEGORIES`).
- :func:`delay_reasons`: the main reason for each of 120 delayed discharges, for a
  Pareto chart (:func:`qikit.improve.system.pareto_table`).
- :class:`ParetoTally`: type or paste reasons and counts, see the Pareto chart and
  the vital few.

**Source.** The map, the causes and the counts are invented for teaching: they show
the kind of map, fishbone and tally a discharge team makes, and are not figures from
any hospital or publication.

Examples
--------
>>> waiting_hours(DISCHARGE_STEPS), total_hours(DISCHARGE_STEPS)
(72, 79)
>>> from qikit.improve.system import pareto_table
>>> pareto_table(delay_reasons())["vital_few"].sum()
np.int64(3)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit._format import join_words
from qikit.apps._base import App, action
from qikit.apps._controls import button, text_area
from qikit.apps._display import ChartView, table_html
from qikit.improve.system import DEFAULT_CATEGORIES, Fishbone, pareto_table
from qikit.plot.system import plot_pareto

__all__ = [
    "DISCHARGE_STEPS",
    "STEP_KINDS",
    "ParetoTally",
    "ProcessStep",
    "delay_reasons",
    "discharge_fishbone",
    "pareto_frame",
    "pareto_html",
    "process_map_frame",
    "process_map_html",
    "read_tally",
    "total_hours",
    "waiting_hours",
]

#: The kinds of box on a process map, and how the map names each (Langley et al.
#: 2009 use the same few symbols: start and end, step, decision, and a wait).
STEP_KINDS: dict[str, str] = {
    "start": "Start",
    "step": "Step",
    "decision": "Decision",
    "wait": "Wait",
    "end": "End",
}


@dataclass(frozen=True)
class ProcessStep:
    """One box of a process map.

    Parameters
    ----------
    name : str
        What happens, in a few words.
    kind : {"start", "step", "decision", "wait", "end"}
        The kind of box (:data:`STEP_KINDS`).
    who : str
        Who does it ("" for a wait or a decision).
    hours : int
        The time it typically takes, in hours (0 for start, end and decisions).
    """

    name: str
    kind: str
    who: str = ""
    hours: int = 0

    def __post_init__(self) -> None:
        v.text(self.name, "name", required=True)
        v.choice(self.kind, "kind", tuple(STEP_KINDS))
        v.whole_number(self.hours, "hours", minimum=0)


#: A discharge home with a new package of care at home, from a medical ward, as a
#: discharge team might map it by walking the process (invented for teaching). The
#: map follows the "yes" branch of the decision; "no" (a care home place) would be a
#: map of its own.
DISCHARGE_STEPS: tuple[ProcessStep, ...] = (
    ProcessStep("The patient is medically fit to leave", "start", "Consultant"),
    ProcessStep("Referral sent to hospital social work", "step", "Charge nurse", 1),
    ProcessStep("The referral waits to be picked up", "wait", "", 20),
    ProcessStep(
        "Assessment of care needs with the patient and family",
        "step",
        "Social worker",
        2,
    ),
    ProcessStep("Can the patient go home with support?", "decision"),
    ProcessStep("Package of care at home requested", "step", "Social worker", 1),
    ProcessStep("Waiting for a care provider to take the package", "wait", "", 48),
    ProcessStep(
        "Medicines to take home prescribed and dispensed", "step", "Doctor, pharmacy", 3
    ),
    ProcessStep("Waiting for transport", "wait", "", 4),
    ProcessStep("The patient leaves the ward for home", "end", "Porter, family"),
)

_MAP_COLUMNS = ("Step", "Kind", "Who", "Hours")


def _steps(steps: object) -> tuple[ProcessStep, ...]:
    items = tuple(v.list_of(steps, "steps", ProcessStep))
    if not items:
        raise v.fail("steps", "is empty", steps, "Give at least one ProcessStep.")
    return items


def process_map_frame(steps: object = DISCHARGE_STEPS) -> pd.DataFrame:
    """The process map as a table, one row per box, in order.

    Returns
    -------
    pandas.DataFrame
        Columns ``Step``, ``Kind`` (as :data:`STEP_KINDS` names it), ``Who`` and
        ``Hours``.

    Examples
    --------
    >>> process_map_frame()["Kind"].value_counts()["Wait"]
    np.int64(3)
    """
    rows = [(s.name, STEP_KINDS[s.kind], s.who, int(s.hours)) for s in _steps(steps)]
    return pd.DataFrame(rows, columns=list(_MAP_COLUMNS))


def total_hours(steps: object = DISCHARGE_STEPS) -> int:
    """The hours from the first box to the last, added up."""
    return int(sum(s.hours for s in _steps(steps)))


def waiting_hours(steps: object = DISCHARGE_STEPS) -> int:
    """The hours spent in the map's waits, added up."""
    return int(sum(s.hours for s in _steps(steps) if s.kind == "wait"))


_BOX = (
    "display:inline-block;vertical-align:top;width:9.5em;margin:0.25em 0;"
    "padding:0.4em 0.5em;border:2px {line} #1f4e79;border-radius:{radius};"
    "background:{fill};color:#111;font-size:0.9em;line-height:1.3"
)
_STYLE = {
    "start": ("solid", "1.2em", "#e8f0f8"),
    "end": ("solid", "1.2em", "#e8f0f8"),
    "step": ("solid", "0.2em", "#ffffff"),
    "decision": ("double", "0.2em", "#fff8e1"),
    "wait": ("dashed", "0.2em", "#fdecea"),
}


def process_map_html(steps: object = DISCHARGE_STEPS, *, caption: str) -> HTML:
    """Draw a process map as a row of boxes joined by arrows, for a notebook or Voila.

    Each box says its kind in words (Start, Step, Decision, Wait, End), so the map does
    not rely on colour or shape; the boxes are an ordered list, so a screen reader
    reads them in order. The arrow after a decision says "yes": the map follows that
    answer.

    Parameters
    ----------
    steps : sequence of ProcessStep, default :data:`DISCHARGE_STEPS`
    caption : str
        A title for the map.

    Raises
    ------
    qikit.errors.InputError
        When a step is not a :class:`ProcessStep` or the caption is empty.

    Examples
    --------
    >>> html = process_map_html(caption="A discharge").data
    >>> html.count("<li"), "Wait: 48 hours" in html
    (10, True)
    """
    items = _steps(steps)
    title = v.text(caption, "caption", required=True)
    boxes = []
    for i, step in enumerate(items):
        line, radius, fill = _STYLE[step.kind]
        detail = []
        if step.who:
            detail.append(escape(step.who))
        if step.hours:
            detail.append(f"{step.hours} hour{'s' if step.hours != 1 else ''}")
        label = f"<strong>{STEP_KINDS[step.kind]}"
        label += (
            f": {step.hours} hours</strong>" if step.kind == "wait" else "</strong>"
        )
        more = "<br>" + " · ".join(detail) if detail and step.kind != "wait" else ""
        arrow = ""
        if i < len(items) - 1:
            answer = "yes " if step.kind == "decision" else ""
            arrow = (
                f'<span style="padding:0 0.3em">{answer}'
                '<span aria-hidden="true">&rarr;</span></span>'
            )
        style = _BOX.format(line=line, radius=radius, fill=fill)
        boxes.append(
            f'<li style="display:inline">'
            f'<span style="{style}">{label}<br>{escape(step.name)}{more}</span>'
            f"{arrow}</li>"
        )
    return HTML(
        f'<figure class="qikit-process-map"><figcaption><strong>{escape(title)}'
        f'</strong></figcaption><ol style="list-style:none;padding:0;margin:0">'
        f"{''.join(boxes)}</ol></figure>"
    )


def discharge_fishbone() -> Fishbone:
    """Causes of delayed discharge from a medical ward, as a team might brainstorm
    them, in qikit's six default categories (invented for teaching).

    Examples
    --------
    >>> list(discharge_fishbone().categories) == list(DEFAULT_CATEGORIES)
    True
    """
    causes = {
        "People": [
            "Social workers cover several wards",
            "Families not told the likely day of discharge",
        ],
        "Methods": [
            "Referral sent only once the patient is fit",
            "No planned date of discharge set on admission",
            "Medicines to take home written late in the day",
        ],
        "Equipment": [
            "Equipment for home ordered late",
            "Too few hospital transport slots",
        ],
        "Environment": [
            "Few care at home providers in rural areas",
            "Winter pressure on every service at once",
        ],
        "Materials": ["Referral form asks for the same details twice"],
        "Policies": [
            "Package of care agreed only after a full assessment in hospital",
            "Care providers not paid for a place they hold open",
        ],
    }
    return Fishbone(
        "Patients stay in hospital after they are fit to leave",
        {name: causes[name] for name in DEFAULT_CATEGORIES},
        id="fishbone-delayed-discharge",
    )


def delay_reasons() -> pd.DataFrame:
    """The main reason recorded for each of 120 delayed discharges from one hospital's
    medical wards over three months (invented for teaching).

    Returns
    -------
    pandas.DataFrame
        Columns ``category`` (the reason) and ``count`` (delays); pass it to
        :func:`~qikit.improve.system.pareto_table` with ``other="Other"``.

    Examples
    --------
    >>> int(delay_reasons()["count"].sum())
    120
    """
    return pd.DataFrame(
        {
            "category": [
                "Waiting for a care at home package",
                "Waiting for a social work assessment",
                "Waiting for a care home place",
                "Medicines to take home not ready",
                "Waiting for equipment or adaptations",
                "Transport not booked",
                "Waiting for a guardianship decision",
                "Other",
            ],
            "count": [52, 31, 14, 8, 6, 4, 3, 2],
        }
    )


def pareto_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A table from :func:`~qikit.improve.system.pareto_table` in plain words.

    Returns
    -------
    pandas.DataFrame
        Columns ``Reason``, ``Count``, ``Share``, ``Running total`` (percentages with
        one decimal) and ``Vital few`` ("yes" or "").

    Examples
    --------
    >>> pareto_frame(pareto_table(delay_reasons(), other="Other")).iloc[0, 2]
    '43.3%'
    """
    table = v.table(table, "table")
    v.column(table, "cumulative_percent", "table")
    return pd.DataFrame(
        {
            "Reason": table["category"],
            "Count": table["count"],
            "Share": [f"{p:.1f}%" for p in table["percent"]],
            "Running total": [f"{p:.1f}%" for p in table["cumulative_percent"]],
            "Vital few": ["yes" if x else "" for x in table["vital_few"]],
        }
    )


# ----------------------------------------------------------------------- the widget

_NUMBER_AT_END = re.compile(r"^(.*?)[\t,;]\s*(\d+)\s*$")


def read_tally(text: str) -> pd.DataFrame:
    """Read reasons typed or pasted one a line: "reason, count" (or a tab before
    the count) on every line, or just the reason, once for each event.

    Returns
    -------
    pandas.DataFrame
        Columns ``category`` and ``count``.

    Raises
    ------
    qikit.errors.InputError
        When there is nothing to count, or only some lines have a count.

    Examples
    --------
    >>> read_tally("No bed, 3\\nTransport, 2")["count"].tolist()
    [3, 2]
    >>> read_tally("No bed\\nTransport\\nNo bed")["category"].tolist()
    ['No bed', 'Transport', 'No bed']
    """
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    if not lines:
        raise v.fail(
            "tally",
            "is empty",
            text,
            "Type one reason a line, with its count after a comma: No bed, 12.",
        )
    matches = [_NUMBER_AT_END.match(line) for line in lines]
    counted = [m for m in matches if m and m.group(1).strip()]
    if counted and len(counted) < len(lines):
        missing = next(line for line, m in zip(lines, matches, strict=True) if not m)
        raise v.fail(
            "tally",
            "has a count on some lines but not on others",
            missing,
            "Give every line a count after a comma (No bed, 12), or give no counts "
            "and write each reason once for each time it happened.",
        )
    if counted:
        rows = [(m.group(1).strip(), int(m.group(2))) for m in counted]
    else:
        rows = [(line, 1) for line in lines]
    return pd.DataFrame(rows, columns=["category", "count"])


def _tally_text(frame: pd.DataFrame) -> str:
    pairs = zip(frame["category"], frame["count"], strict=True)
    return "\n".join(f"{c}, {n}" for c, n in pairs)


class ParetoTally(App):
    """Type or paste reasons and their counts; see the Pareto chart and the vital few.

    Attributes
    ----------
    tally : ipywidgets.Textarea
        "Reasons and counts": one reason a line, with its count after a comma.
    draw : ipywidgets.Button
        "Draw the Pareto chart".
    chart : ChartView
        The chart, its text alternative and its table.
    table : pandas.DataFrame or None
        The last table from :func:`~qikit.improve.system.pareto_table`.

    Examples
    --------
    >>> app = ParetoTally()
    >>> app.status_text, len(app.vital_few())
    ('Pareto chart drawn', 3)
    >>> app.tally.value = "No bed, 3\\nTransport"
    >>> app.read()
    >>> app.status_state
    'error'
    """

    title = "Pareto tally"
    intro = (
        "Type or paste the reasons, one a line, with how many times each happened "
        "after a comma. Choose Draw the Pareto chart to see the vital few: the "
        "reasons that together make up 80% of the total. A line called Other is "
        "kept last."
    )

    def __init__(self, *, data: pd.DataFrame | None = None) -> None:
        super().__init__()
        start = delay_reasons() if data is None else v.table(data, "data")
        self.tally = text_area("Reasons and counts", value=_tally_text(start), rows=9)
        self.draw = button("Draw the Pareto chart", primary=True)
        self.chart = ChartView(app=self)
        # no change control: the chart is drawn when the button is pressed, not as
        # the tally is typed (the benchmark times a control that acts by itself)
        self.table: pd.DataFrame | None = None
        self.set_body([self.tally, self.draw, self.chart])
        self.on_click(self.draw, self.read)
        self.read()

    def vital_few(self) -> list[str]:
        """The reasons in the vital few of the last chart drawn."""
        if self.table is None:
            return []
        return self.table.loc[self.table["vital_few"], "category"].tolist()

    @action
    def read(self) -> None:
        """Read :attr:`tally` and draw its Pareto chart."""
        frame = read_tally(self.tally.value)
        has_other = "Other" in set(frame["category"])
        table = pareto_table(frame, other="Other" if has_other else None)
        ax = plot_pareto(table, title="Pareto chart of the reasons", ylab="Count")
        self.table = table
        vital = self.vital_few()
        share = table.loc[table["vital_few"], "percent"].sum()
        caption = (
            f"The vital few: {join_words(vital)}, {len(vital)} of {len(table)} "
            f"reasons, make up {share:.1f}% of the total of "
            f"{table['count'].sum():,}."
        )
        alt = (
            f"Pareto chart of {len(table)} reasons, largest first, with the running "
            f"total rising to 100%; the largest is {table['category'].iloc[0]}."
        )
        self.chart.show_figure(
            ax.figure,
            alt=alt,
            caption=caption,
            table=pareto_frame(table),
            table_caption="The reasons, largest first",
        )
        self.set_status("Pareto chart drawn")


def pareto_html(table: pd.DataFrame, *, caption: str) -> HTML:
    """The Pareto table in plain words as an accessible HTML table."""
    return HTML(table_html(pareto_frame(table), caption=caption))
