"""Forms of the document pages: what the producer chooses and writes for one version."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import Language
from breachdesk.documents.models import DocumentKind
from breachdesk.incidents.forms.fields import LocalDateField
from breachdesk.orgs.models import Committee, Controller, Meeting, Unit

TEXT = forms.Textarea(attrs={"rows": 5})


class ProduceForm(forms.Form):
    """The choices every document has: its language, and the built-in template or the
    controller's own; `confirmed` once the privacy guard's findings have been read."""

    language = forms.ChoiceField(
        label=_("Language of the document"), choices=Language.choices, initial=Language.SWEDISH
    )
    builtin = forms.BooleanField(
        label=_("Use Breachdesk's built-in template instead of our own"), required=False
    )
    confirmed = forms.BooleanField(
        label=_("I have read the findings and checked the texts: produce the document anyway"),
        required=False,
    )

    def __init__(self, *args: Any, has_own_template: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_own_template:
            del self.fields["builtin"]

    def inputs(self) -> dict[str, Any]:
        """What this version was produced from, beyond the case's facts."""
        skip = {"language", "builtin", "confirmed"}
        return {
            name: value.strip() if isinstance(value, str) else value
            for name, value in self.cleaned_data.items()
            if name not in skip
        }


class NotificationForm(ProduceForm):
    complete = forms.TypedChoiceField(
        label=_("The notification is"),
        choices=[
            ("false", _("preliminary: more will follow in a supplement")),
            ("true", _("complete")),
        ],
        coerce=lambda value: value == "true",
        initial="false",
        widget=forms.RadioSelect,
    )
    delay_reason = forms.CharField(
        label=_("Reasons for the delay"),
        help_text=_("Needed when IMY is notified later than 72 hours from discovery."),
        required=False,
        max_length=4000,
        widget=TEXT,
    )
    other = forms.CharField(
        label=_("Other information"),
        help_text=_("For example what you consider should be kept secret (OSL)."),
        required=False,
        max_length=4000,
        widget=TEXT,
    )

    def __init__(self, *args: Any, late: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late = late
        if not late:
            del self.fields["delay_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.late and not str(data.get("delay_reason", "")).strip():
            self.add_error(
                "delay_reason",
                _("The 72 hours have passed: give the reasons for the delay (GDPR art. 33(1))."),
            )
        return data


class SupplementForm(ProduceForm):
    content = forms.CharField(
        label=_("What this supplement adds"),
        help_text=_("Optional: the facts that changed since the previous submission are included."),
        required=False,
        max_length=4000,
        widget=TEXT,
    )
    complete = forms.TypedChoiceField(
        label=_("With this supplement the notification is"),
        choices=[("false", _("still preliminary")), ("true", _("complete"))],
        coerce=lambda value: value == "true",
        initial="true",
        widget=forms.RadioSelect,
    )


class LetterForm(ProduceForm):
    what_happened = forms.CharField(label=_("What happened, and why"), max_length=4000, widget=TEXT)
    consequences = forms.CharField(label=_("What it may lead to"), max_length=4000, widget=TEXT)
    measures = forms.CharField(
        label=_("What we have done and will do"),
        help_text=_("Also what is done to mitigate the consequences."),
        max_length=4000,
        widget=TEXT,
    )
    advice = forms.CharField(label=_("What you can do yourself"), max_length=4000, widget=TEXT)


CASE_FORMS: dict[str, type[ProduceForm]] = {
    DocumentKind.IMY_NOTIFICATION: NotificationForm,
    DocumentKind.IMY_SUPPLEMENT: SupplementForm,
    DocumentKind.SUBJECTS_LETTER: LetterForm,
    DocumentKind.DECISION: ProduceForm,
}


class MeetingChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.committee.name}: {obj.held_on.isoformat()}"


class CommitteeReportForm(ProduceForm):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    meetings = MeetingChoice(
        label=_("New incidents since the meetings of"),
        queryset=Meeting.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each chosen meeting gives a section with the cases registered from its "
            "date until the next meeting."
        ),
    )

    def __init__(self, *args: Any, committees: QuerySet[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["committee"]).queryset = committees  # type: ignore[type-arg]
        cast(forms.ModelChoiceField, self.fields["meetings"]).queryset = (  # type: ignore[type-arg]
            Meeting.objects.filter(committee__in=committees)
            .select_related("committee")
            .order_by("committee__name", "held_on")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        committee, meetings = data.get("committee"), data.get("meetings")
        if (
            committee is not None
            and meetings is not None
            and any(meeting.committee_id != committee.pk for meeting in meetings)
        ):
            self.add_error("meetings", _("Choose meetings of the chosen committee."))
        return data


class IncidentLogForm(ProduceForm):
    controller = forms.ModelChoiceField(label=_("Controller"), queryset=Controller.objects.none())
    start = LocalDateField(label=_("Reported from"), required=False)
    end = LocalDateField(label=_("Reported until"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit (with its sub-units)"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, controllers: QuerySet[Controller], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["controller"]).queryset = controllers  # type: ignore[type-arg]
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (  # type: ignore[type-arg]
            Unit.objects.filter(controller__in=controllers).select_related("controller")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day cannot be before the first day."))
        unit, controller = data.get("unit"), data.get("controller")
        if unit is not None and controller is not None and unit.controller_id != controller.pk:
            self.add_error("unit", _("Choose a unit of the chosen controller."))
        return data


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    file = forms.FileField(label=_("Word template (DOCX)"))
