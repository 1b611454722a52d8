"""The layout `init` creates: headers in PRODUCT.md's order, drop-downs, colours and their
legend, widths that fit the headers and dates, sums with thousands separators, other tabs."""

from __future__ import annotations

from bot.core import journal
from bot.core.config import Config
from bot.core.purchases import headers as purchase_headers
from bot.core.segments import COLORS, Role, Segment, segment_role
from bot.words import Words
from sheets.base import CellValue, NewTable
from sheets.fields import HEADERS, Field

ORDER = [Field.id, Field.company, Field.contact, Field.phone, Field.email, Field.status,
         Field.refusal_reason, Field.last_contact, Field.next_contact, Field.last_purchase,
         Field.value, Field.owner, Field.segment, Field.next_action, Field.note]
WIDTHS = {Field.id: 8, Field.company: 28, Field.contact: 22, Field.phone: 18, Field.email: 24,
          Field.status: 26, Field.refusal_reason: 26, Field.last_contact: 14,
          Field.next_contact: 14, Field.last_purchase: 14, Field.value: 12, Field.owner: 14,
          Field.segment: 18, Field.next_action: 44, Field.note: 40}
MONEY = "#,##0"  # thousands separated as the reader's locale does: 125 000 or 125,000
# The journal's and the purchases tab's widths: "24.11.2026 10:00" needs 16 characters and more.
JOURNAL_WIDTHS = [18, 14, 11, 28, 14, 24, 14, 40]
PURCHASE_WIDTHS = [11, 12, 14, 30]


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
        formats={ORDER.index(Field.value): MONEY},
        extra_widths={cfg.sheet.journal_tab: dict(enumerate(JOURNAL_WIDTHS)),
                      cfg.sheet.purchases_tab: dict(enumerate(PURCHASE_WIDTHS))},
        extra_formats={cfg.sheet.purchases_tab: {2: MONEY}},
        legend_tab=Words(lang)("legend.tab"),
        legend=legend(cfg),
    )


def legend(cfg: Config) -> list[list[str]]:
    """The colours' legend: a header, then each segment's label, who serves it and when."""
    w = cfg.words()
    rows = [[w("legend.segment"), w("legend.who"), w("legend.when")]]
    for s in Segment:
        role = segment_role(s, cfg.rules.lapsed_role)
        who = w(f"legend.role.{role.value}") if isinstance(role, Role) else "—"
        rows.append([cfg.label(s), who, w(f"legend.when.{s.value}")])
    return rows
