"""The select boxes Breachdesk writes in Python are Django's, to the letter."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from breachdesk.lib.forms import Renderer


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Alla"), ("a", "Ärende <a>"), ("b", 'Citat "b"')])
    grouped = forms.ChoiceField(
        choices=[("Socialnämnden", [("1", "IFO"), ("2", "Äldre & omsorg")]), ("3", "Ensam")]
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")])
    attributes = forms.ChoiceField(
        choices=[(1, "Ett"), (2, "Två")],
        widget=forms.Select(attrs={"class": "wide", "data-x": "<&>", "autofocus": True}),
        disabled=True,
    )
    empty = forms.ChoiceField(choices=[], required=False)
    radios = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": "a", "grouped": "2", "several": ["x", "z"], "attributes": "2"},
        {"plain": "nonsense", "grouped": "<script>", "several": ["q"]},
    ],
)
def test_every_select_box_renders_as_django_renders_it(data: dict[str, object]) -> None:
    ours = Everything(data or None, renderer=Renderer())
    django = Everything(data or None, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        # The widget to the letter; the field group around it is the design system's
        # (tests/test_govuk_fields.py).
        assert str(ours[name]) == str(django[name]), name
