"""The rule-set laboratory: why an organisation's choice of rules matters.

Two halves on one page:

1. **The same data, four rule sets.** A practice series (from :func:`qikit.sim.drill`,
   with what really happened shown) or one of qikit's data sets, charted with the
   Anhøj, IHI, Making Data Count and Western Electric rules side by side: four small
   charts, a table of what each rule set finds, and each set's findings in words.
2. **How often each rule set signals.** :func:`qikit.sim.rule_lab` simulates
   charts of a stable process (how often each set raises a false alarm) and of a
   process with a sustained shift (how often it catches the shift), for the series
   length, shift sizes and number of simulations chosen; the rates are shown as a
   table, a chart and a plain-English reading ("With 24 points the Anhøj rules
   raise a false alarm in about 1 chart in 14 …").

The pure parts (reading the shift sizes, the plain-English reading, the tables) are
functions here, tested without widgets.

Examples
--------
>>> from qikit.apps import RuleLab
>>> app = RuleLab(seed=2026)
>>> app.status_text, list(app.lab_frame["rules"].unique())
('Simulation finished', ['anhoej', 'ihi', 'mdc', 'western_electric'])
>>> parse_shifts("0, 1, 2")
[0.0, 1.0, 2.0]
"""

from __future__ import annotations

import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from qikit import _validate as v
from qikit._format import fmt_number, join_words
from qikit.apps._base import App, action
from qikit.apps._controls import button, choice, text
from qikit.apps._display import ChartView, result_table, table_html
from qikit.apps.drills import new_round_seed
from qikit.charts import QicResult, qic
from qikit.charts.rules import RULE_LABELS
from qikit.charts.vocabulary import RULE_SET_NAMES, RULE_SETS, chart_name
from qikit.datasets import load_dataset
from qikit.errors import QikitWarning
from qikit.plot.lab import plot_rule_lab, plot_rule_sets, rule_set_title
from qikit.sim.drills import Drill, drill
from qikit.sim.lab import rule_lab

__all__ = [
    "LAB_SEED",
    "MAX_SHIFTS",
    "RuleLab",
    "SIM_CHOICES",
    "SOURCES",
    "Source",
    "comparison_frame",
    "lab_reading",
    "lab_table",
    "one_in",
    "parse_shifts",
]

#: The simulation's seed: the same settings give the same rates on every laptop in
#: the room (more simulations give a more precise estimate, not a different one).
LAB_SEED = 2026
#: Most shift sizes in one simulation, and the largest (in standard deviations).
MAX_SHIFTS = 8
MAX_SHIFT = 3.0
#: Simulated charts for each shift size; 1,000 answers in about a second here.
SIM_CHOICES: list[tuple[str, int]] = [
    ("1,000 (about a second)", 1_000),
    ("2,000", 2_000),
    ("5,000 (a few seconds)", 5_000),
    ("10,000 (up to half a minute)", 10_000),
]
#: Points in each simulated chart.
POINT_CHOICES: list[tuple[str, int]] = [
    (str(n), n) for n in (12, 16, 20, 24, 30, 36, 48, 60)
]
CENTRE_CHOICES: list[tuple[str, str]] = [
    ("The baseline: the points before the shift", "baseline"),
    ("All the points, shift included", "data"),
]
SIM_CHART_CHOICES: list[tuple[str, str]] = [
    ("Run chart", "run"),
    ("I chart (individual values)", "i"),
]
CHART_KIND_CHOICES: list[tuple[str, str]] = [
    ("Run chart", "run"),
    ("Control chart (I, C, P or U, as the data need)", "control"),
]
PRACTICE_KINDS: list[tuple[str, str]] = [
    ("Chosen at random", "any"),
    ("A shift", "shift"),
    ("A trend", "trend"),
    ("A single unusual point", "outlier"),
    ("No change (random data)", "random"),
]


@dataclass(frozen=True)
class Source:
    """Where the data of the side-by-side charts come from.

    Attributes
    ----------
    label : str
        How the "Data" list shows it.
    dataset : str or None
        A qikit data set (:func:`qikit.datasets.load_dataset`); ``None`` for a
        practice series.
    x, y, n : str or None
        Its columns.
    control : str
        The control chart its data need ("i", "c", "p", "u").
    ylab : str
        What the y axis shows.
    multiply : float
        Passed to :func:`qikit.qic` (100 for percentages, 1,000 for rates per
        1,000).
    """

    label: str
    dataset: str | None = None
    x: str | None = None
    y: str = "y"
    n: str | None = None
    control: str = "i"
    ylab: str = "Value"
    multiply: float = 1


#: The data a learner can put through the four rule sets.
SOURCES: dict[str, Source] = {
    "practice": Source(
        "A practice series (made up, with a known change or none)", control="i"
    ),
    "rag_ratings": Source(
        "Referrals seen within 10 working days: a stable process (36 months)",
        dataset="rag_ratings",
        x="month",
        y="seen_in_time",
        n="referrals",
        control="p",
        ylab="% seen within 10 working days",
        multiply=100,
    ),
    "stillbirths": Source(
        "Stillbirths in Scotland per 1,000 births (108 months)",
        dataset="stillbirths",
        x="month",
        y="stillbirths",
        n="births",
        control="u",
        ylab="Stillbirths per 1,000 births",
        multiply=1000,
    ),
    "ward_falls": Source(
        "Patient falls on a medical ward (24 months)",
        dataset="ward_falls",
        x="month",
        y="falls",
        control="c",
        ylab="Falls",
    ),
}


# --------------------------------------------------------------- the pure parts


def parse_shifts(value: str) -> list[float]:
    """Shift sizes typed as "0, 0.5, 1": numbers from 0 to 3, sorted, each once.

    Raises
    ------
    qikit.errors.InputError
        For an empty box, a word that is not a number, a size outside 0 to 3, or
        more than 8 sizes.

    Examples
    --------
    >>> parse_shifts("2, 0; 1.5  1 2")
    [0.0, 1.0, 1.5, 2.0]
    >>> parse_shifts("0, big")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `shifts`: must be a number (got 'big'). Type numbers \
such as 1.5, separated by commas.
    """
    raw = str(value if value is not None else "")
    parts = [p for p in raw.replace(";", ",").replace(",", " ").split() if p]
    if not parts:
        raise v.fail(
            "shifts",
            "is empty",
            raw,
            "Type one or more shift sizes separated by commas, such as 0, 1, 2.",
        )
    sizes: list[float] = []
    for part in parts:
        try:
            size = float(part)
        except ValueError:
            raise v.fail(
                "shifts",
                "must be a number",
                part,
                "Type numbers such as 1.5, separated by commas.",
            ) from None
        if not np.isfinite(size) or size < 0 or size > MAX_SHIFT:
            raise v.fail(
                "shifts",
                f"must be from 0 to {fmt_number(MAX_SHIFT)} standard deviations",
                part,
                "0 is no change (the false-alarm rate); 3 is a very large shift.",
            )
        if size not in sizes:
            sizes.append(size)
    if len(sizes) > MAX_SHIFTS:
        raise v.fail(
            "shifts",
            f"has {len(sizes)} sizes, more than {MAX_SHIFTS}",
            raw,
            "Keep a few, such as 0, 0.5, 1, 1.5, 2.",
        )
    return sorted(sizes)


def one_in(rate: float, sims: int) -> str:
    """A rate as people say it: "about 1 chart in 12", "about 64 charts in 100".

    Examples
    --------
    >>> one_in(0.083, 1000), one_in(0.64, 1000), one_in(0.0, 1000)
    ('about 1 chart in 12', 'about 64 charts in 100', 'none of the 1,000 charts')
    >>> one_in(0.9996, 10000)
    'almost every chart'
    """
    if rate <= 0:
        return f"none of the {sims:,} charts"
    if rate >= 0.995:
        return "every chart" if rate >= 1 else "almost every chart"
    if rate < 0.5:
        return f"about 1 chart in {max(2, round(1 / rate)):,}"
    return f"about {round(100 * rate)} charts in 100"


def _percent(rate: float) -> str:
    return fmt_number(100 * rate, percent=True, decimals=1 if rate < 0.1 else 0)


def lab_reading(frame: pd.DataFrame) -> list[str]:
    """What a :func:`qikit.sim.rule_lab` table says, in plain English.

    One sentence per rule set and series length (its false alarms at a shift of 0,
    and the largest shift caught), then which set raises the fewest false alarms and
    which catches the most shifts, and what that means for a team.

    Examples
    --------
    >>> lab = pd.DataFrame({"rules": ["anhoej", "anhoej"], "n": [24, 24],
    ...                     "shift": [0.0, 2.0], "sims": [1000, 1000],
    ...                     "signal_rate": [0.074, 0.89], "se": [0.008, 0.01]})
    >>> print(lab_reading(lab)[0])
    With 24 points the Anhøj rules raise a false alarm in about 1 chart in 14 \
(7.4%), and catch a shift of 2 standard deviations in about 89 charts in 100.
    """
    lines: list[str] = []
    sims = int(frame["sims"].max())
    shifts = sorted(set(frame["shift"].astype(float)))
    changes = [s for s in shifts if s > 0]
    big = changes[-1] if changes else None
    for n in pd.unique(frame["n"]):
        rows = frame[frame["n"] == n]
        for rules in pd.unique(rows["rules"]):
            mine = rows[rows["rules"] == rules].set_index("shift")["signal_rate"]
            name = RULE_SET_NAMES.get(rules, str(rules))
            parts = []
            if 0.0 in mine.index:
                rate = float(mine.loc[0.0])
                parts.append(
                    f"raise a false alarm in {one_in(rate, sims)} ({_percent(rate)})"
                )
            if big is not None and big in mine.index:
                rate = float(mine.loc[big])
                parts.append(
                    f"catch a shift of {_sd(big)} in {one_in(rate, sims)}"
                    + ("" if 0.0 in mine.index else f" ({_percent(rate)})")
                )
            lines.append(f"With {n} points the {name} {', and '.join(parts)}.")
    single = frame[frame["n"] == frame["n"].iloc[0]]
    if len(pd.unique(single["rules"])) > 1:
        lines += _comparison(single, big)
    if 0.0 not in shifts:
        lines.append(
            "Add a shift of 0 to see how often each rule set raises a false alarm."
        )
    return lines


def _sd(size: float) -> str:
    word = "standard deviation" if size == 1 else "standard deviations"
    return f"{fmt_number(size)} {word}"


def _comparison(frame: pd.DataFrame, big: float | None) -> list[str]:
    out = []
    names = RULE_SET_NAMES
    calm = frame[frame["shift"] == 0.0].set_index("rules")["signal_rate"]
    sharp = (
        frame[frame["shift"] == big].set_index("rules")["signal_rate"]
        if big is not None
        else pd.Series(dtype=float)
    )
    if not calm.empty:
        least, most = calm.idxmin(), calm.idxmax()
        out.append(
            f"Fewest false alarms: the {names[least]} ({_percent(calm[least])}); "
            f"most: the {names[most]} ({_percent(calm[most])})."
        )
    if not sharp.empty:
        best = sharp.idxmax()
        out.append(
            f"Most shifts of {_sd(big)} caught: the {names[best]} "
            f"({_percent(sharp[best])})."
        )
        if not calm.empty and best != calm.idxmin():
            out.append(
                "No rule set wins on both counts: rules that catch more real changes "
                "also raise more false alarms. That is why an organisation should "
                "choose one rule set, say which, and read every chart with it."
            )
    return out


def lab_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The laboratory's rates as a table to read: one row per rule set (and series
    length), one column per shift size, each cell a percentage.

    Examples
    --------
    >>> lab = pd.DataFrame({"rules": ["ihi", "ihi"], "n": [24, 24],
    ...                     "shift": [0.0, 1.5], "sims": [500, 500],
    ...                     "signal_rate": [0.5, 0.926], "se": [0.02, 0.01]})
    >>> lab_table(lab).to_dict("records")
    [{'Rule set': 'IHI rules', 'No shift (false alarms)': '50%', \
'Shift of 1.5 SD': '93%'}]
    """
    several = frame["n"].nunique() > 1
    rows = []
    for (rules, n), group in frame.groupby(["rules", "n"], sort=False):
        row: dict[str, Any] = {"Rule set": RULE_SET_NAMES.get(rules, str(rules))}
        if several:
            row["Points"] = int(n)
        for shift, rate in zip(group["shift"], group["signal_rate"], strict=True):
            head = (
                "No shift (false alarms)"
                if shift == 0
                else (f"Shift of {fmt_number(float(shift))} SD")
            )
            row[head] = _percent(float(rate))
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_frame(results: Sequence[QicResult]) -> pd.DataFrame:
    """What each rule set finds in the same data: one row per rule set.

    Columns: "Rule set", "Finds" ("a signal" or "no signal"), "Rules that fired",
    "Points flagged" and "First flagged" (the x of the first flagged point).

    Examples
    --------
    >>> y = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 9, 10, 11, 12, 13, 14, 15, 12]
    >>> frame = comparison_frame([qic(y=y, chart="i", rules=r) for r in RULE_SETS])
    >>> frame[["Rule set", "Finds", "Points flagged"]].to_dict("list")["Finds"]
    ['no signal', 'a signal', 'a signal', 'no signal']
    """
    rows = []
    for result in results:
        f = result.frame
        flagged = f["signal"].fillna(False).to_numpy(bool)
        runs = f["runs_signal"].fillna(False).to_numpy(bool).any()
        fired = [str(r) for r in pd.unique(f.loc[flagged, "rule"].astype(str)) if r]
        if runs and not flagged.any():
            fired.append("few_crossings" if result.rules == "anhoej" else "runs_count")
        first = f.loc[flagged, "x"].iloc[0] if flagged.any() else None
        rows.append(
            {
                "Rule set": RULE_SET_NAMES.get(result.rules, str(result.rules)),
                "Finds": "a signal" if flagged.any() or runs else "no signal",
                "Rules that fired": join_words(RULE_LABELS.get(r, r) for r in fired)
                or "none",
                "Points flagged": int(flagged.sum()),
                "First flagged": first,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------- the app

#: Resolution of the four charts (a 10-inch figure: 800 pixels wide).
COMPARE_DPI = 80
#: Side-by-side drawings kept, so switching back and forth redraws nothing.
SHOWN_CACHE = 12
_TABLE = "The data in the four charts, with what each rule set flags"


def _series_key(series: Drill) -> tuple:
    truth = series.truth
    return (series.seed, series.chart, len(series.data), truth.kind, truth.start)


class _RuleSetsView(ChartView):
    """A :class:`ChartView` that can show again a figure it has already drawn.

    Drawing four charts is most of an update; switching the chart or the data back
    to something shown before only puts the kept picture back. (It sets the view's
    own state as :meth:`ChartView.show_figure` does: a ``show_html`` method in the
    base would make this subclass unnecessary.)
    """

    def show_again(
        self,
        html: str,
        *,
        alt: str,
        findings: Sequence[str],
        table: pd.DataFrame,
        table_caption: str,
    ) -> None:
        """Show a picture (``picture.value`` of an earlier draw) with its text."""
        self._alt = alt
        self._findings = list(findings)
        self._caption = table_caption
        self._set(html, table, None)


class RuleLab(App):
    """The same data through four rule sets, and their simulated error rates.

    Parameters
    ----------
    seed : int, optional
        The first practice series' seed; default a fresh one.

    Attributes
    ----------
    source : ipywidgets.Dropdown
        "Data": a practice series or a data set (:data:`SOURCES`).
    practice_kind : ipywidgets.Dropdown
        "Practice series: what happens" (at random, a shift, a trend, a single
        unusual point, no change).
    chart_kind : ipywidgets.Dropdown
        "Chart": a run chart or the control chart the data need. The app's
        :attr:`~qikit.apps.App.change_control`.
    new_series_button : ipywidgets.Button
        "New practice series".
    compare_view : ChartView
        The four small charts, their text alternative and data table.
    comparison : ipywidgets.HTML
        What each rule set finds: a table, and each set's findings in words.
    sim_chart, points, sims, centre : ipywidgets.Dropdown
        The simulation's chart (run or I), points in each chart, simulated charts
        for each shift size, and where the centre line comes from.
    shifts : ipywidgets.Text
        "Shift sizes (standard deviations)", such as "0, 0.5, 1, 1.5, 2".
    run_button : ipywidgets.Button
        "Run the simulation".
    lab_table_html : ipywidgets.HTML
        The rates as a table.
    lab_view : ChartView
        The rates as a chart.
    reading : ipywidgets.HTML
        The plain-English reading.
    series : Drill or None
        The practice series shown (``None`` for a data set).
    results : list of QicResult
        The four charts of the data shown, one per rule set.
    lab_frame : pandas.DataFrame or None
        The last simulation (:func:`qikit.sim.rule_lab`'s columns).
    """

    title = "Rule-set laboratory"
    intro = (
        "Different organisations read charts with different rules. Here the same "
        "data go through the Anhøj, IHI, Making Data Count and Western Electric "
        "rules side by side, and a simulation shows how often each set raises a "
        "false alarm on a stable process and how often it catches a real change."
    )

    def __init__(self, *, seed: int | None = None) -> None:
        super().__init__()
        self.source = choice(
            "Data", [(s.label, key) for key, s in SOURCES.items()], value="practice"
        )
        self.practice_kind = choice(
            "Practice series: what happens", PRACTICE_KINDS, value="any"
        )
        self.chart_kind = choice("Chart", CHART_KIND_CHOICES, value="run")
        self.new_series_button = button("New practice series")
        self.compare_view = _RuleSetsView(
            app=self, table_label="Show the data table of the four charts"
        )
        self.comparison = widgets.HTML(value="")
        self.comparison.add_class("qikit-rule-comparison")

        self.sim_chart = choice("Chart to simulate", SIM_CHART_CHOICES, value="run")
        self.points = choice("Points in each chart", POINT_CHOICES, value=24)
        self.shifts = text(
            "Shift sizes (standard deviations)",
            value="0, 0.5, 1, 1.5, 2",
            help="0 is no change: its rate is the false-alarm rate",
        )
        self.sims = choice("Simulated charts for each shift", SIM_CHOICES, value=1_000)
        self.centre = choice(
            "Centre line and limits from", CENTRE_CHOICES, value="baseline"
        )
        self.run_button = button("Run the simulation", primary=True)
        self.lab_table_html = widgets.HTML(value="")
        self.lab_view = ChartView(
            app=self, table_label="Show the data table of the simulation"
        )
        self.reading = widgets.HTML(value="")
        self.reading.add_class("qikit-lab-reading")
        self.change_control = self.chart_kind
        for control in (
            self.source,
            self.practice_kind,
            self.chart_kind,
            self.sim_chart,
            self.points,
            self.sims,
            self.centre,
            self.compare_view.show_table,
            self.lab_view.show_table,
        ):  # long labels and choices are shown in full
            control.layout.width = "100%"
            control.layout.max_width = "42em"

        self.series: Drill | None = None
        self._practice: Drill | None = None
        self.used_seeds: set[int] = set()
        self.results: list[QicResult] = []
        self.lab_frame: pd.DataFrame | None = None
        self._data: dict[str, pd.DataFrame] = {}
        self._shown: OrderedDict[tuple, tuple] = OrderedDict()

        self.set_body(
            [
                widgets.HTML(value="<h2>The same data, four rule sets</h2>"),
                self.source,
                self.practice_kind,
                self.chart_kind,
                self.new_series_button,
                self.compare_view,
                self.comparison,
                widgets.HTML(
                    value="<h2>How often each rule set signals</h2><p>Simulated "
                    "charts of a stable process, and of a process whose level "
                    "shifts halfway through, by the sizes below (in standard "
                    "deviations of one point). With no shift every signal is a "
                    "false alarm; with a shift, a signal is a change caught.</p>"
                ),
                self.sim_chart,
                self.points,
                self.shifts,
                self.sims,
                self.centre,
                self.run_button,
                self.lab_table_html,
                self.lab_view,
                self.reading,
            ]
        )
        self.on_change([self.source, self.chart_kind], self.compare)
        self.on_change(self.practice_kind, lambda: self.new_series())
        self.on_click(self.new_series_button, self.new_series)
        self.on_click(self.run_button, self.simulate)
        self.new_series(seed=seed)
        self.simulate()

    # -- the same data, four rule sets ------------------------------------------------

    @action
    def new_series(self, seed: int | None = None) -> None:
        """Make a new practice series (``seed`` to make one again) and compare."""
        if self.source.value != "practice":
            raise v.fail(
                "data",
                "a new series is made only for the practice series",
                self.source.value,
                "Choose 'A practice series' in Data first.",
            )
        if seed is None:
            seed = new_round_seed(self.used_seeds)
        else:
            seed = v.whole_number(seed, "seed", minimum=0, example=2026)
        kind = self.practice_kind.value
        series = drill(kind=None if kind == "any" else kind, chart="i", seed=seed)
        self._show_rule_sets(series)
        self.used_seeds.add(seed)
        self.set_status("Rule sets compared")

    @action
    def compare(self) -> None:
        """Chart the data chosen with each rule set, side by side."""
        series = self._practice if self.source.value == "practice" else None
        if self.source.value == "practice" and series is None:
            self.new_series()
            return
        self._show_rule_sets(series)
        self.set_status("Rule sets compared")

    def _show_rule_sets(self, series: Drill | None) -> None:
        key = self.source.value
        source = SOURCES[key]
        chart = source.control if self.chart_kind.value == "control" else "run"
        shown = (key, chart, None if series is None else _series_key(series))
        if shown in self._shown:  # drawn before: show it again, no redrawing
            self._shown.move_to_end(shown)
            results, html, alt, findings, table, comparison = self._shown[shown]
            self.compare_view.show_again(
                html, alt=alt, findings=findings, table=table, table_caption=_TABLE
            )
        else:
            results = self._rule_set_charts(source, chart, series)
            fig = plot_rule_sets(results, ylabel=source.ylab)
            frame = comparison_frame(results)
            table = self._points_table(results)
            what = (
                f"a practice series of {len(series.data)} weeks"
                if series is not None
                else source.label
            )
            kind = chart_name(chart, short=True)
            findings = [rule_set_title(r) for r in results]
            alt = f"Four {kind}s of {what}, one for each rule set: "
            alt += "; ".join(findings) + "."
            comparison = self._comparison_html(frame, results, series)
            # every piece is ready: now show it
            self.compare_view.show_figure(
                fig,
                alt=alt,
                caption=findings,
                table=table,
                table_caption=_TABLE,
                dpi=COMPARE_DPI,
            )
            html = self.compare_view.picture.value
            self._shown[shown] = (results, html, alt, findings, table, comparison)
            while len(self._shown) > SHOWN_CACHE:
                self._shown.popitem(last=False)
        self.series = series
        if series is not None:
            self._practice = series
        self.results = results
        self.new_series_button.disabled = key != "practice"
        self.practice_kind.disabled = key != "practice"
        self.comparison.value = comparison

    def _rule_set_charts(
        self, source: Source, chart: str, series: Drill | None
    ) -> list[QicResult]:
        if series is not None:
            data, x, y, n, multiply, xlab = series.data, "week", "y", None, 1, "week"
        else:
            data = self._dataset(source)
            x, y, n, multiply, xlab = (
                source.x,
                source.y,
                source.n,
                source.multiply,
                source.x,
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", QikitWarning)  # short series by design
            return [
                qic(
                    data,
                    x=x,
                    y=y,
                    n=n,
                    chart=chart,
                    rules=rules,
                    multiply=multiply,
                    improvement="neutral",
                    ylab=source.ylab,
                    xlab=xlab,
                )
                for rules in RULE_SETS
            ]

    def _dataset(self, source: Source) -> pd.DataFrame:
        name = str(source.dataset)
        if name not in self._data:
            self._data[name] = load_dataset(name)
        return self._data[name]

    @staticmethod
    def _points_table(results: Sequence[QicResult]) -> pd.DataFrame:
        first = result_table(results[0])
        keep = [c for c in first.columns if c not in ("Excluded", "Signal")]
        out = first[keep].copy()
        for result in results:
            out[f"Signal ({RULE_SET_NAMES[result.rules]})"] = result_table(result)[
                "Signal"
            ].to_numpy()
        return out

    def _comparison_html(
        self,
        frame: pd.DataFrame,
        results: Sequence[QicResult],
        series: Drill | None,
    ) -> str:
        parts = []
        if series is not None:
            parts.append(
                f"<p><strong>What really happened:</strong> "
                f"{escape(series.truth.describe())}. (Series seed "
                f"{series.seed}.)</p>"
            )
        shown = frame.copy()
        shown["First flagged"] = [
            "" if value is None else value for value in shown["First flagged"]
        ]
        parts.append(table_html(shown, caption="What each rule set finds"))
        for result in results:
            lines = [line for line in result.explain().splitlines() if line.strip()]
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            title = f"What the {RULE_SET_NAMES[result.rules]} find, in words"
            parts.append(  # the summary opens with Enter or Space, in any browser
                f'<details><summary aria-label="{escape(title)}">{escape(title)}'
                f"</summary><ul>{items}</ul></details>"
            )
        return "".join(parts)

    # -- the simulation ----------------------------------------------------------------

    @action
    def simulate(self) -> None:
        """Simulate each rule set's signal rates for the settings chosen."""
        shifts = parse_shifts(self.shifts.value)
        n = int(self.points.value)
        sims = int(self.sims.value)
        chart = self.sim_chart.value
        centre = self.centre.value
        frames = []
        for k, rules in enumerate(RULE_SETS):
            self.set_status(
                f"Simulating {sims:,} charts for each shift: the "
                f"{RULE_SET_NAMES[rules]} ({k + 1} of {len(RULE_SETS)})…",
                "busy",
            )
            frames.append(
                rule_lab(
                    rules=rules,
                    n=n,
                    shift=shifts,
                    sims=sims,
                    chart=chart,
                    centre=centre,
                    seed=LAB_SEED,
                )
            )
        frame = pd.concat(frames, ignore_index=True)
        frame.attrs = dict(frames[0].attrs)
        fig = Figure(figsize=(8.0, 4.6), layout="constrained")
        plot_rule_lab(frame, ax=fig.add_subplot())
        reading = lab_reading(frame)
        table = lab_table(frame)
        start = frame.attrs.get("qikit.sim", {}).get("start", {}).get(n, n // 2 + 1)
        kind = chart_name(chart, short=True)
        # every piece is ready: now show it
        self.lab_frame = frame
        self.lab_table_html.value = table_html(
            table,
            caption=(
                f"Share of {sims:,} simulated {kind}s of {n} points that signal "
                f"(the shift starts at point {start})"
            ),
        )
        self.lab_view.show_figure(
            fig,
            alt=self._lab_alt(frame, kind),
            caption=None,
            table=self._lab_points(frame),
            table_caption="The simulation's results",
        )
        self.reading.value = (
            "<h3>What this means</h3><ul>"
            + "".join(f"<li>{escape(line)}</li>" for line in reading)
            + "</ul>"
        )
        self.set_status("Simulation finished")

    @staticmethod
    def _lab_alt(frame: pd.DataFrame, kind: str) -> str:
        big = float(frame["shift"].max())
        low = float(frame["shift"].min())
        parts = []
        for rules, group in frame.groupby("rules", sort=False):
            rate = group.set_index("shift")["signal_rate"]
            parts.append(
                f"{RULE_SET_NAMES[rules]} {_percent(float(rate[low]))} at a shift of "
                f"{fmt_number(low)} and {_percent(float(rate[big]))} at "
                f"{fmt_number(big)}"
            )
        return (
            f"Line chart of the share of simulated {kind}s that signal against the "
            "size of the shift, one line per rule set: " + "; ".join(parts) + "."
        )

    @staticmethod
    def _lab_points(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "Rule set": [RULE_SET_NAMES[r] for r in frame["rules"]],
                "Points": frame["n"].to_numpy(),
                "Shift (SD)": frame["shift"].to_numpy(),
                "Charts simulated": frame["sims"].to_numpy(),
                "Share that signal": frame["signal_rate"].to_numpy(),
                "Standard error": frame["se"].to_numpy(),
            }
        )
