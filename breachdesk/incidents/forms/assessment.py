"""The risk assessment's form: the inputs of risk_assess().

No question starts answered for the coordinator: every single choice is a required radio group
with "Don't know" for facts not known yet, which the rules weigh toward notifying. Only what the
reporter stated as fact starts filled in (the types of data ticked in the report, the number of
people affected); a second assessment starts from the coordinator's own earlier answers.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from breachdesk.incidents.forms.fields import MAX_COUNT
from breachdesk.incidents.models import DataType, Incident
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

UNKNOWN = "unknown"


def question(
    choices: Any, label: StrPromise, required: StrPromise, help_text: Any = ""
) -> forms.Field:
    """A required radio group whose answer "not known yet" reads "Don't know", listed last."""
    answers = [(value, text) for value, text in choices if value != UNKNOWN]
    if len(answers) < len(choices):
        answers.append((UNKNOWN, _("Don't know")))
    return forms.ChoiceField(
        label=label,
        choices=answers,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required},
    )


class RiskAssessmentForm(forms.Form):
    # The hours and the backups matter only while the data was temporarily unavailable.
    reveal = {
        "availability": {
            Availability.TEMPORARY.value: ("unavailable_hours", "restored_from_backup")
        }
    }

    data_types = forms.MultipleChoiceField(
        label=_("What types of personal data were affected?"),
        choices=DataType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Ticked as the report or the last assessment gave them: correct them if the "
            "investigation found otherwise. Leave all empty if it is not known yet."
        ),
    )
    vulnerable_people = question(
        TriState.choices,
        _("Are children or other vulnerable people among those affected?"),
        _("Answer whether children or other vulnerable people are among those affected."),
        _("For example pupils, patients or clients of the social services."),
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
    insight = question(
        Insight.choices,
        _("What does the data reveal about the people?"),
        _("Answer what the data reveals about the people."),
    )
    identification = question(
        Identification.choices,
        _("How easily can the people be identified?"),
        _("Answer how easily the people can be identified."),
    )
    exposure = question(
        Exposure.choices,
        _("How far was the data exposed?"),
        _("Answer how far the data was exposed."),
        _("Is the recipient known and trusted, and have they confirmed deletion?"),
    )
    encryption = question(
        Encryption.choices,
        _("Was the data encrypted?"),
        _("Answer whether the data was encrypted."),
    )
    integrity = question(
        Integrity.choices, _("Was the data altered?"), _("Answer whether the data was altered.")
    )
    availability = question(
        Availability.choices,
        _("Was the data unavailable?"),
        _("Answer whether the data was unavailable."),
    )
    unavailable_hours = forms.IntegerField(
        label=_("For how many hours was it unavailable?"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Leave empty if it is not known yet."),
    )
    restored_from_backup = forms.BooleanField(
        label=_("Availability was restored from backups"), required=False
    )
    malicious = question(
        TriState.choices,
        _("Was there malicious intent?"),
        _("Answer whether there was malicious intent."),
    )
    consequences = forms.MultipleChoiceField(
        label=_("Which consequences are possible for the people?"),
        choices=Consequence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("availability") not in (None, Availability.TEMPORARY):
            data["unavailable_hours"] = None
            data["restored_from_backup"] = False
        return data

    def inputs(self) -> RiskInputs:
        data = self.cleaned_data
        return RiskInputs(
            data_types=frozenset(data["data_types"]),
            vulnerable_people=TriState(data["vulnerable_people"]),
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
        """What the form starts with before the first assessment: only the facts the reporter
        stated (the types of data ticked, the number of people). Every judgement is left to the
        coordinator, with no answer chosen."""
        return {"data_types": incident.data_types, "people_count": incident.affected_count}
