"""What the programme dashboard charts: data sets and the store's measures (private).

Pure functions, tested without a page: the data sets the dashboard offers, each
described once (:data:`SOURCES`: which columns hold the units, the periods, the
values and the denominators; the chart; the direction of improvement; the aim),
the same description worked out for a cohort's stored measures from the teams'
projects (:func:`store_source`), and the small pieces the panels need (periods
for the funnel plot, readable tables).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qikit._format import human_date
from qikit.datasets import load_dataset
from qikit.errors import QikitError

__all__ = [
    "MEASURE",
    "SOURCES",
    "STORE",
    "MeasureSpec",
    "Source",
    "dataset_source",
    "matrix_table",
    "period_label",
    "periods",
    "store_source",
]

#: The choice meaning "the measures in the cohort store".
STORE = "store"
#: The column holding each row's measure in a source's table.
MEASURE = "measure"


@dataclass(frozen=True)
class MeasureSpec:
    """How one measure is charted: chart, direction, multiplier, aim, funnel kind.

    ``target`` is on the charted scale (85 for 85% with ``multiply=100``);
    ``funnel`` is the :func:`qikit.spread.funnel` kind ("proportion", "rate") or
    ``None`` when a funnel plot does not apply (no denominator).
    """

    name: str
    chart: str = "i"
    improvement: str | None = None
    multiply: float = 1.0
    target: float | None = None
    funnel: str | None = None
    has_n: bool = False


@dataclass(frozen=True)
class Source:
    """A table of many units over time, and how to read it.

    ``data`` has the columns ``unit`` (named :attr:`unit`), ``measure``, ``x``,
    ``y`` and ``n`` (missing where a measure has no denominator).
    """

    key: str
    label: str
    unit: str
    data: pd.DataFrame
    measures: tuple[MeasureSpec, ...]
    about: str = ""

    def spec(self, measure: str) -> MeasureSpec:
        """The description of ``measure`` (the first measure when unknown)."""
        for m in self.measures:
            if m.name == measure:
                return m
        return self.measures[0]

    def rows(self, measure: str) -> pd.DataFrame:
        """The rows of one measure."""
        return self.data[self.data[MEASURE] == measure].reset_index(drop=True)

    @property
    def names(self) -> list[str]:
        """The measures, in order."""
        return [m.name for m in self.measures]


@dataclass(frozen=True)
class _Dataset:
    name: str
    label: str
    unit_column: str
    unit: str
    x: str
    y: str
    n: str | None
    spec: MeasureSpec


#: The data sets the dashboard offers: many units, one measure each.
SOURCES: dict[str, _Dataset] = {
    d.name: d
    for d in (
        _Dataset(
            "milestones_27_30",
            "Children meeting all developmental milestones at 27-30 months, "
            "32 partnerships",
            "cpp",
            "partnership",
            "quarter",
            "all_milestones",
            "reviews",
            MeasureSpec(
                "Children meeting all milestones (%)",
                chart="p",
                improvement="increase",
                multiply=100,
                target=85,
                funnel="proportion",
                has_n=True,
            ),
        ),
        _Dataset(
            "pressure_ulcers_monthly",
            "New pressure ulcers in six care homes",
            "home",
            "care home",
            "month",
            "ulcers",
            "occupied_bed_days",
            MeasureSpec(
                "Pressure ulcers per 1,000 occupied bed days",
                chart="u",
                improvement="decrease",
                multiply=1000,
                funnel="rate",
                has_n=True,
            ),
        ),
        _Dataset(
            "restraint",
            "Restraint on four mental health wards",
            "ward",
            "ward",
            "week",
            "episodes",
            "occupied_bed_days",
            MeasureSpec(
                "Restraint episodes per 1,000 occupied bed days",
                chart="u",
                improvement="decrease",
                multiply=1000,
                funnel="rate",
                has_n=True,
            ),
        ),
        _Dataset(
            "hospital_at_home",
            "Hospital at Home in 22 partnerships",
            "partnership",
            "partnership",
            "month",
            "occupied_beds",
            None,
            MeasureSpec("Occupied beds", chart="i", improvement="increase"),
        ),
    )
}


def dataset_source(name: str) -> Source:
    """A data set of :data:`SOURCES` as a :class:`Source`.

    Examples
    --------
    >>> source = dataset_source("milestones_27_30")
    >>> source.unit, source.names, len(source.data["partnership"].unique())
    ('partnership', ['Children meeting all milestones (%)'], 32)
    """
    d = SOURCES[name]
    raw = load_dataset(d.name)
    data = pd.DataFrame(
        {
            d.unit: raw[d.unit_column].astype(str),
            MEASURE: d.spec.name,
            "x": raw[d.x],
            "y": raw[d.y].astype(float),
            "n": raw[d.n].astype(float) if d.n else np.nan,
        }
    )
    return Source(key=d.name, label=d.label, unit=d.unit, data=data, measures=(d.spec,))


# ------------------------------------------------------------------- the store


def store_source(
    points: pd.DataFrame, projects: Mapping[tuple[str, str], Any], cohort: str
) -> tuple[Source, list[str]]:
    """A cohort's stored measures as a :class:`Source` (units are teams).

    Parameters
    ----------
    points : pandas.DataFrame
        ``store.measure_data(cohort)``.
    projects : dict
        ``{(team, project): Project}`` from ``store.load_project``: each measure's
        chart type, direction, multiplier and target come from the first project
        that defines it.
    cohort : str
        The cohort's name (for the label).

    Returns
    -------
    (Source, list of str)
        The source, and notes on what was assumed.
    """
    notes: list[str] = []
    data = pd.DataFrame(
        {
            "team": points["team"].astype(str),
            MEASURE: points["measure"].astype(str),
            "x": points["x"],
            "y": pd.to_numeric(points["y"], errors="coerce"),
            "n": pd.to_numeric(points["n"], errors="coerce"),
        }
    )
    data = data.dropna(subset=["y"]).reset_index(drop=True)
    defined: dict[str, Any] = {}
    for project in projects.values():
        for measure in getattr(project, "measures", []) or []:
            defined.setdefault(str(measure.name), measure)
    specs = []
    for name in pd.unique(data[MEASURE]):
        rows = data[data[MEASURE] == name]
        has_n = bool(rows["n"].notna().all() and (rows["n"] > 0).all())
        m = defined.get(name)
        chart = str(getattr(m, "chart_type", "") or "run")
        if chart == "run":
            chart = "i"  # the Making Data Count icons need limits
        if chart in ("p", "pp", "u", "up") and not has_n:
            chart = "i"
        if has_n and chart == "i":
            share = bool((rows["y"] <= rows["n"]).all())
            chart = "p" if share else "u"
        multiply = getattr(m, "multiply", None)
        if multiply is None:
            multiply = 100.0 if chart in ("p", "pp") else 1.0
        improvement = getattr(m, "improvement", None)
        if improvement not in ("increase", "decrease"):
            improvement = None
        target = getattr(m, "target", None)
        if m is None:
            notes.append(
                f"{name}: no project describes this measure, so it is charted as an "
                "I chart with no direction."
            )
        funnel = None
        if has_n:
            funnel = "proportion" if chart in ("p", "pp") else "rate"
        specs.append(
            MeasureSpec(
                str(name),
                chart=chart,
                improvement=improvement,
                multiply=float(multiply),
                target=None if target is None else float(target),
                funnel=funnel,
                has_n=has_n,
            )
        )
    if not specs:
        return Source(STORE, f"Measures in {cohort}", "team", data, ()), notes
    return (
        Source(STORE, f"Measures in {cohort}", "team", data, tuple(specs)),
        notes,
    )


def read_projects(store: Any, cohort: str) -> tuple[dict, list[str]]:
    """``{(team, project): Project}`` for a cohort, and notes on any that failed."""
    listing = store.list_projects(cohort)
    projects, notes = {}, []
    for row in listing.itertuples(index=False):
        try:
            projects[(row.team, row.project)] = store.load_project(
                cohort, row.team, row.project_id
            )
        except QikitError as error:
            notes.append(f"{row.team}'s project {row.project!r} was left out: {error}")
    return projects, notes


# --------------------------------------------------------------------- periods


def periods(rows: pd.DataFrame) -> list[Any]:
    """The periods of a measure's rows, latest first.

    Examples
    --------
    >>> periods(pd.DataFrame({"x": [3, 1, 2, 3]}))
    [3, 2, 1]
    >>> periods(pd.DataFrame({"x": pd.to_datetime(["2016-04-01", "2016-07-01"])}))
    [Timestamp('2016-07-01 00:00:00'), Timestamp('2016-04-01 00:00:00')]
    """
    values = [_plain(v) for v in pd.unique(rows["x"].dropna())]
    try:
        ordered = sorted(values)
    except TypeError:
        ordered = values
    return list(reversed(ordered))


def _plain(value: Any) -> Any:
    """Dates as Timestamps, other NumPy scalars as Python's (for the drop-down)."""
    if isinstance(value, np.datetime64 | dt.datetime | dt.date):
        return pd.Timestamp(value)
    return value.item() if isinstance(value, np.generic) else value


def period_label(value: Any) -> str:
    """A period as people read it: "1 April 2016", "Week 12", "3".

    Examples
    --------
    >>> period_label(pd.Timestamp("2016-04-01")), period_label(3.0)
    ('1 April 2016', '3')
    """
    if isinstance(value, pd.Timestamp | np.datetime64 | dt.datetime | dt.date):
        stamp = pd.Timestamp(value)
        return human_date(stamp.date())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------------- tables


def matrix_table(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The summary matrix as a readable table: one row per measure and unit.

    Columns: Measure, the unit's word (capitalised), Points, Latest period, Latest
    value, Variation, Assurance.
    """
    word = unit[:1].upper() + unit[1:]
    return pd.DataFrame(
        {
            "Measure": frame["measure"],
            word: frame["unit"],
            "Points": frame["points"],
            "Latest period": frame["latest_x"],
            "Latest value": frame["latest"],
            "Variation": frame["variation_words"],
            "Assurance": frame["assurance_words"],
        }
    )


def with_target(spec: MeasureSpec, target: float | None) -> MeasureSpec:
    """``spec`` with another aim."""
    return dataclasses.replace(spec, target=target)
