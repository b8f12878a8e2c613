"""The trainer board in Chromium: two teams in two browser contexts record their
quiz scores through the real quiz page into the server's one store, and the board
in a third context shows both; the board refreshes by itself on the kernel's loop;
it works from the keyboard alone and exports everything.

Three pages for the module (two quiz pages, one board). Every wait is for the
app's status text.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from qikit.store import open_store
from tests.voila.browser import (
    axe_problems,
    screenshot,
    status,
    tab_order,
    tab_to,
    wait_for_status,
    wait_rendered,
)
from tests.voila.conftest import external_failure, new_page

QUIZ = "voila/render/apps/quiz.ipynb"
BOARD = "voila/render/apps/trainer_board.ipynb"
COHORT = "Board room"
TEAMS = ("Team Ash", "Team Birch")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(chromium, voila_server):
    """Two teams' quiz pages and the trainer's board, each in its own browser
    context (as three laptops would be); fails on any request off the machine."""
    opened = []
    try:
        for path in (QUIZ, QUIZ, BOARD):  # requested together: kernels start at once
            context, page = new_page(chromium)
            opened.append((context, page))
            page.goto(voila_server.url + path, wait_until="commit", timeout=120_000)
        for (_, page), ready in zip(
            opened, ("Quiz ready", "Quiz ready", None), strict=True
        ):
            wait_rendered(page)
            wait_for_status(page, ready, timeout=120_000)
        yield [page for _, page in opened]
        for _, page in opened:
            problem = external_failure(page)
            if problem:
                pytest.fail(problem)
    finally:
        for context, _ in opened:
            context.close()


def _click(page, name: str, done: str):
    before = status(page)
    page.get_by_role("button", name=name, exact=True).click()
    return wait_for_status(page, done, after=before)


def _record(page, team: str, answer: str) -> None:
    """A team answers question 1, joins the cohort and records its score."""
    page.get_by_role("radio", name=answer, exact=True).check()
    _click(page, "Check question 1", None)
    page.get_by_label("Cohort (the name your trainer gave the room)").fill(COHORT)
    page.get_by_label("Team name").fill(team)
    _click(page, "Join", f"Joined {COHORT} as {team}")
    _click(page, "Record my score", "Score recorded")


def _choose_cohort(board) -> None:
    _click(board, "Refresh", None)  # the list of cohorts is read again
    choice = board.get_by_label("Cohort", exact=True)
    shown = choice.evaluate(  # ipywidgets writes the spaces of options as &nbsp;
        "(el) => el.options[el.selectedIndex].text.replace(/\\u00a0/g, ' ').trim()"
    )
    if shown != COHORT:
        before = status(board)
        choice.select_option(label=COHORT)
        wait_for_status(board, after=before)


def test_two_teams_write_to_one_store_and_the_board_shows_both(pages, voila_store):
    ash, birch, board = pages
    _record(ash, TEAMS[0], "The median of the data")
    _record(birch, TEAMS[1], "The target")
    with open_store(voila_store) as store:
        stored = store.game_results(COHORT, "quiz")
    assert sorted(stored["team"]) == sorted(TEAMS)
    _choose_cohort(board)
    assert status(board).text == "Board refreshed: 2 teams"
    assert status(board).state == "ready"
    table = board.locator(".qikit-app table", has_text="Each team's quiz scores")
    text = table.inner_text()
    assert "Team Ash" in text and "Team Birch" in text
    assert "1 of 6" in text and "0 of 6" in text
    summary = board.locator(".qikit-app").inner_text()
    assert f"{COHORT}: 2 teams: Team Ash and Team Birch." in summary
    screenshot(board, "trainer-board-two-teams")


def test_the_board_refreshes_by_itself(pages, voila_store):
    board = pages[2]
    _choose_cohort(board)
    seconds = board.get_by_label("Seconds between refreshes")
    seconds.fill("5")
    before = status(board)
    seconds.press("Enter")
    wait_for_status(board, "Seconds between refreshes: 5", after=before)
    before = status(board)
    board.get_by_label("Refresh automatically").check()
    wait_for_status(board, "Automatic refresh on: every 5 seconds", after=before)
    with open_store(voila_store) as store:
        store.record_game_result(
            {"quiz": "Check your understanding", "score": 5, "questions": 6},
            COHORT,
            "quiz",
            team="Team Cedar",
        )
    wait_for_status(board, "Board refreshed: 3 teams", after=before, timeout=60_000)
    assert (
        "Team Cedar"
        in board.locator(".qikit-app table", has_text="quiz").first.inner_text()
    )
    before = status(board)
    board.get_by_label("Refresh automatically").uncheck()
    wait_for_status(board, "Automatic refresh off", after=before)


def test_the_board_works_from_the_keyboard(pages, axe_script):
    board = pages[2]
    order = tab_order(board)
    for wanted in (
        "Cohort",
        "Refresh",
        "Refresh automatically",
        "Seconds between refreshes",
        "Red beads chart",
        "Measure",
        "Prepare the downloads",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    board.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_to(board, "Refresh", role="button")
    before = status(board)
    board.keyboard.press("Enter")
    wait_for_status(board, after=before)
    assert status(board).text.startswith("Board refreshed: ")

    tab_to(board, "Red beads chart", role="button")  # "Each team's p chart"
    board.keyboard.press("Tab")
    text = board.evaluate("() => document.activeElement.textContent.trim()")
    assert text.endswith("The room's results")
    before = status(board)
    board.keyboard.press("Enter")
    wait_for_status(board, "Red beads chart updated", after=before)

    tab_to(board, "Prepare the downloads", role="button")
    before = status(board)
    board.keyboard.press("Enter")
    wait_for_status(board, "Downloads ready", after=before)
    with board.expect_download(timeout=30_000) as info:
        board.get_by_role(
            "link", name="Download everything as an Excel workbook"
        ).click()
    book = pd.read_excel(
        io.BytesIO(open(info.value.path(), "rb").read()), sheet_name=None
    )
    assert set(TEAMS) <= set(book["Quiz"]["Team"])
    assert "Teams" in book and "All game results" in book
    assert not axe_problems(board, axe_script)
    screenshot(board, "trainer-board-downloads")
