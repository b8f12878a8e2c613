"""The chart studio in Chromium, as a learner uses it.

Paste data and see the chart and its findings; bad data gives a friendly message and
keeps the chart; a messy CSV with UK dates is charted; a data set draws its small
multiples; the downloads give a real PNG and CSV; and the whole thing works from the
keyboard alone. Each test waits for the app's status text, never for an image.
"""

from __future__ import annotations

import pytest

from qikit.apps._chart_studio_inputs import datasets
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

STUDIO = "voila/render/apps/chart_studio.ipynb"
VISITS = "Week\tVisits\n" + "\n".join(
    f"{week}\t{visits}"
    for week, visits in enumerate([12, 15, 11, 14, 13, 16, 12, 15, 14, 13], start=1)
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def studio(chromium, voila_server):
    """The chart studio open in one page for the whole module (a page costs a
    kernel); each test pastes its own data first. Fails on any request that leaves
    the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + STUDIO)
        wait_for_status(page, "Chart updated")
        yield page
        problem = external_failure(page)
        if problem:
            pytest.fail(problem)
    finally:
        context.close()


def _title(name: str) -> str:
    sets = datasets()
    return sets.loc[sets["name"] == name, "title"].item()


def _paste_box(page):
    return page.get_by_label("Paste your data")


def _show(page, text: str = VISITS) -> None:
    """Paste ``text`` and draw its run chart (the chooser's first answer, "Not
    sure"), then wait until the chart is updated."""
    if not _paste_box(page).is_visible():
        before = status(page)
        page.get_by_role("button", name="Paste from Excel").click()
        wait_for_status(page, after=before)
    unsure = page.get_by_role("radio", name="Not sure: start with a run chart")
    if not unsure.is_checked():
        before = status(page)
        unsure.check()
        wait_for_status(page, after=before)
    before = status(page)
    _paste_box(page).fill(text)
    page.get_by_role("button", name="Draw the chart").click()
    wait_for_status(page, "Chart updated", after=before)


def _alt(page) -> str:
    return page.locator("figure.qikit-chart img").get_attribute("alt")


def _caption(page) -> str:
    return page.locator("figure.qikit-chart figcaption").inner_text()


def test_paste_data_then_see_the_chart_findings_and_reasons(studio):
    _show(studio)
    assert _alt(studio).startswith("Run chart of Visits, 10 points")
    assert "This run chart has 10 points" in _caption(studio)
    assert "Read 10 rows from the pasted data" in (
        studio.locator(".qikit-notes").inner_text()
    )
    assert (
        "The answers lead to a run chart" in studio.locator(".qikit-why").inner_text()
    )
    screenshot(studio, "chart-studio-pasted")


def test_bad_data_gives_a_friendly_message_and_keeps_the_chart(studio):
    _show(studio)
    alt_before = _alt(studio)
    before = status(studio)
    _paste_box(studio).fill("Month\tFalls\nJan\tfour\nFeb\tsix")
    studio.get_by_role("button", name="Draw the chart").click()
    after = wait_for_status(studio, after=before)
    assert after.state == "error"
    box = studio.locator(".qikit-error-box")
    assert "has no column of numbers" in box.inner_text()
    assert box.get_attribute("role") == "alert"
    assert "Traceback" not in studio.content()
    assert _alt(studio) == alt_before
    assert _paste_box(studio).input_value().startswith("Month\tFalls\nJan\tfour")
    screenshot(studio, "chart-studio-bad-data")


def test_a_messy_csv_with_uk_dates_is_charted(studio, tmp_path):
    _show(studio)
    before = status(studio)
    studio.get_by_role("button", name="Upload a file").click()
    wait_for_status(studio, after=before)
    messy = tmp_path / "falls.csv"
    rows = "\n".join(f"01/{m:02d}/2024;{4 + m % 3}" for m in range(1, 13))
    messy.write_bytes(("Month ;Falls \n" + rows + "\n;\n").encode("cp1252"))
    before = status(studio)
    with studio.expect_file_chooser(timeout=30_000) as chooser:
        studio.get_by_role("button", name="Upload a CSV or Excel file").click()
    chooser.value.set_files(str(messy))
    wait_for_status(studio, "Chart updated", after=before)
    assert _alt(studio).startswith(
        "Run chart of Falls, 12 points from Jan 2024 to Dec 2024"
    )
    notes = studio.locator(".qikit-notes").inner_text()
    assert "separated by semicolons" in notes and "day first" in notes
    screenshot(studio, "chart-studio-uploaded")


def test_a_data_set_draws_small_multiples(studio):
    _show(studio)
    before = status(studio)
    studio.get_by_role("button", name="A qikit data set").click()
    wait_for_status(studio, after=before)
    before = status(studio)
    studio.get_by_label("Data set").select_option(
        label=_title("pressure_ulcers_monthly")
    )
    wait_for_status(studio, after=before)
    assert "Six care homes" in studio.locator(".qikit-story").inner_text()
    before = status(studio)
    studio.get_by_role("button", name="Use this data set").click()
    wait_for_status(studio, "Chart updated", after=before, timeout=60_000)
    assert "one panel for each of 6 home values" in _alt(studio)
    assert "U chart (rates) of ulcers per 1,000 occupied bed days" in _alt(studio)
    screenshot(studio, "chart-studio-small-multiples")


def test_download_links_give_a_real_png_and_csv(studio):
    _show(studio)
    before = status(studio)
    studio.get_by_role("button", name="Prepare the downloads").click()
    wait_for_status(studio, "Downloads ready", after=before)
    with studio.expect_download(timeout=30_000) as info:
        studio.get_by_role("link", name="Download the chart as a picture").click()
    assert info.value.suggested_filename == "run-chart-of-visits.png"
    assert open(info.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with studio.expect_download(timeout=30_000) as info:
        studio.get_by_role("link", name="Download the chart's data").click()
    assert info.value.suggested_filename == "run-chart-of-visits-data.csv"
    lines = open(info.value.path(), encoding="utf-8-sig").read().splitlines()
    assert lines[0] == "Week,Visits,Centre line,Excluded,Signal"
    assert len(lines) == 11


def test_everything_works_from_the_keyboard(studio, axe_script):
    """Tab to the paste box, type, tab to Draw the chart, press Enter; then change
    the rules with the arrow keys. Every stop on the way has a name."""
    _show(studio)
    order = tab_order(studio)
    for wanted in (
        "Paste your data",
        "Draw the chart",
        "Time or subgroup (x)",
        "Measure (y)",
        "Not sure: start with a run chart",
        "Rules",
        "Baseline ends at (freeze)",
        "Annotations",
        "Show the data table",
        "Prepare the downloads",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    studio.evaluate("() => document.activeElement && document.activeElement.blur()")
    box = tab_to(studio, "Paste your data")
    assert box["tag"] == "textarea"
    studio.keyboard.press("Control+A")
    studio.keyboard.insert_text(
        "Day\tCalls\n"
        + "\n".join(f"{d:02d}/03/2024\t{20 + d % 4}" for d in range(1, 15))
    )
    tab_to(studio, "Draw the chart", role="button")
    before = status(studio)
    studio.keyboard.press("Enter")
    wait_for_status(studio, "Chart updated", after=before)
    assert _alt(studio).startswith("Run chart of Calls, 14 points")

    rules = tab_to(studio, "Rules", role="select")
    assert rules["tag"] == "select"
    before = status(studio)
    studio.keyboard.press("ArrowDown")
    wait_for_status(studio, "Chart updated", after=before)
    chosen = studio.get_by_label("Rules").evaluate(
        "el => el.options[el.selectedIndex].text"
    )
    assert chosen.replace("\xa0", " ") == "IHI rules"
    assert (focused(studio) or {}).get("tag") == "select"
    assert not axe_problems(studio, axe_script)
    assert page_errors(studio) == []
    screenshot(studio, "chart-studio-keyboard")
