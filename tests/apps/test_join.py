"""The workshop join panel: names checked as the store checks them, messages shown."""

from __future__ import annotations

from qikit.apps import App, JoinPanel


def test_join_trims_and_remembers_the_names():
    app = App(title="Game")
    panel = JoinPanel(app, cohort=" Spring 2026 ")
    panel.team_box.value = "Ward 6  "
    panel.join_button.click()
    assert panel.joined == ("Spring 2026", "Ward 6")
    assert panel.team_box.value == "Ward 6"
    assert app.status_text == "Joined Spring 2026 as Ward 6"


def test_an_empty_team_is_a_message_not_a_traceback():
    app = App(title="Game")
    panel = JoinPanel(app)
    panel.join_button.click()
    assert panel.joined is None
    assert app.status_state == "error"
    assert app.error_text.startswith("`team`: a name cannot be empty (got '').")


def test_require_asks_the_learner_to_join_first():
    app = App(title="Game")
    panel = JoinPanel(app)
    app.run(panel.require)
    assert app.error_text == (
        "`team`: you have not joined a team yet (got no team). Type your cohort and "
        "team name, then choose Join, so your results reach the trainer's board."
    )


def test_on_join_runs_after_a_successful_join():
    app = App(title="Game")
    calls = []
    panel = JoinPanel(app, team="Ward 3", on_join=lambda: calls.append(panel.joined))
    panel.join()
    assert calls == [("Workshop", "Ward 3")]
