"""Games and simulations that make variation visible (no drawing, no widgets here).

Pure, seeded, vectorised compute for the classic experiments of quality improvement,
returning tidy frames ready for :func:`qikit.qic`:

* Deming's red beads: :func:`red_beads`, :func:`bead_management`, :func:`slogan`.
* Deming's funnel: :func:`funnel_experiment`, :func:`funnel_summary`.
* Signal-or-noise drills: :func:`drill` and :func:`judge`.
* The rule-set laboratory: :func:`rule_lab`.
* A PDSA game: :class:`PDSAGame` (a paper helicopter with hidden causes).
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
from qikit.sim.pdsa_game import PDSAGame

__all__ = [
    "DRILL_KINDS",
    "Drill",
    "Feedback",
    "PDSAGame",
    "Truth",
    "drill",
    "judge",
    "rule_lab",
    "FUNNEL_RULES",
    "funnel_experiment",
    "funnel_summary",
    "SLOGANS",
    "WORKER_NAMES",
    "as_generator",
    "bead_management",
    "red_beads",
    "slogan",
]
