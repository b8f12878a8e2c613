"""The quiz widget: self-check questions with instant feedback and explanations.

A :class:`Quiz` shows multiple-choice questions (one right answer, or several) and
questions answered with a number (marked within a tolerance). Each answer is marked
at once: the learner reads whether it is right and why, and for a wrong option why
that option is wrong. The score is shown, "Try again" clears the answers, and a
team can record its score on the trainer's board (game "quiz").

The curriculum modules use it for their self-checks; each module's questions live
in a file under ``curriculum/quizzes/``::

    from qikit.apps import Quiz
    quiz = Quiz.from_file("quizzes/06_run_charts.json")
    quiz

The quiz format
---------------
A quiz is a JSON (or YAML) file holding a dict::

    {
      "title": "Check your understanding: run charts",
      "intro": "Five questions on run charts.",
      "questions": [ {question}, {question}, ... ]
    }

``title`` and ``intro`` are optional (the title defaults to "Check your
understanding"); a bare list of questions is a quiz too. ``Quiz(questions)`` takes
the same data from Python: the list, or the whole dict.

Each question is a dict with these fields:

``question`` (required)
    The question, in a sentence or two.
``options`` (multiple choice only)
    The options, each with **why** it is right or wrong. Either a dict of
    ``{"option text": "why"}``::

        "options": {
          "The median": "Right: half the points lie on either side of it.",
          "The mean": "The mean is the centre line of SPC charts, not run charts."
        }

    or a list of ``{"text": "...", "why": "..."}`` dicts (the same thing, for
    options that are long or that a tool writes). 2 to 10 options; every wrong
    option needs its ``why`` (learners who choose it read it); a right option's
    ``why`` is optional.
``answer`` (required)
    Multiple choice: the right option's text, copied exactly; or a **list** of
    texts when several are right (shown as tick boxes: "tick all that apply"; a
    list of one keeps the number of right answers a secret). Number questions:
    the right number, without quotes.
``tolerance`` (number questions only, default 0)
    How far from ``answer`` still counts as right: ``0.5`` accepts 29.5 to 30.5.
``unit`` (number questions only)
    Shown after the answer box, such as ``"%"`` or ``"days"``.
``mistakes`` (number questions only)
    Wrong numbers learners often give, each with why it is wrong:
    ``[{"value": 0.3, "why": "That is the proportion; multiply by 100."}]``.
    Other wrong numbers are told they are too high or too low.
``explanation`` (required)
    Why the right answer is right. Shown with a right answer, and after two wrong
    tries together with the answer.
``hint`` (optional)
    A nudge the learner can open before answering ("Hint"), shown again after a
    wrong answer.
``id`` (optional)
    A short name for the question (default ``q1``, ``q2``, …), unique in the quiz;
    the trainer's board and the store use it.

A question without ``options`` is a number question. Files are checked when they
are read: a mistake is a message naming the field, such as
"`questions[2].options['The mean']`: has no explanation of why it is wrong (got
'The mean'). Add one sentence saying why: learners who choose it read it."

Marking
-------
A question counts towards the score when its **first** checked answer is right;
the learner may change a wrong answer and check again (after two wrong tries the
answer and its explanation are shown). Choosing nothing, or typing something that
is not a number, is not a try. Numbers are read as people type them: ``30``,
``30%``, ``1,250``; a comma is a thousands separator only before three digits.

Accessibility
-------------
Every question is a labelled radio group, set of tick boxes or text box, with its
own "Check question N" button (keyboard: Tab, the arrow keys in a radio group,
Space for a tick box, Enter on the button). The feedback under each question says
"Correct" or "Not quite" in words, with a symbol, never by colour alone; it is a
live region, so screen readers read it out, and the app's status line says
"Question 2: correct" or "Question 2: not quite". Hints are ``<details>`` elements
(Enter or Space opens them).

Examples
--------
>>> from qikit.apps import Quiz
>>> quiz = Quiz([{"question": "Which line of a run chart is the median?",
...               "options": {"The centre line": "Right.",
...                           "The upper limit": "Run charts have no limits."},
...               "answer": "The centre line",
...               "explanation": "A run chart's centre line is the median."}])
>>> quiz.answer(1, "The upper limit")
>>> quiz.check(1)
>>> quiz.status_text, quiz.score
('Question 1: not quite', 0)
>>> quiz.feedback_text(1).splitlines()[:2]
['Not quite.', '‘The upper limit’: Run charts have no limits.']
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np

from qikit._format import plural
from qikit._validate import boolean, fail
from qikit.apps._base import App, action
from qikit.apps._controls import button, labelled, text
from qikit.apps._join import WORKSHOP_COHORT, JoinPanel
from qikit.apps._quiz_format import (
    Question,
    QuizSpec,
    Verdict,
    judge,
    load_quiz,
    read_quiz,
)

__all__ = [
    "EXAMPLE",
    "GAME",
    "REVEAL_AFTER",
    "Quiz",
    "load_quiz",
    "read_quiz",
    "shown_options",
]

#: The game name a quiz's score is stored under.
GAME = "quiz"
#: After this many wrong tries at a question, the answer and explanation are shown.
REVEAL_AFTER = 2

#: The quiz ``Quiz()`` shows when given no questions.
EXAMPLE: list[dict[str, Any]] = [
    {
        "id": "centre-line",
        "question": "What is the centre line of a run chart?",
        "options": {
            "The median of the data": "Right: half of the points that are not on "
            "the line lie above it and half below.",
            "The mean of the data": "The mean is the centre line of Shewhart (SPC) "
            "charts. A run chart uses the median, which one unusual point cannot "
            "drag up or down.",
            "The target": "A target can be drawn as a separate line, but the "
            "centre line comes from the data themselves.",
        },
        "answer": "The median of the data",
        "hint": "The centre line splits the points into two halves.",
        "explanation": "A run chart's centre line is the median: runs and crossings "
        "are counted against it.",
    },
    {
        "id": "percentage",
        "question": "In March, 12 of the 40 patients admitted had their falls risk "
        "assessed within 24 hours. What percentage is that?",
        "answer": 30,
        "tolerance": 0.5,
        "unit": "%",
        "mistakes": [
            {
                "value": 0.3,
                "why": "That is the proportion (a share of 1). The question asks "
                "for a percentage: multiply it by 100.",
            }
        ],
        "hint": "Divide the patients assessed by all the patients admitted, then "
        "multiply by 100.",
        "explanation": "12 ÷ 40 = 0.3, and 0.3 × 100 = 30%.",
    },
    {
        "id": "family",
        "question": "Which of these belong in a project's family of measures?",
        "options": {
            "Outcome measures": "Right: is the system getting better for people?",
            "Process measures": "Right: is the change being carried out?",
            "Balancing measures": "Right: is anything getting worse elsewhere?",
            "League tables": "A league table ranks units for judgement; it does "
            "not tell a team whether its own changes are an improvement.",
        },
        "answer": ["Outcome measures", "Process measures", "Balancing measures"],
        "explanation": "A family of measures has outcome, process and balancing "
        "measures.",
    },
]

_STYLE = """<style>
.qikit-quiz .qikit-quiz-question { margin: 1.25em 0 0.25em; }
.qikit-quiz .widget-radio, .qikit-quiz .jupyter-widget-radio {
  width: auto; height: auto; flex-direction: column; align-items: flex-start; }
.qikit-quiz .widget-radio-box label, .qikit-quiz .jupyter-widget-radio-box label {
  height: auto; line-height: 1.4; white-space: normal; margin: 0.2em 0; }
.qikit-quiz .widget-checkbox, .qikit-quiz .jupyter-widget-checkbox {
  width: auto; height: auto; }
.qikit-quiz .widget-checkbox .widget-label-basic,
.qikit-quiz .jupyter-widget-checkbox .jupyter-widget-label-basic {
  white-space: normal; overflow: visible; line-height: 1.4; height: auto; }
.qikit-quiz .qikit-quiz-feedback { font-weight: normal; margin: 0.25em 0 0.5em; }
.qikit-quiz .qikit-quiz-right { border-left: 6px solid #00703c; padding-left: 0.75em; }
.qikit-quiz .qikit-quiz-wrong { border-left: 6px dashed #b35900; padding-left: 0.75em; }
.qikit-quiz details { margin: 0.25em 0; }
.qikit-quiz summary { cursor: pointer; }
</style>"""


class _State:
    """How one question has been answered so far."""

    __slots__ = ("attempts", "first_right", "right", "lines")

    def __init__(self) -> None:
        self.attempts = 0
        self.first_right: bool | None = None
        self.right: bool | None = None
        self.lines: list[str] = []


def shown_options(question: Question, shuffle: bool = True) -> list:
    """The options of ``question`` in the order the quiz shows them.

    The file's order, or (``shuffle``) one fixed by the question's id and prompt, so
    a page, a printed handout and every visit show the same order.
    """
    options = question.options
    if not shuffle or len(options) < 2:
        return list(options)
    seed = zlib.crc32(f"{question.id}\n{question.prompt}".encode())
    order = np.random.default_rng(seed).permutation(len(options))
    if len(options) > 2 and list(order) == list(range(len(options))):
        order = np.roll(order, 1)  # never the file's own order
    return [options[i] for i in order]


class _QuestionView:
    """The widgets of one question: prompt, answer control, button, feedback."""

    def __init__(
        self, question: Question, total: int, level: int, shuffle: bool = True
    ) -> None:
        self.question = question
        shown = shown_options(question, shuffle)
        n = question.number
        tag = f"h{min(level + 1, 6)}"
        hint = (
            f'<details><summary aria-label="Hint for question {n}">Hint</summary>'
            f"<p>{escape(question.hint)}</p></details>"
            if question.hint
            else ""
        )
        how = {
            "one": "Choose one answer.",
            "several": "Tick all that apply.",
            "number": "Type a number.",
        }[question.kind]
        self.prompt = widgets.HTML(
            value=(
                f'<{tag} class="qikit-quiz-question">Question {n} of {total}</{tag}>'
                f'<p class="qikit-quiz-prompt">{escape(question.prompt)} '
                f'<span class="qikit-quiz-how">{how}</span></p>{hint}'
            )
        )
        label = f"Your answer to question {n}"
        if question.kind == "one":
            control = widgets.RadioButtons(
                options=[o.text for o in shown],
                value=None,
                layout={"width": "auto"},
            )
            self.control = labelled(control, label)
            self.boxes: list[widgets.Checkbox] = []
            shown: widgets.Widget = self.control
        elif question.kind == "several":
            self.boxes = [
                labelled(
                    widgets.Checkbox(
                        value=False, indent=False, layout={"width": "auto"}
                    ),
                    o.text,
                )
                for o in shown
            ]
            self.control = widgets.VBox(self.boxes)
            self.control.add_class("qikit-quiz-ticks")
            shown = self.control
        else:
            self.boxes = []
            self.control = text(label, placeholder="e.g. 12.5")
            self.control.layout.width = "auto"
            self.control.layout.max_width = "28em"
            unit = widgets.HTML(value=escape(question.unit)) if question.unit else None
            shown = widgets.HBox([self.control, unit]) if unit else self.control
        self.check = button(f"Check question {n}")
        self.result = widgets.HTML(value="")
        # qikit pages make a .qikit-status container a live region (qikit.js), so
        # screen readers read the feedback out when it changes.
        self.result.add_class("qikit-status")
        self.result.add_class("qikit-quiz-result")
        self.box = widgets.VBox(
            [self.prompt, shown, self.check, self.result],
            layout={"align_items": "flex-start"},
        )
        self.box.add_class("qikit-quiz-item")

    # -- the response ------------------------------------------------------------

    def response(self) -> Any:
        kind = self.question.kind
        if kind == "one":
            return self.control.value
        if kind == "several":
            return [box.description for box in self.boxes if box.value]
        return self.control.value

    def set_response(self, value: Any) -> None:
        kind = self.question.kind
        q = self.question
        texts = [o.text for o in q.options]
        if kind == "one":
            if value is not None and value not in texts:
                raise _not_an_option(q, value, texts)
            self.control.value = value
        elif kind == "several":
            chosen = [] if value is None else list(value)
            for item in chosen:
                if item not in texts:
                    raise _not_an_option(q, item, texts)
            for box in self.boxes:
                box.value = box.description in chosen
        else:
            self.control.value = "" if value is None else str(value)

    def clear(self) -> None:
        self.set_response(None)
        self.result.value = ""


def _not_an_option(question: Question, value: Any, texts: Sequence[str]):
    shown = ", ".join(repr(t) for t in texts)
    return fail(
        f"answer to question {question.number}",
        "is not one of the options",
        value,
        f"Choose from: {shown}.",
    )


class Quiz(App):
    """Self-check questions with instant feedback, a score and "Try again".

    Parameters
    ----------
    questions : list of dict, or dict, optional
        The questions in the quiz format (see the module's documentation), or a
        whole quiz (a dict with ``questions``, ``title`` and ``intro``). Default: a
        short example quiz (:data:`EXAMPLE`).
    title, intro : str, optional
        Override the quiz's own title and introduction.
    join : bool, default False
        Show a :class:`~qikit.apps.JoinPanel` and "Record my score", so a team's
        score reaches the trainer's board (the cohort store's game "quiz").
    cohort : str, default :data:`~qikit.apps.WORKSHOP_COHORT`
        The cohort filled in on the join panel.
    level : {1, 2, 3}, default 2
        The heading level of the quiz's title: 2 inside a curriculum module (the
        module has the page's ``<h1>``), 1 when the quiz is the whole page.
    shuffle : bool, default True
        Show each question's options in an order of their own, the same on every
        visit (seeded by the question), so the right answer is not always where the
        file puts it (files usually list it first). False keeps the file's order.

    Attributes
    ----------
    spec : QuizSpec
        The checked quiz (title, intro, questions).
    views : list
        One set of widgets per question (``views[i].control``, ``.check``,
        ``.result``).
    score_line : ipywidgets.HTML
        "Score: 3 of 6 right first time; 4 of 6 answered."
    again : ipywidgets.Button
        "Try again": clears every answer.
    join_panel : JoinPanel or None
        The cohort and team boxes (``join=True``).
    record_button : ipywidgets.Button or None
        "Record my score" (``join=True``).
    round : int
        1 for the first go, 2 after "Try again", …: the store's round.

    Raises
    ------
    InputError
        When a question cannot be used (the message names its field).
    """

    title = "Check your understanding"
    intro = ""

    def __init__(
        self,
        questions: Any = None,
        *,
        title: str | None = None,
        intro: str | None = None,
        join: bool = False,
        cohort: str = WORKSHOP_COHORT,
        level: int = 2,
        shuffle: bool = True,
    ) -> None:
        spec = questions if isinstance(questions, QuizSpec) else None
        if spec is None:
            spec = read_quiz(EXAMPLE if questions is None else questions, title=title)
        elif title is not None:
            spec = QuizSpec(title=title, questions=spec.questions, intro=spec.intro)
        if level not in (1, 2, 3):
            raise fail(
                "level", "must be 1, 2 or 3", level, "Use 1 for a page of its own."
            )
        self.spec = spec
        self.level = level
        super().__init__(title=spec.title, intro=spec.intro if intro is None else intro)
        self.add_class("qikit-quiz")
        if level != 1:
            self.heading.value = (
                f'<h{level} class="qikit-title">{escape(spec.title)}</h{level}>'
            )
        total = len(spec.questions)
        shuffle = boolean(shuffle, "shuffle")
        self.views = [_QuestionView(q, total, level, shuffle) for q in spec.questions]
        self._states = [_State() for _ in spec.questions]
        self.round = 1
        self.score_line = widgets.HTML(value="")
        self.score_line.add_class("qikit-quiz-score")
        self.again = button("Try again")
        body: list[widgets.Widget] = [widgets.HTML(value=_STYLE)]
        body += [view.box for view in self.views]
        body += [self.score_line, widgets.HBox([self.again])]
        self.join_panel: JoinPanel | None = None
        self.record_button: widgets.Button | None = None
        if join:
            self.join_panel = JoinPanel(self, cohort=cohort)
            self.record_button = button("Record my score", primary=True)
            body += [self.join_panel, widgets.HBox([self.record_button])]
            self.on_click(self.record_button, self.record)
        self.set_body(body)
        for view in self.views:
            self.on_click(view.check, lambda n=view.question.number: self.check(n))
        self.on_click(self.again, self.try_again)
        self._show_score()
        self.set_status("Quiz ready")

    @classmethod
    def from_file(cls, path: str | Path, **options: Any) -> Quiz:
        """A quiz read from a ``.json``, ``.yaml`` or ``.yml`` file.

        ``path`` is relative to the notebook's folder, e.g.
        ``Quiz.from_file("quizzes/06_run_charts.json")``; ``options`` as for
        :class:`Quiz` (``join=True``, ``level=1``, ``title=...``).
        """
        return cls(load_quiz(path, title=options.pop("title", None)), **options)

    def close(self) -> None:
        """Close the store (if opened) and the widgets."""
        if not hasattr(self, "_store"):  # the questions were refused: nothing built
            return
        super().close()

    # -- reading the state ---------------------------------------------------------

    @property
    def questions(self) -> tuple[Question, ...]:
        """The checked questions, in order."""
        return self.spec.questions

    @property
    def score(self) -> int:
        """Questions whose first checked answer was right."""
        return sum(1 for s in self._states if s.first_right)

    @property
    def answered(self) -> int:
        """Questions checked at least once."""
        return sum(1 for s in self._states if s.attempts)

    @property
    def right_now(self) -> int:
        """Questions whose latest checked answer is right."""
        return sum(1 for s in self._states if s.right)

    def attempts(self, number: int) -> int:
        """How many times question ``number`` (from 1) was checked."""
        return self._states[self._index(number)].attempts

    def feedback_text(self, number: int) -> str:
        """The feedback under question ``number`` as plain text ("" before a check)."""
        return "\n".join(self._states[self._index(number)].lines)

    @property
    def score_text(self) -> str:
        """The score line as plain text."""
        total = len(self.spec.questions)
        if self.answered == total:
            return (
                f"Score: {self.score} of {total} right first time. You have "
                f"answered every question."
            )
        return (
            f"Score: {self.score} of {total} right first time; "
            f"{self.answered} of {total} answered."
        )

    def payload(self) -> dict[str, Any]:
        """What "Record my score" stores (JSON-safe): the quiz, score and answers."""
        return {
            "quiz": self.spec.title,
            "quiz_id": self.spec.id,
            "questions": len(self.spec.questions),
            "answered": self.answered,
            "score": self.score,
            "right_now": self.right_now,
            "results": [
                {
                    "id": q.id,
                    "attempts": s.attempts,
                    "first_right": bool(s.first_right),
                    "right": bool(s.right),
                }
                for q, s in zip(self.spec.questions, self._states, strict=True)
            ],
        }

    # -- actions ----------------------------------------------------------------------

    def answer(self, number: int, response: Any) -> None:
        """Set the answer to question ``number`` as a learner would (not checked).

        ``response``: an option's text ("one"), a list of texts ("several"), or the
        text or number typed ("number"); ``None`` clears it.
        """
        self.views[self._index(number)].set_response(response)

    @action
    def check(self, number: int) -> None:
        """Mark the answer to question ``number`` (from 1) and show why."""
        index = self._index(number)
        view, state = self.views[index], self._states[index]
        question = view.question
        verdict = judge(question, view.response())
        if not verdict.answered:
            state_lines = list(verdict.lines)
            self._show_feedback(index, state_lines, None)
            state.lines = state_lines
            self.set_status(f"Question {question.number}: no answer yet", "info")
            return
        attempts = state.attempts + 1
        lines = self._lines(question, verdict, attempts)
        state.attempts = attempts
        if attempts == 1:
            state.first_right = verdict.correct
        state.right = verdict.correct
        state.lines = lines
        self._show_feedback(index, lines, verdict.correct)
        self._show_score()
        word = "correct" if verdict.correct else "not quite"
        self.set_status(f"Question {question.number}: {word}")

    @action
    def try_again(self) -> None:
        """Clear every answer and its feedback; the score starts again."""
        for view in self.views:
            view.clear()
        self._states = [_State() for _ in self.spec.questions]
        self.round += 1
        self._show_score()
        self.set_status("Answers cleared: try again")

    @action
    def record(self) -> None:
        """Store the score in the cohort store for the trainer's board."""
        if self.join_panel is None:
            raise fail(
                "join",
                "this quiz does not record scores",
                False,
                "Make it with Quiz(..., join=True) to show the join panel.",
            )
        cohort, team = self.join_panel.require()
        if not self.answered:
            total = len(self.spec.questions)
            raise fail(
                "quiz",
                "no question has been checked yet",
                f"0 of {total}",
                "Answer at least one question and check it, then record your score.",
            )
        payload = self.payload()
        self.store().record_game_result(
            payload, cohort, GAME, team=team, round=self.round
        )
        self.show_notes(
            [
                f"{team}'s score ({self.score} of {len(self.spec.questions)} right "
                f"first time) is on the trainer's board for {cohort}."
            ],
            heading="Recorded",
        )
        self.set_status("Score recorded")

    # -- drawing ----------------------------------------------------------------------

    def _index(self, number: Any) -> int:
        total = len(self.spec.questions)
        if isinstance(number, bool) or not isinstance(number, int):
            raise fail(
                "number",
                "must be a question's number",
                number,
                f"Give a whole number from 1 to {total}.",
            )
        if not 1 <= number <= total:
            raise fail(
                "number",
                "there is no such question in this quiz of "
                f"{plural(total, 'question')}",
                number,
                f"Give a whole number from 1 to {total}.",
            )
        return number - 1

    @staticmethod
    def _lines(question: Question, verdict: Verdict, attempts: int) -> list[str]:
        if verdict.correct:
            return ["Correct.", *verdict.lines, question.explanation]
        lines = ["Not quite.", *verdict.lines]
        if attempts >= REVEAL_AFTER:
            lines.append(f"The answer: {question.answer_text}.")
            lines.append(question.explanation)
        else:
            if question.hint:
                lines.append(f"Hint: {question.hint}")
            lines.append("Change your answer and check it again.")
        return lines

    def _show_feedback(self, index: int, lines: list[str], right: bool | None) -> None:
        if right is None:
            mark, kind = "ℹ", "qikit-quiz-info"
        elif right:
            mark, kind = "✓", "qikit-quiz-right"
        else:
            mark, kind = "✗", "qikit-quiz-wrong"
        head, *rest = lines
        items = "".join(f"<p>{escape(line)}</p>" for line in rest)
        self.views[index].result.value = (
            f'<div class="qikit-quiz-feedback {kind}" role="status" '
            f'aria-live="polite" aria-atomic="true">'
            f'<p><strong><span aria-hidden="true">{mark} </span>{escape(head)}'
            f"</strong></p>{items}</div>"
        )

    def _show_score(self) -> None:
        self.score_line.value = (
            f'<p class="qikit-quiz-score-text"><strong>{escape(self.score_text)}'
            "</strong></p>"
        )
