"""Build every qikit data set: one CSV file per set and ``datapackage.json``.

Run it from the repository root after changing a set::

    .venv/bin/python datasets/generate.py            # rewrite the files in datasets/
    .venv/bin/python datasets/generate.py --out DIR  # write them to another folder

Every set is synthetic: made up for teaching, modelled on published figures where there
are some (``datasets/README.md`` says which, set by set) and on sensible Scottish-scale
numbers where there are none. Nothing here describes a real patient, child, team or
service.

One seed, :data:`SEED`, drives everything. Each set draws from its own generator, seeded
with :data:`SEED` and the set's name, so changing one set leaves the others' numbers
alone. Draws are vectorised (no Python loop over points), floats are written with a
fixed number of decimals, dates as ``YYYY-MM-DD`` and lines end in ``\\n``: running the
script twice gives byte-identical files (``tests/datasets`` checks this).

Where a set must show a published figure (a 19% fall, a 44% fall), the generator fixes
the totals or the phase means that carry the figure and lets chance spread them over the
months (a multinomial draw given the total, or noise centred within the phase), so the
figure holds in the data without hand-editing any number.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

#: The one seed behind every set.
SEED = 20261201
#: Where the files go by default: this folder.
HERE = Path(__file__).resolve().parent

MIT = {
    "name": "MIT",
    "path": "https://opensource.org/licenses/MIT",
    "title": "MIT License",
}
SIJ = {
    "title": "The Scottish Improvement Journey: a nationwide approach to improvement "
    "(section 5, spread of quality improvement beyond health)",
}
NCS = {
    "title": "A National Care Service for Scotland: strategic response from Healthcare "
    "Improvement Scotland (November 2021), section 4, improvement support",
}
ILLUSTRATIVE = {
    "title": "Illustrative Scottish-scale figures chosen for qikit (no published "
    "source); see datasets/README.md",
}


# ------------------------------------------------------------------ the description


@dataclass(frozen=True)
class Field:
    """One column: its Table Schema type, meaning and constraints."""

    name: str
    type: str  # date, integer, number or string
    description: str
    unit: str | None = None
    decimals: int | None = None  # numbers are written with this many decimals
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] | None = None
    required: bool = True

    def descriptor(self) -> dict:
        # dates use the default format, ISO 8601 (YYYY-MM-DD)
        out: dict = {"name": self.name, "type": self.type}
        out["description"] = self.description
        if self.unit:
            out["unit"] = self.unit
        constraints: dict = {"required": self.required}
        if self.minimum is not None:
            constraints["minimum"] = _plain(self.minimum, self.type)
        if self.maximum is not None:
            constraints["maximum"] = _plain(self.maximum, self.type)
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class DataSet:
    """One resource of the package: the frame and everything said about it."""

    name: str
    title: str
    description: str
    story: str
    unit: str
    frequency: str
    charts: tuple[str, ...]
    teaches: tuple[str, ...]
    modules: tuple[int, ...]
    sources: tuple[dict, ...]
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    frame: pd.DataFrame = field(repr=False)


def _plain(value: float, kind: str):
    return int(value) if kind == "integer" else float(value)


def _rng(name: str) -> np.random.Generator:
    """The set's own generator: :data:`SEED` and a stable number made from its name."""
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


def _months(start: str, periods: int) -> pd.DatetimeIndex:
    return pd.date_range(start, periods=periods, freq="MS")


def _weeks(start: str, periods: int, day: str = "MON") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=periods, freq=f"W-{day}")


def _multinomial(rng: np.random.Generator, total, weights) -> np.ndarray:
    """Spread ``total`` events over cells in proportion to ``weights`` (by chance)."""
    weights = np.asarray(weights, dtype=float)
    return rng.multinomial(
        np.asarray(total, dtype=np.int64), weights / weights.sum(-1, keepdims=True)
    )


def _centred(rng: np.random.Generator, sd: float, size: int) -> np.ndarray:
    """Normal noise whose mean is exactly 0, so a phase mean is exactly as set."""
    e = rng.normal(0.0, sd, size)
    return e - e.mean()


def _percent(num, den, decimals: int = 1) -> np.ndarray:
    return np.round(100.0 * np.asarray(num) / np.asarray(den), decimals)


# ---------------------------------------------------------------------------- sets

# The 32 Community Planning Partnerships (one per council area) and their populations
# in thousands, rounded (close to the 2016 mid-year estimates; used only for scale).
CPPS: tuple[tuple[str, int], ...] = (
    ("Aberdeen City", 229),
    ("Aberdeenshire", 262),
    ("Angus", 116),
    ("Argyll and Bute", 87),
    ("City of Edinburgh", 507),
    ("Clackmannanshire", 51),
    ("Dumfries and Galloway", 150),
    ("Dundee City", 148),
    ("East Ayrshire", 122),
    ("East Dunbartonshire", 108),
    ("East Lothian", 104),
    ("East Renfrewshire", 93),
    ("Falkirk", 159),
    ("Fife", 370),
    ("Glasgow City", 616),
    ("Highland", 234),
    ("Inverclyde", 79),
    ("Midlothian", 88),
    ("Moray", 96),
    ("Na h-Eileanan Siar", 27),
    ("North Ayrshire", 136),
    ("North Lanarkshire", 339),
    ("Orkney Islands", 22),
    ("Perth and Kinross", 151),
    ("Renfrewshire", 175),
    ("Scottish Borders", 115),
    ("Shetland Islands", 23),
    ("South Ayrshire", 112),
    ("South Lanarkshire", 317),
    ("Stirling", 93),
    ("West Dunbartonshire", 90),
    ("West Lothian", 180),
)

# The 31 Health and Social Care Partnerships (Clackmannanshire and Stirling share one)
# with populations in thousands, for scale only.
HSCPS: tuple[tuple[str, int], ...] = (
    ("Aberdeen City", 229),
    ("Aberdeenshire", 262),
    ("Angus", 116),
    ("Argyll and Bute", 87),
    ("Clackmannanshire and Stirling", 144),
    ("Dumfries and Galloway", 150),
    ("Dundee", 148),
    ("East Ayrshire", 122),
    ("East Dunbartonshire", 108),
    ("East Lothian", 104),
    ("East Renfrewshire", 93),
    ("Edinburgh", 507),
    ("Falkirk", 159),
    ("Fife", 370),
    ("Glasgow City", 616),
    ("Highland", 234),
    ("Inverclyde", 79),
    ("Midlothian", 88),
    ("Moray", 96),
    ("North Ayrshire", 136),
    ("North Lanarkshire", 339),
    ("Orkney", 22),
    ("Perth and Kinross", 151),
    ("Renfrewshire", 175),
    ("Scottish Borders", 115),
    ("Shetland", 23),
    ("South Ayrshire", 112),
    ("South Lanarkshire", 317),
    ("West Dunbartonshire", 90),
    ("West Lothian", 180),
    ("Western Isles", 27),
)


def stillbirths() -> DataSet:
    """Monthly stillbirths per 1,000 births across Scotland, 2008-2016."""
    rng = _rng("stillbirths")
    month = _months("2008-01-01", 108)
    years = np.arange(2008, 2017)
    year_index = month.year.to_numpy() - 2008
    annual_births = np.array(
        [60_000, 59_000, 58_800, 58_600, 58_000, 56_000, 56_700, 55_100, 54_500]
    )
    # a little more than a twelfth of the year's births in the longer months and in
    # late summer
    weight = month.days_in_month.to_numpy() * (
        1 + 0.03 * np.cos(2 * np.pi * (month.month.to_numpy() - 9) / 12)
    )
    weight_sum = np.bincount(year_index, weights=weight)
    births = rng.poisson(annual_births[year_index] * weight / weight_sum[year_index])

    # expected rate per 1,000: flat at 5.0 until the end of 2012, falling through 2013
    # and 2014 to about 4.05, then a touch lower in 2016
    t = np.arange(108)
    start, end = 60, 84  # January 2013, January 2015
    rate = 5.0 - 0.95 * np.clip((t - start) / (end - start), 0, 1)
    rate = rate - 0.1 * (t >= 96)
    expected = births * rate / 1000

    totals = rng.poisson(np.bincount(year_index, weights=expected))
    base = years <= 2012
    base_rate = totals[base].sum() / births[year_index <= 4].sum()
    births_2015 = births[year_index == 7].sum()
    # the published result: a 19% fall from the baseline rate by 2015
    totals[years == 2015] = round(0.81 * base_rate * births_2015)
    pvals = np.zeros((9, 12))
    pvals[year_index, month.month.to_numpy() - 1] = expected
    counts = _multinomial(rng, totals, pvals)[year_index, month.month.to_numpy() - 1]

    frame = pd.DataFrame(
        {
            "month": month,
            "births": births,
            "stillbirths": counts,
            "rate_per_1000": np.round(1000 * counts / births, 2),
        }
    )
    return DataSet(
        name="stillbirths",
        title="Stillbirths per 1,000 births in Scotland, monthly, 2008-2016",
        description=(
            "Synthetic national series. Numerator: babies born after 24 completed "
            "weeks of pregnancy who showed no sign of life, by month of birth. "
            "Denominator: all births in the month (live births and stillbirths). "
            "Modelled on the Early Years Collaborative stretch aim (a 15% fall in "
            "stillbirths by the end of 2015) and the 19% fall reported with the "
            "Maternity and Children Quality Improvement Collaborative: the 2015 rate "
            "is 19% below the 2008-2012 baseline rate."
        ),
        story="Scotland's stillbirth rate falls by 19% from the 2008-2012 baseline to "
        "2015, beating the Early Years Collaborative's aim of 15%.",
        unit="stillbirths per 1,000 births",
        frequency="monthly",
        charts=("run", "u", "p"),
        teaches=("shift after a change", "trend"),
        modules=(2, 6, 8),
        sources=(SIJ,),
        fields=(
            Field("month", "date", "First day of the month of birth."),
            Field(
                "births",
                "integer",
                "All births in the month, live and still (the denominator).",
                unit="births",
                minimum=0,
            ),
            Field(
                "stillbirths",
                "integer",
                "Babies born after 24 completed weeks of pregnancy with no sign of "
                "life (the numerator).",
                unit="stillbirths",
                minimum=0,
            ),
            Field(
                "rate_per_1000",
                "number",
                "Stillbirths per 1,000 births: stillbirths / births x 1,000.",
                unit="per 1,000 births",
                decimals=2,
                minimum=0,
            ),
        ),
        primary_key=("month",),
        frame=frame,
    )


def milestones_27_30() -> DataSet:
    """Children meeting all milestones at the 27-30 month review, 32 CPPs by quarter."""
    rng = _rng("milestones_27_30")
    quarter = pd.date_range("2013-04-01", periods=15, freq="QS-JAN")
    names = np.array([c[0] for c in CPPS])
    population = np.array([c[1] for c in CPPS], dtype=float) * 1000
    k, q = len(CPPS), len(quarter)
    # about 10.3 births a year per 1,000 people, a quarter of a year's children
    # reviewed each quarter, nine in ten reviews with every domain assessed
    expected = population * 10.3 / 1000 / 4 * 0.9
    reviews = rng.poisson(expected[:, None] * rng.normal(1.0, 0.04, (k, q)))

    p0 = rng.uniform(0.70, 0.82, k)
    # 13 partnerships improve clearly, 8 a little, 11 not at all
    gain = np.zeros(k)
    order = rng.permutation(k)
    gain[order[:13]] = rng.uniform(0.06, 0.11, 13)
    gain[order[13:21]] = rng.uniform(0.015, 0.04, 8)
    # changes tested from the first quarter of 2014, spreading until the end of 2016
    ramp = np.clip((np.arange(q) - 3) / (q - 1 - 3), 0, 1)
    p = p0[:, None] + gain[:, None] * ramp[None, :] + rng.normal(0, 0.008, (k, q))
    met = rng.binomial(reviews, np.clip(p, 0.5, 0.97))

    frame = pd.DataFrame(
        {
            "quarter": np.tile(quarter, k),
            "cpp": np.repeat(names, q),
            "reviews": reviews.ravel(),
            "all_milestones": met.ravel(),
            "percent": _percent(met, reviews).ravel(),
        }
    ).sort_values(["quarter", "cpp"], kind="stable", ignore_index=True)
    return DataSet(
        name="milestones_27_30",
        title="Children meeting all developmental milestones at the 27-30 month "
        "review, 32 Community Planning Partnerships, quarterly, 2013-2016",
        description=(
            "Synthetic series for all 32 Community Planning Partnerships (the names "
            "are real; every number is invented). Denominator: children who had "
            "their 27-30 month child health review in the quarter with every "
            "developmental domain assessed (reviews with any domain not assessed "
            "are left out). Numerator: those of them with no concern recorded in "
            "any domain. Modelled on the Early Years Collaborative stretch aim that "
            "85% of children in each partnership meet all milestones at the review "
            "by the end of 2016; partnership sizes follow their populations."
        ),
        story="All 32 partnerships report quarterly against the 85% aim: some improve, "
        "some do not, and the smallest vary most.",
        unit="% of children",
        frequency="quarterly",
        charts=("p", "run", "funnel"),
        teaches=("many units", "shift after a change", "stable baseline"),
        modules=(2, 8, 10),
        sources=(SIJ, ILLUSTRATIVE),
        fields=(
            Field("quarter", "date", "First day of the quarter of the review."),
            Field(
                "cpp",
                "string",
                "Community Planning Partnership (council area).",
                enum=tuple(sorted(names)),
            ),
            Field(
                "reviews",
                "integer",
                "Children reviewed at 27-30 months with every domain assessed (the "
                "denominator).",
                unit="children",
                minimum=0,
            ),
            Field(
                "all_milestones",
                "integer",
                "Children with no concern in any developmental domain (the numerator).",
                unit="children",
                minimum=0,
            ),
            Field(
                "percent",
                "number",
                "all_milestones / reviews x 100.",
                unit="%",
                decimals=1,
                minimum=0,
                maximum=100,
            ),
        ),
        primary_key=("quarter", "cpp"),
        frame=frame,
    )


# Six care homes in one group: their registered beds.
HOMES = ("Home A", "Home B", "Home C", "Home D", "Home E", "Home F")
HOME_BEDS = np.array([40, 52, 60, 64, 75, 88])
PU_START, PU_MONTHS, PU_CHANGE = "2017-04-01", 36, 12  # change from April 2018


def _pressure_ulcers() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = _rng("pressure_ulcers")
    month = _months(PU_START, PU_MONTHS)
    h, m = len(HOMES), len(month)
    occupancy = np.clip(rng.normal(0.92, 0.025, (h, m)), 0.8, 0.99)
    bed_days = np.round(
        HOME_BEDS[:, None] * month.days_in_month.to_numpy()[None, :] * occupancy
    ).astype(np.int64)
    risk = rng.uniform(0.7, 1.3, h)[:, None]  # homes differ in their residents' risk
    after = np.arange(m) >= PU_CHANGE
    weights = bed_days * risk
    # 1.1 new ulcers per 1,000 occupied bed days before; the rate halves after
    before_total = rng.poisson(1.1 / 1000 * bed_days[:, ~after].sum())
    before_rate = before_total / bed_days[:, ~after].sum()
    after_total = round(0.5 * before_rate * bed_days[:, after].sum())
    counts = np.zeros((h, m), dtype=np.int64)
    counts[:, ~after] = _multinomial(
        rng, before_total, weights[:, ~after].ravel()
    ).reshape(h, -1)
    counts[:, after] = _multinomial(
        rng, after_total, weights[:, after].ravel()
    ).reshape(h, -1)

    monthly = pd.DataFrame(
        {
            "month": np.tile(month, h),
            "home": np.repeat(HOMES, m),
            "occupied_bed_days": bed_days.ravel(),
            "ulcers": counts.ravel(),
        }
    ).sort_values(["month", "home"], kind="stable", ignore_index=True)

    # one row per ulcer: a day within its month, a grade
    cell = np.repeat(np.arange(h * m), counts.ravel())
    home_of = cell // m
    month_of = month[cell % m]
    day = rng.integers(0, month_of.days_in_month.to_numpy())
    date = month_of + pd.to_timedelta(day, unit="D")
    grade = rng.choice(np.array([2, 3, 4]), size=cell.size, p=[0.7, 0.22, 0.08])
    events = pd.DataFrame(
        {"date": date, "home": np.array(HOMES)[home_of], "grade": grade}
    ).sort_values(["date", "home"], kind="stable", ignore_index=True)
    gap = events.groupby("home")["date"].diff().dt.days
    events.insert(0, "ulcer", [f"PU{i:04d}" for i in range(1, len(events) + 1)])
    events["days_since_previous"] = gap.astype("Int64")
    return monthly, events


def pressure_ulcers_monthly() -> DataSet:
    """New pressure ulcers per month with occupied bed days, six care homes."""
    monthly, _ = _pressure_ulcers()
    return DataSet(
        name="pressure_ulcers_monthly",
        title="New pressure ulcers and occupied bed days in six care homes, monthly, "
        "2017-2020",
        description=(
            "Synthetic series for a group of six care homes (invented). Numerator: "
            "new pressure ulcers of grade 2 to 4 that developed while the resident "
            "lived in the home (ulcers present on admission are left out). "
            "Denominator: occupied bed days in the month. The group joined a "
            "pressure ulcer improvement programme in April 2018; the rate halves "
            "(illustrative). The same ulcers, one row each, are in "
            "pressure_ulcers_events."
        ),
        story="Six care homes halve their rate of new pressure ulcers after joining an "
        "improvement programme in April 2018.",
        unit="ulcers per 1,000 occupied bed days",
        frequency="monthly",
        charts=("u", "c", "run"),
        teaches=("shift after a change", "many units"),
        modules=(5, 8),
        sources=(NCS, ILLUSTRATIVE),
        fields=(
            Field("month", "date", "First day of the month."),
            Field("home", "string", "Care home (invented).", enum=HOMES),
            Field(
                "occupied_bed_days",
                "integer",
                "Beds occupied on each night of the month, added up (the denominator).",
                unit="bed days",
                minimum=0,
            ),
            Field(
                "ulcers",
                "integer",
                "New pressure ulcers, grade 2 to 4, acquired in the home (the "
                "numerator).",
                unit="ulcers",
                minimum=0,
            ),
        ),
        primary_key=("month", "home"),
        frame=monthly,
    )


def pressure_ulcers_events() -> DataSet:
    """One row per new pressure ulcer, with its date: for g and t charts."""
    _, events = _pressure_ulcers()
    return DataSet(
        name="pressure_ulcers_events",
        title="Each new pressure ulcer in six care homes, with its date, 2017-2020",
        description=(
            "The ulcers counted in pressure_ulcers_monthly, one row each: the date "
            "it was first recorded, the home and the grade. days_since_previous "
            "counts the days since the previous new ulcer in the same home (empty "
            "for each home's first): the y of a g chart or t chart."
        ),
        story="The same care-home ulcers one by one: the days between them lengthen "
        "once the programme starts in April 2018.",
        unit="days between ulcers",
        frequency="per event",
        charts=("g", "t"),
        teaches=("rare events", "shift after a change"),
        modules=(8,),
        sources=(NCS, ILLUSTRATIVE),
        fields=(
            Field("ulcer", "string", "Ulcer identifier, in date order."),
            Field("date", "date", "Date the ulcer was first recorded."),
            Field("home", "string", "Care home (invented).", enum=HOMES),
            Field(
                "grade",
                "integer",
                "Grade of the ulcer (2, 3 or 4).",
                unit="grade",
                minimum=2,
                maximum=4,
            ),
            Field(
                "days_since_previous",
                "integer",
                "Days since the previous new ulcer in the same home (empty for the "
                "home's first).",
                unit="days",
                minimum=0,
                required=False,
            ),
        ),
        primary_key=("ulcer",),
        frame=events,
    )


def gp_correspondence() -> DataSet:
    """GP hours a week spent on correspondence, before and after a workflow redesign."""
    rng = _rng("gp_correspondence")
    week = _weeks("2019-01-07", 60)
    before = np.arange(60) < 26
    # 13.6 hours a week before; 7.6 after: 44% less, 6 hours a week released
    hours = np.where(before, 13.6, 7.6)
    hours[before] += _centred(rng, 1.3, before.sum())
    hours[~before] += _centred(rng, 0.9, (~before).sum())
    frame = pd.DataFrame(
        {
            "week": week,
            "letters": rng.poisson(420, 60),
            "gp_hours": np.round(hours, 1),
            "phase": np.where(before, "before", "after"),
        }
    )
    return DataSet(
        name="gp_correspondence",
        title="GP time spent on correspondence in one practice, weekly, 2019-2020",
        description=(
            "Synthetic series for one general practice (invented). gp_hours: hours "
            "the practice's GPs spent reading and actioning clinical letters and "
            "results in the week (Monday to Friday), from a time log. letters: items "
            "of correspondence received. From the week of 8 July 2019 trained "
            "administrative staff read and coded incoming letters and passed to a "
            "GP only those needing clinical action. Modelled on the 44% average fall "
            "in GP time on correspondence reported by Healthcare Improvement "
            "Scotland, and the 6 hours a week released in one practice that "
            "measured it."
        ),
        story="A practice redesigns how letters are handled in July 2019 and GP time "
        "on correspondence falls by 44%, about 6 hours a week.",
        unit="hours per week",
        frequency="weekly",
        charts=("i", "run"),
        teaches=("shift after a change", "stable baseline"),
        modules=(6, 8),
        sources=(NCS,),
        fields=(
            Field("week", "date", "Monday of the week."),
            Field(
                "letters",
                "integer",
                "Items of clinical correspondence received in the week.",
                unit="letters",
                minimum=0,
            ),
            Field(
                "gp_hours",
                "number",
                "GP hours spent on correspondence in the week.",
                unit="hours",
                decimals=1,
                minimum=0,
            ),
            Field(
                "phase",
                "string",
                "before or after the new workflow (from the week of 8 July 2019).",
                enum=("before", "after"),
            ),
        ),
        primary_key=("week",),
        frame=frame,
    )


WARDS = ("Ward 1", "Ward 2", "Ward 3", "Ward 4")


def restraint() -> DataSet:
    """Restraint episodes on four mental health wards, weekly."""
    rng = _rng("restraint")
    week = _weeks("2022-01-03", 78)
    w, n = len(WARDS), len(week)
    beds = np.array([20, 18, 24, 22])[:, None]
    bed_days = np.round(beds * 7 * np.clip(rng.normal(0.94, 0.03, (w, n)), 0.8, 1.0))
    bed_days = bed_days.astype(np.int64)
    before = np.arange(n) < 26
    per_1000 = rng.uniform(22, 36, w)  # episodes per 1,000 occupied bed days
    before_total = rng.poisson(per_1000 * bed_days[:, before].sum(1) / 1000)
    counts = np.zeros((w, n), dtype=np.int64)
    counts[:, before] = _multinomial(rng, before_total, bed_days[:, before])
    # an astronomical week on Ward 3: one very distressed patient, many episodes
    counts[2, 16] += 13
    before_total = counts[:, before].sum(1)
    # reductions after the change: up to 57% on Ward 2
    fewer = np.array([0.30, 0.57, 0.42, 0.12])
    rate = before_total / bed_days[:, before].sum(1)
    after_total = np.round((1 - fewer) * rate * bed_days[:, ~before].sum(1))
    # the new practice beds in over the first two months
    t = np.arange((~before).sum())
    settle = (1 - fewer)[:, None] + fewer[:, None] * np.exp(-t / 4)[None, :]
    counts[:, ~before] = _multinomial(
        rng, after_total.astype(np.int64), bed_days[:, ~before] * settle
    )
    frame = pd.DataFrame(
        {
            "week": np.tile(week, w),
            "ward": np.repeat(WARDS, n),
            "occupied_bed_days": bed_days.ravel(),
            "episodes": counts.ravel(),
            "phase": np.tile(np.where(before, "before", "after"), w),
        }
    ).sort_values(["week", "ward"], kind="stable", ignore_index=True)
    return DataSet(
        name="restraint",
        title="Restraint on four adult mental health wards, weekly, 2022-2023",
        description=(
            "Synthetic series for four adult acute mental health wards (invented). "
            "Numerator: episodes of physical restraint recorded in the week (each "
            "episode counted once, however long). Denominator: occupied bed days. "
            "The wards introduced a restraint reduction bundle from the week of 4 "
            "July 2022. Modelled on Healthcare Improvement Scotland's report of up "
            "to 57% less restraint in mental health: the best ward, Ward 2, has 57% "
            "fewer episodes per bed day after the change. Ward 3 has one "
            "astronomical week in April 2022."
        ),
        story="Four mental health wards cut restraint after a July 2022 change, by up "
        "to 57%; one ward has an astronomical week.",
        unit="episodes per 1,000 occupied bed days",
        frequency="weekly",
        charts=("u", "c", "run"),
        teaches=("shift after a change", "astronomical point", "many units"),
        modules=(5, 8),
        sources=(NCS,),
        fields=(
            Field("week", "date", "Monday of the week."),
            Field("ward", "string", "Ward (invented).", enum=WARDS),
            Field(
                "occupied_bed_days",
                "integer",
                "Beds occupied each night of the week, added up (the denominator).",
                unit="bed days",
                minimum=0,
            ),
            Field(
                "episodes",
                "integer",
                "Episodes of physical restraint (the numerator).",
                unit="episodes",
                minimum=0,
            ),
            Field(
                "phase",
                "string",
                "before or after the restraint reduction bundle (from 4 July 2022).",
                enum=("before", "after"),
            ),
        ),
        primary_key=("week", "ward"),
        frame=frame,
    )


def _ar1(rng: np.random.Generator, phi: float, sd: float, size: int) -> np.ndarray:
    """AR(1) noise, x[t] = phi x[t-1] + e[t], as one matrix product (no loop)."""
    e = rng.normal(0.0, sd, size)
    lag = np.arange(size)[:, None] - np.arange(size)[None, :]
    weights = np.where(lag >= 0, phi ** np.clip(lag, 0, None), 0.0)
    return weights @ e


def waiting_list() -> DataSet:
    """People waiting for a social work assessment, weekly: a steady fall."""
    rng = _rng("waiting_list")
    n, base, fall, last = 78, 26, 40, 12
    week = _weeks("2019-04-05", n, day="FRI")
    t = np.arange(n)
    level = 190 - 70.3 * np.clip((t - base + 1) / fall, 0, 1)
    noise = _ar1(rng, 0.6, 5.0, n)
    noise[:base] -= noise[:base].mean()
    noise[-last:] -= noise[-last:].mean()
    waiting = np.round(level + noise).astype(np.int64)

    signposted = rng.poisson(14 + 15 * np.clip((t - base + 1) / fall, 0, 1))
    # up to 107% more people signposted to community support: fix the final total
    final = round(2.07 * signposted[:base].mean() * last)
    signposted[-last:] = _multinomial(rng, final, np.ones(last))
    frame = pd.DataFrame(
        {
            "week": week,
            "referrals": rng.poisson(44, n),
            "signposted": signposted,
            "waiting": waiting,
        }
    )
    return DataSet(
        name="waiting_list",
        title="Social work waiting list in one area, weekly, 2019-2020",
        description=(
            "Synthetic series for one local authority's adult social work service "
            "(invented). waiting: people assessed as needing social work support "
            "and not yet allocated a worker, counted each Friday. referrals: new "
            "referrals in the week. signposted: people given information or "
            "connected to support in the community at a drop-in hub instead of "
            "joining the list. A community-led support approach started in October "
            "2019. Modelled on the 37% fall in the social work waiting list and the "
            "up to 107% rise in new people receiving universal support or "
            "signposting reported by Healthcare Improvement Scotland."
        ),
        story="A social work waiting list shrinks steadily by 37% over 40 weeks after "
        "community-led support starts; signposting doubles.",
        unit="people waiting",
        frequency="weekly",
        charts=("run", "i"),
        teaches=("trend", "stable baseline"),
        modules=(5, 6),
        sources=(NCS,),
        fields=(
            Field("week", "date", "Friday of the week (the day of the count)."),
            Field(
                "referrals",
                "integer",
                "New referrals to the service in the week.",
                unit="referrals",
                minimum=0,
            ),
            Field(
                "signposted",
                "integer",
                "People given information or connected to community support at a "
                "hub in the week.",
                unit="people",
                minimum=0,
            ),
            Field(
                "waiting",
                "integer",
                "People waiting for allocation to a social worker on the Friday.",
                unit="people",
                minimum=0,
            ),
        ),
        primary_key=("week",),
        frame=frame,
    )


def permanence() -> DataSet:
    """Days from becoming looked after to a permanence decision, one row per child."""
    rng = _rng("permanence")
    n = 150
    first, last = pd.Timestamp("2011-01-01"), pd.Timestamp("2017-12-31")
    decision = first + pd.to_timedelta(
        np.sort(rng.integers(0, (last - first).days + 1, n)), unit="D"
    )
    joined = pd.Timestamp("2014-07-01")  # the authority joined PACE
    after = np.asarray(decision >= joined)
    # the typical (median) time falls from about 1,150 to 640 days over the first
    # year in PACE
    months_in = np.clip((decision - joined).days.to_numpy() / 365.25, 0, 1)
    median = np.exp(np.log(1150) + (np.log(640) - np.log(1150)) * months_in)
    days = median * np.exp(rng.normal(0.0, np.where(after, 0.45, 0.5), n))
    days = np.where(after, np.clip(days, 180, 3956), np.clip(days, 381, 3956))
    days = np.round(days).astype(np.int64)
    # the published range for the journey to permanence: 12.5 months (381 days) to
    # 10 years 10 months (3,956 days); pin the baseline's extremes to it
    idx = np.flatnonzero(~after)
    days[idx[np.argmin(days[idx])]] = 381
    days[idx[np.argmax(days[idx])]] = 3956
    frame = pd.DataFrame(
        {
            "child": [f"C{i:03d}" for i in range(1, n + 1)],
            "looked_after": decision - pd.to_timedelta(days, unit="D"),
            "decision": decision,
            "days": days,
            "phase": np.where(after, "after", "before"),
        }
    )
    return DataSet(
        name="permanence",
        title="Days to a permanence decision for looked-after children in one local "
        "authority, 2011-2017",
        description=(
            "Synthetic records, one row per child (invented), in order of the "
            "decision. looked_after: the date the child was first looked after away "
            "from home. decision: the date permanence was secured in law (a "
            "permanence order or an adoption order granted). days: decision minus "
            "looked_after. The authority joined the Permanence and Care Excellence "
            "(PACE) programme in July 2014. Modelled on the range reported from "
            "SCRA's research (Henderson et al., 2011): from 12.5 months to 10 years "
            "10 months before PACE; the times are skewed, with a long right tail."
        ),
        story="Children wait from 12.5 months to over 10 years for permanence; after "
        "the authority joins PACE in 2014 the typical wait shortens.",
        unit="days",
        frequency="per child",
        charts=("run", "i"),
        teaches=("shift after a change",),
        modules=(5, 6, 8),
        sources=(SIJ,),
        fields=(
            Field("child", "string", "Child identifier (invented), in decision order."),
            Field(
                "looked_after",
                "date",
                "Date the child was first looked after away from home.",
            ),
            Field(
                "decision",
                "date",
                "Date a permanence order or adoption order was granted.",
            ),
            Field(
                "days",
                "integer",
                "Days from looked_after to decision.",
                unit="days",
                minimum=0,
            ),
            Field(
                "phase",
                "string",
                "before or after the authority joined PACE (1 July 2014), by "
                "decision date.",
                enum=("before", "after"),
            ),
        ),
        primary_key=("child",),
        frame=frame,
    )


def hospital_at_home() -> DataSet:
    """Hospital at Home in 22 partnerships: the month each started, beds by month."""
    rng = _rng("hospital_at_home")
    month = _months("2018-04-01", 43)
    m = len(month)
    pick = np.sort(rng.choice(len(HSCPS), 22, replace=False))
    names = np.array([HSCPS[i][0] for i in pick])
    population = np.array([HSCPS[i][1] for i in pick], dtype=float)
    # an S-shaped spread: a few early adopters, most in 2020-2021, the last by
    # October 2021
    u = np.sort(rng.uniform(0.02, 0.98, 22))
    start = np.clip(np.round(27 + 5.5 * np.log(u / (1 - u))), 0, m - 1).astype(int)
    start[0], start[-1] = 0, m - 1
    start = rng.permutation(start)
    capacity = 4 + 26 * (population / population.max()) ** 0.8
    since = np.arange(m)[None, :] - start[:, None]
    beds = capacity[:, None] * (1 - np.exp(-(since + 1) / 5))
    beds = beds * rng.normal(1.0, 0.08, beds.shape)
    keep = since >= 0
    frame = pd.DataFrame(
        {
            "month": np.tile(month, 22)[keep.ravel()],
            "partnership": np.repeat(names, m)[keep.ravel()],
            "started": np.repeat(month[start], m)[keep.ravel()],
            "occupied_beds": np.round(np.clip(beds, 0.3, None), 1)[keep],
        }
    ).sort_values(["month", "partnership"], kind="stable", ignore_index=True)
    return DataSet(
        name="hospital_at_home",
        title="Hospital at Home in 22 Health and Social Care Partnerships: start "
        "month and occupied beds, monthly, 2018-2021",
        description=(
            "Synthetic series (the partnership names are real; which partnerships "
            "appear, when they started and every bed number are invented). One row "
            "per partnership per month from the month its Hospital at Home service "
            "started. occupied_beds: the average number of people being cared for "
            "by the service on each day of the month (virtual beds). Modelled on "
            "Healthcare Improvement Scotland's support for Hospital at Home in 22 "
            "partnerships; the services start over 43 months in an S-shaped "
            "spread and grow to a size in line with the population they serve."
        ),
        story="Hospital at Home spreads to 22 partnerships between April 2018 and "
        "October 2021; each service grows after it starts.",
        unit="occupied beds",
        frequency="monthly",
        charts=("run", "i"),
        teaches=("many units", "trend"),
        modules=(10,),
        sources=(NCS, ILLUSTRATIVE),
        fields=(
            Field("month", "date", "First day of the month."),
            Field(
                "partnership",
                "string",
                "Health and Social Care Partnership.",
                enum=tuple(sorted(names)),
            ),
            Field(
                "started",
                "date",
                "First day of the month the partnership's service started.",
            ),
            Field(
                "occupied_beds",
                "number",
                "Average people cared for by the service each day of the month.",
                unit="beds",
                decimals=1,
                minimum=0,
            ),
        ),
        primary_key=("month", "partnership"),
        frame=frame,
    )


def parole_dossiers() -> DataSet:
    """Parole dossiers complete on time, monthly."""
    rng = _rng("parole_dossiers")
    month = _months("2015-01-01", 36)
    t = np.arange(36)
    due = rng.poisson(46, 36)
    # 58% complete on time for 15 months; a new preparation process from April 2016
    # lifts it to 86% over six months
    p = 0.58 + 0.28 * np.clip((t - 14) / 6, 0, 1)
    done = rng.binomial(due, p)
    frame = pd.DataFrame(
        {
            "month": month,
            "dossiers": due,
            "complete_on_time": done,
            "percent": _percent(done, due),
        }
    )
    return DataSet(
        name="parole_dossiers",
        title="Parole dossiers complete on time, monthly, 2015-2017",
        description=(
            "Synthetic series (illustrative numbers). Denominator: parole dossiers "
            "due to reach the Parole Board in the month. Numerator: those that "
            "arrived by the due date with every required report in them. A "
            "redesigned preparation process was tested from April 2016. Modelled "
            "on the Leading Improvement Team's work with the Scottish Prison "
            "Service on the completeness and timeliness of parole dossiers (no "
            "figures were published; the numbers are illustrative)."
        ),
        story="Complete, on-time parole dossiers rise from about 58% to 86% after a "
        "redesigned preparation process from April 2016.",
        unit="% of dossiers",
        frequency="monthly",
        charts=("p", "run"),
        teaches=("shift after a change", "stable baseline"),
        modules=(5, 8),
        sources=(SIJ, ILLUSTRATIVE),
        fields=(
            Field("month", "date", "First day of the month the dossiers were due."),
            Field(
                "dossiers",
                "integer",
                "Dossiers due in the month (the denominator).",
                unit="dossiers",
                minimum=0,
            ),
            Field(
                "complete_on_time",
                "integer",
                "Dossiers complete and on time (the numerator).",
                unit="dossiers",
                minimum=0,
            ),
            Field(
                "percent",
                "number",
                "complete_on_time / dossiers x 100.",
                unit="%",
                decimals=1,
                minimum=0,
                maximum=100,
            ),
        ),
        primary_key=("month",),
        frame=frame,
    )


def one_to_one_observations() -> DataSet:
    """Hours of 1:1 observation on one ward, weekly, with staff sickness."""
    rng = _rng("one_to_one_observations")
    n, base, change = 52, 16, 16
    week = _weeks("2019-01-07", n)
    t = np.arange(n)
    final = slice(base + change, n)
    # 310 hours a week before; 95% fewer (15.5 hours) once the change has bedded in
    level = 310 * np.exp(np.log(0.05) * np.clip((t - base + 1) / change, 0, 1))
    noise = np.exp(rng.normal(0.0, np.where(t < base, 0.12, 0.3)))
    hours = level * noise
    hours[:base] *= 310 / hours[:base].mean()
    hours[final] *= 15.5 / hours[final].mean()
    sickness = 8.6 + (3.0 - 8.6) * np.clip((t - base + 1) / change, 0, 1)
    sickness[:base] += _centred(rng, 1.8, base)
    sickness[base : final.start] += rng.normal(0, 1.3, change)
    sickness[final] += _centred(rng, 0.9, n - final.start)
    bed_days = np.round(20 * 7 * np.clip(rng.normal(0.95, 0.03, n), 0.8, 1.0))
    frame = pd.DataFrame(
        {
            "week": week,
            "occupied_bed_days": bed_days.astype(np.int64),
            "observation_hours": np.round(hours).astype(np.int64),
            "staff_sickness": np.round(np.clip(sickness, 0, None), 1),
        }
    )
    return DataSet(
        name="one_to_one_observations",
        title="Hours of 1:1 observation on an adult mental health ward, weekly, 2019",
        description=(
            "Synthetic series for one 20-bed adult inpatient mental health ward "
            "(invented). observation_hours: hours in the week in which a patient "
            "was kept under continuous 1:1 observation by a member of staff. "
            "staff_sickness: % of the ward team's contracted hours lost to sickness "
            "in the week (a balancing measure). From the week of 29 April 2019 the "
            "ward replaced routine observation with planned therapeutic engagement. "
            "Modelled on Healthcare Improvement Scotland's report of 95% fewer 1:1 "
            "observations and 65% less staff sickness after the 'From Observation "
            "to Intervention' guidance: the last 20 weeks average 95% fewer hours "
            "than the first 16, and 65% less sickness."
        ),
        story="A ward moves from observation to intervention: 1:1 observation hours "
        "fall by 95% over four months, staff sickness by 65%.",
        unit="hours per week",
        frequency="weekly",
        charts=("i", "run"),
        teaches=("trend", "shift after a change"),
        modules=(5, 6, 8),
        sources=(NCS,),
        fields=(
            Field("week", "date", "Monday of the week."),
            Field(
                "occupied_bed_days",
                "integer",
                "Beds occupied each night of the week, added up.",
                unit="bed days",
                minimum=0,
            ),
            Field(
                "observation_hours",
                "integer",
                "Hours of continuous 1:1 observation in the week.",
                unit="hours",
                minimum=0,
            ),
            Field(
                "staff_sickness",
                "number",
                "Contracted hours lost to sickness / contracted hours x 100.",
                unit="%",
                decimals=1,
                minimum=0,
                maximum=100,
            ),
        ),
        primary_key=("week",),
        frame=frame,
    )


#: The welcome notebook's falls (curriculum/00_welcome.ipynb), as they were inline:
#: 2023 (the baseline), then 2024 (after the falls prevention plan).
FALLS_2023 = (9, 7, 10, 8, 11, 9, 8, 10, 7, 9, 8, 10)
FALLS_2024 = (6, 5, 6, 4, 5, 6, 4, 5, 3, 5, 4, 4)


def ward_falls() -> DataSet:
    """Patient falls each month on a 28-bed medical ward (the welcome notebook)."""
    rng = _rng("ward_falls")
    month = _months("2023-01-01", 24)
    occupancy = np.clip(rng.normal(0.93, 0.02, 24), 0.85, 1.0)
    bed_days = np.round(28 * month.days_in_month.to_numpy() * occupancy)
    frame = pd.DataFrame(
        {
            "month": month,
            "falls": np.array(FALLS_2023 + FALLS_2024, dtype=np.int64),
            "occupied_bed_days": bed_days.astype(np.int64),
        }
    )
    return DataSet(
        name="ward_falls",
        title="Patient falls on a medical ward, monthly, 2023-2024",
        description=(
            "The 24 months of falls in qikit's welcome notebook "
            "(curriculum/00_welcome.ipynb), made up for teaching. falls: falls of "
            "inpatients on a 28-bed medical ward, whether or not they caused harm. "
            "The ward started a falls prevention plan in January 2024; the first "
            "12 months are the baseline. occupied_bed_days (added here, "
            "illustrative) allows a rate per 1,000 bed days."
        ),
        story="A 28-bed medical ward starts a falls prevention plan in January 2024 "
        "and its falls drop below the baseline median.",
        unit="falls",
        frequency="monthly",
        charts=("run", "c", "u"),
        teaches=("shift after a change", "stable baseline"),
        modules=(0, 6),
        sources=(
            {"title": "qikit welcome notebook, curriculum/00_welcome.ipynb"},
            ILLUSTRATIVE,
        ),
        fields=(
            Field("month", "date", "First day of the month."),
            Field(
                "falls",
                "integer",
                "Inpatient falls in the month, with or without harm.",
                unit="falls",
                minimum=0,
            ),
            Field(
                "occupied_bed_days",
                "integer",
                "Beds occupied each night of the month, added up.",
                unit="bed days",
                minimum=0,
            ),
        ),
        primary_key=("month",),
        frame=frame,
    )


def ed_four_hours() -> DataSet:
    """Emergency department patients seen within 4 hours, weekly, one health board."""
    rng = _rng("ed_four_hours")
    n = 156
    week = _weeks("2016-04-03", n, day="SUN")
    doy = week.day_of_year.to_numpy()
    summer = np.cos(2 * np.pi * (doy - 196) / 365.25)  # +1 in mid-July
    attendances = rng.poisson(6000 * (1 + 0.06 * summer) * rng.normal(1, 0.02, n))
    winter = np.clip(np.cos(2 * np.pi * (doy - 15) / 365.25), 0, None) ** 2
    new_year = ((doy <= 14) | (doy >= 362)).astype(float)
    p = 0.925 - 0.06 * winter - 0.03 * new_year + rng.normal(0.0, 0.018, n)
    within = rng.binomial(attendances, np.clip(p, 0.6, 0.99))
    frame = pd.DataFrame(
        {
            "week_ending": week,
            "attendances": attendances,
            "within_4h": within,
            "percent": _percent(within, attendances),
        }
    )
    return DataSet(
        name="ed_four_hours",
        title="Emergency department patients seen within 4 hours in one health "
        "board, weekly, 2016-2019",
        description=(
            "Synthetic series for the emergency departments of one mainland health "
            "board (illustrative numbers, about 6,000 attendances a week). "
            "Denominator: attendances in the week ending on the Sunday. Numerator: "
            "those admitted, transferred or discharged within 4 hours of arrival. "
            "The Scottish standard is 95%. Performance dips every winter, worst "
            "around New Year; with denominators this large the week-to-week "
            "variation is far wider than a p chart expects (over-dispersion)."
        ),
        story="Weekly four-hour performance dips every winter; the denominators are so "
        "large that p chart limits flag most weeks, Laney's P' chart few.",
        unit="% of attendances",
        frequency="weekly",
        charts=("pp", "p", "run"),
        teaches=("over-dispersion", "seasonality"),
        modules=(1, 8),
        sources=(
            {"title": "Scottish Government four-hour emergency access standard (95%)"},
            ILLUSTRATIVE,
        ),
        fields=(
            Field("week_ending", "date", "Sunday that ends the week."),
            Field(
                "attendances",
                "integer",
                "Attendances at the emergency departments (the denominator).",
                unit="attendances",
                minimum=0,
            ),
            Field(
                "within_4h",
                "integer",
                "Attendances admitted, transferred or discharged within 4 hours "
                "(the numerator).",
                unit="attendances",
                minimum=0,
            ),
            Field(
                "percent",
                "number",
                "within_4h / attendances x 100.",
                unit="%",
                decimals=1,
                minimum=0,
                maximum=100,
            ),
        ),
        primary_key=("week_ending",),
        frame=frame,
    )


#: The IHI assessment scale for collaboratives, 0.5 to 5.0 in steps of 0.5.
IHI_SCALE = {
    0.5: "Intent to participate",
    1.0: "Forming team",
    1.5: "Planning for the project has begun",
    2.0: "Activity, but no changes",
    2.5: "Changes tested, but no improvement",
    3.0: "Modest improvement",
    3.5: "Improvement",
    4.0: "Significant improvement",
    4.5: "Sustainable improvement",
    5.0: "Outstanding sustainable results",
}
TEAMS_BTS = tuple(f"Team {c}" for c in "ABCDEFGHIJKLMNOP")


def collaborative_scores() -> DataSet:
    """Monthly IHI assessment scores per team, self-assessed and faculty-assessed."""
    rng = _rng("collaborative_scores")
    month = _months("2022-01-01", 18)
    k, m = len(TEAMS_BTS), len(month)
    t = np.arange(m)
    start = rng.uniform(0.6, 1.4, k)
    # where each team ends up: 4 stall, 8 improve, 4 reach sustainable improvement
    ceiling = rng.permutation(
        np.concatenate(
            [
                rng.uniform(2.0, 2.7, 4),
                rng.uniform(3.0, 3.9, 8),
                rng.uniform(4.1, 4.9, 4),
            ]
        )
    )
    pace = rng.uniform(3.0, 7.0, k)
    latent = start[:, None] + (ceiling - start)[:, None] * (
        1 - np.exp(-t[None, :] / pace[:, None])
    )
    faculty = np.round(2 * (latent + rng.normal(0, 0.15, (k, m)))) / 2
    faculty = np.maximum.accumulate(np.clip(faculty, 0.5, 5.0), axis=1)
    # now and then the faculty marks a team down half a point when its data slip
    slip = (rng.random((k, m)) < 0.04) & (t[None, :] > 3)
    faculty = np.clip(faculty - 0.5 * slip, 0.5, 5.0)
    # teams rate themselves higher than the faculty early on, less so later
    late = t[None, :] / (m - 1)
    u = rng.random((k, m))
    p_up1 = 0.15 - 0.12 * late
    p_up = 0.45 - 0.2 * late
    p_down = 0.05 + 0.05 * late
    bias = np.where(u < p_up1, 1.0, np.where(u < p_up1 + p_up, 0.5, 0.0))
    bias = np.where(u > 1 - p_down, -0.5, bias)
    own = np.clip(faculty + bias, 0.5, 5.0)

    scores = np.stack([own, faculty], axis=-1)  # team, month, assessor
    frame = pd.DataFrame(
        {
            "month": np.tile(np.repeat(month, 2), k),
            "team": np.repeat(TEAMS_BTS, m * 2),
            "assessor": np.tile(["self", "faculty"], k * m),
            "score": scores.ravel(),
        }
    )
    frame["label"] = frame["score"].map(IHI_SCALE)
    frame = frame.sort_values(
        ["month", "team", "assessor"], kind="stable", ignore_index=True
    )
    return DataSet(
        name="collaborative_scores",
        title="IHI assessment scores of 16 teams in a Breakthrough Series "
        "collaborative, monthly, self and faculty, 2022-2023",
        description=(
            "Synthetic scores (invented teams). Each month of an 18-month "
            "Breakthrough Series collaborative, each team rates its own progress "
            "and the collaborative faculty rates it too, on the IHI assessment "
            "scale for collaboratives: 0.5 (intent to participate) to 5.0 "
            "(outstanding sustainable results) in steps of 0.5, each level with a "
            "published definition. Teams rate themselves higher than the faculty "
            "does early on; the gap narrows. By the end some teams are still "
            "at 2.5 (changes tested, no improvement yet) and others have reached 4.0 "
            "or more."
        ),
        story="Sixteen teams in an 18-month collaborative: self-assessments run ahead "
        "of the faculty's early on, and progress differs widely between teams.",
        unit="assessment score (0.5-5.0)",
        frequency="monthly",
        charts=("run", "small multiples"),
        teaches=("many units", "trend"),
        modules=(10,),
        sources=(
            {
                "title": "Institute for Healthcare Improvement: Assessment Scale for "
                "Collaboratives",
                "path": "https://www.ihi.org/resources/tools/assessment-scale-"
                "collaboratives",
            },
            {
                "title": "The Breakthrough Series: IHI's Collaborative Model for "
                "Achieving Breakthrough Improvement. IHI Innovation Series white "
                "paper, 2003",
            },
        ),
        fields=(
            Field("month", "date", "First day of the month of the assessment."),
            Field(
                "team",
                "string",
                "Team in the collaborative (invented).",
                enum=TEAMS_BTS,
            ),
            Field(
                "assessor",
                "string",
                "self (the team's own rating) or faculty (the collaborative "
                "faculty's rating).",
                enum=("self", "faculty"),
            ),
            Field(
                "score",
                "number",
                "IHI assessment score, 0.5 to 5.0 in steps of 0.5.",
                unit="score",
                decimals=1,
                minimum=0.5,
                maximum=5.0,
            ),
            Field(
                "label",
                "string",
                "The scale's name for the score.",
                enum=tuple(IHI_SCALE.values()),
            ),
        ),
        primary_key=("month", "team", "assessor"),
        frame=frame,
    )


#: The NHS Sustainability Model: ten factors in three domains.
SUSTAINABILITY_FACTORS = (
    ("process", "Benefits beyond helping patients"),
    ("process", "Credibility of the evidence"),
    ("process", "Adaptability of improved process"),
    ("process", "Effectiveness of the system to monitor progress"),
    ("staff", "Staff involvement and training to sustain the process"),
    ("staff", "Staff behaviours toward sustaining the change"),
    ("staff", "Senior leadership engagement"),
    ("staff", "Clinical leadership engagement"),
    ("organisation", "Fit with the organisation's strategic aims and culture"),
    ("organisation", "Infrastructure for sustainability"),
)
SM_TEAMS = ("Team 1", "Team 2", "Team 3", "Team 4", "Team 5")
SM_MEMBERS = np.array([6, 8, 7, 10, 9])
SM_ROUNDS = pd.DatetimeIndex(["2023-03-01", "2023-06-01", "2023-09-01"])


def sustainability_ratings() -> DataSet:
    """NHS Sustainability Model: each member of five teams rates the ten factors."""
    rng = _rng("sustainability_ratings")
    k, f, r = len(SM_TEAMS), len(SUSTAINABILITY_FACTORS), len(SM_ROUNDS)
    team_of = np.repeat(np.arange(k), SM_MEMBERS)  # one entry per member
    member_no = np.concatenate([np.arange(1, c + 1) for c in SM_MEMBERS])
    people = team_of.size
    base = rng.uniform(1.6, 3.4, (k, f))
    growth = rng.uniform(0.0, 0.35, k)
    spread = np.array([0.75, 0.55, 0.4])  # opinions converge as teams talk
    level = (
        base[team_of][:, :, None]
        + growth[team_of][:, None, None] * np.arange(r)[None, None, :]
        + rng.normal(0, 0.35, people)[:, None, None]
        + rng.normal(0, 1, (people, f, r)) * spread[None, None, :]
    )
    level = np.clip(np.round(level), 1, 4).astype(np.int64)  # person, factor, round
    shape = (people, f, r)
    p_idx, f_idx, r_idx = np.indices(shape).reshape(3, -1)
    frame = pd.DataFrame(
        {
            "date": SM_ROUNDS[r_idx],
            "round": r_idx + 1,
            "team": np.array(SM_TEAMS)[team_of[p_idx]],
            "member": [f"M{i:02d}" for i in member_no[p_idx]],
            "domain": np.array([d for d, _ in SUSTAINABILITY_FACTORS])[f_idx],
            "factor": np.array([x for _, x in SUSTAINABILITY_FACTORS])[f_idx],
            "rating": level.ravel(),
        }
    ).sort_values(["round", "team", "member"], kind="stable", ignore_index=True)
    return DataSet(
        name="sustainability_ratings",
        title="NHS Sustainability Model ratings by members of five improvement teams, "
        "three rounds, 2023",
        description=(
            "Synthetic ratings (invented teams and members). In each of three "
            "quarterly rounds, every member of five improvement teams rates the "
            "ten factors of the NHS Sustainability Model, grouped in its three "
            "domains (process, staff, organisation). For each factor the model "
            "offers four statements; rating is the level of the one the member "
            "chose, 1 the weakest position for sustaining the change and 4 the "
            "strongest. The "
            "model's guide weights the levels of each factor in its score sheet; "
            "those weights are not reproduced here. Opinions within a team "
            "converge from round to round, as Doyle and colleagues (2013) found "
            "when teams used the model repeatedly."
        ),
        story="Members of five teams rate the ten sustainability factors three times; "
        "teams differ, and opinions within a team converge.",
        unit="level (1-4)",
        frequency="quarterly",
        charts=("bar", "small multiples"),
        teaches=("many units",),
        modules=(11,),
        sources=(
            {
                "title": "NHS Institute for Innovation and Improvement: Sustainability "
                "Model and Guide (Maher, Gustafson and Evans)",
                "path": "https://webarchive.nationalarchives.gov.uk/20090410011325/"
                "https://www.institute.nhs.uk/sustainability_model/introduction/"
                "find_out_more_about_the_model.html",
            },
            {
                "title": "Doyle C et al. Making change last: applying the NHS "
                "Institute for Innovation and Improvement sustainability model to "
                "healthcare improvement. Implementation Science 2013;8:127",
                "path": "https://doi.org/10.1186/1748-5908-8-127",
            },
        ),
        fields=(
            Field("date", "date", "First day of the month of the rating round."),
            Field(
                "round",
                "integer",
                "Rating round, 1 to 3.",
                unit="round",
                minimum=1,
                maximum=3,
            ),
            Field("team", "string", "Improvement team (invented).", enum=SM_TEAMS),
            Field("member", "string", "Team member, numbered within the team."),
            Field(
                "domain",
                "string",
                "The model's domain of the factor.",
                enum=("process", "staff", "organisation"),
            ),
            Field(
                "factor",
                "string",
                "One of the model's ten factors.",
                enum=tuple(x for _, x in SUSTAINABILITY_FACTORS),
            ),
            Field(
                "rating",
                "integer",
                "The level of the statement chosen, 1 (weakest) to 4 (strongest).",
                unit="level",
                minimum=1,
                maximum=4,
            ),
        ),
        primary_key=("round", "team", "member", "factor"),
        frame=frame,
    )


def rag_ratings() -> DataSet:
    """A stable process reported against a 90% target with red, amber and green."""
    rng = _rng("rag_ratings")
    month = _months("2021-04-01", 36)
    referrals = rng.poisson(140, 36)
    seen = rng.binomial(referrals, 0.875)
    percent = _percent(seen, referrals)
    rag = np.where(percent >= 90, "green", np.where(percent >= 85, "amber", "red"))
    frame = pd.DataFrame(
        {
            "month": month,
            "referrals": referrals,
            "seen_in_time": seen,
            "percent": percent,
            "target": np.full(36, 90.0),
            "rag": rag,
        }
    )
    return DataSet(
        name="rag_ratings",
        title="New referrals seen within 10 working days by a community nursing team, "
        "monthly, with RAG ratings, 2021-2024",
        description=(
            "Synthetic series (illustrative numbers) from a stable process: every "
            "month is drawn from the same chance of 87.5%, nothing changes. "
            "Denominator: new referrals to the team in the month. Numerator: those "
            "seen within 10 working days of referral. Each month is rated against "
            "a 90% target, as a board report would: green at 90% or more, amber "
            "from 85% to below 90%, red below 85%. The colours change from month "
            "to month although the process does not."
        ),
        story="A stable process reported against a 90% target: the RAG colour flips "
        "from month to month while nothing changes.",
        unit="% of referrals",
        frequency="monthly",
        charts=("p", "run"),
        teaches=("stable baseline",),
        modules=(1, 8),
        sources=(ILLUSTRATIVE,),
        fields=(
            Field("month", "date", "First day of the month of referral."),
            Field(
                "referrals",
                "integer",
                "New referrals in the month (the denominator).",
                unit="referrals",
                minimum=0,
            ),
            Field(
                "seen_in_time",
                "integer",
                "Referrals seen within 10 working days (the numerator).",
                unit="referrals",
                minimum=0,
            ),
            Field(
                "percent",
                "number",
                "seen_in_time / referrals x 100.",
                unit="%",
                decimals=1,
                minimum=0,
                maximum=100,
            ),
            Field(
                "target",
                "number",
                "The target the month is rated against.",
                unit="%",
                decimals=1,
                minimum=0,
                maximum=100,
            ),
            Field(
                "rag",
                "string",
                "Rating: green (percent >= 90), amber (85 to below 90), red (below "
                "85).",
                enum=("red", "amber", "green"),
            ),
        ),
        primary_key=("month",),
        frame=frame,
    )


#: Every set, in the order of issue 7 (and of datasets/README.md).
BUILDERS = (
    stillbirths,
    milestones_27_30,
    pressure_ulcers_monthly,
    pressure_ulcers_events,
    gp_correspondence,
    restraint,
    waiting_list,
    permanence,
    hospital_at_home,
    parole_dossiers,
    one_to_one_observations,
    ward_falls,
    ed_four_hours,
    collaborative_scores,
    sustainability_ratings,
    rag_ratings,
)


# ---------------------------------------------------------------------------- files


def _column_text(values: pd.Series, spec: Field) -> list[str]:
    if spec.type == "date":
        return pd.DatetimeIndex(values).strftime("%Y-%m-%d").tolist()
    if spec.type == "integer":
        ints = values.astype("Int64")
        return ["" if v is pd.NA else str(int(v)) for v in ints]
    if spec.type == "number":
        nums = values.to_numpy(dtype=float)
        text = np.char.mod(f"%.{spec.decimals}f", np.where(np.isnan(nums), 0, nums))
        return [
            "" if np.isnan(x) else s for x, s in zip(nums, text.tolist(), strict=True)
        ]
    return values.astype(str).tolist()


def _check(ds: DataSet) -> None:
    """Stop with a clear message when a frame does not match its description."""
    names = [f.name for f in ds.fields]
    if list(ds.frame.columns) != names:
        raise ValueError(f"{ds.name}: columns {list(ds.frame.columns)} != {names}")
    if ds.frame.duplicated(list(ds.primary_key)).any():
        raise ValueError(f"{ds.name}: the primary key {ds.primary_key} repeats")
    for f in ds.fields:
        col = ds.frame[f.name]
        if f.required and col.isna().any():
            raise ValueError(f"{ds.name}.{f.name}: missing values in a required field")
        if f.minimum is not None and (col.dropna() < f.minimum).any():
            raise ValueError(f"{ds.name}.{f.name}: below the minimum {f.minimum}")
        if f.maximum is not None and (col.dropna() > f.maximum).any():
            raise ValueError(f"{ds.name}.{f.name}: above the maximum {f.maximum}")
        if f.enum is not None and not col.isin(f.enum).all():
            raise ValueError(f"{ds.name}.{f.name}: a value outside {f.enum}")


def csv_bytes(ds: DataSet) -> bytes:
    """The set's CSV file: a header, fixed formats, ``\\n`` line endings, UTF-8."""
    _check(ds)
    columns = [_column_text(ds.frame[f.name], f) for f in ds.fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.name for f in ds.fields])
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue().encode("utf-8")


def resource_descriptor(ds: DataSet, data: bytes) -> dict:
    """The set's entry in ``datapackage.json`` (Frictionless Data Resource)."""
    return {
        "name": ds.name,
        "path": f"{ds.name}.csv",
        "profile": "tabular-data-resource",
        "title": ds.title,
        "description": ds.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "licenses": [MIT],
        "sources": list(ds.sources),
        "schema": {
            "fields": [f.descriptor() for f in ds.fields],
            "primaryKey": list(ds.primary_key),
            "missingValues": [""],
        },
        # qikit's own description of the set, read by qikit.datasets.list_datasets()
        "qikit": {
            "story": ds.story,
            "unit": ds.unit,
            "frequency": ds.frequency,
            "charts": list(ds.charts),
            "teaches": list(ds.teaches),
            "modules": list(ds.modules),
        },
    }


def build() -> dict[str, bytes]:
    """Every file, by file name, as bytes."""
    files: dict[str, bytes] = {}
    resources = []
    for builder in BUILDERS:
        ds = builder()
        data = csv_bytes(ds)
        files[f"{ds.name}.csv"] = data
        resources.append(resource_descriptor(ds, data))
    package = {
        "profile": "tabular-data-package",
        "name": "qikit-datasets",
        "title": "qikit data sets: synthetic improvement data from Scottish health "
        "and social care",
        "description": (
            "Made-up data sets for learning quality improvement with qikit, each "
            "modelled on published figures where there are some. Built by "
            "datasets/generate.py; documented in datasets/README.md."
        ),
        "licenses": [MIT],
        "contributors": [{"title": "qikit contributors", "role": "author"}],
        "keywords": ["quality improvement", "statistical process control", "Scotland"],
        "resources": resources,
    }
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    files["datapackage.json"] = text.encode("utf-8")
    return files


def write(out: Path = HERE) -> list[Path]:
    """Write every file into ``out`` (made if missing); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in build().items():
        target = out / name
        target.write_bytes(data)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder to write to (default: here)"
    )
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
