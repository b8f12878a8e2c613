"""Labelled, keyboard-operable controls for qikit apps (private).

Every factory here returns a plain ipywidgets control with

- a visible label (its ``description``), shown in full rather than cut off;
- a tooltip only where it adds something (ipywidgets writes ``title="null"``
  otherwise, which the qikit page template removes);
- ``continuous_update=False`` on sliders and text boxes, so a chart is redrawn when
  the learner lets go or leaves the box, not on every key press or pixel;
- the CSS class ``qikit-control``, for the page's styles and for tests.

They are ordinary widgets: tests set ``.value`` and call the app's methods. On a qikit
page (Voila with the qikit template) slider handles and the few other parts that
ipywidgets leaves unnamed are named after the label by ``qikit.js``.

Use words, not colour, for state: a button's label says what it does, and a choice
says what is chosen. Prefer :func:`choice` (a drop-down list) or :func:`radio` for
choices, :func:`text` for dates (qikit reads UK dates: the browser's date picker
shows the browser's own format, often month first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import ipywidgets as widgets

__all__ = [
    "button",
    "checkbox",
    "choice",
    "labelled",
    "number",
    "radio",
    "slider",
    "text",
    "text_area",
    "toggle_buttons",
    "upload",
    "whole_number",
]

_STYLE = {"description_width": "initial"}
_WIDE = {"width": "100%", "max_width": "42em"}


def labelled(
    control: widgets.Widget, label: str, *, help: str | None = None
) -> widgets.Widget:
    """Give ``control`` a visible label (its ``description``), shown in full.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> box = labelled(widgets.Text(), "Team name", help="As your trainer wrote it")
    >>> box.description, box.tooltip
    ('Team name', 'As your trainer wrote it')
    """
    label = str(label).strip()
    if not label:
        raise ValueError("every control needs a visible label")
    control.description = label
    if hasattr(control, "style") and hasattr(control.style, "description_width"):
        control.style.description_width = "initial"
    if help:
        control.tooltip = str(help)
    control.add_class("qikit-control")
    return control


def text(
    label: str,
    *,
    value: str = "",
    placeholder: str = "",
    help: str | None = None,
    continuous_update: bool = False,
) -> widgets.Text:
    """A one-line text box."""
    box = widgets.Text(
        value=value,
        placeholder=placeholder,
        continuous_update=continuous_update,
        style=_STYLE,
        layout=dict(_WIDE),
    )
    return labelled(box, label, help=help)


def text_area(
    label: str,
    *,
    value: str = "",
    placeholder: str = "",
    rows: int = 8,
    help: str | None = None,
) -> widgets.Textarea:
    """A text box for several lines, such as data pasted from Excel."""
    box = widgets.Textarea(
        value=value,
        placeholder=placeholder,
        rows=rows,
        continuous_update=False,
        style=_STYLE,
        layout=dict(_WIDE),
    )
    return labelled(box, label, help=help)


def number(
    label: str,
    *,
    value: float = 0.0,
    minimum: float | None = None,
    maximum: float | None = None,
    step: float | None = None,
    help: str | None = None,
) -> widgets.FloatText:
    """A box for a number (bounded when ``minimum`` or ``maximum`` is given)."""
    options: dict[str, Any] = {"value": value, "style": _STYLE}
    if step is not None:
        options["step"] = step
    if minimum is None and maximum is None:
        box = widgets.FloatText(continuous_update=False, **options)
    else:
        box = widgets.BoundedFloatText(
            min=-1e300 if minimum is None else minimum,
            max=1e300 if maximum is None else maximum,
            continuous_update=False,
            **options,
        )
    return labelled(box, label, help=help)


def whole_number(
    label: str,
    *,
    value: int = 0,
    minimum: int = 0,
    maximum: int = 1_000_000,
    help: str | None = None,
) -> widgets.BoundedIntText:
    """A box for a whole number between ``minimum`` and ``maximum``."""
    box = widgets.BoundedIntText(
        value=value, min=minimum, max=maximum, continuous_update=False, style=_STYLE
    )
    return labelled(box, label, help=help)


def _options(options: Sequence[Any] | dict[str, Any]) -> list[tuple[str, Any]]:
    """``["a", "b"]``, ``[("Label", value), ...]`` or ``{"Label": value}``."""
    if isinstance(options, dict):
        return [(str(k), v) for k, v in options.items()]
    out = []
    for option in options:
        if isinstance(option, tuple) and len(option) == 2:
            out.append((str(option[0]), option[1]))
        else:
            out.append((str(option), option))
    return out


def choice(
    label: str,
    options: Sequence[Any] | dict[str, Any],
    *,
    value: Any = None,
    help: str | None = None,
) -> widgets.Dropdown:
    """A drop-down list; ``options`` as values, (label, value) pairs or a dict."""
    pairs = _options(options)
    box = widgets.Dropdown(
        options=pairs,
        value=pairs[0][1] if value is None and pairs else value,
        style=_STYLE,
    )
    return labelled(box, label, help=help)


def radio(
    label: str,
    options: Sequence[Any] | dict[str, Any],
    *,
    value: Any = None,
    help: str | None = None,
) -> widgets.RadioButtons:
    """A short list of choices, all visible (arrow keys move between them)."""
    pairs = _options(options)
    box = widgets.RadioButtons(
        options=pairs,
        value=pairs[0][1] if value is None and pairs else value,
        style=_STYLE,
    )
    return labelled(box, label, help=help)


def toggle_buttons(
    label: str,
    options: Sequence[Any] | dict[str, Any],
    *,
    value: Any = None,
    help: str | None = None,
) -> widgets.ToggleButtons:
    """Two to four choices as buttons; the chosen one is ticked, not only coloured."""
    pairs = _options(options)
    box = widgets.ToggleButtons(
        options=pairs,
        value=pairs[0][1] if value is None and pairs else value,
        style={"description_width": "initial", "button_width": "auto"},
    )
    return labelled(box, label, help=help)


def slider(
    label: str,
    *,
    minimum: int,
    maximum: int,
    value: int | None = None,
    step: int = 1,
    help: str | None = None,
) -> widgets.IntSlider:
    """A whole-number slider that updates when let go; arrow keys move it by ``step``.

    Examples
    --------
    >>> s = slider("Baseline (points)", minimum=6, maximum=24, value=12)
    >>> s.description, s.value, s.continuous_update
    ('Baseline (points)', 12, False)
    """
    box = widgets.IntSlider(
        value=minimum if value is None else value,
        min=minimum,
        max=maximum,
        step=step,
        continuous_update=False,
        style=_STYLE,
        layout={"width": "100%", "max_width": "42em"},
    )
    return labelled(box, label, help=help)


def checkbox(
    label: str, *, value: bool = False, disabled: bool = False, help: str | None = None
) -> widgets.Checkbox:
    """A tick box, its label beside it (Space ticks it)."""
    box = widgets.Checkbox(value=value, indent=False, disabled=disabled, style=_STYLE)
    return labelled(box, label, help=help)


def button(
    label: str,
    *,
    primary: bool = False,
    icon: str = "",
    help: str | None = None,
) -> widgets.Button:
    """A button whose label says what it does ("Draw the chart", not "OK").

    ``primary`` marks the one main action of an app (dark blue with white text, a
    contrast of at least 4.5:1 on qikit pages).
    """
    box = widgets.Button(
        description=str(label),
        button_style="primary" if primary else "",
        icon=icon,
        layout={"width": "auto"},
    )
    if help:
        box.tooltip = str(help)
    box.add_class("qikit-control")
    return box


def upload(
    label: str,
    *,
    accept: Iterable[str] = (".csv", ".txt", ".tsv", ".xlsx"),
    help: str | None = None,
) -> widgets.FileUpload:
    """A button that opens the file chooser for one file of the ``accept`` types.

    Read what was uploaded with :func:`qikit.apps.read_upload` (tables) or
    :func:`qikit.apps.upload_text` (project files): both check size and type.
    """
    box = widgets.FileUpload(
        accept=",".join(accept), multiple=False, description=str(label)
    )
    box.layout.width = "auto"
    if help:
        box.tooltip = str(help)
    box.add_class("qikit-control")
    return box
