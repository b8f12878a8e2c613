"""Tables for the variation module: the red bead experiment in plain words.

The curriculum's module 7 (``curriculum/07_variation_by_experiment.ipynb``) runs
Deming's red bead experiment with :func:`qikit.sim.red_beads` and manages the workers
with :func:`qikit.sim.bead_management`. These helpers show both as accessible HTML
tables (a caption, column headers, no engine column names), so a notebook cell stays
one line long:

- :func:`bead_days_table`: the red beads each worker drew on each day.
- :func:`ranking_table`: management's ranking and awards, beside what the p chart
  says about each worker.

Examples
--------
>>> from qikit.sim import bead_management, red_beads
>>> beads = red_beads(seed=5)
>>> "<caption>Four days</caption>" in bead_days_table(beads, caption="Four days").data
True
>>> ranking_frame(bead_management(beads))["Award"].tolist()[0]
'Merit award'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit.apps._display import table_html
from qikit.sim.beads import BEAD_COLUMNS

__all__ = [
    "AWARD_NAMES",
    "bead_days_frame",
    "bead_days_table",
    "ranking_frame",
    "ranking_table",
]

#: Management's awards as the table names them.
AWARD_NAMES: dict[str, str] = {
    "merit award": "Merit award",
    "warning": "Warning",
    "probation": "Probation",
    "": "",
}
_RANKING_COLUMNS = ("worker", "red", "share", "rank", "award", "inside_limits")


def _one_room(data: pd.DataFrame, argument: str, fix: str) -> None:
    if "room" in data.columns and data["room"].nunique() > 1:
        raise v.fail(argument, "holds more than one room", "several rooms", fix)


def bead_days_frame(beads: pd.DataFrame) -> pd.DataFrame:
    """The red beads each worker drew on each day, one row per worker.

    Parameters
    ----------
    beads : pandas.DataFrame
        What :func:`qikit.sim.red_beads` returned, for one room.

    Returns
    -------
    pandas.DataFrame
        Columns ``Worker``, ``Day 1``, ``Day 2``, … and ``All days`` (the total), the
        workers in the order they drew.

    Raises
    ------
    qikit.errors.InputError
        When ``beads`` is not a red bead frame, or holds several rooms.

    Examples
    --------
    >>> from qikit.sim import red_beads
    >>> bead_days_frame(red_beads(workers=["Ann", "Bo"], days=2, seed=1))
      Worker  Day 1  Day 2  All days
    0    Ann      9     10        19
    1     Bo      9     15        24
    """
    fix = "Pass the frame qikit.sim.red_beads() returned, for one room."
    data = v.table(beads, "beads")
    for name in BEAD_COLUMNS:
        v.column(data, name, "beads")
    _one_room(data, "beads", fix)
    workers = pd.unique(data["worker"].astype(str))
    days = sorted(pd.unique(data["day"]).tolist())
    counts = data.assign(worker=data["worker"].astype(str)).pivot_table(
        index="worker", columns="day", values="red", aggfunc="sum", observed=True
    )
    out = pd.DataFrame({"Worker": workers})
    for day in days:
        out[f"Day {int(day)}"] = counts.loc[workers, day].astype(np.int64).to_numpy()
    out["All days"] = out[[f"Day {int(d)}" for d in days]].sum(axis=1)
    return out


def bead_days_table(beads: pd.DataFrame, *, caption: str) -> HTML:
    """:func:`bead_days_frame` as an accessible HTML table with a caption.

    Raises
    ------
    qikit.errors.InputError
        As :func:`bead_days_frame`, or for an empty caption.
    """
    frame = bead_days_frame(beads)
    caption = v.text(caption, "caption", required=True)
    return HTML(table_html(frame, caption=caption))


def ranking_frame(ranking: pd.DataFrame) -> pd.DataFrame:
    """Management's ranking beside the p chart's verdict, with plain column names.

    Parameters
    ----------
    ranking : pandas.DataFrame
        What :func:`qikit.sim.bead_management` returned, for one room.

    Returns
    -------
    pandas.DataFrame
        One row per worker, best first: ``Worker``, ``Red beads``, ``Share`` (a
        whole percentage), ``Rank``, ``Award`` (management's) and ``Inside the p
        chart's limits`` ("yes" or "no").

    Raises
    ------
    qikit.errors.InputError
        When ``ranking`` is not a bead management table, or holds several rooms.
    """
    fix = "Pass the table qikit.sim.bead_management() returned, for one room."
    data = v.table(ranking, "ranking")
    for name in _RANKING_COLUMNS:
        v.column(data, name, "ranking")
    _one_room(data, "ranking", fix)
    return pd.DataFrame(
        {
            "Worker": data["worker"].astype(str).to_numpy(),
            "Red beads": data["red"].astype(np.int64).to_numpy(),
            "Share": [f"{round(100 * float(s))}%" for s in data["share"]],
            "Rank": data["rank"].astype(np.int64).to_numpy(),
            "Award": [AWARD_NAMES.get(str(a), str(a)) for a in data["award"]],
            "Inside the p chart's limits": [
                "yes" if bool(x) else "no" for x in data["inside_limits"]
            ],
        }
    )


def ranking_table(ranking: pd.DataFrame, *, caption: str) -> HTML:
    """:func:`ranking_frame` as an accessible HTML table with a caption.

    Raises
    ------
    qikit.errors.InputError
        As :func:`ranking_frame`, or for an empty caption.
    """
    frame = ranking_frame(ranking)
    caption = v.text(caption, "caption", required=True)
    return HTML(table_html(frame, caption=caption))
