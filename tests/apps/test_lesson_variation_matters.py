"""The tables of the module on why variation matters: RAG ratings and league tables."""

from __future__ import annotations

import pandas as pd
import pytest

from qikit.apps.lesson_variation_matters import (
    RAG_NAMES,
    league_frame,
    league_table,
    rag_frame,
    rag_table,
)
from qikit.datasets import load_dataset
from qikit.errors import ColumnError, InputError

PERIODS = ["2013-04-01", "2013-10-01"]


@pytest.fixture(scope="module")
def rag():
    return load_dataset("rag_ratings")


@pytest.fixture(scope="module")
def milestones():
    return load_dataset("milestones_27_30")


# ---------------------------------------------------------------------- RAG ratings


def test_rag_frame_is_a_year_to_a_row_from_the_first_month(rag):
    frame = rag_frame(rag)
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]
    months += ["Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    assert list(frame.columns) == ["Year", *months]
    assert frame["Year"].tolist() == [
        "April 2021 to March 2022",
        "April 2022 to March 2023",
        "April 2023 to March 2024",
    ]
    cells = frame[months].to_numpy().ravel().tolist()
    expected = [
        f"{RAG_NAMES[r]} {p:.1f}%"
        for r, p in zip(rag["rag"], rag["percent"], strict=True)
    ]
    assert cells == expected
    assert frame.loc[0, "Sep"] == "Red 82.9%"


def test_rag_frame_sorts_the_months_and_leaves_a_short_year_blank(rag):
    shuffled = rag.head(14).sample(frac=1, random_state=3)
    frame = rag_frame(shuffled)
    assert frame.loc[0, "Apr"] == "Red 83.0%"
    assert frame.loc[1, "May"] == "Green 90.4%"
    assert frame.loc[1, "Jun"] == "" and frame.loc[1, "Mar"] == ""


def test_rag_frame_takes_other_column_names_and_spelling_of_ratings():
    data = pd.DataFrame(
        {
            "Month": pd.date_range("2024-01-01", periods=3, freq="MS"),
            "Score": [91.0, 84.56, 86.0],
            "Colour": ["Green", " red", "AMBER"],
        }
    )
    frame = rag_frame(data, x="Month", y="Score", rag="Colour")
    assert frame.iloc[0, 1:4].tolist() == ["Green 91.0%", "Red 84.6%", "Amber 86.0%"]
    assert frame.loc[0, "Year"] == "January 2024 to December 2024"


def test_rag_table_is_accessible(rag):
    html = rag_table(rag, caption="Ratings each month").data
    assert "<caption>Ratings each month</caption>" in html
    assert html.count('<th scope="col">') == 13
    assert "<td>Red 82.9%</td>" in html


# ---------------------------------------------------------------------- league table


def test_league_frame_keeps_the_ends_and_the_later_ranks(milestones):
    frame = league_frame(milestones, periods=PERIODS)
    assert list(frame.columns) == [
        "Rank",
        "Partnership",
        "Children reviewed",
        "%",
        "Rank in Oct–Dec 2013",
    ]
    assert len(frame) == 11 and (frame.iloc[5] == "…").all()
    first = milestones[milestones["quarter"] == PERIODS[0]]
    ranked = first.sort_values("percent", ascending=False)
    assert frame["Partnership"].head(5).tolist() == ranked["cpp"].head(5).tolist()
    assert frame["Partnership"].tail(5).tolist() == ranked["cpp"].tail(5).tolist()
    orkney = frame.iloc[-1]
    assert orkney["Partnership"] == "Orkney Islands"
    assert (orkney["Rank"], orkney["Children reviewed"], orkney["%"]) == (
        32,
        50,
        "64.0",
    )
    later = milestones[milestones["quarter"] == PERIODS[1]].set_index("cpp")
    ranks = later["percent"].rank(ascending=False, method="min")
    assert orkney["Rank in Oct–Dec 2013"] == ranks["Orkney Islands"] == 2


def test_league_frame_ties_share_the_better_rank_and_small_tables_are_whole():
    data = pd.DataFrame(
        {
            "quarter": pd.to_datetime(["2020-01-01"] * 3 + ["2020-04-01"] * 3),
            "cpp": ["A", "B", "C"] * 2,
            "reviews": [10, 20, 30, 10, 20, 30],
            "percent": [50.0, 70.0, 70.0, 90.0, 80.0, 70.0],
        }
    )
    frame = league_frame(data, periods=["2020-01-01", "2020-04-01"], show=2)
    assert frame["Partnership"].tolist() == ["B", "C", "A"]
    assert frame["Rank"].tolist() == [1, 1, 3]
    assert frame["Rank in Apr–Jun 2020"].tolist() == [2, 3, 1]


def test_monthly_periods_are_named_by_their_month():
    data = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-01-01", "2020-01-01", "2020-02-01"] * 1),
            "unit": ["A", "B", "A"],
            "n": [5, 5, 5],
            "y": [1.0, 2.0, 3.0],
        }
    )
    data = pd.concat([data, data.tail(1).assign(unit="B")], ignore_index=True)
    frame = league_frame(
        data, periods=["2020-01-01", "2020-02-01"], unit="unit", x="month", y="y", n="n"
    )
    assert list(frame.columns)[-1] == "Rank in Feb 2020"


def test_league_table_is_accessible(milestones):
    html = league_table(milestones, periods=PERIODS, caption="League").data
    assert "<caption>League</caption>" in html
    assert "<td>Orkney Islands</td>" in html and "<td>…</td>" in html


# -------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda d: rag_frame(5),
            InputError,
            "`data`: must be a table (got 5). Pass a pandas DataFrame",
        ),
        (
            lambda d: rag_frame(d, rag="colour"),
            ColumnError,
            "`rag`: there is no column called 'colour' in the data.",
        ),
        (
            lambda d: rag_frame(d.assign(rag="blue")),
            InputError,
            "`rag`: holds ratings other than red, amber and green (got ['blue']). "
            "Rate each month red, amber or green.",
        ),
        (
            lambda d: rag_frame(d.iloc[:0]),
            InputError,
            "`data`: has no rows (got 0). Pass one row for each month.",
        ),
        (
            lambda d: rag_frame(pd.concat([d, d.head(1)])),
            InputError,
            "`x`: must hold one date for each month, with none missing or repeated",
        ),
        (
            lambda d: rag_frame(d.assign(month="soon")),
            InputError,
            "`x`: does not hold dates (got ['soon', 'soon', 'soon']). Pass a column "
            "of dates, such as 2021-04-01.",
        ),
        (
            lambda d: rag_table(d, caption=""),
            InputError,
            "`caption`: is empty",
        ),
    ],
)
def test_rag_errors_say_what_to_do(rag, call, error, message):
    with pytest.raises(error) as caught:
        call(rag)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda d: league_frame(d, periods=[]),
            InputError,
            "`periods`: is empty (got []). Give the period to rank on, e.g. "
            "periods=['2013-04-01'].",
        ),
        (
            lambda d: league_frame(d, periods=["2012-01-01"]),
            InputError,
            "`periods[0]`: is not a period in the data (got '2012-01-01'). Use one "
            "of the dates in column 'quarter', e.g. '2013-04-01'.",
        ),
        (
            lambda d: league_frame(d, periods=["2013-04-01"], show=0),
            InputError,
            "`show`: must be at least 1 (got 0).",
        ),
        (
            lambda d: league_frame(
                d[~((d["cpp"] == "Fife") & (d["quarter"] == "2013-10-01"))],
                periods=PERIODS,
            ),
            InputError,
            "`periods[1]`: has no row for 'Fife' (got '2013-10-01'). Choose periods "
            "in which every unit reports.",
        ),
        (
            lambda d: league_frame(d, periods=PERIODS, unit="partnership"),
            ColumnError,
            "`unit`: there is no column called 'partnership' in the data.",
        ),
        (
            lambda d: league_frame(d.assign(quarter="soon"), periods=PERIODS),
            InputError,
            "`x`: does not hold dates",
        ),
        (
            lambda d: league_table(d, periods=PERIODS, caption=" "),
            InputError,
            "`caption`: is empty",
        ),
    ],
)
def test_league_errors_say_what_to_do(milestones, call, error, message):
    with pytest.raises(error) as caught:
        call(milestones)
    assert str(caught.value).startswith(message)
