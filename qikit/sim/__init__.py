"""Games and simulations that make variation visible (no drawing, no widgets here).

Pure, seeded, vectorised compute for the classic experiments of quality improvement,
returning tidy frames ready for :func:`qikit.qic`:

* Deming's red beads: :func:`red_beads`, :func:`bead_management`, :func:`slogan`.
* Deming's funnel: :func:`funnel_experiment`, :func:`funnel_summary`.
* Signal-or-noise drills: :func:`drill` and :func:`judge`.
* The rule-set laboratory: :func:`rule_lab`.
* A PDSA game: :class:`PDSAGame` (a paper helicopter with hidden causes).
* Results for the cohort store: :func:`to_payload` (this package never imports the
  store; the apps save the payload).

Every function takes ``seed=`` (a whole number, a :class:`numpy.random.Generator`, or
``None`` for fresh randomness; see :func:`as_generator`), checks its arguments and
raises :class:`qikit.errors.InputError` saying what to change. Nothing here draws:
:mod:`qikit.plot` draws the results and :mod:`qikit.apps` puts a face on them.

Examples
--------
>>> import qikit
>>> from qikit.sim import red_beads
>>> beads = red_beads(seed=1)
>>> res = qikit.qic(beads, x="draw", y="red", n="paddle", chart="p")
>>> res.summary()["cl"].round(3).tolist()
[0.204]
"""

from qikit.sim._rng import as_generator
from qikit.sim.beads import (
    SLOGANS,
    WORKER_NAMES,
    bead_management,
    red_beads,
    slogan,
)
from qikit.sim.deming_funnel import FUNNEL_RULES, funnel_experiment, funnel_summary
from qikit.sim.drills import DRILL_KINDS, Drill, Feedback, Truth, drill, judge
from qikit.sim.lab import rule_lab
from qikit.sim.payload import to_payload
from qikit.sim.pdsa_game import PDSAGame

__all__ = [
    # red beads
    "SLOGANS",
    "WORKER_NAMES",
    "bead_management",
    "red_beads",
    "slogan",
    # funnel
    "FUNNEL_RULES",
    "funnel_experiment",
    "funnel_summary",
    # drills
    "DRILL_KINDS",
    "Drill",
    "Feedback",
    "Truth",
    "drill",
    "judge",
    # rule-set laboratory
    "rule_lab",
    # PDSA game
    "PDSAGame",
    # seeding and payloads
    "as_generator",
    "to_payload",
]
