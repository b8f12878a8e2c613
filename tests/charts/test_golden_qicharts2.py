"""qikit against qicharts2 0.8.1 run in R on the same data (tests/golden/README.md).

Every case in ``tests/golden/qicharts2/CALLS.txt`` is translated to a qikit call and the
per-point frame and the summary are compared column by column (tolerance 1e-6).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import qikit

GOLDEN = Path(__file__).parents[1] / "golden"
DATA = {
    "run_shift": "run_shift.csv",
    "run_median": "run_median.csv",
    "multi": "multi_per_month.csv",
    "i_data": "i_outlier.csv",
    "i_missing": "i_missing.csv",
    "bact": "bacteremia.csv",
    "cdiff": "cdiff.csv",
    "t_data": "t_days.csv",
    "t_narrow": "t_narrow.csv",
    "g_data": "g_between.csv",
    "piston": "piston_rings.csv",
    "piston_unequal": "piston_rings_unequal.csv",
    "pp_data": "pp_large_n.csv",
    "up_data": "up_large_n.csv",
    "p_rows": "p_rows.csv",
}
CALL = re.compile(
    r"^(?P<case>\w+): (?P<opt>options\(qic.screenedmr = FALSE\); )?"
    r"qic\((?P<x>\w+), (?P<y>\w+)(?:, (?P<n>\w+))?, data = (?P<data>\w+)(?P<rest>.*),"
    r" return.data = TRUE\)$"
)
ARG = re.compile(r', (\w+(?:\.\w+)?) = (c\([^)]*\)|"[^"]*"|[\d.]+)')


def _cases():
    out = []
    for line in (GOLDEN / "qicharts2" / "CALLS.txt").read_text().splitlines():
        m = CALL.match(line.strip())
        if not m:
            continue
        kwargs = {"x": m["x"], "y": m["y"], "screen_mr": m["opt"] is None}
        if m["n"]:
            kwargs["n"] = m["n"]
        for key, value in ARG.findall(m["rest"]):
            if value.startswith("c("):
                value = [int(v) for v in value[2:-1].split(",")]
            elif value.startswith('"'):
                value = value.strip('"')
            else:
                value = float(value) if "." in value else int(value)
            kwargs[{"agg.fun": "agg"}.get(key, key)] = value
        out.append(pytest.param(m["case"], m["data"], kwargs, id=m["case"]))
    return out


CASES = _cases()


def test_every_golden_case_is_translated():
    calls = (GOLDEN / "qicharts2" / "CALLS.txt").read_text().splitlines()
    assert len(CASES) == len([c for c in calls if c.strip()]) >= 40


def _load(name):
    df = pd.read_csv(GOLDEN / "data" / DATA[name])
    for col in ("month", "week"):
        if col in df and df[col].dtype == object:
            df[col] = pd.to_datetime(df[col])
    return df


def _bool(series):
    return series.map({True: True, False: False, "TRUE": True, "FALSE": False}).astype(
        bool
    )


@pytest.mark.parametrize(("case", "data", "kwargs"), CASES)
def test_matches_qicharts2(case, data, kwargs):
    df = _load(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qikit.QikitWarning)
        res = qikit.qic(df, **kwargs)
    want = pd.read_csv(GOLDEN / "qicharts2" / f"{case}_points.csv")
    got = res.frame
    assert len(got) == len(want)
    for col in ("y", "n", "cl", "lcl", "ucl"):
        w = want[col].to_numpy(dtype=float)
        g = got[col].to_numpy(dtype=float)
        if col == "n" and np.isnan(w).all():
            continue
        np.testing.assert_allclose(g, w, rtol=0, atol=1e-6, equal_nan=True, err_msg=col)
    for col in ("include", "baseline", "sigma_signal", "runs_signal"):
        np.testing.assert_array_equal(
            got[col].to_numpy(), _bool(want[col]).to_numpy(), col
        )
    np.testing.assert_array_equal(got["part"].to_numpy(), want["part"].to_numpy())

    wsum = pd.read_csv(GOLDEN / "qicharts2" / f"{case}_summary.csv")
    gsum = res.summary()
    cols = ["part", "n_obs", "n_useful", "longest_run", "longest_run_max", "n_crossings",
            "n_crossings_min", "cl", "lcl", "ucl", "sigma_signal"]  # fmt: skip
    for col in cols:
        np.testing.assert_allclose(
            gsum[col].to_numpy(dtype=float),
            wsum[col].to_numpy(dtype=float),
            rtol=0,
            atol=1e-6,
            equal_nan=True,
            err_msg=col,
        )
    np.testing.assert_array_equal(gsum["runs_signal"], _bool(wsum["runs_signal"]))


def test_anhoej_critical_values_match_qicharts2():
    from qikit.charts.constants import longest_run_max, n_crossings_min

    want = pd.read_csv(GOLDEN / "qicharts2" / "anhoej_critical_values.csv")
    n = want["n_useful"].to_numpy()
    np.testing.assert_array_equal(longest_run_max(n), want["longest_run_max"])
    np.testing.assert_array_equal(n_crossings_min(n), want["n_crossings_min"])
