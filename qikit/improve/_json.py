"""The JSON of a project file: plain values out, readable text, a stable order
(private).

:func:`json_safe` turns a project's ``to_dict()`` into plain JSON types (NaN and NaT
become ``null``), :func:`pretty_json` writes it the way a ``.qiproj.json`` file looks
(short lists on one line, long lists of data filling each line like a table),
:func:`sorted_keys` orders every object's keys so that two saves can be compared line
by line, and :func:`canonical` is the text two projects are compared by.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from typing import Any

from qikit import _validate as v

__all__ = ["canonical", "json_safe", "pretty_json", "sorted_keys"]

_PLAIN = (str, int, bool, type(None))  # exact types that JSON stores as they are


def json_safe(value: Any, where: str = "project") -> Any:
    """Return ``value`` as plain JSON types (NaN and NaT become ``None``)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is list or kind is tuple:  # fast path for long lists of data
        out = []
        append = out.append
        for index, item in enumerate(value):
            item_kind = type(item)
            if item_kind in _PLAIN:
                append(item)
            elif item_kind is float:
                append(item if math.isfinite(item) else None)
            else:
                append(json_safe(item, f"{where}[{index}]"))
        return out
    if isinstance(value, (bool, str)):
        return bool(value) if isinstance(value, bool) else str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return json_safe(float(value), where)
    if isinstance(value, Mapping):
        mapped = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise v.fail(
                    where,
                    "has a key that is not text",
                    key,
                    "This is a bug in qikit: please report it.",
                )
            mapped[key] = json_safe(item, f"{where}.{key}")  # v.path, made quick
        return mapped
    if isinstance(value, (list, tuple)):
        return json_safe(list(value), where)
    # numpy and pandas scalars, without importing either here
    type_name = f"{kind.__module__}.{kind.__name__}"
    if type_name.startswith("pandas.") and type_name.endswith(".NaTType"):
        return None  # NaT is a datetime too, so this comes first
    if type_name.startswith("numpy.") and hasattr(value, "item"):
        return json_safe(value.item(), where)
    if isinstance(value, dt.date):  # date, datetime and pandas Timestamp
        return value.isoformat()
    raise v.fail(
        where,
        "cannot be stored in a project file",
        kind.__name__,
        "This is a bug in qikit: please report it.",
    )


def _is_flat(value: dict | list) -> bool:
    items = value.values() if isinstance(value, dict) else value
    return set(map(type, items)).isdisjoint((dict, list))


_encode_text = json.encoder.encode_basestring  # what json.dumps uses for text


def _token(item: Any) -> str:
    """One plain JSON value as text, exactly as ``json.dumps`` writes it."""
    kind = type(item)
    if kind is str:
        return _encode_text(item)
    if kind is float:
        if not math.isfinite(item):
            raise ValueError("NaN and infinity are not JSON")
        return float.__repr__(item)
    if kind is bool:
        return "true" if item else "false"
    if kind is int:
        return int.__repr__(item)
    if item is None:
        return "null"
    return json.dumps(item, ensure_ascii=False, allow_nan=False)


def pretty_json(value: Any, indent: int = 0, width: int = 100) -> str:
    """Indented JSON that keeps flat, short objects and lists on one line.

    A long list of plain values (a measure's data) fills each line up to
    ``width`` characters, like a table, instead of taking one line per value.
    """
    kind = type(value)
    if kind is not dict and kind is not list:
        return _token(value)
    if not value:
        return "{}" if kind is dict else "[]"
    flat = _is_flat(value)
    if flat and len(value) * 3 + indent <= width:
        inline = json.dumps(value, ensure_ascii=False, allow_nan=False)
        if indent + len(inline) <= width:
            return inline
    pad = " " * (indent + 2)
    if kind is dict:
        body = ",\n".join(
            f"{pad}{_encode_text(key)}: {pretty_json(item, indent + 2, width)}"
            for key, item in value.items()
        )
        return "{\n" + body + "\n" + " " * indent + "}"
    if flat:
        lines: list[str] = []
        line: list[str] = []
        used = len(pad)
        for token in map(_token, value):
            if line and used + len(token) + 2 > width:
                lines.append(", ".join(line) + ",")
                line, used = [], len(pad)
            line.append(token)
            used += len(token) + 2
        lines.append(", ".join(line))
        return (
            "[\n" + "\n".join(pad + text for text in lines) + "\n" + " " * indent + "]"
        )
    body = ",\n".join(pad + pretty_json(item, indent + 2, width) for item in value)
    return "[\n" + body + "\n" + " " * indent + "]"


def sorted_keys(value: Any) -> Any:
    """Sort the keys of every object, for stable files and easy diffs."""
    if type(value) is dict:
        return {key: sorted_keys(value[key]) for key in sorted(value)}
    if type(value) is list:
        if _is_flat(value):
            return value
        return [sorted_keys(item) for item in value]
    return value


def canonical(project_dict: dict) -> str:
    """The text two projects are compared by: plain values, every key sorted."""
    return json.dumps(json_safe(project_dict), sort_keys=True, ensure_ascii=False)
