"""How qikit writes numbers, dates, names and lists for people (private).

One owner for each piece of wording, so a number or a date reads the same in a chart's
findings, an aim, a storyboard and a web app. Imports nothing from qikit's subpackages,
so every layer may use it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "fmt_distinct",
    "fmt_number",
    "human_date",
    "join_words",
    "number_ranges",
    "plural",
    "slug",
]


def _rounded(v: float, decimals: int) -> str:
    text = f"{v:,.{decimals}f}"
    if decimals > 0:
        text = text.rstrip("0").rstrip(".")
    return text


def _default_decimals(v: float) -> int:
    a = abs(v)
    if a >= 100:
        return 0
    if a >= 10:
        return 1
    if a >= 1:
        return 2
    # three significant figures below 1
    return max(2, 2 - math.floor(math.log10(a)))


def fmt_number(
    value: float | None, *, percent: bool = False, decimals: int | None = None
) -> str:
    """A number as a person would write it: about 3 significant figures, commas.

    Parameters
    ----------
    value : float or None
        The number. ``None``, NaN and infinity give ``"not available"``.
    percent : bool, default False
        Add a ``%`` sign.
    decimals : int, optional
        Show at most this many decimal places (trailing zeros are still dropped).
        By default: none from 100 up, one from 10, two from 1, three significant
        figures below 1.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_number(1234.5), fmt_number(12.345), fmt_number(0.01234)
    ('1,234', '12.3', '0.0123')
    >>> fmt_number(85, percent=True), fmt_number(85.0), fmt_number(2.50)
    ('85%', '85', '2.5')
    >>> fmt_number(74.349, decimals=2), fmt_number(None)
    ('74.35', 'not available')
    """
    if value is None:
        return "not available"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(v):
        return "not available"
    if v == 0:
        text = "0"
    else:
        text = _rounded(v, _default_decimals(v) if decimals is None else decimals)
        if text in ("-0", "0", "") and decimals is None:
            text = f"{v:.3g}"
    if text == "-0":
        text = "0"
    return text + ("%" if percent else "")


def fmt_distinct(
    value: float, other: float, *, percent: bool = False
) -> tuple[str, str]:
    """Two numbers written with enough decimals that they do not look equal.

    When ``value`` and ``other`` differ but :func:`fmt_number` writes them alike
    ("74.3 is below the limit 74.3"), up to four more decimal places are added.

    Examples
    --------
    >>> fmt_distinct(74.31, 74.349)
    ('74.31', '74.35')
    >>> fmt_distinct(12.0, 15.0)
    ('12', '15')
    """
    a, b = fmt_number(value, percent=percent), fmt_number(other, percent=percent)
    if a != b or value == other:
        return a, b
    try:
        v = float(value)
    except (TypeError, ValueError):
        return a, b
    if not math.isfinite(v) or v == 0:
        return a, b
    base = _default_decimals(v)
    for extra in range(1, 5):
        a = fmt_number(value, percent=percent, decimals=base + extra)
        b = fmt_number(other, percent=percent, decimals=base + extra)
        if a != b:
            break
    return a, b


def human_date(value: dt.date | dt.datetime) -> str:
    """``31 December 2016`` (no leading zero), as written in British English.

    Examples
    --------
    >>> human_date(dt.date(2016, 12, 31))
    '31 December 2016'
    """
    return f"{value.day} {value:%B %Y}"


def join_words(items: Iterable[object], *, conj: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``.

    Examples
    --------
    >>> join_words(["red", "amber", "green"])
    'red, amber and green'
    """
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def number_ranges(numbers: Iterable[int]) -> str:
    """Numbers in order, runs of three or more shortened: ``1–3, 5, 8, 9``.

    Examples
    --------
    >>> number_ranges([9, 8, 5, 3, 2, 1])
    '1–3, 5, 8, 9'
    >>> number_ranges([4, 5]), number_ranges([])
    ('4, 5', '')
    """
    parts: list[str] = []
    run: list[int] = []
    for number in [*sorted(numbers), None]:
        if run and number is not None and number == run[-1] + 1:
            run.append(number)
            continue
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts += [str(item) for item in run]
        run = [number] if number is not None else []
    return ", ".join(parts)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 point``, ``3 points``, ``2 partnerships``.

    Examples
    --------
    >>> plural(1, "point"), plural(3, "point"), plural(2, "child", "children")
    ('1 point', '3 points', '2 children')
    """
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def slug(value: str, *, limit: int = 40, sep: str = "-") -> str:
    """A lower-case id or file-name stem made from text (``""`` when nothing is left).

    Accents are dropped, anything that is not a letter or digit becomes ``sep``, and
    the result is cut at a word boundary near ``limit`` characters.

    Examples
    --------
    >>> slug("Falls per 1,000 bed days")
    'falls-per-1-000-bed-days'
    >>> slug("Ward 6: PDSA log", sep="_")
    'ward_6_pdsa_log'
    """
    ascii_text = (
        unicodedata.normalize("NFKD", str(value))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    out = _SLUG_STRIP.sub(sep, ascii_text.lower()).strip(sep)
    if len(out) > limit:
        cut = out[:limit]
        if out[limit] != sep and sep in cut:
            cut = cut[: cut.rindex(sep)]
        out = cut
    return out.rstrip(sep)
