"""The pages' own script (share/jupyter/voila/src/qikit-widgets.js) in Chromium.

It replaces Voila's JupyterLab front end: it connects a page to its kernel over the
Jupyter server's websocket, shows the widgets, and carries their messages both ways
(with binary buffers from page to kernel, as an upload sends). The apps' own tests
drive it through every kind of widget the apps use; these tests cover what no app
test reaches: what a page loads, a connection that drops and comes back, and a page
that cannot connect at all.
"""

from __future__ import annotations

import re

import pytest

from tests.voila.browser import open_page, page_errors, status, wait_for_status
from tests.voila.conftest import new_page
from tests.voila.server import (
    PAGE_SCRIPT,
)

pytestmark = pytest.mark.browser

DEMO = "voila/render/apps/demo.ipynb"
VISITS = "Week\tVisits\n1\t12\n2\t15\n3\t11\n4\t14\n5\t13\n6\t16\n7\t12\n8\t15"


def test_a_page_loads_two_scripts_of_its_own(voila_server, page_script):
    """What keeps a first render fast (bench/README.md): a page loads qikit.js and
    the widgets' script, nothing of Voila's JupyterLab front end, and the widgets'
    script stays small."""
    status_code, page = voila_server.get(DEMO)
    assert status_code == 200, voila_server.log_tail()
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", page)
    assert [src.rsplit("/", 1)[-1] for src in scripts] == [
        "qikit.js",
        "qikit-widgets.js",
    ]
    assert "voila.js" not in page and "voila-style.js" not in page
    assert PAGE_SCRIPT.stat().st_size < 1_200_000  # 0.8 MB when written


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
