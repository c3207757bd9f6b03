"""The PDF of a layout, drawn with ReportLab.

The layout's blocks are walked with the context: each Jinja snippet is evaluated in the same
sandbox as the DOCX (plain data only, a missing placeholder is an error) and the resulting text
is escaped before it reaches ReportLab, so nothing a person typed becomes markup — no image,
link or font is ever loaded from what a document says. Every page carries the controller's
name, the reference line and "page N of M".

ReportLab rather than an HTML engine: a committee report of a year of a large register has
thousands of table rows, which ReportLab lays out many times faster, and it needs no system
libraries. The tables of those rows are drawn by pdf_table.RowTable, as a LongTable of
paragraphs would draw them but without its work per cell (bench/committee_report.py).
"""

import io
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    LongTable,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from breachdesk.documents.layout import (
    HEADER_LINES,
    TITLE,
    Block,
    FieldLoop,
    Fields,
    Heading,
    Layout,
    Repeat,
    Table,
    Text,
    When,
)
from breachdesk.documents.pdf_table import (
    INK,
    LINE,
    SHADE,
    RowTable,
    Widths,
    paragraph,
    table_cell,
)

# Fonts with every Swedish character and the typographic dashes; the first found is used.
# Without any, ReportLab's built-in Helvetica (Latin-1) still writes Swedish.
_FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/dejavu",
)
_FONT_FILES = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
)


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str, str]:
    """The regular, bold and italic font names to use, registered once per process."""
    for directory in _FONT_DIRS:
        for regular, bold, italic in _FONT_FILES:
            paths = [Path(directory) / name for name in (regular, bold, italic)]
            if all(path.exists() for path in paths):
                names = ("BD-Regular", "BD-Bold", "BD-Italic")
                for name, path in zip(names, paths, strict=True):
                    pdfmetrics.registerFont(TTFont(name, str(path)))
                return names
    return ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique")


# Page streams compressed but not ASCII85-encoded: the encoding is pure Python in ReportLab
# and took a tenth of the time of a long report (bench/committee_report.py).
rl_config.useA85 = 0


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, textColor=INK)
    return {
        "title": ParagraphStyle(
            "title", body, fontName=bold, fontSize=15, leading=19, spaceAfter=8
        ),
        # A heading stays on the page of what follows it.
        "h2": ParagraphStyle(
            "h2",
            body,
            fontName=bold,
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "h3": ParagraphStyle(
            "h3",
            body,
            fontName=bold,
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
        ),
        "body": ParagraphStyle("body", body, spaceAfter=5),
        "muted": ParagraphStyle(
            "muted", body, fontName=italic, textColor=colors.HexColor("#444444"), spaceAfter=6
        ),
        "label": ParagraphStyle("label", body, fontName=bold, fontSize=9.5, leading=12),
        "value": ParagraphStyle("value", body, fontSize=9.5, leading=12),
        "th": ParagraphStyle("th", body, fontName=bold, fontSize=7.5, leading=9.5),
        "td": ParagraphStyle("td", body, fontSize=8, leading=10),
        "header": ParagraphStyle("header", body, fontSize=8.5, leading=11),
        "footer": ParagraphStyle("footer", body, fontSize=8.5, alignment=TA_RIGHT),
    }


_JOIN = "\x00"


class _Evaluator:
    """Evaluates the layout's snippets and expressions in the sandbox, compiling each once."""

    def __init__(self, environment: ImmutableSandboxedEnvironment) -> None:
        self.environment = environment
        self.templates: dict[str, Template] = {}
        self.expressions: dict[str, Any] = {}

    def text(self, snippet: str, scope: Mapping[str, Any]) -> str:
        template = self.templates.get(snippet)
        if template is None:
            template = self.templates[snippet] = self.environment.from_string(snippet)
        return template.render(scope)

    def texts(self, snippets: tuple[str, ...], scope: Mapping[str, Any]) -> list[str]:
        """The snippets of one table row, rendered as one template: a sandbox render costs
        more than the few values it fills in. They are joined by NUL, which render.clean()
        takes out of every value."""
        texts = self.text(_JOIN.join(snippets), scope).split(_JOIN)
        if len(texts) != len(snippets):
            return [self.text(snippet, scope) for snippet in snippets]
        return texts

    def value(self, expression: str, scope: Mapping[str, Any]) -> Any:
        compiled = self.expressions.get(expression)
        if compiled is None:
            compiled = self.expressions[expression] = self.environment.compile_expression(
                expression, undefined_to_none=False
            )
        return compiled(**scope)

    def loop(self, loop: str, scope: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        name, _in, expression = loop.partition(" in ")
        for item in self.value(expression.strip(), scope):
            yield {**scope, name.strip(): item}


class _Page:
    """Draws the running header and "page N of M" once the page count is known."""

    def __init__(self, header: tuple[str, str], page_label: tuple[str, str], size: Any) -> None:
        self.header, self.page_label, self.size = header, page_label, size

    def canvas(self, *args: Any, **kwargs: Any) -> Canvas:
        page = self

        class Numbered(Canvas):  # type: ignore[misc]
            def __init__(self, *a: Any, **k: Any) -> None:
                super().__init__(*a, **k)
                self.pages: list[dict[str, Any]] = []

            def showPage(self) -> None:  # ReportLab's name
                self.pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self.pages)
                for state in self.pages:
                    self.__dict__.update(state)
                    page.draw(self, total)
                    Canvas.showPage(self)
                Canvas.save(self)

        return Numbered(*args, **kwargs)

    def draw(self, canvas: Canvas, total: int) -> None:
        regular, bold, _italic = fonts()
        width, height = self.size
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(bold, 9.5)
        canvas.drawString(2 * cm, height - 1.2 * cm, self.header[0])
        canvas.setFont(regular, 8.5)
        canvas.drawString(2 * cm, height - 1.62 * cm, self.header[1])
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.5)
        canvas.line(2 * cm, height - 1.8 * cm, width - 2 * cm, height - 1.8 * cm)
        word, of = self.page_label
        canvas.drawRightString(
            width - 2 * cm, 1.1 * cm, f"{word} {canvas.getPageNumber()} {of} {total}"
        )
        canvas.restoreState()


def _grid(rows: list[list[Flowable]], widths: list[float], *, header: bool) -> LongTable:
    """A table of label and value (`header` False), or with a header row on every page, the
    look pdf_table.RowTable draws for the long tables."""
    table = LongTable(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    style.append(("BACKGROUND", (0, 0), (-1 if header else 0, 0 if header else -1), SHADE))
    table.setStyle(TableStyle(style))
    return table


def _flowables(
    blocks: tuple[Block, ...],
    scope: Mapping[str, Any],
    evaluate: _Evaluator,
    styles: dict[str, ParagraphStyle],
    usable: float,
) -> Iterator[Flowable]:
    for block in blocks:
        if isinstance(block, Heading):
            style = styles["h2" if block.level <= 2 else "h3"]
            # A heading is not left alone at the foot of a page.
            yield CondPageBreak(4 * cm)
            yield paragraph(evaluate.text(block.text, scope), style)
        elif isinstance(block, Text):
            text = evaluate.text(block.text, scope)
            if text.strip():
                yield paragraph(text, styles["muted" if block.muted else "body"])
        elif isinstance(block, Fields | FieldLoop):
            pairs = (
                [(label, value) for label, value in block.rows]
                if isinstance(block, Fields)
                else [(block.label, block.value)]
            )
            scopes = (
                [scope] if isinstance(block, Fields) else list(evaluate.loop(block.loop, scope))
            )
            rows = [
                [
                    paragraph(evaluate.text(label, inner), styles["label"]),
                    paragraph(evaluate.text(value, inner), styles["value"]),
                ]
                for inner in scopes
                for label, value in pairs
            ]
            if rows:
                table = _grid(rows, [usable * 0.32, usable * 0.68], header=False)
                yield table
                yield Spacer(1, 6)
        elif isinstance(block, Table):
            widths = block.widths or tuple(1.0 for _ in block.headers)
            scale = usable / sum(widths)
            cells = [width * scale - 8 for width in widths]  # less the cell padding
            th, td = Widths(styles["th"]), Widths(styles["td"])
            head = [
                table_cell(evaluate.text(text, scope), styles["th"], cell, th, soft_breaks=True)
                for text, cell in zip(block.headers, cells, strict=True)
            ]
            body = [
                [
                    table_cell(text, styles["td"], cell, td, soft_breaks=False)
                    for text, cell in zip(evaluate.texts(block.cells, inner), cells, strict=True)
                ]
                for inner in evaluate.loop(block.loop, scope)
            ]
            yield RowTable([head, *body], [width * scale for width in widths])
            yield Spacer(1, 6)
        elif isinstance(block, Repeat):
            for inner in evaluate.loop(block.loop, scope):
                yield from _flowables(block.blocks, inner, evaluate, styles, usable)
        elif isinstance(block, When) and evaluate.value(block.condition, scope):
            yield from _flowables(block.blocks, scope, evaluate, styles, usable)


def render_layout_pdf(
    layout: Layout,
    context: Mapping[str, Any],
    *,
    environment: ImmutableSandboxedEnvironment,
    language: str,
) -> bytes:
    """The PDF of `layout` filled with `context`."""
    evaluate = _Evaluator(environment)
    styles = _styles()
    size = landscape(A4) if layout.landscape else A4
    usable = size[0] - 4 * cm - 12  # the frame's own padding is 6 pt a side
    header = (evaluate.text(HEADER_LINES[0], context), evaluate.text(HEADER_LINES[1], context))
    title = evaluate.text(TITLE, context)
    story: list[Flowable] = [paragraph(title, styles["title"])]
    story += list(_flowables(layout.blocks, context, evaluate, styles, usable))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2.4 * cm,
        bottomMargin=1.9 * cm,
        title=title,
        author=header[0],
        creator="Breachdesk",
        lang=language,
        invariant=True,
    )
    page = _Page(header, layout.page_label, size)
    document.build(story, canvasmaker=page.canvas)
    return out.getvalue()
