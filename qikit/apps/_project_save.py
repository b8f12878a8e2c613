"""Step 7 of the project builder: save and resume (private).

Two ways to keep a project and come back to it:

- **the project file**: download it (:func:`~qikit.improve.project_to_bytes`, a
  ``.qiproj.json`` file) and upload it again (:func:`qikit.apps.upload_text` and
  :func:`~qikit.improve.project_from_bytes`); a damaged file is a message, and the
  project on the page stays as it was;
- **the cohort store**: join a cohort and team (:class:`qikit.apps.JoinPanel`), save
  (``store.save_project(..., expected_revision=...)``) and load
  (``store.load_project``). When someone else saved the project since it was loaded
  here, nothing is saved and the message says what to do.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from qikit._format import human_date
from qikit._validate import message
from qikit.apps._controls import button, checkbox, upload
from qikit.apps._files import clear_upload, download_link, upload_text
from qikit.apps._join import JoinPanel
from qikit.apps._project_common import (
    Step,
    findings_html,
    heading,
    row,
    step_action,
    wide_choice,
)
from qikit.errors import ConflictError, NotFoundError, QikitError
from qikit.improve import project_from_bytes, project_to_bytes

__all__ = ["SaveStep"]

NONE = ""
REPLACE_LABEL = (
    "Save over the copy in the store, even if someone saved it after I loaded it"
)


class SaveStep(Step):
    """Step 7: download and upload the project file; save to and load from the store.

    Attributes
    ----------
    download : ipywidgets.HTML
        "Download the project file" (kept up to date with every change).
    file : ipywidgets.FileUpload
        "Upload a project file": opens it in the page.
    join : JoinPanel
        Cohort and team.
    save : ipywidgets.Button
        "Save to the cohort store".
    replace : ipywidgets.Checkbox
        Save even when the stored copy changed since it was loaded here.
    stored : ipywidgets.Dropdown
        The team's projects in the store; "Refresh the list" and "Load from the
        cohort store".
    revisions : dict
        ``(cohort, team, project id) -> revision`` loaded or saved on this page.
    """

    title = "7. Save and resume"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.download = widgets.HTML(value="")
        self.file = upload("Upload a project file", accept=(".qiproj.json", ".json"))
        self.file_done = self.message()
        self.join = JoinPanel(app, on_join=self._joined)
        self.join.layout.align_items = "flex-start"  # "Join" as wide as its word
        self.save = button("Save to the cohort store", primary=True)
        self.replace = checkbox(REPLACE_LABEL)
        self.stored = wide_choice(
            "Your team's projects in the store", [("(join first)", NONE)]
        )
        self.refresh_list = button("Refresh the list")
        self.load_stored = button("Load from the cohort store")
        self.store_done = self.message()
        self.store_said = widgets.HTML(value="")
        self.check = widgets.HTML(value="")
        self.revisions: dict[tuple[str, str, str], int] = {}
        self.box.children = (
            heading("The project file", 4),
            widgets.HTML(
                "<p>Download the project file to keep it on this computer, email it "
                "or open it another day: upload it here to carry on.</p>"
            ),
            self.download,
            self.file,
            self.file_done,
            heading("The cohort store (the workshop's shared store)", 4),
            widgets.HTML(
                "<p>Join with your cohort and team name, then save the project to "
                "the store; anyone in your team can load it from there.</p>"
            ),
            self.join,
            row(self.save, self.replace),
            self.stored,
            row(self.load_stored, self.refresh_list),
            self.store_done,
            self.store_said,
            heading("What is still to do in the whole project", 4),
            self.check,
        )
        app.wire_change(self.file, self.open_file, self.file_done)
        app.wire_click(self.save, self.save_to_store, self.store_done)
        app.wire_click(self.refresh_list, self.list_stored, self.store_done)
        app.wire_click(self.load_stored, self.load_from_store, self.store_done)

    # -- the project file ------------------------------------------------------------

    @step_action
    def open_file(self) -> None:
        """Open the uploaded project file (the page keeps its project on a problem)."""
        if not self.file.value:
            return
        try:
            name, text = upload_text(self.file.value)
            project = project_from_bytes(text.encode("utf-8"), name=name)
        finally:
            clear_upload(self.file)
        self.app.replace(project, "Project file opened")

    def refresh_download(self) -> None:
        """Make the download link of the project as it is now."""
        project = self.project
        try:
            data = project_to_bytes(project)
        except QikitError as error:
            self.download.value = (
                f"<p>The project file cannot be made yet: {escape(str(error))}</p>"
            )
            return
        link = download_link(
            data, project.suggested_filename(), label="Download the project file"
        )
        self.download.value = f'<p class="qikit-downloads">{link}</p>'

    # -- the cohort store ------------------------------------------------------------

    def _joined(self) -> None:
        self.app.origin = self.store_done
        self._list()

    @step_action
    def save_to_store(self) -> None:
        """Save the project for the team, unless someone else saved it since."""
        cohort, team = self.join.require()
        project = self.project
        key = (cohort, team, project.id)
        expected = None if self.replace.value else self.revisions.get(key, 0)
        store = self.app.store()
        try:
            revision = store.save_project(
                project, cohort, team, expected_revision=expected
            )
        except ConflictError as error:
            stored = store.project_revision(cohort, team, project.id)
            raise ConflictError(
                self._conflict(project.name, team, expected, stored)
            ) from error
        self.revisions[key] = revision
        self.app.saved()
        with self.app.sync():
            self.replace.value = False
        self._list(keep=project.id)
        self.store_said.value = (
            f"<p>Saved ‘{escape(project.name)}’ for {escape(team)} in "
            f"{escape(cohort)}: revision {revision}.</p>"
        )
        self.app.set_status("Project saved to the cohort store")

    @staticmethod
    def _conflict(name: str, team: str, expected: int, stored: int) -> str:
        if expected == 0:
            problem = (
                f"team {team!r} already has this project in the store, saved there "
                "before this copy was opened on the page, so saving would overwrite "
                "it. Nothing was saved"
            )
        else:
            problem = (
                f"someone else saved {name!r} for team {team!r} after you loaded it "
                f"(you loaded revision {expected}; the store now has revision "
                f"{stored}), so saving would overwrite their changes. Nothing was "
                "saved"
            )
        return message(
            "store",
            problem,
            f"revision {stored}",
            "Download your project file to keep your version; then load the "
            "stored copy and make your changes there, or tick ‘Save over the copy "
            "in the store’ and save again to replace it with yours.",
        )

    @step_action
    def list_stored(self) -> None:
        """Fill the list of the team's projects in the store."""
        self.join.require()
        self._list()
        self.app.set_status("Project list refreshed")

    def _list(self, keep: str | None = None) -> None:
        cohort, team = self.join.require()
        try:
            table = self.app.store().list_projects(cohort)
        except NotFoundError:
            table = None
        rows = [] if table is None else table[table["team"] == team]
        options = [
            (
                f"{item.project} (revision {item.revision}, saved "
                f"{human_date(item.updated_at.date())})",
                item.project_id,
            )
            for item in (rows.itertuples(index=False) if len(rows) else [])
        ]
        with self.app.sync():
            current = keep or self.stored.value
            self.stored.options = options or [("(no projects saved yet)", NONE)]
            ids = [value for _, value in self.stored.options]
            self.stored.value = current if current in ids else ids[0]
        self.load_stored.disabled = not options

    @step_action
    def load_from_store(self) -> None:
        """Open the chosen project from the store, with everything added since."""
        cohort, team = self.join.require()
        if not self.stored.value:
            raise NotFoundError(
                message(
                    "project",
                    f"team {team!r} has no project in the store to load",
                    self.stored.label,
                    "Save one first, or choose Refresh the list if a team mate "
                    "has just saved one.",
                )
            )
        store = self.app.store()
        project = store.load_project(cohort, team, self.stored.value)
        revision = store.project_revision(cohort, team, project.id)
        self.app.replace(project, "Project loaded from the cohort store")
        self.revisions[(cohort, team, project.id)] = revision
        self.store_said.value = (
            f"<p>Loaded ‘{escape(project.name)}’ of {escape(team)} in "
            f"{escape(cohort)}: revision {revision}.</p>"
        )

    # -- showing ---------------------------------------------------------------------

    def load(self) -> None:
        self.store_said.value = ""
        self.refresh(set())

    def refresh(self, changed: set[str]) -> None:
        self.refresh_download()
        self.stale = True

    def draw(self) -> str | None:
        self.stale = False
        self.check.value = findings_html(
            self.project.validate(),
            title="Project check",
            none="Nothing is missing: the project has every part.",
        )
        return None
