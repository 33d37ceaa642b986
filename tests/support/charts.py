"""Checks shared by the chart tests: a real phone-sized PNG, and text a person can read whole."""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

from matplotlib import image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PORTRAIT = (1080, 1350)
LANDSCAPE = (1200, 900)
ROOT = Path(__file__).resolve().parents[2]


def png_size(data: bytes) -> tuple[int, int]:
    """Read width and height from the IHDR chunk that follows the PNG signature."""
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def assert_chart(data: bytes, size: tuple[int, int]) -> None:
    """Check a chart is a PNG of the given size with real content on it."""
    assert png_size(data) == size
    assert len(data) > 15_000
    pixels = image.imread(io.BytesIO(data), format="png")
    assert pixels.shape[:2] == (size[1], size[0])
    assert float(pixels[..., :3].var()) > 0.005


def artifacts(*parts: str) -> Path:
    """Return a folder for pictures a person should look at (as the chat screenshots use)."""
    folder = Path(os.environ.get("NOFOMO_ARTIFACTS_DIR") or ROOT / "test-artifacts", *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def drawn_texts(fig: Figure) -> list[Text]:
    """Return every non-empty text the figure draws (tick labels outside the view are not)."""
    hidden: set[int] = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            slack = (high - low) * 1e-9
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                where = tick.get_loc()
                if where is None or not low - slack <= where <= high + slack:
                    hidden.update({id(tick.label1), id(tick.label2)})
    return [
        text
        for text in fig.findobj(Text)
        if text.get_visible() and text.get_text().strip() and id(text) not in hidden
    ]


def texts_outside(fig: Figure, margin: float) -> list[str]:
    """Return the drawn texts that reach within margin pixels of the figure's edge, or past it."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    renderer = canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    outside = []
    for text in drawn_texts(fig):
        box = text.get_window_extent(renderer)
        if text.get_bbox_patch() is not None:
            box = box.union([box, text.get_bbox_patch().get_window_extent(renderer)])
        inside = margin <= box.x0 and box.x1 <= width - margin
        inside = inside and margin <= box.y0 and box.y1 <= height - margin
        if not inside:
            edges = tuple(round(value) for value in (box.x0, box.y0, box.x1, box.y1))
            outside.append(f"{text.get_text()!r} at {edges} in {width:.0f}x{height:.0f}")
    return outside
