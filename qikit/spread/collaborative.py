"""Collaboratives: the IHI assessment scale, self against faculty, and the timeline.

In a Breakthrough Series collaborative (Institute for Healthcare Improvement, *The
Breakthrough Series: IHI's Collaborative Model for Achieving Breakthrough
Improvement*, IHI Innovation Series white paper, 2003) teams meet at learning
sessions and test changes in the action periods between them. Each month every team
rates its own progress on the IHI Assessment Scale for Collaboratives (0.5 to 5.0),
and the faculty rates it too; the gap between the two tells the faculty where its
support is needed.

* :data:`ASSESSMENT_SCALE` and :func:`assessment_scale`: the ten levels with their
  definitions;
* :func:`assessments`: the scores per team per month, self and faculty side by side,
  with :meth:`Assessments.distribution` (the collaborative over time) and
  :meth:`Assessments.gaps` (the teams where self and faculty differ most);
* :class:`Collaborative` and :class:`Session`: learning sessions and action periods,
  with ``validate()``, ``to_frame()``, ``to_dict()`` and ``from_dict()``.

Drawings: :func:`qikit.plot.plot_assessments`, :func:`qikit.plot.plot_timeline`.
Curriculum: module 10 (collaboratives).

Examples
--------
>>> from qikit.datasets import load_dataset
>>> from qikit.spread import assessments
>>> scores = assessments(load_dataset("collaborative_scores"), y="score",
...                      x="month", unit="team", assessor="assessor")
>>> scores.gaps(top=3)[["unit", "mean_gap", "mean_abs_gap"]].round(2)
     unit  mean_gap  mean_abs_gap
0  Team I      0.31          0.47
1  Team L      0.22          0.44
2  Team E      0.31          0.36
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import fmt_number, human_date, plural, slug
from qikit.errors import DataError, InputError
from qikit.improve._common import Finding, from_fields, iso
from qikit.spread import _common as cm

__all__ = [
    "ASSESSMENT_SCALE",
    "ASSESSORS",
    "SESSION_KINDS",
    "Assessments",
    "Collaborative",
    "ScaleLevel",
    "Session",
    "assessment_scale",
    "assessments",
    "check_scores",
]


class ScaleLevel(NamedTuple):
    """One level of the IHI Assessment Scale for Collaboratives."""

    score: float
    label: str
    definition: str


#: The IHI Assessment Scale for Collaboratives: ten levels from 0.5 to 5.0. Names
#: as in the Breakthrough Series template (and ``datasets/README.md``); the
#: definitions summarise IHI's template (Institute for Healthcare Improvement,
#: *Assessment Scale for Collaboratives*, Cambridge, MA; the same template is used
#: as the "progress score" of Life QI), in our words. IHI asks each collaborative
#: to adapt the definitions, e.g. to name its key measures at 2.5.
ASSESSMENT_SCALE: tuple[ScaleLevel, ...] = (
    ScaleLevel(
        0.5,
        "Intent to participate",
        "The project is identified, but no charter is written and no team formed.",
    ),
    ScaleLevel(
        1.0,
        "Forming team",
        "A charter is written and the team is named, but no work has been done.",
    ),
    ScaleLevel(
        1.5,
        "Planning for the project has begun",
        "The project is being organised: resources and support needed, where to "
        "start, tools gathered, meetings scheduled.",
    ),
    ScaleLevel(
        2.0,
        "Activity, but no changes",
        "Cycles for the team's learning have begun (planning, measures, baseline "
        "data, study of the process), but no change has been tested.",
    ),
    ScaleLevel(
        2.5,
        "Changes tested, but no improvement",
        "Tests of change have begun; most goals have a measure, shown on a chart "
        "with its target; no improvement yet.",
    ),
    ScaleLevel(
        3.0,
        "Modest improvement",
        "Tests have succeeded for some parts of the change package and some "
        "small-scale implementation is done; some evidence of improvement (about "
        "20% of the expected results).",
    ),
    ScaleLevel(
        3.5,
        "Improvement",
        "Testing and implementation go on and the measures move further towards "
        "the goals.",
    ),
    ScaleLevel(
        4.0,
        "Significant improvement",
        "Expected results are achieved for major parts of the system; "
        "implementation (training, communication) has begun; half or more of the "
        "goals are met.",
    ),
    ScaleLevel(
        4.5,
        "Sustainable improvement",
        "Data on the key measures begin to show that the improvement is being "
        "sustained.",
    ),
    ScaleLevel(
        5.0,
        "Outstanding sustainable results",
        "Implementation is complete, every goal and expected result is achieved, "
        "and the organisation has changed to make the improvement permanent.",
    ),
)
_SCORES = np.array([lvl.score for lvl in ASSESSMENT_SCALE])
_LABELS = {lvl.score: lvl.label for lvl in ASSESSMENT_SCALE}
#: Who gave a score: the team itself, or the collaborative's faculty.
ASSESSORS = ("self", "faculty")
_ASSESSOR_ALIASES = {
    "team": "self",
    "self_assessed": "self",
    "self_assessment": "self",
    "faculty_assessed": "faculty",
    "director": "faculty",
    "improvement_advisor": "faculty",
    "ia": "faculty",
}


def assessment_scale() -> pd.DataFrame:
    """The IHI Assessment Scale for Collaboratives as a table.

    Returns
    -------
    pandas.DataFrame
        Ten rows: ``score`` (0.5 to 5.0), ``label``, ``definition``.

    Examples
    --------
    >>> from qikit.spread import assessment_scale
    >>> scale = assessment_scale()
    >>> print(scale["score"].iloc[4], scale["label"].iloc[4])
    2.5 Changes tested, but no improvement
    """
    return pd.DataFrame(ASSESSMENT_SCALE, columns=list(ScaleLevel._fields))


# ------------------------------------------------------------------ assessments

#: Columns of :attr:`Assessments.frame`.
ASSESSMENT_COLUMNS = (
    "unit",
    "x",
    "self",
    "faculty",
    "gap",
    "self_label",
    "faculty_label",
)


@dataclass(frozen=True, repr=False, eq=False)
class Assessments:
    """A collaborative's scores: per team per month, self and faculty side by side.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per team and month (sorted): ``unit``, ``x``, ``self`` and
        ``faculty`` (scores, NaN when that assessor gave none), ``gap`` (self minus
        faculty, NaN unless both scored), ``self_label`` and ``faculty_label`` (the
        scale's names).
    unit_name : str or None
        The name of the team column.
    """

    frame: pd.DataFrame
    unit_name: str | None = None

    def long(self) -> pd.DataFrame:
        """The scores one per row: ``unit, x, assessor, score, label``."""
        f = self.frame
        out = f.melt(
            id_vars=["unit", "x"],
            value_vars=["self", "faculty"],
            var_name="assessor",
            value_name="score",
        )
        out = out.dropna(subset=["score"]).sort_values(["unit", "assessor", "x"])
        out["label"] = out["score"].map(_LABELS)
        return out.reset_index(drop=True)

    def distribution(self) -> pd.DataFrame:
        """The collaborative's scores month by month, for each assessor.

        Returns
        -------
        pandas.DataFrame
            One row per month and assessor: ``x, assessor, teams, median, q1, q3,
            minimum, maximum, mean``, and ``at_3_or_more`` (teams at modest
            improvement or better) and ``at_4_or_more`` (significant improvement or
            better), then one column per level of the scale (``"0.5"`` … ``"5.0"``)
            counting the teams at it.
        """
        rows = []
        long = self.long()
        for (x, who), g in long.groupby(["x", "assessor"], sort=True):
            s = g["score"].to_numpy()
            row = {
                "x": x,
                "assessor": who,
                "teams": s.size,
                "median": float(np.median(s)),
                "q1": float(np.quantile(s, 0.25)),
                "q3": float(np.quantile(s, 0.75)),
                "minimum": float(s.min()),
                "maximum": float(s.max()),
                "mean": float(s.mean()),
                "at_3_or_more": int((s >= 3).sum()),
                "at_4_or_more": int((s >= 4).sum()),
            }
            for lvl in _SCORES:
                row[f"{lvl:.1f}"] = int((s == lvl).sum())
            rows.append(row)
        return pd.DataFrame(rows)

    def gaps(self, top: int | None = None) -> pd.DataFrame:
        """Where self-assessment and faculty assessment differ most, team by team.

        Parameters
        ----------
        top : int, optional
            Keep only this many teams (those with the largest mean absolute gap).

        Returns
        -------
        pandas.DataFrame
            One row per team, largest mean absolute gap first: ``unit``,
            ``months`` (scored by both), ``mean_gap`` (self minus faculty: above 0
            when the team rates itself higher), ``mean_abs_gap``, ``largest_gap``
            (the widest single month, signed), ``largest_at`` (its month),
            ``latest_gap`` and ``latest_x``.
        """
        if top is not None:
            top = v.whole_number(top, "top", minimum=1, example=5)
        both = self.frame.dropna(subset=["gap"])
        rows = []
        for unit, g in both.groupby("unit", sort=True):
            gap = g["gap"].to_numpy()
            k = int(np.argmax(np.abs(gap)))
            rows.append(
                {
                    "unit": unit,
                    "months": gap.size,
                    "mean_gap": float(gap.mean()),
                    "mean_abs_gap": float(np.abs(gap).mean()),
                    "largest_gap": float(gap[k]),
                    "largest_at": g["x"].iloc[k],
                    "latest_gap": float(gap[-1]),
                    "latest_x": g["x"].iloc[-1],
                }
            )
        out = pd.DataFrame(
            rows,
            columns=[
                "unit",
                "months",
                "mean_gap",
                "mean_abs_gap",
                "largest_gap",
                "largest_at",
                "latest_gap",
                "latest_x",
            ],
        )
        out = out.sort_values(
            ["mean_abs_gap", "unit"], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)
        return out if top is None else out.head(top)

    def explain(self) -> str:
        """Plain-English findings: where the teams are now, and the largest gaps."""
        f = self.frame
        teams = cm.noun(self.unit_name, "teams")
        k = f["unit"].nunique()
        last = f["x"].max()
        now = f[f["x"] == last]
        lines = [
            f"{k} {teams} assessed from {cm.fmt_x(f['x'].min())} to {cm.fmt_x(last)}."
        ]
        for who in ASSESSORS:
            s = now[who].dropna()
            if len(s):
                lines.append(
                    f"In the latest month ({cm.fmt_x(last)}) the "
                    f"{'teams' if who == 'self' else 'faculty'}"
                    f" {'rate themselves' if who == 'self' else 'rates them'} at a "
                    f"median of {fmt_number(float(s.median()))} "
                    f"({_LABELS.get(_nearest(s.median()), '')}); "
                    f"{int((s >= 4).sum())} of {len(s)} at 4.0 (significant "
                    "improvement) or more."
                )
        gaps = self.gaps()
        if len(gaps):
            mean = float(self.frame["gap"].mean())
            side = "higher" if mean > 0 else "lower"
            lines.append(
                f"On average the {teams} rate themselves {fmt_number(abs(mean))} "
                f"points {side} than the faculty does."
                if mean != 0
                else "On average self and faculty scores agree."
            )
            worst = gaps.head(3)
            lines.append(
                "Self and faculty differ most for "
                + cm.listing(
                    f"{u} (by {fmt_number(g)} points a month on average)"
                    for u, g in zip(worst["unit"], worst["mean_abs_gap"], strict=True)
                )
                + "."
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        f = self.frame
        return f"Assessments(teams={f['unit'].nunique()}, months={f['x'].nunique()})"


def _nearest(score: float) -> float:
    return float(_SCORES[np.argmin(np.abs(_SCORES - score))])


def assessments(
    data: Any,
    *,
    y: Any = "score",
    x: Any = "month",
    unit: Any = "team",
    assessor: Any = None,
) -> Assessments:
    """A collaborative's IHI assessment scores, self and faculty side by side.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per team, month and assessor (a tidy table such as
        ``load_dataset("collaborative_scores")``).
    y : str or array-like
        The score: a level of the scale, 0.5 to 5.0 in steps of 0.5.
    x : str or array-like
        The month (dates, or numbers).
    unit : str or array-like
        The team.
    assessor : str or array-like, optional
        Who scored: "self" or "faculty" (also "team", "director", "improvement
        advisor"). Leave out when every score is the team's own.

    Returns
    -------
    Assessments
        ``.frame`` (one row per team and month), ``.long()``,
        ``.distribution()``, ``.gaps(top=None)``, ``.explain()``.

    Raises
    ------
    DataError
        For a score outside the scale (not 0.5, 1.0, … 5.0), a missing score, team
        or month, an unknown assessor, or two scores for one team, month and
        assessor.
    ColumnError
        When a named column is not in ``data``.

    Examples
    --------
    >>> import pandas as pd
    >>> from qikit.spread import assessments
    >>> df = pd.DataFrame({"team": ["A", "A", "B", "B"], "month": [1, 1, 1, 1],
    ...                    "assessor": ["self", "faculty"] * 2,
    ...                    "score": [2.5, 2.0, 1.5, 1.5]})
    >>> assessments(df, assessor="assessor").frame[["unit", "self", "faculty", "gap"]]
      unit  self  faculty  gap
    0    A   2.5      2.0  0.5
    1    B   1.5      1.5  0.0
    """
    data = v.table(data)
    length = len(data)
    u, u_name = cm.column(data, unit, "unit", length=length)
    u = cm.text_labels(u, "unit")
    xs, _ = cm.column(data, x, "x", length=length, example="'month'")
    xs = cm.as_x(xs, "x")
    ys, _ = cm.column(data, y, "y", length=length, example="'score'")
    score = check_scores(cm.numbers(ys, "y", what="score"), "y")
    if assessor is None:
        who = pd.Series(["self"] * length)
    else:
        raw, _ = cm.column(
            data, assessor, "assessor", length=length, example="'assessor'"
        )
        who = _assessors(cm.text_labels(raw, "assessor"))
    table = pd.DataFrame({"unit": u, "x": xs, "assessor": who, "score": score})
    dup = table.duplicated(["unit", "x", "assessor"], keep=False).to_numpy()
    if dup.any():
        rows = np.flatnonzero(dup)
        first = table.iloc[rows[0]]
        raise DataError(
            f"`y`: {first['unit']!r} has more than one {first['assessor']} score for "
            f"{cm.fmt_x(first['x'])} ({v.rows_text(rows)}). Keep one score per team, "
            "month and assessor."
        )
    wide = table.pivot(index=["unit", "x"], columns="assessor", values="score")
    wide = wide.reindex(columns=list(ASSESSORS)).reset_index()
    wide.columns.name = None
    wide["gap"] = wide["self"] - wide["faculty"]
    wide["self_label"] = wide["self"].map(_LABELS).fillna("")
    wide["faculty_label"] = wide["faculty"].map(_LABELS).fillna("")
    wide = wide.sort_values(["unit", "x"], kind="stable").reset_index(drop=True)
    return Assessments(frame=wide[list(ASSESSMENT_COLUMNS)], unit_name=u_name)


def check_scores(values: np.ndarray, argument: str) -> np.ndarray:
    """Scores on the IHI scale (0.5 to 5.0 in steps of 0.5), or a DataError.

    Examples
    --------
    >>> check_scores(np.array([0.5, 4.5]), "y").tolist()
    [0.5, 4.5]
    >>> check_scores(np.array([3.0, 5.5]), "y")
    Traceback (most recent call last):
    ...
    qikit.errors.DataError: `y`: 1 score is not on the IHI assessment scale (row 2, \
got 5.5). Use 0.5, 1.0, 1.5 … 5.0, in steps of 0.5.
    """
    bad = np.flatnonzero(~np.isin(values, _SCORES))
    if bad.size:
        raise DataError(
            f"`{argument}`: {plural(bad.size, 'score')} "
            f"{'is' if bad.size == 1 else 'are'} not on the IHI assessment scale "
            f"({v.rows_text(bad)}, got {fmt_number(values[bad[0]])}). Use 0.5, 1.0, "
            "1.5 … 5.0, in steps of 0.5."
        )
    return values


def _assessors(raw: pd.Series) -> pd.Series:
    out = []
    for i, value in enumerate(raw.tolist()):
        try:
            out.append(
                v.choice(value, "assessor", ASSESSORS, aliases=_ASSESSOR_ALIASES)
            )
        except InputError as error:
            raise DataError(
                str(error).replace("`assessor`:", f"`assessor` ({v.rows_text([i])}):")
            ) from None
    return pd.Series(out)


# ------------------------------------------------------------------ the timeline

#: The parts of a Breakthrough Series collaborative (IHI 2003): work before the
#: first learning session, learning sessions, the action periods between them, and
#: the closing congress where results are shared.
SESSION_KINDS = ("prework", "learning_session", "action_period", "summative")
_KIND_WORDS = {
    "prework": "Prework",
    "learning_session": "Learning session",
    "action_period": "Action period",
    "summative": "Summative congress",
}
_KIND_ALIASES = {
    "ls": "learning_session",
    "learning": "learning_session",
    "session": "learning_session",
    "ap": "action_period",
    "action": "action_period",
    "congress": "summative",
    "summative_congress": "summative",
    "pre_work": "prework",
}
_SESSION_FIELDS = ("kind", "start", "end", "label")
_COLLAB_FIELDS = ("name", "sessions", "topic", "id")


@dataclass
class Session:
    """One part of a collaborative's timeline.

    Parameters
    ----------
    kind : {"prework", "learning_session", "action_period", "summative"}
        What it is (also "LS", "AP", "congress").
    start, end : date or str
        First and last day (UK day first when written as text). A learning session
        of one day has ``end == start``; left out, ``end`` is ``start``.
    label : str, optional
        Its name, such as "Learning session 2"; made from the kind when left out.
    """

    kind: str
    start: Any
    end: Any = None
    label: str = ""

    def __post_init__(self) -> None:
        self.kind = v.choice(self.kind, "kind", SESSION_KINDS, aliases=_KIND_ALIASES)
        self.start = v.date(self.start, "start", required=True)
        self.end = v.date(self.end, "end") or self.start
        if self.end < self.start:
            raise v.fail(
                "end",
                f"is before the start {self.start.isoformat()}",
                self.end.isoformat(),
                "Check the dates: a session ends on or after the day it starts.",
            )
        self.label = v.text(self.label, "label", limit=200)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (dates as ISO text)."""
        return {
            "kind": self.kind,
            "start": iso(self.start),
            "end": iso(self.end),
            "label": self.label,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> Session:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input."""
        return from_fields(cls, d, argument, _SESSION_FIELDS, ("kind", "start"))


@dataclass
class Collaborative:
    """A Breakthrough Series collaborative: its learning sessions and action periods.

    Parameters
    ----------
    name : str
        The collaborative's name.
    sessions : list of Session or dict
        The timeline, in any order (kept sorted by start).
    topic : str, optional
        What the teams are improving.
    id : str, optional
        Stable id; made from the name when left out.

    Examples
    --------
    >>> from qikit.spread import Collaborative
    >>> c = Collaborative.breakthrough_series("Falls collaborative", "2025-01-13")
    >>> c.to_frame()[["label", "start", "end"]].head(3)
                    label      start        end
    0             Prework 2024-10-13 2025-01-12
    1  Learning session 1 2025-01-13 2025-01-14
    2     Action period 1 2025-01-15 2025-04-13
    >>> c.validate()
    []
    """

    name: str
    sessions: list[Session] = field(default_factory=list)
    topic: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        self.name = v.text(self.name, "name", required=True, limit=200)
        self.topic = v.text(self.topic, "topic", limit=500)
        self.sessions = v.list_of(
            self.sessions, "sessions", Session, convert=Session.from_dict
        )
        self.sessions.sort(key=lambda s: (s.start, s.end))
        counts: dict[str, int] = {}
        for s in self.sessions:
            counts[s.kind] = counts.get(s.kind, 0) + 1
            if not s.label:
                many = s.kind in ("learning_session", "action_period")
                s.label = _KIND_WORDS[s.kind] + (f" {counts[s.kind]}" if many else "")
        self.id = v.text(self.id, "id", limit=80) or slug(self.name)

    @classmethod
    def breakthrough_series(
        cls,
        name: str,
        start: Any,
        *,
        sessions: int = 3,
        session_days: int = 2,
        action_months: int = 3,
        prework_months: int = 3,
        topic: str = "",
    ) -> Collaborative:
        """The usual timeline of a Breakthrough Series collaborative (IHI 2003).

        Prework, then learning sessions each followed by an action period, and a
        summative congress at the end.

        Parameters
        ----------
        name : str
            The collaborative's name.
        start : date or str
            The first day of learning session 1.
        sessions : int
            Learning sessions (default 3).
        session_days : int
            Days of each learning session (default 2).
        action_months : int
            Months of each action period (default 3).
        prework_months : int
            Months of prework before learning session 1 (0 for none).
        topic : str, optional
            What the teams are improving.
        """
        first = v.date(start, "start", required=True)
        sessions = v.whole_number(
            sessions, "sessions", minimum=1, maximum=12, example=3
        )
        days = v.whole_number(
            session_days, "session_days", minimum=1, maximum=10, example=2
        )
        months = v.whole_number(
            action_months, "action_months", minimum=1, maximum=24, example=3
        )
        pre = v.whole_number(
            prework_months, "prework_months", minimum=0, maximum=24, example=3
        )
        out: list[Session] = []
        day = pd.Timestamp(first)
        if pre:
            out.append(
                Session(
                    "prework",
                    (day - pd.DateOffset(months=pre)).date(),
                    (day - pd.Timedelta(days=1)).date(),
                )
            )
        for _ in range(sessions):
            end = day + pd.Timedelta(days=days - 1)
            out.append(Session("learning_session", day.date(), end.date()))
            stop = end + pd.DateOffset(months=months)
            out.append(
                Session(
                    "action_period",
                    (end + pd.Timedelta(days=1)).date(),
                    (stop - pd.Timedelta(days=1)).date(),
                )
            )
            day = stop
        out.append(Session("summative", day.date(), day.date()))
        return cls(name, out, topic=topic)

    def phase_at(self, dates: Any) -> pd.Series:
        """The label of the session or period each date falls in ("" when none).

        Useful as ``part=`` of a chart, or to read the scores of a collaborative by
        action period.
        """
        stamps = pd.to_datetime(pd.Series(dates).reset_index(drop=True))
        out = pd.Series([""] * len(stamps), dtype=object)
        for s in self.sessions:
            inside = (stamps >= pd.Timestamp(s.start)) & (stamps <= pd.Timestamp(s.end))
            out[inside.to_numpy()] = s.label
        return out

    def annotations(self) -> list[tuple[pd.Timestamp, str]]:
        """The learning sessions as ``(date, label)`` pairs for ``annotations=``."""
        return [
            (pd.Timestamp(s.start), s.label)
            for s in self.sessions
            if s.kind in ("learning_session", "summative")
        ]

    def validate(self) -> list[Finding]:
        """Problems with the timeline, one sentence each (empty when sound).

        Codes: ``collaborative.empty``, ``collaborative.no_learning_session``,
        ``collaborative.overlap``, ``collaborative.gap``,
        ``collaborative.no_action_period`` (a learning session not followed by
        an action period), ``collaborative.action_before_session`` (an action
        period before the first learning session).
        """
        out: list[Finding] = []
        s = self.sessions
        if not s:
            return [
                Finding(
                    "The timeline is empty: add the learning sessions and "
                    "action periods.",
                    "collaborative.empty",
                )
            ]
        if not any(x.kind == "learning_session" for x in s):
            out.append(
                Finding(
                    "The timeline has no learning session.",
                    "collaborative.no_learning_session",
                )
            )
        for a, b in zip(s, s[1:], strict=False):
            if b.start <= a.end:
                out.append(
                    Finding(
                        f"{b.label} starts before {a.label} ends "
                        f"({human_date(a.end)}).",
                        "collaborative.overlap",
                        b.label,
                    )
                )
            elif (b.start - a.end).days > 1 and "prework" not in (a.kind, b.kind):
                out.append(
                    Finding(
                        f"{(b.start - a.end).days - 1} days between {a.label} and "
                        f"{b.label} belong to no part of the timeline.",
                        "collaborative.gap",
                        b.label,
                    )
                )
        for i, x in enumerate(s):
            nxt = s[i + 1] if i + 1 < len(s) else None
            if x.kind == "learning_session" and (
                nxt is None or nxt.kind != "action_period"
            ):
                out.append(
                    Finding(
                        f"{x.label} is not followed by an action period: teams test "
                        "changes between learning sessions.",
                        "collaborative.no_action_period",
                        x.label,
                    )
                )
        first_ls = next((x.start for x in s if x.kind == "learning_session"), None)
        for x in s:
            if x.kind == "action_period" and first_ls and x.start < first_ls:
                out.append(
                    Finding(
                        f"{x.label} comes before the first learning session.",
                        "collaborative.action_before_session",
                        x.label,
                    )
                )
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per session: ``label, kind, start, end, days`` (datetime64)."""
        rows = [
            {
                "label": s.label,
                "kind": s.kind,
                "start": pd.Timestamp(s.start),
                "end": pd.Timestamp(s.end),
                "days": (s.end - s.start).days + 1,
            }
            for s in self.sessions
        ]
        return pd.DataFrame(rows, columns=["label", "kind", "start", "end", "days"])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict with the sessions' dicts."""
        return {
            "name": self.name,
            "sessions": [s.to_dict() for s in self.sessions],
            "topic": self.topic,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], argument: str = "") -> Collaborative:
        """Rebuild from :meth:`to_dict` output; raises InputError on bad input."""
        return from_fields(cls, d, argument, _COLLAB_FIELDS, ("name",))
