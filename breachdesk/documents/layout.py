"""A document's built-in layout, written once and used for both of its files.

A layout is a list of blocks whose texts are Jinja snippets over the document's placeholders
(docs/documents.md). `docx_template()` writes the layout as a DOCX template for docxtpl — the
same kind of file a controller uploads as its own template — and pdf.py draws the PDF from the
same blocks. Labels are translated when the layout is built, so one layout serves both
languages.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Text:
    """A paragraph; newlines in its values become line breaks."""

    text: str
    muted: bool = False


@dataclass(frozen=True)
class Fields:
    """Label and value, one row each: (label, value snippet)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FieldLoop:
    """Label and value rows taken from a list: `loop` is "fact in section.facts"."""

    loop: str
    label: str
    value: str


@dataclass(frozen=True)
class Table:
    """A table with a header row and one row per item of `loop` ("row in rows")."""

    headers: tuple[str, ...]
    loop: str
    cells: tuple[str, ...]
    widths: tuple[float, ...] = ()  # in cm; empty: equal


@dataclass(frozen=True)
class Repeat:
    """The blocks once per item of `loop` ("section in sections")."""

    loop: str
    blocks: "tuple[Block, ...]"


@dataclass(frozen=True)
class When:
    """The blocks only when `condition` (a Jinja expression) holds."""

    condition: str
    blocks: "tuple[Block, ...]"


Block = Heading | Text | Fields | FieldLoop | Table | Repeat | When


@dataclass(frozen=True)
class Layout:
    blocks: tuple[Block, ...]
    landscape: bool = False
    page_label: tuple[str, str] = ("Page", "of")  # "Sida", "av"
    extra: dict[str, str] = field(default_factory=dict)


# The running header of every page: the controller, then the reference line (diary number,
# date, version), both composed by the context builder.
HEADER_LINES = ("{{ controller.name }}", "{{ document.header }}")
TITLE = "{{ document.title }}"

# --- DOCX ----------------------------------------------------------------------------------

_INK = RGBColor(0x1B, 0x1B, 0x1B)


def docx_template(layout: Layout) -> bytes:
    """The layout as a DOCX template for docxtpl."""
    document = new_docx()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = styles[name]
        style.font.name = "Arial"
        style.font.color.rgb = _INK
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if layout.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)

    header = section.header.paragraphs[0]
    header.add_run(HEADER_LINES[0]).bold = True
    section.header.add_paragraph(HEADER_LINES[1])
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    footer.add_run(f"{layout.page_label[0]} ")
    _field(footer, "PAGE")
    footer.add_run(f" {layout.page_label[1]} ")
    _field(footer, "NUMPAGES")

    document.add_heading(TITLE, level=1)
    usable = (29.7 if layout.landscape else 21.0) - 4.0  # cm between the margins
    for block in layout.blocks:
        _docx_block(document, block, usable)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _field(paragraph: Paragraph, code: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, shown, end):
        run._r.append(element)


def _repeat_header(table: DocxTable) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _set_widths(table: DocxTable, widths: Sequence[float]) -> None:
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)


def _docx_block(document: object, block: Block, usable: float) -> None:
    add_paragraph = document.add_paragraph  # type: ignore[attr-defined]
    if isinstance(block, Heading):
        document.add_heading(block.text, level=block.level)  # type: ignore[attr-defined]
    elif isinstance(block, Text):
        paragraph = add_paragraph(block.text)
        if block.muted:
            for run in paragraph.runs:
                run.italic = True
    elif isinstance(block, Fields | FieldLoop):
        table = document.add_table(rows=0, cols=2)  # type: ignore[attr-defined]
        table.style = "Table Grid"
        rows = (
            block.rows
            if isinstance(block, Fields)
            else (
                (f"{{%tr for {block.loop} %}}", ""),
                (block.label, block.value),
                ("{%tr endfor %}", ""),
            )
        )
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(label).bold = not label.startswith("{%")
            cells[1].paragraphs[0].add_run(value)
        _set_widths(table, (usable * 0.32, usable * 0.68))
        add_paragraph("")
    elif isinstance(block, Table):
        columns = len(block.headers)
        table = document.add_table(rows=4, cols=columns)  # type: ignore[attr-defined]
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
        table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {block.loop} %}}")
        for cell, text in zip(table.rows[2].cells, block.cells, strict=True):
            cell.paragraphs[0].add_run(text)
        table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
        _repeat_header(table)
        widths = block.widths or tuple(usable / columns for _ in block.headers)
        scale = usable / sum(widths)
        _set_widths(table, [width * scale for width in widths])
        add_paragraph("")
    elif isinstance(block, Repeat | When):
        opening = f"for {block.loop}" if isinstance(block, Repeat) else f"if {block.condition}"
        closing = "endfor" if isinstance(block, Repeat) else "endif"
        add_paragraph(f"{{%p {opening} %}}")
        for inner in block.blocks:
            _docx_block(document, inner, usable)
        add_paragraph(f"{{%p {closing} %}}")
