"""What a file really holds, told by its first bytes and its parts, not by its name: an .xlsx
package, a password-protected one (an OLE compound file), an old .xls, an .ods or an .xlsb."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import SheetFileError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
SUFFIXES = (".xlsx", ".xlsm")
OTHER_FORMATS = {".xls": "xls", ".xlt": "xls", ".ods": "ods", ".fods": "ods", ".xlsb": "xlsb",
                 ".numbers": "numbers", ".csv": "csv", ".xltx": "xltx", ".xltm": "xltx"}
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def check_file(path: Path, location: str) -> None:
    """Raise a SheetFileError saying what the file is when it is not an .xlsx/.xlsm workbook."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        kind = OTHER_FORMATS.get(suffix)
        if kind is not None:
            raise SheetFileError("xlsx.save_as_xlsx", path=location, kind=suffix.lstrip("."))
        raise SheetFileError("xlsx.not_xlsx_suffix", path=location, suffix=suffix or "—")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head == OLE_MAGIC:
                data = fh.read()
    except FileNotFoundError as exc:
        raise SheetFileError("xlsx.not_found", path=location) from exc
    except (IsADirectoryError, PermissionError) as exc:
        reason = exc.strerror or str(exc)
        raise SheetFileError("xlsx.cannot_open", path=location, reason=reason) from exc
    if head == OLE_MAGIC:
        if _ENCRYPTED in data:
            raise SheetFileError("xlsx.encrypted", path=location)
        raise SheetFileError("xlsx.save_as_xlsx", path=location, kind="xls")
    if not head.startswith(ZIP_MAGIC):
        raise damaged(path, location)
    _check_parts(path, location)


def _check_parts(path: Path, location: str) -> None:
    """Tell an .ods or .xlsb renamed to .xlsx, or a zip that is no workbook at all."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.casefold() for n in zf.namelist()}
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError) as exc:
        raise damaged(path, location) from exc
    if b"opendocument" in mimetype:
        raise SheetFileError("xlsx.save_as_xlsx", path=location, kind="ods")
    if "xl/workbook.bin" in names:
        raise SheetFileError("xlsx.save_as_xlsx", path=location, kind="xlsb")
    if "[content_types].xml" not in names:
        raise damaged(path, location)


def damaged(path: Path, location: str) -> SheetFileError:
    """The error for a file that cannot be read as a workbook, naming the backup when there is
    one (never one that does not exist)."""
    backup = path.with_name(backup_name(path))
    if backup.exists():
        return SheetFileError("xlsx.not_a_workbook_backup", path=location, backup=backup.name)
    return SheetFileError("xlsx.not_a_workbook", path=location)


def backup_name(path: Path) -> str:
    """The name of the one backup beside the workbook: name.bak.xlsx."""
    return f"{path.stem}.bak{path.suffix}"
