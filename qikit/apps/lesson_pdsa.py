"""Tables for the testing-changes module: a PDSA cycle and a ramp in plain words.

The curriculum's module 9 (``curriculum/09_testing_changes.ipynb``) reads the
cycles of :class:`qikit.improve.PDSACycle` and :class:`qikit.improve.Ramp`. These
helpers show them as accessible HTML tables (a caption, column headers, no engine
field names), so a notebook cell stays one line long:

- :func:`cycle_table`: one cycle, stage by stage (Plan, Do, Study, Act).
- :func:`ramp_table`: the cycles of a ramp side by side: scale, degree of belief,
  prediction, result and decision.

Examples
--------
>>> from qikit.improve import example_ramp
>>> ramp_frame(example_ramp())["Scale"].tolist()
['one resident', 'three residents', 'one unit', 'all units']
>>> "<caption>The first cycle</caption>" in cycle_table(
...     example_ramp().cycles[0], caption="The first cycle").data
True
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit._format import human_date
from qikit.apps.lesson_measurement import text_table_html
from qikit.improve import PDSACycle, Ramp, pdsa_log

__all__ = [
    "DECISION_WORDS",
    "NOT_YET",
    "cycle_frame",
    "cycle_table",
    "ramp_frame",
    "ramp_table",
]

#: The Act decisions as the tables say them.
DECISION_WORDS: dict[str, str] = {
    "adopt": "Adopt",
    "adapt": "Adapt",
    "abandon": "Abandon",
    "": "Not decided yet",
}
#: What an empty part of a cycle shows.
NOT_YET = "(not recorded yet)"

#: The rows of :func:`cycle_frame`: (stage, part, column of pdsa_log).
_CYCLE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("Plan", "Objective", "objective"),
    ("Plan", "Scale", "scale"),
    ("Plan", "Degree of belief", "belief"),
    ("Plan", "Questions", "questions"),
    ("Plan", "Predictions", "predictions"),
    ("Plan", "Who", "plan_who"),
    ("Plan", "What", "plan_what"),
    ("Plan", "Where", "plan_where"),
    ("Plan", "When", "plan_when"),
    ("Plan", "Data to collect", "plan_data"),
    ("Do", "What happened", "what_happened"),
    ("Do", "Surprises", "surprises"),
    ("Study", "Results", "results"),
    ("Study", "Against the predictions", "comparison"),
    ("Study", "What we learnt", "learning"),
    ("Act", "Decision", "decision"),
    ("Act", "Next cycle", "next_cycle"),
)


def _one_cycle(cycle: Any) -> PDSACycle:
    if not isinstance(cycle, PDSACycle):
        raise v.fail(
            "cycle",
            "is not a PDSA cycle",
            cycle,
            "Pass one qikit.improve.PDSACycle, such as example_ramp().cycles[0].",
        )
    return cycle


def cycle_frame(cycle: PDSACycle) -> pd.DataFrame:
    """One PDSA cycle, one row per part, in the order of the four stages.

    Parameters
    ----------
    cycle : qikit.improve.PDSACycle
        The cycle to show.

    Returns
    -------
    pandas.DataFrame
        Columns ``Stage`` (Plan, Do, Study or Act), ``Part`` (such as
        "Predictions" or "Against the predictions") and ``What the team wrote``
        ("(not recorded yet)" for an empty part; the decision as "Adopt", "Adapt",
        "Abandon" or "Not decided yet"). Several questions or predictions are
        joined by "; ".

    Raises
    ------
    qikit.errors.InputError
        When ``cycle`` is not a PDSACycle.

    Examples
    --------
    >>> from qikit.improve import PDSACycle
    >>> frame = cycle_frame(PDSACycle("Try a menu with pictures", scale="one resident"))
    >>> frame.iloc[0].tolist()
    ['Plan', 'Objective', 'Try a menu with pictures']
    >>> frame.iloc[-2].tolist()
    ['Act', 'Decision', 'Not decided yet']
    """
    row = pdsa_log([_one_cycle(cycle)]).iloc[0]
    said = []
    for _, _, column in _CYCLE_ROWS:
        value = str(row[column])
        if column == "decision":
            value = DECISION_WORDS[value]
        elif column == "belief":
            value = value.capitalize()
        said.append(value or NOT_YET)
    return pd.DataFrame(
        {
            "Stage": [stage for stage, _, _ in _CYCLE_ROWS],
            "Part": [part for _, part, _ in _CYCLE_ROWS],
            "What the team wrote": said,
        }
    )


def cycle_table(cycle: PDSACycle, *, caption: str) -> HTML:
    """:func:`cycle_frame` as an accessible HTML table with a caption.

    Raises
    ------
    qikit.errors.InputError
        As :func:`cycle_frame`, or for an empty caption.
    """
    frame = cycle_frame(cycle)
    caption = v.text(caption, "caption", required=True)
    return HTML(text_table_html(frame, caption=caption))


def _dates(start: Any, end: Any) -> str:
    if pd.isna(start):
        return NOT_YET
    first = human_date(start.date())
    if pd.isna(end) or end == start:
        return first
    return f"{first} to {human_date(end.date())}"


def ramp_frame(ramp: Ramp | list[PDSACycle]) -> pd.DataFrame:
    """The cycles of a ramp, one row each, in the order they were run.

    Parameters
    ----------
    ramp : qikit.improve.Ramp or list of PDSACycle
        The ramp (or its cycles).

    Returns
    -------
    pandas.DataFrame
        Columns ``Cycle`` (1, 2, …), ``Dates`` ("4 March 2024 to 8 March 2024"),
        ``Scale``, ``Degree of belief`` (Low, Moderate or High), ``Prediction``,
        ``Result`` and ``Decision`` (as in :data:`DECISION_WORDS`); an empty part
        shows "(not recorded yet)".

    Raises
    ------
    qikit.errors.InputError
        When ``ramp`` is neither a Ramp nor a list of PDSA cycles.

    Examples
    --------
    >>> from qikit.improve import example_ramp
    >>> ramp_frame(example_ramp())[["Cycle", "Degree of belief", "Decision"]]
       Cycle Degree of belief Decision
    0      1              Low    Adapt
    1      2         Moderate    Adapt
    2      3         Moderate    Adopt
    3      4             High    Adopt
    """
    if not isinstance(ramp, Ramp | list | tuple):
        raise v.fail(
            "ramp",
            "is not a ramp of PDSA cycles",
            ramp,
            "Pass a qikit.improve.Ramp, or a list of PDSACycle.",
        )
    log = pdsa_log(ramp if isinstance(ramp, Ramp) else list(ramp))
    dates = zip(log["start"], log["end"], strict=True)
    return pd.DataFrame(
        {
            "Cycle": log["cycle"].to_numpy(),
            "Dates": [_dates(start, end) for start, end in dates],
            "Scale": [s or NOT_YET for s in log["scale"]],
            "Degree of belief": [b.capitalize() or NOT_YET for b in log["belief"]],
            "Prediction": [p or NOT_YET for p in log["predictions"]],
            "Result": [r or NOT_YET for r in log["results"]],
            "Decision": [DECISION_WORDS[d] for d in log["decision"]],
        }
    )


def ramp_table(ramp: Ramp | list[PDSACycle], *, caption: str) -> HTML:
    """:func:`ramp_frame` as an accessible HTML table with a caption.

    Raises
    ------
    qikit.errors.InputError
        As :func:`ramp_frame`, or for an empty caption.
    """
    frame = ramp_frame(ramp)
    caption = v.text(caption, "caption", required=True)
    return HTML(text_table_html(frame, caption=caption))
