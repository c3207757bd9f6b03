"""The one error a service raises when what it was asked cannot be done, for the user to read.

Views catch `DomainError` around a service call and show its message on the form, keeping
everything the person typed: beside the field it is about (`field`, the name of the form field)
when the form has that field, else above the form. Subclasses say why in the type
(`TransitionRefused`: the workflow's tables do not allow the step now); the message is always
written for the user.
"""

from typing import Any, Protocol


class DomainError(Exception):
    """A request a service refuses; `str(error)` is the message for the user, `field` the name
    of the one input it is about (None when it is about the request as a whole)."""

    def __init__(self, message: Any = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class _Form(Protocol):
    @property
    def fields(self) -> dict[str, Any]: ...

    def add_error(self, field: str | None, error: Any) -> None: ...


def refusal_show(form: _Form, refusal: DomainError) -> None:
    """Put the message of `refusal` on `form`: on its field when the form has it, else above
    the form."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, str(refusal))
