"""The base every qikit app builds on (private; the public names are in qikit.apps).

An :class:`App` is an ``ipywidgets.VBox`` with

- a title (``<h1>``) and an optional line of introduction;
- a **status line** (:attr:`App.status`): a short, stable message such as "Ready" or
  "Chart updated" that the app sets when it has finished drawing. It is an ARIA live
  region, so screen readers announce it, and browser tests wait for it;
- an **error area** (:attr:`App.errors`): the plain-English ``str(error)`` of any
  :class:`~qikit.errors.QikitError`, or, for anything else, a friendly message while
  the traceback goes to the server's log;
- a **notes area** (:attr:`App.notes`): sentences worth reading that are not errors,
  such as how a pasted table was cleaned up, or a :class:`~qikit.errors.QikitWarning`.

Every callback runs through :meth:`App.run` (or :meth:`App.on_change`,
:meth:`App.on_click`, :func:`action`), so no traceback ever reaches a learner and a
failed action leaves what was already entered untouched.

Nothing here needs Voila: the same app works in JupyterLab.

Examples
--------
>>> from qikit.apps import App
>>> app = App(title="Practice")
>>> app.status_text, app.status_state
('Ready', 'ready')
>>> app.run(lambda: int("ten"))  # an unexpected error: a friendly message, no traceback
>>> app.status_state, "did not expect" in app.error_text
('error', True)
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable
from html import escape
from typing import Any, ClassVar, TypeVar

import IPython
import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from qikit.errors import QikitError, QikitWarning
from qikit.store import Store, open_store

__all__ = [
    "App",
    "BUSY",
    "LOG",
    "PROBLEM",
    "READY",
    "UNEXPECTED",
    "action",
    "close_figure",
    "message_html",
]

#: The logger every app writes to. Its records go to the server's log (the terminal
#: that runs Voila or JupyterLab), never to the page.
LOG = logging.getLogger("qikit.apps")

READY = "Ready"
BUSY = "Working…"
PROBLEM = "There is a problem: see the message below."
UNEXPECTED = (
    "Something went wrong that qikit did not expect. What you entered is kept. "
    "Try again; if it happens again, tell your trainer (the details are in the log "
    "of the computer that runs the apps)."
)
#: Status states, each shown with a word-carrying symbol as well as colour.
STATES = ("ready", "busy", "error", "info")

T = TypeVar("T")


# ------------------------------------------------------------------------ the log


def _server_stream():
    """A text stream to the process's real standard error.

    In a Jupyter kernel ``sys.stderr`` is forwarded to the page, and file descriptor
    2 is redirected into it too; ipykernel keeps a copy of the original descriptor,
    which is where Voila's (or JupyterLab's) terminal and log are.
    """
    original = getattr(sys.stderr, "_original_stdstream_copy", None)
    if isinstance(original, int):
        try:
            return os.fdopen(
                os.dup(original), "w", buffering=1, encoding="utf-8", errors="replace"
            )
        except OSError:
            pass
    return sys.__stderr__ or sys.stderr


class _ServerLogHandler(logging.StreamHandler):
    """The handler :data:`LOG` gets when an app is first built."""


def _ensure_log_handler() -> None:
    """Send :data:`LOG` to the server's log, once; never to the page.

    ``propagate`` is switched off so that a root handler writing to ``sys.stderr``
    (which a kernel shows on the page) cannot leak a traceback to a learner.
    """
    if any(isinstance(h, _ServerLogHandler) for h in LOG.handlers):
        return
    handler = _ServerLogHandler(_server_stream())
    handler.setFormatter(
        logging.Formatter("[qikit.apps %(asctime)s %(levelname)s] %(message)s")
    )
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False


class _Settle:
    """Whether a settling of memory is due after the running cell (see below)."""

    pending = False


def _settle_memory_after_the_cell() -> None:
    """Once the notebook cell that builds an app has run, tidy the kernel's memory.

    Python's garbage collector looks through every object from time to time (a
    "full collection"). A kernel that has built a page of apps holds a few hundred
    thousand objects, so a full collection takes 0.1-0.2 s, and it comes in the
    middle of some learner's change, every twenty or so. After the cell, collect
    once and freeze what is left (:func:`gc.freeze`): later collections then look
    only at objects made since, which takes about a tenth as long. Each freeze
    first unfreezes, so an app replaced by running its cell again is still freed.
    Only in an IPython kernel; a script or a test is left alone.
    """
    if _Settle.pending:
        return
    shell = IPython.get_ipython()
    events = getattr(shell, "events", None)
    if events is None:
        return

    def settle(*_: object) -> None:
        events.unregister("post_run_cell", settle)
        _Settle.pending = False
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    events.register("post_run_cell", settle)
    _Settle.pending = True


# ------------------------------------------------------------------------ helpers

_CODE = re.compile(r"`([^`\n]+)`")


def message_html(text: str) -> str:
    """A message as safe HTML: escaped, line breaks kept, `names` in ``<code>``.

    Examples
    --------
    >>> message_html("`y`: must be numbers (got '<b>'). Use numbers.")
    '<code>y</code>: must be numbers (got &#x27;&lt;b&gt;&#x27;). Use numbers.'
    """
    shown = escape(str(text))
    shown = _CODE.sub(r"<code>\1</code>", shown)
    return shown.replace("\n", "<br>")


def close_figure(fig: Figure) -> None:
    """Release a Matplotlib figure once it has been drawn into the page.

    Closes it in pyplot (a no-op for a figure pyplot never saw), so figures made
    with ``plt.subplots()`` do not pile up in a kernel that redraws 50 times.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> close_figure(fig)
    >>> fig.number in plt.get_fignums()
    False
    """
    plt.close(fig)


def _html(value: str = "", *classes: str) -> widgets.HTML:
    box = widgets.HTML(value=value)
    for name in classes:
        box.add_class(name)
    return box


# ------------------------------------------------------------------------ the app


class App(widgets.VBox):
    """The base of every qikit app: title, status line, errors, notes and wiring.

    Parameters
    ----------
    title : str, optional
        Shown as the page's ``<h1>``; defaults to the class attribute
        :attr:`title`.
    intro : str, optional
        One or two plain sentences under the title (class attribute :attr:`intro`).
    body : iterable of widgets, optional
        The app's own widgets, shown under the title. Call :meth:`set_body` later
        instead when they are built after ``super().__init__()``.

    Attributes
    ----------
    status : ipywidgets.HTML
        The status line; read it as :attr:`status_text` and :attr:`status_state`.
    errors, notes : ipywidgets.HTML
        The error area (read :attr:`error_text`) and the notes area
        (:attr:`notes_text`).
    feedback : ipywidgets.VBox
        Status, errors and notes together. Shown under the title unless the app puts
        it somewhere in its body itself.
    change_control : ipywidget or None
        The control that ``bench/bench_apps.py`` changes 50 times to time an update
        (a slider, dropdown, text box or checkbox). ``None``: the app is not timed.

    Notes
    -----
    Subclasses set :attr:`title` and :attr:`intro`, build their controls, call
    :meth:`set_body`, and wire every callback through :meth:`on_change`,
    :meth:`on_click` or :func:`action`. Each action ends by setting a status such as
    ``self.set_status("Chart updated")``; when it sets none, :data:`READY` is shown.
    """

    title: ClassVar[str] = "qikit"
    intro: ClassVar[str] = ""

    def __init__(
        self,
        *,
        title: str | None = None,
        intro: str | None = None,
        body: Iterable[widgets.Widget] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        _ensure_log_handler()
        _settle_memory_after_the_cell()
        self.add_class("qikit-app")
        self._title = self.title if title is None else str(title)
        self._intro = self.intro if intro is None else str(intro)
        self.heading = _html(f'<h1 class="qikit-title">{escape(self._title)}</h1>')
        self.introduction = _html(
            f'<p class="qikit-intro">{escape(self._intro)}</p>' if self._intro else ""
        )
        self.status = _html("", "qikit-status")
        self.errors = _html("", "qikit-errors")
        self.notes = _html("", "qikit-notes")
        self.feedback = widgets.VBox(
            [self.status, self.errors, self.notes], layout={"margin": "0.25em 0"}
        )
        self.feedback.add_class("qikit-feedback")
        self._change_control: widgets.Widget | None = None
        self._status = ("", "")
        self._status_seq = 0
        self._error = ""
        self._notes: list[str] = []
        self._warnings: list[str] = []
        self._depth = 0
        self._store: Store | None = None
        self.set_status(READY)
        self.set_body(body)

    # -- the control the benchmark changes --------------------------------------

    @property
    def change_control(self) -> widgets.Widget | None:
        """The control ``bench/bench_apps.py`` changes to time an update, or None.

        Setting it marks the widget with the CSS class ``qikit-change``, which is how
        the benchmark finds it on the page. Each change must end with a status
        (e.g. "Chart updated"): the benchmark times from the change to that status.
        """
        return self._change_control

    @change_control.setter
    def change_control(self, control: widgets.Widget | None) -> None:
        if self._change_control is not None:
            self._change_control.remove_class("qikit-change")
        self._change_control = control
        if control is not None:
            control.add_class("qikit-change")

    # -- layout -------------------------------------------------------------------

    def set_body(self, body: Iterable[widgets.Widget]) -> None:
        """Show ``body`` under the title; the feedback box goes first unless the app
        placed :attr:`feedback` in ``body`` itself."""
        body = list(body)
        head = [self.heading] + ([self.introduction] if self._intro else [])
        if self.feedback not in body:
            head.append(self.feedback)
        self.children = tuple(head + body)

    # -- status ------------------------------------------------------------------

    def set_status(self, text: str, state: str = "ready") -> None:
        """Set the status line: a short, stable sentence such as "Chart updated".

        ``state`` is "ready" (finished), "busy", "error" or "info". The line carries
        ``data-state`` and a counter ``data-seq`` that grows with every call, so a
        browser test can wait for *this* update even when the text repeats.
        """
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}, not {state!r}")
        self._status_seq += 1
        self._status = (str(text), state)
        self.status.value = (
            f'<span class="qikit-status-text" role="status" aria-live="polite" '
            f'data-state="{state}" data-seq="{self._status_seq}">'
            f"{escape(str(text))}</span>"
        )

    @property
    def status_text(self) -> str:
        """The status line's text, e.g. ``"Chart updated"``."""
        return self._status[0]

    @property
    def status_state(self) -> str:
        """``"ready"``, ``"busy"``, ``"error"`` or ``"info"``."""
        return self._status[1]

    @property
    def status_seq(self) -> int:
        """How many times the status was set (the page shows it as ``data-seq``)."""
        return self._status_seq

    # -- errors and notes ----------------------------------------------------------

    def show_error(self, text: str) -> None:
        """Show a message in the error area (plain text; it is escaped here)."""
        self._error = str(text)
        self.errors.value = (
            '<div class="qikit-error-box" role="alert"><strong>Problem:</strong> '
            f"{message_html(self._error)}</div>"
        )

    def clear_error(self) -> None:
        """Empty the error area."""
        self._error = ""
        self.errors.value = ""

    @property
    def error_text(self) -> str:
        """The message in the error area (``""`` when there is none)."""
        return self._error

    def show_notes(self, lines: Iterable[str], heading: str = "Please note") -> None:
        """Show the app's notes (replacing the previous ones); ``[]`` clears them."""
        self._notes = [str(line) for line in lines if str(line).strip()]
        self._notes_heading = heading
        self._render_notes()

    @property
    def notes_text(self) -> list[str]:
        """The notes shown: the app's own, then the warnings of the last action."""
        return [*self._notes, *self._warnings]

    def _render_notes(self) -> None:
        lines = self.notes_text
        if not lines:
            self.notes.value = ""
            return
        heading = getattr(self, "_notes_heading", "Please note")
        items = "".join(f"<li>{message_html(line)}</li>" for line in lines)
        self.notes.value = (
            f'<div class="qikit-note-box"><strong>{escape(heading)}:</strong>'
            f"<ul>{items}</ul></div>"
        )

    # -- running callbacks -----------------------------------------------------------

    def run(
        self,
        fn: Callable[..., T],
        *args: Any,
        done: str | None = None,
        busy: str = BUSY,
        **kwargs: Any,
    ) -> T | None:
        """Call ``fn(*args, **kwargs)`` so that nothing it raises reaches the learner.

        The status shows ``busy`` while it runs and, when it returns, whatever ``fn``
        set, else ``done``, else :data:`READY`. A :class:`~qikit.errors.QikitError`
        shows its message in the error area; any other exception shows
        :data:`UNEXPECTED` and its traceback goes to the server's log. Warnings are
        caught: a :class:`~qikit.errors.QikitWarning` becomes a note, others go to
        the log. Returns ``fn``'s result, or ``None`` when it failed.

        Calls nest: inside an action, ``run`` simply calls ``fn`` and the outermost
        call handles what it raises.
        """
        if self._depth:
            return fn(*args, **kwargs)
        self._depth += 1
        self.clear_error()
        self.set_status(busy, "busy")
        seq = self._status_seq
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = fn(*args, **kwargs)
        except QikitError as error:
            self._fail(str(error))
            LOG.info("%s: %s", self._where(fn), error)
            return None
        except Exception:  # noqa: BLE001 - the whole point: no traceback on the page
            LOG.exception("%s failed", self._where(fn))
            self._fail(UNEXPECTED)
            return None
        finally:
            self._depth -= 1
        self._collect(caught, fn)
        if self._status_seq == seq:
            self.set_status(done or READY)
        return result

    def _fail(self, text: str) -> None:
        self.show_error(text)
        self.set_status(PROBLEM, "error")

    def _where(self, fn: Callable) -> str:
        name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", repr(fn))
        return f"{type(self).__name__} ({self._title}): {name}"

    def _collect(self, caught: list[warnings.WarningMessage], fn: Callable) -> None:
        shown = []
        for item in caught:
            if issubclass(item.category, QikitWarning):
                text = str(item.message)
                if text not in shown:
                    shown.append(text)
            else:
                LOG.warning(
                    "%s: %s: %s", self._where(fn), item.category.__name__, item.message
                )
        if shown or self._warnings:
            self._warnings = shown
            self._render_notes()

    def callback(
        self, fn: Callable[..., Any], *, done: str | None = None, busy: str = BUSY
    ) -> Callable[..., Any]:
        """``fn`` wrapped in :meth:`run`, for ``observe``, ``on_click`` and the like."""

        @functools.wraps(fn)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            return self.run(fn, *args, done=done, busy=busy, **kwargs)

        return wrapped

    def on_change(
        self,
        controls: widgets.Widget | Iterable[widgets.Widget],
        fn: Callable[[], Any],
        *,
        names: str = "value",
        done: str | None = None,
        busy: str = BUSY,
    ) -> None:
        """Call ``fn()`` (no arguments) through :meth:`run` when a control changes."""
        controls = [controls] if isinstance(controls, widgets.Widget) else controls
        handler = self.callback(lambda change: fn(), done=done, busy=busy)
        for control in controls:
            control.observe(handler, names=names)

    def on_click(
        self,
        button: widgets.Button,
        fn: Callable[[], Any],
        *,
        done: str | None = None,
        busy: str = BUSY,
    ) -> None:
        """Call ``fn()`` (no arguments) through :meth:`run` on a click of ``button``."""
        button.on_click(self.callback(lambda _button: fn(), done=done, busy=busy))

    # -- the cohort store --------------------------------------------------------------

    def store(self) -> Store:
        """The cohort store, opened on first use: ``QIKIT_STORE``, else the default.

        So a trainer's ``export QIKIT_STORE=...`` before ``make app`` chooses the
        store for every app in the room. Closed by :meth:`close`.
        """
        if self._store is None:
            self._store = open_store()
        return self._store

    def close(self) -> None:
        """Close the store (if opened) and the widgets."""
        if self._store is not None:
            self._store.close()
            self._store = None
        super().close()


def action(
    fn: Callable[..., T] | None = None,
    *,
    done: str | None = None,
    busy: str = BUSY,
) -> Any:
    """Decorate an :class:`App` method so that every call runs through :meth:`App.run`.

    Examples
    --------
    >>> from qikit.apps import App, action
    >>> from qikit.errors import InputError
    >>> class Counter(App):
    ...     count = 0
    ...     @action(done="Counted")
    ...     def add(self, step):
    ...         if step < 0:
    ...             raise InputError("`step`: must be 0 or more (got -1). Use 1.")
    ...         self.count += step
    >>> app = Counter()
    >>> app.add(2); app.status_text
    'Counted'
    >>> app.add(-1); app.error_text, app.count
    ('`step`: must be 0 or more (got -1). Use 1.', 2)
    """

    def decorate(method: Callable[..., T]) -> Callable[..., T | None]:
        @functools.wraps(method)
        def wrapper(self: App, *args: Any, **kwargs: Any) -> T | None:
            return self.run(method, self, *args, done=done, busy=busy, **kwargs)

        return wrapper

    return decorate(fn) if fn is not None else decorate
