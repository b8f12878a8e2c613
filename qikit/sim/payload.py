"""Game results as plain dicts, ready for a workshop's cohort store.

The apps store what a room played with ``Store.record_game_result(payload, cohort,
game, *, team=None, learner=None, round=None)``; :func:`to_payload` makes that
payload from any simulation result, so :mod:`qikit.sim` never needs the store.
Every payload is JSON-safe (text, numbers, true/false, None, lists and dicts) and
names its ``game``.

Examples
--------
>>> import json
>>> from qikit.sim import red_beads, to_payload
>>> payload = to_payload(red_beads(workers=2, days=1, seed=1))
>>> payload["game"], payload["paddle"], [d["red"] for d in payload["draws"]]
('red beads', 50, [9, 9])
>>> json.loads(json.dumps(payload)) == payload
True
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from qikit import _validate as v
from qikit.sim.beads import BEAD_COLUMNS
from qikit.sim.deming_funnel import FUNNEL_COLUMNS, funnel_summary
from qikit.sim.lab import LAB_COLUMNS

__all__ = ["to_payload"]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-safe dicts (categories as text, NaN as None)."""
    plain = frame.copy()
    for name in plain.columns:
        if isinstance(plain[name].dtype, pd.CategoricalDtype):
            plain[name] = plain[name].astype(str)
    return json.loads(plain.to_json(orient="records", double_precision=15))


def _safe(value: Any) -> Any:
    """A JSON-safe copy of the design kept in ``frame.attrs``."""
    return json.loads(json.dumps(value, default=str))


def _game(frame: pd.DataFrame) -> str | None:
    meta = frame.attrs.get("qikit.sim")
    if isinstance(meta, dict) and "game" in meta:
        return str(meta["game"])
    columns = set(frame.columns)
    if set(BEAD_COLUMNS) <= columns:
        return "red beads"
    if set(FUNNEL_COLUMNS) <= columns:
        return "funnel"
    if set(LAB_COLUMNS) <= columns:
        return "rule lab"
    return None


def to_payload(result: Any) -> dict[str, Any]:
    """The JSON-safe dict that a workshop stores for a simulation result.

    Parameters
    ----------
    result : DataFrame or simulation object
        What :func:`red_beads`, :func:`funnel_experiment` or :func:`rule_lab`
        returned, or a :class:`Drill`, :class:`Feedback` or :class:`PDSAGame` (whose
        own ``to_payload()`` is used).

    Returns
    -------
    dict
        ``game`` (``"red beads"``, ``"funnel"``, ``"rule lab"``, ``"drill"`` or
        ``"pdsa helicopter"``), the settings of the run and its results: ``draws``
        (red beads: one dict per draw), ``drops`` and ``summary`` (funnel: one dict
        per drop and per rule), ``rows`` (rule lab: one dict per combination).

    Raises
    ------
    qikit.errors.InputError
        When ``result`` is not a simulation result.

    Examples
    --------
    >>> from qikit.sim import funnel_experiment
    >>> p = to_payload(funnel_experiment(rule=[1, 2], drops=20, seed=3))
    >>> p["game"], p["rules"], [round(s["ratio_to_rule_1"], 2) for s in p["summary"]]
    ('funnel', [1, 2], [1.0, 1.86])
    """
    own = getattr(result, "to_payload", None)
    if callable(own) and not isinstance(result, pd.DataFrame):
        return own()
    game = _game(result) if isinstance(result, pd.DataFrame) else None
    if game is None:
        raise v.fail(
            "result",
            "is not a simulation result",
            result,
            "Pass what red_beads(), funnel_experiment(), rule_lab(), drill(), "
            "judge() or PDSAGame returned.",
        )
    meta = _safe(dict(result.attrs.get("qikit.sim", {}), game=game))
    if game == "red beads":
        return {**meta, "draws": _records(result)}
    if game == "funnel":
        return {
            **meta,
            "drops": _records(result),
            "summary": _records(funnel_summary(result)),
        }
    return {**meta, "rows": _records(result)}
