"""The funnel game: Deming's four rules side by side, and what tampering does.

A marble is dropped through a funnel held over a target. Four rules for moving the
funnel between drops are tried on the **same** chance errors
(:func:`qikit.sim.funnel_experiment`), drawn as four scatter plots on one scale
(:func:`qikit.plot.sim.plot_funnel_experiment`), with the spread of each rule
(:func:`qikit.sim.funnel_summary`) as a table and in plain English
(:func:`funnel_reading`). "Drop 10 more" adds marbles, so a room can watch rules 3
and 4 drift further and further away; the drops over time can be shown as I charts.
A team that has joined sends its results to the trainer's board (game "funnel").

Examples
--------
>>> from qikit.apps import FunnelGame
>>> app = FunnelGame(seed=1)
>>> app.status_text, len(app.frame), app.drops.value
('Drops drawn', 200, 50)
>>> app.drop_more()
>>> app.status_text, app.drops.value
('Drops drawn', 60)
>>> print(app.reading[1])  # doctest: +ELLIPSIS
Rule 2 (move it from where it is) doubles the variance: ...
"""

from __future__ import annotations

import warnings
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import fmt_number, join_words
from qikit.apps._base import App, action
from qikit.apps._controls import button, checkbox, slider
from qikit.apps._display import ChartView, table_html
from qikit.apps._join import JoinPanel
from qikit.charts import qic
from qikit.errors import QikitWarning
from qikit.plot.sim import (
    FUNNEL_TITLES,
    plot_funnel_experiment,
    redraw_funnel_experiment,
)
from qikit.sim import FUNNEL_RULES, funnel_experiment, funnel_summary, to_payload

__all__ = ["FUNNEL_GAME", "FunnelGame", "funnel_reading", "funnel_table"]

#: The game's name in the cohort store.
FUNNEL_GAME = "funnel"
#: Marbles under each rule when the game opens, added by each "Drop 10 more", and
#: the most a game drops.
START_DROPS, STEP_DROPS, MAX_DROPS = 50, 10, 500
RULES = (1, 2, 3, 4)

_SHORT = {rule: title.split(": ", 1)[1] for rule, title in FUNNEL_TITLES.items()}


# ------------------------------------------------------------------ pure helpers


def _times(ratio: float) -> str:
    return f"{fmt_number(float(ratio), decimals=1)} times"


def funnel_reading(summary: pd.DataFrame) -> list[str]:
    """What :func:`qikit.sim.funnel_summary` shows, one plain-English line per rule.

    Parameters
    ----------
    summary : pandas.DataFrame
        One room's :func:`qikit.sim.funnel_summary` (columns ``rule``, ``drops``,
        ``mean_distance``, ``ratio_to_rule_1``).

    Returns
    -------
    list of str
        One sentence per rule in the summary, then what to take away. Ratios are of
        the mean squared distance from the target (the variance about the target),
        compared with rule 1's; without rule 1 no ratio is given.

    Examples
    --------
    >>> from qikit.sim import funnel_experiment, funnel_summary
    >>> lines = funnel_reading(funnel_summary(funnel_experiment([1, 2], seed=4)))
    >>> print(lines[0])
    Rule 1 (leave the funnel alone): the marbles land 1.3 from the target on \
average. This is the system's own variation: the least there can be without \
changing the system.
    """
    data = v.table(summary, "summary")
    for name in ("rule", "drops", "mean_distance", "ratio_to_rule_1"):
        v.column(data, name, "summary")
    lines = []
    for row in data.itertuples(index=False):
        rule = int(row.rule)
        name = f"Rule {rule} ({_SHORT.get(rule, FUNNEL_RULES.get(rule, ''))})"
        distance = fmt_number(float(row.mean_distance), decimals=1)
        ratio = float(row.ratio_to_rule_1)
        known = np.isfinite(ratio)
        if rule == 1:
            lines.append(
                f"{name}: the marbles land {distance} from the target on average. "
                "This is the system's own variation: the least there can be without "
                "changing the system."
            )
        elif rule == 2:
            spread = (
                f"the marbles spread {_times(ratio)} as much as under rule 1 "
                "(mean squared distance from the target; in theory exactly 2)"
                if known
                else f"the marbles land {distance} from the target on average"
            )
            lines.append(
                f"{name} doubles the variance: {spread}. Adjusting after every "
                "drop, the commonest kind of tampering, makes things worse."
            )
        else:
            how = (
                "the funnel swings from one side of the target to the other, "
                "further each time"
                if rule == 3
                else "the funnel wanders off, one random step after another, and never "
                "comes back"
            )
            spread = (
                f"{_times(ratio)} the spread of rule 1 after {int(row.drops)} drops, "
                "and growing with every drop"
                if known
                else f"{distance} from the target on average, and growing"
            )
            lines.append(f"{name}: {spread}: {how}.")
    lines.append(
        "Leaving a stable process alone (rule 1) gives the least variation. To do "
        "better, change the system (a lower funnel, a softer cloth), not the "
        "funnel's position after each drop."
    )
    return lines


def funnel_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The dispersion table the app shows: :func:`qikit.sim.funnel_summary` with
    readable column names and rounded numbers.

    Examples
    --------
    >>> from qikit.sim import funnel_experiment, funnel_summary
    >>> t = funnel_table(funnel_summary(funnel_experiment([1, 2], seed=4)))
    >>> list(t.columns)[:3]
    ['Rule', 'What the funnel does', 'Drops']
    """
    data = v.table(summary, "summary")
    ratio = data["ratio_to_rule_1"].astype(float)
    return pd.DataFrame(
        {
            "Rule": data["rule"].astype(int).to_numpy(),
            "What the funnel does": data["description"].astype(str).to_numpy(),
            "Drops": data["drops"].astype(int).to_numpy(),
            "Spread across (sd)": data["sd_x"].astype(float).round(2).to_numpy(),
            "Spread along (sd)": data["sd_y"].astype(float).round(2).to_numpy(),
            "Average distance from the target": data["mean_distance"]
            .astype(float)
            .round(2)
            .to_numpy(),
            "Furthest from the target": data["max_distance"]
            .astype(float)
            .round(2)
            .to_numpy(),
            "Variance compared with rule 1": [
                "rule 1 itself" if rule == 1 else (_times(r) if np.isfinite(r) else "")
                for rule, r in zip(data["rule"].astype(int), ratio, strict=True)
            ],
        }
    )


def _alt(summary: pd.DataFrame, drops: int) -> str:
    parts = [
        f"rule {int(r.rule)} {fmt_number(float(r.mean_distance), decimals=1)}"
        for r in summary.itertuples(index=False)
    ]
    return (
        f"Four scatter plots on the same scale of where {drops} marbles landed "
        "around the target under each funnel rule. Average distance from the "
        f"target: {join_words(parts)}."
    )


def _drops_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Rule": frame["rule"].to_numpy(),
            "Drop": frame["drop"].to_numpy(),
            "Across (x)": frame["x"].round(2).to_numpy(),
            "Along (y)": frame["y"].round(2).to_numpy(),
            "Funnel across": frame["funnel_x"].round(2).to_numpy(),
            "Funnel along": frame["funnel_y"].round(2).to_numpy(),
        }
    )


# ------------------------------------------------------------------------- the app


class FunnelGame(App):
    """Deming's funnel: rules 1 to 4 on the same chance errors, side by side.

    Parameters
    ----------
    seed : None or int
        Seed for the chance errors (and for "Start again"): the same seed gives the
        same drops. Default: fresh randomness.

    Attributes
    ----------
    join : JoinPanel
        Cohort and team; once joined, each new drop is sent to the trainer's board.
    drops : ipywidgets.IntSlider
        "Marbles dropped under each rule" (10 to 500): the app's change control.
        Moving it back shows the game as it was after fewer drops.
    more, restart : ipywidgets.Button
        "Drop 10 more" and "Start again with new chance errors".
    chart : ChartView
        The four scatter plots, their reading and (on request) every drop.
    spread : ipywidgets.HTML
        The dispersion table.
    show_time : ipywidgets.Checkbox
        "Show the drops over time as I charts".
    time_chart : ChartView
        The I charts of where the marbles landed across the table, drop by drop.
    seed : int
        The seed of the chance errors now in use.
    frame, summary : pandas.DataFrame
        The drops (:func:`~qikit.sim.funnel_experiment`) and their spread
        (:func:`~qikit.sim.funnel_summary`) now shown.
    reading : list of str
        :func:`funnel_reading` of :attr:`summary`.
    sent : int
        The most drops of this experiment sent to the store (0: none).
    """

    title = "The funnel: what tampering does"
    intro = (
        "A marble is dropped through a funnel held over a target and lands a little "
        "way off, by chance. Four rules for moving the funnel between drops are "
        "tried on the same chance errors. Drop more marbles and see how far each "
        "rule spreads them."
    )

    def __init__(self, *, seed: int | None = None) -> None:
        super().__init__()
        self._rng = np.random.default_rng(
            None if seed is None else v.whole_number(seed, "seed", minimum=0)
        )
        self.join = JoinPanel(self, on_join=self._joined)
        self.drops = slider(
            "Marbles dropped under each rule",
            minimum=STEP_DROPS,
            maximum=MAX_DROPS,
            value=START_DROPS,
            step=STEP_DROPS,
        )
        self.more = button("Drop 10 more", primary=True)
        self.restart = button("Start again with new chance errors")
        self.chart = ChartView(app=self, table_label="Show where each marble landed")
        self.spread = widgets.HTML(value="")
        self.spread.add_class("qikit-funnel-spread")
        self.show_time = checkbox("Show the drops over time as I charts")
        self.time_chart = ChartView(app=self, table_label="Show the I charts' data")
        self.change_control = self.drops
        self.show_time.layout.width = "auto"  # the labels in full
        self.time_chart.layout.display = "none"  # until the I charts are asked for
        for view in (self.chart, self.time_chart):
            view.show_table.layout.width = "auto"
        self.seed = self._new_seed()
        self.frame: pd.DataFrame | None = None
        self.summary: pd.DataFrame | None = None
        self.reading: list[str] = []
        self.sent = 0
        self._syncing = False
        self._axes: list | None = None  # the four panels, kept between drawings
        self.set_body(
            [
                self.join,
                self.drops,
                widgets.HBox([self.more, self.restart]),
                self.chart,
                self.spread,
                self.show_time,
                self.time_chart,
            ]
        )
        self.on_change(self.drops, self.redraw)
        self.on_click(self.more, self.drop_more)
        self.on_click(self.restart, self.start_again)
        self.on_change(self.show_time, self.toggle_time)
        self.redraw()

    def _new_seed(self) -> int:
        return int(self._rng.integers(0, 2**31))

    # -- actions -------------------------------------------------------------------

    @action
    def redraw(self) -> None:
        """Draw the game for the number of drops on the slider."""
        if self._syncing:
            return
        self._draw(self.seed, int(self.drops.value))
        self.set_status("Drops drawn")

    @action
    def drop_more(self) -> None:
        """Drop 10 more marbles under each rule; the earlier drops stay as they were."""
        wanted = int(self.drops.value) + STEP_DROPS
        if wanted > MAX_DROPS:
            raise v.fail(
                "drops",
                f"the game stops at {MAX_DROPS} marbles under each rule",
                wanted,
                "Choose Start again for new chance errors, or move the slider back "
                "to see the game as it was.",
            )
        self._draw(self.seed, wanted)
        self._set_drops(wanted)
        self.set_status("Drops drawn")

    @action
    def start_again(self) -> None:
        """New chance errors, 50 drops under each rule."""
        seed = self._new_seed()
        self._draw(seed, START_DROPS, fresh=True)
        self._set_drops(START_DROPS)
        self.set_status("Started again")

    @action
    def toggle_time(self) -> None:
        """Show or hide the I charts of the drops over time."""
        if self.show_time.value and self.frame is not None:
            self._draw_time(self.frame)
            self.time_chart.layout.display = None
            self.set_status("I charts shown")
        else:
            self.time_chart.clear()
            self.time_chart.layout.display = "none"
            self.set_status("I charts hidden")

    # -- the work --------------------------------------------------------------------

    def _set_drops(self, drops: int) -> None:
        self._syncing = True
        try:
            self.drops.value = drops
        finally:
            self._syncing = False

    def _draw(self, seed: int, drops: int, *, fresh: bool = False) -> None:
        frame = funnel_experiment(list(RULES), drops=drops, seed=seed)
        summary = funnel_summary(frame)
        reading = funnel_reading(summary)
        # send first (a failed write shows a message and changes nothing), then show
        sent = 0 if fresh else self.sent
        if self.join.joined is not None and drops > sent:
            self._record(frame, seed)
            sent = drops
        latest = min(STEP_DROPS, drops)
        if self._axes is None:  # the panels are drawn once and then redrawn
            self._axes = plot_funnel_experiment(
                frame, latest=latest, title="Where the marbles landed"
            )
        else:
            redraw_funnel_experiment(self._axes, frame, latest=latest)
        fig = self._axes[0].figure
        self.chart.show_figure(
            fig,
            alt=_alt(summary, drops),
            caption=reading,
            table=_drops_table(frame),
            table_caption=f"Where each marble landed ({drops} drops under each rule)",
        )
        self.spread.value = table_html(
            funnel_table(summary), caption="How far each rule spreads the marbles"
        )
        if self.show_time.value:
            self._draw_time(frame)
        self.seed, self.frame, self.summary, self.reading = (
            seed,
            frame,
            summary,
            reading,
        )
        self.sent = sent

    def _draw_time(self, frame: pd.DataFrame) -> None:
        data = frame.assign(Rule=frame["rule"].map(FUNNEL_TITLES))
        with warnings.catch_warnings():
            # rules 3 and 4 are meant to drift: the engine's signals say so in the
            # findings; its advice on short baselines adds nothing here
            warnings.simplefilter("ignore", QikitWarning)
            result = qic(
                data,
                x="drop",
                y="x",
                chart="i",
                facets="Rule",
                title="Where each marble landed across the table, drop by drop",
                ylab="Across the table (x)",
                xlab="Drop",
            )
        self.time_chart.show_result(result)

    def _record(self, frame: pd.DataFrame, seed: int) -> None:
        cohort, team = self.join.require()
        payload: dict[str, Any] = {**to_payload(frame), "seed": seed}
        drops = int(frame["drop"].max())
        self.store().record_game_result(
            payload, cohort, FUNNEL_GAME, team=team, round=drops
        )
        self.show_notes(
            [f"Sent to the trainer's board: {drops} drops under each rule."],
            heading="Your team's results",
        )

    def _joined(self) -> None:
        if self.frame is not None:
            self._record(self.frame, self.seed)
            self.sent = int(self.frame["drop"].max())
