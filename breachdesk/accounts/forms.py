"""Forms of the login steps and of the person's own settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from breachdesk.accounts.models import Language


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app (spaces typed between the digits are fine)."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not (code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("Type the six digits the app shows."))
        return code


class EmailLanguageForm(forms.Form):
    """The language of the person's e-mails: empty for the same as the interface."""

    email_language = forms.ChoiceField(
        label=_("Language of e-mails"),
        choices=[("", _("Same as the interface")), *Language.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    def clean_email_language(self) -> Language | None:
        value = self.cleaned_data["email_language"]
        return Language(value) if value else None
