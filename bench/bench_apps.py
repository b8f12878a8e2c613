"""Time qikit's web apps in Chromium, served as `make app` serves them.

    .venv/bin/python bench/bench_apps.py              # every app notebook, the table
    .venv/bin/python bench/bench_apps.py --changes 20 --pages apps/demo.ipynb
    make bench-apps BENCH_ARGS="--changes 20"

What is measured, for the welcome module and each notebook in curriculum/apps/:

- **First render**, from the request to a fully rendered page (the page's loading
  text gone and, for an app, its status line saying it is ready, with its images
  decoded and painted): *cold* (no preheated kernel: the notebook runs on request)
  and *preheated* (a kernel that has already run the notebook waits in Voila's
  pool), each in a new browser context (empty cache); and a *return visit*, the
  page opened again in the same browser, with its scripts cached, on a freshly
  preheated kernel. Target: <= 2 s preheated.
- **The floor**: the same renders of a Voila page of one line of text (no code, no
  widget), on a server of its own configured the same way. What it takes is the
  server's, the page template's and the browser's, not any app's; the table gives
  each page's time as a multiple of it.
- **Update latency** for apps that declare a change control
  (:attr:`qikit.apps.App.change_control`, marked ``qikit-change`` on the page): the
  benchmark changes it ``--changes`` times (a slider by arrow key, a drop-down by
  choosing another option, a tick box by clicking, a text box by typing and Enter)
  and times each from the input event to the app's next "ready" status with its
  chart decoded and painted. Median and 95th percentile. Target: <= 250 ms median.
- **Memory per open app**: the PSS (proportional set size: shared pages divided
  between the processes sharing them) of the kernel behind the open page, after the
  updates, with USS and RSS for comparison, via psutil.

Times are taken in the page itself (``performance.now()``, scripts added before the
page's own); the same times seen from Playwright, which adds its own messages to and
from the browser, are kept beside them. Requests are watched, not intercepted
(interception would turn off the browser's cache): one that leaves 127.0.0.1 is
reported; the browser tests fail on it.

Each server is started as `make app` starts it (tests/voila/server.py), on a free port
of 127.0.0.1, with a copy of curriculum/voila.json that sets the pool sizes (every
measured page preheated, or none) and a throw-away cohort store. Results are printed
and written to bench/results/apps.json. Numbers depend on the machine and what else
it is doing: note the load average printed with them. Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.voila.browser import (  # noqa: E402
    CHROMIUM_ARGS,
    STATUS,
    open_page,
    status,
    wait_for_status,
)
from tests.voila.server import (  # noqa: E402
    CURRICULUM,
    render_path,
    start_voila,
    uses_apps,
)

OUT = Path(__file__).resolve().parent / "results" / "apps.json"
TARGET_RENDER = 2.0  # s, first render with a preheated kernel
TARGET_UPDATE = 0.250  # s, median widget change -> status
POOL_TIMEOUT = 240  # s for every preheated kernel to be ready


def _pages(chosen: list[str] | None, modules: bool = False) -> list[str]:
    pages = ["00_welcome.ipynb"] + sorted(
        p.relative_to(CURRICULUM).as_posix()
        for p in (CURRICULUM / "apps").glob("*.ipynb")
    )
    if modules:  # every curriculum module too (issue 10: modules load as fast)
        pages += sorted(
            p.name
            for p in CURRICULUM.glob("[0-9][0-9]_*.ipynb")
            if p.name != "00_welcome.ipynb"
        )
    if chosen:
        missing = sorted(set(chosen) - set(pages))
        if missing:
            raise SystemExit(f"bench_apps: no such page {missing}; pages: {pages}")
        pages = [p for p in pages if p in chosen]
    return [p for p in pages if (CURRICULUM / p).is_file()]


def _config_folder(pages: list[str], preheat: bool) -> Path:
    """A folder with a copy of curriculum/voila.json whose pools preheat ``pages``
    (or nothing); Voila runs there with --Voila.root_dir=curriculum."""
    config = json.loads((CURRICULUM / "voila.json").read_text(encoding="utf-8"))
    pools = {"default": {"pool_size": 0}}
    if preheat:
        pools.update({page: {"pool_size": 1} for page in pages})
    config.setdefault("VoilaKernelManager", {})["kernel_pools_config"] = pools
    config["VoilaConfiguration"]["preheat_kernel"] = preheat
    folder = Path(tempfile.mkdtemp(prefix="qikit-bench-apps-"))
    (folder / "voila.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return folder


def _filled(server, page: str) -> int:
    """How many times Voila has (re)filled the pool of ``page``."""
    return server.log_text().count(f"Kernel pool of {page} is filled")


def _wait_for_pool(server, page: str, times: int) -> None:
    """Wait until the pool of ``page`` has been filled ``times`` times and its kernel
    has run the notebook (Voila logs "filled" when the kernel starts; the notebook
    then runs in it, so wait until every kernel is idle)."""
    deadline = time.monotonic() + POOL_TIMEOUT
    while _filled(server, page) < times:
        if time.monotonic() > deadline:
            raise SystemExit(
                f"bench_apps: pool of {page} not filled:\n{server.log_tail()}"
            )
        time.sleep(0.5)
    quiet = 0
    while quiet < 2:
        if time.monotonic() > deadline:
            raise SystemExit("bench_apps: the preheated kernels never went idle")
        kernels = server.kernels()
        for kernel in kernels:
            with contextlib.suppress(psutil.Error):
                kernel.cpu_percent(None)
        time.sleep(0.5)
        busy = 0.0
        for kernel in kernels:
            with contextlib.suppress(psutil.Error):
                busy = max(busy, kernel.cpu_percent(None))
        quiet = quiet + 1 if busy < 5 else 0


def _new_page(browser):
    """A fresh browser context (empty cache) and page, with the timing script.

    Requests are watched, not intercepted: Playwright's request interception turns
    off the browser's HTTP cache and sends every request through this process,
    which adds a few hundred milliseconds to a page of 96 scripts. The browser tests
    block and fail on any request that leaves 127.0.0.1; here such a request is
    only counted (and reported).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(PAGE_TIMING_JS)
    return context, _page_in(context)


def _page_in(context):
    """A new page (tab) in ``context``, its requests watched."""
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.outside = []  # requests that left 127.0.0.1
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:"))
            else page.outside.append(request.url)
        ),
    )
    return page


#: Runs in each page before its own scripts. It notes, in milliseconds from the
#: start of the request (``performance.now()``), when the page is rendered (Voila's
#: "Loading" panel gone, the cells shown) and, for a page with an app, when the
#: first app's status says it is ready and the images in the page have been decoded
#: and painted (the next animation frame).
PAGE_TIMING_JS = """
(() => {
  // The time (ms) once the images under root are decoded and the next frame is
  // painted; the update timing below uses it too.
  window.__qikitPainted = (root) => Promise.all(
    [...root.querySelectorAll("img")].map((img) => img.decode().catch(() => null))
  ).then(() => new Promise((done) =>
    requestAnimationFrame(() => done(performance.now()))));
  const timing = (window.__qikitTiming = {rendered: null, ready: null});
  const rendered = () => {
    const cells = document.getElementById("rendered_cells");
    if (!cells) return !!document.querySelector("body.qikit-page");
    return !document.getElementById("loading")
      && getComputedStyle(cells).display !== "none";
  };
  let waiting = false;
  const check = () => {
    if (timing.rendered === null && rendered()) timing.rendered = performance.now();
    const el = document.querySelector(".qikit-status .qikit-status-text");
    const ready = el && ["ready", "info", "error"].includes(el.dataset.state);
    if (timing.rendered === null || !ready || waiting) return;
    waiting = true;
    observer.disconnect();
    window.__qikitPainted(document).then((now) => { timing.ready = now; });
  };
  const observer = new MutationObserver(check);
  const start = () => {
    observer.observe(document.documentElement, {
      subtree: true, childList: true, attributes: true, characterData: true});
    check();
  };
  if (document.documentElement) start();
  else document.addEventListener("readystatechange", start, {once: true});
})();
"""


def _render(
    browser, server, page_name: str, *, root: Path = CURRICULUM, context=None
) -> tuple[dict, object, object]:
    """Seconds from the request to a rendered page (and, for an app, ready).

    ``in_page``: as the page itself times it (:data:`PAGE_TIMING_JS`), from the
    start of the request to the app's ready status with its chart painted.
    ``driver``: as this script times it, which adds Playwright's own messages.
    A new browser context (empty cache) unless ``context`` is given (a return
    visit: the browser has the page's scripts in its cache).
    """
    if context is None:
        context, page = _new_page(browser)
    else:
        page = _page_in(context)
    start = time.perf_counter()
    open_page(page, server.url + render_path(root / page_name, root), timeout=180_000)
    app = uses_apps(root / page_name)
    if app:
        wait_for_status(page, timeout=180_000)
    driver = time.perf_counter() - start
    key = "ready" if app else "rendered"
    page.wait_for_function(
        f"() => window.__qikitTiming && window.__qikitTiming.{key} !== null",
        timeout=60_000,
    )
    in_page = page.evaluate(f"() => window.__qikitTiming.{key}") / 1000
    return {"in_page": in_page, "driver": driver}, context, page


#: The floor for a first render: a Voila page of one line of text, no code and no
#: widget, served and preheated like the others. Whatever it takes is the server's,
#: the page template's and the browser's, not any app's.
FLOOR_PAGE = "floor.ipynb"
FLOOR_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "markdown",
            "id": "floor",
            "metadata": {},
            "source": "# A page of text\n\nNothing to run.",
        }
    ],
    "metadata": {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _floor(browser, tmp: Path, renders: int) -> dict:
    """First renders of :data:`FLOOR_PAGE`, preheated: empty cache and return."""
    root = tmp / "floor"
    root.mkdir()
    (root / FLOOR_PAGE).write_text(json.dumps(FLOOR_NOTEBOOK), encoding="utf-8")
    folder = _config_folder([FLOOR_PAGE], True)
    found: dict = {}
    with start_voila(
        tmp / "voila-floor.log",
        cwd=folder,
        extra=[f"--Voila.root_dir={root}"],
        store=tmp / "floor.sqlite3",
    ) as server:
        timed, context, _ = _timed_renders(
            browser, server, FLOOR_PAGE, renders, root=root
        )
        found.update(timed)
        context.close()
    with contextlib.suppress(OSError):
        (folder / "voila.json").unlink()
        folder.rmdir()
    return found


def _timed_renders(
    browser, server, name: str, renders: int, *, root: Path = CURRICULUM
) -> tuple[dict, object, object]:
    """``renders`` first renders with an empty cache, then ``renders`` return
    visits in the context of the first (each on a freshly preheated kernel).

    Returns the times, and the context and page of the last return visit, still
    open.
    """
    empty, driven, back = [], [], []
    keep = None
    for attempt in range(renders):
        _wait_for_pool(server, name, attempt + 1)
        seconds, context, page = _render(browser, server, name, root=root)
        empty.append(seconds["in_page"])
        driven.append(seconds["driver"])
        page.close()
        if keep is None:
            keep = context
        else:
            context.close()
    page = None
    for attempt in range(renders):
        if page is not None:
            page.close()
        _wait_for_pool(server, name, renders + attempt + 1)
        seconds, _, page = _render(browser, server, name, root=root, context=keep)
        back.append(seconds["in_page"])
    found = {
        "render_preheated_s": empty,
        "render_preheated_driver_s": driven,
        "render_return_s": back,
    }
    return found, keep, page


def _change(page, kind: str, step: int) -> None:
    control = page.locator(".qikit-change").first
    if kind == "slider":
        page.keyboard.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
    elif kind == "select":
        select = control.locator("select")
        options = select.locator("option").all_inner_texts()
        select.select_option(label=options[(step + 1) % len(options)])
    elif kind == "checkbox":
        control.locator("input[type=checkbox]").click()
    elif kind in ("radio", "buttons"):
        choices = control.locator("input[type=radio]" if kind == "radio" else "button")
        choices.nth((step + 1) % choices.count()).click()
    else:
        box = control.locator("input, textarea").first
        box.fill(str(step % 7 + 1))
        box.press("Enter")


def _kind(page) -> str | None:
    control = page.locator(".qikit-change")
    if control.count() == 0:
        return None
    control = control.first
    if control.locator(".noUi-handle").count():
        control.locator(".noUi-handle").first.focus()
        return "slider"
    if control.locator("select").count():
        return "select"
    if control.locator("input[type=checkbox]").count():
        return "checkbox"
    if control.locator("input[type=radio]").count() > 1:
        return "radio"
    if control.locator("input, textarea").count():
        return "text"
    if control.locator("button").count() > 1:  # toggle buttons
        return "buttons"
    return None


#: The status line of the app that owns the changed control, once marked (the
#: mark is on the status widget, whose text is replaced at every update).
OWN_STATUS = "[data-bench-status] .qikit-status-text"


def _mark_own_status(page) -> bool:
    """Mark the status line of the app whose control is changed: a page may hold
    several apps, and the first status line may belong to another one."""
    return page.evaluate(
        """() => {
            const control = document.querySelector(".qikit-change");
            const app = control && control.closest(".qikit-app");
            if (!app) return false;
            const own = [...app.querySelectorAll(".qikit-status")].find(
                (el) => el.closest(".qikit-app") === app);
            if (!own) return false;
            own.setAttribute("data-bench-status", "");
            return true;
        }"""
    )


#: Armed before each change: notes when the first input event reaches the page
#: (key, pointer, input or change, in the capture phase) and when the status line
#: ``selector`` next shows a ``seq`` above ``seq`` in a finished state, with the
#: images of the app decoded and painted (``__qikitPainted``, defined by
#: :data:`PAGE_TIMING_JS`).
ARM_UPDATE_JS = """
([selector, seq]) => {
  const timing = (window.__qikitUpdate = {start: null, end: null});
  const mark = () => { if (timing.start === null) timing.start = performance.now(); };
  for (const type of ["keydown", "pointerdown", "mousedown", "input", "change"]) {
    document.addEventListener(type, mark, {capture: true, once: true});
  }
  let waiting = false;
  const check = () => {
    const el = document.querySelector(selector);
    if (!el || waiting || timing.start === null) return;
    const s = parseInt(el.dataset.seq || "0", 10);
    if (!(s > seq && ["ready", "info", "error"].includes(el.dataset.state))) return;
    waiting = true;
    observer.disconnect();
    window.__qikitPainted(el.closest(".qikit-app") || document)
      .then((now) => { timing.end = now; });
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, {
    subtree: true, childList: true, attributes: true, characterData: true});
}
"""


def _percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "median_s": statistics.median(times),
        "p95_s": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "max_s": times[-1],
    }


def _updates(page, changes: int) -> dict | None:
    """Time ``changes`` changes of the page's change control.

    The latency is timed in the page: from the input event to the app's next
    "ready" status with its chart decoded and painted (:data:`ARM_UPDATE_JS`). The
    same change timed from this script (``driver``) adds Playwright's messages to
    and from the browser: the key press, and the wait for the status.
    """
    kind = _kind(page)
    if kind is None:
        return None
    selector = OWN_STATUS if _mark_own_status(page) else None
    in_page, driver = [], []
    for step in range(changes):
        before = status(page, selector=selector)
        page.evaluate(ARM_UPDATE_JS, [selector or STATUS, before.seq if before else 0])
        start = time.perf_counter()
        _change(page, kind, step)
        wait_for_status(page, after=before, timeout=60_000, selector=selector)
        driver.append(time.perf_counter() - start)
        page.wait_for_function(
            "() => window.__qikitUpdate.end !== null", timeout=60_000
        )
        started, ended = page.evaluate(
            "() => [window.__qikitUpdate.start, window.__qikitUpdate.end]"
        )
        in_page.append((ended - started) / 1000)
    return {
        "control": kind,
        "changes": changes,
        **_percentiles(in_page),
        "driver": _percentiles(driver),
    }


def _memory(server, page) -> dict | None:
    kernel_id = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data')"
        ".textContent).kernelId"
    )
    for process in server.kernels():
        with contextlib.suppress(psutil.Error):
            if any(kernel_id in part for part in process.cmdline()):
                info = process.memory_full_info()
                return {
                    "pss_mb": info.pss / 1e6,
                    "uss_mb": info.uss / 1e6,
                    "rss_mb": info.rss / 1e6,
                }
    return None


def run(args: argparse.Namespace) -> dict:
    from playwright.sync_api import sync_playwright

    pages = _pages(args.pages, args.modules)
    results: dict = {
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "pages": {p: {} for p in pages},
    }
    chromium = os.environ.get("QIKIT_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS
        )
        try:
            if not args.no_floor:
                floor = results["floor"] = _floor(browser, Path(tmp), args.renders)
                print(
                    f"{FLOOR_PAGE:28} preheated render "
                    + ", ".join(f"{v:.2f}" for v in floor["render_preheated_s"])
                    + " s; return visits "
                    + ", ".join(f"{v:.2f}" for v in floor["render_return_s"])
                    + " s",
                    flush=True,
                )
            modes = [False, True]
            if args.no_cold:
                modes = [True]
            elif args.no_preheat:
                modes = [False]
            for preheat in modes:
                label = "preheated" if preheat else "cold"
                folder = _config_folder(pages, preheat)
                log = Path(tmp) / f"voila-{label}.log"
                extra = [f"--Voila.root_dir={CURRICULUM}"]
                with start_voila(
                    log, cwd=folder, extra=extra, store=Path(tmp) / "store.sqlite3"
                ) as server:
                    for name in pages:
                        found = results["pages"][name]
                        if preheat:
                            timed, context, page = _timed_renders(
                                browser, server, name, args.renders
                            )
                            found.update(timed)
                            try:
                                updates = _updates(page, args.changes)
                            except Exception as error:  # say it, time the rest
                                print(f"{name}: updates not timed: {error}")
                                updates = {"error": str(error).splitlines()[0]}
                            if updates:
                                found["updates"] = updates
                            memory = _memory(server, page)
                            if memory:
                                found["kernel_memory"] = memory
                            outside = set(page.outside)
                            context.close()
                            renders = found["render_preheated_s"]
                        else:
                            renders, outside = [], set()
                            for _ in range(args.renders):
                                seconds, context, page = _render(browser, server, name)
                                renders.append(seconds["in_page"])
                                outside.update(page.outside)
                                context.close()
                            found["render_cold_s"] = renders
                        if outside:
                            found["outside_requests"] = sorted(outside)
                            print(f"{name}: requests left 127.0.0.1: {sorted(outside)}")
                        print(
                            f"{name:28} {label:9} render "
                            + ", ".join(f"{s:.2f}" for s in renders)
                            + " s",
                            flush=True,
                        )
                with contextlib.suppress(OSError):
                    (folder / "voila.json").unlink()
                    folder.rmdir()
        finally:
            browser.close()
    return results


def _renders(values: list[float] | None) -> str:
    """Median of the renders, and their range."""
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return (
        f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f}, "
        f"{len(values)} renders)"
    )


def _ratio(values: list[float] | None, floor: list[float] | None) -> str:
    if not values or not floor:
        return ""
    return f" [{statistics.median(values) / statistics.median(floor):.2f}×]"


def report(results: dict) -> str:
    floor = results.get("floor", {})
    lines = [
        f"load average {', '.join(f'{v:.1f}' for v in results['load_average'])} "
        f"on {results['cpus']} CPUs",
        "",
        "| page | first render, cold (s) | first render, preheated (s): median "
        "(range) [× floor] | return visit, preheated (s) [× floor] | update "
        "median / p95 (ms) [from Playwright] | kernel PSS (MB) |",
        "|---|---|---|---|---|---|",
    ]
    if floor:
        lines.append(
            f"| {FLOOR_PAGE} (floor: a page of text) | – | "
            f"{_renders(floor.get('render_preheated_s'))} | "
            f"{_renders(floor.get('render_return_s'))} | – | – |"
        )
    for name, found in results["pages"].items():
        updates = found.get("updates")
        update = (
            f"{updates['median_s'] * 1000:.0f} / {updates['p95_s'] * 1000:.0f} "
            f"[{updates['driver']['median_s'] * 1000:.0f} / "
            f"{updates['driver']['p95_s'] * 1000:.0f}] "
            f"({updates['changes']} × {updates['control']})"
            if updates and "error" not in updates
            else ("not timed" if updates else "–")
        )
        memory = found.get("kernel_memory")
        pss = f"{memory['pss_mb']:.0f}" if memory else "–"
        empty = found.get("render_preheated_s")
        back = found.get("render_return_s")
        lines.append(
            f"| {name} | {_renders(found.get('render_cold_s'))} | "
            f"{_renders(empty)}{_ratio(empty, floor.get('render_preheated_s'))} | "
            f"{_renders(back)}{_ratio(back, floor.get('render_return_s'))} | "
            f"{update} | {pss} |"
        )
    lines.append("")
    lines.append(
        "Times are taken in the page (performance.now()): a render from the start of "
        "the request, an update from the input event, each to the app's ready status "
        "with its images decoded and painted. A first render starts with an empty "
        "browser cache; a return visit opens the page again in the same browser, "
        "with its scripts cached. The floor is a Voila page of one line of text. "
        "Square brackets: the same updates timed from Playwright, which adds its own "
        "messages to and from the browser."
    )
    lines.append(
        f"Targets: preheated first render <= {TARGET_RENDER:.0f} s; update median <= "
        f"{TARGET_UPDATE * 1000:.0f} ms."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="pages to time (default: all)")
    parser.add_argument(
        "--changes",
        type=int,
        default=50,
        help="widget changes timed per app (default 50)",
    )
    parser.add_argument(
        "--renders",
        type=int,
        default=3,
        help="first renders timed per page and mode (default 3)",
    )
    parser.add_argument(
        "--modules", action="store_true", help="the curriculum's modules as well"
    )
    parser.add_argument("--no-cold", action="store_true", help="preheated only")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the page-of-text floor"
    )
    parser.add_argument("--no-preheat", action="store_true", help="cold only")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    results = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print()
    print(report(results))
    print(f"\n(written to {args.out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
