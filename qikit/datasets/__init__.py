"""Data sets to practise on: :func:`list_datasets` and :func:`load_dataset`.

Every set is synthetic, made up for teaching and modelled on published figures from
Scotland's health and social care improvement work where there are some (the stillbirth
rate falling by 19%, a social work waiting list 37% shorter, Hospital at Home in 22
partnerships). ``datasets/README.md`` in the repository documents each set: its story,
operational definition, columns and units, and sources.

The files are the CSV files and the Frictionless Data Package ``datapackage.json`` of
the repository's ``datasets/`` folder, installed with qikit as the package
``qikit.datasets.data`` and read with :mod:`importlib.resources`, so the sets load in
an installed copy of qikit as well as in a checkout.

Examples
--------
>>> from qikit.datasets import list_datasets, load_dataset
>>> sets = list_datasets()
>>> "stillbirths" in set(sets["name"])
True
>>> births = load_dataset("stillbirths")
>>> births.dtypes["month"].kind, births.dtypes["stillbirths"].kind
('M', 'i')
"""

from __future__ import annotations

import functools
import io
import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pandas as pd

from qikit._validate import closest, fail
from qikit.errors import QikitError

__all__ = ["list_datasets", "load_dataset"]

#: The package that holds the files (the repository's ``datasets/`` folder).
DATA_PACKAGE = "qikit.datasets.data"
#: The Frictionless Data Package descriptor inside it.
DESCRIPTOR = "datapackage.json"
#: The columns of :func:`list_datasets`, in order.
LIST_COLUMNS = (
    "name",
    "title",
    "story",
    "rows",
    "columns",
    "unit",
    "frequency",
    "charts",
    "teaches",
    "modules",
)


def _data_root() -> Traversable:
    """Where the files are: the installed package, else a checkout's ``datasets/``."""
    try:
        return resources.files(DATA_PACKAGE)
    except ModuleNotFoundError:
        # A checkout on sys.path without an install: the folder next to the package.
        checkout = Path(__file__).resolve().parents[2] / "datasets"
        if (checkout / DESCRIPTOR).is_file():
            return checkout
    raise QikitError(
        "qikit's data set files are missing: neither the package "
        f"{DATA_PACKAGE!r} nor a datasets/ folder beside qikit was found. "
        "Reinstall qikit (pip install --force-reinstall qikit, or pip install -e . "
        "in a checkout)."
    )


@functools.cache
def _package() -> dict[str, Any]:
    """The data package descriptor, read once."""
    text = _data_root().joinpath(DESCRIPTOR).read_text(encoding="utf-8")
    return json.loads(text)


def _resources() -> dict[str, dict[str, Any]]:
    return {res["name"]: res for res in _package()["resources"]}


def _names() -> list[str]:
    return [res["name"] for res in _package()["resources"]]


def _listing(names: list[str]) -> str:
    return ", ".join(repr(n) for n in names)


def _resolve(name: Any) -> str:
    """The data set's canonical name; case, spaces and ``-``/``_`` are forgiven."""
    names = _names()
    fix = f"Use one of: {_listing(names)}. list_datasets() describes each."
    if not isinstance(name, str):
        raise fail("name", "must be the name of a data set, as text", name, fix)
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key in names:
        return key
    near = closest(name, names)
    hint = f"Did you mean {near!r}? " if near is not None else ""
    raise fail("name", "is not one of qikit's data sets", name, hint + fix)


def list_datasets() -> pd.DataFrame:
    """The data sets that come with qikit, one row each.

    Returns
    -------
    pandas.DataFrame
        One row per data set, in the order of ``datasets/README.md``, with columns
        ``name`` (what :func:`load_dataset` takes), ``title``, ``story`` (one line),
        ``rows`` and ``columns`` (its size), ``unit`` (of the measure it is about),
        ``frequency`` (monthly, weekly, per event, ...), ``charts`` (the chart types
        it suits, e.g. ``"run, i"``), ``teaches`` (the shapes it shows: stable
        baseline, shift after a change, trend, seasonality, astronomical point, rare
        events, over-dispersion, many units) and ``modules`` (the curriculum modules
        that use it, e.g. ``"2, 6, 8"``).

    See Also
    --------
    load_dataset : One data set as a DataFrame.

    Examples
    --------
    >>> from qikit.datasets import list_datasets
    >>> sets = list_datasets()
    >>> list(sets.columns)[:4]
    ['name', 'title', 'story', 'rows']
    >>> falls = sets.set_index("name").loc["ward_falls"]
    >>> int(falls["rows"]), falls["charts"], falls["modules"]
    (24, 'run, c, u', '0, 6')
    """
    root = _data_root()
    rows = []
    for res in _package()["resources"]:
        about = res["qikit"]
        data = root.joinpath(res["path"]).read_bytes()
        rows.append(
            {
                "name": res["name"],
                "title": res["title"],
                "story": about["story"],
                "rows": data.count(b"\n") - 1,  # less the header
                "columns": len(res["schema"]["fields"]),
                "unit": about["unit"],
                "frequency": about["frequency"],
                "charts": ", ".join(about["charts"]),
                "teaches": ", ".join(about["teaches"]),
                "modules": ", ".join(str(m) for m in about["modules"]),
            }
        )
    frame = pd.DataFrame(rows, columns=list(LIST_COLUMNS))
    return frame.astype({"rows": "int64", "columns": "int64"})


def _column(text: pd.Series, field: dict[str, Any]) -> pd.Series:
    """One CSV column (read as text) in the dtype its Table Schema type asks for."""
    kind = field["type"]
    missing = text == ""
    if kind == "date":
        return pd.to_datetime(text.mask(missing), format="%Y-%m-%d")
    if kind == "integer":
        values = pd.to_numeric(text.mask(missing))
        if field.get("constraints", {}).get("required", False):
            return values.astype("int64")
        return values.astype("Int64")
    if kind == "number":
        return pd.to_numeric(text.mask(missing)).astype("float64")
    return text.astype("str")


def load_dataset(name: str) -> pd.DataFrame:
    """One of qikit's data sets as a DataFrame, with proper column types.

    Parameters
    ----------
    name : str
        The data set's name, as :func:`list_datasets` lists it, e.g.
        ``"stillbirths"`` or ``"milestones_27_30"``. Case, spaces at either end and
        ``-`` for ``_`` are forgiven.

    Returns
    -------
    pandas.DataFrame
        A fresh copy each call. Dates are ``datetime64``, counts are integers
        (``int64``, or ``Int64`` where a value may be missing), percentages and
        rates are floats and labels are strings. ``list_datasets()`` and
        ``datasets/README.md`` describe the columns and their units.

    Raises
    ------
    qikit.errors.InputError
        ``name`` is not a data set's name; the message lists the names and the
        closest one.

    See Also
    --------
    list_datasets : What each data set holds.
    qikit.qic : Chart a data set.

    Notes
    -----
    Every set is synthetic: made up for teaching and modelled on published figures
    where there are some. Module 5 of the curriculum (measurement for improvement)
    teaches how to read an operational definition like the ones these sets carry.

    Examples
    --------
    >>> from qikit.datasets import load_dataset
    >>> falls = load_dataset("ward_falls")
    >>> falls.head(3)
           month  falls  occupied_bed_days
    0 2023-01-01      9                789
    1 2023-02-01      7                695
    2 2023-03-01     10                797
    >>> load_dataset("stilbirths")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `name`: is not one of qikit's data sets (got \
'stilbirths'). Did you mean 'stillbirths'? Use one of: ...
    """
    key = _resolve(name)
    res = _resources()[key]
    data = _data_root().joinpath(res["path"]).read_bytes()
    text = pd.read_csv(
        io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8"
    )
    fields = res["schema"]["fields"]
    columns = {f["name"]: _column(text[f["name"]], f) for f in fields}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(text)))
