"""The PDSA game in Chromium: no prediction, no test (a friendly message); a test run
→ the run chart updates; study and act recorded; all from the keyboard too; each
test and decision reaches the server's store.

One page for the module (a page costs a kernel); each test joins as its own team,
which starts that team's own game, so the tests do not depend on their order. Every
wait is for the app's status text.
"""

from __future__ import annotations

import pytest

from qikit.store import open_store
from tests.voila.browser import (
    focused,
    open_page,
    screenshot,
    status,
    tab_order,
    tab_to,
    wait_for_status,
)
from tests.voila.conftest import external_failure, new_page

PAGE = "voila/render/apps/pdsa_game.ipynb"
CHART = ".qikit-chart-view figure.qikit-chart img"
COHORT = "PDSA room"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pdsa(chromium, voila_server):
    """The PDSA game open for the whole module; fails on any request that leaves
    the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + PAGE)
        wait_for_status(page, "Ready")
        yield page
        problem = external_failure(page)
        if problem:
            pytest.fail(problem)
    finally:
        context.close()


def _click(page, name: str, done: str | None = None):
    before = status(page)
    page.get_by_role("button", name=name, exact=True).click()
    return wait_for_status(page, done, after=before)


def _join(page, team: str) -> None:
    page.get_by_label("Cohort (the name your trainer gave the room)").fill(COHORT)
    page.get_by_label("Team name").fill(team)
    _click(page, "Join", f"Joined {COHORT} as {team}")


def test_predict_test_study_act_and_the_store(pdsa, voila_store):
    _join(pdsa, "Ward 3")
    pdsa.get_by_label("What will this test find out? (objective)").fill("As it is")
    pdsa.get_by_label("Our prediction, written before the test").fill("")
    after = _click(pdsa, "Run the test")
    assert after.state == "error"
    message = pdsa.locator(".qikit-error-box").inner_text()
    assert "not written yet" in message and "before you run the test" in message
    assert "Traceback" not in pdsa.content()

    pdsa.get_by_label("Our prediction, written before the test").fill("About 2 s")
    _click(pdsa, "Run the test", "Test 1 run")
    alt = pdsa.locator(CHART).first.get_attribute("alt")
    assert alt.startswith("Run chart of Flight times") and "5 points" in alt
    assert "You predicted: About 2 s" in pdsa.locator(".qikit-pdsa-latest").inner_text()

    pdsa.get_by_label("What happened, compared with our prediction (study)").fill(
        "Under 2 s"
    )
    pdsa.get_by_label("Adapt: change it and test again").check()
    _click(pdsa, "Record the study and act", "Cycle 1 recorded")
    log = pdsa.locator(".qikit-pdsa-log").inner_text()
    assert "the starting design" in log and "adapt" in log

    pdsa.get_by_label("Length of the rotor wings").select_option("long")
    pdsa.get_by_label("What will this test find out? (objective)").fill("Long wings")
    pdsa.get_by_label("Our prediction, written before the test").fill("Longer")
    _click(pdsa, "Run the test", "Test 2 run")
    assert "10 points" in pdsa.locator(CHART).first.get_attribute("alt")
    screenshot(pdsa, "pdsa-game-two-tests")

    with open_store(voila_store) as store:
        results = store.game_results(COHORT, game="pdsa game")
    mine = results[results["team"] == "Ward 3"]
    assert mine["round"].tolist()[-3:] == [1, 1, 2]
    last = mine.iloc[-1]["tests"]
    assert [t["decision"] for t in last] == ["adapt", ""]
    assert last[1]["design"]["wing"] == "long"
    assert last[1]["predictions"] == ["Longer"]


def test_everything_works_from_the_keyboard(pdsa):
    order = tab_order(pdsa)
    for wanted in (
        "Team name",
        "Join",
        "What will this test find out? (objective)",
        "Our prediction, written before the test",
        "Length of the rotor wings",
        "Paper clips on the body",
        "Helicopters to drop",
        "Run the test",
        "What happened, compared with our prediction (study)",
        "What we learnt",
        "Record the study and act",
        "Reveal the hidden effects (for the trainer's debrief)",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    pdsa.evaluate("() => document.activeElement && document.activeElement.blur()")
    box = tab_to(pdsa, "Team name")
    pdsa.keyboard.press("Control+A")
    pdsa.keyboard.insert_text("Ward 4")
    tab_to(pdsa, "Join", role="button")
    before = status(pdsa)
    pdsa.keyboard.press("Enter")
    wait_for_status(pdsa, f"Joined {COHORT} as Ward 4", after=before)
    assert box["tag"] == "input"

    tab_to(pdsa, "What will this test find out?")
    pdsa.keyboard.insert_text("How long it flies as it is")
    tab_to(pdsa, "Our prediction, written before the test")
    pdsa.keyboard.insert_text("About 2 seconds")
    tab_to(pdsa, "Run the test", role="button")
    before = status(pdsa)
    pdsa.keyboard.press("Enter")
    wait_for_status(pdsa, "Test 1 run", after=before)

    tab_to(pdsa, "What happened, compared with our prediction (study)")
    pdsa.keyboard.insert_text("1.8 seconds, a little less than we predicted")
    radio = tab_to(pdsa, "Adopt: keep this design")
    assert radio["type"] == "radio"
    pdsa.keyboard.press("Space")
    tab_to(pdsa, "Record the study and act", role="button")
    before = status(pdsa)
    pdsa.keyboard.press("Enter")
    wait_for_status(pdsa, "Cycle 1 recorded", after=before)
    assert "adopt" in pdsa.locator(".qikit-pdsa-log").inner_text()

    tab_to(pdsa, "Reveal the hidden effects", role="button")
    before = status(pdsa)
    pdsa.keyboard.press("Enter")
    wait_for_status(pdsa, "Hidden effects shown", after=before)
    assert "Long wings add" in pdsa.locator("body").inner_text()
    assert (focused(pdsa) or {}).get("tag") == "button"
