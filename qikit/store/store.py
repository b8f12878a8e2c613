"""The cohort store: every team's projects, measure data, PDSA cycles and game results.

A trainer runs a cohort of learners in teams. Each team works on one or more
improvement projects; each project has measures with data and a log of PDSA cycles;
workshops add results of games such as the red bead experiment. The store keeps all
of it in one database, so that the trainer sees every team, and learners can carry
on next week from any computer.

Cohorts, teams and learners are identified by name: a team's name is unique within
its cohort, a learner's name too. Names are trimmed, and must be 1 to 200
characters of ordinary text on one line. Every value reaches the database as a
bound parameter, never as part of the SQL.

:class:`Store` is composed of one part per resource, each in its own module:
:mod:`~qikit.store._people` (cohorts, teams, learners),
:mod:`~qikit.store._projects`, :mod:`~qikit.store._measures` (measures and data
points), :mod:`~qikit.store._pdsa` (PDSA cycles), :mod:`~qikit.store._games` (game
results) and :mod:`~qikit.store._overview` (the trainer's board), all built on
:mod:`~qikit.store._base` (transactions and lookups). A new resource is a new module
and one more base class here.

See :mod:`qikit.store.engine` for where the store lives and the SQLite settings,
:mod:`qikit.store.schema` for the tables, and :mod:`qikit.store.migrations` for how
an older store is upgraded.
"""

from __future__ import annotations

import os

from qikit.store._games import GamesMixin
from qikit.store._measures import MeasuresMixin
from qikit.store._overview import OverviewMixin
from qikit.store._pdsa import PDSAMixin
from qikit.store._people import PeopleMixin
from qikit.store._projects import ProjectsMixin
from qikit.store.engine import (
    create_store_engine,
    describe,
    location_argument,
    resolve_url,
)

__all__ = ["Store", "open_store"]


class Store(
    PeopleMixin,
    ProjectsMixin,
    MeasuresMixin,
    PDSAMixin,
    GamesMixin,
    OverviewMixin,
):
    """A cohort store: open it with :func:`open_store`.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        An engine made by :func:`qikit.store.engine.create_store_engine`.
    location : str, optional
        How messages name the store (default: from the engine's URL).

    Notes
    -----
    **The order of the arguments.** A method that stores something takes what it
    stores first, then where it goes (the largest place first), as the file API
    does with ``qikit.improve.save_project(project, path)``::

        store.save_project(project, cohort, team)           # -> the new revision
        store.add_pdsa_cycle(cycle, cohort, team, project)  # -> the cycle's id
        store.append_points(rows, measure)                  # -> points added
        store.record_game_result(payload, cohort, game)     # -> the result's number

    ``measure`` is the store's number for a measure, from
    ``store.measure_id(cohort, team, project, measure_name)``. ``append_points``
    also takes ``x=``, ``y=``, ``n=`` (the columns) and ``recorded_by=``;
    ``record_game_result`` takes ``team=``, ``learner=`` and ``round=``. The old
    orders (``save_project(cohort, team, project)`` and the like, with what is
    stored last) still work in this release, with a ``DeprecationWarning`` that
    shows the new one.

    A method that reads, lists or looks up names only where, the largest place
    first, as ``qikit.improve.load_project(path)`` does::

        store.load_project(cohort, team, project)           # -> Project
        store.project_revision(cohort, team, project)       # -> int
        store.measure_id(cohort, team, project, measure)    # -> int
        store.get_or_create_team(cohort, name)              # also _cohort, _learner
        store.list_teams(cohort)                            # also list_cohorts() ...
        store.measure_data(cohort, team=None, project=None, measure=None)
        store.pdsa_cycles(cohort, team=None, project=None, change_idea=None)
        store.game_results(cohort, game=None)
        store.cohort_overview(cohort)

    Every table returned is a tidy :class:`pandas.DataFrame` with the columns its
    method names, and times in UTC.

    A ``Store`` may be used from several threads; each call runs in its own
    transaction. Do not share one across processes: open the store again in each
    process (and call :meth:`close` when done, or use ``with``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from qikit.store import open_store
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = open_store(pathlib.Path(folder.name) / "cohort.sqlite3")
    >>> store.get_or_create_team("Spring 2025", "  Ward 3 ")
    1
    >>> store.list_teams("Spring 2025")[["team", "learners"]]
         team  learners
    0  Ward 3         0
    >>> store.close(); folder.cleanup()
    """


def open_store(url_or_path: str | os.PathLike[str] | None = None) -> Store:
    """Open the cohort store, creating or upgrading it as needed.

    Parameters
    ----------
    url_or_path : str or path-like, optional
        The path of a SQLite file (its folder is created when missing), or a
        SQLAlchemy URL such as ``"postgresql+psycopg://user:pw@server/qikit"``.
        By default the ``QIKIT_STORE`` environment variable (a path or a URL),
        else ``~/.qikit/store.sqlite3``.

    Returns
    -------
    Store
        Close it with :meth:`Store.close`, or use it in a ``with`` block.

    Raises
    ------
    InputError
        When the argument (or ``QIKIT_STORE``) is neither a path nor a URL, or
        names a folder; the message names whichever chose the store.
    StoreError
        When the file is not a qikit store, was written by a newer qikit, or
        cannot be opened or created.

    See Also
    --------
    qikit.store.engine : where the store lives and how SQLite is set up.

    Notes
    -----
    Apps call ``open_store()`` with no argument, so whoever runs a workshop chooses
    the store once for every app and notebook, for example
    ``export QIKIT_STORE=/srv/qikit/spring-2025.sqlite3`` (or a PostgreSQL URL).
    An argument always wins over ``QIKIT_STORE``; a ``QIKIT_STORE`` that is empty
    or only spaces counts as not set.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from qikit.store import open_store
    >>> folder = tempfile.TemporaryDirectory()
    >>> with open_store(pathlib.Path(folder.name) / "cohort.sqlite3") as store:
    ...     store.schema_version
    2
    >>> folder.cleanup()
    """
    url = resolve_url(url_or_path)
    engine = create_store_engine(url, argument=location_argument(url_or_path))
    try:
        return Store(engine, location=describe(url))
    except BaseException:
        engine.dispose()
        raise
