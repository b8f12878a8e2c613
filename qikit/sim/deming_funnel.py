"""Deming's funnel experiment: what tampering with a stable process does.

A marble is dropped through a funnel held over a target on a table; it lands a little
way off, by chance. Four rules for moving the funnel between drops (Deming, *Out of
the Crisis*, 1986, chapter 11; *The New Economics*, 1993, chapter 9):

1. Leave the funnel over the target.
2. Move the funnel from its last position by the opposite of the last error.
3. Set the funnel over the target's mirror of the last drop (move it from the target
   by the opposite of the last error).
4. Set the funnel over the last drop.

Rule 1 gives the smallest spread. Rule 2, the commonest kind of adjustment, doubles
the variance; rules 3 and 4 drift further and further away. :func:`funnel_experiment`
drops the marbles; :func:`funnel_summary` measures the spread of each rule. (The name
``funnel`` is kept for the funnel plots of :mod:`qikit.spread`.)

Examples
--------
>>> from qikit.sim import funnel_experiment, funnel_summary
>>> drops = funnel_experiment(rule=[1, 2, 3, 4], drops=500, seed=2026)
>>> funnel_summary(drops)[["rule", "drops", "ratio_to_rule_1"]].round(1)
   rule  drops  ratio_to_rule_1
0     1    500              1.0
1     2    500              2.0
2     3    500            525.1
3     4    500            150.7
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit.sim._rng import as_generator

__all__ = ["FUNNEL_COLUMNS", "FUNNEL_RULES", "funnel_experiment", "funnel_summary"]

#: The four rules, in plain English.
FUNNEL_RULES: dict[int, str] = {
    1: "leave the funnel over the target",
    2: "move the funnel from its last position by the opposite of the last error",
    3: "set the funnel as far from the target as the last drop, on the other side",
    4: "set the funnel over the last drop",
}
#: Columns of the frame :func:`funnel_experiment` returns (after ``room``).
FUNNEL_COLUMNS: tuple[str, ...] = ("drop", "rule", "x", "y", "funnel_x", "funnel_y")

#: Most marbles (rooms × drops × rules) one call drops.
MAX_MARBLES = 20_000_000

_RULE_FIX = (
    "Use 1 (leave the funnel alone), 2 (move it from its last position), 3 (move it "
    "from the target), 4 (set it over the last drop), or a list such as [1, 2, 3, 4]."
)


def _rules(rule: Any) -> list[int]:
    many = isinstance(rule, list | tuple | np.ndarray | pd.Series)
    items = list(rule) if many else [rule]
    if many and not items:
        raise v.fail("rule", "is an empty list", rule, _RULE_FIX)
    out: list[int] = []
    for i, item in enumerate(items):
        where = v.path("rule", i) if many else "rule"
        plain = item.item() if isinstance(item, np.generic) else item
        if isinstance(plain, float) and plain.is_integer():
            plain = int(plain)
        if isinstance(plain, str) and plain.strip().isdigit():
            plain = int(plain.strip())
        if isinstance(plain, bool) or plain not in FUNNEL_RULES:
            raise v.fail(where, "is not one of Deming's funnel rules", item, _RULE_FIX)
        if plain in out:
            raise v.fail(where, "repeats a rule", item, "Give each rule once.")
        out.append(int(plain))
    return out


def funnel_experiment(
    rule: int | Iterable[int] = 1,
    drops: int = 50,
    sigma: float = 1.0,
    *,
    rooms: int = 1,
    seed: Any = None,
) -> pd.DataFrame:
    """Drop marbles through a funnel moved by one of Deming's four rules.

    Parameters
    ----------
    rule : {1, 2, 3, 4} or list of them, default 1
        How the funnel is moved between drops (see :data:`FUNNEL_RULES`). With a list,
        every rule is run on the same chance errors, drop by drop, so the rules are
        compared fairly.
    drops : int, default 50
        Marbles dropped under each rule.
    sigma : float, default 1.0
        Standard deviation of where a marble lands around the funnel, in each of x
        and y (the target is at 0, 0).
    rooms : int, default 1
        How many rooms run the experiment at once, each with its own chance errors.
    seed : None, int or numpy.random.Generator
        Seed for repeatable drops (see :func:`qikit.sim.as_generator`).

    Returns
    -------
    pandas.DataFrame
        One row per drop per rule (per room), rule by rule. Columns ``room`` (only
        when ``rooms > 1``), ``drop`` (1, 2, …), ``rule``, ``x``, ``y`` (where the
        marble landed), ``funnel_x``, ``funnel_y`` (where the funnel was for that
        drop). ``qic(drops[drops["rule"] == 2], x="drop", y="x", chart="i")``
        charts rule 2's errors across the table.

    Raises
    ------
    qikit.errors.InputError
        For an unknown rule, a rule given twice, fewer than 1 drop or a ``sigma``
        that is not a positive number.

    See Also
    --------
    funnel_summary : the spread under each rule.

    Notes
    -----
    With chance errors ``e₁, e₂, …`` (independent, normal, sd ``sigma``) and the
    funnel starting over the target, drop ``k`` lands at ``zₖ = fₖ + eₖ`` where:

    * rule 1: ``fₖ = 0``, so ``zₖ = eₖ``, variance σ²;
    * rule 2: ``fₖ₊₁ = fₖ − zₖ = −eₖ``, so ``zₖ = eₖ − eₖ₋₁``, variance 2σ²;
    * rule 3: ``fₖ₊₁ = −zₖ``, so ``zₖ = eₖ − eₖ₋₁ + eₖ₋₂ − …``, variance kσ²: it
      swings from side to side, further and further;
    * rule 4: ``fₖ₊₁ = zₖ``, so ``zₖ = e₁ + … + eₖ`` (a random walk), variance kσ².

    Each rule is worked out for every drop and room at once from these sums (no
    loop over drops).

    Examples
    --------
    >>> funnel_experiment(rule=2, drops=3, seed=1).round(2)
       drop  rule     x     y  funnel_x  funnel_y
    0     1     2  0.35  0.82      0.00      0.00
    1     2     2 -0.02 -2.12     -0.35     -0.82
    2     3     2  0.57  1.75     -0.33      1.30
    >>> funnel_experiment(rule=5)
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `rule`: is not one of Deming's funnel rules (got 5). \
Use 1 (leave the funnel alone), 2 (move it from its last position), 3 (move it from \
the target), 4 (set it over the last drop), or a list such as [1, 2, 3, 4].
    """
    rules = _rules(rule)
    drops = v.whole_number(drops, "drops", minimum=1, example=50)
    sigma = v.number(sigma, "sigma", positive=True, example="1.0")
    rooms = v.whole_number(rooms, "rooms", minimum=1, example=1)
    if rooms * drops * len(rules) > MAX_MARBLES:
        raise v.fail(
            "drops",
            f"with {rooms:,} rooms and {len(rules)} rules asks for "
            f"{rooms * drops * len(rules):,} drops, more than {MAX_MARBLES:,}",
            drops,
            "Use fewer drops or rooms.",
        )
    rng = as_generator(seed)

    error = rng.normal(0.0, sigma, size=(rooms, drops, 2))
    # a handful of rules, each vectorised over rooms and drops; laid out room by
    # room, then rule by rule, then drop by drop
    land = np.stack([_landing(r, error) for r in rules], axis=1)
    funnel = land - error[:, None]
    k = len(rules)
    cols: dict[str, Any] = {}
    if rooms > 1:
        cols["room"] = np.repeat(np.arange(1, rooms + 1, dtype=np.int64), k * drops)
    cols["drop"] = np.tile(np.arange(1, drops + 1, dtype=np.int64), rooms * k)
    cols["rule"] = np.tile(np.repeat(np.array(rules, dtype=np.int64), drops), rooms)
    land = land.reshape(-1, 2)
    funnel = funnel.reshape(-1, 2)
    cols["x"], cols["y"] = land[:, 0], land[:, 1]
    cols["funnel_x"], cols["funnel_y"] = funnel[:, 0], funnel[:, 1]
    frame = pd.DataFrame(cols)
    frame.attrs["qikit.sim"] = {
        "game": "funnel",
        "rules": rules,
        "drops": drops,
        "sigma": sigma,
        "rooms": rooms,
    }
    return frame


def _landing(rule: int, error: np.ndarray) -> np.ndarray:
    """Where each marble lands under ``rule`` (axis 1 is the drop)."""
    if rule == 1:
        return error.copy()
    if rule == 2:
        funnel = np.zeros_like(error)
        funnel[:, 1:] = -error[:, :-1]
        return funnel + error
    if rule == 3:
        sign = np.where(np.arange(error.shape[1]) % 2 == 0, 1.0, -1.0)[None, :, None]
        return sign * np.cumsum(sign * error, axis=1)
    return np.cumsum(error, axis=1)


def funnel_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """The spread of the drops under each rule.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame :func:`funnel_experiment` returned (columns ``rule``, ``x``, ``y``,
        and ``room`` when there are rooms).

    Returns
    -------
    pandas.DataFrame
        One row per rule (per room). Columns ``room`` (when ``frame`` has rooms),
        ``rule``, ``description``, ``drops``, ``sd_x``, ``sd_y`` (standard
        deviations of where the marbles landed), ``mean_distance`` and
        ``max_distance`` (from the target), ``mean_square`` (mean squared
        distance from the target) and ``ratio_to_rule_1`` (``mean_square`` over
        rule 1's; NaN when rule 1 was not run).

    Raises
    ------
    qikit.errors.InputError
        When ``frame`` is not a funnel frame.

    Notes
    -----
    Theory for the mean squared distance from the target after ``k`` drops with
    spread σ in each direction: 2σ² under rule 1, 4σ² under rule 2 (so the ratio
    tends to 2), and growing in proportion to ``k`` under rules 3 and 4.

    Examples
    --------
    >>> s = funnel_summary(funnel_experiment(rule=(1, 4), drops=100, seed=3))
    >>> s[["rule", "sd_x", "mean_distance"]].round(2)
       rule  sd_x  mean_distance
    0     1  1.04           1.29
    1     4  2.51           3.71
    """
    data = v.table(frame, "frame")
    for name in ("rule", "x", "y"):
        v.column(data, name, "frame")
    if data.empty:
        raise v.fail(
            "frame", "has no rows", fix="Pass the frame funnel_experiment() returned."
        )
    xy = data[["x", "y"]].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    if not np.isfinite(xy).all():
        raise v.fail(
            "frame",
            "columns 'x' and 'y' must hold finite numbers",
            fix="Pass the frame funnel_experiment() returned.",
        )
    known = data["rule"].isin(list(FUNNEL_RULES))
    if not known.all():
        raise v.fail(
            "frame",
            "column 'rule' holds values that are not funnel rules",
            data.loc[~known, "rule"].head(3).tolist(),
            "Pass the frame funnel_experiment() returned (rules 1 to 4).",
        )
    keys = ["room", "rule"] if "room" in data.columns else ["rule"]
    work = data[keys].copy()
    work["x"], work["y"] = xy[:, 0], xy[:, 1]
    work["distance"] = np.hypot(xy[:, 0], xy[:, 1])
    work["square"] = work["distance"] ** 2
    grouped = work.groupby(keys, sort=True)
    out = grouped.agg(
        drops=("x", "size"),
        sd_x=("x", "std"),
        sd_y=("y", "std"),
        mean_distance=("distance", "mean"),
        max_distance=("distance", "max"),
        mean_square=("square", "mean"),
    ).reset_index()
    first = out[out["rule"] == 1].set_index(keys[:-1] or ["rule"])["mean_square"]
    if keys == ["rule"]:
        base = float(first.iloc[0]) if len(first) else np.nan
        out["ratio_to_rule_1"] = out["mean_square"] / base
    else:
        out["ratio_to_rule_1"] = out["mean_square"] / out["room"].map(first).astype(
            float
        )
    out.insert(
        len(keys),
        "description",
        out["rule"].map(lambda r: FUNNEL_RULES.get(int(r), "")).astype(str),
    )
    return out
