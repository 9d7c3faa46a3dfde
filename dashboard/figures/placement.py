"""Put a label beside a point in free space: never on a line, a marker or an interval band.

Positions are worked out in plot fractions (0..1 across and up the plotting area). A label's
size is estimated in pixels and divided by the smallest plotting area the chart is drawn in
(a narrow screen; the slide's canvas in presentation mode), so space found free there is
free on every larger screen too: the label shrinks relative to the plot, and it is anchored
at its edge nearest the point.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

CHAR_WIDTH = 0.62   # average character width, as a share of the font size (bold digits)
LINE_HEIGHT = 1.3   # line height, as a share of the font size
PADDING = 4         # px around a label's text
MAX_STEPS = 30      # candidate rings around a point, a gap apart
# The smallest plotting area (width, height, px) a chart is drawn in: a 768 px wide page
# card, and a slide's chart (on its 1920x1080 canvas, whatever the screen).
PLOT_PX = {False: (440, 250), True: (1200, 430)}
TAGS = re.compile(r"<[^>]+>")


def text_lines(text: str) -> list[str]:
    """The lines of an annotation's text, without HTML tags."""
    return [TAGS.sub("", line) for line in text.split("<br>")]


def label_px(text: str, font_px: float) -> tuple[float, float]:
    """Estimated (width, height) in px of a label drawn at font_px."""
    lines = text_lines(text)
    width = max(len(line) for line in lines) * font_px * CHAR_WIDTH + 2 * PADDING
    return width, len(lines) * font_px * LINE_HEIGHT + 2 * PADDING


@dataclass(frozen=True)
class Box:
    """A rectangle in plot fractions."""
    left: float
    right: float
    bottom: float
    top: float

    def inside_plot(self) -> bool:
        return self.left >= 0 and self.right <= 1 and self.bottom >= 0 and self.top <= 1

    def contains(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.bottom <= y <= self.top

    def overlaps(self, other: "Box") -> bool:
        return not (self.right < other.left or other.right < self.left
                    or self.top < other.bottom or other.top < self.bottom)

    def hits_segment(self, start: tuple[float, float], end: tuple[float, float]) -> bool:
        """Whether the segment crosses the box (Liang–Barsky clipping)."""
        (x0, y0), (x1, y1) = start, end
        dx, dy = x1 - x0, y1 - y0
        low, high = 0.0, 1.0
        for p, q in ((-dx, x0 - self.left), (dx, self.right - x0),
                     (-dy, y0 - self.bottom), (dy, self.top - y0)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True


@dataclass
class Obstacles:
    """What a label must not cover, in plot fractions.

    lines    polylines [(x, y), ...] as drawn (a gap: None between points)
    markers  (x, y, half width, half height) of each marker
    bands    polygons of shaded intervals: (xs, lows, highs) along a line; avoided when
             there is room, else allowed (a label on a light band is still legible)
    boxes    labels placed already
    """
    lines: list[list] = field(default_factory=list)
    markers: list[tuple[float, float, float, float]] = field(default_factory=list)
    bands: list[tuple[list[float], list[float], list[float]]] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)

    def hard_hits(self, box: Box) -> int:
        hits = sum(box.overlaps(Box(x - w, x + w, y - h, y + h))
                   for x, y, w, h in self.markers)
        hits += sum(box.overlaps(other) for other in self.boxes)
        for line in self.lines:
            hits += sum(box.hits_segment(a, b) for a, b in zip(line, line[1:])
                        if a is not None and b is not None)
        return hits

    def hard_hits_many(self, boxes: list[Box]) -> np.ndarray:
        """`hard_hits` of every box at once (the same tests, the same arithmetic, on
        arrays: a label's 240 candidates against every segment cost one pass)."""
        edges = np.array([(b.left, b.right, b.bottom, b.top) for b in boxes], dtype=float)
        left, right, bottom, top = (edges[:, i:i + 1] for i in range(4))
        rects = [(x - w, x + w, y - h, y + h) for x, y, w, h in self.markers]
        rects += [(o.left, o.right, o.bottom, o.top) for o in self.boxes]
        hits = np.zeros(len(boxes), dtype=int)
        if rects:
            o_left, o_right, o_bottom, o_top = np.array(rects, dtype=float).T
            hits += (~((right < o_left) | (o_right < left) | (top < o_bottom)
                       | (o_top < bottom))).sum(axis=1)
        segments = [(*a, *b) for line in self.lines for a, b in zip(line, line[1:])
                    if a is not None and b is not None]
        if segments:
            x0, y0, x1, y1 = np.array(segments, dtype=float).T
            dx, dy = x1 - x0, y1 - y0
            low = np.zeros((len(boxes), len(segments)))
            high = np.ones_like(low)
            outside = np.zeros(low.shape, dtype=bool)
            with np.errstate(divide="ignore", invalid="ignore"):
                for p, q in ((-dx, x0 - left), (dx, right - x0),
                             (-dy, y0 - bottom), (dy, top - y0)):
                    p = np.broadcast_to(p, low.shape)
                    t = q / p
                    outside |= (p == 0) & (q < 0)
                    low = np.where(p < 0, np.maximum(low, t), low)
                    high = np.where(p > 0, np.minimum(high, t), high)
            hits += (~outside & (low <= high)).sum(axis=1)
        return hits

    def band_hits(self, box: Box) -> int:
        hits = 0
        for xs, lows, highs in self.bands:
            for i in range(len(xs) - 1):
                polygon = [(xs[i], lows[i]), (xs[i + 1], lows[i + 1]),
                           (xs[i + 1], highs[i + 1]), (xs[i], highs[i])]
                if _box_meets_polygon(box, polygon):
                    hits += 1
        return hits


def _box_meets_polygon(box: Box, polygon: list[tuple[float, float]]) -> bool:
    if any(box.contains(x, y) for x, y in polygon):
        return True
    edges = list(zip(polygon, polygon[1:] + polygon[:1]))
    if any(box.hits_segment(a, b) for a, b in edges):
        return True
    # the box wholly inside the polygon: its centre is inside (the polygon is convex)
    cx, cy = (box.left + box.right) / 2, (box.bottom + box.top) / 2
    signs = {(bx - ax) * (cy - ay) - (by - ay) * (cx - ax) > 0 for (ax, ay), (bx, by) in edges}
    return len(signs) == 1


@dataclass(frozen=True)
class Placement:
    """Where a label goes: its box, and the corner of the box nearest the point (the
    annotation's anchor, in fractions) with Plotly's xanchor / yanchor for it."""
    box: Box
    x: float
    y: float
    xanchor: str
    yanchor: str
    near: bool      # right beside the point (else a leader line should join them)


def _candidates(x: float, y: float, width: float, height: float, gap_x: float,
                gap_y: float):
    """Boxes around (x, y), nearest first: above, below, then beside, then further out
    (as far as across the whole plot)."""
    for step in range(1, MAX_STEPS + 1):
        dy, dx = gap_y * step, gap_x * step
        yield Box(x - width / 2, x + width / 2, y + dy, y + dy + height), "center", "bottom", step
        yield Box(x - width / 2, x + width / 2, y - dy - height, y - dy), "center", "top", step
        yield Box(x - width, x, y + dy, y + dy + height), "right", "bottom", step
        yield Box(x, x + width, y + dy, y + dy + height), "left", "bottom", step
        yield Box(x - width, x, y - dy - height, y - dy), "right", "top", step
        yield Box(x, x + width, y - dy - height, y - dy), "left", "top", step
        yield Box(x + dx, x + dx + width, y - height / 2, y + height / 2), "left", "middle", step
        yield Box(x - dx - width, x - dx, y - height / 2, y + height / 2), "right", "middle", step


def place(x: float, y: float, size: tuple[float, float], obstacles: Obstacles,
          gap: tuple[float, float]) -> Placement:
    """The nearest free box of `size` (fractions) around the point (x, y).

    Tried in order: clear of everything; clear of lines, markers and labels (on a band);
    else the box with the fewest hits. The box found is added to the obstacles."""
    width, height = size
    options = list(_candidates(x, y, width, height, *gap))
    hard = dict(zip(map(id, options), obstacles.hard_hits_many([o[0] for o in options])))
    chosen = None
    for strict in (True, False):
        for option in options:
            box, xanchor, yanchor, step = option
            if not box.inside_plot() or hard[id(option)]:
                continue
            if strict and obstacles.band_hits(box):
                continue
            chosen = box, xanchor, yanchor, step
            break
        if chosen:
            break
    if chosen is None:
        inside = [o for o in options if o[0].inside_plot()] or options
        chosen = min(inside, key=lambda o: (hard[id(o)], o[3]))
    box, xanchor, yanchor, step = chosen
    obstacles.boxes.append(box)
    anchor_x = {"left": box.left, "right": box.right, "center": (box.left + box.right) / 2}
    anchor_y = {"bottom": box.bottom, "top": box.top, "middle": (box.bottom + box.top) / 2}
    return Placement(box, anchor_x[xanchor], anchor_y[yanchor], xanchor, yanchor, step == 1)


@dataclass(frozen=True)
class PlotFrame:
    """Data coordinates to plot fractions for one figure: axis ranges and the smallest
    plotting area (px) it is drawn in."""
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width_px: float
    height_px: float

    @classmethod
    def for_figure(cls, x_range, y_range, presentation: bool) -> "PlotFrame":
        width, height = PLOT_PX[bool(presentation)]
        return cls(tuple(x_range), tuple(y_range), width, height)

    def fx(self, x: float) -> float:
        return (x - self.x_range[0]) / (self.x_range[1] - self.x_range[0])

    def fy(self, y: float) -> float:
        return (y - self.y_range[0]) / (self.y_range[1] - self.y_range[0])

    def data_x(self, fx: float) -> float:
        return self.x_range[0] + fx * (self.x_range[1] - self.x_range[0])

    def data_y(self, fy: float) -> float:
        return self.y_range[0] + fy * (self.y_range[1] - self.y_range[0])

    def size(self, px: tuple[float, float]) -> tuple[float, float]:
        return px[0] / self.width_px, px[1] / self.height_px

    def polyline(self, xs, ys) -> list:
        """A drawn line in fractions; a missing value breaks it (None)."""
        return [None if y is None or y != y else (self.fx(x), self.fy(y))
                for x, y in zip(xs, ys)]

    def marker(self, x: float, y: float, size_px: float) -> tuple[float, float, float, float]:
        half = size_px / 2 + 2
        return self.fx(x), self.fy(y), half / self.width_px, half / self.height_px
