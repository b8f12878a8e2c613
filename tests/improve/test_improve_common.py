"""Tests for qikit.improve._common (findings, ids, from_dict paths) and for the base
toolkit as the improvement objects use it."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest

from qikit import _format as fmt
from qikit import _validate as v
from qikit.errors import InputError
from qikit.improve import Finding, Measure, findings_frame
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
    # measure ids are made with the one slug maker in qikit._format
    assert fmt.slug(text) == slug
    assert Measure(text or "x", kind="outcome").id == (slug or "measure")


def test_short_repr_cuts_long_values():
    assert v.short_repr("x" * 100).endswith("...")
    assert len(v.short_repr("x" * 100)) == 60

    class Broken:
        def __repr__(self):
            raise RuntimeError

    assert v.short_repr(Broken()) == "<Broken>"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: v.boolean("yes", "flag"),
            "`flag`: must be True or False (got 'yes').",
        ),
        (
            lambda: v.whole_number(True, "k", required=False),
            "`k`: must be a whole number (got True).",
        ),
        (
            lambda: v.whole_number("3", "k", required=False),
            "`k`: must be a whole number (got '3').",
        ),
        (lambda: v.number(complex(1, 1), "v"), "`v`: must be a number (got (1+1j))."),
        (lambda: v.number(None, "v"), "`v`: is missing (got None)."),
        (lambda: v.number(-1, "v", minimum=0), "`v`: must be at least 0 (got -1)."),
        (lambda: v.text_list({"a": 1}, "items"), "`items`: must be a list of text"),
        (lambda: v.text_list(5, "items"), "`items`: must be a list of text (got 5)."),
        (lambda: v.text("x", "t", required=True, limit=0), "`t`: is longer than 0"),
        (lambda: v.date(3, "when"), "`when`: is not a date (got 3)."),
        (
            lambda: v.date("2024-02-30", "when"),
            "`when`: is not a real date (got '2024-02-30'",
        ),
        (lambda: c.identifier(5, "id"), "`id`: is not a usable id (got 5)."),
        (
            lambda: v.list_of("x", "things", int),
            "`things`: must be a list of int objects",
        ),
        (
            lambda: c.from_fields(dict, {}, "", ["a"], ["a"]),
            "`a`: is missing from the dict",
        ),
        (
            lambda: c.from_fields(dict, {}, "project.things[2]", ["a"], ["a"]),
            "`project.things[2].a`: is missing from the dict. Add 'a'.",
        ),
        (
            lambda: c.from_fields(dict, [1], "project.things[2]", ["a"]),
            "`project.things[2]`: a dict must be a dictionary (got [1]). Pass the "
            "dictionary made by dict.to_dict().",
        ),
    ],
)
def test_helper_messages(call, message):
    with pytest.raises(InputError) as err:
        call()
    assert str(err.value).startswith(message)


def test_every_helper_message_says_what_to_do():
    for call in (
        lambda: c.identifier(5, "id"),
        lambda: c.from_fields(dict, {"b": 1}, "x", ["a"]),
    ):
        with pytest.raises(InputError) as err:
            call()
        message = str(err.value)
        assert message.endswith(".") and ". " in message.split(")", 1)[-1]


def test_helpers_accept_numpy_and_timestamps():
    import pandas as pd

    assert v.number(np.float32(2.5), "v") == 2.5
    assert v.whole_number(np.int64(4), "k") == 4
    assert v.whole_number(4.0, "k") == 4
    assert v.date(pd.Timestamp("2024-01-02"), "d") == dt.date(2024, 1, 2)
    assert v.date(pd.NaT, "d") is None
    assert v.date("07/04/2025", "d") == dt.date(2025, 4, 7)  # day first
    assert c.id_list(["a", "a", "b"], "ids") == ["a", "b"]
    assert c.iso(dt.date(2024, 1, 2)) == "2024-01-02" and c.iso(None) is None
    assert fmt.join_words(["a", "b", "c"]) == "a, b and c"
    assert fmt.join_words([]) == ""
    assert fmt.fmt_number(2.0) == "2" and fmt.fmt_number(1234.5) == "1,234"
    assert fmt.human_date(dt.date(2016, 12, 31)) == "31 December 2016"


def test_finding_prefixed_keeps_code_and_subject():
    f = Finding("Add a date: by when?", "smart.time.missing", "T").prefixed("Aim: ")
    assert (f, f.code, f.subject) == (
        "Aim: Add a date: by when?",
        "smart.time.missing",
        "T",
    )
