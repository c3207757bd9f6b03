"""CSV files for Swedish Excel, streamed in chunks: the register's export and the audit trail's.

UTF-8 with a byte order mark and semicolons, so that Excel set to Swedish opens the file as it
is; a cell that a spreadsheet would run as a formula is written as text.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import TypeVar

from django.http import StreamingHttpResponse
from django.utils import timezone, translation

from breachdesk.lib.deadlines import STOCKHOLM

Row = TypeVar("Row")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """`text` as a cell no spreadsheet runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """A file for csv.writer that hands back what was written."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(
    headers: Callable[[], list[str]],
    rows: Iterable[Row],
    cells: Callable[[Row], list[str]],
    *,
    rows_per_chunk: int,
) -> Iterator[bytes]:
    """The file in chunks: `headers()` (made safe here) then `cells(row)` for each row (made
    safe by the caller, who knows which cells are numbers). The language active now is kept
    while each chunk is made, also after the view has returned, and only then: not while
    the chunk is handed on."""
    language = translation.get_language()
    writer = csv.writer(_Line(), delimiter=";")
    write = writer.writerow

    def chunks() -> Iterator[bytes]:
        with translation.override(language):
            lines = ["\ufeff" + write([csv_safe(text) for text in headers()])]
        remaining = iter(rows)
        while True:
            with translation.override(language):
                lines += [write(cells(row)) for row in islice(remaining, rows_per_chunk)]
            if not lines:
                return
            yield "".join(lines).encode()
            lines = []

    return chunks()


def started(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """`chunks` with the first one made now: whatever it reads (a query) runs before a
    streamed answer starts, so that it fails as an error page rather than a cut-off file."""
    first = next(chunks, None)
    return chain([] if first is None else [first], chunks)


def attachment_name(stem: str, extension: str) -> str:
    """A download's file name with today's Swedish date: `breachdesk-register-2026-11-30.csv`."""
    today = timezone.now().astimezone(STOCKHOLM).date().isoformat()
    return f"{stem}-{today}.{extension}"


def csv_response(chunks: Iterator[bytes], stem: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{attachment_name(stem, "csv")}"'
    return response
