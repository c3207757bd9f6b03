"""The XLSX writer of lib.xlsxfile: what openpyxl reads back from it, streamed in chunks."""

import io
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from breachdesk.lib.xlsxfile import XlsxValue, xlsx_chunks


def _sheet(chunks: list[bytes]) -> Worksheet:
    sheet = load_workbook(io.BytesIO(b"".join(chunks))).active
    assert isinstance(sheet, Worksheet)
    return sheet


def test_values_are_read_back_as_what_they_are() -> None:
    row: list[XlsxValue] = [
        "text & <markup>",
        '=HYPERLINK("http://evil.example","klicka")',
        "  spaces kept\nand a new line ",
        "Rut\x0bAnmälarsson",
        7,
        Decimal("2.25"),
        0.5,
        date(2026, 3, 28),
        datetime(2026, 3, 27, 9, 30),  # noqa: DTZ001 (Excel has no time zones)
        None,
        "",
        "last",
    ]
    headers = [f"H{index}" for index in range(len(row))]
    sheet = _sheet(
        list(
            xlsx_chunks(
                title='A "sheet" & more, longer than Excel allows',
                headers=headers,
                widths=[16] * len(row),
                rows=[row],
            )
        )
    )
    assert sheet.title == 'A "sheet" & more, longer than E'
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == headers
    assert all(cell.font.b for cell in sheet[1])
    cells = sheet[2]
    values = [cell.value for cell in cells]
    assert values[:9] == [
        "text & <markup>",
        '=HYPERLINK("http://evil.example","klicka")',
        "  spaces kept\nand a new line ",
        "RutAnmälarsson",
        7,
        2.25,
        0.5,
        datetime(2026, 3, 28),  # noqa: DTZ001
        datetime(2026, 3, 27, 9, 30),  # noqa: DTZ001
    ]
    assert values[9] is None and values[10] is None
    assert values[11] == "last"
    assert [cell.data_type for cell in cells[:4]] == ["s"] * 4  # text, never a formula
    assert cells[7].number_format == "yyyy-mm-dd"
    assert cells[8].number_format == "yyyy-mm-dd hh:mm"
    assert sheet.column_dimensions["A"].width == 16


def test_a_long_sheet_leaves_in_chunks_read_as_they_are_asked_for() -> None:
    read = []

    def rows() -> Iterator[list[XlsxValue]]:
        for number in range(20_000):
            read.append(number)
            yield [f"row {number}", number, "Ett brev med personuppgifter i fel kuvert."]

    chunks = xlsx_chunks(title="Register", headers=["a", "b", "c"], widths=[16] * 3, rows=rows())
    assert read == []
    first = next(chunks)
    assert first.startswith(b"PK")
    assert 0 < len(read) < 20_000
    rest = list(chunks)
    assert rest
    sheet = _sheet([first, *rest])
    assert sheet.max_row == 20_001
    assert [cell.value for cell in sheet[20_001]] == [
        "row 19999",
        19999,
        "Ett brev med personuppgifter i fel kuvert.",
    ]
