"""Adoption and sustaining: the adoption curve, readiness to spread, sustainability.

* :func:`adoption_curve`: units adopting a change over time against a target, each
  unit placed in Rogers' adopter categories (Rogers EM, *Diffusion of Innovations*,
  5th edition, Free Press 2003, chapter 7): innovators 2.5%, early adopters 13.5%,
  early majority 34%, late majority 34%, laggards 16%.
* :func:`spread_readiness`: a change scored on Rogers' five attributes of an
  innovation (2003, chapter 6): relative advantage, compatibility, complexity,
  trialability, observability.
* :func:`sustainability`: the NHS Sustainability Model (Maher L, Gustafson D, Evans
  A. *Sustainability Model and Guide*. NHS Institute for Innovation and
  Improvement, 2010): ten factors in three domains, rated by each member of the
  team; the team's disagreement is shown factor by factor, members named, not
  averaged away.

Drawings: :func:`qikit.plot.plot_adoption`, :func:`qikit.plot.plot_readiness`,
:func:`qikit.plot.plot_sustainability`. Curriculum: modules 10 and 11.

Examples
--------
>>> from qikit.datasets import load_dataset
>>> from qikit.spread import adoption_curve
>>> h = load_dataset("hospital_at_home")
>>> curve = adoption_curve(h, x="started", unit="partnership", total=31)
>>> curve.categories()[["category", "expected_units", "adopted_units"]]
         category  expected_units  adopted_units
0      innovators           0.775              1
1  early_adopters           4.185              4
2  early_majority          10.540             11
3   late_majority          10.540              6
4        laggards           4.960              0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import fmt_number, plural
from qikit.errors import DataError, InputError
from qikit.spread import _common as cm

__all__ = [
    "ADOPTER_CATEGORIES",
    "ROGERS_ATTRIBUTES",
    "SUSTAINABILITY_FACTORS",
    "AdoptionResult",
    "Factor",
    "ReadinessResult",
    "SustainabilityResult",
    "adoption_curve",
    "spread_readiness",
    "sustainability",
]

#: Rogers' adopter categories and their shares of a population (Rogers 2003, ch. 7:
#: the areas of a normal curve of adoption times cut at the mean and at one and two
#: standard deviations from it).
ADOPTER_CATEGORIES: tuple[tuple[str, float], ...] = (
    ("innovators", 0.025),
    ("early_adopters", 0.135),
    ("early_majority", 0.34),
    ("late_majority", 0.34),
    ("laggards", 0.16),
)
_BOUNDS = np.cumsum([s for _, s in ADOPTER_CATEGORIES])
_CATEGORY_WORDS = {
    "innovators": "innovators",
    "early_adopters": "early adopters",
    "early_majority": "early majority",
    "late_majority": "late majority",
    "laggards": "laggards",
}


# ---------------------------------------------------------------- adoption curve


@dataclass(frozen=True, repr=False, eq=False)
class AdoptionResult:
    """Units adopting a change over time, with Rogers' adopter categories.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per date on which units adopted: ``x``, ``new`` (units adopting
        that day), ``adopted`` (cumulative), ``share`` (of ``total``), ``units``
        (their names, joined by ", "), ``target`` and ``trajectory`` (the straight
        line from 0 at the first adoption to the target at ``by``; NaN without
        them), ``on_track`` (adopted at or above the trajectory).
    units : pandas.DataFrame
        One row per unit, in order of adoption: ``unit, x`` (NaT or NaN when not
        yet adopted), ``order`` (1, 2, …; ties share the lowest), ``position``
        (where it sits in the population, 0 to 1) and ``category``.
    total : int
        The units that could adopt.
    target : float or None
        The number of units to reach.
    by : object or None
        When the target should be reached.
    unit_name : str or None
        The name of the unit column.
    """

    frame: pd.DataFrame
    units: pd.DataFrame
    total: int
    target: float | None = None
    by: Any = None
    unit_name: str | None = None

    def categories(self) -> pd.DataFrame:
        """Rogers' categories: expected and observed units.

        Returns
        -------
        pandas.DataFrame
            One row per category: ``category``, ``share`` (Rogers), ``expected_units``
            (share × total), ``adopted_units`` (units that adopted and sit in it),
            ``first_x`` and ``last_x`` (its first and last adoption).
        """
        rows = []
        done = self.units.dropna(subset=["x"])
        for name, share in ADOPTER_CATEGORIES:
            part = done[done["category"] == name]
            rows.append(
                {
                    "category": name,
                    "share": share,
                    "expected_units": share * self.total,
                    "adopted_units": len(part),
                    "first_x": part["x"].min() if len(part) else None,
                    "last_x": part["x"].max() if len(part) else None,
                }
            )
        return pd.DataFrame(rows)

    def explain(self) -> str:
        """Plain-English findings: how far the change has spread, and how fast."""
        units = cm.noun(self.unit_name)
        f = self.frame
        adopted = int(f["adopted"].iloc[-1]) if len(f) else 0
        lines = [
            f"{adopted} of {self.total} {units} have adopted the change "
            f"({fmt_number(100 * adopted / self.total)}%)."
        ]
        if len(f):
            lines.append(
                f"The first adopted on {cm.fmt_x(f['x'].iloc[0])}, the latest on "
                f"{cm.fmt_x(f['x'].iloc[-1])}."
            )
        cats = self.categories()
        reached = cats[cats["adopted_units"] > 0]["category"].map(_CATEGORY_WORDS)
        if len(reached):
            lines.append("Adopters so far span Rogers' " + cm.listing(reached) + ".")
        if self.target is not None:
            hit = f[f["adopted"] >= self.target]
            if len(hit):
                lines.append(
                    f"The target of {fmt_number(self.target)} was reached on "
                    f"{cm.fmt_x(hit['x'].iloc[0])}."
                )
            else:
                when = f" by {cm.fmt_x(self.by)}" if self.by is not None else ""
                lines.append(
                    f"{fmt_number(self.target - adopted)} more {units} must adopt "
                    f"to reach the target of {fmt_number(self.target)}{when}."
                )
        return "\n".join(lines)

    def __repr__(self) -> str:
        adopted = int(self.frame["adopted"].iloc[-1]) if len(self.frame) else 0
        return f"AdoptionResult(adopted={adopted}, total={self.total})"


def adoption_curve(
    data: Any,
    *,
    x: Any,
    unit: Any,
    total: int | None = None,
    target: float | None = None,
    by: Any = None,
) -> AdoptionResult:
    """Units adopting a change over time against a target, with Rogers' categories.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit (or several: the earliest ``x`` of each unit counts),
        such as ``load_dataset("hospital_at_home")``.
    x : str or array-like
        When each unit adopted (dates or numbers; blank: not yet).
    unit : str or array-like
        The unit.
    total : int, optional
        How many units could adopt (e.g. 32 partnerships). Default: the units in
        ``data``.
    target : float, optional
        How many units should have adopted (at most ``total``).
    by : date or number, optional
        When the target should be reached: draws a straight trajectory to it.

    Returns
    -------
    AdoptionResult
        ``.frame`` (one row per adoption date), ``.units``, ``.categories()``,
        ``.explain()``.

    Raises
    ------
    InputError
        For a total smaller than the units in the data, a target above the total
        or below zero, ``by`` without a target.
    DataError
        For a missing unit label.
    ColumnError
        When a named column is not in ``data``.

    Notes
    -----
    Units are ranked by adoption date; units adopting on the same date share a
    rank. A unit's position is the middle of its block of ranks among all
    ``total`` units, ``(first + last − 1) / 2 / total``, and its category is the
    one whose band of Rogers' cumulative shares (2.5%, 16%, 50%, 84%, 100%) holds
    that position. Units that have not adopted yet are left out of the bands;
    they will be the late majority and laggards.

    Examples
    --------
    >>> import pandas as pd
    >>> from qikit.spread import adoption_curve
    >>> df = pd.DataFrame({"home": list("ABCDEFGHIJ"),
    ...                    "started": [1, 2, 2, 3, 5, 5, 6, 8, None, None]})
    >>> res = adoption_curve(df, x="started", unit="home", target=9, by=10)
    >>> res.frame[["x", "new", "adopted", "trajectory"]].head(3)
         x  new  adopted  trajectory
    0  1.0    1        1       0.000
    1  2.0    2        3       1.000
    2  3.0    1        4       2.000
    >>> res.units["category"].tolist()[:4]
    ['early_adopters', 'early_majority', 'early_majority', 'early_majority']
    """
    data = v.table(data)
    u, u_name = cm.column(data, unit, "unit", length=len(data))
    u = cm.text_labels(u, "unit")
    xs, _ = cm.column(data, x, "x", length=len(data), example="'started'")
    if xs.notna().any():
        known = cm.as_x(xs.dropna(), "x")
        if not pd.api.types.is_datetime64_any_dtype(known):
            known = pd.Series(cm.numbers(known, "x", what="date"), index=known.index)
        xs = known.reindex(xs.index)
    table = pd.DataFrame({"unit": u, "x": xs})
    first = table.groupby("unit", sort=True)["x"].min()
    n_units = len(first)
    if total is None:
        total = n_units
    total = v.whole_number(total, "total", minimum=1, example=32)
    if total < n_units:
        raise v.fail(
            "total",
            f"is smaller than the {n_units} units in the data",
            total,
            f"Give the number of units that could adopt: {n_units} or more.",
        )
    if target is not None:
        target = v.number(target, "target", minimum=0, example="32")
        if target > total:
            raise v.fail(
                "target",
                f"is more than the {total} units that could adopt",
                target,
                "Give a target of at most the total.",
            )
    if by is not None and target is None:
        raise v.fail(
            "by",
            "needs a target",
            by,
            "Give target= (how many units) as well as by= (when).",
        )
    done = first.dropna().sort_values(kind="stable")
    if pd.api.types.is_datetime64_any_dtype(done):
        if by is not None:
            by = v.timestamp(by, "by")
    elif by is not None:
        by = v.number(by, "by")
    ranks = done.rank(method="min").to_numpy()
    ranks_max = done.rank(method="max").to_numpy()
    position = (ranks + ranks_max - 1) / 2 / total
    cats = np.array([c for c, _ in ADOPTER_CATEGORIES], dtype=object)
    category = cats[np.minimum(np.searchsorted(_BOUNDS, position, side="left"), 4)]
    units = pd.DataFrame(
        {
            "unit": done.index.to_numpy(),
            "x": done.to_numpy(),
            "order": ranks.astype(int),
            "position": position,
            "category": category,
        }
    )
    later = first[first.isna()]
    if len(later):
        units = pd.concat(
            [
                units,
                pd.DataFrame(
                    {
                        "unit": later.index.to_numpy(),
                        "x": later.to_numpy(),
                        "order": np.nan,
                        "position": np.nan,
                        "category": "",
                    }
                ),
            ],
            ignore_index=True,
        )
    frame = _curve(done, total, target, by)
    return AdoptionResult(
        frame=frame, units=units, total=total, target=target, by=by, unit_name=u_name
    )


def _curve(done: pd.Series, total: int, target, by) -> pd.DataFrame:
    groups = done.groupby(done, sort=True)
    rows = []
    adopted = 0
    for when, g in groups:
        adopted += len(g)
        rows.append(
            {
                "x": when,
                "new": len(g),
                "adopted": adopted,
                "share": adopted / total,
                "units": ", ".join(map(str, g.index)),
            }
        )
    out = pd.DataFrame(rows, columns=["x", "new", "adopted", "share", "units"])
    out["target"] = np.nan if target is None else float(target)
    out["trajectory"] = np.nan
    if target is not None and by is not None and len(out):
        start = out["x"].iloc[0]
        span = by - start
        done_by = (out["x"] - start) / span if _nonzero(span) else 1.0
        out["trajectory"] = np.clip(np.asarray(done_by, dtype=float), 0, 1) * target
    out["on_track"] = out["adopted"] >= out["trajectory"].fillna(-np.inf)
    return out


def _nonzero(span: Any) -> bool:
    return (
        bool(span != pd.Timedelta(0)) if isinstance(span, pd.Timedelta) else span != 0
    )


# --------------------------------------------------------------- readiness

#: Rogers' attributes of an innovation (Rogers 2003, ch. 6), each with the question
#: a team answers and what helps when it scores low (our words). Complexity counts
#: against adoption: a high score is unfavourable.
ROGERS_ATTRIBUTES: dict[str, tuple[str, str]] = {
    "relative_advantage": (
        "How much better than the current way is the change, in the adopters' eyes?",
        "Show the gain in the adopters' own terms: time saved, harm avoided.",
    ),
    "compatibility": (
        "How well does it fit the adopters' values, needs and ways of working?",
        "Adapt the change to local practice, keeping what makes it work.",
    ),
    "complexity": (
        "How hard is it to understand and to use? (High is hard.)",
        "Simplify: split it into parts, and give a one-page guide and a contact.",
    ),
    "trialability": (
        "How easily can it be tried on a small scale first?",
        "Offer a small first test (one shift, one patient) that costs little.",
    ),
    "observability": (
        "How visible are its results to others?",
        "Make the results seen: run charts on the ward, visits, stories.",
    ),
}
_ATTR_ALIASES = {
    "advantage": "relative_advantage",
    "relative advantage": "relative_advantage",
    "fit": "compatibility",
    "simplicity": "complexity",
    "trial": "trialability",
    "visibility": "observability",
}


@dataclass(frozen=True, repr=False, eq=False)
class ReadinessResult:
    """A change scored on Rogers' five attributes.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per change and attribute: ``change, attribute, raters, mean,
        minimum, maximum, sd`` (of the scores as given), ``favourable`` (the mean
        with complexity reversed, so that high is always good), ``question``,
        ``advice``.
    overall : pandas.DataFrame
        One row per change: ``change``, ``readiness`` (mean of ``favourable``
        over the five attributes, unweighted: Rogers gives no weights),
        ``weakest`` (the attribute with the lowest favourable score).
    scale : tuple of float
        The lowest and highest score allowed.
    """

    frame: pd.DataFrame
    overall: pd.DataFrame
    scale: tuple[float, float]

    def explain(self) -> str:
        """Plain-English findings: readiness and the weakest attribute, with advice."""
        lines = []
        lo, hi = self.scale
        for _, row in self.overall.iterrows():
            name = f"{row['change']}: " if row["change"] else ""
            weak = row["weakest"]
            lines.append(
                f"{name}readiness {fmt_number(row['readiness'])} on a scale of "
                f"{fmt_number(lo)} to {fmt_number(hi)}; weakest: "
                f"{weak.replace('_', ' ')}. {ROGERS_ATTRIBUTES[weak][1]}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ReadinessResult(changes={len(self.overall)})"


def spread_readiness(
    data: Any,
    *,
    y: Any = "score",
    attribute: Any = "attribute",
    change: Any = None,
    scale: Sequence[float] = (1, 5),
) -> ReadinessResult:
    """Readiness of a change to spread, scored on Rogers' attributes.

    Parameters
    ----------
    data : pandas.DataFrame or dict
        One row per rater and attribute (and change), or a dict ``{attribute:
        score}`` for one rater and one change.
    y, attribute, change : str or array-like
        The score; the attribute (relative advantage, compatibility, complexity,
        trialability, observability; names as in :data:`ROGERS_ATTRIBUTES`, with
        spaces or underscores); the change scored, when several are.
    scale : (low, high)
        The scale of the scores (default 1 to 5). Complexity is scored as asked
        ("how hard"), so a high score counts against readiness.

    Returns
    -------
    ReadinessResult
        ``.frame``, ``.overall``, ``.explain()``.

    Raises
    ------
    InputError
        For a scale that is not two increasing numbers.
    DataError
        For a score outside the scale, an unknown attribute, or a change without
        all five attributes.

    Examples
    --------
    >>> from qikit.spread import spread_readiness
    >>> res = spread_readiness({"relative_advantage": 5, "compatibility": 4,
    ...                         "complexity": 4, "trialability": 5,
    ...                         "observability": 3})
    >>> res.overall[["readiness", "weakest"]]
       readiness     weakest
    0        3.8  complexity
    """
    lo, hi = _scale(scale)
    if isinstance(data, Mapping):
        data = pd.DataFrame({"attribute": list(data), "score": list(data.values())})
        y, attribute = "score", "attribute"
    data = v.table(data)
    a, _ = cm.column(data, attribute, "attribute", length=len(data))
    attrs = _attributes(cm.text_labels(a, "attribute"))
    s, _ = cm.column(data, y, "y", length=len(data), example="'score'")
    scores = cm.numbers(s, "y", what="score")
    bad = np.flatnonzero((scores < lo) | (scores > hi))
    if bad.size:
        raise DataError(
            f"`y`: {plural(bad.size, 'score')} {'is' if bad.size == 1 else 'are'} "
            f"outside the scale of {fmt_number(lo)} to {fmt_number(hi)} "
            f"({v.rows_text(bad)}, got {fmt_number(scores[bad[0]])}). Correct them, "
            "or give the scale with scale=(low, high)."
        )
    if change is None:
        ch = pd.Series([""] * len(data))
    else:
        ch, _ = cm.column(data, change, "change", length=len(data))
        ch = cm.text_labels(ch, "change")
    table = pd.DataFrame({"change": ch, "attribute": attrs, "score": scores})
    table["favourable"] = np.where(
        table["attribute"] == "complexity", lo + hi - table["score"], table["score"]
    )
    rows, overall = [], []
    for name, g in table.groupby("change", sort=False):
        missing = [k for k in ROGERS_ATTRIBUTES if k not in set(g["attribute"])]
        if missing:
            raise DataError(
                f"`attribute`: {'the change ' + repr(name) if name else 'the data'} "
                f"has no score for {cm.listing(m.replace('_', ' ') for m in missing)}. "
                "Score all five of Rogers' attributes."
            )
        per = []
        for key, (question, advice) in ROGERS_ATTRIBUTES.items():
            part = g[g["attribute"] == key]
            sc = part["score"].to_numpy()
            row = {
                "change": name,
                "attribute": key,
                "raters": sc.size,
                "mean": sc.mean(),
                "minimum": sc.min(),
                "maximum": sc.max(),
                "sd": sc.std(ddof=1) if sc.size > 1 else np.nan,
                "favourable": part["favourable"].mean(),
                "question": question,
                "advice": advice,
            }
            rows.append(row)
            per.append(row)
        fav = np.array([r["favourable"] for r in per])
        overall.append(
            {
                "change": name,
                "readiness": float(fav.mean()),
                "weakest": per[int(np.argmin(fav))]["attribute"],
            }
        )
    return ReadinessResult(
        frame=pd.DataFrame(rows), overall=pd.DataFrame(overall), scale=(lo, hi)
    )


def _scale(scale: Any) -> tuple[float, float]:
    if isinstance(scale, str) or not isinstance(scale, Sequence) or len(scale) != 2:
        raise v.fail(
            "scale", "must be two numbers (low, high)", scale, "Give scale=(1, 5)."
        )
    lo = v.number(scale[0], "scale[0]")
    hi = v.number(scale[1], "scale[1]")
    if hi <= lo:
        raise v.fail("scale", "must go from low to high", scale, "Give scale=(1, 5).")
    return lo, hi


def _attributes(values: pd.Series) -> list[str]:
    out = []
    for i, a in enumerate(values.tolist()):
        try:
            out.append(
                v.choice(a, "attribute", list(ROGERS_ATTRIBUTES), aliases=_ATTR_ALIASES)
            )
        except InputError as error:
            raise DataError(
                str(error).replace("`attribute`:", f"`attribute` ({v.rows_text([i])}):")
            ) from None
    return out


# ------------------------------------------------------------- sustainability


class Factor(NamedTuple):
    """One factor of the NHS Sustainability Model."""

    key: str
    name: str
    domain: str


#: The ten factors of the NHS Sustainability Model in its three domains (Maher,
#: Gustafson and Evans, NHS Institute for Innovation and Improvement 2010), named as
#: in ``datasets/README.md``.
SUSTAINABILITY_FACTORS: tuple[Factor, ...] = (
    Factor("benefits", "Benefits beyond helping patients", "process"),
    Factor("credibility", "Credibility of the evidence", "process"),
    Factor("adaptability", "Adaptability of improved process", "process"),
    Factor("monitoring", "Effectiveness of the system to monitor progress", "process"),
    Factor(
        "involvement", "Staff involvement and training to sustain the process", "staff"
    ),
    Factor("behaviours", "Staff behaviours toward sustaining the change", "staff"),
    Factor("senior_leaders", "Senior leadership engagement", "staff"),
    Factor("clinical_leaders", "Clinical leadership engagement", "staff"),
    Factor(
        "fit", "Fit with the organisation's strategic aims and culture", "organisation"
    ),
    Factor("infrastructure", "Infrastructure for sustainability", "organisation"),
)
#: The levels of each factor: the model offers four statements per factor; 1 is the
#: weakest position for sustaining the change, 4 the strongest.
LEVELS = (1, 2, 3, 4)
_FACTOR_KEYS = {f.key: f for f in SUSTAINABILITY_FACTORS}
_FACTOR_NAMES = {f.name.casefold(): f for f in SUSTAINABILITY_FACTORS}
_FACTOR_ALIASES = {
    "benefits_beyond_helping_patients": "benefits",
    "credibility_of_the_benefits": "credibility",
    "credibility_of_benefits": "credibility",
    "adaptability": "adaptability",
    "monitoring_progress": "monitoring",
    "training_and_involvement": "involvement",
    "staff_attitudes_towards_sustaining_the_change": "behaviours",
    "senior_leadership": "senior_leaders",
    "clinical_leadership": "clinical_leaders",
    "fit_with_goals_and_culture": "fit",
}


@dataclass(frozen=True, repr=False, eq=False)
class SustainabilityResult:
    """A team's Sustainability Model ratings, disagreement shown.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per team (and round) and factor: ``unit``, ``x`` (when rounds were
        given), ``domain``, ``factor``, ``members``, ``median``, ``mean``,
        ``minimum``, ``maximum``, ``range``, ``sd``, ``level_1`` … ``level_4``
        (members at each level), ``lowest`` and ``highest`` (the members at the
        team's lowest and highest rating, joined by ", "), and with weights
        ``score_mean`` and ``score_max``.
    ratings : pandas.DataFrame
        Every member's rating, unaveraged: ``unit, x, member, domain, factor,
        rating``, and ``score`` (the weight of that level) with weights.
    weights : dict or None
        ``{factor name: (score of level 1, …, level 4)}`` when given.
    """

    frame: pd.DataFrame
    ratings: pd.DataFrame
    weights: dict | None = None
    unit_name: str | None = None
    x_name: str | None = None

    def disagreement(
        self, top: int | None = None, *, at_least: int = 2
    ) -> pd.DataFrame:
        """Where members disagree most: factors by range, then standard deviation.

        Parameters
        ----------
        top : int, optional
            Keep only this many rows.
        at_least : int
            Keep factors whose range is at least this many levels (default 2).
        """
        at_least = v.whole_number(at_least, "at_least", minimum=0, maximum=3)
        if top is not None:
            top = v.whole_number(top, "top", minimum=1)
        f = self.frame[self.frame["range"] >= at_least]
        f = f.sort_values(["range", "sd"], ascending=False, kind="stable")
        f = f.reset_index(drop=True)
        return f if top is None else f.head(top)

    def scores(self) -> pd.DataFrame:
        """Each member's total score with the Guide's weights, and the team's spread.

        Returns
        -------
        pandas.DataFrame
            One row per team (and round) and member: ``unit, x, member, total``
            (the sum of the member's ten factor scores), and the team's
            ``team_mean``, ``team_minimum``, ``team_maximum``, ``team_sd`` beside
            each member.

        Raises
        ------
        InputError
            When no weights were given (they are not built in: see
            :func:`sustainability`).
        """
        if self.weights is None:
            raise v.fail(
                "weights",
                "are needed for scores, and are not built into qikit",
                None,
                "Copy the score of each level of each factor from the Sustainability "
                "Model's score sheet and pass them as sustainability(..., "
                "weights={factor: (level 1, level 2, level 3, level 4)}).",
            )
        keys = ["unit", "x"] if "x" in self.ratings.columns else ["unit"]
        total = self.ratings.groupby([*keys, "member"], sort=True)["score"].sum()
        out = total.rename("total").reset_index()
        team = out.groupby(keys)["total"]
        out["team_mean"] = team.transform("mean")
        out["team_minimum"] = team.transform("min")
        out["team_maximum"] = team.transform("max")
        out["team_sd"] = team.transform(lambda s: s.std(ddof=1))
        return out

    def explain(self) -> str:
        """Plain-English findings per team: weakest factors, widest disagreement."""
        lines = []
        keys = ["unit", "x"] if "x" in self.frame.columns else ["unit"]
        teams = cm.noun(self.unit_name, "teams")
        members = len(self.ratings[["unit", "member"]].drop_duplicates())
        lines.append(
            f"{self.frame['unit'].nunique()} {teams}: {members} members rated the "
            "ten factors."
        )
        when = (self.x_name or "round").strip()
        for key, g in self.frame.groupby(keys, sort=True):
            key = key if isinstance(key, tuple) else (key,)
            label = str(key[0]) + (
                f", {when} {cm.fmt_x(key[1])}" if len(key) > 1 else ""
            )
            weakest = g.sort_values(["median", "mean"], kind="stable").head(2)
            text = f"{label}: weakest " + cm.listing(
                f"{f.lower()} (median {fmt_number(m)})"
                for f, m in zip(weakest["factor"], weakest["median"], strict=True)
            )
            wide = g[g["range"] >= 2].sort_values(
                "range", ascending=False, kind="stable"
            )
            if len(wide):
                r = wide.iloc[0]
                text += (
                    f"; members disagree most on {r['factor'].lower()} "
                    f"(from {int(r['minimum'])}: {r['lowest']}; to "
                    f"{int(r['maximum'])}: {r['highest']})"
                )
            lines.append(text + ".")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"SustainabilityResult(teams={self.frame['unit'].nunique()}, "
            f"weighted={self.weights is not None})"
        )


def sustainability(
    data: Any,
    *,
    y: Any = "rating",
    factor: Any = "factor",
    member: Any = "member",
    unit: Any = "team",
    x: Any = None,
    weights: Mapping[str, Sequence[float]] | None = None,
) -> SustainabilityResult:
    """The NHS Sustainability Model: each member's ratings, the team's disagreement.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per member and factor (and round), such as
        ``load_dataset("sustainability_ratings")``.
    y : str or array-like
        The level chosen, 1 (weakest for sustaining) to 4 (strongest).
    factor : str or array-like
        The factor: its name as in :data:`SUSTAINABILITY_FACTORS` (case and
        spaces ignored) or its short key ("senior_leaders").
    member, unit : str or array-like
        Who rated, and their team.
    x : str or array-like, optional
        The round (a date or number), when the team rated more than once.
    weights : dict, optional
        ``{factor: (score of level 1, level 2, level 3, level 4)}`` for all ten
        factors, from the Sustainability Model's score sheet; needed for
        :meth:`SustainabilityResult.scores`. Not built in (see Notes).

    Returns
    -------
    SustainabilityResult
        ``.frame`` (per team and factor, with the spread of ratings and the
        members at either end), ``.ratings`` (unaveraged), ``.disagreement()``,
        ``.scores()`` (with weights), ``.explain()``.

    Raises
    ------
    InputError
        For weights that do not give four non-negative, non-decreasing scores
        for every factor.
    DataError
        For a rating outside 1 to 4 or not a whole number, an unknown factor
        (with did-you-mean), a missing member or team, two ratings of one factor
        by one member in one round.

    Notes
    -----
    The Guide's score sheet gives each level of each factor a score; the factors
    weigh differently (the leadership factors most) and the ten maxima add up to
    about 100. qikit does not reproduce those numbers: we could not confirm the
    full table from a source we could cite here (MacDonald et al., *Implementation
    Science Communications* 2021;2:111, table 5, quote some factors' maxima, not
    every level). Copy them from the score sheet of the Guide you use and pass
    them as ``weights``. Without weights, every view here reads the levels
    themselves, which compare like with like within a factor.

    The team's disagreement is the point (Doyle et al., *Implementation Science*
    2013;8:127, found the diversity of opinion within teams fell as they used
    the model): ``frame`` keeps the range, the standard deviation, the count at
    each level and the members at either end, and ``ratings`` keeps every
    member's own rating.

    Examples
    --------
    >>> from qikit.datasets import load_dataset
    >>> from qikit.spread import sustainability
    >>> sm = sustainability(load_dataset("sustainability_ratings"), x="round")
    >>> row = sm.disagreement(top=1).iloc[0]
    >>> print(row["unit"], row["x"], row["factor"], row["lowest"], sep=" | ")
    Team 4 | 1 | Staff involvement and training to sustain the process | M01, M04, M06
    """
    data = v.table(data)
    n = len(data)
    u, u_name = cm.column(data, unit, "unit", length=n)
    m, _ = cm.column(data, member, "member", length=n, example="'member'")
    fa, _ = cm.column(data, factor, "factor", length=n, example="'factor'")
    r, _ = cm.column(data, y, "y", length=n, example="'rating'")
    table = pd.DataFrame(
        {
            "unit": cm.text_labels(u, "unit"),
            "member": cm.text_labels(m, "member"),
        }
    )
    x_name = None
    if x is not None:
        xs, x_name = cm.column(data, x, "x", length=n, example="'round'")
        table["x"] = cm.as_x(xs, "x").to_numpy()
    factors = _factors(cm.text_labels(fa, "factor"))
    table["domain"] = [f.domain for f in factors]
    table["factor"] = [f.name for f in factors]
    rating = cm.numbers(r, "y", what="rating")
    bad = np.flatnonzero(~np.isin(rating, LEVELS))
    if bad.size:
        raise DataError(
            f"`y`: {plural(bad.size, 'rating')} {'is' if bad.size == 1 else 'are'} "
            f"not a level of the model ({v.rows_text(bad)}, got "
            f"{fmt_number(rating[bad[0]])}). Use 1 (weakest) to 4 (strongest)."
        )
    table["rating"] = rating.astype(int)
    keys = ["unit", "x"] if x is not None else ["unit"]
    dup = table.duplicated([*keys, "member", "factor"], keep=False).to_numpy()
    if dup.any():
        rows = np.flatnonzero(dup)
        first = table.iloc[rows[0]]
        raise DataError(
            f"`y`: {first['member']!r} rated {first['factor']!r} more than once "
            f"({v.rows_text(rows)}). Keep one rating per member, factor and round."
        )
    w = _weights(weights) if weights is not None else None
    if w is not None:
        table["score"] = [
            w[f][lvl - 1]
            for f, lvl in zip(table["factor"], table["rating"], strict=True)
        ]
    frame = _spread(table, keys, w)
    order = [*keys, "member", "domain", "factor", "rating"] + (
        ["score"] if w is not None else []
    )
    return SustainabilityResult(
        frame=frame,
        ratings=table[order].reset_index(drop=True),
        weights=w,
        unit_name=u_name,
    )


def _factors(values: pd.Series) -> list[Factor]:
    out = []
    cache: dict[str, Factor] = {}
    for i, raw in enumerate(values.tolist()):
        if raw in cache:
            out.append(cache[raw])
            continue
        key = raw.strip().casefold()
        hit = _FACTOR_NAMES.get(key)
        if hit is None:
            k = key.replace("-", "_").replace(" ", "_").replace("'", "")
            k = _FACTOR_ALIASES.get(k, k)
            hit = _FACTOR_KEYS.get(k)
        if hit is None:
            names = [f.name for f in SUSTAINABILITY_FACTORS]
            near = v.closest(raw, names + list(_FACTOR_KEYS))
            near = _FACTOR_KEYS[near].name if near in _FACTOR_KEYS else near
            raise DataError(
                f"`factor`: {raw!r} is not a factor of the NHS Sustainability Model "
                f"({v.rows_text([i])}). "
                + (f"Did you mean {near!r}? " if near else "")
                + f"The factors are: {cm.listing(repr(n) for n in names)}."
            )
        cache[raw] = hit
        out.append(hit)
    return out


def _weights(weights: Any) -> dict[str, tuple[float, ...]]:
    if not isinstance(weights, Mapping):
        raise v.fail(
            "weights",
            "must be a dictionary",
            weights,
            "Give {factor: (level 1, level 2, level 3, level 4)}.",
        )
    out: dict[str, tuple[float, ...]] = {}
    for key, levels in weights.items():
        try:
            (f,) = _factors(pd.Series([str(key)]))
        except DataError as error:
            raise v.fail(
                v.path("weights", str(key)),
                "is not a factor of the model",
                key,
                str(error).split(". ", 1)[-1],
            ) from None
        arg = v.path("weights", f.key)
        if (
            isinstance(levels, str)
            or not isinstance(levels, Sequence)
            or len(levels) != 4
        ):
            raise v.fail(
                arg,
                "must be four scores, one per level",
                levels,
                "Give (level 1, level 2, level 3, level 4).",
            )
        nums = tuple(
            v.number(x, v.path(arg, i), minimum=0) for i, x in enumerate(levels)
        )
        if any(b < a for a, b in zip(nums, nums[1:], strict=False)):
            raise v.fail(
                arg,
                "must not fall from level 1 to level 4",
                levels,
                "Level 4 is the strongest position: give it the highest score.",
            )
        out[f.name] = nums
    missing = [f.name for f in SUSTAINABILITY_FACTORS if f.name not in out]
    if missing:
        raise v.fail(
            "weights",
            f"lacks {plural(len(missing), 'factor')}",
            cm.listing(missing, limit=3),
            "Give the scores of all ten factors.",
        )
    return out


def _spread(table: pd.DataFrame, keys: list[str], w) -> pd.DataFrame:
    rows = []
    for key, g in table.groupby([*keys, "factor"], sort=False):
        s = g["rating"].to_numpy()
        lo, hi = s.min(), s.max()
        row = dict(zip([*keys, "factor"], key, strict=True))
        row.update(
            {
                "domain": g["domain"].iloc[0],
                "members": s.size,
                "median": float(np.median(s)),
                "mean": float(s.mean()),
                "minimum": int(lo),
                "maximum": int(hi),
                "range": int(hi - lo),
                "sd": float(s.std(ddof=1)) if s.size > 1 else np.nan,
                **{f"level_{k}": int((s == k).sum()) for k in LEVELS},
                "lowest": ", ".join(g["member"][s == lo]),
                "highest": ", ".join(g["member"][s == hi]),
            }
        )
        if w is not None:
            row["score_mean"] = float(g["score"].mean())
            row["score_max"] = w[key[-1]][-1]
        rows.append(row)
    out = pd.DataFrame(rows)
    order = {f.name: i for i, f in enumerate(SUSTAINABILITY_FACTORS)}
    out["_k"] = out["factor"].map(order)
    out = out.sort_values([*keys, "_k"], kind="stable").drop(columns="_k")
    cols = [
        *keys,
        "domain",
        "factor",
        "members",
        "median",
        "mean",
        "minimum",
        "maximum",
        "range",
        "sd",
        "level_1",
        "level_2",
        "level_3",
        "level_4",
        "lowest",
        "highest",
    ] + (["score_mean", "score_max"] if w is not None else [])
    return out[cols].reset_index(drop=True)
