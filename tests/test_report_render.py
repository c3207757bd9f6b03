"""The long reports' files are drawn cheaply and as before: table cells broken into lines as
ReportLab's paragraphs break them, tables paginated as LongTable paginates them, and the DOCX
filled by docxtpl with a cheaper last pass that gives the same document."""

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from docxtpl import DocxTemplate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from breachdesk.documents import pdf, pdf_table
from breachdesk.documents.builtin import builtin_docx, builtin_pdf_layout
from breachdesk.documents.render import _Template, clean, render_pdf, sandbox
from tests.documents_text import pdf_pages, pdf_text, squash


@pytest.fixture(autouse=True)
def _swedish() -> Iterator[None]:
    with translation.override("sv"):
        yield


STYLES = pdf._styles()
# The inner widths of the cells of the committee report's and the incident log's columns.
USABLE = landscape(A4)[0] - 4 * cm - 12
WIDTHS = sorted(
    {
        width * USABLE / sum(widths) - 8
        for widths in ((0.9, 2.0, 2.4, 5.4, 2.7, 2.4, 6.2, 3.4, 3.4), (3, 8, 7, 2.4, 2.6, 7))
        for width in widths
    }
)
WORDS = [
    "Ett",
    "beslut",
    "om",
    "försörjningsstöd",
    "lades",
    "i",
    "fel",
    "kuvert",
    "Integritetsskyddsmyndigheten",
    "personuppgiftsincidentsanmälan",
    "e-post",
    "(TLS)",
    "1234.",
    "22AFN120",
    "Åtgärd",
    "<b>",
    "A&O",
    '"citat"',
    "-",
    "\xa0",
    "\t",
]


def _paragraph_lines(text: str, style: Any, width: float) -> list[tuple[float, str]]:
    paragraph = pdf_table.paragraph(text, style)
    paragraph.wrap(width, 1e9)
    lines = paragraph.blPara
    if lines.kind == 0:
        return [(room, " ".join(words)) for room, words in lines.lines]
    return [(line.extraSpace, "".join(word.text for word in line.words)) for line in lines.lines]


def _compare(text: str, style: Any, width: float) -> None:
    mine = pdf_table._broken(pdf_table.plain(text, style), width, pdf_table.Widths(style))
    if mine is None:  # drawn as a paragraph
        return
    theirs = _paragraph_lines(text, style, width)
    assert [line.rstrip() for _room, line, _spaces in mine] == [
        line.rstrip() for _room, line in theirs
    ]
    # Where a line runs over and its spaces shrink, it shrinks them by the same amount.
    for (room, _line, _spaces), (their_room, _their_line) in zip(mine, theirs, strict=True):
        assert (room < -1e-8) == (their_room < -1e-8)
        if room < -1e-8:
            assert room == pytest.approx(their_room)


texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", "  ", "\n", "\n\n", " \n"])),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, width=st.sampled_from(WIDTHS), style=st.sampled_from(["td", "th"]))
def test_a_cell_is_broken_into_the_lines_of_a_paragraph(
    text: str, width: float, style: str
) -> None:
    _compare(text, STYLES[style], width)


@pytest.mark.parametrize(
    ("text", "column", "plain"),
    [
        ("Ett beslut om försörjningsstöd lades i fel kuvert och skickades till en annan.", 3, True),
        ("1234.", 0, True),  # wider than the Nr column: split as a paragraph splits it
        ("2026-03-01\nBULK-1234", 2, True),
        ("Beskrivning\n\nOrsak", 3, True),
        ("A&O", 3, True),
        ("en\xa0hårt mellanslag", 3, False),
        ("en\ttabb", 3, False),
        ("rad\nIntegritetsskyddsmyndighetenpersonuppgiftsincidentsanmälan", 2, False),
        ("A&O Integritetsskyddsmyndighetenpersonuppgiftsincidentsanmälan", 2, False),
    ],
)
def test_plain_text_takes_the_cheap_way_and_the_rest_a_paragraph(
    text: str, column: int, plain: bool
) -> None:
    style, width = STYLES["td"], WIDTHS[column]
    cell = pdf_table.table_cell(text, style, width, pdf_table.Widths(style), soft_breaks=False)
    assert isinstance(cell, pdf_table.Lines) is plain
    assert isinstance(cell, Paragraph) is not plain
    _compare(text, style, width)


@pytest.mark.parametrize("style", ["td", "th"])
def test_a_line_a_little_too_wide_fits_by_narrowing_its_spaces_as_in_a_paragraph(
    style: str,
) -> None:
    text = "beslut om fel kuvert"
    widths = pdf_table.Widths(STYLES[style])
    width = widths("beslut om fel") - 0.05  # within what two spaces may shrink
    lines = pdf_table._broken(text, width, widths)
    assert lines is not None
    assert [line for _room, line, _spaces in lines] == ["beslut om fel", "kuvert"]
    assert lines[0][0] < 0
    _compare(text, STYLES[style], width)


def _rows(count: int) -> list[list[str]]:
    return [
        [
            f"{index}.",
            f"22AFN{index}",
            "2026-03-01",
            " ".join(["Ett brev med personuppgifter skickades till fel mottagare."] * (index % 5)),
            "Barn och unga",
            "Mats Chefsson",
            "Rutin\nUtbildning" if index % 2 else "Utredning pågår",
            "Nej",
            "",
        ]
        for index in range(1, count + 1)
    ]


def _story_pdf(story: list[Any]) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4), invariant=True).build(story)
    return out.getvalue()


def test_a_row_table_is_paginated_as_a_longtable_with_paragraphs() -> None:
    headers = ["Nr", "Dnr", "Händelse\xaddatum", "Incident", "Enhet", "Chef", "Åtgärd", "IMY", ""]
    widths = [(0.9, 2.0, 2.4, 5.4, 2.7, 2.4, 6.2, 3.4, 3.4)[i] * USABLE / 28.8 for i in range(9)]
    rows = [headers, *_rows(300)]
    th, td = pdf_table.Widths(STYLES["th"]), pdf_table.Widths(STYLES["td"])
    cells = [
        [
            pdf_table.table_cell(
                text,
                STYLES["th" if index == 0 else "td"],
                width - 8,
                th if index == 0 else td,
                soft_breaks=index == 0,
            )
            for text, width in zip(row, widths, strict=True)
        ]
        for index, row in enumerate(rows)
    ]
    paragraphs = [
        [
            pdf_table.paragraph(text, STYLES["th" if index == 0 else "td"], width - 8)
            for text, width in zip(row, widths, strict=True)
        ]
        for index, row in enumerate(rows)
    ]
    mine = _story_pdf([pdf_table.RowTable(cells, widths)])
    theirs = _story_pdf([pdf._grid(paragraphs, widths, header=True)])
    assert pdf_pages(mine) == pdf_pages(theirs) > 3
    for page_mine, page_theirs in zip(
        PdfReader(io.BytesIO(mine)).pages, PdfReader(io.BytesIO(theirs)).pages, strict=True
    ):
        assert squash(page_mine.extract_text()) == squash(page_theirs.extract_text())


def _committee_context(count: int) -> dict[str, Any]:
    keys = ("nr", "dnr", "event_date", "incident", "unit", "manager", "measures")
    rows = [
        {**dict(zip(keys, row, strict=False)), "imy_notified": "Nej", "imy_decision": ""}
        for row in _rows(count)
    ]
    for row in rows:
        row["nr"] = row["nr"].rstrip(".")
    return {
        "document": {"title": "Personuppgiftsincidenter", "header": "2026-12-02 · Version 1"},
        "controller": {"name": "Socialnämnden"},
        "committee": {"name": "Socialnämnden", "meetings": "2026-01-01"},
        "sections": [{"since": "2026-01-01", "rows": rows}, {"since": "2026-06-01", "rows": []}],
    }


def test_a_long_committee_report_has_its_header_row_on_every_page_and_every_row_once() -> None:
    content = render_pdf(
        builtin_pdf_layout("committee_report"), _committee_context(400), language="sv"
    )
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) > 10
    pages = [squash(page.extract_text()) for page in reader.pages]
    assert all("Dnr" in page and "Ansvarig chef" in page for page in pages)
    text = squash(pdf_text(content))
    for index in range(1, 401):
        assert text.count(f"22AFN{index} ") == 1, index
    assert "Inga nya incidenter." in pages[-1]


@pytest.mark.parametrize("kind", ["committee_report", "incident_log"])
def test_the_docx_is_what_docxtpl_itself_makes(kind: str) -> None:
    """The cheaper last pass (breaks for newlines, tabs, page breaks) changes nothing."""
    odd = "rad ett\nrad två\tefter tabb\fny sida\aett stycke & <tecken>"
    context = _committee_context(30)
    for row in context["sections"][0]["rows"][::3]:
        row["incident"] = odd
    context["rows"] = [
        {
            "reported_on": "2026-01-0" + str(n % 9 + 1),
            "dnr": f"22AFN{n}",
            "description": odd if n % 2 else "Brev",
            "measures": "Rutin\nUtbildning",
            "dpo_contact": "Ja",
            "imy_notified": "Nej",
            "assessment": "",
        }
        for n in range(30)
    ]
    context["period"] = {"start": "2026-01-01", "end": "", "unit": ""}

    def document_xml(template_class: type[DocxTemplate]) -> bytes:
        document = template_class(io.BytesIO(builtin_docx(kind)))
        document.render(clean(context), jinja_env=sandbox(), autoescape=True)
        out = io.BytesIO()
        document.save(out)
        with zipfile.ZipFile(out) as package:
            return package.read("word/document.xml")

    mine, theirs = document_xml(_Template), document_xml(DocxTemplate)
    assert b"<w:br/>" in mine and b"<w:tab/>" in mine
    assert mine == theirs
