"""Everything about tables: one interface (read a tab, save changes, create), three backends."""

from .base import Backend, CellValue, CellWrite, Changes, Grid, NewTable, col_letter
from .errors import (
    HeaderError,
    SheetAccessError,
    SheetBusyError,
    SheetError,
    SheetFileError,
    UserError,
)
from .memory import MemoryBackend

__all__ = [
    "Backend",
    "CellValue",
    "CellWrite",
    "Changes",
    "Grid",
    "HeaderError",
    "MemoryBackend",
    "NewTable",
    "SheetAccessError",
    "SheetBusyError",
    "SheetError",
    "SheetFileError",
    "UserError",
    "col_letter",
]
