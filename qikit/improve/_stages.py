"""The four stages of a PDSA cycle as records, and the scale of a test (private).

:class:`PDSAPlan`, :class:`PDSADo`, :class:`PDSAStudy` and :class:`PDSAAct` hold the
text of each stage of a :class:`~qikit.improve.PDSACycle`; :func:`scale_rank` reads
how big a test is from plain words. All are public through :mod:`qikit.improve.pdsa`
and :mod:`qikit.improve`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from qikit import _validate as v
from qikit.errors import InputError
from qikit.improve import _common as c
from qikit.improve._common import Finding

__all__ = [
    "DECISIONS",
    "PDSAAct",
    "PDSADo",
    "PDSAPlan",
    "PDSAStudy",
    "scale_rank",
]

#: What the team decides at the end of a cycle.
DECISIONS: tuple[str, ...] = ("adopt", "adapt", "abandon")
_DECISION_ALIASES = {
    "adopted": "adopt",
    "adapted": "adapt",
    "abandoned": "abandon",
    "adjust": "adapt",
}


class _Record:
    """Shared behaviour of the four stage records (all fields are text)."""

    _label: ClassVar[str] = ""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            setattr(self, f.name, v.text(getattr(self, f.name), f.name))

    @property
    def is_blank(self) -> bool:
        """True when nothing has been written."""
        return not any(getattr(self, f.name) for f in dataclasses.fields(self))

    def validate(self) -> list[Finding]:
        """Parts not yet written, one sentence each."""
        try:
            type(self)(**self.to_dict())
        except InputError as err:
            return c.unusable(err, f"pdsa.{self._label.lower()}_invalid")
        return [
            Finding(
                f"{self._label}: say {self._ask[f.name]}.",
                f"pdsa.{self._label.lower()}_incomplete",
                f.name,
            )
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if not getattr(self, f.name) and f.name in self._ask
        ]

    def to_frame(self) -> pd.DataFrame:
        """Columns ``part`` and ``text``, one row per field."""
        d = self.to_dict()
        return pd.DataFrame({"part": list(d), "text": list(d.values())})

    def to_dict(self) -> dict[str, str]:
        """A plain dict of the text fields."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = ""):
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input.

        ``argument`` is where ``d`` sits in a bigger object, for messages.
        """
        names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        return c.from_fields(cls, d, argument, names)


@dataclass
class PDSAPlan(_Record):
    """The logistics of a test: who, what, where, when, and what data.

    Examples
    --------
    >>> PDSAPlan(who="Night staff", what="Offer a warm drink at 10pm").validate()[0]
    'Plan: say where the test will happen.'
    """

    who: str = ""
    what: str = ""
    where: str = ""
    when: str = ""
    data: str = ""

    _label: ClassVar[str] = "Plan"
    _ask: ClassVar[dict[str, str]] = {
        "who": "who will carry out the test",
        "what": "what exactly will be done",
        "where": "where the test will happen",
        "when": "when the test will happen",
        "data": "what data will be collected to answer the questions",
    }


@dataclass
class PDSADo(_Record):
    """What happened when the test was carried out, and what surprised the team."""

    what_happened: str = ""
    surprises: str = ""

    _label: ClassVar[str] = "Do"
    _ask: ClassVar[dict[str, str]] = {"what_happened": "what happened during the test"}


@dataclass
class PDSAStudy(_Record):
    """The results, how they compare with the predictions, and what was learnt."""

    results: str = ""
    comparison: str = ""
    learning: str = ""

    _label: ClassVar[str] = "Study"
    _ask: ClassVar[dict[str, str]] = {
        "results": "what the data showed",
        "comparison": "how the results compared with the predictions",
    }


@dataclass
class PDSAAct(_Record):
    """The decision (adopt, adapt or abandon) and what the next cycle will test.

    Raises
    ------
    InputError
        When ``decision`` is not one of adopt, adapt, abandon (or empty).
    """

    decision: str = ""
    next_cycle: str = ""

    _label: ClassVar[str] = "Act"
    _ask: ClassVar[dict[str, str]] = {
        "decision": "whether you adopt, adapt or abandon the change",
    }

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.decision:
            self.decision = v.choice(
                self.decision, "decision", DECISIONS, aliases=_DECISION_ALIASES
            )

    def validate(self) -> list[Finding]:
        """Parts not yet written; "adapt" and "adopt" also need the next step."""
        out = super().validate()
        if self.decision in ("adopt", "adapt") and not self.next_cycle:
            out.append(
                Finding(
                    "Act: say what the next cycle will test (or how the change will "
                    "be spread).",
                    "pdsa.act_incomplete",
                    "next_cycle",
                )
            )
        return out


# ---------------------------------------------------------------------------- scale

_PEOPLE = (
    r"(patients?|residents?|persons?|people|pupils?|child(?:ren)?|clients?|famil(?:y|ies)|"
    r"service users?|carers?|members? of staff|staff|nurses?|doctors?|users?|"
    r"tenants?|learners?|students?|referrals?|cases?|records?|beds?|rooms?)"
)
_UNITS = (
    r"(wards?|units?|teams?|class(?:es|rooms?)?|homes?|practices?|schools?|clinics?|"
    r"services?|sites?|departments?|nurser(?:y|ies)|hospitals?|localit(?:y|ies)|"
    r"partnerships?|areas?|floors?|shifts?|days?|sessions?)"
)
_ONE = r"(one|1|a|an|single)"
_FEW = r"(two|three|four|five|six|2|3|4|5|6|a few|few|several|some)"
_SCALE_PATTERNS = (
    (5, re.compile(r"\b(all|every|whole|entire)\b", re.IGNORECASE)),
    (4, re.compile(rf"\b{_FEW}\s+(\w+\s+)?{_UNITS}\b", re.IGNORECASE)),
    (3, re.compile(rf"\b{_ONE}\s+(\w+\s+)?{_UNITS}\b", re.IGNORECASE)),
    (2, re.compile(rf"\b{_FEW}\s+(\w+\s+)?{_PEOPLE}\b", re.IGNORECASE)),
    (1, re.compile(rf"\b{_ONE}\s+(\w+\s+)?{_PEOPLE}\b", re.IGNORECASE)),
)


def scale_rank(scale: str) -> int | None:
    """Rank a scale description from 1 (one person) to 5 (everyone), or ``None``.

    A rough reading of plain words, used only to spot a ramp that shrinks:

    ====  ==========================================  =======================
    rank  meaning                                     example
    ====  ==========================================  =======================
    1     one person or record                        "one resident"
    2     a few people                                "three patients"
    3     one unit, team, shift or day                "one ward", "one shift"
    4     several units                               "two care homes"
    5     all of them                                 "all wards"
    ====  ==========================================  =======================

    Examples
    --------
    >>> [scale_rank(s) for s in ["one patient", "3 residents", "one ward",
    ...                          "two units", "all wards", "Tuesday"]]
    [1, 2, 3, 4, 5, None]
    """
    if not isinstance(scale, str):
        return None
    for rank, pattern in _SCALE_PATTERNS:
        if pattern.search(scale):
            return rank
    return None
