"""The PDSA game: improve a paper helicopter one Plan-Do-Study-Act cycle at a time.

A team joins (cohort and team name), plans a test as a
:class:`~qikit.improve.PDSACycle` with its prediction written **first** (the cycle
refuses a test without one, and the app says so in plain words), chooses the design
to test (:meth:`qikit.sim.PDSAGame.options`), runs it (:meth:`~qikit.sim.PDSAGame.test`)
and sees the flights straight onto a run chart annotated with its cycles
(:meth:`~qikit.sim.PDSAGame.history`, :meth:`~qikit.sim.PDSAGame.annotations`). Then
it records what happened, what it learnt and its decision (adopt, adapt or abandon)
before the next test. The log lists every cycle; "Reveal the hidden effects" is for
the trainer's debrief.

The game is seeded by the cohort's name (or ``seed``) and keyed by the team's name,
so each team's flights are its own and repeatable, while every team in a room tests
the same helicopter and can compare what it learnt. Each test and each decision goes
to the trainer's board (game "pdsa game", round = test).

Examples
--------
>>> from qikit.apps import PDSAGameApp
>>> app = PDSAGameApp(seed=2026)
>>> app.join.team_box.value = "Ward 3"
>>> app.join.join()
>>> app.objective.value = "How long does it fly as it is?"
>>> app.run_test()  # no prediction yet
>>> app.status_state, app.error_text.startswith("`prediction`: not written yet")
('error', True)
>>> app.prediction.value = "About 2 seconds"
>>> app.run_test()
>>> app.status_text, len(app.game.history())
('Test 1 run', 5)
"""

from __future__ import annotations

import copy
import hashlib
from html import escape
from typing import Any

import ipywidgets as widgets
import pandas as pd

from qikit import _validate as v
from qikit._format import join_words
from qikit.apps._base import App, action
from qikit.apps._controls import (
    button,
    choice,
    radio,
    text,
    text_area,
    whole_number,
)
from qikit.apps._display import ChartView, table_html
from qikit.apps._join import JoinPanel
from qikit.charts import QicResult, qic
from qikit.errors import InputError
from qikit.improve import PDSACycle, pdsa_log
from qikit.sim import PDSAGame

__all__ = [
    "PDSA_GAME",
    "PDSAGameApp",
    "effects_sentences",
    "game_payload",
    "room_seed",
]

#: The game's name in the cohort store.
PDSA_GAME = "pdsa game"
#: The decisions of the Act stage, as the app offers them.
DECISION_CHOICES = [
    ("Adopt: keep this design", "adopt"),
    ("Adapt: change it and test again", "adapt"),
    ("Abandon: go back to the design before", "abandon"),
]
_OPTIONS = PDSAGame.options()
FACTORS = tuple(pd.unique(_OPTIONS["factor"]))
_START = dict(_OPTIONS.loc[_OPTIONS["start"], ["factor", "choice"]].to_numpy())
_DESCRIPTION = dict(_OPTIONS[["factor", "description"]].drop_duplicates().to_numpy())


# ------------------------------------------------------------------ pure helpers


def room_seed(cohort: str) -> int:
    """The game number of a cohort: the same name gives the same helicopter.

    Examples
    --------
    >>> room_seed("Spring 2026") == room_seed(" spring 2026 ")
    True
    """
    key = str(cohort).strip().casefold().encode("utf-8")
    return int.from_bytes(hashlib.sha256(key).digest()[:4], "little")


def game_payload(game: PDSAGame) -> dict[str, Any]:
    """:meth:`qikit.sim.PDSAGame.to_payload`, each test with its cycle's Study and
    Act: ``stage``, ``results``, ``learning``, ``decision`` and ``next_cycle``.

    Examples
    --------
    >>> game = PDSAGame(seed=1, team="Blue")
    >>> cycle = PDSACycle("First drop", id="c1", predictions=["2 s"])
    >>> _ = game.test(cycle)
    >>> game_payload(game)["tests"][0]["stage"]
    'study'
    """
    payload = game.to_payload()
    for test, cycle in zip(payload["tests"], game.cycles, strict=True):
        study, act = cycle.study, cycle.act
        test.update(
            stage=cycle.stage,
            results=study.results if study else "",
            learning=study.learning if study else "",
            decision=cycle.decision,
            next_cycle=act.next_cycle if act else "",
        )
    return payload


def _log_table(game: PDSAGame) -> pd.DataFrame:
    log = pdsa_log(game.cycles)
    history = game.history()
    means = history.groupby("test", sort=True)["seconds"].agg(["size", "mean"])
    changes = [label.split(": ", 1)[-1] for _, label in game.annotations()]
    return pd.DataFrame(
        {
            "Test": log["cycle"].to_numpy(),
            "Objective": log["objective"].to_numpy(),
            "Prediction": log["predictions"].to_numpy(),
            "What was tested": changes,
            "Flights": means["size"].to_numpy(),
            "Mean flight (s)": means["mean"].round(2).to_numpy(),
            "What happened": log["results"].to_numpy(),
            "What we learnt": log["learning"].to_numpy(),
            "Decision": log["decision"].to_numpy(),
        }
    )


def _reveal_table(game: PDSAGame) -> pd.DataFrame:
    effects = game.reveal()
    return pd.DataFrame(
        {
            "Design choice": effects["factor"].map(_DESCRIPTION).to_numpy(),
            "Choice": effects["choice"].to_numpy(),
            "Seconds added to the mean flight": effects["effect"].to_numpy(),
        }
    )


#: Effects smaller than this (seconds) are said to make almost no difference.
SMALL_EFFECT = 0.05


def _choice_words(factor: str, choice: str) -> str:
    if factor == "clips":
        return {"0": "no paper clip", "1": "1 paper clip"}.get(choice, "2 paper clips")
    words = {
        "wing": f"{choice} wings",
        "paper": choice,
        "body": f"a {choice} body",
        "tape": "tape on the body" if choice != "none" else "no tape",
    }
    return words.get(factor, choice)


def effects_sentences(game: PDSAGame) -> list[str]:
    """What matters to the helicopter, in words: for each design factor, the choice
    with the biggest effect, and which factors make almost no difference.

    Examples
    --------
    >>> effects_sentences(PDSAGame(seed=1, team="Blue"))[0]  # doctest: +ELLIPSIS
    'Long wings add ... s to the mean flight.'
    """
    effects = game.reveal()
    lines, small = [], []
    for factor, rows in effects.groupby("factor", sort=False):
        rows = rows[rows["choice"] != _START[factor]]
        biggest = rows.loc[rows["effect"].abs().idxmax()]
        size = float(biggest["effect"])
        if abs(size) < SMALL_EFFECT:
            small.append(_DESCRIPTION[factor].lower())
            continue
        what = _choice_words(factor, str(biggest["choice"]))
        verb = "add" if size > 0 else "take"
        away = "" if size > 0 else " away"
        if factor in ("paper", "body", "tape") or what == "1 paper clip":
            verb += "s"
        lines.append(
            f"{what[0].upper()}{what[1:]} {verb} {abs(size):.2f} s{away} "
            f"{'to' if size > 0 else 'from'} the mean flight."
        )
    if small:
        lines.append(
            f"The {join_words(small)} {'make' if len(small) > 1 else 'makes'} "
            "almost no difference (less than "
            f"{SMALL_EFFECT:.2f} s)."
        )
    return lines


# ------------------------------------------------------------------------- the app


class PDSAGameApp(App):
    """A team's PDSA game with a paper helicopter: predict, test, study, act.

    Parameters
    ----------
    seed : None or int
        The game number. Default: one made from the cohort's name when the team
        joins, so every team in a cohort tests the same helicopter.
    same_process : bool, default True
        Every team with the game number tests the same hidden effects (their
        flights still differ by chance); False gives each team its own.

    Attributes
    ----------
    join : JoinPanel
        Cohort and team; the game starts when the team joins.
    objective, prediction : widgets
        The plan: what the test will find out, and the prediction (required).
    design : dict of str to ipywidgets.Dropdown
        One labelled choice per design factor (wing, paper, clips, body, tape).
    runs : ipywidgets.BoundedIntText
        "Helicopters to drop" (1 to 100).
    run_button : ipywidgets.Button
        "Run the test".
    latest : ipywidgets.HTML
        The last test: what was dropped, how long it flew, and the prediction.
    chart : ChartView
        The run chart of every flight, a label where each cycle's test starts.
    results, learning, next_step, decision : widgets
        The Study and Act of the last test.
    record_button : ipywidgets.Button
        "Record the study and act".
    cycle_log : ipywidgets.HTML
        The PDSA log.
    reveal_button : ipywidgets.Button
        "Reveal the hidden effects (for the trainer's debrief)".
    revealed : ipywidgets.HTML
        The hidden effects, once revealed.
    game : qikit.sim.PDSAGame or None
        The team's game (None before joining).
    result : QicResult or None
        The run chart shown.
    """

    title = "The PDSA game: a paper helicopter"
    intro = (
        "Your team improves a paper helicopter: the longer it stays in the air, the "
        "better. Plan each test as a PDSA cycle and write your prediction first, run "
        "the test, study the run chart, then decide: adopt, adapt or abandon."
    )

    def __init__(self, *, seed: int | None = None, same_process: bool = True) -> None:
        super().__init__()
        self._seed = None if seed is None else v.whole_number(seed, "seed", minimum=0)
        self._same = v.boolean(same_process, "same_process")
        self.join = JoinPanel(self, on_join=self._joined)
        self.objective = text(
            "What will this test find out? (objective)",
            placeholder="e.g. Do longer wings fly longer?",
        )
        self.prediction = text_area(
            "Our prediction, written before the test",
            rows=3,
            placeholder="e.g. Long wings will stay up about half a second longer",
        )
        self.design = {
            factor: choice(
                _DESCRIPTION[factor],
                [
                    ("none" if c == "0" else c, c)
                    for c in _OPTIONS.loc[_OPTIONS["factor"] == factor, "choice"]
                ],
                value=_START[factor],
            )
            for factor in FACTORS
        }
        self.runs = whole_number("Helicopters to drop", value=5, minimum=1, maximum=100)
        self.run_button = button("Run the test", primary=True)
        self.latest = widgets.HTML(value="")
        self.latest.add_class("qikit-pdsa-latest")
        self.chart = ChartView(app=self)
        self.results = text_area(
            "What happened, compared with our prediction (study)", rows=3
        )
        self.learning = text_area("What we learnt", rows=3)
        self.decision = radio("Our decision (act)", DECISION_CHOICES)
        self.decision.value = None  # no decision until the team makes one
        self.next_step = text("Next step (optional)")
        self.record_button = button("Record the study and act")
        self.cycle_log = widgets.HTML(value="")
        self.cycle_log.add_class("qikit-pdsa-log")
        self.reveal_button = button(
            "Reveal the hidden effects (for the trainer's debrief)"
        )
        self.revealed = widgets.HTML(value="")
        for control in (*self.design.values(), self.runs, self.decision):
            control.layout.width = "100%"  # room for the label and the box
            control.layout.max_width = "42em"
        self.chart.show_table.layout.width = "auto"
        self.game: PDSAGame | None = None
        self.result: QicResult | None = None
        self._cohort: str | None = None
        self.set_body(
            [
                self.join,
                _heading("Plan the test"),
                self.objective,
                self.prediction,
                *self.design.values(),
                self.runs,
                widgets.HBox([self.run_button]),
                _heading("The results"),
                self.latest,
                self.chart,
                _heading("Study and act"),
                self.results,
                self.learning,
                self.decision,
                self.next_step,
                widgets.HBox([self.record_button]),
                _heading("Your PDSA log"),
                self.cycle_log,
                _heading("The debrief"),
                widgets.HBox([self.reveal_button]),
                self.revealed,
            ]
        )
        self.on_click(self.run_button, self.run_test)
        self.on_click(self.record_button, self.record)
        self.on_click(self.reveal_button, self.reveal)
        self.latest.value = _para(
            "Join your team first: the game's helicopter is made for your cohort "
            "and team."
        )

    # -- actions -------------------------------------------------------------------

    @action
    def run_test(self) -> None:
        """Run the test planned in the form: the prediction must be written first."""
        game = self._game()
        cycles = game.cycles
        if cycles and cycles[-1].stage != "complete":
            raise v.fail(
                "decision",
                f"test {len(cycles)} has no study and act recorded yet",
                fix="Record what happened, what you learnt and your decision (adopt, "
                "adapt or abandon) before the next test: each cycle's learning "
                "plans the next.",
            )
        objective = self.objective.value.strip()
        if not objective:
            raise v.fail(
                "objective",
                "is empty",
                fix="Say in a few words what this test will find out, e.g. 'Do "
                "longer wings fly longer?'",
            )
        number = len(cycles) + 1
        prediction = self.prediction.value.strip()
        cycle = PDSACycle(
            objective,
            id=f"pdsa-{number}",
            predictions=[prediction] if prediction else [],
        )
        settings = {factor: control.value for factor, control in self.design.items()}
        try:
            game.test(cycle, settings, runs=self.runs.value)
        except InputError as error:
            if not cycle.predictions:  # the cycle's own rule: predict, then test
                raise v.fail(
                    "prediction",
                    "not written yet",
                    fix="Write what you predict will happen before you run the "
                    "test, e.g. 'Long wings will stay up about half a second "
                    "longer': comparing the results with your prediction is how "
                    "a PDSA cycle learns.",
                ) from error
            raise
        # the game has the test now (a test cannot be undone): show it, then send
        # it; if the store fails, the message says so and the next write catches
        # up, since each payload holds the whole game
        result = self._chart(game)
        self.chart.show_result(result, annotations=game.annotations())
        self.result = result
        self.latest.value = _para(
            f"Test {number}: {cycle.do.what_happened}", f"You predicted: {prediction}"
        )
        self.cycle_log.value = self._log_html(game)
        self.objective.value = ""
        self.prediction.value = ""
        self._record_result(game, number)
        self.set_status(f"Test {number} run")

    @action
    def record(self) -> None:
        """Record the Study and Act of the last test."""
        game = self._game()
        cycles = game.cycles
        if not cycles or cycles[-1].stage == "complete":
            raise v.fail(
                "results",
                "there is no test waiting for its study and act",
                fix="Plan and run a test first, then say what happened.",
            )
        results = self.results.value.strip()
        if not results:
            raise v.fail(
                "results",
                "is empty",
                fix="Say what happened and how it compares with your prediction, "
                "e.g. 'Mean 2.4 s, longer than we predicted'.",
            )
        cycle = cycles[-1]
        decision = self.decision.value or ""
        if not decision:
            raise v.fail(
                "decision",
                "not chosen yet",
                fix="Choose adopt, adapt or abandon: what will you do with this "
                "change?",
            )
        trial = copy.deepcopy(cycle)  # check everything before changing the cycle
        trial.record_study(results, learning=self.learning.value.strip())
        trial.record_act(decision, next_cycle=self.next_step.value.strip())
        cycle.record_study(results, learning=self.learning.value.strip())
        cycle.record_act(decision, next_cycle=self.next_step.value.strip())
        number = len(cycles)
        self.cycle_log.value = self._log_html(game)
        if cycle.decision == "abandon":
            self._set_design(self._design_before(game, number))
        for box in (self.results, self.learning, self.next_step):
            box.value = ""
        self.decision.value = None
        self._record_result(game, number)
        self.set_status(f"Cycle {number} recorded")

    @action
    def reveal(self) -> None:
        """Show the hidden effects of the helicopter (for the trainer's debrief)."""
        game = self._game()
        lines = [
            "Each effect is the seconds a choice adds to (or takes from) the "
            "starting design's mean flight; chance adds its own scatter to every "
            "flight.",
            *effects_sentences(game),
        ]
        if game.same_process:
            lines.append(
                "Every team in this cohort tested the same helicopter: compare what "
                "each team learnt, and how many tests it took."
            )
        self.revealed.value = _para(*lines) + table_html(
            _reveal_table(game), caption="The helicopter's hidden effects"
        )
        self.set_status("Hidden effects shown")

    # -- the work --------------------------------------------------------------------

    def _game(self) -> PDSAGame:
        self.join.require()
        if self.game is None:  # joined, but the game was not made (cannot happen)
            raise v.fail("team", "has no game yet", fix="Choose Join again.")
        return self.game

    def _joined(self) -> None:
        cohort, team = self.join.joined
        game = self.game
        if game is not None and game.team == team and self._cohort == cohort:
            return
        seed = self._seed if self._seed is not None else room_seed(cohort)
        new = PDSAGame(seed=seed, team=team, same_process=self._same)
        had_tests = game is not None and bool(game.cycles)
        self.game, self._cohort, self.result = new, cohort, None
        self.chart.clear()
        self.cycle_log.value = ""
        self.revealed.value = ""
        self._set_design(dict(_START))
        self.latest.value = _para(
            f"Game {seed} for {team}: plan your first test below. Write your "
            "prediction before you run it."
        )
        if had_tests:
            self.show_notes(
                [
                    f"A new game started for {team}; the earlier team's tests are kept "
                    "on the trainer's board."
                ],
                heading="Please note",
            )

    def _chart(self, game: PDSAGame) -> QicResult:
        return qic(
            game.history(),
            x="flight",
            y="seconds",
            chart="run",
            title="Flight times, test by test",
            ylab="Seconds in the air",
            xlab="Flight",
        )

    def _record_result(self, game: PDSAGame, number: int) -> None:
        cohort, team = self.join.require()
        self.store().record_game_result(
            game_payload(game), cohort, PDSA_GAME, team=team, round=number
        )

    def _log_html(self, game: PDSAGame) -> str:
        return table_html(_log_table(game), caption="Our PDSA log")

    def _design_before(self, game: PDSAGame, number: int) -> dict[str, str]:
        if number <= 1:
            return dict(_START)
        history = game.history()
        row = history[history["test"] == number - 1].iloc[0]
        return {factor: str(row[factor]) for factor in FACTORS}

    def _set_design(self, design: dict[str, str]) -> None:
        for factor, control in self.design.items():
            control.value = design[factor]


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(value=f"<h2>{escape(text)}</h2>")


def _para(*lines: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line)
