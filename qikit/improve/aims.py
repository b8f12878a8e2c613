"""Aims: the first question of the Model for Improvement.

*What are we trying to accomplish?* A good aim says what will change, for whom, by how
much (from a baseline to a goal, with units) and by when. :class:`Aim` holds those parts
and :meth:`Aim.smart_check` gives plain-English feedback on each one that is missing or
weak, the way a QI coach would read a draft aim.

Curriculum: module 2, ``curriculum/02_model_for_improvement.ipynb``.

Examples
--------
>>> from qikit.improve import Aim
>>> aim = Aim(what="Improve care", who="residents of Ashgrove House")
>>> for finding in aim.smart_check():
...     print(finding.subject, finding.code)
M smart.measurable.vague
R smart.relevant.why_missing
T smart.time.missing
>>> print(aim.smart_check()[0])
‘Improve care’ cannot be measured: name the measure and say how much it should change.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qikit import _validate as v
from qikit._dates import is_month_only
from qikit._format import fmt_number, human_date
from qikit.charts.vocabulary import is_percent_unit
from qikit.errors import InputError
from qikit.improve import _common as c
from qikit.improve._common import Finding

__all__ = ["Aim", "SMART_ELEMENTS"]

#: The five SMART elements, in the order the check reports them.
SMART_ELEMENTS: dict[str, str] = {
    "S": "Specific",
    "M": "Measurable",
    "A": "Achievable",
    "R": "Relevant",
    "T": "Time-bound",
}

# Verbs that sound purposeful but say nothing about what will be counted.
_VAGUE = (
    "improve",
    "improving",
    "enhance",
    "better",
    "optimise",
    "optimize",
    "strengthen",
    "support",
    "promote",
    "ensure",
    "develop",
    "address",
    "tackle",
    "work towards",
    "look at",
    "focus on",
    "raise awareness",
    "streamline",
    "transform",
    "embed",
)
_DECREASE_WORDS = (
    "reduce",
    "reduction",
    "decrease",
    "lower",
    "cut",
    "fewer",
    "less",
    "minimise",
    "minimize",
    "prevent",
    "eliminate",
    "halve",
)
_INCREASE_WORDS = ("increase", "raise", "more", "higher", "grow", "double", "expand")
_STOP = {"for", "in", "of", "to", "by", "at", "with", "across", "within", "and", "so"}

# Codes whose element counts as "missing" rather than merely "weak".
_MISSING_CODES = {
    "smart.specific.what_missing",
    "smart.measurable.vague",
    "smart.measurable.amount_missing",
    "smart.relevant.why_missing",
    "smart.time.missing",
}

_FIELDS = (
    "what",
    "who",
    "baseline",
    "goal",
    "unit",
    "by",
    "relative_change",
    "measure",
    "why",
    "statement",
    "notes",
    "id",
)


def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"\b({alternatives})\b", re.IGNORECASE)


_VAGUE_RE = _words_re(_VAGUE)
_DECREASE_RE = _words_re(_DECREASE_WORDS)
_INCREASE_RE = _words_re(_INCREASE_WORDS)


def _aim_date(value: Any) -> dt.date | None:
    """Dates for ``by``, read day first as in the UK ('31/03/2026'); a year ('2016')
    means the end of that year and a month ('2016-03', 'Mar 2016') the end of it."""
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return dt.date(value, 12, 31)
    if isinstance(value, str):
        s = value.strip()
        if re.fullmatch(r"\d{4}", s):
            return dt.date(int(s), 12, 31)
        if is_month_only(s):
            first = v.date(s, "by")
            last = calendar.monthrange(first.year, first.month)[1]
            return first.replace(day=last)
    return v.date(value, "by")


def _with_unit(value: float, unit: str) -> str:
    if not unit:
        return fmt_number(value)
    if is_percent_unit(unit):
        return f"{fmt_number(value)}%"
    return f"{fmt_number(value)} {unit}"


@dataclass
class Aim:
    """An improvement aim: what, for whom, how much and by when.

    Construction checks the *types* of the values and raises
    :class:`~qikit.errors.InputError` for unusable ones (a goal that is not a number, a
    date that cannot be read). Whether the aim is a *good* aim is a matter for
    :meth:`smart_check` (also :meth:`validate`), which never raises.

    Parameters
    ----------
    what : str
        What will change, ideally starting with a direction word: "reduce falls with
        harm", "increase the percentage of children who meet all milestones".
    who : str
        For whom and where: "residents of Ashgrove House", "children in each
        Community Planning Partnership".
    baseline, goal : float, optional
        Where you start and where you aim to be, in ``unit``.
    unit : str
        Unit of ``baseline`` and ``goal``: "%", "days", "falls per 1,000 bed days".
    by : date or str, optional
        The deadline. Accepts a date, an ISO string, a year ("2016" means 31 December
        2016) or a month ("2016-03" means 31 March 2016).
    relative_change : float, optional
        A change in per cent of the baseline, negative for a reduction: ``-15`` for
        "a 15% reduction". Use it when the aim was set as a relative change.
    measure : str
        Id of the outcome :class:`~qikit.improve.Measure` that tracks the aim.
    why : str
        Why the aim matters to the people who use the service.
    statement : str
        The aim as the team wrote it. When empty, :meth:`text` writes one from the
        parts.
    notes : str
        Anything else: sources, history, results.
    id : str
        Stable id; defaults to ``"aim"``.

    Attributes
    ----------
    improvement : str or None
        "increase" or "decrease", implied by the goal against the baseline (or by the
        relative change, or by a direction word in ``what``); ``None`` when it cannot
        be told.

    Raises
    ------
    InputError
        When a value has the wrong type or cannot be read.

    See Also
    --------
    Measure : the measures that answer "how will we know?".

    Examples
    --------
    >>> import textwrap
    >>> aim = Aim(
    ...     what="reduce new pressure ulcers",
    ...     who="residents of Ashgrove House care home",
    ...     baseline=2.4, goal=1.2, unit="per 1,000 occupied bed days",
    ...     by="2025-03-31", why="Pressure ulcers cause pain and distress.",
    ... )
    >>> aim.improvement
    'decrease'
    >>> print(textwrap.fill(aim.text(), 80))
    Reduce new pressure ulcers for residents of Ashgrove House care home from 2.4 to
    1.2 per 1,000 occupied bed days by 31 March 2025.
    >>> aim.smart_check()
    []
    """

    what: str = ""
    who: str = ""
    baseline: float | None = None
    goal: float | None = None
    unit: str = ""
    by: dt.date | None = None
    relative_change: float | None = None
    measure: str = ""
    why: str = ""
    statement: str = ""
    notes: str = ""
    id: str = field(default="aim")

    def __post_init__(self) -> None:
        self._coerce()

    def _coerce(self) -> None:
        self.what = v.text(self.what, "what")
        self.who = v.text(self.who, "who")
        self.baseline = v.number(self.baseline, "baseline", required=False)
        self.goal = v.number(self.goal, "goal", required=False)
        self.unit = v.text(self.unit, "unit", limit=80)
        self.by = _aim_date(self.by)
        self.relative_change = v.number(
            self.relative_change, "relative_change", required=False
        )
        if self.relative_change is not None and self.relative_change < -100:
            raise v.fail(
                "relative_change",
                "a reduction of more than 100% is impossible",
                self.relative_change,
                "Use -100 at most (down to zero), e.g. -15 for a 15% reduction.",
            )
        self.measure = c.identifier(self.measure, "measure")
        self.why = v.text(self.why, "why")
        self.statement = v.text(self.statement, "statement")
        self.notes = v.text(self.notes, "notes")
        self.id = c.identifier(self.id, "id", default="aim")

    # ------------------------------------------------------------------ derived

    @property
    def improvement(self) -> str | None:
        """Direction implied by the aim: "increase", "decrease" or ``None``."""
        if self.baseline is not None and self.goal is not None:
            if self.goal > self.baseline:
                return "increase"
            if self.goal < self.baseline:
                return "decrease"
            return None
        if self.relative_change:
            return "increase" if self.relative_change > 0 else "decrease"
        down = _DECREASE_RE.search(self.what)
        up = _INCREASE_RE.search(self.what)
        if down and not up:
            return "decrease"
        if up and not down:
            return "increase"
        return None

    @property
    def implied_goal(self) -> float | None:
        """The goal, or the baseline moved by ``relative_change`` when no goal is set.

        Examples
        --------
        >>> Aim(baseline=40, relative_change=-15).implied_goal
        34.0
        """
        if self.goal is not None:
            return self.goal
        if self.baseline is not None and self.relative_change is not None:
            return self.baseline * (1 + self.relative_change / 100)
        return None

    def text(self) -> str:
        """The aim as one sentence: ``statement`` if given, else built from the parts.

        Examples
        --------
        >>> print(Aim(what="increase visits", baseline=3, goal=5, unit="visits").text())
        Increase visits from 3 to 5 visits.
        """
        if self.statement:
            return self.statement
        what = self.what or "(say what will change)"
        out = what[0].upper() + what[1:]
        if self.who:
            out += f" for {self.who}"
        if self.baseline is not None and self.goal is not None:
            if is_percent_unit(self.unit) or not self.unit:
                out += (
                    f" from {_with_unit(self.baseline, self.unit)}"
                    f" to {_with_unit(self.goal, self.unit)}"
                )
            else:
                out += (
                    f" from {fmt_number(self.baseline)}"
                    f" to {_with_unit(self.goal, self.unit)}"
                )
        elif self.relative_change is not None:
            out += f" by {fmt_number(abs(self.relative_change))}%"
            if self.baseline is not None:
                out += f" from {_with_unit(self.baseline, self.unit)}"
        elif self.goal is not None:
            out += f" to {_with_unit(self.goal, self.unit)}"
        if self.by is not None:
            out += f" by {human_date(self.by)}"
        return out + ("" if out.endswith(".") else ".")

    def __str__(self) -> str:
        return self.text()

    # ------------------------------------------------------------------ checks

    def smart_check(self, *, today: dt.date | None = None) -> list[Finding]:
        """Plain-English feedback on every missing or weak SMART element.

        Parameters
        ----------
        today : date, optional
            When given, a deadline already passed, or more than three years away, is
            reported too. Apps pass today's date; built-in historical examples leave
            it out.

        Returns
        -------
        list of Finding
            One sentence per problem, in SMART order; empty when the aim is sound.
            Each finding is a ``str`` with ``code`` (e.g. ``"smart.time.missing"``)
            and ``subject`` (the SMART letter).

        Examples
        --------
        >>> aim = Aim(what="increase the percentage of referrals seen within 2 weeks",
        ...           who="the memory clinic", baseline=85, goal=85, unit="%",
        ...           by="2025", why="Waiting causes worry.")
        >>> [f.code for f in aim.smart_check()]
        ['smart.achievable.no_change']
        """
        today = v.date(today, "today")
        return [
            Finding(message, code=code, subject=letter)
            for letter, check in _SMART_CHECKS
            for code, message in check(self, today)
        ]

    def smart_summary(self, *, today: dt.date | None = None) -> pd.DataFrame:
        """One row per SMART element with its status and feedback.

        Returns
        -------
        DataFrame
            Columns ``element`` (S, M, A, R, T), ``name`` ("Specific", ...),
            ``status`` ("ok", "weak" or "missing") and ``feedback`` (the sentences,
            joined; empty when ok).

        Examples
        --------
        >>> Aim(what="Improve care").smart_summary()[["element", "status"]]
          element   status
        0       S     weak
        1       M  missing
        2       A       ok
        3       R  missing
        4       T  missing
        """
        findings = self.smart_check(today=today)
        rows = []
        for letter, name in SMART_ELEMENTS.items():
            mine = [f for f in findings if f.subject == letter]
            if not mine:
                status = "ok"
            elif any(f.code in _MISSING_CODES for f in mine):
                status = "missing"
            else:
                status = "weak"
            rows.append(
                {
                    "element": letter,
                    "name": name,
                    "status": status,
                    "feedback": " ".join(str(f) for f in mine),
                }
            )
        return pd.DataFrame(rows, columns=["element", "name", "status", "feedback"])

    def validate(self) -> list[Finding]:
        """Problems with the aim: type problems first, then the SMART feedback.

        Never raises; returns an empty list when the aim is sound.
        """
        try:
            dataclasses.replace(self)
        except InputError as err:
            return c.unusable(err, "aim.invalid", self.id)
        return list(self.smart_check())

    # ------------------------------------------------------------------ tables

    def to_frame(self) -> pd.DataFrame:
        """One row describing the aim (columns: the fields plus ``improvement`` and
        ``text``)."""
        row = self.to_dict()
        row["improvement"] = self.improvement
        row["text"] = self.text()
        row["by"] = pd.Timestamp(self.by) if self.by is not None else pd.NaT
        return pd.DataFrame([row], columns=[*_FIELDS, "improvement", "text"])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (dates as ISO text) that :meth:`from_dict` reads back.

        Examples
        --------
        >>> Aim.from_dict(Aim(what="x", by="2016").to_dict()).by
        datetime.date(2016, 12, 31)
        """
        return {
            "what": self.what,
            "who": self.who,
            "baseline": self.baseline,
            "goal": self.goal,
            "unit": self.unit,
            "by": c.iso(self.by),
            "relative_change": self.relative_change,
            "measure": self.measure,
            "why": self.why,
            "statement": self.statement,
            "notes": self.notes,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> Aim:
        """Rebuild an aim from :meth:`to_dict` output.

        Parameters
        ----------
        d : dict
            The output of :meth:`to_dict`.
        argument : str, optional
            Where ``d`` sits in a bigger object (``"project.aim"``), for messages.

        Raises
        ------
        InputError
            When ``d`` is not a dict, has unknown keys or unusable values.
        """
        return c.from_fields(cls, d, argument, _FIELDS)


# ---------------------------------------------------------------------------- SMART


def _specific(aim: Aim, today: dt.date | None) -> Iterator[tuple[str, str]]:
    """S: what will change, for whom, and words that agree with the numbers."""
    has_amount = aim.goal is not None or aim.relative_change is not None
    if not aim.what:
        yield (
            "smart.specific.what_missing",
            "Say what you will change: name the outcome, e.g. ‘the percentage of "
            "residents who fall’.",
        )
    if not aim.who:
        yield (
            "smart.specific.who_missing",
            "Say for whom and where: which residents, patients, pupils or "
            "families, in which service?",
        )
    direction = aim.improvement if has_amount else None
    if direction is not None and (aim.goal is None or aim.baseline is not None):
        word = (_INCREASE_RE if direction == "decrease" else _DECREASE_RE).search(
            aim.what
        )
        other = (_DECREASE_RE if direction == "decrease" else _INCREASE_RE).search(
            aim.what
        )
        if word and not other:
            where = "below" if direction == "decrease" else "above"
            yield (
                "smart.specific.direction_conflict",
                f"The wording says ‘{word.group(0).lower()}’ but the goal is "
                f"{where} the starting point: check which way is better.",
            )


def _measurable(aim: Aim, today: dt.date | None) -> Iterator[tuple[str, str]]:
    """M: a measure, a baseline, a goal (or a relative change) and a unit."""
    has_amount = aim.goal is not None or aim.relative_change is not None
    unit = aim.unit
    vague = _VAGUE_RE.search(aim.what)
    if vague and not has_amount:
        yield (
            "smart.measurable.vague",
            f"‘{_phrase(aim.what, vague)}’ cannot be measured: name the measure "
            "and say how much it should change.",
        )
    elif not has_amount and aim.baseline is None:
        yield (
            "smart.measurable.amount_missing",
            "Say how much: give the baseline and the goal, e.g. ‘from 60% to 85%’.",
        )
    if aim.baseline is None and has_amount:
        if aim.goal is not None:
            yield (
                "smart.measurable.baseline_missing",
                f"Add the baseline: where are you starting from? Without it "
                f"nobody can tell how big a change {_with_unit(aim.goal, unit)} "
                "would be.",
            )
        else:
            yield (
                "smart.measurable.baseline_missing",
                "Add the baseline: a "
                f"{fmt_number(abs(aim.relative_change))}% "
                f"{'reduction' if aim.relative_change < 0 else 'rise'} from "
                "what level?",
            )
    if aim.baseline is not None and not has_amount:
        yield (
            "smart.measurable.goal_missing",
            "Add the goal: how far from the baseline of "
            f"{_with_unit(aim.baseline, unit)} do you aim to go?",
        )
    if not unit and (aim.baseline is not None or aim.goal is not None):
        yield (
            "smart.measurable.unit_missing",
            "Give the unit of the baseline and goal, e.g. ‘%’, ‘days’ or ‘falls "
            "per 1,000 bed days’.",
        )


def _achievable(aim: Aim, today: dt.date | None) -> Iterator[tuple[str, str]]:
    """A: a real change, possible percentages, numbers that agree."""
    unit = aim.unit
    if (
        aim.baseline is not None and aim.goal is not None and aim.goal == aim.baseline
    ) or aim.relative_change == 0:
        shown = aim.goal if aim.goal is not None else aim.baseline
        what = (
            f"The goal ({_with_unit(shown, unit)}) equals the baseline"
            if shown is not None
            else "A change of 0% is no change"
        )
        yield (
            "smart.achievable.no_change",
            f"{what}: an aim must describe a change from where you are now.",
        )
    if is_percent_unit(unit):
        for name, value in (("baseline", aim.baseline), ("goal", aim.goal)):
            if value is not None and not 0 <= value <= 100:
                yield (
                    "smart.achievable.impossible_percentage",
                    f"A {name} of {fmt_number(value)}% is impossible for a "
                    "percentage: it must lie between 0% and 100%.",
                )
    if (
        aim.baseline is not None
        and aim.goal is not None
        and aim.relative_change is not None
    ):
        implied = aim.baseline * (1 + aim.relative_change / 100)
        if abs(implied - aim.goal) > max(1e-9, 0.01 * abs(implied)):
            yield (
                "smart.achievable.inconsistent",
                f"The goal ({_with_unit(aim.goal, unit)}) does not match a "
                f"{fmt_number(aim.relative_change)}% change from the baseline "
                f"({_with_unit(implied, unit)}): correct one of them.",
            )


def _relevant(aim: Aim, today: dt.date | None) -> Iterator[tuple[str, str]]:
    """R: why it matters to the people who use the service."""
    if not aim.why:
        yield (
            "smart.relevant.why_missing",
            "Say why this matters to the people who use the service, so the team "
            "and its sponsors stay committed.",
        )


def _time_bound(aim: Aim, today: dt.date | None) -> Iterator[tuple[str, str]]:
    """T: a date, neither past nor too far away (checked against ``today``)."""
    if aim.by is None:
        yield "smart.time.missing", "Add a date: by when?"
    elif today is not None:
        if aim.by < today:
            yield (
                "smart.time.past",
                f"The date {human_date(aim.by)} has already passed: set a new date.",
            )
        elif aim.by > today + dt.timedelta(days=3 * 365 + 1):
            yield (
                "smart.time.far",
                f"{human_date(aim.by)} is more than three years away: add an "
                "interim aim for the next 6 to 12 months so the team sees "
                "progress.",
            )


#: The SMART checks, in the order their findings are reported: (letter, check).
#: Each check yields ``(code, message)`` pairs.
_SMART_CHECKS: tuple[tuple[str, Callable[..., Iterator[tuple[str, str]]]], ...] = (
    ("S", _specific),
    ("M", _measurable),
    ("A", _achievable),
    ("R", _relevant),
    ("T", _time_bound),
)


def _phrase(text: str, match: re.Match[str]) -> str:
    """The vague verb and up to two following words, stopping at a preposition."""
    words = [match.group(0)]
    rest = text[match.end() :].split()
    for word in rest[:2]:
        clean = word.strip(".,;:!?")
        if clean.lower() in _STOP or not clean:
            break
        words.append(clean)
        if clean != word:
            break
    phrase = " ".join(words)
    return phrase[0].upper() + phrase[1:]
