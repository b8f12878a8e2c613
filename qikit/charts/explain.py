"""Plain-English findings for a :class:`~qikit.charts.result.QicResult`.

One sentence per finding, written for a nurse or a care home manager, not a
statistician: what happened, when, which rule saw it and what it means. The text is also
the chart's text alternative (its ``alt`` text in web apps).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qikit.charts._prepare import CHART_NAMES

MAX_POINT_SENTENCES = 5


def fmt_number(v: float, percent: bool = False) -> str:
    """A number as a person would write it: 3 significant figures, thousands commas.

    >>> fmt_number(1234.5), fmt_number(12.345), fmt_number(0.01234), fmt_number(85, True)
    ('1,234', '12.3', '0.0123', '85%')
    """
    if v is None or not np.isfinite(v):
        return "not available"
    a = abs(v)
    if a >= 100:
        text = f"{v:,.0f}"
    elif a >= 10:
        text = f"{v:.1f}".rstrip("0").rstrip(".")
    elif a >= 1:
        text = f"{v:.2f}".rstrip("0").rstrip(".")
    elif a == 0:
        text = "0"
    else:
        text = f"{v:.3g}"
    return text + ("%" if percent else "")


class _Labels:
    """Turns x values into words: 'March 2024', '3 March 2024', 'point 5', 'week 12'."""

    def __init__(self, x: pd.Series, is_position: bool, xlab: str | None):
        self.x = x
        self.is_position = is_position
        self.kind = "other"
        self.xlab = xlab
        if is_position:
            self.kind = "position"
        elif pd.api.types.is_datetime64_any_dtype(x):
            dt = pd.DatetimeIndex(x)
            if len(dt) and (dt.day == 1).all() and (dt.normalize() == dt).all():
                self.kind = "month"
            else:
                self.kind = "day"
        elif pd.api.types.is_numeric_dtype(x):
            self.kind = "number"

    def one(self, i: int) -> str:
        v = self.x.iloc[i]
        if self.kind == "position":
            return f"point {int(v)}"
        if self.kind == "month":
            return pd.Timestamp(v).strftime("%B %Y")
        if self.kind == "day":
            t = pd.Timestamp(v)
            return f"{t.day} {t.strftime('%B %Y')}"
        if self.kind == "number":
            word = (self.xlab or "point").lower()
            return (
                f"{word} {v:g}"
                if isinstance(v, (float, np.floating))
                else f"{word} {v}"
            )
        return str(v)

    def span(self, i: int, j: int) -> str:
        """'From March to November 2024', 'From March 2023 to May 2024'."""
        if i == j:
            return (
                f"{'At' if self.kind in ('position', 'number') else 'In'} {self.one(i)}"
            )
        a, b = self.one(i), self.one(j)
        if self.kind == "month":
            ta, tb = pd.Timestamp(self.x.iloc[i]), pd.Timestamp(self.x.iloc[j])
            if ta.year == tb.year:
                a = ta.strftime("%B")
        return f"From {a} to {b}"


def _direction_word(direction: int, improvement: str) -> str:
    if improvement == "neutral" or direction == 0:
        return ""
    good = (direction > 0) == (improvement == "increase")
    return (
        " This is in the direction of improvement."
        if good
        else (" This is in the wrong direction: a sign of deterioration.")
    )


def explain(result) -> str:
    """The findings of a result, one sentence per line (see :meth:`QicResult.explain`)."""
    f = result.frame
    summ = result.summary()
    facet = result.facets
    lines: list[str] = []
    percent = result.multiply == 100 and result.chart in ("p", "pp")
    groups = [((None,), f)] if facet is None else list(f.groupby(facet, sort=False))
    for key, ff in groups:
        key = key if isinstance(key, tuple) else (key,)
        n_parts = ff["part"].nunique()
        for part, fp in ff.groupby("part", sort=True):
            prefix_bits = []
            if facet is not None:
                prefix_bits.append(str(key[0]))
            if n_parts > 1:
                prefix_bits.append(f"phase {fp['part_label'].iloc[0]}")
            prefix = (", ".join(prefix_bits) + ": ") if prefix_bits else ""
            prefix = prefix[:1].upper() + prefix[1:]
            s = summ
            if facet is not None:
                s = s[s[facet] == key[0]]
            srow = s[s["part"] == part].iloc[0]
            lines.extend(_segment(result, fp, srow, prefix, percent))
    return "\n".join(lines)


def _segment(result, fp: pd.DataFrame, srow, prefix: str, percent: bool) -> list[str]:
    chart = result.chart
    labels = _Labels(fp["x"], result.x_is_position, result.xlab)
    out = []
    centre = "median" if chart == "run" else ("centre line" if chart == "g" else "mean")
    cl = float(np.nanmean(fp["cl"])) if fp["cl"].notna().any() else np.nan
    n_obs = int(srow["n_obs"])
    base_n = int((fp["baseline"] & fp["include"]).sum())
    frozen = base_n < int(fp["include"].sum())
    base_txt = (
        f", worked out from the first {base_n} points (the baseline)" if frozen else ""
    )
    name = CHART_NAMES[chart]
    unit = " (the theoretical median)" if chart == "g" else ""
    what = "This phase" if "phase" in prefix.lower() else f"This {name}"
    first = (
        f"{prefix}{what} has {n_obs} point{'s' if n_obs != 1 else ''}; "
        f"the {centre}{unit} is {fmt_number(cl, percent)}{base_txt}."
    )
    out.append(first)
    if chart != "run" and fp["ucl"].notna().any():
        lo_min, lo_max = np.nanmin(fp["lcl"]), np.nanmax(fp["lcl"])
        hi_min, hi_max = np.nanmin(fp["ucl"]), np.nanmax(fp["ucl"])
        if np.isclose(lo_min, lo_max) and np.isclose(hi_min, hi_max):
            lim = f"{fmt_number(lo_min, percent)} to {fmt_number(hi_max, percent)}"
            out.append(
                f"{prefix}The control limits are {lim}: as long as nothing changes, "
                "almost every value should fall between them."
            )
        else:

            def rng(a, b):
                a_txt, b_txt = fmt_number(a, percent), fmt_number(b, percent)
                return a_txt if a_txt == b_txt else f"{a_txt} to {b_txt}"

            out.append(
                f"{prefix}The control limits change with the size of each sample (lower "
                f"{rng(lo_min, lo_max)}, upper {rng(hi_min, hi_max)}): small samples "
                "vary more, so their limits are wider."
            )

    findings = []
    n_useful = srow["n_useful"]
    nu = int(n_useful) if np.isfinite(n_useful) else 0
    first_row, last_row = int(fp.index[0]), int(fp.index[-1])
    eps = result._episodes
    eps = eps[(eps["start"] >= first_row) & (eps["start"] <= last_row)]
    n_out = int((eps["rule"] == "outside_limits").sum())
    shown_out = 0
    for ep in eps.itertuples(index=False):  # one sentence per episode, not per point
        a, b = ep.start - first_row, ep.end - first_row
        d, count, rname = int(ep.direction), int(ep.count), ep.rule
        side = "above" if d > 0 else "below"
        when = labels.span(a, b)
        good = _direction_word(d, result.improvement)
        if rname == "outside_limits":
            shown_out += 1
            if shown_out > MAX_POINT_SENTENCES:
                continue
            yv, hi = fp["y"].iloc[a], d > 0
            lim = fp["ucl"].iloc[a] if hi else fp["lcl"].iloc[a]
            excl = "" if fp["include"].iloc[a] else " (an excluded point)"
            findings.append(
                f"{prefix}{when} the value {fmt_number(yv, percent)}{excl} is "
                f"{'above the upper' if hi else 'below the lower'} control limit "
                f"({fmt_number(lim, percent)}). A point outside the limits is very "
                "unlikely to be chance, so look for a special cause at that time."
                + good
            )
        elif rname == "long_run":
            findings.append(
                f"{prefix}{when}, {count} points in a row are {side} the {centre}. With "
                f"{nu} useful points a run longer than {int(srow['longest_run_max'])} "
                "rarely happens by chance, so something has changed." + good
            )
        elif rname == "shift":
            findings.append(
                f"{prefix}{when}, {count} points in a row are {side} the {centre}: a "
                f"shift (the rule is {result.shift_length} or more), so something has "
                "changed." + good
            )
        elif rname == "trend":
            move = "higher" if d > 0 else "lower"
            findings.append(
                f"{prefix}{when}, {count} points in a row are each {move} than the one "
                f"before: a trend (the rule is {result.trend_length} or more points), "
                "which rarely happens by chance." + good
            )
        elif rname in ("two_of_three", "four_of_five"):
            k, m, z = (2, 3, 2) if rname == "two_of_three" else (4, 5, 1)
            findings.append(
                f"{prefix}{when}, {count} points are more than {z} sigma {side} the "
                f"{centre}, at least {k} in every {m} in a row: an early warning that "
                "the process may have shifted." + good
            )
        elif rname == "fifteen_within_1s":
            findings.append(
                f"{prefix}{when}, {count} points in a row hug the {centre} (within "
                "1 sigma). Too little variation often means the data mix different "
                "groups or the limits were worked out from other data."
            )
        elif rname == "astronomical":
            findings.append(
                f"{prefix}{when} the value {fmt_number(fp['y'].iloc[a], percent)} is an "
                "astronomical point: far from all the others. Find out what happened."
                + good
            )
    if n_out > MAX_POINT_SENTENCES:
        findings.append(
            f"{prefix}{n_out - MAX_POINT_SENTENCES} more points are outside the "
            "control limits."
        )
    if result.rules == "anhoej" and chart != "mr" and nu > 0:
        nc, ncm = srow["n_crossings"], srow["n_crossings_min"]
        if np.isfinite(nc) and np.isfinite(ncm) and nc < ncm:
            findings.append(
                f"{prefix}The line crosses the {centre} only {int(nc)} "
                f"time{'s' if nc != 1 else ''}. With {nu} useful points fewer than "
                f"{int(ncm)} crossings rarely happens by chance, so the process has "
                "probably shifted."
            )
    if result.rules == "ihi" and chart == "run":
        lo, hi = (
            srow.get("n_crossings_min", np.nan),
            srow.get("n_crossings_max", np.nan),
        )
        runs_n = srow["n_crossings"] + 1 if np.isfinite(srow["n_crossings"]) else np.nan
        if np.isfinite(lo) and np.isfinite(runs_n):
            if runs_n < lo + 1:
                findings.append(
                    f"{prefix}There are only {int(runs_n)} runs. With {nu} useful points "
                    f"fewer than {int(lo) + 1} runs is unusual: a sign of a shift."
                )
            elif runs_n > hi + 1:
                findings.append(
                    f"{prefix}There are {int(runs_n)} runs. With {nu} useful points more "
                    f"than {int(hi) + 1} runs is unusual: the data may alternate between "
                    "two sources (for example two shifts or two sites)."
                )
    out.extend(findings)
    if not findings:
        what = (
            f"vary around the {centre} as chance would have them"
            if chart == "run"
            else "stay within the limits with no unusual patterns"
        )
        out.append(
            f"{prefix}No signals: the points {what} (common-cause variation). To "
            "improve, change the system rather than reacting to single points."
        )
    excluded = np.flatnonzero(~fp["include"].to_numpy() & fp["y"].notna().to_numpy())
    if excluded.size:
        names_x = ", ".join(labels.one(i) for i in excluded[:6])
        out.append(
            f"{prefix}Left out of the calculations but still shown: {names_x}"
            f"{' and more' if excluded.size > 6 else ''}."
        )
    if "variation" in srow and isinstance(srow["variation"], str):
        out.append(prefix + _VARIATION_TEXT[srow["variation"]])
        if srow.get("assurance"):
            tgt = fp["target"].dropna()
            tv = fmt_number(float(tgt.iloc[-1]), percent) if len(tgt) else ""
            out.append(prefix + _ASSURANCE_TEXT[srow["assurance"]].format(target=tv))
    return out


_VARIATION_TEXT = {
    "common_cause": "Variation icon: common cause. The latest point shows no signal.",
    "improvement_high": "Variation icon: special-cause improvement (high values are good).",
    "improvement_low": "Variation icon: special-cause improvement (low values are good).",
    "concern_high": "Variation icon: special-cause concern (values higher than expected).",
    "concern_low": "Variation icon: special-cause concern (values lower than expected).",
    "neutral_high": "Variation icon: special cause, higher values (neither good nor bad).",
    "neutral_low": "Variation icon: special cause, lower values (neither good nor bad).",
}
_ASSURANCE_TEXT = {
    "consistent_pass": "Assurance icon: the process will consistently meet the target of "
    "{target}, because it lies beyond the limits on the good side.",
    "consistent_fail": "Assurance icon: the process will consistently fail the target of "
    "{target} unless the system changes, because it lies beyond the limits on the wrong "
    "side.",
    "inconsistent": "Assurance icon: the target of {target} lies within the limits, so the "
    "process will sometimes meet it and sometimes not.",
}
