"""The red bead experiment: willing workers, a p chart, and the management of the day.

Deming's experiment (:func:`qikit.sim.red_beads`) a day at a time: each willing
worker dips a paddle into a box of white and red beads, and the red beads are the
worker's defects. The p chart of the results grows as the days are run. Management
then does what management does (:func:`qikit.sim.bead_management`): it ranks the
workers, hands out merit awards, warnings and probation, and puts a slogan on the
wall (:func:`qikit.sim.slogan`). The debrief shows the p chart of each worker's
results: every worker inside the limits means the differences are made by the
system, so ranking them ranks chance. A team that has joined sends each day to the
trainer's board (game "red beads", round = day).

Examples
--------
>>> from qikit.apps import RedBeads
>>> app = RedBeads(seed=1)
>>> app.status_text, app.day, app.next_day.description
('Day 1 drawn', 1, 'Run day 2')
>>> app.run_next_day()
>>> app.status_text, len(app.result.frame)
('Day 2 drawn', 12)
>>> bool(app.ranking["award"].isin(["merit award", "probation"]).any())
True
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from html import escape
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import join_words
from qikit.apps._base import App, action
from qikit.apps._controls import button, choice, number, text_area, whole_number
from qikit.apps._display import ChartView, result_table, table_html
from qikit.apps._join import JoinPanel
from qikit.charts import QicResult, qic
from qikit.errors import QikitWarning
from qikit.sim import WORKER_NAMES, bead_management, red_beads, slogan, to_payload

__all__ = ["DAYS", "RED_BEADS_GAME", "RedBeads", "debrief_sentences", "worker_names"]

#: The game's name in the cohort store.
RED_BEADS_GAME = "red beads"
#: Working days in one experiment, as Deming ran it.
DAYS = 4
#: What management's awards are called on the page.
AWARD_WORDS = {
    "merit award": "Merit award",
    "warning": "Warning",
    "probation": "Probation",
    "": "No comment",
}
_ALL = "all"


# ------------------------------------------------------------------ pure helpers


def worker_names(text: str) -> list[str]:
    """The workers' names typed in a box: one a line, or separated by commas.

    Examples
    --------
    >>> worker_names(" Aisha\\nBen, Catriona;\\n\\n Dev ")
    ['Aisha', 'Ben', 'Catriona', 'Dev']
    """
    return [name.strip() for name in re.split(r"[\n,;]+", str(text)) if name.strip()]


def _percent(value: float) -> str:
    return f"{round(100 * float(value))}%"


def debrief_sentences(ranking: pd.DataFrame) -> list[str]:
    """What the p chart says about management's ranking, for the debrief.

    Parameters
    ----------
    ranking : pandas.DataFrame
        :func:`qikit.sim.bead_management` of one room.

    Returns
    -------
    list of str
        A headline (every worker inside the limits, or who is outside), then one
        verdict per worker, best first.

    Examples
    --------
    >>> from qikit.sim import bead_management, red_beads
    >>> lines = debrief_sentences(bead_management(red_beads(seed=2026)))
    >>> print(lines[0])  # doctest: +ELLIPSIS
    All 6 workers are inside the p chart's limits (11% to 28%): ...
    """
    data = v.table(ranking, "ranking")
    for name in ("worker", "lcl", "ucl", "inside_limits", "verdict"):
        v.column(data, name, "ranking")
    inside = data["inside_limits"].astype(bool)
    limits = (
        f"{_percent(data['lcl'].min())} to {_percent(data['ucl'].max())}"
        if len(data)
        else ""
    )
    if inside.all():
        count = f"All {len(data)} workers are" if len(data) > 1 else "The worker is"
        head = (
            f"{count} inside the p chart's limits ({limits}): the differences "
            "between them are common-cause variation, made by the system (the box, "
            "the paddle, the way the beads are drawn), not by the workers. Ranking "
            "them ranks chance, so the merit awards, warnings and probation were "
            "unfair. Only a change to the system, such as fewer red beads in the "
            "box, will bring the red beads down."
        )
    else:
        outside = data.loc[~inside, "worker"].astype(str).tolist()
        verb = "is" if len(outside) == 1 else "are"
        head = (
            f"{join_words(outside)} {verb} outside the p chart's limits ({limits}): "
            "a signal. Look for a special cause in how the beads were drawn before "
            "praising or blaming anyone. The differences among the others are "
            "common-cause variation, made by the system."
        )
    return [head, *data["verdict"].astype(str).tolist()]


def _ranking_table(ranking: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Rank": ranking["rank"].to_numpy(),
            "Worker": ranking["worker"].astype(str).to_numpy(),
            "Red beads": ranking["red"].to_numpy(),
            "Share red": [_percent(s) for s in ranking["share"]],
            "Management says": ranking["award"].map(AWARD_WORDS).to_numpy(),
        }
    )


def _debrief_table(ranking: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Worker": ranking["worker"].astype(str).to_numpy(),
            "Red beads": ranking["red"].to_numpy(),
            "Beads drawn": ranking["paddle"].to_numpy(),
            "Share red": [_percent(s) for s in ranking["share"]],
            "Lower limit": [_percent(s) for s in ranking["lcl"]],
            "Upper limit": [_percent(s) for s in ranking["ucl"]],
            "Inside the limits": np.where(ranking["inside_limits"], "yes", "no"),
            "Management said": ranking["award"].map(AWARD_WORDS).to_numpy(),
        }
    )


def _awards_sentence(ranking: pd.DataFrame) -> str:
    def who(award: str) -> list[str]:
        return ranking.loc[ranking["award"] == award, "worker"].astype(str).tolist()

    parts = []
    if who("merit award"):
        parts.append(f"a merit award for {join_words(who('merit award'))}")
    if who("warning"):
        parts.append(f"a warning for {join_words(who('warning'))}")
    if who("probation"):
        parts.append(f"probation for {join_words(who('probation'))}")
    if not parts:
        return "Management finds nothing to say: every worker drew the same."
    return "Management hands out " + join_words(parts) + "."


# ------------------------------------------------------------------------- the app


class RedBeads(App):
    """Deming's red bead experiment, a day at a time, with management and debrief.

    Parameters
    ----------
    seed : None or int
        Seed for the beads (and for each "Start again"): the same seed gives the
        same experiment. Default: fresh randomness.
    workers : list of str or str, default the six names of
        :data:`qikit.sim.WORKER_NAMES`
        The willing workers filled in at the start (a text: one name a line, or
        separated by commas).

    Attributes
    ----------
    join : JoinPanel
        Cohort and team; once joined, each day is sent to the trainer's board.
    workers, box, red_share, paddle, bias : widgets
        The workers' names and the settings, used when an experiment starts.
    next_day, all_days, restart : ipywidgets.Button
        "Run day 2" (then 3, 4), "Run all four days" and "Start again with these
        workers and settings".
    chart : ChartView
        The p chart of every draw so far, a label at the start of each day.
    judge : ipywidgets.Dropdown
        "Management judges the workers on" a day or all days so far: the app's
        change control.
    management : ipywidgets.HTML
        The slogan on the wall, management's awards and the ranking table.
    show_debrief : ipywidgets.Button
        "Show the debrief".
    debrief_chart : ChartView
        The p chart of each worker's results (all days so far), once shown.
    debrief : ipywidgets.HTML
        What the p chart says about the ranking, once shown.
    debrief_shown : bool
        Whether the debrief is shown (it then follows each new day).
    debrief_result : QicResult or None
        The debrief's p chart: one point per worker, all days so far.
    experiment : pandas.DataFrame
        All four days of the experiment in progress (:func:`qikit.sim.red_beads`);
        only the days run so far are shown.
    day : int
        Days run so far (1 to 4).
    result : QicResult
        The p chart shown.
    ranking : pandas.DataFrame
        :func:`qikit.sim.bead_management` of the day (or days) being judged.
    slogans : dict of int to str
        The slogan on the wall each day.
    sent : set of int
        The days of this experiment sent to the store.
    """

    title = "The red bead experiment"
    intro = (
        "Willing workers dip a paddle into a box of white and red beads: the red "
        "beads are defects. Run the days one at a time, see how management ranks, "
        "rewards and punishes the workers, then see what the p chart says."
    )

    def __init__(
        self,
        *,
        seed: int | None = None,
        workers: Iterable[str] | str = WORKER_NAMES[:6],
    ) -> None:
        super().__init__()
        self._rng = np.random.default_rng(
            None if seed is None else v.whole_number(seed, "seed", minimum=0)
        )
        self.join = JoinPanel(self, on_join=self._joined)
        names = workers if isinstance(workers, str) else "\n".join(map(str, workers))
        self.workers = text_area(
            "Willing workers (one name a line)", value=names, rows=6
        )
        self.box = whole_number(
            "Beads in the box", value=4000, minimum=0, maximum=10**9
        )
        self.red_share = number(
            "Share of red beads in the box (0 to 1)", value=0.2, step=0.01
        )
        self.paddle = whole_number(
            "Holes in the paddle (beads drawn each time)",
            value=50,
            minimum=0,
            maximum=10**9,
        )
        self.bias = number(
            "Paddle bias (extra share of red beads it picks up)", value=0.0, step=0.01
        )
        self.next_day = button("Run day 2", primary=True)
        self.all_days = button("Run all four days")
        self.restart = button("Start again with these workers and settings")
        self.chart = ChartView(app=self)
        self.judge = choice("Management judges the workers on", [("Day 1", 1)])
        self.management = widgets.HTML(value="")
        self.management.add_class("qikit-bead-management")
        self.show_debrief = button("Show the debrief")
        self.debrief_chart = ChartView(
            app=self, table_label="Show each worker's results"
        )
        self.debrief = widgets.HTML(value="")
        self.debrief.add_class("qikit-bead-debrief")
        self.change_control = self.judge
        _fit(self.box, self.red_share, self.paddle, self.bias, self.judge)
        for view in (self.chart, self.debrief_chart):
            view.show_table.layout.width = "auto"  # the label in full

        self.seed = 0
        self.experiment: pd.DataFrame | None = None
        self.day = 0
        self.result: QicResult | None = None
        self.ranking: pd.DataFrame | None = None
        self.slogans: dict[int, str] = {}
        self.sent: set[int] = set()
        self.debrief_shown = False
        self.debrief_result: QicResult | None = None
        self._syncing = False

        settings = widgets.VBox(
            [
                _heading("The workers and the settings"),
                self.workers,
                self.box,
                self.red_share,
                self.paddle,
                self.bias,
            ]
        )
        self.set_body(
            [
                self.join,
                settings,
                widgets.HBox([self.next_day, self.all_days, self.restart]),
                self.chart,
                _heading("The management of the day"),
                self.judge,
                self.management,
                _heading("The debrief"),
                widgets.HBox([self.show_debrief]),
                self.debrief_chart,
                self.debrief,
            ]
        )
        self.on_click(self.next_day, self.run_next_day)
        self.on_click(self.all_days, self.run_all_days)
        self.on_click(self.restart, self.start_again)
        self.on_change(self.judge, self.rank)
        self.on_click(self.show_debrief, self.open_debrief)
        self.start_again()

    # -- actions -------------------------------------------------------------------

    @action
    def start_again(self) -> None:
        """A new experiment with the workers and settings in the boxes; day 1 run."""
        seed = int(self._rng.integers(0, 2**31))
        experiment = red_beads(
            box=self.box.value,
            red_share=self.red_share.value,
            paddle=self.paddle.value,
            workers=worker_names(self.workers.value),
            days=DAYS,
            bias=self.bias.value,
            seed=seed,
        )
        self._show(experiment, seed, 1, fresh=True)
        self.set_status("Day 1 drawn")

    @action
    def run_next_day(self) -> None:
        """Run the next day of the experiment in progress."""
        self._check_days_left()
        self._show(self.experiment, self.seed, self.day + 1)
        self.set_status(f"Day {self.day} drawn")

    @action
    def run_all_days(self) -> None:
        """Run the days left, up to day 4."""
        self._check_days_left()
        self._show(self.experiment, self.seed, DAYS)
        self.set_status("All four days drawn")

    @action
    def rank(self) -> None:
        """Show management's verdict on the day (or days) chosen in :attr:`judge`."""
        if self._syncing or self.experiment is None:
            return
        so_far = self.experiment[self.experiment["day"] <= self.day]
        ranking = _manage(so_far, self.judge.value)
        self.management.value = self._management_html(ranking, self.judge.value)
        self.ranking = ranking
        self.set_status("Rankings updated")

    @action
    def open_debrief(self) -> None:
        """Show the debrief: each worker's results on a p chart, and what it says."""
        self._draw_debrief(self.experiment[self.experiment["day"] <= self.day])
        self.debrief_shown = True
        self.set_status("Debrief shown")

    # -- the work --------------------------------------------------------------------

    def _check_days_left(self) -> None:
        if self.day >= DAYS:
            raise v.fail(
                "day",
                f"all {DAYS} days of this experiment have been run",
                self.day,
                "Choose Start again for a new experiment.",
            )

    def _show(
        self, experiment: pd.DataFrame, seed: int, day: int, *, fresh: bool = False
    ) -> None:
        so_far = experiment[experiment["day"] <= day]
        result = _p_chart(so_far)
        ranking = _manage(so_far, day)
        slogans = {} if fresh else dict(self.slogans)
        for d in range(1, day + 1):
            if d not in slogans:
                slogans[d] = slogan(seed=np.random.default_rng([seed, d]))
        # send the new days first: a failed write shows a message, changes nothing
        sent = set() if fresh else set(self.sent)
        if self.join.joined is not None:
            sent |= self._record(experiment, seed, range(1, day + 1), sent)
        # now show it all
        self.experiment, self.seed, self.day = experiment, seed, day
        self.slogans, self.sent, self.result, self.ranking = (
            slogans,
            sent,
            result,
            ranking,
        )
        self.chart.show_result(
            result, annotations=_day_starts(so_far), table=_chart_table(result, so_far)
        )
        self._syncing = True
        try:
            self.judge.options = [(f"Day {d}", d) for d in range(1, day + 1)] + [
                ("All days so far", _ALL)
            ]
            self.judge.value = day
        finally:
            self._syncing = False
        self.management.value = self._management_html(ranking, day)
        left = day < DAYS
        self.next_day.description = f"Run day {day + 1}" if left else "All days run"
        self.next_day.disabled = not left
        self.all_days.disabled = not left
        if fresh:
            self.debrief_shown = False
            self.debrief_result = None
            self.debrief_chart.clear()
            self.debrief.value = ""
        elif self.debrief_shown:
            self._draw_debrief(so_far)

    def _management_html(self, ranking: pd.DataFrame, judged: Any) -> str:
        if judged == _ALL:
            what = "all days so far" if self.day > 1 else "day 1"
            wall = self.slogans.get(self.day, "")
        else:
            what = f"day {judged}"
            wall = self.slogans.get(int(judged), "")
        return (
            f'<p class="qikit-slogan">On the wall: <strong>“{escape(wall)}”</strong>'
            "</p>"
            f"<p>{escape(_awards_sentence(ranking))}</p>"
            + table_html(
                _ranking_table(ranking), caption=f"Management's ranking: {what}"
            )
        )

    def _draw_debrief(self, so_far: pd.DataFrame) -> None:
        ranking = bead_management(so_far)
        # the chart keeps the workers in their own order: sorted by rank, the points
        # would rise steadily and the run rules would see a pattern that the
        # sorting made
        order = so_far["worker"].astype(str).drop_duplicates().tolist()
        by_worker = ranking.set_index("worker").loc[order].reset_index()
        with warnings.catch_warnings():
            # one point per worker is the experiment's design: the engine's advice
            # on charts of fewer than 12 points does not apply (as bead_management)
            warnings.simplefilter("ignore", QikitWarning)
            result = qic(
                by_worker,
                x="worker",
                y="red",
                n="paddle",
                chart="p",
                title="Each worker's red beads, "
                + ("day 1" if self.day == 1 else f"days 1 to {self.day}"),
                ylab="Share of red beads",
                xlab="Worker",
            )
        lines = debrief_sentences(ranking)
        self.debrief_chart.show_result(result, table=_debrief_table(ranking))
        self.debrief_result = result
        self.debrief.value = (
            f"<p><strong>{escape(lines[0])}</strong></p><ul>"
            + "".join(f"<li>{escape(line)}</li>" for line in lines[1:])
            + "</ul>"
        )

    def _record(
        self,
        experiment: pd.DataFrame,
        seed: int,
        days: Iterable[int],
        sent: set[int],
    ) -> set[int]:
        cohort, team = self.join.require()
        new = [d for d in days if d not in sent]
        for d in new:
            today = experiment[experiment["day"] == d]
            ranking = bead_management(today)
            payload = {
                **to_payload(today),
                "day": d,
                "seed": seed,
                "red_total": int(today["red"].sum()),
                "management": [
                    {
                        "worker": str(row.worker),
                        "red": int(row.red),
                        "rank": int(row.rank),
                        "award": str(row.award),
                    }
                    for row in ranking.itertuples(index=False)
                ],
            }
            self.store().record_game_result(
                payload, cohort, RED_BEADS_GAME, team=team, round=d
            )
        if new:
            days_text = (
                f"day {new[0]}"
                if len(new) == 1
                else f"days {join_words([str(d) for d in new])}"
            )
            self.show_notes(
                [f"Sent to the trainer's board: {days_text}."],
                heading="Your team's results",
            )
        return set(new)

    def _joined(self) -> None:
        if self.experiment is not None:
            self.sent |= self._record(
                self.experiment, self.seed, range(1, self.day + 1), self.sent
            )


def _fit(*controls: widgets.Widget) -> None:
    """Room for a long label and its box (ipywidgets gives both 300 pixels)."""
    for control in controls:
        control.layout.width = "100%"
        control.layout.max_width = "42em"


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(value=f"<h2>{escape(text)}</h2>")


def _manage(so_far: pd.DataFrame, judged: Any) -> pd.DataFrame:
    if judged == _ALL:
        return bead_management(so_far)
    return bead_management(so_far, day=int(judged))


def _p_chart(so_far: pd.DataFrame) -> QicResult:
    days = int(so_far["day"].max())
    return qic(
        so_far,
        x="draw",
        y="red",
        n="paddle",
        chart="p",
        title="Red beads on each paddle, "
        + ("day 1" if days == 1 else f"days 1 to {days}"),
        ylab="Share of red beads",
        xlab="Draw (each worker in turn, day by day)",
    )


def _day_starts(so_far: pd.DataFrame) -> list[tuple[int, str]]:
    first = so_far.groupby("day", sort=True)["draw"].min()
    return [(int(draw), f"Day {int(day)}") for day, draw in first.items()]


def _chart_table(result: QicResult, so_far: pd.DataFrame) -> pd.DataFrame:
    table = result_table(result)
    table.insert(1, "Day", so_far["day"].to_numpy())
    table.insert(2, "Worker", so_far["worker"].astype(str).to_numpy())
    table.insert(3, "Red beads", so_far["red"].to_numpy())
    return table
