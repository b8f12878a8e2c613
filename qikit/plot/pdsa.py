"""Drawing a ramp of PDSA cycles: small tests first, then wider ones.

Each cycle is a PDSA wheel with a label beside it, laid out in points from the
measured size of the label's wrapped text (see :mod:`qikit.plot._boxes`).

Examples
--------
>>> from qikit.improve import example_ramp
>>> ax = plot_ramp(example_ramp())
>>> [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("key-text:")]
['adopt', 'adapt', 'abandon']
"""

from __future__ import annotations

import datetime as dt
import math

from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrowPatch, Wedge

from qikit.improve.pdsa import Ramp
from qikit.plot import _boxes, style
from qikit.plot._boxes import Layout
from qikit.plot._text import font, line_height, wrap, wrap_width

__all__ = ["plot_ramp"]

_STAGE_ANGLES = {
    "plan": (0, 90),
    "act": (90, 180),
    "study": (180, 270),
    "do": (270, 360),
}
_STAGE_LETTERS = {"plan": "P", "do": "D", "study": "S", "act": "A"}


def plot_ramp(
    ramp: Ramp,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    fontsize: float = style.DIAGRAM_FONT,
) -> Axes:
    """Draw a ramp of PDSA cycles climbing from small tests to wider ones.

    Each cycle is a PDSA wheel (quadrants filled for the stages recorded) with a
    label beside it: its number and dates, scale, degree of belief, objective and
    decision (adopt blue, adapt orange, abandon pink). Wheels climb from bottom left
    to top right, as the scale of testing grows. A key under the ramp gives the
    decision of each colour in words.

    Parameters
    ----------
    ramp : Ramp
        A :class:`qikit.improve.Ramp`.
    ax : Axes, optional
        Where to draw; a new figure sized to the content when not given.
    title : str, optional
        Defaults to the ramp's title, or its change idea.
    fontsize : float, default 10

    Returns
    -------
    Axes
        Wheel patches have the gid ``"wheel:<cycle id>"`` and label boxes
        ``"box:<cycle id>"``; the key's dots ``"key:adopt"``, ``"key:adapt"``,
        ``"key:abandon"`` (and ``"key:none"`` when a cycle has no decision yet).

    Raises
    ------
    InputError
        When ``ramp`` is not a Ramp or ``fontsize`` is not a number of points
        between 4 and 40.

    Examples
    --------
    >>> from qikit.improve import example_ramp
    >>> ax = plot_ramp(example_ramp())
    >>> sum(1 for p in ax.patches if (p.get_gid() or "").startswith("box:"))
    4
    """
    drawn = _boxes.draw_boxed(
        ramp,
        Ramp,
        argument="ramp",
        build="qikit.improve.Ramp(change_idea, cycles)",
        ax=ax,
        fontsize=fontsize,
        title=title,
        default_title=lambda r: r.title or f"Change idea {r.change_idea}",
        make=lambda size, title: _ramp_layout(ramp, size, title),
    )
    ax, fs, layout = drawn.ax, drawn.fs, drawn.layout
    items = layout["items"]
    r = layout["r"]
    if len(items) > 1:
        first, last = items[0], items[-1]
        dx, dy = last["cx"] - first["cx"], last["cy"] - first["cy"]
        length = math.hypot(dx, dy)
        ux, uy = dx / length, dy / length
        arrow = FancyArrowPatch(
            (first["cx"] - 1.4 * r * ux, first["cy"] - 1.4 * r * uy),
            (last["cx"] + 1.9 * r * ux, last["cy"] + 1.9 * r * uy),
            arrowstyle=f"simple,head_length={1.1 * fs},head_width={1.3 * fs},"
            f"tail_width={0.5 * fs}",
            color=style.RAMP_ARROW,
            linewidth=0,
            zorder=0.5,
            mutation_scale=1,
        )
        ax.add_patch(arrow)
        # the caption runs along the arrow, on its upper-left side
        nx, ny = uy, -ux
        if ny > 0:
            nx, ny = -nx, -ny
        ax.text(
            (first["cx"] + last["cx"]) / 2 + 1.5 * r * nx,
            (first["cy"] + last["cy"]) / 2 + 1.5 * r * ny,
            "Wider scale, stronger belief",
            fontsize=fs * 0.85,
            fontstyle="italic",
            color=style.TURQUOISE,
            rotation=math.degrees(math.atan2(-dy, dx)),
            rotation_mode="anchor",
            ha="center",
            va="center",
            zorder=0.6,
        )
    if not items:
        ax.text(
            1.2 * fs,
            layout["height"] / 2,
            "No cycles yet: plan the first small test.",
            fontsize=fs,
            color=style.DARK_GREY,
            va="center",
        )
    for it in items:
        cyc = it["cycle"]
        done = {
            "plan": bool(cyc.predictions)
            or (cyc.plan is not None and not cyc.plan.is_blank),
            "do": cyc.do is not None,
            "study": cyc.study is not None,
            "act": bool(cyc.decision),
        }
        colour = style.DECISION_COLOURS.get(cyc.decision, style.NO_DECISION)
        for stage, (a0, a1) in _STAGE_ANGLES.items():
            wedge = Wedge(
                (it["cx"], it["cy"]),
                r,
                -a1,
                -a0,  # y grows down
                facecolor=colour if done[stage] else "white",
                edgecolor=colour,
                linewidth=1.2,
                zorder=3,
            )
            wedge.set_gid(f"wheel:{cyc.id}")
            ax.add_patch(wedge)
            mid = math.radians((a0 + a1) / 2)
            ax.text(
                it["cx"] + 0.52 * r * math.cos(mid),
                it["cy"] - 0.52 * r * math.sin(mid),
                _STAGE_LETTERS[stage],
                fontsize=fs * 0.8,
                fontweight="bold",
                color=(style.DARK_GREY if colour == style.ORANGE else "white")
                if done[stage]
                else colour,
                ha="center",
                va="center",
                zorder=4,
            )
        _boxes.box(
            ax,
            it["bx"],
            it["by"],
            it["bw"],
            it["bh"],
            face="white",
            edge=style.LABEL_BOX_EDGE,
            gid=f"box:{cyc.id}",
        )
        y = it["by"] + 0.5 * fs
        for text, prop, colour_ in it["blocks"]:
            ax.text(
                it["bx"] + 0.6 * fs,
                y,
                "\n".join(text),
                fontproperties=prop,
                color=colour_,
                va="top",
                ha="left",
                linespacing=1.28,
                zorder=4,
            )
            y += len(text) * line_height(prop.get_size_in_points()) + 0.2 * fs
    _draw_key(ax, fs, layout)
    return ax


def _draw_key(ax: Axes, fs: float, layout: Layout) -> None:
    """The key to the wheel colours: a dot and the decision in words."""
    for entry in layout["key"]:
        colour = style.DECISION_COLOURS[entry["decision"]]
        dot = Circle(
            (entry["x"] + entry["d"] / 2, entry["y"]),
            entry["d"] / 2,
            facecolor=colour,
            edgecolor=colour,
            linewidth=1.0,
            zorder=3,
        )
        dot.set_gid(f"key:{entry['decision'] or 'none'}")
        ax.add_patch(dot)
        ax.text(
            entry["x"] + entry["d"] + 0.4 * fs,
            entry["y"],
            entry["text"],
            fontproperties=entry["font"],
            color=style.DARK_GREY,
            va="center",
            ha="left",
            zorder=4,
            gid=f"key-text:{entry['decision'] or 'none'}",
        )
    if layout["key"]:
        first = layout["key"][0]
        ax.text(
            1.2 * fs,
            first["y"],
            _KEY_TITLE,
            fontproperties=font(fs * 0.9, bold=True),
            color=style.DARK_GREY,
            va="center",
            ha="left",
            zorder=4,
            gid="key-title",
        )


def _key_layout(ramp: Ramp, fs: float, top: float, width: float) -> list[dict]:
    """Dots and words of the key in rows starting at ``top``, within ``width``."""
    if not ramp.cycles:
        return []
    decisions = ["adopt", "adapt", "abandon"]
    if any(not cycle.decision for cycle in ramp.cycles):
        decisions.append("")
    prop = font(fs * 0.9)
    d = 0.9 * fs
    left = 1.2 * fs + wrap_width(_KEY_TITLE, font(fs * 0.9, bold=True)) + 1.2 * fs
    x, y = left, top + 0.5 * line_height(fs)
    entries = []
    for decision in decisions:
        text = _KEY_WORDS[decision]
        need = d + 0.4 * fs + wrap_width(text, prop)
        if x > left and x + need > width - 1.2 * fs:
            x, y = left, y + line_height(fs) + 0.3 * fs
        entries.append(
            {"decision": decision, "text": text, "font": prop, "x": x, "y": y, "d": d}
        )
        x += need + 1.2 * fs
    return entries


_KEY_TITLE = "Decision:"
_KEY_WORDS = {
    "adopt": "adopt",
    "adapt": "adapt",
    "abandon": "abandon",
    "": "not decided yet",
}


def _ramp_layout(ramp: Ramp, fs: float, title: str) -> Layout:
    r = 1.7 * fs
    label_w = 24 * fs
    step_x = 4.2 * fs
    gap = 1.0 * fs
    title_h = (
        line_height(fs * style.DIAGRAM_TITLE_SCALE) + 1.2 * fs if title else 0.6 * fs
    )
    head = font(fs, bold=True)
    body = font(fs)
    small = font(fs * 0.9, italic=True)
    items = []
    for k, cyc in enumerate(ramp.cycles, start=1):
        when = _date_range(cyc.start, cyc.end)
        heading = f"Cycle {k}" + (f" · {when}" if when else "")
        facts = " · ".join(
            bit
            for bit in (cyc.scale, f"belief {cyc.belief}" if cyc.belief else "")
            if bit
        )
        decision = (
            f"Decision: {cyc.decision}"
            + (
                f". Next: {cyc.act.next_cycle}"
                if cyc.act and cyc.act.next_cycle
                else ""
            )
            if cyc.decision
            else f"Stage: {cyc.stage}"
        )
        inner = label_w - 1.2 * fs
        blocks = [(wrap(heading, inner, head), head, style.DARK_GREY)]
        if facts:
            blocks.append((wrap(facts, inner, small), small, style.TURQUOISE))
        blocks.append(
            (
                wrap(cyc.objective or "(no objective yet)", inner, body),
                body,
                style.DARK_GREY,
            )
        )
        colour = style.DECISION_TEXT_COLOURS.get(cyc.decision, style.DARK_GREY)
        blocks.append((wrap(decision, inner, small), small, colour))
        bh = (
            1.0 * fs
            + sum(len(t) * line_height(p.get_size_in_points()) for t, p, _ in blocks)
            + 0.2 * fs * (len(blocks) - 1)
        )
        items.append(
            {"cycle": cyc, "blocks": blocks, "bh": max(bh, 2 * r), "bw": label_w}
        )
    # bottom-up: cycle 1 lowest. Place centres from the top for the last cycle.
    y = title_h
    for it in reversed(items):
        it["cy"] = y + it["bh"] / 2
        y += it["bh"] + gap
    height = (y - gap if items else y + 3 * fs) + 2.2 * fs
    x = 1.8 * fs + r
    for it in items:
        it["cx"] = x
        it["bx"] = x + r + 0.8 * fs
        it["by"] = it["cy"] - it["bh"] / 2
        x += step_x
    last_right = (items[-1]["bx"] + label_w) if items else 30 * fs
    title_w = (
        wrap_width(title, font(fs * style.DIAGRAM_TITLE_SCALE, bold=True)) + 2.4 * fs
        if title
        else 0
    )
    width = max(last_right + 1.2 * fs, title_w)
    key = _key_layout(ramp, fs, height - 1.2 * fs, width)
    if key:
        height = key[-1]["y"] + 0.5 * line_height(fs) + 1.2 * fs
    return {"items": items, "r": r, "width": width, "height": height, "key": key}


def _date_range(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
