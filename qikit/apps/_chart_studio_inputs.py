"""The chart studio's reading of its inputs: pure functions, no widgets (private).

- :func:`dataset_table`: one of qikit's data sets as a :class:`~qikit.apps.TableData`,
  like a pasted table, with its one-line story.
- :func:`guess_columns`: which columns are most likely x, y, n, facets, phases and
  target (a :class:`ColumnGuess`), from the kinds of the columns and their values.
- :func:`wizard_answers`, :func:`answers_for_chart`: the chart chooser's questions
  (:func:`qikit.improve.chooser.choose_chart`) as the app asks them, and the answers
  that lead to a given chart.
- :func:`read_points`, :func:`read_phases`, :func:`read_target`,
  :func:`read_annotations`: what the learner typed in the baseline, phases, excluded
  points, target and annotations boxes, as :func:`qikit.charts.qic` takes it; each
  raises :class:`~qikit.errors.InputError` with the house message.

Examples
--------
>>> from qikit.apps import read_pasted
>>> data = read_pasted("Month\\tFalls\\tBed days\\n01/01/2024\\t4\\t840\\n"
...                    "01/02/2024\\t6\\t812\\n01/03/2024\\t3\\t868")
>>> guess = guess_columns(data)
>>> guess.x, guess.y, guess.n, guess.multiply
('Month', 'Falls', 'Bed days', 1000)
>>> read_points("12", "freeze"), read_points("5, 01/03/2024", "exclude")
Traceback (most recent call last):
...
qikit.errors.InputError: `exclude`: mixes point numbers and dates (got '5, \
01/03/2024'). Give point numbers only (such as 5, 7) or dates only (such as \
01/03/2024, 01/05/2024).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qikit._dates import parse_date
from qikit._format import join_words, plural
from qikit._validate import fail
from qikit.apps._files import TableData
from qikit.charts.vocabulary import CHARTS
from qikit.datasets import list_datasets, load_dataset
from qikit.errors import InputError
from qikit.improve.chooser import ChartChoice, choose_chart

__all__ = [
    "ColumnGuess",
    "MAX_ANNOTATIONS",
    "MAX_FACETS",
    "WIZARD_DEFAULTS",
    "answers_for_chart",
    "asked",
    "dataset_table",
    "datasets",
    "facet_choices",
    "guess_columns",
    "point_count",
    "read_annotations",
    "read_freeze",
    "read_phases",
    "read_points",
    "read_target",
    "subgroup_size",
    "wizard_answers",
]

#: The most small multiples drawn: one for each of Scotland's 32 council areas (more
#: panels would be unreadable and slow to draw).
MAX_FACETS = 32
#: The most annotations on one chart.
MAX_ANNOTATIONS = 40
#: Names of columns that hold phase labels, and of a target column (lower case).
PHASE_NAMES = frozenset({"phase", "phases", "part", "stage"})
TARGET_NAMES = frozenset({"target", "goal"})
#: Words in a number column's name that say it counts time (so it may be x).
TIME_WORDS = frozenset(
    {"week", "month", "year", "quarter", "day", "period", "sample", "point", "time"}
)
_WORD = re.compile(r"[a-z0-9]+")
_UNIT_SKIP = frozenset({"per", "of", "the", "a", "between", "in", "each", "1", "000"})


# ------------------------------------------------------------------- data sets


def datasets() -> pd.DataFrame:
    """qikit's data sets that a chart can be drawn from: ``name``, ``title``,
    ``story``, ``unit`` and ``charts`` (the first is the chart the set suits best).

    Sets made for other drawings (bar charts of ratings) are left out.

    Examples
    --------
    >>> "ward_falls" in set(datasets()["name"])
    True
    """
    sets = list_datasets()
    drawn = sets["charts"].map(
        lambda charts: any(c.strip() in CHARTS for c in str(charts).split(","))
    )
    keep = sets.loc[drawn, ["name", "title", "story", "unit", "charts"]]
    return keep.reset_index(drop=True)


def dataset_table(name: str) -> tuple[TableData, pd.Series]:
    """One of qikit's data sets as a :class:`TableData` (as if it had been pasted),
    with its row of :func:`datasets`.

    Raises
    ------
    InputError
        For a name that is not a data set (argument ``dataset``).

    Examples
    --------
    >>> data, about = dataset_table("ward_falls")
    >>> data.date_columns, data.number_columns, about["charts"]
    (('month',), ('falls', 'occupied_bed_days'), 'run, c, u')
    >>> data.summary
    "Read 24 rows from the data set 'ward_falls', with the columns 'month', \
'falls' and 'occupied_bed_days'."
    """
    sets = datasets().set_index("name", drop=False)
    if not isinstance(name, str) or name not in sets.index:
        raise fail(
            "dataset",
            "is not one of qikit's data sets",
            name,
            "Choose one from the list.",
        )
    frame = load_dataset(name).copy()
    dates, numbers, texts = [], [], []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            dates.append(column)
        elif pd.api.types.is_bool_dtype(values):
            frame[column] = values.astype(str)
            texts.append(column)
        elif pd.api.types.is_numeric_dtype(values):
            if str(values.dtype) in ("Int64", "Float64"):  # nullable: plain floats
                frame[column] = values.astype("float64")
            numbers.append(column)
        else:
            texts.append(column)
    data = TableData(
        frame=frame,
        notes=(),
        source=f"the data set {name!r}",
        date_columns=tuple(dates),
        number_columns=tuple(numbers),
        text_columns=tuple(texts),
    )
    return data, sets.loc[name]


# ----------------------------------------------------------------- the guesses


@dataclass(frozen=True)
class ColumnGuess:
    """The columns most likely meant for each role; ``None`` where none fits.

    Attributes
    ----------
    x, y, n, facets : str or None
        Time or subgroup, measure, denominator, small multiples.
    part : str or None
        A column of phase labels (named phase, part or stage).
    target : str or None
        A number column named target (or goal).
    multiply : int
        1, or 100 (a percentage) or 1,000 (a rate per 1,000) when ``n`` is guessed.
    """

    x: str | None = None
    y: str | None = None
    n: str | None = None
    facets: str | None = None
    part: str | None = None
    target: str | None = None
    multiply: int = 1

    def sentence(self) -> str:
        """What was guessed, as one sentence for the notes.

        Examples
        --------
        >>> ColumnGuess(x="Month", y="Falls").sentence()
        "qikit chose the columns: 'Month' for x (time) and 'Falls' for y (the \
measure). Change them under Columns if they are not right."
        """
        parts = []
        if self.x:
            parts.append(f"{self.x!r} for x (time)")
        if self.y:
            parts.append(f"{self.y!r} for y (the measure)")
        if self.n:
            parts.append(f"{self.n!r} for n (the denominator)")
        if self.facets:
            parts.append(f"{self.facets!r} for small multiples")
        if self.part:
            parts.append(f"{self.part!r} for the phases")
        if self.target:
            parts.append(f"{self.target!r} for the target")
        if not parts:
            return ""
        return (
            f"qikit chose the columns: {join_words(parts)}. Change them under "
            "Columns if they are not right."
        )


def _words(text: str) -> list[str]:
    return _WORD.findall(str(text).lower())


def _counts(values: pd.Series) -> np.ndarray | None:
    """The values as whole numbers of 0 or more (blanks dropped), else None."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    numbers = numbers[np.isfinite(numbers)]
    if not len(numbers) or (numbers < 0).any() or (numbers != np.round(numbers)).any():
        return None
    return numbers


def _is_denominator(frame: pd.DataFrame, den: str, num: str) -> bool:
    """Whether ``den`` can be the denominator of ``num``: both whole numbers of 0
    or more, ``den`` at least ``num`` in every row and larger in total."""
    if den == num or _counts(frame[den]) is None or _counts(frame[num]) is None:
        return False
    top = pd.to_numeric(frame[den], errors="coerce").to_numpy(dtype=float)
    bottom = pd.to_numeric(frame[num], errors="coerce").to_numpy(dtype=float)
    both = np.isfinite(top) & np.isfinite(bottom)
    if both.sum() < 2 or both.sum() < 0.8 * len(frame):
        return False
    top, bottom = top[both], bottom[both]
    return bool((top >= bottom).all() and (top > 0).all() and top.sum() > bottom.sum())


def _is_time_index(values: pd.Series, name: str) -> bool:
    """Whole numbers that only go up (1, 2, 3 … or 2019, 2020 …) named for time or
    rising in equal steps."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    if len(numbers) < 2 or not np.isfinite(numbers).all():
        return False
    if (numbers != np.round(numbers)).any():
        return False
    steps = np.diff(numbers)
    if (steps <= 0).any():
        return False
    return bool(set(_words(name)) & TIME_WORDS) or len(set(steps.tolist())) == 1


def _multiply_for(frame: pd.DataFrame, y: str, n: str, unit: str | None) -> int:
    """100 for proportions, 1,000 for rates of rarer events (or as the unit says)."""
    words = str(unit or "").lower()
    if "1,000" in words or "1000" in words:
        return 1000
    if words.startswith("%") or "percent" in words:
        return 100
    top = pd.to_numeric(frame[y], errors="coerce").to_numpy(dtype=float)
    bottom = pd.to_numeric(frame[n], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(top) & np.isfinite(bottom) & (bottom > 0)
    if not ok.any():
        return 1
    ratio = float(np.median(top[ok] / bottom[ok]))
    return 100 if ratio >= 0.05 else 1000


def _facet_column(
    frame: pd.DataFrame, x: str | None, candidates: list[str]
) -> str | None:
    """A column that splits the rows into series, each with one row per x value."""
    if x is None or not frame[x].duplicated().any():
        return None
    for column in candidates:
        values = frame[column]
        distinct = values.nunique(dropna=True)
        if 2 <= distinct <= min(MAX_FACETS, len(frame) - 1) and values.notna().all():
            if not frame.duplicated([x, column]).any():
                return column
    return None


def facet_choices(data: TableData) -> list[str]:
    """Columns that can split the chart into small multiples (few values).

    Examples
    --------
    >>> from qikit.apps import read_pasted
    >>> facet_choices(read_pasted("Ward\\tFalls\\nA\\t3\\nB\\t4\\nA\\t5"))
    ['Ward']
    """
    out = []
    for column in data.frame.columns:
        if column in data.date_columns:
            continue
        distinct = data.frame[column].nunique(dropna=True)
        if 2 <= distinct <= MAX_FACETS and distinct < len(data.frame):
            out.append(str(column))
    return out


def guess_columns(data: TableData, unit: str | None = None) -> ColumnGuess:
    """The columns most likely meant for x, y, n, facets, phases and target.

    Parameters
    ----------
    data : TableData
        What was read.
    unit : str, optional
        The measure's unit, when known (a data set's): a column named by one of its
        words is the measure ("falls" for "falls per 1,000 bed days"); "%" or "per
        1,000" choose the multiplier.

    Returns
    -------
    ColumnGuess
        x: the first date column, else a rising number column named for time (week,
        year …), else the first text column, else None (point numbers). y: the
        number column named by the unit, else the first number column that is not
        the denominator of another. n: the column that can be y's denominator (whole
        numbers, never smaller than y), if any. facets: a text column that makes
        each (x, facet) pair unique, when x repeats.

    Examples
    --------
    >>> from qikit.apps import read_pasted
    >>> guess_columns(read_pasted("12\\n15\\n11")).y
    'Column 1'
    >>> data, about = dataset_table("stillbirths")
    >>> g = guess_columns(data, about["unit"])
    >>> g.x, g.y, g.n, g.multiply
    ('month', 'stillbirths', 'births', 1000)
    """
    frame = data.frame
    numbers = [str(c) for c in data.number_columns]
    texts = [str(c) for c in data.text_columns]
    target = next((c for c in numbers if c.strip().lower() in TARGET_NAMES), None)
    numbers = [c for c in numbers if c != target]

    x: str | None = data.date_columns[0] if data.date_columns else None
    if x is None and len(numbers) > 1:
        x = next((c for c in numbers if _is_time_index(frame[c], c)), None)
    if x is None:
        x = next(
            (c for c in texts if c.strip().lower() not in PHASE_NAMES),
            None,
        )
    candidates = [c for c in numbers if c != x]

    part = next(
        (
            c
            for c in texts
            if c != x
            and c.strip().lower() in PHASE_NAMES
            and frame[c].nunique(dropna=True) >= 2
        ),
        None,
    )
    facets = _facet_column(frame, x, [c for c in texts if c not in (x, part)])

    # A percentage is already a ratio: it is neither a numerator nor a denominator.
    counts = [c for c in candidates if c not in data.percent_columns]
    dens = {c for c in counts for o in counts if _is_denominator(frame, c, o)}
    y = None
    if unit and not str(unit).strip().startswith("%"):
        for word in _words(unit):
            if word in _UNIT_SKIP:
                continue
            y = next((c for c in candidates if word in _words(c)), None)
            if y is not None:
                break
    if y is None:
        y = next((c for c in candidates if c not in dens), None)
    if y is None and candidates:
        y = candidates[0]

    n = None
    multiply = 1
    if y is not None:
        options = [c for c in counts if _is_denominator(frame, c, y)]
        if options:
            # The closest denominator: the smallest total above y's.
            n = min(
                options, key=lambda c: pd.to_numeric(frame[c], errors="coerce").sum()
            )
            multiply = _multiply_for(frame, y, n, unit)
    return ColumnGuess(
        x=x, y=y, n=n, facets=facets, part=part, target=target, multiply=multiply
    )


def point_count(frame: pd.DataFrame, x: str | None, facets: str | None) -> int:
    """How many points the chart of one series will have (the most of any facet).

    Examples
    --------
    >>> frame = pd.DataFrame({"m": [1, 1, 2, 3], "v": [4, 5, 6, 7]})
    >>> point_count(frame, "m", None), point_count(frame, None, None)
    (3, 4)
    """
    if not len(frame):
        return 0
    if facets is None:
        return int(frame[x].nunique(dropna=True)) if x else len(frame)
    groups = frame.groupby(facets, dropna=True, sort=False)
    counts = groups[x].nunique(dropna=True) if x else groups.size()
    return int(counts.max()) if len(counts) else 0


def subgroup_size(frame: pd.DataFrame, x: str | None, facets: str | None) -> int:
    """The typical number of rows that share an x value (1 when x never repeats).

    Examples
    --------
    >>> subgroup_size(pd.DataFrame({"day": [1, 1, 1, 2, 2, 2]}), "day", None)
    3
    """
    if x is None or not len(frame):
        return 1
    keys = [facets, x] if facets else [x]
    sizes = frame.groupby(keys, dropna=True, sort=False).size()
    return max(1, int(np.median(sizes))) if len(sizes) else 1


# ---------------------------------------------------------------- the chooser

#: The wizard's answers before the learner gives any (they lead to a run chart).
WIZARD_DEFAULTS: dict[str, str] = {
    "kind": "unknown",
    "subgroups": "one",
    "rare": "no",
    "between": "cases",
    "counted": "counted",
    "large": "no",
    "equal_area": "yes",
}

#: The answers that lead to each chart (the rest as :data:`WIZARD_DEFAULTS`).
_ANSWERS_FOR = {
    "run": {"kind": "unknown"},
    "i": {"kind": "continuous", "subgroups": "one"},
    "mr": {"kind": "continuous", "subgroups": "one"},
    "xbar": {"kind": "continuous", "subgroups": "several"},
    "s": {"kind": "continuous", "subgroups": "several"},
    "g": {"kind": "attribute", "rare": "yes", "between": "cases"},
    "t": {"kind": "attribute", "rare": "yes", "between": "time"},
    "p": {"kind": "attribute", "counted": "classified", "large": "no"},
    "pp": {"kind": "attribute", "counted": "classified", "large": "yes"},
    "c": {
        "kind": "attribute",
        "counted": "counted",
        "large": "no",
        "equal_area": "yes",
    },
    "u": {"kind": "attribute", "counted": "counted", "large": "no", "equal_area": "no"},
    "up": {"kind": "attribute", "counted": "counted", "large": "yes"},
}


def answers_for_chart(chart: str) -> dict[str, str]:
    """The wizard's answers that lead to ``chart`` (for a data set's own chart).

    Examples
    --------
    >>> answers_for_chart("u")["equal_area"], answers_for_chart("nonsense")["kind"]
    ('no', 'unknown')
    """
    return {**WIZARD_DEFAULTS, **_ANSWERS_FOR.get(str(chart).strip().lower(), {})}


def asked(answers: dict[str, str]) -> list[str]:
    """The questions the wizard asks for these answers, in order (the rest do not
    apply and are hidden).

    Examples
    --------
    >>> asked({**WIZARD_DEFAULTS, "kind": "attribute"})
    ['kind', 'rare', 'counted', 'large', 'equal_area']
    """
    out = ["kind"]
    kind = answers.get("kind")
    if kind == "continuous":
        out.append("subgroups")
    elif kind == "attribute":
        out.append("rare")
        if answers.get("rare") == "yes":
            out.append("between")
        else:
            out.append("counted")
            out.append("large")
            if answers.get("counted") == "counted" and answers.get("large") != "yes":
                out.append("equal_area")
    return out


def wizard_answers(
    answers: dict[str, str], *, n_points: int | None = None, size: int = 1
) -> ChartChoice:
    """The chart the answers lead to, with its reasons (:func:`choose_chart`).

    ``size`` is the data's typical subgroup size, used when the learner says each
    period holds several values.

    Examples
    --------
    >>> choice = wizard_answers({**WIZARD_DEFAULTS, "kind": "attribute",
    ...                          "equal_area": "no"}, n_points=24)
    >>> choice.chart, len(choice.reasons)
    ('u', 3)
    """
    kind = answers.get("kind", "unknown")
    if kind == "continuous":
        several = answers.get("subgroups") == "several"
        return choose_chart(
            "continuous",
            subgroup_size=max(2, size) if several else 1,
            n_points=n_points,
        )
    if kind == "attribute":
        if answers.get("rare") == "yes":
            return choose_chart(
                "attribute",
                rare_events=True,
                between=answers.get("between", "cases"),
                n_points=n_points,
            )
        counted = answers.get("counted", "counted")
        large = answers.get("large") == "yes"
        return choose_chart(
            "attribute",
            attribute_type=counted,
            equal_area=(
                answers.get("equal_area", "yes") == "yes"
                if counted == "counted" and not large
                else None
            ),
            large_denominators=large,
            n_points=n_points,
        )
    return choose_chart("unknown", n_points=n_points)


# ------------------------------------------------------------- the text boxes

_SPLIT = re.compile(r"\s*[;,\n]\s*")
_WHOLE = re.compile(r"^[+]?\d+$")
_EXAMPLE_FIX = {
    "freeze": "Give the last point of the baseline, as a point number such as 12 "
    "or a date such as 31/12/2023; or leave it empty to use every point.",
    "part": "Give the first point of each new phase, as point numbers (13, 25) or "
    "dates (01/01/2024), or the name of a column of phase labels.",
    "exclude": "Give the points to leave out, as point numbers (5, 7) or dates "
    "(01/03/2024), separated by commas.",
}


def _point(item: str, argument: str) -> int | dt.date:
    if _WHOLE.match(item):
        value = int(item)
        if value < 1:
            raise fail(
                argument,
                "point numbers start at 1",
                item,
                _EXAMPLE_FIX[argument],
            )
        return value
    try:
        day = parse_date(item, argument)
    except InputError:
        day = None
    if day is None:
        raise fail(
            argument,
            "is neither a point number nor a date",
            item,
            _EXAMPLE_FIX[argument],
        )
    return day


def read_points(text: str, argument: str) -> list[int | dt.date]:
    """Point numbers or dates typed in a box, separated by commas or semicolons.

    Returns ``[]`` for an empty box. All must be point numbers or all dates.

    Raises
    ------
    InputError
        For something that is neither, or a mix.

    Examples
    --------
    >>> read_points("5; 7", "exclude")
    [5, 7]
    >>> read_points(" 31/12/2023 ", "freeze")
    [datetime.date(2023, 12, 31)]
    >>> read_points("soon", "freeze")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `freeze`: is neither a point number nor a date (got \
'soon'). Give the last point of the baseline, as a point number such as 12 or a \
date such as 31/12/2023; or leave it empty to use every point.
    """
    items = [item for item in _SPLIT.split(str(text).strip()) if item]
    points = [_point(item, argument) for item in items]
    kinds = {isinstance(p, int) for p in points}
    if len(kinds) > 1:
        raise fail(
            argument,
            "mixes point numbers and dates",
            str(text).strip(),
            "Give point numbers only (such as 5, 7) or dates only (such as "
            "01/03/2024, 01/05/2024).",
        )
    return points


def read_freeze(text: str) -> int | dt.date | None:
    """The end of the baseline: one point number or date, or None (empty box).

    Examples
    --------
    >>> read_freeze("12"), read_freeze("")
    (12, None)
    """
    points = read_points(text, "freeze")
    if len(points) > 1:
        raise fail(
            "freeze",
            "is one point, the last of the baseline",
            str(text).strip(),
            "Give one point number or date; to split the chart into phases, use "
            "New phases start at (part).",
        )
    return points[0] if points else None


def read_phases(
    text: str, columns: list[str], points: int
) -> str | list[int] | list[dt.date] | None:
    """Where new phases start: a column of phase labels, or the first point number
    or date of each new phase, as :func:`qikit.charts.qic` takes ``part``.

    Point numbers are the *first* point of each new phase (13 splits 24 points into
    1–12 and 13–24); ``qic`` takes the last point before each split, so 12 is
    returned.

    Raises
    ------
    InputError
        For point 1 (the first phase always starts there), a point past the last,
        or text that is neither points, dates nor a column.

    Examples
    --------
    >>> read_phases("13", [], 24), read_phases("Phase", ["phase"], 24)
    ([12], 'phase')
    >>> read_phases("25", [], 24)
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `part`: point 25 is past the last point (got '25'). The \
chart has 24 points, so a new phase can start at points 2 to 24.
    """
    wanted = str(text).strip()
    if not wanted:
        return None
    for column in columns:
        if column.strip().casefold() == wanted.casefold():
            return column
    found = read_points(wanted, "part")
    if found and isinstance(found[0], int):
        for point in found:
            if point == 1:
                raise fail(
                    "part",
                    "the first phase always starts at point 1",
                    wanted,
                    "Give the first point of the second phase, such as 13.",
                )
            if point > points:
                raise fail(
                    "part",
                    f"point {point} is past the last point",
                    wanted,
                    f"The chart has {plural(points, 'point')}, so a new phase can "
                    f"start at points 2 to {points}.",
                )
        return sorted({point - 1 for point in found})
    return found or None


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def read_target(text: str, columns: list[str]) -> float | str | None:
    """The target: a number ("85", "85%", "1,000"), a column of targets, or None.

    Examples
    --------
    >>> read_target("85%", []), read_target("1,200", []), read_target(" ", [])
    (85.0, 1200.0, None)
    >>> read_target("Target", ["target"])
    'target'
    """
    wanted = str(text).strip()
    if not wanted:
        return None
    for column in columns:
        if column.strip().casefold() == wanted.casefold():
            return column
    plain = wanted.rstrip("%").strip().replace("\u2212", "-")
    if plain and plain not in "+-." and _NUMBER.match(plain):
        value = float(plain.replace(",", ""))
        if np.isfinite(value):
            return value
    raise fail(
        "target",
        "is not a number",
        wanted,
        "Write a number such as 85 (or 85%), or leave the box empty for no target.",
    )


def _annotation_x(text: str, kind: str, labels: list[str]) -> Any:
    """The chart's x value for the start of an annotation line, or None."""
    text = text.strip().rstrip(",;:").strip()
    if not text:
        return None
    if _WHOLE.match(text):
        position = int(text)
        if kind == "position":
            return position if position >= 1 else None
        if 1 <= position <= len(labels) and kind == "label":
            return labels[position - 1]
        if kind == "date":
            return ("point", position)
        return None
    if kind == "date":
        try:
            day = parse_date(text, "annotations")
        except InputError:
            return None
        return day
    if kind == "label":
        for label in labels:
            if label.casefold() == text.casefold():
                return label
    return None


def _split_annotation(line: str, kind: str, labels: list[str]) -> tuple[Any, str]:
    if "\t" in line:
        head, _, rest = line.partition("\t")
        return _annotation_x(head, kind, labels), rest.strip()
    tokens = line.split()
    for count in (4, 3, 2, 1):
        if count > len(tokens):
            continue
        head = " ".join(tokens[:count])
        rest = " ".join(tokens[count:])
        value = _annotation_x(head, kind, labels)
        if value is not None:
            return value, rest.lstrip(",;:-–— ").strip()
    for separator in (",", ";"):
        if separator in line:
            head, _, rest = line.partition(separator)
            value = _annotation_x(head, kind, labels)
            if value is not None:
                return value, rest.strip()
    return None, line


def read_annotations(
    text: str, *, kind: str, labels: list[str] | None = None
) -> pd.DataFrame:
    """Annotations typed or pasted one a line: a date (or point number) then a label.

    Parameters
    ----------
    text : str
        Lines such as ``01/03/2024  PDSA 1: new checklist``; two cells pasted from
        Excel (date, label) work too, and a header line above them is skipped.
    kind : {"date", "position", "label"}
        The chart's x: dates, point numbers, or labels (the x values in order,
        given in ``labels``). On a chart of dates, a point number marks that point.
    labels : list of str, optional
        The chart's x values in order (dates as the chart holds them, or labels).

    Returns
    -------
    DataFrame
        Columns ``x`` and ``label``, for :func:`qikit.plot.to_html`.

    Raises
    ------
    InputError
        For a line that does not start with a date or point number, a line with
        no label, or more than :data:`MAX_ANNOTATIONS` lines.

    Examples
    --------
    >>> read_annotations("Date\\tChange\\n01/03/2024\\tPDSA 1", kind="date")
                x   label
    0  2024-03-01  PDSA 1
    >>> read_annotations("5 Rota changed", kind="position")["x"].tolist()
    [5]
    """
    labels = list(labels or [])
    lines = [
        (number, line.strip())
        for number, line in enumerate(str(text).splitlines(), start=1)
        if line.strip()
    ]
    if len(lines) > MAX_ANNOTATIONS:
        raise fail(
            "annotations",
            f"has {len(lines)} lines, more than a chart can show clearly",
            fix=f"Keep the {MAX_ANNOTATIONS} that matter most, such as the start of "
            "each PDSA cycle.",
        )
    xs, texts = [], []
    example = (
        "01/03/2024 PDSA 1: new checklist"
        if kind == "date"
        else "5 PDSA 1: new checklist"
        if kind == "position"
        else f"{labels[0] if labels else 'Jan'}\tPDSA 1: new checklist"
    )
    what = {
        "date": "a date or a point number",
        "position": "a point number",
        "label": "one of the chart's x values (or a point number)",
    }.get(kind, "a point number")
    for index, (number, line) in enumerate(lines):
        value, label = _split_annotation(line, kind, labels)
        if value is None:
            if index == 0 and "\t" in line:
                continue  # a header row pasted from Excel
            raise fail(
                "annotations",
                f"line {number} does not start with {what}",
                line,
                f"Start each line with it, then the label, such as {example}.",
            )
        if not label:
            raise fail(
                "annotations",
                f"line {number} has no label",
                line,
                f"Write what happened after it, such as {example}.",
            )
        if isinstance(value, tuple):  # ("point", k) on a chart of dates
            position = value[1]
            if not 1 <= position <= len(labels):
                raise fail(
                    "annotations",
                    f"line {number} marks point {position}, but the chart has "
                    f"{plural(len(labels), 'point')}",
                    line,
                    "Give a date, or a point number within the chart.",
                )
            value = labels[position - 1]
        xs.append(value)
        texts.append(label)
    return pd.DataFrame({"x": xs, "label": texts}, columns=["x", "label"])
