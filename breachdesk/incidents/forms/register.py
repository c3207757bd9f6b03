"""The register's filters (the register page and its export share them)."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.incidents.forms.fields import LocalDateField, UnitChoiceField
from breachdesk.incidents.selectors import RegisterFilters
from breachdesk.incidents.workflow import State
from breachdesk.orgs.models import Controller, Unit
from breachdesk.orgs.scoping import CASE_READER_ROLES, controllers_where, units_where


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    controller = forms.ModelChoiceField(
        label=_("Controller"),
        queryset=Controller.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All")
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All")), *State.choices], required=False
    )
    discovered_from = LocalDateField(label=_("Discovered from"), required=False)
    discovered_to = LocalDateField(label=_("Discovered to"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, controllers: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["controller"].queryset = controllers  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("discovered_from"), data.get("discovered_to")
        if start and end and end < start:
            self.add_error("discovered_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> RegisterFilters:
        """The register's filters the user chose; none when the form is empty or invalid."""
        if not (self.is_bound and self.is_valid()):
            return RegisterFilters()
        data = self.cleaned_data
        return RegisterFilters(
            controller=data["controller"],
            unit=data["unit"],
            state=State(data["state"]) if data["state"] else None,
            discovered_from=data["discovered_from"],
            discovered_to=data["discovered_to"],
            overdue=data["overdue"],
            query=data["q"],
        )


def register_filter_form(*, user: User, data: QueryDict) -> RegisterFilterForm:
    """The register's filter form over `data`, offering the controllers and units `user`
    reads cases in (the register page and its export share it)."""
    return RegisterFilterForm(
        data or None,
        controllers=controllers_where(user=user, roles=CASE_READER_ROLES),
        units=units_where(user=user, roles=CASE_READER_ROLES).select_related("controller"),
    )
