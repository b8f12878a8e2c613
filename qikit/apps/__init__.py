"""qikit's web apps: no-code tools, drills and games built on ipywidgets.

Each app is a widget: an app notebook in ``curriculum/apps/`` is three cells, ::

    from qikit.apps import DemoApp
    app = DemoApp()
    app

and the same three cells work in JupyterLab. ``make app`` serves the notebooks with
Voila (code hidden) at http://127.0.0.1:8866/.

The shared parts every app is built on:

- :class:`App`: title, status line, error and notes areas; :meth:`App.run`,
  :meth:`App.on_change`, :meth:`App.on_click` and :func:`action` wrap callbacks so
  no traceback reaches a learner; :meth:`App.store` opens the cohort store.
- Controls with visible labels: :func:`text`, :func:`text_area`, :func:`number`,
  :func:`whole_number`, :func:`choice`, :func:`radio`, :func:`toggle_buttons`,
  :func:`slider`, :func:`checkbox`, :func:`button`, :func:`upload`, :func:`labelled`.
- Charts with text alternatives: :class:`ChartView`, :func:`figure_html`,
  :func:`table_html`, :func:`result_table`, :func:`show_in`.
- Files: :func:`read_pasted`, :func:`read_file`, :func:`read_upload` (a
  :class:`TableData` with notes on each clean-up), :func:`upload_text`,
  :func:`check_upload`, :func:`download_link`, :func:`csv_bytes`,
  :func:`xlsx_bytes`, :func:`figure_bytes`, :func:`json_bytes`.

This is the only qikit package that imports ipywidgets. It imports nothing from
Voila: the page template (``share/jupyter/voila/templates/qikit``) adds the rest.
"""

from qikit.apps._base import (
    BUSY,
    LOG,
    PROBLEM,
    READY,
    UNEXPECTED,
    App,
    action,
    close_figure,
    message_html,
)
from qikit.apps._controls import (
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
from qikit.apps._display import (
    ChartView,
    figure_html,
    result_table,
    show_in,
    table_html,
)
from qikit.apps._files import (
    MAX_DOWNLOAD_BYTES,
    MAX_UPLOAD_BYTES,
    TableData,
    check_upload,
    clear_upload,
    csv_bytes,
    download_link,
    figure_bytes,
    json_bytes,
    list_sheets,
    read_file,
    read_pasted,
    read_upload,
    upload_text,
    uploaded_file,
    xlsx_bytes,
)
from qikit.apps._join import WORKSHOP_COHORT, JoinPanel
from qikit.apps.chart_studio import ChartStudio
from qikit.apps.demo import DemoApp
from qikit.apps.drills import SignalOrNoise
from qikit.apps.funnel_game import FunnelGame
from qikit.apps.pdsa_game import PDSAGameApp
from qikit.apps.programme_dashboard import ProgrammeDashboard
from qikit.apps.project_builder import ProjectBuilder
from qikit.apps.quiz import Quiz
from qikit.apps.red_beads import RedBeads
from qikit.apps.rule_lab import RuleLab
from qikit.apps.trainer_board import TrainerBoard

__all__ = [
    "App",
    "JoinPanel",
    "WORKSHOP_COHORT",
    "BUSY",
    "ChartStudio",
    "ChartView",
    "DemoApp",
    "FunnelGame",
    "PDSAGameApp",
    "LOG",
    "MAX_DOWNLOAD_BYTES",
    "MAX_UPLOAD_BYTES",
    "PROBLEM",
    "ProgrammeDashboard",
    "ProjectBuilder",
    "Quiz",
    "RedBeads",
    "READY",
    "RuleLab",
    "SignalOrNoise",
    "TableData",
    "TrainerBoard",
    "UNEXPECTED",
    "action",
    "button",
    "check_upload",
    "checkbox",
    "choice",
    "clear_upload",
    "close_figure",
    "csv_bytes",
    "download_link",
    "figure_bytes",
    "figure_html",
    "json_bytes",
    "labelled",
    "list_sheets",
    "message_html",
    "number",
    "radio",
    "read_file",
    "read_pasted",
    "read_upload",
    "result_table",
    "show_in",
    "slider",
    "table_html",
    "text",
    "text_area",
    "toggle_buttons",
    "upload",
    "upload_text",
    "uploaded_file",
    "whole_number",
    "xlsx_bytes",
]
