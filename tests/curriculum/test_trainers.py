"""The trainers' materials: the index lists every guide, and the workshop plans
cover what they promise and add up."""

from __future__ import annotations

import re

import pytest

from tests.curriculum import module_checks as mc

TRAINERS = mc.CURRICULUM / "trainers"
README = (TRAINERS / "README.md").read_text(encoding="utf-8")
ONE_DAY = (TRAINERS / "one_day_workshop.md").read_text(encoding="utf-8")
COHORT = (TRAINERS / "cohort_programme.md").read_text(encoding="utf-8")


def _table(text: str, heading: str) -> list[list[str]]:
    """The rows of the first table under ``heading`` (cells stripped)."""
    lines = mc._lines_after(text, heading)
    assert lines is not None, f"no section {heading!r}"
    rows = [line for line in lines if line.strip().startswith("|")]
    return [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows[2:]]


def test_the_index_links_every_guide_in_the_folder():
    linked = {target for _, target in mc.links(README)}
    for path in sorted(TRAINERS.glob("*.md")):
        if path.name != "README.md":
            assert path.name in linked, f"trainers/README.md does not link {path.name}"


def test_the_index_lists_every_module_and_its_guide():
    for name in mc.MODULES:
        assert f"`{name}.ipynb`" in README, f"{name}.ipynb is not in the table"
        assert f"[{name}.md]({name}.md)" in README, f"{name}.md is not linked"


def test_the_one_day_run_sheet_adds_up():
    rows = _table(ONE_DAY, "## The day at a glance")
    clock = None
    for time, minutes, segment, *_ in rows:
        hours, mins = map(int, time.split(":"))
        start = hours * 60 + mins
        if clock is not None:
            assert start == clock, (
                f"{segment!r} starts at {time}, not where the last ended"
            )
        clock = start + int(minutes) if minutes else None
    assert rows[-1][2] == "End"


@pytest.mark.parametrize(
    "words",
    [
        "Module 0",
        "Module 1",
        "Module 5",
        "Module 6",
        "Module 7",
        "Module 9",
        "Signal or noise?",
        "red bead experiment",
        "PDSA game",
        "trainer board",
        "make app HOST=0.0.0.0",
        "QIKIT_STORE",
        "## Materials",
        "## Room set-up",
        "## Run sheet",
    ],
)
def test_the_one_day_plan_covers(words):
    assert words in ONE_DAY


def test_the_cohort_programme_covers_all_thirteen_modules():
    rows = _table(COHORT, "## The programme at a glance")
    taught = set()
    for row in rows:
        taught |= {int(n) for n in re.findall(r"\b(\d{1,2})\b", row[2])}
    assert taught == set(range(13)), (
        f"modules not in a session: {set(range(13)) - taught}"
    )
    sessions = [row[1] for row in rows if "Learning session" in row[1]]
    periods = [row[1] for row in rows if "Action period" in row[1]]
    assert len(sessions) == 4 and len(periods) == 4
    assert any("Summative congress" in row[1] for row in rows)


@pytest.mark.parametrize(
    "words",
    [
        "Breakthrough Series (IHI 2003)",
        "action period",
        "trainer board",
        "QIKIT_STORE",
        "storyboard",
        "### Action period 1 tasks",
        "### Action period 4 tasks",
    ],
)
def test_the_cohort_programme_covers(words):
    assert words in COHORT


def test_the_cohort_timeline_is_what_qikit_draws():
    from qikit.spread import Collaborative

    call = re.search(r"Collaborative\.breakthrough_series\((.*?)\)`", COHORT, re.S)
    assert call, "the programme no longer shows the Collaborative call"
    collab = eval(  # noqa: S307 - the documented call, run as written
        "Collaborative.breakthrough_series(" + " ".join(call.group(1).split()) + ")",
        {"Collaborative": Collaborative},
    )
    assert collab.validate() == []
    frame = collab.to_frame()
    assert (frame["kind"] == "learning_session").sum() == 4
    assert (frame["kind"] == "summative").sum() == 1
