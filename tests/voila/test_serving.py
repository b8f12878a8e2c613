"""How `make app` serves the curriculum: its configuration, and what it exposes.

The configuration checks read the files. The behaviour checks start a second Voila,
configured as `make app` is, over a folder made for the test: a notebook that fails
shows a friendly message (the traceback goes to the server's log), and a visitor
cannot run code of their own through a kernel (what README says HOST=0.0.0.0 exposes).
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import threading
import time
import uuid

import nbformat
import pytest
from tornado import websocket

from tests.voila.server import (
    CONFIG,
    CURRICULUM,
    ROOT,
    TEMPLATES,
    VoilaDidNotStart,
    start_voila,
    voila_command,
    voila_environment,
)

CONFIG_JSON = json.loads((CURRICULUM / "voila.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- configuration


def test_make_app_serves_like_the_tests():
    """The Makefile's `app` recipe and tests/voila/server.py start Voila alike."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\napp:") : makefile.index("\nbench-apps:")]
    env = re.search(r"^VOILA_ENV = (.*?)\n\n", makefile, re.S | re.M).group(1)
    paths = "$(abspath $(VENV))/share/jupyter:$(CURDIR)/share/jupyter"
    assert f'JUPYTER_PATH="{paths}"' in env
    assert 'JUPYTER_CONFIG_PATH="$(CURDIR)/etc/jupyter"' in env
    assert "cd curriculum && $(VOILA_ENV) exec" in recipe
    assert "--no-browser" in recipe and "--Voila.ip=$(HOST) --port=$(PORT)" in recipe
    ours = voila_environment(base={})
    assert ours["JUPYTER_PATH"].split(":")[1] == str(TEMPLATES)
    assert ours["JUPYTER_CONFIG_PATH"] == str(CONFIG)
    assert voila_command(8866)[3:] == [
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        "--port=8866",
    ]


def test_voila_json_settings():
    voila = CONFIG_JSON["VoilaConfiguration"]
    assert voila["template"] == "qikit"
    assert voila["classic_tree"] is True  # the landing page is tree.html
    assert voila["show_tracebacks"] is False
    assert voila["preheat_kernel"] is True
    pools = CONFIG_JSON["VoilaKernelManager"]["kernel_pools_config"]
    assert pools["default"]["pool_size"] == 0
    assert pools["00_welcome.ipynb"]["pool_size"] >= 1
    culling = CONFIG_JSON["MappingKernelManager"]
    assert 0 < culling["cull_idle_timeout"] <= 3600 and culling["cull_interval"] > 0
    assert (
        "log of the computer" in CONFIG_JSON["VoilaExecutor"]["cell_error_instruction"]
    )


def test_make_app_warns_when_serving_the_network():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "anyone who can reach port $(PORT) of this" in makefile
    assert "computer can open every page (no password)" in makefile


# ---------------------------------------------------------------- behaviour


def _write(folder, name, *sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}\n\nFor a test.")] + [
        nbformat.v4.new_code_cell(source) for source in sources
    ]
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture(scope="module")
def scratch_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scratch")
    config = dict(CONFIG_JSON)
    pools = {"default": {"pool_size": 0}}
    config["VoilaKernelManager"] = {"kernel_pools_config": pools}
    (folder / "voila.json").write_text(json.dumps(config), encoding="utf-8")
    _write(folder, "broken", "x = 1", "1 / 0", "print('after the error')")
    _write(folder, "fine", "import ipywidgets as w\nw.IntSlider(description='n')")
    log = tmp_path_factory.mktemp("scratch-log") / "voila.log"
    try:
        with start_voila(log, cwd=folder, store=folder / "store.sqlite3") as server:
            server.folder = folder
            yield server
    except VoilaDidNotStart as error:
        pytest.fail(str(error))
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_a_failing_notebook_shows_a_friendly_message(scratch_server):
    status, page = scratch_server.get("voila/render/broken.ipynb")
    assert status == 200
    assert "Sorry, part of this page could not be shown." in page
    assert "ZeroDivisionError" not in page and "Traceback" not in page
    assert "after the error" not in page  # the page stops at the failed cell
    deadline = time.monotonic() + 10
    while "ZeroDivisionError" not in scratch_server.log_text():
        assert time.monotonic() < deadline, scratch_server.log_tail()
        time.sleep(0.2)


@pytest.mark.slow
def test_a_visitor_cannot_run_code_of_their_own(scratch_server):
    """Voila passes only widget (comm) messages to a kernel: an execute_request from
    a visitor is dropped, so HOST=0.0.0.0 exposes the apps, not a Python prompt."""
    status, page = scratch_server.get("voila/render/fine.ipynb")
    assert status == 200
    kernel = json.loads(
        re.search(
            r'<script id="jupyter-config-data" type="application/json">\s*(.*?)'
            r"\s*</script>",
            page,
            re.S,
        ).group(1)
    )["kernelId"]
    marker = scratch_server.folder / f"pwned-{uuid.uuid4().hex}"
    url = scratch_server.url.replace("http://", "ws://") + (
        f"api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
    )
    message = {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": "execute_request",
            "session": uuid.uuid4().hex,
            "username": "visitor",
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {},
        "buffers": [],
        "channel": "shell",
        "content": {
            "code": f"open({str(marker)!r}, 'w').write('x')",
            "silent": False,
            "store_history": False,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        },
    }

    async def send() -> None:
        connection = await websocket.websocket_connect(url, connect_timeout=20)
        await connection.write_message(json.dumps(message))
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                await asyncio.wait_for(connection.read_message(), 1)
            except TimeoutError:
                pass
        connection.close()

    # In a thread with its own event loop: Playwright's sync API may own this one.
    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(asyncio.wait_for(send(), 40))
        except BaseException as error:  # noqa: BLE001 - re-raised below
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive() and not failures, failures
    assert not marker.exists()
    assert 'Received message of type "execute_request", which is not allowed' in (
        scratch_server.log_text()
    )
