"""Time qikit.sim: the rule-set laboratory, red beads and the funnel.

    .venv/bin/python bench/bench_sim.py            # print the tables
    .venv/bin/python bench/bench_sim.py --check    # also exit 1 if a target is missed
    .venv/bin/python bench/bench_sim.py --quick    # leave out the 100,000-series run

Cases (all seeded):

(a) rule_lab: 10,000 series x 24 points x 4 rule sets x 5 shift sizes (run chart,
    the default design). Its time is compared with the time of the qic() facet calls
    it makes, measured inside the same run by timing each call (the calls' own share;
    the rest is drawing the numbers, building the frames and counting signals).
    Target: rule_lab within 1.5x of its qic() calls. The same 20 calls are also timed
    on their own, on frames built beforehand, as a check of the first figure.
(b) rule_lab growth: 1,000, 10,000 and 100,000 series (24 points, 4 rule sets,
    5 shifts). Target: linear, the processor time per series at 100,000 within
    1.5x of that at 10,000 (processor time, because wall time on a shared machine
    moves with the other jobs; both are printed).
(c) red beads for 1,000 rooms (6 workers x 4 days), against the floor (NumPy's
    hypergeometric draws alone) and a loop of 1,000 one-room calls; the management
    of all 1,000 rooms (one faceted p chart).
(d) the funnel for 1,000 rooms (4 rules x 50 drops), against the floor (the normal
    draws and cumulative sums alone) and a loop of 1,000 one-room calls; the summary.

Times are the best of ``--repeats`` runs after one warm-up run, with a garbage
collection before each run (as bench_qic.py). See bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

import qikit.sim.lab as lab_module
from qikit.charts.qic import qic
from qikit.errors import QikitWarning
from qikit.sim import (
    bead_management,
    funnel_experiment,
    funnel_summary,
    red_beads,
    rule_lab,
)

SEED = 2026
RULES = ("anhoej", "ihi", "mdc", "western_electric")
SHIFTS = (0, 0.5, 1, 1.5, 2)
OVERHEAD_TARGET = 1.5  # rule_lab within 1.5x of the qic() calls it makes
GROWTH_TARGET = 1.5  # time per series at 100,000 within 1.5x of that at 10,000


def best_of(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Best wall time of ``repeats`` calls after one untimed warm-up call."""
    fn()
    best, value = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


# -- (a) and (b): the rule-set laboratory ---------------------------------------


class TimedQic:
    """qic() with a stopwatch: the laboratory's calls, timed where they happen."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0

    def __call__(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return qic(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


def lab_with_calls(sims: int, repeats: int) -> tuple[float, float, int, float]:
    """Best wall time of rule_lab, the qic() time inside that run, the number of
    calls, and the best processor time (less sensitive to other jobs on the machine)."""
    best = (float("inf"), 0.0, 0)
    cpu_best = float("inf")
    for k in range(repeats + 1):  # the first run warms up
        timer = TimedQic()
        lab_module.qic = timer
        try:
            gc.collect()
            cpu = time.process_time()
            start = time.perf_counter()
            rule_lab(rules=RULES, n=24, shift=SHIFTS, sims=sims, seed=SEED)
            total = time.perf_counter() - start
            cpu = time.process_time() - cpu
        finally:
            lab_module.qic = qic
        if k and total < best[0]:
            best = (total, timer.seconds, timer.calls)
        if k:
            cpu_best = min(cpu_best, cpu)
    return (*best, cpu_best)


def qic_calls_alone(sims: int, repeats: int) -> float:
    """The same faceted calls on frames built beforehand (the laboratory's design)."""
    rng = np.random.default_rng(SEED)
    noise = rng.standard_normal((sims, 24))
    frames = [lab_module._frame(noise, d, 13, "baseline")[0] for d in SHIFTS]

    def calls() -> None:
        for frame in frames:
            for r in RULES:
                qic(frame, x="x", y="y", chart="run", rules=r, facets="series",
                    freeze=12)  # fmt: skip

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QikitWarning)
        seconds, _ = best_of(calls, repeats)
    return seconds


# -- (c) and (d): red beads and the funnel --------------------------------------


def beads_floor() -> np.ndarray:
    rng = np.random.default_rng(SEED)
    return rng.hypergeometric(800, 3200, 50, size=1000 * 24)


def beads_loop() -> list:
    return [red_beads(seed=k) for k in range(1000)]


def funnel_floor() -> np.ndarray:
    rng = np.random.default_rng(SEED)
    e = rng.normal(0.0, 1.0, size=(1000, 50, 2))
    sign = np.where(np.arange(50) % 2 == 0, 1.0, -1.0)[None, :, None]
    out = [e, e + np.pad(-e[:, :-1], ((0, 0), (1, 0), (0, 0))),
           sign * np.cumsum(sign * e, axis=1), np.cumsum(e, axis=1)]  # fmt: skip
    return np.concatenate(out, axis=1)


def funnel_loop() -> list:
    return [funnel_experiment(rule=[1, 2, 3, 4], seed=k) for k in range(1000)]


# -- report ---------------------------------------------------------------------


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
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores (load average {load} at the end); "
        f"Python {platform.python_version()}, NumPy {np.__version__}, "
        f"pandas {pd.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a target is missed")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3,
                        help="timed runs per case (default 3)")  # fmt: skip
    parser.add_argument("--quick", action="store_true",
                        help="leave out the 100,000-series growth run")  # fmt: skip
    args = parser.parse_args(argv)
    failures: list[str] = []

    print("running (a) rule_lab, 10,000 series ...", file=sys.stderr, flush=True)
    total, inside, calls, _ = lab_with_calls(10_000, args.repeats)
    alone = qic_calls_alone(10_000, args.repeats)
    ratio = total / inside
    if ratio > OVERHEAD_TARGET:
        failures.append(f"rule_lab is {ratio:.2f}x its qic() calls")

    print("running (b) growth ...", file=sys.stderr, flush=True)
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    growth, cpu = {}, {}
    for sims in sizes:
        reps = 2 if sims >= 100_000 else args.repeats
        wall, _, _, cpu[sims] = lab_with_calls(sims, reps)
        growth[sims] = wall
    if 100_000 in growth:
        per = {s: cpu[s] / s for s in cpu}
        if per[100_000] > GROWTH_TARGET * per[10_000]:
            failures.append(
                f"rule_lab at 100,000 series takes {per[100_000] / per[10_000]:.2f}x "
                "the processor time per series of 10,000"
            )

    print("running (c) red beads, (d) funnel ...", file=sys.stderr, flush=True)
    rows_c = [
        ("floor: NumPy hypergeometric draws", best_of(beads_floor, args.repeats)[0]),
        ("red_beads(rooms=1000)",
         best_of(lambda: red_beads(rooms=1000, seed=SEED), args.repeats)[0]),
        ("loop of 1,000 red_beads() calls", best_of(beads_loop, 1)[0]),
    ]  # fmt: skip
    beads = red_beads(rooms=1000, seed=SEED)
    manage = best_of(lambda: bead_management(beads), args.repeats)[0]
    rows_d = [
        ("floor: NumPy normal draws and sums", best_of(funnel_floor, args.repeats)[0]),
        ("funnel_experiment(rule=[1, 2, 3, 4], rooms=1000)",
         best_of(lambda: funnel_experiment(rule=[1, 2, 3, 4], rooms=1000, seed=SEED),
                 args.repeats)[0]),
        ("loop of 1,000 funnel_experiment() calls", best_of(funnel_loop, 1)[0]),
    ]  # fmt: skip
    drops = funnel_experiment(rule=[1, 2, 3, 4], rooms=1000, seed=SEED)
    summary = best_of(lambda: funnel_summary(drops), args.repeats)[0]

    print(f"Machine: {machine()}\n")
    print("(a) rule_lab: 10,000 series x 24 points x 4 rule sets x 5 shifts, run chart")
    print()
    print("| what | seconds | x qic() calls |")
    print("|---|---:|---:|")
    print(f"| rule_lab (total) | {total:.3f} | **{ratio:.2f}** |")
    what = f"its {calls} qic() facet calls (timed inside the run)"
    print(f"| {what} | {inside:.3f} | 1.00 |")
    print(f"| the same calls alone, frames built beforehand | {alone:.3f} | "
          f"{alone / inside:.2f} |")  # fmt: skip
    print()
    print("(b) rule_lab growth (24 points, 4 rule sets, 5 shifts)")
    print()
    print(
        "| series | seconds (wall) | processor seconds | processor microseconds per "
        "series | x per series at 1,000 |"
    )
    print("|---:|---:|---:|---:|---:|")
    base = cpu[sizes[0]] / sizes[0]
    for sims, seconds in growth.items():
        per = cpu[sims] / sims
        print(
            f"| {sims:,} | {seconds:.3f} | {cpu[sims]:.3f} | {per * 1e6:.0f} | "
            f"{per / base:.2f} |"
        )
    print()
    print("(c) red beads, 1,000 rooms x 6 workers x 4 days (24,000 paddles)")
    print()
    print("| implementation | seconds | x floor |")
    print("|---|---:|---:|")
    for name, seconds in rows_c:
        print(f"| {name} | {seconds:.4f} | {seconds / rows_c[0][1]:.1f} |")
    print(f"| bead_management of the 1,000 rooms (one faceted p chart) | "
          f"{manage:.4f} | {manage / rows_c[0][1]:.1f} |")  # fmt: skip
    print()
    print("(d) funnel, 1,000 rooms x 4 rules x 50 drops (200,000 drops)")
    print()
    print("| implementation | seconds | x floor |")
    print("|---|---:|---:|")
    for name, seconds in rows_d:
        print(f"| {name} | {seconds:.4f} | {seconds / rows_d[0][1]:.1f} |")
    print(f"| funnel_summary of the 1,000 rooms | {summary:.4f} | "
          f"{summary / rows_d[0][1]:.1f} |")  # fmt: skip
    if failures:
        print("\n" + "\n".join(f"FAIL: {f}" for f in failures), file=sys.stderr)
    return 1 if (args.check and failures) else 0


if __name__ == "__main__":
    sys.exit(main())
