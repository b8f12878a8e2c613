"""The chart studio: your own data, the right chart, and what it shows.

A learner pastes a column or a table from Excel, uploads a CSV or Excel file, or
picks one of qikit's data sets; chooses the columns (qikit guesses them first);
answers the chart chooser's questions (:func:`qikit.improve.chooser.choose_chart`),
which pick the chart and say why, or chooses the chart herself; sets the rules, the
baseline, phases, points to leave out, a target, the direction of improvement and
annotations (such as the start of each PDSA cycle); and gets the chart with its
findings in plain English, its data table, and downloads (PNG, SVG, CSV).

Data as people really have it (UK dates, "%" signs, thousands separators, blank
rows, spaces around headers) is read by :func:`qikit.apps.read_pasted` and
:func:`qikit.apps.read_upload`, with a note on each clean-up. Anything that cannot
be read, or charted, is a message that says what to do; what was entered stays.

Its notebook is ``curriculum/apps/chart_studio.ipynb``.

Examples
--------
>>> from qikit.apps import ChartStudio
>>> app = ChartStudio()
>>> app.status_text, app.result.chart, app.result.ylab
('Chart updated', 'run', 'Falls')
>>> app.kind.value = "attribute"       # counts; same area of opportunity: a C chart
>>> app.result.chart, app.status_text
('c', 'Chart updated')
>>> app.freeze.value = "the spring"    # not a point or a date: a message
>>> app.status_state, app.result.chart
('error', 'c')
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Any

import ipywidgets as widgets
import pandas as pd

from qikit._format import fmt_number, slug
from qikit._validate import fail
from qikit.apps._base import App, action, close_figure
from qikit.apps._chart_studio_inputs import (
    WIZARD_DEFAULTS,
    ColumnGuess,
    answers_for_chart,
    asked,
    dataset_table,
    datasets,
    facet_choices,
    guess_columns,
    point_count,
    read_annotations,
    read_freeze,
    read_phases,
    read_points,
    read_target,
    subgroup_size,
    wizard_answers,
)
from qikit.apps._controls import (
    button,
    choice,
    radio,
    text,
    text_area,
    toggle_buttons,
    upload,
)
from qikit.apps._display import ChartView, result_table, table_html
from qikit.apps._files import (
    TableData,
    clear_upload,
    csv_bytes,
    download_link,
    figure_bytes,
    list_sheets,
    read_file,
    read_pasted,
    uploaded_file,
)
from qikit.charts import QicResult, qic
from qikit.charts.vocabulary import (
    CHARTS,
    NO_DENOMINATOR,
    RATIO_CHARTS,
    RULE_SET_NAMES,
    RULE_SETS,
    chart_name,
)
from qikit.errors import InputError
from qikit.improve.chooser import ChartChoice
from qikit.plot import draw_result
from qikit.plot.save import figure_of

__all__ = ["ChartStudio", "EXAMPLE"]

#: The welcome page's falls data, as it would be pasted from Excel (UK dates).
_FALLS = [9, 7, 10, 8, 11, 9, 8, 10, 7, 9, 8, 10, 6, 5, 6, 4, 5, 6, 4, 5, 3, 5, 4, 4]
EXAMPLE = "Month\tFalls\n" + "\n".join(
    f"01/{i % 12 + 1:02d}/{2023 + i // 12}\t{falls}" for i, falls in enumerate(_FALLS)
)

#: "No column" in the column lists.
NONE = ""
SOURCES = {
    "Paste from Excel": "paste",
    "Upload a file": "upload",
    "A qikit data set": "dataset",
}
MULTIPLIERS = [
    ("As they are (y ÷ n)", 1),
    ("Per 100: a percentage", 100),
    ("Per 1,000", 1000),
    ("Per 10,000", 10_000),
    ("Per 100,000", 100_000),
]
DIRECTIONS = {
    "No direction": "none",
    "Higher is better": "increase",
    "Lower is better": "decrease",
}
RULE_CHOICES = [(RULE_SET_NAMES[key], key) for key in RULE_SETS]
CHART_CHOICES = [("As the answers suggest", "auto")] + [
    (chart_name(key, start=True), key) for key in CHARTS
]
#: The wizard's questions: (key, label, options).
QUESTIONS = (
    (
        "kind",
        "Kind of data",
        {
            "Not sure: start with a run chart": "unknown",
            "Measurements (minutes, days, kilograms, scores)": "continuous",
            "Counts (of people, items or events)": "attribute",
        },
    ),
    (
        "subgroups",
        "Values in each period",
        {
            "One value per period": "one",
            "Several values per period (subgroups)": "several",
        },
    ),
    (
        "rare",
        "Are the events rare?",
        {"No": "no", "Yes: most periods would show none": "yes"},
    ),
    (
        "between",
        "Chart the gaps between events as",
        {
            "Cases between events (G chart)": "cases",
            "Time between events (T chart)": "time",
        },
    ),
    (
        "counted",
        "What is counted?",
        {
            "Yes or no for each person or item (classified: residents who fell)": (
                "classified"
            ),
            "Events that can happen more than once (counted: falls)": "counted",
        },
    ),
    (
        "large",
        "Very large denominators?",
        {"No": "no", "Yes: thousands in each period": "yes"},
    ),
    (
        "equal_area",
        "The same area of opportunity each period?",
        {
            "Yes: the same beds, admissions or visits": "yes",
            "No: it changes from period to period": "no",
        },
    ),
)
#: The settings whose text may belong to the data read before.
_SETTINGS = ("freeze", "part", "exclude", "target", "annotations")


def _heading(text_: str) -> widgets.HTML:
    box = widgets.HTML(value=f'<h2 class="qikit-heading">{escape(text_)}</h2>')
    box.add_class("qikit-section")
    return box


def _paragraph(text_: str) -> widgets.HTML:
    return widgets.HTML(value=f'<p class="qikit-help">{escape(text_)}</p>')


def _label(column: str | None) -> str:
    """A column's name for a chart's axis: ``occupied_bed_days`` → occupied bed days."""
    return " ".join(str(column or "").replace("_", " ").split())


def _wide(control: widgets.Widget, width: str = "42em") -> widgets.Widget:
    """Give a drop-down list or a group of choices room for its longest option (a
    radio option that wraps would overlap the next one)."""
    control.layout.width = "100%"
    control.layout.max_width = width
    return control


def _row(*controls: widgets.Widget) -> widgets.HBox:
    """Buttons at their own width, side by side."""
    return widgets.HBox(list(controls), layout={"flex_flow": "row wrap"})


def _show(control: widgets.Widget, shown: bool) -> None:
    control.layout.display = None if shown else "none"


class ChartStudio(App):
    """Paste, upload or pick data; choose the chart with the chooser; see what it shows.

    Parameters
    ----------
    data : str, optional
        What the paste box holds at the start (default :data:`EXAMPLE`, 24 months
        of falls), drawn when the app is built.

    Attributes
    ----------
    source : ipywidgets.ToggleButtons
        "Your data": paste, upload or a qikit data set (shows that panel).
    paste, draw : Textarea, Button
        "Paste your data" and "Draw the chart" (:meth:`read_paste`).
    file, sheet : FileUpload, Dropdown
        "Upload a CSV or Excel file" (read as soon as a file is chosen,
        :meth:`read_upload`) and "Worksheet" (shown for a workbook of several,
        :meth:`choose_sheet`).
    dataset, use_dataset : Dropdown, Button
        "Data set" (its story is shown under it) and "Use this data set"
        (:meth:`read_dataset`).
    x, y, n, facets, multiply : Dropdown
        The columns, guessed when data are read: "Time or subgroup (x)",
        "Measure (y)", "Denominator (n)", "Small multiples by (facets)", and how to
        show y ÷ n ("Values with a denominator").
    kind, subgroups, rare, between, counted, large, equal_area : RadioButtons
        The chart chooser's questions; only those that apply are shown.
    why : ipywidgets.HTML
        The chooser's reasons and cautions, in plain English.
    chart_type : Dropdown
        "Chart": "As the answers suggest", or any chart the learner prefers.
    rules : Dropdown
        "Rules": Anhøj, IHI, Making Data Count or Western Electric. The app's
        :attr:`~qikit.apps.App.change_control`.
    improvement : ToggleButtons
        "Improvement is": no direction, higher or lower is better.
    freeze, part, exclude, target : Text
        "Baseline ends at (freeze)", "New phases start at (part)", "Leave out
        points (exclude)" and "Target": point numbers or dates (UK style), a column
        name for phases or targets.
    annotations, marks_table : Textarea, HTML
        "Annotations (such as PDSA cycles)": one a line, a date or point number
        then a label, or two columns pasted from Excel; read back as a small table
        of date and label under the box.
    chart : ChartView
        The chart, its alt text, its findings as the caption, its data table.
    prepare, downloads : Button, HTML
        "Prepare the downloads" (:meth:`prepare_downloads`) and the links it makes:
        PNG, SVG and the chart's data as CSV.
    data : TableData or None
        The data in use; a read that fails leaves it unchanged.
    result : QicResult or None
        The chart drawn last; ``choice`` is the chooser's ChartChoice for it and
        ``marks`` its annotations (columns x and label).

    Notes
    -----
    Status texts: "Chart updated" (a chart was drawn), "Data table shown" /
    "Data table hidden", "Downloads ready", "Ready" (a panel shown or a data set
    described), "There is a problem: see the message below." (a message).
    New data that are read but cannot be charted with the settings already typed
    (a baseline date from other data) are kept, so that changing the setting draws
    them; the chart shown stays the last one drawn until then.
    """

    title = "Chart studio"
    intro = (
        "Paste a column or a table from Excel, upload a CSV or Excel file, or pick "
        "one of qikit's data sets. Answer a few questions and qikit picks the chart, "
        "draws it and says what it shows."
    )

    def __init__(self, *, data: str = EXAMPLE) -> None:
        super().__init__()
        self.data: TableData | None = None
        self.result: QicResult | None = None
        self.choice: ChartChoice | None = None
        self.marks: pd.DataFrame | None = None
        self._workbook: tuple[str, bytes] | None = None
        self._guessed: dict[str, str] = {}
        self._data_notes: list[str] = []
        self._syncing = False

        # 1. The data.
        self.source = toggle_buttons("Your data", SOURCES)
        self.paste = text_area(
            "Paste your data",
            value=data,
            rows=8,
            placeholder="Copy a column or a table in Excel (with its heading row) "
            "and paste it here with Ctrl+V",
        )
        self.draw = button("Draw the chart", primary=True)
        self.file = upload(
            "Upload a CSV or Excel file", accept=(".csv", ".tsv", ".txt", ".xlsx")
        )
        self.sheet = choice("Worksheet", [("(none)", NONE)])
        sets = datasets()
        self._sets = sets.set_index("name", drop=False)
        self.dataset = choice(
            "Data set", [(row.title, row.name) for row in sets.itertuples()]
        )
        self.story = widgets.HTML(value="")
        self.story.add_class("qikit-story")
        self.use_dataset = button("Use this data set")
        self.paste_panel = widgets.VBox([self.paste, _row(self.draw)])
        self.upload_panel = widgets.VBox(
            [
                _paragraph(
                    "A CSV file or an Excel workbook (.xlsx) of up to 10 MB, with a "
                    "heading row. UK dates (31/01/2024), % signs and thousands "
                    "separators are fine."
                ),
                self.file,
                self.sheet,
            ]
        )
        self.dataset_panel = widgets.VBox(
            [self.dataset, self.story, _row(self.use_dataset)]
        )

        # 2. The columns.
        self.x = choice("Time or subgroup (x)", [("Point number (1, 2, 3 …)", NONE)])
        self.y = choice("Measure (y)", [("(none)", NONE)])
        self.n = choice("Denominator (n)", [("None", NONE)])
        self.facets = choice("Small multiples by (facets)", [("None", NONE)])
        self.multiply = choice(
            "Values with a denominator",
            MULTIPLIERS,
            help="How to show y ÷ n: as it is, as a percentage, or per 1,000",
        )

        # 3. Which chart: the chooser's questions.
        self.questions: dict[str, widgets.RadioButtons] = {}
        for key, label, options in QUESTIONS:
            control = _wide(radio(label, options, value=WIZARD_DEFAULTS[key]), "48em")
            self.questions[key] = control
            setattr(self, key, control)
        self.why = widgets.HTML(value="")
        self.why.add_class("qikit-why")
        self.chart_type = choice("Chart", CHART_CHOICES)

        # 4. Rules, baseline, phases, target, annotations.
        self.rules = choice("Rules", RULE_CHOICES)
        self.improvement = toggle_buttons("Improvement is", DIRECTIONS)
        self.freeze = text(
            "Baseline ends at (freeze)",
            placeholder="a point number such as 12, or a date such as 31/12/2023",
        )
        self.part = text(
            "New phases start at (part)",
            placeholder="such as 13, or 01/01/2024, or a column such as phase",
        )
        self.exclude = text(
            "Leave out points (exclude)",
            placeholder="such as 5, 7 or 01/03/2024",
        )
        self.target = text("Target", placeholder="such as 85, or a column of targets")
        self.marks_table = widgets.HTML(value="")
        self.marks_table.add_class("qikit-marks-table")
        self.annotations = text_area(
            "Annotations (such as PDSA cycles)",
            rows=3,
            placeholder="One a line: a date or point number, then a label, such as\n"
            "01/01/2024  PDSA 1: new checklist",
        )

        # 5. The chart and its downloads.
        self.chart = ChartView(app=self)
        self.prepare = button("Prepare the downloads")
        self.downloads = widgets.HTML(value="")
        self.downloads.add_class("qikit-downloads-box")
        self.change_control = self.rules

        self.set_body(
            [
                _heading("1. Your data"),
                self.source,
                self.paste_panel,
                self.upload_panel,
                self.dataset_panel,
                _heading("2. Columns"),
                self.x,
                self.y,
                self.n,
                self.multiply,
                self.facets,
                _heading("3. Which chart?"),
                _paragraph(
                    "Answer the questions and qikit picks the chart, with its reasons. "
                    "Or choose the chart yourself under Chart."
                ),
                *self.questions.values(),
                self.why,
                self.chart_type,
                _heading("4. Rules, baseline and target"),
                self.rules,
                self.improvement,
                self.freeze,
                self.part,
                self.exclude,
                self.target,
                self.annotations,
                self.marks_table,
                self.feedback,
                _heading("5. The chart"),
                self.chart,
                _row(self.prepare),
                self.downloads,
            ]
        )
        for control in (
            self.sheet,
            self.dataset,
            self.x,
            self.y,
            self.n,
            self.multiply,
            self.facets,
            self.chart_type,
            self.rules,
        ):
            _wide(control)
        self._show_source()
        _show(self.sheet, False)
        self._describe(self.dataset.value)
        self._sync_questions()

        self.on_click(self.draw, self.read_paste)
        self.on_change(self.file, self.read_upload)
        self.on_change(self.sheet, self.choose_sheet)
        self.on_change(self.source, self.show_source)
        self.on_change(self.dataset, self.describe_dataset)
        self.on_click(self.use_dataset, self.read_dataset)
        self.on_click(self.prepare, self.prepare_downloads)
        self.on_change(
            [
                self.x,
                self.y,
                self.n,
                self.facets,
                self.multiply,
                *self.questions.values(),
                self.chart_type,
                self.rules,
                self.improvement,
                self.freeze,
                self.part,
                self.exclude,
                self.target,
                self.annotations,
            ],
            self.redraw,
        )
        if str(data).strip():
            self.read_paste()

    # -- actions: what each control does (every one runs through App.run) ---------

    @action
    def read_paste(self) -> None:
        """Read :attr:`paste` and draw its chart."""
        self._use(read_pasted(self.paste.value), source="paste")

    @action
    def read_upload(self) -> None:
        """Read the file just uploaded (the first worksheet of a workbook)."""
        if not self.file.value:
            return
        try:
            name, content = uploaded_file(self.file.value)
            try:
                data = read_file(content, name)
            except InputError:
                self._offer_sheets(name, content, None)
                raise
        finally:
            clear_upload(self.file)
        self._use(data, source="upload", workbook=(name, content))

    @action
    def choose_sheet(self) -> None:
        """Read the worksheet chosen under :attr:`sheet`."""
        if self._syncing or self._workbook is None or not self.sheet.value:
            return
        name, content = self._workbook
        data = read_file(content, name, sheet=self.sheet.value)
        self._use(data, source="upload", workbook=(name, content))

    @action
    def read_dataset(self) -> None:
        """Read the data set chosen under :attr:`dataset`, with the chooser's answers
        for the chart it suits best."""
        data, about = dataset_table(self.dataset.value)
        first = str(about["charts"]).split(",")[0].strip()
        story = f"{about['title']}: {about['story']}"
        data = replace(data, notes=(story, *data.notes))
        self._use(data, source="dataset", unit=about["unit"], chart=first)

    @action
    def describe_dataset(self) -> None:
        """Show the story of the data set chosen under :attr:`dataset`."""
        self._describe(self.dataset.value)

    @action
    def show_source(self) -> None:
        """Show the panel for the source chosen under :attr:`source`."""
        self._show_source()

    @action
    def redraw(self) -> None:
        """Draw the chart again after a column, an answer or a setting changed."""
        if self._syncing:
            return
        self._sync_questions()
        if self.data is None:
            return
        self._render(*self._compute(self.data))

    @action
    def prepare_downloads(self) -> None:
        """Make the download links: the chart as PNG and SVG, its data as CSV."""
        result = self.result
        if result is None:
            raise fail(
                "download",
                "there is no chart yet",
                fix="Paste or upload your data, then choose Draw the chart.",
            )
        fig = figure_of(draw_result(result, annotations=self.marks))
        try:
            png = figure_bytes(fig, "png")
            svg = figure_bytes(fig, "svg")
        finally:
            close_figure(fig)
        named = f"{chart_name(result.chart, short=True)} of {result.title or ''}"
        stem = slug(named, limit=50) or "chart"
        links = [
            download_link(png, f"{stem}.png", label="Download the chart as a picture"),
            download_link(svg, f"{stem}.svg", label="Download the chart for printing"),
            download_link(
                csv_bytes(result_table(result)),
                f"{stem}-data.csv",
                label="Download the chart's data",
            ),
        ]
        self.downloads.value = (
            '<ul class="qikit-downloads">'
            + "".join(f"<li>{link}</li>" for link in links)
            + "</ul>"
        )
        self.set_status("Downloads ready")

    # -- reading new data -----------------------------------------------------------

    def _use(
        self,
        data: TableData,
        *,
        source: str,
        unit: str | None = None,
        chart: str | None = None,
        workbook: tuple[str, bytes] | None = None,
    ) -> None:
        """Choose the columns for new data and draw them (compute first)."""
        guess = guess_columns(data, unit)
        if guess.y is None:
            raise fail(
                source,
                "has no column of numbers",
                fix="Paste a column of numbers, such as monthly counts of falls, "
                "with its heading. A cell with a word in it (such as 'four') keeps "
                "a column as text: the notes say which.",
            )
        settings = self._settings_for(data, guess)
        answers = answers_for_chart(chart) if chart else self._answers()
        columns = {
            "x": guess.x,
            "y": guess.y,
            "n": guess.n,
            "facets": guess.facets,
            "multiply": guess.multiply,
        }
        notes = [data.summary, *data.notes]
        sentence = guess.sentence()
        if sentence:
            notes.append(sentence)
        try:
            drawn = self._compute(data, columns, settings, answers)
        except InputError as error:
            # The data were read: keep them, with their columns, so that changing
            # the setting the message names draws them. The chart stays as it was.
            self._commit(data, guess, settings, answers, notes, workbook)
            argument = str(error).split("`")[1] if str(error).startswith("`") else ""
            if argument in _SETTINGS and self.result is not None:
                raise InputError(
                    f"{error} It may belong to the data you had before: change it "
                    "or clear it."
                ) from error
            raise
        self._commit(data, guess, settings, answers, notes, workbook)
        self._render(*drawn)

    def _settings_for(self, data: TableData, guess: ColumnGuess) -> dict[str, str]:
        """The phases and target boxes for new data: a column qikit filled in
        before is replaced by the new guess; what the learner typed is kept."""
        out = {}
        for key, guessed in (("part", guess.part), ("target", guess.target)):
            box = getattr(self, key)
            if not box.value.strip() or box.value == self._guessed.get(key):
                out[key] = guessed or ""
            else:
                out[key] = box.value
        return out

    def _commit(
        self,
        data: TableData,
        guess: ColumnGuess,
        settings: dict[str, str],
        answers: dict[str, str],
        notes: list[str],
        workbook: tuple[str, bytes] | None,
    ) -> None:
        """Put new data in place: column lists, guesses, answers, worksheets."""
        self._syncing = True
        try:
            columns = [str(c) for c in data.frame.columns]
            self.x.options = [("Point number (1, 2, 3 …)", NONE)] + [
                (c, c) for c in columns
            ]
            self.x.value = guess.x or NONE
            self.y.options = [(c, c) for c in data.number_columns]
            self.y.value = guess.y
            self.n.options = [("None", NONE)] + [(c, c) for c in data.number_columns]
            self.n.value = guess.n or NONE
            self.facets.options = [("None", NONE)] + [
                (c, c) for c in facet_choices(data)
            ]
            self.facets.value = guess.facets or NONE
            self.multiply.value = guess.multiply
            for key in ("part", "target"):
                getattr(self, key).value = settings[key]
            self._guessed = {"part": guess.part or "", "target": guess.target or ""}
            for key, control in self.questions.items():
                control.value = answers[key]
            if workbook is not None:
                self._workbook = workbook
                self._offer_sheets(*workbook, data)
        finally:
            self._syncing = False
        self.data = data
        self._data_notes = notes
        self.show_notes(notes, heading="About your data and chart")
        self._sync_questions()

    def _offer_sheets(self, name: str, content: bytes, data: TableData | None) -> None:
        """Show the worksheet list for a workbook of several sheets."""
        if data is not None:
            sheets, chosen = list(data.sheets), data.sheet
        elif name.lower().endswith((".xlsx", ".xlsm")):
            try:
                sheets, chosen = list_sheets(content, name), None
            except InputError:
                return
            self._workbook = (name, content)
        else:
            return
        syncing, self._syncing = self._syncing, True
        try:
            if len(sheets) > 1:
                self.sheet.options = [(sheet, sheet) for sheet in sheets]
                self.sheet.value = chosen if chosen in sheets else sheets[0]
            _show(self.sheet, len(sheets) > 1)
        finally:
            self._syncing = syncing

    # -- drawing ------------------------------------------------------------------

    def _answers(self) -> dict[str, str]:
        return {key: control.value for key, control in self.questions.items()}

    def _compute(
        self,
        data: TableData,
        columns: dict[str, Any] | None = None,
        settings: dict[str, str] | None = None,
        answers: dict[str, str] | None = None,
    ) -> tuple[QicResult, ChartChoice, list[str], pd.DataFrame | None]:
        """The chart for ``data`` with the controls' choices (or those given):
        the result, the chooser's choice, notes, and the annotations. Raises
        :class:`~qikit.errors.InputError`; changes nothing."""
        if columns is None:
            columns = {
                "x": self.x.value or None,
                "y": self.y.value or None,
                "n": self.n.value or None,
                "facets": self.facets.value or None,
                "multiply": self.multiply.value,
            }
        settings = settings or {}
        answers = answers or self._answers()
        frame = data.frame
        x, y, n, facets = (columns[k] for k in ("x", "y", "n", "facets"))
        names = [str(c) for c in frame.columns]
        points = point_count(frame, x, facets)
        size = subgroup_size(frame, x, facets)
        chosen = wizard_answers(answers, n_points=points, size=size)
        chart = chosen.chart
        if self.chart_type.value != "auto":
            chart = self.chart_type.value
        notes: list[str] = []
        chosen_n = n
        if n is not None and chart in NO_DENOMINATOR:
            notes.append(
                f"{n!r} is not used: {chart_name(chart, article=True)} takes no "
                "denominator."
            )
            n = None
        if n is None and chart in RATIO_CHARTS:
            raise fail(
                "n",
                f"{chart_name(chart, article=True)} needs a denominator",
                fix="Choose the column that holds the number of cases in each period "
                "(patients, admissions, bed days …) under Denominator (n), or answer "
                "the questions for another chart.",
            )
        multiply = columns["multiply"] if n is not None else 1
        if chosen_n is None and columns["multiply"] != 1:
            notes.append("Values with a denominator is not used: no n is chosen.")
        freeze = read_freeze(self.freeze.value)
        part = read_phases(settings.get("part", self.part.value), names, points)
        exclude = read_points(self.exclude.value, "exclude") or None
        target = read_target(settings.get("target", self.target.value), names)
        direction = self.improvement.value
        ylab = _label(y)
        if n is not None:
            if multiply == 100:
                ylab = f"{ylab} (% of {_label(n)})"
            elif multiply == 1:
                ylab = f"{ylab} per {_label(n)}"
            else:
                ylab = f"{ylab} per {fmt_number(multiply)} {_label(n)}"
        elif y in data.percent_columns:
            ylab = f"{ylab} (%)"
        result = qic(
            frame,
            x=x,
            y=y,
            n=n,
            chart=chart,
            part=part,
            freeze=freeze,
            exclude=exclude,
            target=target,
            rules=self.rules.value,
            improvement=None if direction == "none" else direction,
            multiply=multiply,
            facets=facets,
            title=ylab,  # the measure: the picture and alt text add the chart
            ylab=ylab,
            xlab=_label(x) if x else "Point",
        )
        marks = self._marks(result)
        return result, chosen, notes, marks

    def _marks(self, result: QicResult) -> pd.DataFrame | None:
        """The annotations box as the chart's (x, label) table, or None."""
        if not self.annotations.value.strip():
            return None
        xs = result.frame["x"]
        if result.x_is_position:
            kind, labels = "position", []
        elif pd.api.types.is_datetime64_any_dtype(xs):
            kind, labels = "date", sorted(pd.unique(xs.dropna()))
        else:
            kind, labels = "label", [str(v) for v in pd.unique(xs.dropna())]
        marks = read_annotations(self.annotations.value, kind=kind, labels=labels)
        return marks if len(marks) else None

    def _render(
        self,
        result: QicResult,
        chosen: ChartChoice,
        notes: list[str],
        marks: pd.DataFrame | None,
    ) -> None:
        """Show a computed chart: the one drawing per change, then the status."""
        self.chart.show_result(result, annotations=marks)
        self.result, self.choice, self.marks = result, chosen, marks
        self.why.value = self._why_html(chosen, result.chart)
        self.marks_table.value = self._marks_html(result, marks)
        self.downloads.value = ""
        self.show_notes(
            [*self._data_notes, *notes], heading="About your data and chart"
        )
        self.set_status("Chart updated")

    @staticmethod
    def _marks_html(result: QicResult, marks: pd.DataFrame | None) -> str:
        """The annotations read back as a small table, so the learner sees how each
        line was read."""
        if marks is None:
            return ""
        when = "Point" if result.x_is_position else result.xlab or "When"
        if pd.api.types.is_datetime64_any_dtype(result.frame["x"]):
            when = "Date"
        shown = pd.DataFrame({when: marks["x"].tolist(), "Label": marks["label"]})
        return table_html(shown, caption="The annotations on the chart")

    @staticmethod
    def _why_html(chosen: ChartChoice, drawn: str) -> str:
        items = "".join(f"<li>{escape(reason)}</li>" for reason in chosen.reasons)
        html = (
            f"<p><strong>The answers lead to "
            f"{escape(chart_name(chosen.chart, article=True))}, because:</strong></p>"
            f"<ol>{items}</ol>"
        )
        if chosen.cautions:
            cautions = "".join(f"<li>{escape(c)}</li>" for c in chosen.cautions)
            html += f"<p><strong>Keep in mind:</strong></p><ul>{cautions}</ul>"
        if drawn != chosen.chart:
            html += (
                f"<p>You chose {escape(chart_name(drawn, article=True))} "
                "instead, under Chart.</p>"
            )
        return html

    # -- showing and hiding ----------------------------------------------------------

    def _sync_questions(self) -> None:
        """Show only the questions that apply to the answers given so far."""
        shown = set(asked(self._answers()))
        for key, control in self.questions.items():
            _show(control, key in shown)

    def _show_source(self) -> None:
        source = self.source.value
        _show(self.paste_panel, source == "paste")
        _show(self.upload_panel, source == "upload")
        _show(self.dataset_panel, source == "dataset")

    def _describe(self, name: str) -> None:
        if name not in self._sets.index:
            self.story.value = ""
            return
        about = self._sets.loc[name]
        charts = ", ".join(
            chart_name(c.strip(), short=True)
            for c in str(about["charts"]).split(",")
            if c.strip() in CHARTS
        )
        self.story.value = (
            f"<p>{escape(str(about['story']))} <em>Suits: {escape(charts)}.</em></p>"
        )
