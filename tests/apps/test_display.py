"""Charts and figures with their text alternatives, and their data tables."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

import qikit
from qikit.apps import (
    App,
    ChartView,
    figure_html,
    result_table,
    show_in,
    table_html,
)
from qikit.errors import InputError

FALLS = [9, 7, 10, 8, 11, 9, 8, 10, 7, 9, 8, 10, 6, 5, 6, 4, 5, 6, 4, 5, 3, 5, 4, 4]


@pytest.fixture
def result():
    frame = pd.DataFrame(
        {"month": pd.date_range("2023-01-01", periods=24, freq="MS"), "falls": FALLS}
    )
    return qikit.qic(
        frame, x="month", y="falls", chart="run", freeze=12, ylab="Falls", xlab="Month"
    )


def test_figure_html_has_alt_text_and_closes_the_figure():
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3])
    html = figure_html(fig, alt='Falls "rose" <then fell>', caption=["a", "b"])
    assert 'alt="Falls &quot;rose&quot; &lt;then fell&gt;"' in html
    assert "<li>a</li><li>b</li>" in html
    assert fig.number not in plt.get_fignums()


def test_figure_html_needs_alt_text():
    with pytest.raises(InputError) as raised:
        figure_html(Figure(), alt=" ")
    assert str(raised.value).startswith(
        "`alt`: is empty. Describe the figure in one sentence"
    )


def test_result_table_names_its_columns_in_words(result):
    table = result_table(result)
    assert list(table.columns) == [
        "Month",
        "Falls",
        "Centre line",
        "Excluded",
        "Signal",
    ]
    assert len(table) == 24
    assert table["Signal"].iloc[-1] in ("long run", "shift")
    assert table["Signal"].iloc[0] == ""


def test_result_table_of_a_p_chart_has_limits_and_denominators():
    result = qikit.qic(
        y=[5, 6, 4, 7, 5, 6, 5, 4, 6, 5, 7, 5],
        n=[50, 52, 49, 55, 51, 50, 48, 50, 53, 50, 52, 51],
        chart="p",
    )
    table = result_table(result)
    assert {"Denominator", "Lower limit", "Upper limit"} <= set(table.columns)


def test_table_html_is_accessible_and_escaped():
    html = table_html(
        pd.DataFrame(
            {
                "Month": pd.to_datetime(["2024-01-01"]),
                "<b>": ["<i>"],
                "Rate": [85.123456],
                "Count": [1200],
                "Gap": [float("nan")],
            }
        ),
        caption="Data <2024>",
    )
    assert "<caption>Data &lt;2024&gt;</caption>" in html
    assert '<th scope="col">&lt;b&gt;</th>' in html and "<td>&lt;i&gt;</td>" in html
    assert "<td>1 January 2024</td>" in html and "<td>1,200</td>" in html
    assert "<td></td>" in html


def test_table_html_says_when_rows_are_left_out():
    html = table_html(pd.DataFrame({"x": range(10)}), caption="x", max_rows=3)
    assert html.count("<tr>") == 4  # header and three rows
    assert "The first 3 of 10 rows are shown" in html


def test_chart_view_shows_chart_alt_text_findings_and_table(result):
    view = ChartView()
    assert not view.has_chart and view.show_table.disabled
    view.show_result(result)
    assert view.has_chart and not view.show_table.disabled
    assert 'alt="' in view.picture.value and view.alt.startswith("Run chart")
    assert view.findings == result.explain().splitlines()
    assert view.table.value == ""  # only on request
    view.show_table.value = True
    assert "<table" in view.table.value and "Falls" in view.table.value
    assert view.table_frame.shape == (24, 5)
    view.clear()
    assert not view.has_chart and view.table.value == "" and view.table_frame is None


def test_chart_view_in_an_app_sets_the_status(result):
    app = App()
    view = ChartView(app=app)
    view.show_result(result)
    view.show_table.value = True
    assert app.status_text == "Data table shown"
    view.show_table.value = False
    assert app.status_text == "Data table hidden"


def test_chart_view_of_any_figure():
    view = ChartView()
    fig = Figure()
    fig.add_subplot().bar(["A", "B"], [3, 5])
    view.show_figure(
        fig,
        alt="Bars: A 3, B 5",
        caption="Two wards",
        table=pd.DataFrame({"Ward": ["A", "B"], "Falls": [3, 5]}),
    )
    assert view.alt == "Bars: A 3, B 5" and view.findings == ["Two wards"]
    view.show_table.value = True
    assert "<caption>The data in the figure</caption>" in view.table.value


def test_show_in_draws_figures_and_charts_accessibly(result):
    output = widgets.Output()
    fig, _ = plt.subplots()
    show_in(output, result, fig, "plain text", alt="An empty plot")
    assert fig.number not in plt.get_fignums()
    kinds = [list(o["data"]) for o in output.outputs]
    assert kinds[0] == kinds[1] == ["text/plain", "text/html"]
    assert 'alt="An empty plot"' in output.outputs[1]["data"]["text/html"]
    show_in(output, "only this")
    assert len(output.outputs) == 1
