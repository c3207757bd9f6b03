"""XLSX workbooks of one sheet, streamed in chunks as they are written: the register's export.

The sheet's XML is written row by row into a ZIP archive that is handed on as it grows (ZIP
entries written to a stream carry their sizes after their data), so a sheet of any length is
made in constant memory and its first bytes leave before its last row is read. A workbook
written cell by cell through openpyxl (its write-only mode included) costs tens of
microseconds a row more, and keeps every distinct text in memory until it is saved.

What the sheet holds: a bold header row that stays in view, real numbers, dates and times
(Excel has no time zones: the caller gives wall-clock times), and text that is always text (a
cell beginning with "=" is never a formula). Characters a workbook cannot hold are dropped.
"""

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import quoteattr

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

XlsxValue = str | int | float | Decimal | date | datetime | None

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Hand on what was written once it is this long.
_CHUNK_BYTES = 256 * 1024
_ROWS_PER_WRITE = 200

# The styles of the cells, by position in cellXfs: plain, bold (the header), a day, a time.
_BOLD, _DAY, _TIME = 1, 2, 3
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Target="xl/workbook.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>\
</Relationships>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Target="worksheets/sheet1.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>\
<Relationship Id="rId2" Target="styles.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>\
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>"""
_SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>"""
_SHEET_END = "</sheetData></worksheet>"


class _Sink:
    """A write-only file that keeps what was written until it is taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def _cell(ref: str, value: XlsxValue, style: int = 0) -> str:
    """One cell's XML; "" for an empty one. Numbers are written as openpyxl writes them, to
    16 significant digits."""
    if isinstance(value, str):
        if not value:
            return ""
        styled = f' s="{style}"' if style else ""
        text = (
            ILLEGAL_CHARACTERS_RE.sub("", value)
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
        )
        return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"><v>{float(value):.16g}</v></c>'
    # A day or a time: Excel's serial number of days, shown in its format.
    kind = _TIME if isinstance(value, datetime) else _DAY
    return f'<c r="{ref}" s="{kind}"><v>{to_excel(value):.16g}</v></c>'


def xlsx_chunks(
    *,
    title: str,
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence[XlsxValue]],
) -> Iterator[bytes]:
    """The workbook of one sheet called `title` (at most 31 characters, Excel's limit): the
    header row in bold, then `rows`, each a value per column (None: an empty cell), in chunks
    as they are written. Nothing is read from `rows` before the first chunk is asked for."""
    sink = _Sink()
    letters = [get_column_letter(index) for index in range(1, len(headers) + 1)]
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK.format(name=quoteattr(title[:31])))
        book.writestr("xl/styles.xml", _STYLES)
        cols = "".join(
            f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
            for index, width in enumerate(widths, start=1)
        )
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_SHEET_START.format(cols=cols).encode())
            head = "".join(
                _cell(f"{letter}1", text, _BOLD)
                for letter, text in zip(letters, headers, strict=True)
            )
            sheet.write(f'<row r="1">{head}</row>'.encode())
            lines: list[str] = []
            for number, row in enumerate(rows, start=2):
                cells = "".join(
                    [
                        _cell(f"{letter}{number}", value)
                        for letter, value in zip(letters, row, strict=False)
                        if value is not None and value != ""
                    ]
                )
                lines.append(f'<row r="{number}">{cells}</row>')
                if len(lines) == _ROWS_PER_WRITE:
                    sheet.write("".join(lines).encode())
                    lines = []
                    if sink.size >= _CHUNK_BYTES:
                        yield sink.take()
            sheet.write(("".join(lines) + _SHEET_END).encode())
    yield sink.take()
