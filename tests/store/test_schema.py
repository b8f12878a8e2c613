"""Schema, SQLite settings, migrations and where the store lives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from qikit.errors import InputError
from qikit.store import SCHEMA_VERSION, StoreError, default_store_path, open_store
from qikit.store import migrations as migrations_module
from qikit.store.engine import resolve_url
from qikit.store.schema import metadata
from tests.store.helpers import make_project


def _shape(engine: sa.Engine) -> dict:
    """Tables, columns, keys and indexes as the database reports them."""
    inspector = sa.inspect(engine)
    shape = {}
    for table in inspector.get_table_names():
        shape[table] = {
            "columns": {
                c["name"]: (str(c["type"]), c["nullable"])
                for c in inspector.get_columns(table)
            },
            "pk": tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
            "unique": sorted(
                tuple(u["column_names"])
                for u in inspector.get_unique_constraints(table)
            ),
            "fks": sorted(
                (
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    (f.get("options") or {}).get("ondelete"),
                )
                for f in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
        }
    return shape


def _expected(dialect: sa.Dialect) -> dict:
    """The same description, from qikit.store.schema."""
    shape = {}
    for table in metadata.sorted_tables:
        shape[table.name] = {
            "columns": {
                c.name: (str(c.type.compile(dialect=dialect)), c.nullable)
                for c in table.columns
            },
            "pk": tuple(c.name for c in table.primary_key.columns),
            "unique": sorted(
                tuple(c.name for c in u.columns)
                for u in table.constraints
                if isinstance(u, sa.UniqueConstraint)
            ),
            "fks": sorted(
                (
                    (f.parent.name,),
                    f.column.table.name,
                    (f.column.name,),
                    f.ondelete,
                )
                for f in table.foreign_keys
            ),
            "indexes": sorted(
                (i.name, tuple(c.name for c in i.columns), bool(i.unique))
                for i in table.indexes
            ),
        }
    return shape


def test_new_store_matches_the_schema(store):
    assert store.schema_version == SCHEMA_VERSION
    assert _shape(store.engine) == _expected(store.engine.dialect)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT version FROM schema_version").all()
    assert [r[0] for r in rows] == [1, 2]


def test_sqlite_settings(store):
    with store.engine.connect() as conn:
        pragma = conn.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
        assert pragma("PRAGMA busy_timeout").scalar() == 10_000


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sa.exc.IntegrityError, match="FOREIGN KEY"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO data_points (measure_id, x, recorded_at) "
                "VALUES (42, '2024-01-01', '2024-01-01')"
            )
    store.save_project(make_project(), "Spring", "Ward 6")
    with store.engine.begin() as conn:  # deleting a cohort deletes all of it
        conn.exec_driver_sql("DELETE FROM cohorts")
    with store.engine.connect() as conn:
        for table in ("teams", "projects", "measures", "data_points", "pdsa_cycles"):
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0


# ------------------------------------------------------------------------- migrations
V1_DDL = """
CREATE TABLE schema_version (
    version INTEGER NOT NULL PRIMARY KEY,
    description VARCHAR(200) NOT NULL,
    applied_at DATETIME NOT NULL
);
CREATE TABLE cohorts (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    created_at DATETIME NOT NULL,
    CONSTRAINT uq_cohorts_name UNIQUE (name)
);
CREATE TABLE teams (
    id INTEGER NOT NULL PRIMARY KEY,
    cohort_id INTEGER NOT NULL,
    name VARCHAR(200) NOT NULL,
    created_at DATETIME NOT NULL,
    CONSTRAINT uq_teams_cohort_id_name UNIQUE (cohort_id, name),
    FOREIGN KEY (cohort_id) REFERENCES cohorts (id) ON DELETE CASCADE
);
CREATE TABLE learners (
    id INTEGER NOT NULL PRIMARY KEY,
    cohort_id INTEGER NOT NULL,
    team_id INTEGER,
    name VARCHAR(200) NOT NULL,
    created_at DATETIME NOT NULL,
    CONSTRAINT uq_learners_cohort_id_name UNIQUE (cohort_id, name),
    FOREIGN KEY (cohort_id) REFERENCES cohorts (id) ON DELETE CASCADE,
    FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL
);
CREATE INDEX ix_learners_team_id ON learners (team_id);
CREATE TABLE projects (
    id INTEGER NOT NULL PRIMARY KEY,
    team_id INTEGER NOT NULL,
    key VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL,
    document JSON,
    revision INTEGER NOT NULL,
    document_revision INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    CONSTRAINT uq_projects_team_id_key UNIQUE (team_id, key),
    CONSTRAINT uq_projects_team_id_name UNIQUE (team_id, name),
    FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE
);
CREATE TABLE measures (
    id INTEGER NOT NULL PRIMARY KEY,
    project_id INTEGER NOT NULL,
    key VARCHAR(200) NOT NULL,
    name VARCHAR(200) NOT NULL,
    kind VARCHAR(200),
    unit VARCHAR(200),
    x_type VARCHAR(8),
    position INTEGER NOT NULL,
    document JSON,
    created_at DATETIME NOT NULL,
    CONSTRAINT uq_measures_project_id_key UNIQUE (project_id, key),
    FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);
CREATE TABLE data_points (
    id INTEGER NOT NULL PRIMARY KEY,
    measure_id INTEGER NOT NULL,
    x VARCHAR(64) NOT NULL,
    y FLOAT,
    n FLOAT,
    recorded_at DATETIME NOT NULL,
    FOREIGN KEY (measure_id) REFERENCES measures (id) ON DELETE CASCADE
);
CREATE INDEX ix_data_points_measure_id_x ON data_points (measure_id, x);
CREATE TABLE pdsa_cycles (
    id INTEGER NOT NULL PRIMARY KEY,
    project_id INTEGER NOT NULL,
    key VARCHAR(200) NOT NULL,
    change_idea TEXT,
    position INTEGER NOT NULL,
    document JSON NOT NULL,
    started_on DATE,
    finished_on DATE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    CONSTRAINT uq_pdsa_cycles_project_id_key UNIQUE (project_id, key),
    FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);
INSERT INTO schema_version VALUES (1, 'version 1, by hand', '2024-01-01 00:00:00');
INSERT INTO cohorts VALUES (1, 'Spring 2024', '2024-01-01 09:00:00');
INSERT INTO teams VALUES (1, 1, 'Ward 3', '2024-01-01 09:00:00');
INSERT INTO learners VALUES (1, 1, 1, 'Aisha', '2024-01-01 09:00:00');
INSERT INTO projects VALUES (1, 1, 'p1', 'Falls', NULL, 3, 1,
    '2024-01-01 09:00:00', '2024-01-02 09:00:00');
INSERT INTO measures VALUES (1, 1, 'falls', 'Falls', 'outcome', '', 'date', 0, NULL,
    '2024-01-01 09:00:00');
INSERT INTO data_points VALUES (1, 1, '2024-01-07', 3, NULL, '2024-01-08 09:00:00');
INSERT INTO data_points VALUES (2, 1, '2024-01-14', 2, NULL, '2024-01-15 09:00:00');
"""


@pytest.fixture
def v1_store(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.executescript(V1_DDL)
    raw.close()
    return path


def test_version_1_store_is_migrated(v1_store):
    with open_store(v1_store) as store:
        assert store.schema_version == 2
        assert _shape(store.engine) == _expected(store.engine.dialect)
        data = store.measure_data("Spring 2024")
        assert data["y"].tolist() == [3.0, 2.0]
        assert data["recorded_by"].isna().all()  # the new column, empty
        assert data["x"].tolist()[0].isoformat() == "2024-01-07T00:00:00"
        store.record_game_result({"red": 4}, "Spring 2024", "red beads", team="Ward 3")
        store.append_points([("2024-01-21", 5)], 1, recorded_by="Aisha")
        assert store.cohort_overview("Spring 2024")["points"].tolist() == [3]
        with store.engine.connect() as conn:
            versions = conn.exec_driver_sql(
                "SELECT version, description FROM schema_version ORDER BY version"
            ).all()
        assert versions == [
            (1, "version 1, by hand"),
            (2, migrations_module.MIGRATIONS[1].description),
        ]
    with open_store(v1_store) as again:  # nothing left to do
        assert again.schema_version == 2


def test_failed_migration_leaves_the_store_as_it_was(v1_store, monkeypatch):
    def broken(conn):
        migrations_module._v2(conn)
        raise sa.exc.OperationalError("ALTER", {}, sqlite3.OperationalError("disk I/O"))

    steps = list(migrations_module.MIGRATIONS)
    steps[1] = migrations_module.Migration(2, "broken", broken)
    monkeypatch.setattr(migrations_module, "MIGRATIONS", tuple(steps))
    with pytest.raises(StoreError, match="Cannot upgrade the store"):
        open_store(v1_store)
    with sqlite3.connect(v1_store) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        columns = {r[1] for r in raw.execute("PRAGMA table_info(data_points)")}
        version = raw.execute("SELECT max(version) FROM schema_version").fetchone()
    raw.close()
    assert "game_results" not in tables
    assert "recorded_by" not in columns
    assert version == (1,)


def test_newer_store_is_refused(store):
    path = store.engine.url.database
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO schema_version VALUES (7, 'from the future', '2030-01-01')"
        )
    store.close()
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert str(info.value) == (
        f"{path!r} was written by a newer version of qikit (store schema version 7; "
        "this qikit understands versions up to 2). Update qikit (pip install "
        "--upgrade qikit) to open it; nothing was changed."
    )


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "music.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE songs (title TEXT)")
    raw.close()
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert str(info.value) == (
        f"{str(path)!r} is a database, but not a qikit cohort store (it has no "
        "schema_version table). Choose another file, or an empty database, for the "
        "cohort store."
    )


def test_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Ward 3 notes\n" * 200)
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert str(info.value) == (
        f"{str(path)!r} is not a qikit cohort store (it is not a SQLite database). "
        "Choose another file name; qikit did not change this file."
    )
    assert path.read_text() == "Ward 3 notes\n" * 200


# -------------------------------------------------------------- where the store lives
def test_env_var_names_the_store(tmp_path, monkeypatch):
    with open_store() as store:
        assert store.engine.url.database == str(tmp_path / "env-store.sqlite3")
    url = f"sqlite:///{tmp_path / 'from-url.sqlite3'}"
    monkeypatch.setenv("QIKIT_STORE", url)
    with open_store() as store:
        store.get_or_create_cohort("Spring")
    assert (tmp_path / "from-url.sqlite3").exists()


def test_argument_wins_over_the_env_var(tmp_path):
    with open_store(tmp_path / "given.sqlite3") as store:
        assert store.engine.url.database == str(tmp_path / "given.sqlite3")
    assert not (tmp_path / "env-store.sqlite3").exists()


def test_env_var_path_may_start_with_home(tmp_path, monkeypatch):
    monkeypatch.setenv("QIKIT_STORE", "~/stores/spring.sqlite3")
    with open_store() as store:
        assert store.engine.url.database == str(
            tmp_path / "home" / "stores" / "spring.sqlite3"
        )


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_env_var_means_the_default(tmp_path, monkeypatch, blank):
    monkeypatch.setenv("QIKIT_STORE", blank)
    with open_store() as store:
        assert store.engine.url.database == str(default_store_path())
    assert default_store_path() == tmp_path / "home" / ".qikit" / "store.sqlite3"


def test_default_store_is_in_home(tmp_path, monkeypatch):
    monkeypatch.delenv("QIKIT_STORE")
    assert default_store_path() == tmp_path / "home" / ".qikit" / "store.sqlite3"
    with open_store() as store:
        assert store.schema_version == 2
    assert default_store_path().exists()  # the folder was created


def test_paths_and_urls(tmp_path):
    assert (
        resolve_url(tmp_path / "a.sqlite3")
        == f"sqlite+pysqlite:///{tmp_path}/a.sqlite3"
    )
    url = "postgresql+psycopg://qikit:secret@db.example/qikit"
    assert resolve_url(url) == url
    with open_store(tmp_path / "new" / "deeper" / "store.sqlite3") as store:
        assert "new/deeper/store.sqlite3" in repr(store)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            42,
            InputError,
            "`url_or_path`: expected the path of a store file or a database URL (got "
            "42). For example 'cohort.sqlite3' or 'postgresql+psycopg://user@server/"
            "qikit'.",
        ),
        (
            "  ",
            InputError,
            "`url_or_path`: expected the path of a store file or a database URL",
        ),
        (
            "a\x00b.sqlite3",
            InputError,
            "`url_or_path`: a path cannot contain a NUL character (got "
            "'a\\x00b.sqlite3'). Retype the path.",
        ),
        (
            "ward\ud800.sqlite3",
            InputError,
            "`url_or_path`: holds a character that is not ordinary text (got "
            "'ward\\ud800.sqlite3'). Retype the path rather than pasting it.",
        ),
        (
            "nosuchdb://x",
            InputError,
            "`url_or_path`: the database driver for this URL is not available (Can't "
            "load plugin",
        ),
        (
            "://nowhere",
            InputError,
            "`url_or_path`: is not a database URL that qikit understands (Could not "
            "parse",
        ),
    ],
)
def test_bad_locations_have_messages(value, error, message):
    with pytest.raises(error) as info:
        open_store(value)
    assert str(info.value).startswith(message)


def test_folder_is_refused(tmp_path):
    with pytest.raises(InputError) as info:
        open_store(tmp_path)
    assert str(info.value).startswith(
        "`url_or_path`: this is a folder, not a file (got "
    )
    assert str(info.value).endswith(
        "). Name a file inside it, such as 'cohort.sqlite3'."
    )


def test_env_var_errors_name_the_variable(monkeypatch):
    fix = (
        "Change the QIKIT_STORE environment variable, or remove it to use "
        f"{str(default_store_path())!r}."
    )
    monkeypatch.setenv("QIKIT_STORE", "nosuchdb://x")
    with pytest.raises(InputError, match="^`QIKIT_STORE`: the database driver") as e:
        open_store()
    assert str(e.value).endswith(fix)
    monkeypatch.setenv("QIKIT_STORE", "://nowhere")
    with pytest.raises(InputError, match="^`QIKIT_STORE`: is not a database") as e:
        open_store()
    assert str(e.value).endswith(fix)


def test_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as info:
        open_store(blocker / "sub" / "store.sqlite3")
    assert str(info.value).startswith(
        f"Cannot create the folder {str(blocker / 'sub')!r} for the cohort store ("
    )
    assert str(info.value).endswith(
        "Choose a folder you can write to, with open_store(path) or the QIKIT_STORE "
        "environment variable."
    )
