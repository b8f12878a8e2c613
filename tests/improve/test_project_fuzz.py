"""Property-based tests: the project loader and constructors let only qikit errors out.

A damaged file (random bytes, a cut-off download, a flipped byte, a hand edit that
changes a value's type or drops a key) must give a :class:`QikitError` or a whole,
working project, never another exception and never half a project.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qikit.errors import ProjectFileError, QikitError
from qikit.improve._json import pretty_json
from qikit.improve.examples import example_project
from qikit.improve.measures import Measure
from qikit.improve.project import _PROJECT_KEYS, Note, Project
from qikit.improve.projectfile import project_from_bytes, project_to_bytes

UTC = dt.UTC
# Example counts come from the profile in tests/conftest.py (dev or ci).
FUZZ = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


PROJECT = example_project()
VALID = project_to_bytes(PROJECT)
DOCUMENT = json.loads(VALID)


def _paths(value, prefix=()):
    """Every path (tuple of keys and indexes) inside a JSON value, the root included."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


PATHS = [p for p in _paths(DOCUMENT) if p]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _set(document, path, value):
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _delete(document, path):
    target = document
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]


def _check_whole(project: Project, document: dict) -> None:
    """A returned project is complete: every list of the file is there, and it
    survives another trip through a file."""
    body = document["project"]
    assert isinstance(project, Project)
    assert len(project.measures) == len(body.get("measures", body.get("measures", [])))
    cycles = body.get("pdsa_cycles", body.get("pdsa"))
    assert len(project.pdsa_cycles) == len(cycles)
    assert project_from_bytes(project_to_bytes(project)) == project
    project.validate()
    project.to_frame()


def _load(data: bytes):
    try:
        return project_from_bytes(data)
    except QikitError:
        return None


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    try:
        project_from_bytes(data)
    except ProjectFileError:
        return
    raise AssertionError("random bytes were read as a project")  # pragma: no cover


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID) - 1))
def test_every_truncation_is_refused(cut):
    data = VALID[:cut]
    if not data.strip() or cut < len(VALID.rstrip()):
        try:
            project_from_bytes(data)
        except ProjectFileError as error:
            assert error.reason in {"empty", "truncated"}
            return
        raise AssertionError(f"a file cut at byte {cut} was loaded")  # pragma: no cover
    assert project_from_bytes(data) == PROJECT  # only the final newline was cut


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.integers(1, 255))
def test_flipped_byte(position, flip):
    data = bytearray(VALID)
    data[position] ^= flip
    project = _load(bytes(data))
    if project is not None:
        _check_whole(project, json.loads(bytes(data).decode("utf-8-sig")))


@FUZZ
@given(st.sampled_from(PATHS), json_values)
def test_a_value_changed_to_anything(path, value):
    document = json.loads(VALID)
    _set(document, path, value)
    project = _load(json.dumps(document).encode())
    if project is not None:
        _check_whole(project, document)


@FUZZ
@given(st.sampled_from(PATHS))
def test_a_key_or_item_removed(path):
    document = json.loads(VALID)
    _delete(document, path)
    project = _load(json.dumps(document).encode())
    if project is not None:
        _check_whole(project, document)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=2, max_size=5))
def test_several_changes(changes):
    document = json.loads(VALID)
    for path, value in changes:
        try:
            _set(document, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
    project = _load(json.dumps(document).encode())
    if project is not None:
        _check_whole(project, document)


@FUZZ
@given(json_values)
def test_any_json_document(value):
    assert _load(json.dumps(value).encode()) is None


# ------------------------------------------------------------------- constructors
anything = st.one_of(
    json_values,
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(UTC)),
    st.builds(object),
    st.lists(st.integers(), max_size=3).map(tuple),
)


@FUZZ
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "name": anything,
            "team": anything,
            "members": anything,
            "aim": anything,
            "measures": anything,
            "driver_diagram": anything,
            "pdsa_cycles": anything,
            "notes": anything,
            "created": anything,
            "updated": anything,
            "id": anything,
        },
    )
)
def test_project_constructor(kwargs):
    kwargs.setdefault("name", "x")
    try:
        project = Project(**kwargs)
    except QikitError:
        return
    assert project_from_bytes(project_to_bytes(project)) == project


@FUZZ
@given(anything, anything, anything, anything, anything)
def test_note_constructor(text, date, author, key_learning, ident):
    try:
        note = Note(text, date=date, author=author, key_learning=key_learning, id=ident)
    except QikitError:
        return
    assert Note.from_dict(note.to_dict()) == note


@FUZZ
@given(st.dictionaries(st.sampled_from(_PROJECT_KEYS), json_values))
def test_project_from_any_dict(d):
    try:
        Project.from_dict(d)
    except QikitError:
        pass


# -------------------------------------------------------------------- round trips
texts = st.text(
    st.characters(blacklist_categories=("Cs",)), max_size=40
)  # any text a person can type, control characters included


@FUZZ
@given(
    name=texts,
    team=texts,
    members=st.lists(texts, max_size=3),
    notes=st.lists(
        st.builds(
            Note,
            texts,
            date=st.none() | st.dates(),
            author=texts,
            key_learning=st.booleans(),
            id=st.uuids().map(lambda u: u.hex),
        ),
        max_size=3,
    ),
    values=st.lists(
        st.floats(allow_nan=True, allow_infinity=False, width=64),
        min_size=0,
        max_size=30,
    ),
)
def test_round_trip(name, team, members, notes, values):
    data = pd.DataFrame(
        {"x": pd.date_range("2024-01-01", periods=len(values), freq="D"), "y": values}
    )
    measure = Measure("Waiting days", kind="outcome", data=data)
    project = Project(name, team=team, members=members, notes=notes, measures=[measure])
    again = project_from_bytes(project_to_bytes(project))
    assert again == project
    got = again.measures[0].data["y"].to_numpy(dtype=float)
    assert np.array_equal(got, np.asarray(values, dtype=float), equal_nan=True)


@FUZZ
@given(json_values)
def test_pretty_json_is_json(value):
    assume(not isinstance(value, float) or np.isfinite(value))
    text = pretty_json(value)
    assert json.loads(text) == value
