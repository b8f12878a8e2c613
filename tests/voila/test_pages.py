"""Every page `make app` serves, as a learner's browser shows it.

One browser test per page: the landing page and every notebook under curriculum/
(future modules and apps included, found on disk) render with no error output, ask
for nothing outside this machine, declare British English, and have no serious or
critical axe-core finding. The pages are opened a few at a time, so their kernels
start in parallel; each page's screenshot is saved in tests/_artifacts/screenshots/.

HTTP tests check the parts that need no browser: the landing page lists every
notebook, missing pages are friendly, and the page shells link nothing external.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.voila.browser import (
    PAGE_TIMEOUT,
    axe_problems,
    open_page,
    page_errors,
    screenshot,
    status,
    tab_to,
    wait_for_status,
    wait_rendered,
)
from tests.voila.conftest import external_failure, new_page
from tests.voila.server import ROOT, notebooks, render_path, uses_apps

TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "qikit"
PAGES = {"landing": "", "page not found": "voila/render/no-such-page.ipynb"} | {
    notebook.relative_to(ROOT / "curriculum").as_posix(): render_path(notebook)
    for notebook in notebooks()
}
APPS = {
    name
    for name in PAGES
    if name.endswith(".ipynb") and uses_apps(ROOT / "curriculum" / name)
}
AT_ONCE = 3  # pages rendering at the same time (each notebook page starts a kernel)


@dataclass
class Report:
    failure: str = ""
    errors: list[str] = field(default_factory=list)
    external: str | None = None
    axe: list[str] = field(default_factory=list)
    lang: str = ""
    screenshot: Path | None = None


def _check(page, name: str, axe_script: Path) -> Report:
    report = Report()
    try:
        wait_rendered(page)  # requested by the fixture, all at once
        if name in APPS:  # an app's first drawing, three pages at once: a page's time
            wait_for_status(page, timeout=PAGE_TIMEOUT)
        report.errors = page_errors(page)
        report.lang = page.evaluate("() => document.documentElement.lang")
        report.axe = axe_problems(page, axe_script)
        report.screenshot = screenshot(page, name.removesuffix(".ipynb"))
    except Exception as error:  # noqa: BLE001 - reported by the test for this page
        report.failure = f"{type(error).__name__}: {error}"
    report.external = external_failure(page)
    return report


@pytest.fixture(scope="module")
def rendered(chromium, voila_server, axe_script) -> dict[str, Report]:
    """Every page rendered in Chromium, AT_ONCE at a time, and what was found."""
    reports: dict[str, Report] = {}
    names = list(PAGES)
    for start in range(0, len(names), AT_ONCE):
        batch = []
        for name in names[start : start + AT_ONCE]:
            context, page = new_page(chromium)
            page.qikit_url = voila_server.url + PAGES[name]
            page.goto(page.qikit_url, wait_until="commit", timeout=60_000)
            batch.append((name, context, page))
        for name, context, page in batch:
            try:
                reports[name] = _check(page, name, axe_script)
            finally:
                context.close()
    return reports


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_cleanly_offline_and_accessibly(rendered, voila_server, name):
    report = rendered[name]
    assert not report.failure, f"{report.failure}\n{voila_server.log_tail()}"
    assert not report.errors, "\n".join(report.errors)
    assert report.external is None, report.external
    assert report.lang == "en-GB"
    assert not report.axe, "accessibility problems:\n" + "\n".join(report.axe)
    assert report.screenshot is not None and report.screenshot.stat().st_size > 1000


def test_there_is_a_page_for_each_notebook():
    assert "00_welcome.ipynb" in PAGES and "apps/demo.ipynb" in APPS


# ---------------------------------------------------------------- large type


@pytest.mark.browser
def test_large_type_switch_is_remembered_and_works_by_keyboard(page, voila_server):
    open_page(page, voila_server.url)
    size = "() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)"
    normal = page.evaluate(size)
    switch = tab_to(page, "Larger text", role="button")
    assert switch["name"] == "Larger text"
    page.keyboard.press("Enter")
    assert page.evaluate(
        "() => document.documentElement.classList.contains('qikit-large')"
    )
    toggle = page.locator(".qikit-large-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate(size) > normal * 1.3
    open_page(page, voila_server.url + "voila/render/00_welcome.ipynb")
    assert page.locator(".qikit-large-toggle").get_attribute("aria-pressed") == "true"
    open_page(page, voila_server.url + "?large=0")
    assert page.evaluate(size) == pytest.approx(normal)
    open_page(page, voila_server.url + "?large=1")
    assert page.evaluate(size) > normal * 1.3


@pytest.mark.browser
def test_skip_link_is_the_first_stop_and_leads_to_the_content(page, voila_server):
    open_page(page, voila_server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == (
        "Skip to the page content"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.browser
def test_pre_text_wraps_at_words(page, voila_server):
    open_page(page, voila_server.url + "voila/render/00_welcome.ipynb")
    page.set_viewport_size({"width": 480, "height": 800})
    style = page.evaluate(
        """() => { const pre = document.querySelector('.jp-RenderedText pre');
                   const s = getComputedStyle(pre);
                   return [s.whiteSpace, s.wordBreak]; }"""
    )
    assert style == ["pre-wrap", "normal"]


@pytest.mark.browser
def test_status_helper_reads_the_app(page, voila_server):
    open_page(page, voila_server.url + "voila/render/apps/demo.ipynb")
    found = wait_for_status(page)
    assert found == status(page) and found.text == "Chart updated" and found.seq > 0


# ---------------------------------------------------------------- HTTP only


def _meta(name: str) -> dict:
    notebook = json.loads((ROOT / "curriculum" / name).read_text(encoding="utf-8"))
    return notebook.get("metadata", {}).get("qikit", {})


def test_landing_page_lists_every_notebook(voila_server):
    code, body = voila_server.get("")
    assert code == 200
    assert body.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in body
    for name, path in PAGES.items():
        if not name.endswith(".ipynb"):
            continue
        hidden = _meta(name).get("hidden", False)
        listed = f'href="/{path}"' in body
        assert listed != hidden, (
            f"{name} is {'listed' if listed else 'not'} on the landing page "
            f"(metadata.qikit.hidden is {hidden})"
        )
    assert any(_meta(name).get("hidden") for name in APPS)  # the demo app is hidden
    assert '<h2 id="section-apps">Apps</h2>' in body
    assert "Pages that could not be read" not in body


@pytest.mark.parametrize(
    "path", ["no-such-page", "voila/render/no-such.ipynb", "voila/tree/no-such-folder"]
)
def test_missing_pages_are_friendly(voila_server, path):
    code, body = voila_server.get(path)
    assert code == 404
    assert '<html lang="en-GB">' in body and "This page does not exist" in body
    assert 'href="/">See all qikit pages</a>' in body
    assert "Traceback" not in body


def test_page_shells_link_nothing_outside_the_machine():
    """The template's own files: no http(s) address in an attribute or a stylesheet
    (the browser tests catch anything Voila's bundle might still ask for)."""
    for path in TEMPLATE.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            found = re.findall(
                r"""(?:href|src)=["']https?://|url\(\s*["']?https?://|"""
                r"@import",
                text,
            )
            assert not found, f"{path.name}: {found}"


def test_static_files_are_served_by_voila(voila_server):
    for name in ("qikit.css", "qikit.js"):
        code, body = voila_server.get(f"voila/static/{name}")
        assert code == 200 and len(body) > 500
