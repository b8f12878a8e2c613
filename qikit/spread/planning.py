"""Spread and scale-up plans: the IHI Framework for Spread and Going to Full Scale.

* :class:`SpreadPlan`: the seven components of the IHI Framework for Spread
  (Massoud MR, Nielsen GA, Nolan K, Nolan T, Schall MW, Sevin C. *A Framework for
  Spread: From Local Improvements to System-Wide Change*. IHI Innovation Series
  white paper. Cambridge, MA: Institute for Healthcare Improvement; 2006):
  leadership, set-up, better ideas, communication, the social system, knowledge
  management, and measurement and feedback. Each has prompts (questions, in our
  words); :meth:`SpreadPlan.validate` lists the unanswered ones as findings with
  codes, :meth:`SpreadPlan.completeness` counts them.
* :class:`ScaleUpPlan`: the four phases of going to full scale (Barker PM, Reid A,
  Schall MW. A framework for scaling up health interventions: lessons from
  large-scale improvement initiatives in Africa. *Implementation Science*
  2016;11:12; IHI white paper *A Framework for Going to Full Scale*, 2016): set-up,
  developing the scalable unit, the test of scale-up, and going to full scale,
  with the scalable unit, the adoption mechanisms and the support systems.

Both are dataclasses with ``validate()``, ``to_frame()``, ``to_dict()`` and
``from_dict()``, as the objects of :mod:`qikit.improve`. Curriculum: module 10.

Examples
--------
>>> from qikit.spread import SpreadPlan
>>> plan = SpreadPlan("Hospital at Home in every partnership")
>>> plan.answer("leadership.sponsor", "The chief officer of each partnership")
>>> plan.completeness()[["component", "prompts", "answered"]].head(2)
  component  prompts  answered
0  leadership        4         1
1      setup        3         0
>>> plan.validate()[0].code
'spread.leadership.strategy.missing'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd

from qikit import _validate as v
from qikit._format import plural, slug
from qikit.improve._common import Finding, from_fields, iso
from qikit.spread import _common as cm

__all__ = [
    "SCALE_PHASES",
    "SCALE_STATUSES",
    "SPREAD_COMPONENTS",
    "SUPPORT_SYSTEMS",
    "ADOPTION_MECHANISMS",
    "Component",
    "ScalePhase",
    "ScaleUpPlan",
    "SpreadPlan",
]


class Component(NamedTuple):
    """One component of the IHI Framework for Spread, with its prompts."""

    key: str
    title: str
    summary: str
    prompts: tuple[tuple[str, str], ...]


#: The IHI Framework for Spread (Massoud et al. 2006), component by component.
#: Titles and summaries follow the white paper; the prompts are ours.
SPREAD_COMPONENTS: tuple[Component, ...] = (
    Component(
        "leadership",
        "Leadership",
        "Spread is a key strategic initiative, with an executive sponsor and a "
        "day-to-day manager.",
        (
            (
                "strategy",
                "How does spreading this change serve the organisation's "
                "strategic priorities?",
            ),
            (
                "sponsor",
                "Who is the executive sponsor, and how will they show that "
                "the spread matters?",
            ),
            ("manager", "Who manages the spread day to day?"),
            ("resources", "What time, people and money are committed to it?"),
        ),
    ),
    Component(
        "setup",
        "Set-up for spread",
        "The target population, the first adopters and the plan are known.",
        (
            (
                "target",
                "Who is the target population: which units, sites or "
                "partnerships, and how many?",
            ),
            ("first_adopters", "Which units will adopt first, and why them?"),
            (
                "plan",
                "What is the plan: phases, timescale, and how each unit will "
                "be reached?",
            ),
        ),
    ),
    Component(
        "better_ideas",
        "Better ideas",
        "The change is described, its evidence is clear, and the case for adopting "
        "it is made in the adopters' terms.",
        (
            (
                "description",
                "What exactly is the change (the change package), "
                "described so that another unit can use it?",
            ),
            (
                "evidence",
                "What do the units that tested it show: is it an improvement?",
            ),
            ("case", "What is the case for adopting it, in the adopters' own terms?"),
            (
                "adaptation",
                "What must stay the same everywhere, and what may each unit adapt?",
            ),
        ),
    ),
    Component(
        "communication",
        "Communication",
        "People hear about the change, and adopters get the detail to do it.",
        (
            ("awareness", "How will people hear about the change?"),
            (
                "technical",
                "How will adopters get the detail they need: guides, "
                "visits, training, a contact?",
            ),
        ),
    ),
    Component(
        "social_system",
        "Social system",
        "The change travels through the people and relationships adopters trust.",
        (
            (
                "messengers",
                "Who are the messengers and opinion leaders the adopters trust?",
            ),
            (
                "networks",
                "Which networks and relationships will carry the change between units?",
            ),
        ),
    ),
    Component(
        "knowledge_management",
        "Knowledge management",
        "What adopters learn is gathered, shared and used to refine the change.",
        (
            ("capture", "How will the learning of each adopting unit be gathered?"),
            ("share", "How will it be shared back, and the change package refined?"),
        ),
    ),
    Component(
        "measurement_feedback",
        "Measurement and feedback",
        "Spread and its results are measured and fed back to leaders and units.",
        (
            (
                "adoption_measure",
                "How will you count the units that have adopted "
                "the change (the measure of spread)?",
            ),
            (
                "outcome_measure",
                "Which measures show that the improvement holds as it spreads?",
            ),
            (
                "feedback",
                "How, and how often, will the data go back to leaders and units?",
            ),
        ),
    ),
)
_PROMPTS: dict[str, tuple[Component, str]] = {
    f"{c.key}.{k}": (c, q) for c in SPREAD_COMPONENTS for k, q in c.prompts
}
_PLAN_FIELDS = ("change", "answers", "owner", "id")


@dataclass
class SpreadPlan:
    """A spread plan following the IHI Framework for Spread (Massoud et al. 2006).

    Parameters
    ----------
    change : str
        What is being spread ("Hospital at Home", "the safety huddle").
    answers : dict, optional
        ``{"component.prompt": "answer"}``, e.g. ``{"leadership.sponsor": "…"}``;
        the keys are those of :meth:`prompts`.
    owner : str, optional
        Who keeps the plan.
    id : str, optional
        Stable id; made from ``change`` when left out.

    Raises
    ------
    InputError
        For an empty ``change``, an unknown prompt (with did-you-mean) or an answer
        that is not text.
    """

    change: str
    answers: dict[str, str] = field(default_factory=dict)
    owner: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        self.change = v.text(self.change, "change", required=True, limit=300)
        self.owner = v.text(self.owner, "owner", limit=200)
        if not isinstance(self.answers, Mapping):
            raise v.fail(
                "answers",
                "must be a dictionary of answers",
                self.answers,
                "Give {'leadership.sponsor': 'Director of nursing', …}.",
            )
        answers = {}
        for key, text in self.answers.items():
            key = _prompt_key(key)
            answers[key] = v.text(text, v.path("answers", key))
        self.answers = answers
        self.id = v.text(self.id, "id", limit=80) or slug(self.change)

    @staticmethod
    def prompts() -> pd.DataFrame:
        """Every prompt: ``component, title, key, question`` (one row each)."""
        return pd.DataFrame(
            [
                {
                    "component": c.key,
                    "title": c.title,
                    "key": f"{c.key}.{k}",
                    "question": q,
                }
                for c in SPREAD_COMPONENTS
                for k, q in c.prompts
            ]
        )

    def answer(self, key: str, text: str) -> None:
        """Write (or replace) the answer to one prompt."""
        key = _prompt_key(key)
        self.answers[key] = v.text(text, v.path("answers", key))

    def validate(self) -> list[Finding]:
        """The prompts still unanswered, one finding each (empty when complete).

        Codes: ``spread.<component>.<prompt>.missing`` (subject: the prompt's
        key), in the order of the framework.
        """
        out = []
        for key, (component, question) in _PROMPTS.items():
            if not self.answers.get(key):
                out.append(
                    Finding(
                        f"{component.title}: {question}", f"spread.{key}.missing", key
                    )
                )
        return out

    def completeness(self) -> pd.DataFrame:
        """How complete each component is.

        Returns
        -------
        pandas.DataFrame
            One row per component: ``component, title, prompts, answered,
            share`` (0 to 1), ``complete``.
        """
        rows = []
        for c in SPREAD_COMPONENTS:
            done = sum(bool(self.answers.get(f"{c.key}.{k}")) for k, _ in c.prompts)
            rows.append(
                {
                    "component": c.key,
                    "title": c.title,
                    "prompts": len(c.prompts),
                    "answered": done,
                    "share": done / len(c.prompts),
                    "complete": done == len(c.prompts),
                }
            )
        return pd.DataFrame(rows)

    def explain(self) -> str:
        """How complete the plan is, and the components still to work on."""
        table = self.completeness()
        done = int(table["answered"].sum())
        total = int(table["prompts"].sum())
        lines = [f"Spread plan for {self.change}: {done} of {total} prompts answered."]
        missing = table[~table["complete"]]
        if len(missing):
            lines.append(
                "Still to plan: "
                + cm.listing(
                    f"{t} ({a} of {p})"
                    for t, a, p in zip(
                        missing["title"],
                        missing["answered"],
                        missing["prompts"],
                        strict=True,
                    )
                )
                + "."
            )
        else:
            lines.append("Every component of the framework has an answer.")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per prompt: the prompt, its answer, and whether it has one.

        Columns ``component, title, key, question, answer, answered``.
        """
        out = self.prompts()
        out["answer"] = [self.answers.get(k, "") for k in out["key"]]
        out["answered"] = out["answer"] != ""
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {
            "change": self.change,
            "answers": dict(self.answers),
            "owner": self.owner,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> SpreadPlan:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input."""
        return from_fields(cls, d, argument, _PLAN_FIELDS, ("change",))


def _prompt_key(key: Any) -> str:
    if isinstance(key, str) and key.strip() in _PROMPTS:
        return key.strip()
    near = v.closest(key, list(_PROMPTS))
    raise v.fail(
        v.path("answers", str(key)),
        "is not a prompt of the IHI Framework for Spread",
        key,
        (f"Did you mean {near!r}? " if near else "")
        + "See SpreadPlan.prompts() for the keys, such as 'leadership.sponsor'.",
    )


# ------------------------------------------------------------------- scale-up

#: The phases of going to full scale (Barker, Reid and Schall 2016), in order:
#: key, title, what the phase does (in our words).
SCALE_PHASES: tuple[tuple[str, str, str], ...] = (
    (
        "set_up",
        "Set-up",
        "Prepare the ground: the target population, the case for the change, the "
        "infrastructure and the measurement system.",
    ),
    (
        "scalable_unit",
        "Develop the scalable unit",
        "Test and refine the change in the smallest unit that holds the whole system "
        "it will be scaled in (a ward with its community team, a partnership).",
    ),
    (
        "test_of_scale_up",
        "Test of scale-up",
        "Spread to a few more scalable units, and learn which support systems and "
        "adoption mechanisms full scale needs.",
    ),
    (
        "full_scale",
        "Go to full scale",
        "Spread rapidly to every unit of the target population, with the support "
        "systems in place.",
    ),
)
_PHASE_KEYS = tuple(p[0] for p in SCALE_PHASES)
#: Where a phase stands.
SCALE_STATUSES = ("not_started", "in_progress", "done")
#: Adoption mechanisms (Barker et al. 2016): how the change is taken up.
ADOPTION_MECHANISMS: dict[str, str] = {
    "leadership": "Who leads the scale-up, at each level of the system?",
    "communication": "How is the case for the change, and its progress, told?",
    "urgency": "How are a sense of urgency and persistence kept up?",
    "accountability": "Who is expected to account for the results, and to whom?",
}
#: Support systems (Barker et al. 2016): what lets every unit keep the change.
SUPPORT_SYSTEMS: dict[str, str] = {
    "human_capacity": "Who will do the work, and how are they trained and coached?",
    "infrastructure": "What equipment, supplies and premises are needed?",
    "data_systems": "How are the measures collected, charted and fed back?",
    "improvement_capability": "Who supports the units' testing (improvement "
    "advisers, coaches)?",
    "learning_system": "How do units learn from each other as the scale grows?",
    "policy": "Which policies, guidelines or funding must change?",
}
_PHASE_FIELDS = ("phase", "status", "start", "end", "units", "notes")
_SCALE_FIELDS = (
    "change",
    "scalable_unit",
    "full_scale",
    "phases",
    "adoption_mechanisms",
    "support_systems",
    "id",
)


@dataclass
class ScalePhase:
    """One phase of a scale-up.

    Parameters
    ----------
    phase : {"set_up", "scalable_unit", "test_of_scale_up", "full_scale"}
        Which phase.
    status : {"not_started", "in_progress", "done"}
        Where it stands.
    start, end : date or str, optional
        When it started and ended.
    units : int, optional
        How many scalable units it has reached.
    notes : str, optional
        What was learnt.
    """

    phase: str
    status: str = "not_started"
    start: Any = None
    end: Any = None
    units: int | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        self.phase = v.choice(
            self.phase,
            "phase",
            _PHASE_KEYS,
            aliases={
                "setup": "set_up",
                "test": "test_of_scale_up",
                "unit": "scalable_unit",
                "go_to_full_scale": "full_scale",
            },
        )
        self.status = v.choice(
            self.status,
            "status",
            SCALE_STATUSES,
            aliases={"started": "in_progress", "complete": "done", "finished": "done"},
        )
        self.start = v.date(self.start, "start")
        self.end = v.date(self.end, "end")
        if self.start and self.end and self.end < self.start:
            raise v.fail(
                "end",
                f"is before the start {self.start.isoformat()}",
                self.end.isoformat(),
                "A phase ends after it starts.",
            )
        self.units = v.whole_number(self.units, "units", required=False, minimum=0)
        self.notes = v.text(self.notes, "notes")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {
            "phase": self.phase,
            "status": self.status,
            "start": iso(self.start),
            "end": iso(self.end),
            "units": self.units,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> ScalePhase:
        """Rebuild from :meth:`to_dict` output."""
        return from_fields(cls, d, argument, _PHASE_FIELDS, ("phase",))


@dataclass
class ScaleUpPlan:
    """Going to full scale (Barker, Reid and Schall 2016).

    Parameters
    ----------
    change : str
        What is being scaled up.
    scalable_unit : str
        The smallest unit that holds the whole system the change needs ("one
        partnership: its hospital, its community team and its GPs").
    full_scale : int, optional
        How many scalable units make full scale (32 partnerships).
    phases : list of ScalePhase or dict, optional
        The four phases; those not given are added, not started.
    adoption_mechanisms, support_systems : dict, optional
        Answers to :data:`ADOPTION_MECHANISMS` and :data:`SUPPORT_SYSTEMS`.
    id : str, optional
        Stable id; made from ``change`` when left out.

    Examples
    --------
    >>> from qikit.spread import ScalePhase, ScaleUpPlan
    >>> plan = ScaleUpPlan("Hospital at Home", scalable_unit="one partnership",
    ...                    full_scale=31,
    ...                    phases=[ScalePhase("set_up", "done", units=0),
    ...                            ScalePhase("scalable_unit", "done", units=1),
    ...                            ScalePhase("test_of_scale_up", "in_progress",
    ...                                       units=4)])
    >>> plan.current_phase()
    'test_of_scale_up'
    >>> plan.to_frame()[["phase", "status", "units", "share"]].round(2)
                  phase       status  units  share
    0            set_up         done    0.0   0.00
    1     scalable_unit         done    1.0   0.03
    2  test_of_scale_up  in_progress    4.0   0.13
    3        full_scale  not_started    NaN    NaN
    """

    change: str
    scalable_unit: str = ""
    full_scale: int | None = None
    phases: list[ScalePhase] = field(default_factory=list)
    adoption_mechanisms: dict[str, str] = field(default_factory=dict)
    support_systems: dict[str, str] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        self.change = v.text(self.change, "change", required=True, limit=300)
        self.scalable_unit = v.text(self.scalable_unit, "scalable_unit", limit=500)
        self.full_scale = v.whole_number(
            self.full_scale, "full_scale", required=False, minimum=1, example=32
        )
        given = v.list_of(
            self.phases, "phases", ScalePhase, convert=ScalePhase.from_dict
        )
        seen = {}
        for i, p in enumerate(given):
            if p.phase in seen:
                raise v.fail(
                    v.path("phases", i),
                    "repeats a phase",
                    p.phase,
                    "Give each phase once.",
                )
            seen[p.phase] = p
        self.phases = [seen.get(k) or ScalePhase(k) for k in _PHASE_KEYS]
        self.adoption_mechanisms = _answers(
            self.adoption_mechanisms, "adoption_mechanisms", ADOPTION_MECHANISMS
        )
        self.support_systems = _answers(
            self.support_systems, "support_systems", SUPPORT_SYSTEMS
        )
        self.id = v.text(self.id, "id", limit=80) or slug(self.change)

    def current_phase(self) -> str:
        """The latest phase in progress, else the first not done.

        "done" when every phase is done.
        """
        doing = [p.phase for p in self.phases if p.status == "in_progress"]
        if doing:
            return doing[-1]
        todo = [p.phase for p in self.phases if p.status != "done"]
        return todo[0] if todo else "done"

    def validate(self) -> list[Finding]:
        """Problems and gaps, one finding each.

        Codes: ``scale.scalable_unit.missing``, ``scale.full_scale.missing``,
        ``scale.phase.skipped`` (a phase under way while an earlier one has not
        started), ``scale.phase.out_of_order`` (a phase started before the one
        before it), ``scale.units.exceed`` (more units than full scale),
        ``scale.units.shrink`` (fewer units than the phase before),
        ``scale.mechanism.<key>.missing``, ``scale.support.<key>.missing``.
        """
        out: list[Finding] = []
        if not self.scalable_unit:
            out.append(
                Finding(
                    "Describe the scalable unit: the smallest unit that "
                    "holds the whole system the change needs.",
                    "scale.scalable_unit.missing",
                    "scalable_unit",
                )
            )
        if self.full_scale is None:
            out.append(
                Finding(
                    "Say how many scalable units make full scale.",
                    "scale.full_scale.missing",
                    "full_scale",
                )
            )
        titles = {k: t for k, t, _ in SCALE_PHASES}
        for a, b in zip(self.phases, self.phases[1:], strict=False):
            if b.status != "not_started" and a.status == "not_started":
                out.append(
                    Finding(
                        f"{titles[b.phase]} is under way, but "
                        f"{titles[a.phase]} has not started.",
                        "scale.phase.skipped",
                        b.phase,
                    )
                )
            if a.start and b.start and b.start < a.start:
                out.append(
                    Finding(
                        f"{titles[b.phase]} started before {titles[a.phase]}.",
                        "scale.phase.out_of_order",
                        b.phase,
                    )
                )
            if a.units is not None and b.units is not None and b.units < a.units:
                out.append(
                    Finding(
                        f"{titles[b.phase]} reaches fewer units "
                        f"({b.units}) than {titles[a.phase]} ({a.units}).",
                        "scale.units.shrink",
                        b.phase,
                    )
                )
        for p in self.phases:
            if self.full_scale and p.units is not None and p.units > self.full_scale:
                out.append(
                    Finding(
                        f"{titles[p.phase]} reaches {p.units} units, more "
                        f"than full scale ({self.full_scale}).",
                        "scale.units.exceed",
                        p.phase,
                    )
                )
        for key, q in ADOPTION_MECHANISMS.items():
            if not self.adoption_mechanisms.get(key):
                out.append(
                    Finding(
                        f"Adoption mechanism: {q}",
                        f"scale.mechanism.{key}.missing",
                        key,
                    )
                )
        for key, q in SUPPORT_SYSTEMS.items():
            if not self.support_systems.get(key):
                out.append(
                    Finding(f"Support system: {q}", f"scale.support.{key}.missing", key)
                )
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per phase, with what it is for and how far it reached.

        Columns ``phase, title, purpose, status, start, end, units, share`` (units
        over full scale), ``notes``.
        """
        rows = []
        for p, (_, title, purpose) in zip(self.phases, SCALE_PHASES, strict=True):
            share = (
                p.units / self.full_scale
                if p.units is not None and self.full_scale
                else float("nan")
            )
            rows.append(
                {
                    "phase": p.phase,
                    "title": title,
                    "purpose": purpose,
                    "status": p.status,
                    "start": pd.Timestamp(p.start) if p.start else pd.NaT,
                    "end": pd.Timestamp(p.end) if p.end else pd.NaT,
                    "units": float("nan") if p.units is None else p.units,
                    "share": share,
                    "notes": p.notes,
                }
            )
        return pd.DataFrame(rows)

    def explain(self) -> str:
        """Where the scale-up stands, in words."""
        titles = {k: t for k, t, _ in SCALE_PHASES}
        now = self.current_phase()
        lines = [
            f"Scale-up of {self.change}: "
            + (
                "every phase is done."
                if now == "done"
                else f"now in {titles[now].lower()}."
            )
        ]
        reached = [p.units for p in self.phases if p.units is not None]
        if reached and self.full_scale:
            lines.append(f"{max(reached)} of {self.full_scale} scalable units reached.")
        gaps = [f for f in self.validate() if f.code.endswith(".missing")]
        if gaps:
            lines.append(f"{plural(len(gaps), 'part')} of the plan still to write.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {
            "change": self.change,
            "scalable_unit": self.scalable_unit,
            "full_scale": self.full_scale,
            "phases": [p.to_dict() for p in self.phases],
            "adoption_mechanisms": dict(self.adoption_mechanisms),
            "support_systems": dict(self.support_systems),
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> ScaleUpPlan:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input."""
        return from_fields(cls, d, argument, _SCALE_FIELDS, ("change",))


def _answers(value: Any, argument: str, keys: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise v.fail(
            argument,
            "must be a dictionary of answers",
            value,
            f"Give {{'{next(iter(keys))}': '…'}}.",
        )
    out = {}
    for key, text in value.items():
        if key not in keys:
            near = v.closest(key, list(keys))
            raise v.fail(
                v.path(argument, str(key)),
                "is not one of the prompts",
                key,
                (f"Did you mean {near!r}? " if near else "")
                + f"Use: {cm.listing(repr(k) for k in keys)}.",
            )
        out[key] = v.text(text, v.path(argument, key))
    return out
