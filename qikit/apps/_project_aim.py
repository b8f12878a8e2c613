"""Step 1 of the project builder: the aim, with SMART feedback (private).

The learner types what will change, for whom, the baseline, the goal, the unit and
the date; every change builds a new :class:`~qikit.improve.Aim` (so a bad number is
a message and the boxes keep what was typed) and shows
:meth:`~qikit.improve.Aim.smart_check` in words, element by element. The stretch
aims of Scottish programmes (:func:`~qikit.improve.example_aim`) are there to learn
from, with their own SMART check.
"""

from __future__ import annotations

import datetime as dt
from html import escape

import ipywidgets as widgets

from qikit.apps._base import message_html
from qikit.apps._controls import button, text, text_area
from qikit.apps._project_common import (
    Step,
    date_text,
    heading,
    number_text,
    parse_number,
    step_action,
    wide_choice,
)
from qikit.improve import Aim, example_aim, list_examples

__all__ = ["AimStep", "smart_html"]

#: How each SMART status is said (never by colour alone).
STATUS_WORDS = {"ok": "✓ Done", "weak": "Needs work", "missing": "✗ Missing"}
#: The form's fields, in the order they are shown.
FIELDS = ("what", "who", "baseline", "goal", "unit", "by", "why", "statement")


def _example_choices() -> list[tuple[str, str]]:
    table = list_examples()
    aims = table[table["kind"] == "aim"]
    return [
        (str(row.title), str(row.name))
        for row in aims.itertuples(index=False)
        if row.name != "pressure_ulcers"
    ]


def smart_html(aim: Aim | None, *, today: dt.date | None, caption: str) -> str:
    """The SMART check of ``aim`` as a table: element, status in words, feedback."""
    if aim is None:
        return (
            '<p class="qikit-smart-none">No aim yet: start with what will change '
            "and for whom.</p>"
        )
    summary = aim.smart_summary(today=today)
    done = int((summary["status"] == "ok").sum())
    rows = "".join(
        f'<tr><th scope="row">{escape(row.element)} {escape(row.name)}</th>'
        f'<td class="qikit-smart-{escape(row.status)}">'
        f"{escape(STATUS_WORDS[row.status])}</td>"
        f'<td style="text-align:left">'
        f"{message_html(row.feedback) if row.feedback else ''}</td></tr>"
        for row in summary.itertuples(index=False)
    )
    head = (
        "This aim meets all five SMART elements."
        if done == 5
        else f"{done} of the 5 SMART elements are done."
    )
    return (
        f'<p class="qikit-smart-head"><strong>{escape(head)}</strong></p>'
        f'<table class="qikit-table qikit-smart"><caption>{escape(caption)}</caption>'
        '<thead><tr><th scope="col">Element</th><th scope="col">Status</th>'
        '<th scope="col" style="text-align:left">What to do</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


class AimStep(Step):
    """Step 1: what are we trying to accomplish?

    Attributes
    ----------
    what, who, baseline, goal, unit, by, why, statement : ipywidgets.Text
        The parts of the aim (``baseline`` and ``goal`` are numbers, ``by`` a UK
        date); a change of any of them updates the aim and its SMART check.
    check : ipywidgets.Button
        "Check my aim".
    aim_text, smart : ipywidgets.HTML
        The aim as one sentence, and its SMART check in a table.
    examples : ipywidgets.Dropdown
        "Stretch aims to learn from" (:func:`qikit.improve.example_aim`).
    example_view : ipywidgets.HTML
        The chosen example and its SMART check.
    copy_example : ipywidgets.Button
        "Copy this example into my aim".
    """

    title = "1. Aim: what are we trying to accomplish?"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.what = text(
            "What will change",
            placeholder="e.g. reduce falls with harm",
            help="Start with a word such as reduce or increase",
        )
        self.who = text(
            "For whom and where", placeholder="e.g. residents of Ashgrove House"
        )
        self.baseline = text("Baseline: where you start (a number)")
        self.goal = text("Goal: where you aim to be (a number)")
        self.unit = text(
            "Unit of the baseline and goal", placeholder="e.g. %, days, falls a month"
        )
        self.by = text("By when (a date, e.g. 31/03/2026)")
        self.why = text_area(
            "Why it matters",
            rows=2,
            placeholder="to the people who use the service",
        )
        self.statement = text_area(
            "Aim in one sentence",
            rows=2,
            placeholder="Optional: left empty, it is written from the parts",
        )
        self.check = button("Check my aim")
        self.done = self.message()
        self.aim_text = widgets.HTML(value="")
        self.smart = widgets.HTML(value="")
        self.examples = wide_choice("Stretch aims to learn from", _example_choices())
        self.example_view = widgets.HTML(value="")
        self.copy_example = button("Copy this example into my aim")
        self.example_done = self.message()
        self.box.children = (
            widgets.HTML(
                "<p>Say what will change, for whom, by how much and by when. The "
                "SMART check below says what to add.</p>"
            ),
            *self._fields(),
            self.check,
            self.done,
            self.aim_text,
            self.smart,
            heading("Learn from the stretch aims of Scottish programmes"),
            self.examples,
            self.example_view,
            self.copy_example,
            self.example_done,
        )
        for name in FIELDS:
            app.wire_change(getattr(self, name), self.update, self.done)
        app.wire_click(self.check, self.check_aim, self.done)
        app.wire_change(self.examples, self.show_example, self.example_done)
        app.wire_click(self.copy_example, self.copy, self.example_done)
        self._render_example()

    def _fields(self) -> list[widgets.Widget]:
        return [getattr(self, name) for name in FIELDS]

    # -- reading the form ------------------------------------------------------------

    def aim_from_form(self) -> Aim | None:
        """The aim the boxes describe (``None`` when every box is empty).

        Fields the form does not show (the aim's measure, notes, id) are kept from
        the project's aim. Raises :class:`~qikit.errors.InputError` for a value the
        aim cannot take; nothing is changed then.
        """
        values = {
            "what": self.what.value,
            "who": self.who.value,
            "baseline": parse_number(self.baseline.value, "baseline"),
            "goal": parse_number(self.goal.value, "goal", example="85 or 1.2"),
            "unit": self.unit.value,
            "by": self.by.value.strip() or None,
            "why": self.why.value,
            "statement": self.statement.value,
        }
        if not any(v is not None and str(v).strip() for v in values.values()):
            return None
        old = self.project.aim
        if old is None:
            return Aim(**values)
        return Aim(**{**old.to_dict(), **values})

    # -- actions ---------------------------------------------------------------------

    @step_action
    def update(self) -> None:
        """A box changed: update the aim and its SMART check."""
        if self.app.syncing:
            return
        self._commit()
        self.app.set_status("Aim updated")

    @step_action
    def check_aim(self) -> None:
        """The button "Check my aim": the same, said as a check."""
        self._commit()
        self.app.set_status("Aim checked")

    def _commit(self) -> None:
        aim = self.aim_from_form()
        old = self.project.aim
        changed = (aim is None) != (old is None) or (
            aim is not None and aim.to_dict() != old.to_dict()
        )
        if changed:
            self.project.aim = aim
            self.app.changed({"aim"})
        self._render()

    @step_action
    def show_example(self) -> None:
        """Show the chosen stretch aim and its SMART check."""
        self._render_example()
        self.app.set_status("Example aim shown")

    @step_action
    def copy(self) -> None:
        """Put the chosen example's parts into the boxes and make it the aim."""
        example = example_aim(self.examples.value)
        old = self.project.aim
        keep = {} if old is None else {"id": old.id, "measure": old.measure}
        aim = Aim(**{**example.to_dict(), "notes": "", **keep})
        self.project.aim = aim
        self.load()
        self.app.changed({"aim"})
        self.app.set_status("Example aim copied")

    # -- showing ---------------------------------------------------------------------

    def load(self) -> None:
        aim = self.project.aim
        with self.app.sync():
            for name in FIELDS:
                getattr(self, name).value = _field_text(aim, name)
        self._render()

    def _render(self) -> None:
        aim = self.project.aim
        self.aim_text.value = (
            ""
            if aim is None
            else '<p class="qikit-aim-text"><strong>Your aim reads:</strong> '
            f"{escape(aim.text())}</p>"
        )
        self.smart.value = smart_html(
            aim, today=self.app.today(), caption="SMART check of your aim"
        )

    def _render_example(self) -> None:
        aim = example_aim(self.examples.value)
        notes = f'<p class="small">{escape(aim.notes)}</p>' if aim.notes else ""
        self.example_view.value = (
            f'<blockquote class="qikit-example-aim">{escape(aim.text())}</blockquote>'
            f"{notes}"
            + smart_html(aim, today=None, caption="SMART check of this example")
        )


def _field_text(aim: Aim | None, name: str) -> str:
    if aim is None:
        return ""
    value = getattr(aim, name)
    if name in ("baseline", "goal"):
        return number_text(value)
    if name == "by":
        return date_text(value)
    return value or ""
