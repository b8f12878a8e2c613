"""Tables and a figure for the sustaining module: Juran's trilogy and the NHS
Sustainability Model.

The curriculum's module 11 (``curriculum/11_sustaining.ipynb``) sets out the three
processes of managing quality and reads a team's Sustainability Model ratings. These
helpers show each as an accessible HTML table (a caption, column headers, no engine
column names) or one figure, so a notebook cell stays a line or two long:

- :data:`TRILOGY`, :func:`trilogy_frame`, :func:`trilogy_table`: quality planning,
  improvement and control (Juran 1986), what each asks and what it looks like in a
  project.
- :func:`factors_frame`, :func:`factors_table`: the model's ten factors in their
  three domains.
- :func:`spread_frame`, :func:`spread_table`: how far apart a team's members are, round
  by round.
- :func:`disagreement_frame`, :func:`disagreement_table`: the factors members disagree
  on most, and who is at either end.
- :func:`plot_rounds`: one team's ratings in two or more rounds, stacked.

Only the levels the members chose are used: the Sustainability Model's score sheet
weights are not built into qikit (see :func:`qikit.spread.sustainability`).

Examples
--------
>>> trilogy_frame()["Process"].tolist()
['Quality planning', 'Quality improvement', 'Quality control']
>>> factors_frame()["Domain"].value_counts().to_dict()
{'Process': 4, 'Staff': 4, 'Organisation': 2}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from qikit import _validate as v
from qikit._format import plural
from qikit.apps._display import table_html
from qikit.plot import plot_sustainability
from qikit.spread import SustainabilityResult
from qikit.spread.adoption import SUSTAINABILITY_FACTORS

__all__ = [
    "TRILOGY",
    "disagreement_frame",
    "disagreement_table",
    "factors_frame",
    "factors_table",
    "plot_rounds",
    "spread_frame",
    "spread_table",
    "trilogy_frame",
    "trilogy_table",
]

#: Juran's three processes of managing quality (Juran 1986, "The quality trilogy"),
#: which Healthcare Improvement Scotland's Quality Management System brings together:
#: (process, the question it asks, what it looks like in an improvement project).
TRILOGY: tuple[tuple[str, str, str], ...] = (
    (
        "Quality planning",
        "Who are the people we serve, what do they need, and how should the service "
        "be designed to meet it?",
        "Understand the system and the people who use it; set the aim; design the "
        "service and its measures with the people who use and deliver it.",
    ),
    (
        "Quality improvement",
        "How do we raise performance to a level it has never reached before?",
        "Test changes with PDSA cycles, watch the measures on run and control "
        "charts, and adopt what works.",
    ),
    (
        "Quality control",
        "How do we keep performance at the level we reached, and notice when it slips?",
        "Hand the measures to the people who run the service; keep a control chart "
        "with the new limits; agree who acts on a signal, and how.",
    ),
)


def _caption(caption: Any) -> str:
    return v.text(caption, "caption", required=True)


def _result(result: Any) -> SustainabilityResult:
    if not isinstance(result, SustainabilityResult):
        raise v.fail(
            "result",
            "is not a Sustainability Model result",
            type(result).__name__,
            "Pass what qikit.spread.sustainability(...) returned.",
        )
    return result


def _keys(result: SustainabilityResult) -> list[str]:
    return ["unit", "x"] if "x" in result.frame.columns else ["unit"]


def _renamed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={"unit": "Team", "x": "Round"})


def trilogy_frame() -> pd.DataFrame:
    """Juran's trilogy as a table: one row per process.

    Returns
    -------
    pandas.DataFrame
        Columns "Process", "The question it asks", "In an improvement project".
    """
    return pd.DataFrame(
        list(TRILOGY),
        columns=["Process", "The question it asks", "In an improvement project"],
    )


def trilogy_table(*, caption: str) -> HTML:
    """:func:`trilogy_frame` as an accessible HTML table with a caption."""
    return HTML(table_html(trilogy_frame(), caption=_caption(caption)))


def factors_frame() -> pd.DataFrame:
    """The ten factors of the NHS Sustainability Model, in their three domains.

    Returns
    -------
    pandas.DataFrame
        Columns "Domain" ("Process", "Staff", "Organisation") and "Factor", in the
        model's order.
    """
    return pd.DataFrame(
        [(f.domain.capitalize(), f.name) for f in SUSTAINABILITY_FACTORS],
        columns=["Domain", "Factor"],
    )


def factors_table(*, caption: str) -> HTML:
    """:func:`factors_frame` as an accessible HTML table with a caption."""
    return HTML(table_html(factors_frame(), caption=_caption(caption)))


def spread_frame(result: SustainabilityResult) -> pd.DataFrame:
    """How far apart each team's members are, team by team and round by round.

    Parameters
    ----------
    result : SustainabilityResult
        What :func:`qikit.spread.sustainability` returned.

    Returns
    -------
    pandas.DataFrame
        One row per team (and round): "Team", "Round" (when there are rounds),
        "Members", "Factors with members 2 or more levels apart" (of ten) and
        "Average gap between highest and lowest" (the mean over the ten factors of
        the team's range of ratings, in levels, to 2 decimals).

    Raises
    ------
    qikit.errors.InputError
        When ``result`` is not a sustainability result.

    Examples
    --------
    >>> from qikit.datasets import load_dataset
    >>> from qikit.spread import sustainability
    >>> sm = sustainability(load_dataset("sustainability_ratings"), x="round")
    >>> spread_frame(sm).query("Team == 'Team 2'").iloc[:, 3].tolist()
    [8, 6, 2]
    """
    frame = _result(result).frame
    keys = _keys(result)
    groups = frame.groupby(keys, sort=True)
    out = pd.DataFrame(
        {
            "Members": groups["members"].max(),
            "Factors with members 2 or more levels apart": groups["range"].agg(
                lambda r: int((r >= 2).sum())
            ),
            "Average gap between highest and lowest": groups["range"].mean().round(2),
        }
    ).reset_index()
    return _renamed(out)


def spread_table(result: SustainabilityResult, *, caption: str) -> HTML:
    """:func:`spread_frame` as an accessible HTML table with a caption."""
    caption = _caption(caption)
    return HTML(table_html(spread_frame(result), caption=caption))


def disagreement_frame(result: SustainabilityResult, top: int = 5) -> pd.DataFrame:
    """The factors the members of a team disagree on most, and who is at each end.

    Parameters
    ----------
    result : SustainabilityResult
        What :func:`qikit.spread.sustainability` returned.
    top : int, default 5
        How many rows to keep.

    Returns
    -------
    pandas.DataFrame
        "Team", "Round" (when there are rounds), "Factor", "Ratings" ("1 to 4"),
        "Lowest" and "Highest" (the members at either end), widest range first
        (:meth:`qikit.spread.SustainabilityResult.disagreement`).

    Raises
    ------
    qikit.errors.InputError
        When ``result`` is not a sustainability result, or ``top`` is not a whole
        number of at least 1.

    Examples
    --------
    >>> from qikit.datasets import load_dataset
    >>> from qikit.spread import sustainability
    >>> sm = sustainability(load_dataset("sustainability_ratings"), x="round")
    >>> disagreement_frame(sm, top=1)[["Team", "Ratings", "Lowest"]].iloc[0].tolist()
    ['Team 4', '1 to 4', 'M01, M04, M06']
    """
    wide = _result(result).disagreement(top=top)
    out = wide[[*_keys(result), "factor"]].copy()
    out["Ratings"] = [
        f"{int(lo)} to {int(hi)}"
        for lo, hi in zip(wide["minimum"], wide["maximum"], strict=True)
    ]
    out["Lowest"] = wide["lowest"]
    out["Highest"] = wide["highest"]
    return _renamed(out.rename(columns={"factor": "Factor"}))


def disagreement_table(
    result: SustainabilityResult, top: int = 5, *, caption: str
) -> HTML:
    """:func:`disagreement_frame` as an accessible HTML table with a caption."""
    caption = _caption(caption)
    return HTML(table_html(disagreement_frame(result, top), caption=caption))


def plot_rounds(
    result: SustainabilityResult,
    *,
    unit: str,
    rounds: Sequence[Any] | None = None,
) -> Figure:
    """One team's ratings in two or more rounds, stacked on one scale.

    Parameters
    ----------
    result : SustainabilityResult
        What :func:`qikit.spread.sustainability` returned, with rounds (``x=``).
    unit : str
        The team.
    rounds : list, optional
        Two to four rounds to draw; default the first and the last.

    Returns
    -------
    matplotlib.figure.Figure
        A new figure that pyplot never sees: one panel per round
        (:func:`qikit.plot.plot_sustainability`), the legend under the last.

    Raises
    ------
    qikit.errors.InputError
        When ``result`` is not a sustainability result or has no rounds, the team
        is not in it, or ``rounds`` are not two to four of its rounds.

    Examples
    --------
    >>> from qikit.datasets import load_dataset
    >>> from qikit.spread import sustainability
    >>> sm = sustainability(load_dataset("sustainability_ratings"), x="round")
    >>> fig = plot_rounds(sm, unit="Team 2")
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['Sustainability Model: Team 2, round 1', 'Sustainability Model: Team 2, round 3']
    """
    ratings = _result(result).ratings
    if "x" not in ratings.columns:
        raise v.fail(
            "result",
            "has no rounds",
            "one round",
            "Rate more than once and pass x='round' to qikit.spread.sustainability.",
        )
    teams = [str(t) for t in pd.unique(ratings["unit"])]
    team = v.text(unit, "unit", required=True)
    if team not in teams:
        near = v.closest(team, teams)
        hint = f"Did you mean {near!r}? " if near else ""
        raise v.fail(
            "unit",
            "is not a team in the ratings",
            team,
            f"{hint}The teams are " + ", ".join(teams) + ".",
        )
    held = sorted(pd.unique(ratings.loc[ratings["unit"] == team, "x"]))
    chosen = [held[0], held[-1]] if rounds is None else list(rounds)
    if not 2 <= len(chosen) <= 4:
        raise v.fail(
            "rounds",
            "must hold two to four rounds",
            plural(len(chosen), "round"),
            f"Choose from the rounds {team} rated: "
            + ", ".join(str(r) for r in held)
            + ".",
        )
    for i, r in enumerate(chosen):
        if r not in held:
            raise v.fail(
                v.path("rounds", i),
                f"is not a round {team} rated",
                r,
                "Its rounds are " + ", ".join(str(x) for x in held) + ".",
            )
    fig = Figure(figsize=(12, 4.5 * len(chosen)), layout="constrained")
    axes = fig.subplots(len(chosen), 1, sharex=True)
    for k, (ax, r) in enumerate(zip(axes, chosen, strict=True)):
        plot_sustainability(result, unit=team, x=r, ax=ax)
        legend = ax.get_legend()
        if legend is not None and k < len(chosen) - 1:
            legend.remove()
    return fig
