"""The report's picture: refusal reasons and outcomes per manager, a PNG readable on a phone."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.core.report import Report, shares
from bot.words import Words

WIDTH, HEIGHT, DPI = 8, 9, 110  # 880 x 990 pixels


def png(rep: Report, lang: str) -> bytes:
    """Two bar charts in one PNG: reasons with their shares, outcomes per manager."""
    w = Words(lang)
    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1)
    rows = shares(rep.reasons)[:10]
    names = [r[0] for r in rows][::-1] or ["—"]
    values = [r[2] * 100 for r in rows][::-1] or [0]
    top.barh(names, values, color="#d9534f")
    top.set_title(w("report.chart_reasons"), fontsize=15)
    top.tick_params(labelsize=12)
    for y, (value, (_, count, _)) in enumerate(zip(values, rows[::-1], strict=False)):
        top.text(value, y, f" {value:.0f}% ({count})", va="center", fontsize=11)
    people = [m.name for m in rep.managers] or ["—"]
    kinds = sorted({k for m in rep.managers for k in m.outcomes})
    left = [0.0] * len(people)
    colors = ["#5cb85c", "#d9534f", "#f0ad4e", "#5bc0de", "#777777", "#337ab7"]
    for i, kind in enumerate(kinds):
        counts = [m.outcomes.get(kind, 0) for m in rep.managers]
        bottom.barh(people, counts, left=left, label=kind, color=colors[i % len(colors)])
        left = [a + b for a, b in zip(left, counts, strict=True)]
    bottom.set_title(w("report.chart_outcomes"), fontsize=15)
    bottom.tick_params(labelsize=12)
    if kinds:
        bottom.legend(fontsize=11, loc="lower right")
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
