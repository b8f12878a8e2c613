"""Every control qikit.apps makes has a visible label, shown in full."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from qikit.apps import (
    button,
    checkbox,
    choice,
    labelled,
    number,
    radio,
    slider,
    text,
    text_area,
    toggle_buttons,
    upload,
    whole_number,
)

CONTROLS = {
    "text": lambda: text("Team name", help="As your trainer wrote it"),
    "text_area": lambda: text_area("Paste your data"),
    "number": lambda: number("Target"),
    "bounded number": lambda: number("Target", minimum=0, maximum=100),
    "whole_number": lambda: whole_number("Points", value=12, maximum=50),
    "choice": lambda: choice("Chart", [("Run chart", "run"), ("I chart", "i")]),
    "radio": lambda: radio("Rules", {"IHI": "ihi", "Anhøj": "anhoej"}),
    "toggle_buttons": lambda: toggle_buttons("Better is", ["Higher", "Lower"]),
    "slider": lambda: slider("Baseline (points)", minimum=0, maximum=24, value=12),
    "checkbox": lambda: checkbox("Show the data table"),
    "button": lambda: button("Draw the chart", primary=True),
    "upload": lambda: upload("Upload a CSV or Excel file"),
}


@pytest.mark.parametrize("kind", CONTROLS)
def test_every_control_has_a_visible_label(kind):
    control = CONTROLS[kind]()
    assert control.description.strip()
    assert "qikit-control" in control._dom_classes
    style = getattr(control, "style", None)
    if hasattr(style, "description_width"):
        assert style.description_width == "initial"  # never cut off


@pytest.mark.parametrize("kind", ["text", "text_area", "number", "slider"])
def test_typing_and_dragging_update_once_not_on_every_key(kind):
    assert CONTROLS[kind]().continuous_update is False


def test_choices_take_values_pairs_or_a_dict():
    assert choice("Chart", ["run", "i"]).options == (("run", "run"), ("i", "i"))
    assert choice("Chart", [("Run chart", "run")]).value == "run"
    assert radio("Rules", {"IHI": "ihi"}, value="ihi").value == "ihi"
    assert toggle_buttons("Better is", ["Higher", "Lower"], value="Lower").value == (
        "Lower"
    )


def test_the_primary_button_and_the_upload():
    assert button("Draw the chart", primary=True).button_style == "primary"
    assert button("Clear").button_style == ""
    box = upload("Upload", accept=(".csv", ".xlsx"))
    assert box.accept == ".csv,.xlsx" and box.multiple is False


def test_labelled_refuses_an_empty_label():
    with pytest.raises(ValueError, match="visible label"):
        labelled(widgets.Text(), "  ")


def test_help_becomes_a_tooltip_only_when_given():
    assert text("Team", help="As written").tooltip == "As written"
    assert not text("Team").tooltip
