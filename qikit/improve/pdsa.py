"""PDSA cycles and ramps: testing change ideas on a small scale, then growing.

A :class:`PDSACycle` is one test of a change idea: **Plan** (objective, questions,
predictions, who/what/where/when/what data), **Do** (what happened, surprises),
**Study** (results against the predictions) and **Act** (adopt, adapt or abandon, and
what the next cycle will test). Predictions must be written before the Do stage is
recorded: comparing results with predictions is how a cycle teaches anything.

A :class:`Ramp` is the ordered chain of cycles that test one change idea, usually
growing in scale (one resident → one unit → the whole home) as the team's degree of
belief grows. :func:`pdsa_log` lays cycles out as a table and :func:`pdsa_annotations`
turns their dates into labels for a run chart::

    result.plot(annotations=pdsa_annotations(ramp))

Curriculum: module 9, ``curriculum/09_testing_changes.ipynb``.

Examples
--------
>>> from qikit.improve.pdsa import PDSACycle
>>> cycle = PDSACycle("Try a pictorial menu with one resident", id="menu-1",
...                   start="2024-03-04")
>>> cycle.record_do("Mrs A chose her lunch herself.")
Traceback (most recent call last):
...
qikit.errors.InputError: `predictions`: none recorded for the cycle ‘Try a ...
>>> cycle.predict("She will choose her own lunch on 4 of 5 days.")
>>> cycle.record_do("She chose her own lunch on 5 days.", surprises="Staff liked it")
>>> cycle.stage
'study'
"""

from __future__ import annotations

import datetime as dt
import string
import uuid
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._dates import parse_date_series
from qikit._format import human_date, number_ranges, plural
from qikit.errors import InputError, QikitWarning
from qikit.improve import _common as c
from qikit.improve._common import Finding
from qikit.improve._stages import (
    DECISIONS,
    PDSAAct,
    PDSADo,
    PDSAPlan,
    PDSAStudy,
    scale_rank,
)

__all__ = [
    "DECISIONS",
    "BELIEFS",
    "PDSAPlan",
    "PDSADo",
    "PDSAStudy",
    "PDSAAct",
    "PDSACycle",
    "Ramp",
    "pdsa_log",
    "pdsa_annotations",
    "scale_rank",
]

#: Degree of belief that the change will lead to improvement (Langley et al. 2009).
BELIEFS: tuple[str, ...] = ("low", "moderate", "high")
STAGES: tuple[str, ...] = ("plan", "do", "study", "act", "complete")
_BELIEF_ALIASES = {"medium": "moderate", "mod": "moderate"}

_STAGE_CLASSES = {"plan": PDSAPlan, "do": PDSADo, "study": PDSAStudy, "act": PDSAAct}
_CYCLE_FIELDS = (
    "objective",
    "change_idea",
    "questions",
    "predictions",
    "plan",
    "do",
    "study",
    "act",
    "start",
    "end",
    "scale",
    "belief",
    "id",
)


def _stage(value: Any, name: str) -> Any:
    cls = _STAGE_CLASSES[name]
    if value is None or isinstance(value, cls):
        return value
    if isinstance(value, Mapping):
        return cls.from_dict(value, name)
    raise v.fail(
        name,
        f"must be a {cls.__name__}",
        value,
        f"Use {cls.__name__}(...) or the record_{name}() method.",
    )


def _no_predictions(cycle: PDSACycle) -> InputError:
    label = cycle.objective or cycle.id
    return v.fail(
        "predictions",
        f"none recorded for the cycle ‘{label}’",
        list(cycle.predictions),
        "Write down what you predict will happen before you record the Do stage: "
        "comparing the results with your predictions is how a PDSA cycle learns.",
    )


@dataclass
class PDSACycle:
    """One Plan-Do-Study-Act cycle testing a change idea.

    Construction checks types and the order of the stages and raises
    :class:`~qikit.errors.InputError` when the record is impossible: a Do stage
    without predictions, a Study without a Do, an Act without a Study, an end date
    before the start. :meth:`validate` lists what is still to be written.

    Parameters
    ----------
    objective : str
        What this cycle sets out to learn or do.
    change_idea : str
        Id of the change idea it tests (a :class:`~qikit.improve.DriverNode` id).
    questions : list of str
        The questions the test will answer.
    predictions : list of str
        What the team expects to happen, written before the test.
    plan, do, study, act : PDSAPlan, PDSADo, PDSAStudy, PDSAAct or dict, optional
        The four stages; fill them in with :meth:`record_plan`, :meth:`record_do`,
        :meth:`record_study` and :meth:`record_act`.
    start, end : date or str, optional
        When the test started and ended.
    scale : str
        How big the test is: "one resident", "one unit", "all units".
    belief : {"low", "moderate", "high", ""}
        The team's degree of belief that the change will work.
    id : str, optional
        Stable id; a new uuid4 hex string when not given.

    Examples
    --------
    >>> cycle = PDSACycle(
    ...     "Test a bedside falls prompt card with one resident", change_idea="c1",
    ...     questions=["Will night staff use the card?"],
    ...     predictions=["Staff will use it on 3 of 4 nights"],
    ...     start="2024-03-04", end="2024-03-07", scale="one resident", belief="low",
    ...     id="cycle-1",
    ... )
    >>> cycle.record_plan(who="Night nurse", what="Card by the bed", where="Room 4",
    ...                   when="4 to 7 March", data="Tally of nights used")
    >>> cycle.record_do("Used on 4 of 4 nights")
    >>> cycle.record_study("Used every night", comparison="Better than predicted")
    >>> cycle.record_act("adapt", next_cycle="Try with all residents in one unit")
    >>> cycle.stage, cycle.validate()
    ('complete', [])
    """

    objective: str = ""
    change_idea: str = ""
    questions: list[str] = field(default_factory=list)
    predictions: list[str] = field(default_factory=list)
    plan: PDSAPlan | None = None
    do: PDSADo | None = None
    study: PDSAStudy | None = None
    act: PDSAAct | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    scale: str = ""
    belief: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        self.objective = v.text(self.objective, "objective", limit=1000)
        self.change_idea = c.identifier(self.change_idea, "change_idea")
        self.questions = v.text_list(self.questions, "questions")
        self.predictions = v.text_list(self.predictions, "predictions")
        for name in ("plan", "do", "study", "act"):
            setattr(self, name, _stage(getattr(self, name), name))
        self.start = v.date(self.start, "start")
        self.end = v.date(self.end, "end")
        self.scale = v.text(self.scale, "scale", limit=200)
        self.belief = (
            v.choice(self.belief, "belief", BELIEFS, aliases=_BELIEF_ALIASES)
            if self.belief not in (None, "")
            else ""
        )
        self.id = c.identifier(self.id, "id") or uuid.uuid4().hex
        if self.start and self.end and self.end < self.start:
            raise v.fail(
                "end",
                f"is before the start date {self.start.isoformat()}",
                self.end.isoformat(),
                "Check the dates: a cycle ends on or after the day it starts.",
            )
        if self.do is not None and not self.predictions:
            raise _no_predictions(self)
        if self.study is not None and self.do is None:
            raise v.fail(
                "study",
                "a Study stage needs a Do stage first",
                self.study.results,
                "Record what happened (record_do) before the results.",
            )
        if self.act is not None and self.study is None:
            raise v.fail(
                "act",
                "an Act stage needs a Study stage first",
                self.act.decision,
                "Record the results (record_study) before the decision.",
            )

    # ------------------------------------------------------------------ stages

    @property
    def stage(self) -> str:
        """The stage to work on next: "plan", "do", "study", "act" or "complete"."""
        if self.do is None:
            return "plan"
        if self.study is None:
            return "study"
        if self.act is None or not self.act.decision:
            return "act"
        return "complete"

    @property
    def decision(self) -> str:
        """ "adopt", "adapt", "abandon", or "" before the Act stage."""
        return self.act.decision if self.act is not None else ""

    def ask(self, *questions: str) -> None:
        """Add questions the test will answer."""
        self.questions += v.text_list(list(questions), "questions")

    def predict(self, *predictions: str) -> None:
        """Add predictions (before the Do stage)."""
        self.predictions += v.text_list(list(predictions), "predictions")

    def record_plan(
        self,
        *,
        who: str = "",
        what: str = "",
        where: str = "",
        when: str = "",
        data: str = "",
    ) -> None:
        """Record the plan: who, what, where, when and what data."""
        self.plan = PDSAPlan(who=who, what=what, where=where, when=when, data=data)

    def record_do(
        self, what_happened: str, *, surprises: str = "", end: Any = None
    ) -> None:
        """Record what happened. Predictions must exist first.

        Raises
        ------
        InputError
            When no predictions have been written, or ``end`` is before ``start``.
        """
        if not self.predictions:
            raise _no_predictions(self)
        do = PDSADo(what_happened=what_happened, surprises=surprises)
        end_date = v.date(end, "end")
        if end_date is not None and self.start is not None and end_date < self.start:
            raise v.fail(
                "end",
                f"is before the start date {self.start.isoformat()}",
                end_date.isoformat(),
                "Check the dates: a cycle ends on or after the day it starts.",
            )
        self.do = do
        if end_date is not None:
            self.end = end_date

    def record_study(
        self, results: str, *, comparison: str = "", learning: str = ""
    ) -> None:
        """Record the results and how they compare with the predictions.

        Raises
        ------
        InputError
            When the Do stage has not been recorded.
        """
        if self.do is None:
            raise v.fail(
                "results",
                "the Do stage has not been recorded yet",
                results,
                "Record what happened with record_do() first.",
            )
        self.study = PDSAStudy(
            results=results, comparison=comparison, learning=learning
        )

    def record_act(self, decision: str, *, next_cycle: str = "") -> None:
        """Record the decision (adopt, adapt or abandon) and the next step.

        Raises
        ------
        InputError
            When the Study stage has not been recorded, or ``decision`` is unknown.
        """
        if self.study is None:
            raise v.fail(
                "decision",
                "the Study stage has not been recorded yet",
                decision,
                "Record the results with record_study() first.",
            )
        act = PDSAAct(decision=decision, next_cycle=next_cycle)
        if not act.decision:
            raise v.fail(
                "decision",
                "is empty",
                decision,
                "Use one of: 'adopt', 'adapt', 'abandon'.",
            )
        self.act = act

    # ------------------------------------------------------------------ checks

    def validate(self) -> list[Finding]:
        """What is still to be written, one sentence each (empty when complete)."""
        try:
            PDSACycle.from_dict(self.to_dict())
        except InputError as err:
            return c.unusable(err, "pdsa.invalid", self.id)
        out: list[Finding] = []

        def add(message: str, code: str) -> None:
            out.append(Finding(message, code, self.id))

        if not self.objective:
            add(
                "Write the objective: what will this cycle test?",
                "pdsa.objective_missing",
            )
        if not self.change_idea:
            add(
                "Link the cycle to the change idea it tests.",
                "pdsa.change_idea_missing",
            )
        if not self.questions:
            add("Write the question this test will answer.", "pdsa.questions_missing")
        if not self.predictions:
            add(
                "Write your predictions: what do you expect to happen?",
                "pdsa.predictions_missing",
            )
        if self.plan is None or self.plan.is_blank:
            add(
                "Plan: say who, what, where and when, and what data you will collect.",
                "pdsa.plan_missing",
            )
        else:
            out.extend(self.plan.validate())
        for stage in ("do", "study", "act"):
            record = getattr(self, stage)
            if record is not None:
                out.extend(record.validate())
        if not self.scale:
            add(
                "Say the scale of the test, e.g. ‘one resident’ or ‘one unit’.",
                "pdsa.scale_missing",
            )
        if not self.start:
            add("Add the start date.", "pdsa.start_missing")
        return out

    # ------------------------------------------------------------------ tables

    def to_frame(self) -> pd.DataFrame:
        """One row: the cycle as in :func:`pdsa_log`."""
        return pdsa_log([self])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (dates as ISO text, stages as dicts or ``None``)."""
        return {
            "objective": self.objective,
            "change_idea": self.change_idea,
            "questions": list(self.questions),
            "predictions": list(self.predictions),
            "plan": None if self.plan is None else self.plan.to_dict(),
            "do": None if self.do is None else self.do.to_dict(),
            "study": None if self.study is None else self.study.to_dict(),
            "act": None if self.act is None else self.act.to_dict(),
            "start": c.iso(self.start),
            "end": c.iso(self.end),
            "scale": self.scale,
            "belief": self.belief,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> PDSACycle:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input.

        ``argument`` is where ``d`` sits in a bigger object
        (``"project.pdsa_cycles[2]"``), so that messages name the path.
        """
        return c.from_fields(cls, d, argument, _CYCLE_FIELDS)


# ---------------------------------------------------------------------------- ramp

_RAMP_FIELDS = ("change_idea", "cycles", "title", "id")


@dataclass
class Ramp:
    """The ordered chain of PDSA cycles that test one change idea.

    Parameters
    ----------
    change_idea : str
        Id of the change idea; taken from the first cycle when not given.
    cycles : list of PDSACycle or dict
        In the order they were run.
    title : str
        What the ramp is about: "Pictorial menus".
    id : str
        Stable id; made from the change idea when not given.

    Examples
    --------
    >>> from qikit.improve.examples import example_ramp
    >>> ramp = example_ramp()
    >>> [c.scale for c in ramp.cycles]
    ['one resident', 'three residents', 'one unit', 'all units']
    >>> ramp.validate()
    []
    """

    change_idea: str = ""
    cycles: list[PDSACycle] = field(default_factory=list)
    title: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        self.cycles = v.list_of(
            self.cycles, "cycles", PDSACycle, convert=PDSACycle.from_dict
        )
        self.change_idea = c.identifier(self.change_idea, "change_idea")
        if not self.change_idea and self.cycles:
            self.change_idea = self.cycles[0].change_idea
        self.title = v.text(self.title, "title", limit=300)
        self.id = c.identifier(self.id, "id") or (
            f"ramp-{self.change_idea}" if self.change_idea else "ramp"
        )

    def add(self, cycle: PDSACycle) -> None:
        """Append a cycle; one without a change idea takes the ramp's."""
        if not isinstance(cycle, PDSACycle):
            raise v.fail("cycle", "is not a PDSACycle", cycle, "Use PDSACycle(...).")
        if not cycle.change_idea:
            cycle.change_idea = self.change_idea
        if not self.change_idea:
            self.change_idea = cycle.change_idea
        self.cycles.append(cycle)

    def validate(self) -> list[Finding]:
        """Problems with the chain, one sentence each (empty when sound).

        Codes: ``ramp.empty``, ``ramp.duplicate_id``, ``ramp.other_change_idea``,
        ``ramp.no_start``, ``ramp.out_of_order``, ``ramp.overlap``,
        ``ramp.unfinished``, ``ramp.after_abandon``, ``ramp.scale_shrinks``,
        ``ramp.large_test_low_belief``.
        """
        try:
            Ramp.from_dict(self.to_dict())
        except InputError as err:
            return c.unusable(err, "ramp.invalid", self.id)
        out: list[Finding] = []

        def add(message: str, code: str, subject: str = "") -> None:
            out.append(Finding(message, code, subject))

        if not self.cycles:
            add("The ramp has no cycles yet: plan the first small test.", "ramp.empty")
            return out
        seen: set[str] = set()
        for k, cyc in enumerate(self.cycles, start=1):
            if cyc.id in seen:
                add(
                    f"Cycle {k} has the same id as an earlier cycle.",
                    "ramp.duplicate_id",
                    cyc.id,
                )
            seen.add(cyc.id)
            if (
                cyc.change_idea
                and self.change_idea
                and cyc.change_idea != self.change_idea
            ):
                add(
                    f"Cycle {k} tests ‘{cyc.change_idea}’, not this ramp's change idea "
                    f"‘{self.change_idea}’: move it to its own ramp.",
                    "ramp.other_change_idea",
                    cyc.id,
                )
            if cyc.start is None:
                add(
                    f"Cycle {k} has no start date, so the order of the ramp cannot be "
                    "checked.",
                    "ramp.no_start",
                    cyc.id,
                )
        for k in range(1, len(self.cycles)):
            prev, cyc = self.cycles[k - 1], self.cycles[k]
            n_prev, n_this = k, k + 1
            if prev.start and cyc.start:
                if cyc.start < prev.start:
                    add(
                        f"Cycle {n_this} starts before cycle {n_prev}: list the cycles "
                        "in the order they were run.",
                        "ramp.out_of_order",
                        cyc.id,
                    )
                elif prev.end and cyc.start < prev.end:
                    add(
                        f"Cycle {n_this} started before cycle {n_prev} ended: each "
                        "test should build on what the one before it taught.",
                        "ramp.overlap",
                        cyc.id,
                    )
            if prev.stage != "complete":
                add(
                    f"Cycle {n_prev} has no Act decision, yet cycle {n_this} follows: "
                    "record what you decided and why.",
                    "ramp.unfinished",
                    prev.id,
                )
            elif prev.decision == "abandon":
                add(
                    f"Cycle {n_prev} abandoned the change, yet the ramp goes on: "
                    f"record "
                    "‘adapt’ if you changed the idea, or start a new ramp for a new "
                    "idea.",
                    "ramp.after_abandon",
                    cyc.id,
                )
            r_prev, r_this = scale_rank(prev.scale), scale_rank(cyc.scale)
            if r_prev is not None and r_this is not None and r_this < r_prev:
                add(
                    f"Cycle {n_this} (‘{cyc.scale}’) is smaller than cycle {n_prev} "
                    f"(‘{prev.scale}’): a ramp usually grows, so note why you stepped "
                    "back.",
                    "ramp.scale_shrinks",
                    cyc.id,
                )
        for k, cyc in enumerate(self.cycles, start=1):
            rank = scale_rank(cyc.scale)
            if cyc.belief == "low" and rank is not None and rank >= 4:
                add(
                    f"Cycle {k} tests at a large scale (‘{cyc.scale}’) while belief in "
                    "the change is low: test on a small scale first, where failure "
                    "costs little.",
                    "ramp.large_test_low_belief",
                    cyc.id,
                )
        return out

    def to_frame(self) -> pd.DataFrame:
        """The ramp's cycles as a :func:`pdsa_log` table."""
        return pdsa_log(self.cycles)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict with the cycles' dicts."""
        return {
            "change_idea": self.change_idea,
            "cycles": [cyc.to_dict() for cyc in self.cycles],
            "title": self.title,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> Ramp:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input.

        ``argument`` is where ``d`` sits in a bigger object, for messages.
        """
        return c.from_fields(cls, d, argument, _RAMP_FIELDS)


# ---------------------------------------------------------------------------- tables

_LOG_COLUMNS = [
    "cycle",
    "id",
    "change_idea",
    "objective",
    "scale",
    "belief",
    "start",
    "end",
    "stage",
    "questions",
    "predictions",
    "plan_who",
    "plan_what",
    "plan_where",
    "plan_when",
    "plan_data",
    "what_happened",
    "surprises",
    "results",
    "comparison",
    "learning",
    "decision",
    "next_cycle",
]


def _cycles(cycles: Any) -> list[PDSACycle]:
    if isinstance(cycles, PDSACycle):
        return [cycles]
    if isinstance(cycles, Ramp):
        return list(cycles.cycles)
    if isinstance(cycles, str | bytes | Mapping) or not isinstance(cycles, Iterable):
        raise v.fail(
            "cycles",
            "must be a list of PDSA cycles or a Ramp",
            cycles,
            "Pass a Ramp, or a list such as [cycle1, cycle2].",
        )
    out: list[PDSACycle] = []
    for i, item in enumerate(cycles):
        if isinstance(item, Ramp):
            out.extend(item.cycles)
        elif isinstance(item, PDSACycle):
            out.append(item)
        else:
            raise v.fail(
                v.path("cycles", i), "is not a PDSA cycle", item, "Use PDSACycle(...)."
            )
    return out


def pdsa_log(cycles: Any) -> pd.DataFrame:
    """The PDSA log: one row per cycle, in the order given.

    Parameters
    ----------
    cycles : list of PDSACycle, Ramp, or list of Ramp

    Returns
    -------
    DataFrame
        Columns ``cycle`` (1, 2, ... in the order given), ``id``, ``change_idea``,
        ``objective``, ``scale``, ``belief``, ``start``, ``end`` (datetime64, NaT
        when unknown), ``stage``, ``questions``, ``predictions`` (joined by
        ``"; "``), ``plan_who``, ``plan_what``, ``plan_where``, ``plan_when``,
        ``plan_data``, ``what_happened``, ``surprises``, ``results``,
        ``comparison``, ``learning``, ``decision`` and ``next_cycle``.

    Examples
    --------
    >>> from qikit.improve.examples import example_ramp
    >>> pdsa_log(example_ramp())[["cycle", "scale", "decision"]]
       cycle            scale decision
    0      1     one resident    adapt
    1      2  three residents    adapt
    2      3         one unit    adopt
    3      4        all units    adopt
    """
    rows = []
    for k, cyc in enumerate(_cycles(cycles), start=1):
        plan = cyc.plan or PDSAPlan()
        do = cyc.do or PDSADo()
        study = cyc.study or PDSAStudy()
        act = cyc.act or PDSAAct()
        rows.append(
            {
                "cycle": k,
                "id": cyc.id,
                "change_idea": cyc.change_idea,
                "objective": cyc.objective,
                "scale": cyc.scale,
                "belief": cyc.belief,
                "start": pd.Timestamp(cyc.start) if cyc.start else pd.NaT,
                "end": pd.Timestamp(cyc.end) if cyc.end else pd.NaT,
                "stage": cyc.stage,
                "questions": "; ".join(cyc.questions),
                "predictions": "; ".join(cyc.predictions),
                "plan_who": plan.who,
                "plan_what": plan.what,
                "plan_where": plan.where,
                "plan_when": plan.when,
                "plan_data": plan.data,
                "what_happened": do.what_happened,
                "surprises": do.surprises,
                "results": study.results,
                "comparison": study.comparison,
                "learning": study.learning,
                "decision": act.decision,
                "next_cycle": act.next_cycle,
            }
        )
    frame = pd.DataFrame(rows, columns=_LOG_COLUMNS)
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


_LABEL_FIELDS = (
    "cycle",
    "id",
    "change_idea",
    "objective",
    "scale",
    "decision",
    "belief",
)


def pdsa_annotations(
    cycles: Any,
    *,
    label: str = "PDSA {cycle}",
    when: str = "start",
    group: str | None = None,
    x: Any = None,
    numbers: Iterable[int] | None = None,
) -> list[tuple[pd.Timestamp, str]]:
    """Dates and labels of PDSA cycles, for ``QicResult.plot(annotations=...)``.

    Parameters
    ----------
    cycles : list of PDSACycle, Ramp, or list of Ramp
    label : str
        A format string with any of ``{cycle}`` (1, 2, ...), ``{id}``,
        ``{change_idea}``, ``{objective}``, ``{scale}``, ``{decision}``,
        ``{belief}``.
    when : {"start", "end"}
        Which date marks the cycle on the chart.
    group : {None, "period"}
        ``"period"`` gives one flag per period of the chart in which cycles
        started (from one point of ``x`` up to the next): the flag sits at the
        earliest of their dates and ``{cycle}`` lists their numbers, such as
        "PDSA 3–5" or "PDSA 3, 5". Only ``{cycle}`` can be used in ``label`` then.
    x : dates, optional
        The chart's x values; needed with ``group="period"``. Cycles dated before
        the first point or after the last are left out, with a warning.
    numbers : list of int, optional
        The numbers to show for ``{cycle}``, such as the cycles' places in a
        project's PDSA log when only some of its cycles are given. By default
        1, 2, ... in the order given.

    Returns
    -------
    list of (Timestamp, str)
        One pair per cycle (or per period) that has the date; cycles without it
        are left out with a :class:`~qikit.errors.QikitWarning` naming them.

    Raises
    ------
    InputError
        For an unknown field in ``label``, an unknown ``when`` or ``group``, or
        ``x`` or ``numbers`` that do not fit.

    Examples
    --------
    >>> from qikit.improve.examples import example_ramp
    >>> for x, label in pdsa_annotations(example_ramp(), label="PDSA {cycle}: {scale}"):
    ...     print(x.date(), label)
    2024-03-04 PDSA 1: one resident
    2024-03-18 PDSA 2: three residents
    2024-04-08 PDSA 3: one unit
    2024-05-13 PDSA 4: all units

    Monthly points: the first two cycles started in March, so they share a flag.

    >>> months = pd.date_range("2024-01-01", periods=6, freq="MS")
    >>> pdsa_annotations(example_ramp(), group="period", x=months)[0]
    (Timestamp('2024-03-04 00:00:00'), 'PDSA 1, 2')
    """
    label = v.text(label, "label", required=True, limit=200)
    when = v.choice(when, "when", ("start", "end"))
    if group is not None:
        group = v.choice(group, "group", ("period",))
    names = _label_fields(label)
    items = _cycles(cycles)
    shown = _numbers(numbers, len(items))
    if group == "period":
        if set(names) - {"cycle"}:
            raise v.fail(
                "label",
                "can use only {cycle} when cycles are grouped by period",
                label,
                "Use a label such as 'PDSA {cycle}'.",
            )
        if x is None:
            raise v.fail(
                "x",
                "is needed with group='period'",
                x,
                "Pass the chart's x values, such as measure.data['x'].",
            )
        return _by_period(items, shown, label, when, _period_points(x))
    out: list[tuple[pd.Timestamp, str]] = []
    skipped: list[str] = []
    for number, cyc in zip(shown, items, strict=True):
        date = getattr(cyc, when)
        if date is None:
            skipped.append(str(number))
            continue
        fields = {
            "cycle": number,
            "id": cyc.id,
            "change_idea": cyc.change_idea,
            "objective": cyc.objective,
            "scale": cyc.scale,
            "decision": cyc.decision,
            "belief": cyc.belief,
        }
        out.append((pd.Timestamp(date), _format_label(label, fields)))
    _warn_undated(skipped, when, stacklevel=3)
    return out


def _label_fields(label: str) -> list[str]:
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(label) if f is not None]
    except ValueError:
        raise v.fail(
            "label",
            "is not a valid label pattern",
            label,
            "Use fields in braces, e.g. 'PDSA {cycle}: {scale}'.",
        ) from None
    for name in names:
        if name not in _LABEL_FIELDS:
            raise v.fail(
                "label",
                f"has an unknown field {{{name}}}",
                label,
                "Use any of: " + ", ".join("{" + f + "}" for f in _LABEL_FIELDS) + ".",
            )
    return names


def _format_label(label: str, fields: Mapping[str, Any]) -> str:
    try:
        return label.format(**fields)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError):
        raise v.fail(
            "label",
            "is not a valid label pattern",
            label,
            "Use fields in braces, e.g. 'PDSA {cycle}: {scale}'.",
        ) from None


def _numbers(numbers: Iterable[int] | None, count: int) -> list[int]:
    if numbers is None:
        return list(range(1, count + 1))
    if isinstance(numbers, str | bytes | Mapping) or not isinstance(numbers, Iterable):
        raise v.fail(
            "numbers",
            "must be a list of whole numbers",
            numbers,
            "Give one number per cycle, such as [1, 3, 4].",
        )
    out = [v.whole_number(n, v.path("numbers", i)) for i, n in enumerate(numbers)]
    if len(out) != count:
        raise v.fail(
            "numbers",
            f"has {plural(len(out), 'number')} for {plural(count, 'cycle')}",
            out,
            "Give one number per cycle.",
        )
    return out


def _period_points(x: Any) -> np.ndarray:
    """The chart's x values as sorted unique datetime64 values."""
    values = pd.Series(x) if not isinstance(x, pd.Series) else x
    if not pd.api.types.is_datetime64_any_dtype(values):
        dates = (
            parse_date_series(values.astype(object), "x")
            if values.dtype == object or pd.api.types.is_string_dtype(values)
            else None
        )
        if dates is None:
            raise v.fail(
                "x",
                "must be the chart's dates",
                list(values.iloc[:3]),
                "Pass the x values of a chart whose x is dates, such as "
                "measure.data['x'].",
            )
        values = dates
    return np.sort(values.dropna().unique())


def _by_period(
    items: list[PDSACycle],
    shown: list[int],
    label: str,
    when: str,
    points: np.ndarray,
) -> list[tuple[pd.Timestamp, str]]:
    """One flag per period of the chart in which cycles started."""
    groups: dict[int, list[tuple[pd.Timestamp, int]]] = {}
    skipped: list[str] = []
    outside: list[str] = []
    for number, cyc in zip(shown, items, strict=True):
        date = getattr(cyc, when)
        if date is None:
            skipped.append(str(number))
            continue
        stamp = pd.Timestamp(date)
        if not len(points) or not points[0] <= stamp.to_datetime64() <= points[-1]:
            outside.append(str(number))
            continue
        period = int(np.searchsorted(points, stamp.to_datetime64(), side="right"))
        groups.setdefault(period, []).append((stamp, number))
    _warn_undated(skipped, when, stacklevel=4)
    if outside and len(points):
        first, last = (human_date(pd.Timestamp(p)) for p in (points[0], points[-1]))
        warnings.warn(
            f"PDSA cycle(s) {', '.join(outside)} have a {when} date outside the "
            f"chart's dates ({first} to {last}) and are not marked on it.",
            QikitWarning,
            stacklevel=3,
        )
    out = []
    for period in sorted(groups):
        members = groups[period]
        numbers = number_ranges(number for _, number in members)
        out.append((min(stamp for stamp, _ in members), label.format(cycle=numbers)))
    return out


def _warn_undated(skipped: list[str], when: str, *, stacklevel: int) -> None:
    if skipped:
        warnings.warn(
            f"PDSA cycle(s) {', '.join(skipped)} have no {when} date and are not "
            "marked on the chart. Add the dates to show them.",
            QikitWarning,
            stacklevel=stacklevel,
        )
