"""The trainer board without a browser: a store filled as a workshop's apps fill it,
then refresh, choose, redraw, export and refresh automatically."""

from __future__ import annotations

import base64
import io
import re
import time

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qikit.apps import trainer_board as tb
from qikit.apps._trainer_board_data import (
    GAMES,
    drill_table,
    funnel_table,
    latest_measures,
    pdsa_game_tables,
    quiz_table,
    red_bead_draws,
    split_games,
)
from qikit.apps.trainer_board import TrainerBoard, read_board
from qikit.store import open_store
from tests.apps.trainer_board_workshop import COHORT, TEAMS, WEEKS, fill


@pytest.fixture
def filled(store_path):
    with open_store(store_path) as store:
        fill(store)
    return store_path


@pytest.fixture
def board(filled):
    app = TrainerBoard()
    yield app
    app.close()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One filled store and one board for the tests that only read it (a board
    draws three charts when built); tests that change a control set it back."""
    path = tmp_path_factory.mktemp("shared") / "workshop.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QIKIT_STORE", str(path))
        with open_store(path) as store:
            fill(store)
        app = TrainerBoard()
        yield app
        app.close()


# ---------------------------------------------------------------------- empty


def test_an_empty_store_is_a_kind_empty_board(store_path):
    app = TrainerBoard()
    try:
        assert (app.status_text, app.status_state) == (
            "Board refreshed: 0 teams",
            "ready",
        )
        assert app.error_text == "" and app.notes_text == []
        assert app.cohort.options == (("(no cohorts yet)", ""),)
        assert "No cohort has stored anything yet" in app.summary.value
        assert "No team has recorded the red bead experiment yet." in app.red_text.value
        assert not app.red_chart.has_chart and not app.measure_chart.has_chart
        assert "No team has recorded a quiz yet." in app.quiz_box.value
        app.prepare.click()
        assert app.status_state == "error"
        assert app.error_text == (
            "`cohort`: there is nothing to export yet (got 'no cohort'). Teams join a "
            "cohort in a game, a drill or the quiz; choose Refresh once they have "
            "recorded something."
        )
    finally:
        app.close()


def test_a_store_that_cannot_be_opened_is_a_message_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("QIKIT_STORE", str(tmp_path))  # a folder
    app = TrainerBoard()
    assert app.status_state == "error"
    assert app.error_text.startswith("`QIKIT_STORE`: this is a folder, not a file")
    app.close()


# ---------------------------------------------------------------------- filled


def test_it_shows_every_team_and_game(shared):
    board = shared
    assert (board.status_text, board.status_state) == (
        "Board refreshed: 2 teams",
        "ready",
    )
    assert board.cohort.value == COHORT and board.error_text == ""
    assert board.board.teams == list(TEAMS)
    assert "<strong>Spring 2026</strong>: 2 teams: Ward 3 and Ward 6." in (
        board.summary.value
    )
    t = board.board.tables
    assert t["Teams"]["Team"].tolist() == list(TEAMS)
    assert t["Teams"]["PDSA cycles"].tolist() == [2, 2]
    counts = t["Game results per team"].set_index("Team")
    assert counts.loc["Ward 3", "red beads"] == 3 and counts.loc["Ward 6", "quiz"] == 1
    assert (
        counts.loc["Ward 6", "pdsa game"] == 2 and counts.loc["Ward 6", "rule lab"] == 0
    )
    assert (
        "<caption>Each team and what it has stored</caption>" in board.teams_table.value
    )


def test_red_beads_each_team_then_the_room(shared):
    board = shared
    assert board.red_chart.has_chart
    assert board.red_chart.alt.startswith("P chart (proportions) of Red beads")
    assert "one panel for each of 2 team values" in board.red_chart.alt
    assert board.red_chart.findings  # the text alternative: its findings
    draws = board.board.draws
    assert len(draws) == 2 * 4 * 3 and draws.groupby("team")["draw"].max().tolist() == [
        12,
        12,
    ]
    before = board.status_seq
    board.red_view.value = "room"
    assert board.status_seq > before
    assert board.status_text == "Red beads chart updated"
    assert "every draw in the room" in board.red_chart.alt
    assert "24 points" in board.red_chart.alt
    assert board.change_control is board.red_view
    board.red_view.value = "team"
    assert "one panel for each of 2 team values" in board.red_chart.alt


def test_funnel_pdsa_game_drills_quiz_and_cycles(shared):
    board = shared
    t = board.board.tables
    funnel = t["Funnel"]
    assert funnel["Rule"].tolist() == [1, 2, 3, 4] * 2
    assert board.board.funnel_lines == [
        "2 teams ran the funnel. In both teams, rule 1 (leave the funnel alone) kept "
        "the marbles closest to the target."
    ]
    assert "2 teams ran the funnel." in board.funnel_box.value
    tests = t["PDSA game tests"]
    assert tests[["Team", "Test", "Flights"]].values.tolist() == [
        ["Ward 3", 1, 5],
        ["Ward 3", 2, 5],
        ["Ward 6", 1, 5],
        ["Ward 6", 2, 5],
    ]  # each team's latest result only: its two tests, not three
    assert board.pdsa_chart.has_chart and "in 2 parts" in board.pdsa_chart.alt
    drills = t["Signal or noise"].set_index("Team")
    assert drills.loc["Ward 6", "Latest round"] == "4 of 5"
    assert drills.loc["Ward 6", "Share right (%)"] == 80
    quiz = t["Quiz"]
    assert quiz[["Team", "Quiz", "Latest score"]].values.tolist() == [
        ["Ward 3", "Run charts", "4 of 6"],
        ["Ward 6", "Run charts", "5 of 6"],
    ]
    cycles = t["PDSA cycles per team"].set_index("Team")
    assert cycles.loc["Ward 3"][
        ["Cycles", "Change ideas", "Adapt", "Not decided yet"]
    ].tolist() == [2, 1, 1, 1]
    assert "<caption>PDSA cycles per team and what was decided</caption>" in (
        board.cycles_box.value
    )
    assert board.notes_text == []  # every stored result could be read


def test_each_teams_latest_chart_and_one_measure(shared):
    board = shared
    assert board.measure_chart.has_chart
    assert board.measure_chart.alt.startswith("Run chart of Falls")
    assert f"{2 * WEEKS} points" in board.measure_chart.alt
    assert [label for label, _ in board.measure.options] == [
        "Each team's latest measure",
        "Falls",
    ]
    board.measure.value = "Falls"
    assert board.status_text == "Teams' charts updated"
    table = board.measure_chart.table_frame
    assert table["panel"].unique().tolist() == ["Ward 3: Falls", "Ward 6: Falls"]
    board.measure.value = ""
    assert board.status_text == "Teams' charts updated"


def test_a_refresh_shows_new_teams_and_redraws_only_what_changed(board, monkeypatch):
    drawn = []
    for view in (board.red_chart, board.pdsa_chart, board.measure_chart):
        original = view.show_result

        def counting(result, _view=view, _original=original, **kw):
            drawn.append(_view)
            return _original(result, **kw)

        monkeypatch.setattr(view, "show_result", counting)
    board.refresh_button.click()
    assert board.status_text == "Board refreshed: 2 teams" and drawn == []
    with open_store() as store:
        store.record_game_result(
            {"quiz": "Run charts", "score": 6, "questions": 6},
            COHORT,
            "quiz",
            team="Ward 9",
        )
    board.refresh()
    assert board.status_text == "Board refreshed: 3 teams"
    assert drawn == []  # a quiz score changes tables, not charts
    assert board.board.tables["Quiz"]["Team"].tolist()[-1] == "Ward 9"
    with open_store() as store:
        from tests.apps.trainer_board_workshop import record_red_beads

        record_red_beads(store, COHORT, "Ward 9", seed=99, days=1)
    board.refresh()
    assert drawn == [board.red_chart]
    assert "one panel for each of 3 team values" in board.red_chart.alt


def test_choosing_another_cohort(board):
    with open_store() as store:
        store.record_game_result(
            {"quiz": "Aims", "score": 2, "questions": 5},
            "Autumn 2026",
            "quiz",
            team="Care home",
        )
    board.refresh()
    assert [v for _, v in board.cohort.options] == ["Autumn 2026", COHORT]
    assert board.cohort.value == COHORT  # the choice is kept
    board.cohort.value = "Autumn 2026"
    assert board.status_text == "Board refreshed: 1 team"
    assert board.board.teams == ["Care home"]
    assert not board.red_chart.has_chart
    assert "Choose Prepare the downloads" in board.downloads.value


def test_a_cohort_given_when_built_is_shown_first(filled):
    with open_store(filled) as store:
        store.record_game_result(
            {"score": 1, "questions": 2}, "Other", "quiz", team="A"
        )
    app = TrainerBoard("Other")
    assert app.cohort.value == "Other" and app.status_text == "Board refreshed: 1 team"
    app.close()
    newest = TrainerBoard()
    assert newest.cohort.value == "Other"  # no "Workshop": the cohort made last
    newest.close()


# ---------------------------------------------------------------------- export


def _links(html: str) -> dict[str, bytes]:
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)
    return {name: base64.b64decode(data) for name, data in found}


def test_everything_exports_to_excel_and_csv(shared):
    board = shared
    board.prepare.click()
    assert (board.status_text, board.status_state) == ("Downloads ready", "ready")
    links = _links(board.downloads.value)
    assert "spring-2026-trainer-board.xlsx" in links
    book = pd.read_excel(
        io.BytesIO(links["spring-2026-trainer-board.xlsx"]), sheet_name=None
    )
    assert list(book) == list(board.board.tables)
    assert book["Quiz"]["Latest score"].tolist() == ["4 of 6", "5 of 6"]
    assert len(book["Red beads draws"]) == 24
    assert book["All game results"]["draws"].dropna().iloc[0].startswith('[{"day": 1')
    quiz_csv = links["spring-2026-quiz.csv"].decode("utf-8-sig").splitlines()
    assert quiz_csv[0] == "Team,Quiz,Goes,Latest score,Best score"
    assert len(links) == 1 + len(board.board.tables)
    assert "Download everything as an Excel workbook" in board.downloads.value


# ---------------------------------------------------------------- unknown data


def test_results_it_cannot_read_are_left_out_kindly(store_path):
    with open_store(store_path) as store:
        for game, payload in [
            ("red beads", {"odd": 1}),
            ("red beads", {"draws": [{"red": 60, "paddle": 50}]}),
            ("funnel", {"summary": "not a list"}),
            ("pdsa game", {"tests": [{"seconds": []}]}),
            ("signal or noise", {"answer": "signal"}),
            ("quiz", {"score": "four"}),
            ("rule lab", {"rows": []}),
            ("a new game", {"x": 1}),
        ]:
            store.record_game_result(payload, "Workshop", game, team="Ward 1")
    app = TrainerBoard()
    try:
        assert app.status_text == "Board refreshed: 1 team" and app.error_text == ""
        assert app.notes_text == [
            "2 red beads results could not be read and are left out (no draws that "
            "could be read).",
            "1 funnel result could not be read and is left out (no summary of the "
            "rules).",
            "1 PDSA game result could not be read and is left out (no tests with "
            "flight times).",
            "1 signal or noise result could not be read and is left out (no score).",
            "1 quiz result could not be read and is left out (no score).",
        ]
        counts = app.board.tables["Game results per team"]
        assert counts.loc[0, "a new game"] == 1 and counts.loc[0, "rule lab"] == 1
        assert not app.red_chart.has_chart
    finally:
        app.close()


_PAYLOADS = st.dictionaries(
    st.sampled_from(
        ["draws", "summary", "tests", "score", "items", "questions", "correct", "quiz"]
    ),
    st.recursive(
        st.none() | st.booleans() | st.integers(-3, 60) | st.text(max_size=4),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["red", "paddle", "day", "rule", "seconds", "test", "x"]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=8,
    ),
    max_size=4,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=_PAYLOADS, game=st.sampled_from(GAMES))
# found by Hypothesis: a PDSA test whose flight times are not a list
@example(
    payload={"draws": None, "tests": [{"red": None, "seconds": True}]}, game="pdsa game"
)
def test_any_stored_payload_reads_without_error(tmp_path_factory, payload, game):
    path = tmp_path_factory.mktemp("fuzz") / "store.sqlite3"
    with open_store(path) as store:
        store.record_game_result(payload, "Workshop", game, team="Ward 1")
        board = read_board(store, "Workshop")
    assert board.teams == ["Ward 1"]
    assert set(board.tables) >= {"Teams", "Quiz", "Funnel"}


# ----------------------------------------------------------- automatic refresh


class _FakeTimer:
    made: list[_FakeTimer] = []

    def __init__(self, seconds, fn):
        self.seconds, self.fn = seconds, fn
        self.started = self.cancelled = False
        self.daemon = False
        _FakeTimer.made.append(self)

    def start(self):
        self.started = True

    def cancel(self):
        self.cancelled = True


def test_automatic_refresh_is_scheduled_bounded_and_stopped(board, monkeypatch):
    _FakeTimer.made = []
    monkeypatch.setattr(tb.threading, "Timer", _FakeTimer)
    board.auto.value = True
    assert board.status_text == "Automatic refresh on: every 30 seconds"
    timer = _FakeTimer.made[-1]
    assert (timer.seconds, timer.started, timer.daemon) == (30.0, True, True)
    timer.fn()  # the timer fires: no event loop here, so it refreshes at once
    assert board.status_text == "Board refreshed: 2 teams"
    assert len(_FakeTimer.made) == 2 and _FakeTimer.made[-1].started  # the next one
    board.every.value = 10
    assert board.status_text == "Automatic refresh on: every 10 seconds"
    assert _FakeTimer.made[-2].cancelled and _FakeTimer.made[-1].seconds == 10.0
    assert board.auto_limit == 4 * 3600 // 10
    board.auto.value = False
    assert (
        board.status_text == "Automatic refresh off" and _FakeTimer.made[-1].cancelled
    )
    _FakeTimer.made[
        -1
    ].fn()  # a timer that fires after it was switched off does nothing
    assert board.status_text == "Automatic refresh off"


def test_automatic_refresh_stops_by_itself(board, monkeypatch):
    _FakeTimer.made = []
    monkeypatch.setattr(tb.threading, "Timer", _FakeTimer)
    monkeypatch.setattr(TrainerBoard, "auto_limit", property(lambda self: 2))
    board.auto.value = True
    _FakeTimer.made[-1].fn()
    assert board.auto.value is True
    _FakeTimer.made[-1].fn()
    assert board.auto.value is False
    assert (board.status_text, board.status_state) == (
        "Automatic refresh stopped after 4 hours: choose Refresh, or tick the box "
        "again",
        "info",
    )
    assert len(_FakeTimer.made) == 2  # no timer after the last refresh


def test_close_stops_the_timer(board, monkeypatch):
    _FakeTimer.made = []
    monkeypatch.setattr(tb.threading, "Timer", _FakeTimer)
    board.auto.value = True
    board.close()
    assert _FakeTimer.made[-1].cancelled
    _FakeTimer.made[-1].fn()  # fires late: nothing happens, nothing raises


def test_a_real_timer_refreshes_the_board(board, monkeypatch):
    monkeypatch.setattr(board, "_seconds", lambda: 0.05)
    seq = board.status_seq
    board.auto.value = True
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (
        board.status_seq > seq + 1 and board.status_text == "Board refreshed: 2 teams"
    ):
        time.sleep(0.02)
    board.auto.value = False
    assert board.status_text in ("Board refreshed: 2 teams", "Automatic refresh off")
    assert board._auto_count >= 1
    board.close()
    assert board._timer is None


def test_seconds_between_refreshes_is_bounded(store_path):
    app = TrainerBoard(every=1)
    assert (app.every.value, app.every.min, app.every.max) == (5, 5, 600)
    app.every.value = 45
    assert app.status_text == "Seconds between refreshes: 45"
    app.close()


# ---------------------------------------------------------------- the readers


def test_the_readers_take_the_store_frames(filled):
    with open_store(filled) as store:
        games = split_games(store.game_results(COHORT))
        points = store.measure_data(COHORT)
    draws, notes = red_bead_draws(games["red beads"])
    assert notes == [] and list(draws.columns) == [
        "team",
        "day",
        "worker",
        "red",
        "paddle",
        "share",
        "draw",
    ]
    assert funnel_table(games["funnel"])[0].shape == (8, 6)
    tests, flights, _ = pdsa_game_tables(games["pdsa game"])
    assert len(flights) == 20 and flights["flight"].max() == 10
    assert drill_table(games["signal or noise"])[0]["Rounds"].tolist() == [1, 1]
    assert quiz_table(games["quiz"])[0]["Goes"].tolist() == [1, 1]
    latest = latest_measures(points)
    assert latest["panel"].unique().tolist() == ["Ward 3: Falls", "Ward 6: Falls"]
    assert pd.api.types.is_datetime64_any_dtype(latest["x"])
    assert latest_measures(points, "Nothing").empty


def test_a_red_beads_day_recorded_twice_counts_once(store_path):
    with open_store(store_path) as store:
        from tests.apps.trainer_board_workshop import record_red_beads

        record_red_beads(store, "Workshop", "Ward 1", seed=1, days=2)
        record_red_beads(store, "Workshop", "Ward 1", seed=2, days=1)  # day 1 again
        draws, _ = red_bead_draws(store.game_results("Workshop", "red beads"))
    assert draws.groupby("day").size().tolist() == [4, 4]


def test_no_unexpected_error_is_logged(board, app_log):
    board.refresh()
    board.red_view.value = "room"
    board.measure.value = "Falls"
    board.prepare_downloads()
    assert "did not expect" not in board.error_text
    assert "Traceback" not in app_log.text
