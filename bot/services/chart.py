"""The report's picture: refusal reasons and outcomes per manager, a PNG readable on a phone.

One colour per outcome wherever it is drawn (paid green, refusal red, rescheduled blue, no
answer orange), and no picture at all for a period with nothing worked.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.core.outcomes import WORD_KEYS, Kind, spellings
from bot.core.report import Report, shares
from bot.words import Words

WIDTH, HEIGHT, DPI = 8, 9, 110  # 880 x 990 pixels
OUTCOME_COLOURS = {Kind.paid: "#3c9a3c", Kind.refused: "#d9534f", Kind.moved: "#337ab7",
                   Kind.no_answer: "#f0ad4e", Kind.note: "#999999"}
OTHER_COLOUR = "#777777"
_KIND_OF = {word: kind for kind in Kind for word in spellings(WORD_KEYS[kind])}


def colour(outcome: str) -> str:
    """The colour of an outcome's word (either language); grey for a word of no outcome."""
    kind = _KIND_OF.get(outcome)
    return OUTCOME_COLOURS[kind] if kind else OTHER_COLOUR


def _order(outcome: str) -> tuple[int, str]:
    """Outcomes in one order on every chart: paid, refusal, rescheduled, no answer, others."""
    kind = _KIND_OF.get(outcome)
    return (list(Kind).index(kind) if kind else len(Kind), outcome)


def picture(rep: Report, lang: str) -> bytes | None:
    """The report's PNG; None for a period with nothing worked (a chart of zeros says nothing:
    the text says "no data")."""
    return None if rep.empty else png(rep, lang)


def png(rep: Report, lang: str) -> bytes:
    """Two bar charts in one PNG: reasons with their shares, outcomes per manager."""
    w = Words(lang)
    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1)
    rows = shares(rep.reasons)[:10]
    names = [r[0] for r in rows][::-1] or ["—"]
    values = [r[2] * 100 for r in rows][::-1] or [0]
    top.barh(names, values, color=OUTCOME_COLOURS[Kind.refused])
    top.set_title(w("report.chart_reasons"), fontsize=15)
    top.tick_params(labelsize=12)
    for y, (value, (_, count, _)) in enumerate(zip(values, rows[::-1], strict=False)):
        top.text(value, y, f" {value:.0f}% ({count})", va="center", fontsize=11)
    people = [m.name for m in rep.managers] or ["—"]
    kinds = sorted({k for m in rep.managers for k in m.outcomes}, key=_order)
    left = [0.0] * len(people)
    for kind in kinds:
        counts = [m.outcomes.get(kind, 0) for m in rep.managers]
        bottom.barh(people, counts, left=left, label=kind, color=colour(kind))
        left = [a + b for a, b in zip(left, counts, strict=True)]
    bottom.set_title(w("report.chart_outcomes"), fontsize=15)
    bottom.tick_params(labelsize=12)
    if kinds:
        bottom.legend(fontsize=11, loc="lower right")
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
