"""Forms of the decisions: IMY and the people affected, the notification and its
supplements, informing, the internal decision, IMY's answer, and closing."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.forms.fields import (
    MAX_COUNT,
    TEXT,
    LocalDateField,
    LocalDateTimeField,
    radio,
)
from breachdesk.incidents.models import Art34Exception, ImyOutcome
from breachdesk.incidents.services import ImyDecisionFacts
from breachdesk.incidents.workflow import ImyDecision, SubjectsDecision


class ImyDecisionForm(forms.Form):
    # Each follow-up question shows under the answer that needs it (breachdesk.lib.govuk).
    reveal = {
        "imy_decision": {ImyDecision.NOT_NOTIFY: ("imy_decision_reason",)},
        "subjects_decision": {
            SubjectsDecision.INFORM: ("subjects_inform_planned_on",),
            SubjectsDecision.NOT_REQUIRED: ("subjects_reason",),
            SubjectsDecision.EXCEPTION: ("subjects_exception", "subjects_exception_reason"),
        },
    }

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
    # The same reason, asked under the exception: a field shows under one answer only.
    subjects_exception_reason = forms.CharField(
        label=_("Why the exception applies"), max_length=4000, required=False, widget=TEXT
    )
    subjects_inform_planned_on = LocalDateField(
        label=_("When will they be informed?"), required=False
    )
    deviation_reason = forms.CharField(
        label=_("Why you decide otherwise than recommended"),
        max_length=4000,
        required=False,
        widget=TEXT,
        help_text=_("Required when your decision differs from the recommendation."),
    )

    def clean(self) -> dict[str, Any]:
        """What the decisions need written, each on its field (the service checks the same,
        and what needs the case: the assessment, and a decision against its recommendation)."""
        data = super().clean() or {}
        decision = data.get("imy_decision")
        if decision in (None, ImyDecision.INVESTIGATING):
            return data
        if decision == ImyDecision.NOT_NOTIFY and not data.get("imy_decision_reason", "").strip():
            self.add_error(
                "imy_decision_reason",
                _("Write the assessment that explains why IMY is not notified."),
            )
        subjects = data.get("subjects_decision", "")
        if subjects == SubjectsDecision.EXCEPTION:
            data["subjects_reason"] = data.get("subjects_exception_reason", "")
        reason = data.get("subjects_reason", "").strip()
        if subjects not in SubjectsDecision.values:
            self.add_error(
                "subjects_decision", _("Decide whether the people affected must be informed.")
            )
        elif subjects == SubjectsDecision.EXCEPTION:
            if not data.get("subjects_exception"):
                self.add_error(
                    "subjects_exception", _("Say which exception of art. 34(3) applies, and why.")
                )
            if not reason:
                self.add_error(
                    "subjects_exception_reason",
                    _("Say which exception of art. 34(3) applies, and why."),
                )
        elif subjects == SubjectsDecision.NOT_REQUIRED and not reason:
            self.add_error(
                "subjects_reason", _("Write why the people affected do not need to be informed.")
            )
        return data

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


class NotifyForm(forms.Form):
    made_at = LocalDateTimeField(label=_("Notified (date and time)"), past=True)
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


class SupplementForm(forms.Form):
    made_at = LocalDateTimeField(label=_("Supplement sent (date and time)"), past=True)
    complete = forms.BooleanField(label=_("The notification is now complete"), required=False)
    content = forms.CharField(label=_("What the supplement added"), max_length=4000, widget=TEXT)
    imy_case_number = forms.CharField(
        label=_("IMY's case number"),
        max_length=50,
        required=False,
        help_text=_("Add it, or correct it, if IMY has given it since the notification."),
    )


class InformForm(forms.Form):
    informed_at = LocalDateTimeField(label=_("Informed (date and time)"), past=True)
    how = forms.CharField(
        label=_("How"),
        max_length=200,
        help_text=_("For example letter, e-mail, telephone, or a notice on the website."),
    )
    count = forms.IntegerField(
        label=_("How many people were informed?"), min_value=0, max_value=MAX_COUNT
    )


class DecideForm(forms.Form):
    decided_on = LocalDateField(label=_("Decision date"), past=True)
    note = forms.CharField(
        label=_("Note to the decision (optional)"), max_length=4000, required=False, widget=TEXT
    )


class ImyAnswerForm(forms.Form):
    answered_on = LocalDateField(label=_("Date of IMY's decision"), past=True)
    outcome = forms.ChoiceField(
        label=_("IMY's decision"), choices=ImyOutcome.choices, widget=forms.RadioSelect
    )
    imy_case_number = forms.CharField(label=_("IMY's case number"), max_length=50, required=False)
    note = forms.CharField(label=_("Note"), max_length=4000, required=False, widget=TEXT)


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
