"""A learning system: what the teams' PDSA cycles say works, as a change package.

Every team of a collaborative tests change ideas in PDSA cycles and decides to
adopt, adapt or abandon each. Read together, the logs say which ideas were tested,
how often, by how many teams, with what result, and which ramps grew to full
scale: a "what works" table that becomes a candidate change package (IHI 2003,
*The Breakthrough Series*: the change package is the collaborative's distilled
learning), with the run charts behind each claim.

Input: the cohort store's PDSA log (``Store.pdsa_cycles(cohort)``: columns
``team, change_idea, start, decision, scale`` …), a PDSA log table
(:func:`qikit.improve.pdsa_log`), a list of :class:`qikit.improve.PDSACycle`, or a
dict ``{team: [cycles]}``; and, for the evidence, the measure data
(``Store.measure_data(cohort)``: ``team, measure, x, y, n``).

Examples
--------
>>> from qikit.improve.examples import example_ramp
>>> from qikit.spread import what_works
>>> works = what_works({"Ward 6": example_ramp().cycles,
...                     "Ward 7": example_ramp().cycles[:2]})
>>> works.frame[["cycles", "teams", "teams_adopted", "teams_full_scale", "status"]]
   cycles  teams  teams_adopted  teams_full_scale     status
0       6      2              1                 1  promising
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import plural
from qikit.charts.qic import qic
from qikit.charts.result import QicResult
from qikit.charts.vocabulary import IMPROVEMENT_ALIASES, IMPROVEMENTS
from qikit.errors import DataError
from qikit.improve.pdsa import DECISIONS, PDSACycle, Ramp, pdsa_log, scale_rank
from qikit.spread import _common as cm

__all__ = ["STATUSES", "WhatWorks", "what_works"]

#: What the table concludes about each change idea (see :func:`what_works`).
STATUSES = ("candidate", "promising", "testing", "abandoned")
#: The rank of :func:`qikit.improve.scale_rank` that means full scale ("all
#: wards", "every unit").
FULL_SCALE = 5
_DECISION_ALIASES = {"adopted": "adopt", "adapted": "adapt", "abandoned": "abandon"}

#: Columns of :attr:`WhatWorks.frame`.
WORKS_COLUMNS = (
    "change_idea",
    "cycles",
    "teams",
    "adopt",
    "adapt",
    "abandon",
    "undecided",
    "teams_adopted",
    "teams_abandoned",
    "teams_full_scale",
    "largest_scale",
    "first_start",
    "last_start",
    "teams_improved",
    "status",
)


@dataclass(frozen=True, repr=False, eq=False)
class WhatWorks:
    """What the teams' PDSA cycles say about each change idea.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per change idea, candidates first then by teams adopted:
        ``change_idea``; ``cycles`` and ``teams`` (that tested it); ``adopt``,
        ``adapt``, ``abandon``, ``undecided`` (cycles by decision);
        ``teams_adopted`` and ``teams_abandoned`` (teams whose latest decision on
        the idea was that); ``teams_full_scale`` (teams whose ramp reached full
        scale: a cycle at "all"/"every"/"whole" scale, by
        :func:`qikit.improve.scale_rank`); ``largest_scale`` (the widest scale
        tested, in the teams' words); ``first_start``, ``last_start``;
        ``teams_improved`` (teams with an improvement signal on a measure after
        their first test of the idea; NaN without measure data); ``status``.
    by_team : pandas.DataFrame
        One row per change idea and team: ``change_idea, team, cycles,
        first_start, latest_decision, largest_rank, largest_scale, full_scale``.
    evidence : pandas.DataFrame
        One row per change idea, team and measure (empty without measure data):
        ``change_idea, team, measure, first_test, points, points_after`` (points
        whose x is on or after the first test's start date), ``improved_after``
        (an improvement signal among them; None without a direction),
        ``concern_after``: the references to the charts behind each claim.
    min_teams : int
        Teams that must have adopted an idea for it to be a candidate.
    """

    frame: pd.DataFrame
    by_team: pd.DataFrame
    evidence: pd.DataFrame
    min_teams: int
    _charts: dict | None = None

    def change_package(self) -> pd.DataFrame:
        """The candidate change package: the ideas with status "candidate".

        Returns
        -------
        pandas.DataFrame
            The rows of :attr:`frame` for candidates, with ``claim`` (the finding
            in words) and ``charts`` (the measures, by team, behind it).
        """
        rows = self.frame[self.frame["status"] == "candidate"].copy()
        rows["claim"] = [_claim(r) for _, r in rows.iterrows()]
        ev = self.evidence
        rows["charts"] = [
            sorted(
                f"{t}: {m}"
                for t, m in ev[(ev["change_idea"] == idea)][["team", "measure"]]
                .drop_duplicates()
                .itertuples(index=False)
            )
            if len(ev)
            else []
            for idea in rows["change_idea"]
        ]
        return rows.reset_index(drop=True)

    def chart(self, change_idea: str, measure: str) -> QicResult:
        """The run charts behind a claim: one facet per team that tested the idea.

        Parameters
        ----------
        change_idea : str
            An idea of :attr:`frame`.
        measure : str
            A measure of the measure data.

        Raises
        ------
        InputError
            When there is no measure data, or no such idea or measure.
        """
        if not self._charts:
            raise v.fail(
                "measure",
                "no measure data was given",
                measure,
                "Pass measures=store.measure_data(cohort) to what_works().",
            )
        ideas = self.frame["change_idea"].tolist()
        if change_idea not in ideas:
            near = v.closest(change_idea, ideas)
            raise v.fail(
                "change_idea",
                "is not a change idea of the PDSA log",
                change_idea,
                (f"Did you mean {near!r}? " if near else "")
                + f"The ideas are: {cm.listing(repr(i) for i in ideas)}.",
            )
        if measure not in self._charts:
            v.choice(measure, "measure", list(self._charts))
        teams = self.by_team[self.by_team["change_idea"] == change_idea]["team"]
        res = self._charts[measure]
        return res if res is None else _subset(res, set(teams))

    def explain(self) -> str:
        """Plain-English findings, one line per change idea."""
        lines = [
            f"{len(self.frame)} change ideas tested in "
            f"{int(self.frame['cycles'].sum())} PDSA cycles by "
            f"{self.by_team['team'].nunique()} teams."
        ]
        for _, r in self.frame.iterrows():
            lines.append(f"{r['change_idea']}: {_claim(r)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        counts = self.frame["status"].value_counts()
        return (
            f"WhatWorks(ideas={len(self.frame)}, "
            f"candidates={int(counts.get('candidate', 0))})"
        )


def _claim(r: pd.Series) -> str:
    words = {
        "candidate": "a candidate for the change package",
        "promising": "promising, not yet adopted by enough teams",
        "testing": "still being tested",
        "abandoned": "abandoned by every team that decided",
    }[r["status"]]
    text = (
        f"{words}: {plural(r['cycles'], 'cycle')} by {plural(r['teams'], 'team')}; "
        f"adopted by "
        f"{r['teams_adopted']}, abandoned by {r['teams_abandoned']}; "
        f"{r['teams_full_scale']} reached full scale"
    )
    if not pd.isna(r["teams_improved"]):
        k = int(r["teams_improved"])
        text += (
            f"; {k} {'shows' if k == 1 else 'show'} an improvement on a measure "
            "after the first test"
        )
    return text + "."


def _subset(res: QicResult, teams: set) -> QicResult:
    """The chart's facets of these teams only (recomputed: each facet is its own)."""
    frame = res.frame
    keep = frame[res.facets].isin(teams).to_numpy()
    data = frame.loc[keep, [res.facets, "x", "y"]]
    return qic(
        data,
        y="y",
        x="x",
        facets=res.facets,
        chart="run",
        improvement=res.improvement,
        title=res.title,
    )


def what_works(
    cycles: Any,
    *,
    measures: Any = None,
    improvement: Any = None,
    min_teams: int = 2,
) -> WhatWorks:
    """Which change ideas were tested, how often, by how many teams, with what result.

    Parameters
    ----------
    cycles : DataFrame, list of PDSACycle or Ramp, or dict {team: cycles}
        The PDSA logs: the frame of ``Store.pdsa_cycles(cohort)`` (columns
        ``team, change_idea, start, decision, scale``), a
        :func:`qikit.improve.pdsa_log` table (one team), a list of cycles (one
        team), or ``{team: [cycles or Ramps]}``.
    measures : pandas.DataFrame, optional
        The teams' measure data, as ``Store.measure_data(cohort)`` returns it
        (columns ``team, measure, x, y``, and ``n`` when there are
        denominators). Each team's measure is charted (a run chart) and the
        charts behind each claim are referenced in :attr:`WhatWorks.evidence`.
        Its ``x`` must be dates to be compared with the cycles' start dates
        (otherwise no point counts as "after" a test).
    improvement : str or dict, optional
        Which direction is better for each measure (one for all, or
        ``{measure: "increase"}``); needed to call a signal an improvement.
    min_teams : int
        How many teams must have adopted an idea for it to be a candidate for
        the change package (default 2).

    Returns
    -------
    WhatWorks
        ``.frame`` (one row per idea), ``.by_team``, ``.evidence``,
        ``.change_package()``, ``.chart(idea, measure)``, ``.explain()``.

    Raises
    ------
    InputError
        For cycles that are not a PDSA log, an unknown decision, a ``measures``
        table without its columns, an unknown direction.
    DataError
        For a cycle without a change idea.

    Notes
    -----
    A team's result on an idea is its latest decision (the last cycle by start
    date). Status: **candidate** when at least ``min_teams`` teams adopted it and
    more teams adopted than abandoned it; **abandoned** when every team that
    decided abandoned it; **promising** when some team adopted or adapted it;
    otherwise **testing**. The improvement signal is read from a run chart of the
    team's measure (Anhøj rules) at or after the team's first test of the idea:
    a signal is a reason to look at the chart, not proof that the idea caused it.

    Examples
    --------
    >>> import pandas as pd
    >>> from qikit.spread import what_works
    >>> log = pd.DataFrame({
    ...     "team": ["A", "A", "B", "B", "C"],
    ...     "change_idea": ["huddle", "huddle", "huddle", "card", "card"],
    ...     "start": pd.to_datetime(["2024-01-08", "2024-02-05", "2024-01-15",
    ...                              "2024-01-22", "2024-02-12"]),
    ...     "decision": ["adapt", "adopt", "adopt", "abandon", "abandon"],
    ...     "scale": ["one shift", "all shifts", "one ward", "one nurse",
    ...               "one nurse"]})
    >>> what_works(log).frame[["change_idea", "teams_adopted", "status"]]
      change_idea  teams_adopted     status
    0      huddle              2  candidate
    1        card              0  abandoned
    """
    min_teams = v.whole_number(min_teams, "min_teams", minimum=1, example=2)
    log = _log(cycles)
    if not len(log):
        raise DataError(
            "`cycles`: the PDSA log is empty. Record some cycles first, or pass "
            "store.pdsa_cycles(cohort)."
        )
    by_team = _by_team(log)
    frame = _ideas(log, by_team, min_teams)
    evidence = pd.DataFrame(
        columns=[
            "change_idea",
            "team",
            "measure",
            "first_test",
            "points",
            "points_after",
            "improved_after",
            "concern_after",
        ]
    )
    charts = None
    if measures is not None:
        evidence, charts = _evidence(measures, improvement, by_team)
        improved = evidence[evidence["improved_after"] == True]  # noqa: E712
        teams = improved.groupby("change_idea")["team"].nunique()
        frame["teams_improved"] = frame["change_idea"].map(teams).fillna(0).astype(int)
    return WhatWorks(
        frame=frame,
        by_team=by_team,
        evidence=evidence,
        min_teams=min_teams,
        _charts=charts,
    )


def _log(cycles: Any) -> pd.DataFrame:
    """A table ``team, change_idea, start, decision, scale`` from any input."""
    if isinstance(cycles, pd.DataFrame):
        frame = cycles.reset_index(drop=True)
        for col in ("change_idea", "decision", "scale"):
            v.column(frame, col, "cycles")
        team = (
            frame["team"] if "team" in frame.columns else pd.Series([""] * len(frame))
        )
        start = frame["start"] if "start" in frame.columns else pd.NaT
        out = pd.DataFrame(
            {
                "team": team.astype(str),
                "change_idea": frame["change_idea"],
                "start": pd.to_datetime(start),
                "decision": frame["decision"],
                "scale": frame["scale"],
            }
        )
    elif isinstance(cycles, Mapping):
        parts = []
        for team, items in cycles.items():
            team = v.text(team, v.path("cycles", str(team)), required=True)
            log = pdsa_log(items)
            log["team"] = team
            parts.append(log)
        if not parts:
            return pd.DataFrame(
                columns=["team", "change_idea", "start", "decision", "scale"]
            )
        out = pd.concat(parts, ignore_index=True)[
            ["team", "change_idea", "start", "decision", "scale"]
        ]
    elif isinstance(cycles, PDSACycle | Ramp) or (
        isinstance(cycles, Iterable) and not isinstance(cycles, str | bytes)
    ):
        out = pdsa_log(cycles)
        out["team"] = ""
        out = out[["team", "change_idea", "start", "decision", "scale"]]
    else:
        raise v.fail(
            "cycles",
            "must be a PDSA log",
            cycles,
            "Pass store.pdsa_cycles(cohort), a list of PDSACycle, or {team: [cycles]}.",
        )
    out["change_idea"] = out["change_idea"].fillna("").astype(str).str.strip()
    blank = np.flatnonzero(out["change_idea"].to_numpy() == "")
    if blank.size:
        raise DataError(
            f"`cycles`: {len(blank)} cycle(s) name no change idea "
            f"({v.rows_text(blank)}). Link every cycle to the idea it tests."
        )
    decisions = []
    for i, d in enumerate(out["decision"].fillna("").astype(str)):
        decisions.append(
            v.choice(
                d, v.path("cycles", i, "decision"), DECISIONS, aliases=_DECISION_ALIASES
            )
            if d.strip()
            else ""
        )
    out["decision"] = decisions
    out["scale"] = out["scale"].fillna("").astype(str)
    out["rank"] = [scale_rank(s) or 0 for s in out["scale"]]
    out["order"] = np.arange(len(out))
    return out


def _by_team(log: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (idea, team), g in log.groupby(["change_idea", "team"], sort=False):
        g = g.sort_values(["start", "order"], na_position="first", kind="stable")
        decided = g[g["decision"] != ""]
        widest = g.loc[g["rank"].idxmax()]
        rows.append(
            {
                "change_idea": idea,
                "team": team,
                "cycles": len(g),
                "first_start": g["start"].min(),
                "latest_decision": decided["decision"].iloc[-1] if len(decided) else "",
                "largest_rank": int(g["rank"].max()),
                "largest_scale": widest["scale"],
                "full_scale": bool((g["rank"] >= FULL_SCALE).any()),
            }
        )
    return pd.DataFrame(rows)


def _ideas(log: pd.DataFrame, by_team: pd.DataFrame, min_teams: int) -> pd.DataFrame:
    rows = []
    for idea, g in log.groupby("change_idea", sort=False):
        teams = by_team[by_team["change_idea"] == idea]
        latest = teams["latest_decision"]
        adopted, abandoned = (
            int((latest == "adopt").sum()),
            int((latest == "abandon").sum()),
        )
        decided = int((latest != "").sum())
        if adopted >= min_teams and adopted > abandoned:
            status = "candidate"
        elif decided and abandoned == decided:
            status = "abandoned"
        elif adopted or (latest == "adapt").any():
            status = "promising"
        else:
            status = "testing"
        widest = g.loc[g["rank"].idxmax()]
        rows.append(
            {
                "change_idea": idea,
                "cycles": len(g),
                "teams": len(teams),
                "adopt": int((g["decision"] == "adopt").sum()),
                "adapt": int((g["decision"] == "adapt").sum()),
                "abandon": int((g["decision"] == "abandon").sum()),
                "undecided": int((g["decision"] == "").sum()),
                "teams_adopted": adopted,
                "teams_abandoned": abandoned,
                "teams_full_scale": int(teams["full_scale"].sum()),
                "largest_scale": widest["scale"],
                "first_start": g["start"].min(),
                "last_start": g["start"].max(),
                "teams_improved": np.nan,
                "status": status,
            }
        )
    out = pd.DataFrame(rows, columns=list(WORKS_COLUMNS))
    out["_k"] = out["status"].map({s: i for i, s in enumerate(STATUSES)})
    out = out.sort_values(
        ["_k", "teams_adopted", "cycles"], ascending=[True, False, False], kind="stable"
    )
    return out.drop(columns="_k").reset_index(drop=True)


def _evidence(measures: Any, improvement: Any, by_team: pd.DataFrame):
    data = v.table(measures, "measures")
    for col in ("team", "measure", "x", "y"):
        v.column(data, col, "measures")
    names = list(pd.unique(data["measure"].astype(str)))
    directions = cm.mapping_or_value(improvement, "improvement", names, "measure")
    for m, d in directions.items():
        if d is not None:
            directions[m] = v.choice(
                d, v.path("improvement", m), IMPROVEMENTS, aliases=IMPROVEMENT_ALIASES
            )
    charts: dict[str, QicResult] = {}
    rows = []
    for m in names:
        part = data[data["measure"].astype(str) == m].copy()
        part["team"] = part["team"].astype(str)
        has_n = "n" in part.columns and part["n"].notna().any()
        res = qic(
            part,
            y="y",
            x="x",
            n="n" if has_n else None,
            chart="run",
            facets="team",
            improvement=directions[m],
            title=m,
        )
        charts[m] = res
        f = res.frame
        for _, t in by_team.iterrows():
            pts = f[f["team"] == t["team"]]
            if not len(pts):
                continue
            first = t["first_start"]
            if pd.isna(first):
                after = pts.iloc[0:0]
            else:
                x = pts["x"]
                after = (
                    pts[pd.to_datetime(x) >= first]
                    if not pd.api.types.is_numeric_dtype(x)
                    else pts.iloc[0:0]
                )
            ptype = after["point_type"].astype(str)
            rows.append(
                {
                    "change_idea": t["change_idea"],
                    "team": t["team"],
                    "measure": m,
                    "first_test": first,
                    "points": len(pts),
                    "points_after": len(after),
                    "improved_after": bool((ptype == "special_cause_improvement").any())
                    if directions[m]
                    else None,
                    "concern_after": bool((ptype == "special_cause_concern").any())
                    if directions[m]
                    else None,
                }
            )
    ev = pd.DataFrame(
        rows,
        columns=[
            "change_idea",
            "team",
            "measure",
            "first_test",
            "points",
            "points_after",
            "improved_after",
            "concern_after",
        ],
    )
    return ev, charts
