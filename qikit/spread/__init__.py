"""Spread: many units at once, collaboratives, learning systems, spread and scale-up.

Compute only: tidy frames, no drawing. Drawings live in :mod:`qikit.plot`
(:func:`qikit.plot.plot_funnel`, :func:`qikit.plot.plot_units`, …; funnel results
also draw themselves with ``FunnelResult.plot()``).

* Many units: :func:`funnel`, :func:`compare_units`, :func:`summary_matrix`,
  :func:`aim_reached`.
* Collaboratives: :func:`assessment_scale`, :func:`assessments`,
  :class:`Collaborative` and :class:`Session`.
* A learning system: :func:`what_works` (the candidate change package).
* Spread and scale-up: :class:`SpreadPlan` (IHI Framework for Spread),
  :class:`ScaleUpPlan` and :class:`ScalePhase` (going to full scale),
  :func:`adoption_curve` (Rogers' adopter categories), :func:`spread_readiness`
  (Rogers' attributes), :func:`sustainability` (the NHS Sustainability Model).

Examples
--------
>>> from qikit.spread import funnel
>>> res = funnel(y=[12, 30, 8, 41], n=[60, 95, 40, 120])
>>> list(res.frame.columns)[:5]
['group', 'y', 'n', 'value', 'z']
"""

from qikit.spread.adoption import (
    AdoptionResult,
    ReadinessResult,
    SustainabilityResult,
    adoption_curve,
    spread_readiness,
    sustainability,
)
from qikit.spread.collaborative import (
    ASSESSMENT_SCALE,
    Assessments,
    Collaborative,
    Session,
    assessment_scale,
    assessments,
)
from qikit.spread.funnel import FunnelResult, funnel
from qikit.spread.learning import WhatWorks, what_works
from qikit.spread.planning import ScalePhase, ScaleUpPlan, SpreadPlan
from qikit.spread.units import (
    AimResult,
    SummaryMatrix,
    UnitsResult,
    aim_reached,
    compare_units,
    summary_matrix,
)

__all__ = [
    "funnel",
    "FunnelResult",
    "compare_units",
    "UnitsResult",
    "summary_matrix",
    "SummaryMatrix",
    "aim_reached",
    "AimResult",
    "ASSESSMENT_SCALE",
    "assessment_scale",
    "assessments",
    "Assessments",
    "Collaborative",
    "Session",
    "what_works",
    "WhatWorks",
    "SpreadPlan",
    "ScaleUpPlan",
    "ScalePhase",
    "adoption_curve",
    "AdoptionResult",
    "spread_readiness",
    "ReadinessResult",
    "sustainability",
    "SustainabilityResult",
]
