"""The risk assessment's form: the inputs of risk_assess()."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.forms.fields import MAX_COUNT, radio
from breachdesk.incidents.models import DataType, Incident, SubjectCategory
from breachdesk.incidents.risk.inputs import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Identification,
    Insight,
    Integrity,
    RiskInputs,
    TriState,
)

VULNERABLE_GROUPS = frozenset(
    {
        SubjectCategory.CHILDREN,
        SubjectCategory.PUPILS,
        SubjectCategory.PATIENTS,
        SubjectCategory.CLIENTS,
    }
)


class RiskAssessmentForm(forms.Form):
    data_types = forms.MultipleChoiceField(
        label=_("What types of personal data were affected?"),
        choices=DataType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all empty if it is not known yet."),
    )
    vulnerable_people = forms.BooleanField(
        label=_("Children or other vulnerable people are among those affected"), required=False
    )
    people_count = forms.IntegerField(
        label=_("How many people are affected?"),
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        help_text=_("An estimate will do. Leave empty if it is not known yet."),
    )
    record_count = forms.IntegerField(
        label=_("How many records (for example e-mails, files, rows)?"),
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
    )
    insight = radio(Insight.choices, _("What does the data reveal about the people?"))
    identification = radio(Identification.choices, _("How easily can the people be identified?"))
    exposure = radio(
        Exposure.choices,
        _("How far was the data exposed?"),
        _("Is the recipient known and trusted, and have they confirmed deletion?"),
    )
    encryption = radio(Encryption.choices, _("Was the data encrypted?"))
    integrity = radio(Integrity.choices, _("Was the data altered?"))
    availability = radio(Availability.choices, _("Was the data unavailable?"))
    unavailable_hours = forms.IntegerField(
        label=_("For how many hours was it unavailable?"),
        min_value=0,
        max_value=100_000,
        required=False,
    )
    restored_from_backup = forms.BooleanField(
        label=_("Availability was restored from backups"), required=False
    )
    malicious = radio(TriState.choices, _("Was there malicious intent?"))
    consequences = forms.MultipleChoiceField(
        label=_("Which consequences are possible for the people?"),
        choices=Consequence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("availability") == Availability.NONE:
            data["unavailable_hours"] = None
            data["restored_from_backup"] = False
        return data

    def inputs(self) -> RiskInputs:
        data = self.cleaned_data
        return RiskInputs(
            data_types=frozenset(data["data_types"]),
            vulnerable_people=data["vulnerable_people"],
            people_count=data["people_count"],
            record_count=data["record_count"],
            insight=Insight(data["insight"]),
            identification=Identification(data["identification"]),
            exposure=Exposure(data["exposure"]),
            integrity=Integrity(data["integrity"]),
            availability=Availability(data["availability"]),
            unavailable_hours=data["unavailable_hours"],
            restored_from_backup=data["restored_from_backup"],
            encryption=Encryption(data["encryption"]),
            malicious=TriState(data["malicious"]),
            consequences=frozenset(data["consequences"]),
        )

    @staticmethod
    def first_initial(incident: Incident) -> dict[str, Any]:
        """What the form starts with before the first assessment: the report's facts."""
        investigation = getattr(incident, "investigation", None)
        identifying = {DataType.NAME, DataType.PERSONNUMMER} & set(incident.data_types)

        def lost(flag: str, unknown: str, none: str) -> str:
            return unknown if investigation is not None and getattr(investigation, flag) else none

        return {
            "data_types": incident.data_types,
            "vulnerable_people": bool(VULNERABLE_GROUPS & set(incident.subject_categories)),
            "people_count": incident.affected_count,
            "insight": Insight.USUAL,
            "identification": (
                Identification.MAXIMUM if identifying else Identification.SIGNIFICANT
            ),
            "exposure": lost("confidentiality", Exposure.UNKNOWN, Exposure.NONE),
            "integrity": lost("integrity", Integrity.UNKNOWN, Integrity.NONE),
            "availability": lost("availability", Availability.UNKNOWN, Availability.NONE),
            "encryption": Encryption.UNKNOWN,
            "malicious": TriState.UNKNOWN,
        }
