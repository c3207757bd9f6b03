"""Forms of the decisions: IMY and the people affected, the notification and its
supplements, informing, the internal decision, IMY's answer, and closing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.forms.fields import (
    MAX_COUNT,
    TEXT,
    DateInput,
    LocalDateTimeInput,
    PastFieldsForm,
    radio,
)
from breachdesk.incidents.models import Art34Exception, ImyOutcome
from breachdesk.incidents.services import ImyDecisionFacts
from breachdesk.incidents.workflow import ImyDecision, SubjectsDecision


class ImyDecisionForm(forms.Form):
    imy_decision = radio(ImyDecision.choices, _("Notify IMY?"))
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
