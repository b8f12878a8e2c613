"""The learner's guide's screenshots, taken in Chromium from the pages people use.

``make guide`` runs these tests, then ``curriculum/build_guide.py`` puts the
pictures into the printed guide (``build/learners-guide/index.html``). Each picture
has a stable name (:data:`SHOTS`), is saved in ``tests/_artifacts/screenshots/``
(never committed) and is named by a comment in ``curriculum/learners_guide.ipynb``::

    <!-- screenshot guide-join | apps/signal_or_noise.ipynb | alt text -->

Each test opens one page and does what the guide tells a learner to do there
(click "Answer: signal", type a team name and choose "Join", open "7. Save and
resume" …), so a change to an app that would make the guide wrong fails here. Only
pages that exist are visited: an app not written yet has no picture, and the guide's
build says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.voila.browser import SCREENSHOTS, open_page, status, wait_for_status
from tests.voila.conftest import external_failure, new_page
from tests.voila.server import CURRICULUM

pytestmark = pytest.mark.browser

#: Picture size: a laptop screen, readable when printed on A4.
VIEWPORT = {"width": 1200, "height": 800}
TIMEOUT = 60_000  # ms for an action on this shared machine
COHORT = "Guide"
TEAM = "Ward 6"

#: Every picture of the guide: name -> (page it is taken on, what it shows).
SHOTS: dict[str, tuple[str, str]] = {
    "guide-landing": ("", "The landing page: the list of modules and apps."),
    "guide-landing-large": (
        "",
        "The landing page with larger text: the Larger text button is pressed.",
    ),
    "guide-module": (
        "00_welcome.ipynb",
        "The top of a module page: its title, time, questions and objectives.",
    ),
    "guide-challenge": (
        "06_run_charts.ipynb",
        "A challenge with its solution opened.",
    ),
    "guide-quiz": (
        "apps/quiz.ipynb",
        "A quiz question answered and checked, with the feedback under it.",
    ),
    "guide-chart-studio": (
        "apps/chart_studio.ipynb",
        "The chart studio: the data, the columns and the chart chooser.",
    ),
    "guide-chart-studio-chart": (
        "apps/chart_studio.ipynb",
        "The chart studio's chart, with what it shows written under it.",
    ),
    "guide-message": (
        "apps/chart_studio.ipynb",
        "A message in the chart studio: the status line says there is a problem "
        "and the box under it says what to do.",
    ),
    "guide-signal-or-noise": (
        "apps/signal_or_noise.ipynb",
        "Signal or noise: a chart answered, with the feedback.",
    ),
    "guide-join": (
        "apps/signal_or_noise.ipynb",
        "Joining a workshop: the cohort and team boxes and the Join button.",
    ),
    "guide-red-beads": (
        "apps/red_beads.ipynb",
        "The red bead experiment after four days: the p chart of the workers' "
        "red beads.",
    ),
    "guide-funnel": (
        "apps/funnel.ipynb",
        "The funnel after Drop 10 more: where the marbles landed under each rule.",
    ),
    "guide-pdsa-game": (
        "apps/pdsa_game.ipynb",
        "The PDSA game: planning a test, with the prediction written first.",
    ),
    "guide-rule-lab": (
        "apps/rule_lab.ipynb",
        "The rule-set laboratory: the same data read by four rule sets.",
    ),
    "guide-project-builder": (
        "apps/project_builder.ipynb",
        "The project builder: the project's name and the first step, the aim.",
    ),
    "guide-project-save": (
        "apps/project_builder.ipynb",
        "Step 7 of the project builder: the project file and the cohort store.",
    ),
    "guide-trainer-board": (
        "apps/trainer_board.ipynb",
        "The trainer board: the cohort, Refresh, and the teams that have joined.",
    ),
}


def shot(page: Any, name: str, element: Any | None = None) -> Path:
    """Save the visible part of the page (or one element) as ``<name>.png``."""
    assert name in SHOTS, f"{name!r} is not in SHOTS"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if element is not None:
        element.scroll_into_view_if_needed(timeout=TIMEOUT)
        element.screenshot(path=str(path), timeout=30_000)
    else:
        page.screenshot(path=str(path), full_page=False, timeout=30_000)
    assert path.stat().st_size > 1000, f"{path} is empty"
    return path


def _click(page: Any, name: str, done: str | None = None, *, role: str = "button"):
    before = status(page)
    page.get_by_role(role, name=name).click()
    return wait_for_status(page, done, after=before, timeout=TIMEOUT)


def _top(locator: Any, offset: int = 10) -> None:
    """Scroll so that ``locator`` is at the top of the window."""
    locator.scroll_into_view_if_needed(timeout=TIMEOUT)
    locator.evaluate(
        "(el, offset) => window.scrollBy(0, el.getBoundingClientRect().top - offset)",
        offset,
    )


def _join(page: Any) -> None:
    page.get_by_label("Cohort (the name your trainer gave the room)").fill(COHORT)
    page.get_by_label("Team name").fill(TEAM)
    _click(page, "Join", f"Joined {COHORT} as {TEAM}")


# ------------------------------------------------------------- what each page shows


def _landing(page: Any) -> None:
    shot(page, "guide-landing")
    page.locator(".qikit-large-toggle").click()
    page.wait_for_function(
        "() => document.documentElement.classList.contains('qikit-large')"
    )
    shot(page, "guide-landing-large")
    page.locator(".qikit-large-toggle").click()  # leave the setting as it was


def _welcome(page: Any) -> None:
    shot(page, "guide-module")


def _challenge(page: Any) -> None:
    details = page.locator("details", has=page.locator("summary", has_text="Solution"))
    first = details.first
    first.locator("summary").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('details')].some(d => d.open)"
    )
    cell = first.locator("xpath=ancestor::div[contains(@class, 'jp-Cell')][1]")
    shot(page, "guide-challenge", cell)


def _quiz(page: Any) -> None:
    page.get_by_role("radio", name="The mean of the data").check()
    _click(page, "Check question 1", "Question 1: not quite")
    page.get_by_role("button", name="Check question 1").scroll_into_view_if_needed()
    shot(page, "guide-quiz")


def _chart_studio(page: Any) -> None:
    shot(page, "guide-chart-studio")
    _top(page.get_by_role("heading", name="5. The chart"))
    shot(page, "guide-chart-studio-chart")
    before = status(page)
    box = page.get_by_label("Baseline ends at (freeze)")
    box.fill("the spring")
    box.press("Enter")
    after = wait_for_status(page, after=before, timeout=TIMEOUT)
    assert after.state == "error", after
    _top(page.locator(".qikit-error-box").first, offset=300)  # the box above too
    shot(page, "guide-message")


def _signal_or_noise(page: Any) -> None:
    _click(page, "Answer: signal", "Answer checked")
    _top(page.get_by_role("heading", name="Is there a signal in this chart?"))
    shot(page, "guide-signal-or-noise")
    _join(page)
    shot(page, "guide-join", page.locator(".qikit-join").first)


def _red_beads(page: Any) -> None:
    _click(page, "Run all four days")
    _top(page.locator("figure.qikit-chart").first, offset=60)
    shot(page, "guide-red-beads")


def _funnel(page: Any) -> None:
    _click(page, "Drop 10 more", "Drops drawn")
    _top(page.get_by_role("slider", name="Marbles dropped under each rule"))
    shot(page, "guide-funnel")


def _pdsa_game(page: Any) -> None:
    _join(page)
    page.get_by_label("What will this test find out? (objective)").fill(
        "How long does it fly as it is?"
    )
    page.get_by_label("Our prediction, written before the test").fill("About 2 seconds")
    page.get_by_label(
        "What will this test find out? (objective)"
    ).scroll_into_view_if_needed()
    shot(page, "guide-pdsa-game")


def _rule_lab(page: Any) -> None:
    shot(page, "guide-rule-lab")


def _project_builder(page: Any) -> None:
    shot(page, "guide-project-builder")
    header = page.locator(
        ".jupyter-widget-Collapse-header", has_text="7. Save and resume"
    )
    if header.get_attribute("aria-expanded") != "true":
        before = status(page)
        header.click()
        wait_for_status(page, after=before, timeout=TIMEOUT)
    _top(header)
    shot(page, "guide-project-save")


def _trainer_board(page: Any) -> None:
    shot(page, "guide-trainer-board")


#: page -> what to do there. Each test opens one page (a page costs a kernel).
PAGES: dict[str, Callable[[Any], None]] = {
    "": _landing,
    "00_welcome.ipynb": _welcome,
    "06_run_charts.ipynb": _challenge,
    "apps/quiz.ipynb": _quiz,
    "apps/chart_studio.ipynb": _chart_studio,
    "apps/signal_or_noise.ipynb": _signal_or_noise,
    "apps/red_beads.ipynb": _red_beads,
    "apps/funnel.ipynb": _funnel,
    "apps/pdsa_game.ipynb": _pdsa_game,
    "apps/rule_lab.ipynb": _rule_lab,
    "apps/project_builder.ipynb": _project_builder,
    "apps/trainer_board.ipynb": _trainer_board,
}


def existing(pages=PAGES) -> list[str]:
    """The pages that exist now (the landing page always does)."""
    return [p for p in pages if not p or (CURRICULUM / p).is_file()]


@pytest.mark.parametrize("name", existing(), ids=lambda p: p or "landing")
def test_take_the_guides_screenshots(chromium, voila_server, name):
    taken = [s for s, (p, _) in SHOTS.items() if p == name]
    for old in taken:
        (SCREENSHOTS / f"{old}.png").unlink(missing_ok=True)
    context, page = new_page(chromium, viewport=VIEWPORT)
    try:
        url = voila_server.url + (f"voila/render/{name}" if name else "")
        open_page(page, url)
        if name.startswith("apps/"):
            wait_for_status(page, timeout=TIMEOUT)
        PAGES[name](page)
        problem = external_failure(page)
        assert problem is None, problem
    finally:
        context.close()
    missing = [s for s in taken if not (SCREENSHOTS / f"{s}.png").is_file()]
    assert not missing, f"not taken: {missing}"
