"""The .xlsx package engine: read a tab's values fast, and save by patching only the cells
written into their sheet's XML while every other part of the package is copied as it is.

    package   the zip: parts in order, raw copy of what does not change
    workbook  tabs, date system, names; new tabs, recalculation on open, calcChain
    sheet     one worksheet's rows located and rebuilt where cells change
    cells     references, escaping, numbers and date serials
    styles    date formats, the quote prefix, the header format
    tables    Excel tables (ListObjects) grown by rows and columns
    formulas  which cells a formula reads
    stale     the formulas a save feeds: their cached results dropped, recalculation asked
    reader    a tab's values through python-calamine
    edit      one save's changes worked out into parts
    files     what kind of file a path really holds
"""

from .edit import Edit
from .package import Package, write_package
from .reader import read_grid
from .workbook import Book, Tab, read_book

__all__ = ["Book", "Edit", "Package", "Tab", "read_book", "read_grid", "write_package"]
