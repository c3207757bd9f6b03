"""Forms of the investigation: its facts, the contacts taken, the measures."""

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.forms.fields import (
    TEXT,
    LocalDateField,
    LocalDateTimeField,
    PersonChoiceField,
)
from breachdesk.incidents.models import Contact, Investigation
from breachdesk.incidents.services import InvestigationFacts


class NullBooleanRadios(forms.RadioSelect):
    """Yes, no or not known yet as radios, checked as Django's NullBooleanSelect would be."""

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        shown = {True: "true", False: "false", "true": "true", "false": "false"}
        return [shown.get(value, "unknown")] if value is not None else ["unknown"]


class InvestigationForm(forms.ModelForm):  # type: ignore[type-arg]
    # breachdesk.lib.govuk: follow-up fields under the answer that needs them.
    reveal = {
        "has_ended": {"true": ("ended_at",)},
        "dpo_consulted": {"on": ("dpo_consulted_on", "dpo_advice")},
    }

    ended_at = LocalDateTimeField(
        label=capfirst(Investigation._meta.get_field("ended_at").verbose_name),
        required=False,
        past=True,
    )
    dpo_consulted_on = LocalDateField(
        label=capfirst(Investigation._meta.get_field("dpo_consulted_on").verbose_name),
        required=False,
        past=True,
    )
    has_ended = forms.NullBooleanField(
        label=_("Has the incident ended?"),
        required=False,
        widget=NullBooleanRadios(
            choices=[("true", _("yes")), ("false", _("no")), ("unknown", _("not known yet"))]
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


class ContactForm(forms.ModelForm):  # type: ignore[type-arg]
    contacted_on = LocalDateField(
        label=capfirst(Contact._meta.get_field("contacted_on").verbose_name), past=True
    )

    class Meta:
        model = Contact
        fields = ["party", "name", "contacted_on", "outcome"]
        widgets = {"outcome": TEXT}


class MeasureForm(forms.Form):
    description = forms.CharField(label=_("Measure"), max_length=2000, widget=TEXT)
    responsible = PersonChoiceField(
        label=_("Responsible"),
        queryset=None,
        required=False,
        empty_label=_("The unit's responsible manager (automatic)"),
    )
    due_on = LocalDateField(label=_("Due"), required=False)
    done_on = LocalDateField(
        label=_("Done"),
        required=False,
        past=True,
        help_text=_("Leave empty while the measure is planned."),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]
