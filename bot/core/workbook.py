"""The layout `init` creates: headers in PRODUCT.md's order, drop-downs, colours, other tabs."""

from __future__ import annotations

from bot.core import journal
from bot.core.config import Config
from bot.core.purchases import headers as purchase_headers
from bot.core.segments import COLORS, Segment
from sheets.base import CellValue, NewTable
from sheets.fields import HEADERS, Field

ORDER = [Field.id, Field.company, Field.contact, Field.phone, Field.email, Field.status,
         Field.refusal_reason, Field.last_contact, Field.next_contact, Field.last_purchase,
         Field.value, Field.owner, Field.segment, Field.next_action, Field.note]
WIDTHS = {Field.id: 8, Field.company: 28, Field.contact: 22, Field.phone: 18, Field.email: 24,
          Field.status: 26, Field.refusal_reason: 26, Field.last_contact: 14,
          Field.next_contact: 14, Field.last_purchase: 14, Field.value: 12, Field.owner: 14,
          Field.segment: 18, Field.next_action: 44, Field.note: 40}


def header_of(cfg: Config, f: Field) -> str:
    """The header a new table gets for a field: the configured one, else the default."""
    return cfg.sheet.headers.get(f, HEADERS[f][0])


def new_table(cfg: Config, rows: list[dict[Field, CellValue]] | None = None) -> NewTable:
    """The clients tab and the other tabs `init` lays out, with optional sample rows."""
    lang = cfg.language
    return NewTable(
        tab=cfg.sheet.tab,
        headers=[header_of(cfg, f) for f in ORDER],
        rows=[[r.get(f) for f in ORDER] for r in rows or []],
        choices={
            ORDER.index(Field.status): cfg.status_words(),
            ORDER.index(Field.refusal_reason): list(cfg.rules.refusal_reasons),
        },
        color_col=ORDER.index(Field.segment),
        colors={cfg.label(s): COLORS[s] for s in Segment},
        widths={i: WIDTHS[f] for i, f in enumerate(ORDER)},
        extra_tabs={
            cfg.sheet.journal_tab: journal.headers(lang),
            cfg.sheet.purchases_tab: purchase_headers(lang),
        },
    )
