"""The quiz format: questions as plain data, checked, and answers judged (private).

No widgets here: :class:`qikit.apps.Quiz` shows what this module reads and judges,
so the format and the marking are tested without a page. The format itself is
described in :mod:`qikit.apps.quiz` and ``curriculum/quizzes/README.md``.

- :func:`read_quiz` reads a quiz from a dict or a list of question dicts and
  :func:`load_quiz` from a ``.json``, ``.yaml`` or ``.yml`` file; both check every
  field and raise :class:`~qikit.errors.InputError` with the house message, naming
  the field's path (``questions[2].options[1].why``).
- :func:`judge` marks one response to one question and says why, in words.
- :func:`parse_number` reads a number as a learner types it ("12.5", "1,250",
  "85%").

Examples
--------
>>> quiz = read_quiz([{
...     "question": "What is the centre line of a run chart?",
...     "options": {"The median": "Right.",
...                 "The mean": "The mean is the centre line of SPC charts."},
...     "answer": "The median",
...     "explanation": "Half the points lie on either side of the median."}])
>>> question = quiz.questions[0]
>>> question.kind, [o.text for o in question.options]
('one', ['The median', 'The mean'])
>>> verdict = judge(question, "The mean")
>>> verdict.correct, verdict.lines[0]
(False, '‘The mean’: The mean is the centre line of SPC charts.')
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qikit._format import fmt_number, slug
from qikit._validate import closest, fail, path, short_repr

try:  # YAML is optional: JSON quizzes need nothing beyond Python.
    import yaml
except ImportError:  # pragma: no cover - PyYAML is installed with the test extras
    yaml = None

__all__ = [
    "ENDINGS",
    "KINDS",
    "MAX_QUESTIONS",
    "Option",
    "Question",
    "QuizSpec",
    "Verdict",
    "judge",
    "load_quiz",
    "parse_number",
    "quoted",
    "read_quiz",
]

#: The kinds of question: one right option (radio buttons), several (tick boxes),
#: a number (a text box, marked within a tolerance).
KINDS = ("one", "several", "number")
#: The file endings :func:`load_quiz` reads.
ENDINGS = (".json", ".yaml", ".yml")
#: Most questions in one quiz (a self-check, not an exam).
MAX_QUESTIONS = 50
#: Most options in one question.
MAX_OPTIONS = 10
#: Longest quiz file read (a quiz is a few kilobytes).
MAX_FILE_BYTES = 1_000_000

QUIZ_FIELDS = ("title", "intro", "questions")
QUESTION_FIELDS = (
    "id",
    "question",
    "options",
    "answer",
    "tolerance",
    "unit",
    "mistakes",
    "explanation",
    "hint",
)
OPTION_FIELDS = ("text", "why")
MISTAKE_FIELDS = ("value", "why")

_EXAMPLE_QUESTION = (
    'Write it as "question": "What does the centre line of a run chart show?".'
)


# ------------------------------------------------------------------- the objects


@dataclass(frozen=True)
class Option:
    """One option of a multiple-choice question.

    Attributes
    ----------
    text : str
        What the learner reads and chooses.
    why : str
        Why it is wrong (for a wrong option) or why it is right (optional for a
        right one).
    right : bool
        Whether it is (one of) the right answer(s).
    """

    text: str
    why: str
    right: bool


@dataclass(frozen=True)
class Mistake:
    """A wrong number learners often give, and why it is wrong."""

    value: float
    why: str


@dataclass(frozen=True)
class Question:
    """One checked question of a quiz.

    Attributes
    ----------
    id : str
        Its id (given, or ``q1``, ``q2``, … by position).
    number : int
        Its position in the quiz, from 1.
    prompt : str
        The question.
    kind : {"one", "several", "number"}
        One right option, several right options, or a number.
    options : tuple of Option
        The options (empty for a number question).
    answer : float or None
        The right number (number questions).
    tolerance : float
        How far from :attr:`answer` still counts as right.
    unit : str
        Shown after the answer box, such as "%" (number questions).
    mistakes : tuple of Mistake
        Common wrong numbers and why they are wrong (number questions).
    explanation : str
        Why the right answer is right: shown once the question is answered.
    hint : str
        A nudge the learner may open before answering ("" for none).
    """

    id: str
    number: int
    prompt: str
    kind: str
    explanation: str
    options: tuple[Option, ...] = ()
    answer: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    mistakes: tuple[Mistake, ...] = ()
    hint: str = ""

    @property
    def right_options(self) -> list[str]:
        """The text of the right option(s), in the order given."""
        return [o.text for o in self.options if o.right]

    @property
    def answer_text(self) -> str:
        """The right answer in words, for "The answer: …"."""
        if self.kind == "number":
            shown = fmt_number(self.answer, decimals=6)
            if self.unit:
                shown += self.unit if self.unit in ("%", "‰") else f" {self.unit}"
            if self.tolerance:
                shown += f" (give or take {fmt_number(self.tolerance, decimals=6)})"
            return shown
        return _quoted_list(self.right_options)


@dataclass(frozen=True)
class QuizSpec:
    """A checked quiz: a title, an optional introduction and its questions."""

    title: str
    questions: tuple[Question, ...]
    intro: str = ""

    @property
    def id(self) -> str:
        """A short id for the store (from the title): ``run-charts``."""
        return slug(self.title) or "quiz"


@dataclass(frozen=True)
class Verdict:
    """What :func:`judge` says about one response.

    Attributes
    ----------
    answered : bool
        False when there was nothing to mark (no option chosen, no number typed,
        or text that is not a number): the learner is asked again, and it does not
        count as an attempt.
    correct : bool
        The response is right.
    lines : list of str
        Why, in sentences: for each wrong option chosen, why it is wrong; for a
        right option left out, that it is right too; for a wrong number, how far
        off it is (and why, for a known mistake).
    """

    answered: bool
    correct: bool
    lines: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ reading quizzes


def read_quiz(
    quiz: Any, *, title: str | None = None, argument: str = "questions"
) -> QuizSpec:
    """Check a quiz given as data and return it ready to show.

    Parameters
    ----------
    quiz : list of dict, or dict
        The questions (a list of question dicts), or a whole quiz: a dict with
        ``questions`` and optionally ``title`` and ``intro``. Already-checked
        :class:`Question` objects are accepted in the list too.
    title : str, optional
        The quiz's title (overrides the one in ``quiz``); default "Check your
        understanding".
    argument : str
        The name the messages use for the questions (``questions``).

    Returns
    -------
    QuizSpec

    Raises
    ------
    InputError
        Naming the path of the first field that cannot be used, what is wrong and
        how to put it right.
    """
    intro = ""
    given_title = None
    if isinstance(quiz, Mapping):
        _known_fields(quiz, "", "quiz", QUIZ_FIELDS)
        if "questions" not in quiz:
            raise fail(
                "questions",
                "is missing",
                fix='Add a list of questions: "questions": [{...}, {...}].',
            )
        given_title = _text(quiz.get("title"), "title")
        intro = _text(quiz.get("intro"), "intro")
        items = quiz["questions"]
    else:
        items = quiz
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        raise fail(
            argument,
            "must be a list of questions",
            items,
            "Give a list of dicts, one per question, each with at least "
            "'question', 'answer' and 'explanation'.",
        )
    items = list(items)
    if not items:
        raise fail(argument, "is empty", items, "Write at least one question.")
    if len(items) > MAX_QUESTIONS:
        raise fail(
            argument,
            f"has {len(items)} questions; a quiz has at most {MAX_QUESTIONS}",
            fix="Split it into shorter quizzes: five to ten questions is plenty "
            "for a self-check.",
        )
    questions = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        where = path(argument, index)
        if isinstance(item, Question):
            question = item if item.number == index + 1 else _renumber(item, index)
        else:
            question = _question(item, where, index)
        if question.id in seen:
            raise fail(
                path(where, "id"),
                f"repeats the id of {path(argument, seen[question.id])}",
                question.id,
                "Give each question its own id, or leave the ids out.",
            )
        seen[question.id] = index
        questions.append(question)
    chosen = _text(title, "title") if title is not None else None
    return QuizSpec(
        title=chosen or given_title or "Check your understanding",
        questions=tuple(questions),
        intro=intro,
    )


def load_quiz(file: str | Path, *, title: str | None = None) -> QuizSpec:
    """Read and check a quiz file (``.json``, ``.yaml`` or ``.yml``).

    Parameters
    ----------
    file : str or pathlib.Path
        The file, relative to the working folder (a notebook's own folder).
    title : str, optional
        Overrides the file's title.

    Raises
    ------
    InputError
        When the file is missing (naming the quiz files beside it), is not JSON or
        YAML, or holds a question that cannot be used (naming its path).
    """
    if not isinstance(file, str | Path) or not str(file).strip():
        raise fail(
            "path",
            "must be the name of a quiz file",
            file,
            "Give a path such as 'quizzes/06_run_charts.json'.",
        )
    where = Path(str(file).strip())
    ending = where.suffix.lower()
    if ending not in ENDINGS:
        raise fail(
            "path",
            "is not a quiz file qikit reads",
            str(file),
            "Use a .json, .yaml or .yml file.",
        )
    if not where.is_file():
        raise fail("path", "there is no such quiz file", str(file), _near(where))
    size = where.stat().st_size
    if size > MAX_FILE_BYTES:
        raise fail(
            "path",
            f"is too large for a quiz ({size:,} bytes)",
            str(file),
            "A quiz file is a few kilobytes: check that this is the right file.",
        )
    try:
        content = where.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise fail(
            "path",
            "is not a text file in UTF-8",
            str(file),
            "Save the quiz as UTF-8 text (any code editor can).",
        ) from None
    except OSError as error:
        raise fail(
            "path",
            f"cannot be read ({error.strerror or error})",
            str(file),
            "Check the file's permissions.",
        ) from None
    data = _parse(content, ending, str(file))
    return read_quiz(data, title=title)


def _parse(content: str, ending: str, name: str) -> Any:
    if ending == ".json":
        try:
            return json.loads(content)
        except json.JSONDecodeError as error:
            raise fail(
                "path",
                f"is not valid JSON: line {error.lineno}, column {error.colno}: "
                f"{error.msg}",
                name,
                "Check the commas, quotes and brackets near there (a comma after "
                "the last item of a list is a common slip).",
            ) from None
    if yaml is None:
        raise fail(
            "path",
            "reading YAML needs the PyYAML package",
            name,
            "Install it (`pip install pyyaml`), or write the quiz as JSON.",
        )
    try:
        return yaml.safe_load(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f": line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "cannot be read"
        raise fail(
            "path",
            f"is not valid YAML{where}: {problem}",
            name,
            "Check the indentation near there, and put text holding a colon in quotes.",
        ) from None


def _near(where: Path) -> str:
    folder = where.parent if str(where.parent) else Path(".")
    if not folder.is_dir():
        return (
            f"There is no folder {str(folder)!r} here: paths are relative to the "
            "notebook's folder."
        )
    found = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in ENDINGS)
    if not found:
        return f"There are no quiz files in {str(folder)!r}."
    near = closest(where.name, found)
    hint = f"Did you mean {near!r}? " if near is not None else ""
    return f"{hint}The quiz files there are: {_listing(found)}."


# ------------------------------------------------------------------ the questions


def _renumber(question: Question, index: int) -> Question:
    fields = dict(question.__dict__)
    fields["number"] = index + 1
    return Question(**fields)


def _question(item: Any, where: str, index: int) -> Question:
    if not isinstance(item, Mapping):
        raise fail(
            where,
            "must be a question written as a dict",
            item,
            'Write it as {"question": ..., "options": {...}, "answer": ..., '
            '"explanation": ...}.',
        )
    _known_fields(item, where, "quiz question", QUESTION_FIELDS)
    prompt = _text(item.get("question"), path(where, "question"))
    if not prompt:
        raise fail(path(where, "question"), "is missing", fix=_EXAMPLE_QUESTION)
    explanation = _text(item.get("explanation"), path(where, "explanation"))
    if not explanation:
        raise fail(
            path(where, "explanation"),
            "is missing",
            fix="Say why the right answer is right, in a sentence or two: "
            "every learner reads it once they have answered.",
        )
    hint = _text(item.get("hint"), path(where, "hint"))
    qid = _id(item.get("id"), path(where, "id"), index)
    if "answer" not in item:
        raise fail(
            path(where, "answer"),
            "is missing",
            fix="Give the right option's text (a list of texts when several are "
            "right), or the right number for a question without options.",
        )
    answer = item["answer"]
    common = {
        "id": qid,
        "number": index + 1,
        "prompt": prompt,
        "explanation": explanation,
        "hint": hint,
    }
    if "options" in item:
        for name in ("tolerance", "unit", "mistakes"):
            if name in item:
                raise fail(
                    path(where, name),
                    "is only for questions answered with a number",
                    item[name],
                    "Remove it, or remove 'options' to make this a number question.",
                )
        options = _options(item["options"], path(where, "options"))
        kind, right = _choice_answer(answer, options, path(where, "answer"))
        marked = tuple(
            Option(text=o.text, why=o.why, right=o.text in right) for o in options
        )
        for position, option in enumerate(marked):
            if not option.right and not option.why:
                raise fail(
                    _option_path(item["options"], path(where, "options"), position),
                    "has no explanation of why it is wrong",
                    option.text,
                    "Add one sentence saying why: learners who choose it read it.",
                )
        return Question(kind=kind, options=marked, **common)
    value = _number_answer(answer, path(where, "answer"))
    tolerance = _plain_number(
        item.get("tolerance", 0), path(where, "tolerance"), example="0.5"
    )
    if tolerance < 0:
        raise fail(
            path(where, "tolerance"),
            "must be 0 or more",
            item.get("tolerance"),
            "Give how far from the answer still counts as right, such as 0.5.",
        )
    unit = _text(item.get("unit"), path(where, "unit"))
    if len(unit) > 40:
        raise fail(
            path(where, "unit"),
            "is longer than 40 characters",
            unit,
            "Give the unit only, such as '%' or 'days'.",
        )
    mistakes = _mistakes(
        item.get("mistakes"), path(where, "mistakes"), value, tolerance
    )
    return Question(
        kind="number",
        answer=value,
        tolerance=tolerance,
        unit=unit,
        mistakes=mistakes,
        **common,
    )


def _known_fields(item: Mapping, where: str, kind: str, allowed: Sequence[str]) -> None:
    for key in item:
        if key not in allowed:
            near = closest(key, allowed) if isinstance(key, str) else None
            hint = f"Did you mean {near!r}? " if near is not None else ""
            raise fail(
                path(where, str(key)),
                f"is not a field of a {kind}",
                key,
                f"{hint}Remove it, or use one of: {_listing(allowed)}.",
            )


def _text(value: Any, argument: str, *, limit: int = 2_000) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise fail(argument, "must be text", value, "Write it in quotes.")
    shown = " ".join(str(value).split()) if not isinstance(value, str) else value
    shown = shown.strip()
    if len(shown) > limit:
        raise fail(
            argument,
            f"is longer than {limit:,} characters",
            shown,
            "Shorten it: a few sentences are enough.",
        )
    return shown


def _id(value: Any, argument: str, index: int) -> str:
    if value is None:
        return f"q{index + 1}"
    if not isinstance(value, str) or not value.strip():
        raise fail(
            argument,
            "must be a short text",
            value,
            "Give a short name such as 'median', or leave the id out.",
        )
    shown = value.strip()
    if len(shown) > 60 or "\n" in shown:
        raise fail(
            argument,
            "must be one short line (60 characters at most)",
            value,
            "Give a short name such as 'median'.",
        )
    return shown


def _option_path(raw: Any, where: str, position: int) -> str:
    if isinstance(raw, Mapping):
        key = list(raw)[position]
        return f"{where}[{short_repr(str(key), 40)}]"
    return path(where, position, "why")


def _options(raw: Any, where: str) -> list[Option]:
    """Options as ``{text: why}`` or ``[{"text": ..., "why": ...}, ...]``."""
    pairs: list[tuple[str, str, str]] = []  # (text, why, path of the text)
    if isinstance(raw, Mapping):
        for key, why in raw.items():
            if not isinstance(key, str | int | float) or isinstance(key, bool):
                raise fail(where, "has an option that is not text", key)
            item_path = f"{where}[{short_repr(str(key), 40)}]"
            pairs.append((_text(key, item_path), _text(why, item_path), item_path))
    elif isinstance(raw, str | bytes) or not isinstance(raw, Iterable):
        raise fail(
            where,
            "must be the options with why each is right or wrong",
            raw,
            'Write them as {"The median": "why...", "The mean": "why..."}, '
            'or as a list of {"text": ..., "why": ...}.',
        )
    else:
        for position, option in enumerate(raw):
            item_path = path(where, position)
            if isinstance(option, str):
                raise fail(
                    item_path,
                    "is an option without an explanation",
                    option,
                    'Write it as {"text": ..., "why": ...}: say why it is right '
                    "or wrong.",
                )
            if not isinstance(option, Mapping):
                raise fail(
                    item_path,
                    'must be an option written as {"text": ..., "why": ...}',
                    option,
                )
            _known_fields(option, item_path, "quiz option", OPTION_FIELDS)
            text = _text(option.get("text"), path(item_path, "text"))
            why = _text(option.get("why"), path(item_path, "why"))
            pairs.append((text, why, path(item_path, "text")))
    if len(pairs) < 2:
        raise fail(
            where,
            "needs at least two options",
            [p[0] for p in pairs],
            "Add the wrong answers learners are likely to give, each with why it "
            "is wrong.",
        )
    if len(pairs) > MAX_OPTIONS:
        raise fail(
            where,
            f"has {len(pairs)} options; a question has at most {MAX_OPTIONS}",
            fix="Keep the likely answers: three to five is usual.",
        )
    seen: dict[str, int] = {}
    for position, (text, _why, item_path) in enumerate(pairs):
        if not text:
            raise fail(item_path, "is empty", text, "Write the option's text.")
        key = text.casefold()
        if key in seen:
            raise fail(
                item_path,
                f"repeats option {seen[key] + 1}",
                text,
                "Make each option different.",
            )
        seen[key] = position
    return [Option(text=t, why=w, right=False) for t, w, _ in pairs]


def _choice_answer(answer: Any, options: list[Option], where: str) -> tuple[str, set]:
    texts = [o.text for o in options]
    if isinstance(answer, list | tuple):
        kind = "several"
        given = list(answer)
        if not given:
            raise fail(
                where,
                "is an empty list",
                answer,
                "List the text of every right option (at least one).",
            )
    else:
        kind = "one"
        given = [answer]
    right: set[str] = set()
    for position, value in enumerate(given):
        item_path = path(where, position) if kind == "several" else where
        if isinstance(value, bool) or not isinstance(value, str):
            raise fail(
                item_path,
                "must be the text of an option",
                value,
                f"Copy the right option's text exactly, in quotes: {_listing(texts)}.",
            )
        shown = value.strip()
        match = next((t for t in texts if t == shown), None)
        if match is None:
            near = closest(shown, texts, cutoff=0.75)
            hint = f"Did you mean {near!r}? " if near is not None else ""
            raise fail(
                item_path,
                "is not one of the options",
                value,
                f"{hint}Copy the right option's text exactly: {_listing(texts)}.",
            )
        if match in right:
            raise fail(
                item_path,
                "names the same option twice",
                value,
                "List each right option once.",
            )
        right.add(match)
    if kind == "several" and len(right) == len(texts):
        raise fail(
            where,
            "says every option is right",
            answer,
            "Add at least one wrong option, with why it is wrong.",
        )
    return kind, right


def _plain_number(value: Any, argument: str, *, example: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(
            argument, "must be a number", value, f"Give a number such as {example}."
        )
    out = float(value)
    if not math.isfinite(out):
        raise fail(
            argument,
            "must be a finite number",
            value,
            f"Give a number such as {example}.",
        )
    return out


def _number_answer(answer: Any, where: str) -> float:
    if isinstance(answer, str):
        raise fail(
            where,
            "is text, but this question has no options",
            answer,
            "For a multiple-choice question add 'options'; for a number question "
            "write the number without quotes, such as 12.5.",
        )
    if isinstance(answer, list | tuple | Mapping):
        raise fail(
            where,
            "is a list, but this question has no options",
            answer,
            "Add 'options', or give one number for a number question.",
        )
    return _plain_number(answer, where, example="12.5")


def _mistakes(raw: Any, where: str, answer: float, tolerance: float) -> tuple:
    if raw is None:
        return ()
    items: list[tuple[Any, Any, str, str]] = []  # value, why, their paths
    if isinstance(raw, Mapping):
        for key, why in raw.items():
            item_path = f"{where}[{short_repr(str(key), 40)}]"
            value = parse_number(str(key)) if isinstance(key, str) else key
            if value is None:
                raise fail(
                    item_path,
                    "is not a number",
                    key,
                    'Write the wrong number learners give, such as "0.125".',
                )
            items.append((value, why, item_path, item_path))
    elif isinstance(raw, str | bytes) or not isinstance(raw, Iterable):
        raise fail(
            where,
            "must list wrong numbers with why each is wrong",
            raw,
            'Write them as [{"value": 0.125, "why": "..."}].',
        )
    else:
        for position, item in enumerate(raw):
            item_path = path(where, position)
            if not isinstance(item, Mapping):
                raise fail(
                    item_path,
                    'must be written as {"value": ..., "why": ...}',
                    item,
                )
            _known_fields(item, item_path, "quiz mistake", MISTAKE_FIELDS)
            if "value" not in item:
                raise fail(
                    path(item_path, "value"), "is missing", fix="Give the number."
                )
            items.append(
                (
                    item["value"],
                    item.get("why"),
                    path(item_path, "value"),
                    path(item_path, "why"),
                )
            )
    out = []
    for value, why, value_path, why_path in items:
        number = _plain_number(value, value_path, example="0.125")
        reason = _text(why, why_path)
        if not reason:
            raise fail(
                why_path,
                "has no explanation of why it is wrong",
                value,
                "Add one sentence saying why.",
            )
        if _within(number, answer, tolerance):
            raise fail(
                value_path,
                "counts as right: it is within the tolerance of the answer",
                value,
                "Remove it, or make the tolerance smaller.",
            )
        out.append(Mistake(value=number, why=reason))
    return tuple(out)


# ----------------------------------------------------------------------- marking

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: Any) -> float | None:
    """A number as a learner types it, or ``None`` when it is not one.

    Spaces, a trailing ``%`` and thousands separators are allowed; a comma is read
    as a thousands separator only before groups of three digits (so "12,5" is not
    read as 12.5 or 125).

    Examples
    --------
    >>> parse_number(" 12.5 "), parse_number("1,250"), parse_number("85%")
    (12.5, 1250.0, 85.0)
    >>> parse_number("12,5") is None, parse_number("twelve") is None
    (True, True)
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        value = float(text)
        return value if math.isfinite(value) else None
    if not isinstance(text, str):
        return None
    shown = text.strip().replace("\u2212", "-")
    shown = shown.removesuffix("%").strip().replace(" ", "")
    if _THOUSANDS.match(shown):
        shown = shown.replace(",", "")
    if not _PLAIN.match(shown):
        return None
    value = float(shown)
    return value if math.isfinite(value) else None


def _within(value: float, answer: float, tolerance: float) -> bool:
    slack = 1e-9 * max(1.0, abs(answer))
    return abs(value - answer) <= tolerance + slack


def judge(question: Question, response: Any) -> Verdict:
    """Mark one response to ``question`` and say why.

    Parameters
    ----------
    question : Question
        A checked question.
    response : str, list of str, number or None
        For "one": the chosen option's text (None: nothing chosen). For
        "several": the ticked options' texts. For "number": what was typed.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> quiz = read_quiz([{"question": "12 of 40 patients: what percentage?",
    ...                    "answer": 30, "unit": "%", "tolerance": 0.5,
    ...                    "mistakes": [{"value": 0.3, "why": "That is the share."}],
    ...                    "explanation": "12 / 40 = 0.3, or 30%."}])
    >>> judge(quiz.questions[0], "30%").correct
    True
    >>> judge(quiz.questions[0], "0.3").lines
    ['0.3: That is the share.']
    >>> judge(quiz.questions[0], "thirty").answered
    False
    """
    if question.kind == "number":
        return _judge_number(question, response)
    if question.kind == "one":
        if response is None or response == "":
            return Verdict(False, False, ["Choose one of the options first."])
        chosen = [response]
    else:
        chosen = [] if response is None else [str(r) for r in response]
        if not chosen:
            return Verdict(
                False, False, ["Tick every option you think is right first."]
            )
    by_text = {o.text: o for o in question.options}
    unknown = [c for c in chosen if c not in by_text]
    if unknown:
        raise fail(
            f"answer to question {question.number}",
            "is not one of the options",
            unknown[0],
            f"Choose from: {_listing(by_text)}.",
        )
    lines = []
    wrong = [by_text[c] for c in chosen if not by_text[c].right]
    for option in wrong:
        lines.append(f"{quoted(option.text)}: {option.why}")
    missed = [o for o in question.options if o.right and o.text not in chosen]
    if question.kind == "several" and not wrong and missed:
        for option in missed:
            why = _RIGHT.sub("", option.why)
            lines.append(
                f"{quoted(option.text)} is right too"
                + (f": {why[:1].lower()}{why[1:]}" if why else ".")
            )
    correct = not wrong and not missed
    if correct:
        lines = [
            f"{quoted(o.text)}: {o.why}"
            for o in question.options
            if o.right and o.why and o.why != question.explanation
        ]
    return Verdict(True, correct, lines)


_RIGHT = re.compile(r"^\s*(right|correct|yes)\b[\s:.!,;-]*", re.IGNORECASE)


def quoted(text: str) -> str:
    """Text in British single quotation marks, for feedback: ‘The median’.

    Examples
    --------
    >>> quoted("The mean")
    '‘The mean’'
    """
    return f"\u2018{text}\u2019"


def _judge_number(question: Question, response: Any) -> Verdict:
    if response is None or (isinstance(response, str) and not response.strip()):
        return Verdict(False, False, ["Type a number first."])
    value = parse_number(response)
    if value is None:
        return Verdict(
            False,
            False,
            [
                f"{short_repr(str(response), 30)} is not a number qikit can read. "
                "Type digits, with a full stop for decimals, such as 12.5."
            ],
        )
    answer = float(question.answer if question.answer is not None else math.nan)
    if _within(value, answer, question.tolerance):
        return Verdict(True, True, [])
    shown = fmt_number(value, decimals=6)
    for mistake in question.mistakes:
        if _within(value, mistake.value, max(question.tolerance, 0.0)):
            return Verdict(True, False, [f"{shown}: {mistake.why}"])
    side = "too high" if value > answer else "too low"
    return Verdict(True, False, [f"{shown} is {side}."])


def _listing(items: Iterable[Any]) -> str:
    return ", ".join(repr(str(i)) for i in items)


def _quoted_list(items: Iterable[Any]) -> str:
    shown = [quoted(str(i)) for i in items]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]
