"""Forms of protection (OSL): marking a case, lifting the marking, naming a reader."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import User
from breachdesk.incidents.forms.fields import TEXT, PersonChoiceField
from breachdesk.incidents.models import ProtectionReason


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
