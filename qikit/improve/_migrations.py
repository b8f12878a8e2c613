"""Schema versions of the project file and the migrations between them (private).

``MIGRATIONS[k]`` turns a schema version ``k`` document into a version ``k + 1``
document; :func:`migrate_document` applies them in order before anything else is
read. The table of versions is in :mod:`qikit.improve.projectfile`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from qikit import _validate as v
from qikit._version import __version__
from qikit.errors import InputError, ProjectFileError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "USE_COPY", "file_error", "migrate_document"]

#: ``MIGRATIONS[k]`` turns a schema version ``k`` document into a version ``k + 1``
#: document. Each function receives the whole document (a private copy) and
#: returns it upgraded; :func:`migrate_document` applies them in order.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

#: What to do about a file that was damaged after qikit wrote it.
USE_COPY = (
    "If you edited the file by hand, undo the change; otherwise open an earlier "
    "copy of the file."
)


def _migration(from_version: int) -> Callable:
    def register(function: Callable[[dict], dict]) -> Callable[[dict], dict]:
        if from_version in MIGRATIONS:  # pragma: no cover - a programming mistake
            raise RuntimeError(f"two migrations from schema version {from_version}")
        MIGRATIONS[from_version] = function
        return function

    return register


@_migration(1)
def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2: ``title`` → ``name``, ``pdsa`` → ``pdsa_cycles``, notes as a list.

    Version 1 kept the notes as one block of text; it becomes a single undated
    note (none when the text was empty). ``members`` starts empty.
    """
    project = document["project"]
    if not isinstance(project, dict):
        raise v.fail("project", "must be a dictionary of the project's parts", project)
    for old, new in (("title", "name"), ("pdsa", "pdsa_cycles")):
        if old in project:
            if new in project:
                raise v.fail(
                    "project",
                    f"a version 1 file cannot hold both {old!r} and {new!r}",
                    [old, new],
                )
            project[new] = project.pop(old)
    notes = project.get("notes", "")
    if notes is None:
        notes = ""
    if not isinstance(notes, str):
        raise v.fail("project.notes", "version 1 notes must be text", notes)
    project["notes"] = (
        [
            {
                "id": "v1-notes",
                "text": notes,
                "date": None,
                "author": "",
                "key_learning": False,
            }
        ]
        if notes.strip()
        else []
    )
    project.setdefault("members", [])
    document["schema_version"] = 2
    return document


@_migration(2)
def _v2_to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 → 3: a measure's ``goal`` → ``target``; ``rules`` for the project
    (``"anhoej"``, qikit's default until then) and for each measure (``null``)."""
    project = document["project"]
    if not isinstance(project, dict):
        raise v.fail("project", "must be a dictionary of the project's parts", project)
    measures = project.get("measures", [])
    if isinstance(measures, list):
        for index, measure in enumerate(measures):
            if not isinstance(measure, dict):
                continue  # reported with its path when the measures are read
            if "goal" in measure:
                if "target" in measure:
                    raise v.fail(
                        v.path("project.measures", index),
                        "a version 2 file cannot hold both 'goal' and 'target'",
                        ["goal", "target"],
                    )
                measure["target"] = measure.pop("goal")
            measure.setdefault("rules", None)
    project.setdefault("rules", "anhoej")
    document["schema_version"] = 3
    return document


#: The version of the file layout that this qikit writes.
SCHEMA_VERSION = max(MIGRATIONS) + 1


def file_error(source: str, reason: str, problem: str, action: str) -> ProjectFileError:
    """``Cannot open {source}: {problem}. {action}`` with its reason code."""
    return ProjectFileError(
        f"Cannot open {source}: {problem}. {action}", reason=reason, source=source
    )


def migrate_document(
    document: dict[str, Any], source: str = "the project file"
) -> dict[str, Any]:
    """Upgrade a parsed project document to :data:`SCHEMA_VERSION`.

    Parameters
    ----------
    document : dict
        The whole parsed file (``format``, ``schema_version``, ..., ``project``).
        It is not modified: the migrations work on a deep copy.
    source : str, optional
        How messages name the file, such as ``"'falls.qiproj.json'"``.

    Returns
    -------
    dict
        The document at the current schema version.

    Raises
    ------
    ProjectFileError
        When the version is missing, not a whole number, older than 1 or newer
        than this qikit understands, or when a migration finds the document
        damaged.

    Examples
    --------
    >>> from qikit.improve.projectfile import migrate_document
    >>> v1 = {"format": "qikit-project", "schema_version": 1, "qikit_version": "0.0.1",
    ...       "project": {"title": "Falls", "pdsa": [], "notes": ""}}
    >>> new = migrate_document(v1)
    >>> new["project"]["name"], new["project"]["pdsa_cycles"]
    ('Falls', [])
    """
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise file_error(
            source,
            "bad_version",
            "the file's schema version is missing or not a whole number from 1 up "
            f"(got {version!r})",
            USE_COPY,
        )
    if version > SCHEMA_VERSION:
        raise file_error(
            source,
            "newer_version",
            f"it was saved by a newer version of qikit (file schema version "
            f"{version}; this qikit {__version__} reads versions up to "
            f"{SCHEMA_VERSION})",
            "Update qikit (for example `pip install --upgrade qikit`, or ask your "
            "trainer) and open the file again.",
        )
    if version < SCHEMA_VERSION:
        document = copy.deepcopy(document)
    while version < SCHEMA_VERSION:
        try:
            document = MIGRATIONS[version](document)
        except InputError as error:
            raise file_error(
                source,
                "invalid",
                f"the file could not be upgraded from schema version {version} "
                f"({str(error).rstrip('.')})",
                USE_COPY,
            ) from error
        version += 1
    return document
