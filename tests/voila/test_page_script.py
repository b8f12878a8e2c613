"""The pages' own script (share/jupyter/voila/src/qikit-widgets.js) in Chromium.

It replaces Voila's JupyterLab front end: it connects a page to its kernel over the
Jupyter server's websocket, shows the widgets, and carries their messages both ways
(with binary buffers). The apps' own tests drive it through every kind of widget the
apps use; these tests cover what no app test reaches: widget state that arrives as
binary buffers, a connection that drops and comes back, and a page that cannot
connect at all.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import zlib

import nbformat
import pytest

from tests.voila.browser import open_page, page_errors, status, wait_for_status
from tests.voila.conftest import new_page
from tests.voila.server import CURRICULUM, VoilaDidNotStart, start_voila

pytestmark = pytest.mark.browser

DEMO = "voila/render/apps/demo.ipynb"
VISITS = "Week\tVisits\n1\t12\n2\t15\n3\t11\n4\t14\n5\t13\n6\t16\n7\t12\n8\t15"


def _png(width: int, height: int) -> bytes:
    """A small, valid PNG of one colour (written here, so the test needs no file)."""
    rows = b"".join(b"\x00" + b"\x00\x80\xff" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack("!I", len(data)) + kind + data + struct.pack("!I", crc)

    header = struct.pack("!IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def image_server(tmp_path_factory):
    """Voila serving one notebook whose widget's state is binary: an Image."""
    folder = tmp_path_factory.mktemp("page-script")
    config = json.loads((CURRICULUM / "voila.json").read_text(encoding="utf-8"))
    config["VoilaKernelManager"] = {
        "kernel_pools_config": {"default": {"pool_size": 0}}
    }
    (folder / "voila.json").write_text(json.dumps(config), encoding="utf-8")
    png = base64.b64encode(_png(12, 8)).decode("ascii")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Binary state\n\nFor a test."),
        nbformat.v4.new_code_cell(
            "import base64, ipywidgets as w\n"
            f"picture = w.Image(value=base64.b64decode({png!r}), format='png')\n"
            "picture.add_class('binary-picture')\n"
            "picture"
        ),
    ]
    nbformat.write(nb, folder / "binary.ipynb")
    log = tmp_path_factory.mktemp("page-script-log") / "voila.log"
    try:
        with start_voila(log, cwd=folder, store=folder / "store.sqlite3") as server:
            yield server
    except VoilaDidNotStart as error:
        pytest.fail(str(error))


def test_binary_widget_state_reaches_the_page(chromium, image_server):
    """The kernel sends an Image's bytes as a binary websocket frame; the page
    decodes them and shows the picture."""
    context, page = new_page(chromium)
    try:
        open_page(page, image_server.url + "voila/render/binary.ipynb")
        picture = page.locator("img.binary-picture")
        picture.wait_for(state="visible", timeout=60_000)
        page.wait_for_function(
            "() => document.querySelector('img.binary-picture').naturalWidth > 0"
        )
        size = picture.evaluate("img => [img.naturalWidth, img.naturalHeight]")
        assert size == [12, 8]
        assert picture.get_attribute("src").startswith("blob:")
        assert page.evaluate("() => document.body.dataset.qikitWidgets") == "shown"
        assert page_errors(page) == []
    finally:
        context.close()


def test_a_dropped_connection_comes_back(chromium, voila_server):
    """The websocket closes (as when a laptop's wireless drops): the page says so,
    connects again, and the app carries on where it was."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + DEMO)
        wait_for_status(page, "Chart updated")
        page.evaluate("() => window.qikitWidgets.kernel.ws.close()")
        banner = page.locator("#qikit-connection")
        banner.wait_for(state="attached", timeout=10_000)
        assert "not connected to the computer that runs the apps" in (
            banner.inner_text()
        )
        assert banner.get_attribute("role") == "alert"
        banner.wait_for(state="detached", timeout=30_000)

        before = status(page)
        page.fill("textarea", VISITS)
        page.get_by_role("button", name="Draw the chart").click()
        wait_for_status(page, "Chart updated", after=before)
        assert "Run chart of Visits, 8 points" in (
            page.locator("figure.qikit-chart img").get_attribute("alt")
        )
        assert page_errors(page) == []
    finally:
        context.close()


def test_a_page_that_cannot_connect_says_what_to_do(chromium, voila_server):
    """A page whose kernel has gone (here: the page names a kernel that does not
    exist) tries again, then says what to do, in place of each widget and at the
    top of the page. No traceback, no blank page."""
    context, page = new_page(chromium)
    try:
        page.add_init_script("window.qikitReconnect = {tries: 1, wait: 50};")

        def wrong_kernel(route):
            response = route.fetch()
            body = re.sub(
                r'"kernelId": "[0-9a-f-]+"',
                '"kernelId": "00000000-0000-0000-0000-000000000000"',
                response.text(),
            )
            route.fulfill(response=response, body=body)

        page.route("**/voila/render/apps/demo.ipynb", wrong_kernel)
        open_page(page, voila_server.url + DEMO)
        banner = page.locator('#qikit-connection[data-state="lost"]')
        banner.wait_for(state="attached", timeout=30_000)
        assert "Reload the page to carry on" in banner.inner_text()
        # The banner, and a message where the app would have been.
        assert page.locator(".qikit-page-error").count() >= 2
        assert "Sorry, part of this page could not be shown." in page.inner_text("body")
        assert "Traceback" not in page.inner_text("body")
    finally:
        context.close()
