"""Charts as inline SVG drawn on the server: no chart library, no script, so they work under the pages'
Content-Security-Policy and on any phone. Each function returns ``Markup`` (safe to put in a template)
with every label escaped; colours come from classes in ``app.css`` (no inline styles).

The view boxes are about as wide as a phone (320 units), so text stays readable at 375 px and scales up
in a desktop card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 320


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    css: str = "bar"  # class of the bar's rect (bar-open, bar-settled, ...)
    shown: str | None = None  # the value as the chart writes it (default: the int with separators)


def _svg(height: float, body: list[str], title: str) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def hbar_chart(bars: Sequence[Bar], title: str) -> Markup:
    """Horizontal bars, one row per item, labelled left and valued right (jobs by state, capabilities)."""
    row, label_w, value_w = 26, 92, 64
    top = max((b.value for b in bars), default=0) or 1
    span = WIDTH - label_w - value_w
    body = []
    for i, bar in enumerate(bars):
        y = i * row + 4
        w = 0 if bar.value <= 0 else max(2.0, span * bar.value / top)
        shown = bar.shown if bar.shown is not None else f"{bar.value:,}"
        body.append(f'<text x="0" y="{y + 14}">{escape(bar.label)}</text>')
        body.append(f'<rect class="{escape(bar.css)}" x="{label_w}" y="{y + 2}" width="{w:.1f}" height="16" rx="3"/>')
        body.append(f'<text class="value-label" x="{label_w + w + 6:.1f}" y="{y + 14}">{escape(shown)}</text>')
    return _svg(len(bars) * row + 6, body, title)


def column_chart(bars: Sequence[Bar], title: str, caption: str = "") -> Markup:
    """Vertical columns with their labels under them (a histogram: stake distribution)."""
    height, base, top_pad = 170, 140, 18
    n = max(len(bars), 1)
    slot = (WIDTH - 8) / n
    top = max((b.value for b in bars), default=0) or 1
    body = [f'<line class="axis" x1="4" y1="{base}" x2="{WIDTH - 4}" y2="{base}"/>']
    for i, bar in enumerate(bars):
        x = 4 + i * slot
        h = 0 if bar.value <= 0 else max(2.0, (base - top_pad) * bar.value / top)
        cx = x + slot / 2
        body.append(
            f'<rect class="{escape(bar.css)}" x="{x + slot * 0.12:.1f}" y="{base - h:.1f}" '
            f'width="{slot * 0.76:.1f}" height="{h:.1f}" rx="2"/>'
        )
        if bar.value:
            body.append(
                f'<text class="value-label" x="{cx:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">'
                f"{escape(bar.shown or f'{bar.value:,}')}</text>"
            )
        body.append(f'<text x="{cx:.1f}" y="{base + 14}" text-anchor="middle">{escape(bar.label)}</text>')
    if caption:
        body.append(f'<text x="{WIDTH / 2:.0f}" y="{height - 2}" text-anchor="middle">{escape(caption)}</text>')
    return _svg(height, body, title)


def step_chart(points: Sequence[tuple[int, int]], title: str, unit: int, unit_name: str) -> Markup:
    """A cumulative amount over time as a step line with a shaded area (earnings over time). ``points``:
    (unix time, cumulative base units), oldest first; the axis is labelled in ``unit_name`` (``unit`` base
    units each) and UTC dates."""
    height, left, right, top, base = 186, 52, WIDTH - 8, 26, 156
    if not points:
        return _svg(40, ['<text x="0" y="24">nothing claimed yet</text>'], title)
    t0, t1 = points[0][0], points[-1][0]
    if t1 == t0:
        t0, t1 = t0 - 3_600, t1 + 3_600
    y_max = max(p[1] for p in points) or 1

    def x(t: int) -> float:
        return left + (right - left) * (t - t0) / (t1 - t0)

    def y(v: int) -> float:
        return base - (base - top) * v / y_max

    path = [f"M{x(points[0][0]):.1f},{base}"]
    last_y = float(base)
    for t, v in points:
        path.append(f"L{x(t):.1f},{last_y:.1f}")
        last_y = y(v)
        path.append(f"L{x(t):.1f},{last_y:.1f}")
    path.append(f"L{right:.1f},{last_y:.1f}")
    line = " ".join(path)
    body = [
        f'<line class="axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"/>',
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{base}"/>',
        f'<path class="area" d="{line} L{right:.1f},{base} Z"/>',
        f'<path class="line" d="{line}"/>',
    ]
    for t, v in points[-60:]:  # dots for the newest claims only: a long history stays a line
        body.append(f'<circle class="dot" cx="{x(t):.1f}" cy="{y(v):.1f}" r="2.5"/>')
    for frac in (0, 0.5, 1):
        value = y_max * frac
        body.append(
            f'<text x="{left - 4}" y="{y(int(value)) + 4:.1f}" text-anchor="end">{escape(_amount(value, unit))}</text>'
        )
    body.append(f'<text x="{left + 6}" y="{top - 12}">{escape(unit_name)}</text>')
    for t, anchor in ((t0, "start"), (t1, "end")):
        label = dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%d %H:%M")
        body.append(f'<text x="{x(t):.1f}" y="{base + 16}" text-anchor="{anchor}">{label}</text>')
    return _svg(height, body, title)


def _amount(value: float, unit: int) -> str:
    amount = value / unit
    if amount >= 1_000_000:
        return f"{amount / 1_000_000:.1f}M"
    if amount >= 10_000:
        return f"{amount / 1_000:.0f}k"
    return f"{amount:,.0f}" if amount >= 10 or amount == 0 else f"{amount:.2f}"


def line_chart(
    points: Sequence[tuple[float, float]], title: str, x_name: str, y_name: str, *, y_from_zero: bool = False
) -> Markup:
    """A measured value along a numeric axis as a line with dots (a training loss per step, a worker's
    uptime or performance per epoch). ``points``: (x, y), in x order; at most the last 600 are drawn."""
    height, left, right, top, base = 186, 52, WIDTH - 8, 26, 156
    points = list(points)[-600:]
    if not points:
        return _svg(40, [f'<text x="0" y="24">no {escape(y_name)} reported yet</text>'], title)
    x0, x1 = points[0][0], points[-1][0]
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    ys = [p[1] for p in points]
    y0, y1 = (0.0 if y_from_zero else min(ys)), max(ys)
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1

    def x(v: float) -> float:
        return left + (right - left) * (v - x0) / (x1 - x0)

    def y(v: float) -> float:
        return base - (base - top) * (v - y0) / (y1 - y0)

    line = " ".join(f"{'M' if i == 0 else 'L'}{x(px):.1f},{y(py):.1f}" for i, (px, py) in enumerate(points))
    body = [
        f'<line class="axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"/>',
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{base}"/>',
        f'<path class="line" d="{line}"/>',
    ]
    if len(points) <= 60:
        body += [f'<circle class="dot" cx="{x(px):.1f}" cy="{y(py):.1f}" r="2.5"/>' for px, py in points]
    for value in (y0, (y0 + y1) / 2, y1):
        body.append(f'<text x="{left - 4}" y="{y(value) + 4:.1f}" text-anchor="end">{escape(_number(value))}</text>')
    body.append(f'<text x="{left + 6}" y="{top - 12}">{escape(y_name)}</text>')
    for value, anchor in ((x0, "start"), (x1, "end")):
        body.append(f'<text x="{x(value):.1f}" y="{base + 16}" text-anchor="{anchor}">{escape(_number(value))}</text>')
    body.append(f'<text x="{(left + right) / 2:.0f}" y="{base + 28}" text-anchor="middle">{escape(x_name)}</text>')
    return _svg(height, body, title)


def _number(value: float) -> str:
    if value == int(value) and abs(value) < 1e9:
        return f"{int(value):,}"
    return f"{value:.3g}"
