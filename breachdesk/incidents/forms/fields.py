"""Fields and widgets the incident's forms share, and the check of dates in the past."""

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breachdesk.lib.deadlines import STOCKHOLM

# A reporter's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=10)
MAX_COUNT = 100_000_000
TEXT = forms.Textarea(attrs={"rows": 4})


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.controller.name} – {obj.name}"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.title})" if obj.title else str(obj)


def radio(choices: Any, label: Any, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, help_text=help_text
    )


class PastFieldsForm(forms.BaseForm):
    """A form whose `past_fields` (dates or times of what already happened) cannot lie in the
    future; times get the same allowance for a fast clock as the report form."""

    past_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        now = timezone.now()
        for name in self.past_fields:
            value = data.get(name)
            if isinstance(value, datetime):
                if value > now + CLOCK_SKEW:
                    self.add_error(name, _("The time cannot be in the future."))
            elif isinstance(value, date) and value > now.astimezone(STOCKHOLM).date():
                self.add_error(name, _("The date cannot be in the future."))
        return data
