"""explain() on real NHS A&E data: the cases the December 2026 trial found.

The extract (12 English trusts, type 1 A&E, April 2016 to March 2019, from the NHS-R
Community's NHSRdatasets) lives outside the repository and is read from its shared
path; the tests are skipped where it is absent.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import qikit

AE = Path("/work/shared/data/nhsr_ae_attendances_type1_12orgs.csv")

pytestmark = pytest.mark.skipif(not AE.exists(), reason="A&E extract not available")


@pytest.fixture(scope="module")
def ae() -> pd.DataFrame:
    return pd.read_csv(AE, parse_dates=["period"])


def qic(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qikit.QikitWarning)
        return qikit.qic(data, x="period", **kw)


def test_ihi_run_chart_counts_the_turning_point_in_both_trends(ae):
    # RA3: falls September 2017 to January 2018, rises January to June 2018
    res = qic(ae[ae.org_code == "RA3"], y="pct", chart="run", rules="ihi")
    text = res.explain()
    assert (
        "From September 2017 to January 2018, 5 points in a row go down, each lower "
        "than the one before (4 falls in a row): a trend (the rule is 5 or more points)"
    ) in text
    assert "From January to June 2018, 6 points in a row go up" in text
    assert "4 points in a row go" not in text


def test_ihi_run_chart_reads_a_winter_dip_as_a_trend_and_a_shift(ae):
    # R1H falls to 74.3, 72.6 and 74 in January to March 2019, no further from the
    # rest than January 2017's 73.9: a trend and a shift, not astronomical points
    # (limits from the mean and the average moving range called them astronomical;
    # several astronomical points in one sentence are tested in test_explain.py)
    res = qic(ae[ae.org_code == "R1H"], y="pct", chart="run", rules="ihi")
    text = res.explain()
    assert "astronomical" not in text
    assert "From August 2018 to February 2019, 7 points in a row go down" in text
    assert "From September 2018 to March 2019, 7 points in a row are below" in text


def test_mdc_value_and_limit_are_written_apart(ae):
    # trial #21: "the value 74.3 is below the lower control limit (74.3)"
    res = qic(
        ae,
        y="pct",
        chart="i",
        rules="mdc",
        target=95,
        facets="org_code",
        improvement="increase",
    )
    text = res.explain()
    assert (
        "R1H: In January 2019 the value 74.26 is below the lower control limit (74.32)."
    ) in text
    # each trust starts with where it is now: its variation icon, then assurance
    by_org: dict[str, list[str]] = {}
    for line in text.splitlines():
        org, _, rest = line.partition(": ")
        by_org.setdefault(org, []).append(rest)
    assert len(by_org) == 12
    for lines in by_org.values():
        assert lines[0].startswith("Variation icon:")
        assert lines[1].startswith("Assurance icon:")


def test_p_chart_with_large_denominators_recommends_laney(ae):
    # trial #8: most points of a p chart with ~10,000 a month outside its limits
    for org in ("RAE", "RA7", "R1K"):
        data = ae[ae.org_code == org]
        res = qic(data, y="within", n="attendances", chart="p", multiply=100)
        text = res.explain()
        out = int(res.frame["sigma_signal"].sum())
        assert out > 18
        assert f"Most points ({out} of 36) are outside the control limits." in text
        assert 'Use a Laney P′ chart (`chart="pp"`)' in text
        assert text.count("look for a special cause") == 0
        laney = qic(data, y="within", n="attendances", chart="pp", multiply=100)
        assert int(laney.frame["sigma_signal"].sum()) < out
        assert "over-dispersion" not in laney.explain()
