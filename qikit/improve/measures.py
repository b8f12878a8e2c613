"""Measures: the second question of the Model for Improvement.

*How will we know that a change is an improvement?* With a small family of measures:

* **outcome** measures: how the system is performing for the people it serves (the
  aim's measure);
* **process** measures: whether the changes are being carried out as planned;
* **balancing** measures: what might get worse elsewhere because of the changes.

Each :class:`Measure` carries an :class:`OperationalDefinition` (exactly what is
counted, from where, how often and by whom), its improvement direction, an optional
target and its data (columns ``x``, ``y`` and optional ``n``). :func:`check_family`
reviews a family the way a coach would.

Curriculum: module 5, ``curriculum/05_measurement.ipynb``.

Examples
--------
>>> from qikit.improve.measures import Measure, OperationalDefinition, check_family
>>> falls = Measure("Falls per 1,000 occupied bed days", kind="outcome",
...                 improvement="decrease", unit="per 1,000 bed days")
>>> for finding in check_family([falls]):
...     print(finding.code)
family.missing_process
family.missing_balancing
family.no_definition
"""

from __future__ import annotations

import copy
import dataclasses
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import join_words, slug
from qikit.charts.qic import qic
from qikit.charts.result import QicResult
from qikit.charts.vocabulary import (
    CHART_ALIASES,
    CHARTS,
    IMPROVEMENT_ALIASES,
    IMPROVEMENTS,
    RATIO_CHARTS,
    RULE_SET_ALIASES,
    RULE_SETS,
    is_percent_unit,
)
from qikit.errors import InputError
from qikit.improve import _common as c
from qikit.improve._common import Finding
from qikit.improve._series import X_TYPES, clean_data, data_to_dict

__all__ = [
    "KINDS",
    "IMPROVEMENTS",
    "X_TYPES",
    "OperationalDefinition",
    "Measure",
    "check_family",
    "family_table",
]

_GOAL_MOVED = (
    "Measure(goal=...) is deprecated: use target=..., the word qikit.qic uses. "
    "goal goes in the next release."
)

#: The three kinds of measure in a family, in the order a report lists them.
KINDS: tuple[str, ...] = ("outcome", "process", "balancing")
#: Most teams cannot keep more measures than this going week after week.
MAX_FAMILY = 8

_KIND_ALIASES = {"outcomes": "outcome", "processes": "process", "balance": "balancing"}

_DEF_FIELDS = (
    "description",
    "numerator",
    "denominator",
    "inclusions",
    "exclusions",
    "data_source",
    "frequency",
    "sampling",
    "collected_by",
)
_DEF_LABELS = {
    "what": "what is counted (numerator or description)",
    "data_source": "the data source",
    "frequency": "how often the data are collected",
    "sampling": "how cases are sampled",
    "collected_by": "who collects the data",
    "inclusions": "who or what is included and excluded",
}
_MEASURE_FIELDS = (
    "name",
    "kind",
    "unit",
    "improvement",
    "target",
    "definition",
    "data",
    "chart_type",
    "multiply",
    "id",
    "notes",
    "rules",
)


@dataclass
class OperationalDefinition:
    """Exactly what a measure counts, so two people collecting it get the same number.

    Every field is plain text. Construction only checks that the values are text;
    :meth:`validate` lists the parts still to write.

    Parameters
    ----------
    description : str
        What is measured, in one sentence; for a measurement such as a waiting time
        this takes the place of a numerator ("days from referral to first visit").
    numerator : str
        What is counted: "residents who had one or more falls in the week".
    denominator : str
        What it is counted out of: "residents in the home on Sunday at midnight".
        Leave empty for a plain count (number of falls).
    inclusions, exclusions : str
        Who or what is in and out: "all long-stay residents", "respite stays under
        72 hours".
    data_source : str
        Where the data come from: "the home's incident log", "care plans".
    frequency : str
        How often: "weekly, Monday to Sunday".
    sampling : str
        All cases, or how they are picked: "all", "10 random care plans a week".
    collected_by : str
        Who collects the data: "the deputy manager".

    Examples
    --------
    >>> d = OperationalDefinition(numerator="residents with a fall",
    ...                           data_source="incident log")
    >>> for part in d.missing():
    ...     print(part)
    how often the data are collected
    how cases are sampled
    who collects the data
    who or what is included and excluded
    """

    description: str = ""
    numerator: str = ""
    denominator: str = ""
    inclusions: str = ""
    exclusions: str = ""
    data_source: str = ""
    frequency: str = ""
    sampling: str = ""
    collected_by: str = ""

    def __post_init__(self) -> None:
        for name in _DEF_FIELDS:
            setattr(self, name, v.text(getattr(self, name), name))

    @property
    def is_blank(self) -> bool:
        """True when nothing has been written yet."""
        return not any(getattr(self, name) for name in _DEF_FIELDS)

    def missing(self) -> list[str]:
        """Labels of the essential parts not yet written (empty when complete)."""
        out = []
        if not (self.numerator or self.description):
            out.append(_DEF_LABELS["what"])
        for name in ("data_source", "frequency", "sampling", "collected_by"):
            if not getattr(self, name):
                out.append(_DEF_LABELS[name])
        if not (self.inclusions or self.exclusions):
            out.append(_DEF_LABELS["inclusions"])
        return out

    def validate(self) -> list[Finding]:
        """One sentence per missing part (empty when the definition is complete).

        Examples
        --------
        >>> OperationalDefinition(description="days from referral to first visit",
        ...     inclusions="all new referrals", data_source="referral system",
        ...     frequency="weekly", sampling="all", collected_by="clerk").validate()
        []
        """
        try:
            dataclasses.replace(self)
        except InputError as err:
            return c.unusable(err, "definition.invalid")
        return [
            Finding(
                f"The operational definition does not yet say {label}.",
                code="definition.missing",
                subject=label,
            )
            for label in self.missing()
        ]

    def to_frame(self) -> pd.DataFrame:
        """Two columns, ``part`` and ``text``: one row per field, ready to print."""
        return pd.DataFrame(
            {
                "part": list(_DEF_FIELDS),
                "text": [getattr(self, name) for name in _DEF_FIELDS],
            }
        )

    def to_dict(self) -> dict[str, str]:
        """A plain dict of the nine text fields."""
        return {name: getattr(self, name) for name in _DEF_FIELDS}

    @classmethod
    def from_dict(
        cls, d: Mapping[str, Any], argument: str = ""
    ) -> OperationalDefinition:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input.

        ``argument`` is where ``d`` sits in a bigger object, for messages.
        """
        return c.from_fields(cls, d, argument, _DEF_FIELDS)


# ---------------------------------------------------------------------------- measure


@dataclass(eq=False)
class Measure:
    """One measure in a family: what it is, which way is better, and its data.

    Construction checks types and choices and cleans the data, raising
    :class:`~qikit.errors.InputError` for unusable values (an unknown kind, a
    ``y`` that is not a number, a negative denominator). :meth:`validate` lists the
    softer problems: no operational definition, a percentage without a denominator,
    a ratio chart without ``n``.

    Parameters
    ----------
    name : str
        What the team calls it: "Falls per 1,000 occupied bed days".
    kind : {"outcome", "process", "balancing"}
        Its role in the family.
    unit : str
        "%", "days", "falls per 1,000 bed days". With "%" and a denominator,
        :meth:`chart` multiplies the ratio by 100.
    improvement : {"increase", "decrease", "neutral"}
        Which way is better; passed to :func:`qikit.qic`.
    target : float, optional
        The level the team aims for; drawn as the target line (the same word as
        ``qikit.qic(target=...)``).
    definition : OperationalDefinition or dict, optional
        Exactly how the measure is collected.
    data : DataFrame or dict, optional
        Columns ``x`` (date, number or period label), ``y`` (the value, or the
        numerator count when ``n`` is given) and optional ``n`` (the denominator).
        Stored as a fresh DataFrame: dates become ``datetime64``, values ``float``.
    chart_type : str
        The chart for this measure (see :func:`~qikit.improve.choose_chart`):
        run, i, mr, xbar, s, t, p, pp, c, u, up or g.
    multiply : float, optional
        Multiply ratios by this on the chart: 1000 for "per 1,000 bed days".
        When not given, a percentage with a denominator is multiplied by 100.
    id : str, optional
        Stable id used for links; made from the name when not given.
    notes : str
        Anything else.
    rules : {"anhoej", "ihi", "mdc", "western_electric"}, optional
        The rule set for this measure's chart; ``None`` (the default) uses the
        project's (see :attr:`qikit.improve.Project.rules`), or qikit's default
        when the measure stands alone.
    goal : float, optional
        Deprecated: the old name of ``target``, kept for one release.

    Notes
    -----
    Two measures are equal when their :meth:`to_dict` output is equal (a DataFrame
    cannot be compared with ``==`` directly).

    Examples
    --------
    >>> import pandas as pd
    >>> m = Measure(
    ...     "Residents with a completed falls risk assessment", kind="process",
    ...     unit="%", improvement="increase", target=95, chart_type="p",
    ...     data=pd.DataFrame({"x": pd.date_range("2024-01-07", periods=3, freq="W"),
    ...                        "y": [14, 16, 18], "n": [20, 20, 21]}),
    ... )
    >>> m.id
    'residents-with-a-completed-falls-risk'
    >>> m.to_dict()["data"]["x"]
    ['2024-01-07', '2024-01-14', '2024-01-21']
    >>> Measure.from_dict(m.to_dict()) == m
    True
    """

    name: str
    kind: str
    unit: str = ""
    improvement: str = "increase"
    target: float | None = None
    definition: OperationalDefinition | None = None
    data: pd.DataFrame | None = None
    chart_type: str = "run"
    multiply: float | None = None
    id: str = ""
    notes: str = ""
    rules: str | None = None
    goal: dataclasses.InitVar[float | None] = None

    def __post_init__(self, goal: float | None = None) -> None:
        if goal is not None:
            warnings.warn(_GOAL_MOVED, DeprecationWarning, stacklevel=3)
            goal = v.number(goal, "goal", required=False)
            if self.target is not None:
                raise v.fail(
                    "goal",
                    "is the old name of target, and both are given",
                    goal,
                    "Give only target.",
                )
            self.target = goal
        self._coerce()

    def _coerce(self) -> None:
        self.name = v.text(self.name, "name", limit=200)
        self.kind = v.choice(self.kind, "kind", KINDS, aliases=_KIND_ALIASES)
        self.unit = v.text(self.unit, "unit", limit=80)
        self.improvement = v.choice(
            self.improvement, "improvement", IMPROVEMENTS, aliases=IMPROVEMENT_ALIASES
        )
        self.target = v.number(self.target, "target", required=False)
        if isinstance(self.definition, Mapping):
            self.definition = OperationalDefinition.from_dict(
                self.definition, "definition"
            )
        if self.definition is not None and not isinstance(
            self.definition, OperationalDefinition
        ):
            raise v.fail(
                "definition",
                "must be an OperationalDefinition",
                self.definition,
                "Use OperationalDefinition(numerator=..., data_source=..., ...).",
            )
        self.data = clean_data(self.data)
        self.chart_type = v.choice(
            self.chart_type, "chart_type", CHARTS, aliases=CHART_ALIASES
        )
        self.multiply = v.number(self.multiply, "multiply", required=False)
        if self.multiply is not None and self.multiply <= 0:
            raise v.fail(
                "multiply",
                "must be above zero",
                self.multiply,
                "Use 100 for a percentage or 1000 for a rate per 1,000.",
            )
        self.id = c.identifier(self.id, "id", default=slug(self.name) or "measure")
        self.notes = v.text(self.notes, "notes")
        if self.rules is not None:
            self.rules = v.choice(
                self.rules, "rules", RULE_SETS, aliases=RULE_SET_ALIASES
            )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Measure):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    # ------------------------------------------------------------------ data

    @property
    def has_data(self) -> bool:
        """True when the measure holds at least one point."""
        return self.data is not None and len(self.data) > 0

    def add_point(self, x: Any, y: Any, n: Any = None) -> None:
        """Append one point (and its denominator, when the measure has one).

        Examples
        --------
        >>> m = Measure("Days to first visit", kind="outcome", improvement="decrease")
        >>> m.add_point("2024-05-06", 12)
        >>> m.add_point("2024-05-13", 9)
        >>> m.data
                   x     y
        0 2024-05-06  12.0
        1 2024-05-13   9.0
        """
        row: dict[str, list[Any]] = {"x": [x], "y": [y]}
        has_n = self.data is not None and "n" in self.data
        if n is not None or has_n:
            row["n"] = [n]
        if self.data is not None and not has_n and n is not None:
            raise v.fail(
                "n",
                "this measure's data have no denominator column",
                n,
                "Leave n out, or add an n column for every point.",
            )
        new = clean_data(row)
        if self.data is None or self.data.empty:
            self.data = new
            return
        old = data_to_dict(self.data)
        add = data_to_dict(new)
        if old["x_type"] != add["x_type"] and {old["x_type"], add["x_type"]} != {
            "date",
            "datetime",
        }:
            raise v.fail(
                "x",
                f"this measure's x values are of type {old['x_type']}",
                x,
                "Give x in the same form as the earlier points.",
            )
        self.data = pd.concat([self.data, new], ignore_index=True)

    # ------------------------------------------------------------------ checks

    def validate(self) -> list[Finding]:
        """Problems a coach would raise about this measure (empty when fine).

        Examples
        --------
        >>> for f in Measure("Falls", kind="outcome", chart_type="u").validate():
        ...     print(f.code)
        family.no_definition
        """
        try:
            copy.copy(self)._coerce()  # the constructor's checks, on a copy
        except InputError as err:
            return c.unusable(err, "measure.invalid", self.id)
        out: list[Finding] = []
        label = self.name or self.id
        if not self.name:
            out.append(
                Finding("Give the measure a name.", "measure.name_missing", self.id)
            )
        out.extend(_definition_findings(self))
        definition = self.definition
        if (
            definition is not None
            and is_percent_unit(self.unit)
            and not definition.denominator
        ):
            out.append(
                Finding(
                    f"‘{label}’ is a percentage, so its definition needs a "
                    "denominator: out of how many?",
                    "measure.percentage_without_denominator",
                    self.id,
                )
            )
        if self.has_data:
            data = self.data
            if self.chart_type in RATIO_CHARTS and "n" not in data:
                out.append(
                    Finding(
                        f"‘{label}’ is set to a {self.chart_type} chart, which needs "
                        "the denominator of every point in column n.",
                        "measure.ratio_without_n",
                        self.id,
                    )
                )
            if self.chart_type in ("p", "pp") and "n" in data:
                over = data.index[(data["y"] > data["n"]).to_numpy()]
                if len(over):
                    out.append(
                        Finding(
                            f"‘{label}’: in row {int(over[0]) + 1} the count y is "
                            "larger than the denominator n, which is impossible for a "
                            "proportion.",
                            "measure.y_above_n",
                            self.id,
                        )
                    )
            if data["x"].duplicated().any():
                first = data["x"][data["x"].duplicated()].iloc[0]
                shown = first.date() if isinstance(first, pd.Timestamp) else first
                out.append(
                    Finding(
                        f"‘{label}’ has more than one point for {shown}: give each "
                        "period one value, or they will be combined on the chart.",
                        "measure.duplicate_x",
                        self.id,
                    )
                )
        return out

    # ------------------------------------------------------------------ charts

    def chart(self, **kwargs: Any) -> QicResult:
        """Compute the measure's chart with :func:`qikit.qic`.

        The measure supplies ``data``, ``x``, ``y``, ``n`` (when present),
        ``chart=self.chart_type``, ``improvement``, ``target``, ``rules`` (when
        the measure has its own), ``title``,
        ``ylab`` and ``multiply`` (a percentage with a denominator gets 100 unless
        ``multiply`` says otherwise). Any
        keyword given here wins, e.g. ``m.chart(chart="i", freeze=12)``.

        Returns
        -------
        QicResult
            Call ``.plot()`` on it to draw, or ``.summary()`` for the table.

        Raises
        ------
        InputError
            When the measure has no data yet (and whatever :func:`qikit.qic`
            raises for the data).
        """
        if not self.has_data:
            raise v.fail(
                "data",
                f"the measure ‘{self.name or self.id}’ has no data yet",
                self.data if self.data is None else "an empty table",
                "Add points with add_point(x, y) or give data=... first.",
            )
        args: dict[str, Any] = {
            "x": "x",
            "y": "y",
            "chart": self.chart_type,
            "improvement": self.improvement,
            "target": self.target,
            "title": self.name or None,
            "ylab": self.unit or None,
        }
        if "n" in self.data:
            args["n"] = "n"
            if self.multiply is not None:
                args["multiply"] = self.multiply
            elif is_percent_unit(self.unit) and self.chart_type in (
                "run",
                "i",
                "p",
                "pp",
            ):
                args["multiply"] = 100
        elif self.multiply is not None:
            args["multiply"] = self.multiply
        if self.rules is not None:
            args["rules"] = self.rules
        args.update(kwargs)
        data = args.pop("data", self.data)
        return qic(data, **args)

    # ------------------------------------------------------------------ tables

    def to_frame(self) -> pd.DataFrame:
        """The data in long form, one row per point.

        Returns
        -------
        DataFrame
            Columns ``measure_id``, ``measure``, ``kind``, ``unit``, ``x``, ``y``,
            ``n`` (NaN when the measure has no denominator). Frames of several
            measures stack with :func:`pandas.concat`.
        """
        columns = ["measure_id", "measure", "kind", "unit", "x", "y", "n"]
        if not self.has_data:
            return pd.DataFrame(columns=columns)
        frame = self.data.copy()
        if "n" not in frame:
            frame["n"] = np.nan
        frame.insert(0, "unit", self.unit)
        frame.insert(0, "kind", self.kind)
        frame.insert(0, "measure", self.name)
        frame.insert(0, "measure_id", self.id)
        return frame[columns]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; ``data`` is column lists plus ``x_type``.

        ``x_type`` is "date", "datetime", "number" or "text", so that dates come
        back as dates. Missing values are ``None``.
        """
        return {
            "name": self.name,
            "kind": self.kind,
            "unit": self.unit,
            "improvement": self.improvement,
            "target": self.target,
            "definition": None
            if self.definition is None
            else self.definition.to_dict(),
            "data": data_to_dict(self.data),
            "chart_type": self.chart_type,
            "multiply": self.multiply,
            "id": self.id,
            "notes": self.notes,
            "rules": self.rules,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> Measure:
        """Rebuild a measure from :meth:`to_dict` output; raises InputError.

        ``argument`` is where ``d`` sits in a bigger object
        (``"project.measures[0]"``), so that messages name the path. A ``"goal"``
        written by qikit 0.1 is read as ``"target"``.
        """
        if isinstance(d, Mapping) and "goal" in d and "target" not in d:
            d = {
                ("target" if key == "goal" else key): value for key, value in d.items()
            }
        return c.from_fields(
            cls, d, argument, _MEASURE_FIELDS, required=("name", "kind")
        )


def _definition_findings(measure: Measure) -> list[Finding]:
    label = measure.name or measure.id
    definition = measure.definition
    if definition is None or definition.is_blank:
        return [
            Finding(
                f"‘{label}’ has no operational definition: write down the numerator, "
                "denominator, inclusions and exclusions, data source, how often and "
                "how it is sampled, and who collects it.",
                "family.no_definition",
                measure.id,
            )
        ]
    missing = definition.missing()
    if missing:
        return [
            Finding(
                f"The operational definition of ‘{label}’ does not yet say "
                f"{join_words(missing)}.",
                "family.incomplete_definition",
                measure.id,
            )
        ]
    return []


_MISSING_KIND = {
    "outcome": (
        "Add an outcome measure: one that shows whether the aim is being met for the "
        "people the service is for."
    ),
    "process": (
        "Add a process measure: one that shows whether the changes are being carried "
        "out as planned, e.g. the percentage of residents with a completed falls "
        "risk assessment."
    ),
    "balancing": (
        "Add a balancing measure: something that could get worse because of your "
        "changes, e.g. residents' time spent walking or staff overtime."
    ),
}


def check_family(
    measures: Iterable[Measure], *, max_measures: int = MAX_FAMILY
) -> list[Finding]:
    """Review a family of measures the way a QI coach would.

    Parameters
    ----------
    measures : list of Measure
        The family.
    max_measures : int, default 8
        More than this is flagged as too many to sustain.

    Returns
    -------
    list of Finding
        One sentence per problem (empty when the family is sound). Codes:
        ``family.empty``, ``family.missing_outcome``, ``family.missing_process``,
        ``family.missing_balancing``, ``family.too_many``, ``family.duplicate_id``,
        ``family.duplicate_name``, ``family.no_definition``,
        ``family.incomplete_definition``.

    Raises
    ------
    InputError
        When ``measures`` is not a list of :class:`Measure` or ``max_measures`` is
        not a whole number of at least 1.

    Examples
    --------
    >>> from qikit.improve.examples import example_measures
    >>> check_family(example_measures())
    []
    >>> [f.code for f in check_family(example_measures(), max_measures=2)]
    ['family.too_many']
    """
    family = v.list_of(measures, "measures", Measure)
    limit = v.whole_number(max_measures, "max_measures", minimum=1, example=8)
    if not family:
        return [
            Finding(
                "The family has no measures yet: add at least one outcome, one process "
                "and one balancing measure.",
                "family.empty",
            )
        ]
    out: list[Finding] = []
    kinds = {m.kind for m in family}
    for kind in KINDS:
        if kind not in kinds:
            out.append(Finding(_MISSING_KIND[kind], f"family.missing_{kind}", kind))
    if len(family) > limit:
        out.append(
            Finding(
                f"There are {len(family)} measures; most teams can sustain no more "
                f"than "
                f"{limit}. Keep the few that answer ‘how will we know?’ and drop the "
                "rest.",
                "family.too_many",
            )
        )
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    for m in family:
        if m.id in seen_ids:
            out.append(
                Finding(
                    f"Two measures share the id ‘{m.id}’: give each its own.",
                    "family.duplicate_id",
                    m.id,
                )
            )
        seen_ids.add(m.id)
        key = m.name.casefold()
        if key and key in seen_names:
            out.append(
                Finding(
                    f"‘{m.name}’ appears twice in the family: keep one.",
                    "family.duplicate_name",
                    m.id,
                )
            )
        seen_names.add(key)
    for m in family:
        out.extend(_definition_findings(m))
    return out


def family_table(measures: Iterable[Measure]) -> pd.DataFrame:
    """One row per measure: the family at a glance.

    Returns
    -------
    DataFrame
        Columns ``id``, ``name``, ``kind``, ``unit``, ``improvement``, ``target``,
        ``chart_type``, ``n_points``, ``first_x``, ``last_x``, ``definition_complete``
        and the nine operational-definition fields.

    Examples
    --------
    >>> from qikit.improve.examples import example_measures
    >>> family_table(example_measures())[["kind", "chart_type", "n_points"]]
            kind chart_type  n_points
    0    outcome          u        24
    1    process          p        24
    2  balancing          i        24
    """
    family = v.list_of(measures, "measures", Measure)
    rows = []
    for m in family:
        d = m.definition or OperationalDefinition()
        row = {
            "id": m.id,
            "name": m.name,
            "kind": m.kind,
            "unit": m.unit,
            "improvement": m.improvement,
            "target": m.target if m.target is not None else np.nan,
            "chart_type": m.chart_type,
            "n_points": len(m.data) if m.data is not None else 0,
            "first_x": m.data["x"].iloc[0] if m.has_data else None,
            "last_x": m.data["x"].iloc[-1] if m.has_data else None,
            "definition_complete": not d.is_blank and not d.missing(),
        }
        row.update(d.to_dict())
        rows.append(row)
    columns = [
        "id",
        "name",
        "kind",
        "unit",
        "improvement",
        "target",
        "chart_type",
        "n_points",
        "first_x",
        "last_x",
        "definition_complete",
        *_DEF_FIELDS,
    ]
    return pd.DataFrame(rows, columns=columns)


def _get_goal(self: Measure) -> float | None:
    warnings.warn(
        "Measure.goal is deprecated: use Measure.target. goal goes in the next "
        "release.",
        DeprecationWarning,
        stacklevel=2,
    )
    return self.target


def _set_goal(self: Measure, value: float | None) -> None:
    warnings.warn(
        "Measure.goal is deprecated: use Measure.target. goal goes in the next "
        "release.",
        DeprecationWarning,
        stacklevel=2,
    )
    self.target = value


# The old attribute, for one release (the dataclass keeps goal= as an init argument).
Measure.goal = property(_get_goal, _set_goal)  # type: ignore[assignment]
