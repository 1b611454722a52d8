"""Real workbooks this project did not make (tests/corpus/real, origins in its README): a
client table put in at the XML level, the bot's sync run twice through the real backend;
every part but the few a save may change stays byte for byte, in its order, the second sync
writes nothing, and LibreOffice opens the result. Encrypted files are refused in words."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from bot.core.config import Config
from bot.services.sync import sync
from bot.words import Words
from sheets.errors import SheetError
from sheets.xlsx import XlsxBackend
from tests.lo import soffice, soffice_csv
from tests.test_ooxml import changed_parts, members
from tests.workbooks import MANAGERS, TODAY

REAL = Path(__file__).resolve().parent / "corpus" / "real"
REFUSED = {"encrypted_aes_excelize.xlsx", "encrypted_poi.xlsx"}
FILES = sorted(p.name for p in REAL.iterdir() if p.suffix in (".xlsx", ".xlsm"))
TAB = "Клиенты"
PART = "xl/worksheets/clients_added.xml"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CLIENTS = [
    ["ID", "Компания", "Телефон", "Статус", "Сумма"],
    ["", "Ромашка", "+7 900 000-00-01", "Новый", 1000],
    ["", "Лютик", "+7 900 000-00-02", "Интерес", 2500],
    ["", "Василёк & Co", "+7 900 000-00-03", "Клиент", 400],
    ["", "Итого", "", "", 3900],  # a totals line: never a client
]


def sheet_xml(rows: list[list[object]]) -> bytes:
    """A worksheet holding rows from A1, texts inline, as a hand-made tab would."""
    body = []
    for r, values in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(values):
            where = f"{'ABCDE'[c]}{r}"
            if isinstance(value, (int, float)):
                cells.append(f'<c r="{where}"><v>{value}</v></c>')
            elif value:
                text = str(value).replace("&", "&amp;")
                cells.append(f'<c r="{where}" t="inlineStr"><is><t>{text}</t></is></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(body) + "</sheetData></worksheet>"
    ).encode()


def with_client_tab(path: Path) -> None:
    """Add the clients tab to a workbook by editing its XML (the last tab, a new part)."""
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: (info, zf.read(info)) for info in zf.infolist()}
    root = parts["_rels/.rels"][1].decode()
    book = re.search(r'Target="/?([^"]*)"[^>]*?Type="[^"]*officeDocument"|'
                     r'Type="[^"]*officeDocument"[^>]*?Target="/?([^"]*)"', root)
    assert book is not None
    book_part = book[1] or book[2]
    rels_part = f"{book_part.rsplit('/', 1)[0]}/_rels/{book_part.rsplit('/', 1)[1]}.rels"
    xml = parts[book_part][1].decode()
    ids = [int(n) for n in re.findall(r'sheetId="(\d+)"', xml)]
    prefix = re.search(r"<(\w+:)?sheets\b", xml)
    assert prefix is not None
    p = prefix[1] or ""
    entry = (f'<{p}sheet name="{TAB}" sheetId="{max(ids) + 1}" xmlns:rr="{NS_REL}" '
             f'rr:id="rIdClients"/>')
    xml = xml.replace(f"</{p}sheets>", entry + f"</{p}sheets>", 1)
    target = "/" + PART if book_part.count("/") != 1 else PART.split("/", 1)[1]
    rels = parts[rels_part][1].decode().replace(
        "</Relationships>", f'<Relationship Id="rIdClients" Type="{NS_REL}/worksheet" '
        f'Target="{target}"/></Relationships>')
    types = parts["[Content_Types].xml"][1].decode().replace(
        "</Types>", f'<Override PartName="/{PART}" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>')
    edited = {book_part: xml.encode(), rels_part: rels.encode(),
              "[Content_Types].xml": types.encode()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, (info, data) in parts.items():
            zf.writestr(info, edited.get(name, data))
        zf.writestr(PART, sheet_xml(CLIENTS))


def uncached(xml: bytes) -> bytes:
    """A worksheet without its formulas' cached results (which a save may drop)."""
    xml = re.sub(rb"(</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)<(\w+:)?v>[^<]*</(?:\w+:)?v>", rb"\1",
                 xml)
    return re.sub(rb'(<(?:\w+:)?c\b[^>]*?) t="(?:str|e|b|n)"([^>]*>(?:(?!</(?:\w+:)?c>).)*?'
                  rb"<(?:\w+:)?f\b)", rb"\1\2", xml, flags=re.S)


def check_kept(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Only the parts a save may change changed; kept parts are in their old order."""
    allowed = {PART, "[Content_Types].xml", "docProps/app.xml"}
    for name in changed_parts(before, after) - allowed:
        base = name.rsplit("/", 1)[-1]
        if re.fullmatch(r"(sharedStrings|styles|workbook)\.xml|workbook\.xml\.rels", base):
            continue
        if base.startswith("calcChain") and name not in after:
            continue
        if name not in before and name.startswith("xl/worksheets/sheet"):
            continue  # a tab the bot added
        assert name in before and name in after, name
        assert name.startswith("xl/worksheets/") and uncached(before[name]) == uncached(
            after[name]), f"{name} changed beyond its formulas' cached results"


@pytest.mark.parametrize("name", FILES)
def test_a_real_workbook_takes_a_sync_and_keeps_everything_else(tmp_path: Path,
                                                                name: str) -> None:
    path = tmp_path / ("clients" + Path(name).suffix)
    shutil.copy(REAL / name, path)
    if name in REFUSED:
        with pytest.raises(SheetError) as err:
            XlsxBackend(path).tabs()
        assert err.value.key == "xlsx.encrypted"
        assert "password" in Words("en").error(err.value)
        print(f"corpus: refused {name}")
        return
    with_client_tab(path)
    before = members(path)
    config = Config.model_validate({"sheet": {"path": str(path)}, "managers": MANAGERS})
    plan = sync(XlsxBackend(path), config, TODAY)
    assert plan.changes.cell_count() > 0
    after = members(path)
    check_kept(before, after)
    stamp = path.stat().st_mtime_ns
    again = sync(XlsxBackend(path), config, TODAY)
    assert again.changes.cell_count() == 0 and path.stat().st_mtime_ns == stamp
    rows = XlsxBackend(path).read(TAB)
    assert [r[1] for r in rows[1:4]] == ["Ромашка", "Лютик", "Василёк & Co"]
    assert all(r[0] for r in rows[1:4]) and len(rows) == 5  # IDs given, no row added
    assert rows[4][:2] == [None, "Итого"] and not any(rows[4][5:])  # the totals line untouched
    if soffice() is not None:
        shown = soffice_csv(path, TAB)
        assert shown is not None and [r[1] for r in shown[1:4]] == [r[1] for r in rows[1:4]]
    print(f"corpus: written {name}")
