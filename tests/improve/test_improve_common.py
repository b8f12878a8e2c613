"""Tests for the shared helpers in qikit.improve._common (findings, ids, checks)."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest

from qikit.errors import InputError
from qikit.improve import Finding, findings_frame
from qikit.improve import _common as c


def test_finding_is_a_string_with_a_code():
    f = Finding("Add a date: by when?", "smart.time.missing", "T")
    assert f == "Add a date: by when?"
    assert (f.code, f.subject, f.message) == ("smart.time.missing", "T", f)
    assert type(f.message) is str
    again = pickle.loads(pickle.dumps(f))
    assert (again, again.code, again.subject) == (f, f.code, f.subject)
    frame = findings_frame([f, "plain"])
    assert frame.to_dict("records") == [
        {
            "code": "smart.time.missing",
            "subject": "T",
            "message": "Add a date: by when?",
        },
        {"code": "", "subject": "", "message": "plain"},
    ]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Falls per 1,000 bed days", "falls-per-1-000-bed-days"),
        ("Résumé — café", "resume-cafe"),
        ("!!!", ""),
        ("a" * 50, "a" * 40),
        (
            "residents with a completed falls risk assessment",
            "residents-with-a-completed-falls-risk",
        ),
    ],
)
def test_slug(text, slug):
    assert c.slug(text) == slug


def test_short_repr_cuts_long_values():
    assert c.short_repr("x" * 100).endswith("...")
    assert len(c.short_repr("x" * 100)) == 60

    class Broken:
        def __repr__(self):
            raise RuntimeError

    assert c.short_repr(Broken()) == "<Broken>"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: c.boolean("yes", "flag"),
            "`flag`: must be True or False (got 'yes').",
        ),
        (lambda: c.integer(True, "k"), "`k`: must be a whole number (got True)."),
        (lambda: c.integer("3", "k"), "`k`: must be a whole number (got '3')."),
        (lambda: c.number(complex(1, 1), "v"), "`v`: must be a number (got (1+1j))."),
        (
            lambda: c.number(None, "v", required=True),
            "`v`: must be a number (got None).",
        ),
        (lambda: c.number(-1, "v", minimum=0), "`v`: must be at least 0 (got -1.0)."),
        (lambda: c.text_list({"a": 1}, "items"), "`items`: must be a list of text"),
        (lambda: c.text_list(5, "items"), "`items`: must be a list of text (got 5)."),
        (lambda: c.text("x", "t", required=True, limit=0), "`t`: is longer than 0"),
        (lambda: c.date(3, "when"), "`when`: is not a date (got 3)."),
        (
            lambda: c.date("2024-02-30", "when"),
            "`when`: is not a date (got '2024-02-30').",
        ),
        (lambda: c.identifier(5, "id"), "`id`: is not a usable id (got 5)."),
        (
            lambda: c.list_of("x", "things", int),
            "`things`: must be a list of int objects",
        ),
        (lambda: c.mapping({}, "Thing", ["a"], ["a"]), "`d`: the key 'a' is missing"),
    ],
)
def test_helper_messages(call, message):
    with pytest.raises(InputError) as err:
        call()
    assert str(err.value).startswith(message)


def test_helpers_accept_numpy_and_timestamps():
    import pandas as pd

    assert c.number(np.float32(2.5), "v") == 2.5
    assert c.integer(np.int64(4), "k") == 4
    assert c.integer(4.0, "k") == 4
    assert c.date(pd.Timestamp("2024-01-02"), "d") == dt.date(2024, 1, 2)
    assert c.date(pd.NaT, "d") is None
    assert c.id_list(["a", "a", "b"], "ids") == ["a", "b"]
    assert c.join_words(["a", "b", "c"]) == "a, b and c"
    assert c.join_words([]) == ""
    assert c.fmt_number(2.0) == "2" and c.fmt_number(1234.5) == "1,234.5"
    assert c.human_date(dt.date(2016, 12, 31)) == "31 December 2016"
