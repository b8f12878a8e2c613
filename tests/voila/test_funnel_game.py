"""The funnel game in Chromium: "Drop 10 more" → the four scatter plots and the
spread table update; the slider, the button and the I charts from the keyboard
alone; a team's results reach the server's store.

One page for the module (a page costs a kernel); each test starts again, so the
tests do not depend on their order. Every wait is for the app's status text.
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

PAGE = "voila/render/apps/funnel.ipynb"
SCATTER = ".qikit-chart-view figure.qikit-figure img"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def funnel(chromium, voila_server):
    """The funnel page open for the whole module; fails on any request that leaves
    the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + PAGE)
        wait_for_status(page, "Drops drawn")
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


def _alt(page) -> str:
    return page.locator(SCATTER).first.get_attribute("alt")


def test_drop_10_more_updates_the_plots_and_the_spread(funnel):
    _click(funnel, "Start again with new chance errors", "Started again")
    assert "where 50 marbles landed" in _alt(funnel)
    _click(funnel, "Drop 10 more", "Drops drawn")
    assert "where 60 marbles landed" in _alt(funnel)
    spread = funnel.locator(".qikit-funnel-spread").inner_text()
    assert "How far each rule spreads the marbles" in spread
    assert "rule 1 itself" in spread
    caption = funnel.locator(".qikit-chart-view figcaption").first.inner_text()
    assert "doubles the variance" in caption and "after 60 drops" in caption
    assert "Traceback" not in funnel.content()
    screenshot(funnel, "funnel-60-drops")


def test_everything_works_from_the_keyboard(funnel):
    _click(funnel, "Start again with new chance errors", "Started again")
    order = tab_order(funnel)
    for wanted in (
        "Team name",
        "Join",
        "Marbles dropped under each rule",
        "Drop 10 more",
        "Start again with new chance errors",
        "Show where each marble landed",
        "Show the drops over time as I charts",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    funnel.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_to(funnel, "Marbles dropped under each rule", role="slider")
    before = status(funnel)
    funnel.keyboard.press("ArrowRight")
    wait_for_status(funnel, "Drops drawn", after=before)
    assert "where 60 marbles landed" in _alt(funnel)

    tab_to(funnel, "Drop 10 more", role="button")
    before = status(funnel)
    funnel.keyboard.press("Enter")
    wait_for_status(funnel, "Drops drawn", after=before)
    assert "where 70 marbles landed" in _alt(funnel)

    tab_to(funnel, "Show the drops over time as I charts")
    before = status(funnel)
    funnel.keyboard.press("Space")
    wait_for_status(funnel, "I charts shown", after=before)
    assert (
        funnel.locator("figure.qikit-chart img")
        .first.get_attribute("alt")
        .startswith("I chart")
    )
    before = status(funnel)
    funnel.keyboard.press("Space")
    wait_for_status(funnel, "I charts hidden", after=before)


def test_a_teams_results_reach_the_store(funnel, voila_store):
    cohort, team = "Funnel room", "Ward 7"
    _click(funnel, "Start again with new chance errors", "Started again")
    funnel.get_by_label("Cohort (the name your trainer gave the room)").fill(cohort)
    funnel.get_by_label("Team name").fill(team)
    _click(funnel, "Join", f"Joined {cohort} as {team}")
    _click(funnel, "Drop 10 more", "Drops drawn")
    with open_store(voila_store) as store:
        results = store.game_results(cohort, game="funnel")
    mine = results[results["team"] == team]
    assert mine["round"].tolist()[-2:] == [50, 60]
    assert mine["rules"].iloc[-1] == [1, 2, 3, 4]
    assert len(mine["summary"].iloc[-1]) == 4
