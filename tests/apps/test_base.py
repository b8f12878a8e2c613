"""The App base: status line, error area, notes, callbacks, the store (no browser)."""

from __future__ import annotations

import ast
import gc
import importlib
import inspect
import io
import logging
import os
import pkgutil
import sys
import warnings
import weakref
from pathlib import Path

import IPython
import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

import qikit.apps
from qikit.apps import (
    BUSY,
    PROBLEM,
    READY,
    UNEXPECTED,
    App,
    _base,
    action,
    button,
    close_figure,
    message_html,
    slider,
)
from qikit.errors import InputError, QikitWarning
from qikit.store import Store


def _page_text(app: App) -> str:
    """Everything the app shows, as HTML (what a learner could see)."""
    return "\n".join(w.value for w in (app.heading, app.status, app.errors, app.notes))


# ------------------------------------------------------------------------ layout


def test_title_intro_and_feedback_come_first():
    body = widgets.Label("body")
    app = App(title="Run chart <studio>", intro="Paste & see.", body=[body])
    assert app.children == (app.heading, app.introduction, app.feedback, body)
    assert app.heading.value == '<h1 class="qikit-title">Run chart &lt;studio&gt;</h1>'
    assert "Paste &amp; see." in app.introduction.value
    assert "qikit-app" in app._dom_classes


def test_feedback_stays_where_the_app_puts_it():
    body = widgets.Label("body")
    app = App(title="x")
    app.set_body([body, app.feedback])
    assert app.children == (app.heading, body, app.feedback)


def test_class_attributes_give_the_title():
    class Studio(App):
        title = "Chart studio"
        intro = "One line."

    app = Studio()
    assert "Chart studio" in app.heading.value and app.introduction in app.children


# ------------------------------------------------------------------------ status


def test_status_is_a_polite_live_region_with_a_counter():
    app = App()
    assert (app.status_text, app.status_state) == (READY, "ready")
    first = app.status_seq
    app.set_status("Chart <updated>", "info")
    assert app.status_seq == first + 1
    value = app.status.value
    assert 'role="status"' in value and 'aria-live="polite"' in value
    assert 'data-state="info"' in value and f'data-seq="{first + 1}"' in value
    assert "Chart &lt;updated&gt;" in value
    assert "qikit-status" in app.status._dom_classes


def test_status_state_must_be_known():
    with pytest.raises(ValueError, match="state must be one of"):
        App().set_status("x", "done")


# ------------------------------------------------------------------------ running


def test_success_sets_done_and_clears_an_old_error():
    app = App()
    app.show_error("old")
    assert app.run(lambda: 42, done="Chart updated") == 42
    assert (app.status_text, app.status_state) == ("Chart updated", "ready")
    assert app.error_text == "" and app.errors.value == ""


def test_success_without_done_says_ready():
    app = App()
    app.run(lambda: None)
    assert app.status_text == READY


def test_status_set_by_the_action_is_kept():
    app = App()
    app.run(lambda: app.set_status("3 teams shown"), done="ignored")
    assert app.status_text == "3 teams shown"


def test_status_is_busy_while_the_action_runs():
    app = App()
    seen = []
    app.run(lambda: seen.append((app.status_text, app.status_state)))
    assert seen == [(BUSY, "busy")]


def test_qikit_error_is_shown_in_plain_english_and_escaped(app_log):
    app = App()
    message = "`y`: must be numbers (got '<script>alert(1)</script>'). Use numbers."

    def bad():
        raise InputError(message)

    assert app.run(bad) is None
    assert app.error_text == message
    assert (app.status_text, app.status_state) == (PROBLEM, "error")
    assert "<script>" not in app.errors.value
    assert "<code>y</code>" in app.errors.value
    assert 'role="alert"' in app.errors.value
    assert "Problem:" in app.errors.value  # said in words, not only in red
    assert message in app_log.text  # and noted in the server's log
    assert "Traceback" not in app_log.text


def test_unexpected_error_is_friendly_and_logged_with_its_traceback(app_log, capsys):
    app = App(title="Studio")

    def broken():
        return 1 / 0

    assert app.run(broken) is None
    assert app.error_text == UNEXPECTED
    shown = _page_text(app)
    assert "ZeroDivisionError" not in shown and "Traceback" not in shown
    assert "Traceback" in app_log.text and "ZeroDivisionError" in app_log.text
    assert "App (Studio)" in app_log.text and "broken" in app_log.text
    # Nothing went to the kernel's stdout or stderr, which a notebook page shows.
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_keyboard_interrupt_is_not_swallowed():
    def stop():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        App().run(stop)


def test_nested_actions_report_once_at_the_outermost_call():
    app = App()
    calls = []

    def inner():
        calls.append("inner")
        raise InputError("`x`: inner problem.")

    def outer():
        app.run(inner)
        calls.append("after inner")  # never reached: the error goes to the top

    app.run(outer)
    assert calls == ["inner"]
    assert app.error_text == "`x`: inner problem."


def test_qikit_warnings_become_notes_and_others_go_to_the_log(app_log):
    app = App()
    app.show_notes(["Read 12 rows."])

    def warns():
        warnings.warn("Only 8 points: the limits are provisional.", QikitWarning, 2)
        warnings.warn("Only 8 points: the limits are provisional.", QikitWarning, 2)
        warnings.warn("internal detail", FutureWarning, 2)

    app.run(warns)
    assert app.notes_text == [
        "Read 12 rows.",
        "Only 8 points: the limits are provisional.",
    ]
    assert "internal detail" not in app.notes.value
    assert "FutureWarning: internal detail" in app_log.text
    app.run(lambda: None)  # the next action had no warning: its note goes
    assert app.notes_text == ["Read 12 rows."]


def test_show_notes_escapes_and_clears():
    app = App()
    app.show_notes(["<b>x</b>", "  "], heading="How your data was read")
    assert app.notes_text == ["<b>x</b>"]
    assert "&lt;b&gt;" in app.notes.value and "How your data was read:" in (
        app.notes.value
    )
    app.show_notes([])
    assert app.notes.value == ""


# ------------------------------------------------------------------ wiring helpers


def test_on_click_and_on_change_run_through_run(app_log):
    app = App()
    go = button("Draw the chart")
    level = slider("Baseline", minimum=0, maximum=10, value=5)
    clicks, changes = [], []
    app.on_click(go, lambda: clicks.append(1), done="Drawn")
    app.on_change(level, lambda: changes.append(level.value), done="Baseline changed")
    go.click()
    assert clicks == [1] and app.status_text == "Drawn"
    level.value = 7
    assert changes == [7] and app.status_text == "Baseline changed"

    def broken():
        raise RuntimeError("boom")

    app.on_change(level, broken)
    level.value = 8  # the error is caught, not raised into the widget machinery
    assert app.error_text == UNEXPECTED and "RuntimeError: boom" in app_log.text


def test_callback_keeps_the_function_name():
    app = App()

    def redraw():
        return "drawn"

    wrapped = app.callback(redraw, done="Chart updated")
    assert wrapped.__name__ == "redraw" and wrapped() == "drawn"
    assert app.status_text == "Chart updated"


def test_action_decorator_with_and_without_arguments():
    class Counter(App):
        count = 0

        @action
        def add(self):
            self.count += 1

        @action(done="Reset")
        def reset(self):
            self.count = 0

        @action
        def fail(self):
            raise InputError("`count`: cannot fail politely.")

    app = Counter()
    app.add()
    app.add()
    assert app.count == 2 and app.status_text == READY
    app.reset()
    assert app.count == 0 and app.status_text == "Reset"
    assert app.fail() is None and app.error_text == "`count`: cannot fail politely."


# ------------------------------------------------------------------------ store


def test_store_is_the_one_qikit_store_names(store_path):
    app = App()
    store = app.store()
    assert isinstance(store, Store)
    assert app.store() is store
    assert store_path.exists()
    app.close()
    assert app._store is None


# ------------------------------------------------------------------------ the log


def test_the_log_never_propagates_to_the_page():
    App()
    assert _base.LOG.propagate is False
    handlers = [h for h in _base.LOG.handlers if isinstance(h, _base._ServerLogHandler)]
    assert len(handlers) == 1  # added once, however many apps are built
    App()
    assert (
        len([h for h in _base.LOG.handlers if isinstance(h, _base._ServerLogHandler)])
        == 1
    )


def test_server_stream_uses_the_kernels_copy_of_stderr(tmp_path, monkeypatch):
    """In a kernel, sys.stderr goes to the page; ipykernel keeps the original file
    descriptor as _original_stdstream_copy, and that is where the log must go."""
    target = tmp_path / "server.log"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)

    class KernelStderr(io.StringIO):
        _original_stdstream_copy = fd

    monkeypatch.setattr(sys, "stderr", KernelStderr())
    stream = _base._server_stream()
    stream.write("to the server\n")
    stream.close()
    os.close(fd)
    assert target.read_text() == "to the server\n"
    assert sys.stderr.getvalue() == ""


def test_server_stream_falls_back_to_the_real_stderr(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _base._server_stream() is sys.__stderr__


def test_log_level_lets_tracebacks_through():
    App()
    assert _base.LOG.isEnabledFor(logging.ERROR)


# ------------------------------------------------------------------------ helpers


def test_message_html_escapes_and_keeps_lines():
    assert message_html("a <b>\n`c`") == "a &lt;b&gt;<br><code>c</code>"


def test_close_figure_releases_pyplot_figures():
    fig, _ = plt.subplots()
    close_figure(fig)
    assert fig.number not in plt.get_fignums()


def test_change_control_is_marked_for_the_benchmark():
    app = App()
    first, second = slider("a", minimum=0, maximum=3), slider("b", minimum=0, maximum=3)
    assert app.change_control is None
    app.change_control = first
    assert "qikit-change" in first._dom_classes
    app.change_control = second
    assert "qikit-change" not in first._dom_classes
    assert "qikit-change" in second._dom_classes
    app.change_control = None
    assert "qikit-change" not in second._dom_classes


def test_apps_use_no_voila_api_so_they_run_in_jupyterlab_too():
    folder = Path(qikit.apps.__file__).parent
    imported = set()
    for file in folder.glob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert "ipywidgets" in imported
    assert not {name for name in imported if name.split(".")[0] in ("voila", "voici")}


def _app_classes() -> list[type[App]]:
    """Every App subclass in qikit.apps' modules (the apps and the lesson helpers)."""
    found = {}
    for info in pkgutil.iter_modules(qikit.apps.__path__):
        module = importlib.import_module(f"qikit.apps.{info.name}")
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, App) and obj is not App:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[name] for name in sorted(found)]


def _another_value(control: widgets.Widget):
    """A valid value for ``control`` other than the one it has."""
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        return next(v for v in values if v != control.value)
    if isinstance(control.value, bool):
        return not control.value
    if isinstance(control.value, int | float) and hasattr(control, "max"):
        step = getattr(control, "step", 1) or 1
        up = control.value + step
        return up if up <= control.max else control.value - step
    return f"{control.value} 2"


def test_every_change_control_updates_its_apps_status(tmp_path, monkeypatch):
    # bench_apps.py times a change of the app's change_control to its next status:
    # a control that only takes effect when a button is pressed cannot be timed
    monkeypatch.setenv("QIKIT_STORE", str(tmp_path / "store.sqlite3"))
    checked = []
    for cls in _app_classes():
        try:
            app = cls()
        except TypeError:  # needs arguments: built by its own tests
            continue
        control = app.change_control
        if control is None:
            continue
        before = app._status_seq
        control.value = _another_value(control)
        assert app._status_seq > before, f"{cls.__name__}: the change did nothing"
        assert 'data-state="error"' not in app.status.value, cls.__name__
        checked.append(cls.__name__)
    assert len(checked) >= 10, checked


# ------------------------------------------------------------ memory after a cell


class _Events:
    """The part of IPython's event manager the apps use, with its trigger."""

    def __init__(self) -> None:
        self.callbacks: dict[str, list] = {"post_run_cell": []}

    def register(self, event, function) -> None:
        self.callbacks[event].append(function)

    def unregister(self, event, function) -> None:
        self.callbacks[event].remove(function)

    def trigger(self, event) -> None:
        for function in self.callbacks[event][:]:
            function(None)


class _Node:
    """An object that refers to itself: only the cyclic garbage collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_after_the_cell_that_builds_apps_memory_is_collected_and_frozen(monkeypatch):
    shell = type("Shell", (), {"events": _Events()})()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    monkeypatch.setattr(_base._Settle, "pending", False)
    try:
        node = _Node()
        alive = weakref.ref(node)
        App(title="One")
        App(title="Two")  # one settling per cell, however many apps it builds
        assert len(shell.events.callbacks["post_run_cell"]) == 1
        shell.events.trigger("post_run_cell")
        assert shell.events.callbacks["post_run_cell"] == []
        assert gc.get_freeze_count() > 0
        del node  # garbage now, but frozen: collections no longer look at it
        gc.collect()
        assert alive() is not None
        App(title="Three")  # the next cell settles again, unfreezing first
        shell.events.trigger("post_run_cell")
        assert alive() is None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_outside_a_kernel_memory_is_left_alone(monkeypatch):
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    monkeypatch.setattr(_base._Settle, "pending", False)
    App(title="In a script")
    assert _base._Settle.pending is False
