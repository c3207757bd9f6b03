"""Every form field as a GOV.UK Frontend form group, through one template.

The renderer (`breachdesk.lib.forms.Renderer`) makes every bound field a `GovukBoundField`, so
`{{ field.as_field_group }}` gives the design system's markup without per-template work: a label
or legend, the hint, the error message tied to the field, and the control with its classes.
Radios and checkboxes are written item by item, each box with its own label beside it.

A form can reveal fields under one answer of a radio group (the design system's conditional
reveal): `reveal = {"subjects_decision": {"exception": ("subjects_exception",)}}` shows
`subjects_exception` under the answer `exception`; a lone checkbox reveals under `"on"`. A
revealed field renders only inside its answer, so a template that loops over every field still
shows it once; a field is revealed under one answer only. Without JavaScript the
revealed fields stay visible under their answers.
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, ClassVar

from django import forms
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString, mark_safe

Reveal = Mapping[str, Mapping[str, tuple[str, ...]]]


class Kind(StrEnum):
    """How a field is drawn."""

    CHECKBOX = "checkbox"  # one box: a BooleanField
    CHECKBOXES = "checkboxes"
    RADIOS = "radios"
    SELECT = "select"
    TEXTAREA = "textarea"
    FILE = "file"
    INPUT = "input"
    HIDDEN = "hidden"


def kind_of(widget: forms.Widget) -> Kind:
    if widget.is_hidden:
        return Kind.HIDDEN
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return Kind.CHECKBOXES
    if isinstance(widget, forms.RadioSelect):
        return Kind.RADIOS
    if isinstance(widget, forms.CheckboxInput):
        return Kind.CHECKBOX
    if isinstance(widget, forms.Select):
        return Kind.SELECT
    if isinstance(widget, forms.Textarea):
        return Kind.TEXTAREA
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return Kind.FILE
    return Kind.INPUT


CONTROL_CLASS = {
    Kind.SELECT: "govuk-select",
    Kind.TEXTAREA: "govuk-textarea",
    Kind.FILE: "govuk-file-upload",
    Kind.INPUT: "govuk-input",
}
# The width a short answer gets (the design system's fixed-width inputs).
WIDTH_CLASS = {"number": "govuk-input--width-10", "date": "govuk-input--width-10"}


def reveal_of(form: forms.BaseForm) -> Reveal:
    reveal: Reveal = getattr(form, "reveal", {})
    return reveal


def revealed_names(form: forms.BaseForm) -> frozenset[str]:
    return frozenset(
        name for answers in reveal_of(form).values() for names in answers.values() for name in names
    )


class GovukBoundField(BoundField):
    inside_reveal: ClassVar[bool] = False

    @property
    def kind(self) -> Kind:
        return kind_of(self.field.widget)

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}_helptext"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}_error"

    @property
    def anchor_id(self) -> str:
        """Where the error summary's link goes: the first box of a group, else the control."""
        if self.kind in (Kind.RADIOS, Kind.CHECKBOXES):
            first = next(iter(self.subwidgets), None)
            if first is not None:
                return str(first.id_for_label)
        return str(self.id_for_label or self.auto_id)

    def as_field_group(self) -> SafeString:
        if self.name in revealed_names(self.form) and not self.inside_reveal:
            return mark_safe("")  # drawn under its answer, by the radio group
        return super().as_field_group()

    def _revealed(self, value: str) -> SafeString:
        names = reveal_of(self.form).get(self.name, {}).get(value, ())
        parts = []
        for name in names:
            if name not in self.form.fields:
                continue
            bound = self.form[name]
            bound.inside_reveal = True  # type: ignore[attr-defined]
            try:
                parts.append(str(bound.as_field_group()))
            finally:
                bound.inside_reveal = False  # type: ignore[attr-defined]
        return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered template

    def control(self) -> SafeString:
        """The input, select or textarea with the design system's classes."""
        kind = self.kind
        classes = [CONTROL_CLASS.get(kind, "")]
        input_type = getattr(self.field.widget, "input_type", "")
        if kind is Kind.INPUT and input_type in WIDTH_CLASS:
            classes.append(WIDTH_CLASS[input_type])
        if self.errors:
            classes.append(f"{CONTROL_CLASS.get(kind, 'govuk-input')}--error")
        own = self.field.widget.attrs.get("class", "")
        attrs: dict[str, str | bool] = {"class": " ".join(c for c in [*classes, own] if c)}
        return self.as_widget(attrs=attrs)

    def items(self) -> list[dict[str, Any]]:
        """The boxes of a radio or checkbox group, each with its id, label and what it reveals."""
        kind = self.kind
        prefix = "govuk-radios" if kind is Kind.RADIOS else "govuk-checkboxes"
        items = []
        for index, sub in enumerate(self.subwidgets):
            value = "" if sub.data["value"] is None else str(sub.data["value"])
            revealed = self._revealed(value) if kind is Kind.RADIOS else mark_safe("")
            attrs = sub.data["attrs"]
            items.append(
                {
                    "id": sub.id_for_label,
                    "name": sub.data["name"],
                    "value": value,
                    "label": sub.choice_label,
                    "checked": bool(sub.data["selected"]),
                    "disabled": bool(attrs.get("disabled")),
                    "input_class": f"{prefix}__input",
                    "conditional_id": f"{self.auto_id}_{index}_reveal" if revealed else "",
                    "revealed": revealed,
                }
            )
        return items

    def get_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context()
        kind = self.kind
        context["kind"] = str(kind)
        if kind in (Kind.RADIOS, Kind.CHECKBOXES):
            context["items"] = self.items()
        elif kind is Kind.CHECKBOX:
            # A lone box reveals what is declared under its answer "on".
            revealed = self._revealed("on")
            attrs: dict[str, str | bool] = {"class": "govuk-checkboxes__input"}
            if revealed:
                context["conditional_id"] = attrs["data-aria-controls"] = f"{self.auto_id}_reveal"
            context["revealed"] = revealed
            context["checkbox"] = self.as_widget(attrs=attrs)
        elif kind is not Kind.HIDDEN:
            context["control"] = self.control()
        described = [self.hint_id] if self.help_text else []
        if self.errors:
            described.append(self.error_id)
        context["describedby"] = " ".join(described)
        return context
