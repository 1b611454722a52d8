"""How `init` dresses a new Google sheet's tabs: a header white on dark blue, columns as wide as
their header and data, number formats per column, and the tab that explains the row colours."""

from __future__ import annotations

from typing import Any

from .base import HEADER_FILL, HEADER_FONT, NewTable, fit
from .google_requests import PIXELS_PADDING, PIXELS_PER_CHAR, cell_data, google_format, rgb

HEADER_FIELDS = "userEnteredFormat.backgroundColorStyle,userEnteredFormat.textFormat"


def dressing(sheet_id: int, header: list[str], widths: dict[int, int],
             formats: dict[int, str]) -> list[dict[str, Any]]:
    """The header's colours, every column's width, the columns' number formats (below row 1)."""
    if not header:
        return []
    out: list[dict[str, Any]] = [_repeat(sheet_id, 0, 1, 0, len(header), {
        "backgroundColorStyle": {"rgbColor": rgb(HEADER_FILL)},
        "textFormat": {"bold": True, "foregroundColorStyle": {"rgbColor": rgb(HEADER_FONT)}},
    }, HEADER_FIELDS)]
    for col, title in enumerate(header):
        pixels = fit(title, widths.get(col)) * PIXELS_PER_CHAR + PIXELS_PADDING
        span = {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": col,
                "endIndex": col + 1}
        out.append({"updateDimensionProperties": {
            "range": span, "properties": {"pixelSize": pixels}, "fields": "pixelSize"}})
    for col, code in sorted(formats.items()):
        out.append(_repeat(sheet_id, 1, None, col, col + 1,
                           {"numberFormat": google_format(code)},
                           "userEnteredFormat.numberFormat"))
    return out


def legend(sheet_id: int, table: NewTable) -> list[dict[str, Any]]:
    """The legend tab's rows under its header, each first cell filled with its colour."""
    header, *rows = table.legend
    values = [{"values": [cell_data(v)[0] for v in row]} for row in rows]
    start = {"sheetId": sheet_id, "rowIndex": 1, "columnIndex": 0}
    out: list[dict[str, Any]] = [
        {"updateCells": {"start": start, "rows": values, "fields": "userEnteredValue"}}]
    for r, row in enumerate(rows, start=1):
        colour = table.colors.get(row[0]) if row else None
        if colour:
            out.append(_repeat(sheet_id, r, r + 1, 0, 1,
                               {"backgroundColorStyle": {"rgbColor": rgb(colour)}},
                               "userEnteredFormat.backgroundColorStyle"))
    widths = {c: max(len(str(r[c])) for r in rows if c < len(r)) + 2
              for c in range(len(header))}
    return out + dressing(sheet_id, header, widths, {})


def _repeat(sheet_id: int, r0: int, r1: int | None, c0: int, c1: int, fmt: dict[str, Any],
            fields: str) -> dict[str, Any]:
    """A repeatCell of one format over a range (r1=None: to the end of the tab)."""
    grid = {"sheetId": sheet_id, "startRowIndex": r0, "startColumnIndex": c0,
            "endColumnIndex": c1}
    if r1 is not None:
        grid["endRowIndex"] = r1
    return {"repeatCell": {"range": grid, "cell": {"userEnteredFormat": fmt}, "fields": fields}}
