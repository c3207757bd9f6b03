"""Turning a template and a context into bytes: DOCX through docxtpl, PDF through ReportLab.

Both run Jinja in an immutable sandbox over plain data (strings, numbers, lists and dicts),
so a template, including one a controller uploaded, can read its placeholders and nothing
else: no attribute of a Python object, no code. A missing placeholder is an error that names
it, never an empty gap in a document. The PDF is drawn from escaped text only, so nothing in a
document can make it fetch a resource.
"""

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from breachdesk.documents.layout import Layout
from breachdesk.documents.pdf import render_layout_pdf
from breachdesk.lib.errors import DomainError

# XML 1.0 allows tab, newline and carriage return among the control characters; docxtpl
# turns newlines into line breaks. Anything else would make Word refuse the file.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

# docxtpl turns these characters of a value into Word's tab, paragraph, line and page breaks.
_LISTING = re.compile("[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024


class TemplateBroken(DomainError):
    """A template that cannot be rendered; the message is for the user and names the
    placeholder or the tag at fault."""


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, with its last pass over the rendered XML made cheap: docxtpl runs
    three regular expressions over every paragraph, run and text to find the characters that
    become breaks (a table of thousands of rows has tens of thousands of paragraphs); here
    only the paragraphs that hold one of them go through docxtpl's pass, with the same
    result."""

    def resolve_listing(self, xml: str) -> str:
        if not _LISTING.search(xml):
            return xml
        resolve = super().resolve_listing

        def paragraph(match: re.Match[str]) -> str:
            text = match.group(0)
            return resolve(text) if _LISTING.search(text) else text

        return _PARAGRAPH.sub(paragraph, xml)


def sandbox(*, autoescape: bool = True) -> ImmutableSandboxedEnvironment:
    """A Jinja environment that lets templates read plain data and do nothing else.

    DOCX needs XML escaping from Jinja; the PDF escapes the finished text itself.
    """
    return ImmutableSandboxedEnvironment(autoescape=autoescape, undefined=StrictUndefined)


def clean(value: Any) -> Any:
    """`value` with every string freed of characters a DOCX or PDF cannot hold."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    # A report has tens of thousands of texts: a plain one is cleaned here, not by a call.
    if isinstance(value, Mapping):
        return {
            str(key): _CONTROL.sub("", item) if type(item) is str else clean(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_CONTROL.sub("", item) if type(item) is str else clean(item) for item in value]
    return value


def _explain(error: Exception) -> str:
    if isinstance(error, UndefinedError):
        # Jinja says "'incident' is undefined" or "'dict object' has no attribute 'nmae'".
        match = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(error))
        if match is None:
            return _("The template reads something this case does not have: %(error)s") % {
                "error": str(error)
            }
        name = next(group for group in match.groups() if group)
        return _(
            "The template uses the placeholder “%(name)s”, which Breachdesk does not know. "
            "See the list of placeholders."
        ) % {"name": name}
    if isinstance(error, SecurityError):
        return _("The template tries to do something a template may not: %(error)s") % {
            "error": str(error)
        }
    if isinstance(error, TemplateSyntaxError):
        near = " ".join(getattr(error, "docx_context", None) or []).strip()
        text = _("The template has a broken tag: %(error)s") % {"error": error.message}
        if near:
            text += " " + _("Near: “%(text)s”.") % {"text": near[:160]}
        return text
    return _("The template cannot be used: %(error)s") % {"error": str(error)}


def check_docx_package(content: bytes) -> None:
    """Refuse a file that is not a reasonably sized DOCX package before anything parses it."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise TemplateBroken(_("The file is larger than 5 MB."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
            unpacked = sum(item.file_size for item in package.infolist())
    except zipfile.BadZipFile:
        raise TemplateBroken(_("The file is not a Word document (DOCX).")) from None
    if "word/document.xml" not in names:
        raise TemplateBroken(_("The file is not a Word document (DOCX)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise TemplateBroken(_("The document unpacks to more than 60 MB."))


def render_docx(template: bytes, context: Mapping[str, Any]) -> bytes:
    """Fill the DOCX `template` with `context` in the sandbox."""
    check_docx_package(template)
    try:
        document = _Template(io.BytesIO(template))
        document.render(clean(context), jinja_env=sandbox(), autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except (TemplateError, SecurityError) as error:
        raise TemplateBroken(_explain(error)) from error
    except Exception as error:
        # Whatever else a template's expressions raise on these values (a text used as a
        # list, a number divided by zero …) makes it a template that cannot serve this case.
        raise TemplateBroken(_explain(error)) from error
    return out.getvalue()


def render_pdf(layout: Layout, context: Mapping[str, Any], *, language: str) -> bytes:
    """The PDF of the built-in `layout` filled with `context`, in the sandbox."""
    try:
        return render_layout_pdf(
            layout, clean(context), environment=sandbox(autoescape=False), language=language
        )
    except (TemplateError, SecurityError) as error:
        raise TemplateBroken(_explain(error)) from error
