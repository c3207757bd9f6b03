"""Read the text back out of produced files, as a person opening them would see it."""

import io
import zipfile

import docx
from pypdf import PdfReader


def _visible(text: str) -> str:
    # A soft hyphen shows only where a line breaks.
    return text.replace("\xad", "")


def docx_text(content: bytes) -> str:
    """Every paragraph of the body, its tables (cell by cell), headers and footers."""
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        parts += [paragraph.text for paragraph in section.header.paragraphs]
        parts += [paragraph.text for paragraph in section.footer.paragraphs]
    return _visible("\n".join(parts))


def docx_tables(content: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(content))
    return [
        [[_visible(cell.text) for cell in row.cells] for row in table.rows]
        for table in document.tables
    ]


def docx_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.read("word/document.xml").decode()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def squash(text: str) -> str:
    """Whitespace folded, so that text wrapped in a PDF cell compares with its source."""
    return " ".join(text.split())
