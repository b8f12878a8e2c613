"""The quiz page in Chromium: an answer gets its feedback at once; the whole quiz is
answered, checked and cleared from the keyboard alone; the feedback is a live
region that says "Correct" or "Not quite" in words.

One page for the module (a page costs a kernel); each test starts with "Try again",
so the tests do not depend on their order. Every wait is for the app's status.
"""

from __future__ import annotations

import pytest

from tests.voila.browser import (
    axe_problems,
    focused,
    open_page,
    screenshot,
    status,
    tab_order,
    tab_to,
    wait_for_status,
)
from tests.voila.conftest import external_failure, new_page

PAGE = "voila/render/apps/quiz.ipynb"
RESULTS = ".qikit-quiz-result"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def quiz(chromium, voila_server):
    """The quiz page open for the whole module; fails on any request that leaves
    the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + PAGE)
        wait_for_status(page, "Quiz ready")
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
    _click(page, "Try again", "Answers cleared: try again")


def _feedback(page, number: int) -> str:
    return page.locator(RESULTS).nth(number - 1).inner_text()


def test_an_answer_gets_feedback_at_once(quiz):
    _fresh(quiz)
    quiz.get_by_role("radio", name="The mean of the data").check()
    _click(quiz, "Check question 1", "Question 1: not quite")
    text = _feedback(quiz, 1)
    assert text.startswith("✗ Not quite.")
    assert "The mean is the centre line of Shewhart (SPC) charts" in text
    assert "Hint: The centre line splits the points into two halves." in text
    live = quiz.locator(f"{RESULTS} .qikit-quiz-feedback").first
    assert live.get_attribute("role") == "status"
    quiz.get_by_role("radio", name="The median of the data").check()
    _click(quiz, "Check question 1", "Question 1: correct")
    assert _feedback(quiz, 1).startswith("✓ Correct.")
    score = quiz.locator(".qikit-quiz-score").inner_text()
    assert score == "Score: 0 of 6 right first time; 1 of 6 answered."
    screenshot(quiz, "quiz-feedback")


def test_a_number_and_several_answers(quiz):
    _fresh(quiz)
    box = quiz.get_by_label("Your answer to question 3")
    box.fill("0.3")
    _click(quiz, "Check question 3", "Question 3: not quite")
    assert "That is the proportion" in _feedback(quiz, 3)
    box.fill("30%")
    _click(quiz, "Check question 3", "Question 3: correct")
    quiz.get_by_role("checkbox", name="An outcome measure", exact=False).check()
    _click(quiz, "Check question 2", "Question 2: not quite")
    assert "is right too" in _feedback(quiz, 2)
    assert "Traceback" not in quiz.content()


def test_the_quiz_works_from_the_keyboard(quiz, axe_script):
    _fresh(quiz)
    order = tab_order(quiz)
    for wanted in (
        "Hint for question 1",
        "The median of the data",
        "Check question 1",
        "An outcome measure, such as falls per 1,000 occupied bed days",
        "Check question 2",
        "Your answer to question 3",
        "Check question 6",
        "Try again",
        "Team name",
        "Record my score",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    quiz.evaluate("() => document.activeElement && document.activeElement.blur()")
    hint = tab_to(quiz, "Hint for question 1")
    quiz.keyboard.press("Enter")  # a <details> opens from the keyboard
    assert hint["tag"] == "summary"
    assert quiz.locator("details").first.get_attribute("open") is not None

    # the options are shown in the quiz's own order: find where "the mean" is
    names = (
        quiz.locator(".qikit-quiz-item")
        .first.locator("input[type=radio]")
        .evaluate_all("els => els.map(e => e.parentElement.textContent.trim())")
    )
    first = tab_to(quiz, names[0], role="radio")
    assert first["type"] == "radio"
    steps = names.index("The mean of the data")
    for _ in range(steps):  # arrows move through the group and choose
        quiz.keyboard.press("ArrowDown")
    if steps == 0:
        quiz.keyboard.press("Space")
    assert (focused(quiz) or {}).get("name", "").startswith("The mean of the data")
    tab_to(quiz, "Check question 1", role="button")
    before = status(quiz)
    quiz.keyboard.press("Enter")
    wait_for_status(quiz, "Question 1: not quite", after=before)
    assert _feedback(quiz, 1).startswith("✗ Not quite.")

    tab_to(quiz, "An outcome measure", role="checkbox")
    quiz.keyboard.press("Space")
    tab_to(quiz, "Check question 2", role="button")
    before = status(quiz)
    quiz.keyboard.press("Enter")
    wait_for_status(quiz, "Question 2: not quite", after=before)

    tab_to(quiz, "Your answer to question 3")
    quiz.keyboard.insert_text("30")
    tab_to(quiz, "Check question 3", role="button")
    before = status(quiz)
    quiz.keyboard.press("Enter")
    wait_for_status(quiz, "Question 3: correct", after=before)
    assert _feedback(quiz, 3).startswith("✓ Correct.")

    tab_to(quiz, "Try again", role="button")
    before = status(quiz)
    quiz.keyboard.press("Enter")
    wait_for_status(quiz, "Answers cleared: try again", after=before)
    assert _feedback(quiz, 1) == ""
    assert not axe_problems(quiz, axe_script)
