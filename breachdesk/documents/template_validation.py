"""Check a controller's own DOCX template before it is used: a DOCX, no broken tag, only
placeholders Breachdesk knows (read from the template's Jinja syntax tree against
PLACEHOLDERS, loops included), and a trial render against the sample context.
"""

import io
from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes

from breachdesk.documents.placeholders import PLACEHOLDERS, sample_context
from breachdesk.documents.render import TemplateBroken, check_docx_package, render_docx, sandbox

_JINJA_GLOBALS = frozenset(
    {"loop", "range", "namespace", "dict", "lipsum", "cycler", "joiner", "true", "false", "none"}
)
_ANY = object()


def _template_source(content: bytes) -> str:
    """The Jinja source of a DOCX template: its body, headers and footers, as docxtpl sees them."""
    from docx.oxml import parse_xml

    document = DocxTemplate(io.BytesIO(content))
    document.init_docx()
    source = document.patch_xml(document.get_xml())
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for relation in document.docx.part.rels.values():
            if relation.reltype == uri and relation.target_part.blob:
                part = document.xml_to_string(parse_xml(relation.target_part.blob))
                source += document.patch_xml(part)
    return str(source)


def _unknown_placeholders(tree: nodes.Node, scope: dict[str, Any]) -> Iterator[str]:
    """Dotted placeholders the template reads that `scope` (PLACEHOLDERS) does not have."""

    def resolve(node: nodes.Node, names: dict[str, Any]) -> tuple[str, Any] | None:
        if isinstance(node, nodes.Name):
            if node.name in names:
                return node.name, names[node.name]
            return node.name, _ANY if node.name in _JINJA_GLOBALS else None
        attr = None
        if isinstance(node, nodes.Getattr):
            attr = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            attr = str(node.arg.value)
        if attr is None:
            return None
        base = resolve(node.node, names)  # type: ignore[attr-defined]
        if base is None:
            return None
        path, shape = base
        if shape is None:
            return path, None  # already unknown: report the root
        if isinstance(shape, Mapping):
            if attr in shape:
                return f"{path}.{attr}", shape[attr]
            if "<key>" in shape:
                return f"{path}.{attr}", _ANY
            return f"{path}.{attr}", None
        return f"{path}.{attr}", _ANY

    def walk(node: nodes.Node, names: dict[str, Any]) -> Iterator[str]:
        if isinstance(node, nodes.For):
            yield from walk(node.iter, names)
            found = resolve(node.iter, names)
            item = _ANY
            if found is not None and isinstance(found[1], list):
                item = found[1][0]
            inner = dict(names)
            targets = [node.target, *node.target.find_all(nodes.Name)]
            for target in targets:
                if isinstance(target, nodes.Name):
                    inner[target.name] = item
            inner["loop"] = _ANY
            for child in [*node.body, *node.else_]:
                yield from walk(child, inner)
            if node.test is not None:
                yield from walk(node.test, inner)
            return
        if isinstance(node, nodes.Assign | nodes.With | nodes.Macro):
            for target in node.find_all(nodes.Name):
                if target.ctx in ("store", "param"):  # names the template sets itself
                    names = {**names, target.name: _ANY}
        if (
            isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem)
            and getattr(node, "ctx", "load") == "load"
        ):
            found = resolve(node, names)
            if found is not None:
                if found[1] is None:
                    yield found[0]
                if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
                    yield from walk(node.arg, names)
                return
        for child in node.iter_child_nodes():
            yield from walk(child, names)

    yield from walk(tree, scope)


def template_check(*, content: bytes, kind: str, language: str) -> None:
    """Refuse (TemplateBroken) a DOCX template that cannot serve documents of `kind`."""
    # Not a DOCX, a broken tag, a placeholder Breachdesk does not know, or a failed trial render.
    check_docx_package(content)
    try:
        source = _template_source(content)
    except Exception as error:  # any unreadable package gets the same answer
        raise TemplateBroken(_("The file is not a Word document (DOCX).")) from error
    try:
        tree = sandbox().parse(source)
    except TemplateSyntaxError as error:
        render_docx(content, {})  # docxtpl's own run names the text around the broken tag
        raise TemplateBroken(str(error)) from error
    unknown = sorted(set(_unknown_placeholders(tree, PLACEHOLDERS[kind])))
    if unknown:
        raise TemplateBroken(
            _("The template uses placeholders Breachdesk does not know: %(names)s.")
            % {"names": ", ".join(f"{{{{ {name} }}}}" for name in unknown)}
        )
    with override(language):
        render_docx(content, sample_context(kind))
