"""qikit with rules="mdc" against NHSRplotthedots run in R (tests/golden/README_ptd.md).

Each case in ``tests/golden/ptd/ptd_cases.csv`` is charted by qikit as an XmR chart with the
Making Data Count rules; limits are compared by column name (relative tolerance 1e-12: R
and NumPy may differ in the last bit of a mean), point types exactly, and the variation
and assurance icons exactly.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import qikit

GOLDEN = Path(__file__).parents[1] / "golden"
CASES = pd.read_csv(GOLDEN / "ptd" / "ptd_cases.csv", keep_default_na=False)


def _run(case):
    data = pd.read_csv(GOLDEN / "data" / case["input"], parse_dates=["x"])
    kw = dict(
        x="x", y="y", chart="i", rules="mdc", improvement=case["improvement_direction"],
        screen_mr=str(case["screen_outliers"]).upper() == "TRUE",
    )  # fmt: skip
    facet = case["facet_field"] or None
    if facet:
        kw["facets"] = facet
        data = data.sort_values([facet, "x"], ignore_index=True)
    if case["target"]:
        if "=" in case["target"]:  # named per-facet targets, e.g. "A=30"
            named = dict(t.split("=") for t in case["target"].split(";"))
            data["target"] = data[facet].map(lambda f: float(named.get(f, "nan")))
            kw["target"] = "target"
        else:
            kw["target"] = float(case["target"])
    if case["rebase"]:
        dates = (
            dict(r.split("=") for r in case["rebase"].split(";"))
            if "=" in case["rebase"]
            else {None: case["rebase"]}
        )
        # a rebase date starts a new phase: label the phases as a column
        phase = np.zeros(len(data), dtype=int)
        for f, d in dates.items():
            rows = data[facet] == f if f is not None else np.ones(len(data), bool)
            phase[rows & (data["x"] >= pd.Timestamp(d))] = 1
        data["phase"] = np.where(phase == 1, "after", "before")
        kw["part"] = "phase"
    if case["fix_after_n_points"]:
        kw["freeze"] = int(case["fix_after_n_points"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qikit.QikitWarning)
        return qikit.qic(data, **kw)


@pytest.mark.parametrize("case", CASES.to_dict("records"), ids=list(CASES["case"]))
def test_matches_nhsrplotthedots(case):
    res = _run(case)
    want = pd.read_csv(GOLDEN / "ptd" / case["output"], keep_default_na=True)
    got = res.frame
    assert len(got) == len(want)
    for ours, theirs in (("cl", "mean"), ("lcl", "lpl"), ("ucl", "upl"),
                         ("lcl_2s", "nlpl_2s"), ("ucl_2s", "nupl_2s"), ("y", "y")):  # fmt: skip
        np.testing.assert_allclose(
            got[ours].to_numpy(float),
            want[theirs].to_numpy(float),
            rtol=1e-12,
            atol=1e-12,
            err_msg=ours,
        )
    np.testing.assert_array_equal(got["point_type"].astype(str), want["point_type"])
    assert list(got["signal"]) == list(want["special_cause_flag"].astype(bool))


def test_icons_match_nhsrplotthedots():
    icons = pd.read_csv(GOLDEN / "ptd" / "ptd_icons.csv", keep_default_na=False)
    checked = 0
    for case in CASES.to_dict("records"):
        res = _run(case)
        summ = res.summary()
        want = icons[icons["case"] == case["case"]]
        for row in want.itertuples():
            s = summ if res.facets is None else summ[summ[res.facets] == row.facet]
            last = s.iloc[-1]
            assert last["variation"] == row.variation_icon, case["case"]
            if row.assurance_type and not (
                res.facets
                and np.isnan(
                    res.frame.loc[res.frame[res.facets] == row.facet, "target"]
                ).all()
            ):
                assert last["assurance"] == row.assurance_type, case["case"]
            checked += 1
    assert checked >= len(CASES)
