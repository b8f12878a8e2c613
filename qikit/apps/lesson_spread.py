"""Tables for the spread module: collaboratives, spread plans and adopters in words.

The curriculum's module 10 (``curriculum/10_spread.ipynb``) teaches the IHI
assessment scale, the IHI Framework for Spread, going to full scale and Rogers'
adopter categories with :mod:`qikit.spread`. These helpers show what it computes as
accessible HTML tables (a caption, column headers, no engine column names), so a
notebook cell stays one line long:

- :func:`scale_table`: the ten levels of the IHI assessment scale.
- :func:`gaps_table`: the teams whose self-assessment and faculty assessment
  differ most (:meth:`qikit.spread.Assessments.gaps`).
- :func:`spread_table`: the seven components of the IHI Framework for Spread.
- :func:`phases_table`: the four phases of going to full scale.
- :func:`categories_table`: Rogers' adopter categories, expected and observed
  (:meth:`qikit.spread.AdoptionResult.categories`).

Each ``*_table`` has a ``*_frame`` twin that returns the DataFrame.

Examples
--------
>>> scale_frame()["Score"].tolist()[:3]
['0.5', '1.0', '1.5']
>>> "<caption>The scale</caption>" in scale_table(caption="The scale").data
True
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit._format import fmt_number
from qikit.apps._display import table_html
from qikit.spread.adoption import AdoptionResult
from qikit.spread.collaborative import ASSESSMENT_SCALE, Assessments
from qikit.spread.planning import SCALE_PHASES, SPREAD_COMPONENTS

__all__ = [
    "CATEGORY_NAMES",
    "categories_frame",
    "categories_table",
    "gaps_frame",
    "gaps_table",
    "phases_frame",
    "phases_table",
    "scale_frame",
    "scale_table",
    "spread_frame",
    "spread_table",
]

#: Rogers' adopter categories as the table names them.
CATEGORY_NAMES: dict[str, str] = {
    "innovators": "Innovators",
    "early_adopters": "Early adopters",
    "early_majority": "Early majority",
    "late_majority": "Late majority",
    "laggards": "Laggards",
}


def _html(frame: pd.DataFrame, caption: str) -> HTML:
    caption = v.text(caption, "caption", required=True)
    return HTML(table_html(frame, caption=caption, max_rows=len(frame) or 1))


def _signed(value: float) -> str:
    text = fmt_number(round(float(value), 2))
    return f"+{text}" if value > 0 else text


# ------------------------------------------------------------ assessment scale


def scale_frame() -> pd.DataFrame:
    """The IHI assessment scale with plain column names.

    Returns
    -------
    pandas.DataFrame
        Ten rows: ``Score`` (as text, "0.5" to "5.0"), ``Level``, ``What it means``.

    Examples
    --------
    >>> scale_frame().iloc[5]["Level"]
    'Modest improvement'
    """
    return pd.DataFrame(
        {
            "Score": [f"{lvl.score:.1f}" for lvl in ASSESSMENT_SCALE],
            "Level": [lvl.label for lvl in ASSESSMENT_SCALE],
            "What it means": [lvl.definition for lvl in ASSESSMENT_SCALE],
        }
    )


def scale_table(*, caption: str) -> HTML:
    """:func:`scale_frame` as an accessible HTML table.

    Raises
    ------
    qikit.errors.InputError
        For an empty caption.
    """
    return _html(scale_frame(), caption)


# ------------------------------------------------------------ self and faculty


def gaps_frame(result: Assessments, *, top: int = 5) -> pd.DataFrame:
    """The teams whose self and faculty scores differ most, in plain words.

    Parameters
    ----------
    result : qikit.spread.Assessments
        What :func:`qikit.spread.assessments` returned.
    top : int
        How many teams to show (largest average gap first).

    Returns
    -------
    pandas.DataFrame
        One row per team: ``Team``, ``Months scored by both``, ``Average gap
        (self − faculty)`` (signed, "+0.31" when the team rates itself higher),
        ``Average size of the gap`` and ``Widest gap``, to two decimals.

    Raises
    ------
    qikit.errors.InputError
        When ``result`` is not an assessments result, or ``top`` is not a whole
        number of at least 1.

    Examples
    --------
    >>> from qikit.datasets import load_dataset
    >>> from qikit.spread import assessments
    >>> scores = assessments(load_dataset("collaborative_scores"), assessor="assessor")
    >>> [str(value) for value in gaps_frame(scores, top=1).iloc[0]]
    ['Team I', '18', '+0.31', '0.47', '+1']
    """
    if not isinstance(result, Assessments):
        raise v.fail(
            "result",
            "must be the assessments of a collaborative",
            result,
            "Pass what qikit.spread.assessments() returned.",
        )
    gaps = result.gaps(top=top)
    return pd.DataFrame(
        {
            "Team": gaps["unit"].astype(str).to_numpy(),
            "Months scored by both": [int(m) for m in gaps["months"]],
            "Average gap (self − faculty)": [_signed(g) for g in gaps["mean_gap"]],
            "Average size of the gap": [
                fmt_number(round(float(g), 2)) for g in gaps["mean_abs_gap"]
            ],
            "Widest gap": [_signed(g) for g in gaps["largest_gap"]],
        }
    )


def gaps_table(result: Assessments, *, caption: str, top: int = 5) -> HTML:
    """:func:`gaps_frame` as an accessible HTML table.

    Raises
    ------
    qikit.errors.InputError
        As :func:`gaps_frame`, or for an empty caption.
    """
    return _html(gaps_frame(result, top=top), caption)


# ------------------------------------------------------------ spread plans


def spread_frame() -> pd.DataFrame:
    """The seven components of the IHI Framework for Spread (Massoud et al. 2006).

    Returns
    -------
    pandas.DataFrame
        Seven rows: ``Component``, ``What it asks for``.

    Examples
    --------
    >>> spread_frame()["Component"].tolist()[:2]
    ['Leadership', 'Set-up for spread']
    """
    return pd.DataFrame(
        {
            "Component": [c.title for c in SPREAD_COMPONENTS],
            "What it asks for": [c.summary for c in SPREAD_COMPONENTS],
        }
    )


def spread_table(*, caption: str) -> HTML:
    """:func:`spread_frame` as an accessible HTML table.

    Raises
    ------
    qikit.errors.InputError
        For an empty caption.
    """
    return _html(spread_frame(), caption)


def phases_frame() -> pd.DataFrame:
    """The four phases of going to full scale (Barker, Reid & Schall 2016).

    Returns
    -------
    pandas.DataFrame
        Four rows, in order: ``Phase`` ("1. Set-up", …), ``What happens``.

    Examples
    --------
    >>> phases_frame()["Phase"].tolist()[-1]
    '4. Go to full scale'
    """
    return pd.DataFrame(
        {
            "Phase": [
                f"{i}. {title}" for i, (_, title, _) in enumerate(SCALE_PHASES, 1)
            ],
            "What happens": [what for _, _, what in SCALE_PHASES],
        }
    )


def phases_table(*, caption: str) -> HTML:
    """:func:`phases_frame` as an accessible HTML table.

    Raises
    ------
    qikit.errors.InputError
        For an empty caption.
    """
    return _html(phases_frame(), caption)


# ------------------------------------------------------------ adopters


def categories_frame(result: AdoptionResult) -> pd.DataFrame:
    """Rogers' adopter categories: the share of all units, expected and adopted.

    Parameters
    ----------
    result : qikit.spread.AdoptionResult
        What :func:`qikit.spread.adoption_curve` returned.

    Returns
    -------
    pandas.DataFrame
        Five rows, innovators first: ``Category``, ``Share (Rogers)`` (such as
        "2.5%"), ``Expected units`` (share × all units, one decimal) and
        ``Adopted so far``.

    Raises
    ------
    qikit.errors.InputError
        When ``result`` is not an adoption result.

    Examples
    --------
    >>> from qikit.datasets import load_dataset
    >>> from qikit.spread import adoption_curve
    >>> h = load_dataset("hospital_at_home")
    >>> curve = adoption_curve(h, x="started", unit="partnership", total=31)
    >>> [str(value) for value in categories_frame(curve).iloc[0]]
    ['Innovators', '2.5%', '0.8', '1']
    """
    if not isinstance(result, AdoptionResult):
        raise v.fail(
            "result",
            "must be an adoption curve",
            result,
            "Pass what qikit.spread.adoption_curve() returned.",
        )
    cats = result.categories()
    return pd.DataFrame(
        {
            "Category": [CATEGORY_NAMES[c] for c in cats["category"]],
            "Share (Rogers)": [f"{fmt_number(100 * s)}%" for s in cats["share"]],
            "Expected units": [f"{e:.1f}" for e in cats["expected_units"]],
            "Adopted so far": [int(a) for a in cats["adopted_units"]],
        }
    )


def categories_table(result: AdoptionResult, *, caption: str) -> HTML:
    """:func:`categories_frame` as an accessible HTML table.

    Raises
    ------
    qikit.errors.InputError
        As :func:`categories_frame`, or for an empty caption.
    """
    return _html(categories_frame(result), caption)
