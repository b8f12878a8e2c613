"""Signal or noise? Judge a chart, then see what the rules say and why.

A round is ten charts from :func:`qikit.sim.drill`: each comes from a process that
either changed (a shift, a trend, a single unusual point) or did not. The learner sees
the chart without the rules' verdict, answers "signal" or "noise" (and, if they like,
which kind of change), and gets the feedback of :func:`qikit.sim.judge` at once: the
truth, which rules fired and why, and the flagged points on the chart. It is honest
when the truth and the rules disagree (a real change not caught yet, a false alarm on
random data). The score is the truth's, not the rules'.

Every round has a seed, shown on the page: a new round never repeats a series,
"Replay this round" plays the same ten charts again, and a trainer can give the room
one seed so that every team judges the same charts. A team that joins (cohort and
team name) sends each finished round's score to the cohort store as the game
``"signal or noise"``, for the trainer's board.

The pure parts (seeds, marking, the round's score and summary, the payload) are
functions here so they are tested without widgets.

Examples
--------
>>> from qikit.apps import SignalOrNoise
>>> app = SignalOrNoise(seed=2026)
>>> app.status_text, app.item, len(app.drills)
('Round started', 0, 10)
>>> app.answer("signal")
>>> app.status_text, len(app.answers)
('Answer checked', 1)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from qikit import _validate as v
from qikit._format import number_ranges, plural
from qikit.apps._base import App, action
from qikit.apps._controls import button, choice, radio, whole_number
from qikit.apps._display import ChartView, result_table
from qikit.apps._join import JoinPanel
from qikit.charts.rules import RULE_LABELS
from qikit.charts.vocabulary import RULE_SET_NAMES, RULE_SETS, chart_name
from qikit.errors import QikitWarning
from qikit.plot.lab import DRILL_FIGSIZE, plot_drill
from qikit.sim.drills import Drill, Feedback, Truth, drill, judge

__all__ = [
    "Answer",
    "GAME",
    "ROUND_ITEMS",
    "RoundScore",
    "SEED_MAX",
    "SignalOrNoise",
    "flagged_lines",
    "item_seeds",
    "mark",
    "new_round_seed",
    "round_payload",
    "score_round",
]

#: The game's name in the cohort store (the trainer board reads it).
GAME = "signal or noise"
#: Charts in a round.
ROUND_ITEMS = 10
#: Round seeds are whole numbers from 1 to this, short enough to read out in a room.
SEED_MAX = 999_999
#: Charts a round can be played on, as the "Chart" list shows them.
CHART_CHOICES: list[tuple[str, str]] = [
    ("Run chart", "run"),
    ("I chart (individual values)", "i"),
    ("C chart (counts)", "c"),
    ("P chart (proportions)", "p"),
]
#: Points in each chart.
LENGTH_CHOICES: list[tuple[str, int]] = [
    ("12", 12),
    ("24", 24),
    ("36", 36),
    ("48", 48),
]
#: The rule sets, by their names.
RULE_CHOICES: list[tuple[str, str]] = [(RULE_SET_NAMES[r], r) for r in RULE_SETS]
#: The optional second part of an answer: which kind of change.
KIND_CHOICES: list[tuple[str, str]] = [
    ("Not saying", ""),
    ("A shift", "shift"),
    ("A trend", "trend"),
    ("A single unusual point", "outlier"),
]
#: The kinds of change in words.
KIND_WORDS: dict[str, str] = {
    "shift": "a shift",
    "trend": "a trend",
    "outlier": "a single unusual point",
    "random": "no change",
}
#: What the y axis shows on each chart.
Y_LABELS: dict[str, str] = {
    "run": "Value",
    "i": "Value",
    "c": "Events in the week",
    "p": "Share of cases",
}
_ANSWERS = ("signal", "noise", "shift", "trend", "outlier")


# ----------------------------------------------------------------------- seeds


def new_round_seed(used: Iterable[int] = (), rng: Any = None) -> int:
    """A fresh round seed from 1 to :data:`SEED_MAX` that is not in ``used``.

    Examples
    --------
    >>> seed = new_round_seed(used={1, 2, 3}, rng=np.random.default_rng(0))
    >>> 1 <= seed <= SEED_MAX and seed not in {1, 2, 3}
    True
    """
    taken = set(used)
    rng = np.random.default_rng() if rng is None else rng
    while True:
        seed = int(rng.integers(1, SEED_MAX + 1))
        if seed not in taken:
            return seed


def item_seeds(round_seed: int, items: int = ROUND_ITEMS) -> list[int]:
    """The seed of each chart in a round: fixed by the round's seed alone.

    Examples
    --------
    >>> item_seeds(2026, 3) == item_seeds(2026, 3)
    True
    >>> len(set(item_seeds(2026)))
    10
    """
    state = np.random.SeedSequence([int(round_seed), 1]).generate_state(items)
    return [int(s) for s in state]


# --------------------------------------------------------------------- marking


@dataclass(frozen=True)
class Answer:
    """One answered chart of a round.

    Attributes
    ----------
    item : int
        The chart's number in the round (1 to 10).
    seed : int
        Its drill's seed (``drill(..., seed=seed)`` draws it again).
    said : str
        The answer: ``"signal"``, ``"noise"`` or a kind of change (``"shift"``,
        ``"trend"``, ``"outlier"``, each also meaning "signal").
    truth : Truth
        What really happened.
    right : bool
        Signal or noise judged right (the point scored).
    kind_right : bool or None
        Whether the kind named was right; ``None`` when no kind was named (or the
        truth was random data).
    verdict : str
        The rules against the truth: ``"hit"``, ``"miss"``, ``"false alarm"`` or
        ``"quiet"``.
    rules : str
        The rule set the chart was read with.
    rules_fired : tuple of str
        The rules that fired.
    """

    item: int
    seed: int
    said: str
    truth: Truth
    right: bool
    kind_right: bool | None
    verdict: str
    rules: str
    rules_fired: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict for the cohort store."""
        return {
            "item": self.item,
            "seed": self.seed,
            "answer": self.said,
            "truth": self.truth.kind,
            "correct": self.right,
            "kind_right": self.kind_right,
            "verdict": self.verdict,
            "rules": self.rules,
            "rules_fired": list(self.rules_fired),
        }


def mark(item: int, d: Drill, feedback: Feedback) -> Answer:
    """Score one answer: a point for signal or noise judged right.

    Naming the kind of change is optional: a wrong kind on a real change still
    scores the point (``kind_right`` is then False); any kind named for random data
    is a wrong answer.

    Examples
    --------
    >>> d = drill(kind="trend", seed=1)
    >>> a = mark(1, d, judge(d, "shift"))
    >>> a.right, a.kind_right, a.said
    (True, False, 'shift')
    """
    said = feedback.answer
    truth = feedback.truth
    right = (said != "noise") == truth.is_signal
    kind_right = None
    if said in ("shift", "trend", "outlier") and truth.is_signal:
        kind_right = said == truth.kind
    return Answer(
        item=int(item),
        seed=int(d.seed),
        said=said,
        truth=truth,
        right=bool(right),
        kind_right=kind_right,
        verdict=feedback.verdict,
        rules=feedback.rules,
        rules_fired=tuple(feedback.rules_fired),
    )


@dataclass(frozen=True)
class RoundScore:
    """A round's score and what the rules did in it.

    Attributes
    ----------
    items, answered, score : int
        Charts in the round, charts answered, and points scored.
    kinds_named, kinds_right : int
        Real changes whose kind was named, and those named right.
    signals, hits, misses, false_alarms, quiet : int
        Charts with a real change, those the rules caught and missed; charts of
        random data on which the rules signalled, and kept quiet.
    rules : tuple of str
        The rule sets the answered charts were read with.
    """

    items: int
    answered: int
    score: int
    kinds_named: int
    kinds_right: int
    signals: int
    hits: int
    misses: int
    false_alarms: int
    quiet: int
    rules: tuple[str, ...]

    @property
    def finished(self) -> bool:
        """Every chart of the round is answered."""
        return self.answered >= self.items

    def summary(self) -> list[str]:
        """The round in a few plain sentences.

        Examples
        --------
        >>> s = RoundScore(10, 10, 8, 3, 2, 7, 5, 2, 1, 2, ("anhoej",))
        >>> print("\\n".join(s.summary()))
        You scored 8 out of 10.
        You named the kind of change 3 times and were right twice.
        The Anhøj rules agreed with the truth on 7 of the 10 charts: they caught 5 \
of the 7 real changes and raised 1 false alarm on the 3 charts of random data.
        """
        lines = [f"You scored {self.score} out of {self.answered}."]
        if self.kinds_named:
            lines.append(
                f"You named the kind of change {_times(self.kinds_named)} and were "
                f"right {_times(self.kinds_right)}."
            )
        if self.answered:
            if len(set(self.rules)) == 1:
                who = f"The {RULE_SET_NAMES[self.rules[0]]}"
            else:
                who = "The rules you chose"
            agreed = self.hits + self.quiet
            random = self.answered - self.signals
            line = (
                f"{who} agreed with the truth on {agreed} of the "
                f"{plural(self.answered, 'chart')}: they caught {self.hits} of the "
                f"{plural(self.signals, 'real change')}"
            )
            if random:
                line += (
                    f" and raised {plural(self.false_alarms, 'false alarm')} on the "
                    f"{plural(random, 'chart')} of random data."
                )
            else:
                line += "."
            lines.append(line)
        return lines


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times") if count else "0 times"


def score_round(answers: Sequence[Answer], items: int = ROUND_ITEMS) -> RoundScore:
    """Add up a round's answers.

    Examples
    --------
    >>> d = drill(kind="random", seed=3)
    >>> s = score_round([mark(1, d, judge(d, "noise"))])
    >>> s.score, s.answered, s.finished
    (1, 1, False)
    """
    return RoundScore(
        items=int(items),
        answered=len(answers),
        score=sum(a.right for a in answers),
        kinds_named=sum(a.kind_right is not None for a in answers),
        kinds_right=sum(a.kind_right is True for a in answers),
        signals=sum(a.truth.is_signal for a in answers),
        hits=sum(a.verdict == "hit" for a in answers),
        misses=sum(a.verdict == "miss" for a in answers),
        false_alarms=sum(a.verdict == "false alarm" for a in answers),
        quiet=sum(a.verdict == "quiet" for a in answers),
        rules=tuple(a.rules for a in answers),
    )


def round_payload(
    answers: Sequence[Answer],
    *,
    seed: int,
    chart: str,
    n: int,
    items: int = ROUND_ITEMS,
) -> dict[str, Any]:
    """The JSON-safe result of a round for the cohort store (game ``"signal or
    noise"``).

    Keys: ``score``, ``items``, ``answered``, ``kinds_named``, ``kinds_right``,
    ``hits``, ``misses``, ``false_alarms``, ``quiet``, ``chart``, ``n`` (points in
    each chart), ``rules`` (the rule set of the last answer), ``seed`` (the round's),
    ``seeds`` (each chart's) and ``answers`` (one dict per chart: ``item``, ``seed``,
    ``answer``, ``truth``, ``correct``, ``kind_right``, ``verdict``, ``rules``,
    ``rules_fired``).

    Examples
    --------
    >>> d = drill(kind="random", seed=3)
    >>> p = round_payload([mark(1, d, judge(d, "noise"))], seed=7, chart="run", n=24)
    >>> p["score"], p["seed"], p["seeds"], p["answers"][0]["truth"]
    (1, 7, [3], 'random')
    """
    score = score_round(answers, items)
    return {
        "score": score.score,
        "items": score.items,
        "answered": score.answered,
        "kinds_named": score.kinds_named,
        "kinds_right": score.kinds_right,
        "hits": score.hits,
        "misses": score.misses,
        "false_alarms": score.false_alarms,
        "quiet": score.quiet,
        "chart": chart,
        "n": int(n),
        "rules": answers[-1].rules if answers else None,
        "seed": int(seed),
        "seeds": [a.seed for a in answers],
        "answers": [a.to_dict() for a in answers],
    }


def flagged_lines(feedback: Feedback) -> list[str]:
    """Which rules fired and where, one line per rule, for the feedback.

    Examples
    --------
    >>> d = drill(kind="shift", chart="run", size=3, seed=0)
    >>> print("\\n".join(flagged_lines(judge(d, "signal"))))
    An unusually long run: weeks 16–24.
    Too few crossings of the centre line: a pattern in the whole chart, not one point.
    >>> flagged_lines(judge(drill(kind="random", chart="i", seed=0), "noise"))
    ['No rule fired: no point is flagged.']
    """
    lines = []
    signals = feedback.signals
    for rule in feedback.rules_fired:
        weeks = signals.loc[signals["rule"] == rule, "week"].astype(int).tolist()
        label = RULE_LABELS.get(rule, rule.replace("_", " "))
        label = label[:1].upper() + label[1:]
        if weeks:
            where = number_ranges(weeks)
            word = "week" if len(weeks) == 1 else "weeks"
            lines.append(f"{label}: {word} {where}.")
        else:
            lines.append(f"{label}: a pattern in the whole chart, not one point.")
    return lines or ["No rule fired: no point is flagged."]


# --------------------------------------------------------------------- the app


class SignalOrNoise(App):
    """A drill: ten charts a round, each judged "signal" or "noise", with feedback.

    Parameters
    ----------
    seed : int, optional
        The first round's seed (1 to 999,999); default a fresh one.

    Attributes
    ----------
    chart_type : ipywidgets.Dropdown
        "Chart": run, I, C or P chart (used from the next round).
    length : ipywidgets.Dropdown
        "Points in each chart" (used from the next round).
    rules : ipywidgets.Dropdown
        "Rules" the charts are read with; a change re-reads the chart just answered.
        The app's :attr:`~qikit.apps.App.change_control`.
    kind : ipywidgets.RadioButtons
        "What kind of change? (optional)".
    signal_button, noise_button : ipywidgets.Button
        "Answer: signal" and "Answer: noise".
    next_button, new_button, replay_button, send_button : ipywidgets.Button
        "Next chart", "Start a new round", "Replay this round" and "Send the
        round's score".
    seed_box : ipywidgets.BoundedIntText
        "Round seed": the round's seed; "Replay this round" plays the seed shown.
    chart : ChartView
        The chart, its text alternative and data table.
    trace : ipywidgets.HTML
        The feedback: the truth, which rules fired and why.
    summary : ipywidgets.HTML
        The round's score and summary, once it is finished.
    join : JoinPanel
        Cohort and team, to send the score to the trainer's board.
    round_seed, round_no, item : int
        The round's seed, its number in this session (1, 2, …) and the chart shown
        (0-based).
    drills : list of Drill
        The round's charts.
    answers : list of Answer
        The round's answers so far.
    feedback_result : Feedback or None
        The feedback on the chart shown, once it is answered.
    sent : bool
        Whether this round's score was sent to the store.
    """

    title = "Signal or noise?"
    intro = (
        "Each chart comes from a process that either changed (a shift, a trend or a "
        "single unusual point) or did not. Look at the chart, then say whether it "
        "shows a signal or only noise. You see what the rules find, and what really "
        "happened, as soon as you answer. Ten charts make a round."
    )

    def __init__(self, *, seed: int | None = None) -> None:
        super().__init__()
        self.chart_type = choice("Chart", CHART_CHOICES, value="run")
        self.length = choice("Points in each chart", LENGTH_CHOICES, value=24)
        self.rules = choice("Rules", RULE_CHOICES, value="anhoej")
        self.progress = widgets.HTML(value="")
        self.progress.add_class("qikit-drill-progress")
        self.chart = ChartView(app=self)
        self.kind = radio("What kind of change? (optional)", KIND_CHOICES, value="")
        self.signal_button = button("Answer: signal", primary=True)
        self.noise_button = button("Answer: noise", primary=True)
        self.trace = widgets.HTML(value="")
        self.trace.add_class("qikit-drill-feedback")
        self.next_button = button("Next chart")
        self.new_button = button("Start a new round")
        self.summary = widgets.HTML(value="")
        self.summary.add_class("qikit-drill-summary")
        self.seed_box = whole_number(
            "Round seed",
            value=1,
            minimum=0,
            maximum=SEED_MAX,
            help="The same seed gives the same ten charts",
        )
        self.replay_button = button(
            "Replay this round", help="Play the round of the seed shown again"
        )
        self.join = JoinPanel(self, on_join=self._joined)
        self.send_button = button("Send the round's score")
        self.change_control = self.rules
        for control in (self.chart_type, self.length, self.rules):
            control.layout.width = "100%"  # the choices are shown in full
            control.layout.max_width = "30em"

        self.round_seed = 0
        self.round_no = 0
        self.round_chart = "run"
        self.round_n = 24
        self.item = 0
        self.drills: list[Drill] = []
        self.answers: list[Answer] = []
        self.feedback_result: Feedback | None = None
        self.sent = False
        self.used_seeds: set[int] = set()

        question = widgets.HTML(
            value='<h2 class="qikit-drill-question">Is there a signal in this '
            "chart?</h2>"
        )
        share = widgets.HTML(
            value="<h2>Share your score (optional)</h2><p>Join with your cohort and "
            "team name and each finished round's score goes to your trainer's "
            "board.</p>"
        )
        self.set_body(
            [
                widgets.VBox([self.chart_type, self.length, self.rules]),
                self.progress,
                self.chart,
                question,
                self.kind,
                widgets.HBox([self.signal_button, self.noise_button]),
                self.trace,
                widgets.HBox([self.next_button, self.new_button]),
                self.summary,
                widgets.HBox([self.seed_box, self.replay_button]),
                share,
                self.join,
                self.send_button,
            ]
        )
        self.on_click(self.signal_button, lambda: self.answer("signal"))
        self.on_click(self.noise_button, lambda: self.answer("noise"))
        self.on_click(self.next_button, self.next_chart)
        self.on_click(self.new_button, self.new_round)
        self.on_click(self.replay_button, self.replay)
        self.on_click(self.send_button, self.send_score)
        self.on_change(self.rules, self.rules_changed)
        self.on_change([self.chart_type, self.length], self.settings_changed)
        self.new_round(seed=seed)

    # -- actions ---------------------------------------------------------------------

    @action
    def new_round(self, seed: int | None = None) -> None:
        """Start a round: a fresh seed (never one used in this session), or ``seed``."""
        if seed is None:
            seed = new_round_seed(self.used_seeds)
        else:
            seed = v.whole_number(
                seed, "seed", minimum=0, maximum=SEED_MAX, example=2026
            )
        self._start(seed)
        self.set_status("Round started")

    @action
    def replay(self) -> None:
        """Play the round of the seed in :attr:`seed_box` again (the current one
        unless the learner typed another)."""
        seed = v.whole_number(
            self.seed_box.value, "seed", minimum=0, maximum=SEED_MAX, example=2026
        )
        self._start(seed)
        self.set_status("Round replayed")

    @action
    def answer(self, answer: str) -> None:
        """Answer the chart shown: ``"signal"`` (with the kind chosen in
        :attr:`kind`, if any), ``"noise"``, or a kind (``"shift"``, ``"trend"``,
        ``"outlier"``)."""
        said = v.choice(answer, "answer", _ANSWERS)
        if self.feedback_result is not None:
            raise v.fail(
                "answer",
                f"chart {self.item + 1} is already answered",
                answer,
                "Choose Next chart for the next one, or Start a new round.",
            )
        if said == "signal" and self.kind.value:
            said = self.kind.value
        d = self.drills[self.item]
        feedback = self._judge(d, said)
        marked = mark(self.item + 1, d, feedback)
        answers = [*self.answers, marked]
        figure = self._figure(feedback.result, self.item, reveal=True)  # compute first
        self.answers = answers  # then commit
        self.feedback_result = feedback
        self._show_feedback(feedback, figure)
        self._sync()
        if not self._finished:
            self.set_status("Answer checked")
            return
        try:
            if self.join.joined is not None and not self.sent:
                self._send_score()
        finally:  # a store that fails loses nothing: the summary is shown anyway
            self._show_summary()
        self.set_status(
            "Round finished and score sent" if self.sent else "Round finished"
        )

    @action
    def next_chart(self) -> None:
        """Show the round's next chart (the one shown must be answered first)."""
        if self.feedback_result is None:
            raise v.fail(
                "answer",
                f"chart {self.item + 1} has no answer yet",
                fix="Answer signal or noise first, then choose Next chart.",
            )
        if self.item + 1 >= len(self.drills):
            raise v.fail(
                "round",
                f"is over: all {len(self.drills)} charts are answered",
                fix="Choose Start a new round, or Replay this round.",
            )
        self._show_item(self.item + 1)
        self.set_status("Next chart drawn")

    @action
    def rules_changed(self) -> None:
        """Read the chart just answered again with the rules now chosen (the score
        stays: it is the truth's, not the rules')."""
        if self.feedback_result is not None:
            d = self.drills[self.item]
            feedback = self._judge(d, self.feedback_result.answer)
            figure = self._figure(feedback.result, self.item, reveal=True)
            self.feedback_result = feedback
            self._show_feedback(feedback, figure)
        self.set_status("Rules changed")

    @action
    def settings_changed(self) -> None:
        """A new chart type or length: a new round at once when none of this round's
        charts is answered yet; otherwise from the next round."""
        if not self.answers:
            self._start(new_round_seed(self.used_seeds))
            self.set_status("Round started")
        else:
            self.set_status("New settings apply from the next round")

    @action
    def send_score(self) -> None:
        """Send the finished round's score to the cohort store."""
        self.join.require()
        if not self._finished:
            raise v.fail(
                "round",
                "is not finished yet",
                f"{len(self.answers)} of {len(self.drills)} charts answered",
                "Answer every chart, then send the score.",
            )
        if self.sent:
            raise v.fail(
                "round",
                "this round's score was already sent",
                f"round {self.round_no}",
                "Start a new round to play again.",
            )
        self._send_score()
        self._show_summary()
        self.set_status("Score sent")

    # -- the work --------------------------------------------------------------------

    @property
    def _finished(self) -> bool:
        return bool(self.drills) and len(self.answers) >= len(self.drills)

    @property
    def score(self) -> RoundScore:
        """The round's score so far."""
        return score_round(self.answers, len(self.drills) or ROUND_ITEMS)

    def _start(self, seed: int) -> None:
        chart = self.chart_type.value
        n = int(self.length.value)
        drills = [
            drill(chart=chart, n=n, rules=self.rules.value, seed=s)
            for s in item_seeds(seed, ROUND_ITEMS)
        ]
        first = self._figure(drills[0].qic(), 0, reveal=False)  # compute first
        self.round_seed = seed
        self.round_no += 1
        self.round_chart, self.round_n = chart, n
        self.used_seeds.add(seed)
        self.drills = drills
        self.answers = []
        self.sent = False
        self.seed_box.value = seed
        self.summary.value = ""
        self._show_item(0, figure=first)

    def _judge(self, d: Drill, said: str) -> Feedback:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", QikitWarning)  # short charts by design
            return judge(d, said, rules=self.rules.value)

    def _figure(self, result: Any, index: int, *, reveal: bool) -> Figure:
        fig = Figure(figsize=DRILL_FIGSIZE, layout="constrained")
        plot_drill(
            result,
            ax=fig.add_subplot(),
            reveal=reveal,
            ylabel=Y_LABELS[result.chart],
            title=f"Chart {index + 1}",
        )
        return fig

    def _show_item(self, index: int, figure: Figure | None = None) -> None:
        d = self.drills[index]
        self.item = index
        result = d.qic()
        if figure is None:
            figure = self._figure(result, index, reveal=False)
        self.feedback_result = None
        self.chart.show_figure(
            figure,
            alt=f"{self._describe(d)} What the rules find is shown once you answer.",
            caption=None,
            table=self._table(d),
            table_caption=f"The values in chart {index + 1}",
        )
        self.trace.value = ""
        self.kind.value = ""
        self._sync()

    @staticmethod
    def _describe(d: Drill) -> str:
        kind = chart_name(d.chart, short=True)
        points = len(d.data)
        centre = "median" if d.chart == "run" else "centre line"
        limits = "" if d.chart == "run" else " and control limits"
        return (
            f"{kind[:1].upper()}{kind[1:]} of {points} weekly values, weeks 1 to "
            f"{points}, with its {centre}{limits}."
        )

    def _table(self, d: Drill) -> pd.DataFrame:
        out = pd.DataFrame({"Week": d.data["week"].to_numpy()})
        out[Y_LABELS[d.chart]] = d.data["y"].to_numpy()
        if "n" in d.data.columns:
            out["Cases"] = d.data["n"].to_numpy()
        return out

    def _show_feedback(self, feedback: Feedback, figure: Figure) -> None:
        result = feedback.result
        table = result_table(result).rename(
            columns={"week": "Week", "y": Y_LABELS[result.chart]}
        )
        name = RULE_SET_NAMES[feedback.rules]
        self.chart.show_figure(
            figure,
            alt=f"{self._describe(self.drills[self.item])} What the {name} flag: "
            + " ".join(flagged_lines(feedback)),
            caption=feedback.findings,
            table=table,
            table_caption=f"The values in chart {self.item + 1}, with the rules' "
            "signals",
        )
        marked = self.answers[-1] if self.answers else None
        lines = feedback.message.splitlines()
        parts = [f"<p><strong>{escape(lines[0])}</strong></p>"]
        if marked is not None and marked.right and marked.kind_right is False:
            parts.append(
                "<p>You still score the point for spotting the signal; the change was "
                f"{escape(KIND_WORDS[marked.truth.kind])}.</p>"
            )
        parts += [f"<p>{escape(line)}</p>" for line in lines[1:]]
        flagged = "".join(
            f"<li>{escape(line)}</li>" for line in flagged_lines(feedback)
        )
        parts.append(
            f"<p><strong>What the {escape(name)} flag:</strong></p><ul>{flagged}</ul>"
        )
        score = self.score
        parts.append(
            f'<p class="qikit-drill-score">Score so far: {score.score} out of '
            f"{score.answered}.</p>"
        )
        self.trace.value = (
            '<div class="qikit-note-box" role="region" aria-label="Feedback on your '
            f'answer">{"".join(parts)}</div>'
        )

    def _show_summary(self) -> None:
        score = self.score
        lines = score.summary()
        items = "".join(f"<li>{escape(line)}</li>" for line in lines[1:])
        tail = ""
        if self.join.joined is None:
            tail = (
                "<p>Join a team below to send your score to the trainer's board, or "
                "choose Start a new round.</p>"
            )
        elif self.sent:
            tail = "<p>Your score was sent to the trainer's board.</p>"
        self.summary.value = (
            f"<h2>Round {self.round_no} finished</h2><p><strong>"
            f"{escape(lines[0])}</strong></p><ul>{items}</ul>"
            f"<p>The round's seed is {self.round_seed}: Replay this round plays "
            f"the same charts again.</p>{tail}"
        )

    def _sync(self) -> None:
        answered = self.feedback_result is not None
        self.signal_button.disabled = answered
        self.noise_button.disabled = answered
        self.kind.disabled = answered
        self.next_button.disabled = not answered or self.item + 1 >= len(self.drills)
        self.send_button.disabled = not self._finished or self.sent
        score = self.score
        kind = chart_name(self.round_chart, short=True)
        self.progress.value = (
            f'<p class="qikit-drill-progress-text">Round {self.round_no} (seed '
            f"{self.round_seed}): chart {self.item + 1} of {len(self.drills)} · "
            f"{kind}s of {self.round_n} points · score {score.score} out of "
            f"{score.answered}</p>"
        )

    def _send_score(self) -> None:
        cohort, team = self.join.require()
        payload = round_payload(
            self.answers,
            seed=self.round_seed,
            chart=self.round_chart,
            n=self.round_n,
            items=len(self.drills),
        )
        self.store().record_game_result(
            payload, cohort, GAME, team=team, round=self.round_no
        )
        self.sent = True
        self._sync()
        self.show_notes(
            [
                f"Round {self.round_no}'s score ({payload['score']} out of "
                f"{payload['items']}) was sent to the trainer's board for {team} in "
                f"{cohort}."
            ],
            heading="Sent",
        )

    def _joined(self) -> None:
        """After a join: a finished round not yet sent is sent now."""
        if self._finished:
            if not self.sent:
                self._send_score()
            self._show_summary()
