"""The SPC charts module's helpers: the chooser's table, limits side by side, a pair
of charts on one scale and the Making Data Count icon key."""

from __future__ import annotations

import re

import pytest
from matplotlib.figure import Figure

from qikit.apps.lesson_spc import (
    CHOOSER_CASES,
    ICON_MEANINGS,
    LIMITS_COLUMNS,
    ChooserCase,
    answers_in_words,
    choice_html,
    chooser_frame,
    chooser_table,
    icon_key_frame,
    icon_key_table,
    limits_frame,
    limits_table,
    plot_pair,
)
from qikit.charts import qic
from qikit.errors import InputError, QikitWarning
from qikit.improve import choose_chart
from qikit.plot import style

FALLS = [4, 6, 5, 7, 5, 6, 4, 5, 6, 5, 7, 14]
SEEN = [40, 42, 38, 41, 39, 43, 40, 44, 38, 41, 42, 40]


# ------------------------------------------------------------- the chart chooser


def test_chooser_frame_has_one_row_per_measure_with_the_choosers_chart():
    frame = chooser_frame()
    assert list(frame.columns) == [
        "Measure",
        "Data set",
        "Answers to the chooser",
        "Chart",
    ]
    assert len(frame) == len(CHOOSER_CASES)
    assert frame["Chart"].str.split(" ").str[0].tolist() == [
        "I",
        "P",
        "P′",
        "U",
        "C",
        "G",
        "T",
    ]
    for case, chart in zip(CHOOSER_CASES, frame["Chart"], strict=True):
        picked = choose_chart(**case.answers).chart
        assert chart.lower().startswith(picked.replace("pp", "p′")), (case, chart)


def test_the_chooser_cases_name_data_sets_that_exist():
    from qikit.datasets import list_datasets

    names = set(list_datasets()["name"])
    assert {case.dataset for case in CHOOSER_CASES} <= names


def test_chooser_frame_takes_one_case_or_a_list():
    case = ChooserCase(
        "Falls on a ward", "ward_falls", {"data_type": "counted", "equal_area": True}
    )
    assert chooser_frame(case)["Chart"].tolist() == ["C chart (counts)"]
    assert len(chooser_frame([case, case])) == 2


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        (
            {"data_type": "continuous", "subgroup_size": 1},
            "measurements; one value each period",
        ),
        (
            {"data_type": "measurements", "subgroup_size": 5},
            "measurements; subgroups of 5 each period",
        ),
        (
            {"data_type": "counts", "attribute_type": "defects", "equal_area": False},
            "counts of events that can happen more than once; an area of opportunity "
            "that changes",
        ),
        (
            {"data_type": "counted", "equal_area": True},
            "counts of events that can happen more than once; about the same area of "
            "opportunity each period",
        ),
        (
            {"data_type": "counted", "large_denominators": True},
            "counts of events that can happen more than once; very large denominators",
        ),
        (
            {"data_type": "attribute", "rare_events": True, "between": "days"},
            "counts; rare events, the gaps between them measured as a time",
        ),
        (
            {"data_type": "attribute", "rare_events": True},
            "counts; rare events, the gaps between them counted in whole cases or days",
        ),
        (
            {"data_type": "continuous", "n_points": 8},
            "not sure what kind of data, or too few points for limits; 8 points",
        ),
    ],
)
def test_answers_in_words_follow_the_branches_taken(answers, words):
    assert answers_in_words(answers) == words


def test_chooser_table_is_an_accessible_table():
    html = chooser_table(caption="Which chart?").data
    assert "<caption>Which chart?</caption>" in html
    assert html.count('<th scope="col">') == 4
    assert html.count("<tr>") == 1 + len(CHOOSER_CASES)
    assert "data_type" not in html  # the answers in words, not as arguments


def test_choice_html_shows_the_chart_reasons_companion_and_cautions():
    choice = choose_chart("continuous", n_points=15)
    html = choice_html(choice).data
    assert "The chooser picks: I chart (individual values) (with its MR chart)" in html
    assert html.count("<li>") == len(choice.reasons) == 2
    assert re.search(r'<p class="qikit-caution">Caution: With 15 points', html)
    plain = choice_html(choose_chart("counted", equal_area=False)).data
    assert "with its" not in plain and "Caution" not in plain


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: chooser_frame("abc"), r"`cases`: must be a list of ChooserCase"),
        (lambda: chooser_frame([]), r"`cases`: is empty \(got 'no measures'\)\. Pass"),
        (
            lambda: chooser_frame([1]),
            r"`cases\[0\]`: is not a ChooserCase \(got 'int'\)",
        ),
        (
            lambda: chooser_frame([ChooserCase("x", "y", [1])]),
            r"`cases\[0\]\.answers`: must be a dictionary of the chart chooser's",
        ),
        (
            lambda: chooser_frame([ChooserCase("x", "y", {"data_typ": "counted"})]),
            r"`cases\[0\]\.answers\.data_typ`: is not a question the chart chooser "
            r"asks \(got 'data_typ'\)\. Did you mean 'data_type'\?",
        ),
        (
            lambda: chooser_frame([ChooserCase("x", "y", {"equal_area": True})]),
            r"`cases\[0\]\.answers\.data_type`: is missing\. Say what kind of data",
        ),
        (
            lambda: chooser_frame([ChooserCase("x", "y", {"data_type": "banana"})]),
            r"`data_type`: is not one of the choices \(got 'banana'\)",
        ),
        (lambda: answers_in_words("counted"), r"`answers`: must be a dictionary"),
        (lambda: chooser_table(caption=""), r"`caption`: is empty"),
        (lambda: choice_html("i"), r"`choice`: is not a chart choice \(got 'str'\)"),
    ],
)
def test_chooser_messages(call, match):
    with pytest.raises(InputError, match=match):
        call()


# ------------------------------------------------------------- limits side by side


def test_limits_frame_reads_the_lines_and_signals():
    frame = limits_frame(qic(y=FALLS, chart="c"), labels=["Falls"])
    assert list(frame.columns) == list(LIMITS_COLUMNS)
    assert frame.iloc[0].tolist() == ["Falls", "12", "6.17", "0", "13.6", "1", "1"]


def test_limits_frame_shows_stepping_limits_and_percentages():
    n = [50, 60, 45, 55, 50, 70, 40, 50, 65, 50, 55, 60]
    p = qic(y=SEEN, n=n, chart="p", multiply=100)
    row = limits_frame(p, labels=["Seen"]).iloc[0]
    assert row["Centre line"].endswith("%") and " to " not in row["Centre line"]
    low, high = row["Lower limit"].split(" to ")
    assert low.endswith("%") and high.endswith("%")
    assert float(low.rstrip("%")) < float(high.rstrip("%"))
    proportions = limits_frame(qic(y=SEEN, n=n, chart="p"), labels=["p"]).iloc[0]
    assert "%" not in proportions["Centre line"]


def test_limits_frame_counts_points_with_values_and_says_none_without_limits():
    y = [3, None, 4, 5, 2, 6, 4, 5, 3, 4, 6, 2, 5]
    with pytest.warns(QikitWarning, match="1 value is missing"):
        row = limits_frame(qic(y=y), labels=["Run"]).iloc[0]
    assert row["Points"] == "12"
    assert (row["Lower limit"], row["Upper limit"]) == ("none", "none")


def test_limits_frame_compares_a_frozen_baseline():
    y = FALLS[:-1] + [5, 1, 1, 2, 1, 1, 2, 1, 1, 1]
    rows = limits_frame(
        qic(y=y, chart="i"), qic(y=y, chart="i", freeze=12), labels=["All", "Frozen"]
    )
    assert rows["Chart"].tolist() == ["All", "Frozen"]
    assert float(rows["Centre line"][1]) > float(rows["Centre line"][0])
    assert int(rows["Points outside the limits"][1]) > 0


def test_limits_table_is_an_accessible_table():
    html = limits_table(qic(y=FALLS, chart="c"), labels=["Falls"], caption="Falls").data
    assert "<caption>Falls</caption>" in html
    heads = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert heads == list(LIMITS_COLUMNS)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: limits_frame(labels=[]), r"`results`: is empty \(got 'no charts'\)"),
        (
            lambda: limits_frame(qic(y=FALLS), labels=["a", "b"]),
            r"`labels`: has 2 labels for 1 chart \(got \['a', 'b'\]\)\. Give one",
        ),
        (
            lambda: limits_frame(qic(y=FALLS), "x", labels=["a", "b"]),
            r"`results\[1\]`: is not a chart result \(got 'str'\)",
        ),
        (
            lambda: limits_table(qic(y=FALLS), labels=["a"], caption=" "),
            r"`caption`: is empty",
        ),
    ],
)
def test_limits_messages(call, match):
    with pytest.raises(InputError, match=match):
        call()


# ------------------------------------------------------------------ plot_pair


def test_plot_pair_stacks_the_charts_on_one_scale():
    charts = [qic(y=SEEN, n=[50] * 12, chart=c) for c in ("p", "pp", "p")]
    fig = plot_pair(charts, titles=["P", "P′", "P again"], ylabel="Share seen")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 3
    limits = {ax.get_ylim() for ax in fig.axes}
    assert len(limits) == 1
    assert [ax.get_ylabel() for ax in fig.axes] == ["Share seen"] * 3
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["P", "P′", "P again"]
    assert [ax.get_legend() is not None for ax in fig.axes] == [False, False, True]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: plot_pair([qic(y=FALLS)], titles=["a"]),
            r"`results`: must hold two to four charts \(got '1 chart'\)",
        ),
        (
            lambda: plot_pair(qic(y=FALLS), titles=["a"]),
            r"`results`: must hold two to four charts",
        ),
        (
            lambda: plot_pair([qic(y=FALLS)] * 5, titles=list("abcde")),
            r"`results`: must hold two to four charts \(got '5 charts'\)",
        ),
        (
            lambda: plot_pair([qic(y=FALLS), 3], titles=["a", "b"]),
            r"`results\[1\]`: is not a chart result \(got 'int'\)",
        ),
        (
            lambda: plot_pair([qic(y=FALLS)] * 2, titles=["a"]),
            r"`titles`: has 1 title for 2 charts",
        ),
    ],
)
def test_plot_pair_messages(call, match):
    with pytest.raises(InputError, match=match):
        call()


# ------------------------------------------------------------ Making Data Count


def test_every_icon_qikit_draws_has_a_meaning():
    drawn = set(style.VARIATION_ICONS) | set(style.ASSURANCE_ICONS)
    assert set(ICON_MEANINGS) == drawn


def test_icon_key_frame_describes_each_icon_in_words():
    frame = icon_key_frame()
    assert list(frame.columns) == ["Icon", "Kind", "Name", "What it says", "What to do"]
    assert frame["Kind"].value_counts().to_dict() == {"Variation": 7, "Assurance": 3}
    icons = dict(zip(frame["Name"], frame["Icon"], strict=True))
    assert icons["Common cause"] == "~ on a grey circle"
    assert icons["Improvement (high)"] == "H on a blue circle"
    assert icons["Concern (low)"] == "L on an orange circle"
    assert icons["Special cause (high)"] == "H on a purple circle"
    assert icons["Meets target consistently"] == "P on a blue rounded square"
    assert icons["Fails target consistently"] == "F on an orange rounded square"
    assert icons["Hit and miss target"] == "? on a grey rounded square"


def test_the_assurance_meanings_match_the_engine():
    """The words say where the target lies; the engine's icon agrees for one case
    of each (higher is better)."""
    y = [88, 86, 90, 87, 89, 88, 86, 87, 89, 88, 87, 88]
    codes = {
        target: qic(y=y, chart="i", rules="mdc", improvement="increase", target=target)
        .summary()["assurance"]
        .item()
        for target in (70, 88, 99)
    }
    assert codes == {70: "consistent_pass", 88: "inconsistent", 99: "consistent_fail"}
    assert "beyond the limits, on the side of the worse" in ICON_MEANINGS[codes[70]][0]
    assert "between the limits" in ICON_MEANINGS[codes[88]][0]
    assert "on the side of the better values" in ICON_MEANINGS[codes[99]][0]


def test_icon_key_table_is_an_accessible_table():
    html = icon_key_table(caption="The icons").data
    assert "<caption>The icons</caption>" in html
    assert html.count("<tr>") == 1 + 10
    with pytest.raises(InputError, match=r"`caption`: is empty"):
        icon_key_table(caption="")
