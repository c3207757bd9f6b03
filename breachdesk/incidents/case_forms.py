"""Forms of the case after acknowledgement: they parse and validate input; services decide."""

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.incidents import risk
from breachdesk.incidents.forms import CLOCK_SKEW, DateInput, LocalDateTimeInput, PersonChoiceField
from breachdesk.incidents.models import (
    Art34Exception,
    Contact,
    DataType,
    ImyOutcome,
    Incident,
    Investigation,
    ProtectionReason,
    SubjectCategory,
    SubjectsDecision,
)
from breachdesk.incidents.services import ImyDecisionFacts, InvestigationFacts
from breachdesk.incidents.workflow import ImyDecision
from breachdesk.lib.deadlines import STOCKHOLM

TEXT = forms.Textarea(attrs={"rows": 4})
MAX_COUNT = 100_000_000


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


class InvestigationForm(PastFieldsForm, forms.ModelForm):  # type: ignore[type-arg]
    past_fields = ("ended_at", "dpo_consulted_on")
    has_ended = forms.NullBooleanField(
        label=_("Has the incident ended?"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("not known yet")), ("true", _("yes")), ("false", _("no"))]
        ),
    )

    class Meta:
        model = Investigation
        fields = [
            "confidentiality",
            "integrity",
            "availability",
            "cause",
            "cause_detail",
            "public_summary",
            "systems",
            "processors",
            "has_ended",
            "ended_at",
            "dpo_consulted",
            "dpo_consulted_on",
            "dpo_advice",
        ]
        labels = {
            "confidentiality": _("Loss of confidentiality: someone unauthorised saw the data"),
            "integrity": _("Loss of integrity: the data was altered"),
            "availability": _("Loss of availability: the data could not be reached"),
            "dpo_consulted": _("The DPO was consulted"),
        }
        help_texts = {
            "cause_detail": _(
                "No names of the people affected, no personnummer, no details of security "
                "weaknesses beyond what the case needs."
            ),
            "systems": _("For example the e-mail system, the school platform, a laptop."),
        }
        widgets = {
            "cause_detail": TEXT,
            "dpo_advice": TEXT,
            "ended_at": LocalDateTimeInput(),
            "dpo_consulted_on": DateInput(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_ended") is True and data.get("ended_at") is None:
            self.add_error("ended_at", _("Say when the incident ended."))
        if data.get("dpo_consulted") and data.get("dpo_consulted_on") is None:
            self.add_error("dpo_consulted_on", _("Say when the DPO was consulted."))
        return data

    def facts(self) -> InvestigationFacts:
        data = self.cleaned_data
        return InvestigationFacts(
            confidentiality=data["confidentiality"],
            integrity=data["integrity"],
            availability=data["availability"],
            cause=data["cause"],
            cause_detail=data["cause_detail"].strip(),
            systems=data["systems"].strip(),
            processors=data["processors"].strip(),
            has_ended=data["has_ended"],
            ended_at=data["ended_at"],
            dpo_consulted=data["dpo_consulted"],
            dpo_consulted_on=data["dpo_consulted_on"],
            dpo_advice=data["dpo_advice"].strip(),
            public_summary=data["public_summary"].strip(),
        )


class ContactForm(PastFieldsForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Contact
        fields = ["party", "name", "contacted_on", "outcome"]
        widgets = {"contacted_on": DateInput(), "outcome": TEXT}

    past_fields = ("contacted_on",)


class MeasureForm(PastFieldsForm, forms.Form):
    description = forms.CharField(label=_("Measure"), max_length=2000, widget=TEXT)
    responsible = PersonChoiceField(
        label=_("Responsible"),
        queryset=None,
        required=False,
        empty_label=_("The unit's responsible manager (automatic)"),
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    done_on = forms.DateField(
        label=_("Done"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while the measure is planned."),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]

    past_fields = ("done_on",)


VULNERABLE_GROUPS = frozenset(
    {
        SubjectCategory.CHILDREN,
        SubjectCategory.PUPILS,
        SubjectCategory.PATIENTS,
        SubjectCategory.CLIENTS,
    }
)


def _radio(choices: Any, label: Any, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, help_text=help_text
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
    insight = _radio(risk.Insight.choices, _("What does the data reveal about the people?"))
    identification = _radio(
        risk.Identification.choices, _("How easily can the people be identified?")
    )
    exposure = _radio(
        risk.Exposure.choices,
        _("How far was the data exposed?"),
        _("Is the recipient known and trusted, and have they confirmed deletion?"),
    )
    encryption = _radio(risk.Encryption.choices, _("Was the data encrypted?"))
    integrity = _radio(risk.Integrity.choices, _("Was the data altered?"))
    availability = _radio(risk.Availability.choices, _("Was the data unavailable?"))
    unavailable_hours = forms.IntegerField(
        label=_("For how many hours was it unavailable?"),
        min_value=0,
        max_value=100_000,
        required=False,
    )
    restored_from_backup = forms.BooleanField(
        label=_("Availability was restored from backups"), required=False
    )
    malicious = _radio(risk.TriState.choices, _("Was there malicious intent?"))
    consequences = forms.MultipleChoiceField(
        label=_("Which consequences are possible for the people?"),
        choices=risk.Consequence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("availability") == risk.Availability.NONE:
            data["unavailable_hours"] = None
            data["restored_from_backup"] = False
        return data

    def inputs(self) -> risk.RiskInputs:
        data = self.cleaned_data
        return risk.RiskInputs(
            data_types=frozenset(data["data_types"]),
            vulnerable_people=data["vulnerable_people"],
            people_count=data["people_count"],
            record_count=data["record_count"],
            insight=risk.Insight(data["insight"]),
            identification=risk.Identification(data["identification"]),
            exposure=risk.Exposure(data["exposure"]),
            integrity=risk.Integrity(data["integrity"]),
            availability=risk.Availability(data["availability"]),
            unavailable_hours=data["unavailable_hours"],
            restored_from_backup=data["restored_from_backup"],
            encryption=risk.Encryption(data["encryption"]),
            malicious=risk.TriState(data["malicious"]),
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
            "insight": risk.Insight.USUAL,
            "identification": (
                risk.Identification.MAXIMUM if identifying else risk.Identification.SIGNIFICANT
            ),
            "exposure": lost("confidentiality", risk.Exposure.UNKNOWN, risk.Exposure.NONE),
            "integrity": lost("integrity", risk.Integrity.UNKNOWN, risk.Integrity.NONE),
            "availability": lost("availability", risk.Availability.UNKNOWN, risk.Availability.NONE),
            "encryption": risk.Encryption.UNKNOWN,
            "malicious": risk.TriState.UNKNOWN,
        }


class ImyDecisionForm(forms.Form):
    imy_decision = _radio(ImyDecision.choices, _("Notify IMY?"))
    imy_decision_reason = forms.CharField(
        label=_("Assessment: why IMY is not notified"),
        max_length=4000,
        required=False,
        widget=TEXT,
        help_text=_("Required when IMY is not notified. It goes into the internal decision."),
    )
    subjects_decision = forms.ChoiceField(
        label=_("Inform the people affected?"),
        choices=SubjectsDecision.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Required when the risk is high (GDPR art. 34)."),
    )
    subjects_exception = forms.ChoiceField(
        label=_("Which exception of art. 34(3)?"),
        choices=[("", "–"), *Art34Exception.choices],
        required=False,
    )
    subjects_reason = forms.CharField(
        label=_("Why the people are not informed"), max_length=4000, required=False, widget=TEXT
    )
    subjects_inform_planned_on = forms.DateField(
        label=_("When will they be informed?"), required=False, widget=DateInput()
    )
    deviation_reason = forms.CharField(
        label=_("Why you decide otherwise than recommended"),
        max_length=4000,
        required=False,
        widget=TEXT,
        help_text=_("Required when your decision differs from the recommendation."),
    )

    def facts(self) -> ImyDecisionFacts:
        data = self.cleaned_data
        return ImyDecisionFacts(
            imy_decision=ImyDecision(data["imy_decision"]),
            imy_decision_reason=data["imy_decision_reason"],
            subjects_decision=data["subjects_decision"],
            subjects_exception=data["subjects_exception"],
            subjects_reason=data["subjects_reason"],
            subjects_inform_planned_on=data["subjects_inform_planned_on"],
            deviation_reason=data["deviation_reason"],
        )


class NotifyForm(PastFieldsForm, forms.Form):
    made_at = forms.DateTimeField(label=_("Notified (date and time)"), widget=LocalDateTimeInput())
    complete = forms.BooleanField(
        label=_("The notification is complete"),
        required=False,
        help_text=_("Leave unticked for a preliminary notification that will be supplemented."),
    )
    imy_case_number = forms.CharField(label=_("IMY's case number"), max_length=50, required=False)
    content = forms.CharField(
        label=_("What was notified, in short"), max_length=4000, required=False, widget=TEXT
    )
    delay_reason = forms.CharField(
        label=_("Reasons for the delay"),
        max_length=4000,
        required=False,
        widget=TEXT,
        help_text=_("Required when IMY is notified more than 72 hours after discovery."),
    )

    past_fields = ("made_at",)


class SupplementForm(PastFieldsForm, forms.Form):
    made_at = forms.DateTimeField(
        label=_("Supplement sent (date and time)"), widget=LocalDateTimeInput()
    )
    complete = forms.BooleanField(label=_("The notification is now complete"), required=False)
    content = forms.CharField(label=_("What the supplement added"), max_length=4000, widget=TEXT)

    past_fields = ("made_at",)


class InformForm(PastFieldsForm, forms.Form):
    informed_at = forms.DateTimeField(
        label=_("Informed (date and time)"), widget=LocalDateTimeInput()
    )
    how = forms.CharField(
        label=_("How"),
        max_length=200,
        help_text=_("For example letter, e-mail, telephone, or a notice on the website."),
    )
    count = forms.IntegerField(
        label=_("How many people were informed?"), min_value=0, max_value=MAX_COUNT
    )

    past_fields = ("informed_at",)


class DecideForm(PastFieldsForm, forms.Form):
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note to the decision (optional)"), max_length=4000, required=False, widget=TEXT
    )

    past_fields = ("decided_on",)


class ImyAnswerForm(PastFieldsForm, forms.Form):
    answered_on = forms.DateField(label=_("Date of IMY's decision"), widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("IMY's decision"), choices=ImyOutcome.choices, widget=forms.RadioSelect
    )
    imy_case_number = forms.CharField(label=_("IMY's case number"), max_length=50, required=False)
    note = forms.CharField(label=_("Note"), max_length=4000, required=False, widget=TEXT)

    past_fields = ("answered_on",)


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Closing note"),
        max_length=4000,
        required=False,
        widget=TEXT,
        help_text=_("Required if measures are still open: say why the case is closed anyway."),
    )


class NotIncidentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this is not a personal data incident"), max_length=4000, widget=TEXT
    )


# Protection (OSL) ---------------------------------------------------------------------------


class ProtectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Kind of protected information"),
        choices=ProtectionReason.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Only the case officer, the data protection officer and the people you name will "
            "see the case. The committee report and the incident log show only its diary "
            "number."
        ),
    )


class UnprotectForm(forms.Form):
    note = forms.CharField(
        label=_("Why the protection is lifted"),
        max_length=4000,
        widget=TEXT,
        help_text=_(
            "The named readers are removed, and the unit's case readers see the case again."
        ),
    )


class ReaderForm(forms.Form):
    reader = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_("People with a role in the case's controller."),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reader"].queryset = people  # type: ignore[attr-defined]
