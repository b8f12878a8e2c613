"""The cohort store: where a cohort's projects, measure data, PDSA cycles and
workshop game results live, so that a trainer sees every team.

SQLite by default (a file at the path in the ``QIKIT_STORE`` environment variable,
else ``~/.qikit/store.sqlite3``), or any database SQLAlchemy reaches, such as
PostgreSQL, by passing its URL. Built on SQLAlchemy Core; the schema is versioned
and upgraded when an older store is opened.

Start with :func:`open_store` (its example opens a store); :class:`Store` lists
every method and the order of their arguments: what is stored first, then where
it goes, as in ``store.save_project(project, cohort, team)``.
"""

from qikit.store.engine import ENV_VAR, default_store_path
from qikit.store.errors import ConflictError, NotFoundError, StoreError
from qikit.store.schema import SCHEMA_VERSION
from qikit.store.store import Store, open_store

__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "ConflictError",
    "NotFoundError",
    "Store",
    "StoreError",
    "default_store_path",
    "open_store",
]
