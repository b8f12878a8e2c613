"""Tables and a figure for the SPC charts module: choosing, reading and comparing.

The curriculum's module 8 (``curriculum/08_spc_charts.ipynb``) chooses a control
chart for each of qikit's data sets with :func:`qikit.improve.choose_chart`, reads
the limits of several charts side by side and the Making Data Count icons. These
helpers show each as an accessible HTML table (a caption, column headers, no engine
column names) or one figure, so a notebook cell stays a line or two long:

- :data:`CHOOSER_CASES`, :func:`chooser_frame`, :func:`chooser_table`: the chart
  chooser's answer for each measure of the module, with the answers in words.
- :func:`choice_html`: one choice of the chooser with its reasons.
- :func:`limits_frame`, :func:`limits_table`: the centre line, the limits and the
  signals of charts side by side.
- :func:`plot_pair`: charts of the same measure stacked on one scale.
- :func:`icon_key_frame`, :func:`icon_key_table`: the Making Data Count icons and
  what each one says.

Examples
--------
>>> chooser_frame()["Chart"].tolist()[:2]
['I chart (individual values)', 'P chart (proportions)']
>>> from qikit.charts import qic
>>> limits_frame(qic(y=[4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 4], chart="c"),
...              labels=["Falls"])[["Centre line", "Upper limit"]]
  Centre line Upper limit
0        5.33        12.3
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

import numpy as np
import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from qikit import _validate as v
from qikit._format import fmt_number, plural
from qikit.apps._display import table_html
from qikit.charts import QicResult
from qikit.charts.vocabulary import chart_name
from qikit.improve.chooser import ChartChoice, choose_chart
from qikit.plot import plot_qic, style

__all__ = [
    "CHOOSER_CASES",
    "ICON_MEANINGS",
    "LIMITS_COLUMNS",
    "ChooserCase",
    "answers_in_words",
    "choice_html",
    "chooser_frame",
    "chooser_table",
    "icon_key_frame",
    "icon_key_table",
    "limits_frame",
    "limits_table",
    "plot_pair",
]


# ------------------------------------------------------------- the chart chooser


@dataclass(frozen=True)
class ChooserCase:
    """A measure and the answers its data give to the chart chooser's questions.

    Attributes
    ----------
    measure : str
        The measure, in a few words.
    dataset : str
        The qikit data set that holds it (:func:`qikit.datasets.load_dataset`).
    answers : dict
        The keyword arguments of :func:`qikit.improve.choose_chart`.
    """

    measure: str
    dataset: str
    answers: Mapping[str, Any] = field(default_factory=dict)


#: The module's measures and the chooser's questions answered for each.
CHOOSER_CASES: tuple[ChooserCase, ...] = (
    ChooserCase(
        "Hours of 1:1 observation each week on a mental health ward",
        "one_to_one_observations",
        {"data_type": "continuous", "subgroup_size": 1},
    ),
    ChooserCase(
        "Parole dossiers complete and on time, out of those due each month (about 45)",
        "parole_dossiers",
        {"data_type": "classified"},
    ),
    ChooserCase(
        "Emergency patients seen within 4 hours, out of about 6,000 a week",
        "ed_four_hours",
        {"data_type": "classified", "large_denominators": True},
    ),
    ChooserCase(
        "New pressure ulcers in six care homes, per 1,000 occupied bed days",
        "pressure_ulcers_monthly",
        {"data_type": "counted", "equal_area": False},
    ),
    ChooserCase(
        "Episodes of restraint each week on one ward of about the same size",
        "restraint",
        {"data_type": "counted", "equal_area": True},
    ),
    ChooserCase(
        "Days between new pressure ulcers in Home D, counted in whole days",
        "pressure_ulcers_events",
        {"data_type": "attribute", "rare_events": True, "between": "cases"},
    ),
    ChooserCase(
        "Time between new pressure ulcers in Home A, as a time in days",
        "pressure_ulcers_events",
        {"data_type": "attribute", "rare_events": True, "between": "time"},
    ),
)

#: The questions the chart chooser asks: the arguments of choose_chart.
_QUESTIONS: tuple[str, ...] = tuple(inspect.signature(choose_chart).parameters)

#: What each chart the chooser can pick says about the data, in plain words.
_KIND_OF_CHART: dict[str, str] = {
    "run": "not sure what kind of data, or too few points for limits",
    "i": "measurements",
    "xbar": "measurements",
    "p": "counts: yes or no for each person or item",
    "pp": "counts: yes or no for each person or item",
    "c": "counts of events that can happen more than once",
    "u": "counts of events that can happen more than once",
    "up": "counts of events that can happen more than once",
    "g": "counts",
    "t": "counts",
}


def answers_in_words(answers: Mapping[str, Any]) -> str:
    """The answers to the chart chooser's questions, in plain words.

    The words follow the branches the chooser takes, so aliases such as
    "measurements" or "defects" read the same as the names they stand for.

    Parameters
    ----------
    answers : dict
        Keyword arguments of :func:`qikit.improve.choose_chart`.

    Returns
    -------
    str
        The answers joined by semicolons, such as "counts of events that can happen
        more than once; an area of opportunity that changes".

    Raises
    ------
    qikit.errors.InputError
        When ``answers`` is not a dict, or the chooser cannot use them.

    Examples
    --------
    >>> answers_in_words({"data_type": "classified", "large_denominators": True})
    'counts: yes or no for each person or item; very large denominators'
    >>> answers_in_words({"data_type": "measurements", "subgroup_size": 5})
    'measurements; subgroups of 5 each period'
    """
    given = _answers(answers, "answers")
    chart = choose_chart(**given).chart  # the chooser's own checks and messages
    words = [_KIND_OF_CHART.get(chart, chart)]
    if chart in ("i", "xbar"):
        size = given.get("subgroup_size")
        words.append(
            "one value each period"
            if chart == "i"
            else f"subgroups of {size} each period"
        )
    elif chart == "g":
        words.append(
            "rare events, the gaps between them counted in whole cases or days"
        )
    elif chart == "t":
        words.append("rare events, the gaps between them measured as a time")
    elif chart in ("pp", "up"):
        words.append("very large denominators")
    elif chart == "c":
        words.append("about the same area of opportunity each period")
    elif chart == "u":
        words.append("an area of opportunity that changes")
    points = given.get("n_points")
    if points is not None:
        words.append(plural(int(points), "point"))
    return "; ".join(words)


def _answers(value: Any, argument: str) -> dict[str, Any]:
    """The chooser's answers, checked: a dict of its questions, with data_type."""
    if not isinstance(value, Mapping):
        raise v.fail(
            argument,
            "must be a dictionary of the chart chooser's answers",
            value,
            "Write them as {'data_type': 'counted', 'equal_area': True}.",
        )
    for key in value:
        if key not in _QUESTIONS:
            near = v.closest(str(key), _QUESTIONS)
            hint = f"Did you mean {near!r}? " if near else ""
            raise v.fail(
                v.path(argument, str(key)),
                "is not a question the chart chooser asks",
                key,
                f"{hint}Its questions are the arguments of "
                "qikit.improve.choose_chart: " + ", ".join(_QUESTIONS) + ".",
            )
    if "data_type" not in value:
        raise v.fail(
            v.path(argument, "data_type"),
            "is missing",
            fix="Say what kind of data it is first: 'continuous', 'classified', "
            "'counted' or 'attribute'.",
        )
    return dict(value)


def _cases(cases: Any) -> list[ChooserCase]:
    if isinstance(cases, ChooserCase):
        return [cases]
    if isinstance(cases, str | bytes | Mapping) or not isinstance(cases, Iterable):
        raise v.fail(
            "cases",
            "must be a list of ChooserCase",
            cases,
            "Pass CHOOSER_CASES, or a list such as [ChooserCase('Falls', "
            "'ward_falls', {'data_type': 'counted', 'equal_area': True})].",
        )
    out = list(cases)
    if not out:
        raise v.fail(
            "cases",
            "is empty",
            "no measures",
            "Pass at least one ChooserCase, or leave cases out for CHOOSER_CASES.",
        )
    for i, case in enumerate(out):
        if not isinstance(case, ChooserCase):
            raise v.fail(
                v.path("cases", i),
                "is not a ChooserCase",
                type(case).__name__,
                "Use ChooserCase(measure, dataset, answers).",
            )
    return out


def chooser_frame(cases: Iterable[ChooserCase] = CHOOSER_CASES) -> pd.DataFrame:
    """The chart the chooser picks for each measure, one row per measure.

    Parameters
    ----------
    cases : list of ChooserCase, default :data:`CHOOSER_CASES`
        The measures and their answers.

    Returns
    -------
    pandas.DataFrame
        Columns "Measure", "Data set", "Answers to the chooser" (in words) and
        "Chart" (the chart's name, from :func:`qikit.improve.choose_chart`).

    Raises
    ------
    qikit.errors.InputError
        For something that is not a list of cases, or answers the chooser cannot
        use (its own message).

    Examples
    --------
    >>> chooser_frame(CHOOSER_CASES[3:4])["Chart"].tolist()
    ['U chart (rates)']
    """
    rows = []
    for i, case in enumerate(_cases(cases)):
        choice = choose_chart(**_answers(case.answers, v.path("cases", i, "answers")))
        rows.append(
            {
                "Measure": case.measure,
                "Data set": case.dataset,
                "Answers to the chooser": answers_in_words(case.answers),
                "Chart": chart_name(choice.chart, start=True),
            }
        )
    return pd.DataFrame(rows)


def chooser_table(
    cases: Iterable[ChooserCase] = CHOOSER_CASES, *, caption: str
) -> HTML:
    """:func:`chooser_frame` as an accessible HTML table with a caption.

    Parameters
    ----------
    cases : list of ChooserCase, default :data:`CHOOSER_CASES`
    caption : str
        What the table shows (required: every table is named).

    Returns
    -------
    IPython.display.HTML
    """
    caption = v.text(caption, "caption", required=True)
    return HTML(table_html(chooser_frame(cases), caption=caption))


def choice_html(choice: ChartChoice) -> HTML:
    """One choice of the chart chooser: the chart, then its reasons in order.

    Parameters
    ----------
    choice : ChartChoice
        What :func:`qikit.improve.choose_chart` returned.

    Returns
    -------
    IPython.display.HTML
        The chart's name, the reasons as a numbered list and any cautions.

    Raises
    ------
    qikit.errors.InputError
        When ``choice`` is not a ChartChoice.

    Examples
    --------
    >>> html = choice_html(choose_chart("counted", equal_area=True)).data
    >>> "C chart (counts)" in html, html.count("<li>")
    (True, 3)
    """
    if not isinstance(choice, ChartChoice):
        raise v.fail(
            "choice",
            "is not a chart choice",
            type(choice).__name__,
            "Pass what qikit.improve.choose_chart(...) returned.",
        )
    name = chart_name(choice.chart, start=True)
    companion = (
        f" (with its {chart_name(choice.companion, short=True)})"
        if choice.companion
        else ""
    )
    items = "".join(f"<li>{escape(r)}</li>" for r in choice.reasons)
    cautions = "".join(
        f'<p class="qikit-caution">Caution: {escape(c)}</p>' for c in choice.cautions
    )
    return HTML(
        f'<div class="qikit-choice"><p><strong>The chooser picks: '
        f"{escape(name)}{escape(companion)}</strong></p><ol>{items}</ol>"
        f"{cautions}</div>"
    )


# ------------------------------------------------------------- limits side by side

#: The columns of :func:`limits_frame`, in order.
LIMITS_COLUMNS: tuple[str, ...] = (
    "Chart",
    "Points",
    "Centre line",
    "Lower limit",
    "Upper limit",
    "Points outside the limits",
    "Points flagged by any rule",
)


def _percent(result: QicResult) -> bool:
    return result.chart in ("p", "pp") and float(result.multiply) == 100


def _span(values: pd.Series, percent: bool) -> str:
    """One value, or "a to b" when a line steps (limits that follow n)."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(float)
    numbers = numbers[np.isfinite(numbers)]
    if not numbers.size:
        return "none"
    low = fmt_number(float(numbers.min()), percent=percent)
    high = fmt_number(float(numbers.max()), percent=percent)
    return low if low == high else f"{low} to {high}"


def limits_frame(*results: QicResult, labels: Sequence[str]) -> pd.DataFrame:
    """The centre line, limits and signals of one or more charts, one row each.

    Parameters
    ----------
    *results : QicResult
        Charts from :func:`qikit.qic`, such as one measure with and without a
        frozen baseline, or as a P chart and a P′ chart.
    labels : list of str
        A name for each chart, in the same order.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LIMITS_COLUMNS`: the label, the number of points with a
        value (a missing week, or the first event of a G or T chart, has none), the
        centre line, the lower and upper limits (one value, or "a to b" when they step
        with the denominator; "none" when the chart has none), how many points lie
        outside the limits, and how many any rule of the chart's rule set flags.
        Values are text, percentages with a % sign for P and P′ charts in percent.

    Raises
    ------
    qikit.errors.InputError
        When no chart is given, something that is not a chart result, or a number
        of labels that does not match.

    Examples
    --------
    >>> from qikit.charts import qic
    >>> y = [4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 14]
    >>> limits_frame(qic(y=y, chart="c"), labels=["Falls"]).iloc[0].tolist()
    ['Falls', '12', '6.17', '0', '13.6', '1', '1']
    """
    if not results:
        raise v.fail(
            "results",
            "is empty",
            "no charts",
            "Pass one or more charts, e.g. limits_table(qic(...), labels=['Falls']).",
        )
    names = v.text_list(labels, "labels")
    if len(names) != len(results):
        raise v.fail(
            "labels",
            f"has {plural(len(names), 'label')} for {plural(len(results), 'chart')}",
            names,
            "Give one label for each chart, in the same order.",
        )
    rows = []
    for i, (result, label) in enumerate(zip(results, names, strict=True)):
        if not isinstance(result, QicResult):
            raise v.fail(
                v.path("results", i),
                "is not a chart result",
                type(result).__name__,
                "Pass what qikit.qic(...) returned.",
            )
        frame = result.frame
        percent = _percent(result)
        rows.append(
            {
                "Chart": label,
                "Points": f"{int(frame['y'].notna().sum()):,}",
                "Centre line": _span(frame["cl"], percent),
                "Lower limit": _span(frame["lcl"], percent),
                "Upper limit": _span(frame["ucl"], percent),
                "Points outside the limits": f"{int(frame['sigma_signal'].sum()):,}",
                "Points flagged by any rule": f"{int(frame['signal'].sum()):,}",
            }
        )
    return pd.DataFrame(rows, columns=list(LIMITS_COLUMNS))


def limits_table(*results: QicResult, labels: Sequence[str], caption: str) -> HTML:
    """:func:`limits_frame` as an accessible HTML table with a caption.

    Parameters
    ----------
    *results : QicResult
    labels : list of str
        A name for each chart.
    caption : str
        What the table shows.

    Returns
    -------
    IPython.display.HTML
    """
    caption = v.text(caption, "caption", required=True)
    return HTML(table_html(limits_frame(*results, labels=labels), caption=caption))


def plot_pair(
    results: Sequence[QicResult],
    *,
    titles: Sequence[str],
    ylabel: str | None = None,
) -> Figure:
    """Charts of one measure stacked one above the other, on the same y scale.

    Drawing them on one scale shows at a glance how much wider one chart's limits
    are than the other's (a P chart against a P′ chart, say).

    Parameters
    ----------
    results : list of QicResult
        Two to four charts of the same data.
    titles : list of str
        A title for each panel.
    ylabel : str, optional
        The y axis label of every panel; default each chart's own.

    Returns
    -------
    matplotlib.figure.Figure
        A new figure that pyplot never sees; the legend is under the last panel.

    Raises
    ------
    qikit.errors.InputError
        For fewer than two or more than four charts, something that is not a chart
        result, or a number of titles that does not match.

    Examples
    --------
    >>> from qikit.charts import qic
    >>> y = [40, 42, 38, 41, 39, 43, 40, 44, 38, 41, 42, 40]
    >>> fig = plot_pair([qic(y=y, n=[50] * 12, chart=c) for c in ("p", "pp")],
    ...                 titles=["P chart", "P′ chart"])
    >>> len(fig.axes), fig.axes[0].get_ylim() == fig.axes[1].get_ylim()
    (2, True)
    """
    charts = list(results) if not isinstance(results, QicResult) else [results]
    if not 2 <= len(charts) <= 4:
        raise v.fail(
            "results",
            "must hold two to four charts",
            plural(len(charts), "chart"),
            "Pass the charts to compare, e.g. [qic(..., chart='p'), "
            "qic(..., chart='pp')].",
        )
    for i, chart in enumerate(charts):
        if not isinstance(chart, QicResult):
            raise v.fail(
                v.path("results", i),
                "is not a chart result",
                type(chart).__name__,
                "Pass what qikit.qic(...) returned.",
            )
    names = v.text_list(titles, "titles")
    if len(names) != len(charts):
        raise v.fail(
            "titles",
            f"has {plural(len(names), 'title')} for {plural(len(charts), 'chart')}",
            names,
            "Give one title for each chart, in the same order.",
        )
    width, height = style.FIGSIZE
    fig = Figure(figsize=(width, 0.75 * height * len(charts)), layout="constrained")
    axes = fig.subplots(len(charts), 1, sharex=True)
    for k, (ax, chart, title) in enumerate(zip(axes, charts, names, strict=True)):
        plot_qic(chart, ax=ax, title=title, show_legend=k == len(charts) - 1)
        if ylabel is not None:
            ax.set_ylabel(ylabel)
    lows, highs = zip(*(ax.get_ylim() for ax in axes), strict=True)
    for ax in axes:
        ax.set_ylim(min(lows), max(highs))
    return fig


# ------------------------------------------------------------ Making Data Count

#: What each Making Data Count icon says and what to do about it (NHS England and
#: NHS Improvement, *Making Data Count*, 2019), by its code in
#: ``QicResult.summary()``.
ICON_MEANINGS: dict[str, tuple[str, str]] = {
    "common_cause": (
        "The latest point shows common-cause variation only: no signal.",
        "Leave the process alone; if its level is not good enough, change the system.",
    ),
    "improvement_high": (
        "The latest point is part of a signal of change upwards, and high is good.",
        "Find out what made it better, and keep it.",
    ),
    "improvement_low": (
        "The latest point is part of a signal of change downwards, and low is good.",
        "Find out what made it better, and keep it.",
    ),
    "concern_high": (
        "The latest point is part of a signal of change upwards, and high is bad.",
        "Find the special cause and act on it.",
    ),
    "concern_low": (
        "The latest point is part of a signal of change downwards, and low is bad.",
        "Find the special cause and act on it.",
    ),
    "neutral_high": (
        "The latest point is part of a signal of change upwards; no direction is "
        "better.",
        "Find out what changed.",
    ),
    "neutral_low": (
        "The latest point is part of a signal of change downwards; no direction is "
        "better.",
        "Find out what changed.",
    ),
    "consistent_pass": (
        "The target lies beyond the limits, on the side of the worse values: the "
        "process meets it every time.",
        "Keep the process as it is; the target is not the problem.",
    ),
    "consistent_fail": (
        "The target lies beyond the limits, on the side of the better values: the "
        "process will miss it every time unless the system changes.",
        "Change the system: waiting, or asking people to try harder, will not do.",
    ),
    "inconsistent": (
        "The target lies between the limits: the process meets it in some periods "
        "and misses it in others, by chance alone.",
        "Do not praise the hits or blame the misses; change the system to meet it "
        "reliably.",
    ),
}

_COLOUR_NAMES = {
    style.DARK_BLUE: "blue",
    style.ORANGE: "orange",
    style.LIGHT_PURPLE: "purple",
    style.SUBTITLE_GREY: "grey",
}


def icon_key_frame() -> pd.DataFrame:
    """The Making Data Count icons qikit draws, and what each one says.

    Returns
    -------
    pandas.DataFrame
        One row per icon (seven variation icons, three assurance icons). Columns
        "Icon" (its letter, colour and shape in words: "H on an orange circle"),
        "Kind" ("Variation" or "Assurance"), "Name", "What it says", "What to do".

    Examples
    --------
    >>> frame = icon_key_frame()
    >>> frame.loc[frame["Name"] == "Hit and miss target", "Icon"].item()
    '? on a grey rounded square'
    """
    rows = []
    for kind, icons, shape in (
        ("Variation", style.VARIATION_ICONS, "circle"),
        ("Assurance", style.ASSURANCE_ICONS, "rounded square"),
    ):
        for code, (letter, colour, words) in icons.items():
            says, do = ICON_MEANINGS[code]
            colour_name = _COLOUR_NAMES.get(colour, "grey")
            article = "an" if colour_name[0] in "aeiou" else "a"
            rows.append(
                {
                    "Icon": f"{letter} on {article} {colour_name} {shape}",
                    "Kind": kind,
                    "Name": words,
                    "What it says": says,
                    "What to do": do,
                }
            )
    return pd.DataFrame(rows)


def icon_key_table(*, caption: str) -> HTML:
    """:func:`icon_key_frame` as an accessible HTML table with a caption.

    Parameters
    ----------
    caption : str
        What the table shows.

    Returns
    -------
    IPython.display.HTML
    """
    caption = v.text(caption, "caption", required=True)
    return HTML(table_html(icon_key_frame(), caption=caption))
