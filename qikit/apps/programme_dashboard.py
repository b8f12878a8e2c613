"""The programme dashboard: many units at once, for a programme lead.

Over a data set of many units (the 32 partnerships of the early years milestones,
six care homes, four wards, 22 Hospital at Home services) or the measures a
cohort's teams keep in the cohort store, it shows, each with its plain-English
findings as the text alternative and its data on request:

- the **summary matrix**: measures × units with the Making Data Count variation
  and assurance icons and the latest values (:func:`qikit.spread.summary_matrix`,
  :func:`qikit.plot.plot_summary_matrix`);
- a **funnel plot** of one period (:func:`qikit.spread.funnel`);
- the units that **reached the aim**, when, and whether they held it
  (:func:`qikit.spread.aim_reached`, :func:`qikit.plot.plot_aim`);
- **small multiples** ordered by signal (:func:`qikit.spread.compare_units`; the
  findings at once, the drawing on request: it takes a few seconds for 32 units);
- the collaborative's **assessment scores**, self against faculty
  (:func:`qikit.spread.assessments` on ``collaborative_scores``).

It opens on ``load_dataset("milestones_27_30")``, so it works with nothing in
the store. Its notebook is ``curriculum/apps/programme_dashboard.ipynb``.

Examples
--------
>>> from qikit.apps.programme_dashboard import ProgrammeDashboard
>>> app = ProgrammeDashboard()
>>> app.status_text, app.source.unit
('Dashboard updated', 'partnership')
>>> app.matrix_view.findings[0]
'1 measure across 32 partnerships (Making Data Count icons).'
>>> app.period.value = app.period.options[-1][1]  # the first quarter
>>> app.status_text
'Funnel plot updated'
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from qikit._format import fmt_number, plural
from qikit._validate import fail
from qikit.apps._base import App, action, message_html
from qikit.apps._controls import button, choice, text, toggle_buttons
from qikit.apps._display import ChartView
from qikit.apps._programme_dashboard_data import (
    MEASURE,
    SOURCES,
    STORE,
    MeasureSpec,
    Source,
    dataset_source,
    matrix_table,
    period_label,
    periods,
    read_projects,
    store_source,
)
from qikit.apps._quiz_format import parse_number
from qikit.datasets import load_dataset
from qikit.errors import QikitError
from qikit.plot import (
    plot_aim,
    plot_assessments,
    plot_funnel,
    plot_summary_matrix,
    plot_units,
)
from qikit.spread import (
    aim_reached,
    assessment_scale,
    assessments,
    compare_units,
    funnel,
    summary_matrix,
)

__all__ = ["DEFAULT_SOURCE", "ProgrammeDashboard"]

#: The data set the dashboard opens on.
DEFAULT_SOURCE = "milestones_27_30"
ORDERS = [("By signal", "signal"), ("By latest value", "latest"), ("By name", "unit")]
KINDS = [
    ("Where they differ most", "gaps"),
    ("Month by month", "distribution"),
    ("Each team", "trajectories"),
]
NO_COHORT = ""


class _PanelError(Exception):
    """A panel could not be drawn: its message is shown in the panel."""


class ProgrammeDashboard(App):
    """Many units at once: the summary matrix, a funnel plot, units at the aim,
    small multiples ordered by signal and a collaborative's assessment scores.

    Parameters
    ----------
    dataset : str, default "milestones_27_30"
        The data set shown first (one of :data:`SOURCES`), or ``"store"`` for the
        measures in the cohort store.

    Attributes
    ----------
    data_choice : ipywidgets.Dropdown
        "Data": a data set, or the measures in the cohort store.
    cohort : ipywidgets.Dropdown
        "Cohort" (for the store's measures).
    measure : ipywidgets.Dropdown
        "Measure" for the funnel plot, the aim and the small multiples.
    period : ipywidgets.Dropdown
        "Period for the funnel plot" (the latest first): the
        :attr:`~qikit.apps.App.change_control`.
    aim : ipywidgets.Text
        "Aim (target value)".
    order : ipywidgets.ToggleButtons
        The order of the small multiples.
    draw_units : ipywidgets.Button
        "Draw the small multiples".
    kind : ipywidgets.ToggleButtons
        Which view of the assessment scores.
    matrix_view, funnel_view, aim_view, units_view, scores_view : ChartView
        The charts, each with its findings and data table.
    source : Source
        The data shown.
    """

    title = "Programme dashboard"
    intro = (
        "Many units at once: which are improving, which stand out, which reached "
        "the aim. Choose the data and a measure; every chart has its findings "
        "under it and its data on request."
    )

    def __init__(self, dataset: str = DEFAULT_SOURCE) -> None:
        super().__init__()
        self._syncing = False
        self._units = None
        self._drawn_units: tuple | None = None
        options = [(d.label, d.name) for d in SOURCES.values()]
        options.append(("Measures in the cohort store", STORE))
        keys = [v for _, v in options]
        self.data_choice = choice(
            "Data", options, value=dataset if dataset in keys else DEFAULT_SOURCE
        )
        for control in (self.data_choice,):
            control.layout.width = "100%"
            control.layout.max_width = "48em"
        self.cohort = choice("Cohort", [("(choose the store's measures)", NO_COHORT)])
        self.cohort.layout.display = "none"
        self.measure = choice("Measure", [("(none)", "")])
        self.measure.layout.width = "100%"
        self.measure.layout.max_width = "48em"
        self.period = choice("Period for the funnel plot", [("(none)", "")])
        self.period.layout.width = "24em"
        self.aim = text("Aim (target value)", placeholder="e.g. 85")
        self.aim_direction = widgets.HTML(value="")
        self.order = toggle_buttons("Order", ORDERS)
        self.draw_units = button("Draw the small multiples")
        self.kind = toggle_buttons("Show", KINDS)
        self.source_text = widgets.HTML(value="")
        self.matrix_text = widgets.HTML(value="")
        self.matrix_view = ChartView(app=self, table_label="Show the matrix as a table")
        self.funnel_text = widgets.HTML(value="")
        self.funnel_view = ChartView(app=self, table_label="Show the funnel's table")
        self.aim_text = widgets.HTML(value="")
        self.aim_view = ChartView(app=self, table_label="Show the units at the aim")
        self.units_text = widgets.HTML(value="")
        self.units_view = ChartView(app=self, table_label="Show each unit's signals")
        self.scores_text = widgets.HTML(value="")
        self.scores_view = ChartView(app=self, table_label="Show the scores as a table")
        self.scale_text = widgets.HTML(value=_scale_html())
        self.change_control = self.period
        self.source: Source | None = None

        self.set_body(
            [
                widgets.HBox([self.data_choice, self.cohort]),
                self.measure,
                self.feedback,
                self.source_text,
                _heading("Summary matrix"),
                self.matrix_text,
                self.matrix_view,
                _heading("Funnel plot"),
                self.period,
                self.funnel_text,
                self.funnel_view,
                _heading("Units at the aim"),
                widgets.HBox([self.aim, self.aim_direction]),
                self.aim_text,
                self.aim_view,
                _heading("Small multiples"),
                self.order,
                self.units_text,
                self.draw_units,
                self.units_view,
                _heading("The collaborative's assessment scores"),
                self.kind,
                self.scores_text,
                self.scores_view,
                self.scale_text,
            ]
        )
        self.on_change(self.data_choice, self._data_chosen)
        self.on_change(self.cohort, self._cohort_chosen)
        self.on_change(self.measure, self._measure_chosen)
        self.on_change(self.period, self.redraw_funnel)
        self.on_change(self.aim, self.redraw_aim)
        self.on_change(self.order, self.reorder)
        self.on_click(self.draw_units, self.draw_small_multiples)
        self.on_change(self.kind, self.redraw_scores)
        self.redraw_scores()
        self.show_data()

    # -- actions -----------------------------------------------------------------

    @action
    def show_data(self) -> None:
        """Read the chosen data (a data set, or the store's measures) and draw every
        panel of it."""
        key = self.data_choice.value
        notes: list[str] = []
        if key == STORE:
            cohorts = [str(c) for c in self.store().list_cohorts()["cohort"]]
            cohort = (
                self.cohort.value
                if self.cohort.value in cohorts
                else (cohorts[-1] if cohorts else NO_COHORT)
            )
            if cohort:
                points = self.store().measure_data(cohort)
                projects, notes = read_projects(self.store(), cohort)
                source, more = store_source(points, projects, cohort)
                notes += more
            else:
                source = Source(
                    STORE, "Measures in the cohort store", "team", pd.DataFrame(), ()
                )
            self._set_cohorts(cohorts, cohort)
        else:
            source = dataset_source(key)
            self._set_cohorts(None, NO_COHORT)
        self._use(source)
        self.show_notes(notes, heading="About the data")
        self.set_status(
            "Dashboard updated" if source.measures else "No measures to show"
        )

    @action
    def redraw_funnel(self) -> None:
        """Draw the funnel plot for the chosen period."""
        if self._syncing or self.source is None:
            return
        self._panel(self._funnel, self.funnel_view, self.funnel_text)
        self.set_status("Funnel plot updated")

    @action
    def redraw_aim(self) -> None:
        """Work out the units at the aim again (after the aim changed)."""
        if self._syncing or self.source is None:
            return
        self._aim_value()  # a number, or a message
        self._panel(self._aim, self.aim_view, self.aim_text)
        self.set_status("Aim updated")

    @action
    def reorder(self) -> None:
        """Put the units in the chosen order (the drawing is made again on request)."""
        if self._syncing or self.source is None:
            return
        self._panel(self._units_panel, None, self.units_text)
        self.set_status("Units reordered")

    @action
    def draw_small_multiples(self) -> None:
        """Draw one small chart per unit, in the chosen order."""
        if self._units is None:
            raise fail(
                "measure",
                "there are no units to draw",
                self.measure.value or "no measure",
                "Choose data with a measure first.",
            )
        fig = plot_units(self._units, ncols=4)
        frame = self._units.frame
        view = frame[["rank", "unit", "points", "latest", "signals", "signal_class"]]
        self.units_view.show_figure(
            fig,
            alt=(
                f"Small multiples: one chart for each of {len(frame)} "
                f"{self._plural_unit()}, {self._order_words()}; the findings are "
                "above the button."
            ),
            caption=None,
            table=view,
            table_caption="Each unit's signals, in the order drawn",
        )
        self._drawn_units = self._units_key()
        self.set_status("Small multiples drawn")

    @action
    def redraw_scores(self) -> None:
        """Draw the collaborative's assessment scores in the chosen view."""
        scores = assessments(
            load_dataset("collaborative_scores"),
            y="score",
            x="month",
            unit="team",
            assessor="assessor",
        )
        kind = self.kind.value
        fig = plot_assessments(scores, kind=kind)
        if kind == "gaps":
            table = scores.gaps()
        elif kind == "distribution":
            table = scores.distribution()
        else:
            table = scores.frame
        words = {
            "gaps": "the teams whose self and faculty scores differ most",
            "distribution": "the collaborative's median and quartiles month by month",
            "trajectories": "each team's self and faculty scores month by month",
        }[kind]
        self.scores_text.value = (
            "<p>IHI assessment scores (0.5 to 5.0) of 16 teams in a Breakthrough "
            "Series collaborative, scored by each team and by the faculty "
            "(the <code>collaborative_scores</code> data set).</p>"
        )
        self.scores_view.show_figure(
            fig,
            alt=f"Assessment scores: {words}; the findings follow.",
            caption=scores.explain().splitlines(),
            table=table,
            table_caption="The assessment scores shown",
        )
        self.set_status("Assessment chart updated")

    # -- reacting to choices --------------------------------------------------------

    def _data_chosen(self) -> None:
        if not self._syncing:
            self.show_data()

    def _cohort_chosen(self) -> None:
        if not self._syncing and self.data_choice.value == STORE:
            self.show_data()

    def _measure_chosen(self) -> None:
        if self._syncing or self.source is None:
            return
        self._measure_panels()
        self.set_status("Dashboard updated")

    # -- the work ----------------------------------------------------------------------

    def _use(self, source: Source) -> None:
        self.source = source
        self._syncing = True
        try:
            names = source.names
            self.measure.options = [(n, n) for n in names] or [("(none)", "")]
            self.measure.value = names[0] if names else ""
        finally:
            self._syncing = False
        units = source.data[source.unit].nunique() if len(source.data) else 0
        self.source_text.value = (
            f"<p>{escape(source.label)}: {plural(len(names), 'measure')}, "
            f"{plural(units, source.unit)}.</p>"
        )
        if not names:
            self.source_text.value = (
                "<p>No team in this cohort has stored measure data yet: teams add "
                "their data in the project builder.</p>"
                if self.cohort.value
                else "<p>The cohort store has no cohorts yet.</p>"
            )
        self._panel(self._matrix, self.matrix_view, self.matrix_text)
        self._measure_panels()

    def _measure_panels(self) -> None:
        source = self.source
        spec = source.spec(self.measure.value) if source.measures else None
        self._syncing = True
        try:
            found = periods(source.rows(spec.name)) if spec else []
            self.period.options = [(period_label(p), p) for p in found] or [
                ("(none)", "")
            ]
            self.period.value = found[0] if found else ""
            self.aim.value = (
                ""
                if spec is None or spec.target is None
                else (fmt_number(spec.target, decimals=6))
            )
        finally:
            self._syncing = False
        self.aim_direction.value = _direction_html(spec)
        self._panel(self._funnel, self.funnel_view, self.funnel_text)
        self._panel(self._aim, self.aim_view, self.aim_text)
        self._panel(self._units_panel, None, self.units_text)

    def _panel(
        self,
        work: Callable[[], Any],
        view: ChartView | None,
        text: widgets.HTML | None,
    ) -> None:
        """Run one panel's work; its own problem is shown in the panel, so the other
        panels are still drawn."""
        try:
            work()
        except (_PanelError, QikitError) as problem:
            if view is not None:
                view.clear()
            if text is not None:
                text.value = (
                    '<p class="qikit-panel-message"><strong>Not shown:</strong> '
                    f"{message_html(str(problem))}</p>"
                )

    def _spec(self) -> MeasureSpec:
        if self.source is None or not self.source.measures:
            raise _PanelError("there is no measure to show.")
        return self.source.spec(self.measure.value)

    def _matrix(self) -> None:
        source = self.source
        if source is None or not source.measures:
            raise _PanelError("there is no measure to show.")
        specs = {m.name: m for m in source.measures}
        with_n = any(m.has_n for m in source.measures)
        data = source.data
        if with_n:
            data = data.assign(n=data["n"].fillna(1.0))
        matrix = summary_matrix(
            data,
            y="y",
            n="n" if with_n else None,
            measure=MEASURE,
            unit=source.unit,
            x="x",
            chart={k: m.chart for k, m in specs.items()},
            improvement={k: m.improvement for k, m in specs.items()},
            target={k: m.target for k, m in specs.items()},
            multiply={k: m.multiply for k, m in specs.items()},
        )
        many = len(matrix.units) > len(matrix.measures)
        fig = plot_summary_matrix(
            matrix,
            transpose=many,
            title=f"{plural(len(matrix.measures), 'measure')} across "
            f"{len(matrix.units)} {self._plural_unit()}",
        )
        self.matrix_text.value = ""
        self.matrix_view.show_figure(
            fig,
            alt=(
                f"Summary matrix of {plural(len(matrix.measures), 'measure')} across "
                f"{len(matrix.units)} {self._plural_unit()} with the Making Data "
                "Count icons and latest values; the findings follow."
            ),
            caption=matrix.explain().splitlines(),
            table=matrix_table(matrix.frame, source.unit),
            table_caption="Each measure and unit: latest value and icons",
        )

    def _funnel(self) -> None:
        spec = self._spec()
        if spec.funnel is None:
            raise _PanelError(
                f"a funnel plot compares shares or rates, and {spec.name} has no "
                "denominator. Choose a measure counted out of a total."
            )
        rows = self.source.rows(spec.name)
        period = self.period.value
        chosen = rows[rows["x"] == period]
        result = funnel(
            chosen,
            y="y",
            n="n",
            group=self.source.unit,
            kind=spec.funnel,
            multiply=spec.multiply,
        )
        fig, ax = plt.subplots(figsize=(10, 5.6), layout="constrained")
        plot_funnel(result, ax=ax, title=f"{spec.name}, {period_label(period)}")
        self.funnel_text.value = ""
        self.funnel_view.show_figure(
            fig,
            alt=(
                f"Funnel plot of {spec.name} for {period_label(period)}: "
                f"{len(result.frame)} {self._plural_unit()} against the 95% and "
                "99.8% limits; the findings follow."
            ),
            caption=result.explain().splitlines(),
            table=result.frame,
            table_caption=f"{spec.name}, {period_label(period)}: each unit",
        )

    def _aim_value(self) -> float | None:
        typed = self.aim.value.strip()
        if not typed:
            return None
        value = parse_number(typed)
        if value is None:
            raise fail(
                "aim",
                "is not a number",
                typed,
                "Type the aim's value on the chart's scale, such as 85 for 85%.",
            )
        return value

    def _aim(self) -> None:
        spec = self._spec()
        target = self._aim_value()
        if target is None:
            raise _PanelError(
                "type the aim's target value to see which units reached it."
            )
        if spec.improvement is None:
            raise _PanelError(
                f"{spec.name} has no direction of improvement, so meeting the aim "
                "cannot be told apart from missing it."
            )
        rows = self.source.rows(spec.name)
        result = aim_reached(
            rows,
            y="y",
            unit=self.source.unit,
            x="x",
            target=target,
            improvement=spec.improvement,
            n="n" if spec.has_n else None,
            multiply=spec.multiply,
        )
        fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
        plot_aim(result, ax=ax)
        self.aim_text.value = ""
        side = "or more" if spec.improvement == "increase" else "or less"
        self.aim_view.show_figure(
            fig,
            alt=(
                f"Line chart of how many {self._plural_unit()} have reached, "
                f"sustained and now meet the aim of {fmt_number(target)} {side}, "
                "period by period; the findings follow."
            ),
            caption=result.explain().splitlines(),
            table=result.frame,
            table_caption="Each unit and the aim",
        )

    def _units_panel(self) -> None:
        spec = self._spec()
        rows = self.source.rows(spec.name)
        target = self._aim_value_or_none()
        result = compare_units(
            rows,
            y="y",
            n="n" if spec.has_n else None,
            x="x",
            unit=self.source.unit,
            chart=spec.chart,
            rules="mdc",
            improvement=spec.improvement,
            target=target,
            multiply=spec.multiply,
            order=self.order.value,
            ylab=spec.name,
        )
        self._units = result
        lines = "".join(
            f"<li>{escape(line)}</li>" for line in result.explain().splitlines()
        )
        self.units_text.value = f'<ul class="qikit-units-findings">{lines}</ul>'
        if self._drawn_units != self._units_key():
            self.units_view.clear()

    def _aim_value_or_none(self) -> float | None:
        try:
            return self._aim_value()
        except QikitError:
            return None

    def _units_key(self) -> tuple:
        return (
            self.source.key if self.source else None,
            self.cohort.value,
            self.measure.value,
            self.order.value,
            self.aim.value,
        )

    def _order_words(self) -> str:
        return {
            "signal": "ordered by signal (concerns first)",
            "latest": "ordered by latest value, highest first",
            "unit": "in order of name",
        }[self.order.value]

    def _plural_unit(self) -> str:
        word = self.source.unit if self.source else "unit"
        return word if word.endswith("s") else word + "s"

    def _set_cohorts(self, cohorts: list[str] | None, chosen: str) -> None:
        self._syncing = True
        try:
            if cohorts is None:
                self.cohort.layout.display = "none"
                return
            self.cohort.layout.display = None
            options = [(c, c) for c in cohorts] or [("(no cohorts yet)", NO_COHORT)]
            if list(self.cohort.options) != options:
                self.cohort.options = options
            self.cohort.value = chosen
        finally:
            self._syncing = False


def _heading(text_: str) -> widgets.HTML:
    return widgets.HTML(
        value=f'<h2 class="qikit-dashboard-heading">{escape(text_)}</h2>'
    )


def _direction_html(spec: MeasureSpec | None) -> str:
    if spec is None or spec.improvement is None:
        return ""
    side = "higher is better" if spec.improvement == "increase" else "lower is better"
    return f'<span class="qikit-aim-direction">({escape(side)})</span>'


def _scale_html() -> str:
    scale = assessment_scale()
    rows = "".join(
        f"<tr><td>{escape(f'{float(r.score):.1f}')}</td><td>{escape(str(r.label))}"
        f"</td><td>{escape(str(r.definition))}</td></tr>"
        for r in scale.itertuples(index=False)
    )
    return (
        '<details><summary aria-label="The IHI assessment scale">'
        "The IHI assessment scale</summary>"
        '<table class="qikit-table"><caption>Each level of the scale</caption>'
        '<thead><tr><th scope="col">Score</th><th scope="col">Level</th>'
        '<th scope="col">What it means</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
    )
