"""The example app in Chromium: the shared parts every app relies on, end to end.

Paste data and see the chart and findings; bad data gives a friendly message and keeps
the chart; everything works from the keyboard alone; downloads and uploads work inside
Voila. Each test waits for the app's status text, never for an image to change.
"""

from __future__ import annotations

import pytest

from qikit.apps.demo import EXAMPLE
from tests.voila.browser import (
    STATUS,
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

DEMO = "voila/render/apps/demo.ipynb"
PASTE = "textarea"
VISITS = "Week\tVisits\n1\t12\n2\t15\n3\t11\n4\t14\n5\t13\n6\t16\n7\t12\n8\t15"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(chromium, voila_server):
    """The demo app open in one browser page for the whole module (a page costs a
    kernel); each test starts by pasting its own data. Fails on any request that
    leaves the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + DEMO)
        wait_for_status(page, "Chart updated")
        yield page
        problem = external_failure(page)
        if problem:
            pytest.fail(problem)
    finally:
        context.close()


def _show(page, text: str = EXAMPLE) -> None:
    """Paste ``text``, draw it, and wait until the chart is updated."""
    before = status(page)
    page.fill(PASTE, text)
    page.get_by_role("button", name="Draw the chart").click()
    wait_for_status(page, "Chart updated", after=before)


def _caption(page) -> str:
    return page.locator("figure.qikit-chart figcaption").inner_text()


def test_paste_data_then_see_the_chart_and_findings(demo):
    _show(demo)
    before = status(demo)
    demo.fill(PASTE, VISITS)
    demo.get_by_role("button", name="Draw the chart").click()
    after = wait_for_status(demo, "Chart updated", after=before)
    assert after.state == "ready"
    assert "Run chart of Visits, 8 points" in (
        demo.locator("figure.qikit-chart img").get_attribute("alt")
    )
    assert "This run chart has 8 points" in _caption(demo)
    notes = demo.locator(".qikit-notes").inner_text()
    assert "Read 8 rows from the pasted data" in notes
    screenshot(demo, "demo-pasted")


def test_bad_data_gives_a_friendly_message_and_keeps_the_chart(demo):
    _show(demo)
    alt_before = demo.locator("figure.qikit-chart img").get_attribute("alt")
    before = status(demo)
    demo.fill(PASTE, "Month\tFalls\nJan\tfour\nFeb\tsix")
    demo.get_by_role("button", name="Draw the chart").click()
    after = wait_for_status(demo, after=before)
    assert after.state == "error"
    message = demo.locator(".qikit-error-box").inner_text()
    assert "has no column of numbers" in message and "Problem:" in message
    assert "Traceback" not in demo.content()
    assert demo.locator("figure.qikit-chart img").get_attribute("alt") == alt_before
    assert demo.locator(".qikit-error-box").get_attribute("role") == "alert"
    screenshot(demo, "demo-bad-data")


def test_everything_works_from_the_keyboard(demo):
    """Tab to each control and operate it with keys only; the status line says what
    happened each time."""
    _show(demo)
    order = tab_order(demo)
    for wanted in (
        "Skip to the page content",
        "Larger text",
        "Paste your data",
        "Draw the chart",
        "Upload a CSV or Excel file",
        "Baseline (points)",
        "Show the data table",
        "Download the chart",
        "Download the data table",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    unnamed = [item for item in order if item.endswith("''")]
    assert not unnamed, f"controls without a name: {unnamed}"

    demo.evaluate("() => document.activeElement && document.activeElement.blur()")
    handle = tab_to(demo, "Baseline (points)", role="slider")
    assert handle["role"] == "slider"
    slider = demo.locator(".noUi-handle")
    value = float(slider.get_attribute("aria-valuenow"))
    step = 1 if value < float(slider.get_attribute("aria-valuemax")) else -1
    before = status(demo)
    demo.keyboard.press("ArrowRight" if step == 1 else "ArrowLeft")
    wait_for_status(demo, "Chart updated", after=before)
    assert float(slider.get_attribute("aria-valuenow")) == value + step

    box = tab_to(demo, "Show the data table")
    before = status(demo)
    demo.keyboard.press("Space")
    wait_for_status(demo, "Data table shown", after=before)
    assert box["type"] == "checkbox"
    assert (
        demo.locator("table.qikit-table caption")
        .inner_text()
        .startswith("The data in the chart")
    )

    demo.keyboard.press("Shift+Tab")
    for _ in range(20):  # back to the text box, then type new data
        if (focused(demo) or {}).get("tag") == "textarea":
            break
        demo.keyboard.press("Shift+Tab")
    demo.keyboard.press("Control+A")
    demo.keyboard.insert_text(VISITS)
    tab_to(demo, "Draw the chart", role="button")
    before = status(demo)
    demo.keyboard.press("Enter")
    wait_for_status(demo, "Chart updated", after=before)
    assert "8 points" in _caption(demo)


def test_download_links_work_inside_voila(demo):
    _show(demo)
    with demo.expect_download(timeout=30_000) as info:
        demo.get_by_role("link", name="Download the data table").click()
    download = info.value
    assert download.suggested_filename == "run-chart-data.csv"
    text = open(download.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0] == "Month,Falls,Centre line,Excluded,Signal"
    assert len(text.splitlines()) == 25
    with demo.expect_download(timeout=30_000) as info:
        demo.get_by_role("link", name="Download the chart").click()
    assert open(info.value.path(), "rb").read(4) == b"\x89PNG"


def _upload(page, path) -> None:
    """Choose a file with the upload button, as a learner would."""
    with page.expect_file_chooser(timeout=30_000) as chooser:
        page.get_by_role("button", name="Upload a CSV or Excel file").click()
    chooser.value.set_files(str(path))


def test_uploads_are_read_and_a_damaged_one_loses_nothing(demo, tmp_path):
    _show(demo)
    good = tmp_path / "visits.csv"
    good.write_bytes("Week;Visits\n1;12\n2;15\n3;11\n4;14\n5;13\n".encode("cp1252"))
    before = status(demo)
    _upload(demo, good)
    wait_for_status(demo, "Chart updated", after=before)
    assert "This run chart has 5 points" in _caption(demo)
    assert "separated by semicolons" in demo.locator(".qikit-notes").inner_text()

    broken = tmp_path / "falls.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    before = status(demo)
    _upload(demo, broken)
    after = wait_for_status(demo, after=before)
    assert after.state == "error"
    assert "is not a readable Excel workbook" in (
        demo.locator(".qikit-error-box").inner_text()
    )
    assert "This run chart has 5 points" in _caption(demo)  # the chart is kept
    assert page_errors(demo) == [
        "app status: " + after.text,
        "app error: " + demo.locator(".qikit-error-box").inner_text().strip(),
    ]


def test_an_updated_page_stays_accessible(demo, axe_script):
    _show(demo)
    box = demo.get_by_label("Show the data table")
    if not box.is_checked():
        before = status(demo)
        box.check()
        wait_for_status(demo, "Data table shown", after=before)
    demo.locator(".qikit-large-toggle").click()
    assert not axe_problems(demo, axe_script)
    assert demo.locator(STATUS).count() == 1
    live = demo.locator(".qikit-status > .widget-html-content")
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    screenshot(demo, "demo-large-type-table")
    demo.locator(".qikit-large-toggle").click()  # back to normal for the next test
