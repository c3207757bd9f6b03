"""The report form: what a person tells when they report an incident."""

import hashlib
import json
from collections.abc import Collection
from datetime import datetime
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.guard.masking import FieldFinding, field_findings, guard_mask
from breachdesk.incidents.forms.fields import LocalDateTimeField, UnitChoiceField
from breachdesk.incidents.models import DataType, Location, SubjectCategory
from breachdesk.incidents.services import ReportFacts
from breachdesk.incidents.vocabulary import Channel
from breachdesk.orgs.models import Membership, Role, Unit

MAX_AFFECTED = 100_000_000


class ReportForm(forms.Form):
    # The processor's name shows under its answer (breachdesk.lib.govuk).
    reveal = {"location": {"processor": ("processor_name",)}}
    reporter_name = forms.CharField(label=_("Your name"), max_length=200)
    reporter_title = forms.CharField(label=_("Your job title"), max_length=200, required=False)
    unit = UnitChoiceField(
        label=_("Your unit"),
        queryset=Unit.objects.none(),
        help_text=_(
            "The unit (enhet, avdelning, institution) you belong to, with its controller (the "
            "committee, university or agency)."
        ),
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
    occurred_at = LocalDateTimeField(label=_("When it happened (date and time)"), past=True)
    occurred_approximate = forms.BooleanField(label=_("The time is approximate"), required=False)
    discovered_at = LocalDateTimeField(label=_("When it was discovered (date and time)"), past=True)
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
    # to the registrar must not carry sensitive personal data (docs/privacy-guard.md). The guard
    # advises; the reporter may send the report as it is.
    GUARD_FIELDS = ("description", "subject_categories_other", "data_types_other")

    def __init__(self, *args: Any, user: User, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.units = units
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        # A registrar enters a report that came by e-mail or telephone; others report their own.
        if Membership.objects.filter(user=user, role=Role.REGISTRAR).exists():
            self.fields["channel"] = forms.ChoiceField(
                label=_("How did the report come in?"),
                choices=Channel.choices,
                initial=Channel.BREACHDESK,
                widget=forms.RadioSelect,
                help_text=_(
                    "A report that came by e-mail, telephone or letter: enter it on the "
                    "reporter's behalf, with their name and title below."
                ),
            )
            self.order_fields(["channel", *[name for name in self.fields if name != "channel"]])

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
        # The fields refuse times in the future or before the range (forms/fields.py).
        occurred: datetime | None = data.get("occurred_at")
        discovered: datetime | None = data.get("discovered_at")
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
            channel=data.get("channel") or Channel.BREACHDESK,
        )
