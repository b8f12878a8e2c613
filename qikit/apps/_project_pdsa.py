"""Step 4 of the project builder: the PDSA planner, the ramps and the log (private).

Plan a cycle (objective, change idea, questions, predictions, who/what/where/when
and what data), then record what happened (Do), the results (Study) and the
decision (Act). The stages go through :class:`~qikit.improve.PDSACycle`'s own
``record_*`` methods on a copy of the cycle, so the Do stage cannot be recorded
before the predictions and a refused stage changes nothing. The cycles testing one
change idea form a :class:`~qikit.improve.Ramp`, drawn with
:func:`qikit.plot.plot_ramp`; the log is :func:`~qikit.improve.pdsa_log`.
"""

from __future__ import annotations

import copy

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from qikit._validate import fail
from qikit.apps._controls import button, checkbox, text, text_area
from qikit.apps._display import ChartView, table_html
from qikit.apps._files import csv_bytes, download_link
from qikit.apps._project_common import (
    Step,
    date_text,
    findings_html,
    heading,
    lines,
    row,
    step_action,
    wide_choice,
)
from qikit.improve import PDSACycle, Ramp, pdsa_log
from qikit.plot import plot_ramp

__all__ = ["PDSAStep", "log_table", "ramp_alt"]

NEW = ""  # the choice "Plan a new cycle"
NO_IDEA = ""
BELIEF_CHOICES = [
    ("Not said yet", ""),
    ("Low", "low"),
    ("Moderate", "moderate"),
    ("High", "high"),
]
DECISION_CHOICES = [
    ("Not decided yet", ""),
    ("Adopt: keep the change", "adopt"),
    ("Adapt: change it and test again", "adapt"),
    ("Abandon: stop testing it", "abandon"),
]
STAGE_WORDS = {
    "plan": "planned: record what happened next",
    "study": "done: record the results next",
    "act": "studied: record the decision next",
    "complete": "complete",
}
_PLAN = ("who", "what", "where", "when", "data")


def log_table(cycles: list[PDSACycle], ideas: dict[str, str]) -> pd.DataFrame:
    """The PDSA log with readable columns, for the page and its download."""
    log = pdsa_log(cycles)
    return pd.DataFrame(
        {
            "Cycle": log["cycle"],
            "Change idea": [ideas.get(i, i) for i in log["change_idea"]],
            "Objective": log["objective"],
            "Scale": log["scale"],
            "Start": log["start"],
            "End": log["end"],
            "Predictions": log["predictions"],
            "Results": log["results"],
            "Decision": log["decision"],
            "Stage": log["stage"],
        }
    )


def ramp_alt(ramp: Ramp) -> str:
    """One sentence per ramp: what it tests and each cycle's scale and decision."""
    steps = "; ".join(
        f"cycle {k}: {cycle.scale or 'scale not given'}"
        + (f", {cycle.decision}" if cycle.decision else ", no decision yet")
        for k, cycle in enumerate(ramp.cycles, start=1)
    )
    return f"Ramp of PDSA cycles testing {ramp.title or ramp.change_idea}. {steps}."


class PDSAStep(Step):
    """Step 4: PDSA cycles, ramps and the log.

    Attributes
    ----------
    pick : ipywidgets.Dropdown
        "PDSA cycle": one of the project's cycles (by id), or "Plan a new cycle".
    objective, start, scale : ipywidgets.Text
    change_idea, belief : ipywidgets.Dropdown
    questions, predictions : ipywidgets.Textarea
        One a line.
    plan : dict of str to ipywidgets.Text
        Who, what, where, when and what data.
    save_plan : ipywidgets.Button
        "Save the plan" (a new cycle, or the chosen cycle's plan).
    what_happened, surprises, end : Text controls; ``record_do`` button.
    results, comparison, learning : Text controls; ``record_study`` button.
    decision : ipywidgets.Dropdown; next_cycle : ipywidgets.Text; ``record_act``.
    log : ipywidgets.HTML
        The PDSA log; ``log_download`` the same as CSV.
    ramp_pick : ipywidgets.Dropdown
        The change idea whose ramp is drawn in :attr:`ramp_view`.
    """

    title = "4. PDSA cycles: plan, do, study, act"
    draws_from = frozenset({"pdsa", "drivers"})

    def __init__(self, app) -> None:
        super().__init__(app)
        self.pick = wide_choice("PDSA cycle", [("Plan a new cycle", NEW)])
        self.objective = text("Objective: what this cycle will test")
        self.change_idea = wide_choice(
            "Change idea it tests", [("Not linked yet", NO_IDEA)]
        )
        self.questions = text_area(
            "Questions", rows=2, placeholder="What will the test answer? One a line"
        )
        self.predictions = text_area(
            "Predictions",
            rows=2,
            placeholder="What do you expect to happen? One a line, before the test",
        )
        self.start = text("Start date (e.g. 04/03/2025)")
        self.scale = text("Scale of the test", placeholder="e.g. one resident")
        self.belief = wide_choice(
            "How strongly you believe it will work", BELIEF_CHOICES
        )
        self.plan = {
            "who": text("Plan: who will carry out the test"),
            "what": text("Plan: what exactly will be done"),
            "where": text("Plan: where"),
            "when": text("Plan: when"),
            "data": text("Plan: what data will be collected"),
        }
        self.save_plan = button("Save the plan")
        self.plan_done = self.message()
        self.what_happened = text_area("Do: what happened", rows=2)
        self.surprises = text("Do: what surprised you")
        self.end = text("End date (e.g. 07/03/2025)")
        self.record_do = button("Record what happened (Do)")
        self.do_done = self.message()
        self.results = text_area("Study: what the data showed", rows=2)
        self.comparison = text("Study: how the results compare with the predictions")
        self.learning = text("Study: what you learnt")
        self.record_study = button("Record the results (Study)")
        self.study_done = self.message()
        self.decision = wide_choice("Act: the decision", DECISION_CHOICES)
        self.next_cycle = text("Act: what the next cycle will test")
        self.record_act = button("Record the decision (Act)")
        self.confirm_remove = checkbox("Yes, remove this cycle")
        self.remove = button("Remove this cycle")
        self.act_done = self.message()
        self.stage = widgets.HTML(value="")
        self.log = widgets.HTML(value="")
        self.log_download = widgets.HTML(value="")
        self.ramp_pick = wide_choice(
            "Ramp of the change idea", [("(no cycles yet)", "")]
        )
        self.ramp_findings = widgets.HTML(value="")
        self.ramp_view = ChartView(
            app=app, table_label="Show the ramp's cycles as a table"
        )
        self.box.children = (
            widgets.HTML(
                "<p>Test each change idea on a small scale first. Write your "
                "predictions before the test: comparing the results with them is "
                "how a cycle teaches.</p>"
            ),
            self.pick,
            self.stage,
            heading("Plan", 4),
            self.objective,
            self.change_idea,
            self.questions,
            self.predictions,
            self.start,
            self.scale,
            self.belief,
            *self.plan.values(),
            self.save_plan,
            self.plan_done,
            heading("Do", 4),
            self.what_happened,
            self.surprises,
            self.end,
            self.record_do,
            self.do_done,
            heading("Study", 4),
            self.results,
            self.comparison,
            self.learning,
            self.record_study,
            self.study_done,
            heading("Act", 4),
            self.decision,
            self.next_cycle,
            self.record_act,
            row(self.remove, self.confirm_remove),
            self.act_done,
            heading("The PDSA log", 4),
            self.log,
            self.log_download,
            heading("Ramps: the cycles that test one change idea", 4),
            self.ramp_pick,
            self.ramp_findings,
            self.ramp_view,
        )
        app.wire_change(self.pick, self.show, self.plan_done)
        app.wire_click(self.save_plan, self.plan_cycle, self.plan_done)
        app.wire_click(self.record_do, self.do_cycle, self.do_done)
        app.wire_click(self.record_study, self.study_cycle, self.study_done)
        app.wire_click(self.record_act, self.act_cycle, self.act_done)
        app.wire_click(self.remove, self.remove_cycle, self.act_done)
        app.wire_change(self.ramp_pick, self.ramp_chosen, None)

    # -- the chosen cycle ------------------------------------------------------------

    @property
    def cycle(self) -> PDSACycle | None:
        """The cycle chosen in :attr:`pick` (None for a new one)."""
        for c in self.project.pdsa_cycles:
            if c.id == self.pick.value:
                return c
        return None

    def _ideas(self) -> dict[str, str]:
        diagram = self.project.driver_diagram
        if diagram is None:
            return {}
        numbers = diagram.numbers()
        return {
            n.id: f"{numbers.get(n.id, '')} {n.text}".strip()
            for n in diagram.change_ideas
        }

    def _new_id(self) -> str:
        used = {c.id for c in self.project.pdsa_cycles}
        k = 1
        while f"cycle-{k}" in used:
            k += 1
        return f"cycle-{k}"

    def cycle_from_plan(self) -> PDSACycle:
        """The chosen cycle (or a new one) with the plan in the form.

        Stages already recorded are kept, so the model refuses, for example,
        predictions emptied after the Do stage. Raises
        :class:`~qikit.errors.InputError`; nothing is changed then.
        """
        old = self.cycle
        fields = {
            "objective": self.objective.value,
            "change_idea": self.change_idea.value,
            "questions": lines(self.questions.value),
            "predictions": lines(self.predictions.value),
            "start": self.start.value.strip() or None,
            "scale": self.scale.value,
            "belief": self.belief.value,
            "plan": {name: box.value for name, box in self.plan.items()},
        }
        if old is None:
            return PDSACycle(**fields, id=self._new_id())
        return PDSACycle.from_dict({**old.to_dict(), **fields})

    def _replace(self, cycle: PDSACycle, old: PDSACycle | None) -> None:
        cycles = list(self.project.pdsa_cycles)
        if old is None:
            cycles.append(cycle)
        else:
            cycles[cycles.index(old)] = cycle
        self.project.pdsa_cycles = cycles
        self._refill(cycle.id)
        self.app.changed({"pdsa"})

    # -- actions ---------------------------------------------------------------------

    @step_action
    def show(self) -> None:
        """Show the chosen cycle in the form."""
        if self.app.syncing:
            return
        self._fill(self.cycle)
        self.app.set_status("Cycle shown")

    @step_action
    def plan_cycle(self) -> None:
        """Save the plan: a new cycle, or the chosen cycle's plan."""
        old = self.cycle
        cycle = self.cycle_from_plan()
        self._replace(cycle, old)
        self.app.set_status("Cycle planned" if old is None else "Plan saved")

    @step_action
    def do_cycle(self) -> None:
        """Record what happened. The model refuses it before the predictions."""
        old = self.cycle
        cycle = self.cycle_from_plan()
        if not self.what_happened.value.strip():
            raise fail(
                "what_happened",
                "is empty",
                self.what_happened.value,
                "Write what happened during the test, then record it.",
            )
        cycle.record_do(
            self.what_happened.value,
            surprises=self.surprises.value,
            end=self.end.value.strip() or None,
        )
        self._replace(cycle, old)
        self.app.set_status("Do recorded")

    @step_action
    def study_cycle(self) -> None:
        """Record the results (after the Do stage)."""
        old = self.cycle
        cycle = self.cycle_from_plan()
        if cycle.do is None:
            raise fail(
                "results",
                "what happened in the test (the Do stage) is not recorded yet",
                fix="Record what happened (Do) first, then the results.",
            )
        cycle.record_study(
            self.results.value,
            comparison=self.comparison.value,
            learning=self.learning.value,
        )
        self._replace(cycle, old)
        self.app.set_status("Study recorded")

    @step_action
    def act_cycle(self) -> None:
        """Record the decision (after the Study stage)."""
        old = self.cycle
        cycle = self.cycle_from_plan()
        if cycle.study is None:
            raise fail(
                "decision",
                "the results of the test (the Study stage) are not recorded yet",
                fix="Record the results (Study) first, then the decision.",
            )
        if not self.decision.value:
            raise fail(
                "decision",
                "no decision is chosen",
                fix="Choose adopt, adapt or abandon in ‘Act: the decision’.",
            )
        cycle.record_act(self.decision.value, next_cycle=self.next_cycle.value)
        self._replace(cycle, old)
        self.app.set_status("Act recorded")

    @step_action
    def remove_cycle(self) -> None:
        """Remove the chosen cycle (with :attr:`confirm_remove` ticked)."""
        old = self.cycle
        if old is None:
            raise fail(
                "cycle",
                "no cycle is chosen",
                self.pick.label,
                "Choose the cycle to remove in the list first.",
            )
        if not self.confirm_remove.value:
            raise fail(
                "remove",
                "tick ‘Yes, remove this cycle’ to remove it",
                fix="Tick the box next to the button, then choose Remove this cycle "
                "again.",
            )
        diagram = copy.deepcopy(self.project.driver_diagram)
        if diagram is not None:
            for node in diagram.nodes:
                node.pdsa = [p for p in node.pdsa if p != old.id]
        self.project.pdsa_cycles = [c for c in self.project.pdsa_cycles if c is not old]
        self.project.driver_diagram = diagram
        self._refill(NEW)
        self.app.changed({"pdsa", "drivers"})
        self.app.set_status("Cycle removed")

    @step_action
    def ramp_chosen(self) -> None:
        """Draw the ramp of the chosen change idea."""
        if self.app.syncing:
            return
        self.app.set_status(self.draw() or "Ramp cleared")

    # -- showing ---------------------------------------------------------------------

    def load(self) -> None:
        cycles = self.project.pdsa_cycles
        self._refill(cycles[-1].id if cycles else NEW)

    def refresh(self, changed: set[str]) -> None:
        super().refresh(changed)
        if "drivers" in changed:
            self._refill(self.pick.value)

    def ramps(self) -> dict[str, Ramp]:
        """The project's cycles as ramps, one per change idea, in log order."""
        ideas = self._ideas()
        grouped: dict[str, list[PDSACycle]] = {}
        for cycle in self.project.pdsa_cycles:
            grouped.setdefault(cycle.change_idea, []).append(cycle)
        return {
            idea: Ramp(
                idea,
                cycles,
                title=ideas.get(idea, idea) or "cycles not linked to a change idea",
            )
            for idea, cycles in grouped.items()
        }

    def _refill(self, pick: str) -> None:
        cycles = self.project.pdsa_cycles
        ideas = self._ideas()
        with self.app.sync():
            self.pick.options = [
                (f"Cycle {k}: {c.objective or c.id} ({c.stage})", c.id)
                for k, c in enumerate(cycles, start=1)
            ] + [("Plan a new cycle", NEW)]
            self.pick.value = pick if any(c.id == pick for c in cycles) else NEW
            idea_options = [("Not linked yet", NO_IDEA)] + [
                (label, ident) for ident, label in ideas.items()
            ]
            known = {c.change_idea for c in cycles} - set(ideas) - {NO_IDEA}
            idea_options += [(f"{i} (not in the driver diagram)", i) for i in known]
            self.change_idea.options = idea_options
            ramps = self.ramps()
            keep = self.ramp_pick.value
            ramp_options = [(ramp.title, idea) for idea, ramp in ramps.items()] or [
                ("(no cycles yet)", "")
            ]
            self.ramp_pick.options = ramp_options
            ids = [value for _, value in ramp_options]
            self.ramp_pick.value = keep if keep in ids else ids[0]
        self._fill(self.cycle)
        self._render_log()
        self.stale = True

    def _fill(self, cycle: PDSACycle | None) -> None:
        with self.app.sync():
            self.objective.value = "" if cycle is None else cycle.objective
            ideas = [value for _, value in self.change_idea.options]
            idea = NO_IDEA if cycle is None else cycle.change_idea
            self.change_idea.value = idea if idea in ideas else NO_IDEA
            self.questions.value = "" if cycle is None else "\n".join(cycle.questions)
            self.predictions.value = (
                "" if cycle is None else "\n".join(cycle.predictions)
            )
            self.start.value = "" if cycle is None else date_text(cycle.start)
            self.scale.value = "" if cycle is None else cycle.scale
            self.belief.value = "" if cycle is None else cycle.belief
            plan = cycle.plan.to_dict() if cycle is not None and cycle.plan else {}
            for name, box in self.plan.items():
                box.value = plan.get(name, "")
            do = cycle.do.to_dict() if cycle is not None and cycle.do else {}
            self.what_happened.value = do.get("what_happened", "")
            self.surprises.value = do.get("surprises", "")
            self.end.value = "" if cycle is None else date_text(cycle.end)
            study = cycle.study.to_dict() if cycle is not None and cycle.study else {}
            self.results.value = study.get("results", "")
            self.comparison.value = study.get("comparison", "")
            self.learning.value = study.get("learning", "")
            act = cycle.act.to_dict() if cycle is not None and cycle.act else {}
            self.decision.value = act.get("decision", "")
            self.next_cycle.value = act.get("next_cycle", "")
            self.confirm_remove.value = False
        self.remove.disabled = cycle is None
        if cycle is None:
            self.stage.value = (
                "<p><strong>A new cycle.</strong> Write the plan and your "
                "predictions, then choose Save the plan.</p>"
            )
            return
        number = self.project.pdsa_cycles.index(cycle) + 1
        self.stage.value = (
            f"<p><strong>Cycle {number} is {STAGE_WORDS[cycle.stage]}.</strong></p>"
            + findings_html(
                cycle.validate(),
                title=f"Checks of cycle {number}",
                none="Every part of this cycle is written.",
            )
        )

    def _render_log(self) -> None:
        cycles = self.project.pdsa_cycles
        if not cycles:
            self.log.value = "<p>No PDSA cycles yet.</p>"
            self.log_download.value = ""
            return
        table = log_table(cycles, self._ideas())
        self.log.value = table_html(table, caption="Every test of change, in order")
        self.log_download.value = download_link(
            csv_bytes(table),
            "pdsa-log.csv",
            label="Download the PDSA log",
        )

    def draw(self) -> str | None:
        self.stale = False
        ramp = self.ramps().get(self.ramp_pick.value)
        if ramp is None or not ramp.cycles:
            self.ramp_view.clear()
            self.ramp_findings.value = ""
            return None
        self.ramp_findings.value = findings_html(
            ramp.validate(),
            title="Ramp check",
            none="The cycles build on each other in order.",
        )
        with plt.ioff():
            fig = plot_ramp(ramp).figure
        self.ramp_view.show_figure(
            fig,
            alt=ramp_alt(ramp),
            caption="Each wheel is one PDSA cycle; the tests grow in scale from "
            "bottom left to top right.",
            table=log_table(ramp.cycles, self._ideas()),
            table_caption=f"The cycles of the ramp: {ramp.title}",
        )
        return "Ramp drawn"
