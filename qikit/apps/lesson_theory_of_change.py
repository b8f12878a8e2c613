"""Tables for the theory of change module: change concepts, a national driver diagram.

The curriculum's module 4 (``curriculum/04_theory_of_change.ipynb``) teaches driver
diagrams on qikit's two built-in diagrams
(:func:`qikit.improve.example_driver_diagram`) and where change ideas come from. This
module holds what the notebook shows as tables, so that no cell holds a table of data:

- :data:`CHANGE_CONCEPTS` and :func:`change_concepts_table`: the nine groups of
  change concepts of Langley et al. (2009), a few concepts from each and an example
  of a change idea from health and social care.
- :data:`NCS_PRIMARY_DRIVERS` and :func:`ncs_drivers_table`: the five primary
  drivers of the draft driver diagram in Healthcare Improvement Scotland's response to
  the National Care Service consultation, in the response's own words, beside
  qikit's shorter wording and its secondary drivers.
- :func:`checklist_html`: what :meth:`qikit.improve.DriverDiagram.validate` finds, as
  a short list.

**Sources.** Langley G.J., Moen R.D., Nolan K.M., Nolan T.W., Norman C.L. and Provost
L.P. (2009) *The Improvement Guide*, 2nd edition, Jossey-Bass: 72 change concepts in
nine groups (chapter 6 and appendix A); the concepts below are a selection, and the
examples are ours. Healthcare Improvement Scotland (2021) *A National Care Service for
Scotland: strategic response from Healthcare Improvement Scotland*, section 4.3.

Examples
--------
>>> len(CHANGE_CONCEPTS), len(NCS_PRIMARY_DRIVERS)
(9, 5)
>>> from qikit.improve import example_driver_diagram
>>> ncs_drivers_frame(example_driver_diagram())["Secondary drivers"].tolist()
[3, 4, 4, 4, 3]
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from qikit import _validate as v
from qikit._format import plural
from qikit.apps._display import table_html
from qikit.improve.driver import DriverDiagram

__all__ = [
    "CHANGE_CONCEPTS",
    "CHANGE_CONCEPT_COUNT",
    "NCS_PRIMARY_DRIVERS",
    "change_concepts_frame",
    "change_concepts_table",
    "checklist_html",
    "ncs_drivers_frame",
    "ncs_drivers_table",
]

#: How many change concepts The Improvement Guide lists (Langley et al. 2009).
CHANGE_CONCEPT_COUNT = 72

#: The nine groups of change concepts (Langley et al. 2009), each with a few of its
#: concepts and one example of a change idea it could lead to (the examples are ours).
CHANGE_CONCEPTS: dict[str, tuple[tuple[str, ...], str]] = {
    "Eliminate waste": (
        (
            "Eliminate things that are not used",
            "Remove intermediaries",
            "Match the amount to the need",
        ),
        "Stop filling in a daily form that nobody reads.",
    ),
    "Improve work flow": (
        (
            "Minimise handoffs",
            "Find and remove bottlenecks",
            "Do tasks in parallel",
        ),
        "Send the social work referral when a planned date of discharge is set, "
        "not when the patient is fit to leave.",
    ),
    "Optimise inventory": (
        ("Match inventory to predicted demand", "Use pull systems"),
        "Restock each ward's dressings to match the week's use.",
    ),
    "Change the work environment": (
        (
            "Give people access to information",
            "Conduct training",
            "Implement cross-training",
        ),
        "Put each resident's skin risk score on the handover sheet.",
    ),
    "Enhance the producer and customer relationship": (
        (
            "Listen to customers",
            "Focus on the outcome to a customer",
            "Use a coordinator",
        ),
        "Ask each person and their family 'What matters to you?' on the first day.",
    ),
    "Manage time": (
        ("Reduce wait time", "Reduce set-up or start-up time"),
        "Book transport home the day before discharge.",
    ),
    "Manage variation": (
        (
            "Standardisation (create a formal process)",
            "Stop tampering",
            "Develop operational definitions",
            "Develop contingency plans",
        ),
        "Use one agreed checklist for every discharge.",
    ),
    "Design systems to avoid mistakes": (
        ("Use reminders", "Use differentiation", "Use constraints"),
        "A repositioning clock by each resident's bed.",
    ),
    "Focus on the product or service": (
        (
            "Offer the product or service anytime",
            "Offer the product or service anyplace",
            "Reduce the number of components",
        ),
        "Offer a video consultation instead of a trip to the clinic.",
    ),
}

#: The five primary drivers of the draft driver diagram in Healthcare Improvement
#: Scotland's response to the National Care Service consultation (section 4.3), as the
#: response heads them, in its order.
NCS_PRIMARY_DRIVERS: tuple[str, ...] = (
    "Person-centred and evidence-informed approaches to designing services and "
    "implementing change",
    "Building capacity and capability",
    "Effective mechanisms for evaluating and spreading improvement",
    "Leadership that drives improvement",
    "Clarity on the respective roles and responsibilities of the national and local "
    "organisations",
)


def change_concepts_frame() -> pd.DataFrame:
    """The nine groups of change concepts as a table.

    Returns
    -------
    pandas.DataFrame
        Columns ``Group``, ``Some of its change concepts`` (separated by semicolons)
        and ``A change idea it could lead to``, one row per group in the order of
        The Improvement Guide.

    Examples
    --------
    >>> change_concepts_frame()["Group"].iloc[7]
    'Design systems to avoid mistakes'
    """
    return pd.DataFrame(
        [
            (group, "; ".join(concepts), example)
            for group, (concepts, example) in CHANGE_CONCEPTS.items()
        ],
        columns=[
            "Group",
            "Some of its change concepts",
            "A change idea it could lead to",
        ],
    )


def change_concepts_table(*, caption: str) -> HTML:
    """:func:`change_concepts_frame` as an accessible HTML table."""
    return HTML(table_html(change_concepts_frame(), caption=v.text(caption, "caption")))


def _diagram(diagram: object) -> DriverDiagram:
    if not isinstance(diagram, DriverDiagram):
        raise v.fail(
            "diagram",
            "must be a DriverDiagram",
            diagram,
            'Use example_driver_diagram("ncs_conditions") from qikit.improve.',
        )
    return diagram


def ncs_drivers_frame(diagram: DriverDiagram) -> pd.DataFrame:
    """The response's five primary drivers beside a diagram's primary drivers.

    Parameters
    ----------
    diagram : DriverDiagram
        qikit's version of the draft diagram,
        ``example_driver_diagram("ncs_conditions")``, or a learner's copy of it.

    Returns
    -------
    pandas.DataFrame
        Columns ``Number``, ``In the response`` (:data:`NCS_PRIMARY_DRIVERS`), ``In
        qikit's diagram`` (the diagram's primary drivers, in order) and ``Secondary
        drivers`` (how many each has), one row per primary driver.

    Raises
    ------
    qikit.errors.InputError
        When ``diagram`` is not a DriverDiagram or does not have five primary drivers.
    """
    primaries = _diagram(diagram).primaries
    if len(primaries) != len(NCS_PRIMARY_DRIVERS):
        raise v.fail(
            "diagram",
            f"has {len(primaries)} primary drivers, not the response's "
            f"{len(NCS_PRIMARY_DRIVERS)}",
            len(primaries),
            'Use example_driver_diagram("ncs_conditions") from qikit.improve.',
        )
    return pd.DataFrame(
        {
            "Number": [str(i) for i in range(1, len(primaries) + 1)],
            "In the response": list(NCS_PRIMARY_DRIVERS),
            "In qikit's diagram": [p.text for p in primaries],
            "Secondary drivers": [
                sum(1 for n in diagram.secondaries if p.id in n.parents)
                for p in primaries
            ],
        }
    )


def ncs_drivers_table(diagram: DriverDiagram, *, caption: str) -> HTML:
    """:func:`ncs_drivers_frame` as an accessible HTML table."""
    frame = ncs_drivers_frame(diagram)
    return HTML(table_html(frame, caption=v.text(caption, "caption")))


def checklist_html(diagram: DriverDiagram, *, limit: int = 3) -> HTML:
    """What :meth:`~qikit.improve.DriverDiagram.validate` finds, as a short list.

    Parameters
    ----------
    diagram : DriverDiagram
    limit : int, default 3
        How many findings to show; the rest are counted.

    Examples
    --------
    >>> from qikit.improve import example_driver_diagram
    >>> html = checklist_html(example_driver_diagram(), limit=2).data
    >>> html.count("<li>"), "and 17 more" in html
    (2, True)
    """
    findings = _diagram(diagram).validate()
    shown = v.whole_number(limit, "limit", minimum=1)
    if not findings:
        return HTML("<p>qikit's check of the driver diagram finds nothing to add.</p>")
    items = "".join(f"<li>{escape(str(f))}</li>" for f in findings[:shown])
    rest = len(findings) - shown
    more = f"<p>… and {rest} more.</p>" if rest > 0 else ""
    return HTML(
        f"<p>qikit's check of the driver diagram finds "
        f"{plural(len(findings), 'thing')} to do:</p><ul>{items}</ul>{more}"
    )
