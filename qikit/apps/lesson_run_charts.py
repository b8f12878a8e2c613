"""Tables for the run charts module: the runs analysis and the rule sets' signal rates.

The curriculum's module 6 (``curriculum/06_run_charts.ipynb``) compares rule sets on
the same data. These two helpers show what the engine found in plain words, as
accessible HTML tables (a caption, column headers), so the notebook cells stay one
line long and a Voila page shows no engine column names:

- :func:`runs_table`: for each chart (and each part), the useful points, the longest
  run, the crossings and the limits chance allows (:meth:`qikit.QicResult.summary`).
- :func:`signal_rates_table`: how often each rule set signals in
  :func:`qikit.sim.rule_lab`'s simulated series, with no change (false alarms) and
  with a shift (changes caught).

Examples
--------
>>> from qikit.charts import qic
>>> y = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 9, 10, 11, 12, 13, 14, 15, 12, 11]
>>> table = runs_table(qic(y=y, rules="anhoej"), qic(y=y, rules="ihi"),
...                    caption="Two rule sets")
>>> "<caption>Two rule sets</caption>" in table.data
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit._format import fmt_number
from qikit.apps._display import table_html
from qikit.charts import QicResult
from qikit.charts.vocabulary import RULE_SET_NAMES
from qikit.sim.lab import LAB_COLUMNS

__all__ = ["RUNS_COLUMNS", "runs_frame", "runs_table", "signal_rates_table"]

#: The columns of :func:`runs_frame`, in order ("Most crossings" only for IHI rules).
RUNS_COLUMNS: tuple[str, ...] = (
    "Chart",
    "Useful points",
    "Longest run",
    "Longest run chance allows",
    "Crossings",
    "Fewest crossings chance allows",
    "Most crossings chance allows",
    "Non-random pattern",
)


def _count(value: Any) -> str:
    """A count for the table: a whole number, or "not used" for a rule not applied."""
    number = float(value)
    return "not used" if not np.isfinite(number) else f"{int(number):,}"


def runs_frame(*results: QicResult) -> pd.DataFrame:
    """The runs analysis of one or more charts, one row per chart and part.

    Parameters
    ----------
    *results : QicResult
        Charts from :func:`qikit.qic`, for example the same data read with two rule
        sets.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RUNS_COLUMNS`: the rule set (and the part, when a chart has
        several), the useful points (points not on the centre line), the longest run,
        the longest run chance allows (a longer one is a signal), the crossings, the
        fewest and, for the IHI rules, the most crossings chance allows, and whether
        the chart shows a non-random pattern ("yes" or "no"). "Most crossings chance
        allows" is left out when no chart uses the IHI rules. Counts are text; a rule
        a chart does not apply (the IHI runs table outside 10 to 40 useful points) says
        "not used".

    Raises
    ------
    qikit.errors.InputError
        When no chart is given, or something that is not a chart result.

    Examples
    --------
    >>> from qikit.charts import qic
    >>> y = [4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4, 9, 8, 9, 10, 9, 8, 9, 10]
    >>> runs_frame(qic(y=y))[["Chart", "Longest run", "Longest run chance allows"]]
             Chart Longest run Longest run chance allows
    0  Anhøj rules           8                         7
    """
    if not results:
        raise v.fail(
            "results",
            "is empty",
            "no charts",
            "Pass one or more charts, e.g. runs_table(qic(data, y='falls')).",
        )
    rows = []
    ihi = False
    for i, result in enumerate(results):
        if not isinstance(result, QicResult):
            raise v.fail(
                f"results[{i}]",
                "is not a chart result",
                type(result).__name__,
                "Pass what qikit.qic(...) returned.",
            )
        ihi = ihi or result.rules == "ihi"
        name = RULE_SET_NAMES.get(result.rules, str(result.rules))
        summary = result.summary()
        parts = len(summary) > 1
        for _, row in summary.iterrows():
            label = f"{name}, part {row['part_label']}" if parts else name
            most = row["n_crossings_max"] if "n_crossings_max" in row else np.nan
            rows.append(
                {
                    "Chart": label,
                    "Useful points": _count(row["n_useful"]),
                    "Longest run": _count(row["longest_run"]),
                    "Longest run chance allows": _count(row["longest_run_max"]),
                    "Crossings": _count(row["n_crossings"]),
                    "Fewest crossings chance allows": _count(row["n_crossings_min"]),
                    "Most crossings chance allows": _count(most),
                    "Non-random pattern": "yes" if bool(row["runs_signal"]) else "no",
                }
            )
    frame = pd.DataFrame(rows, columns=list(RUNS_COLUMNS))
    if not ihi:
        frame = frame.drop(columns="Most crossings chance allows")
    return frame


def runs_table(*results: QicResult, caption: str) -> HTML:
    """:func:`runs_frame` as an accessible HTML table with a caption.

    Parameters
    ----------
    *results : QicResult
        Charts from :func:`qikit.qic`.
    caption : str
        What the table shows, in a few words (required: every table is named).

    Returns
    -------
    IPython.display.HTML
        The table; the last line of a notebook cell shows it.

    Raises
    ------
    qikit.errors.InputError
        As :func:`runs_frame`, or for an empty caption.
    """
    caption = v.text(caption, "caption", required=True)
    return HTML(table_html(runs_frame(*results), caption=caption))


def _share(value: float) -> str:
    return fmt_number(100 * float(value), percent=True, decimals=0)


def signal_rates_table(lab: pd.DataFrame, *, caption: str) -> HTML:
    """How often each rule set signals in :func:`qikit.sim.rule_lab`, as a table.

    Parameters
    ----------
    lab : pandas.DataFrame
        What :func:`qikit.sim.rule_lab` returned.
    caption : str
        What the table shows, in a few words.

    Returns
    -------
    IPython.display.HTML
        One row per rule set and series length; one column per shift size: with no
        shift, "No change: charts with a false alarm"; with a shift of s standard
        deviations, "Shift of s sd: charts that catch it". Shares are whole
        percentages of the simulated charts.

    Raises
    ------
    qikit.errors.InputError
        When ``lab`` is not a rule-lab table, or for an empty caption.

    Examples
    --------
    >>> from qikit.sim import rule_lab
    >>> lab = rule_lab(rules="anhoej", n=24, shift=(0, 2), sims=200, seed=1)
    >>> "Shift of 2 sd: charts that catch it" in signal_rates_table(
    ...     lab, caption="Anhøj rules").data
    True
    """
    data = v.table(lab, "lab")
    for name in LAB_COLUMNS:
        v.column(data, name, "lab")
    caption = v.text(caption, "caption", required=True)
    shifts = sorted(pd.unique(data["shift"].astype(float)))
    heads = {
        s: (
            "No change: charts with a false alarm"
            if s == 0
            else f"Shift of {fmt_number(s)} sd: charts that catch it"
        )
        for s in shifts
    }
    rows = []
    keys = data[["rules", "n"]].drop_duplicates().itertuples(index=False, name=None)
    for rules, n in keys:
        mine = data[(data["rules"] == rules) & (data["n"] == n)]
        row = {
            "Rule set": RULE_SET_NAMES.get(rules, str(rules)),
            "Points in each chart": f"{int(n):,}",
        }
        for s in shifts:
            rate = mine.loc[mine["shift"].astype(float) == s, "signal_rate"]
            row[heads[s]] = _share(rate.iloc[0]) if len(rate) else ""
        rows.append(row)
    frame = pd.DataFrame(rows)
    return HTML(table_html(frame, caption=caption))
