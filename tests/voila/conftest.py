"""App test fixtures: a real Voila server over curriculum/, and Debian's chromium.

The server runs exactly as `make app` runs it (same folder, same curriculum/voila.json,
same template and configuration: see server.py), on a free port on 127.0.0.1, in its
own process group, once per test session. Its cohort store is a fresh file, so tests
never touch a real workshop's store. Every wait is bounded in time and the server,
with its kernels, is stopped when the session ends.

Browser fixtures: ``chromium`` (one browser per session) and ``page`` (a fresh
context per test) that may reach 127.0.0.1 and nothing else: any other request is
refused, recorded in ``page.qikit_external``, and fails the test. Helpers to wait for
an app's status, run axe-core, take screenshots and drive the keyboard are in
browser.py.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import nbformat
import pytest

from tests.voila.browser import CHROMIUM_ARGS, stays_on_machine
from tests.voila.server import (
    CURRICULUM,
    PAGE_SCRIPT,
    ROOT,
    VoilaDidNotStart,
    VoilaServer,
    start_voila,
)

__all__ = ["VoilaServer"]


@pytest.fixture(scope="session")
def voila_store(tmp_path_factory):
    """The cohort store the served apps use (QIKIT_STORE), empty at the start."""
    return tmp_path_factory.mktemp("store") / "workshop.sqlite3"


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory, voila_store) -> VoilaServer:
    """Voila serving curriculum/ as `make app` does, on a free port of 127.0.0.1."""
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    try:
        with start_voila(log, store=voila_store) as server:
            yield server
    except VoilaDidNotStart as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def notebook_namespace():
    """Run the code cells of a curriculum notebook in this process and return its
    variables, so a test can compute what the served page should show."""

    def run(name: str) -> dict:
        notebook = nbformat.read(CURRICULUM / name, as_version=4)
        namespace: dict = {}
        with contextlib.chdir(CURRICULUM), contextlib.redirect_stdout(io.StringIO()):
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type == "code":
                    exec(
                        compile(cell.source, f"{name} cell {index}", "exec"), namespace
                    )
        return namespace

    return run


def _must_have(what: str, how: str) -> None:
    """Skip when this user cannot install the thing; fail when it could have been
    installed (as root, or in CI, `make test` installs it): a skip must not hide a
    broken setup."""
    reason = f"{what} is missing: {how}"
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    if in_ci or os.geteuid() == 0:
        pytest.fail(
            f"{reason} (as root or in CI `make test` installs it, so this "
            "is a failure, not a skip)"
        )
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("QIKIT_CHROMIUM", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        _must_have(
            f"Debian's chromium ({path})",
            "`make test` installs it when run as root; otherwise run "
            "`sudo apt-get install chromium`",
        )
    return path


@pytest.fixture(scope="session")
def axe_script() -> Path:
    path = Path(os.environ.get("QIKIT_AXE", ROOT / "node_modules/axe-core/axe.min.js"))
    if not path.is_file():
        _must_have(
            f"axe-core ({path})",
            "`make test` installs it with `npm ci`; it needs npm "
            "(`sudo apt-get install npm`)",
        )
    return path


@pytest.fixture(scope="session")
def page_script() -> Path:
    """The pages' one script (the widgets' front end), built from
    share/jupyter/voila/src: without it a page shows its text but no widget."""
    path = PAGE_SCRIPT
    if not path.is_file():
        _must_have(
            f"qikit's page script ({path.relative_to(ROOT)})",
            "`make test` (or `make frontend`) builds it with npm "
            "(`sudo apt-get install npm`)",
        )
    return path


@pytest.fixture(scope="session")
def chromium(chromium_path, page_script):
    """Debian's chromium driven by Playwright (which cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, timeout=60_000
        )
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, *, viewport=None):
    """A fresh context and page whose requests may only reach 127.0.0.1.

    Anything else (a CDN, a font service) is refused at once and recorded in
    ``page.qikit_external``; :func:`external_failure` turns that into a message.
    """
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 800},
        locale="en-GB",
        accept_downloads=True,
    )
    external: list[str] = []

    def route(route):
        if stays_on_machine(route.request.url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.qikit_external = external
    return context, page


def external_failure(page) -> str | None:
    """A message naming the requests that tried to leave the machine, if any."""
    if page.qikit_external:
        return (
            "the page asked for something outside this machine (it must work "
            "offline, and NHS networks block CDNs): "
            + ", ".join(sorted(set(page.qikit_external)))
        )
    return None


@pytest.fixture
def page(chromium, voila_server):
    """A fresh browser page that may reach the Voila server and nothing else; the
    test fails if the page asked for anything outside 127.0.0.1."""
    context, page = new_page(chromium)
    try:
        yield page
        problem = external_failure(page)
        if problem:
            pytest.fail(problem)
    finally:
        context.close()
