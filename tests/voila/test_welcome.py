"""The welcome page, served by Voila as `make app` serves it.

An HTTP test reads the page Voila sends; a browser test (marker ``browser``) lets
Chromium render it, as a learner sees it, and checks it for accessibility with axe-core.
"""

from __future__ import annotations

import re

import pytest

WELCOME = "voila/render/00_welcome.ipynb"
CHART_IMG = "figure.qikit-chart img"


@pytest.fixture(scope="module")
def explanation(notebook_namespace) -> list[str]:
    """What the page must say about the chart: the notebook's own `res.explain()`."""
    lines = notebook_namespace("00_welcome.ipynb")["res"].explain().splitlines()
    assert lines, "res.explain() returned no text"
    return lines


def test_landing_page_links_the_welcome_page(voila_server):
    """`make app` opens on qikit's landing page; the welcome page is on it, by its
    title and first sentence."""
    status, body = voila_server.get("")
    assert status == 200, voila_server.log_tail()
    assert '<a href="/voila/render/00_welcome.ipynb">Welcome to qikit</a>' in body
    assert "qikit helps health and social care teams learn" in body
    assert "Select items to open with" not in body  # not Voila's file list


def test_welcome_page_has_chart_and_explanation(voila_server, explanation):
    status, page = voila_server.get(WELCOME)
    assert status == 200, voila_server.log_tail()
    assert "There was an error when executing cell" not in page, voila_server.log_tail()
    assert "Welcome to qikit" in page  # markdown is rendered on the server

    outputs = voila_server.rich_outputs(page)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    image = re.search(
        r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', html
    )
    assert image, "no chart image (data:image/png) in the page"
    printed = [
        line for text in voila_server.text_outputs(page) for line in text.splitlines()
    ]
    assert printed == explanation


@pytest.mark.browser
def test_welcome_page_in_chromium(page, voila_server, explanation, axe_script):
    page.goto(voila_server.url + WELCOME, wait_until="commit", timeout=60_000)
    chart = page.locator(CHART_IMG)
    chart.wait_for(state="visible", timeout=180_000)
    assert chart.count() == 1

    alt = chart.get_attribute("alt")
    assert alt and alt.strip(), "the chart image needs alt text for screen readers"
    width = chart.evaluate("img => img.naturalWidth")
    assert width > 100, "the chart image did not decode"
    caption = page.locator("figure.qikit-chart figcaption").inner_text()
    assert explanation[0] in caption

    page.add_script_tag(path=str(axe_script))
    # Our content is the notebook's cells; the rest of the page is Voila's template.
    violations = page.evaluate(
        """async () => (await axe.run(
               {include: [['.jp-Cell']]},
               {resultTypes: ['violations']})).violations"""
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        f"{[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("critical", "serious")
    ]
    assert not serious, "accessibility problems in our content:\n" + "\n".join(serious)
