"""A PDSA game: improve a paper helicopter by testing changes, one cycle at a time.

A team drops paper helicopters down a stairwell and times the flights: longer is
better. How long one flies depends on its design (wing length, paper, paper clips,
body width, tape) through hidden effects, plus chance. The team plans a test as a
:class:`~qikit.improve.PDSACycle`, writes its prediction first (the toolkit refuses a
test without one), tests a design with :meth:`PDSAGame.test`, studies the results on a
run chart annotated with its cycles (:meth:`PDSAGame.history`,
:meth:`PDSAGame.annotations`), and decides what to test next. The hidden effects come
from the seed and the team's name, so a room with one seed can compare teams, and the
facilitator can :meth:`PDSAGame.reveal` them at the debrief (Box, *Teaching
engineers experimental design with a paper helicopter*, 1992; Langley et al., *The
Improvement Guide*, 2009).

Examples
--------
>>> import qikit
>>> from qikit.improve import PDSACycle
>>> from qikit.sim import PDSAGame
>>> game = PDSAGame(seed=2026, team="Ward 3")
>>> first = PDSACycle("Time the helicopter as it is", id="pdsa-1")
>>> first.predict("About 2 seconds")
>>> game.test(first, runs=6)["seconds"].round(1).tolist()
[2.0, 1.8, 1.8, 1.7, 1.9, 1.8]
>>> second = PDSACycle("Longer wings", id="pdsa-2")
>>> second.predict("Longer wings fly longer")
>>> _ = game.test(second, {"wing": "long"}, runs=6)
>>> chart = qikit.qic(game.history(), x="flight", y="seconds", chart="run")
>>> game.annotations()
[(1, 'PDSA 1: the starting design'), (7, 'PDSA 2: wing long')]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qikit import _validate as v
from qikit._format import join_words
from qikit.improve.pdsa import PDSACycle
from qikit.sim._rng import keyed, seed_number

__all__ = ["HELICOPTER", "PDSAGame"]


@dataclass(frozen=True)
class _Factor:
    name: str
    choices: tuple[str, ...]
    start: str
    description: str


#: The design choices of the paper helicopter, each with its starting choice.
HELICOPTER: tuple[_Factor, ...] = (
    _Factor("wing", ("short", "medium", "long"), "short", "Length of the rotor wings"),
    _Factor("paper", ("printer paper", "card"), "printer paper", "What it is cut from"),
    _Factor("clips", ("0", "1", "2"), "0", "Paper clips on the body"),
    _Factor("body", ("narrow", "wide"), "narrow", "Width of the body"),
    _Factor("tape", ("none", "on the body"), "none", "Tape folded over the body"),
)
_FACTORS = {f.name: f for f in HELICOPTER}
_NUMBER_WORDS = {"none": "0", "no": "0", "zero": "0", "one": "1", "two": "2"}
_BASE_SECONDS = 1.8  # the starting design, dropped 2.5 m
_LOWEST = 0.4  # a helicopter that drops like a stone still takes this long


def _effects(rng: np.random.Generator) -> dict[str, dict[str, float]]:
    """Hidden effects in seconds for one process; the signs follow the physics."""
    u = rng.uniform
    return {
        "wing": {"short": 0.0, "medium": u(0.25, 0.45), "long": u(0.5, 0.85)},
        "paper": {"printer paper": 0.0, "card": -u(0.1, 0.3)},
        "clips": {"0": 0.0, "1": -u(0.05, 0.2), "2": -u(0.2, 0.4)},
        "body": {"narrow": 0.0, "wide": float(rng.choice([-1, 1])) * u(0.0, 0.1)},
        "tape": {"none": 0.0, "on the body": float(rng.normal(0, 0.02))},
    }


def _noise_sd(rng: np.random.Generator) -> dict[str, float]:
    """How erratic flights are: clips steady the helicopter; long paper wings sway."""
    return {
        "base": float(rng.uniform(0.1, 0.16)),
        "0": 1.5,
        "1": 1.0,
        "2": 0.8,
        "sway": float(rng.uniform(1.2, 1.5)),
    }


class PDSAGame:
    """One team's paper-helicopter game: hidden causes, tested by PDSA cycles.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator
        The room's seed (see :func:`qikit.sim.as_generator`). The same seed and team
        give the same hidden effects and the same flights.
    team : str, default "Team 1"
        The team's name.
    same_process : bool, default False
        True gives every team with this seed the same hidden effects (their flights
        still differ by chance), so a room can compare what the teams learnt about
        one process; False gives each team its own.

    Attributes
    ----------
    seed : int
        The seed in use (drawn when none was given), to make the game again.
    team : str
        The team's name.

    Raises
    ------
    qikit.errors.InputError
        For an unusable seed or an empty team name.

    Notes
    -----
    Flight time in seconds = 1.8 + the hidden effect of each design choice + chance,
    never below 0.4. The effects are drawn once per process: longer wings fly longer
    (medium +0.25 to +0.45 s, long +0.5 to +0.85 s), card and paper clips add weight
    and shorten the flight, the body width matters little and the tape not at all.
    Chance has a standard deviation of 0.1 to 0.16 s, half as much again without a
    paper clip and more for long wings of printer paper, which sway. Each test's
    flights come from the seed, the team and the test's number, so a test refused
    for want of a prediction changes nothing.
    """

    def __init__(
        self, seed: Any = None, team: str = "Team 1", *, same_process: bool = False
    ) -> None:
        self.seed = seed_number(seed)
        self.team = v.text(team, "team", required=True, limit=100)
        self.same_process = v.boolean(same_process, "same_process")
        key = ("process",) if self.same_process else ("process", self.team)
        rng = keyed(self.seed, *key)
        self._effects = _effects(rng)
        self._noise = _noise_sd(rng)
        self._tests: list[tuple[PDSACycle, dict[str, str], pd.DataFrame]] = []

    def __repr__(self) -> str:
        return (
            f"PDSAGame(seed={self.seed}, team={self.team!r}, tests={len(self._tests)})"
        )

    # ------------------------------------------------------------------ design

    @staticmethod
    def options() -> pd.DataFrame:
        """The design choices a team can test.

        Returns
        -------
        pandas.DataFrame
            One row per factor and choice: ``factor``, ``choice``, ``start`` (True
            for the starting design's choice) and ``description``.

        Examples
        --------
        >>> PDSAGame.options().query("factor == 'wing'")[["factor", "choice"]]
          factor  choice
        0   wing   short
        1   wing  medium
        2   wing    long
        """
        rows = [
            (f.name, c, c == f.start, f.description)
            for f in HELICOPTER
            for c in f.choices
        ]
        return pd.DataFrame(rows, columns=["factor", "choice", "start", "description"])

    def design(self) -> dict[str, str]:
        """The design now in use: the last one tested, or the starting design."""
        if self._tests:
            return dict(self._tests[-1][1])
        return {f.name: f.start for f in HELICOPTER}

    def _settings(self, settings: Any) -> dict[str, str]:
        out = self.design()
        if settings is None:
            return out
        given = v.mapping(settings, "settings", "helicopter design", list(_FACTORS))
        for name, value in given.items():
            where = v.path("settings", name)
            plain = value.item() if isinstance(value, np.generic) else value
            if isinstance(plain, int) and not isinstance(plain, bool):
                plain = str(plain)
            if name == "clips" and isinstance(plain, str):
                plain = _NUMBER_WORDS.get(plain.strip().lower(), plain)
            out[name] = v.choice(
                plain, where, _FACTORS[name].choices, aliases=_aliases(name)
            )
        return out

    # ------------------------------------------------------------------ testing

    def test(
        self, cycle: PDSACycle, settings: Mapping[str, Any] | None = None, runs: int = 5
    ) -> pd.DataFrame:
        """Test a design: drop ``runs`` helicopters and record the cycle's Do stage.

        Parameters
        ----------
        cycle : qikit.improve.PDSACycle
            The cycle this test belongs to, with its predictions written first. Its
            Do stage is recorded here (what was dropped and how long it flew).
        settings : dict, optional
            The design to test, e.g. ``{"wing": "long", "clips": 1}``. Choices left
            out stay as in the design now in use (the last test's), so a team can
            change one thing at a time. See :meth:`options`.
        runs : int, default 5
            Helicopters dropped (1 to 100).

        Returns
        -------
        pandas.DataFrame
            One row per flight: ``test`` (1, 2, …), ``cycle`` (the cycle's id),
            ``run`` (1 to ``runs``), ``flight`` (numbered across the game: the x of
            the run chart), the design (``wing``, ``paper``, ``clips``, ``body``,
            ``tape``) and ``seconds``.

        Raises
        ------
        qikit.errors.InputError
            When the cycle has no predictions (the PDSA cycle's own rule: predict
            before you test) or has been tested already, or a setting is unknown.

        Examples
        --------
        >>> game = PDSAGame(seed=1, team="Blue")
        >>> game.test(PDSACycle("First drop", id="c1"))
        Traceback (most recent call last):
        ...
        qikit.errors.InputError: `predictions`: none recorded for the cycle ‘First \
drop’ (got []). Write down what you predict will happen before you record the Do \
stage: comparing the results with your predictions is how a PDSA cycle learns.
        """
        if not isinstance(cycle, PDSACycle):
            raise v.fail(
                "cycle",
                "is not a PDSA cycle",
                cycle,
                "Make one with qikit.improve.PDSACycle('what you will test') and "
                "write its prediction with cycle.predict(...).",
            )
        if cycle.do is not None:
            raise v.fail(
                "cycle",
                "has been tested already (its Do stage is recorded)",
                cycle.id,
                "Start a new PDSACycle for the next test.",
            )
        if any(cycle is done for done, _, _ in self._tests):
            raise v.fail(
                "cycle", "has been tested already", cycle.id, "Start a new PDSACycle."
            )
        design = self._settings(settings)
        runs = v.whole_number(runs, "runs", minimum=1, maximum=100, example=5)
        number = len(self._tests) + 1
        seconds = self._fly(design, runs, number)
        first = 1 + sum(len(r) for _, _, r in self._tests)
        frame = pd.DataFrame(
            {
                "test": np.full(runs, number, dtype=np.int64),
                "cycle": np.full(runs, cycle.id, dtype=object),
                "run": np.arange(1, runs + 1, dtype=np.int64),
                "flight": np.arange(first, first + runs, dtype=np.int64),
                **{
                    name: np.full(runs, design[name], dtype=object) for name in _FACTORS
                },
                "seconds": seconds,
            }
        )
        summary = (
            f"Dropped {runs} helicopter{'s' if runs != 1 else ''} "
            f"({_describe(design)}): mean {seconds.mean():.2f} s, from "
            f"{seconds.min():.2f} to {seconds.max():.2f} s."
        )
        cycle.record_do(summary)  # raises, recording nothing, without predictions
        self._tests.append((cycle, design, frame))
        return frame.copy()

    def _fly(self, design: dict[str, str], runs: int, number: int) -> np.ndarray:
        mean = _BASE_SECONDS + sum(self._effects[k][design[k]] for k in _FACTORS)
        sd = self._noise["base"] * self._noise[design["clips"]]
        if design["wing"] == "long" and design["paper"] == "printer paper":
            sd *= self._noise["sway"]
        rng = keyed(self.seed, "flights", self.team, number)
        times = rng.normal(mean, sd, runs)
        return np.round(np.maximum(times, _LOWEST), 2)

    # ------------------------------------------------------------------ results

    @property
    def cycles(self) -> list[PDSACycle]:
        """The cycles tested, in order."""
        return [cycle for cycle, _, _ in self._tests]

    def history(self) -> pd.DataFrame:
        """Every flight so far, for a run chart: ``qic(h, x="flight", y="seconds")``.

        Returns
        -------
        pandas.DataFrame
            The frames :meth:`test` returned, one after another (empty, with the
            same columns, before the first test).
        """
        if not self._tests:
            columns = ["test", "cycle", "run", "flight", *_FACTORS, "seconds"]
            return pd.DataFrame({c: [] for c in columns})
        return pd.concat([r for _, _, r in self._tests], ignore_index=True)

    def annotations(self, *, label: str = "PDSA {test}: {change}") -> list:
        """Labels for the run chart: where each cycle's test starts, and what changed.

        Parameters
        ----------
        label : str, default "PDSA {test}: {change}"
            A pattern with any of ``{test}``, ``{cycle}`` (its id), ``{objective}``
            and ``{change}`` (the choices that differ from the test before).

        Returns
        -------
        list of (int, str)
            The first flight of each test and its label, for
            ``result.plot(annotations=game.annotations())``.

        Raises
        ------
        qikit.errors.InputError
            For an unknown field in ``label``.
        """
        label = v.text(label, "label", required=True, limit=200)
        fields = ("test", "cycle", "objective", "change")
        out = []
        before = {f.name: f.start for f in HELICOPTER}
        for number, (cycle, design, frame) in enumerate(self._tests, start=1):
            changed = [f"{k} {design[k]}" for k in _FACTORS if design[k] != before[k]]
            if number == 1 and not changed:
                change = "the starting design"
            else:
                change = join_words(changed) if changed else "the same design again"
            values = {
                "test": number,
                "cycle": cycle.id,
                "objective": cycle.objective,
                "change": change,
            }
            try:
                text = label.format(**values)
            except (KeyError, IndexError, ValueError, AttributeError):
                raise v.fail(
                    "label",
                    "is not a usable label pattern",
                    label,
                    "Use fields in braces: " + ", ".join(f"{{{f}}}" for f in fields),
                ) from None
            out.append((int(frame["flight"].iloc[0]), text))
            before = design
        return out

    def reveal(self) -> pd.DataFrame:
        """The hidden effects, for the debrief.

        Returns
        -------
        pandas.DataFrame
            One row per factor and choice: ``factor``, ``choice`` and ``effect``
            (seconds added to the starting design's mean flight of 1.8 s).
        """
        rows = [
            (name, choice, round(float(effect), 3))
            for name, choices in self._effects.items()
            for choice, effect in choices.items()
        ]
        return pd.DataFrame(rows, columns=["factor", "choice", "effect"])

    def to_payload(self) -> dict[str, Any]:
        """A JSON-safe dict for the cohort store: the team, the seed and each test."""
        tests = []
        for number, (cycle, design, frame) in enumerate(self._tests, start=1):
            seconds = frame["seconds"].to_numpy(float)
            tests.append(
                {
                    "test": number,
                    "cycle": cycle.id,
                    "objective": cycle.objective,
                    "predictions": list(cycle.predictions),
                    "design": dict(design),
                    "seconds": seconds.tolist(),
                    "mean": float(seconds.mean()),
                }
            )
        return {
            "game": "pdsa helicopter",
            "team": self.team,
            "seed": self.seed,
            "same_process": self.same_process,
            "tests": tests,
        }


_ALIASES: dict[str, dict[str, str]] = {
    "paper": {
        "printer": "printer paper",
        "paper": "printer paper",
        "a4": "printer paper",
    },
    "tape": {"yes": "on the body", "body": "on the body", "no": "none"},
}


def _aliases(name: str) -> dict[str, str]:
    out = dict(_ALIASES.get(name, {}))
    for choice in _FACTORS[name].choices:  # choice() compares with _ for spaces
        out.setdefault(choice.replace(" ", "_"), choice)
    return out


def _describe(design: dict[str, str]) -> str:
    clips = design["clips"]
    words = [
        f"{design['wing']} wings",
        design["paper"],
        f"{clips} paper clip{'s' if clips != '1' else ''}",
        f"{design['body']} body",
        "tape on the body" if design["tape"] != "none" else "no tape",
    ]
    return ", ".join(words)
