"""The theory of change module's tables: change concepts and the national drivers."""

from __future__ import annotations

import pytest

from qikit.apps.lesson_theory_of_change import (
    CHANGE_CONCEPT_COUNT,
    CHANGE_CONCEPTS,
    NCS_PRIMARY_DRIVERS,
    change_concepts_frame,
    change_concepts_table,
    checklist_html,
    ncs_drivers_frame,
    ncs_drivers_table,
)
from qikit.errors import InputError
from qikit.improve import DriverDiagram, example_driver_diagram

#: The nine groups of The Improvement Guide (Langley et al. 2009), in its order.
GROUPS = [
    "Eliminate waste",
    "Improve work flow",
    "Optimise inventory",
    "Change the work environment",
    "Enhance the producer and customer relationship",
    "Manage time",
    "Manage variation",
    "Design systems to avoid mistakes",
    "Focus on the product or service",
]


def test_the_nine_groups_of_change_concepts():
    assert list(CHANGE_CONCEPTS) == GROUPS
    assert CHANGE_CONCEPT_COUNT == 72
    every = [c for concepts, _ in CHANGE_CONCEPTS.values() for c in concepts]
    assert len(every) == len(set(every)) < CHANGE_CONCEPT_COUNT  # a selection
    assert all(example.endswith(".") for _, example in CHANGE_CONCEPTS.values())


def test_the_change_concepts_table():
    frame = change_concepts_frame()
    assert frame.columns.tolist() == [
        "Group",
        "Some of its change concepts",
        "A change idea it could lead to",
    ]
    assert frame["Group"].tolist() == GROUPS
    assert "Use reminders" in frame.loc[7, "Some of its change concepts"]
    html = change_concepts_table(caption="Concepts").data
    assert "<caption>Concepts</caption>" in html and html.count("<tr>") == 10


def test_the_national_drivers_table():
    ncs = example_driver_diagram("ncs_conditions")
    frame = ncs_drivers_frame(ncs)
    assert frame["Number"].tolist() == ["1", "2", "3", "4", "5"]
    assert frame["In the response"].tolist() == list(NCS_PRIMARY_DRIVERS)
    assert frame["In qikit's diagram"].tolist() == [p.text for p in ncs.primaries]
    assert frame["Secondary drivers"].tolist() == [3, 4, 4, 4, 3]
    html = ncs_drivers_table(ncs, caption="Five drivers").data
    assert "<caption>Five drivers</caption>" in html


def test_the_national_drivers_table_checks_its_diagram():
    with pytest.raises(InputError, match="`diagram`: must be a DriverDiagram"):
        ncs_drivers_frame("ncs_conditions")
    with pytest.raises(InputError, match="has 4 primary drivers, not the response's 5"):
        ncs_drivers_frame(example_driver_diagram("pressure_ulcers"))


def test_the_checklist():
    html = checklist_html(example_driver_diagram("ncs_conditions")).data
    assert "finds 19 things to do" in html
    assert html.count("<li>") == 3 and "and 16 more" in html
    done = checklist_html(example_driver_diagram("pressure_ulcers")).data
    assert "finds nothing to add" in done
    one = DriverDiagram("Fewer falls by June")
    one.add_primary("Safe moving")
    html = checklist_html(one, limit=5).data
    assert "more." not in html and html.count("<li>") == len(one.validate())


def test_the_checklist_checks_its_arguments():
    with pytest.raises(InputError, match="`diagram`"):
        checklist_html(None)
    with pytest.raises(InputError, match="`limit`"):
        checklist_html(example_driver_diagram(), limit=0)
