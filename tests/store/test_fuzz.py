"""Whatever a caller passes to the store's public constructors, only qikit errors
escape, and names that are accepted come back exactly as stored (trimmed)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qikit.errors import QikitError
from qikit.store import open_store
from tests.store.workers import project_for

anything = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.characters().map(lambda c: c * 201),
    st.sampled_from(["\x00", "\ud800", " \t ", "Ward 3'; DROP TABLE teams;--"]),
    st.none(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dates(),
)
values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=20),
        st.dates(),
        st.binary(max_size=5),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.one_of(st.text(max_size=5), st.integers()), inner, max_size=3
        ),
        st.frozensets(st.integers(), max_size=2),
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3") as store:
        # measure number 1, whose x take the kind of the first points accepted
        store.save_project(project_for(0)[1], "Fuzz", "Ward 3")
        yield store


@given(cohort=anything, team=anything, learner=anything)
def test_names_only_raise_qikit_errors(shared, cohort, team, learner):
    try:
        shared.get_or_create_learner(cohort, learner, team=team)
    except QikitError:
        return
    teams = shared.list_teams(cohort)["team"].tolist()
    assert team is None or team.strip() in teams
    learners = shared.list_learners(cohort)["learner"].tolist()
    assert learner.strip() in learners


@given(
    game=anything,
    payload=st.one_of(anything, st.dictionaries(st.text(max_size=5), values)),
    round_=st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=3)),
)
def test_game_results_only_raise_qikit_errors(shared, game, payload, round_):
    try:
        shared.record_game_result(payload, "Fuzz", game, round=round_)
    except QikitError:
        return
    assert game.strip() in set(shared.game_results("Fuzz")["game"])


# an int in the first place and no int in the second is read as the old order
@pytest.mark.filterwarnings("ignore:store.append_points:DeprecationWarning")
@given(
    rows=st.one_of(
        anything,
        st.lists(
            st.tuples(
                st.one_of(
                    st.dates(), st.datetimes(), st.integers(), st.text(max_size=8)
                ),
                st.one_of(st.none(), st.floats(), st.integers(), st.text(max_size=3)),
            ),
            max_size=4,
        ),
        st.lists(
            st.dictionaries(st.sampled_from("xyn"), values, max_size=3), max_size=3
        ),
    ),
    measure=st.one_of(st.just(1), anything),
    recorded_by=anything,
)
def test_append_points_only_raises_qikit_errors(shared, rows, measure, recorded_by):
    before = len(shared.measure_data("Fuzz"))
    try:
        added = shared.append_points(rows, measure, recorded_by=recorded_by)
    except QikitError:
        added = 0
    assert len(shared.measure_data("Fuzz")) == before + added


@given(name=st.text(alphabet=st.characters(exclude_characters="/"), max_size=40))
def test_open_store_only_raises_qikit_errors(tmp_path_factory, name):
    folder = tmp_path_factory.mktemp("open")
    if name.strip() in ("", ".", ".."):
        name = name + "store"
    try:
        store = open_store(folder / name)
    except QikitError:
        return
    with store:
        assert store.schema_version == 2


def test_fuzz_examples_are_not_all_rejected(shared):
    # a sanity check of the strategies above: ordinary values are accepted
    shared.get_or_create_learner("Spring", "Aisha", team="Ward 3")
    assert shared.list_learners("Spring")["team"].tolist() == ["Ward 3"]
    shared.record_game_result({"day": dt.date(2024, 1, 1)}, "Spring", "funnel", round=1)
    assert shared.game_results("Spring")["day"].tolist() == ["2024-01-01"]
