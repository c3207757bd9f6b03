"""The registrar's form: diary series, unit, case officer, and protection (OSL)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.incidents.forms.fields import PersonChoiceField, UnitChoiceField
from breachdesk.incidents.models import ProtectionReason
from breachdesk.orgs.diary import series_shown
from breachdesk.orgs.models import DiarySeries, Unit


class SeriesChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A diary series by its name and an example of its numbers, not its number format."""

    def label_from_instance(self, obj: Any) -> str:
        return series_shown(obj.name, obj.number_format, on=timezone.localdate())


class RegisterForm(forms.Form):
    reveal = {"protected": {"on": ("protected_reason",)}}
    series = SeriesChoiceField(label=_("Diary series"), queryset=DiarySeries.objects.none())
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
