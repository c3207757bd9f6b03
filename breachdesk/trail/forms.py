"""The audit trail's filters."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.forms.fields import LocalDateField
from breachdesk.orgs.models import Controller
from breachdesk.trail.selectors import AuditFilters, kind_choices


class AuditFilterForm(forms.Form):
    controller = forms.ModelChoiceField(
        label=_("Controller"),
        queryset=Controller.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=None,
    )
    start = LocalDateField(label=_("From"), required=False)
    end = LocalDateField(label=_("To"), required=False)
    kind = forms.ChoiceField(label=_("Event"), required=False)
    person = forms.CharField(
        label=_("Person"),
        max_length=150,
        required=False,
        help_text=_("User name, or first or last name."),
    )
    diary_number = forms.CharField(label=_("Diary number"), max_length=100, required=False)

    def __init__(self, *args: Any, controllers: QuerySet[Controller], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.controllers = controllers
        self.fields["controller"].queryset = controllers  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("All")), *kind_choices()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end", _("The end of the period is before its start."))
        return data

    def filters(self) -> AuditFilters | None:
        """The chosen filters (the first controller when none is chosen); None when the form is
        invalid or the person reads no controller's audit trail."""
        first = self.controllers.first()
        if first is None:
            return None
        if not self.is_bound:
            return AuditFilters(controller=first)
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return AuditFilters(
            controller=data["controller"] or first,
            start=data["start"],
            end=data["end"],
            kind=data["kind"],
            person=data["person"].strip(),
            diary_number=data["diary_number"].strip(),
        )
