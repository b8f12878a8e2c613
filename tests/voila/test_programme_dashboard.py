"""The programme dashboard in Chromium: it opens on the 32 partnerships with its
summary matrix and funnel plot drawn and described; a period and an aim are changed,
and the small multiples drawn, from the keyboard alone.

One page for the module (a page costs a kernel). Every wait is for the app's status.
"""

from __future__ import annotations

import pytest

from tests.voila.browser import (
    axe_problems,
    open_page,
    screenshot,
    status,
    tab_order,
    tab_to,
    wait_for_status,
)
from tests.voila.conftest import external_failure, new_page

PAGE = "voila/render/apps/programme_dashboard.ipynb"
FIGURES = ".qikit-chart-view figure.qikit-figure"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dashboard(chromium, voila_server):
    """The dashboard open for the whole module; fails on any request that leaves
    the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + PAGE)
        wait_for_status(page, "Dashboard updated", timeout=120_000)
        yield page
        problem = external_failure(page)
        if problem:
            pytest.fail(problem)
    finally:
        context.close()


def _figure(page, index: int):
    return page.locator(FIGURES).nth(index)


def test_the_matrix_and_the_funnel_are_drawn_and_described(dashboard):
    matrix = _figure(dashboard, 0)
    assert (
        matrix.locator("img")
        .get_attribute("alt")
        .startswith("Summary matrix of 1 measure across 32 partnerships")
    )
    caption = matrix.locator("figcaption").inner_text()
    assert "1 measure across 32 partnerships (Making Data Count icons)." in caption
    funnel = _figure(dashboard, 1)
    assert "Funnel plot of Children meeting all milestones (%) for 1 October 2016" in (
        funnel.locator("img").get_attribute("alt")
    )
    assert "32 partnerships compared with the pooled proportion" in (
        funnel.locator("figcaption").inner_text()
    )
    aim = _figure(dashboard, 2).locator("figcaption").inner_text()
    assert "partnerships reached the aim of 85 or more" in aim
    assert "Traceback" not in dashboard.content()
    screenshot(dashboard, "programme-dashboard")


def test_the_dashboard_works_from_the_keyboard(dashboard, axe_script):
    order = tab_order(dashboard)
    for wanted in (
        "Data",
        "Measure",
        "Show the matrix as a table",
        "Period for the funnel plot",
        "Aim (target value)",
        "Order",
        "Draw the small multiples",
        "The IHI assessment scale",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    dashboard.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_to(dashboard, "Period for the funnel plot", role="select")
    before = status(dashboard)
    dashboard.keyboard.press("ArrowDown")  # the quarter before the latest
    wait_for_status(dashboard, "Funnel plot updated", after=before)
    assert "for 1 July 2016" in _figure(dashboard, 1).locator("img").get_attribute(
        "alt"
    )

    tab_to(dashboard, "Aim (target value)")
    dashboard.keyboard.press("Control+A")
    dashboard.keyboard.insert_text("90")
    before = status(dashboard)
    dashboard.keyboard.press("Enter")
    wait_for_status(dashboard, "Aim updated", after=before)
    assert "reached the aim of 90 or more" in (
        _figure(dashboard, 2).locator("figcaption").inner_text()
    )

    tab_to(dashboard, "Draw the small multiples", role="button")
    before = status(dashboard)
    dashboard.keyboard.press("Enter")
    wait_for_status(dashboard, "Small multiples drawn", after=before, timeout=120_000)
    assert "one chart for each of 32 partnerships" in (
        _figure(dashboard, 3).locator("img").get_attribute("alt")
    )

    box = tab_to(dashboard, "Show the matrix as a table")
    before = status(dashboard)
    dashboard.keyboard.press("Space")
    wait_for_status(dashboard, "Data table shown", after=before)
    assert box["type"] == "checkbox"
    assert not axe_problems(dashboard, axe_script)
    screenshot(dashboard, "programme-dashboard-keyboard")
