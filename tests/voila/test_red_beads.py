"""The red bead experiment in Chromium: a day run → the p chart grows; management and
the debrief from the keyboard alone; a team's days reach the server's store.

One page for the module (a page costs a kernel); each test starts a new experiment,
so the tests do not depend on their order. Every wait is for the app's status text.
"""

from __future__ import annotations

import pytest

from qikit.store import open_store
from tests.voila.browser import (
    open_page,
    screenshot,
    status,
    tab_order,
    tab_to,
    wait_for_status,
)
from tests.voila.conftest import external_failure, new_page

PAGE = "voila/render/apps/red_beads.ipynb"
CHART = ".qikit-chart-view figure.qikit-chart img"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def beads(chromium, voila_server):
    """The red bead page open for the whole module; fails on any request that
    leaves the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + PAGE)
        wait_for_status(page, "Day 1 drawn")
        yield page
        problem = external_failure(page)
        if problem:
            pytest.fail(problem)
    finally:
        context.close()


def _click(page, name: str, done: str):
    before = status(page)
    page.get_by_role("button", name=name, exact=True).click()
    return wait_for_status(page, done, after=before)


def _fresh(page) -> None:
    _click(page, "Start again with these workers and settings", "Day 1 drawn")


def _alt(page) -> str:
    return page.locator(CHART).first.get_attribute("alt")


def test_a_day_run_grows_the_p_chart(beads):
    _fresh(beads)
    assert "6 points" in _alt(beads)
    _click(beads, "Run day 2", "Day 2 drawn")
    assert "12 points" in _alt(beads)
    management = beads.locator(".qikit-bead-management").inner_text()
    assert "Management's ranking: day 2" in management
    assert "On the wall:" in management and "Probation" in management
    _click(beads, "Run all four days", "All four days drawn")
    assert "24 points" in _alt(beads)
    assert beads.get_by_role("button", name="All days run").is_disabled()
    _click(beads, "Show the debrief", "Debrief shown")
    debrief = beads.locator(".qikit-bead-debrief").inner_text()
    assert "inside the p chart's limits" in debrief
    assert "Traceback" not in beads.content()
    screenshot(beads, "red-beads-debrief")


def test_everything_works_from_the_keyboard(beads):
    _fresh(beads)
    order = tab_order(beads)
    for wanted in (
        "Cohort (the name your trainer gave the room)",
        "Team name",
        "Join",
        "Willing workers (one name a line)",
        "Beads in the box",
        "Share of red beads in the box (0 to 1)",
        "Holes in the paddle (beads drawn each time)",
        "Paddle bias (extra share of red beads it picks up)",
        "Run day 2",
        "Run all four days",
        "Start again with these workers and settings",
        "Show the data table",
        "Management judges the workers on",
        "Show the debrief",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    beads.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_to(beads, "Run day 2", role="button")
    before = status(beads)
    beads.keyboard.press("Enter")
    wait_for_status(beads, "Day 2 drawn", after=before)

    tab_to(beads, "Management judges the workers on", role="select")
    before = status(beads)
    beads.keyboard.press("ArrowUp")  # from day 2 to day 1
    wait_for_status(beads, "Rankings updated", after=before)
    assert "ranking: day 1" in beads.locator(".qikit-bead-management").inner_text()

    tab_to(beads, "Show the debrief", role="button")
    before = status(beads)
    beads.keyboard.press("Enter")
    wait_for_status(beads, "Debrief shown", after=before)
    assert "inside the p chart" in beads.locator(".qikit-bead-debrief").inner_text()


def test_a_teams_days_reach_the_store(beads, voila_store):
    cohort, team = "Red beads room", "Ward 6"
    _fresh(beads)
    _click(beads, "Run day 2", "Day 2 drawn")
    beads.get_by_label("Cohort (the name your trainer gave the room)").fill(cohort)
    beads.get_by_label("Team name").fill(team)
    _click(beads, "Join", f"Joined {cohort} as {team}")
    assert "Sent to the trainer's board: days 1 and 2." in (
        beads.locator(".qikit-notes").inner_text()
    )
    _click(beads, "Run day 3", "Day 3 drawn")
    with open_store(voila_store) as store:
        results = store.game_results(cohort, game="red beads")
    mine = results[results["team"] == team]
    assert mine["round"].tolist()[-3:] == [1, 2, 3]
    assert mine["seed"].iloc[-3:].nunique() == 1  # one experiment
    assert len(mine["draws"].iloc[-1]) == 6
