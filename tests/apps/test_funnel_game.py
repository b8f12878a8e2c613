"""The funnel game without a browser: drops, the spread table and its reading, the I
charts, and the results a team sends to the trainer's board."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from qikit.apps.funnel_game import (
    MAX_DROPS,
    FunnelGame,
    funnel_reading,
    funnel_table,
)
from qikit.errors import InputError
from qikit.plot import png_data_uri
from qikit.plot.sim import plot_funnel_experiment
from qikit.sim import funnel_experiment, funnel_summary
from qikit.store import open_store

_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


@pytest.fixture(scope="module")
def game():
    """One app for the tests that only read it (a build draws a figure)."""
    return FunnelGame(seed=7)


def _joined(team: str = "Ward 6") -> FunnelGame:
    app = FunnelGame(seed=3)
    app.join.team_box.value = team
    app.join.join()
    return app


def test_it_opens_with_four_rules_on_the_same_chance_errors(game):
    assert (game.status_text, game.status_state) == ("Drops drawn", "ready")
    assert game.change_control is game.drops and game.drops.value == 50
    expected = funnel_experiment([1, 2, 3, 4], drops=50, seed=game.seed)
    pd.testing.assert_frame_equal(game.frame, expected)
    assert game.summary["rule"].tolist() == [1, 2, 3, 4]
    assert game.chart.has_chart and game.chart.findings == game.reading
    assert game.chart.alt.startswith(
        "Four scatter plots on the same scale of where 50 marbles landed around "
        "the target under each funnel rule. Average distance from the target: rule 1 "
    )
    assert "<caption>How far each rule spreads the marbles</caption>" in (
        game.spread.value
    )
    assert not game.time_chart.has_chart and game.sent == 0
    assert game.notes_text == []  # nothing sent before the team joins


def test_drop_10_more_keeps_the_earlier_drops():
    app = FunnelGame(seed=11)
    before = app.frame
    seq = app.status_seq
    app.more.click()
    assert app.status_text == "Drops drawn" and app.status_seq > seq
    assert app.drops.value == 60 and app.frame["drop"].max() == 60
    again = app.frame[app.frame["drop"] <= 50].reset_index(drop=True)
    pd.testing.assert_frame_equal(again, before.reset_index(drop=True))
    assert "The last 10 drops" not in app.chart.alt  # the legend is in the picture
    assert app.chart.table_frame.shape == (240, 6)


def test_the_slider_shows_the_game_after_fewer_drops():
    app = FunnelGame(seed=11)
    app.drops.value = 20
    assert app.status_text == "Drops drawn" and len(app.frame) == 80
    assert app.summary["drops"].tolist() == [20] * 4


def test_each_change_redraws_the_same_panels_as_a_new_picture():
    """The game keeps its four panels between drawings; what it shows after a
    change is what a new drawing of the same drops shows."""
    app = FunnelGame(seed=11)
    panels = app._axes
    app.drops.value = 90
    assert app._axes is panels
    fresh = plot_funnel_experiment(
        funnel_experiment([1, 2, 3, 4], drops=90, seed=app.seed),
        latest=10,
        title="Where the marbles landed",
    )
    shown = _PNG.search(app.chart.picture.value).group(1)
    assert shown == _PNG.search(png_data_uri(fresh[0].figure)).group(1)


def test_the_game_stops_at_its_most_drops_with_a_message():
    app = FunnelGame(seed=2)
    app.drops.value = MAX_DROPS
    frame = app.frame
    app.drop_more()
    assert app.status_state == "error"
    assert app.error_text == (
        "`drops`: the game stops at 500 marbles under each rule (got 510). Choose "
        "Start again for new chance errors, or move the slider back to see the game "
        "as it was."
    )
    assert app.frame is frame and app.drops.value == MAX_DROPS


def test_start_again_gives_new_chance_errors_and_50_drops():
    app = FunnelGame(seed=5)
    app.drops.value = 80
    seed = app.seed
    app.restart.click()
    assert app.status_text == "Started again"
    assert app.seed != seed and app.drops.value == 50 and len(app.frame) == 200
    again = FunnelGame(seed=5)
    again.start_again()
    assert again.seed == app.seed  # the app's seed makes the whole game repeatable


def test_the_i_charts_come_and_go(game):
    assert game.time_chart.layout.display == "none"
    game.show_time.value = True
    assert game.status_text == "I charts shown"
    assert game.time_chart.has_chart and game.time_chart.layout.display is None
    assert game.time_chart.alt.startswith("I chart")
    assert any(
        line.startswith("Rule 4: set it over") for line in game.time_chart.findings
    )
    table = game.time_chart.table_frame
    assert set(table["Rule"]) == {
        "Rule 1: leave the funnel alone",
        "Rule 2: move it from where it is",
        "Rule 3: move it from the target",
        "Rule 4: set it over the last drop",
    }
    game.drops.value = 60  # redrawn with the drops while shown
    assert len(game.time_chart.table_frame) == 240
    game.show_time.value = False
    assert game.status_text == "I charts hidden" and not game.time_chart.has_chart
    assert game.time_chart.layout.display == "none"
    game.drops.value = 50
    assert not game.time_chart.has_chart


def test_the_drops_table_is_shown_on_request(game):
    game.chart.show_table.value = True
    assert game.status_text == "Data table shown"
    assert "Where each marble landed (50 drops under each rule)" in (
        game.chart.table.value
    )
    game.chart.show_table.value = False


# ------------------------------------------------------------------ the store


def test_a_team_that_joins_sends_its_results(store_path):
    app = _joined()
    assert app.status_text == "Joined Workshop as Ward 6"
    assert app.notes_text == ["Sent to the trainer's board: 50 drops under each rule."]
    app.drop_more()
    app.drops.value = 30  # looking back sends nothing
    app.drops.value = 60  # nor does coming back to drops already sent
    app.close()
    with open_store(store_path) as store:
        results = store.game_results("Workshop", game="funnel")
    assert results["team"].tolist() == ["Ward 6", "Ward 6"]
    assert results["round"].tolist() == [50, 60]
    last = results.iloc[-1]
    assert last["game"] == "funnel" and last["rules"] == [1, 2, 3, 4]
    assert len(last["drops"]) == 240 and len(last["summary"]) == 4
    assert last["seed"] == app.seed


def test_start_again_sends_the_new_game(store_path):
    app = _joined("Ward 7")
    app.start_again()
    app.close()
    with open_store(store_path) as store:
        results = store.game_results("Workshop", game="funnel")
    assert results["round"].tolist() == [50, 50]
    assert results["seed"].nunique() == 2


def test_a_failing_store_is_a_message_and_the_game_is_kept(store_path, monkeypatch):
    app = _joined()
    frame = app.frame

    def broken(*args, **kwargs):
        raise InputError("`cohort`: the store is broken (got 'x'). Try again.")

    monkeypatch.setattr(app.store(), "record_game_result", broken)
    app.drop_more()
    assert app.status_state == "error" and app.error_text.startswith("`cohort`:")
    assert app.frame is frame and app.drops.value == 50


# ------------------------------------------------------------------ pure helpers


def test_reading_says_rule_2_doubles_the_variance():
    summary = funnel_summary(funnel_experiment([1, 2, 3, 4], drops=400, seed=1))
    lines = funnel_reading(summary)
    assert len(lines) == 5
    assert lines[0].startswith("Rule 1 (leave the funnel alone): the marbles land ")
    ratio = summary["ratio_to_rule_1"].iloc[1]
    assert lines[1] == (
        "Rule 2 (move it from where it is) doubles the variance: the marbles spread "
        f"{ratio:.1f} times as much as under rule 1 (mean squared distance from the "
        "target; in theory exactly 2). Adjusting after every drop, the commonest "
        "kind of tampering, makes things worse."
    )
    assert (
        "after 400 drops, and growing with every drop: the funnel swings" in (lines[2])
    )
    assert lines[3].endswith(
        "the funnel wanders off, one random step after another, and never comes back."
    )
    assert lines[4].startswith("Leaving a stable process alone (rule 1)")


def test_reading_without_rule_1_gives_no_ratios():
    lines = funnel_reading(funnel_summary(funnel_experiment([2, 4], seed=1)))
    assert "times" not in " ".join(lines)
    assert "from the target on average" in lines[0]


def test_reading_refuses_what_is_not_a_summary():
    with pytest.raises(InputError, match="^`summary`"):
        funnel_reading(pd.DataFrame({"rule": [1]}))


def test_table_has_readable_columns_and_ratios():
    summary = funnel_summary(funnel_experiment([1, 2], drops=100, seed=1))
    table = funnel_table(summary)
    assert list(table.columns) == [
        "Rule",
        "What the funnel does",
        "Drops",
        "Spread across (sd)",
        "Spread along (sd)",
        "Average distance from the target",
        "Furthest from the target",
        "Variance compared with rule 1",
    ]
    assert table["Variance compared with rule 1"].iloc[0] == "rule 1 itself"
    assert table["Variance compared with rule 1"].iloc[1].endswith(" times")
    assert np.allclose(table["Spread across (sd)"], summary["sd_x"].round(2))


def test_a_bad_seed_is_refused():
    with pytest.raises(InputError, match="^`seed`: must be at least 0"):
        FunnelGame(seed=-1)
