"""The spread module's tables: the assessment scale, gaps, spread plans, adopters."""

from __future__ import annotations

import pytest

from qikit.apps.lesson_spread import (
    categories_frame,
    categories_table,
    gaps_frame,
    gaps_table,
    phases_frame,
    phases_table,
    scale_frame,
    scale_table,
    spread_frame,
    spread_table,
)
from qikit.datasets import load_dataset
from qikit.errors import InputError
from qikit.spread import (
    ASSESSMENT_SCALE,
    adoption_curve,
    assessment_scale,
    assessments,
)
from qikit.spread.planning import SCALE_PHASES, SPREAD_COMPONENTS


@pytest.fixture(scope="module")
def scores():
    return assessments(load_dataset("collaborative_scores"), assessor="assessor")


@pytest.fixture(scope="module")
def curve():
    h = load_dataset("hospital_at_home")
    return adoption_curve(h, x="started", unit="partnership", total=31)


def test_scale_frame_is_the_ten_levels_in_order():
    frame = scale_frame()
    scale = assessment_scale()
    assert list(frame.columns) == ["Score", "Level", "What it means"]
    assert frame["Score"].tolist() == [f"{s:.1f}" for s in scale["score"]]
    assert frame["Level"].tolist() == scale["label"].tolist()
    assert frame["What it means"].tolist() == scale["definition"].tolist()
    assert len(frame) == len(ASSESSMENT_SCALE) == 10


def test_gaps_frame_follows_the_gaps_signed(scores):
    frame = gaps_frame(scores, top=4)
    gaps = scores.gaps(top=4)
    assert frame["Team"].tolist() == gaps["unit"].tolist()
    assert frame["Months scored by both"].tolist() == gaps["months"].tolist()
    for text, value in zip(
        frame["Average gap (self − faculty)"], gaps["mean_gap"], strict=True
    ):
        assert float(text) == pytest.approx(value, abs=0.005)
        assert text.startswith("+") == (value > 0)
    sizes = [float(t) for t in frame["Average size of the gap"]]
    assert sizes == sorted(sizes, reverse=True)
    assert len(gaps_frame(scores)) == 5


def test_spread_and_phases_frames_follow_the_frameworks():
    spread = spread_frame()
    assert spread["Component"].tolist() == [c.title for c in SPREAD_COMPONENTS]
    assert len(spread) == 7
    phases = phases_frame()
    assert phases["Phase"].tolist() == [
        "1. Set-up",
        "2. Develop the scalable unit",
        "3. Test of scale-up",
        "4. Go to full scale",
    ]
    assert phases["What happens"].tolist() == [p[2] for p in SCALE_PHASES]


def test_categories_frame_counts_the_adopters(curve):
    frame = categories_frame(curve)
    assert frame["Category"].tolist() == [
        "Innovators",
        "Early adopters",
        "Early majority",
        "Late majority",
        "Laggards",
    ]
    assert frame["Share (Rogers)"].tolist() == ["2.5%", "13.5%", "34%", "34%", "16%"]
    assert sum(frame["Adopted so far"]) == curve.units["x"].notna().sum() == 22
    assert frame["Expected units"].tolist()[2] == f"{0.34 * 31:.1f}"


def test_the_tables_are_accessible(scores, curve):
    for html, caption, columns in (
        (scale_table(caption="Scale").data, "Scale", 3),
        (gaps_table(scores, caption="Gaps").data, "Gaps", 5),
        (spread_table(caption="Spread").data, "Spread", 2),
        (phases_table(caption="Phases").data, "Phases", 2),
        (categories_table(curve, caption="Adopters").data, "Adopters", 4),
    ):
        assert f"<caption>{caption}</caption>" in html
        assert html.count('<th scope="col">') == columns
    assert scale_table(caption="Scale").data.count("<tr>") >= 10


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s, c: gaps_frame(c), r"`result`: must be the assessments"),
        (lambda s, c: gaps_frame(s, top=0), r"`top`"),
        (lambda s, c: categories_frame(s), r"`result`: must be an adoption curve"),
        (lambda s, c: scale_table(caption=""), r"`caption`"),
        (lambda s, c: gaps_table(s, caption="  "), r"`caption`"),
        (lambda s, c: categories_table(c, caption=""), r"`caption`"),
    ],
)
def test_bad_arguments_say_what_to_do(scores, curve, call, match):
    with pytest.raises(InputError, match=match):
        call(scores, curve)
