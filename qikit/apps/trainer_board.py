"""The trainer board: a workshop's pooled results, refreshed while the room works.

Teams join a cohort in the games, drills, quizzes and the project builder (no
accounts: a cohort and a team name); everything they record goes to the cohort
store that ``make app`` uses (``QIKIT_STORE``). The board reads it back:

- **Teams**: who has joined and what each has stored (``cohort_overview``), and
  how many results each team recorded in each game.
- **Red beads**: each team's p chart, or the room's draws on one chart.
- **Funnel**: each team's spread under rules 1 to 4.
- **PDSA game**: each team's tests (cycles) and a run chart of its flight times.
- **Signal or noise?** and **Quiz**: each team's scores.
- **PDSA cycles**: cycles per team, change ideas and decisions (``pdsa_cycles``).
- **Teams' charts**: each team's latest measure (or one measure for every team)
  as small multiples, from ``measure_data``.
- **Export**: one Excel workbook with a sheet per table, and a CSV of each.

"Refresh" reads the store again; tick "Refresh automatically" to refresh every
few seconds (it stops by itself after :data:`AUTO_LIMIT_HOURS` hours). Only the
charts whose data changed are drawn again. Results an app stored in a shape the
board cannot read are left out and counted in a note.

Its notebook is ``curriculum/apps/trainer_board.ipynb``.

Examples
--------
>>> import os, pathlib, tempfile
>>> folder = tempfile.TemporaryDirectory()
>>> os.environ["QIKIT_STORE"] = str(pathlib.Path(folder.name) / "room.sqlite3")
>>> from qikit.apps.trainer_board import TrainerBoard
>>> board = TrainerBoard()
>>> board.status_text
'Board refreshed: 0 teams'
>>> _ = board.store().record_game_result(
...     {"quiz": "Run charts", "score": 4, "questions": 5}, "Workshop", "quiz",
...     team="Ward 6")
>>> board.refresh()
>>> board.status_text, board.cohort.value
('Board refreshed: 1 team', 'Workshop')
>>> board.close(); del os.environ["QIKIT_STORE"]; folder.cleanup()
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

import ipywidgets as widgets
import pandas as pd

from qikit._format import join_words, plural, slug
from qikit._validate import fail
from qikit.apps._base import LOG, App, action
from qikit.apps._controls import button, checkbox, choice, toggle_buttons, whole_number
from qikit.apps._display import ChartView, table_html
from qikit.apps._files import csv_bytes, download_link, xlsx_bytes
from qikit.apps._join import WORKSHOP_COHORT
from qikit.apps._trainer_board_data import (
    LATEST,
    drill_table,
    excel_safe,
    funnel_sentences,
    funnel_table,
    game_counts,
    latest_measures,
    measure_chart,
    overview_table,
    pdsa_counts,
    pdsa_game_chart,
    pdsa_game_tables,
    quiz_table,
    red_bead_draws,
    red_beads_chart,
    split_games,
)
from qikit.charts import QicResult

__all__ = ["AUTO_LIMIT_HOURS", "Board", "TrainerBoard"]

#: Automatic refreshing stops by itself after this many hours (a workshop's day).
AUTO_LIMIT_HOURS = 4
#: Fewest and most seconds between automatic refreshes.
MIN_SECONDS, MAX_SECONDS = 5, 600
#: The cohort choice when the store has none yet.
NO_COHORT = ""

RED_VIEWS = [("Each team's p chart", "team"), ("The room's results", "room")]


@dataclass
class Board:
    """What the board shows for one cohort, read from the store in one go.

    Attributes
    ----------
    cohort : str
        The cohort ("" when the store has none).
    teams : list of str
        Its teams, by name.
    results, overview, cycles, points : pandas.DataFrame
        The store's frames: ``game_results``, ``cohort_overview``,
        ``pdsa_cycles`` and ``measure_data``.
    tables : dict
        The tables the board shows and exports, by sheet name.
    draws, flights : pandas.DataFrame
        The red beads draws and PDSA game flights behind the charts.
    notes : list of str
        Results left out, and why.
    """

    cohort: str = NO_COHORT
    teams: list[str] = field(default_factory=list)
    results: pd.DataFrame = field(default_factory=pd.DataFrame)
    overview: pd.DataFrame = field(default_factory=pd.DataFrame)
    cycles: pd.DataFrame = field(default_factory=pd.DataFrame)
    points: pd.DataFrame = field(default_factory=pd.DataFrame)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    draws: pd.DataFrame = field(default_factory=pd.DataFrame)
    flights: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)
    funnel_lines: list[str] = field(default_factory=list)

    def ids(self, game: str) -> tuple:
        """The store's numbers of a game's results (what changes when one is added)."""
        if not len(self.results):
            return ()
        rows = self.results[self.results["game"] == game]
        return tuple(int(i) for i in rows["result_id"])


def read_board(store: Any, cohort: str) -> Board:
    """Read everything the board shows for ``cohort`` from ``store``."""
    if not cohort:
        return Board(tables=_tables(Board()))
    results = store.game_results(cohort)
    overview = store.cohort_overview(cohort)
    cycles = store.pdsa_cycles(cohort)
    points = store.measure_data(cohort)
    board = Board(
        cohort=cohort,
        teams=[str(t) for t in overview["team"]],
        results=results,
        overview=overview,
        cycles=cycles,
        points=points,
    )
    board.tables = _tables(board)
    return board


def _tables(board: Board) -> dict[str, pd.DataFrame]:
    games = split_games(board.results)
    draws, red_notes = red_bead_draws(games.get("red beads"))
    funnel, funnel_notes = funnel_table(games.get("funnel"))
    tests, flights, pdsa_notes = pdsa_game_tables(games.get("pdsa game"))
    drills, drill_notes = drill_table(games.get("signal or noise"))
    quizzes, quiz_notes = quiz_table(games.get("quiz"))
    board.draws, board.flights = draws, flights
    board.notes = red_notes + funnel_notes + pdsa_notes + drill_notes + quiz_notes
    board.funnel_lines = funnel_sentences(funnel)
    cycles = board.cycles
    if len(cycles) and "document" in cycles.columns:
        cycles = cycles.drop(columns=["document"])
    return {
        "Teams": overview_table(board.overview),
        "Game results per team": game_counts(board.results, board.teams),
        "Red beads draws": draws,
        "Funnel": funnel,
        "PDSA game tests": tests,
        "PDSA game flights": flights,
        "Signal or noise": drills,
        "Quiz": quizzes,
        "PDSA cycles per team": pdsa_counts(board.cycles, board.teams),
        "PDSA cycles": cycles,
        "Measure data": board.points,
        "All game results": board.results,
    }


def _fingerprint(frame: pd.DataFrame, columns: list[str]) -> tuple:
    if frame is None or not len(frame):
        return (0,)
    shown = frame[[c for c in columns if c in frame.columns]].astype(str)
    return (len(frame), int(pd.util.hash_pandas_object(shown, index=False).sum()))


class TrainerBoard(App):
    """A workshop's pooled results from the cohort store, refreshed while the room
    works, with everything exportable.

    Parameters
    ----------
    cohort : str, optional
        The cohort to show first (default: "Workshop" when stored, else the
        cohort created last).
    every : int, default 30
        Seconds between automatic refreshes (5 to 600), once ticked.

    Attributes
    ----------
    cohort : ipywidgets.Dropdown
        "Cohort": the cohorts in the store.
    refresh_button : ipywidgets.Button
        "Refresh": read the store again.
    auto : ipywidgets.Checkbox
        "Refresh automatically".
    every : ipywidgets.BoundedIntText
        "Seconds between refreshes".
    red_view : ipywidgets.ToggleButtons
        Each team's p chart or the room's results (the benchmark's
        :attr:`~qikit.apps.App.change_control`).
    red_chart, pdsa_chart, measure_chart : ChartView
        The red beads chart, the PDSA game's flight times, the teams' charts.
    measure : ipywidgets.Dropdown
        "Measure": each team's latest, or one measure for every team.
    prepare : ipywidgets.Button
        "Prepare the downloads" (Excel workbook and CSV files).
    board : Board
        What is shown now.
    """

    title = "Trainer board"
    intro = (
        "The room's results from the cohort store. Choose your cohort, then "
        "Refresh while teams work, or tick Refresh automatically. Every chart has "
        "its findings under it and its data on request."
    )

    def __init__(self, cohort: str | None = None, *, every: int = 30) -> None:
        super().__init__()
        self._closed = False
        self._timer: threading.Timer | None = None
        self._lock = threading.RLock()
        self._auto_count = 0
        self._syncing = False
        self._first = cohort
        self._drawn: dict[str, tuple] = {}
        try:
            self._loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None
        self.board = Board()

        self.cohort = choice("Cohort", [("(no cohorts yet)", NO_COHORT)])
        self.refresh_button = button("Refresh", primary=True)
        self.auto = checkbox("Refresh automatically")
        self.every = whole_number(
            "Seconds between refreshes",
            value=min(max(int(every), MIN_SECONDS), MAX_SECONDS),
            minimum=MIN_SECONDS,
            maximum=MAX_SECONDS,
        )
        self.summary = widgets.HTML(value="")
        self.teams_table = widgets.HTML(value="")
        self.red_view = toggle_buttons("Red beads chart", RED_VIEWS)
        self.red_text = widgets.HTML(value="")
        self.red_chart = ChartView(
            app=self, table_label="Show the red beads as a table"
        )
        self.funnel_box = widgets.HTML(value="")
        self.pdsa_game_box = widgets.HTML(value="")
        self.pdsa_chart = ChartView(app=self, table_label="Show the flight times")
        self.drill_box = widgets.HTML(value="")
        self.quiz_box = widgets.HTML(value="")
        self.cycles_box = widgets.HTML(value="")
        self.measure = choice("Measure", [("Each team's latest measure", LATEST)])
        self.measure_text = widgets.HTML(value="")
        self.measure_chart = ChartView(app=self, table_label="Show the teams' data")
        self.prepare = button("Prepare the downloads")
        self.downloads = widgets.HTML(value="")
        self.change_control = self.red_view

        self.set_body(
            [
                widgets.HBox([self.cohort, self.refresh_button]),
                widgets.HBox([self.auto, self.every]),
                self.feedback,
                self.summary,
                _heading("Teams"),
                self.teams_table,
                _heading("Red beads"),
                self.red_view,
                self.red_text,
                self.red_chart,
                _heading("Funnel"),
                self.funnel_box,
                _heading("PDSA game"),
                self.pdsa_game_box,
                self.pdsa_chart,
                _heading("Signal or noise?"),
                self.drill_box,
                _heading("Quiz"),
                self.quiz_box,
                _heading("PDSA cycles"),
                self.cycles_box,
                _heading("Teams' charts"),
                self.measure,
                self.measure_text,
                self.measure_chart,
                _heading("Export"),
                widgets.HBox([self.prepare]),
                self.downloads,
            ]
        )
        self.on_click(self.refresh_button, self.refresh)
        self.on_change(self.cohort, self._cohort_chosen)
        self.on_change(self.red_view, self.redraw_red_beads)
        self.on_change(self.measure, self.redraw_measures)
        self.on_change(self.auto, self._auto_changed)
        self.on_change(self.every, self._every_changed)
        self.on_click(self.prepare, self.prepare_downloads)
        self.refresh()

    # -- actions -----------------------------------------------------------------------

    @action
    def refresh(self) -> None:
        """Read the store again and show what changed."""
        with self._lock:
            store = self.store()
            cohorts = store.list_cohorts()
            names = [str(c) for c in cohorts["cohort"]]
            chosen = self._choose(names, cohorts)
            board = read_board(store, chosen)
            self._show(board, names)
            self.set_status(f"Board refreshed: {plural(len(board.teams), 'team')}")

    @action
    def redraw_red_beads(self) -> None:
        """Draw the red beads chart again (after "Show" changed)."""
        self._red(self.board, force=True)
        self.set_status("Red beads chart updated")

    @action
    def redraw_measures(self) -> None:
        """Draw the teams' charts again (after "Measure" changed)."""
        self._measures(self.board, force=True)
        self.set_status("Teams' charts updated")

    @action
    def prepare_downloads(self) -> None:
        """Build the Excel workbook (a sheet per table) and a CSV of each table."""
        board = self.board
        if not board.cohort:
            raise fail(
                "cohort",
                "there is nothing to export yet",
                "no cohort",
                "Teams join a cohort in a game, a drill or the quiz; choose Refresh "
                "once they have recorded something.",
            )
        tables = {name: excel_safe(frame) for name, frame in board.tables.items()}
        stem = slug(board.cohort) or "cohort"
        links = [
            download_link(
                xlsx_bytes(tables),
                f"{stem}-trainer-board.xlsx",
                label="Download everything as an Excel workbook",
            )
        ]
        for name, frame in tables.items():
            links.append(
                download_link(
                    csv_bytes(frame),
                    f"{stem}-{slug(name)}.csv",
                    label=f"Download {_lower_first(name)} as CSV",
                )
            )
        self.downloads.value = (
            '<ul class="qikit-downloads">'
            + "".join(f"<li>{link}</li>" for link in links)
            + "</ul>"
        )
        self.set_status("Downloads ready")

    # -- automatic refresh -------------------------------------------------------------

    @property
    def auto_limit(self) -> int:
        """How many automatic refreshes run before they stop by themselves."""
        return max(1, math.ceil(AUTO_LIMIT_HOURS * 3600 / self._seconds()))

    def _seconds(self) -> float:
        return float(self.every.value)

    def _auto_changed(self) -> None:
        if self._syncing:
            return
        if self.auto.value:
            self._auto_count = 0
            self._schedule()
            self.set_status(f"Automatic refresh on: every {self.every.value} seconds")
        else:
            self._cancel()
            self.set_status("Automatic refresh off")

    def _every_changed(self) -> None:
        if self.auto.value:
            self._schedule()
            self.set_status(f"Automatic refresh on: every {self.every.value} seconds")
        else:
            self.set_status(f"Seconds between refreshes: {self.every.value}")

    def _schedule(self) -> None:
        """Start the timer for the next automatic refresh (replacing any other)."""
        self._cancel()
        if self._closed or not self.auto.value:
            return
        timer = threading.Timer(self._seconds(), self._fire)
        timer.daemon = True
        self._timer = timer
        timer.start()

    def _cancel(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()

    def _fire(self) -> None:
        """In the timer's thread: hand the refresh to the kernel's own loop, so it
        runs between the learner's clicks, never at the same time."""
        loop = self._loop
        if loop is not None and loop.is_running() and not loop.is_closed():
            loop.call_soon_threadsafe(self._tick)
        else:
            self._tick()

    def _tick(self) -> None:
        try:
            with self._lock:
                if self._closed or not self.auto.value:
                    return
                self._auto_count += 1
                self.refresh()
                if self._auto_count >= self.auto_limit:
                    self._stop_auto()
                else:
                    self._schedule()
        except Exception:  # noqa: BLE001 - a timer's thread must never raise
            LOG.exception("TrainerBoard: the automatic refresh failed")

    def _stop_auto(self) -> None:
        self._cancel()
        self._syncing = True
        try:
            self.auto.value = False
        finally:
            self._syncing = False
        self.set_status(
            f"Automatic refresh stopped after {AUTO_LIMIT_HOURS} hours: choose "
            "Refresh, or tick the box again",
            "info",
        )

    def close(self) -> None:
        """Stop the automatic refresh, close the store and the widgets."""
        if not hasattr(self, "_closed"):
            return
        self._closed = True
        self._cancel()
        super().close()

    # -- reading -----------------------------------------------------------------------

    def _cohort_chosen(self) -> None:
        if not self._syncing:
            self.refresh()

    def _choose(self, names: list[str], cohorts: pd.DataFrame) -> str:
        for wanted in (self.cohort.value, self._first, WORKSHOP_COHORT):
            if wanted and wanted in names:
                return wanted
        if not names:
            return NO_COHORT
        newest = cohorts.sort_values("created_at", kind="stable")["cohort"].iloc[-1]
        return str(newest)

    # -- showing -----------------------------------------------------------------------

    def _show(self, board: Board, names: list[str]) -> None:
        """Work out the charts that changed, then put everything on the page."""
        self._syncing = True
        try:
            options = [(n, n) for n in names] or [("(no cohorts yet)", NO_COHORT)]
            if list(self.cohort.options) != options:
                self.cohort.options = options
            self.cohort.value = board.cohort
            measures = (
                sorted(pd.unique(board.points["measure"].astype(str)))
                if len(board.points)
                else []
            )
            wanted = self.measure.value if self.measure.value in measures else LATEST
            options = [("Each team's latest measure", LATEST)] + [
                (m, m) for m in measures
            ]
            if list(self.measure.options) != options:
                self.measure.options = options
            self.measure.value = wanted
        finally:
            self._syncing = False
        self._red(board)
        self._pdsa(board)
        self._measures(board)
        self._tables(board)
        if _signature(board) != _signature(self.board):
            self.downloads.value = (
                '<p class="qikit-downloads-stale">Choose Prepare the downloads for '
                "the latest results.</p>"
                if board.cohort
                else ""
            )
        self.board = board
        self.show_notes(board.notes, heading="About the results")

    def _tables(self, board: Board) -> None:
        t = board.tables
        if not board.cohort:
            self.summary.value = (
                "<p>No cohort has stored anything yet. When teams join a cohort in a "
                "game, a drill or the quiz and record their results, choose "
                "Refresh.</p>"
            )
        else:
            teams = (
                f"{plural(len(board.teams), 'team')}: {escape(join_words(board.teams))}"
                if board.teams
                else "no teams yet"
            )
            self.summary.value = (
                f"<p><strong>{escape(board.cohort)}</strong>: {teams}. "
                f"{plural(len(board.results), 'game result')} stored.</p>"
            )
        self.teams_table.value = _table(
            t["Teams"], "Each team and what it has stored", "No team has joined yet."
        ) + _table(
            t["Game results per team"],
            "Results recorded in each game, per team",
            "",
        )
        lines = "".join(f"<p>{escape(line)}</p>" for line in board.funnel_lines)
        self.funnel_box.value = lines + _table(
            t["Funnel"],
            "Each team's latest funnel experiment, rule by rule",
            "No team has recorded a funnel experiment yet.",
        )
        self.pdsa_game_box.value = _table(
            t["PDSA game tests"],
            "Each team's tests in the PDSA game",
            "No team has recorded the PDSA game yet.",
        )
        self.drill_box.value = _table(
            t["Signal or noise"],
            "Each team's drill scores",
            "No team has recorded a drill score yet.",
        )
        self.quiz_box.value = _table(
            t["Quiz"], "Each team's quiz scores", "No team has recorded a quiz yet."
        )
        self.cycles_box.value = _table(
            t["PDSA cycles per team"],
            "PDSA cycles per team and what was decided",
            "No team has joined yet.",
        )

    def _red(self, board: Board, force: bool = False) -> None:
        key = (board.cohort, board.ids("red beads"), self.red_view.value)
        self._draw(
            "red",
            key,
            force,
            lambda: red_beads_chart(board.draws, by=self.red_view.value),
            self.red_chart,
            self.red_text,
            "No team has recorded the red bead experiment yet.",
            board.draws,
        )

    def _pdsa(self, board: Board, force: bool = False) -> None:
        key = (board.cohort, board.ids("pdsa game"))
        self._draw(
            "pdsa",
            key,
            force,
            lambda: pdsa_game_chart(board.flights),
            self.pdsa_chart,
            None,
            "",
            board.flights,
        )

    def _measures(self, board: Board, force: bool = False) -> None:
        columns = ["team", "project", "measure", "x", "y", "n"]
        key = (board.cohort, _fingerprint(board.points, columns), self.measure.value)
        panels = latest_measures(board.points, self.measure.value)
        self._draw(
            "measures",
            key,
            force,
            lambda: measure_chart(panels),
            self.measure_chart,
            self.measure_text,
            "No team has stored measure data yet: teams add it in the project builder.",
            panels,
        )

    def _draw(
        self,
        name: str,
        key: tuple,
        force: bool,
        make: Callable[[], QicResult | None],
        view: ChartView,
        text: widgets.HTML | None,
        empty: str,
        table: pd.DataFrame,
    ) -> None:
        if not force and self._drawn.get(name) == key:
            return
        result = make()
        if result is None:
            view.clear()
            if text is not None:
                text.value = f"<p>{escape(empty)}</p>" if empty else ""
        else:
            view.show_result(result)
            if text is not None:
                text.value = ""
        self._drawn[name] = key


def _lower_first(name: str) -> str:
    """ "Teams" → "teams", but "PDSA game tests" stays as it is."""
    if name[1:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(value=f'<h2 class="qikit-board-heading">{escape(text)}</h2>')


def _table(frame: pd.DataFrame, caption: str, empty: str) -> str:
    if frame is None or not len(frame):
        return f"<p>{escape(empty)}</p>" if empty else ""
    return table_html(frame, caption=caption)


def _signature(board: Board) -> tuple:
    """What the downloads depend on: when it changes they are prepared again."""
    ids = tuple(board.results["result_id"]) if len(board.results) else ()
    return (
        board.cohort,
        ids,
        _fingerprint(board.points, ["team", "project", "measure", "x", "y", "n"]),
        _fingerprint(board.cycles, ["team", "cycle_id", "decision", "updated_at"]),
        _fingerprint(board.overview, ["team", "learners", "projects", "measures"]),
    )
