"""The one way every document page produces: check → confirm → produce.

The privacy guard's findings are listed in the production form, and each can be ticked to be
masked in the document (never on the case). Masking shows the form again with the masks applied;
the masks chosen travel with the form and producing applies them. What the guard still finds
after masking needs the producer's confirmation; with nothing left, none is needed. The guard
advises, it never blocks (docs/documents.md).
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass

from breachdesk.documents.models import Document
from breachdesk.documents.privacy import DocumentCheck
from breachdesk.documents.render import TemplateBroken
from breachdesk.lib.errors import DomainError


@dataclass(frozen=True)
class Guarded:
    """What one submission of a document's form came to."""

    check: DocumentCheck | None = None  # the guard's findings after the masks chosen
    document: Document | None = None  # produced
    unconfirmed: bool = False  # findings are left and the producer has not confirmed them
    error: str = ""  # the service's refusal, for the form
    broken: bool = False  # the refusal is a template that cannot be rendered


def guarded_document_produce(
    *,
    check: Callable[[Collection[str]], DocumentCheck] | None,
    produce: Callable[[Collection[str]], Document],
    masks: Collection[str],
    masking: bool,
    confirmed: bool,
) -> Guarded:
    """Check a document after the masks chosen; produce it unless findings await confirmation."""
    # `check` is None for a document the guard does not read; `produce` is given the masks the
    # check applied. Masking only shows the check again.
    try:
        found = check(masks) if check is not None else None
    except DomainError as refusal:
        return Guarded(error=str(refusal), broken=isinstance(refusal, TemplateBroken))
    if masking:
        return Guarded(check=found)
    if found is not None and found.findings and not confirmed:
        return Guarded(check=found, unconfirmed=True)
    try:
        document = produce(found.masks if found is not None else ())
    except DomainError as refusal:
        return Guarded(check=found, error=str(refusal), broken=isinstance(refusal, TemplateBroken))
    return Guarded(check=found, document=document)
