"""The form renderer: the project's templates, each field as a GOV.UK Frontend form group
(`breachdesk.lib.govuk`, templates/govuk/field.html), with the select box written in Python.

A select box is rendered through one template per option; a register filter with seventy units
spent more time there than in its database. This renderer writes `select.html` and its options
directly, to the letter of Django's templates (tests/test_form_renderer.py compares the two),
and leaves every other widget template to Django.
"""

from typing import Any

from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from breachdesk.lib.govuk import GovukBoundField

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    # django/forms/widgets/attrs.html
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _option(option: dict[str, Any]) -> str:
    value = conditional_escape(str(option["value"]))
    label = conditional_escape(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>'


def render_select(widget: dict[str, Any]) -> SafeString:
    """django/forms/widgets/select.html, for a widget context of a Select or SelectMultiple
    whose options use Django's own option template."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            # Django's option template ends with a newline.
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class Renderer(TemplatesSetting):
    """The project's templates (settings.TEMPLATES), every field as a GOV.UK Frontend form
    group (`breachdesk.lib.govuk`), and the select box written in Python."""

    field_template_name = "govuk/field.html"
    bound_field_class = GovukBoundField

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if (
            template_name == SELECT
            and isinstance(widget, dict)
            and all(
                option.get("template_name") == OPTION
                for _name, group, _index in widget.get("optgroups", [])
                for option in group
            )
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
