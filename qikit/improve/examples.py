"""Built-in examples: real Scottish aims and driver diagrams, and one worked project.

Two kinds of example live here.

* **From public documents.** The stretch aims of the Early Years Collaborative (its
  stillbirth aim among them) and of the Raising Attainment for All programme, and the
  aim of the Permanence and Care Excellence (PACE) programme, all from *The Scottish
  Improvement Journey*; and the
  draft driver diagram with five primary drivers in Healthcare Improvement Scotland's
  response on a National Care Service (§4.3). The facts are theirs; the wording is
  ours. Where the published aim leaves out a baseline or a date, so does the example,
  and :meth:`~qikit.improve.Aim.smart_check` says so.
* **A worked project, invented for teaching.** Ashgrove House is a fictional 40-bed
  care home working to reduce pressure ulcers: an aim, a family of three measures with
  24 months of made-up data, a driver diagram linked to the measures and to a ramp of
  four PDSA cycles, a fishbone diagram and a Pareto table. Use it to practise; do not
  quote its numbers.

Examples
--------
>>> from qikit.improve.examples import example_aim, list_examples
>>> import textwrap
>>> print(textwrap.fill(example_aim("eyc_27_30_months").text(), 80))
By the end of 2016, 85% of children in each Community Planning Partnership meet
all expected developmental milestones at their 27–30 month child health review.
>>> list_examples()["kind"].value_counts().to_dict()
{'aim': 10, 'driver_diagram': 2, 'measures': 1, 'ramp': 1, 'fishbone': 1, 'pareto': 1, \
'project': 1}
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pandas as pd

from qikit import _validate as v
from qikit.improve.aims import Aim
from qikit.improve.driver import DriverDiagram
from qikit.improve.measures import Measure, OperationalDefinition
from qikit.improve.pdsa import PDSAAct, PDSACycle, PDSADo, PDSAPlan, PDSAStudy, Ramp
from qikit.improve.project import Note, Project
from qikit.improve.system import Fishbone

__all__ = [
    "list_examples",
    "example_aim",
    "example_aims",
    "example_driver_diagram",
    "example_measures",
    "example_ramp",
    "example_fishbone",
    "example_pareto",
    "example_project",
]

_SIJ = "The Scottish Improvement Journey (section 5)"
_HIS = (
    "Healthcare Improvement Scotland, response on a National Care Service (section 4.3)"
)
_INVENTED = "Invented for teaching (Ashgrove House is fictional)"

_AIMS: dict[str, dict] = {
    "eyc_27_30_months": dict(
        statement=(
            "By the end of 2016, 85% of children in each Community Planning "
            "Partnership meet all expected developmental milestones at their 27–30 "
            "month child health review."
        ),
        what=(
            "increase the percentage of children who meet all expected developmental "
            "milestones at the 27–30 month child health review"
        ),
        who="children in each of Scotland's 32 Community Planning Partnerships",
        goal=85,
        unit="%",
        by="2016-12-31",
        why=(
            "The first years of life shape health and wellbeing for good; the Early "
            "Years Collaborative set out to make Scotland the best place in the world "
            "to grow up."
        ),
        notes=(
            f"Early Years Collaborative, work stream 2 (1 year to 30 months). {_SIJ}. "
            "The published aim states no baseline."
        ),
        id="eyc-27-30-months",
    ),
    "eyc_school_start": dict(
        statement=(
            "By the end of 2017, 90% of children in each Community Planning "
            "Partnership have reached all developmental milestones by the time they "
            "start primary school."
        ),
        what=(
            "increase the percentage of children who have reached all developmental "
            "milestones when they start primary school"
        ),
        who="children in each of Scotland's 32 Community Planning Partnerships",
        goal=90,
        unit="%",
        by="2017-12-31",
        why="Children who start school ready to learn do better at school and beyond.",
        notes=(
            f"Early Years Collaborative, work stream 3 (30 months to school). {_SIJ}. "
            "The published aim states no baseline."
        ),
        id="eyc-school-start",
    ),
    "eyc_primary_4": dict(
        statement=(
            "By the end of 2021, 90% of children in each Community Planning "
            "Partnership have reached all developmental milestones and learning "
            "outcomes by the end of Primary 4."
        ),
        what=(
            "increase the percentage of children who reach all developmental "
            "milestones and learning outcomes by the end of Primary 4"
        ),
        who="children aged 5 to 8 in each of Scotland's 32 Community Planning "
        "Partnerships",
        goal=90,
        unit="%",
        by="2021-12-31",
        why="The early school years build the literacy and wellbeing that later "
        "learning depends on.",
        notes=(
            f"Early Years Collaborative, work stream 4, added in January 2014. {_SIJ}. "
            "The published aim states no baseline."
        ),
        id="eyc-primary-4",
    ),
    "stillbirths": dict(
        statement=(
            "By the end of 2015, reduce the rates of stillbirth and infant mortality "
            "in Scotland by 15%."
        ),
        what="reduce the rates of stillbirth and infant mortality",
        who="babies born in Scotland",
        relative_change=-15,
        unit="per 1,000 births",
        by="2015-12-31",
        why="More women should have a positive pregnancy that ends with a healthy "
        "baby.",
        notes=(
            f"Early Years Collaborative, work stream 1 (pregnancy to 1 year). {_SIJ}. "
            "With the Maternity and Children Quality Improvement Collaborative, a 19% "
            "fall in the stillbirth rate was reported by the end of 2015, beyond the "
            "15% aim. The aim was set as a relative change, with no baseline stated."
        ),
        id="stillbirths",
    ),
    "rafa_second_level": dict(
        statement=(
            "By 2016, 85% of children in each school cluster have experienced and "
            "achieved Curriculum for Excellence Second Level outcomes in literacy, "
            "numeracy, and health and wellbeing, ready for secondary school."
        ),
        what=(
            "increase the percentage of children achieving Curriculum for Excellence "
            "Second Level in literacy, numeracy, and health and wellbeing"
        ),
        who="children in each school cluster in the programme",
        goal=85,
        unit="%",
        by="2016-12-31",
        why="Leaving primary school with these outcomes prepares children for "
        "secondary school.",
        notes=f"Raising Attainment for All, launched June 2014. {_SIJ}.",
        id="rafa-second-level",
    ),
    "rafa_third_level": dict(
        statement=(
            "By 2019, 85% of children in each school cluster have experienced and "
            "achieved Curriculum for Excellence Third Level outcomes in literacy, "
            "numeracy, and health and wellbeing, ready for the Senior Phase."
        ),
        what=(
            "increase the percentage of young people achieving Curriculum for "
            "Excellence Third Level in literacy, numeracy, and health and wellbeing"
        ),
        who="young people in each school cluster in the programme",
        goal=85,
        unit="%",
        by="2019-12-31",
        why="These outcomes open the way to qualifications in the Senior Phase.",
        notes=f"Raising Attainment for All. {_SIJ}.",
        id="rafa-third-level",
    ),
    "rafa_destinations": dict(
        statement=(
            "By 2018, 95% of young people in each school cluster move on to a "
            "positive destination when they leave school."
        ),
        what=(
            "increase the percentage of school leavers who go on to a positive "
            "destination"
        ),
        who="young people leaving school in each cluster in the programme",
        goal=95,
        unit="%",
        by="2018-12-31",
        why="Work, training or further study after school changes life chances.",
        notes=f"Raising Attainment for All. {_SIJ}.",
        id="rafa-destinations",
    ),
    "pace_permanence": dict(
        what="reduce drift and delay in achieving permanence",
        who="looked after children in the local authorities taking part",
        why=(
            "Delay in reaching a permanent home harms children; waits ranged from "
            "12.5 months to over 10 years."
        ),
        notes=(
            f"Permanence and Care Excellence (PACE), launched January 2014. {_SIJ}. "
            "The programme-level aim names no amount or date: local teams set "
            "those. A good exercise in making an aim SMART."
        ),
        id="pace-permanence",
    ),
    "pressure_ulcers": dict(
        what="reduce new pressure ulcers (grade 2 and above)",
        who="residents of Ashgrove House, a 40-bed care home",
        baseline=2.2,
        goal=1.1,
        unit="per 1,000 occupied bed days",
        by="2025-03-31",
        measure="pressure-ulcers",
        why="Pressure ulcers cause pain, infection and distress, and most can be "
        "prevented.",
        notes=f"{_INVENTED}.",
        id="aim-pressure-ulcers",
    ),
    "vague": dict(
        what="Improve care for people living with dementia",
        notes=f"{_INVENTED}: a deliberately weak aim for practice.",
        id="aim-vague",
    ),
}

_AIM_TITLES = {
    "eyc_27_30_months": "Early Years Collaborative: milestones at 27–30 months",
    "eyc_school_start": "Early Years Collaborative: milestones at school start",
    "eyc_primary_4": "Early Years Collaborative: milestones by Primary 4",
    "stillbirths": "Early Years Collaborative: stillbirths and infant mortality",
    "rafa_second_level": "Raising Attainment for All: Second Level",
    "rafa_third_level": "Raising Attainment for All: Third Level",
    "rafa_destinations": "Raising Attainment for All: positive destinations",
    "pace_permanence": "PACE: drift and delay in permanence",
    "pressure_ulcers": "Ashgrove House: pressure ulcers",
    "vague": "A weak aim to improve",
}


def _unknown(argument: str, value: object, names) -> Exception:
    return v.fail(
        argument,
        "is not a built-in example",
        value,
        "Use one of: " + ", ".join(repr(n) for n in names) + ".",
    )


def example_aim(name: str = "eyc_27_30_months") -> Aim:
    """A built-in aim (a fresh object each call).

    Parameters
    ----------
    name : str
        One of "eyc_27_30_months", "eyc_school_start", "eyc_primary_4",
        "stillbirths", "rafa_second_level", "rafa_third_level",
        "rafa_destinations", "pace_permanence", "pressure_ulcers", "vague".
        :func:`list_examples` lists them with their sources.

    Raises
    ------
    InputError
        For an unknown name.

    Examples
    --------
    >>> aim = example_aim("stillbirths")
    >>> aim.improvement, [f.code for f in aim.smart_check()]
    ('decrease', ['smart.measurable.baseline_missing'])
    """
    if not isinstance(name, str) or name not in _AIMS:
        raise _unknown("name", name, _AIMS)
    return Aim(**_AIMS[name])


def example_aims() -> list[Aim]:
    """Every built-in aim, in the order of :func:`list_examples`."""
    return [example_aim(name) for name in _AIMS]


# ---------------------------------------------------------------------------- driver

_NCS_AIM = (
    "The health and social care system can carry out practical, person-centred "
    "improvement work that leads to better health and wellbeing"
)
_NCS_TREE = {
    "Person-centred, evidence-informed design of services and of change": [
        "Programmes designed with the people who use and need services",
        "Place-based work with housing, education, communities and transport",
        "Partnerships that share improvement support across sectors",
    ],
    "Capacity and capability for improvement at every level": [
        "People with the time and skills to do the work of change",
        "Quality improvement training that reaches social care",
        "A consistent source of improvement leadership in social care",
        "Operational managers who understand quality management",
    ],
    "Effective ways to evaluate and spread improvement": [
        "National learning systems for key priorities",
        "Networks that connect people working on the same problem",
        "Evaluation of new service models before national spread",
        "Spread methods matched to the type of change",
    ],
    "Leadership that drives improvement": [
        "Systems leadership behaviours across organisations",
        "Person-centred outcome measures at system level",
        "Process measures that give early signs of progress",
        "Leadership development for place-based transformation",
    ],
    "Clear national and local roles and responsibilities": [
        "Agreement on what is done locally, regionally and nationally",
        "Local skills in planning, commissioning and data",
        "Relationships that build trust in local commissioning",
    ],
}

_PU_AIM = (
    "Reduce new pressure ulcers (grade 2 and above) among residents of Ashgrove House "
    "from 2.2 to 1.1 per 1,000 occupied bed days by 31 March 2025"
)


def _pressure_ulcer_diagram() -> DriverDiagram:
    dd = DriverDiagram(
        _PU_AIM, title="Ashgrove House: pressure ulcers", id="dd-pressure-ulcers"
    )
    p1 = dd.add_primary(
        "Every resident's skin risk is known and kept up to date",
        measures=["pressure-ulcers"],
    )
    s = dd.add_secondary("Risk assessed on admission and every month", parent=p1)
    dd.add_change_idea("Risk assessment within 24 hours of admission", parent=s)
    dd.add_change_idea("Risk score added to the handover sheet", parent=s)
    s = dd.add_secondary("Skin checked at every personal care round", parent=p1)
    dd.add_change_idea("Skin inspection prompt on the personal care chart", parent=s)
    dd.add_change_idea("Body map kept in each resident's room", parent=s)
    p2 = dd.add_primary(
        "The SSKIN bundle is carried out reliably, day and night",
        measures=["sskin-bundle"],
    )
    s = dd.add_secondary("Repositioning on time, day and night", parent=p2)
    dd.add_change_idea(
        "Repositioning clock by the bed",
        parent=s,
        id="c-reposition-clock",
        measures=["sskin-bundle", "overtime"],
        pdsa=["pu-cycle-1", "pu-cycle-2", "pu-cycle-3", "pu-cycle-4"],
    )
    dd.add_change_idea("Night repositioning rota", parent=s)
    s = dd.add_secondary("The right equipment in place", parent=p2)
    dd.add_change_idea("Mattress and cushion check at every handover", parent=s)
    s = dd.add_secondary("Eating and drinking well", parent=p2)
    dd.add_change_idea("Mid-afternoon drinks and snack round", parent=s)
    p3 = dd.add_primary("Staff have the skills and confidence to prevent harm")
    s = dd.add_secondary("Skin care training for all care staff", parent=p3)
    dd.add_change_idea("Ten-minute teaching huddle at handover", parent=s)
    s = dd.add_secondary("Learning from every new pressure ulcer", parent=p3)
    dd.add_change_idea("Team review within a week of each new ulcer", parent=s)
    p4 = dd.add_primary("Residents and families take part in prevention")
    s = dd.add_secondary("Residents know why moving matters", parent=p4)
    dd.add_change_idea("Conversation and leaflet at admission", parent=s)
    s = dd.add_secondary("Families know the early signs to report", parent=[p4, p3])
    dd.add_change_idea("Family information evening", parent=s)
    return dd


def example_driver_diagram(name: str = "ncs_conditions") -> DriverDiagram:
    """A built-in driver diagram.

    Parameters
    ----------
    name : {"ncs_conditions", "pressure_ulcers"}
        "ncs_conditions": the draft driver diagram with five primary drivers from
        Healthcare Improvement Scotland's response on a National Care Service
        (§4.3), with secondary drivers summarised from its text. The source gives no
        change ideas: adding them is the exercise, so :meth:`validate` asks for
        them. "pressure_ulcers": the invented Ashgrove House project, with change
        ideas linked to its measures and PDSA cycles.

    Examples
    --------
    >>> dd = example_driver_diagram()
    >>> len(dd.primaries), len(dd.secondaries), len(dd.change_ideas)
    (5, 18, 0)
    >>> example_driver_diagram("pressure_ulcers").validate(
    ...     measure_ids=example_measures(), pdsa_ids=example_ramp().cycles)
    []
    """
    if name == "ncs_conditions":
        return DriverDiagram.from_nested(
            _NCS_AIM,
            _NCS_TREE,
            title="Creating the conditions for improvement (draft)",
        )
    if name == "pressure_ulcers":
        return _pressure_ulcer_diagram()
    raise _unknown("name", name, ("ncs_conditions", "pressure_ulcers"))


# ---------------------------------------------------------------------------- measures

#: 24 months of invented Ashgrove House data, one row per month (package data, so
#: that the numbers stay a small table rather than pages of literals).
_DATA = "ashgrove_monthly.csv"


def _ashgrove_months() -> pd.DataFrame:
    with resources.files("qikit.improve").joinpath("_data", _DATA).open("rb") as f:
        return pd.read_csv(f, parse_dates=["month"])


def example_measures() -> list[Measure]:
    """The Ashgrove House family of measures, with 24 months of invented data.

    Returns
    -------
    list of Measure
        Outcome: new pressure ulcers per 1,000 occupied bed days (u chart).
        Process: residents whose SSKIN bundle was fully completed, % (p chart).
        Balancing: care staff overtime hours per month (i chart).

    Examples
    --------
    >>> for m in example_measures():
    ...     print(m.id, m.kind, m.chart_type)
    pressure-ulcers outcome u
    sskin-bundle process p
    overtime balancing i
    """
    months = _ashgrove_months()
    outcome = Measure(
        "New pressure ulcers per 1,000 occupied bed days",
        kind="outcome",
        unit="per 1,000 bed days",
        improvement="decrease",
        target=1.1,
        chart_type="u",
        multiply=1000,
        id="pressure-ulcers",
        definition=OperationalDefinition(
            numerator="New pressure ulcers of grade 2 or above first found in the "
            "month",
            denominator="Occupied bed days in the month",
            inclusions="All residents, long stay and respite",
            exclusions="Ulcers present on admission",
            data_source="Incident reports and the daily occupancy record",
            frequency="Monthly, by the 5th of the following month",
            sampling="All residents",
            collected_by="Deputy manager",
        ),
        data=pd.DataFrame(
            {"x": months["month"], "y": months["new_ulcers"], "n": months["bed_days"]}
        ),
    )
    process = Measure(
        "Residents with the SSKIN bundle fully completed",
        kind="process",
        unit="%",
        improvement="increase",
        target=95,
        chart_type="p",
        id="sskin-bundle",
        definition=OperationalDefinition(
            numerator="Residents whose SSKIN record has every element completed for "
            "the audit day",
            denominator="Residents audited",
            inclusions="All residents in the home on the audit day",
            exclusions="Residents admitted within the previous 24 hours",
            data_source="SSKIN bundle records in the care plans",
            frequency="Monthly, on a different weekday each month",
            sampling="All residents",
            collected_by="The senior carer on duty",
        ),
        data=pd.DataFrame(
            {
                "x": months["month"],
                "y": months["sskin_complete"],
                "n": months["residents_audited"],
            }
        ),
    )
    balancing = Measure(
        "Care staff overtime hours per month",
        kind="balancing",
        unit="hours",
        improvement="decrease",
        chart_type="i",
        id="overtime",
        definition=OperationalDefinition(
            description="Total overtime hours worked by care staff in the month",
            inclusions="Care assistants and senior carers",
            exclusions="Nurses, kitchen and domestic staff; agency hours",
            data_source="The payroll overtime report",
            frequency="Monthly",
            sampling="All care staff",
            collected_by="Administrator",
        ),
        notes="Watches whether more repositioning stretches the staff team.",
        data=pd.DataFrame({"x": months["month"], "y": months["overtime_hours"]}),
    )
    return [outcome, process, balancing]


# ---------------------------------------------------------------------------- ramp


def example_ramp() -> Ramp:
    """Four PDSA cycles testing a repositioning clock at Ashgrove House (invented).

    The ramp grows from one resident to all units as the team's belief grows.
    """
    change = "c-reposition-clock"
    cycles = [
        PDSACycle(
            "Test a repositioning clock by the bed of one resident at high risk",
            change_idea=change,
            questions=[
                "Will staff turn the clock after each repositioning?",
                "Will repositioning happen on time overnight?",
            ],
            predictions=[
                "Staff will turn the clock at 5 of 6 night repositionings",
                "No repositioning will be more than 30 minutes late",
            ],
            plan=PDSAPlan(
                who="Night senior carer",
                what="A clock face by the bed showing when the next turn is due",
                where="Room 12, Rowan unit",
                when="4 to 8 March 2024",
                data="Tally of turns on time against turns due",
            ),
            do=PDSADo(
                what_happened="The clock was turned at 4 of 6 turns on the "
                "first night and 6 of 6 after that.",
                surprises="The resident's daughter asked for one at home.",
            ),
            study=PDSAStudy(
                results="27 of 30 turns on time over five nights",
                comparison="Close to the prediction; the first night "
                "was worse because the agency carer had not been shown",
                learning="Show every carer, including agency staff, at handover",
            ),
            act=PDSAAct(
                decision="adapt",
                next_cycle="Add a handover briefing and test with three residents",
            ),
            start="2024-03-04",
            end="2024-03-08",
            scale="one resident",
            belief="low",
            id="pu-cycle-1",
        ),
        PDSACycle(
            "Test the clock with a handover briefing for three residents",
            change_idea=change,
            questions=["Does the briefing help agency staff use the clock?"],
            predictions=["At least 90% of turns will be on time"],
            plan=PDSAPlan(
                who="Night staff, Rowan unit",
                what="Clock plus a one-minute briefing at handover",
                where="Rowan unit, three residents",
                when="18 to 29 March 2024",
                data="Turns on time against turns due",
            ),
            do=PDSADo(
                what_happened="Briefing given at 9 of 10 handovers.",
                surprises="Day staff started using the clocks too.",
            ),
            study=PDSAStudy(
                results="94% of turns on time",
                comparison="Better than predicted",
                learning="Day staff want the clock too",
            ),
            act=PDSAAct(
                decision="adapt",
                next_cycle="Use the clock day and night for every resident on one unit",
            ),
            start="2024-03-18",
            end="2024-03-29",
            scale="three residents",
            belief="moderate",
            id="pu-cycle-2",
        ),
        PDSACycle(
            "Use the clock day and night for every resident on Rowan unit",
            change_idea=change,
            questions=["Can the unit keep 90% of turns on time for three weeks?"],
            predictions=["90% on time; no rise in overtime"],
            plan=PDSAPlan(
                who="All Rowan unit staff",
                what="Clocks for all residents at risk",
                where="Rowan unit",
                when="8 to 26 April 2024",
                data="Turns on time; overtime hours",
            ),
            do=PDSADo(
                what_happened="Clocks used for 11 residents.",
                surprises="Two residents preferred to turn the clock themselves.",
            ),
            study=PDSAStudy(
                results="92% on time; overtime unchanged", comparison="As predicted"
            ),
            act=PDSAAct(decision="adopt", next_cycle="Spread to all units"),
            start="2024-04-08",
            end="2024-04-26",
            scale="one unit",
            belief="moderate",
            id="pu-cycle-3",
        ),
        PDSACycle(
            "Spread the clock to all units",
            change_idea=change,
            questions=["Does reliability hold across the home?"],
            predictions=["At least 90% of turns on time in every unit"],
            plan=PDSAPlan(
                who="Unit leads",
                what="Clocks and handover briefing",
                where="All units",
                when="13 May to 7 June 2024",
                data="Turns on time by unit; SSKIN audit",
            ),
            do=PDSADo(what_happened="All three units using the clocks by week 2."),
            study=PDSAStudy(
                results="91% to 95% on time by unit", comparison="As predicted"
            ),
            act=PDSAAct(
                decision="adopt",
                next_cycle="Add to induction and check monthly in the SSKIN audit",
            ),
            start="2024-05-13",
            end="2024-06-07",
            scale="all units",
            belief="high",
            id="pu-cycle-4",
        ),
    ]
    return Ramp(change, cycles, title="Repositioning clock", id="ramp-reposition-clock")


# ---------------------------------------------------------------------------- project


def example_project() -> Project:
    """The whole Ashgrove House project (invented), ready to chart, save and share.

    One object with every part of a project: the aim, the family of three measures
    with 24 months of data, the driver diagram linked to the measures and cycles,
    the ramp of four PDSA cycles, and two notes (one marked as key learning). Ids
    and times are fixed, so two calls give equal projects. Tests, benchmarks and
    notebooks start from it.

    Examples
    --------
    >>> project = example_project()
    >>> project.name, len(project.measures), len(project.pdsa_cycles)
    ('Fewer pressure ulcers in Ashgrove House', 3, 4)
    >>> project.validate()
    []
    >>> example_project() == project
    True
    """
    return Project(
        "Fewer pressure ulcers in Ashgrove House",
        team="Ashgrove House",
        members=["Aisha Khan", "Ben Ross"],
        aim=example_aim("pressure_ulcers"),
        measures=example_measures(),
        driver_diagram=example_driver_diagram("pressure_ulcers"),
        pdsa_cycles=example_ramp().cycles,
        notes=[
            Note(
                "Night staff found the clock easy to use.",
                date=dt.date(2024, 3, 9),
                author="Aisha",
                key_learning=True,
                id="n1",
            ),
            Note("Agency staff need a briefing before their first shift.", id="n2"),
        ],
        created=dt.datetime(2024, 1, 8, 9, 0, tzinfo=dt.UTC),
        updated=dt.datetime(2024, 6, 10, 16, 30, tzinfo=dt.UTC),
        id="ashgrove",
    )


# ---------------------------------------------------------------------------- system


def example_fishbone() -> Fishbone:
    """Causes of pressure ulcers at Ashgrove House, sorted into six categories
    (invented)."""
    return Fishbone(
        "New pressure ulcers among residents",
        {
            "People": [
                "Agency staff do not know residents' needs",
                "Some residents decline to be moved",
                "Families do not know the early signs",
            ],
            "Methods": [
                "No set times for repositioning at night",
                "Skin checks not recorded the same way",
                "Risk reassessed only when someone remembers",
            ],
            "Equipment": [
                "Too few pressure-relieving cushions",
                "Mattress pumps not checked",
            ],
            "Environment": [
                "Rooms at the end of the corridor visited less",
                "Hot rooms in summer",
            ],
            "Materials": ["Continence pads of the wrong size"],
            "Eating and drinking": [
                "Drinks left out of reach",
                "Weight not checked every month",
            ],
        },
        id="fishbone-pressure-ulcers",
    )


def example_pareto() -> pd.DataFrame:
    """Why SSKIN records were incomplete in an audit at Ashgrove House (invented).

    Returns
    -------
    DataFrame
        Columns ``category`` and ``count``; pass it to
        :func:`~qikit.improve.pareto_table` (with ``other="Other"``).
    """
    return pd.DataFrame(
        {
            "category": [
                "Skin inspection not written up",
                "Night repositioning not recorded",
                "Mattress check missing",
                "Other",
                "Food and fluid chart incomplete",
                "Continence care not recorded",
            ],
            "count": [14, 23, 7, 2, 5, 3],
        }
    )


def list_examples() -> pd.DataFrame:
    """Every built-in example with its kind, title and source.

    Returns
    -------
    DataFrame
        Columns ``name`` (pass to the matching ``example_*`` function), ``kind``
        ("aim", "driver_diagram", "measures", "ramp", "fishbone", "pareto",
        "project"),
        ``title`` and ``source``.
    """
    rows = []
    for name, spec in _AIMS.items():
        source = _INVENTED if _INVENTED in spec.get("notes", "") else _SIJ
        rows.append((name, "aim", _AIM_TITLES[name], source))
    rows += [
        (
            "ncs_conditions",
            "driver_diagram",
            "Creating the conditions for improvement (draft, five primary drivers)",
            _HIS,
        ),
        (
            "pressure_ulcers",
            "driver_diagram",
            "Ashgrove House: pressure ulcers",
            _INVENTED,
        ),
        (
            "pressure_ulcers",
            "measures",
            "Ashgrove House: family of three measures",
            _INVENTED,
        ),
        (
            "pressure_ulcers",
            "ramp",
            "Ashgrove House: repositioning clock ramp",
            _INVENTED,
        ),
        (
            "pressure_ulcers",
            "fishbone",
            "Ashgrove House: causes of pressure ulcers",
            _INVENTED,
        ),
        (
            "pressure_ulcers",
            "pareto",
            "Ashgrove House: gaps in SSKIN records",
            _INVENTED,
        ),
        (
            "pressure_ulcers",
            "project",
            "Ashgrove House: the whole project (example_project)",
            _INVENTED,
        ),
    ]
    return pd.DataFrame(rows, columns=["name", "kind", "title", "source"])
