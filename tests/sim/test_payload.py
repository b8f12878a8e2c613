"""qikit.sim.payload: every result becomes a JSON-safe dict for the cohort store."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from qikit.errors import InputError
from qikit.sim import (
    PDSAGame,
    drill,
    funnel_experiment,
    judge,
    red_beads,
    rule_lab,
    to_payload,
)


def roundtrip(payload):
    return json.loads(json.dumps(payload, allow_nan=False))


def test_red_beads():
    beads = red_beads(workers=["Ann", "Bo"], days=2, bias=0.01, seed=1)
    p = to_payload(beads)
    assert roundtrip(p) == p
    assert p["game"] == "red beads"
    assert (p["box"], p["red_share"], p["paddle"], p["bias"]) == (4000, 0.2, 50, 0.01)
    assert p["workers"] == ["Ann", "Bo"]
    assert [d["red"] for d in p["draws"]] == beads["red"].tolist()
    assert p["draws"][0] == {
        "day": 1, "worker": "Ann", "draw": 1, "red": int(beads["red"].iloc[0]),
        "paddle": 50, "share": float(beads["share"].iloc[0]),
    }  # fmt: skip


def test_funnel_and_rule_lab():
    drops = funnel_experiment(rule=[1, 3], drops=10, rooms=2, seed=1)
    p = to_payload(drops)
    assert roundtrip(p) == p
    assert p["game"] == "funnel" and p["rules"] == [1, 3] and p["rooms"] == 2
    assert len(p["drops"]) == 40 and len(p["summary"]) == 4
    lab = rule_lab(rules="anhoej", n=12, shift=(0, 1), sims=50, seed=1)
    q = to_payload(lab)
    assert roundtrip(q) == q
    assert q["game"] == "rule lab" and q["chart"] == "run" and q["start"] == {"12": 7}
    assert [r["signal_rate"] for r in q["rows"]] == lab["signal_rate"].tolist()


def test_frames_without_their_attrs_are_recognised_by_their_columns():
    beads = red_beads(seed=2)
    beads.attrs = {}
    assert to_payload(beads)["game"] == "red beads"
    drops = pd.DataFrame(funnel_experiment(drops=3, seed=2).to_dict("list"))
    assert to_payload(drops)["game"] == "funnel"


def test_objects_use_their_own_payload():
    d = drill(seed=1)
    assert to_payload(d) == d.to_payload()
    fb = judge(d, "noise")
    assert to_payload(fb) == fb.to_payload()
    game = PDSAGame(seed=1)
    assert to_payload(game) == game.to_payload()


@pytest.mark.parametrize("result", [5, "beads", pd.DataFrame({"a": [1]}), None])
def test_anything_else_is_refused(result):
    with pytest.raises(InputError) as err:
        to_payload(result)
    assert str(err.value).startswith("`result`: is not a simulation result")
    assert "Pass what red_beads(), funnel_experiment(), rule_lab()" in str(err.value)
