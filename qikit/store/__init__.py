"""The cohort store: where a cohort's projects, measure data, PDSA cycles and
workshop game results live, so that a trainer sees every team.

SQLite by default (a file at the path in the ``QIKIT_STORE`` environment variable,
else ``~/.qikit/store.sqlite3``), or any database SQLAlchemy reaches, such as
PostgreSQL, by passing its URL. Built on SQLAlchemy Core; the schema is versioned
and upgraded when an older store is opened.

Examples
--------
>>> import pathlib, tempfile
>>> from qikit.store import open_store
>>> folder = tempfile.TemporaryDirectory()
>>> with open_store(pathlib.Path(folder.name) / "cohort.sqlite3") as store:
...     _ = store.get_or_create_learner("Spring 2025", "Aisha", team="Ward 3")
...     store.cohort_overview("Spring 2025")[["team", "learners", "projects"]]
     team  learners  projects
0  Ward 3         1         0
>>> folder.cleanup()
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
