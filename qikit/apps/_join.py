"""Joining a workshop: a cohort and a team name, no accounts.

Every app that pools results in the cohort store (the games, the drills, the project
builder, the trainer board) uses :class:`JoinPanel`, so a team that types "Ward 6" in
"Spring 2026" is the same team everywhere, and the trainer board finds it.

Names are checked as the store checks them (trimmed, 1–200 characters, one line);
nothing is written to the store until the app records something.
"""

from __future__ import annotations

import ipywidgets as widgets

from qikit.apps._base import App
from qikit.apps._controls import button, text
from qikit.errors import InputError
from qikit.store._validate import clean_name

__all__ = ["JoinPanel", "WORKSHOP_COHORT"]

#: The cohort a team is in until it types another (a single-room workshop).
WORKSHOP_COHORT = "Workshop"


class JoinPanel(widgets.VBox):
    """Cohort and team boxes with a "Join" button, for apps that pool results.

    Parameters
    ----------
    app : App
        The app the panel belongs to: its callbacks run through ``app`` (so a bad
        name is a message, never a traceback) and it sets the app's status.
    cohort : str, default :data:`WORKSHOP_COHORT`
        The cohort filled in at the start (the trainer tells the room its name).
    team : str, default ""
        The team filled in at the start.
    on_join : callable, optional
        Called with no arguments after a successful join (e.g. to load the team's
        earlier results).

    Attributes
    ----------
    cohort_box, team_box : ipywidgets.Text
        The two labelled boxes.
    joined : tuple of (str, str) or None
        ``(cohort, team)`` once joined.

    Examples
    --------
    >>> from qikit.apps import App
    >>> app = App(title="Game")
    >>> panel = JoinPanel(app)
    >>> panel.team_box.value = " Ward 6 "
    >>> panel.join()
    >>> panel.joined, app.status_text
    (('Workshop', 'Ward 6'), 'Joined Workshop as Ward 6')
    """

    def __init__(
        self,
        app: App,
        *,
        cohort: str = WORKSHOP_COHORT,
        team: str = "",
        on_join=None,
    ) -> None:
        self.app = app
        self.cohort_box = text(
            "Cohort (the name your trainer gave the room)", value=cohort
        )
        self.team_box = text("Team name", value=team, placeholder="e.g. Ward 6")
        self.join_button = button("Join")
        self.joined: tuple[str, str] | None = None
        self._on_join = on_join
        super().__init__([self.cohort_box, self.team_box, self.join_button])
        self.add_class("qikit-join")
        app.on_click(self.join_button, self.join)

    def join(self) -> None:
        """Check both names and remember them; the app's status says who joined."""
        self.app.run(self._join)

    def _join(self) -> None:
        cohort = clean_name(self.cohort_box.value, "cohort")
        team = clean_name(self.team_box.value, "team")
        self.cohort_box.value, self.team_box.value = cohort, team
        self.joined = (cohort, team)
        if self._on_join is not None:
            self._on_join()
        self.app.set_status(f"Joined {cohort} as {team}")

    def require(self) -> tuple[str, str]:
        """``(cohort, team)``, or an error that asks the learner to join first."""
        if self.joined is None:
            raise InputError(
                "`team`: you have not joined a team yet (got no team). Type your "
                "cohort and team name, then choose Join, so your results reach the "
                "trainer's board."
            )
        return self.joined
