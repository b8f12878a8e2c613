"""Tables for the measurement module: a family of measures and its definitions.

The curriculum's module 5 (``curriculum/05_measurement.ipynb``) builds a family of
measures with :class:`qikit.improve.Measure`, reviews it with
:func:`qikit.improve.check_family` and compares counts with rates. These helpers show
each step as an accessible HTML table or list (a caption, column headers, plain
words instead of engine names), so a notebook cell stays one line long:

- :func:`family_overview`: the family at a glance, one row per measure.
- :func:`definition_table`: the parts of one operational definition, with the parts
  still to write marked.
- :func:`findings_list`: what :func:`~qikit.improve.check_family` (or a
  ``validate()``) found, as a list.
- :func:`counts_and_rates_table`: counts, denominators and rates side by side, by
  unit (care home, ward).

And one small lesson widget, :class:`MeasureSorter`: the learner sorts the measures
of a restraint reduction project into outcome, process and balancing measures and
checks the answers (the marking is :func:`mark_sort`, tested without widgets).

Examples
--------
>>> from qikit.improve import example_measures
>>> family_frame(example_measures())["Kind"].tolist()
['Outcome', 'Process', 'Balancing']
>>> "<caption>Ashgrove House</caption>" in family_overview(
...     example_measures(), caption="Ashgrove House").data
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets
import numpy as np
import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit._format import fmt_number
from qikit.apps._base import READY, App, action
from qikit.apps._controls import button, choice
from qikit.apps._display import table_html
from qikit.improve import Measure, OperationalDefinition, family_table

__all__ = [
    "DEFINITION_PARTS",
    "text_table_html",
    "SORTING_ITEMS",
    "MeasureSorter",
    "SortItem",
    "mark_sort",
    "counts_and_rates_frame",
    "counts_and_rates_table",
    "definition_frame",
    "definition_table",
    "family_frame",
    "family_overview",
    "findings_list",
]

#: The parts of an operational definition as the table names them, in order.
DEFINITION_PARTS: dict[str, str] = {
    "description": "What is measured",
    "numerator": "What is counted (numerator)",
    "denominator": "Out of what (denominator)",
    "inclusions": "Included",
    "exclusions": "Left out",
    "data_source": "Where the data come from",
    "frequency": "How often",
    "sampling": "Which cases (sampling)",
    "collected_by": "Who collects the data",
}
NOT_WRITTEN = "(not written yet)"
_BETTER = {"increase": "Higher", "decrease": "Lower", "neutral": "Neither"}
_CHART_NAMES = {"run": "run chart"}


def text_table_html(frame: pd.DataFrame, *, caption: str) -> str:
    """:func:`~qikit.apps.table_html` for a table of words: every column left-aligned.

    The page's table style right-aligns every column but the first, which suits
    numbers; a table of sentences (a definition, a PDSA cycle) reads better
    left-aligned, so each header and cell says so in its own ``style``.

    Examples
    --------
    >>> html = text_table_html(pd.DataFrame({"Part": ["What"], "Text": ["Falls"]}),
    ...                        caption="A definition")
    >>> html.count('style="text-align: left"')
    4
    """
    html = table_html(frame, caption=caption)
    html = html.replace('<th scope="col">', '<th scope="col" style="text-align: left">')
    return html.replace("<td>", '<td style="text-align: left">')


def family_frame(measures: Iterable[Measure]) -> pd.DataFrame:
    """The family of measures in plain words, one row per measure.

    Parameters
    ----------
    measures : list of Measure
        The family, in the order to show it.

    Returns
    -------
    pandas.DataFrame
        Columns ``Kind`` (Outcome, Process or Balancing), ``Measure``, ``Unit``,
        ``Better when`` (Higher, Lower or Neither), ``Chart`` (such as "u chart")
        and ``Definition complete`` ("yes" or "no").

    Raises
    ------
    qikit.errors.InputError
        When ``measures`` is not a list of :class:`~qikit.improve.Measure`.

    Examples
    --------
    >>> from qikit.improve import Measure
    >>> family_frame([Measure("Falls", kind="outcome", improvement="decrease")])
          Kind Measure Unit Better when      Chart Definition complete
    0  Outcome   Falls            Lower  run chart                  no
    """
    table = family_table(measures)
    return pd.DataFrame(
        {
            "Kind": [str(k).capitalize() for k in table["kind"]],
            "Measure": table["name"].astype(str).to_numpy(),
            "Unit": table["unit"].astype(str).to_numpy(),
            "Better when": [_BETTER[str(d)] for d in table["improvement"]],
            "Chart": [
                _CHART_NAMES.get(str(c), f"{str(c).upper()} chart")
                for c in table["chart_type"]
            ],
            "Definition complete": [
                "yes" if bool(d) else "no" for d in table["definition_complete"]
            ],
        }
    )


def family_overview(measures: Iterable[Measure], *, caption: str) -> HTML:
    """:func:`family_frame` as an accessible HTML table with a caption.

    Raises
    ------
    qikit.errors.InputError
        As :func:`family_frame`, or for an empty caption.
    """
    frame = family_frame(measures)
    caption = v.text(caption, "caption", required=True)
    return HTML(text_table_html(frame, caption=caption))


def _definition(definition: OperationalDefinition | Measure) -> OperationalDefinition:
    if isinstance(definition, Measure):
        return definition.definition or OperationalDefinition()
    if isinstance(definition, OperationalDefinition):
        return definition
    raise v.fail(
        "definition",
        "must be an OperationalDefinition or a Measure",
        definition,
        "Pass OperationalDefinition(numerator=..., ...) or a Measure that has one.",
    )


def definition_frame(definition: OperationalDefinition | Measure) -> pd.DataFrame:
    """The nine parts of an operational definition, with the empty ones marked.

    Parameters
    ----------
    definition : OperationalDefinition or Measure
        The definition, or a measure whose definition to show (a measure with none
        shows every part as not written).

    Returns
    -------
    pandas.DataFrame
        Columns ``Part`` (the labels of :data:`DEFINITION_PARTS`) and ``What it
        says`` ("(not written yet)" for an empty part).

    Raises
    ------
    qikit.errors.InputError
        When ``definition`` is neither an OperationalDefinition nor a Measure.

    Examples
    --------
    >>> from qikit.improve import OperationalDefinition
    >>> frame = definition_frame(OperationalDefinition(numerator="falls"))
    >>> frame.iloc[1].tolist()
    ['What is counted (numerator)', 'falls']
    >>> frame.iloc[2].tolist()
    ['Out of what (denominator)', '(not written yet)']
    """
    parts = _definition(definition).to_dict()
    return pd.DataFrame(
        {
            "Part": list(DEFINITION_PARTS.values()),
            "What it says": [parts[name] or NOT_WRITTEN for name in DEFINITION_PARTS],
        }
    )


def definition_table(
    definition: OperationalDefinition | Measure, *, caption: str
) -> HTML:
    """:func:`definition_frame` as an accessible HTML table with a caption.

    Raises
    ------
    qikit.errors.InputError
        As :func:`definition_frame`, or for an empty caption.
    """
    frame = definition_frame(definition)
    caption = v.text(caption, "caption", required=True)
    return HTML(text_table_html(frame, caption=caption))


def findings_list(findings: Sequence[str], *, heading: str) -> HTML:
    """Findings (from ``check_family`` or a ``validate()``) as a headed HTML list.

    Parameters
    ----------
    findings : list of str
        The findings; a :class:`~qikit.improve.Finding` is a string.
    heading : str
        What the list is, shown in bold above it.

    Returns
    -------
    IPython.display.HTML
        The heading and a bulleted list, or the heading and "Nothing to fix." when
        there are no findings.

    Raises
    ------
    qikit.errors.InputError
        When ``findings`` is not a list of text, or ``heading`` is empty.

    Examples
    --------
    >>> findings_list([], heading="The family check").data
    '<p><strong>The family check</strong></p><p>Nothing to fix.</p>'
    """
    items = v.list_of(findings, "findings", str)
    heading = v.text(heading, "heading", required=True)
    top = f"<p><strong>{escape(heading)}</strong></p>"
    if not items:
        return HTML(top + "<p>Nothing to fix.</p>")
    body = "".join(f"<li>{escape(str(item))}</li>" for item in items)
    return HTML(f"{top}<ul>{body}</ul>")


def counts_and_rates_frame(
    data: pd.DataFrame, *, by: str, y: str, n: str, per: float = 1000
) -> pd.DataFrame:
    """Counts, denominators and rates by unit, from the highest count down.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit and period, such as the data set
        ``pressure_ulcers_monthly``.
    by : str
        The column that names the unit (a care home, a ward).
    y, n : str
        The columns of the count (ulcers) and the denominator (occupied bed days).
    per : float, default 1000
        The rate is ``y`` per this many of ``n``: 1000 for "per 1,000 bed days".

    Returns
    -------
    pandas.DataFrame
        Columns ``Unit`` (the values of ``by``), ``Count`` (the total of ``y``),
        ``Denominator`` (the total of ``n``), ``Rate`` (the total count per ``per``
        of the total denominator, 2 decimals), ``Rank by count`` and ``Rank by
        rate`` (1 = highest). Rows are sorted by count, highest first.

    Raises
    ------
    qikit.errors.InputError
        For a missing column, non-numeric counts, a total denominator that is not
        above zero, or ``per`` not above zero.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"home": ["A", "B"], "ulcers": [6, 4], "days": [3000, 1000]})
    >>> counts_and_rates_frame(d, by="home", y="ulcers", n="days")
      Unit  Count  Denominator  Rate  Rank by count  Rank by rate
    0    A      6         3000   2.0              1             2
    1    B      4         1000   4.0              2             1
    """
    table = v.table(data, "data")
    by, y, n = (v.column(table, c, a) for a, c in (("by", by), ("y", y), ("n", n)))
    per = v.number(per, "per", positive=True, example="1000")
    for argument, name in (("y", y), ("n", n)):
        if not pd.api.types.is_numeric_dtype(table[name]):
            raise v.fail(
                argument,
                f"the column {name!r} holds text, not numbers",
                name,
                "Choose the column of counts (y) or of the denominator (n).",
            )
    totals = table.groupby(table[by].astype(str), sort=False)[[y, n]].sum()
    if (totals[n] <= 0).any():
        unit = totals.index[(totals[n] <= 0).to_numpy()][0]
        raise v.fail(
            "n",
            f"the denominator of {unit} adds up to zero or less",
            unit,
            "Every unit needs some bed days (or cases) to give a rate.",
        )
    totals = totals.sort_values(y, ascending=False, kind="stable")
    rate = (per * totals[y] / totals[n]).round(2)
    return pd.DataFrame(
        {
            "Unit": totals.index.to_numpy(),
            "Count": totals[y].to_numpy(),
            "Denominator": totals[n].to_numpy(),
            "Rate": rate.to_numpy(),
            "Rank by count": totals[y]
            .rank(ascending=False, method="min")
            .astype(np.int64)
            .to_numpy(),
            "Rank by rate": rate.rank(ascending=False, method="min")
            .astype(np.int64)
            .to_numpy(),
        }
    )


def counts_and_rates_table(
    data: pd.DataFrame,
    *,
    by: str,
    y: str,
    n: str,
    per: float = 1000,
    caption: str,
    names: Sequence[str] = ("Unit", "Count", "Denominator"),
) -> HTML:
    """:func:`counts_and_rates_frame` as an accessible HTML table with a caption.

    Parameters
    ----------
    names : three str, default ("Unit", "Count", "Denominator")
        What to call the first three columns on the page, such as ("Care home",
        "New pressure ulcers", "Occupied bed days"). The rate column is called
        "Rate per 1,000" (with ``per`` written out), its values with two decimals.

    Raises
    ------
    qikit.errors.InputError
        As :func:`counts_and_rates_frame`, for an empty caption, or for ``names``
        that are not three pieces of text.
    """
    frame = counts_and_rates_frame(data, by=by, y=y, n=n, per=per)
    caption = v.text(caption, "caption", required=True)
    labels = v.text_list(names, "names")
    if len(labels) != 3:
        raise v.fail(
            "names",
            "needs three column names",
            list(names),
            'Give the unit, the count and the denominator, such as ("Ward", '
            '"Episodes", "Bed days").',
        )
    frame["Rate"] = [f"{r:.2f}" for r in frame["Rate"]]  # 0.70, not 0.7
    frame = frame.rename(
        columns={
            "Unit": labels[0],
            "Count": labels[1],
            "Denominator": labels[2],
            "Rate": f"Rate per {fmt_number(per)}",
        }
    )
    return HTML(table_html(frame, caption=caption))


# ------------------------------------------------------------------ the sorter


@dataclass(frozen=True)
class SortItem:
    """One measure to sort: its name, its kind in the family and why."""

    measure: str
    kind: str
    why: str


#: The project the sorter's measures belong to.
SORTING_PROJECT = (
    "Four adult mental health wards aim to reduce the use of restraint, with "
    "changes such as safety plans written with each patient and training in "
    "de-escalation."
)
#: The measures to sort, in the order shown (mixed kinds).
SORTING_ITEMS: tuple[SortItem, ...] = (
    SortItem(
        "Restraint episodes per 1,000 occupied bed days",
        "outcome",
        "it is what the aim is about: how often patients are restrained.",
    ),
    SortItem(
        "Patients with a safety plan written with them within 72 hours of "
        "admission (%)",
        "process",
        "it shows whether one of the changes is being carried out as planned.",
    ),
    SortItem(
        "Assaults on staff per 1,000 occupied bed days",
        "balancing",
        "restraining less could, if it went wrong, leave staff less safe: it "
        "watches for harm the changes might cause elsewhere.",
    ),
    SortItem(
        "Ward staff trained in de-escalation (%)",
        "process",
        "training is one of the changes; this shows how far it has reached, not "
        "whether patients are restrained less.",
    ),
    SortItem(
        "Patients who say they felt safe on the ward (%)",
        "outcome",
        "it is a result for the people the service is for, in their own words.",
    ),
    SortItem(
        "Staff sickness absence (%)",
        "balancing",
        "a change in how a ward works can wear staff down (or lift them): it is "
        "watched in case the changes make things worse for staff.",
    ),
)
_KIND_WORDS = {
    "outcome": "an outcome",
    "process": "a process",
    "balancing": "a balancing",
}
_KIND_CHOICES = [
    ("Choose a kind", ""),
    ("Outcome", "outcome"),
    ("Process", "process"),
    ("Balancing", "balancing"),
]


def mark_sort(
    answers: Sequence[str] | Mapping[int, str],
    items: Sequence[SortItem] = SORTING_ITEMS,
) -> pd.DataFrame:
    """Mark a learner's sorting of measures into outcome, process and balancing.

    Parameters
    ----------
    answers : list of str, or dict of int to str
        The kind chosen for each item, in order ("outcome", "process", "balancing",
        or "" for not chosen yet); a dict gives them by position (0 first).
    items : list of SortItem, default SORTING_ITEMS
        The measures and their right answers.

    Returns
    -------
    pandas.DataFrame
        One row per item: ``measure``, ``answer`` (as given, "" when not chosen),
        ``kind`` (the right answer), ``correct`` (bool) and ``feedback`` (a
        sentence that starts "Right:", "Not quite:" or "Not sorted yet:").

    Raises
    ------
    qikit.errors.InputError
        When an answer is not one of the three kinds (or ""), or there are more
        answers than items.

    Examples
    --------
    >>> marks = mark_sort(["outcome", "outcome"])
    >>> marks["correct"].tolist()[:3]
    [True, False, False]
    >>> print(marks["feedback"].iloc[1][:52])
    Not quite: this is a process measure, because it sho
    """
    if isinstance(answers, Mapping):
        given = dict(answers)
    else:
        if isinstance(answers, str) or not isinstance(answers, Sequence):
            raise v.fail(
                "answers",
                "must be a list of kinds, one for each measure",
                answers,
                'Give a list such as ["outcome", "process", ...].',
            )
        given = dict(enumerate(answers))
    if any(not isinstance(i, int) or not 0 <= i < len(items) for i in given):
        raise v.fail(
            "answers",
            f"there are {len(items)} measures to sort",
            answers,
            f"Give at most {len(items)} answers, one for each measure.",
        )
    rows = []
    for index, item in enumerate(items):
        answer = given.get(index, "") or ""
        if answer:
            answer = v.choice(answer, f"answers[{index}]", tuple(_KIND_WORDS))
        correct = answer == item.kind
        because = f"this is {_KIND_WORDS[item.kind]} measure, because {item.why}"
        if correct:
            feedback = f"Right: {because}"
        elif answer:
            feedback = f"Not quite: {because}"
        else:
            feedback = "Not sorted yet: choose a kind for it, then check again."
        rows.append(
            {
                "measure": item.measure,
                "answer": answer,
                "kind": item.kind,
                "correct": correct,
                "feedback": feedback,
            }
        )
    return pd.DataFrame(rows)


class MeasureSorter(App):
    """Sort a project's measures into outcome, process and balancing; check them.

    Attributes
    ----------
    kinds : list of ipywidgets.Dropdown
        "Measure 1: kind", "Measure 2: kind", …: the learner's choice for each
        measure of :data:`SORTING_ITEMS` (shown above each list).
    check, again : ipywidgets.Button
        "Check my answers" (:meth:`check_answers`) and "Start again"
        (:meth:`start_again`).
    marks_view : ipywidgets.HTML
        The feedback on each measure, and the score.
    marks : pandas.DataFrame or None
        What :func:`mark_sort` said last; None before the first check.

    Notes
    -----
    Status texts: "Ready" (built or started again) and "Answers checked".

    Examples
    --------
    >>> app = MeasureSorter()
    >>> app.kinds[0].value = "outcome"
    >>> app.check_answers()
    >>> app.status_text, int(app.marks["correct"].sum())
    ('Answers checked', 1)
    """

    title = "Sort the measures"
    intro = (
        SORTING_PROJECT + " For each of their measures, choose the kind it is in the "
        "family: outcome, process or balancing. Then check your answers."
    )

    def __init__(self) -> None:
        super().__init__()
        self.items = SORTING_ITEMS
        self.kinds = [
            choice(f"Measure {i}: kind", _KIND_CHOICES)
            for i in range(1, len(self.items) + 1)
        ]
        rows: list[widgets.Widget] = []
        for i, (item, kind) in enumerate(zip(self.items, self.kinds, strict=True)):
            label = widgets.HTML(
                value=f"<p><strong>Measure {i + 1}.</strong> {escape(item.measure)}</p>"
            )
            rows.append(widgets.VBox([label, kind]))
        self.check = button("Check my answers", primary=True)
        self.again = button("Start again")
        self.marks_view = widgets.HTML(value="")
        self.marks: pd.DataFrame | None = None
        # no change control: a choice is marked only when the learner checks
        # the answers (the benchmark times a control that acts by itself)
        self.set_body([*rows, widgets.HBox([self.check, self.again]), self.marks_view])
        self.on_click(self.check, self.check_answers)
        self.on_click(self.again, self.start_again)

    @action
    def check_answers(self) -> None:
        """Mark the choices and show the feedback on each measure and the score."""
        marks = mark_sort([k.value for k in self.kinds], self.items)
        right = int(marks["correct"].sum())
        items = "".join(
            f"<li><strong>{escape(row.measure)}</strong>: {escape(row.feedback)}</li>"
            for row in marks.itertuples()
        )
        self.marks = marks
        self.marks_view.value = (
            f"<p><strong>{right} of {len(marks)} right.</strong></p><ol>{items}</ol>"
        )
        self.set_status("Answers checked")

    @action
    def start_again(self) -> None:
        """Clear every choice and the feedback."""
        for kind in self.kinds:
            kind.value = ""
        self.marks = None
        self.marks_view.value = ""
        self.set_status(READY)
