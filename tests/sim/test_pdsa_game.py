"""qikit.sim.pdsa_game: the paper helicopter, tested one PDSA cycle at a time."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qikit
from qikit.errors import InputError, QikitError
from qikit.improve import PDSACycle
from qikit.sim import PDSAGame, to_payload
from qikit.sim.pdsa_game import HELICOPTER


def cycle(name="Test", prediction="It will fly for 2 seconds"):
    c = PDSACycle(name, id=name.lower().replace(" ", "-"))
    if prediction:
        c.predict(prediction)
    return c


def test_options_list_every_choice_and_the_starting_design():
    opts = PDSAGame.options()
    assert list(opts.columns) == ["factor", "choice", "start", "description"]
    assert opts["factor"].unique().tolist() == [f.name for f in HELICOPTER]
    assert opts.groupby("factor", sort=False)["start"].sum().tolist() == [1] * 5
    assert PDSAGame(seed=1).design() == {f.name: f.start for f in HELICOPTER}


def test_a_test_returns_its_flights_and_records_the_do_stage():
    game = PDSAGame(seed=3, team="Ward 6")
    c = cycle("Longer wings")
    flights = game.test(c, {"wing": "long", "clips": 1}, runs=8)
    assert list(flights.columns) == [
        "test", "cycle", "run", "flight", "wing", "paper", "clips", "body", "tape",
        "seconds",
    ]  # fmt: skip
    assert len(flights) == 8 and (flights["test"] == 1).all()
    assert flights["flight"].tolist() == list(range(1, 9))
    assert (flights["wing"] == "long").all() and (flights["clips"] == "1").all()
    assert (flights["paper"] == "printer paper").all()  # not given: as before
    assert (flights["seconds"] >= 0.4).all()
    assert c.stage == "study"
    assert c.do.what_happened.startswith("Dropped 8 helicopters (long wings, printer")
    assert f"mean {flights['seconds'].mean():.2f} s" in c.do.what_happened


def test_a_cycle_without_a_prediction_is_refused_and_nothing_is_recorded():
    game = PDSAGame(seed=3)
    blind = cycle("No prediction", prediction=None)
    with pytest.raises(InputError) as err:
        game.test(blind, {"wing": "long"})
    assert str(err.value).startswith("`predictions`: none recorded for the cycle")
    assert game.history().empty and game.cycles == []
    assert blind.do is None
    blind.predict("Longer wings fly longer")  # the same test once predicted
    again = game.test(blind, {"wing": "long"})
    fresh = PDSAGame(seed=3).test(cycle("Other"), {"wing": "long"})
    assert again["seconds"].tolist() == fresh["seconds"].tolist()


def test_the_same_seed_and_team_give_the_same_game():
    def play(seed, team):
        game = PDSAGame(seed=seed, team=team)
        game.test(cycle("A"), runs=5)
        game.test(cycle("B"), {"wing": "medium"}, runs=5)
        return game

    a, b = play(7, "Ward 3"), play(7, "Ward 3")
    pd.testing.assert_frame_equal(a.history(), b.history())
    pd.testing.assert_frame_equal(a.reveal(), b.reveal())
    other = play(7, "Ward 4")
    assert not other.reveal()["effect"].equals(a.reveal()["effect"])
    assert not other.history()["seconds"].equals(a.history()["seconds"])
    assert not play(8, "Ward 3").reveal()["effect"].equals(a.reveal()["effect"])


def test_a_room_can_share_one_process():
    one = PDSAGame(seed=7, team="Ward 3", same_process=True)
    two = PDSAGame(seed=7, team="Ward 4", same_process=True)
    pd.testing.assert_frame_equal(one.reveal(), two.reveal())
    f1 = one.test(cycle("A"))["seconds"]
    f2 = two.test(cycle("A"))["seconds"]
    assert not f1.equals(f2)  # the same causes, different chance


def test_an_unseeded_game_records_its_seed():
    game = PDSAGame(team="Blue")
    again = PDSAGame(seed=game.seed, team="Blue")
    pd.testing.assert_frame_equal(game.reveal(), again.reveal())


def test_flights_follow_the_hidden_effects():
    game = PDSAGame(seed=2026, team="Stats")
    effects = game.reveal().set_index(["factor", "choice"])["effect"]
    design = {
        "wing": "long",
        "paper": "card",
        "clips": "2",
        "body": "wide",
        "tape": "none",
    }
    flights = game.test(cycle("Many"), design, runs=100)["seconds"]
    want = 1.8 + sum(effects.loc[(k, v)] for k, v in design.items())
    assert abs(flights.mean() - want) < 4 * 0.16 * 0.8 / 10 + 0.01  # sd ≤ 0.13 s
    assert effects.loc[("wing", "long")] > effects.loc[("wing", "medium")] > 0
    assert effects.loc[("clips", "2")] < effects.loc[("clips", "1")] < 0
    assert effects.loc[("paper", "card")] < 0
    assert abs(effects.loc[("tape", "on the body")]) < 0.1


def test_a_paper_clip_steadies_the_flight():
    game = PDSAGame(seed=5)
    loose = game.test(cycle("No clip"), {"clips": 0}, runs=100)["seconds"].std()
    steady = game.test(cycle("Two clips"), {"clips": 2}, runs=100)["seconds"].std()
    assert steady < loose


def test_history_and_annotations_make_an_annotated_run_chart():
    game = PDSAGame(seed=1, team="Red")
    assert list(game.history().columns)[-1] == "seconds"
    game.test(cycle("Start"), runs=6)
    game.test(cycle("Wings"), {"wing": "long"}, runs=6)
    game.test(cycle("Again"), runs=4)
    game.test(cycle("Card"), {"paper": "card", "tape": "yes"}, runs=4)
    history = game.history()
    assert history["flight"].tolist() == list(range(1, 21))
    assert history["test"].tolist() == [1] * 6 + [2] * 6 + [3] * 4 + [4] * 4
    assert game.annotations() == [
        (1, "PDSA 1: the starting design"),
        (7, "PDSA 2: wing long"),
        (13, "PDSA 3: the same design again"),
        (17, "PDSA 4: paper card and tape on the body"),
    ]
    assert game.annotations(label="{cycle} ({objective})")[1] == (7, "wings (Wings)")
    res = qikit.qic(history, x="flight", y="seconds", chart="run")
    assert len(res.frame) == 20
    assert [c.id for c in game.cycles] == ["start", "wings", "again", "card"]


def test_the_payload_is_json_safe():
    game = PDSAGame(seed=4, team="Green")
    game.test(cycle("Start"), runs=3)
    payload = to_payload(game)
    assert json.loads(json.dumps(payload)) == payload
    assert payload["game"] == "pdsa helicopter" and payload["team"] == "Green"
    assert payload["tests"][0]["predictions"] == ["It will fly for 2 seconds"]
    assert len(payload["tests"][0]["seconds"]) == 3


@pytest.mark.parametrize(
    ("settings", "kwargs", "message"),
    [
        (
            {"colour": "red"},
            {},
            "`settings.colour`: is not a field of a helicopter design (got 'colour'). "
            "Remove it; the fields are: 'wing', 'paper', 'clips', 'body', 'tape'.",
        ),
        (
            {"wing": "huge"},
            {},
            "`settings.wing`: is not one of the choices (got 'huge'). Use one of: "
            "'short', 'medium', 'long'.",
        ),
        ({"clips": 5}, {}, "`settings.clips`: is not one of the choices (got '5')"),
        ({"clips": True}, {}, "`settings.clips`: is not one of the choices (got True)"),
        ("long", {}, "`settings`: a helicopter design must be a dictionary"),
        (None, {"runs": 0}, "`runs`: must be at least 1 (got 0)"),
        (None, {"runs": 500}, "`runs`: must be at most 100 (got 500)"),
    ],
)
def test_bad_settings_say_what_to_do(settings, kwargs, message):
    with pytest.raises(InputError) as err:
        PDSAGame(seed=1).test(cycle(), settings, **kwargs)
    assert str(err.value).startswith(message)


def test_settings_in_everyday_words():
    game = PDSAGame(seed=1)
    flights = game.test(
        cycle(), {"paper": "Card", "clips": "two", "tape": "yes", "body": "WIDE"}
    )
    row = flights.iloc[0]
    assert (row["paper"], row["clips"], row["tape"], row["body"]) == (
        "card", "2", "on the body", "wide"
    )  # fmt: skip
    assert (
        game.test(cycle("B"), {"paper": "printer_paper", "clips": np.int64(1)})[
            "clips"
        ].iloc[0]
        == "1"
    )


def test_a_cycle_is_tested_once_and_must_be_a_cycle():
    game = PDSAGame(seed=1)
    c = cycle()
    game.test(c)
    with pytest.raises(InputError, match=r"^`cycle`: has been tested already"):
        game.test(c)
    with pytest.raises(InputError) as err:
        game.test("my test")
    assert str(err.value).startswith(
        "`cycle`: is not a PDSA cycle (got 'my test'). Make one with "
        "qikit.improve.PDSACycle('what you will test')"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"team": ""}, "`team`: is empty"),
        ({"team": 3}, "`team`: must be text (got 3)"),
        ({"seed": "room 1"}, "`seed`: is not a usable seed (got 'room 1')"),
        ({"same_process": "yes"}, "`same_process`: must be True or False (got 'yes')"),
    ],
)
def test_bad_games_say_what_to_do(kwargs, message):
    with pytest.raises(InputError) as err:
        PDSAGame(**kwargs)
    assert str(err.value).startswith(message)


def test_a_bad_label_pattern():
    game = PDSAGame(seed=1)
    game.test(cycle())
    with pytest.raises(InputError, match=r"^`label`: is not a usable label pattern"):
        game.annotations(label="PDSA {colour}")


@given(
    settings=st.one_of(
        st.none(),
        st.dictionaries(
            st.sampled_from(["wing", "paper", "clips", "body", "tape", "x"]),
            st.one_of(
                st.text(max_size=8), st.integers(-1, 3), st.booleans(), st.none()
            ),
            max_size=4,
        ),
        st.text(max_size=3),
    ),
    runs=st.one_of(
        st.integers(-2, 120), st.floats(allow_nan=True), st.text(max_size=2)
    ),
)
def test_nothing_but_a_qikit_error_escapes(settings, runs):
    game = PDSAGame(seed=1)
    try:
        flights = game.test(cycle(), settings, runs=runs)
    except QikitError:
        assert game.history().empty
        return
    assert (flights["seconds"] >= 0.4).all()
