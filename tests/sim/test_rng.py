"""qikit.sim._rng: the one seeding rule."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qikit.errors import InputError, QikitError
from qikit.sim._rng import as_generator, keyed, seed_number


def test_whole_numbers_repeat():
    a = as_generator(2026).random(5)
    b = as_generator(2026).random(5)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, as_generator(2027).random(5))


def test_a_float_that_is_whole_and_numpy_integers_work():
    assert np.array_equal(
        as_generator(7.0).random(3), as_generator(np.int64(7)).random(3)
    )


def test_a_generator_is_used_as_it_is():
    g = np.random.default_rng(1)
    assert as_generator(g) is g


def test_none_gives_fresh_randomness():
    assert as_generator(None).random() != as_generator(None).random()


@pytest.mark.parametrize(
    ("seed", "problem"),
    [
        ("42", "is not a usable seed (got '42')"),
        (True, "is not a usable seed (got True)"),
        ([1, 2], "is not a usable seed (got [1, 2])"),
        (-1, "must be at least 0 (got -1)"),
        (2.5, "must be a whole number (got 2.5)"),
    ],
)
def test_bad_seeds_say_what_to_do(seed, problem):
    with pytest.raises(InputError) as err:
        as_generator(seed)
    assert str(err.value).startswith(f"`seed`: {problem}")


def test_the_argument_name_is_used_in_the_message():
    with pytest.raises(InputError, match="^`room_seed`:"):
        as_generator("x", "room_seed")


def test_seed_number_keeps_draws_or_makes_a_whole_number():
    assert seed_number(5) == 5
    drawn = seed_number(np.random.default_rng(3))
    assert drawn == seed_number(np.random.default_rng(3))
    assert isinstance(seed_number(None), int)
    assert seed_number(None) != seed_number(None)
    with pytest.raises(InputError, match="^`seed`"):
        seed_number("abc")


def test_keyed_depends_only_on_seed_and_keys():
    assert keyed(1, "a", 2).random() == keyed(1, "a", 2).random()
    assert keyed(1, "a", 2).random() != keyed(1, "a", 3).random()
    assert keyed(1, "a").random() != keyed(2, "a").random()


@given(st.one_of(st.none(), st.integers(), st.floats(), st.text(), st.booleans()))
def test_nothing_but_a_qikit_error_escapes(seed):
    try:
        as_generator(seed)
    except QikitError:
        pass
