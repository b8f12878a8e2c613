"""A one-page HTML storyboard of an improvement project, with every image inside it.

:func:`storyboard_html` lays out a :class:`~qikit.improve.Project` the way teams
present their work: the aim; the driver diagram (measures named by name); for each
measure its operational definition, its chart marked with the PDSA cycles that
tested it and, under the chart, what the chart shows in plain English; the ramps
of PDSA cycles and the PDSA log; and the key learning. The page is one HTML file
that opens offline in any browser and prints on A4.

It lives in :mod:`qikit.plot` because it draws; the model objects and their tables
stay in :mod:`qikit.improve`, which never imports matplotlib.

Examples
--------
>>> from qikit.improve import example_project
>>> from qikit.plot.storyboard import storyboard_html
>>> page = storyboard_html(example_project(), dpi=40)
>>> page.count("<img"), "What the chart shows" in page
(5, True)
"""

from __future__ import annotations

import html
import os
import textwrap
import warnings
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from qikit import _validate as v
from qikit._format import fmt_number, human_date, number_ranges
from qikit._io import write_bytes
from qikit._version import __version__
from qikit.charts.vocabulary import RULE_SET_ALIASES, RULE_SET_NAMES, RULE_SETS
from qikit.errors import QikitError, QikitWarning
from qikit.improve import Measure, PDSACycle, Project, Ramp, pdsa_annotations
from qikit.plot import style
from qikit.plot.driver import plot_driver_diagram
from qikit.plot.html import png_data_uri, to_html
from qikit.plot.pdsa import plot_ramp

__all__ = ["storyboard_html"]

#: Chart titles longer than this many characters are wrapped onto more lines.
TITLE_WIDTH = 60

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
  sans-serif; color: #1a1a1a; background: #fff; line-height: 1.45; margin: 0; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
header { border-bottom: 3px solid #005eb8; padding-top: 1rem; padding-bottom: .5rem; }
h1 { font-size: 1.8rem; margin: .2rem 0; }
h2 { font-size: 1.3rem; color: #003087; border-bottom: 1px solid #c8c8c8;
  margin: 1.5rem 0 .6rem; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: .4rem 0; overflow-wrap: anywhere; }
.meta, .small, figcaption, footer { color: #4c4c4c; font-size: .9rem; }
.aim { font-size: 1.15rem; font-weight: 600; background: #eef4fb;
  border-left: 6px solid #005eb8; padding: .6rem .9rem; margin: .4rem 0; }
.charts { display: grid; gap: 1rem;
  grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
img { max-width: 100%; height: auto; display: block; }
.note-box { background: #fff6e5; border-left: 4px solid #ed8b00; padding: .4rem .7rem; }
dl.definition { display: grid; grid-template-columns: max-content 1fr;
  gap: .1rem .6rem; font-size: .85rem; margin: .3rem 0 .6rem; }
dl.definition dt { font-weight: 600; }
dl.definition dd { margin: 0; }
.findings { font-size: .9rem; }
.findings ul { margin: .2rem 0 .4rem; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #eef4fb; }
tr { break-inside: avoid; page-break-inside: avoid; }
ul.learning li { margin-bottom: .3rem; }
footer { border-top: 1px solid #c8c8c8; margin-top: 2rem; padding-top: .5rem;
  padding-bottom: 1rem; }
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  .charts { grid-template-columns: 1fr 1fr; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

_NO_IDEA = "PDSA cycles not linked to a change idea"

#: The parts of an operational definition, as the storyboard names them.
_DEFINITION_LABELS = {
    "description": "What is measured",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "inclusions": "Included",
    "exclusions": "Excluded",
    "data_source": "Data source",
    "frequency": "How often",
    "sampling": "Sampling",
    "collected_by": "Collected by",
}


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _date_text(value: Any) -> str:
    return "" if value is None else human_date(value)


def _check(project: Any, chart: Any, rules: Any, dpi: Any) -> tuple[str, str | None]:
    if not isinstance(project, Project):
        raise v.fail(
            "project",
            "must be a Project",
            project,
            "Build one with Project(name, ...) or load_project(path).",
        )
    if chart not in ("run", "measure"):
        raise v.fail(
            "chart",
            "is not one of the choices",
            chart,
            "Use 'run' for run charts, or 'measure' for each measure's own chart type.",
        )
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 30 <= dpi <= 600:
        raise v.fail(
            "dpi",
            "must be a whole number from 30 to 600",
            dpi,
            "Use 110 for the screen or 200 for print.",
        )
    if rules is not None:
        rules = v.choice(rules, "rules", RULE_SETS, aliases=RULE_SET_ALIASES)
    return chart, rules


# --------------------------------------------------------------------- sections
def _aim_section(project: Project) -> str:
    aim = project.aim
    if aim is None:
        return '<p class="note-box">No aim yet: what are we trying to accomplish?</p>'
    out = f'<p class="aim">{_esc(aim.text())}</p>'
    if aim.why:
        out += f"<p><strong>Why it matters:</strong> {_esc(aim.why)}</p>"
    return out


def _figure(fig: Any, dpi: int, alt: str, caption: str) -> str:
    try:
        src = png_data_uri(fig, dpi=dpi)
    finally:
        plt.close(fig)
    return (
        f'<figure><img src="{src}" alt="{_esc(alt)}">'
        f"<figcaption>{_esc(caption)}</figcaption></figure>"
    )


def _diagram_section(project: Project, dpi: int) -> str:
    diagram = project.driver_diagram
    if diagram is None:
        return '<p class="note-box">No driver diagram yet.</p>'
    names = {m.id: m.name for m in project.measures if m.name}
    with plt.ioff():
        fig = plot_driver_diagram(diagram, measure_names=names).figure
    outline = diagram.to_outline(measure_names=names)
    alt = "Driver diagram. " + " ".join(
        line.strip() for line in outline.splitlines() if line.strip()
    )
    return _figure(
        fig,
        dpi,
        alt,
        "Read from left to right: the aim, the primary and secondary drivers, and "
        "the change ideas that the team tests.",
    )


def _facts(measure: Measure, rules: str) -> str:
    facts = [measure.kind.capitalize() + " measure"]
    if measure.unit:
        facts.append(f"unit: {measure.unit}")
    if measure.target is not None:
        facts.append(f"target: {fmt_number(measure.target)}")
    direction = style.DIRECTION_PHRASES.get(measure.improvement, "")
    facts.append(direction or "neither direction is better")
    facts.append(RULE_SET_NAMES[rules])
    return f'<p class="small">{_esc("; ".join(facts))}.</p>'


def _definition(measure: Measure) -> str:
    definition = measure.definition
    if definition is None or definition.is_blank:
        return (
            '<p class="small">No operational definition yet: write down exactly '
            "what is counted, from where, how often and by whom.</p>"
        )
    rows = "".join(
        f"<dt>{_esc(_DEFINITION_LABELS[part])}</dt><dd>{_esc(text)}</dd>"
        for part, text in definition.to_dict().items()
        if text
    )
    return f'<dl class="definition" aria-label="Operational definition">{rows}</dl>'


def _flags(
    project: Project, measure: Measure
) -> tuple[list[tuple[pd.Timestamp, str]], list[int], list[str]]:
    """One flag per period in which cycles started, the cycles marked and why
    any were not."""
    x = measure.data["x"]
    log = {id(cycle): k for k, cycle in enumerate(project.pdsa_cycles, start=1)}
    cycles = project.cycles_for(measure)
    numbers = [log[id(cycle)] for cycle in cycles]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", QikitWarning)
        flags = pdsa_annotations(cycles, group="period", x=x, numbers=numbers)
    first, last = x.min(), x.max()
    marked = [
        number
        for number, cycle in zip(numbers, cycles, strict=True)
        if cycle.start is not None and first <= pd.Timestamp(cycle.start) <= last
    ]
    notes = [str(w.message) for w in caught if issubclass(w.category, QikitWarning)]
    return flags, marked, notes


def _chart_section(
    project: Project, measure: Measure, chart: str, rules: str, dpi: int
) -> str:
    """One measure: its name, facts, operational definition, chart and findings."""
    head = (
        f"<h3>{_esc(measure.name or measure.id)}</h3>{_facts(measure, rules)}"
        f"{_definition(measure)}"
    )
    if not measure.has_data:
        return (
            f"<figure>{head}"
            '<p class="note-box">No data yet: add points to see the chart.</p>'
            "</figure>"
        )
    kwargs: dict[str, Any] = {"xlab": "", "rules": rules}
    if chart == "run":
        kwargs["chart"] = "run"
    if measure.name:
        kwargs["title"] = textwrap.fill(measure.name, TITLE_WIDTH)
    dated = pd.api.types.is_datetime64_any_dtype(measure.data["x"])
    flags, marked, notes = _flags(project, measure) if dated else ([], [], [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", QikitWarning)
        try:
            result = measure.chart(**kwargs)
            figure = to_html(result, annotations=flags or None, dpi=dpi)
        except QikitError as error:
            return (
                f"<figure>{head}"
                f'<p class="note-box">The chart could not be drawn: {_esc(error)}</p>'
                "</figure>"
            )
    notes += [str(w.message) for w in caught if issubclass(w.category, QikitWarning)]
    caption = []
    if marked:
        caption.append(
            "Flags mark the start of PDSA cycle"
            + ("s " if len(marked) > 1 else " ")
            + number_ranges(marked)
            + " (numbers as in the PDSA log)."
        )
    elif project.pdsa_cycles and not dated:
        caption.append(
            "PDSA cycles are not marked: this measure's points are not dates."
        )
    caption += notes
    caption_html = (
        f'<p class="small">{" ".join(_esc(c) for c in caption)}</p>' if caption else ""
    )
    findings = figure.replace(
        "<figcaption><ul>",
        '<figcaption class="findings"><p>What the chart shows:</p><ul>',
        1,
    )
    return f"<div>{head}{findings}{caption_html}</div>"


def _ramps(project: Project) -> list[Ramp]:
    """The project's cycles as ramps: one per change idea, in log order."""
    ideas: dict[str, list[PDSACycle]] = {}
    for cycle in project.pdsa_cycles:
        ideas.setdefault(cycle.change_idea, []).append(cycle)
    texts = {}
    if project.driver_diagram is not None:
        texts = {node.id: node.text for node in project.driver_diagram.nodes}
    return [
        Ramp(idea, cycles, title=texts.get(idea, idea) or _NO_IDEA)
        for idea, cycles in ideas.items()
    ]


def _ramp_section(project: Project, dpi: int) -> str:
    figures = []
    for ramp in _ramps(project):
        with plt.ioff():
            fig = plot_ramp(ramp).figure
        steps = "; ".join(
            f"cycle {k}: {cycle.scale or 'scale not given'}"
            + (f", {cycle.decision}" if cycle.decision else "")
            for k, cycle in enumerate(ramp.cycles, start=1)
        )
        what = (
            f"testing {ramp.title}"
            if ramp.change_idea
            else "not linked to a change idea"
        )
        alt = f"Ramp of PDSA cycles {what}. {steps}."
        figures.append(
            _figure(
                fig,
                dpi,
                alt,
                "Each wheel is one PDSA cycle, numbered within its ramp; the tests "
                "grow in scale from bottom left to top right.",
            )
        )
    return "".join(figures)


def _pdsa_section(project: Project, dpi: int) -> str:
    cycles = project.pdsa_cycles
    if not cycles:
        return '<p class="note-box">No PDSA cycles yet.</p>'
    ideas = {}
    if project.driver_diagram is not None:
        ideas = {node.id: node.text for node in project.driver_diagram.nodes}
    head = (
        "<tr><th scope='col'>#</th><th scope='col'>Dates</th>"
        "<th scope='col'>Change idea</th><th scope='col'>Objective</th>"
        "<th scope='col'>Scale</th><th scope='col'>Prediction</th>"
        "<th scope='col'>What we learnt</th><th scope='col'>Decision</th></tr>"
    )
    rows = []
    for number, cycle in enumerate(cycles, start=1):
        dates = " – ".join(
            _date_text(d) for d in (cycle.start, cycle.end) if d is not None
        )
        study = cycle.study
        learnt = (study.learning or study.results) if study is not None else ""
        act = cycle.act
        decision = ""
        if act is not None and act.decision:
            decision = act.decision.capitalize()
            if act.next_cycle:
                decision += f": {act.next_cycle}"
        cells = [
            dates,
            ideas.get(cycle.change_idea, cycle.change_idea),
            cycle.objective,
            cycle.scale,
            "; ".join(cycle.predictions),
            learnt,
            decision,
        ]
        rows.append(
            f"<tr><th scope='row'>{number}</th>"
            + "".join(f"<td>{_esc(cell)}</td>" for cell in cells)
            + "</tr>"
        )
    return (
        f"{_ramp_section(project, dpi)}"
        "<table><caption>PDSA log: every test of change, in order.</caption>"
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _learning_section(project: Project) -> str:
    notes = project.key_learning()
    lead = ""
    if not notes:
        notes = project.notes
        if notes:
            lead = (
                '<p class="small">No note is marked as key learning yet; these are '
                "the team's notes.</p>"
            )
    if not notes:
        return '<p class="note-box">No key learning recorded yet.</p>'
    items = []
    for note in notes:
        shown = ", ".join(d for d in (_date_text(note.date), note.author) if d)
        suffix = f' <span class="small">({_esc(shown)})</span>' if shown else ""
        items.append(f"<li>{_esc(note.text)}{suffix}</li>")
    return f'{lead}<ul class="learning">{"".join(items)}</ul>'


# -------------------------------------------------------------------- the page
def storyboard_html(
    project: Project,
    path: str | os.PathLike[str] | None = None,
    *,
    chart: str = "run",
    rules: str | None = None,
    dpi: int = 110,
) -> str:
    """A one-page HTML storyboard of the project, with every image inside the file.

    The page shows the aim; the driver diagram; for each measure its operational
    definition, a chart with flags at the start of the PDSA cycles that tested it
    and what the chart shows, in words, under it; the ramps of PDSA cycles and the
    PDSA log; and the key learning. Images are PNGs embedded as ``data:`` URIs,
    the styles are in the page, and nothing is fetched from the internet, so the
    file opens offline in any browser and prints on A4. Every image has a text
    alternative, and all text typed by the team is escaped.

    Parameters
    ----------
    project : Project
    path : str or os.PathLike, optional
        When given, the page is also written there (UTF-8, atomically).
    chart : {"run", "measure"}, default "run"
        "run" draws a run chart for every measure; "measure" draws each
        measure's own ``chart_type`` (a u chart, a p chart, ...).
    rules : {"anhoej", "ihi", "mdc", "western_electric"}, optional
        The rule set for every chart. By default each measure's own
        (``Measure.rules``), or else the project's (``Project.rules``).
    dpi : int, default 110
        Resolution of the images, from 30 to 600.

    Returns
    -------
    str
        The whole HTML document.

    Raises
    ------
    InputError
        When ``project`` is not a Project, or ``chart``, ``rules`` or ``dpi`` is
        not usable.
    ProjectFileError
        When ``path`` cannot be written.

    See Also
    --------
    qikit.plot.to_html : one chart as an HTML figure.
    qikit.improve.export_excel : the project's tables in a workbook.

    Notes
    -----
    A measure's chart marks the cycles that :meth:`Project.cycles_for` gives for
    it (those linked to it in the driver diagram, or every cycle when none is);
    cycles that start in the same period of the chart share one flag ("PDSA
    2–4"), and only cycles that start within the measure's dates are marked. A
    chart that cannot be drawn (for example with too few points) is replaced by
    the reason, so the rest of the storyboard is still made.

    Examples
    --------
    >>> from qikit.improve import Project
    >>> page = storyboard_html(Project("Falls <Ward 6>", notes=["Huddles help"]))
    >>> page.startswith("<!DOCTYPE html>"), "Falls &lt;Ward 6&gt;" in page
    (True, True)
    """
    chart, rules = _check(project, chart, rules, dpi)
    name = project.name or "Improvement project"
    meta = []
    if project.team:
        meta.append(f"Team: {project.team}")
    if project.members:
        meta.append("Members: " + ", ".join(project.members))
    meta.append(f"Started {_date_text(project.created.date())}")
    updated = project.updated or project.created
    meta.append(f"last updated {_date_text(updated.date())}")
    if project.measures:
        figures = [
            _chart_section(
                project, measure, chart, rules or measure.rules or project.rules, dpi
            )
            for measure in project.measures
        ]
        measures_html = f'<div class="charts">{"".join(figures)}</div>'
    else:
        measures_html = '<p class="note-box">No measures yet.</p>'
    sections = [
        ("aim", "Aim: what are we trying to accomplish?", _aim_section(project)),
        (
            "changes",
            "Driver diagram: what changes can we make?",
            _diagram_section(project, dpi),
        ),
        (
            "measures",
            "Measures: how will we know that a change is an improvement?",
            measures_html,
        ),
        ("pdsa", "PDSA cycles: testing the changes", _pdsa_section(project, dpi)),
        ("learning", "Key learning", _learning_section(project)),
    ]
    body = "".join(
        f'<section aria-labelledby="{key}"><h2 id="{key}">{_esc(title)}</h2>'
        f"{content}</section>"
        for key, title, content in sections
    )
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(name)}: improvement storyboard</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{_esc(name)}</h1>"
        f'<p class="meta">{_esc(" · ".join(meta))}</p></header>\n'
        f"<main>\n{body}\n</main>\n"
        f"<footer>Storyboard made with qikit {_esc(__version__)}. To carry on "
        "working, open the project's .qiproj.json file in qikit.</footer>\n"
        "</body>\n</html>\n"
    )
    if path is not None:
        write_bytes(path, page.encode("utf-8"), verb="write")
    return page
