"""Deming's red bead experiment: willing workers, a paddle and a box of beads.

The box holds white beads (good work) and red beads (defects). Each day each willing
worker stirs the box and dips a paddle with a fixed number of holes into it; the red
beads on the paddle are that worker's defects for the day. Nothing the workers do can
change the count: it is set by the system (the share of red beads in the box, the
paddle). Management nevertheless ranks the workers, hands out merit awards, puts up
slogans and puts the "worst" worker on probation. :func:`red_beads` runs the
experiment; :func:`bead_management` does the management, and says for each worker
whether the result is inside the p chart's limits, which shows why ranking random
variation is unfair (Deming, *Out of the Crisis*, 1986, chapter 11; *The New
Economics*, 1993, chapter 7).

Examples
--------
>>> import qikit
>>> from qikit.sim import red_beads, bead_management
>>> beads = red_beads(seed=2026)
>>> beads.head(3)
   day    worker  draw  red  paddle  share
0    1     Aisha     1   15      50   0.30
1    1       Ben     2    8      50   0.16
2    1  Catriona     3   15      50   0.30
>>> res = qikit.qic(beads, x="draw", y="red", n="paddle", chart="p")
>>> bool(res.frame["signal"].any())
False
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import join_words
from qikit.charts.qic import qic
from qikit.errors import InputError, QikitWarning
from qikit.sim._rng import as_generator

__all__ = [
    "BEAD_COLUMNS",
    "SLOGANS",
    "WORKER_NAMES",
    "bead_management",
    "red_beads",
    "slogan",
]

#: Names for the willing workers when only their number is given.
WORKER_NAMES: tuple[str, ...] = (
    "Aisha",
    "Ben",
    "Catriona",
    "Dev",
    "Eilidh",
    "Fraser",
    "Grace",
    "Hamish",
    "Isla",
    "Jamal",
    "Kirsty",
    "Lewis",
)
#: Management's slogans: exhortations that change nothing in the system.
SLOGANS: tuple[str, ...] = (
    "Zero defects!",
    "Do it right first time!",
    "Quality is everyone's job.",
    "Take pride in your work!",
    "Be a quality worker!",
    "Red beads cost us money!",
)
#: Columns of the frame :func:`red_beads` returns (after ``room`` when rooms > 1).
BEAD_COLUMNS: tuple[str, ...] = ("day", "worker", "draw", "red", "paddle", "share")

#: Most draws (rooms × days × workers) one call makes: enough for 100,000 rooms of a
#: standard experiment, small enough to fit in memory.
MAX_DRAWS = 20_000_000


def _worker_names(workers: Any) -> list[str]:
    if isinstance(workers, int | np.integer | float) and not isinstance(workers, bool):
        count = v.whole_number(workers, "workers", minimum=1, maximum=1000, example=6)
        return [
            WORKER_NAMES[i] if i < len(WORKER_NAMES) else f"Worker {i + 1}"
            for i in range(count)
        ]
    if isinstance(workers, str) or not isinstance(workers, Iterable):
        raise v.fail(
            "workers",
            "must be a number of workers or a list of their names",
            workers,
            "Give a whole number such as 6, or names such as ['Aisha', 'Ben'].",
        )
    names = v.text_list(list(workers), "workers")
    if not names:
        raise v.fail(
            "workers", "has no names", workers, "Give at least one worker's name."
        )
    if len(names) > 1000:
        raise v.fail(
            "workers",
            "has more than 1,000 names",
            len(names),
            "A room has a handful of willing workers; six is usual.",
        )
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise v.fail(
                v.path("workers", i),
                "repeats a name",
                name,
                "Give each worker a different name, e.g. 'Aisha 2'.",
            )
        seen.add(name)
    return names


def _share(value: Any) -> float:
    try:
        return v.number(value, "red_share", minimum=0, maximum=1, example="0.2")
    except InputError:
        plain = value.item() if isinstance(value, np.generic) else value
        if isinstance(plain, int | float) and not isinstance(plain, bool):
            if 1 < plain <= 100:
                raise v.fail(
                    "red_share",
                    "must be a share between 0 and 1",
                    value,
                    f"Did you mean {plain / 100:g} ({plain:g}%)? Give the share as "
                    "a number between 0 and 1, e.g. 0.2 for 20%.",
                ) from None
        raise v.fail(
            "red_share",
            "must be a share between 0 and 1",
            value,
            "Give the share of red beads in the box, e.g. 0.2 for 20%.",
        ) from None


def red_beads(
    *,
    box: int = 4000,
    red_share: float = 0.2,
    paddle: int = 50,
    workers: int | Iterable[str] = 6,
    days: int = 4,
    bias: float = 0.0,
    rooms: int = 1,
    seed: Any = None,
) -> pd.DataFrame:
    """Run the red bead experiment: one paddle of beads per worker per day.

    Parameters
    ----------
    box : int, default 4000
        Beads in the box.
    red_share : float, default 0.2
        Share of the beads that are red (0 to 1); the box holds
        ``round(box * red_share)`` red beads.
    paddle : int, default 50
        Holes in the paddle: beads drawn at each dip (at most the box).
    workers : int or list of str, default 6
        How many willing workers, or their names. Six get the names in
        :data:`WORKER_NAMES`.
    days : int, default 4
        Working days; every worker draws once a day.
    bias : float, default 0.0
        Mechanical bias of the paddle: how much larger (or, negative, smaller) the
        share of red beads it picks up is than the box holds. ``0.02`` gives
        ``paddle × (red_share + 0.02)`` red beads on average.
    rooms : int, default 1
        How many rooms run the experiment at once (a workshop, or a simulation
        study); each room has its own draws.
    seed : None, int or numpy.random.Generator
        Seed for repeatable draws (see :func:`qikit.sim.as_generator`).

    Returns
    -------
    pandas.DataFrame
        One row per worker per day, in the order of the draws. Columns ``room``
        (only when ``rooms > 1``), ``day`` (1, 2, …), ``worker``, ``draw`` (1, 2, …
        in each room: the x of a p chart), ``red`` (red beads on the paddle),
        ``paddle`` (beads on the paddle: the p chart's n) and ``share``
        (``red / paddle``). Feed it to ``qic(beads, x="draw", y="red",
        n="paddle", chart="p")``.

    Raises
    ------
    qikit.errors.InputError
        For a paddle larger than the box, a red share outside 0 to 1, a bias that
        takes the share outside 0 to 1, repeated worker names, or numbers that are
        not whole where they must be.

    See Also
    --------
    bead_management : rank, reward and punish the workers, with the p chart's verdict.

    Notes
    -----
    After each draw the beads go back and the box is stirred, so every draw is a
    sample without replacement from the full box: the red count is hypergeometric,
    with mean ``paddle × K / N`` and variance ``paddle × (K/N) × (1 − K/N) ×
    (N − paddle) / (N − 1)`` for ``K`` red beads in a box of ``N``. A biased paddle
    draws from a box whose red share looks like ``red_share + bias`` to it. All draws
    of all rooms are made in one vectorised call. Deming, *Out of the Crisis* (1986),
    chapter 11.

    Examples
    --------
    >>> beads = red_beads(workers=["Ann", "Bo"], days=2, seed=1)
    >>> beads[["day", "worker", "red"]]
       day worker  red
    0    1    Ann    9
    1    1     Bo    9
    2    2    Ann   10
    3    2     Bo   15
    >>> red_beads(paddle=5000)
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `paddle`: holds more beads than the box (got 5000). Use a \
paddle of at most 4,000 beads (the box), e.g. 50.
    """
    box = v.whole_number(box, "box", minimum=1, maximum=10**9, example=4000)
    share = _share(red_share)
    paddle = v.whole_number(paddle, "paddle", minimum=1, example=50)
    if paddle > box:
        raise v.fail(
            "paddle",
            "holds more beads than the box",
            paddle,
            f"Use a paddle of at most {box:,} beads (the box), e.g. {min(50, box)}.",
        )
    names = _worker_names(workers)
    days = v.whole_number(days, "days", minimum=1, maximum=10_000, example=4)
    bias = v.number(bias, "bias", minimum=-1, maximum=1, example="0.02")
    seen = share + bias
    if not 0 <= seen <= 1:
        raise v.fail(
            "bias",
            f"takes the paddle's share of red beads to {seen:g}, outside 0 to 1",
            bias,
            f"Use a bias between {-share:g} and {1 - share:g}.",
        )
    rooms = v.whole_number(rooms, "rooms", minimum=1, maximum=10**7, example=1)
    per_room = days * len(names)
    if rooms * per_room > MAX_DRAWS:
        raise v.fail(
            "rooms",
            f"asks for {rooms * per_room:,} draws, more than {MAX_DRAWS:,}",
            rooms,
            "Use fewer rooms, days or workers.",
        )
    rng = as_generator(seed)

    red_seen = int(round(box * seen))
    red = rng.hypergeometric(red_seen, box - red_seen, paddle, size=rooms * per_room)
    draw = np.tile(np.arange(1, per_room + 1, dtype=np.int64), rooms)
    cols: dict[str, Any] = {}
    if rooms > 1:
        cols["room"] = np.repeat(np.arange(1, rooms + 1, dtype=np.int64), per_room)
    cols["day"] = (draw - 1) // len(names) + 1
    cols["worker"] = pd.Categorical.from_codes(
        np.tile(np.arange(len(names)), rooms * days), categories=names
    )
    cols["draw"] = draw
    cols["red"] = red.astype(np.int64)
    cols["paddle"] = np.full(red.size, paddle, dtype=np.int64)
    cols["share"] = red / paddle
    frame = pd.DataFrame(cols)
    frame.attrs["qikit.sim"] = {
        "game": "red beads",
        "box": box,
        "red_share": share,
        "red_in_box": int(round(box * share)),
        "paddle": paddle,
        "bias": bias,
        "days": days,
        "workers": names,
        "rooms": rooms,
    }
    return frame


def _bead_table(result: Any) -> pd.DataFrame:
    data = v.table(result, "result")
    for name in ("day", "worker", "red", "paddle"):
        v.column(data, name, "result")
    if data.empty:
        raise v.fail(
            "result",
            "has no rows",
            fix="Pass the frame that red_beads() returned.",
        )
    for name in ("day", "red", "paddle"):
        values = pd.to_numeric(data[name], errors="coerce").to_numpy(float)
        if not np.isfinite(values).all() or (values < 0).any():
            raise v.fail(
                "result",
                f"column {name!r} must hold whole numbers of 0 or more",
                data[name].head(3).tolist(),
                "Pass the frame that red_beads() returned.",
            )
    red = data["red"].to_numpy(float)
    if (red > data["paddle"].to_numpy(float)).any() or (
        data["paddle"].to_numpy(float) < 1
    ).any():
        raise v.fail(
            "result",
            "has more red beads than beads on the paddle",
            fix="Pass the frame that red_beads() returned.",
        )
    return data


def bead_management(result: pd.DataFrame, *, day: int | None = None) -> pd.DataFrame:
    """Manage the willing workers as management does, and show why it is unfair.

    Workers are ranked by their red beads (fewest first), the best gets a merit
    award, those worse than average a warning and the worst is put on probation.
    Then the p chart of the workers' results (one point per worker, limits from all
    of them) says whether each result is inside the limits: if every worker is
    inside, the differences are common-cause variation made by the system, and the
    awards and punishments reward and punish chance.

    Parameters
    ----------
    result : pandas.DataFrame
        The frame :func:`red_beads` returned.
    day : int, optional
        Rank on this day's draws only (management often judges after day 1).
        Default: all days together.

    Returns
    -------
    pandas.DataFrame
        One row per worker (per room when there are rooms), best first. Columns
        ``room`` (when ``result`` has rooms), ``worker``, ``red`` (total red beads),
        ``paddle`` (total beads drawn), ``share``, ``rank`` (1 = fewest red; equal
        counts share a rank), ``award`` (``"merit award"``, ``"warning"``,
        ``"probation"`` or ``""``), ``lcl``, ``ucl`` (the p chart's limits for that
        worker), ``inside_limits`` (True when the share is within them) and
        ``verdict`` (a sentence in plain English).

    Raises
    ------
    qikit.errors.InputError
        When ``result`` is not a red bead frame or ``day`` is not one of its days.

    Notes
    -----
    The limits are those of a p chart with one subgroup per worker:
    p̄ ± 3·√(p̄(1 − p̄)/nᵢ), p̄ the share of red over all workers and nᵢ the beads
    that worker drew, computed by :func:`qikit.qic` (``x="worker"``). Deming's
    point: with every worker inside the limits, ranking them ranks chance.

    Examples
    --------
    >>> from qikit.sim import red_beads
    >>> m = bead_management(red_beads(seed=2026))
    >>> m[["worker", "red", "rank", "award", "inside_limits"]]
         worker  red  rank        award  inside_limits
    0       Ben   34     1  merit award           True
    1    Eilidh   34     1  merit award           True
    2       Dev   35     3                        True
    3  Catriona   38     4                        True
    4     Aisha   46     5      warning           True
    5    Fraser   52     6    probation           True
    >>> print(m["verdict"].iloc[-1])
    Fraser drew 52 red beads (26%), inside the p chart's limits (11% to 28%): \
common-cause variation. The system made this result, not Fraser; probation punishes \
chance.
    """
    data = _bead_table(result)
    if day is not None:
        days = sorted(pd.unique(data["day"]).tolist())
        choice = v.whole_number(day, "day", minimum=1, example=1)
        if choice not in days:
            raise v.fail(
                "day",
                "is not one of the days in the result",
                day,
                f"Use one of: {join_words(days, conj='or')}.",
            )
        data = data[data["day"] == choice]
    keys = ["room"] if "room" in data.columns else []
    grouped = (
        data.assign(worker=data["worker"].astype(str))
        .groupby([*keys, "worker"], sort=False, observed=True)[["red", "paddle"]]
        .sum()
        .reset_index()
    )
    grouped["red"] = grouped["red"].astype(np.int64)
    grouped["paddle"] = grouped["paddle"].astype(np.int64)
    with warnings.catch_warnings():
        # one point per worker: a chart of six points is the experiment's design,
        # so the engine's "fewer than 12 points" caution does not apply here
        warnings.simplefilter("ignore", QikitWarning)
        chart = qic(
            grouped,
            x="worker",
            y="red",
            n="paddle",
            chart="p",
            facets="room" if keys else None,
        ).frame
    limits = chart[[*keys, "x", "lcl", "ucl", "sigma_signal"]].rename(
        columns={"x": "worker"}
    )
    limits["worker"] = limits["worker"].astype(str)
    out = grouped.merge(limits, on=[*keys, "worker"], how="left", sort=False)
    out["share"] = out["red"] / out["paddle"]
    by = out.groupby(keys, sort=False)["red"] if keys else None
    if keys:
        out["rank"] = by.rank(method="min").astype(np.int64)
        best = by.transform("min")
        worst = by.transform("max")
        mean = by.transform("mean")
    else:
        out["rank"] = out["red"].rank(method="min").astype(np.int64)
        best = out["red"].min()
        worst = out["red"].max()
        mean = out["red"].mean()
    award = np.where(out["red"] > mean, "warning", "")
    award = np.where(out["red"] == worst, "probation", award)
    award = np.where(out["red"] == best, "merit award", award)
    out["award"] = award
    out["inside_limits"] = ~out.pop("sigma_signal").to_numpy(bool)
    out["verdict"] = _verdicts(out)
    out = out.sort_values([*keys, "rank"], kind="stable").reset_index(drop=True)
    columns = [*keys, "worker", "red", "paddle", "share", "rank", "award", "lcl"]
    return out[[*columns, "ucl", "inside_limits", "verdict"]]


def _pct(values: pd.Series) -> pd.Series:
    """Shares as whole percentages: ``0.24`` → ``"24%"``."""
    return np.round(100 * values.to_numpy(float)).astype(np.int64).astype(str) + "%"


_CONSEQUENCE = {
    "merit award": "the merit award rewards chance",
    "probation": "probation punishes chance",
    "warning": "the warning blames chance",
    "": "nothing this worker did explains the count",
}


def _verdicts(out: pd.DataFrame) -> np.ndarray:
    """One sentence per worker, built column-wise (no loop over rows)."""
    worker = out["worker"].astype(str).to_numpy(object)
    red = out["red"].astype(str).to_numpy(object)
    if (out["red"] >= 1000).any():  # thousands with commas, as everywhere in qikit
        red = out["red"].map("{:,}".format).to_numpy(object)
    what = worker + " drew " + red + " red beads (" + _pct(out["share"]) + ")"
    limits = (
        "the p chart's limits (" + _pct(out["lcl"]) + " to " + _pct(out["ucl"]) + ")"
    )
    side = np.where(out["share"] > out["ucl"], "above ", "below ").astype(object)
    signal = (
        what
        + ", "
        + side
        + limits
        + ": a signal. Look for a special cause in how this worker's beads were "
        "drawn (a different paddle, a different box) before praising or blaming "
        "the worker."
    )
    consequence = out["award"].map(_CONSEQUENCE).to_numpy(object)
    common = (
        what
        + ", inside "
        + limits
        + ": common-cause variation. The system made this result, not "
        + worker
        + "; "
        + consequence
        + "."
    )
    return np.where(out["inside_limits"].to_numpy(bool), common, signal)


def slogan(*, seed: Any = None) -> str:
    """One of management's slogans, for the wall of the bead factory.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator
        Seed for a repeatable choice.

    Returns
    -------
    str
        A slogan from :data:`SLOGANS`. Slogans ask workers to do what only a change
        to the system can do (Deming's point 10).

    Examples
    --------
    >>> slogan(seed=3) in SLOGANS
    True
    """
    rng = as_generator(seed)
    return SLOGANS[int(rng.integers(len(SLOGANS)))]
