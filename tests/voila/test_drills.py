"""Signal or noise? in Chromium: an answer gets its feedback, and a whole round
works from the keyboard alone. Each step waits for the app's status text."""

from __future__ import annotations

import re

import pytest

from tests.voila.browser import (
    axe_problems,
    focused,
    open_page,
    page_errors,
    screenshot,
    status,
    tab_order,
    tab_to,
    wait_for_status,
)
from tests.voila.conftest import external_failure, new_page

DRILLS = "voila/render/apps/signal_or_noise.ipynb"
FEEDBACK = ".qikit-drill-feedback"
PROGRESS = ".qikit-drill-progress"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def drills(chromium, voila_server):
    """The drill open in one page for the module (a page costs a kernel); fails on
    any request that leaves the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + DRILLS)
        wait_for_status(page, "Round started")
        yield page
        problem = external_failure(page)
        if problem:
            pytest.fail(problem)
    finally:
        context.close()


def _alt(page) -> str:
    return page.locator(".qikit-chart-view img").first.get_attribute("alt")


def _seed(page) -> int:
    text = page.locator(PROGRESS).inner_text()
    return int(re.search(r"\(seed (\d+)\)", text).group(1))


def test_an_answer_gets_feedback_that_traces_the_rules(drills):
    before = status(drills)
    drills.get_by_role("button", name="Start a new round").click()
    wait_for_status(drills, "Round started", after=before)
    assert _alt(drills).endswith("What the rules find is shown once you answer.")
    assert drills.locator(FEEDBACK).inner_text().strip() == ""

    before = status(drills)
    drills.get_by_role("button", name="Answer: signal").click()
    after = wait_for_status(drills, "Answer checked", after=before)
    assert after.state == "ready"
    feedback = drills.locator(FEEDBACK).inner_text()
    assert "The truth: " in feedback
    assert "What the Anhøj rules flag:" in feedback
    assert "Score so far: " in feedback and " out of 1." in feedback
    assert "What the Anhøj rules flag: " in _alt(drills)  # the flags, in words
    assert drills.get_by_role("button", name="Answer: signal").is_disabled()
    screenshot(drills, "signal-or-noise-answered")

    before = status(drills)
    drills.get_by_role("button", name="Next chart").click()
    wait_for_status(drills, "Next chart drawn", after=before)
    assert "chart 2 of 10" in drills.locator(PROGRESS).inner_text()
    assert drills.locator(FEEDBACK).inner_text().strip() == ""
    assert page_errors(drills) == []


def test_a_round_from_the_keyboard_alone(drills, axe_script):
    """Tab to each control and operate it with keys: rules, the kind of change, the
    answers, the next chart, a new round and a replay by seed."""
    order = tab_order(drills)
    for wanted in (
        "Chart",
        "Points in each chart",
        "Rules",
        "A shift",
        "Answer: noise",
        "Start a new round",
        "Round seed",
        "Replay this round",
        "Team name",
        "Join",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    drills.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_to(drills, "Start a new round", role="button")
    before = status(drills)
    drills.keyboard.press("Enter")
    wait_for_status(drills, "Round started", after=before)
    seed = _seed(drills)

    drills.evaluate("() => document.activeElement && document.activeElement.blur()")
    rules = tab_to(drills, "Rules", role="select")
    assert rules["tag"] == "select"
    before = status(drills)
    drills.keyboard.press("ArrowDown")
    wait_for_status(drills, "Rules changed", after=before)

    radio = tab_to(drills, "Not saying")
    assert radio["type"] == "radio"
    drills.keyboard.press("ArrowDown")  # "A shift"
    tab_to(drills, "Answer: signal", role="button")
    before = status(drills)
    drills.keyboard.press("Enter")
    wait_for_status(drills, "Answer checked", after=before)
    assert "What the IHI rules flag:" in drills.locator(FEEDBACK).inner_text()

    tab_to(drills, "Next chart", role="button")
    before = status(drills)
    drills.keyboard.press("Enter")
    wait_for_status(drills, "Next chart drawn", after=before)
    tab_to(drills, "Answer: noise", role="button")
    before = status(drills)
    drills.keyboard.press("Enter")
    wait_for_status(drills, "Answer checked", after=before)
    assert " out of 2." in drills.locator(FEEDBACK).inner_text()
    assert not axe_problems(drills, axe_script)

    box = tab_to(drills, "Round seed")
    assert box["tag"] == "input"
    drills.keyboard.press("Control+A")
    drills.keyboard.insert_text(str(seed))
    tab_to(drills, "Replay this round", role="button")
    before = status(drills)
    drills.keyboard.press("Enter")
    wait_for_status(drills, "Round replayed", after=before)
    assert _seed(drills) == seed
    assert "chart 1 of 10" in drills.locator(PROGRESS).inner_text()
    assert (focused(drills) or {}).get("tag") == "button"
    assert page_errors(drills) == []
    screenshot(drills, "signal-or-noise-keyboard")
