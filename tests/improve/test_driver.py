"""Tests for qikit.improve.driver: driver diagrams, outlines and validation."""

from __future__ import annotations

import json

import pytest

from qikit.errors import InputError
from qikit.improve import Aim, DriverDiagram, DriverNode, example_driver_diagram


def small() -> DriverDiagram:
    dd = DriverDiagram(aim="Halve falls with harm by June 2025")
    p1 = dd.add_primary("Mobility supported")
    p2 = dd.add_primary("Safe environment", measures=["falls"])
    s1 = dd.add_secondary("Footwear checked", parent=p1)
    s2 = dd.add_secondary("Rooms free of clutter", parent=[p2, p1])
    dd.add_change_idea(
        "Footwear check at review",
        parent=s1,
        measures=["falls"],
        pdsa=["cycle-1", "cycle-2"],
    )
    dd.add_change_idea("Daily room walk-round", parent=s2)
    return dd


def test_builder_assigns_ids_and_numbers():
    dd = small()
    assert [n.id for n in dd.nodes] == ["p1", "p2", "s1", "s2", "c1", "c2"]
    assert dd.numbers() == {
        "p1": "1",
        "s1": "1.1",
        "c1": "1.1.1",
        "p2": "2",
        "s2": "2.1",
        "c2": "2.1.1",
    }
    assert [n.id for n in dd.primaries] == ["p1", "p2"]
    assert [n.id for n in dd.secondaries] == ["s1", "s2"]
    assert [n.id for n in dd.change_ideas] == ["c1", "c2"]
    assert [n.id for n in dd.children("p2")] == ["s2"]
    assert dd.node("s2").parent == "p2"
    assert dd.validate() == []


def test_outline():
    assert small().to_outline() == "\n".join(
        [
            "Aim: Halve falls with harm by June 2025",
            "  1 Primary driver: Mobility supported",
            "    1.1 Secondary driver: Footwear checked",
            "      1.1.1 Change idea: Footwear check at review (measures: falls; PDSA "
            "cycles: cycle-1, cycle-2)",
            "  2 Primary driver: Safe environment (measures: falls)",
            "    2.1 Secondary driver: Rooms free of clutter (also supports 1)",
            "      2.1.1 Change idea: Daily room walk-round",
        ]
    )
    plain = small().to_outline(numbers=False, labels=False, links=False, indent="\t")
    assert plain.splitlines()[:3] == [
        "Halve falls with harm by June 2025",
        "\tMobility supported",
        "\t\tFootwear checked",
    ]
    assert str(small()) == small().to_outline()


def test_outline_round_trip_keeps_ids_links_and_extra_parents():
    dd = small()
    again = DriverDiagram.from_outline(dd.to_outline(ids=True))
    assert again.aim == dd.aim
    assert again.numbers() == dd.numbers()
    assert sorted(again.nodes, key=lambda n: n.id) == sorted(
        dd.nodes, key=lambda n: n.id
    )
    plain = DriverDiagram.from_outline(dd.to_outline())
    assert sorted(n.level for n in plain.nodes) == sorted(n.level for n in dd.nodes)
    assert plain.node("s2").parents == ["p2", "p1"]


def test_from_outline_without_aim_or_labels():
    dd = DriverDiagram.from_outline("A\n  B\n    C\nD\n")
    assert dd.aim == ""
    assert [(n.text, n.level, n.parents) for n in dd.nodes] == [
        ("A", "primary", []),
        ("B", "secondary", ["p1"]),
        ("C", "change", ["s1"]),
        ("D", "primary", []),
    ]
    bulleted = DriverDiagram.from_outline(
        "Aim: Fewer waits\n- Triage\n  * Nurse triage (id: nt)\n    • Phone first\n"
    )
    assert bulleted.node("nt").text == "Nurse triage"
    assert bulleted.change_ideas[0].parents == ["nt"]
    kept = DriverDiagram.from_outline("Aim: x\n  Driver (see note)\n")
    assert kept.nodes[0].text == "Driver (see note)"


def test_from_outline_errors():
    with pytest.raises(InputError, match=r"^`text`: is empty"):
        DriverDiagram.from_outline("   ")
    with pytest.raises(InputError) as err:
        DriverDiagram.from_outline("Aim: x\n a\n  b\n   c\n    d\n")
    assert str(err.value) == (
        "`text`: is nested deeper than change ideas (got 'd'). Use three levels below "
        "the aim: primary drivers, secondary drivers, change ideas."
    )


def test_from_nested_shapes():
    dd = DriverDiagram.from_nested(
        Aim(what="reduce waits", goal=5, unit="days", by="2025"),
        {
            "A": {"A1": ["x", "y"], "A2": "z", "A3": None},
            "B": ["B1"],
            "C": None,
            "D": "D1",
        },
    )
    assert dd.aim == "Reduce waits to 5 days by 31 December 2025."
    assert [n.text for n in dd.nodes] == [
        "A",
        "A1",
        "x",
        "y",
        "A2",
        "z",
        "A3",
        "B",
        "B1",
        "C",
        "D",
        "D1",
    ]
    with pytest.raises(InputError, match=r"^`tree`: must be a dict of primary drivers"):
        DriverDiagram.from_nested("aim", ["A"])
    with pytest.raises(InputError, match=r"^`tree\['A'\]`: must be a dict or list"):
        DriverDiagram.from_nested("aim", {"A": 5})


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda dd: dd.add_primary(""),
            "`text`: is empty (got ''). Write a few words.",
        ),
        (
            lambda dd: dd.add_primary("X", id="p1"),
            "`id`: is already used in this diagram (got 'p1'). Choose another id, or "
            "leave "
            "id out and one is made for you.",
        ),
        (
            lambda dd: dd.add_secondary("X", parent=None),
            "`parent`: a secondary driver needs the id of the primary driver it "
            "supports "
            "(got None). Pass parent='...' with one of: p1, p2.",
        ),
        (
            lambda dd: dd.add_secondary("X", parent="p9"),
            "`parent`: no primary driver has this id (got 'p9'). Use one of: p1, p2.",
        ),
        (
            lambda dd: dd.add_change_idea("X", parent="p1"),
            "`parent`: is a primary driver, but a change idea hangs from a secondary "
            "driver (got 'p1'). Give the id of a box in the column to the left.",
        ),
        (
            lambda dd: dd.add_change_idea("X", parent="s1", pdsa=[3]),
            "`pdsa[0]`: must be text (got 3).",
        ),
        (
            lambda dd: dd.link("p1", pdsa=["c"]),
            "`pdsa`: PDSA cycles test change ideas, not drivers (got ['c']). Link the "
            "cycles to a change idea.",
        ),
        (
            lambda dd: dd.node("zz"),
            "`node_id`: no box in the diagram has this id (got 'zz'). Use one of: p1, "
            "p2, "
            "s1, s2, c1, c2.",
        ),
        (lambda dd: dd.level("tertiary"), "`level`: is not one of the choices"),
        (lambda dd: dd.remove("zz"), "`node_id`: no box in the diagram has this id"),
    ],
)
def test_builder_errors(call, message):
    with pytest.raises(InputError) as err:
        call(small())
    assert str(err.value).startswith(message)


def test_node_errors():
    with pytest.raises(
        InputError, match=r"^`id`: is empty \(got ''\). Give each box an id"
    ):
        DriverNode("", "x", "primary")
    with pytest.raises(
        InputError, match=r"^`parents`: a primary driver hangs from the aim"
    ):
        DriverNode("p1", "x", "primary", ["s1"])
    with pytest.raises(InputError, match=r"^`pdsa`: PDSA cycles test change ideas"):
        DriverNode("s1", "x", "secondary", ["p1"], pdsa=["c"])
    with pytest.raises(InputError, match=r"^`level`: is not one of the choices"):
        DriverNode("x1", "x", "driver")
    assert DriverNode("c9", "x", "change idea", ["s1"]).level == "change"
    node = DriverNode("c9", "", "change", ["s1"])
    assert node.validate() == ["The change idea ‘c9’ has no text."]
    node.level = "other"
    assert node.validate()[0].startswith("`level`: is not one of the choices")
    assert DriverNode.from_dict(node.to_dict() | {"level": "change"}).id == "c9"
    assert node.to_frame().columns.tolist() == [
        "id",
        "text",
        "level",
        "parents",
        "measures",
        "pdsa",
        "notes",
    ]


def test_link_and_remove():
    dd = small()
    dd.link("c2", measures=["falls", "walks"], pdsa=["cycle-9"])
    dd.link("c2", measures=["walks"])
    assert dd.node("c2").measures == ["falls", "walks"]
    assert dd.node("c2").pdsa == ["cycle-9"]
    # s2 also supports p1, so removing p2 keeps it
    assert dd.remove("p2") == ["p2"]
    assert dd.node("s2").parents == ["p1"]
    assert dd.remove("p1") == ["p1", "s1", "s2", "c1", "c2"]
    assert dd.nodes == []


def test_validate_messages():
    dd = DriverDiagram(
        "",
        [
            DriverNode("p1", "Mobility", "primary"),
            DriverNode("p1", "mobility ", "primary"),
            DriverNode("s1", "Footwear", "secondary", ["p9"]),
            DriverNode("s2", "", "secondary", ["p1"]),
            DriverNode("s3", "Loose", "secondary", []),
            DriverNode("c1", "Idea", "change", ["p1"], measures=["m9"], pdsa=["x9"]),
        ],
    )
    findings = dd.validate(measure_ids=["m1"], pdsa_ids=[])
    assert [str(f) for f in findings] == [
        "The driver diagram has no aim: write what you are trying to accomplish.",
        "Two boxes share the id ‘p1’: give each its own.",
        "The primary driver ‘mobility’ appears twice: merge the two boxes.",
        "The secondary driver ‘s2’ has no text.",
        "The secondary driver ‘Footwear’ supports ‘p9’, which is not in the diagram.",
        "The secondary driver ‘Loose’ is not connected to any primary driver: connect "
        "it or remove it.",
        "The change idea ‘Idea’ hangs from the primary driver ‘Mobility’; it should "
        "support a secondary driver.",
        "The secondary driver ‘Footwear’ has no change ideas yet.",
        "The secondary driver ‘s2’ has no change ideas yet.",
        "The secondary driver ‘Loose’ has no change ideas yet.",
        "‘Idea’ is linked to the measure ‘m9’, which is not in the project.",
        "‘Idea’ is linked to the PDSA cycle ‘x9’, which is not in the project.",
    ]
    assert {f.code for f in findings} >= {
        "driver.aim_missing",
        "driver.duplicate_id",
        "driver.duplicate_text",
        "driver.text_missing",
        "driver.orphan",
        "driver.wrong_level",
        "driver.no_children",
        "driver.unknown_measure",
        "driver.unknown_pdsa",
    }


def test_validate_empty_levels():
    assert [str(f) for f in DriverDiagram("Aim").validate()] == [
        "There are no primary drivers: add the few big things that must be in place to "
        "reach the aim.",
        "There are no change ideas yet: add specific changes you could test under each "
        "secondary driver.",
    ]
    dd = DriverDiagram("Aim")
    dd.add_primary("P")
    assert [f.code for f in dd.validate()] == [
        "driver.empty_level",
        "driver.empty_level",
        "driver.no_children",
    ]
    assert str(dd.validate()[0]) == (
        "There are no secondary drivers yet: add what each primary driver depends on."
    )
    assert str(dd.validate()[2]) == "The primary driver ‘P’ has no secondary drivers."


def test_validate_reports_a_broken_node():
    dd = small()
    dd.nodes[0].level = "weird"
    assert dd.validate() == [
        "`nodes[0].level`: is not one of the choices (got 'weird'). Use one of: "
        "'primary', "
        "'secondary', 'change'."
    ]


def test_frame_and_dict():
    dd = small()
    frame = dd.to_frame()
    assert frame.columns.tolist() == [
        "id",
        "level",
        "number",
        "text",
        "parent",
        "parents",
        "measures",
        "pdsa",
        "notes",
    ]
    assert frame.loc[0, "level"] == "aim"
    assert frame.set_index("id").loc["s2", "parents"] == "p2; p1"
    assert frame.set_index("id").loc["p1", "parent"] == "aim"
    assert frame.set_index("id").loc["c1", "pdsa"] == "cycle-1; cycle-2"
    again = DriverDiagram.from_dict(json.loads(json.dumps(dd.to_dict())))
    assert again == dd


@pytest.mark.parametrize(
    ("d", "message"),
    [
        ({"nodes": "x"}, "`nodes`: must be a list of DriverNode objects (got 'x')."),
        ({"nodes": [1]}, "`nodes[0]`: is not a DriverNode (got 1)."),
        ({"nodes": [{"id": "p1"}]}, "`nodes[0].text`: is missing from the DriverNode"),
        ({"aim": 3}, "`aim`: must be text (got 3)."),
        ({"shape": 1}, "`shape`: is not a field of a DriverDiagram"),
    ],
)
def test_from_dict_errors(d, message):
    with pytest.raises(InputError) as err:
        DriverDiagram.from_dict(d)
    assert str(err.value).startswith(message)


def test_orphans_listed_in_the_outline():
    dd = DriverDiagram("Aim", [DriverNode("s1", "Alone", "secondary", ["p9"])])
    assert dd.to_outline().splitlines()[1:] == [
        "  Not connected:",
        "    Secondary driver: Alone",
    ]
    assert dd.numbers() == {"s1": ""}


def test_ncs_example_has_five_primary_drivers():
    dd = example_driver_diagram()
    assert len(dd.primaries) == 5
    assert (
        dd.primaries[1].text == "Capacity and capability for improvement at every level"
    )
    assert {f.code for f in dd.validate()} == {
        "driver.empty_level",
        "driver.no_children",
    }


def test_box_at_the_wrong_level_is_not_numbered_under_its_parent():
    dd = DriverDiagram(
        "Aim",
        [
            DriverNode("p1", "Driver", "primary"),
            DriverNode("c1", "Idea", "change", ["p1"]),
        ],
    )
    assert dd.numbers() == {"p1": "1", "c1": ""}
    assert dd.to_outline().splitlines()[2:] == [
        "  Not connected:",
        "    Change idea: Idea",
    ]
