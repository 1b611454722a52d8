"""LibreOffice as an independent reader of the workbooks the bot writes (tests only)."""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

# CSV filter options: comma, double quote, UTF-8, from line 1, default cell format, locale
# en-US, don't quote all text, detect special numbers, values not as shown, no formulas, keep
# spaces, then the sheet: N (1-based) for one sheet, -1 for every sheet to its own file.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,{}"
# The same, with the cells' contents as shown (in their number formats: "40%", "02.01.1900").
CSV_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,{}"
TIMEOUT = 120


def soffice() -> str | None:
    """The LibreOffice executable, None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_csv(path: str | Path, tab: int | str = 0,
                shown: bool = False) -> list[list[str]] | None:
    """Rows of one tab (0-based index or name) as LibreOffice computes them; with `shown`,
    as it shows them (each cell in its number format).

    None when LibreOffice is not installed; raises RuntimeError when it cannot convert.
    """
    exe = soffice()
    if exe is None:
        return None
    path = Path(path)
    index = tab if isinstance(tab, int) else _tab_names(path).index(tab)
    with tempfile.TemporaryDirectory(prefix="lo-") as tmp:
        out = Path(tmp) / "out"
        _convert(exe, path, (CSV_SHOWN if shown else CSV_FILTER).format(index + 1), out)
        files = sorted(out.glob("*.csv"))
        if len(files) != 1:
            raise RuntimeError(f"LibreOffice made {len(files)} csv files from {path}")
        with open(files[0], encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))


def soffice_convert(path: str | Path, target: str, out_dir: str | Path) -> Path | None:
    """Convert a workbook with LibreOffice (e.g. target "xlsx"); the new file, or None."""
    exe = soffice()
    if exe is None:
        return None
    out = Path(out_dir)
    _convert(exe, Path(path), target, out)
    made = sorted(out.glob(f"{Path(path).stem}.*"))
    if not made:
        raise RuntimeError(f"LibreOffice did not convert {path} to {target}")
    return made[0]


def _convert(exe: str, path: Path, target: str, out: Path) -> None:
    """Run one headless conversion into out, with a throw-away LibreOffice profile."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        _run(exe, path, target, out, Path(profile))


def _run(exe: str, path: Path, target: str, out: Path, profile: Path) -> None:
    """Run soffice --headless --convert-to; RuntimeError when it fails."""
    cmd = [
        exe,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        str(path),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0 or not any(out.iterdir()):
        raise RuntimeError(f"LibreOffice failed on {path}: {done.stdout} {done.stderr}")


def _tab_names(path: Path) -> list[str]:
    """Sheet names in workbook order, read from the package."""
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("xl/workbook.xml"))
    return [el.get("name", "") for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]
