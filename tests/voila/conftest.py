"""App test fixtures: a real Voila server over curriculum/, and Debian's chromium.

The server runs exactly as `make app` runs it (same folder, same curriculum/voila.json),
on a free port on 127.0.0.1, in its own process group. Every wait is bounded in time and
the server, with its kernels, is stopped when the tests that use it are done.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
CURRICULUM = ROOT / "curriculum"

START_TIMEOUT = 60  # seconds for Voila to answer at all
RENDER_TIMEOUT = 180  # seconds for a page whose notebook is executed on request
STOP_TIMEOUT = 20  # seconds for Voila to shut its kernels down after SIGTERM

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Voila sends rich outputs as JSON for its JavaScript to render, and plain text
# (print) as HTML.
_OUTPUT_SCRIPT = re.compile(
    r'<script type="application/vnd\.voila\.cell-output\+json">(.*?)</script>', re.S
)
_OUTPUT_TEXT = re.compile(
    r'<div class="jp-RenderedText jp-OutputArea-output"[^>]*>\s*<pre>(.*?)</pre>', re.S
)


@dataclass
class VoilaServer:
    url: str  # ends with "/"
    log: Path

    def get(self, path: str, timeout: float = RENDER_TIMEOUT) -> tuple[int, str]:
        """GET a page; returns (status, body)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    @staticmethod
    def rich_outputs(page: str) -> list[dict]:
        """The rich cell outputs (HTML, images) of a page, as nbformat dicts."""
        return [json.loads(block) for block in _OUTPUT_SCRIPT.findall(page)]

    @staticmethod
    def text_outputs(page: str) -> list[str]:
        """The plain-text cell outputs (what cells print) of a rendered page."""
        return [html.unescape(text) for text in _OUTPUT_TEXT.findall(page)]

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the server's process group (Voila then shuts its kernels down), wait a
    bounded time, then SIGKILL the group and any kernel left (kernels run in sessions
    of their own)."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)
    _, alive = psutil.wait_procs(children, timeout=STOP_TIMEOUT)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(alive, timeout=STOP_TIMEOUT)


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory) -> VoilaServer:
    """Voila serving curriculum/ as `make app` does, on a free port of 127.0.0.1."""
    port = _free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    command = [
        sys.executable,
        "-m",
        "voila",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
    ]
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=CURRICULUM,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = VoilaServer(url=f"http://127.0.0.1:{port}/", log=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"Voila exited with code {process.returncode}:\n{server.log_tail()}"
                )
            try:
                if server.get("", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Voila did not answer within {START_TIMEOUT} s:\n"
                    f"{server.log_tail()}"
                )
            time.sleep(0.25)
        yield server
    finally:
        _stop(process)


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


@pytest.fixture(scope="module")
def chromium(chromium_path):
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


@pytest.fixture
def page(chromium, voila_server):
    """A fresh browser page that may reach the Voila server and nothing else (Voila's
    template asks a CDN for Font Awesome; that request is refused at once)."""
    context = chromium.new_context()
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(voila_server.url)
            else route.abort()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()
