"""Helpers for browser tests of qikit pages (Playwright's sync API, Debian's chromium).

Open a page with :func:`open_page`, wait for an app with :func:`wait_for_status`
(never for an image to change), check it with :func:`axe_problems` and
:func:`page_errors`, keep a picture with :func:`screenshot`, and drive it without a
mouse with :func:`tab_to`, :func:`tab_order` and :func:`focused`. Every wait is
bounded.

The ``page`` fixture (conftest.py) records every request that would leave
127.0.0.1, refuses it, and fails the test if there was one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "_artifacts" / "screenshots"

PAGE_TIMEOUT = 120_000  # ms for a page to render (its notebook runs on request)
STATUS_TIMEOUT = 30_000  # ms for an app to finish an action
TAB_LIMIT = 200  # Tab presses before giving up on reaching a control

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: The app's status line (qikit.apps.App.status).
STATUS = ".qikit-status .qikit-status-text"


def stays_on_machine(url: str) -> bool:
    """Whether a request goes to 127.0.0.1 (or is page-local: data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == (
        "127.0.0.1"
    )


# ------------------------------------------------------------------------ opening


def open_page(page: Any, url: str, *, timeout: float = PAGE_TIMEOUT) -> None:
    """Go to a qikit page and wait until it is rendered.

    For a notebook page: Voila has removed its "Loading" panel and shown the cells.
    For the landing and error pages: the body is there. Uses ``wait_until="commit"``
    (a page waiting for ``load`` could stall on a blocked request).
    """
    page.goto(url, wait_until="commit", timeout=timeout)
    wait_rendered(page, timeout=timeout)


def wait_rendered(page: Any, *, timeout: float = PAGE_TIMEOUT) -> None:
    """Wait until the page being loaded is rendered (see :func:`open_page`); for a
    page already requested with ``page.goto(url, wait_until="commit")``."""
    page.wait_for_selector("body", state="attached", timeout=timeout)
    page.wait_for_function(
        """() => {
            if (document.readyState === "loading") return false;
            const cells = document.getElementById("rendered_cells");
            if (!cells) return !!document.querySelector("body.qikit-page");
            return !document.getElementById("loading")
                && getComputedStyle(cells).display !== "none";
        }""",
        timeout=timeout,
    )


@dataclass(frozen=True)
class Status:
    text: str
    state: str
    seq: int


def status(page: Any, *, selector: str | None = None) -> Status | None:
    """The app's status line now, or None when the page has none (yet).

    ``selector``: the status line to read, when the page has several (default: the
    first, :data:`STATUS`)."""
    found = page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector);
            if (!el) return null;
            return {text: el.textContent.trim(), state: el.dataset.state || "",
                    seq: parseInt(el.dataset.seq || "0", 10)};
        }""",
        selector or STATUS,
    )
    return None if found is None else Status(**found)


def wait_for_status(
    page: Any,
    text: str | None = None,
    *,
    after: Status | int | None = None,
    states: tuple[str, ...] = ("ready", "info", "error"),
    timeout: float = STATUS_TIMEOUT,
    selector: str | None = None,
) -> Status:
    """Wait until the app has finished (status not "busy") and return its status.

    ``text``: wait for that exact status text. ``after``: a :class:`Status` (or its
    ``seq``) seen before an action, so a repeated text ("Chart updated") still waits
    for the new update. ``selector``: which status line, as for :func:`status`.
    """
    selector = selector or STATUS
    seq = after.seq if isinstance(after, Status) else (after or 0)
    try:
        page.wait_for_function(
            """([selector, text, seq, states]) => {
                const el = document.querySelector(selector);
                if (!el) return false;
                const s = parseInt(el.dataset.seq || "0", 10);
                return s > seq && states.includes(el.dataset.state)
                    && (text === null || el.textContent.trim() === text);
            }""",
            arg=[selector, text, seq, list(states)],
            timeout=timeout,
        )
    except Exception as error:
        now = status(page, selector=selector)
        raise AssertionError(
            f"the app's status did not become {text or 'ready'!r} after seq {seq} "
            f"within {timeout / 1000:.0f} s (now: {now})"
        ) from error
    found = status(page, selector=selector)
    assert found is not None
    return found


# ------------------------------------------------------------------------- checks


def page_errors(page: Any) -> list[str]:
    """Error output on a rendered page: failed cells, tracebacks, stderr, apps whose
    status says there is a problem."""
    return page.evaluate(
        """() => {
            const out = [];
            for (const el of document.querySelectorAll(".qikit-page-error"))
                out.push("failed cell: " + el.textContent.trim().slice(0, 200));
            for (const el of document.querySelectorAll(
                    '[data-mime-type="application/vnd.jupyter.stderr"]'))
                out.push("stderr output: " + el.textContent.trim().slice(0, 300));
            for (const el of document.querySelectorAll(".jp-OutputArea-output"))
                if (/Traceback \\(most recent call last\\)/.test(el.textContent))
                    out.push("traceback: " + el.textContent.trim().slice(0, 300));
            for (const el of document.querySelectorAll(
                    '.qikit-status-text[data-state="error"]'))
                out.push("app status: " + el.textContent.trim());
            for (const el of document.querySelectorAll(".qikit-error-box"))
                out.push("app error: " + el.textContent.trim().slice(0, 300));
            return out;
        }"""
    )


def axe_problems(
    page: Any,
    axe_script: Path,
    *,
    include: list[list[str]] | None = None,
    impacts: tuple[str, ...] = ("critical", "serious"),
) -> list[str]:
    """The axe-core violations of the given impacts, one readable line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    violations = page.evaluate(
        """async (include) => (await axe.run(
               include ? {include: include} : document,
               {resultTypes: ['violations']})).violations""",
        include,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        f"{[n['target'] for n in v['nodes']][:4]}"
        for v in violations
        if v["impact"] in impacts
    ]


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot to tests/_artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "page"
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True, timeout=30_000)
    return path


# ------------------------------------------------------------------------ keyboard

_FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const text = (node) =>
        (node ? node.textContent : "").replace(/\\u200b/g, "").trim();
    let name = el.getAttribute("aria-label") || "";
    if (!name && el.getAttribute("aria-labelledby")) {
        name = el.getAttribute("aria-labelledby").split(/\\s+/)
            .map((id) => text(document.getElementById(id))).join(" ");
    }
    if (!name && el.id) {
        const label = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
        if (label) name = text(label);
    }
    if (!name && el.closest("label")) name = text(el.closest("label"));
    if (!name) {
        const box = el.closest(".widget-inline-hbox, .widget-toggle-buttons");
        const label = box && box.querySelector(":scope > .widget-label");
        if (label) name = text(label);
    }
    if (!name && ["BUTTON", "A"].includes(el.tagName)) name = text(el);
    if (!name) name = el.getAttribute("title") || "";
    return {tag: el.tagName.toLowerCase(), role: el.getAttribute("role") || "",
            type: el.getAttribute("type") || "", name: name.trim(),
            classes: el.className && el.className.baseVal === undefined
                ? el.className : ""};
}"""


def focused(page: Any) -> dict[str, str] | None:
    """What has the keyboard focus: tag, role, type, accessible name (roughly)."""
    return page.evaluate(_FOCUSED)


def _describe(item: dict[str, str] | None) -> str:
    if item is None:
        return "(page)"
    kind = item["role"] or item["type"] or item["tag"]
    return f"{kind} {item['name']!r}"


def tab_order(page: Any, *, limit: int = TAB_LIMIT) -> list[str]:
    """Press Tab from the top of the page until the focus comes back round (or
    ``limit`` presses); the controls reached, in order, as "role 'name'"."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); "
        "window.scrollTo(0, 0); }"
    )
    seen: list[str] = []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        item = focused(page)
        if item is None:
            continue
        key = _describe(item)
        if first is None:
            first = key
        elif key == first and seen:
            break
        seen.append(key)
    return seen


def tab_to(
    page: Any, name: str, *, role: str | None = None, limit: int = TAB_LIMIT
) -> dict[str, str]:
    """Press Tab until the focused control's name contains ``name`` (and its role or
    tag is ``role``, when given); fail with the tab order seen otherwise."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        item = focused(page)
        if item is None:
            continue
        seen.append(_describe(item))
        if name.casefold() in item["name"].casefold() and (
            role is None or role in (item["role"], item["tag"], item["type"])
        ):
            return item
    raise AssertionError(
        f"Tab never reached {name!r} ({role or 'any role'}) in {limit} presses; "
        f"the tab order was: {seen[:60]}"
    )
