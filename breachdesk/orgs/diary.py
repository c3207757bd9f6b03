"""Diary number formats: parsing, validation and rendering (pure functions).

A format is literal text with tokens in braces:

    {YYYY} four-digit year     {YY} two-digit year     {MM} month     {DD} day
    {N} running number         {N:4} running number zero-padded to four digits
    {CODE} a short code of four characters, unique within the counter's year

The three formats of the seeds: "{YY}AFN{N}" -> 22AFN70, "{YY}{MM}{DD}-PERSINC-{CODE}" ->
230620-PERSINC-FI02 (the code differs), "{N}-1.1.2-{YYYY}" -> 2143-1.1.2-2023.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_TOKEN = re.compile(r"\{([^{}]*)\}")
_KNOWN = re.compile(r"^(YYYY|YY|MM|DD|CODE|N(?::([1-9]))?)$")
_LITERAL = re.compile(r"^[A-Za-z0-9 .\-_/:ÅÄÖåäö]*$")

# Crockford's base-32 alphabet: no I, L, O or U, so a code is not misread on paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 4
CODE_SPACE = len(CODE_ALPHABET) ** CODE_LENGTH  # 2**20
# An odd multiplier is invertible modulo 2**20, so n -> code is a bijection on the space.
_CODE_MULTIPLIER = 738_493
_CODE_OFFSET = 91_007


@dataclass(frozen=True)
class ParsedFormat:
    parts: tuple[tuple[str, str], ...]  # ("lit", text) or ("tok", name)
    widths: dict[int, int]

    @property
    def has_year(self) -> bool:
        return any(kind == "tok" and name in {"YYYY", "YY"} for kind, name in self.parts)


def parse_format(number_format: str) -> ParsedFormat:
    """Parse a number format, raising ValidationError with a message for the user."""
    parts: list[tuple[str, str]] = []
    widths: dict[int, int] = {}
    position = 0
    unique = False
    for match in _TOKEN.finditer(number_format):
        literal = number_format[position : match.start()]
        _check_literal(literal)
        if literal:
            parts.append(("lit", literal))
        token = match.group(1)
        known = _KNOWN.match(token)
        if known is None:
            raise ValidationError(
                _("Unknown token {%(token)s} in the number format.") % {"token": token}
            )
        name = "N" if token.startswith("N") else token
        if name in {"N", "CODE"}:
            unique = True
        if known.group(2):
            widths[len(parts)] = int(known.group(2))
        parts.append(("tok", name))
        position = match.end()
    tail = number_format[position:]
    _check_literal(tail)
    if tail:
        parts.append(("lit", tail))
    if not unique:
        raise ValidationError(
            _("The number format must contain {N} or {CODE} so that numbers are unique.")
        )
    return ParsedFormat(parts=tuple(parts), widths=widths)


def _check_literal(text: str) -> None:
    if "{" in text or "}" in text:
        raise ValidationError(_("A brace in the number format is not closed."))
    if not _LITERAL.match(text):
        raise ValidationError(
            _("The number format may contain letters, digits, spaces and . - _ / : only.")
        )


def validate_number_format(value: str) -> None:
    parse_format(value)


def counter_year(number_format: str, on: date) -> int:
    """The counter a number belongs to: the year when the format shows it, else 0."""
    return on.year if parse_format(number_format).has_year else 0


def short_code(number: int) -> str:
    """A four-character code, distinct for every number from 1 to 2**20 - 1."""
    if not 0 < number < CODE_SPACE:
        raise ValueError("the series has run out of short codes for this year")
    value = (number * _CODE_MULTIPLIER + _CODE_OFFSET) % CODE_SPACE
    chars = []
    for _index in range(CODE_LENGTH):
        value, digit = divmod(value, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[digit])
    return "".join(reversed(chars))


def render_number(number_format: str, *, number: int, on: date) -> str:
    """Render the diary number for running number `number` registered on day `on`."""
    parsed = parse_format(number_format)
    out: list[str] = []
    for index, (kind, name) in enumerate(parsed.parts):
        if kind == "lit":
            out.append(name)
        elif name == "YYYY":
            out.append(f"{on.year:04d}")
        elif name == "YY":
            out.append(f"{on.year % 100:02d}")
        elif name == "MM":
            out.append(f"{on.month:02d}")
        elif name == "DD":
            out.append(f"{on.day:02d}")
        elif name == "CODE":
            out.append(short_code(number))
        else:
            out.append(f"{number:0{parsed.widths.get(index, 1)}d}")
    return "".join(out)


def example_number(number_format: str, *, on: date) -> str:
    """How the numbers of a series look: its first number on day `on` (e.g. 26AFN1)."""
    return render_number(number_format, number=1, on=on)


def series_shown(name: str, number_format: str, *, on: date) -> str:
    """A diary series as people read it: its name and an example number, not its format."""
    try:
        example = example_number(number_format, on=on)
    except (ValidationError, ValueError):
        return name
    return _("%(name)s (numbers like %(example)s)") % {"name": name, "example": example}


_STORED_SERIES = re.compile(r"^(?P<name>.*) \((?P<format>[^()]*\{[^()]*)\)$")


def series_text_shown(text: str, *, on: date) -> str:
    """A series as an audit record keeps it ("name (format)"), shown as `series_shown` shows
    it; any other text as it is."""
    match = _STORED_SERIES.match(text)
    if match is None:
        return text
    try:
        parse_format(match["format"])
    except ValidationError:
        return text
    return series_shown(match["name"], match["format"], on=on)
