"""Forms: they parse and validate input; services do the work."""

import hashlib
import json
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.documents.masking import FieldFinding, field_findings, guard_mask
from breachdesk.incidents.models import DataType, Location, ProtectionReason, SubjectCategory
from breachdesk.incidents.selectors import RegisterFilters
from breachdesk.incidents.services import ReportFacts
from breachdesk.incidents.workflow import State
from breachdesk.orgs.models import Controller, DiarySeries, Unit
from breachdesk.orgs.scoping import CASE_READER_ROLES, controllers_where, units_where

# A reporter's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=10)
MAX_AFFECTED = 100_000_000


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


class ReportForm(forms.Form):
    reporter_name = forms.CharField(label=_("Your name"), max_length=200)
    reporter_title = forms.CharField(label=_("Your job title"), max_length=200, required=False)
    unit = UnitChoiceField(
        label=_("Your unit"),
        queryset=Unit.objects.none(),
        help_text=_("The unit (enhet, avdelning, institution) you belong to."),
    )
    description = forms.CharField(
        label=_("Short description of what happened"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Do not write sensitive personal data here: no names of the people affected, no "
            "personnummer, no health or other sensitive details. Describe what happened in "
            "general terms; the coordinator will ask for more."
        ),
    )
    occurred_at = forms.DateTimeField(
        label=_("When it happened (date and time)"), widget=LocalDateTimeInput()
    )
    occurred_approximate = forms.BooleanField(label=_("The time is approximate"), required=False)
    discovered_at = forms.DateTimeField(
        label=_("When it was discovered (date and time)"), widget=LocalDateTimeInput()
    )
    discovered_approximate = forms.BooleanField(label=_("The time is approximate"), required=False)
    location = forms.ChoiceField(
        label=_("Where did it happen?"), choices=Location.choices, widget=forms.RadioSelect
    )
    processor_name = forms.CharField(
        label=_("Name of the processor"),
        max_length=200,
        required=False,
        help_text=_("For example the supplier of the system."),
    )
    subject_categories = forms.MultipleChoiceField(
        label=_("Who are the people affected?"),
        choices=SubjectCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    subject_categories_other = forms.CharField(
        label=_("Other group of people"), max_length=200, required=False
    )
    data_types = forms.MultipleChoiceField(
        label=_("What types of personal data?"),
        choices=DataType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    data_types_other = forms.CharField(
        label=_("Other type of data"), max_length=200, required=False
    )
    affected_count = forms.IntegerField(
        label=_("Number of people affected"), min_value=0, max_value=MAX_AFFECTED
    )
    affected_count_estimated = forms.BooleanField(
        label=_("The number is an estimate"), required=False
    )
    protected = forms.BooleanField(
        label=_("Protected identity or secret information (OSL)"),
        required=False,
        help_text=_(
            "Tick this if someone affected has protected personal data (skyddade "
            "personuppgifter) or the matter is covered by secrecy. Then only the registrar, "
            "the case officer, the data protection officer and the people the case officer "
            "names will see the case."
        ),
    )

    # The reporter's free texts, read by the privacy guard before the report is sent: the report
    # to the registrar must not carry sensitive personal data (seed 004). The guard advises; the
    # reporter may send the report as it is.
    GUARD_FIELDS = ("description", "subject_categories_other", "data_types_other")

    def __init__(self, *args: Any, user: User, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.units = units
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def guard_texts(self) -> dict[str, str]:
        """The free texts as they would be stored (stripped, as the fields clean them), read
        from the input whether or not the rest of the form is valid."""
        return {name: str(self.data.get(name, "")).strip() for name in self.GUARD_FIELDS}

    def guard_findings(self) -> list[FieldFinding]:
        """What the privacy guard finds in the free texts, field by field."""
        return [
            item
            for name, text in self.guard_texts().items()
            for item in field_findings(name, str(self.fields[name].label), text)
        ]

    def guard_hash(self) -> str:
        """A hash of the free texts: a confirmation holds only for the texts it was given for."""
        texts = json.dumps(self.guard_texts(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(texts.encode()).hexdigest()

    def guard_confirmed(self) -> bool:
        """The reporter chose to send these very texts despite the findings shown for them."""
        return (
            self.data.get("guard") == "confirm"
            and self.data.get("confirmed", "") == self.guard_hash()
        )

    def guard_masked(self, chosen: Collection[str]) -> tuple["ReportForm", int]:
        """This form with the findings named in `chosen` (FieldFinding.token) replaced by
        neutral markers, unconfirmed, and how many were replaced."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        replaced = 0
        for name, text in self.guard_texts().items():
            ticked = [
                item.finding
                for item in field_findings(name, str(self.fields[name].label), text)
                if item.token in chosen
            ]
            if ticked:
                data[name] = guard_mask(text, ticked)
                replaced += len(ticked)
        for key in ("confirmed", "guard", "mask"):
            data.pop(key, None)
        return ReportForm(data, user=self.user, units=self.units), replaced

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        now = timezone.now()
        occurred: datetime | None = data.get("occurred_at")
        discovered: datetime | None = data.get("discovered_at")
        if occurred is not None and occurred > now + CLOCK_SKEW:
            self.add_error("occurred_at", _("The time cannot be in the future."))
        if discovered is not None and discovered > now + CLOCK_SKEW:
            self.add_error("discovered_at", _("The time cannot be in the future."))
        if occurred is not None and discovered is not None and discovered < occurred:
            self.add_error(
                "discovered_at",
                _("It cannot have been discovered before it happened. Check both times."),
            )
        if (
            data.get("location") == Location.PROCESSOR
            and not data.get("processor_name", "").strip()
        ):
            self.add_error("processor_name", _("Name the processor where it happened."))
        if (
            not data.get("subject_categories")
            and not data.get("subject_categories_other", "").strip()
        ):
            self.add_error(
                "subject_categories",
                _("Choose at least one group, or describe it under other (write unknown if so)."),
            )
        if not data.get("data_types") and not data.get("data_types_other", "").strip():
            self.add_error(
                "data_types",
                _("Choose at least one type, or describe it under other (write unknown if so)."),
            )
        return data

    def facts(self) -> ReportFacts:
        data = self.cleaned_data
        return ReportFacts(
            reporter_name=data["reporter_name"].strip(),
            reporter_title=data["reporter_title"].strip(),
            unit=data["unit"],
            description=data["description"].strip(),
            occurred_at=data["occurred_at"],
            occurred_approximate=data["occurred_approximate"],
            discovered_at=data["discovered_at"],
            discovered_approximate=data["discovered_approximate"],
            location=Location(data["location"]),
            processor_name=data["processor_name"].strip(),
            subject_categories=list(data["subject_categories"]),
            subject_categories_other=data["subject_categories_other"].strip(),
            data_types=list(data["data_types"]),
            data_types_other=data["data_types_other"].strip(),
            affected_count=data["affected_count"],
            affected_count_estimated=data["affected_count_estimated"],
            protected=data["protected"],
        )


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.title})" if obj.title else str(obj)


class RegisterForm(forms.Form):
    series = forms.ModelChoiceField(label=_("Diary series"), queryset=DiarySeries.objects.none())
    unit = UnitChoiceField(label=_("Unit concerned"), queryset=Unit.objects.none())
    assignee = PersonChoiceField(
        label=_("Case officer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("The unit's coordinator (automatic)"),
        help_text=_(
            "Leave as automatic to assign the unit's GDPR coordinator, or the coordinator's "
            "manager when the coordinator is absent today."
        ),
    )

    protected = forms.BooleanField(
        label=_("Protected identity or secret information (OSL)"),
        required=False,
        help_text=_(
            "Only the case officer, the data protection officer and the people the case "
            "officer names will see the case; once it is registered, you will not see it."
        ),
    )
    protected_reason = forms.ChoiceField(
        label=_("Kind of protected information"),
        choices=[("", _("not stated")), *ProtectionReason.choices],
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        series: Any,
        units: Any,
        people: Any,
        protected: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = series  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = people  # type: ignore[attr-defined]
        if protected:
            # The reporter marked it: registering keeps the mark (only the case officer or a
            # coordinator lifts it, on the case page).
            self.fields["protected"].initial = True
            self.fields["protected"].disabled = True


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
    discovered_from = forms.DateField(
        label=_("Discovered from"), required=False, widget=DateInput()
    )
    discovered_to = forms.DateField(label=_("Discovered to"), required=False, widget=DateInput())
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
