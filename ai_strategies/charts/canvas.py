"""Phone-sized Agg figures: theme, titles, placeholders and PNG output, without pyplot."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from matplotlib import font_manager, patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 150
PORTRAIT = (1080, 1350)
LANDSCAPE = (1200, 900)

# High-contrast palette on white; Telegram shows photos as they are in dark mode too.
BACKGROUND = "#FFFFFF"
INK = "#1B1F24"
MUTED = "#57606A"
GRID = "#D8DEE4"
LINE = "#0B5CAD"
UP = "#1A7F37"
DOWN = "#CF222E"
WARN = "#E36209"
SHADE = "#FFF1D6"

TITLE_SIZE = 21
PANEL_SIZE = 16
TICK_SIZE = 14
NOTE_SIZE = 15
CALLOUT_SIZE = 18
TITLE_WIDTH = {PORTRAIT: 40, LANDSCAPE: 46}
# The title's left edge, and the least room it keeps on the right, as a share of the width.
TITLE_X = 0.03
# Room kept free around the panels, in inches: right-edge labels never touch the image edge.
EDGE_PAD = 0.2
# A white outline that keeps text readable where it crosses lines.
HALO = [patheffects.withStroke(linewidth=5, foreground=BACKGROUND)]


@contextmanager
def figure(size: tuple[int, int]) -> Iterator[Figure]:
    """Yield a figure of size pixels on its own Agg canvas, and free it afterwards."""
    width, height = size
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor=BACKGROUND)
    fig.set_layout_engine("constrained", h_pad=0.12, w_pad=EDGE_PAD)
    FigureCanvasAgg(fig)
    try:
        yield fig
    finally:
        fig.clear()


def png_bytes(fig: Figure) -> bytes:
    """Render the figure to PNG bytes at the chart resolution."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor=BACKGROUND)
    return buffer.getvalue()


@cache
def _glyphs() -> frozenset[int]:
    """Return the code points the default font can draw."""
    path = font_manager.findfont(font_manager.FontProperties())
    return frozenset(font_manager.get_font(path).get_charmap())


def clean(label: str) -> str:
    """Drop characters the font lacks (emoji) and escape $ so it is never read as maths."""
    drawable = "".join(char for char in label if char.isspace() or ord(char) in _glyphs())
    return " ".join(drawable.split()).replace("$", r"\$")


def set_title(fig: Figure, title: str, size: tuple[int, int]) -> None:
    """Put the caller's title, wrapped to the figure's width in at most two lines, on top."""
    heading = fig.suptitle(
        "", x=TITLE_X, ha="left", fontsize=TITLE_SIZE, fontweight="bold", color=INK
    )
    room = size[0] * (1 - 2 * TITLE_X)
    cleaned = clean(title)
    # Wrapping counts characters, but wide ones (W, M, capitals) need more room: narrow the
    # wrap until every line measures inside the figure.
    for width in range(TITLE_WIDTH[size], 7, -2):
        lines = textwrap.wrap(cleaned, width, max_lines=2, placeholder="…")
        if all(text_width(fig, line, heading.get_fontproperties()) <= room for line in lines):
            break
    heading.set_text("\n".join(lines))


def text_width(fig: Figure, text: str, font: font_manager.FontProperties) -> float:
    """Return how many pixels wide text is drawn in font on this figure."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    drawn = text.replace(r"\$", "$")  # clean() escapes dollars; they are drawn as one
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    width, _, _ = renderer.get_text_width_height_descent(drawn, font, False)
    return float(width)


def style_axes(ax: Axes, heading: str = "") -> None:
    """Apply the readable theme to one panel, with an optional left-aligned heading."""
    ax.set_facecolor(BACKGROUND)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
        ax.spines[side].set_linewidth(1.4)
    ax.tick_params(labelsize=TICK_SIZE, colors=INK, width=1.4, length=6)
    ax.grid(True, color=GRID, linewidth=1.0)
    ax.set_axisbelow(True)
    if heading:
        ax.set_title(heading, loc="left", fontsize=PANEL_SIZE, color=MUTED, fontweight="bold")


def note(ax: Axes, message: str) -> None:
    """Write a short message in the middle of a panel."""
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=CALLOUT_SIZE,
        color=MUTED,
        bbox={"boxstyle": "round,pad=0.6", "facecolor": BACKGROUND, "edgecolor": GRID},
    )


def placeholder(title: str, message: str, size: tuple[int, int]) -> bytes:
    """Render an empty chart that says why there is nothing to draw."""
    with placeholder_figure(title, message, size) as fig:
        return png_bytes(fig)


@contextmanager
def placeholder_figure(title: str, message: str, size: tuple[int, int]) -> Iterator[Figure]:
    """Yield an empty chart that says why there is nothing to draw."""
    with figure(size) as fig:
        set_title(fig, title, size)
        ax = fig.subplots()
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            message,
            ha="center",
            va="center",
            fontsize=26,
            fontweight="bold",
            color=MUTED,
            bbox={"boxstyle": "round,pad=1.2", "facecolor": "#F6F8FA", "edgecolor": GRID},
        )
        yield fig
