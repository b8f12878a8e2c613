"""The project builder in Chromium: SMART feedback for a vague aim; a project
downloaded, uploaded again and identical; a damaged file that loses nothing; the
cohort store round trip through the served apps' store; and the aim step and saving
done from the keyboard alone. Each test waits for the app's status text."""

from __future__ import annotations

from pathlib import Path

import pytest

from qikit.improve import example_project, project_from_bytes, project_to_bytes
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

BUILDER = "voila/render/apps/project_builder.ipynb"
HEADER = ".jupyter-widget-Collapse-header"
SUMMARY = ".qikit-project-summary"
TIMEOUT = 60_000  # ms: drawing a step's figure on this shared machine

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def builder(chromium, voila_server):
    """The project builder open in one page for the whole module (a page costs a
    kernel); each test starts from a project of its own. Fails on any request that
    leaves the machine."""
    context, page = new_page(chromium)
    try:
        open_page(page, voila_server.url + BUILDER)
        wait_for_status(page, "Empty project started")
        yield page
        problem = external_failure(page)
        if problem:
            pytest.fail(problem)
    finally:
        context.close()


def _click(page, name: str, done: str, *, role: str = "button") -> None:
    before = status(page)
    page.get_by_role(role, name=name).click()
    wait_for_status(page, done, after=before, timeout=TIMEOUT)


def _start(page, button: str = "Start an empty project") -> None:
    """A fresh project on the page, whatever the test before left there."""
    box = page.get_by_label("Replace the project on the page")
    if not box.is_checked():
        box.check()
    done = "Empty project started" if "empty" in button else "Example project opened"
    _click(page, button, done)


def _open(page, title: str, done: str | None = None) -> None:
    """Open the step whose header starts with ``title`` (unless it is open)."""
    header = page.locator(HEADER, has_text=title)
    if header.get_attribute("aria-expanded") == "true":
        return
    before = status(page)
    header.click()
    wait_for_status(page, done, after=before, timeout=TIMEOUT)


def _summary(page) -> str:
    return page.locator(SUMMARY).inner_text().strip()


def _download(page, tmp_path: Path, name: str = "Download the project file") -> bytes:
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("link", name=name).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()


def _upload(page, path: Path, done: str | None) -> None:
    before = status(page)
    with page.expect_file_chooser(timeout=30_000) as chooser:
        page.get_by_role("button", name="Upload a project file").click()
    chooser.value.set_files(str(path))
    wait_for_status(page, done, after=before, timeout=TIMEOUT)


def test_a_vague_aim_gets_smart_feedback(builder):
    _start(builder)
    _open(builder, "1. Aim")
    before = status(builder)
    builder.get_by_label("What will change").fill(
        "Improve care for people with dementia"
    )
    builder.get_by_label("What will change").press("Enter")
    wait_for_status(builder, "Aim updated", after=before)
    smart = builder.locator("table.qikit-smart").first.inner_text()
    assert "‘Improve care’ cannot be measured" in smart
    assert "Missing" in smart and "Add a date: by when?" in smart
    assert "Your aim reads: Improve care for people with dementia." in (
        builder.locator(".qikit-aim-text").inner_text()
    )
    screenshot(builder, "project-builder-vague-aim")


def test_downloaded_then_uploaded_the_project_is_identical(builder, tmp_path):
    _start(builder, "Open the Ashgrove House example")
    _open(builder, "7. Save and resume")
    summary = _summary(builder)
    data = _download(builder, tmp_path)
    assert data == project_to_bytes(example_project())  # the kernel's project
    _start(builder)
    assert _summary(builder) != summary
    _upload(
        builder,
        tmp_path / "fewer-pressure-ulcers-in-ashgrove-house.qiproj.json",
        "Project file opened",
    )
    assert _summary(builder) == summary
    assert _download(builder, tmp_path) == data
    assert builder.get_by_label("Project name").input_value() == (
        "Fewer pressure ulcers in Ashgrove House"
    )


def test_a_damaged_file_is_a_message_and_loses_nothing(builder, tmp_path):
    _start(builder, "Open the Ashgrove House example")
    _open(builder, "7. Save and resume")
    summary = _summary(builder)
    damaged = tmp_path / "ashgrove.qiproj.json"
    damaged.write_bytes(project_to_bytes(example_project())[:5000])
    _upload(builder, damaged, None)
    assert status(builder).state == "error"
    message = builder.locator(".qikit-error-box").inner_text()
    assert "Cannot open 'ashgrove.qiproj.json'" in message
    assert "Problem:" in builder.locator(".qikit-step-problem").inner_text()
    assert "Traceback" not in builder.content()
    assert _summary(builder) == summary


def test_the_cohort_store_round_trip(builder, tmp_path, voila_store):
    _start(builder, "Open the Ashgrove House example")
    _open(builder, "7. Save and resume")
    builder.get_by_label("Cohort (the name your trainer gave the room)").fill(
        "Spring 2026"
    )
    builder.get_by_label("Team name").fill("Ward 6")
    _click(builder, "Join", "Joined Spring 2026 as Ward 6")
    _click(builder, "Save to the cohort store", "Project saved to the cohort store")
    data = _download(builder, tmp_path)
    store = open_store(voila_store)
    try:
        stored = store.load_project("Spring 2026", "Ward 6", "ashgrove")
    finally:
        store.close()
    assert stored == project_from_bytes(data)
    summary = _summary(builder)
    _start(builder)
    _click(builder, "Refresh the list", "Project list refreshed")
    _click(
        builder, "Load from the cohort store", "Project loaded from the cohort store"
    )
    assert _summary(builder) == summary
    assert _download(builder, tmp_path) == data
    screenshot(builder, "project-builder-store")


def _tab_to_step(page, title: str) -> None:
    """Press Tab until a step's header (a div with role button) has the focus."""
    for _ in range(200):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """() => {
                const el = document.activeElement;
                return el && el.getAttribute("role") === "button"
                    ? el.textContent.trim() : "";
            }"""
        )
        if found.startswith(title):
            return
    raise AssertionError(f"Tab never reached the step {title!r}")


def test_the_aim_and_saving_work_from_the_keyboard(builder, tmp_path):
    _start(builder)
    _open(builder, "1. Aim")
    order = tab_order(builder)
    for wanted in (
        "Project name",
        "Start an empty project",
        "Open the Ashgrove House example",
        "What will change",
        "By when",
        "Check my aim",
        "Stretch aims to learn from",
        "Next step: 2. Measures",
    ):
        assert any(wanted in item for item in order), (wanted, order)
    steps = builder.evaluate(
        "() => Array.from(document.querySelectorAll('.jupyter-widget-Collapse-header'))"
        ".map(h => [h.getAttribute('role'), h.getAttribute('tabindex'),"
        " h.textContent.trim()])"
    )
    assert all(
        role == "button" and index == "0" and text for role, index, text in steps
    )
    unnamed = [i for i in order if i.endswith("''") and not i.startswith("button")]
    assert not unnamed, f"controls without a name: {unnamed}"

    builder.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); "
        "window.scrollTo(0, 0); }"
    )
    tab_to(builder, "Project name")
    builder.keyboard.insert_text("Fewer falls on Ward 3")
    before = status(builder)
    builder.keyboard.press("Enter")
    wait_for_status(builder, "Project details updated", after=before)
    tab_to(builder, "What will change")
    builder.keyboard.insert_text("reduce falls with harm")
    before = status(builder)
    builder.keyboard.press("Enter")
    wait_for_status(builder, "Aim updated", after=before)
    tab_to(builder, "For whom and where")
    builder.keyboard.insert_text("residents of Ashgrove House")
    tab_to(builder, "By when")
    builder.keyboard.insert_text("31/03/2026")
    tab_to(builder, "Check my aim", role="button")
    before = status(builder)
    builder.keyboard.press("Enter")
    wait_for_status(builder, "Aim checked", after=before)
    assert "by 31 March 2026" in builder.locator(".qikit-aim-text").inner_text()

    _tab_to_step(builder, "7. Save and resume")
    before = status(builder)
    builder.keyboard.press("Enter")
    wait_for_status(builder, "Step opened", after=before)
    tab_to(builder, "Download the project file", role="a")
    with builder.expect_download(timeout=30_000) as info:
        builder.keyboard.press("Enter")
    saved = project_from_bytes(Path(info.value.path()).read_bytes())
    assert (saved.name, saved.aim.what, saved.aim.who) == (
        "Fewer falls on Ward 3",
        "reduce falls with harm",
        "residents of Ashgrove House",
    )

    tab_to(builder, "Team name")
    builder.keyboard.insert_text("Ward 3")
    tab_to(builder, "Join", role="button")
    before = status(builder)
    builder.keyboard.press("Enter")
    joined = wait_for_status(builder, after=before)  # the cohort of earlier tests
    assert joined.text.startswith("Joined ") and joined.text.endswith(" as Ward 3")
    tab_to(builder, "Save to the cohort store", role="button")
    before = status(builder)
    builder.keyboard.press("Enter")
    wait_for_status(builder, "Project saved to the cohort store", after=before)
    screenshot(builder, "project-builder-keyboard")
