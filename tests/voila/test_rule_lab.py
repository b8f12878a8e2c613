"""The rule-set laboratory in Chromium: a simulation run gives its table, chart and
reading; the same data go through the four rule sets; all of it from the keyboard.
Each step waits for the app's status text."""

from __future__ import annotations

import pytest

from qikit.apps.rule_lab import SOURCES
from tests.voila.browser import (
    axe_problems,
    open_page,
    page_errors,
    screenshot,
    status,
    tab_order,
    tab_to,
    wait_for_status,
)
from tests.voila.conftest import external_failure, new_page

LAB = "voila/render/apps/rule_lab.ipynb"
TABLE = ".qikit-table caption"
FALLS = SOURCES["ward_falls"].label

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(chromium, voila_server):
    """The laboratory open in one page for the module (a page costs a kernel);
    fails on any request that leaves the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + LAB)
        wait_for_status(page, "Simulation finished")
        yield page
        problem = external_failure(page)
        if problem:
            pytest.fail(problem)
    finally:
        context.close()


def _alts(page) -> list[str]:
    return page.locator(".qikit-chart-view img").evaluate_all(
        "els => els.map(el => el.getAttribute('alt'))"
    )


def _captions(page) -> list[str]:
    return page.locator(TABLE).all_inner_texts()


def test_a_simulation_run_shows_its_table_chart_and_reading(lab):
    lab.get_by_label("Shift sizes (standard deviations)").fill("0, 1, 2")
    lab.get_by_label("Points in each chart").select_option(label="20")
    before = status(lab)
    lab.get_by_role("button", name="Run the simulation").click()
    after = wait_for_status(lab, "Simulation finished", after=before)
    assert after.state == "ready"
    assert any(
        c.startswith("Share of 1,000 simulated run charts of 20 points that signal")
        for c in _captions(lab)
    ), _captions(lab)
    table = lab.locator("table.qikit-table").filter(has_text="Shift of 1 SD")
    assert table.count() == 1
    assert table.locator("thead th").all_inner_texts() == [
        "Rule set",
        "No shift (false alarms)",
        "Shift of 1 SD",
        "Shift of 2 SD",
    ]
    assert table.locator("tbody tr").count() == 4
    assert any(
        alt.startswith("Line chart of the share of simulated run charts")
        for alt in _alts(lab)
    )
    reading = lab.locator(".qikit-lab-reading").inner_text()
    assert "With 20 points the Anhøj rules raise a false alarm in about" in reading
    assert "No rule set wins on both counts" in reading
    screenshot(lab, "rule-lab-simulated")

    before = status(lab)
    lab.get_by_label("Data", exact=True).select_option(label=FALLS)
    wait_for_status(lab, "Rule sets compared", after=before)
    assert _alts(lab)[0].startswith(
        "Four run charts of Patient falls on a medical ward (24 months)"
    )
    assert lab.get_by_role("button", name="New practice series").is_disabled()
    assert page_errors(lab) == []


def test_everything_works_from_the_keyboard(lab, axe_script):
    lab.evaluate("() => document.activeElement && document.activeElement.blur()")
    data = tab_to(lab, "Data", role="select")
    assert data["tag"] == "select"
    chosen = lab.get_by_label("Data", exact=True).evaluate("el => el.selectedIndex")
    keys = ["ArrowDown", "Home"] if chosen == 0 else ["Home"]  # end on the practice
    for key in keys:
        before = status(lab)
        lab.keyboard.press(key)
        wait_for_status(lab, "Rule sets compared", after=before)
    order = tab_order(lab)
    for wanted in (
        "Data",
        "Practice series: what happens",
        "Chart",
        "New practice series",
        "What the Anhøj rules find, in words",
        "Shift sizes (standard deviations)",
        "Simulated charts for each shift",
        "Run the simulation",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    lab.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_to(lab, "New practice series", role="button")
    before = status(lab)
    lab.keyboard.press("Enter")
    wait_for_status(lab, "Rule sets compared", after=before)
    assert "What really happened:" in lab.locator(".qikit-rule-comparison").inner_text()

    tab_to(lab, "What the IHI rules find, in words")
    lab.keyboard.press("Enter")
    assert lab.locator("details[open]").count() == 1

    box = tab_to(lab, "Shift sizes (standard deviations)")
    assert box["tag"] == "input"
    lab.keyboard.press("Control+A")
    lab.keyboard.insert_text("0, 1.5")
    tab_to(lab, "Run the simulation", role="button")
    before = status(lab)
    lab.keyboard.press("Enter")
    wait_for_status(lab, "Simulation finished", after=before)
    table = lab.locator("table.qikit-table").filter(has_text="Shift of 1.5 SD")
    assert table.count() == 1
    assert not axe_problems(lab, axe_script)
    assert page_errors(lab) == []
    screenshot(lab, "rule-lab-keyboard")
