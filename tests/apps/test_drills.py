"""Signal or noise? driven as a learner would, without a browser: the round, the
answers and their feedback, the score, the seeds, every message, and the store."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qikit.apps.drills as drills_app
from qikit.apps.drills import (
    GAME,
    ROUND_ITEMS,
    SEED_MAX,
    RoundScore,
    SignalOrNoise,
    flagged_lines,
    item_seeds,
    mark,
    new_round_seed,
    round_payload,
    score_round,
)
from qikit.errors import StoreError
from qikit.sim import drill, judge
from qikit.store import open_store

#: Seed 2026's round: an outlier, a trend, an outlier, random, random, a shift, ...
SEED = 2026
KINDS = [
    "outlier",
    "trend",
    "outlier",
    "random",
    "random",
    "shift",
    "trend",
    "outlier",
    "random",
    "random",
]


@pytest.fixture
def quick_draw(monkeypatch):
    """Round-logic tests draw empty charts: a real one costs ~0.2 s, 19 a round."""
    monkeypatch.setattr(drills_app, "DRILL_FIGSIZE", (1, 1))
    monkeypatch.setattr(
        drills_app, "plot_drill", lambda result, ax, **kwargs: ax.set_axis_off()
    )


def _play(app: SignalOrNoise, answers) -> None:
    """Answer each chart in turn (``"signal"``, ``"noise"`` or a kind)."""
    for i, said in enumerate(answers):
        app.answer(said)
        assert app.status_state == "ready", app.error_text
        if i < len(answers) - 1:
            app.next_chart()


def _truthful(app: SignalOrNoise) -> list[str]:
    return ["signal" if d.truth.is_signal else "noise" for d in app.drills]


# ------------------------------------------------------------------- the pure parts


def test_item_seeds_are_fixed_by_the_round_seed_and_all_differ():
    assert item_seeds(SEED) == item_seeds(SEED)
    assert len(set(item_seeds(SEED))) == ROUND_ITEMS
    assert item_seeds(SEED) != item_seeds(SEED + 1)
    assert item_seeds(SEED, 3) == item_seeds(SEED)[:3]


def test_a_new_round_seed_is_never_one_already_used():
    class Repeats:
        """A generator that offers the used seeds first."""

        def __init__(self, values):
            self.values = list(values)

        def integers(self, low, high):
            assert (low, high) == (1, SEED_MAX + 1)
            return self.values.pop(0)

    assert new_round_seed({5, 9}, rng=Repeats([5, 9, 5, 12])) == 12
    seed = new_round_seed(rng=np.random.default_rng(1))
    assert seed in range(1, SEED_MAX + 1)


def test_mark_scores_signal_or_noise_and_the_kind_separately():
    trend = drill(kind="trend", seed=1)
    assert mark(3, trend, judge(trend, "trend")).kind_right is True
    wrong_kind = mark(3, trend, judge(trend, "shift"))
    assert (wrong_kind.right, wrong_kind.kind_right) == (True, False)
    plain = mark(3, trend, judge(trend, "signal"))
    assert (plain.right, plain.kind_right, plain.item) == (True, None, 3)
    assert mark(3, trend, judge(trend, "noise")).right is False
    stable = drill(kind="random", seed=1)
    named = mark(1, stable, judge(stable, "outlier"))
    assert (named.right, named.kind_right) == (False, None)
    assert mark(1, stable, judge(stable, "noise")).right is True
    assert plain.seed == trend.seed and plain.truth == trend.truth


def test_the_score_and_summary_of_a_round():
    score = RoundScore(
        items=10,
        answered=10,
        score=6,
        kinds_named=1,
        kinds_right=1,
        signals=10,
        hits=9,
        misses=1,
        false_alarms=0,
        quiet=0,
        rules=("ihi", "anhoej"),
    )
    assert score.finished
    assert score.summary() == [
        "You scored 6 out of 10.",
        "You named the kind of change once and were right once.",
        "The rules you chose agreed with the truth on 9 of the 10 charts: they "
        "caught 9 of the 10 real changes.",
    ]
    empty = score_round([])
    assert (empty.score, empty.answered, empty.finished) == (0, 0, False)
    assert empty.summary() == ["You scored 0 out of 0."]


def test_score_round_counts_what_the_rules_did():
    stable = drill(kind="random", chart="run", seed=47)  # the rules raise a false alarm
    shift = drill(kind="shift", chart="run", size=3, seed=0)  # and catch this shift
    answers = [
        mark(1, stable, judge(stable, "signal")),
        mark(2, shift, judge(shift, "shift")),
    ]
    score = score_round(answers)
    assert (score.score, score.false_alarms, score.hits, score.kinds_right) == (
        1,
        1,
        1,
        1,
    )
    assert score.summary()[-1] == (
        "The Anhøj rules agreed with the truth on 1 of the 2 charts: they caught 1 "
        "of the 1 real change and raised 1 false alarm on the 1 chart of random data."
    )


def test_the_payload_holds_score_answers_and_seeds():
    stable = drill(kind="random", seed=3)
    answers = [mark(1, stable, judge(stable, "noise", rules="ihi"))]
    payload = round_payload(answers, seed=77, chart="run", n=24)
    assert payload["score"] == 1 and payload["items"] == ROUND_ITEMS
    assert (payload["seed"], payload["seeds"], payload["rules"]) == (77, [3], "ihi")
    assert payload["answers"] == [
        {
            "item": 1,
            "seed": 3,
            "answer": "noise",
            "truth": "random",
            "correct": True,
            "kind_right": None,
            "verdict": answers[0].verdict,
            "rules": "ihi",
            "rules_fired": list(answers[0].rules_fired),
        }
    ]
    assert not {"game", "round", "team"} & set(payload)  # the store's own columns


def test_flagged_lines_name_each_rule_and_its_weeks():
    outlier = drill(kind="outlier", chart="i", seed=1)
    assert flagged_lines(judge(outlier, "signal")) == [
        f"A point outside the control limits: week {outlier.truth.start}."
    ]


# ------------------------------------------------------------------------- the app


def test_it_opens_with_a_chart_to_judge_and_no_verdict():
    app = SignalOrNoise()
    assert (app.status_text, app.status_state) == ("Round started", "ready")
    assert len(app.drills) == ROUND_ITEMS and app.item == 0 and app.round_no == 1
    assert (
        app.round_seed in range(1, SEED_MAX + 1)
        and app.seed_box.value == app.round_seed
    )
    assert app.change_control is app.rules
    assert repr(app).startswith("SignalOrNoise(")  # as a notebook shows it
    assert app.chart.has_chart and app.chart.findings == []
    assert app.chart.alt == (
        "Run chart of 24 weekly values, weeks 1 to 24, with its median. What the "
        "rules find is shown once you answer."
    )
    assert list(app.chart.table_frame.columns) == ["Week", "Value"]  # no signals
    assert app.trace.value == "" and app.summary.value == ""
    assert not app.signal_button.disabled and not app.noise_button.disabled
    assert app.next_button.disabled and app.send_button.disabled
    assert f"Round 1 (seed {app.round_seed}): chart 1 of 10" in app.progress.value


def test_the_same_seed_gives_the_same_charts():
    first, second = SignalOrNoise(seed=SEED), SignalOrNoise(seed=SEED)
    assert [d.truth.kind for d in first.drills] == KINDS
    for a, b in zip(first.drills, second.drills, strict=True):
        assert a.data.equals(b.data)
    assert [d.seed for d in first.drills] == item_seeds(SEED)


def test_an_answer_gets_feedback_that_traces_the_rules():
    app = SignalOrNoise(seed=SEED)
    app.answer("noise")  # chart 1: a single unusual point the run chart misses
    assert app.status_text == "Answer checked"
    feedback = app.feedback_result
    assert feedback.truth.kind == "outlier" and not app.answers[0].right
    trace = app.trace.value
    assert "Not this time: something did change." in trace
    assert "What the Anhøj rules flag:" in trace
    assert "No rule fired: no point is flagged." in trace
    assert "A run chart has no control limits" in trace  # honest about the miss
    assert "Score so far: 0 out of 1." in trace
    assert app.chart.findings == feedback.findings
    assert "What the Anhøj rules flag: No rule fired" in app.chart.alt
    assert "Signal" in app.chart.table_frame.columns
    assert app.signal_button.disabled and app.noise_button.disabled
    assert app.kind.disabled and not app.next_button.disabled


def test_naming_the_kind_is_optional_and_scored_apart():
    app = SignalOrNoise(seed=SEED)
    app.answer("signal")
    app.next_chart()
    assert app.kind.value == "" and not app.kind.disabled  # reset for each chart
    app.kind.value = "shift"  # chart 2 is a trend
    app.signal_button.click()
    marked = app.answers[-1]
    assert (marked.said, marked.right, marked.kind_right) == ("shift", True, False)
    assert "Nearly: there is a change, but not a shift." in app.trace.value
    assert "You still score the point for spotting the signal; the change was a " in (
        app.trace.value
    )
    assert "Score so far: 2 out of 2." in app.trace.value


def test_noise_ignores_a_kind_chosen_by_mistake():
    app = SignalOrNoise(seed=SEED)
    app.kind.value = "trend"
    app.noise_button.click()
    assert app.answers[-1].said == "noise"


def test_a_whole_round_then_a_new_one_never_repeats_a_seed(quick_draw):
    app = SignalOrNoise(seed=SEED)
    _play(app, _truthful(app))
    assert app.status_text == "Round finished"
    assert app.score.score == 10 and app.score.finished
    assert app.next_button.disabled and not app.send_button.disabled
    summary = app.summary.value
    assert "Round 1 finished" in summary and "You scored 10 out of 10." in summary
    assert "The round's seed is 2026: Replay this round plays" in summary
    assert "Join a team below" in summary
    seen = {app.round_seed}
    for round_no in (2, 3):
        app.new_button.click()
        assert app.status_text == "Round started" and app.round_no == round_no
        assert app.round_seed not in seen and app.answers == []
        seen.add(app.round_seed)
        assert app.summary.value == "" and app.send_button.disabled


def test_replay_plays_the_round_again_or_the_seed_typed():
    app = SignalOrNoise(seed=SEED)
    first = [d.data for d in app.drills]
    app.answer("signal")
    app.replay_button.click()
    assert app.status_text == "Round replayed" and app.round_seed == SEED
    assert app.answers == [] and app.item == 0 and app.round_no == 2
    assert all(a.equals(d.data) for a, d in zip(first, app.drills, strict=True))
    app.seed_box.value = 11
    app.replay()
    assert app.round_seed == 11 and [d.seed for d in app.drills] == item_seeds(11)


def test_rules_changed_rereads_the_answered_chart_and_keeps_the_score():
    app = SignalOrNoise(seed=SEED)
    picture = app.chart.picture.value
    app.rules.value = "ihi"  # before an answer: nothing to redraw
    assert app.status_text == "Rules changed" and app.chart.picture.value == picture
    app.rules.value = "anhoej"
    _play(app, ["signal", "signal"])  # chart 2, a trend
    before = app.answers[-1]
    app.rules.value = "ihi"
    assert app.status_text == "Rules changed"
    assert app.feedback_result.rules == "ihi"
    assert "What the IHI rules flag:" in app.trace.value
    assert app.answers[-1] is before and before.rules == "anhoej"  # as answered
    app.next_chart()
    app.answer("noise")
    assert app.answers[-1].rules == "ihi"


def test_new_settings_start_a_round_at_once_only_before_any_answer():
    app = SignalOrNoise(seed=SEED)
    app.chart_type.value = "p"
    assert app.status_text == "Round started" and app.round_seed != SEED
    assert app.drills[0].chart == "p" and "n" in app.drills[0].data.columns
    assert list(app.chart.table_frame.columns) == ["Week", "Share of cases", "Cases"]
    app.answer("noise")
    seed = app.round_seed
    app.length.value = 12
    assert app.status_text == "New settings apply from the next round"
    assert app.round_seed == seed and len(app.drills[0].data) == 24
    app.new_round()
    assert len(app.drills[0].data) == 12 and app.drills[0].chart == "p"
    assert "P charts of 12 points" in app.progress.value


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (
            lambda app: (app.answer("signal"), app.answer("noise")),
            "`answer`: chart 1 is already answered (got 'noise'). Choose Next chart "
            "for the next one, or Start a new round.",
        ),
        (
            lambda app: app.next_chart(),
            "`answer`: chart 1 has no answer yet. Answer signal or noise first, then "
            "choose Next chart.",
        ),
        (
            lambda app: app.answer("perhaps"),
            "`answer`: is not one of the choices (got 'perhaps'). Use one of: "
            "'signal', 'noise', 'shift', 'trend', 'outlier'.",
        ),
        (
            lambda app: app.new_round(seed=-4),
            "`seed`: must be at least 0 (got -4). Give a number of 0 or more.",
        ),
        (
            lambda app: app.new_round(seed=SEED_MAX + 1),
            "`seed`: must be at most 999999 (got 1000000). Give a number of 999999 "
            "or less.",
        ),
        (
            lambda app: app.send_score(),
            "`team`: you have not joined a team yet (got no team). Type your cohort "
            "and team name, then choose Join, so your results reach the trainer's "
            "board.",
        ),
    ],
    ids=[
        "answered twice",
        "next first",
        "unknown answer",
        "negative seed",
        "huge seed",
        "send unjoined",
    ],
)
def test_every_message(act, message):
    app = SignalOrNoise(seed=SEED)
    before = (app.round_seed, list(app.answers))
    act(app)
    assert app.status_state == "error"
    assert app.error_text == message
    if "seed" in message[:8]:
        assert (app.round_seed, app.answers) == before  # nothing lost


def test_the_round_is_over_after_ten_charts(quick_draw):
    app = SignalOrNoise(seed=SEED)
    _play(app, ["noise"] * ROUND_ITEMS)
    app.next_chart()
    assert app.error_text == (
        "`round`: is over: all 10 charts are answered. Choose Start a new round, or "
        "Replay this round."
    )
    assert len(app.answers) == ROUND_ITEMS


def test_a_finished_round_goes_to_the_store_for_the_trainer_board(
    store_path, quick_draw
):
    app = SignalOrNoise(seed=SEED)
    app.join.cohort_box.value = "Spring 2026"
    app.join.team_box.value = "Ward 6"
    app.join.join()
    _play(app, _truthful(app)[:3])
    app.next_chart()
    app.send_score()
    assert app.error_text == (
        "`round`: is not finished yet (got '3 of 10 charts answered'). Answer every "
        "chart, then send the score."
    )
    _play(app, _truthful(app)[3:])
    assert app.status_text == "Round finished and score sent" and app.sent
    assert app.send_button.disabled
    assert "sent to the trainer's board" in app.summary.value
    app.send_score()
    assert app.error_text == (
        "`round`: this round's score was already sent (got 'round 1'). Start a new "
        "round to play again."
    )
    app.close()
    with open_store(store_path) as store:
        results = store.game_results("Spring 2026", game=GAME)
    assert len(results) == 1
    row = results.iloc[0]
    assert (row["team"], row["round"], row["score"], row["seed"]) == (
        "Ward 6",
        1,
        10,
        SEED,
    )
    assert row["items"] == 10 and row["chart"] == "run"


def test_joining_after_a_round_sends_it(store_path, quick_draw):
    app = SignalOrNoise(seed=SEED)
    _play(app, ["noise"] * ROUND_ITEMS)
    assert app.status_text == "Round finished" and not app.sent
    app.join.team_box.value = "Ward 3"
    app.join.join_button.click()
    assert app.status_text == "Joined Workshop as Ward 3" and app.sent
    assert "Round 1's score (4 out of 10) was sent" in app.notes_text[0]
    app.close()
    with open_store(store_path) as store:
        results = store.game_results("Workshop", game=GAME)
    assert results["score"].tolist() == [4]


def test_a_store_that_fails_loses_nothing(store_path, monkeypatch, quick_draw):
    app = SignalOrNoise(seed=SEED)
    app.join.team_box.value = "Ward 6"
    app.join.join()

    def broken():
        raise StoreError("The cohort store could not be opened (disk full).")

    monkeypatch.setattr(app, "store", broken)
    _play(app, ["noise"] * (ROUND_ITEMS - 1))
    app.next_chart()
    app.answer("noise")
    assert app.status_state == "error"
    assert app.error_text == "The cohort store could not be opened (disk full)."
    assert len(app.answers) == ROUND_ITEMS and not app.sent
    assert "Round 1 finished" in app.summary.value
    assert not app.send_button.disabled  # try again later
    monkeypatch.undo()
    app.send_button.click()
    assert app.status_text == "Score sent" and app.sent
    app.close()


_FUZZ: list[SignalOrNoise] = []


def _fuzz_app() -> SignalOrNoise:
    """One app for every example (each build draws a chart)."""
    if not _FUZZ:
        _FUZZ.append(SignalOrNoise(seed=SEED))
    app = _FUZZ[0]
    if app.feedback_result is not None:
        app.replay()
    return app


@given(st.text(max_size=12))
def test_no_answer_word_is_ever_a_traceback(word):
    app = _fuzz_app()
    app.answer(word)
    assert "did not expect" not in app.error_text
    assert app.status_state in ("ready", "error")
