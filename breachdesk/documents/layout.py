"""A document's built-in layout, written once and turned into both of its templates.

A layout is a list of blocks whose texts are Jinja snippets over the document's placeholders
(docs/documents.md). `docx_template()` writes the layout as a DOCX template for docxtpl — the
same kind of file a controller uploads as its own template — and `html_template()` writes it
as HTML for the PDF. Labels are translated when the layout is built, so one layout serves both
languages.
"""

import html
import io
import re
from collections.abc import Iterator, Sequence
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


# --- HTML for the PDF ----------------------------------------------------------------------

_TAG = re.compile(r"({{.*?}}|{%.*?%})", re.DOTALL)


def _escape_literal(snippet: str) -> str:
    """HTML-escape the literal parts of a snippet, leaving its Jinja tags alone."""
    return "".join(
        part if _TAG.fullmatch(part) else html.escape(part, quote=False)
        for part in _TAG.split(snippet)
    )


def html_template(layout: Layout, *, language: str) -> str:
    """The layout as a Jinja HTML template for WeasyPrint."""
    page, of = (html.escape(word).replace('"', "") for word in layout.page_label)
    orientation = "landscape" if layout.landscape else "portrait"
    body = "".join(_html_block(block) for block in layout.blocks)
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{TITLE}</title>"
        f"<style>@page {{ size: A4 {orientation}; "
        f'@bottom-right {{ content: "{page} " counter(page) " {of} " counter(pages); }} }}'
        "</style></head><body>"
        f'<header class="running"><p class="controller">{HEADER_LINES[0]}</p>'
        f"<p>{HEADER_LINES[1]}</p></header>"
        f"<h1>{TITLE}</h1>{body}</body></html>"
    )


def _html_block(block: Block) -> str:
    return "".join(_html_parts(block))


def _html_parts(block: Block) -> Iterator[str]:
    if isinstance(block, Heading):
        yield f"<h{block.level}>{_escape_literal(block.text)}</h{block.level}>"
    elif isinstance(block, Text):
        css = ' class="muted"' if block.muted else ""
        yield f"<p{css}>{_escape_literal(block.text)}</p>"
    elif isinstance(block, Fields):
        yield '<table class="fields">'
        for label, value in block.rows:
            yield f"<tr><th>{_escape_literal(label)}</th><td>{_escape_literal(value)}</td></tr>"
        yield "</table>"
    elif isinstance(block, FieldLoop):
        yield f'<table class="fields">{{% for {block.loop} %}}'
        yield (
            f"<tr><th>{_escape_literal(block.label)}</th>"
            f"<td>{_escape_literal(block.value)}</td></tr>"
        )
        yield "{% endfor %}</table>"
    elif isinstance(block, Table):
        yield '<table class="grid"><thead><tr>'
        widths = block.widths or tuple(1.0 for _ in block.headers)
        total = sum(widths)
        for text, width in zip(block.headers, widths, strict=True):
            yield f'<th style="width: {100 * width / total:.1f}%">{_escape_literal(text)}</th>'
        yield f"</tr></thead><tbody>{{% for {block.loop} %}}<tr>"
        for cell in block.cells:
            yield f"<td>{_escape_literal(cell)}</td>"
        yield "</tr>{% endfor %}</tbody></table>"
    elif isinstance(block, Repeat):
        yield f"{{% for {block.loop} %}}"
        for inner in block.blocks:
            yield from _html_parts(inner)
        yield "{% endfor %}"
    elif isinstance(block, When):
        yield f"{{% if {block.condition} %}}"
        for inner in block.blocks:
            yield from _html_parts(inner)
        yield "{% endif %}"


STYLESHEET = """
@page { margin: 2.6cm 2cm 2cm 2cm;
  @top-left { content: element(header); width: 100%; }
  @bottom-right { font-size: 8.5pt; color: #444; } }
html { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10pt;
  color: #1b1b1b; line-height: 1.35; }
header.running { position: running(header); font-size: 8.5pt; color: #333;
  border-bottom: 0.5pt solid #888; padding-bottom: 2pt; }
header.running p { margin: 0; }
header.running .controller { font-weight: bold; font-size: 9.5pt; color: #1b1b1b; }
h1 { font-size: 15pt; margin: 0 0 10pt; }
h2 { font-size: 12pt; margin: 14pt 0 5pt; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 10pt 0 4pt; break-after: avoid; }
p { margin: 0 0 6pt; white-space: pre-line; }
p.muted { color: #444; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 0 0 8pt; }
th, td { border: 0.5pt solid #777; padding: 3pt 4pt; vertical-align: top; text-align: left;
  white-space: pre-line; overflow-wrap: anywhere; }
table.fields th { width: 32%; background: #f1f3f5; font-weight: bold; }
table.grid { font-size: 8.5pt; }
table.grid thead th { background: #e4e8ec; }
tr { break-inside: avoid; }
"""
