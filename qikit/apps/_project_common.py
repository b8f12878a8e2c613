"""What the steps of the project builder share (private).

Each step of :class:`qikit.apps.ProjectBuilder` is a :class:`Step`: a box of labelled
controls that reads the builder's one :class:`~qikit.improve.Project` (``load``),
updates its choices when another step changed the project (``refresh``) and, when
it has a drawing, draws it only while it is open (``draw``). The small pure helpers
here read and write the text boxes: numbers, dates, one item a line, findings.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any, TypeVar

import ipywidgets as widgets
import pandas as pd

from qikit._format import fmt_number
from qikit._validate import fail
from qikit.apps._base import message_html
from qikit.apps._controls import choice

if TYPE_CHECKING:
    from qikit.apps.project_builder import ProjectBuilder

T = TypeVar("T")

__all__ = [
    "Step",
    "step_action",
    "date_text",
    "findings_html",
    "heading",
    "lines",
    "number_text",
    "parse_number",
    "plain_number",
    "row",
    "wide",
    "wide_choice",
]

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def parse_number(
    text: Any, argument: str, *, example: str = "60 or 2.5"
) -> float | None:
    """A number typed in a box: ``""`` is none, "1,200" and "85%" are read too.

    Examples
    --------
    >>> parse_number(" 1,200 ", "baseline"), parse_number("85%", "goal")
    (1200.0, 85.0)
    >>> parse_number("", "goal") is None
    True
    >>> parse_number("sixty", "baseline")
    Traceback (most recent call last):
    ...
    qikit.errors.InputError: `baseline`: must be a number (got 'sixty'). Type a \
number such as 60 or 2.5, or leave the box empty.
    """
    shown = "" if text is None else str(text)
    clean = shown.strip().replace(" ", "")
    if not clean:
        return None
    if clean.endswith("%"):
        clean = clean[:-1]
    if clean and _NUMBER.match(clean) and any(ch.isdigit() for ch in clean):
        value = float(clean.replace(",", ""))
        if math.isfinite(value):
            return value
    raise fail(
        argument,
        "must be a number",
        shown,
        f"Type a number such as {example}, or leave the box empty.",
    )


def number_text(value: float | None) -> str:
    """A number for a text box: as typed, without a trailing ``.0``.

    Examples
    --------
    >>> number_text(2.0), number_text(2.25), number_text(None)
    ('2', '2.25', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def plain_number(value: float | None) -> str:
    """A number for reading (about three significant figures, commas)."""
    return fmt_number(value)


def date_text(value: Any) -> str:
    """A date for a text box, day first as in the UK: ``"04/03/2024"``.

    Examples
    --------
    >>> date_text(dt.date(2024, 3, 4)), date_text(None)
    ('04/03/2024', '')
    """
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return ""
        if (stamp.hour, stamp.minute) != (0, 0):
            return stamp.strftime("%d/%m/%Y %H:%M")
        return stamp.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def lines(text: Any) -> list[str]:
    """One item a line, blank lines and stray spaces dropped.

    Examples
    --------
    >>> lines(" Will staff use it?\\n\\n Will residents like it? ")
    ['Will staff use it?', 'Will residents like it?']
    """
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def wide(control: widgets.Widget) -> widgets.Widget:
    """Give a drop-down list the width of a text box, so long choices show in full."""
    control.layout.width = "100%"
    control.layout.max_width = "42em"
    return control


def wide_choice(label: str, options: Any, **kwargs: Any) -> widgets.Dropdown:
    """:func:`qikit.apps.choice`, as wide as a text box."""
    return wide(choice(label, options, **kwargs))


def row(*children: widgets.Widget) -> widgets.HBox:
    """Controls side by side, wrapping onto the next line on a narrow screen; tick
    boxes as wide as their words."""
    for child in children:
        if isinstance(child, widgets.Checkbox):
            child.layout.width = "auto"
    return widgets.HBox(list(children), layout={"flex_flow": "row wrap"})


def heading(text: str, level: int = 3) -> widgets.HTML:
    """A heading inside a step."""
    return widgets.HTML(
        f'<h{level} class="qikit-step-heading">{escape(text)}</h{level}>'
    )


def findings_html(
    findings: Iterable[str],
    *,
    title: str,
    none: str,
) -> str:
    """Findings as a titled list in words; ``none`` when there are none."""
    items = [str(f) for f in findings]
    if not items:
        return (
            f'<div class="qikit-findings"><strong>{escape(title)}:</strong> '
            f"✓ {escape(none)}</div>"
        )
    shown = "".join(f"<li>{message_html(item)}</li>" for item in items)
    return (
        f'<div class="qikit-findings qikit-note-box"><strong>{escape(title)} '
        f"({len(items)} to look at):</strong><ul>{shown}</ul></div>"
    )


def step_action(method):
    """Run a step's method through its app (:meth:`qikit.apps.App.run`), so that a
    call from a test or a notebook shows a message, never a traceback."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        return self.app.run(method, self, *args, **kwargs)

    return wrapper


class Step:
    """One step of the project builder: its controls and what it shows.

    Subclasses set :attr:`title`, build :attr:`box`, and implement :meth:`load`
    (fill the controls from the project), :meth:`refresh` (another part of the
    project changed: update choices and findings) and, when the step has a
    drawing, :meth:`draw` (returns the status to show).
    """

    title = ""
    #: Parts of the project whose change makes this step's drawing out of date.
    draws_from: frozenset[str] = frozenset()

    def __init__(self, app: ProjectBuilder) -> None:
        self.app = app
        self.stale = True
        # Children keep their own width: buttons are as wide as their words.
        self.box = widgets.VBox([], layout={"align_items": "flex-start"})
        self.box.add_class("qikit-project-step")

    @property
    def project(self):
        """The builder's project (one object for every step)."""
        return self.app.project

    def load(self) -> None:
        """Fill the controls from a project just opened."""

    def refresh(self, changed: set[str]) -> None:
        """Another step changed ``changed`` parts of the project."""
        if changed & self.draws_from:
            self.stale = True

    def draw(self) -> str | None:
        """Draw what the step shows; return the status, or None when nothing to do."""
        self.stale = False
        return None

    def message(self) -> widgets.HTML:
        """An area under a row of buttons that repeats what the last action did."""
        area = widgets.HTML(value="")
        area.add_class("qikit-step-message")
        return area
