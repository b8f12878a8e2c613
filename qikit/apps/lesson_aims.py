"""The aim builder and tables for the module on the Model for Improvement and aims.

The curriculum's module 2 (``curriculum/02_model_for_improvement.ipynb``) teaches the
first question of the Model for Improvement, *what are we trying to accomplish?*, with
:class:`qikit.improve.Aim` and its SMART feedback. These helpers keep the notebook's
cells one line long:

- :func:`change_text`: how big a change an aim asks for, in words.
- :func:`smart_table`: an aim, the size of its change and its SMART check, as an
  accessible table (the project builder's own layout).
- :func:`aims_table`: several aims side by side (the Early Years Collaborative's
  stretch aims), with what each states and how many SMART elements it meets.
- :class:`AimBuilder`: a small app: type an aim part by part (or start from a
  Scottish stretch aim) and see the SMART check and the size of the change as you
  go. The project builder (:class:`qikit.apps.ProjectBuilder`) has the same aim step
  inside a whole project; this one fits on a lesson page.

Examples
--------
>>> from qikit.improve import Aim
>>> aim = Aim(what="increase visits", baseline=60, goal=85, unit="%")
>>> change_text(aim)
'From 60% to 85%: a rise of 25 percentage points (42% of the baseline).'
>>> app = AimBuilder(example="vague")
>>> app.status_text, app.aim.what
('Example copied', 'Improve care for people living with dementia')
>>> app.goal.value = "sixty"
>>> app.status_state, app.error_text.startswith("`goal`: must be a number")
('error', True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit._format import fmt_number, human_date
from qikit.apps._base import App, action
from qikit.apps._controls import button, text, text_area
from qikit.apps._display import table_html
from qikit.apps._project_aim import smart_html
from qikit.apps._project_common import (
    date_text,
    number_text,
    parse_number,
    row,
    wide_choice,
)
from qikit.charts.vocabulary import is_percent_unit
from qikit.improve import Aim, example_aim, list_examples

__all__ = [
    "AIM_COLUMNS",
    "AimBuilder",
    "aims_frame",
    "aims_table",
    "change_text",
    "smart_table",
]

#: The columns of :func:`aims_frame`, in order.
AIM_COLUMNS: tuple[str, ...] = (
    "Aim",
    "Baseline",
    "Goal",
    "By",
    "SMART elements met",
)
#: The boxes of :class:`AimBuilder`, in the order they are shown.
FIELDS: tuple[str, ...] = (
    "what",
    "who",
    "baseline",
    "goal",
    "relative_change",
    "unit",
    "by",
    "why",
)
_NO_CHANGE = "Add a baseline and a goal to see how big a change the aim asks for."


def _aim(aim: object, argument: str) -> Aim:
    if not isinstance(aim, Aim):
        raise v.fail(
            argument,
            "is not an aim",
            type(aim).__name__,
            "Pass a qikit.improve.Aim, e.g. example_aim('eyc_27_30_months').",
        )
    return aim


def _amount(value: float, unit: str) -> str:
    """A value with its unit: '85%', '4.44 per 1,000 births'."""
    if is_percent_unit(unit):
        return f"{fmt_number(value)}%"
    return f"{fmt_number(value)} {unit}".strip()


def change_text(aim: Aim) -> str:
    """How big a change the aim asks for, from its baseline to its goal, in words.

    The goal is :attr:`Aim.implied_goal` (the goal, or the baseline moved by the
    relative change). Percentages change by percentage points; the change is also
    given as a share of the baseline.

    Raises
    ------
    qikit.errors.InputError
        When ``aim`` is not an :class:`~qikit.improve.Aim`.

    Examples
    --------
    >>> from qikit.improve import Aim
    >>> change_text(Aim(baseline=40, relative_change=-15, unit="days"))
    'From 40 to 34 days: a fall of 6 days (15% of the baseline).'
    >>> change_text(Aim(goal=85, unit="%"))
    'Add a baseline and a goal to see how big a change the aim asks for.'
    """
    aim = _aim(aim, "aim")
    goal = aim.implied_goal
    if aim.baseline is None or goal is None:
        return _NO_CHANGE
    if goal == aim.baseline:
        return f"From {_amount(aim.baseline, aim.unit)} to the same: no change."
    word = "rise" if goal > aim.baseline else "fall"
    size = abs(goal - aim.baseline)
    if is_percent_unit(aim.unit):
        points = "percentage point" if size == 1 else "percentage points"
        step = f"{fmt_number(size)} {points}"
    else:
        step = _amount(size, aim.unit)
    start = (
        fmt_number(aim.baseline)
        if not is_percent_unit(aim.unit)
        else _amount(aim.baseline, aim.unit)
    )
    share = (
        f" ({fmt_number(100 * size / abs(aim.baseline), decimals=0)}% of the baseline)"
        if aim.baseline
        else ""
    )
    return f"From {start} to {_amount(goal, aim.unit)}: a {word} of {step}{share}."


def _smart_html(aim: Aim, caption: str, today: dt.date | None) -> str:
    check = smart_html(aim, today=today, caption=caption)
    return (
        f'<p class="qikit-aim-text"><strong>The aim reads:</strong> '
        f"{escape(aim.text())}</p>"
        f'<p class="qikit-aim-change"><strong>How big a change:</strong> '
        f"{escape(change_text(aim))}</p>{check}"
    )


def smart_table(aim: Aim, *, caption: str, today: dt.date | None = None) -> HTML:
    """An aim, how big a change it asks for, and its SMART check, element by element.

    Parameters
    ----------
    aim : Aim
        The aim to check.
    caption : str
        The table's caption.
    today : date, optional
        Check the date against this day (a date in the past, or more than three
        years away, is then a weakness). Default: the date is not checked against
        today, as for the published aims of past programmes.

    Returns
    -------
    IPython.display.HTML
        The aim as one sentence, :func:`change_text`, and a table with one row per
        SMART element: its status in words ("✓ Done", "Needs work", "✗ Missing")
        and what to do.

    Raises
    ------
    qikit.errors.InputError
        When ``aim`` is not an aim, or the caption is empty.

    Examples
    --------
    >>> from qikit.improve import example_aim
    >>> html = smart_table(example_aim("vague"), caption="A weak aim").data
    >>> "1 of the 5 SMART elements are done." in html
    True
    """
    aim = _aim(aim, "aim")
    caption = v.text(caption, "caption", required=True)
    today = v.date(today, "today")
    return HTML(_smart_html(aim, caption, today))


def aims_frame(aims: Iterable[Aim]) -> pd.DataFrame:
    """Aims side by side: what each says, its baseline, goal and date, and SMART.

    Parameters
    ----------
    aims : iterable of Aim
        The aims, in the order to show them.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AIM_COLUMNS`: the aim as one sentence, the baseline ("not
        stated" when there is none), the goal (a relative change is written as
        one, "15% fall"), the date (e.g. "31 December 2016") and how many of the
        five SMART elements the aim meets ("4 of 5"), checked without today's date.

    Raises
    ------
    qikit.errors.InputError
        When ``aims`` is empty or holds something that is not an aim.

    Examples
    --------
    >>> from qikit.improve import example_aim
    >>> aims_frame([example_aim("stillbirths")]).iloc[0, 1:].tolist()
    ['not stated', '15% fall', '31 December 2015', '4 of 5']
    """
    if isinstance(aims, Aim):
        aims = [aims]
    items = list(aims) if isinstance(aims, Iterable) else [aims]
    if not items:
        raise v.fail(
            "aims",
            "is empty",
            [],
            "Pass one or more aims, e.g. [example_aim('eyc_27_30_months')].",
        )
    rows = []
    for i, item in enumerate(items):
        aim = _aim(item, v.path("aims", i))
        if aim.goal is not None:
            goal = _amount(aim.goal, aim.unit)
        elif aim.relative_change is not None:
            word = "fall" if aim.relative_change < 0 else "rise"
            goal = f"{fmt_number(abs(aim.relative_change))}% {word}"
        else:
            goal = "not stated"
        summary = aim.smart_summary()
        met = int((summary["status"] == "ok").sum())
        rows.append(
            {
                "Aim": aim.text(),
                "Baseline": (
                    "not stated"
                    if aim.baseline is None
                    else _amount(aim.baseline, aim.unit)
                ),
                "Goal": goal,
                "By": "not stated" if aim.by is None else human_date(aim.by),
                "SMART elements met": f"{met} of {len(summary)}",
            }
        )
    return pd.DataFrame(rows, columns=list(AIM_COLUMNS))


def aims_table(aims: Iterable[Aim], *, caption: str) -> HTML:
    """:func:`aims_frame` as an accessible HTML table with a caption.

    Raises
    ------
    qikit.errors.InputError
        As :func:`aims_frame`, or for an empty caption.
    """
    caption = v.text(caption, "caption", required=True)
    return HTML(table_html(aims_frame(aims), caption=caption))


def _examples() -> list[tuple[str, str]]:
    table = list_examples()
    aims = table[table["kind"] == "aim"]
    return [(str(row.title), str(row.name)) for row in aims.itertuples(index=False)]


class AimBuilder(App):
    """Write an aim part by part and see its SMART check and size as you type.

    Parameters
    ----------
    example : str, optional
        The name of a built-in aim (:func:`qikit.improve.example_aim`) to start
        from, e.g. ``"vague"`` (a weak aim to improve) or ``"eyc_27_30_months"``.
        Default: empty boxes.
    today : date, optional
        The day the aim's date is checked against (a date already past, or more
        than three years away, is a weakness). Default: the real today.

    Attributes
    ----------
    what, who, baseline, goal, relative_change, unit, by, why : ipywidgets widgets
        The parts of the aim; ``baseline``, ``goal`` and ``relative_change`` (a
        change in per cent of the baseline, for an aim such as "a 15% fall") are
        numbers typed as text, ``by`` a UK date ("31/03/2028"). A change of any
        of them checks the aim again (status "Aim checked").
    check : ipywidgets.Button
        "Check my aim".
    examples : ipywidgets.Dropdown
        "Start from an example"; :attr:`use_example` ("Copy the example into the
        boxes") replaces the boxes with it (status "Example copied").
    report : ipywidgets.HTML
        The aim as one sentence, how big a change it asks for, and its SMART check.
    aim : Aim or None
        The aim the boxes described when last read successfully; a value the aim
        cannot take (a goal of "sixty") is a message, and the last good aim and
        everything typed are kept.

    Raises
    ------
    qikit.errors.InputError
        For an unknown ``example`` or a ``today`` that is not a date.
    """

    title = "Aim builder"
    intro = (
        "Say what will change, for whom, from what baseline to what goal, by when, "
        "and why it matters. The SMART check below says what to add. You can start "
        "from one of the examples."
    )

    def __init__(self, *, example: str = "", today: dt.date | None = None) -> None:
        super().__init__()
        names = [name for _, name in _examples()]
        example = v.text(example, "example")
        if example:
            example = v.choice(example, "example", names)
        self._today = v.date(today, "today")
        self.aim: Aim | None = None
        self._syncing = False
        self.what = text(
            "What will change",
            placeholder="e.g. reduce falls with harm",
            help="Start with a word such as reduce or increase",
        )
        self.who = text("For whom and where", placeholder="e.g. residents of Ward 6")
        self.baseline = text("Baseline: where you start (a number)")
        self.goal = text("Goal: where you aim to be (a number)")
        self.relative_change = text(
            "Or the change, in % of the baseline",
            placeholder="e.g. -15 for a 15% fall",
            help="Leave it empty when you give a goal",
        )
        self.unit = text("Unit of the baseline and goal", placeholder="e.g. %, days")
        self.by = text("By when (a date, e.g. 31/03/2028)")
        self.why = text_area(
            "Why it matters", rows=2, placeholder="to the people who use the service"
        )
        self.check = button("Check my aim", primary=True)
        self.report = widgets.HTML(value="")
        self.examples = wide_choice(
            "Start from an example", _examples(), value=example or None
        )
        self.use_example = button("Copy the example into the boxes")
        self.change_control = self.goal
        self.set_body(
            [
                self.examples,
                row(self.use_example),
                *(getattr(self, name) for name in FIELDS),
                row(self.check),
                self.report,
            ]
        )
        for name in FIELDS:
            self.on_change(getattr(self, name), self.update)
        self.on_click(self.check, self.update)
        self.on_click(self.use_example, self.copy_example)
        if example:
            self.copy_example()
        else:
            self.update()

    def today(self) -> dt.date:
        """The day the aim's date is checked against."""
        return self._today or dt.date.today()

    def aim_from_boxes(self) -> Aim | None:
        """The aim the boxes describe (``None`` when every box is empty).

        Raises :class:`~qikit.errors.InputError` for a value an aim cannot take.
        """
        values = {
            "what": self.what.value,
            "who": self.who.value,
            "baseline": parse_number(self.baseline.value, "baseline"),
            "goal": parse_number(self.goal.value, "goal", example="85 or 1.2"),
            "relative_change": parse_number(
                self.relative_change.value, "relative_change", example="-15 or 20"
            ),
            "unit": self.unit.value,
            "by": self.by.value.strip() or None,
            "why": self.why.value,
        }
        if not any(x is not None and str(x).strip() for x in values.values()):
            return None
        return Aim(**values)

    @action
    def update(self) -> None:
        """Read the boxes and show the aim, its size and its SMART check."""
        if self._syncing:
            return
        aim = self.aim_from_boxes()
        self.aim = aim
        self._render()
        self.set_status("Aim checked")

    @action
    def copy_example(self) -> None:
        """Put the chosen example into the boxes (what was typed is replaced)."""
        example = example_aim(self.examples.value)
        # the boxes hold the parts: the sentence is written from them
        shown = Aim(**{**example.to_dict(), "statement": "", "notes": ""})
        self._syncing = True
        try:
            for name in FIELDS:
                getattr(self, name).value = _box_text(shown, name)
        finally:
            self._syncing = False
        self.aim = shown
        self._render()
        self.set_status("Example copied")

    def _render(self) -> None:
        if self.aim is None:
            self.report.value = smart_html(None, today=None, caption="")
            return
        self.report.value = _smart_html(
            self.aim, "SMART check of your aim", self.today()
        )


def _box_text(aim: Aim, name: str) -> str:
    value = getattr(aim, name)
    if name in ("baseline", "goal", "relative_change"):
        return number_text(value)
    if name == "by":
        return date_text(value)
    return value or ""
