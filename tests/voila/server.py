"""Start and stop Voila as `make app` does, for the tests and for bench/bench_apps.py.

`make app` runs, from curriculum/::

    JUPYTER_PATH=<venv>/share/jupyter:<repo>/share/jupyter \\
    JUPYTER_CONFIG_PATH=<repo>/etc/jupyter \\
    voila --no-browser --Voila.ip=127.0.0.1 --port=8866

:func:`voila_environment` and :func:`voila_command` build exactly that (the test
``test_make_app_serves_like_the_tests`` checks the Makefile says the same), and
:func:`start_voila` runs it on a free port in its own process group, waits (bounded)
until it answers, and :func:`stop_voila` stops it with its kernels.
"""

from __future__ import annotations

import contextlib
import html
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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
CURRICULUM = ROOT / "curriculum"
TEMPLATES = ROOT / "share" / "jupyter"
CONFIG = ROOT / "etc" / "jupyter"
#: The pages' one script, built by `make frontend` (and `make app`, `make test`).
PAGE_SCRIPT = TEMPLATES / "voila/templates/qikit/static/qikit-widgets.js"

START_TIMEOUT = 60  # seconds for Voila to answer at all
RENDER_TIMEOUT = 180  # seconds for a page whose notebook is executed on request
STOP_TIMEOUT = 20  # seconds for Voila to shut its kernels down after SIGTERM

# qikit's page template renders every output on the server: rich outputs as HTML in
# a <div data-mime-type="text/html">, plain text (print) in a <pre>, an error as
# qikit's message (the traceback stays in the server's log), a widget as a slot that
# the page's script fills.
_OUTPUT_TEXT = re.compile(
    r'<div class="jp-RenderedText jp-OutputArea-output"[^>]*>\s*<pre>(.*?)</pre>', re.S
)


def voila_environment(
    store: str | os.PathLike[str] | None = None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment `make app` gives Voila: qikit's template and configuration.

    Jupyter's own data folder comes first on ``JUPYTER_PATH``: Voila takes its
    themes from the first folder that has a ``voila`` subfolder, and the repository's
    ``share/jupyter/voila`` holds only the qikit template.
    """
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(Path(sys.prefix) / "share" / "jupyter"), str(TEMPLATES)]
    )
    env["JUPYTER_CONFIG_PATH"] = str(CONFIG)
    # `make test` sets MPLBACKEND=Agg for pytest; kernels keep their inline backend.
    env.pop("MPLBACKEND", None)
    if store is not None:
        env["QIKIT_STORE"] = str(store)
    return env


def voila_command(port: int, extra: Sequence[str] = ()) -> list[str]:
    """The `make app` command line, on ``port`` of 127.0.0.1."""
    return [
        sys.executable,
        "-m",
        "voila",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        *extra,
    ]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _OutputFinder(HTMLParser):
    """Collects the inner HTML of each ``data-mime-type="text/html"`` output and
    notes each error message (``qikit-page-error``) of a rendered page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.outputs: list[dict] = []
        self._depth = 0  # open elements inside the current HTML output
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if self._depth:
            self._parts.append(self.get_starttag_text() or "")
            if tag not in _VOID:
                self._depth += 1
            return
        if "qikit-page-error" in (attributes.get("class") or "").split():
            self.outputs.append({"output_type": "error"})
        if attributes.get("data-mime-type") == "text/html":
            self._depth, self._parts = 1, []

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        self._depth -= 1
        if self._depth:
            self._parts.append(f"</{tag}>")
        else:
            self.outputs.append(
                {
                    "output_type": "display_data",
                    "data": {"text/html": "".join(self._parts)},
                }
            )

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class VoilaServer:
    url: str  # ends with "/"
    log: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    def get(self, path: str, timeout: float = RENDER_TIMEOUT) -> tuple[int, str]:
        """GET a page; returns (status, body)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    @staticmethod
    def rich_outputs(page: str) -> list[dict]:
        """The rich cell outputs of a page, as nbformat-like dicts: each HTML output
        as ``{"output_type": "display_data", "data": {"text/html": ...}}``, each
        error as ``{"output_type": "error"}``."""
        finder = _OutputFinder()
        finder.feed(page)
        finder.close()
        return finder.outputs

    @staticmethod
    def text_outputs(page: str) -> list[str]:
        """The plain-text cell outputs (what cells print) of a rendered page."""
        return [html.unescape(text) for text in _OUTPUT_TEXT.findall(page)]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def kernels(self) -> list[psutil.Process]:
        """The kernel processes this server started (they run in their own
        sessions, so they are found as its children)."""
        if self.process is None:
            return []
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        return [p for p in children if _is_kernel(p)]


def _is_kernel(process: psutil.Process) -> bool:
    with contextlib.suppress(psutil.Error):
        return "ipykernel_launcher" in " ".join(process.cmdline())
    return False


def stop_voila(process: subprocess.Popen) -> None:
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


class VoilaDidNotStart(RuntimeError):
    pass


@contextlib.contextmanager
def start_voila(
    log: Path,
    *,
    cwd: Path = CURRICULUM,
    extra: Sequence[str] = (),
    store: str | os.PathLike[str] | None = None,
    timeout: float = START_TIMEOUT,
) -> Iterator[VoilaServer]:
    """Voila serving ``cwd`` as `make app` does, on a free port; stopped on exit.

    ``cwd`` holds the ``voila.json`` that is read (a copy with other pool sizes, for
    the benchmark, serves the curriculum with ``--Voila.root_dir``).
    """
    port = free_port()
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            voila_command(port, extra),
            cwd=cwd,
            env=voila_environment(store),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = VoilaServer(url=f"http://127.0.0.1:{port}/", log=log, process=process)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise VoilaDidNotStart(
                    f"Voila exited with code {process.returncode}:\n{server.log_tail()}"
                )
            with contextlib.suppress(OSError):
                if server.get("", timeout=5)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise VoilaDidNotStart(
                    f"Voila did not answer within {timeout} s:\n{server.log_tail()}"
                )
            time.sleep(0.25)
        yield server
    finally:
        stop_voila(process)


def notebooks(root: Path = CURRICULUM) -> list[Path]:
    """Every notebook Voila serves from ``root`` (the landing page lists them)."""
    return sorted(
        p
        for p in root.rglob("*.ipynb")
        if not any(part.startswith((".", "_")) for part in p.relative_to(root).parts)
    )


def render_path(notebook: Path, root: Path = CURRICULUM) -> str:
    """The page of a notebook, relative to the server's URL."""
    return "voila/render/" + notebook.relative_to(root).as_posix()


def uses_apps(notebook: Path) -> bool:
    """Whether a notebook shows a qikit app (its page then has a status line)."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    return any(
        cell.get("cell_type") == "code" and "qikit.apps" in "".join(cell["source"])
        for cell in cells
    )
