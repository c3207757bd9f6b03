"""Text and tables of the PDF, as ReportLab would lay them out but cheaper where a document
is long: a year's committee report is tens of thousands of table cells.

A cell of plain text is broken into lines here, once, exactly as a ReportLab paragraph of its
style breaks it (tests/test_report_pdf.py compares the two), and drawn as the paragraph draws
it; RowTable draws a table with a header row repeated on every page as a LongTable would, from
such cells, without a LongTable's work for every cell on every page it is split for. Text a
paragraph treats in ways of its own (unusual whitespace, or a word wider than its cell in a
text of several lines) stays a paragraph.
"""

import re
from typing import TypeAlias
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph

# The colours of every PDF: text, lines, the shading of header rows.
INK = colors.HexColor("#1b1b1b")
LINE = colors.HexColor("#777777")
SHADE = colors.HexColor("#eef1f4")


def plain(text: str, style: ParagraphStyle, width: float = 0) -> str:
    """`text` with its soft hyphens resolved: a word with a soft hyphen
    (Integritetsskydds\u00admyndigheten) that is wider than `width` is broken there, with a
    hyphen and a new line; elsewhere the soft hyphen is dropped."""
    if "\xad" not in text:
        return text
    words = []
    for word in text.split(" "):
        head, soft, tail = word.partition("\xad")
        plain = word.replace("\xad", "")
        if soft and width and stringWidth(plain, style.fontName, style.fontSize) > width:
            words.append(f"{head}-\n{tail.replace(chr(0xAD), '')}")
        else:
            words.append(plain)
    return " ".join(words)


def paragraph(text: str, style: ParagraphStyle, width: float = 0) -> Paragraph:
    """`text` as a paragraph: escaped, so what a person typed is never ReportLab markup; soft
    hyphens as `_plain` resolves them."""
    return Paragraph(escape(plain(text, style, width)).replace("\n", "<br/>"), style)


# Text a table cell can hold as plain lines: anything but whitespace other than spaces and
# newlines (ReportLab's paragraphs treat those in ways of their own), soft hyphens (resolved
# before) and the zero-width space.
_NOT_PLAIN = re.compile("[^\\S \n]|[\xad\u200b]")


_ESCAPED = re.compile("[&<>]")


class Widths:
    """The width of each word in one font and size, measured once per document."""

    def __init__(self, style: ParagraphStyle) -> None:
        self.font, self.size = style.fontName, style.fontSize
        self.known: dict[str, float] = {}
        self.space = self(" ")
        # The lines of each text and width broken once (units, managers, "No" repeat).
        self.broken: dict[tuple[str, float], list[tuple[float, str, int]] | None] = {}

    def __call__(self, word: str) -> float:
        width = self.known.get(word)
        if width is None:
            width = self.known[word] = stringWidth(word, self.font, self.size)
        return width


# How far a line may run over its width by narrowing its spaces, as a share of a space
# (ReportLab's paragraphs do the same).
_SHRINK = rl_config.spaceShrinkage


def _broken(text: str, width: float, widths: Widths) -> list[tuple[float, str, int]] | None:
    """`text` broken into lines of at most `width` exactly as a ReportLab paragraph breaks
    it: greedily at spaces, a newline a forced break, a word wider than the line split where
    it runs over. For each line: the room left (less than zero where its spaces shrink), the
    line, and its number of spaces. None where only a paragraph knows: unusual whitespace, or
    a word wider than the line in a text of several lines or with markup characters."""
    if _NOT_PLAIN.search(text):
        return None
    parts = text.split("\n")
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()  # a paragraph ends at its last line break
    if len(parts) == 1 and not parts[0].strip():
        return []
    # ReportLab splits a long word its own other way in a text it reads as several pieces: one
    # with line breaks, or with characters escaped for its markup.
    split_long = "\n" not in text and not _ESCAPED.search(text)
    lines: list[tuple[float, str, int]] = []
    for part in parts:
        if not _break_words(part.split(), width, widths, lines, split_long=split_long):
            return None
    return lines


def _break_words(
    words: list[str],
    width: float,
    widths: Widths,
    lines: list[tuple[float, str, int]],
    *,
    split_long: bool,
) -> bool:
    """The lines of `words` onto `lines`, as ReportLab's Paragraph.breakLines for one style
    does; False, and nothing added, for a word wider than the line unless `split_long`."""
    space, shrink = widths.space, _SHRINK * widths.space
    added: list[tuple[float, str, int]] = []
    line: list[str] = []
    used = -space
    forced = False  # the line ends after this word: a long word's first piece
    stack = [(word, False) for word in reversed(words)]  # (word, is a piece of a long word)
    while stack:
        word, piece = stack.pop()
        if piece and not word:
            forced = True
        word_width = widths(word)
        wider = used + space + word_width
        limit = width + shrink * len(line)
        if wider > limit and not forced and not piece and word_width > width:
            if not split_long:
                return False
            stack += reversed(_pieces(word, used + space, width, widths))
            forced = True
            continue
        if wider <= limit or not line or forced:
            if word:
                line.append(word)
            if forced:
                forced = False
                added.append((width - wider, " ".join(line), len(line) - 1))
                line, used = [], -space
            else:
                used = wider
        else:
            added.append((width - used, " ".join(line), len(line) - 1))
            line, used = [word], word_width
    if line or not words:
        added.append((width - used if line else width, " ".join(line), len(line) - 1))
    lines += added
    return True


def _pieces(word: str, used: float, width: float, widths: Widths) -> list[tuple[str, bool]]:
    """A word wider than a line in pieces that fill the rest of this line and the next ones
    (ReportLab's _splitWord)."""
    pieces = []
    text = ""
    for char in word:
        char_width = widths(char)
        wider = used + char_width
        if wider > width and (text or char_width <= width):
            pieces.append((text, True))
            wider, text = char_width, ""
        text += char
        used = wider
    pieces.append((text, True))
    return pieces


class Lines:
    """A table cell of plain text in the lines `_broken` gave, drawn as a paragraph of `style`
    draws them: no markup to parse, and broken once, not each time the table measures it."""

    def __init__(self, lines: list[tuple[float, str, int]], style: ParagraphStyle) -> None:
        self.lines, self.style = lines, style
        self.height = len(lines) * style.leading

    def draw(self, text: PDFTextObject, x: float, top: float) -> None:
        """Draw with `text`, set in this cell's font, the first line's top at `top`."""
        text.setTextOrigin(x, top - self.style.fontSize)
        for room, line, spaces in self.lines:
            if room < -1e-8 and spaces:
                text.setWordSpace(room / spaces)
                text.textLine(line)
                text.setWordSpace(0)
            else:
                text.textLine(line)


Cell: TypeAlias = "Lines | Paragraph"


def table_cell(
    text: str, style: ParagraphStyle, width: float, widths: Widths, *, soft_breaks: bool
) -> Cell:
    """A table cell `width` wide (inside its padding): plain lines where the text allows,
    else a paragraph. With `soft_breaks`, a word too wide is broken at its soft hyphen."""
    shown = plain(text, style, width if soft_breaks else 0)
    key = (shown, width)
    if key in widths.broken:
        lines = widths.broken[key]
    else:
        lines = widths.broken[key] = _broken(shown, width, widths)
    if lines is None:
        paragraph = Paragraph(escape(shown).replace("\n", "<br/>"), style)
        paragraph.wrap(width, 0x7FFFFFFF)
        return paragraph
    return Lines(lines, style)


_PAD_X, _PAD_TOP, _PAD_BOTTOM = 4, 3, 3


class RowTable(Flowable):  # type: ignore[misc]
    """A table of a header row and body rows, the header repeated on each page: what a
    LongTable styled as `pdf._grid(..., header=True)` draws, row heights, page breaks, shading and
    lines alike, without a LongTable's work for each cell (measured anew for each page it is
    split for). A row is never split; one taller than a page does not fit, as in a LongTable."""

    def __init__(
        self, rows: list[list[Cell]], widths: list[float], heights: list[float] | None = None
    ) -> None:
        super().__init__()
        self.hAlign = "CENTER"  # a Table's
        self.rows, self.widths = rows, widths
        self.columns = [0.0]
        for width in widths:
            self.columns.append(self.columns[-1] + width)
        self.heights = heights or [
            max(cell.height for cell in row) + _PAD_TOP + _PAD_BOTTOM for row in rows
        ]
        # The tops of the rows from the bottom up, summed as a Table sums them (compensated).
        self.tops: list[float] = []
        height = carry = 0.0
        for row_height in reversed(self.heights):
            self.tops.append(height)
            step = row_height - carry
            total = height + step
            carry = (total - height) - step
            height = total
        self.tops.append(height)
        self.tops.reverse()
        self.width, self.height = self.columns[-1], height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        used, fits = 0.0, 0
        for row_height in self.heights:
            if used + row_height > availHeight:
                break
            used += row_height
            fits += 1
        if fits <= 1:  # not even the header and one row
            return []
        if fits == len(self.rows):
            return [self]
        head, heights = self.rows[0], self.heights
        return [
            RowTable(self.rows[:fits], self.widths, heights[:fits]),
            RowTable([head, *self.rows[fits:]], self.widths, [heights[0], *heights[fits:]]),
        ]

    def draw(self) -> None:
        canvas, columns, tops = self.canv, self.columns, self.tops
        left, right = columns[0], columns[-1]
        canvas.saveState()
        canvas.setFillColor(SHADE)
        canvas.rect(left, tops[0], right - left, tops[1] - tops[0], stroke=0, fill=1)
        canvas.setFillColor(INK)
        text = canvas.beginText()
        font: ParagraphStyle | None = None
        paragraphs: list[tuple[Paragraph, float, float]] = []
        for row, top in zip(self.rows, tops, strict=False):
            for cell, x in zip(row, columns, strict=False):
                if isinstance(cell, Lines):
                    if cell.style is not font:
                        font = cell.style
                        text.setFont(font.fontName, font.fontSize, font.leading)
                    cell.draw(text, x + _PAD_X, top - _PAD_TOP)
                else:
                    paragraphs.append((cell, x + _PAD_X, top - _PAD_TOP - cell.height))
        canvas.drawText(text)
        for paragraph, x, y in paragraphs:
            paragraph.drawOn(canvas, x, y)
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.5)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        for y in tops:
            canvas.line(left, y, right, y)
        for x in columns:
            canvas.line(x, tops[-1], x, tops[0])
        canvas.restoreState()
