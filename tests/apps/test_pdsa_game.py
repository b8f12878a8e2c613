"""The PDSA game without a browser: join, predict, test, study, act, the log, the
reveal, every message, and what a team sends to the trainer's board."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qikit.apps.pdsa_game import (
    PDSAGameApp,
    effects_sentences,
    game_payload,
    room_seed,
)
from qikit.errors import InputError
from qikit.improve import PDSACycle
from qikit.sim import PDSAGame
from qikit.store import open_store


def _joined(team: str = "Ward 3", seed: int | None = 2026, **kw) -> PDSAGameApp:
    app = PDSAGameApp(seed=seed, **kw)
    app.join.team_box.value = team
    app.join.join()
    return app


def _test(app, objective="As it is", prediction="About 2 seconds", **design):
    for factor, choice in design.items():
        app.design[factor].value = choice
    app.objective.value = objective
    app.prediction.value = prediction
    app.run_button.click()


def _act(app, results="About 1.8 s", decision="adapt", learning="", next_step=""):
    app.results.value = results
    app.learning.value = learning
    app.decision.value = decision
    app.next_step.value = next_step
    app.record_button.click()


def test_it_builds_ready_and_asks_the_team_to_join():
    app = PDSAGameApp()
    assert (app.status_text, app.status_state) == ("Ready", "ready")
    assert app.game is None and not app.chart.has_chart
    assert "Join your team first" in app.latest.value
    assert app.decision.value is None  # no decision until the team makes one
    assert {f: c.value for f, c in app.design.items()} == {
        "wing": "short",
        "paper": "printer paper",
        "clips": "0",
        "body": "narrow",
        "tape": "none",
    }
    assert app.design["wing"].description == "Length of the rotor wings"
    assert [label for label, _ in app.design["clips"].options] == ["none", "1", "2"]
    assert app.change_control is None


def test_a_test_before_joining_asks_to_join():
    app = PDSAGameApp()
    _test(app)
    assert app.status_state == "error"
    assert app.error_text.startswith("`team`: you have not joined a team yet")
    for method in (app.record, app.reveal):
        method()
        assert app.error_text.startswith("`team`: you have not joined a team yet")


def test_joining_starts_the_teams_game_seeded_by_the_cohort():
    app = _joined(seed=None)
    assert app.status_text == "Joined Workshop as Ward 3"
    assert app.game.team == "Ward 3" and app.game.seed == room_seed("Workshop")
    assert app.game.same_process
    assert "plan your first test below" in app.latest.value
    other = _joined(team="Ward 4", seed=None)
    pd.testing.assert_frame_equal(app.game.reveal(), other.game.reveal())


def test_no_prediction_no_test_a_friendly_message():
    app = _joined()
    _test(app, prediction="  ")
    assert app.status_state == "error"
    assert app.error_text == (
        "`prediction`: not written yet. Write what you predict will happen before "
        "you run the test, e.g. 'Long wings will stay up about half a second "
        "longer': comparing the results with your prediction is how a PDSA cycle "
        "learns."
    )
    assert app.game.cycles == [] and not app.chart.has_chart
    assert app.objective.value == "As it is"  # what was typed is kept


def test_no_objective_is_a_message():
    app = _joined()
    _test(app, objective=" ")
    assert app.error_text == (
        "`objective`: is empty. Say in a few words what this test will find out, "
        "e.g. 'Do longer wings fly longer?'"
    )


def test_a_test_goes_straight_onto_the_run_chart():
    app = _joined()
    app.runs.value = 6
    _test(app)
    assert (app.status_text, app.status_state) == ("Test 1 run", "ready")
    history = app.game.history()
    assert len(history) == 6 and app.result.chart == "run"
    assert app.result.frame["y"].tolist() == history["seconds"].tolist()
    assert app.chart.alt.startswith("Run chart of Flight times")
    assert "Test 1: Dropped 6 helicopters (short wings, printer paper" in (
        app.latest.value
    )
    assert "You predicted: About 2 seconds" in app.latest.value
    assert app.objective.value == "" and app.prediction.value == ""  # next cycle
    assert "<caption>Our PDSA log</caption>" in app.cycle_log.value
    cycle = app.game.cycles[0]
    assert cycle.predictions == ["About 2 seconds"] and cycle.stage == "study"
    # the same as the game played by hand, cycle by cycle
    game = PDSAGame(seed=2026, team="Ward 3", same_process=True)
    game.test(PDSACycle("As it is", predictions=["x"]), runs=6)
    assert game.history()["seconds"].tolist() == history["seconds"].tolist()


def test_the_next_test_waits_for_the_study_and_act():
    app = _joined()
    _test(app)
    _test(app, objective="Longer wings", wing="long")
    assert app.error_text == (
        "`decision`: test 1 has no study and act recorded yet. Record what "
        "happened, what you learnt and your decision (adopt, adapt or abandon) "
        "before the next test: each cycle's learning plans the next."
    )
    assert len(app.game.cycles) == 1


def test_study_and_act_then_the_chart_is_annotated_with_the_cycles():
    app = _joined()
    _test(app)
    _act(app, learning="It flies under 2 s", next_step="Try longer wings")
    assert app.status_text == "Cycle 1 recorded"
    cycle = app.game.cycles[0]
    assert cycle.stage == "complete" and cycle.decision == "adapt"
    assert cycle.study.learning == "It flies under 2 s"
    assert cycle.act.next_cycle == "Try longer wings"
    assert app.results.value == "" and app.decision.value is None
    _test(app, objective="Longer wings", prediction="Half a second longer", wing="long")
    assert app.status_text == "Test 2 run"
    assert app.game.annotations() == [
        (1, "PDSA 1: the starting design"),
        (6, "PDSA 2: wing long"),
    ]
    log = app.cycle_log.value
    assert "<td>the starting design</td>" in log and "<td>wing long</td>" in log
    assert "<td>adapt</td>" in log


def test_abandon_puts_the_design_back():
    app = _joined()
    _test(app)
    _act(app)
    _test(app, objective="Card", paper="card", clips="2")
    _act(app, results="Shorter", decision="abandon")
    assert app.design["paper"].value == "printer paper"
    assert app.design["clips"].value == "0"
    assert app.game.cycles[1].decision == "abandon"


@pytest.mark.parametrize(
    ("results", "decision", "message"),
    [
        (
            " ",
            "adopt",
            "`results`: is empty. Say what happened and how it compares with your "
            "prediction, e.g. 'Mean 2.4 s, longer than we predicted'.",
        ),
        (
            "Longer",
            None,
            "`decision`: not chosen yet. Choose adopt, adapt or abandon: what will "
            "you do with this change?",
        ),
    ],
)
def test_study_and_act_messages_change_nothing(results, decision, message):
    app = _joined()
    _test(app)
    _act(app, results=results, decision=decision)
    assert app.status_state == "error" and app.error_text == message
    assert app.game.cycles[0].stage == "study"


def test_study_and_act_without_a_test_is_a_message():
    app = _joined()
    _act(app)
    assert app.error_text == (
        "`results`: there is no test waiting for its study and act. Plan and run a "
        "test first, then say what happened."
    )
    _test(app)
    _act(app)
    _act(app)  # the test has its study and act already
    assert app.error_text.startswith("`results`: there is no test waiting")


def test_the_reveal_is_for_the_debrief():
    app = _joined()
    app.reveal_button.click()
    assert app.status_text == "Hidden effects shown"
    html = app.revealed.value
    assert "<caption>The helicopter&#x27;s hidden effects</caption>" in html
    assert "Long wings add " in html
    assert "Every team in this cohort tested the same helicopter" in html


def test_effects_sentences_say_what_matters():
    lines = effects_sentences(PDSAGame(seed=7, team="Blue"))
    assert lines[0].startswith("Long wings add ")
    assert "Card takes " in lines[1] and "away from the mean flight" in lines[1]
    assert lines[-1].endswith("almost no difference (less than 0.05 s).")


def test_joining_as_another_team_starts_a_new_game():
    app = _joined()
    _test(app)
    app.join.team_box.value = "Ward 9"
    app.join.join()
    assert app.game.team == "Ward 9" and app.game.cycles == []
    assert not app.chart.has_chart and app.cycle_log.value == ""
    assert app.notes_text[0].startswith("A new game started for Ward 9")
    app.join.join()  # the same team again keeps its game
    assert app.game.team == "Ward 9"


def test_a_bad_seed_is_refused():
    with pytest.raises(InputError, match="^`seed`: must be at least 0"):
        PDSAGameApp(seed=-1)


# ------------------------------------------------------------------ the store


def test_each_test_and_each_decision_goes_to_the_board(store_path):
    app = _joined()
    _test(app)
    _act(app, learning="Slow")
    _test(app, objective="Longer wings", wing="long")
    app.close()
    with open_store(store_path) as store:
        results = store.game_results("Workshop", game="pdsa game")
    assert results["round"].tolist() == [1, 1, 2]
    assert set(results["team"]) == {"Ward 3"}
    first, decided, second = (results.iloc[i] for i in range(3))
    assert first["tests"][0]["stage"] == "study"
    assert decided["tests"][0]["decision"] == "adapt"
    assert decided["tests"][0]["learning"] == "Slow"
    assert second["tests"][1]["design"]["wing"] == "long"
    assert second["tests"][1]["predictions"] == ["About 2 seconds"]
    assert second["seed"] == 2026 and second["payload.game"] == "pdsa helicopter"


def test_a_failing_store_is_a_message_and_the_test_is_kept(store_path, monkeypatch):
    app = _joined()

    def broken(*args, **kwargs):
        raise InputError("`cohort`: the store is broken (got 'x'). Try again.")

    monkeypatch.setattr(app.store(), "record_game_result", broken)
    _test(app)
    assert app.status_state == "error" and app.error_text.startswith("`cohort`:")
    assert app.chart.has_chart and len(app.game.cycles) == 1  # shown, not lost


def test_game_payload_adds_each_cycles_study_and_act():
    game = PDSAGame(seed=1, team="Blue")
    cycle = PDSACycle("First", id="c1", predictions=["2 s"])
    game.test(cycle)
    cycle.record_study("1.8 s", learning="Slow")
    cycle.record_act("adopt", next_cycle="Longer wings")
    test = game_payload(game)["tests"][0]
    assert (test["stage"], test["results"], test["learning"]) == (
        "complete",
        "1.8 s",
        "Slow",
    )
    assert (test["decision"], test["next_cycle"]) == ("adopt", "Longer wings")


def test_room_seed_is_stable_and_ignores_case_and_spaces():
    assert room_seed("Spring 2026") == room_seed("  SPRING 2026")
    assert room_seed("Spring 2026") != room_seed("Autumn 2026")
    assert 0 <= room_seed("x") < 2**32


def test_a_joined_team_without_a_game_is_asked_to_join_again():
    app = _joined()
    app.game = None  # cannot happen through the page; the message is still kind
    app.run_test()
    assert app.error_text == "`team`: has no game yet. Choose Join again."


_FUZZED: list[PDSAGameApp] = []


@pytest.mark.slow
@settings(max_examples=15, deadline=None)  # a test run draws a chart (~0.4 s)
@given(
    objective=st.text(max_size=40),
    prediction=st.text(max_size=40),
    results=st.text(max_size=40),
    decision=st.sampled_from([None, "adopt", "adapt", "abandon"]),
)
def test_whatever_is_typed_the_game_never_breaks(
    objective, prediction, results, decision
):
    if not _FUZZED:
        _FUZZED.append(_joined(team="Fuzz"))
    app = _FUZZED[0]
    app.objective.value, app.prediction.value = objective, prediction
    app.run_test()
    assert "did not expect" not in app.error_text, app.error_text
    app.results.value, app.decision.value = results, decision
    app.record()
    assert app.status_state in ("ready", "error")
    assert "did not expect" not in app.error_text, app.error_text
