"""Time qikit.qic against a pure-NumPy floor (and other packages where installed).

    .venv/bin/python bench/bench_qic.py            # print the table
    .venv/bin/python bench/bench_qic.py --check    # also exit 1 if qikit > 3x floor

Cases, on inputs seeded with numpy.random.default_rng(2026):

(a) one I chart of 100,000 points;
(b) 1,000 series x 60 points as facets, I chart;
(c) 1,000 series x 60 points as facets, p chart (n from 50 to 500, y binomial).

Each case is analysed with the Anhøj runs rules. Times are the best of
``--repeats`` runs after one warm-up run (as ``timeit`` reports them), with a
garbage collection before each run and the collector left on. The script also
checks that qikit and the floor agree on the plotted values, CL, limits, sigma
signals and the runs analysis of every series, so both do the same work; it
exits 1 under ``--check`` if they disagree. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floor  # noqa: E402  (bench/ is a folder of scripts, not a package)
import peers as peer_adapters  # noqa: E402

SEED = 2026
TARGET = 3.0  # qikit must stay within 3x the floor
RTOL = 1e-9  # floats compared with this relative tolerance
PEER_BUDGET = 20.0  # seconds: stop repeating a slow package's run after this


# -- inputs -------------------------------------------------------------------


@dataclass
class Case:
    key: str
    title: str
    chart: str  # "i" or "p"
    data: pd.DataFrame
    facets: str | None
    floor_fn: Callable[[pd.DataFrame], floor.Floor]
    n_series: int
    points: int
    # (implementation, seconds, note, seconds is only a lower bound)
    results: list = field(default_factory=list)
    agreement: list = field(default_factory=list)  # (implementation, [problems])


def floor_i(df: pd.DataFrame) -> floor.Floor:
    return floor.i_chart(df["y"].to_numpy(), df["series"].to_numpy())


def floor_i_single(df: pd.DataFrame) -> floor.Floor:
    return floor.i_chart(df["y"].to_numpy())


def floor_p(df: pd.DataFrame) -> floor.Floor:
    return floor.p_chart(
        df["y"].to_numpy(), df["n"].to_numpy(), df["series"].to_numpy()
    )


def make_cases(seed: int = SEED) -> list[Case]:
    """The three seeded inputs, each as a tidy DataFrame sorted by series and x."""
    rng = np.random.default_rng(seed)

    # (a) one long series: N(100, 10), a 0.3 sd step up over the last quarter
    # (a runs signal) and 0.5% of points lifted by 6 sd (moving ranges to screen).
    size = 100_000
    y = rng.normal(100.0, 10.0, size)
    y[-size // 4 :] += 3.0
    y[rng.random(size) < 0.005] += 60.0
    single = pd.DataFrame(
        {"series": np.zeros(size, np.int64), "x": np.arange(1, size + 1), "y": y}
    )

    # (b), (c): 1,000 series of 60 points; series ids 1..1000, x = 1..60.
    n_series, length = 1_000, 60
    series = np.repeat(np.arange(1, n_series + 1, dtype=np.int64), length)
    x = np.tile(np.arange(1, length + 1, dtype=np.int64), n_series)
    late = np.tile(np.arange(length) >= length - 20, n_series)  # last 20 points
    shifted = np.repeat(rng.random(n_series) < 0.3, length) & late  # 30% of series

    mu = np.repeat(rng.uniform(20.0, 80.0, n_series), length)
    sd = np.repeat(rng.uniform(2.0, 8.0, n_series), length)
    yi = mu + sd * rng.standard_normal(series.size)
    yi += 1.5 * sd * shifted
    yi += 6.0 * sd * (rng.random(series.size) < 0.01)
    facets_i = pd.DataFrame({"series": series, "x": x, "y": yi})

    n = rng.integers(50, 501, series.size)
    p = np.repeat(rng.uniform(0.05, 0.3, n_series), length)
    p = np.where(shifted, np.minimum(1.5 * p, 0.95), p)
    facets_p = pd.DataFrame({"series": series, "x": x, "y": rng.binomial(n, p), "n": n})

    return [
        Case("a", "(a) I chart, 1 series x 100,000 points", "i", single, None,
             floor_i_single, 1, size),
        Case("b", "(b) I chart, 1,000 series x 60 points, facets", "i", facets_i,
             "series", floor_i, n_series, series.size),
        Case("c", "(c) p chart, 1,000 series x 60 points, facets", "p", facets_p,
             "series", floor_p, n_series, series.size),
    ]  # fmt: skip


# -- timing -------------------------------------------------------------------


def best_of(
    fn: Callable[[], object],
    repeats: int,
    *,
    warm_up: bool = True,
    budget: float = float("inf"),
) -> tuple[float, object, int]:
    """Best wall time of ``repeats`` calls after one untimed warm-up call, the last
    call's value and the number of timed calls (fewer than ``repeats`` once
    ``budget`` seconds have been spent)."""
    if warm_up:
        fn()
    best, spent, value = float("inf"), 0.0, None
    done = 0
    for _ in range(repeats):
        done += 1
        gc.collect()
        start = time.perf_counter()
        value = fn()
        took = time.perf_counter() - start
        best, spent = min(best, took), spent + took
        if spent > budget:
            break
    return best, value, done


# -- qikit --------------------------------------------------------------------


def load_qikit():
    try:
        import qikit
    except ImportError as err:
        return None, f"qikit is not importable ({err})"
    qic = getattr(qikit, "qic", None)
    if qic is None:
        return None, "qikit.qic does not exist yet (the chart engine has not landed)"
    return qic, ""


def qikit_call(qic, case: Case) -> Callable[[], object]:
    kwargs = {"x": "x", "y": "y", "chart": case.chart}
    if case.chart == "p":
        kwargs["n"] = "n"
    if case.facets:
        kwargs["facets"] = case.facets
    return lambda: qic(case.data, **kwargs)


def _close(a, b) -> np.ndarray:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.isclose(a, b, rtol=RTOL, atol=0.0) | (np.isnan(a) & np.isnan(b))


def check_qikit(case: Case, result, fl: floor.Floor) -> list[str]:
    """Where qikit and the floor disagree (an empty list when they agree)."""
    problems: list[str] = []
    frame = result.frame
    order = [case.facets, "x"] if case.facets else ["x"]
    missing = [c for c in order if c not in frame.columns]
    if missing:
        return [f"frame lacks columns {missing}"]
    frame = frame.sort_values(order, kind="stable")
    if len(frame) != case.points:
        return [f"frame has {len(frame)} rows, expected {case.points}"]

    for name in ("y", "cl", "lcl", "ucl"):
        if name not in frame:
            problems.append(f"frame lacks column {name!r}")
            continue
        bad = ~_close(frame[name].to_numpy(float), getattr(fl, name))
        if bad.any():
            problems.append(f"{name}: {bad.sum()} of {bad.size} rows differ")
    for name in ("sigma_signal", "runs_signal"):
        if name not in frame:
            problems.append(f"frame lacks column {name!r}")
            continue
        bad = frame[name].to_numpy(bool) != getattr(fl, name)
        if bad.any():
            problems.append(f"{name}: {bad.sum()} of {bad.size} rows differ")

    summary = result.summary()
    if case.facets:
        if case.facets not in summary:
            return problems + [f"summary() lacks the facet column {case.facets!r}"]
        summary = summary.sort_values(case.facets, kind="stable")
    if len(summary) != case.n_series:
        return problems + [
            f"summary() has {len(summary)} rows, expected {case.n_series}"
        ]
    columns = {
        "cl": fl.series_cl,
        "n_useful": fl.n_useful,
        "longest_run": fl.longest_run,
        "longest_run_max": fl.longest_run_max,
        "n_crossings": fl.n_crossings,
        "n_crossings_min": fl.n_crossings_min,
        "runs_signal": fl.series_runs_signal,
    }
    for name, want in columns.items():
        if name not in summary:
            problems.append(f"summary() lacks column {name!r}")
            continue
        bad = ~_close(summary[name].to_numpy(float), want.astype(float))
        if bad.any():
            problems.append(f"summary {name}: {bad.sum()} of {bad.size} series differ")
    if "sigma_signal" in summary:
        starts = floor.segment_starts(case.data["series"].to_numpy(), case.points)
        want = np.add.reduceat(fl.sigma_signal, starts, dtype=np.intp)
        bad = summary["sigma_signal"].to_numpy(float) != want
        if bad.any():
            problems.append(f"summary sigma_signal: {bad.sum()} series differ")
    return problems


# -- peers --------------------------------------------------------------------


def peer_subset(case: Case, peer, full: bool) -> tuple[pd.DataFrame, float, str]:
    """Rows the peer is timed on, the factor to scale its time by, and a note."""
    df = case.data
    if full:
        return df, 1.0, ""
    if case.facets and peer.max_series and peer.max_series < case.n_series:
        k = peer.max_series
        sub = df[df["series"] <= k]  # series ids are 1..n_series
        note = (
            f"timed on the first {k:,} of {case.n_series:,} series, "
            f"scaled x{case.n_series / k:g}"
        )
        return sub, case.n_series / k, note
    if not case.facets and peer.max_points and peer.max_points < case.points:
        k = peer.max_points
        note = (
            f"timed on the first {k:,} of {case.points:,} points, "
            f"scaled x{case.points / k:g} (its chart costs grow linearly)"
        )
        return df.iloc[:k], case.points / k, note
    return df, 1.0, ""


def check_peer(case: Case, peer, sub: pd.DataFrame, answers: list) -> list[str]:
    """How the peer's answers differ from the floor's on the rows it was timed on."""
    fl = case.floor_fn(sub)
    starts = np.r_[0, np.cumsum([len(a.values) for a in answers])[:-1]]
    cl_bad = lim_bad = sig_series = sig_points = 0
    missed = extra = missed_own = extra_own = compared = true_signals = 0
    for j, (own, s0) in enumerate(zip(answers, starts, strict=True)):
        rows = slice(s0, s0 + len(own.values))
        cl_bad += not _close(own.cl, fl.series_cl[j])
        lim_bad += not (
            _close(own.lcl, fl.lcl[rows]).all() and _close(own.ucl, fl.ucl[rows]).all()
        )
        diff = int((own.sigma_signal != fl.sigma_signal[rows]).sum())
        sig_points += diff
        sig_series += diff > 0
        if peer.runs is None or own.runs_signal is None:
            continue
        compared += 1
        want = bool(fl.series_runs_signal[j])
        true_signals += want
        missed_own += want and not own.runs_signal
        extra_own += own.runs_signal and not want
        about_floor_cl = peer.runs(own.values, fl.series_cl[j])
        missed += want and not about_floor_cl
        extra += about_floor_cl and not want
    n = len(answers)
    out = [
        f"CL differs in {cl_bad} of {n} series",
        f"limits differ in {lim_bad} of {n} series",
        f"sigma signals differ at {sig_points} points in {sig_series} of {n} series",
    ]
    if compared:
        out.append(
            f"runs signal about its own CL: {missed_own} missed, {extra_own} extra "
            f"(of {true_signals} true signals in {compared} series)"
        )
        out.append(
            f"runs signal about the floor's CL (its rules alone): {missed} missed, "
            f"{extra} extra"
        )
    elif peer.runs is None:
        out.append("no Anhøj runs analysis: runs signals not compared")
    else:
        out.append("runs analysis skipped (too long to run): runs signals not compared")
    return out


def time_peer(case: Case, peer, args) -> None:
    sub, scale, note = peer_subset(case, peer, args.peers_full)
    chart = peer.i_chart if case.chart == "i" else peer.p_chart
    if case.facets:

        def run() -> list:
            return [chart(g) for _, g in sub.groupby("series", sort=True)]

        first = sub[sub["series"] == sub["series"].iloc[0]]
    else:

        def run() -> list:
            return [chart(sub)]

        first = sub.iloc[: min(len(sub), 1_000)]
    chart(first)  # warm-up on one small chart (shewhart derives its constants once)
    seconds, answers, done = best_of(
        run, args.peer_repeats, warm_up=False, budget=PEER_BUDGET
    )
    longest = case.points // case.n_series
    skipped = peer.runs_max_points is not None and longest > peer.runs_max_points
    note = "; ".join(filter(None, [peer.runs_skipped if skipped else "", note,
                                   f"best of {done}"]))  # fmt: skip
    name = f"{peer.name} {peer.version}"
    case.results.append((name, seconds * scale, note, skipped))
    case.agreement.append((peer.name, check_peer(case, peer, sub, answers)))


# -- report -------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import scipy

    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores (load average {load} at the end); "
        f"Python {platform.python_version()}, NumPy {np.__version__}, "
        f"pandas {pd.__version__}, SciPy {scipy.__version__}"
    )


def report(cases: list[Case], notes: list[str]) -> None:
    print(f"Machine: {machine()}\n")
    print("| case | implementation | seconds | x floor | note |")
    print("|---|---|---:|---:|---|")
    for case in cases:
        base = case.results[0][1]
        for i, (name, seconds, note, lower) in enumerate(case.results):
            title = case.title if i == 0 else ""
            at_least = "≥ " if lower else ""
            ratio = f"{at_least}{seconds / base:,.1f}" if np.isfinite(seconds) else "-"
            secs = f"{at_least}{seconds:.4g}" if np.isfinite(seconds) else "-"
            print(f"| {title} | {name} | {secs} | {ratio} | {note} |")
    print()
    for case in cases:
        for name, problems in case.agreement:
            print(f"{case.key}) {name} vs floor: " + ("; ".join(problems) or "agree"))
    if notes:
        print()
        for note in notes:
            print(f"note: {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"exit 1 if qikit is over {TARGET:g}x the floor, "
        "disagrees with it, or is missing",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=7,
        help="timed runs for the floor and qikit (default 7)",
    )
    parser.add_argument(
        "--peer-repeats",
        type=int,
        default=3,
        help="timed runs for other packages (default 3)",
    )
    parser.add_argument(
        "--no-peers", action="store_true", help="do not time pyqicharts or shewhart"
    )
    parser.add_argument(
        "--peers-full",
        action="store_true",
        help="time slow packages on the whole input, not a subset "
        "(pyqicharts then takes about 10 minutes)",
    )
    parser.add_argument("--cases", default="abc", help="which cases to run")
    args = parser.parse_args(argv)  # fmt: skip

    cases = [c for c in make_cases() if c.key in args.cases]
    qic, why_not = load_qikit()
    notes: list[str] = []
    failures: list[str] = []
    peers: list = []
    if not args.no_peers:
        peers, skipped = peer_adapters.load_peers()
        notes += skipped
        for p in peers:
            notes += p.notes
    if qic is None:
        notes.append(f"qikit: skipped, {why_not}")
        failures.append(why_not)

    for case in cases:
        print(f"running {case.title} ...", file=sys.stderr, flush=True)
        fl = case.floor_fn(case.data)
        seconds, _, _ = best_of(partial(case.floor_fn, case.data), args.repeats)
        case.results.append(("floor (NumPy)", seconds, "", False))
        if qic is not None:
            call = qikit_call(qic, case)
            problems = check_qikit(case, call(), fl)
            seconds, _, _ = best_of(call, args.repeats)
            case.results.append(("qikit", seconds, "", False))
            case.agreement.append(("qikit", problems))
            ratio = seconds / case.results[0][1]
            if ratio > TARGET:
                failures.append(f"{case.title}: qikit is {ratio:.1f}x the floor")
            if problems:
                failures.append(f"{case.title}: qikit disagrees with the floor")
    # the other packages run last, so that their memory use (pyqicharts grows to
    # gigabytes) does not slow the floor and qikit runs that follow them
    for case in cases:
        for peer in peers:
            try:
                time_peer(case, peer, args)
            except Exception as err:  # a peer's failure must not stop the benchmark
                case.results.append(
                    (peer.name, float("nan"), f"failed: {err!r}", False)
                )

    report(cases, notes)
    if failures:
        print("\n" + "\n".join(f"FAIL: {f}" for f in failures), file=sys.stderr)
    return 1 if (args.check and failures) else 0


if __name__ == "__main__":
    sys.exit(main())
