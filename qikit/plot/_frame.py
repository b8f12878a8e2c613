"""What the drawing reads from a chart result: its checked frame and a few facts.

Every drawing function starts here, so a result is checked in one way and the same
facts (which σ lines to draw, whether the values are percentages, the title to show,
the Making Data Count icons) are worked out once, from what the result holds. Nothing
here recomputes a statistic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qikit.charts import QicResult
from qikit.charts.vocabulary import CHART_NAMES, chart_name
from qikit.errors import InputError
from qikit.plot import style

__all__ = [
    "FRAME_COLUMNS",
    "SIGMA_LINES_FOR_RULES",
    "Icon",
    "checked_frame",
    "icons",
    "is_percent",
    "shown_title",
    "sigma_lines",
    "subtitle",
]

#: Which σ lines help read each rule set: 2σ for "two of three beyond 2σ",
#: 1σ for Western Electric's "four of five beyond 1σ" and "fifteen within 1σ".
SIGMA_LINES_FOR_RULES: dict[str, tuple[int, ...]] = {
    "anhoej": (),
    "ihi": (2,),
    "mdc": (2,),
    "western_electric": (1, 2),
}

#: Columns of ``QicResult.frame`` that the drawing reads (σ lines only when drawn).
FRAME_COLUMNS = (
    "x",
    "y",
    "part",
    "part_label",
    "include",
    "baseline",
    "cl",
    "lcl",
    "ucl",
    "target",
    "sigma_signal",
    "runs_signal",
    "rule",
    "signal",
    "point_type",
)

_PERCENT_WORDS = re.compile(r"%|\bper ?cent|\bpercentage|\bpct\b", re.IGNORECASE)


def checked_frame(result: QicResult) -> pd.DataFrame:
    """The result's frame, with a fresh index and ``y`` as numbers.

    Raises
    ------
    InputError
        When ``result`` has no frame, or its frame lacks columns the drawing reads.
    """
    frame = getattr(result, "frame", None)
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"`result`: not a chart result (got {type(result).__name__}). Pass the "
            f"result of qikit.qic(...), e.g. plot_qic(qikit.qic(data, y='falls'))."
        )
    missing = [c for c in FRAME_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"`result`: its frame lacks the columns {missing!r} (got columns "
            f"{list(frame.columns)!r}). Pass the result of qikit.qic unchanged."
        )
    frame = frame.reset_index(drop=True)
    return frame.assign(y=pd.to_numeric(frame["y"], errors="coerce"))


def sigma_lines(result: QicResult, wanted: Sequence[int] | None) -> tuple[int, ...]:
    """The σ lines to draw: those asked for, or those the result's rule set reads.

    Raises
    ------
    InputError
        When a line other than 1σ or 2σ is asked for, or one the result lacks.
    """
    frame = getattr(result, "frame", None)
    columns = frame.columns if isinstance(frame, pd.DataFrame) else ()
    if wanted is None:  # those of the rule set that this chart has (none on run charts)
        lines = SIGMA_LINES_FOR_RULES.get(getattr(result, "rules", None), ())
        return tuple(k for k in lines if f"ucl_{k}s" in columns)
    if isinstance(wanted, str) or not isinstance(wanted, Sequence):
        raise InputError(
            f"`sigma_lines`: must be a list of 1 and 2 (got {wanted!r}). "
            "Use (2,), (1, 2) or ()."
        )
    lines = tuple(wanted)
    if not set(lines) <= {1, 2}:
        raise InputError(
            f"`sigma_lines`: only 1σ and 2σ lines can be drawn (got {wanted!r}). "
            f"Use (2,), (1, 2) or ()."
        )
    missing = [k for k in lines if f"ucl_{k}s" not in columns]
    if missing:
        raise InputError(
            f"`sigma_lines`: this chart has no {missing[0]}σ lines (got {wanted!r}): "
            f"they are worked out only for the rule sets that use them, and this chart "
            f"used rules={getattr(result, 'rules', None)!r}. Chart it with "
            "rules='western_electric' or 'ihi' (1σ and 2σ) or 'mdc' (2σ)."
        )
    return lines


def is_percent(result: QicResult) -> bool:
    """True when the values are percentages: a p chart times 100, or a y label that
    says so ("% seen within 4 hours", "Percentage of …").

    Examples
    --------
    >>> import qikit
    >>> res = qikit.qic(y=[80.5, 82, 79, 81, 83, 80, 79, 82, 81, 80, 84, 82],
    ...                 chart="i", ylab="% within 4 hours")
    >>> is_percent(res)
    True
    """
    chart = getattr(result, "chart", None)
    multiply = getattr(result, "multiply", 1)
    if chart in ("p", "pp"):
        return multiply == 100
    return bool(_PERCENT_WORDS.search(str(getattr(result, "ylab", "") or "")))


def percent_range(result: QicResult) -> tuple[float, float] | None:
    """Where a percentage or proportion axis must stay: (0, 100) or (0, 1); or None.

    A p chart of proportions (not multiplied by 100) stays within 0 and 1.
    """
    chart = getattr(result, "chart", None)
    if chart in ("p", "pp"):
        multiply = float(getattr(result, "multiply", 1) or 1)
        return 0.0, multiply
    return (0.0, 100.0) if is_percent(result) else None


def subtitle(result: QicResult) -> str:
    """Chart kind, and which direction is better only when one was given.

    Examples
    --------
    >>> import qikit
    >>> counts = [4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4]
    >>> subtitle(qikit.qic(y=counts, chart="c", improvement="decrease"))
    'C chart (counts) · lower is better'
    """
    chart = getattr(result, "chart", None)
    name = chart_name(chart, start=True) if chart in CHART_NAMES else ""
    improvement = getattr(result, "improvement", None)
    direction = style.DIRECTION_PHRASES.get(improvement, "") if improvement else ""
    return " · ".join(p for p in (name, direction) if p)


def shown_title(result: QicResult, title: str | None) -> str:
    """The title to draw: ``title``, else the result's own without the chart name.

    The subtitle names the chart, so a default title such as "P chart (proportions)
    of Seen within 4 hours" is shown as "Seen within 4 hours".
    """
    if title is not None:
        return str(title)
    text = str(getattr(result, "title", "") or "")
    chart = getattr(result, "chart", None)
    if chart in CHART_NAMES:
        prefix = chart_name(chart, start=True) + " of "  # the engine's default title
        if text.startswith(prefix) and len(text) > len(prefix):
            rest = text[len(prefix) :].strip()
            return rest[:1].upper() + rest[1:]
    return text


# ------------------------------------------------------------------ MDC icons


@dataclass(frozen=True)
class Icon:
    """One Making Data Count icon: its kind, code, letter, colour and words."""

    kind: str  # "variation" or "assurance"
    code: str  # as in QicResult.summary(): "concern_low", "consistent_fail", …
    letter: str
    colour: str
    words: str


def icons(result: QicResult) -> dict[object, list[Icon]]:
    """The Making Data Count icons of each facet (key None when not faceted).

    Read from ``result.summary()``: the variation icon of the last part and the
    assurance icon (when a target and a direction were given). Results computed
    with other rule sets than ``"mdc"`` have no icons.
    """
    if getattr(result, "rules", None) != "mdc":
        return {}
    summary = getattr(result, "summary", None)
    if not callable(summary):
        return {}
    table = summary()
    if not isinstance(table, pd.DataFrame) or "variation" not in table.columns:
        return {}
    facet = getattr(result, "facets", None)
    keys = table[facet] if facet and facet in table.columns else None
    out: dict[object, list[Icon]] = {}
    groups = table.groupby(keys, sort=False) if keys is not None else [(None, table)]
    for key, rows in groups:
        last = rows.iloc[-1]
        found = []
        variation = last.get("variation")
        if isinstance(variation, str) and variation in style.VARIATION_ICONS:
            found.append(
                Icon("variation", variation, *style.VARIATION_ICONS[variation])
            )
        assurance = last.get("assurance")
        if isinstance(assurance, str) and assurance in style.ASSURANCE_ICONS:
            found.append(
                Icon("assurance", assurance, *style.ASSURANCE_ICONS[assurance])
            )
        if found:
            out[key if keys is not None else None] = found
    return out


def icon_sentence(found: list[Icon]) -> str:
    """The icons in words for alt text: "variation icon: concern (low); …"."""
    return "; ".join(f"{icon.kind} icon: {icon.words.lower()}" for icon in found)


def numbers_of(values: pd.Series) -> np.ndarray:
    """A column as floats, anything that is not a number read as NaN."""
    return pd.to_numeric(values, errors="coerce").to_numpy(float)
