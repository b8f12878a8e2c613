"""Understanding the system: cause-and-effect (fishbone) diagrams and Pareto tables.

Before testing changes, a team studies the system that produces today's results.

* A **fishbone** (Ishikawa, cause-and-effect) diagram sorts the team's ideas about the
  causes of a problem into categories: people, methods, equipment, environment, and so
  on. :class:`Fishbone` holds it; :func:`qikit.plot.diagrams.plot_fishbone` draws it.
* A **Pareto chart** shows which few categories account for most of the problem (the
  "vital few"), so effort goes where it counts. :func:`pareto_table` computes it;
  :func:`qikit.plot.diagrams.plot_pareto` draws it.

Curriculum: module 3, ``curriculum/03_understanding_the_system.ipynb``.

Examples
--------
>>> from qikit.improve.system import pareto_table
>>> pareto_table({"Handover": 12, "Equipment": 3, "Staffing": 30, "Other": 5})
    category  count  percent  cumulative_percent  vital_few
0   Staffing     30     60.0                60.0       True
1   Handover     12     24.0                84.0       True
2      Other      5     10.0                94.0      False
3  Equipment      3      6.0               100.0      False
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit.errors import InputError
from qikit.improve import _common as c
from qikit.improve._common import Finding

__all__ = ["DEFAULT_CATEGORIES", "Fishbone", "pareto_table"]

#: A starting set of categories for health and social care (rename freely).
DEFAULT_CATEGORIES: tuple[str, ...] = (
    "People",
    "Methods",
    "Equipment",
    "Environment",
    "Materials",
    "Policies",
)
#: More categories than this make a diagram hard to read.
MAX_CATEGORIES = 8
_FIELDS = ("effect", "categories", "id")


def _categories(value: Any) -> dict[str, list[str]]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise v.fail(
            "categories",
            "must be a dict of category → list of causes",
            value,
            "Use {'People': ['Agency staff unfamiliar with residents'], ...}.",
        )
    else:
        items = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                items.append((item, []))
            else:
                raise v.fail(
                    f"categories[{i}]",
                    "must be a category name",
                    item,
                    "Give a dict of category → causes, or a list of category names.",
                )
    out: dict[str, list[str]] = {}
    for name, causes in items:
        if not isinstance(name, str):
            raise v.fail(
                "categories",
                "has a category name that is not text",
                name,
                "Name each category in words, e.g. 'People'.",
            )
        key = v.text(name, "categories", required=True, limit=100)
        causes_list = v.text_list(causes, f"categories[{key!r}]")
        for cause in causes_list:
            v.text(cause, f"categories[{key!r}]", limit=300)
        if key in out:
            out[key] += causes_list
        else:
            out[key] = causes_list
    return out


@dataclass
class Fishbone:
    """A cause-and-effect (fishbone, Ishikawa) diagram.

    Parameters
    ----------
    effect : str
        The problem at the head of the fish: "Residents develop pressure ulcers".
    categories : dict of str to list of str
        Category → causes, in drawing order. A list of names gives empty categories
        to fill in.
    id : str
        Stable id; default "fishbone".

    Raises
    ------
    InputError
        When a value is not text, or a cause is longer than 300 characters.

    Examples
    --------
    >>> fb = Fishbone("Missed medicines on the ward", {
    ...     "People": ["Interruptions during the round"],
    ...     "Equipment": ["Keys to the drug trolley go missing"]})
    >>> fb.add_cause("Methods", "No set time for the morning round")
    >>> fb.to_frame()
        category                            cause
    0     People   Interruptions during the round
    1  Equipment  Keys to the drug trolley go missing
    2    Methods  No set time for the morning round
    """

    effect: str = ""
    categories: dict[str, list[str]] = field(default_factory=dict)
    id: str = "fishbone"

    def __post_init__(self) -> None:
        self.effect = v.text(self.effect, "effect", limit=300)
        self.categories = _categories(self.categories)
        self.id = c.identifier(self.id, "id", default="fishbone")

    @classmethod
    def blank(
        cls, effect: str, categories: Iterable[str] = DEFAULT_CATEGORIES
    ) -> Fishbone:
        """A fishbone with empty categories, ready to fill in.

        Examples
        --------
        >>> list(Fishbone.blank("Late discharges").categories)
        ['People', 'Methods', 'Equipment', 'Environment', 'Materials', 'Policies']
        """
        return cls(effect, list(categories))

    def add_cause(self, category: str, cause: str) -> None:
        """Add a cause under a category (the category is created when new)."""
        key = v.text(category, "category", required=True, limit=100)
        text = v.text(cause, "cause", required=True, limit=300)
        self.categories.setdefault(key, []).append(text)

    def validate(self) -> list[Finding]:
        """Problems, one sentence each: no effect, no or too many categories, empty
        categories, repeated causes.

        Examples
        --------
        >>> for f in Fishbone("", {"People": []}).validate():
        ...     print(f)
        Write the effect: the problem you are trying to understand.
        The category ‘People’ has no causes yet.
        """
        try:
            Fishbone.from_dict(self.to_dict())
        except InputError as err:
            return c.unusable(err, "fishbone.invalid", self.id)
        out: list[Finding] = []
        if not self.effect:
            out.append(
                Finding(
                    "Write the effect: the problem you are trying to understand.",
                    "fishbone.effect_missing",
                )
            )
        if not self.categories:
            out.append(
                Finding(
                    "Add categories of causes, e.g. people, methods, equipment and "
                    "environment.",
                    "fishbone.no_categories",
                )
            )
        if len(self.categories) > MAX_CATEGORIES:
            out.append(
                Finding(
                    f"There are {len(self.categories)} categories; more than "
                    f"{MAX_CATEGORIES} make the diagram hard to read, so merge some.",
                    "fishbone.too_many_categories",
                )
            )
        seen: dict[str, str] = {}
        for name, causes in self.categories.items():
            if not causes:
                out.append(
                    Finding(
                        f"The category ‘{name}’ has no causes yet.",
                        "fishbone.empty_category",
                        name,
                    )
                )
            for cause in causes:
                key = " ".join(cause.casefold().split())
                if key in seen:
                    where = (
                        "twice"
                        if seen[key] == name
                        else f"under both ‘{seen[key]}’ and ‘{name}’"
                    )
                    out.append(
                        Finding(
                            f"The cause ‘{cause}’ appears {where}: keep it once.",
                            "fishbone.duplicate_cause",
                            name,
                        )
                    )
                else:
                    seen[key] = name
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per cause: columns ``category`` and ``cause`` (an empty category
        gives one row with an empty cause)."""
        rows = []
        for name, causes in self.categories.items():
            if not causes:
                rows.append({"category": name, "cause": ""})
            rows.extend({"category": name, "cause": cause} for cause in causes)
        return pd.DataFrame(rows, columns=["category", "cause"])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: ``effect``, ``categories`` (dict of lists), ``id``."""
        return {
            "effect": self.effect,
            "categories": {k: list(v) for k, v in self.categories.items()},
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> Fishbone:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input."""
        return c.from_fields(cls, d, argument, _FIELDS)

    @classmethod
    def from_frame(
        cls,
        data: pd.DataFrame,
        *,
        effect: str,
        category: str = "category",
        cause: str = "cause",
    ) -> Fishbone:
        """Build from a table with one row per cause (e.g. a spreadsheet).

        Raises
        ------
        ColumnError
            When a named column is not in the table.
        """
        if not isinstance(data, pd.DataFrame):
            raise v.fail(
                "data",
                "must be a table (DataFrame)",
                data,
                "Use pandas.read_excel(...) or pandas.DataFrame(...).",
            )
        category = v.column(data, category, "category")
        cause = v.column(data, cause, "cause")
        fb = cls(effect)
        for cat, text in zip(data[category], data[cause], strict=True):
            if not isinstance(cat, str):
                raise v.fail(
                    "data",
                    f"column {category!r} holds a value that is not text",
                    cat,
                    "Fill in every category.",
                )
            fb.categories.setdefault(v.text(cat, "category", required=True), [])
            if isinstance(text, str) and text.strip():
                fb.add_cause(cat, text)
        return fb


# ---------------------------------------------------------------------------- pareto

_PARETO_COLUMNS = ["category", "count", "percent", "cumulative_percent", "vital_few"]


def pareto_table(
    data: Any = None,
    *,
    category: str | None = None,
    count: str | None = None,
    threshold: float = 80,
    other: str | None = None,
) -> pd.DataFrame:
    """Sort categories by size and find the vital few that make up most of the total.

    Parameters
    ----------
    data : DataFrame, dict, Series or list
        * a DataFrame with a ``category`` column, one row per event (counted here),
          or also a ``count`` column of totals;
        * a dict ``{category: count}`` or a Series of counts indexed by category;
        * a list of category labels, one per event.
    category : str, optional
        Column of ``data`` holding the category (a DataFrame needs it).
    count : str, optional
        Column of ``data`` holding counts (or costs, minutes...); without it each
        row counts once.
    threshold : float, default 80
        The cumulative percentage that marks the vital few (the 80/20 rule).
    other : str, optional
        A catch-all category (e.g. "Other") kept last whatever its size, as is
        usual on a Pareto chart.

    Returns
    -------
    DataFrame
        Columns ``category``, ``count``, ``percent``, ``cumulative_percent`` and
        ``vital_few`` (True for each category needed to reach ``threshold``: those
        whose cumulative percentage *before* them is below it). Sorted by count,
        largest first; ties keep their order of first appearance.

    Raises
    ------
    InputError
        For negative or missing counts, a total of zero, or an unusable argument.
    ColumnError
        When ``category`` or ``count`` is not a column of ``data``.

    Examples
    --------
    >>> reasons = ["No bed", "Transport", "No bed", "Medicines", "No bed", "Transport"]
    >>> pareto_table(reasons)
        category  count    percent  cumulative_percent  vital_few
    0     No bed      3  50.000000           50.000000       True
    1  Transport      2  33.333333           83.333333       True
    2  Medicines      1  16.666667          100.000000      False
    """
    limit = v.number(threshold, "threshold")
    if not 0 < limit <= 100:
        raise v.fail(
            "threshold", "must be between 0 and 100", threshold, "Use 80 for 80%."
        )
    other_name = None if other is None else v.text(other, "other", required=True)
    labels, values = _pareto_input(data, category, count)
    if not labels:
        raise v.fail(
            "data",
            "has nothing to count",
            data,
            "Give at least one category with a count above zero.",
        )
    totals: dict[Any, float] = {}
    for label, value in zip(labels, values, strict=True):
        totals[label] = totals.get(label, 0.0) + value
    total = sum(totals.values())
    if total <= 0:
        raise v.fail(
            "data",
            "the counts add up to zero",
            dict(list(totals.items())[:5]),
            "A Pareto chart needs at least one category with a count above zero.",
        )
    keys = list(totals)
    order = sorted(
        range(len(keys)),
        key=lambda i: (keys[i] == other_name, -totals[keys[i]], i),
    )
    names = [keys[i] for i in order]
    counts = np.array([totals[n] for n in names], dtype=float)
    percent = counts / total * 100
    cumulative = np.cumsum(percent)
    cumulative[-1] = 100.0  # no rounding drift on the last bar
    before = np.concatenate([[0.0], cumulative[:-1]])
    vital = before < limit - 1e-9
    if other_name is not None:
        vital &= np.array([n != other_name for n in names])
    counts_out: Any = counts
    if all(float(v).is_integer() for v in counts):
        counts_out = counts.astype("int64")
    return pd.DataFrame(
        {
            "category": [str(n) for n in names],
            "count": counts_out,
            "percent": percent,
            "cumulative_percent": cumulative,
            "vital_few": vital,
        },
        columns=_PARETO_COLUMNS,
    )


def _check_count(value: Any, where: str) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise v.fail(
            where,
            "has a missing count",
            value,
            "Fill in every count (0 when there were none).",
        )
    number = v.number(value, where, required=False)
    if number is None or number < 0:
        raise v.fail(where, "has a negative count", value, "Counts cannot be below 0.")
    return number


def _pareto_input(data: Any, category: Any, count: Any) -> tuple[list, list[float]]:
    if isinstance(data, pd.DataFrame):
        if category is None:
            if "category" in data.columns:
                category = "category"
            else:
                raise v.fail(
                    "category",
                    "is needed with a table",
                    category,
                    f"Name the column of categories, one of: "
                    f"{', '.join(map(str, data.columns))}.",
                )
        if count is None and "count" in data.columns and category != "count":
            count = "count"
        category = v.column(data, category, "category")
        if count is not None:
            count = v.column(data, count, "count")
        labels = list(data[category])
        values = (
            [_check_count(v, f"data[{count!r}]") for v in data[count]]
            if count is not None
            else [1.0] * len(labels)
        )
    else:
        for arg, value in (("category", category), ("count", count)):
            if value is not None:
                raise v.fail(
                    arg,
                    "only applies when data is a table",
                    value,
                    "Leave it out for a dict, Series or list.",
                )
        if isinstance(data, pd.Series):
            labels = list(data.index)
            values = [_check_count(v, "data") for v in data]
        elif isinstance(data, Mapping):
            labels = list(data.keys())
            values = [_check_count(v, f"data[{k!r}]") for k, v in data.items()]
        elif isinstance(data, str | bytes) or not isinstance(data, Iterable):
            raise v.fail(
                "data",
                "must be a table, a dict of counts or a list of categories",
                data,
                "Use e.g. {'Transport': 12, 'No bed': 30}.",
            )
        else:
            labels = list(data)
            values = [1.0] * len(labels)
    for label in labels:
        if label is None or (isinstance(label, float) and math.isnan(label)):
            raise v.fail(
                "data",
                "has a missing category",
                label,
                "Fill in every category, or label it 'Unknown'.",
            )
        if not isinstance(label, str | int | np.integer):
            raise v.fail(
                "data",
                "has a category that is not text",
                label,
                "Name each category in words.",
            )
    labels = [str(label).strip() for label in labels]
    if any(not label for label in labels):
        raise v.fail(
            "data",
            "has an empty category name",
            "",
            "Fill in every category, or label it 'Unknown'.",
        )
    return labels, values
