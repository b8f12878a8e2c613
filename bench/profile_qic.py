"""Show where qikit.qic spends its time on one benchmark case.

    .venv/bin/python bench/profile_qic.py b            # cProfile, qikit functions
    .venv/bin/python bench/profile_qic.py b --lines    # line by line (line_profiler)

The case letters are those of bench_qic.py: a (one I chart of 100,000 points),
b (1,000 x 60 I charts as facets), c (1,000 x 60 p charts as facets). With
``--lines`` every function of the ``qikit.charts`` modules is profiled line by
line (``pip install line_profiler`` into the .venv; it is not a qikit
dependency) and only lines taking at least ``--min-share`` of the whole call are
printed. Times of a line include the functions it calls.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import linecache
import pkgutil
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_qic  # noqa: E402


def engine_modules():
    package = importlib.import_module("qikit.charts")
    for info in pkgutil.iter_modules(package.__path__):
        yield importlib.import_module(f"qikit.charts.{info.name}")


def by_function(call, calls: int, top: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(calls):
        call()
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt / calls
    print(f"qic(): {total * 1e3:.1f} ms a call (under cProfile, {calls} calls)\n")
    for key in ("cumulative", "tottime"):
        print(f"-- top {top} by {key} --")
        stats.sort_stats(key).print_stats(top)


def by_line(call, calls: int, min_share: float) -> None:
    from line_profiler import LineProfiler

    profiler = LineProfiler()
    for module in engine_modules():
        profiler.add_module(module)
    wrapped = profiler(call)
    for _ in range(calls):
        wrapped()
    stats = profiler.get_stats()
    unit = stats.unit
    blocks = []
    total = 0.0
    for (filename, first, name), lines in stats.timings.items():
        spent = sum(t for _, _, t in lines) * unit / calls
        if name == "qic":
            total = spent
        blocks.append((spent, filename, first, name, lines))
    print(f"qic(): {total * 1e3:.1f} ms a call (under line_profiler, {calls} calls)")
    print("ms/call  share  file:line  code   (a line's time includes its callees)\n")
    for spent, filename, first, name, lines in sorted(blocks, reverse=True):
        if not total or spent / total < min_share:
            continue
        short = "/".join(Path(filename).parts[-3:])
        print(f"{spent * 1e3:8.2f} {spent / total:6.1%}  {short}:{first} {name}()")
        for lineno, _, t in lines:
            t = t * unit / calls
            if t / total >= min_share:
                code = linecache.getline(filename, lineno).strip()[:90]
                print(f"{t * 1e3:8.2f} {t / total:6.1%}    line {lineno}: {code}")
        print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", choices=["a", "b", "c"])
    parser.add_argument("--lines", action="store_true", help="line by line")
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--min-share", type=float, default=0.01)
    args = parser.parse_args(argv)

    qic, why_not = bench_qic.load_qikit()
    if qic is None:
        print(f"cannot profile: {why_not}", file=sys.stderr)
        return 1
    case = next(c for c in bench_qic.make_cases() if c.key == args.case)
    call = bench_qic.qikit_call(qic, case)
    call()  # warm-up: imports, caches
    if args.lines:
        by_line(call, args.calls, args.min_share)
    else:
        by_function(call, args.calls, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
